//! `--format rdjson`: the Reviewdog Diagnostic Format (one JSON object), for
//! `reviewdog -f=rdjson`: pull-request review comments, with fixes as suggestions. Columns
//! are 1-based UTF-8 byte counts, as the format defines them.

use std::io;

use serde_json::{json, Value};

use crate::diagnostic::{Applicability, FileReport, Severity};

fn position(r: &FileReport, offset: usize) -> Value {
    let (line, _) = r.line_col(offset);
    json!({"line": line, "column": offset - r.line_start(offset).min(offset) + 1})
}

fn range(r: &FileReport, span: std::ops::Range<usize>) -> Value {
    json!({"start": position(r, span.start), "end": position(r, span.end)})
}

pub(super) fn write<W: io::Write>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    let diagnostics = super::EachReport(reports, |r: &FileReport| {
        let mut diagnostics = Vec::new();
        for d in &r.diagnostics {
            let mut v = json!({
                "message": super::message_with_help(d),
                "location": {"path": &*r.path, "range": range(r, d.span.range())},
                "severity": match d.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info => "INFO",
                },
                "code": {"value": d.rule.as_str()},
            });
            // Only safe fixes become suggestions: a reviewer may accept one with a click.
            if let Some(fix) = d
                .fix
                .as_ref()
                .filter(|f| f.applicability == Applicability::Safe)
            {
                v["suggestions"] = fix
                    .edits
                    .iter()
                    .map(|e| json!({"range": range(r, e.start()..e.end()), "text": e.replacement}))
                    .collect();
            }
            diagnostics.push(v);
        }
        diagnostics
    });
    // Keys in the order `json!` gave them (sorted), so the output is unchanged.
    #[derive(serde::Serialize)]
    struct Doc<D> {
        diagnostics: D,
        source: Value,
    }
    let doc = Doc {
        diagnostics,
        source: json!({"name": "copydesk", "url": "https://crates.io/crates/copydesk"}),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::report::{fixture, Format};

    #[test]
    fn byte_columns_and_safe_fixes_as_suggestions() {
        let out = fixture::render(Format::Rdjson);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let d = &v["diagnostics"];
        assert_eq!(d[0]["location"]["path"], "news/a.txt");
        assert_eq!(
            d[0]["location"]["range"]["start"],
            serde_json::json!({"line": 2, "column": 19})
        );
        assert_eq!(d[0]["severity"], "ERROR");
        assert_eq!(d[0]["code"]["value"], "quotes/space-before-opening");
        assert_eq!(d[0]["suggestions"][0]["text"], " ");
        // After CJK text: 他说“明年还会再来” is 10 characters (column 11 in the other
        // formats) and 30 bytes.
        assert_eq!(d[1]["location"]["range"]["start"]["column"], 31);
        assert!(d[1].get("suggestions").is_none());
    }
}
