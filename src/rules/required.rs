//! The literals a regex cannot match without: for a pattern, a set of byte strings such that
//! every match of it contains at least one of them (`\d\s?km2` cannot match without one of
//! `0km2`, `0 km2` … `9 km2` or a non-ASCII digit's first byte; `«|„` without `«` or `„`).
//! [`Finder`] looks for them by their rarest byte (about 1.4 GB/s on English prose) and finds
//! the only lines where the patterns can match, which the lazy DFA then reads; it read every
//! byte, at about 400 MB/s. See [`PatternGroup`](super::pattern_group::PatternGroup).
//!
//! The analysis is conservative: `None` means no such set is known (a pattern that can match
//! the empty string, or only through classes too large to list), never a wrong set. Besides
//! the literals a part starts with, how it ends is followed, so that a set can span two parts
//! (`[ \x{A0}]+[?!]` needs ` ?`, ` !`, `\x{A0}?` or `\x{A0}!`, rarer in English than `?`).
//! Where a part of a pattern has several sets, the rarest by an estimate of English byte
//! frequencies is taken: the estimate only decides how fast the search is, never what it
//! finds.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A class with at most this many characters gives each as a literal; a larger one gives the
/// first bytes of its characters' UTF-8 forms.
const SMALL_CLASS: u32 = 16;

/// Estimated share of the bytes of English prose that are `b`: a letter or a space is
/// everywhere; a digit, punctuation mark or non-ASCII lead byte is rare.
fn byte_share(b: u8) -> f64 {
    match b {
        b' ' => 0.16,
        b'a'..=b'z' => 0.065,
        b'\n' => 0.01,
        b'A'..=b'Z' => 0.004,
        b'.' | b',' => 0.01,
        b'0'..=b'9' => 0.001,
        0x00..=0x1F | 0x7F => 0.000_01,
        0xC2 | 0xC3 | 0xE2 => 0.002,
        0xC0.. => 0.000_2,
        // (in English, mostly the last bytes of quotation marks and dashes)
        0x80..=0xBF => 0.000_2,
        _ => 0.002,
    }
}

/// Estimated share of the positions after the byte `prev` that hold `b`, where English prose
/// is known to differ from bytes drawn at random: digits come in runs and are followed by
/// spaces and separators more than by letters, a space is seldom followed by a closing mark
/// (` ?` is French typography), and otherwise neighbouring bytes are far from independent
/// (ten times the share of `b`).
fn follow(prev: u8, b: u8) -> f64 {
    match (prev, b) {
        (b'0'..=b'9', b'0'..=b'9') => 0.4,
        (b'0'..=b'9', b' ') => 0.3,
        (b'0'..=b'9', b',' | b'.') => 0.1,
        (b'0'..=b'9', b'a'..=b'z' | b'A'..=b'Z') => 0.02,
        (b' ', b'?' | b'!' | b':' | b';' | b',' | b'.' | b')' | b']' | b'%') => 0.000_5,
        (b' ', b'0'..=b'9') => 0.01,
        _ => (byte_share(b) * 10.0).min(1.0),
    }
}

/// Estimated share of text positions where `literal` occurs, for choosing the most selective
/// of a concatenation's sets: the first byte's share times how often each next byte follows
/// the one before it ([`follow`]), and never more than the share of its rarest byte.
fn frequency(literal: &[u8]) -> f64 {
    let Some((&first, rest)) = literal.split_first() else {
        return f64::INFINITY;
    };
    let rarest = literal.iter().map(|&b| byte_share(b)).fold(1.0, f64::min);
    let chained = rest
        .iter()
        .fold((byte_share(first), first), |(f, prev), &b| {
            (f * follow(prev, b), b)
        })
        .0;
    chained.min(rarest)
}

/// The estimated frequency of a set of literals (the sum of theirs; the empty string, which
/// occurs everywhere, makes a set useless).
fn cost(set: &[Vec<u8>]) -> f64 {
    set.iter().map(|l| frequency(l)).sum()
}

/// A literal of a [`Set::Run`]: `open` when a match of the part can be exactly it (the
/// literals of the parts after it can be appended), closed when it is only how the match
/// starts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Lit {
    bytes: Vec<u8>,
    open: bool,
}

/// What is known of the matches of a part of a pattern.
#[derive(Debug, Clone)]
enum Set {
    /// Every match starts with one of the literals (is one of them, for an open literal).
    Run(Vec<Lit>),
    /// Every match contains one of the literals.
    Inner(Vec<Vec<u8>>),
}

