//! `--format json`: the DESIGN.md contract, an array of one object per diagnostic.

use std::io;

use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

use crate::diagnostic::{Edit, FileReport};

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: &'a [Edit],
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    /// The evidence behind the finding (absent when there is none).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    fix: Option<JsonFix<'a>>,
}

/// Streamed: each file's objects are written as its text is read again, so the output of
/// a large run is never held in memory (the bytes are those of one pretty-printed array).
pub(super) fn write<W: io::Write>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    let mut ser = serde_json::Serializer::pretty(&mut *out);
    let mut all = ser.serialize_seq(None)?;
    for r in reports {
        for d in &r.diagnostics {
            let ((line, column), (end_line, end_column)) = r.positions(d.span.range());
            all.serialize_element(&JsonDiagnostic {
                path: &r.path,
                rule: d.rule.as_str(),
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                notes: &d.notes,
                line,
                column,
                end_line,
                end_column,
                start: d.span.start(),
                end: d.span.end(),
                fix: d.fix.as_ref().map(|f| JsonFix {
                    title: &f.title,
                    applicability: f.applicability.as_str(),
                    edits: &f.edits,
                }),
            })?;
        }
    }
    all.end()?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::report::{fixture, Format};

    #[test]
    fn matches_the_contract() {
        let v: serde_json::Value = serde_json::from_str(&fixture::render(Format::Json)).unwrap();
        assert_eq!(
            v[0],
            serde_json::json!({
                "path": "news/a.txt", "rule": "quotes/space-before-opening", "severity": "error",
                "message": "missing space before opening quote", "help": "insert a space before the quote",
                "line": 2, "column": 19, "end_line": 2, "end_column": 20, "start": 24, "end": 25,
                "fix": {"title": "insert a space", "applicability": "safe",
                        "edits": [{"start": 24, "end": 24, "replacement": " "}]}
            })
        );
        assert_eq!(v[1]["column"], 11, "columns count characters, not bytes");
        assert_eq!(v[1]["fix"], serde_json::Value::Null);
    }
}
