//! Positions for rendering without the whole text: what a renderer asks of a file ([`Located`])
//! and an [`Excerpt`] that answers it from only the lines findings touch, so that a file linted
//! block by block is never held in memory whole.

use std::ops::Range;
use std::sync::OnceLock;

use super::{count_chars, CharIndex, Document, LONG_LINE};

/// What a renderer needs to place findings in a file's text.
pub trait Located {
    /// The 1-based line and 1-based column (in Unicode scalar values) of byte offset `at`
    /// (as [`Document::line_col`]).
    fn line_col(&self, at: usize) -> (usize, usize);

    /// The byte range of 1-based line `line`, without its terminator: the `\n` and a `\r`
    /// before it are left out (as [`Document::line_range`]).
    fn line_range(&self, line: usize) -> Range<usize>;

    /// The file's text as it is (as [`Document::original`]) in byte range `range`.
    fn slice(&self, range: Range<usize>) -> &str;
}

impl Located for Document<'_> {
    fn line_col(&self, at: usize) -> (usize, usize) {
        Document::line_col(self, at)
    }

    fn line_range(&self, line: usize) -> Range<usize> {
        Document::line_range(self, line)
    }

    fn slice(&self, range: Range<usize>) -> &str {
        &self.original[range]
    }
}

/// The lines of a file's text that findings touch, with their absolute byte offsets and line
/// numbers, built one block of the text at a time ([`Excerpt::add_block`], [`Excerpt::append`]).
///
/// As a [`Located`] it answers as a [`Document`] of the whole file would for every offset from
/// the start to the end of a finding, every line a finding touches and every slice of those
/// lines. Other queries are clamped rather than answered (see each method); they never panic.
///
/// A finding that ends just after the last line break of a block (or is empty there) touches
/// the next line, whose text is in the next block: the excerpt knows its start (so line and
/// column are exact) but stores its text only if the next block adds it — see
/// [`Excerpt::open_line`]. At the end of the file that line is empty and nothing is missing.
#[derive(Debug, Default, Clone)]
pub struct Excerpt {
    /// Disjoint, in text order, none adjacent to the next (adjacent pieces are merged).
    pieces: Vec<Piece>,
}

/// A run of whole lines of the file.
#[derive(Debug, Clone)]
struct Piece {
    /// Absolute byte offset of the first line's start.
    start: usize,
    /// Absolute 1-based number of the first line.
    first_line: usize,
    /// The lines, each with its terminator (the last one lacks it only at the end of the file).
    text: String,
    /// Offsets in `text` of its lines' starts: 0 and just after each `\n` — so `text.len()`
    /// when `text` ends with a line break (the next line, of which only the start is stored).
    line_starts: Vec<usize>,
    /// Whether a finding reaches the line starting at `text.len()`, whose text is not stored.
    open: bool,
    /// Character counts for columns on long lines, built on first need.
    chars: OnceLock<CharIndex>,
}

impl Excerpt {
    /// Add the lines that findings touch in one block of the file.
    ///
    /// `block` is the file's text from absolute byte offset `start`, which is the start of
    /// absolute 1-based line `first_line` (blocks are cut just after a `\n`). `ranges` are the
    /// findings' byte ranges relative to `block` (in any order; an end past the block is taken
    /// as the block's end). Each range's lines, from the one holding its start to the one
    /// holding its end, are stored whole, once each however many findings touch them.
    pub fn add_block(
        &mut self,
        block: &str,
        start: usize,
        first_line: usize,
        ranges: impl IntoIterator<Item = Range<usize>>,
    ) {
        let bytes = block.as_bytes();
        let len = bytes.len();
        let mut ranges: Vec<Range<usize>> = ranges
            .into_iter()
            .map(|r| {
                let s = r.start.min(len);
                s..r.end.clamp(s, len)
            })
            .collect();
        // Usually in order already; a stable sort of sorted ranges is one pass.
        ranges.sort_by_key(|r| r.start);
        // The end of the line holding `at`, just after its `\n` (or the block's end).
        let line_end = |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(len, |p| at + p + 1);
        // Ranges become runs of whole lines `span` (from a line's start to just after a `\n`, or
        // to the block's end), merged as they come: a byte is looked at a bounded number of
        // times however many findings share a (long) line. `open`: a range reaches the line
        // starting at the block's end.
        let mut spans: Vec<(Range<usize>, bool)> = Vec::new();
        for r in ranges {
            let open = r.end == len && (len == 0 || bytes[len - 1] == b'\n');
            match spans.last_mut() {
                // Starts on a line of the last span (or on the line just after it).
                Some((span, o)) if r.start <= span.end => {
                    if r.end >= span.end {
                        span.end = line_end(r.end);
                    }
                    *o |= open;
                }
                last => {
                    let from = last.map_or(0, |(span, _)| span.end);
                    let ls = memchr::memrchr(b'\n', &bytes[from..r.start])
                        .map_or(from, |p| from + p + 1);
                    spans.push((ls..line_end(r.end), open));
                }
            }
        }
        // Lines are counted from the block's start once, piece after piece.
        let (mut counted, mut line) = (0, first_line);
        for (span, open) in spans {
            line += memchr::memchr_iter(b'\n', &bytes[counted..span.start]).count();
            counted = span.start;
            // A span's ends follow a `\n` or are the block's ends: character boundaries.
            let text = block.get(span.clone()).unwrap_or_default().to_string();
            self.insert(Piece::new(start + span.start, line, text, open));
        }
    }

