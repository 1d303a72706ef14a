//! The closed set of rule kinds. Each kind turns a document into [`Candidate`]s; the common
//! rule machinery ([`super::Rule::check`]) applies `unless`, protected spans and the message.

pub mod casing;
pub mod consistency;
pub mod mixed_script;
pub mod mojibake;
pub mod orphan_fragment;
pub mod pattern;
pub mod romanization;
pub mod sentence_start;
pub mod stray_bullet;
pub mod substitution;
pub mod untranslated;

use std::ops::Range;

use crate::document::Document;

/// A span a kind proposes to flag, with its replacements (first = default fix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Byte range of the flagged text.
    pub range: Range<usize>,
    /// Replacements for the range; empty for detection only.
    pub replacements: Vec<String>,
    /// Lower the rule's applicability to unsafe for this one (e.g. several candidates).
    pub lower_to_unsafe: bool,
    /// Extra information for the message's `{detail}` placeholder (e.g. a language name).
    pub detail: String,
}

impl Candidate {
    /// A candidate with the given range and replacements.
    pub fn new(range: Range<usize>, replacements: Vec<String>) -> Candidate {
        Candidate {
            range,
            replacements,
            lower_to_unsafe: false,
            detail: String::new(),
        }
    }
}

/// What a rule looks for and how it repairs it.
#[derive(Debug)]
pub enum Kind {
    /// `substitution`: whole-word (or whole-phrase) wrong → right lists, one automaton pass.
    Substitution(substitution::Substitution),
    /// `casing`: words that must be written exactly as listed; flags their all-lowercase form.
    Casing(casing::Casing),
    /// `regex`: a regular expression with a replacement template.
    Pattern(pattern::Pattern),
    /// `stray-bullet`: a list dash glued to the first word of a line.
    StrayBullet(stray_bullet::StrayBullet),
    /// `romanization`: unknown names showing another language's romanization of Cyrillic.
    Romanization(romanization::Romanization),
    /// `untranslated`: text left in another language than the document's.
    Untranslated(untranslated::Untranslated),
    /// `mixed-script`: words mixing Latin and Cyrillic look-alike letters.
    MixedScript(mixed_script::MixedScript),
    /// `mojibake`: UTF-8 decoded as Windows-1252 (`GenÃ¨ve`).
    Mojibake(mojibake::Mojibake),
    /// `consistency`: one name spelled two ways in one document.
    Consistency(consistency::Consistency),
    /// `sentence-start`: a sentence starting lowercase after another on the same line.
    SentenceStart(sentence_start::SentenceStart),
    /// `unused-suppression`: an inline suppression that silences nothing (found by the rule
    /// set, which sees every rule's findings).
    UnusedSuppression,
    /// `orphan-fragment`: a short lowercase run left after the end of a sentence.
    OrphanFragment(orphan_fragment::OrphanFragment),
}

impl Kind {
    /// Build now what is otherwise built on first use (word-list automata, rule regexes),
    /// reporting what would stop it from being built.
    pub fn build_now(&self) -> Result<(), String> {
        match self {
            Kind::Pattern(k) => k.build_now(),
            _ => self.word_list().map_or(Ok(()), WordMatcher::build_now),
        }
    }

    /// How costly the kind is to run on a document, roughly (0 = costliest): rules are
    /// handed to threads costliest first.
    pub fn cost_rank(&self) -> u8 {
        match self {
            Kind::Untranslated(_) => 0,
            Kind::Romanization(_) => 1,
            Kind::Pattern(_) => 3,
            _ => 4,
        }
    }

    /// The word list of a word-list kind (`substitution`, `casing`, `consistency`).
    pub fn word_list(&self) -> Option<&WordMatcher> {
        match self {
            Kind::Substitution(k) => Some(&k.automaton),
            Kind::Casing(k) => Some(&k.automaton),
            Kind::Consistency(k) => Some(&k.automaton),
            _ => None,
        }
    }

    /// Append the candidates of a word-list kind (`substitution`, `casing`, `consistency`) to
    /// `out`, given its list's whole-word matches in `doc` (as [`WordMatcher::find`] returns
    /// them). Other kinds ignore `hits`.
    pub fn candidates_from_hits(
        &self,
        doc: &Document,
        hits: Vec<(Range<usize>, usize)>,
        out: &mut Vec<Candidate>,
    ) {
        match self {
            Kind::Substitution(k) => k.candidates_from_hits(hits, out),
            Kind::Casing(k) => k.candidates_from_hits(hits, out),
            Kind::Consistency(k) => k.candidates_from_hits(hits, doc.is_block(), out),
            _ => {}
        }
    }

