//! Text → [`Document`]: blocks of prose with byte spans into the original text.
//!
//! Nothing here knows about rules: a document is parsed once and read by every rule.

mod asciidoc;
mod front_matter;
mod html;
pub mod language;
mod markdown;
mod plain;
mod prose;
mod regions;
mod rest;

use std::fmt;
use std::ops::Range;

use crate::diagnostic::Edit;

pub use crate::lines::LineIndex;
pub use crate::span::Word;
pub use front_matter::{Field, FrontMatter, FrontMatterFormat, SyntaxError};
pub use plain::ends_sentence as plain_ends_sentence;
pub use plain::list_marker as plain_list_marker;
pub use plain::wraps as plain_wraps;
pub use prose::{folded_hash, is_word_char, word_hash, word_hash_at, words, Prose, MASK};

/// How a file's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
}

impl Format {
    /// The format for a file name: `.md`/`.markdown` are Markdown, everything else plain text.
    pub fn for_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx") {
            Format::Markdown
        } else {
            Format::Text
        }
    }
}

/// What a block is. Rule files name these in `scope` (see `rule::Scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// The title: front-matter `title`/`headline`, or a plain-text file's first line.
    Title,
    /// The standfirst: front-matter `description`, or a plain-text deck line.
    Deck,
    /// A Markdown heading with its level.
    Heading(u8),
    Paragraph,
    ListItem,
    Blockquote,
    TableCell,
}

/// Whether a file is named as licence files are (`LICENSE`, `COPYING`, `NOTICE`,
/// `THIRD-PARTY-NOTICES.md`, `license.md`, `COPYING.txt`; the name in capitals among other
/// parts of the stem: `LICENSE-MIT`, `COPYRIGHT-685a456c`, a font's
/// `Yanone_Kaffeesatz_LICENSE.txt` or `SourceCodePro-LICENSE-67f54ca7.txt`, `MIT-LICENSE`;
/// or after another file's name: webpack's `core.js.LICENSE.txt`, the licence
/// comments it takes out of a bundle): legal text reproduced verbatim, not copy to edit.
pub fn licence_file(path: &str) -> bool {
    const NAMES: &[&str] = &[
        "license",
        "licence",
        "licenses",
        "licences",
        "copying",
        "copyright",
        "copyrights",
        "notice",
        "notices",
        "unlicense",
        "third-party-notices",
        "thirdpartynotices",
        "third_party_notices",
        "legal",
        "patents",
    ];
    let name = path.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let named = |n: &str| NAMES.iter().any(|k| k.eq_ignore_ascii_case(n));
    let capitals = |n: &str| n.bytes().all(|c| c.is_ascii_uppercase());
    // `LICENSE-MIT`, `COPYRIGHT-685a456c`, `Yanone_Kaffeesatz_LICENSE`, `MIT-LICENSE`, a
    // web font's `SourceCodePro-LICENSE-67f54ca7` (rustdoc's hashed static files): the name
    // in capitals among other parts of the stem.
    let in_parts = stem.contains(['-', '_'])
        && stem
            .split(['-', '_'])
            .any(|n| !n.is_empty() && capitals(n) && named(n));
    // `core.js.LICENSE.txt`: the name in capitals after another file's name.
    let after_a_name = || name.split('.').skip(1).any(|n| capitals(n) && named(n));
    named(stem) || in_parts || after_a_name()
}

/// One block of prose.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The front-matter key this block comes from, if any.
    pub field: Option<String>,
    /// The prose, mapped to the original text.
    pub prose: Prose,
    /// Word tokens, as ranges into `prose.text()`.
    pub words: Vec<Word>,
}

impl Block {
    pub(crate) fn new(kind: BlockKind, field: Option<String>, mut prose: Prose) -> Block {
        prose.mask_non_prose();
        let words = words(prose.text());
        Block {
            kind,
            field,
            prose,
            words,
        }
    }

    /// The prose text.
    pub fn text(&self) -> &str {
        self.prose.text()
    }

    /// Original byte range of the block's prose.
    pub fn range(&self) -> Range<usize> {
        self.prose.src_range()
    }

