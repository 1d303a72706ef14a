//! Language detection with lingua: built once, limited to the languages mtlint has rules for
//! plus the common source languages of machine translation, and called only where it can change
//! an answer (a document's language when `--lang` is not given; a sentence that a cheap
//! pre-filter marks as possibly foreign).

use std::sync::OnceLock;

use crate::scan::char_table::is_alphabetic;
use lingua::{IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder};

mod rival_words;
pub use rival_words::RivalWords;

/// The languages detection can answer, as ISO 639-1 codes.
pub const SUPPORTED: &[&str] = &[
    "en", "fr", "de", "es", "it", "pt", "nl", "pl", "cs", "uk", "ru",
];

/// Bytes of a document sampled to detect its language (enough for a few sentences).
pub const SAMPLE_BYTES: usize = 4096;
/// Fewer letters than this and the language is not guessed.
const MIN_LETTERS: usize = 40;
/// The top language's confidence must reach this for the guess to be used.
const MIN_CONFIDENCE: f64 = 0.5;

fn languages() -> Vec<Language> {
    SUPPORTED
        .iter()
        .filter_map(|c| c.parse::<IsoCode639_1>().ok())
        .map(|c| Language::from_iso_code_639_1(&c))
        .collect()
}

/// The shared detector (models load lazily, on first use of each language).
pub fn detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| LanguageDetectorBuilder::from_languages(&languages()).build())
}

/// The ISO 639-1 code of a lingua language.
pub fn code(lang: Language) -> String {
    lang.iso_code_639_1().to_string()
}

/// Texts of up to this many bytes have their [`confidences`] kept for the next time.
const MEMO_TEXT_BYTES: usize = 1024;
/// At most this many texts' confidences are kept; the memo starts afresh when it is full.
const MEMO_ENTRIES: usize = 4096;

/// Every supported language with its confidence for `text`, most likely first.
///
/// The detector costs about 5 µs a byte, and the same sentences come back across the
/// documents of an archive (licences, boilerplate, bylines, quoted slogans): the answers for
/// short texts are kept, for the whole process, in a bounded memo (6 MB at most). Over the
/// first 60 MB of the benchmark's prose, 406 of the 631 sentences handed to the detector
/// were distinct.
pub fn confidences(text: &str) -> Vec<(String, f64)> {
    type Memo = std::sync::Mutex<
        std::collections::HashMap<Box<str>, Vec<(String, f64)>, foldhash::fast::FixedState>,
    >;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let memo = MEMO.get_or_init(Memo::default);
    let kept = text.len() <= MEMO_TEXT_BYTES;
    if kept {
        // (a poisoned lock only costs the memo)
        if let Some(all) = memo.lock().ok().and_then(|m| m.get(text).cloned()) {
            return all;
        }
    }
    let all = detected_confidences(text);
    if kept {
        if let Ok(mut m) = memo.lock() {
            if m.len() >= MEMO_ENTRIES {
                m.clear();
            }
            m.insert(text.into(), all.clone());
        }
    }
    all
}

/// Confidences are rounded to this many decimal places.
const CONFIDENCE_DIGITS: i32 = 9;

/// [`confidences`] as the detector gives them, rounded to [`CONFIDENCE_DIGITS`] places:
/// lingua sums its probabilities in hash order, so that the last digits of its answer for
/// the same text changed from call to call (and `detect --format json` from run to run).
fn detected_confidences(text: &str) -> Vec<(String, f64)> {
    let scale = 10f64.powi(CONFIDENCE_DIGITS);
    let mut all: Vec<(String, f64)> = detector()
        .compute_language_confidence_values(text)
        .into_iter()
        .map(|(l, c)| (code(l), (c * scale).round() / scale))
        .collect();
    // Highest first, ties by language code: lingua leaves tied languages (Russian and
    // Ukrainian on a lone `ꙻ`) in hash order, which changes from run to run, and so did the
    // language a finding named.
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all
}

/// How a document's language was decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The language code used.
    pub lang: String,
    /// The detector's confidence in it (1.0 when given explicitly).
    pub confidence: f64,
    /// Why the default was used instead of a guess, if it was.
    pub fallback: Option<String>,
}

/// A prefix of `text` of about `max` bytes, cut on a character boundary.
pub fn sample(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Texts at least this long are sampled in three places (see [`document_sample`]).
pub const SPREAD_SAMPLE_BYTES: usize = 64 * 1024;

/// The text a document's language is detected from: its first [`SAMPLE_BYTES`] (cut on a
/// character boundary), and for a text of at least [`SPREAD_SAMPLE_BYTES`] also as much from
/// its middle and from its end (each from the start of a line, see `sample_piece`), so that
/// a long file that opens with a preface, a licence or a table of contents in another
/// language is not taken for a document in that language, and every sentence of the rest for
/// text left untranslated (a 14 MB file opening with 4 KB of Korean took 33 s).
pub fn document_sample(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() < SPREAD_SAMPLE_BYTES {
        return std::borrow::Cow::Borrowed(sample(text, SAMPLE_BYTES));
    }
    let bytes = text.as_bytes();
    let sampled = document_sample_by(text.len(), |at, len| {
        Some(std::borrow::Cow::Borrowed(
            &bytes[at..(at + len).min(bytes.len())],
        ))
    });
    // (a text's windows are UTF-8 wherever they are cut: `sample_piece` cuts on boundaries)
    std::borrow::Cow::Owned(sampled.unwrap_or_default())
}

/// [`document_sample`] of a text of `len` bytes read by `read(at, len)` (its bytes
/// `at..at + len`, fewer at its end), as a large file read a block at a time is sampled
/// without being read whole. `None` when `read` fails or a piece is not UTF-8.
pub fn document_sample_by<'t>(
    len: usize,
    mut read: impl FnMut(usize, usize) -> Option<std::borrow::Cow<'t, [u8]>>,
) -> Option<String> {
    // The first piece as `sample` cuts it: the bytes up to SAMPLE_BYTES, back to a boundary.
    let first = read(0, SAMPLE_BYTES + 4)?;
    let mut out = utf8_prefix(&first)?.to_string();
    if len >= SPREAD_SAMPLE_BYTES {
        for at in [len / 2, len - 2 * SAMPLE_BYTES] {
            let window = read(at, 2 * SAMPLE_BYTES)?;
            out.push_str("\n\n");
            out.push_str(sample_piece(&window)?);
        }
    }
    Some(out)
}

/// The piece a document sample takes from `window` (a text's bytes from some offset on, up
/// to `2 * SAMPLE_BYTES`): from the start of the first line that starts in its first
/// [`SAMPLE_BYTES`] (else from its first character), at most [`SAMPLE_BYTES`] bytes, cut on
/// a character boundary. `None` when these bytes are not UTF-8.
fn sample_piece(window: &[u8]) -> Option<&str> {
    let head = &window[..window.len().min(SAMPLE_BYTES)];
    let start = match memchr::memchr(b'\n', head) {
        Some(i) => i + 1,
        None => (0..window.len())
            .find(|&i| window[i] & 0xC0 != 0x80)
            .unwrap_or(window.len()),
    };
    utf8_prefix(&window[start..])
}