impl Set {
    /// The literals, sorted and without duplicates.
    fn strings(self) -> Vec<Vec<u8>> {
        match self {
            Set::Run(lits) => {
                let mut out: Vec<Vec<u8>> = lits.into_iter().map(|l| l.bytes).collect();
                out.sort();
                out.dedup();
                out
            }
            Set::Inner(set) => set,
        }
    }

    /// The estimated frequency of the literals ([`cost`]).
    fn cost(&self) -> f64 {
        match self {
            Set::Run(lits) => lits.iter().map(|l| frequency(&l.bytes)).sum(),
            Set::Inner(set) => cost(set),
        }
    }
}

/// The most literals a run of parts multiplied together may hold.
const MAX_PRODUCT: usize = 128;

/// The most literals a set joined across two parts ([`Ends`]) may hold: a union of sets this
/// large costs the search nothing (its pair table has a bit for every pair of bytes).
const MAX_JOINED: usize = 256;

/// A set of literals one of which occurs in every match of `hir`, or `None` when none is known.
pub fn literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    analyse(hir)
        .set
        .filter(|set| set.cost().is_finite())
        .map(Set::strings)
}

/// An open literal.
fn open(bytes: Vec<u8>) -> Lit {
    Lit { bytes, open: true }
}

/// What is known of the matches of a part of a pattern.
struct Found {
    /// A set one of which every match holds.
    set: Option<Set>,
    /// How every non-empty match ends ([`Ends`]).
    ends: Option<Vec<Lit>>,
}

/// What is known of the matches of `hir`.
fn analyse(hir: &Hir) -> Found {
    let run = |lits: Vec<Lit>| Found {
        ends: Some(lits.clone()),
        set: Some(Set::Run(lits)),
    };
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Found {
            set: Some(Set::Run(vec![open(Vec::new())])),
            // (no non-empty match)
            ends: Some(Vec::new()),
        },
        HirKind::Literal(lit) => run(vec![open(lit.0.to_vec())]),
        HirKind::Class(class) => match class_literals(class) {
            Some(lits) => run(lits),
            None => Found {
                set: None,
                ends: None,
            },
        },
        HirKind::Repetition(r) => {
            // (a non-empty match of a repetition ends with a non-empty match of its part)
            let Found { set, ends } = analyse(&r.sub);
            let set = match (r.min, r.max, set) {
                (_, _, None) => None,
                (1, Some(1), set) => set,
                (0, Some(1), Some(Set::Run(mut lits))) => {
                    lits.push(open(Vec::new()));
                    lits.sort();
                    lits.dedup();
                    Some(Set::Run(lits))
                }
                (0, _, _) => None,
                // At least once: every match starts with a match of the part.
                (_, _, Some(Set::Run(lits))) => Some(Set::Run(
                    lits.into_iter().map(|l| Lit { open: false, ..l }).collect(),
                )),
                (_, _, inner) => inner,
            };
            Found { set, ends }
        }
        HirKind::Capture(c) => analyse(&c.sub),
        HirKind::Concat(parts) => concat(parts),
        // One branch matches: the union of every branch's set, if every branch has one.
        HirKind::Alternation(branches) => {
            let (sets, ends): (Vec<Option<Set>>, Vec<Option<Vec<Lit>>>) = branches
                .iter()
                .map(analyse)
                .map(|f| (f.set, f.ends))
                .unzip();
            let ends = ends
                .into_iter()
                .collect::<Option<Vec<Vec<Lit>>>>()
                .map(|all| all.concat())
                .filter(|all| all.len() <= MAX_JOINED);
            let set = sets.into_iter().collect::<Option<Vec<Set>>>().map(|sets| {
                if sets.iter().all(|s| matches!(s, Set::Run(_))) {
                    let mut lits: Vec<Lit> = sets
                        .into_iter()
                        .flat_map(|s| match s {
                            Set::Run(lits) => lits,
                            Set::Inner(_) => Vec::new(),
                        })
                        .collect();
                    lits.sort();
                    lits.dedup();
                    Set::Run(lits)
                } else {
                    let mut all: Vec<Vec<u8>> = sets.into_iter().flat_map(Set::strings).collect();
                    all.sort();
                    all.dedup();
                    Set::Inner(all)
                }
            });
            Found { set, ends }
        }
    }
}

