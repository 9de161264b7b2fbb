//! Prose inside an HTML block of a Markdown file (`<p>…</p>`, `<blockquote>…`, CMS exports):
//! text between tags becomes blocks, tags are masked, and what is not prose — `<script>`,
//! `<style>`, `<pre>`, `<code>`, comments — never is.

use std::ops::Range;

use super::{Block, BlockKind, Prose};

/// Elements that start and end a block of text.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is never prose: skipped whole.
const RAW_TAGS: &[&str] = &[
    "code", "iframe", "kbd", "math", "noscript", "object", "pre", "samp", "script", "select",
    "style", "svg", "template", "textarea",
];

/// Read the prose of one HTML block, given as the byte ranges of its lines (a container's
/// `> ` or indentation lies between them), into `out`; `context` is the kind of the
/// Markdown container it stands in.
pub(super) fn read(
    text: &str,
    chunks: &[Range<usize>],
    context: BlockKind,
    mdx: bool,
    out: &mut Vec<Block>,
) {
    let mut r = Reader {
        text,
        out,
        context,
        mdx,
        current: None,
        kinds: Vec::new(),
        pending_space: None,
    };
    let mut skip_until: Option<&'static str> = None;
    // Lines that follow each other are read as one text, so a tag or comment broken over
    // lines is read whole.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for c in chunks {
        match merged.last_mut() {
            Some(last) if last.end == c.start => last.end = c.end,
            _ => merged.push(c.clone()),
        }
    }
    let mut skip_to: Option<usize> = None;
    for chunk in &merged {
        let mut i = chunk.start;
        let end = chunk.end;
        loop {
            if let Some(t) = skip_to {
                if t >= end {
                    break;
                }
                i = i.max(t);
                skip_to = None;
            }
            if i >= end {
                break;
            }
            let rest = &text[i..end];
            if let Some(name) = skip_until {
                // Inside raw content: look for its closing tag (on this line or a later one).
                let close = format!("</{name}");
                match find_ci(rest, &close) {
                    Some(p) => {
                        let after = i + p;
                        let gt = text[after..end].find('>').map_or(end, |g| after + g + 1);
                        r.mask(i..gt);
                        i = gt;
                        skip_until = None;
                    }
                    None => {
                        r.mask(i..end);
                        i = end;
                    }
                }
                continue;
            }
            let b = rest.as_bytes()[0];
            if b == b'{' && r.mdx {
                // A JavaScript expression (JSX inside it is code too): skipped to its `}`.
                let stop = expression_end(text, i, &merged);
                r.mask(i..stop);
                skip_to = Some(stop);
                continue;
            }
            if rest.starts_with("<!--") {
                let stop = rest.find("-->").map_or(end, |p| i + p + 3);
                r.mask(i..stop);
                i = stop;
            } else if b == b'<' && is_tag_start(rest) {
                let (name, closing, tag_end) = tag(rest);
                let tag_end = i + tag_end;
                if !closing && RAW_TAGS.contains(&name.as_str()) {
                    r.mask(i..tag_end);
                    // `<code>` inside a sentence is a word of it; the others end the text.
                    if name != "code" && name != "kbd" && name != "samp" {
                        r.flush();
                    }
                    skip_until = RAW_TAGS.iter().copied().find(|t| *t == name);
                } else if BLOCK_TAGS.contains(&name.as_str()) {
                    r.flush();
                    // A block tag stands outside any text: no space carries over it.
                    r.pending_space = None;
                    if closing {
                        r.kinds.pop();
                    } else if name != "hr" {
                        r.kinds.push(kind_of(&name));
                    }
                } else if name == "br" {
                    r.space(i..tag_end);
                } else {
                    r.mask(i..tag_end);
                }
                i = tag_end;
            } else if b == b'&' {
                let (len, decoded) = entity(rest);
                match decoded {
                    Some(s) => r.replace(i..i + len, s),
                    None => r.mask(i..i + len),
                }
                i += len;
            } else if b.is_ascii_whitespace() {
                let n = rest.len() - rest.trim_start().len();
                r.space(i..i + n);
                i += n;
            } else {
                let n = rest
                    .find(|c: char| c == '<' || c == '&' || c.is_ascii_whitespace())
                    .unwrap_or(rest.len())
                    .max(1);
                let n = (1..=n)
                    .rev()
                    .find(|k| rest.is_char_boundary(*k))
                    .unwrap_or(n);
                r.source(i..i + n);
                i += n;
            }
        }
    }
    r.flush();
}