/// The first [`SAMPLE_BYTES`] of `bytes` or fewer, cut back to a character boundary (the byte
/// after the cut tells whether it is one), as text. `None` when these bytes are not UTF-8.
fn utf8_prefix(bytes: &[u8]) -> Option<&str> {
    let mut end = bytes.len().min(SAMPLE_BYTES);
    while end < bytes.len() && bytes[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    std::str::from_utf8(&bytes[..end]).ok()
}

/// Detect the language of a document from its first few sentences (and, in a long text, a
/// few from its middle and its end: [`document_sample`]), falling back to `default` when the
/// text is too short or the guess is too weak.
pub fn detect_document(text: &str, default: &str) -> Detection {
    detect_sample(&document_sample(text), default, true)
}

/// The language of a document, as [`detect_document`] decides it, but stopping the sentence
/// vote as soon as the remaining sentences cannot change the outcome: the language is the
/// same, and the confidence is a lower bound of the exact one (at least the threshold).
pub fn detect_document_language(text: &str, default: &str) -> Detection {
    detect_sample(&document_sample(text), default, false)
}

/// The language of a document whose [`document_sample`] is `sample`, as
/// [`detect_document`] (`exact`) or [`detect_document_language`] decide it.
pub fn detect_sample(sample: &str, default: &str, exact: bool) -> Detection {
    let letters = crate::scan::count_letters(sample);
    let fallback = |why: String| Detection {
        lang: default.to_string(),
        confidence: 0.0,
        fallback: Some(why),
    };
    // A script no language of lingua's writes (kana, Hangul, Han, Greek...): the script tells
    // the language, where lingua could only pick among languages the text is not in.
    if let Some((lang, share)) = other_script(sample, letters) {
        return Detection {
            lang: lang.to_string(),
            confidence: share,
            fallback: None,
        };
    }
    if letters < MIN_LETTERS {
        return fallback(format!(
            "too little text to tell its language ({letters} letters)"
        ));
    }
    // Function words first: for most documents one language's are far ahead, and counting
    // them costs a hash lookup a word where the statistical detector costs thousands.
    let (counts, words) = function_word_counts(sample);
    if let Some((lang, confidence)) = function_word_vote_of(sample, &counts) {
        return Detection {
            lang,
            confidence,
            fallback: None,
        };
    }
    if let Some(why) = not_prose(sample, &counts, words) {
        return fallback(why);
    }
    // Vote sentence by sentence, weighted by letters, so that one quoted sentence in another
    // language does not decide for the whole document.
    let mut votes: Vec<(String, usize)> = Vec::new();
    let mut total = 0;
    let pieces: Vec<(&str, usize)> = vote_pieces(sample)
        .into_iter()
        .filter(|&(_, n)| n >= 20)
        .collect();
    let mut unseen: usize = pieces.iter().map(|&(_, n)| n).sum();
    for (piece, n) in pieces {
        unseen -= n;
        if let Some((lang, _)) = confidences(piece).into_iter().next() {
            total += n;
            match votes.iter_mut().find(|(l, _)| *l == lang) {
                Some((_, w)) => *w += n,
                None => votes.push((lang, n)),
            }
        }
        if !exact {
            if let Some(d) = settled(&votes, total + unseen, unseen) {
                return d;
            }
        }
    }
    if total == 0 {
        if let Some((lang, c)) = confidences(sample).into_iter().next() {
            votes.push((lang, (c * 100.0) as usize));
            total = 100;
        }
    }
    votes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    match votes.into_iter().next() {
        Some((lang, w)) if w as f64 / total as f64 >= MIN_CONFIDENCE => Detection {
            lang,
            confidence: w as f64 / total as f64,
            fallback: None,
        },
        Some((lang, w)) => fallback(format!(
            "language unclear (best guess {lang} at {:.2})",
            w as f64 / total as f64
        )),
        None => fallback("language unclear".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_documents_and_falls_back() {
        let en = detect_document("Ukraine has just launched a new surprise offensive in the Russian region of Kursk, officials said on Sunday.", "en");
        assert_eq!((en.lang.as_str(), en.fallback.is_none()), ("en", true));
        let fr = detect_document("L'Ukraine vient de lancer une nouvelle offensive surprise dans la région russe de Koursk, selon des responsables.", "en");
        assert_eq!(fr.lang, "fr");
        let mixed = detect_document("The talks went on for hours in Kyiv on Sunday and Monday. They resumed on Tuesday with new proposals. Le gouvernement a annoncé une nouvelle aide.", "en");
        assert_eq!(mixed.lang, "en");
        let short = detect_document("Kyiv.", "de");
        assert_eq!(short.lang, "de");
        assert!(short.fallback.unwrap().contains("too little text"));
    }

    #[test]
    fn lists_and_code_are_not_prose() {
        let files: String = (0..40)
            .map(|i| format!(" libs/hana/test/basic_tuple/auto/take_front_{i}.cpp\n"))
            .collect();
        let dbus: String = (0..50)
            .map(|i| format!("ListUnitsByPatterns{i}()\norg.freedesktop.systemd1(5)\n\n"))
            .collect();
        for text in [&files, &dbus] {
            let d = detect_document(text, "de");
            assert_eq!(d.lang, "de", "{text}");
            assert!(
                d.fallback.is_some_and(|f| f.contains("not prose")),
                "{text}"
            );
            assert_eq!(detect_document_language(text, "en").lang, "en");
        }
        // The bounds: 150 words, fewer than 2 % function words, Latin script.
        let latin = "word ".repeat(150);
        let counts = |n: u32| {
            let mut c = [0u32; 32];
            c[3] = n;
            c[5] = n / 2;
            c
        };
        assert!(not_prose(&latin, &counts(2), 150).is_some());
        assert_eq!(not_prose(&latin, &counts(3), 150), None);
        assert_eq!(not_prose(&latin, &counts(0), 149), None);
        assert!(not_prose(&latin, &counts(3), 151).is_some());
        assert_eq!(not_prose(&"слово ".repeat(150), &counts(0), 150), None);
        // Prose, even terse prose such as headlines, is a tenth or more function words; and
        // text in another script is left to the detector.
        let headlines = "Scholz kündigt weitere Lieferungen von Luftabwehrsystemen an\n\
                         Selenskyj trifft Macron in Paris\n\
                         Neue Angriffe auf Charkiw in der Nacht\n\
                         Bundestag stimmt für höhere Ausgaben\n\
                         Drohnen treffen Energieanlagen im Süden\n\
                         Verhandlungen über Waffenruhe gehen weiter\n";
        let prose = [
            ("de", headlines.repeat(4)),
            (
                "fr",
                "Le gouvernement a annoncé une aide pour les réfugiés de la région. ".repeat(12),
            ),
            (
                "es",
                "El presidente anunció nuevas ayudas para la reconstrucción del país. ".repeat(12),
            ),
            (
                "pl",
                "Prezydent spotkał się z ministrami w sprawie pomocy dla miasta. ".repeat(12),
            ),
            (
                "uk",
                "Харків Одеса Дніпро Запоріжжя Херсон Миколаїв Полтава Суми\n".repeat(20),
            ),
        ];
        for (lang, text) in prose {
            let d = detect_document(&text, "en");
            assert_eq!((d.lang.as_str(), d.fallback), (lang, None), "{text}");
        }
    }

    #[test]
    fn a_settled_vote_stops_early_with_the_same_language() {
        // Sentences with few function words, so that the sentence vote decides.
        let sentences = [
            "Kyiv Kharkiv Odesa regional administration reported heavy shelling overnight.\n",
            "Président Macron rencontrera Zelensky lundi prochain à Paris, annonce l'Élysée.\n",
            "Bundeskanzler Scholz kündigte weitere Lieferungen von Luftabwehrsystemen an.\n",
            "Presidente Sánchez anunció nuevas ayudas militares durante una visita oficial.\n",
            "Drone strikes damaged energy infrastructure across southern regions yesterday.\n",
        ];
        let mut seen_early = 0;
        for mask in 0u32..625 {
            // Every sequence of four sentences over the five languages (5^4).
            let mut m = mask;
            let text: String = (0..4)
                .map(|_| {
                    let s = sentences[(m % 5) as usize];
                    m /= 5;
                    s
                })
                .collect();
            let exact = detect_document(&text, "en");
            let fast = detect_document_language(&text, "en");
            assert_eq!(exact.lang, fast.lang, "{text}");
            assert_eq!(exact.fallback.is_some(), fast.fallback.is_some(), "{text}");
            assert!(fast.confidence <= exact.confidence + 1e-9, "{text}");
            seen_early += usize::from(fast.confidence < exact.confidence);
        }
        // The shortcut is taken (else this test would not test it).
        assert!(seen_early > 0);
    }

    #[test]
    fn function_words_decide_clear_cases_only() {
        let en = "The offensive began in the summer, and the army said that it was ready for the \
                  next phase of the war. It is not clear whether the talks will go on, but the \
                  officials were in the capital on Monday and they said that the aid is on its way.";
        let (lang, share) = function_word_vote(en).expect("clearly English");
        assert_eq!(lang, "en");
        assert!(share > 0.5 && share <= 1.0, "{share}");
        assert_eq!(detect_document(en, "de").lang, "en");
        // Too few function words to tell: the statistical detector decides.
        assert_eq!(
            function_word_vote("Kyiv, Kharkiv and Odesa on Monday."),
            None
        );
        // Romance languages share their function words: no clear winner, or the right one.
        let fr = "Le gouvernement a annoncé une nouvelle aide pour les réfugiés de la région, et \
                  les autorités ont dit que la situation est difficile dans le pays, mais que les \
                  négociations vont continuer avec les représentants de la ville et du pays.";
        assert!(function_word_vote(fr).is_none_or(|(l, _)| l == "fr"));
        assert_eq!(detect_document(fr, "en").lang, "fr");
    }

    #[test]
    fn a_few_function_words_of_one_language_alone_decide_latin_text() {
        // Little prose (a command synopsis), but what there is is English and nothing else.
        let synopsis = "SYNOPSIS gcloud beta container clusters create NAME [--async] \
                        [--zone=ZONE] Create a cluster in the project with the given name. \
                        The flags are described in the reference; it is created now.";
        assert_eq!(
            function_word_vote(synopsis).map(|(l, _)| l),
            Some("en".into())
        );
        // One French function word among them: no longer alone, the detector decides.
        assert_eq!(function_word_vote(&format!("{synopsis} le")), None);
        // English words in text of another script (Japanese has no function words in the
        // table): they decide nothing.
        let ja = "このコードは、定数を参照します。The value is in the list of the items. \
                  エラー！変更できません。この行をコメントアウトしましょう。\
                  関数の中から定数を参照。ライフタイムについては後で説明します。";
        assert!(!mostly_latin(ja));
        assert_eq!(function_word_vote(ja), None);
    }

    #[test]
    fn the_memo_answers_as_the_detector_which_answers_the_same_every_time() {
        let texts = [
            "Ai fini e per gli effetti della presente licenza, si",
            "Руслан Ижбулатов",
            "The talks went on.",
            "ꙻ",
        ];
        for text in texts {
            let first = confidences(text);
            // (the detector's last digits changed from call to call before rounding)
            for _ in 0..20 {
                assert_eq!(detected_confidences(text), first, "{text}");
            }
            // (the second answer is the memo's)
            assert_eq!(confidences(text), first, "{text}");
        }
        let long = "Ai fini e per gli effetti della presente licenza, si ".repeat(30);
        assert!(long.len() > MEMO_TEXT_BYTES);
        assert_eq!(confidences(&long), detected_confidences(&long));
    }

    #[test]
    fn confidences_are_ordered_the_same_way_every_time() {
        // Russian and Ukrainian tie on a lone letter of an old Cyrillic block.
        for text in ["ꙻ", "ⷰ", "Київ", "The talks went on."] {
            let all = confidences(text);
            for pair in all.windows(2) {
                let ((a, x), (b, y)) = (&pair[0], &pair[1]);
                assert!(x > y || (x == y && a < b), "{text}: {all:?}");
            }
        }
    }

    #[test]
    fn the_vote_joins_short_lines_into_pieces_lingua_scores_by_trigrams() {
        // A file list: 30 short lines, of which the vote weighs the first 24.
        let line = "libs/mpl/include/boost/mpl/list_c Karel Zak\n";
        let text = line.repeat(30);
        let pieces = vote_pieces(&text);
        let letters_a_line = line.chars().filter(|c| c.is_alphabetic()).count();
        // Contiguous, from the start, over exactly the first 24 lines.
        assert_eq!(
            pieces.iter().map(|p| p.0.len()).sum::<usize>(),
            24 * line.len()
        );
        assert!(text.starts_with(&pieces.iter().map(|p| p.0).collect::<String>()));
        for (i, &(piece, letters)) in pieces.iter().enumerate() {
            assert_eq!(letters, piece.chars().filter(|c| c.is_alphabetic()).count());
            // Every piece but the last reaches the trigram threshold, by the fewest lines.
            if i + 1 < pieces.len() {
                assert!(letters >= TRIGRAMS_ONLY_LETTERS, "{piece:?}");
                assert!(
                    letters - letters_a_line < TRIGRAMS_ONLY_LETTERS,
                    "{piece:?}"
                );
            }
        }
        // Long sentences stay one piece each.
        let prose = "The offensive began in the summer and the army said that it was ready for \
                     the next phase of the war, officials in the capital told reporters on \
                     Monday evening.\n";
        let three = prose.repeat(3);
        let pieces: Vec<(&str, usize)> = vote_pieces(&three)
            .into_iter()
            .filter(|&(_, letters)| letters > 0)
            .map(|(piece, letters)| (piece.trim(), letters))
            .collect();
        assert_eq!(pieces, vec![(prose.trim(), 128); 3]);
    }

    #[test]
    fn scripts_no_detected_language_writes_tell_the_language() {
        let cases = [
            ("アトリビュートはモジュール、クレート、要素に対するメタデータです。以下がその使用目的です。", "ja"),
            ("与 From 和 Into 类似，TryFrom 和 TryInto 是用于类型转换的泛型特质。", "zh"),
            ("하지만 Path는 각각 into_os_string과 as_os_str을 사용하여 변환될 수 있습니다.", "ko"),
            ("Η Ουκρανία ξεκίνησε νέα επίθεση στην περιοχή του Κουρσκ της Ρωσίας.", "el"),
        ];
        for (text, lang) in cases {
            let d = detect_document(text, "en");
            assert_eq!((d.lang.as_str(), d.fallback), (lang, None), "{text}");
            assert!(d.confidence >= 0.5, "{text}");
        }
        // Japanese documentation with English code in it is still Japanese.
        let doc = format!(
            "{}\nfn main() {{ println!(\"The value is in the list of the items\"); }}\n",
            cases[0].0.repeat(2)
        );
        assert_eq!(detect_document(&doc, "en").lang, "ja");
        // A few words of another script in English text decide nothing.
        let en =
            "The talks went on in Kyiv (Київ) and Tokyo (東京) on Monday, officials said, and \
                  they are expected to resume after the holidays in the capital.";
        assert_eq!(detect_document(en, "de").lang, "en");
        assert_eq!(name("ja"), "Japanese");
    }

    /// English prose of at least `len` bytes, a sentence a line.
    fn english(len: usize) -> String {
        let line = "The talks went on for hours in Kyiv, and the ministers said that they \
                    would meet again in the spring with the new proposals.\n";
        line.repeat(len / line.len() + 1)
    }

    #[test]
    fn a_long_text_is_sampled_at_its_start_middle_and_end() {
        // A long file that opens with a Korean preface is English: its middle and end say so.
        let preface = "이 책은 러스트 프로그래밍 언어에 대한 입문서입니다. ".repeat(100);
        let text = format!("{preface}\n{}", english(200_000));
        assert_eq!(detect_document(sample(&text, 5000), "de").lang, "ko");
        assert!(text.len() >= SPREAD_SAMPLE_BYTES);
        assert_eq!(detect_document(&text, "de").lang, "en");
        assert_eq!(detect_document_language(&text, "de").lang, "en");
        // The pieces after the first start at a line's start and are whole characters.
        let s = document_sample(&text);
        let pieces: Vec<&str> = s.split("\n\n").collect();
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0], sample(&text, SAMPLE_BYTES));
        for p in &pieces[1..] {
            assert!(p.starts_with("The talks") && p.len() <= SAMPLE_BYTES, "{p}");
            assert!(text.contains(p));
        }
        // A shorter text: its start only, as it was.
        let short = format!("{preface}\n{}", english(40_000));
        assert!(short.len() < SPREAD_SAMPLE_BYTES);
        assert_eq!(document_sample(&short), sample(&short, SAMPLE_BYTES));
        assert_eq!(detect_document(&short, "de").lang, "ko");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Read window by window (as a large file is), the sample is the text's, and every
        /// piece is whole characters however the windows cut them.
        #[test]
        fn a_sample_read_by_windows_is_the_texts(
            unit in proptest::sample::select(vec!["a", "é", "한", "😀", "\n", " ", "ab\n", "\r\n"]),
            other in proptest::sample::select(vec!["x", "ж", "\n", "語"]),
            len in 0usize..150_000,
            every in 1usize..5000,
        ) {
            let mut text = String::new();
            let mut i = 0;
            while text.len() < len {
                text.push_str(if i % every == every - 1 { other } else { unit });
                i += 1;
            }
            let bytes = text.as_bytes();
            let by_windows = document_sample_by(text.len(), |at, want| {
                Some(std::borrow::Cow::Owned(bytes[at..(at + want).min(bytes.len())].to_vec()))
            });
            proptest::prop_assert_eq!(by_windows.as_deref(), Some(&*document_sample(&text)));
        }
    }

    #[test]
    fn sample_cuts_on_char_boundaries() {
        assert_eq!(sample("Zoë", 3), "Zo");
        assert_eq!(sample("ab", 10), "ab");
    }
}

/// Function words per language (from `rules/any/data/stopwords.tsv`), for the cheap pre-filter:
/// each word maps to a bit mask of the languages it belongs to.
struct StopWords {
    langs: Vec<&'static str>,
    /// Every function word (lowercase).
    words: std::collections::HashMap<&'static str, u32, foldhash::fast::FixedState>,
    /// The all-ASCII function words of up to 8 bytes again, packed for the lookup done on
    /// every word of a sentence (see [`AsciiWords`]).
    ascii: AsciiWords,
    /// The byte length of the longest all-ASCII function word: longer ASCII words are not
    /// looked up at all.
    longest_ascii: usize,
}

/// All-ASCII words of up to 8 bytes, each packed into a `u64` (its bytes, little-endian, zero
/// padded: distinct words give distinct keys), in an open-addressing table probed linearly.
/// A lookup lowercases by setting bit 5 of every byte, hashes by one multiplication and
/// compares integers: no copy, no string hashing.
struct AsciiWords {
    /// `(key, mask)`; key 0 marks an empty slot.
    slots: Vec<(u64, u32)>,
    /// log2 of the number of slots.
    bits: u32,
}

impl AsciiWords {
    /// A table for `n` words: at most a quarter of the slots are used, so probes stay short.
    fn with_room_for(n: usize) -> AsciiWords {
        let bits = (n * 4).max(64).next_power_of_two().trailing_zeros();
        AsciiWords {
            slots: vec![(0, 0); 1 << bits],
            bits,
        }
    }

    /// The key of `word` (ASCII letters and apostrophes, at most 8 bytes), lowercased: setting
    /// bit 5 lowercases an ASCII letter and leaves the apostrophe (0x27) as it is.
    fn key(word: &[u8]) -> Option<u64> {
        Self::key_at(word, 0, word.len())
    }

    /// The key of the word `bytes[start..start + len]`: one unaligned load where 8 bytes are
    /// there to read (a copy to a buffer first would stall the load on the copy's stores).
    fn key_at(bytes: &[u8], start: usize, len: usize) -> Option<u64> {
        let raw = Self::raw_at(bytes, start, len)?;
        Some(Self::lowered(raw, len))
    }

    /// The bytes `bytes[start..start + len]` (1 ≤ `len` ≤ 8) as a little-endian `u64`, zero
    /// padded (see [`crate::scan::packed`]).
    #[inline]
    fn raw_at(bytes: &[u8], start: usize, len: usize) -> Option<u64> {
        crate::scan::packed(bytes, start, len)
    }

    /// The key of the `len` bytes packed in `raw`: bit 5 set in each.
    #[inline]
    fn lowered(raw: u64, len: usize) -> u64 {
        raw | (0x2020_2020_2020_2020 >> (8 * (8 - len)))
    }

    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits)) as usize
    }

    /// Add `mask` to the languages of `word` (lowercase ASCII letters and apostrophes).
    fn add(&mut self, word: &str, mask: u32) {
        let Some(key) = Self::key(word.as_bytes()) else {
            return;
        };
        let n = self.slots.len();
        let mut i = self.slot(key);
        // (never an endless loop: `with_room_for` leaves most slots empty)
        while self.slots[i].0 != 0 && self.slots[i].0 != key {
            i = (i + 1) % n;
        }
        self.slots[i].0 = key;
        self.slots[i].1 |= mask;
    }

    /// The languages of `word` (ASCII letters and apostrophes, any case), if it is a function
    /// word of any.
    #[cfg(test)]
    fn get(&self, word: &[u8]) -> Option<u32> {
        self.get_key(Self::key(word)?)
    }

    /// The languages of the word whose key is `key`.
    fn get_key(&self, key: u64) -> Option<u32> {
        let n = self.slots.len();
        let mut i = self.slot(key);
        loop {
            match self.slots[i] {
                (0, _) => return None,
                (k, mask) if k == key => return Some(mask),
                _ => i = (i + 1) % n,
            }
        }
    }
}