/// Each literal of `run` followed by each of `next` where it is open (a match of the part
/// after it follows it directly), as it is where closed; `None` when that makes more than
/// `max`.
fn product(run: &[Lit], next: &[Lit], max: usize) -> Option<Vec<Lit>> {
    let opens = run.iter().filter(|r| r.open).count();
    let size = opens * next.len() + (run.len() - opens);
    if size > max {
        return None;
    }
    let mut out = Vec::with_capacity(size);
    for r in run {
        if r.open {
            for n in next {
                out.push(Lit {
                    bytes: [r.bytes.as_slice(), &n.bytes].concat(),
                    open: n.open,
                });
            }
        } else {
            out.push(r.clone());
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The set of a concatenation: the parts' literals multiply into longer ones as long as they
/// are open (`1[3-9]h` gives `13h` … `19h`), a run of parts that cannot go on gives an inner set
/// (or, for the first run, a prefix), how the parts before a part end joined to how it starts
/// gives another ([`Ends`]: `[ \x{A0}]+[?!]` cannot match without ` ?`, ` !`, `\x{A0}?` or
/// `\x{A0}!`), and the rarest set found is the concatenation's.
fn concat(parts: &[Hir]) -> Found {
    let mut found: Vec<Set> = Vec::new();
    let mut run: Vec<Lit> = vec![open(Vec::new())];
    // Whether the current run started at the first part (its set is then a prefix of every
    // match of the whole concatenation).
    let mut from_start = true;
    let mut close = |run: &mut Vec<Lit>, from_start: &mut bool| {
        let lits = std::mem::replace(run, vec![open(Vec::new())]);
        found.push(match *from_start {
            true => Set::Run(lits.into_iter().map(|l| Lit { open: false, ..l }).collect()),
            false => Set::Inner(Set::Run(lits).strings()),
        });
        *from_start = false;
    };
    let mut inner = Vec::new();
    let mut ends = Ends::start();
    for part in parts {
        let Found { set, ends: own } = analyse(part);
        if let Some(across) = ends.joined_to(set.as_ref()) {
            inner.push(Set::Inner(across));
        }
        ends.add(part, set.as_ref(), own);
        match set {
            Some(Set::Run(lits)) => {
                // (the part's own literals are in every match too, and may be the rarest)
                inner.push(Set::Inner(Set::Run(lits.clone()).strings()));
                match product(&run, &lits, MAX_PRODUCT) {
                    Some(p) => run = p,
                    None => {
                        close(&mut run, &mut from_start);
                        run = lits;
                    }
                }
                // A run of closed literals only can grow no more.
                if run.iter().all(|l| !l.open) {
                    close(&mut run, &mut from_start);
                }
            }
            Some(Set::Inner(set)) => {
                close(&mut run, &mut from_start);
                inner.push(Set::Inner(set));
            }
            None => close(&mut run, &mut from_start),
        }
    }
    if from_start {
        return Found {
            set: Some(Set::Run(run)),
            ends: ends.set,
        };
    }
    close(&mut run, &mut from_start);
    let set = found
        .into_iter()
        .chain(inner)
        .map(|set| (set.cost(), set))
        .filter(|(cost, _)| cost.is_finite())
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, set)| set);
    Found {
        set,
        ends: ends.set,
    }
}

/// How the matches of the parts of a concatenation read so far end, to be joined to how the
/// next part starts: every non-empty match of those parts ends with an open literal of `set`
/// or holds a closed one (`None`: nothing known), and `nullable` tells whether they can
/// match the empty string (a part after them then may start the whole match, and nothing is
/// known of what comes before it).
struct Ends {
    set: Option<Vec<Lit>>,
    nullable: bool,
}

impl Ends {
    /// Before the first part: no match yet.
    fn start() -> Ends {
        Ends {
            set: Some(Vec::new()),
            nullable: true,
        }
    }

    /// The literals one of which every match of the parts so far followed by a part whose
    /// set is `next` holds across their boundary (an ending joined to how the part starts),
    /// when the parts so far cannot match the empty string and every match of the part starts
    /// with one of its non-empty [`Set::Run`] literals.
    fn joined_to(&self, next: Option<&Set>) -> Option<Vec<Vec<u8>>> {
        let (Some(ends), Some(Set::Run(starts))) = (&self.set, next) else {
            return None;
        };
        if self.nullable || ends.is_empty() || starts.iter().any(|l| l.bytes.is_empty()) {
            return None;
        }
        product(ends, starts, MAX_JOINED).map(|lits| Set::Run(lits).strings())
    }

    /// The endings once `part` (whose set is `set` and endings `own`) has been read after the
    /// parts so far.
    fn add(&mut self, part: &Hir, set: Option<&Set>, own: Option<Vec<Lit>>) {
        if matches!(part.kind(), HirKind::Look(_)) {
            return; // (it matches no byte: the endings are those before it)
        }
        let nullable = part.properties().minimum_len() == Some(0);
        // A part whose matches are exactly its open literals makes the endings before it
        // longer (the empty literal of an optional part keeps them as they are).
        let exact = match set {
            Some(Set::Run(lits)) if lits.iter().all(|l| l.open) => Some(lits),
            _ => None,
        };
        let joined = match (&self.set, exact) {
            (Some(ends), Some(lits)) if !self.nullable => product(ends, lits, MAX_JOINED),
            _ => None,
        };
        self.set = match joined {
            Some(joined) => Some(joined),
            // (a match where the part is empty ends as the parts before it do)
            None if nullable => self.set.take().zip(own).map(|(a, b)| [a, b].concat()),
            None => own,
        };
        if let Some(set) = &mut self.set {
            set.retain(|l| !l.bytes.is_empty());
            set.sort();
            set.dedup();
        }
        if self.set.as_ref().is_some_and(|set| set.len() > MAX_JOINED) {
            self.set = None;
        }
        self.nullable &= nullable;
    }
}

/// The literals of a class: each character's UTF-8 form for a small class; for a large one,
/// its ASCII characters (open) and the distinct first bytes of its other characters (closed:
/// only how the match starts).
fn class_literals(class: &Class) -> Option<Vec<Lit>> {
    let mut out = Vec::new();
    match class {
        Class::Bytes(bytes) => {
            for r in bytes.ranges() {
                out.extend((r.start()..=r.end()).map(|b| open(vec![b])));
            }
        }
        Class::Unicode(chars) => {
            let size: u32 = chars
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            let mut buf = [0u8; 4];
            // (the first bytes of a large class's other characters, each once)
            let mut firsts = [false; 256];
            for r in chars.ranges() {
                for c in r.start()..=r.end() {
                    if size <= SMALL_CLASS || c.is_ascii() {
                        out.push(open(c.encode_utf8(&mut buf).as_bytes().to_vec()));
                    } else {
                        // The first byte of a UTF-8 form rises with the code point: the
                        // range's other first bytes are those up to its last character's.
                        let (from, to) =
                            (crate::scan::first_byte(c), crate::scan::first_byte(r.end()));
                        firsts[usize::from(from)..=usize::from(to)].fill(true);
                        break;
                    }
                }
            }
            out.extend(
                (0x80..=0xFFu8)
                    .filter(|&b| firsts[usize::from(b)])
                    .map(|b| Lit {
                        bytes: vec![b],
                        open: false,
                    }),
            );
        }
    }
    out.sort();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// The literals of every pattern of `hirs` together, each tagged with the index in `hirs` of
/// a pattern it was found for (a literal of several patterns comes once per pattern), sorted:
/// one of a pattern's literals occurs in every match of it. `None` when some pattern has no
/// set, or when the literals would occur so often (a letter, a space) that searching for them
/// saves nothing.
pub fn tagged_union(hirs: &[Hir]) -> Option<Vec<(Vec<u8>, u32)>> {
    let mut all = Vec::new();
    for (i, h) in hirs.iter().enumerate() {
        let i = u32::try_from(i).ok()?;
        all.extend(literals(h)?.into_iter().map(|l| (l, i)));
    }
    all.sort();
    all.dedup();
    let mut distinct: Vec<Vec<u8>> = all.iter().map(|(l, _)| l.clone()).collect();
    distinct.dedup();
    (cost(&distinct) < MAX_COST).then_some(all)
}

/// A union of literals estimated to occur at more than this share of positions is not worth
/// a search of its own (a lowercase letter alone is 0.06).
const MAX_COST: f64 = 0.05;

/// A search for the lines that may hold a set of literals, by the rarest byte pair of each: a
/// table lookup a byte (eight at a time) finds where the rarer byte of some literal's pair is,
/// there the pair around it is looked up in a bit table, and where it is a pair of some
/// literals, those literals are compared with the text around it. No line holding a literal
/// is missed, and a line is found only where it holds one (`0 0` … `9 9` pair a digit with a
/// space, which numbers followed by a word have too). (A multi-literal automaton reads every
/// byte through its transition table, which for hundreds of literals is no faster than the
/// lazy DFA this spares.)
#[derive(Debug)]
pub struct Finder {
    /// Whether a byte is the rarer byte of some literal's pair.
    rare: crate::scan::byte_set::ByteSet,
    /// Whether a byte is a whole literal.
    alone: [bool; 256],
    /// The byte pairs `a b` (bit `a * 256 + b`) of the literals.
    pairs: Vec<u64>,
    /// For each pair, the literals it was chosen for, each with the offset of the pair in it
    /// and the patterns it was found for (see [`Finder::tagged`]). (Looked up at every hit of
    /// a pair in the text: hashed by foldhash, not SipHash.)
    by_pair: std::collections::HashMap<u16, Vec<PairLiteral>, foldhash::fast::FixedState>,
    /// For each byte that is a whole literal, the patterns it was found for.
    alone_patterns: Vec<Vec<u32>>,
}

/// A literal of a [`Finder`] of two bytes or more, filed under its pair.
#[derive(Debug)]
struct PairLiteral {
    bytes: Vec<u8>,
    /// Where its pair starts in it.
    offset: usize,
    /// The patterns it was found for.
    patterns: Vec<u32>,
}

impl PairLiteral {
    /// Whether the literal is in `text` with its pair at `at`.
    fn is_at(&self, text: &[u8], at: usize) -> bool {
        at.checked_sub(self.offset)
            .and_then(|start| text.get(start..start + self.bytes.len()))
            .is_some_and(|there| there == self.bytes.as_slice())
    }
}

impl Finder {
    /// A finder of `literals`. Literals holding a line break are left out: [`Finder::find`]
    /// looks for literals within a line.
    pub fn new(literals: &[Vec<u8>]) -> Finder {
        let tagged: Vec<(Vec<u8>, u32)> = literals.iter().map(|l| (l.clone(), 0)).collect();
        Finder::tagged(&tagged)
    }

    /// A finder of literals each tagged with a pattern it was found for (as
    /// [`tagged_union`] gives them), which [`Finder::patterns_in`] tells.
    pub fn tagged(literals: &[(Vec<u8>, u32)]) -> Finder {
        let mut rare = [false; 256];
        let mut finder = Finder {
            // (set once the literals are filed)
            rare: Default::default(),
            alone: [false; 256],
            pairs: vec![0; 1024],
            by_pair: Default::default(),
            alone_patterns: vec![Vec::new(); 256],
        };
        for (lit, pattern) in literals.iter().filter(|(l, _)| !l.contains(&b'\n')) {
            match lit.as_slice() {
                [] => continue,
                &[byte] => {
                    rare[usize::from(byte)] = true;
                    finder.alone[usize::from(byte)] = true;
                    let patterns = &mut finder.alone_patterns[usize::from(byte)];
                    if !patterns.contains(pattern) {
                        patterns.push(*pattern);
                    }
                }
                _ => {
                    // (the first of the rarest pairs, by the estimate of English text)
                    let Some(at) = (0..lit.len() - 1).min_by(|&x, &y| {
                        frequency(&lit[x..x + 2]).total_cmp(&frequency(&lit[y..y + 2]))
                    }) else {
                        continue;
                    };
                    let (a, b) = (lit[at], lit[at + 1]);
                    let rarer = if byte_share(b) < byte_share(a) { b } else { a };
                    rare[usize::from(rarer)] = true;
                    let bit = usize::from(a) << 8 | usize::from(b);
                    finder.pairs[bit / 64] |= 1 << (bit % 64);
                    let filed = finder
                        .by_pair
                        .entry(u16::from(a) << 8 | u16::from(b))
                        .or_default();
                    match filed.iter_mut().find(|l| l.bytes == *lit) {
                        Some(same) if !same.patterns.contains(pattern) => {
                            same.patterns.push(*pattern);
                        }
                        Some(_) => {}
                        None => filed.push(PairLiteral {
                            bytes: lit.clone(),
                            offset: at,
                            patterns: vec![*pattern],
                        }),
                    }
                }
            }
        }
        finder.rare = crate::scan::byte_set::ByteSet::new(rare);
        finder
    }

    /// Whether the bytes `a b` are a pair of the literals.
    fn pair(&self, a: u8, b: u8) -> bool {
        let bit = usize::from(a) << 8 | usize::from(b);
        self.pairs[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Whether a literal whose pair is the two bytes of `text` at `at` is there.
    fn holds_literal_at(&self, text: &[u8], at: usize) -> bool {
        self.literals_of_pair_at(text, at)
            .any(|lit| lit.is_at(text, at))
    }

    /// The literals filed under the pair of bytes of `text` at `at`.
    fn literals_of_pair_at(&self, text: &[u8], at: usize) -> impl Iterator<Item = &PairLiteral> {
        let key = u16::from(text[at]) << 8 | u16::from(text[at + 1]);
        self.by_pair.get(&key).into_iter().flatten()
    }

    /// A position at or after `from` in the first line that holds one of the literals from
    /// `from` on (the rarer byte of its pair), or `None`: every line holding a literal has
    /// one (with `from` at a line's start, the literal lies after it).
    pub fn find(&self, text: &[u8], from: usize) -> Option<usize> {
        self.rare.positions(text, from).find(|&i| {
            let b = text[i];
            self.alone[usize::from(b)]
                || text.get(i + 1).is_some_and(|&next| self.pair(b, next))
                    && self.holds_literal_at(text, i)
                || i.checked_sub(1).is_some_and(|p| self.pair(text[p], b))
                    && self.holds_literal_at(text, i - 1)
        })
    }

    /// Hand `found` the pattern of each literal that occurs in `text[from..to]`, a line
    /// without its line break (a pattern once or more). A pattern that matches within the
    /// line holds one of its literals there: the patterns not handed over do not match in it.
    pub fn patterns_in(&self, text: &[u8], from: usize, to: usize, mut found: impl FnMut(u32)) {
        let line = &text[..to];
        for at in self.rare.positions(line, from) {
            let b = line[at];
            if self.alone[usize::from(b)] {
                self.alone_patterns[usize::from(b)]
                    .iter()
                    .for_each(|&p| found(p));
            }
            // (the pair after the byte and the pair before it, within the line)
            for pair_at in [Some(at), at.checked_sub(1).filter(|&p| p >= from)] {
                let Some(p) = pair_at.filter(|&p| p + 1 < to) else {
                    continue;
                };
                if self.pair(line[p], line[p + 1]) {
                    self.literals_of_pair_at(line, p)
                        .filter(|lit| lit.is_at(line, p))
                        .for_each(|lit| lit.patterns.iter().for_each(|&q| found(q)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hir(pattern: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .expect("test pattern")
    }

    /// Patterns, each with texts holding matches of it.
    const CASES: &[(&str, &str)] = &[
        (r"\d\s?(?P<u>km)2\b", "5 km2, 7km2, ٣\u{A0}km2 and 9\nkm2"),
        (
            r"\b(?P<span>M\.)[ \x{A0}]\p{Lu}\p{Ll}",
            "M. Dupont, M.\u{A0}Élise",
        ),
        (r"(?:[nN][°º]|Nr\.)[ \x{A0}]?\d", "n° 5, Nº7, Nr. 9, N°٣"),
        (
            r"(?i:\b(?:at|from)[ \x{A0}]+)(?P<h>[01]?\d|2[0-3])h\b|\b(?:1[3-9]|2[0-3])h\b",
            "AT 9h, From\u{A0}14h, 17h, at ٣h",
        ),
        (r"«|„|x»", "« a x» b „"),
        (r"(?:^|x)abc", "abc xabc"),
        (r"\d{1,3},\d{1,2}", "1,5 and ٣,٣ and 12,25"),
        (r"[\x01-\x08\x{80}-\x{9F}]", "a\u{1}b\u{85}c"),
        (r"(?i)q+u?", "QQ qu Qu"),
        (r"[a-z]+[?!]+", "what?! why?"),
        (
            r"(?:\p{L}\p{L}|[)\]])[ \x{A0}\x{202F}]+[?!]+",
            "what ?! oui\u{A0}? end) !",
        ),
        (
            r"\b(?:[01]?\d|2[0-3])[ \x{A0}]?h[ \x{A0}]?[0-5]\d\b",
            "14h30, 9 h 05, ٣h45, 23\u{A0}h\u{A0}59",
        ),
        (
            r"\d{1,3}(?:,\d{3})* \d{3}",
            "1 000 and 12,500 300 and ٣ ٣٣٣",
        ),
        (r"(?:ab?)+[ \x{A0}]?[0-9]", "a1 ab 2 aab\u{A0}3"),
        (r"[0-9](?:ab)*[?!]", "5? 1ab! 2abab?"),
    ];

    #[test]
    fn every_match_holds_one_of_the_literals() {
        for (pattern, text) in CASES {
            let set = literals(&hir(pattern)).unwrap_or_else(|| panic!("a set for {pattern}"));
            let re = regex::Regex::new(pattern).expect("test pattern");
            let mut n = 0;
            for m in re.find_iter(text) {
                n += 1;
                let hay = m.as_str().as_bytes();
                assert!(
                    set.iter()
                        .any(|l| hay.windows(l.len()).any(|w| w == l.as_slice())),
                    "{pattern}: `{}` holds none of {set:?}",
                    m.as_str()
                );
            }
            assert!(n >= 2, "{pattern}: the text should match more than once");
        }
    }

    #[test]
    fn the_rarest_part_is_chosen() {
        // (no literal is a letter, a space or a word that occurs everywhere)
        for (pattern, _) in CASES.iter().filter(|(p, _)| !p.starts_with("(?i)q")) {
            let set = literals(&hir(pattern)).expect("a set");
            assert!(cost(&set) < MAX_COST, "{pattern}: {set:?}");
        }
        assert_eq!(literals(&hir(r"[a-z]+:")), Some(vec![b":".to_vec()]));
        let hours = literals(&hir(CASES[3].0)).expect("a set");
        assert!(
            hours.contains(&b"9h".to_vec()) && hours.contains(&b"17h".to_vec()),
            "{hours:?}"
        );
    }

    #[test]
    fn how_a_part_ends_is_joined_to_how_the_next_starts() {
        let has = |set: &[Vec<u8>], lit: &str| set.contains(&lit.as_bytes().to_vec());
        // (`?` alone is common in English; a space before it is not)
        let spaced = literals(&hir(CASES[10].0)).expect("a set");
        assert!(has(&spaced, " ?") && has(&spaced, "\u{A0}!"), "{spaced:?}");
        assert!(!has(&spaced, "?"), "{spaced:?}");
        // (two digits in a row are everywhere; a digit before `h` is rare)
        let time = literals(&hir(CASES[11].0)).expect("a set");
        assert!(has(&time, "9h") && has(&time, "9\u{A0}h"), "{time:?}");
        assert!(!has(&time, "12"), "{time:?}");
        let thousands = literals(&hir(CASES[12].0)).expect("a set");
        assert!(
            has(&thousands, "0 0") && has(&thousands, "9 9"),
            "{thousands:?}"
        );
        // Nothing is joined to what may be empty (`?` alone matches).
        assert_eq!(
            literals(&hir(r"[ ]*[?!]")),
            Some(vec![b"!".to_vec(), b"?".to_vec()])
        );
    }

    /// Parts of patterns for [`every_match_of_a_random_pattern_holds_a_literal`].
    const PIECES: &[&str] = &[
        r"\d",
        r"[0-9]",
        "[ \u{A0}]",
        "[ \u{A0}]+",
        "[ \u{A0}]?",
        "[?!]",
        "h",
        "ab",
        "(?:x|yz)",
        r"\p{L}",
        "[01]?",
        "q*",
        r"\b",
        "(?:a|b?)",
        "(?:é|e)",
        "(?:ab)+",
        "(?:h|)",
        "(?:a[ b]?)+",
        "(?i:at)",
        "(?:[0-5]\\d|h)",
        "(?:ab)*",
    ];

    /// Characters the random texts are made of.
    const CHARS: &[char] = &[
        'a', 'b', 'e', 'é', 'h', 'q', 'x', 'y', 'z', 'A', 'T', 't', '0', '1', '5', '٣', ' ',
        '\u{A0}', '?', '!', '\n',
    ];

    proptest::proptest! {
        #[test]
        fn every_match_of_a_random_pattern_holds_a_literal(
            branches in proptest::collection::vec(
                proptest::collection::vec(0..PIECES.len(), 1..6), 1..3),
            text in proptest::collection::vec(0..CHARS.len(), 0..80),
        ) {
            let pattern = branches
                .iter()
                .map(|b| b.iter().map(|&i| PIECES[i]).collect::<String>())
                .collect::<Vec<_>>()
                .join("|");
            let text: String = text.iter().map(|&i| CHARS[i]).collect();
            if let Some(set) = literals(&hir(&pattern)) {
                let re = regex::Regex::new(&pattern).expect("test pattern");
                for m in re.find_iter(&text) {
                    let hay = m.as_str().as_bytes();
                    proptest::prop_assert!(
                        set.iter()
                            .any(|l| hay.windows(l.len()).any(|w| w == l.as_slice())),
                        "{pattern}: `{}` holds none of {set:?}",
                        m.as_str()
                    );
                }
            }
        }
    }

    #[test]
    fn what_may_be_absent_requires_nothing() {
        for pattern in [
            r"x?", r"(?:ab)*", r"^$", r"\b", r"(?:x?)+", r"a|b?", r"(?:)",
        ] {
            assert_eq!(literals(&hir(pattern)), None, "{pattern}");
        }
    }

    #[test]
    fn a_union_of_common_literals_is_not_worth_searching() {
        assert!(tagged_union(&[hir(r"\d+"), hir(r"[?!]")]).is_some());
        assert_eq!(tagged_union(&[hir(r"\d+"), hir(r"[a-z]{3}")]), None);
        assert_eq!(tagged_union(&[hir(r"\d+"), hir(r"x*")]), None);
    }

    /// The lines (0-based) of `text` holding one of `lits`, by brute force.
    fn lines_holding(text: &str, lits: &[&str]) -> Vec<usize> {
        text.split('\n')
            .enumerate()
            .filter(|(_, l)| lits.iter().any(|lit| l.contains(lit)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Pieces of text holding the finder tests' literals, parts of them, and line breaks.
    const FRAGMENTS: &[&str] = &[
        "plain words",
        "5 km2",
        "km",
        "at 9h",
        "9",
        "h",
        "« q",
        "Nr. 3",
        "Nr",
        "q",
        "9 ",
        "\u{1}",
        "x",
        ",",
        "5",
        "1,5",
        "a",
        "b",
        "\n",
        "\n",
        "\n",
        "\r\n",
        "é",
        "ž",
        "»",
    ];

    /// `rounds` texts of up to `longest` [`FRAGMENTS`] each, drawn by a fixed generator.
    fn random_texts(seed: u64, rounds: usize, longest: usize) -> Vec<String> {
        let mut state = seed;
        (0..rounds)
            .map(|round| {
                (0..round % longest)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1);
                        FRAGMENTS[(state >> 33) as usize % FRAGMENTS.len()]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_finder_finds_the_lines_holding_a_literal() {
        let lits = ["km2", "9h", "«", "Nr.", "\u{1}", "x", ",5", "9 q", "a\nb"];
        let finder = Finder::new(
            &lits
                .iter()
                .map(|l| l.as_bytes().to_vec())
                .collect::<Vec<_>>(),
        );
        for text in random_texts(7, 300, 40) {
            let mut found = Vec::new();
            let bytes = text.as_bytes();
            let mut at = 0;
            while let Some(i) = finder.find(bytes, at) {
                let line = bytes[..i].iter().filter(|&&b| b == b'\n').count();
                found.push(line);
                at = match bytes[i..].iter().position(|&b| b == b'\n') {
                    Some(k) => i + k + 1,
                    None => break,
                };
            }
            // (exactly those: a line with a literal's pair only is not found)
            let want = lines_holding(&text, &lits[..lits.len() - 1]);
            assert_eq!(found, want, "{text:?}");
        }
    }

    #[test]
    fn the_finder_tells_the_patterns_whose_literals_a_line_holds() {
        // Literals of five patterns; `9h` and `«` of two each, `a\nb` of none (a line break).
        let tagged: Vec<(Vec<u8>, u32)> = [
            ("km2", 0),
            ("9h", 0),
            ("9h", 1),
            ("«", 1),
            ("«", 2),
            ("Nr.", 2),
            ("\u{1}", 3),
            ("x", 3),
            (",5", 4),
            ("9 q", 4),
            ("\r", 4),
            ("a\nb", 3),
        ]
        .iter()
        .map(|(l, p)| (l.as_bytes().to_vec(), *p))
        .collect();
        let finder = Finder::tagged(&tagged);
        for text in random_texts(11, 400, 30) {
            let bytes = text.as_bytes();
            let mut from = 0;
            for line in text.split('\n') {
                let to = from + line.len();
                let mut got = Vec::new();
                finder.patterns_in(bytes, from, to, |p| got.push(p));
                got.sort_unstable();
                got.dedup();
                let mut want: Vec<u32> = tagged
                    .iter()
                    .filter(|(l, _)| !l.contains(&b'\n'))
                    .filter(|(l, _)| line.as_bytes().windows(l.len()).any(|w| w == l.as_slice()))
                    .map(|&(_, p)| p)
                    .collect();
                want.sort_unstable();
                want.dedup();
                assert_eq!(got, want, "{line:?} in {text:?}");
                from = to + 1;
            }
        }
    }

    #[test]
    fn a_literal_of_several_patterns_is_tagged_with_each() {
        let hirs = [hir(r"km2|Nr\."), hir(r"Nr\.|«")];
        let tagged = tagged_union(&hirs).expect("literals");
        let of = |l: &str| -> Vec<u32> {
            tagged
                .iter()
                .filter(|(x, _)| x == l.as_bytes())
                .map(|&(_, p)| p)
                .collect()
        };
        assert_eq!(of("km2"), [0]);
        assert_eq!(of("Nr."), [0, 1]);
        assert_eq!(of("«"), [1]);
        assert_eq!(tagged.len(), 4);
    }
}
