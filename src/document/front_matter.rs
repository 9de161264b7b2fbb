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
    /// Why the block does not parse, if it does not (then no field is read).
    pub error: Option<SyntaxError>,
}

/// Front matter that its format's parser rejects: where, and the parser's words.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// Byte offset in the file.
    pub offset: usize,
    pub message: String,
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
            return unclosed(text, start, content_start, format, delim);
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
    let (fields, error) = match format {
        FrontMatterFormat::Yaml => yaml_fields(text, content_start..content_end),
        FrontMatterFormat::Toml => toml_fields(text, content_start..content_end),
    };
    Some(FrontMatter {
        format,
        range: start..end,
        fields,
        error,
    })
}

/// An opening delimiter never closed. When the next line reads as a field (`key: value`,
/// `key = value`) the closing line was lost: the whole file is front matter that does not
/// parse (its YAML would otherwise be checked as prose). Otherwise it is no front matter
/// (a thematic break opening a Markdown body).
fn unclosed(
    text: &str,
    start: usize,
    content_start: usize,
    format: FrontMatterFormat,
    delim: &str,
) -> Option<FrontMatter> {
    let line = text[content_start..].lines().next()?;
    let key_len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .unwrap_or(line.len());
    let after = line[key_len..].trim_start_matches([' ', '\t']);
    let field = key_len > 0
        && match format {
            FrontMatterFormat::Yaml => {
                line[key_len..].starts_with(':')
                    && after[1..].chars().next().is_none_or(char::is_whitespace)
            }
            FrontMatterFormat::Toml => after.starts_with('='),
        };
    field.then(|| FrontMatter {
        format,
        range: start..text.len(),
        fields: Vec::new(),
        error: Some(SyntaxError {
            offset: start,
            message: format!(
                "it is never closed (no `{delim}` line ends it), so the whole file is read as \
                 front matter"
            ),
        }),
    })
}

/// Top-level `key: value` scalars of a YAML block, read by a YAML 1.2 parser that keeps
/// source positions: a value the source holds verbatim maps byte for byte, one written with
/// escapes, folding or an alias maps as a whole to its source.
fn yaml_fields(text: &str, range: Range<usize>) -> (Vec<Field>, Option<SyntaxError>) {
    if let Some(found) = simple_yaml(&text[range.clone()]) {
        let mut fields = Vec::new();
        for (key, span, value, quoted) in found {
            let span = range.start + span.start..range.start + span.end;
            push_field(&mut fields, text, key, span, value, quoted);
        }
        return (fields, None);
    }
    parsed_yaml_fields(text, range)
}

/// [`yaml_fields`] by the YAML parser.
fn parsed_yaml_fields(text: &str, range: Range<usize>) -> (Vec<Field>, Option<SyntaxError>) {
    // libyaml (Jekyll, PyYAML) accepts a quoted scalar whose continuation lines start at
    // column 0; YAML 1.2 parsers reject it. Such a line is read as if indented by one space,
    // a copy being parsed and its positions mapped back.
    let mut src = std::borrow::Cow::Borrowed(&text[range.clone()]);
    let mut inserted: Vec<usize> = Vec::new(); // char indexes (in the copy) of added spaces
    loop {
        match yaml_pass(&src) {
            Ok(found) => {
                let fields = found
                    .into_iter()
                    .map(|(key, span, value, quoted)| {
                        let map = |i: usize| range.start + byte_of(text, range.start, i, &inserted);
                        (key, map(span.0)..map(span.1), value, quoted)
                    })
                    .fold(Vec::new(), |mut out, (key, span, value, quoted)| {
                        push_field(&mut out, text, &key, span, &value, quoted);
                        out
                    });
                return (fields, None);
            }
            Err((index, info)) => {
                if info.contains("indentation in quoted scalar") && inserted.len() < 256 {
                    if let Some((copy, added)) = indent_quoted(&src, index) {
                        let base = inserted.len();
                        inserted.extend(added);
                        if inserted.len() > base {
                            src = std::borrow::Cow::Owned(copy);
                            continue;
                        }
                    }
                }
                let error = SyntaxError {
                    offset: range.start + byte_of(text, range.start, index, &inserted),
                    message: format!("invalid YAML: {info}"),
                };
                return (Vec::new(), Some(error));
            }
        }
    }
}