impl StopWords {
    /// The languages of the word `text[word]` (`ascii`: whether its run of letters was all
    /// ASCII), compared without regard to case; `lower` is scratch space.
    fn mask(
        &self,
        text: &str,
        word: std::ops::Range<usize>,
        ascii: bool,
        lower: &mut String,
    ) -> Option<u32> {
        let w = &text[word.clone()];
        if ascii || w.is_ascii() {
            if w.len() > self.longest_ascii {
                return None;
            }
            if w.len() <= 8 {
                return self.ascii.get_key(AsciiWords::key_at(
                    text.as_bytes(),
                    word.start,
                    w.len(),
                )?);
            }
        } else if w.len() > 16 {
            return None;
        }
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        self.words.get(lower.as_str()).copied()
    }
}

fn stopwords() -> &'static StopWords {
    static SW: OnceLock<StopWords> = OnceLock::new();
    SW.get_or_init(|| {
        let text = crate::rules::builtin::file("any/data/stopwords.tsv").unwrap_or("");
        let mut sw = StopWords {
            langs: Vec::new(),
            words: Default::default(),
            ascii: AsciiWords::with_room_for(0),
            longest_ascii: 0,
        };
        for (lang, words) in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
        {
            let bit = 1u32 << sw.langs.len().min(31);
            sw.langs.push(lang.trim());
            for w in words.split_whitespace() {
                *sw.words.entry(w).or_insert(0) |= bit;
            }
        }
        let ascii: Vec<(&str, u32)> = sw
            .words
            .iter()
            .filter(|(w, _)| w.is_ascii())
            .map(|(w, m)| (*w, *m))
            .collect();
        sw.ascii = AsciiWords::with_room_for(ascii.len());
        for (w, mask) in ascii {
            sw.longest_ascii = sw.longest_ascii.max(w.len());
            sw.ascii.add(w, mask);
        }
        sw
    })
}