    /// The prose as a reader sees it: each masked code span (`` `foo` ``, `` :func:`foo` ``)
    /// given back as it is written in `source` (the document's text), so two titles that
    /// differ only in their code differ, and a title with code matches its metadata's. Other
    /// masked text (URLs, tags, templates) stays masked.
    pub fn shown<'a>(&'a self, source: &str) -> std::borrow::Cow<'a, str> {
        let text = self.text();
        if !text.contains(MASK) {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let mut at = 0;
        while let Some(off) = text[at..].find(MASK) {
            let start = at + off;
            let end = start
                + text[start..]
                    .find(|c| c != MASK)
                    .unwrap_or(text.len() - start);
            let src = source.get(self.prose.map_range(start..end)).unwrap_or("");
            if src.starts_with(['`', ':']) && src.contains('`') {
                out.push_str(&text[last..start]);
                out.push_str(src);
                last = end;
            }
            at = end;
        }
        out.push_str(&text[last..]);
        std::borrow::Cow::Owned(out)
    }
}

/// A parsed article.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    pub text: String,
    pub format: Format,
    pub lines: LineIndex,
    pub front_matter: Option<FrontMatter>,
    pub blocks: Vec<Block>,
    /// HTML comments in a Markdown body (for suppression comments): range and inner text.
    pub comments: Vec<(Range<usize>, String)>,
    /// Reference links found by their text (`[text]`, `[text][]` with a `[text]: url`
    /// definition): source ranges where an edit would unlink the text from its definition.
    pub labels: Vec<Range<usize>>,
    /// The file's encoding when it was not UTF-8 (`UTF-16LE`, `UTF-16BE`): positions are in
    /// the decoded text, and no fix is written.
    pub encoding: Option<&'static str>,
    /// What rules derive from the document and share (each block's quotes).
    pub derived: Derived,
}

/// Values that several rules derive from one document (the quotes of every block, read by
/// four rules): made by the first rule that asks, shared with the others. One value per
/// type; a clone of the document starts empty.
#[derive(Default)]
pub struct Derived(std::sync::Mutex<Vec<std::sync::Arc<dyn std::any::Any + Send + Sync>>>);

impl Derived {
    /// The value of type `T`, made by `make` if no rule has asked for it yet.
    pub fn get<T: std::any::Any + Send + Sync>(
        &self,
        make: impl FnOnce() -> T,
    ) -> std::sync::Arc<T> {
        let lock = || {
            self.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(found) = lock().iter().find_map(|v| v.clone().downcast::<T>().ok()) {
            return found;
        }
        // Made without the lock held: `make` may ask for another derived value.
        let made = std::sync::Arc::new(make());
        lock().push(made.clone());
        made
    }
}

impl Clone for Derived {
    fn clone(&self) -> Self {
        Derived::default()
    }
}

impl fmt::Debug for Derived {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Derived")
    }
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// Not valid UTF-8; the offset of the first bad byte.
    InvalidUtf8 { offset: usize },
    /// Looks binary: a NUL byte at this offset.
    Binary { offset: usize },
    /// The operating system's error, with its kind kept (not found, permission denied, …).
    Io(std::io::Error),
    /// Not a regular file (a FIFO, a device, a socket): never read.
    NotAFile,
    /// UTF-16 text (a byte-order mark `FF FE` or `FE FF`) that does not decode.
    Utf16,
    /// Line breaks are lone carriage returns (classic Mac OS): no line would have a number.
    CrOnly { offset: usize },
}

impl ReadError {
    /// Byte offset the error points at, if any.
    pub fn offset(&self) -> Option<usize> {
        match self {
            ReadError::InvalidUtf8 { offset }
            | ReadError::Binary { offset }
            | ReadError::CrOnly { offset } => Some(*offset),
            ReadError::Io(_) | ReadError::NotAFile | ReadError::Utf16 => None,
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::InvalidUtf8 { offset } => write!(f, "invalid UTF-8 at byte {offset}"),
            ReadError::Binary { offset } => write!(f, "binary file (NUL byte at byte {offset})"),
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotAFile => f.write_str("not a regular file"),
            ReadError::Utf16 => {
                f.write_str("invalid UTF-16 text (an odd length or a lone surrogate)")
            }
            ReadError::CrOnly { offset } => write!(
                f,
                "lines end in a lone carriage return (classic Mac OS), first at byte {offset}"
            ),
        }
    }
}

/// One Windows-1252 byte as a character (0x80–0x9F as Windows assigns them; the rest is
/// Latin-1; the five unassigned bytes as their C1 controls).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

impl Document {
    /// Decode bytes and parse them as the format `path` names; text that is not UTF-8 (nor
    /// UTF-16 with a byte-order mark) is read as Windows-1252 when `legacy` is set (a
    /// config's `encoding = "windows-1252"`), and then never fixed.
    pub fn from_bytes_with(
        path: &str,
        bytes: Vec<u8>,
        legacy: bool,
    ) -> Result<Document, ReadError> {
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        if !legacy || utf16 || std::str::from_utf8(&bytes).is_ok() || bytes.contains(&0) {
            return Document::from_bytes(path, bytes);
        }
        let text: String = bytes.iter().map(|&b| windows_1252(b)).collect();
        let mut doc = Document::from_bytes(path, text.into_bytes())?;
        doc.encoding = Some("Windows-1252");
        Ok(doc)
    }