/// `src` with a space before each line of the quoted scalar that opens at char `index` which
/// starts at column 0, and the char indexes (in the new text) of the added spaces.
fn indent_quoted(src: &str, index: usize) -> Option<(String, Vec<usize>)> {
    let mut out = String::with_capacity(src.len() + 16);
    let mut added = Vec::new();
    let mut chars = src.chars().enumerate().peekable();
    let mut n = 0; // chars written
    let mut quote = None;
    let mut closed = false;
    while let Some((i, c)) = chars.next() {
        if i == index {
            quote = Some(c).filter(|c| matches!(c, '"' | '\''));
            quote?;
        } else if let (Some(q), false) = (quote, closed) {
            if c == '\\' && q == '"' {
                out.push(c);
                n += 1;
                if let Some((_, e)) = chars.next() {
                    out.push(e);
                    n += 1;
                }
                continue;
            }
            if c == q {
                if q == '\'' && chars.peek().is_some_and(|(_, d)| *d == '\'') {
                    out.push(c);
                    chars.next();
                    out.push(c);
                    n += 2;
                    continue;
                }
                closed = true;
            }
            if c == '\n'
                && chars
                    .peek()
                    .is_some_and(|(_, d)| !matches!(d, ' ' | '\t' | '\n' | '\r'))
            {
                out.push(c);
                n += 1;
                added.push(n);
                out.push(' ');
                n += 1;
                continue;
            }
        }
        out.push(c);
        n += 1;
    }
    Some((out, added))
}

/// Byte offset (from `base`) in `text` of char index `index` of a copy with spaces inserted
/// at the char indexes `inserted`.
fn byte_of(text: &str, base: usize, index: usize, inserted: &[usize]) -> usize {
    let original = index - inserted.iter().filter(|&&i| i < index).count();
    text[base..]
        .char_indices()
        .nth(original)
        .map_or(text.len() - base, |(b, _)| b)
}

/// A field read by [`simple_yaml`]: key, value's byte span, value, quoted?
type SimpleField<'a> = (&'a str, Range<usize>, &'a str, bool);

/// The fields copydesk reads from front matter written in the plainest YAML, which is most
/// of it — each line a comment, or a `key: value` at the margin, or under a `key:` with no
/// value an indented `key: value` or a `- value` (all at one indentation), every value on
/// one line and plain or quoted without escapes (`title: "The Test Case"`, `tags:` and
/// `  - mobile`) — read as the YAML parser reads them without running it (it was a tenth of
/// a run's parsing). `None` for anything else, and the parser reads it.
fn simple_yaml(src: &str) -> Option<Vec<SimpleField<'_>>> {
    if src.contains(['\t', '\r']) && !crlf_only(src) {
        return None;
    }
    let mut fields = Vec::new();
    // Under a `key:` with no value: the indentation and kind (`-` items or `key:` entries)
    // of the lines under it, once the first has set them.
    let mut open: Option<Option<(usize, bool)>> = None;
    let mut at = 0;
    for raw in src.split_inclusive('\n') {
        let line_start = at;
        at += raw.len();
        let line = raw.trim_end_matches('\n').trim_end_matches('\r');
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        let item = body == "-" || body.starts_with("- ");
        // Under a `key:` with no value, each line at the indentation and of the kind (`-`
        // item or `key:` entry) of the first (YAML lets a sequence under a key sit at the
        // key's own indentation); any other line at the margin is the next entry.
        let nested = match open {
            Some(None) => indent > 0 || item,
            Some(Some((n, was_item))) if indent > 0 || item => {
                if (n, was_item) != (indent, item) {
                    return None;
                }
                true
            }
            _ => false,
        };
        if nested {
            open = Some(Some((indent, item)));
            let value = if item {
                body[1..].trim_start_matches(' ')
            } else {
                entry(body)?.1
            };
            scalar(value, 0)?;
            continue;
        }
        if indent > 0 || item {
            return None;
        }
        let (key, value, start) = entry(body)?;
        if value.is_empty() {
            open = Some(None);
            continue;
        }
        open = None;
        let (span, text, quoted) = scalar(value, start)?;
        if KEYS.contains(&key) {
            fields.push((
                key,
                line_start + span.start..line_start + span.end,
                text,
                quoted,
            ));
        }
    }
    Some(fields)
}