/// Whether `text` holds any Cyrillic letter: only the characters at the bytes that can start
/// one are decoded (see [`crate::scan::is_cyrillic_lead`]), ASCII is skipped 32 bytes at a
/// time.
pub fn has_cyrillic(text: &str) -> bool {
    crate::scan::lead_chars(text, crate::scan::is_cyrillic_lead).any(|(_, c)| is_cyrillic(c))
}

/// Whether `c` is a Cyrillic letter.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

/// Whether texts in `lang` are written in Cyrillic.
pub fn writes_cyrillic(lang: &str) -> bool {
    matches!(lang, "uk" | "ru" | "be" | "bg" | "sr" | "mk" | "kk")
}

/// Whether the Cyrillic letter at `range` is a look-alike inside a number: the `С` of `22°С`
/// (degrees Celsius) or the `х` of `105х195` (a times sign). Other letters glued to numbers
/// (`3650р.`, roubles) are real Cyrillic words.
pub fn is_numeric_lookalike(text: &str, range: std::ops::Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    match &text[range] {
        "С" | "с" => before == Some('°'),
        "х" | "Х" => {
            before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// A stretch of text in another language than the document's.
#[derive(Debug, Clone, PartialEq)]
pub struct Foreign {
    /// Its byte range.
    pub range: std::ops::Range<usize>,
    /// Its language code (best guess).
    pub lang: String,
    /// The detector's confidence (1.0 when the script alone decides).
    pub confidence: f64,
}

/// The English name of a supported language code.
pub fn name(code: &str) -> &'static str {
    match code {
        "en" => "English",
        "fr" => "French",
        "de" => "German",
        "es" => "Spanish",
        "it" => "Italian",
        "pt" => "Portuguese",
        "nl" => "Dutch",
        "pl" => "Polish",
        "cs" => "Czech",
        "uk" => "Ukrainian",
        "ru" => "Russian",
        "ja" => "Japanese",
        "zh" => "Chinese",
        "ko" => "Korean",
        "el" => "Greek",
        "ar" => "Arabic",
        "he" => "Hebrew",
        "hi" => "Hindi",
        "th" => "Thai",
        "hy" => "Armenian",
        "ka" => "Georgian",
        _ => "another language",
    }
}

/// Words of `text` (letters and inner apostrophes) with their byte ranges: the definition the
/// fast scans of [`function_word_counts`] and [`cyrillic_words`] are tested against.
#[cfg(test)]
fn words(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let is_apostrophe = |c: char| c == '\'' || c == '’';
    // A word is a run of letters and apostrophes without its leading and trailing apostrophes.
    crate::scan::runs(text, move |c| c.is_alphabetic() || is_apostrophe(c)).filter_map(move |r| {
        let w = &text[r.clone()];
        let trimmed = w.trim_start_matches(is_apostrophe);
        let start = r.start + (w.len() - trimmed.len());
        let end = start + trimmed.trim_end_matches(is_apostrophe).len();
        (end > start).then_some(start..end)
    })
}

/// Runs of Cyrillic words inside a document written in a Latin-script language: text the MT
/// left untranslated (`дякуємо`). Words mixing scripts (homoglyphs) are left to other rules.
pub fn cyrillic_runs(text: &str) -> Vec<Foreign> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for w in cyrillic_words(text) {
        let word = &text[w.clone()];
        if !word.chars().filter(|&c| is_alphabetic(c)).all(is_cyrillic) {
            continue;
        }
        if is_numeric_lookalike(text, w.clone()) {
            continue;
        }
        match runs.last_mut() {
            Some(r)
                if text[r.end..w.start]
                    .chars()
                    .all(|c| !is_alphabetic(c) && c != '\n') =>
            {
                r.end = w.end
            }
            _ => runs.push(w),
        }
    }
    runs.into_iter()
        .map(|range| {
            let (lang, confidence) = cyrillic_language(&text[range.clone()]);
            Foreign {
                range,
                lang,
                confidence,
            }
        })
        .collect()
}

/// The words of `text` (as [`words`] cuts them) that hold a Cyrillic letter, in order (found
/// by [`crate::scan::runs_with_cyrillic`]: a byte scan on text with few Cyrillic words).
fn cyrillic_words(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let is_apostrophe = |c: char| c == '\'' || c == '’';
    crate::scan::runs_with_cyrillic(text, move |c| is_alphabetic(c) || is_apostrophe(c)).map(
        move |r| {
            // Without the run's apostrophes at either end, as `words` cuts it.
            let w = &text[r.clone()];
            let trimmed = w.trim_start_matches(is_apostrophe);
            let start = r.start + (w.len() - trimmed.len());
            start..start + trimmed.trim_end_matches(is_apostrophe).len()
        },
    )
}

/// Ukrainian or Russian? Letters only one of them has decide; otherwise the detector does.
fn cyrillic_language(run: &str) -> (String, f64) {
    if run
        .chars()
        .any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ'))
    {
        return ("uk".into(), 1.0);
    }
    if run
        .chars()
        .any(|c| matches!(c, 'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ъ' | 'Ё'))
    {
        return ("ru".into(), 1.0);
    }
    confidences(run)
        .into_iter()
        .find(|(l, _)| writes_cyrillic(l))
        .unwrap_or(("ru".into(), 0.0))
}

/// How many of the words of `text` (as [`words`] cuts them) are function words of each
/// language of the stop-word table (by its bit index), and how many words it has.
///
/// One pass over the bytes: ASCII is classified by a table and words of ASCII letters are
/// looked up without being copied; only words with other letters are decoded and lowercased.
fn function_word_counts(text: &str) -> ([u32; 32], usize) {
    let is_apostrophe = |c: char| c == '\'' || c == '’';
    let is_word = move |c: char| is_alphabetic(c) || is_apostrophe(c);
    static CLASS: OnceLock<crate::scan::AsciiClass> = OnceLock::new();
    let class = CLASS.get_or_init(|| crate::scan::ascii_class(is_word));
    let sw = stopwords();
    let bytes = text.as_bytes();
    let mut counts = [0u32; 32];
    let mut n_words = 0;
    let mut lower = String::new();
    // Runs of word characters (letters and apostrophes).
    for run in crate::scan::runs_of_class(text, class, is_word) {
        let (start, at) = (run.start, run.end);
        let len = at - start;
        // Most words: ASCII, at most 8 bytes, no apostrophe at either end. One load gives
        // both the ASCII test and the lookup key.
        if let Some(raw) = AsciiWords::raw_at(bytes, start, len) {
            if raw & 0x8080_8080_8080_8080 == 0 && bytes[start] != b'\'' && bytes[at - 1] != b'\'' {
                n_words += 1;
                if len <= sw.longest_ascii {
                    if let Some(bits) = sw.ascii.get_key(AsciiWords::lowered(raw, len)) {
                        add(&mut counts, bits, bytes, start, at);
                    }
                }
                continue;
            }
        }
        let ascii = bytes[run].is_ascii();
        // The word without leading and trailing apostrophes.
        let word = if ascii && bytes[start] != b'\'' && bytes[at - 1] != b'\'' {
            start..at
        } else {
            let from = text[start..at].trim_start_matches(is_apostrophe);
            let first = at - from.len();
            first..first + from.trim_end_matches(is_apostrophe).len()
        };
        if word.is_empty() {
            continue;
        }
        n_words += 1;
        if let Some(bits) = sw.mask(text, word, ascii, &mut lower) {
            add(&mut counts, bits, bytes, start, at);
        }
    }
    (counts, n_words)
}

/// Counts the function word `bytes[start..end]` for the languages of `bits`, unless it is
/// glued to more text (checked here, after the lookup: most words are not function words).
#[inline]
fn add(counts: &mut [u32; 32], mut bits: u32, bytes: &[u8], start: usize, end: usize) {
    if glued(bytes, start, end) {
        return;
    }
    while bits != 0 {
        counts[bits.trailing_zeros() as usize] += 1;
        bits &= bits - 1;
    }
}

/// Whether the word run `start..end` of `bytes` is part of an identifier rather than a word
/// of prose: joined to more text by `-`, `/`, `\\`, `_`, `=`, `@`, or by a dot between word
/// characters (`os-config`, `po/sk.po`, `example.com`, `non-exclusive`). Such words are not
/// counted as function words: command lines, paths and hyphenated English compounds are full
/// of them (`os` and `com` are Portuguese, `po` Polish, `non` Italian), and prose in any
/// language rarely glues a function word to another word.
fn glued(bytes: &[u8], start: usize, end: usize) -> bool {
    const JOINERS: &[u8] = b"-/\\_=@";
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let before = start.checked_sub(1).map(|i| bytes[i]);
    let after = bytes.get(end).copied();
    before.is_some_and(|b| {
        JOINERS.contains(&b)
            || (b == b'.' && start.checked_sub(2).is_some_and(|i| word_byte(bytes[i])))
    }) || after.is_some_and(|b| {
        JOINERS.contains(&b) || (b == b'.' && bytes.get(end + 1).is_some_and(|&n| word_byte(n)))
    })
}

/// [`function_word_vote_of`] `sample`, counting its function words.
#[cfg(test)]
fn function_word_vote(sample: &str) -> Option<(String, f64)> {
    function_word_vote_of(sample, &function_word_counts(sample).0)
}

/// The language whose function words clearly dominate `sample` (at least
/// [`CLEAR_FUNCTION_WORDS`] of them, and [`CLEAR_MARGIN`] times as many as any other
/// language's; or at least [`ALONE_FUNCTION_WORDS`] when no other language has any and the
/// sample is written in Latin script), with its share of the function words: the cheap first
/// step of document detection. `counts` are the sample's [`function_word_counts`]. `None`
/// leaves the question to the statistical detector.
fn function_word_vote_of(sample: &str, counts: &[u32; 32]) -> Option<(String, f64)> {
    let sw = stopwords();
    let mut ranked: Vec<(u32, &str)> = sw
        .langs
        .iter()
        .enumerate()
        .map(|(i, l)| (counts[i.min(31)], *l))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let (top, lang) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.0);
    let total: u32 = ranked.iter().map(|r| r.0).sum();
    (((top >= CLEAR_FUNCTION_WORDS && top >= CLEAR_MARGIN * second)
        || (top >= ALONE_FUNCTION_WORDS && second == 0 && mostly_latin(sample)))
        && SUPPORTED.contains(&lang))
    .then(|| (lang.to_string(), f64::from(top) / f64::from(total)))
}