    /// Add the excerpt of a later part of the file (blocks come in file order: `other`'s lines
    /// follow this one's, and a piece that continues this one's last is merged with it).
    pub fn append(&mut self, other: Excerpt) {
        for piece in other.pieces {
            self.insert(piece);
        }
    }

    /// The absolute offset of the line a finding reaches just after the end of the stored
    /// text, when its text is not stored (the finding ends just after its block's last line
    /// break): the next block should add `0..0` to its ranges (or its excerpt hold that line)
    /// for its text to be stored. `None` when the stored text ends with a whole line or there
    /// is none. At the end of the file there is no next block and the line is empty: nothing is
    /// missing.
    pub fn open_line(&self) -> Option<usize> {
        self.pieces.last().filter(|p| p.open).map(Piece::end)
    }

    /// Add `piece`, merging it with the pieces it overlaps or touches.
    fn insert(&mut self, piece: Piece) {
        let i = self.pieces.partition_point(|p| p.start <= piece.start);
        let at = match i.checked_sub(1) {
            Some(before) if piece.start <= self.pieces[before].end() => {
                self.pieces[before].merge(piece);
                before
            }
            _ => {
                self.pieces.insert(i, piece);
                i
            }
        };
        // Only when pieces come out of order can the grown piece reach the ones after it.
        while at + 1 < self.pieces.len() && self.pieces[at + 1].start <= self.pieces[at].end() {
            let next = self.pieces.remove(at + 1);
            self.pieces[at].merge(next);
        }
    }

    /// The piece holding byte offset `at` (the last one starting at or before it), or `None`
    /// when `at` is before every piece.
    fn piece_at(&self, at: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.start <= at);
        i.checked_sub(1).map(|i| &self.pieces[i])
    }
}

impl Located for Excerpt {
    /// Exact for offsets within stored lines and at the start of the line after them. An
    /// offset past a piece of stored lines is taken as that piece's end, and one before every
    /// piece as the first piece's start; with nothing stored the answer is `(1, 1)`.
    fn line_col(&self, at: usize) -> (usize, usize) {
        match self.piece_at(at) {
            Some(p) => p.line_col((at - p.start).min(p.text.len())),
            None => self.pieces.first().map_or((1, 1), |p| (p.first_line, 1)),
        }
    }

    /// Exact for stored lines. The line after a piece, of which only the start may be stored,
    /// gives the empty range at its start; a line that is not stored gives an empty range at
    /// the end of the stored text before it, or at the start of the first piece when none is
    /// (`0..0` when nothing is stored).
    fn line_range(&self, line: usize) -> Range<usize> {
        let i = self.pieces.partition_point(|p| p.first_line <= line);
        let Some(p) = i.checked_sub(1).map(|i| &self.pieces[i]) else {
            let start = self.pieces.first().map_or(0, |p| p.start);
            return start..start;
        };
        match p.line_range(line - p.first_line) {
            Some(r) => p.start + r.start..p.start + r.end,
            None => p.end()..p.end(),
        }
    }

    /// Exact for ranges within stored text. Otherwise the range is cut to the piece holding its
    /// start (empty before every piece) and its ends moved back to character boundaries.
    fn slice(&self, range: Range<usize>) -> &str {
        let Some(p) = self.piece_at(range.start) else {
            return "";
        };
        let len = p.text.len();
        let s = floor_char_boundary(&p.text, (range.start - p.start).min(len));
        let e = floor_char_boundary(&p.text, range.end.saturating_sub(p.start).min(len)).max(s);
        p.text.get(s..e).unwrap_or_default()
    }
}

