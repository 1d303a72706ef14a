//! One pass over a document's words for every word-list rule (`substitution`, `casing`,
//! `consistency`) of a language, instead of one automaton pass per rule.
//!
//! A whole-word match of an entry that starts with a word character can only start where a
//! word starts (and, if the entry ends with one, end where a word ends). So the text is cut
//! into words once, each word is looked up in one hash table keyed by the first word of every
//! entry, and the few entries found there are compared with the text that follows. Per rule,
//! the result is exactly what [`WordMatcher::find`](super::kinds::WordMatcher::find) gives: at
//! the leftmost position with a whole-word match, the longest one, then on from its end. A rule
//! with an entry that starts with another character (`'s`, `-Putin`) keeps its own automaton.

use std::collections::HashMap;
use std::ops::Range;

use super::case::is_word_char;
use super::Rule;
use crate::language::RivalWords;

/// An entry of a word-list rule, filed under its first word.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Which rule of the index (its slot).
    slot: u32,
    /// The entry's pattern id in its rule.
    pattern: u32,
    /// The byte length of the entry's first word.
    cut: u32,
    /// The entry's byte length.
    len: u32,
    /// Whether the entry ends with a word character, so that a match must not be followed by
    /// one (`Merkel'` may be).
    word_end: bool,
}

/// The word-list rules of one language, filed by the first word of their entries. The entries'
/// bytes stay in the rules' lists: the index holds positions and hashes only, so that building
/// it allocates a few vectors, not one string per entry.
#[derive(Debug)]
pub struct WordIndex {
    /// The rule-set positions of the rules served, by slot.
    rules: Vec<usize>,
    /// Every entry, grouped by the hash of its first word, then by slot, longest first.
    entries: Vec<Entry>,
    /// Hash of a first word → its group's range in `entries` (first words with equal hashes
    /// share a group; a match is always checked byte by byte).
    groups: HashMap<u64, (u32, u32), foldhash::fast::FixedState>,
    /// The longest first word.
    longest: usize,
    /// A bit per [`filter_key`] of the first words (a Bloom filter with one hash): most words
    /// of a text are not first words, and they are turned away here by a multiplication and a
    /// bit test rather than a string hash and a probe of `groups`. (A table of the first
    /// words' first bytes and lengths, asked first, turned away only a quarter of the words of
    /// prose, for more than it saved.)
    filter: Box<[u64]>,
    /// log2 of the number of bits of `filter`.
    filter_bits: u32,
}

/// The byte length of the first word of `pattern`, if the pattern starts with a word
/// character (so that its whole-word matches start where words do).
fn first_word(pattern: &str) -> Option<usize> {
    if !is_word_char(pattern.chars().next()?) {
        return None;
    }
    Some(
        pattern
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(pattern.len(), |(i, _)| i),
    )
}

/// The hash of the word `bytes[start..start + len]` for [`WordIndex::filter`]: its first and
/// last (up to) eight bytes and its length, mixed by one multiplication; the top bits pick the
/// filter's bit.
#[inline]
fn filter_key(bytes: &[u8], start: usize, len: usize) -> u64 {
    filter_key_packed(bytes, start, len, crate::scan::packed(bytes, start, len))
}