struct Reader<'a> {
    text: &'a str,
    out: &'a mut Vec<Block>,
    context: BlockKind,
    /// MDX: `{…}` in the text is a JavaScript expression.
    mdx: bool,
    current: Option<Prose>,
    /// Kinds of the open block elements, innermost last.
    kinds: Vec<BlockKind>,
    /// White space seen since the last text (joined as one space before the next).
    pending_space: Option<Range<usize>>,
}

impl Reader<'_> {
    fn prose(&mut self) -> &mut Prose {
        if let Some(sp) = self.pending_space.take() {
            if let Some(p) = self.current.as_mut() {
                p.push_replacement(sp, " ");
            }
        }
        self.current.get_or_insert_with(Prose::default)
    }

    fn source(&mut self, r: Range<usize>) {
        let text = self.text;
        self.prose().push_source(text, r);
    }

    fn replace(&mut self, r: Range<usize>, s: &str) {
        self.prose().push_replacement(r, s);
    }

    /// A tag or other non-prose inside the text: transparent for the rules.
    fn mask(&mut self, r: Range<usize>) {
        if self.current.is_some() {
            self.prose().push_mask(r, 1);
        }
    }

    fn space(&mut self, r: Range<usize>) {
        if self.current.is_some() {
            let start = self.pending_space.as_ref().map_or(r.start, |p| p.start);
            self.pending_space = Some(start..r.end);
        }
    }

    fn flush(&mut self) {
        self.pending_space = None;
        let Some(mut prose) = self.current.take() else {
            return;
        };
        if self.mdx {
            prose.mask_expressions();
        }
        if prose.text().chars().any(char::is_alphanumeric) {
            let kind = self.kinds.last().copied().unwrap_or(self.context);
            self.out.push(Block::new(kind, None, prose));
        }
    }
}

fn kind_of(name: &str) -> BlockKind {
    match name {
        "li" | "dd" | "dt" => BlockKind::ListItem,
        "blockquote" => BlockKind::Blockquote,
        "td" | "th" | "caption" => BlockKind::TableCell,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading(name.as_bytes()[1] - b'0'),
        _ => BlockKind::Paragraph,
    }
}

/// `<name` or `</name`: a tag (not `a < b`).
fn is_tag_start(s: &str) -> bool {
    let b = s.as_bytes();
    match b.get(1) {
        Some(c) if c.is_ascii_alphabetic() => true,
        Some(b'/') => b.get(2).is_some_and(u8::is_ascii_alphabetic),
        _ => false,
    }
}

/// A tag at the start of `s`: lower-case name, closing?, and its length (to the `>` outside
/// quoted attribute values, or to the end of `s`).
fn tag(s: &str) -> (String, bool, usize) {
    let closing = s.as_bytes().get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    let name_end = s[name_start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .map_or(s.len(), |p| name_start + p);
    let name = s[name_start..name_end].to_ascii_lowercase();
    let mut quote: Option<u8> = None;
    let mut end = s.len();
    for (k, &c) in s.as_bytes().iter().enumerate().skip(name_end) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => {
                end = k + 1;
                break;
            }
            _ => {}
        }
    }
    (name, closing, end)
}

/// An entity at the start of `s` (`&amp;`, `&#8220;`, `&#x201C;`): its length, and its text
/// when it is a character the rules read (quotes, dashes, spaces). A lone `&` is itself.
fn entity(s: &str) -> (usize, Option<&'static str>) {
    let end = s.bytes().take(12).position(|b| b == b';').filter(|&p| {
        p > 1
            && s[1..p]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'#')
    });
    let Some(end) = end else {
        return (1, Some("&"));
    };
    let name = &s[1..end];
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse().ok()
    } else {
        None
    };
    let text = match (name, code) {
        ("amp", _) | (_, Some(0x26)) => "&",
        ("quot", _) | (_, Some(0x22)) => "\"",
        ("apos", _) | (_, Some(0x27)) => "'",
        ("nbsp", _) | (_, Some(0xA0)) => "\u{a0}",
        ("ldquo", _) | (_, Some(0x201C)) => "“",
        ("rdquo", _) | (_, Some(0x201D)) => "”",
        ("lsquo", _) | (_, Some(0x2018)) => "‘",
        ("rsquo", _) | (_, Some(0x2019)) => "’",
        ("mdash", _) | (_, Some(0x2014)) => "—",
        ("ndash", _) | (_, Some(0x2013)) => "–",
        ("hellip", _) | (_, Some(0x2026)) => "…",
        _ => return (end + 1, None),
    };
    (end + 1, Some(text))
}