impl Piece {
    fn new(start: usize, first_line: usize, text: String, open: bool) -> Piece {
        let line_starts = super::line_starts(&text);
        Piece {
            start,
            first_line,
            text,
            line_starts,
            open,
            chars: OnceLock::new(),
        }
    }

    /// Absolute offset just past the stored text.
    fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Add the lines of `other`, which starts within this piece or at its end.
    fn merge(&mut self, other: Piece) {
        let (end, other_end) = (self.end(), other.end());
        let shift = other.start - self.start;
        match other_end.cmp(&end) {
            std::cmp::Ordering::Greater => {
                if let Some(rest) = other.text.get(end - other.start..) {
                    self.text.push_str(rest);
                    self.chars = OnceLock::new();
                }
                self.open = other.open;
            }
            std::cmp::Ordering::Equal => self.open |= other.open,
            std::cmp::Ordering::Less => {}
        }
        let (last, len) = (
            self.line_starts.last().copied().unwrap_or(0),
            self.text.len(),
        );
        self.line_starts.extend(
            other
                .line_starts
                .iter()
                .map(|&s| s + shift)
                .filter(|&s| s > last && s <= len),
        );
    }

    /// The absolute line and column of offset `rel` (at most `text.len()`) of the text.
    fn line_col(&self, rel: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= rel).max(1) - 1;
        let start = self.line_starts.get(line).copied().unwrap_or(0).min(rel);
        let bytes = self.text.as_bytes();
        let col = if rel - start <= LONG_LINE {
            count_chars(&bytes[start..rel])
        } else {
            // A long line: counting from its start for every finding would be quadratic.
            let index = self.chars.get_or_init(|| CharIndex::new(bytes));
            index.before(bytes, rel) - index.before(bytes, start)
        };
        (self.first_line + line, col + 1)
    }

    /// The range in the text of its `index`-th line (from 0) without its terminator, as
    /// [`Document::line_range`]; `None` past the last stored line start.
    fn line_range(&self, index: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(index)?;
        let mut end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Some(start..end)
    }
}