/// [`filter_key`] given the word's bytes packed ([`crate::scan::packed`]; `None` for a word
/// of more than 8 bytes, whose first and last eight are loaded here).
#[inline(always)]
fn filter_key_packed(bytes: &[u8], start: usize, len: usize, raw: Option<u64>) -> u64 {
    use crate::scan::packed;
    let (head, tail) = match raw {
        Some(raw) => (raw, 0),
        None => (
            packed(bytes, start, 8).unwrap_or(0),
            packed(bytes, start + len - 8, 8).unwrap_or(0),
        ),
    };
    (head ^ tail.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The hash words are filed under.
fn word_hash(word: &[u8]) -> u64 {
    crate::scan::hash_bytes(word)
}

impl WordIndex {
    /// The index of the word-list rules among `rules` (given with their positions in the rule
    /// set) whose entries all start with a word character.
    pub fn new<'a>(rules: impl IntoIterator<Item = (usize, &'a Rule)>) -> WordIndex {
        let mut served = Vec::new();
        let mut filed: Vec<(u64, Entry)> = Vec::new();
        let mut longest = 0;
        // The filter keys of the first words.
        let mut keys = Vec::new();
        for (position, rule) in rules {
            let Some(m) = rule.kind.word_list() else {
                continue;
            };
            let Some(shapes) = m
                .patterns()
                .iter()
                .map(|p| {
                    let p = std::str::from_utf8(p).ok()?;
                    let cut = first_word(p)?;
                    Some((cut, p.chars().next_back().is_some_and(is_word_char)))
                })
                .collect::<Option<Vec<(usize, bool)>>>()
            else {
                continue;
            };
            let slot = served.len() as u32;
            served.push(position);
            filed.reserve(shapes.len());
            for (pattern, (bytes, (cut, word_end))) in m.patterns().iter().zip(shapes).enumerate() {
                keys.push(filter_key(bytes, 0, cut));
                longest = longest.max(cut);
                filed.push((
                    word_hash(&bytes[..cut]),
                    Entry {
                        slot,
                        pattern: pattern as u32,
                        cut: cut as u32,
                        len: bytes.len() as u32,
                        word_end,
                    },
                ));
            }
        }
        filed.sort_unstable_by_key(|(h, e)| (*h, e.slot, std::cmp::Reverse(e.len)));
        let mut groups: HashMap<u64, (u32, u32), foldhash::fast::FixedState> =
            HashMap::with_capacity_and_hasher(filed.len(), Default::default());
        let mut start = 0;
        while start < filed.len() {
            let h = filed[start].0;
            let end = start + filed[start..].partition_point(|(x, _)| *x == h);
            groups.insert(h, (start as u32, end as u32));
            start = end;
        }
        // About 16 bits per first word (so that a word that is none passes one time in 16 or
        // fewer), at least 4 Kbit.
        let filter_bits = (groups.len() * 16)
            .next_power_of_two()
            .clamp(1 << 12, 1 << 24)
            .trailing_zeros();
        let mut filter = vec![0u64; (1usize << filter_bits) / 64].into_boxed_slice();
        for key in keys {
            let bit = (key >> (64 - filter_bits)) as usize;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        WordIndex {
            rules: served,
            entries: filed.into_iter().map(|(_, e)| e).collect(),
            groups,
            longest,
            filter,
            filter_bits,
        }
    }

    /// Whether the index serves no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rule-set position of the rule in `slot`.
    pub fn rule_position(&self, slot: usize) -> usize {
        self.rules[slot]
    }

    /// The slot of the rule at rule-set position `position`, if the index serves it.
    pub fn slot(&self, position: usize) -> Option<usize> {
        self.rules.iter().position(|&p| p == position)
    }

    /// For each slot, the `(range, pattern id)` of its rule's whole-word matches in `text`.
    /// `rules` is the rule set the index was built from (where the entries' bytes are).
    pub fn scan(&self, text: &str, rules: &[Rule]) -> Vec<Vec<(Range<usize>, usize)>> {
        self.scan_with(text, rules, Collect::default())
    }

    /// [`WordIndex::scan`], collecting in the same pass over the words what `collect` asks
    /// for.
    pub fn scan_with(
        &self,
        text: &str,
        rules: &[Rule],
        collect: Collect,
    ) -> Vec<Vec<(Range<usize>, usize)>> {
        let Collect {
            mut rival,
            mut names,
        } = collect;
        let mut out: Vec<Vec<(Range<usize>, usize)>> = vec![Vec::new(); self.rules.len()];
        if self.rules.is_empty() && names.is_none() {
            if let Some((words, found)) = rival {
                *found = words.runs_in(text);
            }
            return out;
        }
        let lists: Vec<&[Vec<u8>]> = self
            .rules
            .iter()
            .map(|&p| {
                rules
                    .get(p)
                    .and_then(|r| r.kind.word_list())
                    .map_or(&[][..], |m| m.patterns())
            })
            .collect();
        // Per slot: where its last match ended (its matches do not overlap).
        let mut free_from = vec![0usize; self.rules.len()];
        let bytes = text.as_bytes();
        for word in crate::scan::runs(text, is_word_char) {
            let len = word.len();
            // The word's bytes, loaded once for every test below (up to 8 bytes).
            let raw = crate::scan::packed(bytes, word.start, len);
            if let Some((words, found)) = rival.as_mut() {
                if words.may_hold_packed(text, word.clone(), raw) {
                    found.push(word.clone());
                }
            }
            if let Some(found) = names.as_mut() {
                if crate::rules::kinds::romanization::word_is_name(text, word.clone(), raw) {
                    found.push(word.clone());
                }
            }
            if len > self.longest {
                continue;
            }
            let key = filter_key_packed(bytes, word.start, len, raw);
            let bit = (key >> (64 - self.filter_bits)) as usize;
            if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
                continue;
            }
            let Some(&(first, last)) = self.groups.get(&word_hash(&bytes[word.clone()])) else {
                continue;
            };
            let mut done: Option<u32> = None;
            for e in &self.entries[first as usize..last as usize] {
                let slot = e.slot as usize;
                if done == Some(e.slot) || free_from[slot] > word.start || e.cut as usize != len {
                    continue;
                }
                let Some(pattern) = lists[slot].get(e.pattern as usize) else {
                    continue;
                };
                let end = word.start + pattern.len();
                if !bytes[word.start..].starts_with(pattern)
                    || (e.word_end && ends_in_word(text, end))
                {
                    continue;
                }
                out[slot].push((word.start..end, e.pattern as usize));
                free_from[slot] = end;
                done = Some(e.slot);
            }
        }
        out
    }
}