/// The end of the `{…}` expression opening at `start`: after its matching `}` (braces in
/// strings and template literals are not counted), searched through `chunks`; the end of
/// the last chunk when it is not closed.
fn expression_end(text: &str, start: usize, chunks: &[Range<usize>]) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for c in chunks.iter().filter(|c| c.end > start) {
        let from = c.start.max(start);
        let bytes = text.as_bytes();
        let mut k = from;
        while k < c.end {
            let b = bytes[k];
            match (quote, b) {
                (Some(_), b'\\') => k += 1,
                (Some(q), b) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'' | b'`') => quote = Some(b),
                (None, b'{') => depth += 1,
                (None, b'}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return k + 1;
                    }
                }
                _ => {}
            }
            k += 1;
        }
    }
    chunks.last().map_or(start, |c| c.end.max(start))
}

/// Case-insensitive find of an ASCII needle.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use crate::document::{BlockKind, Document, Format, MASK};

    use crate::document::tests::markdown as doc;

    #[test]
    fn paragraphs_in_html_are_prose() {
        let s = "Intro.\n\n<p>\n  The mayor called it a“vanity project” and\n  <em>left</em>.\n</p>\n<ul>\n<li>One &amp; two</li>\n</ul>\n";
        let d = doc(s);
        let texts: Vec<_> = d
            .blocks
            .iter()
            .map(|b| (b.kind, b.text().replace(MASK, "#")))
            .collect();
        assert_eq!(
            texts,
            [
                (BlockKind::Paragraph, "Intro.".to_string()),
                (
                    BlockKind::Paragraph,
                    "The mayor called it a“vanity project” and #left#.".to_string()
                ),
                (BlockKind::ListItem, "One & two".to_string()),
            ]
        );
        let b = &d.blocks[1];
        let at = b.text().find("vanity").unwrap();
        assert_eq!(&s[b.prose.map_range(at..at + 6)], "vanity");
    }

    #[test]
    fn tags_and_comments_over_lines_are_masked_whole() {
        let d = doc("<figure>\n<img src=\"a.png\" alt=\"A chart\n of the\"/>\n<!--\nthe the \"x\n-->\n<figcaption>Caption text.</figcaption>\n</figure>\n");
        let all: Vec<_> = d.blocks.iter().map(|b| b.text().to_string()).collect();
        assert_eq!(all, ["Caption text."]);
    }

    #[test]
    fn jsx_expressions_in_mdx_are_code() {
        let s = "<Wrapper>\n  {({ version }) => (\n    <>\n      <h1>Archive of {version}</h1>\n    </>\n  )}\n</Wrapper>\n\n<AlertBox level=\"info\">\n  Text for {name} readers.\n</AlertBox>\n";
        let d = Document::parse("t.mdx", s.to_string(), Format::Markdown);
        crate::document::tests::assert_spans_valid(&d);
        let all: Vec<_> = d
            .blocks
            .iter()
            .map(|b| b.text().replace(MASK, "#"))
            .collect();
        assert_eq!(all, ["Text for # readers. #"]); // `</AlertBox>` masked in place
    }

    #[test]
    fn raw_content_and_comments_are_not_prose() {
        let d = doc("<div>\n<script>var a = \"x\"+y;</script>\n<pre>the\"code\"</pre>\n<!-- the\"c\" -->\n<style>p{}</style>\nKept text.\n</div>\n");
        let all: String = d.blocks.iter().map(|b| b.text().to_string()).collect();
        assert!(
            !all.contains("var") && !all.contains("code") && !all.contains("the\""),
            "{all:?}"
        );
        assert!(all.contains("Kept text."));
    }
}
