//! Markdown: only the text of the document is visible — what a reader sees as prose. Syntax,
//! code, link targets, HTML and front matter are masked.
//!
//! The parser is pulldown-cmark (CommonMark plus tables, footnotes, strikethrough, task lists,
//! heading attributes, GFM alerts and front matter). Everything starts hidden and only the
//! source ranges of `Text` events outside code blocks, front matter and autolinks are shown,
//! so whatever the parser treats as syntax (markers, delimiters, destinations, titles,
//! reference definitions, HTML) stays hidden without being listed. Bare URLs inside the text
//! are hidden afterwards.

use std::borrow::Cow;
use std::sync::OnceLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::mask::Mask;

/// The parser options: CommonMark plus the extensions news and documentation sites use. Not
/// enabled: smart punctuation (changes text), math (`$5 and $10` is prose), definition lists,
/// superscript/subscript and wiki links (rare, and they would hide prose when misread).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_GFM
}

/// The lintable view of a Markdown document (see [`super::lintable`]).
pub(crate) fn lintable(text: &str) -> Cow<'_, str> {
    let mut mask = Mask::hidden(text);
    // Depth of elements whose text is not prose: code blocks, front matter, autolinks.
    let mut opaque = 0usize;
    // For each open link: whether it is an autolink (its text is the URL).
    let mut links: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => opaque += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                opaque = opaque.saturating_sub(1)
            }
            Event::Start(Tag::Link { link_type, .. }) => {
                let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                if auto {
                    opaque += 1;
                }
                links.push(auto);
            }
            Event::End(TagEnd::Link) => {
                let auto = links.pop().unwrap_or(false);
                opaque = opaque.saturating_sub(usize::from(auto));
            }
            Event::Text(_) if opaque == 0 => mask.show(range),
            _ => {}
        }
    }
    hide_bare_urls(&mut mask);
    mask.finish()
}

/// Hide `http(s)://`, `ftp://` and `www.` URLs that start in visible text (GitHub and most
/// renderers make them links), without trailing punctuation that ends the sentence.
fn hide_bare_urls(mask: &mut Mask) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(?i)(?:(?:https?|ftp)://|www\.)[^\s<>"`]+"#)
            .expect("built-in URL regex is valid")
    });
    let text = mask.text();
    let mut found = Vec::new();
    for m in re.find_iter(text) {
        if mask.is_visible(m.start()) {
            found.push(m.start()..m.start() + url_len(m.as_str()));
        }
    }
    for r in found {
        mask.hide(r);
    }
}