/// What [`WordIndex::scan_with`] collects in its pass over the words besides the rules'
/// matches (nothing by default).
#[derive(Default)]
pub struct Collect<'c> {
    /// The runs that may hold a function word of a rival language
    /// ([`RivalWords::may_hold`]), into the vector given with the rival words.
    pub rival: Option<(&'c RivalWords, &'c mut Vec<Range<usize>>)>,
    /// The names romanization rules look at ([`Document::names`](crate::document::Document::names)
    /// finds the same on its own).
    pub names: Option<&'c mut Vec<Range<usize>>>,
}

/// Whether a word character follows byte `at` of `text`.
fn ends_in_word(text: &str, at: usize) -> bool {
    at < text.len() && is_word_char(crate::scan::char_at(text, at).0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::kinds::{casing::Casing, substitution, Kind};
    use crate::rules::{Applicability, RuleMeta, Severity};
    use proptest::prelude::*;

    fn rule(kind: Kind) -> Rule {
        Rule {
            meta: RuleMeta {
                id: "t".into(),
                kind_name: "substitution",
                category: "t".into(),
                languages: Vec::new(),
                message: String::new(),
                severity: Severity::Warning,
                fix: Applicability::Safe,
                fix_safety: None,
                why: None,
                examples: Vec::new(),
                clean: Vec::new(),
                unless: Vec::new(),
                priority: 0,
                file: String::new(),
                provenance: None,
                data_files: Vec::new(),
            },
            kind,
        }
    }

    fn substitution(entries: &[&str]) -> Rule {
        let entries: Vec<(String, Vec<String>)> = entries
            .iter()
            .map(|e| (e.to_string(), vec![format!("<{e}>")]))
            .collect();
        let s = substitution::Substitution::new(&entries, substitution::CaseMode::Exact)
            .expect("entries");
        rule(Kind::Substitution(s))
    }

    /// Every rule's matches through the index equal its own matcher's.
    fn same_as_matchers(rules: &[Rule], text: &str) {
        let index = WordIndex::new(rules.iter().enumerate());
        let hits = index.scan(text, rules);
        for (i, r) in rules.iter().enumerate() {
            let Some(slot) = index.slot(i) else { continue };
            let own = r.kind.word_list().expect("word list").find(text);
            assert_eq!(hits[slot], own, "rule {i} on {text:?}");
        }
    }

    #[test]
    fn multi_word_entries_longest_first_per_rule() {
        let rules = [
            substitution(&["Andriï", "Andriï Iermak", "Iermak", "Kiew"]),
            substitution(&["Andriï Iermak Jr", "Iermak", "New York"]),
            rule(Kind::Casing(
                Casing::new(&["Kyiv".into(), "New York".into(), "Kyivan".into()]).expect("list"),
            )),
        ];
        for text in [
            "Andriï Iermak Jr met Andriï Iermakov in Kiew, new york and kyiv; kyivan kyivans",
            "Andriï Iermak, Andriï  Iermak, Andriï\u{308} Iermak, xAndriï Iermak_ Iermak",
            "Andriï Iermak Jr. New York, New Yorker, New York",
            "Merkel'x Merkel' Kiew'",
        ] {
            same_as_matchers(&rules, text);
        }
        let index = WordIndex::new(rules.iter().enumerate());
        let text = "Andriï Iermak Jr";
        let hits = index.scan(text, &rules);
        assert_eq!(hits[0], vec![(0..14, 1)]);
        assert_eq!(hits[1], vec![(0..text.len(), 0)]);
    }

    #[test]
    fn the_pass_over_the_words_collects_the_runs_with_rival_function_words() {
        let rules = [substitution(&["Kiew", "Andriï Iermak"])];
        let text = "Kiew und Kiev, le 2der Andriï Iermak des für ___ 12 x_les";
        let rival = RivalWords::of("en");
        for rules in [&rules[..], &[]] {
            let index = WordIndex::new(rules.iter().enumerate());
            let mut found = Vec::new();
            let hits = index.scan_with(
                text,
                rules,
                Collect {
                    rival: Some((rival, &mut found)),
                    names: None,
                },
            );
            assert_eq!(hits, index.scan(text, rules));
            assert_eq!(found, rival.runs_in(text));
            let words: Vec<&str> = found.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(words, ["und", "le", "2der", "des", "für", "x_les"]);
        }
    }

    /// The names the pass collects, with rules or without, and with the rival words or
    /// without.
    fn collected_names(text: &str, rules: &[Rule], rival: bool) -> Vec<Range<usize>> {
        let index = WordIndex::new(rules.iter().enumerate());
        let (mut names, mut runs) = (Vec::new(), Vec::new());
        let hits = index.scan_with(
            text,
            rules,
            Collect {
                rival: rival.then(|| (RivalWords::of("en"), &mut runs)),
                names: Some(&mut names),
            },
        );
        assert_eq!(hits, index.scan(text, rules));
        names
    }

    #[test]
    fn the_pass_over_the_words_collects_the_names() {
        let rules = [substitution(&["Kiew", "Koursk"])];
        let text = "Koursk, KURSK, IoT, Al, Éva, Ïa, Київ and MagLatch (kyiv) Tchassiv_1 Kiew";
        for rules in [&rules[..], &[]] {
            for rival in [false, true] {
                let names = collected_names(text, rules, rival);
                assert_eq!(names, crate::rules::kinds::romanization::names(text));
                let words: Vec<&str> = names.iter().map(|r| &text[r.clone()]).collect();
                assert_eq!(words, ["Koursk", "Éva", "Київ", "Tchassiv_1", "Kiew"]);
            }
        }
    }

    proptest! {
        /// The pass finds the names [`romanization::names`] finds, in any text.
        #[test]
        fn the_pass_finds_the_names_the_byte_scan_finds(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "Kursk", "kyiv", "IoT", "Éva", "Київ", "київ", "Al", "KURSK", "é", "É", " ", ".",
                "_", "1", "\u{308}", "Ab", "c", "Z", "\n", "Ǆa", "ǅab", "ß", "ẞxy", "-", "’",
                "aaaaaaa", "Bbbbbbbbbb", "Kiew", "Aé", "Éé",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            let rules = [substitution(&["Kiew"])];
            prop_assert_eq!(
                collected_names(&text, &rules, true),
                crate::rules::kinds::romanization::names(&text)
            );
        }
    }

    #[test]
    fn rules_with_entries_at_non_word_edges_are_left_out() {
        let rules = [
            substitution(&["-Putin", "Kiew"]),
            substitution(&["Kiew", "Merkel'"]),
        ];
        let index = WordIndex::new(rules.iter().enumerate());
        assert_eq!(index.slot(0), None);
        assert_eq!(index.slot(1), Some(0));
    }

    /// Random entries of a few words over a tiny alphabet (so they share words and prefixes),
    /// trimmed to start with a word character (the rules the index serves).
    fn entry() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec!["a", "b", " ", "-", "'", "é", "\u{308}"]),
            1..6,
        )
        .prop_map(|p| {
            p.concat()
                .trim_start_matches(|c| !is_word_char(c))
                .to_string()
        })
    }

    proptest! {
        #[test]
        fn index_equals_each_rules_matcher(
            lists in proptest::collection::vec(proptest::collection::vec(entry(), 1..6), 1..4),
            // The text: the entries (by index) and extra fragments between them.
            pieces in proptest::collection::vec(
                (
                    any::<prop::sample::Index>(),
                    prop::sample::select(vec!["", " ", "a", "b", "-", "_", "\u{308}", "."]),
                ),
                0..12,
            ),
        ) {
            let all: Vec<&String> = lists.iter().flatten().collect();
            let text: String = pieces
                .iter()
                .map(|(i, extra)| format!("{}{extra}", i.get(&all)))
                .collect();
            let rules: Vec<Rule> = lists
                .iter()
                .filter_map(|list| {
                    let mut entries: Vec<String> =
                        list.iter().filter(|e| !e.is_empty()).cloned().collect();
                    entries.sort();
                    entries.dedup();
                    let e: Vec<(String, Vec<String>)> = entries
                        .iter()
                        .map(|e| (e.clone(), vec![format!("<{e}>")]))
                        .collect();
                    substitution::Substitution::new(&e, substitution::CaseMode::Exact)
                        .ok()
                        .map(|s| rule(Kind::Substitution(s)))
                })
                .collect();
            same_as_matchers(&rules, &text);
        }
    }
}