/// Letters from which lingua scores a text by its trigrams alone (below, by every n-gram from
/// one to five letters, which costs about five times as much a letter).
const TRIGRAMS_ONLY_LETTERS: usize = 120;

/// The pieces of `sample` the document vote weighs, with their letters: its first 24
/// sentences or lines, consecutive ones joined until a piece has
/// [`TRIGRAMS_ONLY_LETTERS`] letters (lines of lists and code are short, and lingua scores a
/// short text at five times the cost a letter of a long one).
fn vote_pieces(sample: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let (mut start, mut letters) = (0, 0);
    let mut end = 0;
    for piece in sample.split_inclusive(['.', '!', '?', '\n']).take(24) {
        end += piece.len();
        letters += crate::scan::count_letters(piece);
        if letters >= TRIGRAMS_ONLY_LETTERS {
            out.push((&sample[start..end], letters));
            (start, letters) = (end, 0);
        }
    }
    if end > start {
        out.push((&sample[start..end], letters));
    }
    out
}

/// The outcome of a sentence vote that the `unseen` letters left to vote cannot change: the
/// leader is ahead of the runner-up by more than `unseen`, and holds at least
/// [`MIN_CONFIDENCE`] of `most` (the largest total the vote can reach).
fn settled(votes: &[(String, usize)], most: usize, unseen: usize) -> Option<Detection> {
    let (lead, w) = votes
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    let second = votes
        .iter()
        .filter(|(l, _)| l != lead)
        .map(|&(_, w)| w)
        .max()
        .unwrap_or(0);
    let confidence = *w as f64 / most as f64;
    (*w > second + unseen && confidence >= MIN_CONFIDENCE).then(|| Detection {
        lang: lead.clone(),
        confidence,
        fallback: None,
    })
}

