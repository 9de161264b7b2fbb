//! `--format json`: the DESIGN.md contract, an array of one object per diagnostic.

use std::io::{self, Write as _};

use codespan_reporting::term::termcolor::{Buffer, ColorSpec, WriteColor};

use crate::diagnostic::{Diagnostic, FileReport};

/// Streamed: the objects are rendered a group of files at a time, a few runs of the group's
/// files in parallel, as the per-file formats are ([`super::per_file`]), and written in
/// order, so the output of a large run is never held in memory.
///
/// The bytes are those `serde_json::to_writer_pretty` gives for the array of objects the
/// contract names (a test compares the two on awkward strings), written here directly: the
/// objects' shape is fixed, and serde_json's escaper looks at every byte of every string
/// one at a time (half of this format's time on a large run). [`string`] skips eight bytes
/// at a time to the next one to escape.
pub(super) fn write<W: io::Write>(reports: &[FileReport], out: &mut W) -> io::Result<()> {
    let mut array = Array { out, open: false };
    super::per_file(
        reports,
        &mut array,
        objects,
        super::Text::Positions,
        super::Keep::All,
    )?;
    let Array { out, open } = array;
    out.write_all(if open { b"\n]\n" } else { b"[]\n" })
}

/// Some of one report's findings, each object after the `,` and line break that separate
/// it from the one before ([`Array`] makes the first one's `[`).
fn objects(r: &FileReport, diagnostics: &[Diagnostic], out: &mut Buffer) -> io::Result<()> {
    for d in diagnostics {
        out.write_all(b",\n")?;
        object(r, d, out)?;
    }
    Ok(())
}

/// The array's writer: the pieces [`objects`] renders, the first one's leading `,` written
/// as the array's `[`.
struct Array<'a, W> {
    out: &'a mut W,
    /// Whether the `[` has been written.
    open: bool,
}

impl<W: io::Write> io::Write for Array<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match buf.split_first() {
            Some((_comma, rest)) if !self.open => {
                self.open = true;
                self.out.write_all(b"[")?;
                self.out.write_all(rest)
            }
            _ => self.out.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl<W: io::Write> WriteColor for Array<'_, W> {
    fn supports_color(&self) -> bool {
        false
    }

    fn set_color(&mut self, _: &ColorSpec) -> io::Result<()> {
        Ok(())
    }