    /// Decode bytes and parse them as the format `path` names.
    pub fn from_bytes(path: &str, bytes: Vec<u8>) -> Result<Document, ReadError> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            // UTF-16 with a byte-order mark: decoded (the mark kept, as U+FEFF), checked,
            // and marked so no fix is written over it in UTF-8.
            let le = bytes[0] == 0xFF;
            if bytes.len() % 2 != 0 {
                return Err(ReadError::Utf16);
            }
            let units = bytes.chunks_exact(2).map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            });
            let text: String = char::decode_utf16(units)
                .collect::<Result<_, _>>()
                .map_err(|_| ReadError::Utf16)?;
            if text.contains('\0') {
                return Err(ReadError::Binary {
                    offset: text.find('\0').unwrap_or(0),
                });
            }
            let mut doc = Document::parse(path, text, Format::for_path(path));
            doc.encoding = Some(if le { "UTF-16LE" } else { "UTF-16BE" });
            return Ok(doc);
        }
        if let Some(offset) = memchr::memchr(0, &bytes) {
            return Err(ReadError::Binary { offset });
        }
        let text = String::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to(),
        })?;
        // Line breaks of lone `\r` (no `\n` anywhere): every position would be on line 1.
        if memchr::memchr(b'\n', text.as_bytes()).is_none() {
            if let Some(offset) = memchr::memchr(b'\r', text.as_bytes()) {
                if offset + 1 < text.len() {
                    return Err(ReadError::CrOnly { offset });
                }
            }
        }
        Ok(Document::parse(path, text, Format::for_path(path)))
    }

    /// Parse text in a given format.
    pub fn parse(path: &str, text: String, format: Format) -> Document {
        let lines = LineIndex::new(&text);
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let front_matter = match format {
            Format::Markdown => front_matter::parse(&text, start),
            Format::Text => None,
        };
        let mut blocks = Vec::new();
        let mut comments = Vec::new();
        let mut labels = Vec::new();
        if let Some(fm) = &front_matter {
            for f in &fm.fields {
                let kind = if f.key == "description" {
                    BlockKind::Deck
                } else {
                    BlockKind::Title
                };
                blocks.push(Block::new(kind, Some(f.key.clone()), f.prose.clone()));
            }
        }
        match format {
            Format::Markdown => {
                let body = front_matter.as_ref().map_or(start, |fm| fm.range.end);
                let mdx = path.to_ascii_lowercase().ends_with(".mdx");
                markdown::parse(&text, body, mdx, &mut blocks, &mut comments, &mut labels);
            }
            Format::Text => plain::parse(&text, start, &mut blocks),
        }
        Document {
            path: path.to_string(),
            text,
            format,
            lines,
            front_matter,
            blocks,
            comments,
            labels,
            encoding: None,
            derived: Derived::default(),
        }
    }

    /// Whether a fix's `edits` (byte ranges of the text and their replacements) keep the
    /// front matter reading as it did, so that only the words they mean to change change.
    /// Edits after the front matter always do. Inside it, the edited front matter must
    /// still parse, with the same fields in the same order, and each field's value must
    /// change exactly as its source does: the edited bytes are the value's own, never its
    /// quoting or escapes. (A straight `"` typed into a double-quoted YAML string ends
    /// it and the file's front matter no longer parses; a curly quote made straight at the
    /// start of a plain value opens a quoted one and drops the quotes from the title.)
    pub fn front_matter_kept(&self, edits: &[Edit]) -> bool {
        let Some(fm) = &self.front_matter else {
            return true;
        };
        let end = fm.range.end;
        let mut inside: Vec<(Range<usize>, &str)> = edits
            .iter()
            .filter(|e| e.start() < end)
            .map(|e| (e.start()..e.end(), e.replacement.as_str()))
            .collect();
        if inside.is_empty() {
            return true;
        }
        // Front matter that does not parse has no fields, so nothing to edit; and an edit
        // may not reach past the closing delimiter.
        if fm.error.is_some() || inside.iter().any(|(r, _)| r.end > end) {
            return false;
        }
        inside.sort_by_key(|(r, _)| (r.start, r.end));
        let Some(new) = splice(&self.text[..end], &inside) else {
            return false;
        };
        let start = if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let Some(after) = front_matter::parse(&new, start) else {
            return false;
        };
        if after.error.is_some()
            || after.format != fm.format
            || after.range.end != new.len()
            || after.fields.len() != fm.fields.len()
        {
            return false;
        }
        let mut claimed = 0;
        for (old, now) in fm.fields.iter().zip(&after.fields) {
            if old.key != now.key {
                return false;
            }
            let src = old.prose.src_range();
            // This value's edits, as ranges of its source.
            let mine: Vec<(Range<usize>, &str)> = inside
                .iter()
                .filter(|(r, _)| src.start <= r.start && r.end <= src.end)
                .map(|(r, s)| (r.start - src.start..r.end - src.start, *s))
                .collect();
            claimed += mine.len();
            let Some(source_now) = splice(&self.text[src.clone()], &mine) else {
                return false;
            };
            let source_change = change(self.text[src].as_bytes(), source_now.as_bytes());
            let value_change = change(old.prose.text().as_bytes(), now.prose.text().as_bytes());
            if source_change != value_change {
                return false;
            }
        }
        // Every edit fell inside a field's value (none on a key, a quote or a delimiter).
        claimed == inside.len()
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// The headline: a plain-text title line, or a level-1 heading that opens a Markdown body.
    pub fn headline(&self) -> Option<&Block> {
        let first_body = self.blocks.iter().find(|b| b.field.is_none())?;
        match first_body.kind {
            BlockKind::Title => Some(first_body),
            // With several level-1 headings the first is a section heading, not a headline.
            BlockKind::Heading(1) => {
                let h1s = self
                    .blocks
                    .iter()
                    .filter(|b| b.kind == BlockKind::Heading(1))
                    .count();
                (h1s == 1).then_some(first_body)
            }
            _ => None,
        }
    }

    /// Whether the file is a source its author marked up by hand — Markdown, a file named
    /// as reStructuredText or AsciiDoc (`.rst`, `.adoc`), or plain text with
    /// reStructuredText's directives or roles (`.. note::`, `` :func:`open` ``), AsciiDoc's
    /// marks (`include::x[]`, `linkgit:git[1]`) or Vim help's modeline
    /// (`vim:tw=78:ft=help:`) — rather than a page's text run through a converter.
    pub fn marked_up(&self) -> bool {
        /// Worked out once per document (two passes over a plain text's bytes, and a look at
        /// its last lines).
        struct MarkedUp(bool);
        self.format == Format::Markdown
            || markup_named(&self.path)
            || self
                .derived
                .get(|| {
                    MarkedUp(
                        rest::marked_up(&self.text)
                            || asciidoc::is_asciidoc(&self.text)
                            || plain::vim_help(&self.text),
                    )
                })
                .0
    }

    /// `shown` (a block's text, [`Block::shown`]) as a reader sees it: in a
    /// reStructuredText source, each substitution reference (`|ASN.1| type`) replaced by
    /// the file's definition (`.. |ASN.1| replace:: Boolean`); `None` when one is not
    /// defined in the file (what it shows is unknown). Other text is as it is.
    pub fn as_read<'a>(&self, shown: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        if self.format == Format::Markdown || !shown.contains('|') || !self.marked_up() {
            return Some(std::borrow::Cow::Borrowed(shown));
        }
        rest::substituted(&self.text, shown)
    }

    /// The first front-matter `title` (or `headline`) field.
    pub fn metadata_title(&self) -> Option<&Block> {
        let by = |k: &str| self.blocks.iter().find(|b| b.field.as_deref() == Some(k));
        by("title").or_else(|| by("headline"))
    }
}