/// The scripts of languages mtlint does not detect with lingua, each with the language it tells:
/// `(language, ranges)`. Kana makes Han text Japanese (see [`other_script`]).
const OTHER_SCRIPTS: &[(&str, &[(char, char)])] = &[
    (
        "ja",
        &[
            ('\u{3040}', '\u{30FF}'),
            ('\u{31F0}', '\u{31FF}'),
            ('\u{FF66}', '\u{FF9F}'),
        ],
    ),
    (
        "zh",
        &[
            ('\u{3400}', '\u{4DBF}'),
            ('\u{4E00}', '\u{9FFF}'),
            ('\u{F900}', '\u{FAFF}'),
        ],
    ),
    (
        "ko",
        &[
            ('\u{1100}', '\u{11FF}'),
            ('\u{3130}', '\u{318F}'),
            ('\u{AC00}', '\u{D7AF}'),
        ],
    ),
    ("el", &[('\u{0370}', '\u{03FF}'), ('\u{1F00}', '\u{1FFF}')]),
    ("ar", &[('\u{0600}', '\u{06FF}'), ('\u{0750}', '\u{077F}')]),
    ("he", &[('\u{0590}', '\u{05FF}')]),
    ("hi", &[('\u{0900}', '\u{097F}')]),
    ("th", &[('\u{0E00}', '\u{0E7F}')]),
    ("hy", &[('\u{0530}', '\u{058F}')]),
    ("ka", &[('\u{10A0}', '\u{10FF}')]),
];

/// The language of `sample` when most of its letters are in a script of [`OTHER_SCRIPTS`], with
/// the share of its letters in that script: Han with kana is Japanese (kana make at least a
/// tenth of Japanese text), Han alone Chinese. A Han, kana or Hangul character counts as two
/// letters: it says about as much as two letters of an alphabet (a Chinese word is one or two
/// characters, a Korean one two or three syllables, an English one four or five letters), so
/// that documentation in Japanese with code in it is Japanese. `letters`: the letters of
/// `sample` ([`crate::scan::count_letters`]).
fn other_script(sample: &str, letters: usize) -> Option<(&'static str, f64)> {
    if sample.is_ascii() {
        return None;
    }
    let mut counts = [0usize; OTHER_SCRIPTS.len()];
    // Only the letters outside ASCII are decoded (a text with one curly quote was decoded
    // whole, a character at a time).
    for (_, c) in crate::scan::non_ascii_letters(sample) {
        if let Some(i) = OTHER_SCRIPTS
            .iter()
            .position(|(_, ranges)| ranges.iter().any(|&(a, b)| (a..=b).contains(&c)))
        {
            counts[i] += 1;
        }
    }
    let (ja, zh) = (counts[0], counts[1]);
    if ja > 0 && ja * 10 >= ja + zh {
        // Japanese: its Han letters count for it.
        counts[0] += zh;
        counts[1] = 0;
    }
    // Each Han, kana or Hangul character is one letter in `letters` already.
    let letters = letters + counts[0] + counts[1] + counts[2];
    for dense in &mut counts[..3] {
        *dense *= 2;
    }
    let (i, &most) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, usize::MAX - i))?;
    let share = most as f64 / letters.max(1) as f64;
    (share >= MIN_CONFIDENCE).then(|| (OTHER_SCRIPTS[i].0, share))
}

/// Whether at least 95 % of the letters of `text` are Latin (ASCII or the Latin-1 and Latin
/// Extended blocks): text whose other letters are in a script without function words in the
/// table (Japanese, Greek) cannot be judged by the function words it has.
fn mostly_latin(text: &str) -> bool {
    let (letters, latin) = latin_letters(text);
    latin * 100 >= letters * 95
}

