//! JSON Lines batches: one JSON object per line, each holding one document, streamed so that
//! a batch of any size is linted with the memory of its largest line.
//!
//! ```text
//! {"id": "a1", "text": "Talks resumed in kyiv."}      →  {"id":"a1","findings":[…]}
//! {"id": 2, "text": "…", "lang": "fr"}                 →  {"id":2,"findings":[…]}
//! ```
//!
//! Other fields are ignored. Blank lines (only white space) are skipped; a UTF-8 byte order
//! mark at the start of the input is ignored.

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::error::{Error, Result};

/// Output is flushed after this many documents...
const FLUSH_EVERY: usize = 256;
/// ...or when this long has passed since the last flush (a slow producer still sees results).
const FLUSH_AFTER: Duration = Duration::from_millis(200);
/// A line buffer that grew past this is given back after its line.
const KEEP_CAPACITY: usize = 1 << 20;

/// Read JSON Lines from `reader`, call `f(id, text)` for each document, and write each value
/// it returns as one line of JSON to `writer`. Returns the number of documents.
///
/// - `text_field` must name a string field of every object; `id_field` may hold any JSON
///   value. A line without `id_field` gets its 1-based line number as id, so that every output
///   line can be matched with its input line.
/// - Errors name the line: `jsonl line 12: not valid JSON (…)`, `jsonl line 12: not a JSON
///   object`, `jsonl line 12: no string field "text"`, and an error returned by `f` is prefixed
///   the same way. Processing stops at the first error; the lines before it have been written.
/// - One line is in memory at a time. Output is flushed every 256 documents, at least every
///   200 ms while documents keep coming, and at the end.
pub fn for_each_document<R: BufRead, W: Write>(
    mut reader: R,
    writer: &mut W,
    id_field: &str,
    text_field: &str,
    mut f: impl FnMut(&Value, &str) -> Result<Value>,
) -> Result<usize> {
    let mut buf: Vec<u8> = Vec::new();
    let mut line_no = 0usize;
    let mut count = 0usize;
    let mut unflushed = 0usize;
    let mut last_flush = Instant::now();
    loop {
        buf.clear();
        if buf.capacity() > KEEP_CAPACITY {
            buf.shrink_to(KEEP_CAPACITY);
        }
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::new(format!("jsonl line {}: cannot read: {e}", line_no + 1)))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let mut line = &buf[..];
        if line_no == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let at = |msg: String| Error::new(format!("jsonl line {line_no}: {msg}"));
        let value: Value = serde_json::from_slice(line)
            .map_err(|e| at(format!("not valid JSON ({})", json_problem(&e))))?;
        let Value::Object(object) = &value else {
            return Err(at("not a JSON object".to_string()));
        };
        let Some(Value::String(text)) = object.get(text_field) else {
            return Err(at(format!("no string field \"{text_field}\"")));
        };
        let line_id = Value::from(line_no);
        let id = object.get(id_field).unwrap_or(&line_id);
        let result = f(id, text).map_err(|e| at(e.message().to_string()))?;
        serde_json::to_writer(&mut *writer, &result)
            .map_err(|e| Error::new(format!("cannot write the output: {e}")))?;
        writer
            .write_all(b"\n")
            .map_err(|e| Error::new(format!("cannot write the output: {e}")))?;
        count += 1;
        unflushed += 1;
        if unflushed >= FLUSH_EVERY || last_flush.elapsed() >= FLUSH_AFTER {
            flush(writer)?;
            unflushed = 0;
            last_flush = Instant::now();
        }
    }
    flush(writer)?;
    Ok(count)
}

fn flush<W: Write>(writer: &mut W) -> Result<()> {
    writer
        .flush()
        .map_err(|e| Error::new(format!("cannot write the output: {e}")))
}

/// serde_json's message without its `at line 1 column N` (the column is kept: the line is ours).
fn json_problem(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => format!("{}, column {}", &s[..i], e.column()),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> (Result<usize>, String, Vec<(Value, String)>) {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        let r = for_each_document(input.as_bytes(), &mut out, "id", "text", |id, text| {
            seen.push((id.clone(), text.to_string()));
            Ok(serde_json::json!({ "id": id, "len": text.len() }))
        });
        (r, String::from_utf8(out).unwrap(), seen)
    }

    #[test]
    fn streams_documents_and_skips_blank_lines() {
        let input = "\u{feff}{\"id\":\"a\",\"text\":\"kyiv\"}\n\n  \r\n{\"text\":\"Київ\",\"x\":1}\r\n{\"id\":null,\"text\":\"\"}";
        let (r, out, seen) = run(input);
        assert_eq!(r.unwrap(), 3);
        assert_eq!(
            out,
            "{\"id\":\"a\",\"len\":4}\n{\"id\":4,\"len\":8}\n{\"id\":null,\"len\":0}\n"
        );
        assert_eq!(seen[1], (Value::from(4), "Київ".to_string()));
    }

    #[test]
    fn errors_name_the_line() {
        let err = |input: &str| run(input).0.unwrap_err().to_string();
        assert_eq!(
            err("{\"text\":\"a\"}\n[1,2]\n"),
            "jsonl line 2: not a JSON object"
        );
        assert_eq!(
            err("\n{\"id\":1,\"body\":\"a\"}\n"),
            "jsonl line 2: no string field \"text\""
        );
        assert_eq!(
            err("{\"text\":5}"),
            "jsonl line 1: no string field \"text\""
        );
        let e = err("{\"text\":\"a\"}\n{\"text\":\"a\",}\n");
        assert!(e.starts_with("jsonl line 2: not valid JSON ("), "{e}");
        assert!(e.contains("column"), "{e}");
        let mut out = Vec::new();
        let bad = &b"{\"text\":\"\xff\"}"[..];
        let e = for_each_document(bad, &mut out, "id", "text", |_, _| Ok(Value::Null))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("jsonl line 1: not valid JSON"), "{e}");
    }

    #[test]
    fn output_before_an_error_is_written() {
        let (r, out, _) = run("{\"id\":1,\"text\":\"a\"}\nnope\n");
        assert!(r.is_err());
        assert_eq!(out, "{\"id\":1,\"len\":1}\n");
    }

    #[test]
    fn callback_errors_are_prefixed() {
        let mut out = Vec::new();
        let e = for_each_document(&b"{\"text\":\"a\"}"[..], &mut out, "id", "text", |_, _| {
            Err(Error::new("boom"))
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "jsonl line 1: boom");
    }

    #[test]
    fn custom_fields() {
        let mut out = Vec::new();
        let n = for_each_document(
            &b"{\"key\":[1],\"body\":\"x\"}\n"[..],
            &mut out,
            "key",
            "body",
            |id, text| Ok(serde_json::json!({ "id": id, "text": text })),
        )
        .unwrap();
        assert_eq!(n, 1);
        assert_eq!(out, b"{\"id\":[1],\"text\":\"x\"}\n");
    }

    #[test]
    fn many_documents_flush_in_batches() {
        /// A writer counting flushes.
        struct Counting(Vec<u8>, usize);
        impl Write for Counting {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                self.1 += 1;
                Ok(())
            }
        }
        let input = "{\"text\":\"a\"}\n".repeat(1000);
        let mut w = Counting(Vec::new(), 0);
        let n = for_each_document(input.as_bytes(), &mut w, "id", "text", |id, _| {
            Ok(id.clone())
        })
        .unwrap();
        assert_eq!(n, 1000);
        assert!((4..=1001).contains(&w.1), "{} flushes", w.1);
        assert!(String::from_utf8(w.0).unwrap().ends_with("999\n1000\n"));
    }
}
