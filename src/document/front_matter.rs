//! YAML (`---`) and TOML (`+++`) front matter: where it is, and its title-like fields with
//! their true spans. Only the fields copydesk reads are extracted; the rest is skipped, and
//! front-matter syntax is never prose.

use std::ops::Range;

use super::prose::Prose;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
}

/// One scalar field of the front matter.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    /// The value's prose, mapped to its bytes in the file (quotes excluded).
    pub prose: Prose,
}

#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub format: FrontMatterFormat,
    /// The whole block, delimiters included.
    pub range: Range<usize>,
    pub fields: Vec<Field>,
}

/// The keys read from front matter, in the order they are looked for.
pub(super) const KEYS: [&str; 3] = ["title", "headline", "description"];

/// Split front matter off the start of `text` (after `start`, which skips a BOM).
/// Returns `None` when the text does not open with a delimiter line that is closed later.
pub(super) fn parse(text: &str, start: usize) -> Option<FrontMatter> {
    let rest = &text[start..];
    let (format, delim) = if rest.starts_with("---") {
        (FrontMatterFormat::Yaml, "---")
    } else if rest.starts_with("+++") {
        (FrontMatterFormat::Toml, "+++")
    } else {
        return None;
    };
    let first_nl = rest.find('\n')?;
    if rest[..first_nl].trim_end() != delim {
        return None;
    }
    let content_start = start + first_nl + 1;
    // Find the closing delimiter line.
    let mut pos = content_start;
    let (content_end, end) = loop {
        if pos >= text.len() {
            return None;
        }
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..line_end].trim_end_matches('\r');
        let closes = line.trim_end() == delim
            || (format == FrontMatterFormat::Yaml && line.trim_end() == "...");
        if closes {
            break (pos, (line_end + 1).min(text.len()));
        }
        pos = line_end + 1;
    };
    let fields = match format {
        FrontMatterFormat::Yaml => yaml_fields(text, content_start..content_end),
        FrontMatterFormat::Toml => toml_fields(text, content_start..content_end),
    };
    Some(FrontMatter {
        format,
        range: start..end,
        fields,
    })
}

/// Top-level `key: value` scalars of a YAML block (plain, quoted, or folded block scalars).
fn yaml_fields(text: &str, range: Range<usize>) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut lines = Vec::new();
    let mut pos = range.start;
    while pos < range.end {
        let end = text[pos..range.end]
            .find('\n')
            .map_or(range.end, |i| pos + i);
        let mut line_end = end;
        if line_end > pos && text.as_bytes()[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        lines.push(pos..line_end);
        pos = end + 1;
    }
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].clone();
        let s = &text[line.clone()];
        i += 1;
        let Some(colon) = s.find(':') else { continue };
        let key = &s[..colon];
        if key.is_empty() || key.starts_with([' ', '\t', '#', '-']) || !KEYS.contains(&key) {
            continue;
        }
        let after = &s[colon + 1..];
        let value_start = line.start + colon + 1 + (after.len() - after.trim_start().len());
        let value = after.trim();
        let mut prose = Prose::default();
        if value.starts_with('>') || value.starts_with('|') {
            // Block scalar: the following more-indented lines, joined by spaces.
            while i < lines.len() {
                let l = lines[i].clone();
                let ls = &text[l.clone()];
                if !ls.is_empty() && !ls.starts_with([' ', '\t']) {
                    break;
                }
                i += 1;
                let indent = ls.len() - ls.trim_start().len();
                if ls.trim().is_empty() {
                    continue;
                }
                if !prose.is_empty() {
                    let gap_start = prose.src_range().end;
                    prose.push_replacement(gap_start..l.start + indent, " ");
                }
                prose.push_source(text, l.start + indent..l.end);
            }
        } else if let Some(q @ ('"' | '\'')) = value.chars().next() {
            let inner_start = value_start + 1;
            let body = &text[inner_start..line.end];
            let close = if q == '"' {
                let mut esc = false;
                body.char_indices().find(|&(_, c)| {
                    let hit = c == '"' && !esc;
                    esc = c == '\\' && !esc;
                    hit
                })
            } else {
                body.char_indices()
                    .find(|&(j, c)| c == '\'' && !body[j + 1..].starts_with('\''))
            };
            let inner_end = close.map_or(line.end, |(j, _)| inner_start + j);
            let raw = &text[inner_start..inner_end];
            if raw.contains('\\') && q == '"' || raw.contains("''") && q == '\'' {
                let unescaped = if q == '"' {
                    unescape(raw)
                } else {
                    raw.replace("''", "'")
                };
                prose.push_replacement(inner_start..inner_end, &unescaped);
            } else {
                prose.push_source(text, inner_start..inner_end);
            }
        } else {
            let mut v = value;
            if let Some(c) = v.find(" #") {
                v = v[..c].trim_end();
            }
            if v.is_empty() {
                continue;
            }
            prose.push_source(text, value_start..value_start + v.len());
        }
        if !prose.is_empty() {
            fields.push(Field {
                key: key.to_string(),
                prose,
            });
        }
    }
    fields
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(serde::Deserialize)]
struct TomlFields {
    title: Option<toml::Spanned<toml::Value>>,
    headline: Option<toml::Spanned<toml::Value>>,
    description: Option<toml::Spanned<toml::Value>>,
}