/// The largest character boundary of `s` at or before `at` (at most `s.len()`).
fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines holding offsets `start..=end` of `doc`'s text.
    fn lines_of(doc: &Document, range: &Range<usize>) -> Range<usize> {
        doc.line_of(range.start)..doc.line_of(range.end) + 1
    }

    /// Every answer the excerpt must give for `range` (absolute) equals the document's.
    fn assert_same(doc: &Document, ex: &Excerpt, range: &Range<usize>) {
        let d: &dyn Located = doc;
        for at in [range.start, range.end] {
            assert_eq!(
                ex.line_col(at),
                d.line_col(at),
                "line_col({at}) of {range:?}"
            );
        }
        assert_eq!(ex.slice(range.clone()), d.slice(range.clone()), "{range:?}");
        for line in lines_of(doc, range) {
            let lr = d.line_range(line);
            assert_eq!(ex.line_range(line), lr, "line {line} of {range:?}");
            assert_eq!(
                ex.slice(lr.clone()),
                d.slice(lr),
                "line {line} of {range:?}"
            );
        }
    }

    /// `text` cut at `cuts` (line starts), each block with its absolute start and first line.
    fn blocks<'t>(text: &'t str, cuts: &[usize]) -> Vec<(&'t str, usize, usize)> {
        let mut out = Vec::new();
        let (mut start, mut line) = (0, 1);
        for &end in cuts.iter().chain([&text.len()]) {
            let block = &text[start..end];
            out.push((block, start, line));
            line += block.matches('\n').count();
            start = end;
        }
        out
    }

    #[test]
    fn answers_as_the_document_for_covered_lines() {
        let text = "ab\r\nZoë kyiv\nx\n\nlast é line\r\n";
        let doc = Document::new(text, "en");
        let k = text.find("kyiv").unwrap();
        let e = text.find("é").unwrap();
        let ranges = [k..k + 4, e..e + 2, text.len()..text.len()];
        let mut ex = Excerpt::default();
        ex.add_block(text, 0, 1, ranges.clone());
        for r in &ranges {
            assert_same(&doc, &ex, r);
        }
        // Only the touched lines are stored.
        assert!(ex.pieces.iter().all(|p| !p.text.contains("ab")));
        assert!(!ex.pieces.iter().any(|p| p.text.contains('x')));
    }

    #[test]
    fn blocks_merge_into_one_copy_of_each_line() {
        let text = "one\ntwo kyiv\nthree\nfour\n";
        let doc = Document::new(text, "en");
        let two = text.find("two").unwrap();
        let three = text.find("three").unwrap();
        let (a, b) = text.split_at(three);
        // A finding in `two` reaching the line break before `three`: the first block's end.
        let mut first = Excerpt::default();
        first.add_block(a, 0, 1, [two..a.len(), 4..7]);
        assert_eq!(first.open_line(), Some(three));
        let mut second = Excerpt::default();
        second.add_block(b, three, 3, [0..0, 0..5]);
        first.append(second);
        assert_eq!(first.pieces.len(), 1);
        assert_eq!(first.pieces[0].text, "two kyiv\nthree\n");
        assert_same(&doc, &first, &(two..three));
        assert_same(&doc, &first, &(three..three + 5));
    }

    #[test]
    fn a_finding_at_the_end_of_a_block_of_one_empty_line_opens_the_next() {
        let text = "a\n\nb c\nd";
        let doc = Document::new(text, "en");
        let mut ex = Excerpt::default();
        // The block `\n` (line 2), a finding empty at its end: line 3 starts there.
        ex.add_block("\n", 2, 2, Some(1..1));
        assert_eq!(ex.open_line(), Some(3));
        let mut next = Excerpt::default();
        next.add_block("b c\nd", 3, 3, [0..0, 2..3]);
        ex.append(next);
        assert_eq!(ex.open_line(), None);
        assert_same(&doc, &ex, &(3..3));
        assert_same(&doc, &ex, &(5..6));
    }

    #[test]
    fn pieces_added_out_of_order_are_merged() {
        let text = "l1\nl2\nl3\nl4\nl5\n";
        let doc = Document::new(text, "en");
        let ranges = [12..13, 0..1, 6..7, 3..4, 9..10];
        let mut ex = Excerpt::default();
        for r in ranges.clone() {
            let mut one = Excerpt::default();
            one.add_block(text, 0, 1, [r]);
            ex.append(one);
        }
        assert_eq!(ex.pieces.len(), 1);
        assert_eq!(ex.pieces[0].text, "l1\nl2\nl3\nl4\nl5\n");
        assert_eq!(ex.pieces[0].line_starts, [0, 3, 6, 9, 12, 15]);
        for r in &ranges {
            assert_same(&doc, &ex, r);
        }
    }

    #[test]
    fn queries_outside_stored_lines_are_clamped() {
        let text = "a\nbé\nc\nd\n";
        let mut ex = Excerpt::default();
        assert_eq!(ex.line_col(3), (1, 1));
        assert_eq!(ex.line_range(2), 0..0);
        assert_eq!(ex.slice(0..3), "");
        ex.add_block(text, 0, 1, Some(2..3));
        assert_eq!(ex.line_col(0), (2, 1));
        assert_eq!(ex.line_col(100), (3, 1));
        assert_eq!(ex.line_range(1), 2..2);
        assert_eq!(ex.line_range(9), 6..6);
        assert_eq!(ex.slice(0..3), "");
        assert_eq!(ex.slice(2..100), "bé\n");
        assert_eq!(ex.slice(3..5), "é");
        // Inside `é`: moved back to its start.
        assert_eq!(ex.slice(2..4), "b");
        assert_eq!(ex.slice(4..6), "é\n");
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 4..2;
        assert_eq!(ex.slice(backwards), "");
    }

    #[test]
    fn columns_on_long_lines_come_from_the_index() {
        let line = "é".repeat(3000) + "kyiv " + &"ж".repeat(5000) + "end";
        let t = format!("first\n{line}\nlast");
        let doc = Document::new(&t, "en");
        let ranges: Vec<Range<usize>> = ["kyiv", "end", "last"]
            .iter()
            .map(|n| {
                let at = t.find(n).unwrap();
                at..at + n.len()
            })
            .collect();
        let mut ex = Excerpt::default();
        ex.add_block(&t, 0, 1, ranges.clone());
        for r in &ranges {
            assert_same(&doc, &ex, r);
        }
    }

    #[test]
    fn many_findings_on_a_long_line() {
        let line = "ж kyiv é ".repeat(40_000);
        let t = format!("a\n{line}\nb\n");
        let doc = Document::new(&t, "en");
        let ranges: Vec<Range<usize>> = t.match_indices("kyiv").map(|(i, _)| i..i + 4).collect();
        let mut ex = Excerpt::default();
        ex.add_block(&t, 0, 1, ranges.iter().cloned());
        assert_eq!(ex.pieces.len(), 1);
        assert_eq!(ex.pieces[0].text.len(), line.len() + 1);
        for r in ranges.iter().step_by(97).chain(ranges.last()) {
            assert_same(&doc, &ex, r);
        }
    }

    /// Positions in `text` that are character boundaries, `text.len()` included.
    fn boundaries(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect()
    }

    /// A fragment long enough for lines past [`LONG_LINE`].
    static LONG: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| "é".repeat(1500));

    proptest::proptest! {
        #[test]
        fn an_excerpt_built_by_blocks_answers_as_the_whole_document(
            text in crate::scan::texts_of(
                &[
                    "a", "kyiv ", "Zoë", "ж", "𐐀", " ", "\n", "\n", "\r\n", "\r", "\n\n",
                    "\r\n\r\n", "\t", LONG.as_str(),
                ],
                40,
            ),
            cut_picks in proptest::collection::vec(0usize..10_000, 0..6),
            range_picks in proptest::collection::vec(
                (0usize..10_000, 0usize..10_000, 0usize..10_000),
                0..12,
            ),
            protocol in proptest::bool::ANY,
        ) {
            let doc = Document::new(&text, "en");
            let line_starts: Vec<usize> = (1..=doc.line_count())
                .map(|l| doc.line_range(l).start)
                .filter(|&s| s > 0 && s < text.len())
                .collect();
            let mut cuts: Vec<usize> = if line_starts.is_empty() {
                Vec::new()
            } else {
                cut_picks.iter().map(|&p| line_starts[p % line_starts.len()]).collect()
            };
            cuts.sort_unstable();
            cuts.dedup();
            let blocks = blocks(&text, &cuts);
            // Each pick chooses a block, then two character boundaries in it.
            let mut per_block: Vec<Vec<Range<usize>>> = vec![Vec::new(); blocks.len()];
            for &(k, a, b) in &range_picks {
                let k = k % blocks.len();
                let bounds = boundaries(blocks[k].0);
                let (x, y) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
                per_block[k].push(x.min(y)..x.max(y));
            }
            for ranges in &mut per_block {
                ranges.sort_by_key(|r| r.start);
            }
            // Built block by block into one excerpt, and as one excerpt per block appended.
            let (mut whole, mut appended) = (Excerpt::default(), Excerpt::default());
            let mut open = None;
            for (k, &(block, start, first_line)) in blocks.iter().enumerate() {
                let mut ranges = per_block[k].clone();
                if protocol && open == Some(start) {
                    ranges.insert(0, 0..0);
                }
                whole.add_block(block, start, first_line, ranges.clone());
                let mut one = Excerpt::default();
                one.add_block(block, start, first_line, ranges);
                open = one.open_line();
                appended.append(one);
            }
            // Each range (absolute) with the end of its block.
            let all = blocks.iter().zip(&per_block).flat_map(|(&(block, start, _), rs)| {
                rs.iter().map(move |r| (start + r.start..start + r.end, start + block.len()))
            });
            // Lines that must be stored whole, and those of which the start suffices (the
            // line after a block's end, when its block does not store it).
            let mut needed = std::collections::BTreeSet::new();
            for (r, block_end) in all {
                for ex in [&whole, &appended] {
                    let d: &dyn Located = &doc;
                    for at in [r.start, r.end] {
                        proptest::prop_assert_eq!(ex.line_col(at), d.line_col(at));
                    }
                    proptest::prop_assert_eq!(ex.slice(r.clone()), d.slice(r.clone()));
                    for line in lines_of(&doc, &r) {
                        let lr = d.line_range(line);
                        let cut = lr.start == block_end && block_end < text.len();
                        if cut && !protocol {
                            // Only the start is known.
                            proptest::prop_assert_eq!(ex.line_range(line).start, lr.start);
                            continue;
                        }
                        needed.insert(line);
                        proptest::prop_assert_eq!(ex.line_range(line), lr.clone());
                        proptest::prop_assert_eq!(ex.slice(lr.clone()), d.slice(lr));
                    }
                }
            }
            // Nothing but the lines findings touch is stored, and each line once.
            let stored = |ex: &Excerpt| ex.pieces.iter().map(|p| p.text.len()).sum::<usize>();
            let expected: usize = needed
                .iter()
                .map(|&l| {
                    let r = doc.line_range(l);
                    let next = if l < doc.line_count() {
                        doc.line_range(l + 1).start
                    } else {
                        text.len()
                    };
                    next - r.start
                })
                .sum();
            proptest::prop_assert_eq!(stored(&whole), expected);
            proptest::prop_assert_eq!(stored(&appended), expected);
        }
    }
}