/// Whether a file's name says it is a markup language's source: reStructuredText
/// (`.rst`, `.rest`) or AsciiDoc (`.adoc`, `.asciidoc`), any case, or Sphinx's copy of a
/// page's source, the source's name with `.txt` added (`_sources/intro.rst.txt`,
/// `guide.md.txt`: what a built site's "Show source" serves). Its author wrote its marks
/// (an awscli example's `**To sign a URL**` title over ``` ``aws …`` ``` and `::`, a
/// guide's `:Author:` field) whether or not it uses a directive.
fn markup_named(path: &str) -> bool {
    let marked = |name: &str, extensions: &[&str]| {
        name.rsplit_once('.')
            .is_some_and(|(_, e)| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
    };
    marked(path, &["rst", "rest", "adoc", "asciidoc"])
        || path.rsplit_once('.').is_some_and(|(stem, e)| {
            e.eq_ignore_ascii_case("txt") && marked(stem, &["rst", "rest", "md"])
        })
}

/// `text` with the sorted, non-overlapping `edits` (ranges of `text`) made; `None` when two
/// overlap.
fn splice(text: &str, edits: &[(Range<usize>, &str)]) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for (r, replacement) in edits {
        if r.start < last || r.end > text.len() {
            return None;
        }
        out.push_str(text.get(last..r.start)?);
        out.push_str(replacement);
        last = r.end;
    }
    out.push_str(text.get(last..)?);
    Some(out)
}