fn toml_fields(text: &str, range: Range<usize>) -> Vec<Field> {
    let Ok(parsed) = toml::from_str::<TomlFields>(&text[range.clone()]) else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    for (key, value) in [
        ("title", parsed.title),
        ("headline", parsed.headline),
        ("description", parsed.description),
    ] {
        let Some(v) = value else { continue };
        let span = v.span();
        let toml::Value::String(s) = v.get_ref() else {
            continue;
        };
        let src = range.start + span.start..range.start + span.end;
        let raw = &text[src.clone()];
        let q = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else {
            1
        };
        let inner = src.start + q..src.end.saturating_sub(q).max(src.start + q);
        let mut prose = Prose::default();
        if text.get(inner.clone()) == Some(s.as_str()) {
            prose.push_source(text, inner);
        } else {
            prose.push_replacement(inner, s);
        }
        fields.push(Field {
            key: key.to_string(),
            prose,
        });
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_title_has_true_span() {
        let text = "---\nlayout: post\ntitle: \"Hello, world\"\ndate: 2020\n---\nBody\n";
        let fm = parse(text, 0).unwrap();
        assert_eq!(fm.format, FrontMatterFormat::Yaml);
        assert_eq!(
            &text[fm.range.clone()],
            "---\nlayout: post\ntitle: \"Hello, world\"\ndate: 2020\n---\n"
        );
        let f = &fm.fields[0];
        assert_eq!(f.key, "title");
        assert_eq!(f.prose.text(), "Hello, world");
        assert_eq!(&text[f.prose.src_range()], "Hello, world");
    }

    #[test]
    fn yaml_plain_and_folded_values() {
        let text = "---\ntitle: Plain title # comment\ndescription: >-\n  First line\n  second line\n---\n";
        let fm = parse(text, 0).unwrap();
        assert_eq!(fm.fields[0].prose.text(), "Plain title");
        assert_eq!(fm.fields[1].prose.text(), "First line second line");
    }

    #[test]
    fn toml_title_has_true_span() {
        let text = "+++\ntitle = \"Rust 1.0\"\n[extra]\nx = 1\n+++\n\nBody";
        let fm = parse(text, 0).unwrap();
        assert_eq!(fm.format, FrontMatterFormat::Toml);
        assert_eq!(fm.fields[0].prose.text(), "Rust 1.0");
        assert_eq!(&text[fm.fields[0].prose.src_range()], "Rust 1.0");
    }

    #[test]
    fn crlf_front_matter() {
        let text = "---\r\ntitle: A title\r\n---\r\nBody\r\n";
        let fm = parse(text, 0).unwrap();
        assert_eq!(fm.fields[0].prose.text(), "A title");
        assert_eq!(&text[fm.range.end..], "Body\r\n");
    }

    #[test]
    fn unclosed_is_not_front_matter() {
        assert!(parse("---\ntitle: x\n", 0).is_none());
        assert!(parse("--- not\n", 0).is_none());
    }
}