/// The length of `url` without the punctuation that follows it in prose: `.,;:!?'"’”*_` and
/// closing brackets that have no opening one in the URL (`(see https://x.org/a_(b)).`).
fn url_len(url: &str) -> usize {
    let mut s = url;
    while let Some(last) = s.chars().next_back() {
        let unbalanced = |open: char, close: char| {
            last == close && s.matches(open).count() < s.matches(close).count()
        };
        let trailing = matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '’' | '”' | '*' | '_' | '~'
        ) || unbalanced('(', ')')
            || unbalanced('[', ']');
        if !trailing {
            break;
        }
        s = &s[..s.len() - last.len_utf8()];
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::super::mask::assert_masked;
    use super::*;

    /// `pattern` is `text` with `·` for every masked character.
    #[track_caller]
    fn check(text: &str, pattern: &str) {
        assert_masked(text, &lintable(text), pattern);
    }

    #[test]
    fn headings_lists_and_quotes_lose_their_markers() {
        check("# kyiv falls\n", "· kyiv falls\n");
        check("## Title ##\n", "·· Title ··\n");
        check("- kyiv\n- Kharkov\n", "· kyiv\n· Kharkov\n");
        check("1. one\n2) two\n", "·· one\n·· two\n");
        check("> quoted kyiv\n", "· quoted kyiv\n");
        check("> [!NOTE]\n> kyiv\n", "· ·······\n· kyiv\n");
        check("* [x] done\n", "· ··· done\n");
        check("Title\n=====\n\ntext\n", "Title\n·····\n\ntext\n");
        check("a\n\n---\n\nb\n", "a\n\n···\n\nb\n");
        check("# Heading {#kyiv .x}\n", "· Heading ······ ···\n");
    }

    #[test]
    fn a_glued_bullet_in_a_paragraph_stays_visible() {
        // CommonMark needs a space after a bullet: `-Putin` is paragraph text, at the start of
        // its line, where `stray-bullet` looks.
        check(
            "-Putin promises a response\n\n- a real item\n",
            "-Putin promises a response\n\n· a real item\n",
        );
        // Also as a lazy continuation line.
        check("Headline\n-Putin promises\n", "Headline\n-Putin promises\n");
        // Inside a list item it is text too, but no longer at the start of the line.
        check("- -Putin in a list\n", "· -Putin in a list\n");
    }

    #[test]
    fn front_matter_is_masked() {
        check(
            "---\ntitle: kyiv\ntags: [a]\n---\n\nkyiv text\n",
            "···\n······ ····\n····· ···\n···\n\nkyiv text\n",
        );
        check(
            "+++\ntitle = \"kyiv\"\n+++\nkyiv\n",
            "···\n····· · ······\n···\nkyiv\n",
        );
    }

    #[test]
    fn code_is_masked() {
        check(
            "Before kyiv.\n\n```rust\nlet kyiv = 1;\n```\n\nAfter `kyiv` here.\n",
            "Before kyiv.\n\n·······\n··· ···· · ··\n···\n\nAfter ······ here.\n",
        );
        check(
            "Para.\n\n    indented kyiv\n",
            "Para.\n\n    ········ ····\n",
        );
        check("~~~\nkyiv\n~~~\n", "···\n····\n···\n");
    }

    #[test]
    fn link_text_stays_and_target_is_masked() {
        check(
            "See [kyiv](https://kyiv.example/kyiv) now.",
            "See ·kyiv···························· now.",
        );
        check("[kyiv](/kyiv \"kyiv title\")", "·kyiv······· ····· ·······");
        check("![kyiv at night](kyiv.jpg)", "··kyiv at night···········");
        check(
            "a [kyiv][ref] b\n\n[ref]: https://kyiv.example \"kyiv\"\n",
            "a ·kyiv······ b\n\n······ ···················· ······\n",
        );
    }

    #[test]
    fn urls_and_autolinks_are_masked() {
        check(
            "Go to <https://kyiv.example> or <me@kyiv.ua>.",
            "Go to ······················ or ············.",
        );
        check(
            "Read https://kyiv.example/a_(b). kyiv",
            "Read ··························. kyiv",
        );
        check("Visit www.kyiv.ua, kyiv.", "Visit ···········, kyiv.");
    }

    #[test]
    fn html_and_comments_are_masked() {
        check(
            "<div class=\"kyiv\">\nkyiv\n</div>\n\ntext <b>kyiv</b> <!-- kyiv --> end\n",
            "···· ·············\n····\n······\n\ntext ···kyiv···· ···· ···· ··· end\n",
        );
        check("<!--\nkyiv\n-->\n\nkyiv\n", "····\n····\n···\n\nkyiv\n");
        check(
            "<span title=\"kyiv\">Kyiv</span>?",
            "····· ·············Kyiv·······?",
        );
    }

    #[test]
    fn emphasis_tables_footnotes_and_escapes() {
        check("**kyiv** and _kharkov_", "··kyiv·· and ·kharkov·");
        check("~~old~~ new", "··old·· new");
        check(
            "| city | note |\n|------|------|\n| kyiv | km2 |\n",
            "· city · note ·\n···············\n· kyiv · km2 ·\n",
        );
        check(
            "Text[^1].\n\n[^1]: kyiv note.\n",
            "Text····.\n\n····· kyiv note.\n",
        );
        check(
            "Escaped \\*kyiv\\* &amp; more",
            "Escaped ·*kyiv·* &amp; more",
        );
        check("Hard  \nbreak\\\nhere", "Hard  \nbreak·\nhere");
    }

    #[test]
    fn multibyte_characters_in_masked_spans() {
        let t = "`Київ` and [Zoë](https://ex.org/Zoë) «x»";
        let out = lintable(t);
        assert_masked(t, &out, "······ and ·Zoë····················· «x»");
        assert_eq!(out.len(), t.len());
        assert!(out.starts_with(&" ".repeat(10))); // `Київ` is 10 bytes
    }

    #[test]
    fn crlf_is_kept() {
        check(
            "# kyiv\r\n\r\n```\r\nx\r\n```\r\n",
            "· kyiv\r\n\r\n···\r\n·\r\n···\r\n",
        );
    }

    #[test]
    fn plain_prose_is_borrowed() {
        assert!(matches!(
            lintable("kyiv fell.\n\nAgain.\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn url_punctuation_is_trimmed() {
        assert_eq!(url_len("https://a.org/x."), "https://a.org/x".len());
        assert_eq!(url_len("https://a.org/x_(y)"), "https://a.org/x_(y)".len());
        assert_eq!(url_len("https://a.org/x)."), "https://a.org/x".len());
        assert_eq!(url_len("www.a.org”,"), "www.a.org".len());
        assert_eq!(url_len("...."), 0);
    }
}