    fn reset(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One diagnostic as an element of the top-level array (indented one level).
fn object<W: io::Write>(r: &FileReport, d: &Diagnostic, out: &mut W) -> io::Result<()> {
    let ((line, column), (end_line, end_column)) = r.positions(d.span.range());
    out.write_all(b"  {\n    \"path\": ")?;
    string(out, &r.path)?;
    out.write_all(b",\n    \"rule\": ")?;
    string(out, d.rule.as_str())?;
    out.write_all(b",\n    \"severity\": ")?;
    string(out, d.severity.as_str())?;
    out.write_all(b",\n    \"message\": ")?;
    string(out, &d.message)?;
    out.write_all(b",\n    \"help\": ")?;
    match &d.help {
        Some(h) => string(out, h)?,
        None => out.write_all(b"null")?,
    }
    // The evidence behind the finding (absent when there is none).
    if !d.notes.is_empty() {
        out.write_all(b",\n    \"notes\": [")?;
        for (i, n) in d.notes.iter().enumerate() {
            out.write_all(if i == 0 { b"\n      " } else { b",\n      " })?;
            string(out, n)?;
        }
        out.write_all(b"\n    ]")?;
    }
    for (key, n) in [
        (&b",\n    \"line\": "[..], line),
        (b",\n    \"column\": ", column),
        (b",\n    \"end_line\": ", end_line),
        (b",\n    \"end_column\": ", end_column),
        (b",\n    \"start\": ", d.span.start()),
        (b",\n    \"end\": ", d.span.end()),
    ] {
        out.write_all(key)?;
        number(out, n)?;
    }
    out.write_all(b",\n    \"fix\": ")?;
    let Some(f) = &d.fix else {
        return out.write_all(b"null\n  }");
    };
    out.write_all(b"{\n      \"title\": ")?;
    string(out, &f.title)?;
    out.write_all(b",\n      \"applicability\": ")?;
    string(out, f.applicability.as_str())?;
    out.write_all(b",\n      \"edits\": ")?;
    if f.edits.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[")?;
        for (i, e) in f.edits.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            out.write_all(b"        {\n          \"start\": ")?;
            number(out, e.start())?;
            out.write_all(b",\n          \"end\": ")?;
            number(out, e.end())?;
            out.write_all(b",\n          \"replacement\": ")?;
            string(out, &e.replacement)?;
            out.write_all(b"\n        }")?;
        }
        out.write_all(b"\n      ]")?;
    }
    out.write_all(b"\n    }\n  }")
}

fn number<W: io::Write>(out: &mut W, mut n: usize) -> io::Result<()> {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.write_all(&digits[at..])
}

const LANES: u64 = 0x0101_0101_0101_0101;

/// Does any of these eight bytes need an escape: a control character (below 0x20), a
/// quote or a backslash? (Exact as a whole, though not per byte.)
fn escapes_in(x: u64) -> bool {
    let zero = |v: u64| v.wrapping_sub(LANES) & !v & (LANES << 7);
    let control = x.wrapping_sub(LANES * 0x20) & !x & (LANES << 7);
    (control | zero(x ^ (LANES * u64::from(b'"'))) | zero(x ^ (LANES * u64::from(b'\\')))) != 0
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, the short escapes `\b \t \n
/// \f \r`, other control characters as `\u00xx`; everything else as it is.
fn string<W: io::Write>(out: &mut W, s: &str) -> io::Result<()> {
    let bytes = s.as_bytes();
    out.write_all(b"\"")?;
    let (mut from, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if !escapes_in(x) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let short = match b {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            0x08 => Some(b'b'),
            0x09 => Some(b't'),
            0x0a => Some(b'n'),
            0x0c => Some(b'f'),
            0x0d => Some(b'r'),
            _ => None,
        };
        if b >= 0x20 && short.is_none() {
            i += 1;
            continue;
        }
        out.write_all(&bytes[from..i])?;
        match short {
            Some(c) => out.write_all(&[b'\\', c])?,
            None => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let e = [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 15)],
                ];
                out.write_all(&e)?;
            }
        }
        i += 1;
        from = i;
    }
    out.write_all(&bytes[from..])?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::{Applicability, Diagnostic, Edit, FileReport, Fix, Severity};
    use crate::id::RuleId;
    use crate::report::{fixture, Format};
    use crate::span::Span;

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

    #[derive(serde::Serialize)]
    struct JsonFix<'a> {
        title: &'a str,
        applicability: &'static str,
        edits: &'a [Edit],
    }

    #[derive(serde::Serialize)]
    struct JsonDiagnostic<'a> {
        path: &'a str,
        rule: &'a str,
        severity: &'static str,
        message: &'a str,
        help: Option<&'a str>,
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

    /// The objects as serde_json writes them (the earlier writer), for comparison.
    fn by_serde(reports: &[FileReport]) -> String {
        let mut all = Vec::new();
        for r in reports {
            for d in &r.diagnostics {
                let ((line, column), (end_line, end_column)) = r.positions(d.span.range());
                all.push(JsonDiagnostic {
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
                });
            }
        }
        serde_json::to_string_pretty(&all).unwrap() + "\n"
    }

    fn written(reports: &[FileReport]) -> String {
        let mut out = Vec::new();
        super::write(reports, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn bytes_are_serde_jsons_for_any_string() {
        assert_eq!(written(&[]), by_serde(&[]));
        assert_eq!(written(&fixture::reports()), by_serde(&fixture::reports()));
        // Every ASCII byte and a few wider characters, at every place in and around an
        // eight-byte chunk, in each string the objects hold.
        let mut odd: Vec<String> = (0u8..0x80)
            .map(char::from)
            .chain(['é', '\u{2028}', '“', '\u{ffff}', '😀'])
            .flat_map(|c| {
                (0..18).map(move |at| format!("{}{c}{}", "a".repeat(at), "b".repeat(at % 5)))
            })
            .collect();
        odd.push(String::new());
        let text = "x".repeat(40);
        let span = Span::checked(&text, 3..9).unwrap();
        let mut reports = Vec::new();
        for (i, s) in odd.iter().enumerate() {
            let edits = (0..i % 3)
                .map(|k| Edit::new(Span::checked(&text, k..k + 1).unwrap(), s.clone()))
                .collect();
            let d = Diagnostic {
                rule: RuleId::from_static("typography/example"),
                severity: [Severity::Error, Severity::Warning, Severity::Info][i % 3],
                message: s.clone(),
                span,
                label: s.clone(),
                help: (i % 2 == 0).then(|| s.clone()),
                notes: vec![s.clone(); i % 3],
                fix: (i % 4 != 0).then(|| Fix {
                    title: s.clone(),
                    applicability: Applicability::Unsafe,
                    edits,
                }),
            };
            reports.push(FileReport::new(i, s.clone(), text.clone(), vec![d]));
        }
        assert_eq!(written(&reports), by_serde(&reports));
    }
}