    /// Append this kind's candidates in `doc` to `out`.
    pub fn candidates(&self, doc: &Document, out: &mut Vec<Candidate>) {
        if let Some(list) = self.word_list() {
            return self.candidates_from_hits(doc, list.find(doc.text), out);
        }
        match self {
            Kind::Substitution(_) | Kind::Casing(_) | Kind::Consistency(_) => {}
            Kind::Pattern(k) => k.candidates(doc, out),
            Kind::StrayBullet(k) => k.candidates(doc, out),
            Kind::Romanization(k) => k.candidates(doc, out),
            Kind::Untranslated(k) => k.candidates(doc, out),
            Kind::MixedScript(k) => k.candidates(doc, out),
            Kind::Mojibake(k) => k.candidates(doc, out),
            Kind::SentenceStart(k) => k.candidates(doc, out),
            Kind::UnusedSuppression => {}
            Kind::OrphanFragment(k) => k.candidates(doc, out),
        }
    }
}

/// Whole-word matches of a list of literal patterns: the leftmost-longest match whose ends
/// touch no word character. The common case is one fast leftmost-longest pass (with the
/// automaton's prefilter); only where the longest match at a position fails its word boundary
/// (`Iermakov` for `Iermak`) are the shorter matches at that position looked for, with a second
/// automaton built on first need.
///
/// The automaton is built on first use, so that the word lists of rules a run never applies
/// (other languages' gazetteers) cost no start-up time; [`WordMatcher::build_now`] builds it
/// at once, for rule files whose errors must show when they are loaded.
#[derive(Debug)]
pub struct WordMatcher {
    fast: std::sync::OnceLock<Result<aho_corasick::AhoCorasick, String>>,
    patterns: Vec<Vec<u8>>,
    overlapping: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

fn automaton<P: AsRef<[u8]>>(
    patterns: &[P],
    kind: aho_corasick::MatchKind,
) -> Result<aho_corasick::AhoCorasick, String> {
    // A contiguous NFA builds fast (tens of thousands of entries in milliseconds) and searches
    // fast enough; a full DFA would cost start-up time.
    aho_corasick::AhoCorasick::builder()
        .match_kind(kind)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(patterns)
        .map_err(|e| format!("cannot build the word list automaton: {e}"))
}

impl WordMatcher {
    /// A matcher for the patterns (their index is the pattern id in [`WordMatcher::find`]),
    /// compiled on first use.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> WordMatcher {
        WordMatcher {
            fast: std::sync::OnceLock::new(),
            patterns: patterns.iter().map(|p| p.as_ref().to_vec()).collect(),
            overlapping: std::sync::OnceLock::new(),
        }
    }

    /// The patterns, by pattern id.
    pub fn patterns(&self) -> &[Vec<u8>] {
        &self.patterns
    }

    fn fast(&self) -> &Result<aho_corasick::AhoCorasick, String> {
        self.fast
            .get_or_init(|| automaton(&self.patterns, aho_corasick::MatchKind::LeftmostLongest))
    }

    /// Build the automaton now, reporting what would stop it from being built.
    pub fn build_now(&self) -> Result<(), String> {
        self.fast().as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// `(range, pattern id)` of the leftmost-longest whole-word matches in `text` (none when
    /// the automaton cannot be built: rule files are checked with
    /// [`WordMatcher::build_now`] when they are loaded, and the built-in ones by the tests).
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        use crate::rules::case::is_whole_word;
        let mut out = Vec::new();
        let Ok(fast) = self.fast() else {
            return out;
        };
        let mut at = 0;
        while at < text.len() {
            let input = aho_corasick::Input::new(text).span(at..text.len());
            let Some(m) = fast.find(input) else {
                break;
            };
            if is_whole_word(text, m.start(), m.end()) {
                out.push((m.range(), m.pattern().as_usize()));
                at = m.end().max(m.start() + 1);
                continue;
            }
            // The longest match here is not a whole word: try the shorter ones at this start.
            if let Some(best) = self.shorter_at(text, m.start(), m.end()) {
                at = best.0.end;
                out.push(best);
                continue;
            }
            at = m.start() + 1;
            while at < text.len() && !text.is_char_boundary(at) {
                at += 1;
            }
        }
        out
    }

    fn shorter_at(&self, text: &str, start: usize, end: usize) -> Option<(Range<usize>, usize)> {
        let slow = self
            .overlapping
            .get_or_init(|| automaton(&self.patterns, aho_corasick::MatchKind::Standard).ok())
            .as_ref()?;
        let input = aho_corasick::Input::new(text).span(start..end);
        slow.find_overlapping_iter(input)
            .filter(|m| {
                m.start() == start && crate::rules::case::is_whole_word(text, m.start(), m.end())
            })
            .max_by_key(|m| m.end())
            .map(|m| (m.range(), m.pattern().as_usize()))
    }
}

/// Keep the leftmost-longest non-overlapping matches of `(range, payload)` pairs.
pub fn leftmost_longest<T>(mut matches: Vec<(Range<usize>, T)>) -> Vec<(Range<usize>, T)> {
    matches.sort_by(|a, b| (a.0.start, b.0.end).cmp(&(b.0.start, a.0.end)));
    let mut out: Vec<(Range<usize>, T)> = Vec::with_capacity(matches.len());
    for m in matches {
        if out.last().is_none_or(|last| m.0.start >= last.0.end) {
            out.push(m);
        }
    }
    out
}