/// Whether every `\r` in `src` ends a line and there is no tab.
fn crlf_only(src: &str) -> bool {
    !src.contains('\t')
        && src
            .match_indices('\r')
            .all(|(i, _)| src[i + 1..].starts_with('\n'))
}

/// A `key: value` line's key, value (trimmed) and the value's byte offset in the line; the
/// key is a name (`title`, `og_image`, `read-time`).
fn entry(line: &str) -> Option<(&str, &str, usize)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let name = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
    let after = &line[colon + 1..];
    if !name || !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let value = after.trim_matches(' ');
    let start = colon + 1 + (after.len() - after.trim_start_matches(' ').len());
    Some((key, value, start))
}

/// A one-line value that is a plain scalar with nothing YAML would read otherwise, or quoted
/// without escapes or a quote inside: its span (from `start`, quotes included), its text and
/// whether it is quoted.
fn scalar(value: &str, start: usize) -> Option<(Range<usize>, &str, bool)> {
    let odd = |c: char| {
        c.is_control()
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
    };
    // One pass over the bytes (every value of most front matter comes here): an ASCII
    // control, `: ` and ` #`; a value with other bytes is also read by character.
    let b = value.as_bytes();
    let (mut ascii, mut odd_byte, mut marks) = (true, false, false);
    for (i, &c) in b.iter().enumerate() {
        ascii &= c.is_ascii();
        odd_byte |= c < 0x20 || c == 0x7f;
        marks |= match c {
            b':' => b.get(i + 1) == Some(&b' '),
            b'#' => i > 0 && b[i - 1] == b' ',
            _ => false,
        };
    }
    if value.is_empty() || odd_byte || !ascii && value.chars().any(odd) {
        return None;
    }
    let span = start..start + value.len();
    for q in ['"', '\''] {
        if value.starts_with(q) {
            let inner = value.strip_suffix(q).filter(|_| value.len() >= 2)?;
            let inner = &inner[1..];
            if inner.contains(q) || (q == '"' && inner.contains('\\')) {
                return None;
            }
            return Some((span, inner, true));
        }
    }
    let indicator = value.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`',
    ]);
    if indicator || marks || value.ends_with(':') {
        return None;
    }
    Some((span, value, false))
}

/// A read field: key, value's span in chars, value, quoted?
type RawField = (String, (usize, usize), String, bool);

/// The fields copydesk reads from the top mapping, or the parser's error (char index,
/// column, message).
fn yaml_pass(src: &str) -> Result<Vec<RawField>, (usize, String)> {
    use saphyr_parser::{Event, Parser};
    let mut fields = Vec::new();
    let mut anchors: Vec<(usize, String)> = Vec::new();
    // Depth of nested collections; the top mapping's entries are at depth 1.
    let mut depth = 0usize;
    // In the top mapping: the key whose value comes next, or `None` when a key comes next.
    let mut key: Option<String> = None;
    for item in Parser::new_from_str(src) {
        let (event, span) = item.map_err(|e| (e.marker().index(), e.info().to_string()))?;
        // A node of the top mapping: its value (text, quoted?) when it is a scalar or an alias.
        let node: Option<Option<(String, bool)>> = match event {
            Event::Scalar(value, style, anchor, _) => {
                if anchor > 0 {
                    anchors.push((anchor, value.to_string()));
                }
                let quoted = !matches!(style, saphyr_parser::ScalarStyle::Plain);
                (depth == 1).then(|| Some((value.into_owned(), quoted)))
            }
            Event::Alias(id) => (depth == 1).then(|| {
                let v = anchors.iter().rev().find(|(a, _)| *a == id);
                v.map(|(_, v)| (v.clone(), true))
            }),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                (depth == 2).then_some(None)
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                None
            }
            _ => None,
        };
        let Some(node) = node else { continue };
        match key.take() {
            // A key: remembered (as the empty string when it is not one copydesk reads).
            None => {
                let k = node.map(|(k, _)| k).filter(|k| KEYS.contains(&k.as_str()));
                key = Some(k.unwrap_or_default());
            }
            Some(k) => {
                if let Some((value, quoted)) = node {
                    if !k.is_empty() {
                        fields.push((k, (span.start.index(), span.end.index()), value, quoted));
                    }
                }
            }
        }
    }
    Ok(fields)
}

/// One read field: verbatim source maps byte for byte; anything else (escapes, folded lines,
/// an alias) is a replacement of its whole source range.
fn push_field(
    fields: &mut Vec<Field>,
    text: &str,
    key: &str,
    span: Range<usize>,
    value: &str,
    quoted: bool,
) {
    if key.is_empty() || value.trim().is_empty() {
        return;
    }
    // The YAML parser's span of a quoted value takes in a space after its closing quote.
    let span = if quoted {
        span.start..span.start + text[span.clone()].trim_end_matches([' ', '\t']).len()
    } else {
        span
    };
    let raw = &text[span.clone()];
    let inner = if quoted && raw.len() >= 2 && raw.starts_with(['"', '\'']) {
        span.start + 1..span.end - 1
    } else {
        span
    };
    let mut prose = Prose::default();
    if text.get(inner.clone()) == Some(value) {
        prose.push_source(text, inner);
    } else {
        prose.push_replacement(inner, value);
    }
    fields.push(Field {
        key: key.to_string(),
        prose,
    });
}

#[derive(serde::Deserialize)]
struct TomlFields {
    title: Option<toml::Spanned<toml::Value>>,
    headline: Option<toml::Spanned<toml::Value>>,
    description: Option<toml::Spanned<toml::Value>>,
}

fn toml_fields(text: &str, range: Range<usize>) -> (Vec<Field>, Option<SyntaxError>) {
    let parsed = match toml::from_str::<TomlFields>(&text[range.clone()]) {
        Ok(p) => p,
        Err(e) => {
            let error = SyntaxError {
                offset: range.start + e.span().map_or(0, |s| s.start),
                message: format!("invalid TOML: {}", e.message()),
            };
            return (Vec::new(), Some(error));
        }
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
        push_field(&mut fields, text, key, inner, s, false);
    }
    (fields, None)
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
    fn plain_yaml_is_read_as_the_parser_reads_it() {
        // Every arrangement of three of these lines: what the plain reading takes, the
        // parser takes too, with the same fields at the same places.
        let lines = [
            "title: Plain title ",
            "title: \"Quoted: yes\" ",
            "headline: 'single # not'",
            "description: a: b",
            "title: a #c",
            "title: C#",
            "title: x:",
            "tags:",
            "  - a",
            "- b",
            "  sub: v",
            "    deeper",
            "",
            "# comment",
            "title:",
            "  continuation",
            "key:value",
            "- ",
            "title: [a, b]",
            "title: 'it''s'",
            "title: \"a\\\"b\"",
            "\ttitle: x",
            "title: é ünïcode",
            "date: 2020-01-01",
            "headline: -x",
            "title: \"open",
            "title: ok\r",
            "a b: c",
            "title: {x}",
            "description: a, b [c]",
            "title: a #b",
            "title: C# for all: now",
            "title: x\u{85}y",
        ];
        let (mut simple, mut total) = (0, 0);
        for a in lines {
            for b in lines {
                for c in lines {
                    let src = format!("{a}\n{b}\n{c}\n");
                    total += 1;
                    let Some(found) = simple_yaml(&src) else {
                        continue;
                    };
                    simple += 1;
                    let mut fields = Vec::new();
                    for (key, span, value, quoted) in found {
                        push_field(&mut fields, &src, key, span, value, quoted);
                    }
                    let (parsed, error) = parsed_yaml_fields(&src, 0..src.len());
                    assert!(error.is_none(), "{src:?}: {error:?}");
                    assert_eq!(format!("{fields:?}"), format!("{parsed:?}"), "{src:?}");
                }
            }
        }
        // Most arrangements are not plain (and the parser reads them), but many are.
        assert!(simple > total / 20 && simple < total, "{simple} of {total}");
    }

    #[test]
    fn yaml_plain_and_folded_values() {
        let text = "---\ntitle: Plain title # comment\ndescription: >-\n  First line\n  second line\n---\n";
        let fm = parse(text, 0).unwrap();
        assert_eq!(fm.fields[0].prose.text(), "Plain title");
        assert_eq!(fm.fields[1].prose.text(), "First line second line");
    }

    /// Valid YAML that a line scanner misreads: each value as YAML means it.
    #[test]
    fn yaml_values_as_yaml_reads_them() {
        let cases = [
            ("title: \"Say \\\"hi\\\"\"", "Say \"hi\""),
            ("title: \"Caf\\u00e9 society\"", "Café society"),
            ("title: 'It''s here'", "It's here"),
            ("base: &t Shared title\ntitle: *t", "Shared title"),
            ("title: !!str 2024 in review", "2024 in review"),
            (
                "title: A plain title\n  that goes on",
                "A plain title that goes on",
            ),
            (
                "title: \"A quoted title\n  that goes on\"",
                "A quoted title that goes on",
            ),
            ("title: Plain # a comment", "Plain"),
            ("title: |\n  Literal\n", "Literal\n"),
            ("tags:\n  - title: nested\ntitle: Top", "Top"),
            // libyaml's reading: a quoted scalar's next line at column 0 continues it.
            (
                "title: \"Café, a quoted title\nthat goes on\"\nx: 1",
                "Café, a quoted title that goes on",
            ),
        ];
        for (yaml, want) in cases {
            let text = format!("---\n{yaml}\n---\nBody\n");
            let fm = parse(&text, 0).unwrap();
            assert!(fm.error.is_none(), "{yaml}: {:?}", fm.error);
            let titles: Vec<_> = fm.fields.iter().filter(|f| f.key == "title").collect();
            assert_eq!(titles.len(), 1, "{yaml}");
            assert_eq!(titles[0].prose.text(), want, "{yaml}");
        }
    }

    #[test]
    fn escaped_value_maps_to_its_source() {
        let text = "---\ntitle: \"Caf\\u00e9\"\n---\n";
        let fm = parse(text, 0).unwrap();
        assert_eq!(&text[fm.fields[0].prose.src_range()], "Caf\\u00e9");
    }

    #[test]
    fn invalid_front_matter_is_an_error_with_a_position() {
        let text = "---\ntitle: \"unclosed\ndate: 2020\n---\nBody\n";
        let fm = parse(text, 0).unwrap();
        let e = fm.error.expect("an error");
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.offset >= 4 && e.offset <= fm.range.end, "{}", e.offset);
        let text = "+++\ntitle = \"x\ntitle = 1\n+++\n";
        let e = parse(text, 0).unwrap().error.expect("an error");
        assert!(e.message.starts_with("invalid TOML"), "{}", e.message);
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
        assert!(parse("--- not\n", 0).is_none());
        assert!(parse("---\nA body after a rule: not a field.\n", 0).is_none());
        assert!(parse("---\n", 0).is_none());
    }

    #[test]
    fn unclosed_fields_are_front_matter_that_does_not_parse() {
        for text in [
            "---\ntitle: x\n\nBody \"a\n",
            "+++\ntitle = \"x\"\n",
            "---\ndate:\n",
        ] {
            let fm = parse(text, 0).unwrap();
            assert_eq!(fm.range, 0..text.len(), "{text:?}");
            assert!(fm.fields.is_empty());
            assert!(
                fm.error.unwrap().message.contains("never closed"),
                "{text:?}"
            );
        }
    }
}
