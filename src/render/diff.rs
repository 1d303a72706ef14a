//! Unified diffs (the `similar` crate) that apply with `patch -p1` and `git apply`.

use similar::TextDiff;

/// A unified diff turning `old` into `new`, with `a/NAME` and `b/NAME` headers; empty when the
/// texts are equal.
pub fn unified(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_missing_final_newline_and_keeps_crlf() {
        let d = unified("x.txt", "a\r\nkyiv", "a\r\nKyiv");
        assert!(d.starts_with("--- a/x.txt\n+++ b/x.txt\n@@ -1,2 +1,2 @@\n a\r\n-kyiv\n\\ No newline at end of file\n+Kyiv\n\\ No newline at end of file\n"), "{d:?}");
        assert_eq!(unified("x", "same", "same"), "");
    }
}