/// The letters of `text`, and how many of them are Latin (ASCII or the Latin-1 and Latin
/// Extended blocks).
fn latin_letters(text: &str) -> (usize, usize) {
    use crate::scan::{ascii_letters, non_ascii_letters};
    let ascii = ascii_letters(text);
    let (mut letters, mut latin) = (ascii, ascii);
    for (_, c) in non_ascii_letters(text) {
        letters += 1;
        if ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        }
    }
    (letters, latin)
}

/// Why `sample` (in Latin script, with `words` words and function-word `counts`) is not prose:
/// hundreds of words and hardly a function word of any language (file lists, code, tables,
/// lists of names), whose "language" the statistical detector would guess from letter patterns
/// (German for D-Bus interfaces, French for C++ file names). `None` for prose, and for text in
/// another script, which the detector can still tell by its letters.
fn not_prose(sample: &str, counts: &[u32; 32], words: usize) -> Option<String> {
    let top = counts.iter().copied().max().unwrap_or(0) as usize;
    (words >= NOT_PROSE_WORDS && top * 100 < words * NOT_PROSE_PERCENT && mostly_latin(sample))
        .then(|| format!("not prose ({top} function words in {words} words)"))
}

/// A document sample of at least this many words whose function words (of the language with
/// the most) are fewer than [`NOT_PROSE_PERCENT`] % of them is not prose: prose in any language
/// of the stop-word table is a fifth to a half function words, headlines a tenth or more.
const NOT_PROSE_WORDS: usize = 150;
/// See [`NOT_PROSE_WORDS`].
const NOT_PROSE_PERCENT: usize = 2;

/// Function words a document sample needs for [`function_word_vote`] to decide.
const CLEAR_FUNCTION_WORDS: u32 = 20;
/// How many times the runner-up's count of function words the winner's must be.
const CLEAR_MARGIN: u32 = 4;
/// Function words a document sample needs for [`function_word_vote`] to decide when no other
/// language has any (text with little prose: file lists, command synopses).
const ALONE_FUNCTION_WORDS: u32 = 5;

/// The languages of the stop-word table a document in one language is compared with, by bit
/// index: worked out once per document, not once per sentence.
struct Rivals {
    /// The document's language's index, if the table has it.
    own: Option<usize>,
    /// The other Latin-script languages, one bit each.
    others: u32,
}

impl Rivals {
    fn of(doc_lang: &str) -> Rivals {
        let langs = &stopwords().langs;
        let others = langs
            .iter()
            .enumerate()
            .filter(|&(_, l)| *l != doc_lang && !writes_cyrillic(l))
            .fold(0u32, |m, (i, _)| m | 1 << i.min(31));
        Rivals {
            own: langs.iter().position(|l| *l == doc_lang),
            others,
        }
    }

    /// Whether a sentence may be in another language than the document's, judged by function
    /// words: some other Latin-script language has at least two in it, and more than the
    /// document's language has.
    fn suspect(&self, sentence: &str, min_words: usize) -> bool {
        let (counts, n_words) = function_word_counts(sentence);
        if n_words < min_words {
            return false;
        }
        let own = self.own.map_or(0, |i| counts[i]);
        let mut others = self.others;
        let mut any = false;
        while others != 0 {
            let i = others.trailing_zeros() as usize;
            any |= counts[i] >= 2 && counts[i] > own;
            others &= others - 1;
        }
        any && !looks_like_code(sentence)
    }
}

/// Sentences at least this long are checked by [`looks_like_code`].
const CODE_CHECK_BYTES: usize = 256;

/// Whether a long "sentence" is a command synopsis, a file list or code rather than prose: at
/// least 1 in 25 of its visible characters is one prose hardly uses (`[ ] { } = _ / | < > \ #
/// * ~ ^ @ $`). Such text reaches the statistical detector because it holds a few short words
/// that are function words somewhere (`a`, `de`, `es`), and costs it the most there.
fn looks_like_code(sentence: &str) -> bool {
    if sentence.len() < CODE_CHECK_BYTES {
        return false;
    }
    let (mut visible, mut code) = (0usize, 0usize);
    for &b in sentence.as_bytes() {
        // (bytes of multi-byte characters count once, at their lead byte)
        if b.is_ascii_whitespace() || (0x80..0xC0).contains(&b) {
            continue;
        }
        visible += 1;
        if matches!(
            b,
            b'[' | b']'
                | b'{'
                | b'}'
                | b'='
                | b'_'
                | b'/'
                | b'|'
                | b'<'
                | b'>'
                | b'\\'
                | b'#'
                | b'*'
                | b'~'
                | b'^'
                | b'@'
                | b'$'
        ) {
            code += 1;
        }
    }
    code * 25 >= visible
}

/// Sentences (Latin script) and Cyrillic runs of `doc` in another language than the
/// document's. Lingua runs only on sentences the function-word pre-filter marks as suspect.
pub fn foreign_spans(
    doc: &crate::document::Document,
    min_words: usize,
    min_confidence: f64,
) -> Vec<Foreign> {
    let (text, doc_lang) = (doc.text, doc.lang.as_str());
    // (found once per document: the mixed-script rule asks too)
    let cyrillic = doc.has_cyrillic();
    let mut out = if writes_cyrillic(doc_lang) || !cyrillic {
        Vec::new()
    } else {
        cyrillic_runs(text)
    };
    let rivals = Rivals::of(doc_lang);
    // Only the sentences that hold a run of word characters that may hold a function word of
    // a rival language: a sentence without one is not suspect, and its words are not counted.
    for s in doc.sentences_holding(doc.rival_word_runs()) {
        let sentence = &text[s.clone()];
        if !rivals.suspect(sentence, min_words) || (cyrillic && has_cyrillic(sentence)) {
            continue;
        }
        if let Some((lang, confidence)) = confidences(sentence).into_iter().next() {
            if lang != doc_lang && confidence >= min_confidence {
                out.push(Foreign {
                    range: s.clone(),
                    lang,
                    confidence,
                });
            }
        }
    }
    out.sort_by_key(|f| f.range.start);
    out
}

#[cfg(test)]
mod foreign_tests {
    use super::*;
    use crate::document::Document;

    fn spans(text: &str) -> Vec<(String, String)> {
        let doc = Document::new(text, "en");
        foreign_spans(&doc, 4, 0.7)
            .into_iter()
            .map(|f| (text[f.range].to_string(), f.lang))
            .collect()
    }

    /// [`function_word_counts`] as it was written first: [`words`], each looked up.
    fn counts_word_by_word(text: &str) -> ([u32; 32], usize) {
        let sw = stopwords();
        let mut counts = [0u32; 32];
        let mut n = 0;
        for w in words(text) {
            n += 1;
            if w.len() > 16 || glued_by_chars(text, w.clone()) {
                continue;
            }
            let lower: String = text[w].chars().flat_map(char::to_lowercase).collect();
            if let Some(&mask) = sw.words.get(lower.as_str()) {
                for (i, c) in counts.iter_mut().enumerate() {
                    *c += mask >> i & 1;
                }
            }
        }
        (counts, n)
    }

    /// [`glued`] by characters: the word's neighbours, untrimmed of apostrophes.
    fn glued_by_chars(text: &str, w: std::ops::Range<usize>) -> bool {
        let is_apostrophe = |c: char| c == '\'' || c == '’';
        let is_word = |c: char| c.is_alphanumeric() || !c.is_ascii();
        let joiner = |c: char| "-/\\_=@".contains(c);
        let start = text[..w.start].trim_end_matches(is_apostrophe).len();
        let end =
            w.end + (text[w.end..].len() - text[w.end..].trim_start_matches(is_apostrophe).len());
        let mut before = text[..start].chars().rev();
        let mut after = text[end..].chars();
        match (before.next(), before.next()) {
            (Some(c), _) if joiner(c) => return true,
            (Some('.'), Some(p)) if is_word(p) => return true,
            _ => {}
        }
        match (after.next(), after.next()) {
            (Some(c), _) if joiner(c) => true,
            (Some('.'), Some(n)) => is_word(n),
            _ => false,
        }
    }

