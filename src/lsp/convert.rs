//! Byte offsets ↔ LSP positions, in the negotiated encoding; copydesk diagnostics → LSP;
//! file URIs → paths (parsed by the URI library lsp-types uses).

use std::ops::Range;
use std::path::PathBuf;

use lsp_types::{DiagnosticSeverity, NumberOrString, Position, Uri};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lines::LineIndex;

/// The position encoding agreed with the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// LSP position (0-based line, column in the encoding's units) of a byte offset.
pub fn position(text: &str, lines: &LineIndex, offset: usize, enc: Encoding) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = lines.line_of(offset);
    let start = lines.line_start(line).min(offset);
    let character = match enc {
        Encoding::Utf8 => offset - start,
        Encoding::Utf16 => text[start..offset].chars().map(char::len_utf16).sum(),
    };
    Position::new(to_u32(line), to_u32(character))
}

/// Byte offset of an LSP position (clamped to the line and the text, and moved back to
/// the start of a character it points inside).
pub fn offset(text: &str, lines: &LineIndex, at: Position, enc: Encoding) -> usize {
    let (line, character) = (at.line as usize, at.character as usize);
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

pub fn range(
    text: &str,
    lines: &LineIndex,
    span: &Range<usize>,
    enc: Encoding,
) -> lsp_types::Range {
    lsp_types::Range::new(
        position(text, lines, span.start, enc),
        position(text, lines, span.end, enc),
    )
}

/// An LSP diagnostic for a copydesk one.
pub fn diagnostic(
    text: &str,
    lines: &LineIndex,
    d: &Diagnostic,
    enc: Encoding,
) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    for n in &d.notes {
        message.push_str(&format!("\nnote: {n}"));
    }
    lsp_types::Diagnostic {
        range: range(text, lines, &d.span.range(), enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.to_string())),
        source: Some("copydesk".to_string()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

/// The local path of a `file:` URI (`file:///a%20b/c.md` → `/a b/c.md`); `None` for other
/// schemes and for hosts other than this machine.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme()?.as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    if let Some(auth) = uri.authority() {
        let host = auth.host().as_str();
        if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
            return None;
        }
    }
    let bytes = uri.path().as_estr().decode().into_bytes();
    // `/C:/x` on Windows is the drive path `C:/x`.
    let bytes: &[u8] = if cfg!(windows)
        && bytes.len() >= 3
        && bytes[0] == b'/'
        && bytes[1].is_ascii_alphabetic()
        && bytes[2] == b':'
    {
        &bytes[1..]
    } else {
        &bytes
    };
    path_from_bytes(bytes)
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> Option<PathBuf> {
    String::from_utf8(bytes.to_vec()).ok().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        s.parse().unwrap()
    }

    #[test]
    fn columns_in_both_encodings_on_cjk_and_emoji() {
        let text = "他说😀“x”\n";
        let lines = LineIndex::new(text);
        let q = text.find('“').unwrap();
        assert_eq!(
            position(text, &lines, q, Encoding::Utf16),
            Position::new(0, 4)
        );
        assert_eq!(
            position(text, &lines, q, Encoding::Utf8),
            Position::new(0, 10)
        );
        assert_eq!(
            offset(text, &lines, Position::new(0, 4), Encoding::Utf16),
            q
        );
        assert_eq!(
            offset(text, &lines, Position::new(0, 10), Encoding::Utf8),
            q
        );
        // Inside a character, past the line, past the text: clamped, never a panic.
        assert_eq!(offset(text, &lines, Position::new(0, 1), Encoding::Utf8), 0);
        assert_eq!(
            offset(text, &lines, Position::new(9, 9), Encoding::Utf8),
            text.len()
        );
        assert_eq!(
            position(text, &lines, 1, Encoding::Utf16),
            Position::new(0, 0)
        );
    }

    #[test]
    fn file_uris_decode() {
        assert_eq!(
            uri_to_path(&uri("file:///tmp/a%20b.md")).unwrap(),
            PathBuf::from("/tmp/a b.md")
        );
        assert_eq!(
            uri_to_path(&uri("file:///tmp/a%C3%A9.md")).unwrap(),
            PathBuf::from("/tmp/aé.md")
        );
        assert_eq!(
            uri_to_path(&uri("file://localhost/tmp/x.md")).unwrap(),
            PathBuf::from("/tmp/x.md")
        );
        assert!(uri_to_path(&uri("untitled:Untitled-1")).is_none());
        assert!(uri_to_path(&uri("file://server/share/x.md")).is_none());
    }

    /// Regression: a `%` before a multi-byte character sliced a `str` inside the character.
    /// Such a URI is not valid: it is refused when parsed, never sliced.
    #[test]
    fn percent_before_multibyte_character_is_refused() {
        assert!("file:///tmp/%é.md".parse::<Uri>().is_err());
        assert!("file:///tmp/%".parse::<Uri>().is_err());
    }
}
