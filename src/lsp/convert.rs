//! Byte offsets ↔ LSP positions, in the negotiated encoding; copydesk diagnostics → LSP.

use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::LineIndex;

/// The position encoding agreed with the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        }
    }
}

/// LSP position (0-based line, column in the encoding's units) of a byte offset.
pub fn position(text: &str, lines: &LineIndex, offset: usize, enc: Encoding) -> Value {
    let offset = offset.min(text.len());
    let line = lines.line_of(offset);
    let start = lines.line_start(line).min(offset);
    let character = match enc {
        Encoding::Utf8 => offset - start,
        Encoding::Utf16 => text[start..offset].chars().map(char::len_utf16).sum(),
    };
    json!({"line": line, "character": character})
}

/// Byte offset of an LSP position (clamped to the line and the text).
pub fn offset(
    text: &str,
    lines: &LineIndex,
    line: usize,
    character: usize,
    enc: Encoding,
) -> usize {
    if line >= lines.line_count() {
        return text.len();
    }
    match enc {
        Encoding::Utf16 => lines.offset_utf16(text, line, character),
        Encoding::Utf8 => {
            let r = lines.line_range(text, line);
            let mut at = (r.start + character).min(r.end);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        }
    }
}

pub fn range(text: &str, lines: &LineIndex, span: &std::ops::Range<usize>, enc: Encoding) -> Value {
    json!({"start": position(text, lines, span.start, enc), "end": position(text, lines, span.end, enc)})
}

/// An LSP diagnostic for a copydesk one.
pub fn diagnostic(text: &str, lines: &LineIndex, d: &Diagnostic, enc: Encoding) -> Value {
    let severity = match d.severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    };
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    for n in &d.notes {
        message.push_str(&format!("\nnote: {n}"));
    }
    json!({
        "range": range(text, lines, &d.span, enc),
        "severity": severity,
        "code": d.rule,
        "source": "copydesk",
        "message": message,
    })
}

/// `file:///a%20b/c.md` → `/a b/c.md`.
pub fn uri_to_path(uri: &str) -> Option<std::path::PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16);
    while i < bytes.len() {
        // Decoded byte by byte: a `%` before a multi-byte character is taken as it stands.
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(std::path::PathBuf::from(String::from_utf8(out).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_both_encodings_on_cjk_and_emoji() {
        let text = "他说😀“x”\n";
        let lines = LineIndex::new(text);
        let q = text.find('“').unwrap();
        assert_eq!(
            position(text, &lines, q, Encoding::Utf16),
            json!({"line": 0, "character": 4})
        );
        assert_eq!(
            position(text, &lines, q, Encoding::Utf8),
            json!({"line": 0, "character": 10})
        );
        assert_eq!(offset(text, &lines, 0, 4, Encoding::Utf16), q);
        assert_eq!(offset(text, &lines, 0, 10, Encoding::Utf8), q);
    }

    #[test]
    fn file_uris_decode() {
        assert_eq!(
            uri_to_path("file:///tmp/a%20b.md").unwrap(),
            std::path::PathBuf::from("/tmp/a b.md")
        );
        assert!(uri_to_path("untitled:1").is_none());
        assert_eq!(
            uri_to_path("file:///tmp/a%C3%A9.md").unwrap(),
            std::path::PathBuf::from("/tmp/aé.md")
        );
        assert_eq!(
            uri_to_path("file:///tmp/b%20").unwrap(),
            std::path::PathBuf::from("/tmp/b ")
        );
    }

    /// Regression: a `%` before a multi-byte character sliced a `str` inside the character.
    #[test]
    fn percent_before_multibyte_character_does_not_panic() {
        assert_eq!(
            uri_to_path("file:///tmp/%é.md").unwrap(),
            std::path::PathBuf::from("/tmp/%é.md")
        );
        assert_eq!(
            uri_to_path("file:///tmp/%").unwrap(),
            std::path::PathBuf::from("/tmp/%")
        );
    }
}