    #[test]
    fn the_packed_ascii_table_answers_as_the_word_map_in_any_case() {
        let sw = stopwords();
        let mut checked = 0;
        for (w, &mask) in sw
            .words
            .iter()
            .filter(|(w, _)| w.is_ascii() && w.len() <= 8)
        {
            assert_eq!(sw.ascii.get(w.as_bytes()), Some(mask), "{w}");
            assert_eq!(sw.ascii.get(w.to_uppercase().as_bytes()), Some(mask), "{w}");
            checked += 1;
        }
        assert!(checked > 100);
        for absent in ["", "thee", "xyz", "abcdefgh", "abcdefghi", "'", "th'e"] {
            assert_eq!(sw.ascii.get(absent.as_bytes()), None, "{absent}");
        }
    }

    #[test]
    fn words_glued_into_identifiers_are_not_function_words() {
        let sw = stopwords();
        let pt = sw.langs.iter().position(|l| *l == "pt").unwrap();
        let pl = sw.langs.iter().position(|l| *l == "pl").unwrap();
        let it = sw.langs.iter().position(|l| *l == "it").unwrap();
        for code in [
            "gcloud os-config os-policy list --os os",
            "Files: debian/po/fr.po po/sk.po",
            "mail me at os@example.com or os_x=com.os",
            "non-exclusive, non-transferable, non-sublicensable",
        ] {
            let (counts, n) = function_word_counts(code);
            assert!(n > 3, "{code}");
            assert!(
                counts[pt] <= 2 && counts[pl] == 0 && counts[it] == 0,
                "{code}: {counts:?}"
            );
        }
        // Words beside sentence punctuation, quotes and apostrophes still count.
        let (counts, _) = function_word_counts("Non è parte della licenza, e non dà alcuna.");
        assert!(counts[it] >= 3, "{counts:?}");
        let (counts, _) = function_word_counts("Os dados. Os (os) \"os\" os.");
        assert_eq!(counts[pt], 5);
    }

    proptest::proptest! {
        #[test]
        fn fast_scans_cut_words_as_words_does(
            text in crate::scan::texts_of(
                &[
                    "the", "The", "LES", "de", "und", "der", "y", "el", "a", " ", "  ", ", ",
                    ".", "'", "’", "l'", "d’", "aujourd'hui", "don't", "'quoted'", "Ça", "été",
                    "und'", "дякуємо", "Київ", "з", "і", "Кursk", "К", "22°С", "105х195",
                    "\u{483}", "\u{2DE0}", "—", "“", "\n", "ß", "İ", "Straße", "x1",
                    "veryveryverylongword", "ΣΑΣ", "٣", "-", "/", "_", "=", "@", "\\", "1", "é",
                ],
                40,
            )
        ) {
            let (fast, n) = function_word_counts(&text);
            let (slow, m) = counts_word_by_word(&text);
            proptest::prop_assert_eq!(has_cyrillic(&text), text.chars().any(is_cyrillic));
            proptest::prop_assert_eq!(n, m);
            proptest::prop_assert_eq!(fast, slow);
            let cyrillic: Vec<_> = words(&text)
                .filter(|w| text[w.clone()].chars().any(|c| is_cyrillic(c) && c.is_alphabetic()))
                .collect();
            proptest::prop_assert_eq!(cyrillic_words(&text).collect::<Vec<_>>(), cyrillic);
        }

        /// The scripts' letters counted from the lead bytes are those of every character.
        #[test]
        fn scripts_are_told_as_by_every_character(
            text in crate::scan::texts_of(
                &["the", " ", "é", "Ж", "日本", "の", "한국", "—", "’", "1", "\u{301}", "𝔘", "ǅ", "α", "ש", "ก", "\u{24F}", "\u{250}", "\n"],
                40,
            )
        ) {
            // (as they were first written: every character decoded)
            let (mut letters, mut latin) = (0usize, 0usize);
            for c in text.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
                    latin += 1;
                }
            }
            proptest::prop_assert_eq!(latin_letters(&text), (letters, latin));
            proptest::prop_assert_eq!(crate::scan::count_letters(&text), letters);
            let other: Vec<char> = text.chars().filter(|c| c.is_alphabetic() && !c.is_ascii()).collect();
            let decoded = crate::scan::non_ascii_letters(&text).map(|(_, c)| c);
            proptest::prop_assert_eq!(decoded.collect::<Vec<_>>(), other);
        }
    }

    #[test]
    fn finds_cyrillic_and_foreign_sentences() {
        assert_eq!(
            spans("Officials said кожна громада helps. Thanks, дякуємо!"),
            vec![
                ("кожна громада".into(), "uk".into()),
                ("дякуємо".into(), "uk".into())
            ]
        );
        let t = "The talks went on. Le gouvernement a annoncé une nouvelle aide pour les réfugiés. Then they left.";
        assert_eq!(
            spans(t),
            vec![(
                "Le gouvernement a annoncé une nouvelle aide pour les réfugiés.".into(),
                "fr".into()
            )]
        );
    }

    #[test]
    fn only_sentences_with_a_marked_run_are_counted() {
        let t = "The talks went on. Le gouvernement a annoncé une nouvelle aide pour les réfugiés. Then they left.";
        // The runs the word index's pass gives the document decide which sentences are
        // counted: none marked, none counted; the runs found by the document itself (those
        // the word index gives too), the French sentence.
        let doc = Document::new(t, "en");
        doc.set_rival_word_runs(Vec::new());
        assert!(foreign_spans(&doc, 4, 0.7).is_empty());
        let doc = Document::new(t, "en");
        let words: Vec<&str> = doc
            .rival_word_runs()
            .iter()
            .map(|r| &t[r.clone()])
            .collect();
        assert_eq!(words, ["Le", "une", "pour", "les"]);
        assert_eq!(foreign_spans(&doc, 4, 0.7).len(), 1);
    }

    #[test]
    fn long_code_is_not_taken_for_a_foreign_sentence() {
        let synopsis =
            "gcloud alpha container aws clusters update (CLUSTER : --location=LOCATION) \
            [--admin-groups=[GROUP,...]] [--admin-users=USER,[USER,...]] [--async] \
            [--binauthz-evaluation-mode=BINAUTHZ_EVALUATION_MODE] a de la en el y \
            [--cluster-version=CLUSTER_VERSION] [--description=DESCRIPTION] [GCLOUD_WIDE_FLAG]";
        assert!(looks_like_code(synopsis));
        assert!(!Rivals::of("en").suspect(synopsis, 4));
        // Long foreign prose, with a path and an address in it, is still suspect.
        let it = "Il licenziante concede al licenziatario il diritto di usare l'opera, di \
            riprodurla e di distribuirla, a condizione che il nome dell'autore sia citato e che \
            la licenza (vedi /usr/share/common-licenses o https://example.org/licenza) sia \
            allegata a ogni copia dell'opera distribuita da chiunque e per qualunque scopo.";
        assert!(it.len() >= CODE_CHECK_BYTES);
        assert!(!looks_like_code(it));
        assert!(Rivals::of("en").suspect(it, 4));
    }

    #[test]
    fn leaves_loanwords_titles_and_homoglyphs_alone() {
        assert!(spans("It was a coup d'état, a raison d'être for the Bundestag.").is_empty());
        assert!(spans("She reads Le Monde and Die Zeit every day of the week.").is_empty());
        assert!(spans("The Кursk region, with a Cyrillic K.").is_empty());
        assert!(spans("Between 22°С and 24°С, a 105х195 mattress.").is_empty());
        let rouble = spans("It costs 3650р. now.");
        assert_eq!(rouble.len(), 1);
        assert_eq!(
            rouble[0].0, "р",
            "a rouble sign left in Cyrillic is untranslated"
        );
    }
}