/// What changed from `old` to `new`: the bytes between their common start and their common
/// end, in each (equal changes are one change, wherever they sit).
fn change<'a>(old: &'a [u8], new: &'a [u8]) -> (&'a [u8], &'a [u8]) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Markdown document, its spans checked.
    pub(crate) fn markdown(s: &str) -> Document {
        let d = Document::parse("t.md", s.to_string(), Format::Markdown);
        assert_spans_valid(&d);
        d
    }

    /// A file named as reStructuredText or AsciiDoc is marked up by hand, whatever marks it
    /// uses; a plain text only by its marks.
    #[test]
    fn marked_up_by_its_name() {
        let text = "**To sign a URL**\n\nThe following example signs a URL.\n".to_string();
        for (path, marked) in [
            ("cloudfront/sign.rst", true),
            ("guide.REST", true),
            ("book/intro.adoc", true),
            ("a.asciidoc", true),
            ("notes.txt", false),
            ("first.rst/notes.txt", false),
            ("rst", false),
            ("html/_sources/intro.rst.txt", true),
            ("_sources/guide.md.TXT", true),
            ("release.notes.txt", false),
            ("rst.txt", false),
        ] {
            let d = Document::parse(path, text.clone(), Format::for_path(path));
            assert_eq!(d.marked_up(), marked, "{path}");
        }
    }

    /// Every block's prose maps into the text on char boundaries.
    pub(crate) fn assert_spans_valid(doc: &Document) {
        for b in &doc.blocks {
            let r = b.range();
            assert!(r.start <= r.end && r.end <= doc.text.len(), "{r:?}");
            assert!(doc.text.is_char_boundary(r.start) && doc.text.is_char_boundary(r.end));
            for w in &b.words {
                let m = b.prose.map_range(w.range());
                assert!(doc.text.is_char_boundary(m.start) && doc.text.is_char_boundary(m.end));
            }
        }
    }

    /// Licence files by name, with an extension, a path or a suffix in capitals; articles
    /// whose names only start with such a word are not.
    #[test]
    fn licence_files_by_name() {
        for name in [
            "LICENSE",
            "docs/license.md",
            "THIRD-PARTY-NOTICES.md",
            "COPYING.txt",
            "LICENSE-MIT.txt",
            "pkg\\NOTICE.md",
            "theme/fonts/Yanone_Kaffeesatz_LICENSE.txt",
            "MIT-LICENSE",
            "static/js/core.js.LICENSE.txt",
            "main.7f3a2c.js.LICENSE.txt",
            "static.files/SourceCodePro-LICENSE-67f54ca7.txt",
            "fonts/FiraSans_LICENSE_v2.txt",
        ] {
            assert!(licence_file(name), "{name}");
        }
        for name in [
            "license-plates-return.md",
            "notice-of-meeting.md",
            "copyright-law-explained.txt",
            "licensing.md",
            "story.md",
            "driver-license.md",
            "2024-public-Notice.md",
            "new.license.rules.md",
            "v2.Notice.txt",
            "city-License-fees.md",
            "mit-license-plates.md",
        ] {
            assert!(!licence_file(name), "{name}");
        }
    }

    #[test]
    fn binary_and_invalid_utf8_are_errors() {
        assert!(matches!(
            Document::from_bytes("a.txt", b"ab\0c".to_vec()).unwrap_err(),
            ReadError::Binary { offset: 2 }
        ));
        assert!(matches!(
            Document::from_bytes("a.txt", b"abc\xff\xfe".to_vec()).unwrap_err(),
            ReadError::InvalidUtf8 { offset: 3 }
        ));
    }

    #[test]
    fn markdown_with_bom_and_front_matter() {
        let doc = Document::parse(
            "a.md",
            "\u{feff}---\ntitle: Hello\n---\n\n# Hello\n\nText “here”.\n".into(),
            Format::Markdown,
        );
        assert_spans_valid(&doc);
        assert_eq!(doc.metadata_title().unwrap().text(), "Hello");
        assert_eq!(doc.headline().unwrap().kind, BlockKind::Heading(1));
        assert_eq!(doc.blocks.last().unwrap().text(), "Text “here”.");
    }
}
