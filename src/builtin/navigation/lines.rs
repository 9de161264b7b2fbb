//! Line classification: each block of a document that may be furniture, as a candidate line
//! with its shape (length, sentence or headline form, capitals, digits, links), the
//! lexicon categories it matches, and its content words for overlap with the body.

use std::ops::Range;

use super::lexicon::{category_bits, normalize, Language, Lexicon, STOPWORDS, WHOLE_MAX_WORDS};
use crate::document::{BlockKind, Document, Format, MASK};

/// A line of at least this many words that ends a sentence is body copy.
pub(super) const BODY_MIN_WORDS: usize = 15;
/// A line of at least this many words that ends a sentence is a sentence.
pub(super) const SENTENCE_MIN_WORDS: usize = 8;
/// Longest line (in words) tried against the lexicon: furniture is short.
pub(super) const LEXICON_MAX_WORDS: usize = 40;
/// A headline has this many words.
pub(super) const HEADLINE_WORDS: std::ops::RangeInclusive<usize> = 3..=18;

/// One candidate line.
pub(super) struct Line {
    /// Index of the block in the document.
    pub(super) block: usize,
    /// Whole source lines covered (byte range of the document's text).
    pub(super) src: Range<usize>,
    /// First and last source line covered (0-based).
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) text: String,
    pub(super) words: usize,
    /// Content words (lower case, four letters or more, no stop words); filled by
    /// [`fill_content`] only when a document has lines that may be furniture.
    pub(super) content: Vec<u64>,
    /// Lexicon categories matched ([`Lexicon::cues`] bits).
    pub(super) cues: u32,
    /// Lexicon categories whose line-start pattern opens a later sentence of the line
    /// ([`Lexicon::later_cues`] bits), and the credit's when the line ends with a photo
    /// credit in brackets (`credit_end`).
    pub(super) later: u32,
    /// The line ends with a photo credit in brackets ([`Lexicon::credit_at_end`]): a
    /// caption.
    pub(super) credit_end: bool,
    pub(super) headline_like: bool,
    /// Body copy: a long line ending a sentence.
    pub(super) body: bool,
    /// A sentence: ends like one, several words.
    pub(super) sentence: bool,
    /// The title or the deck under it.
    pub(super) title: bool,
    /// A plain text's first line that is a section label over the headline (`World`,
    /// `U.S. news`, `Commentary`): one to three words, not a sentence, and the next line a
    /// longer headline ([`kicker_over_headline`]). It may be furniture; the model weighs it
    /// as it weighs any short title line.
    pub(super) kicker: bool,
    /// Between two lines of a reader comment thread's furniture in a page's text
    /// ([`comment_threads`]): a reader's comment, body copy or not.
    pub(super) thread: bool,
    /// A Markdown heading.
    pub(super) heading: bool,
    /// Markdown link markup or an HTML link on the line.
    pub(super) link: bool,
    /// Opens with a number and a stop or bracket (`1.`, `2)`): an ordered list's item.
    pub(super) numbered: bool,
    /// A plain text's line holding markup the page's text was never meant to show
    /// ([`markup_left`]): a CMS shortcode or an HTML tag with attributes.
    pub(super) markup: bool,
    /// A row of one mark (`-----`, `=====`, `~~~~`) right under a line of text: that
    /// line's heading underline (plain-text documentation, release notes), never
    /// furniture on its own — it goes with the line it underlines.
    pub(super) underline: bool,
    /// Such a row on its own (a blank line above): a divider between sections, furniture
    /// only inside furniture — between two lines that are.
    pub(super) divider: bool,
    /// Any other line without a letter or a digit (`%` between a fortune file's entries,
    /// a lone `•`, `|` or `-`): a separator, furniture only beside furniture — next to a
    /// line that is (a page's `|` at the end of its menu), never between the article's
    /// own lines.
    pub(super) marks_only: bool,
    /// Symbols of code alone, no letter or digit: a bracket, brace, caret, plus sign,
    /// quote, backtick or ellipsis (`}`, `^`, `... )`, `['']`), or the bare mark that
    /// opens the lines beside it (`#` in a block of `# …` comments). Not a page's own
    /// marks (`|`, `•`, `* * *`, `>`, `%`): those go with the furniture they separate.
    pub(super) code_marks: bool,
    /// May be furniture at all. Markdown is written by hand: there only a paragraph line
    /// (not a list item, not a heading) that is furniture language from end to end, in two
    /// words or more, may be (`Share this article`, not `**Facebook**` or `- 50 likes`). The
    /// title needs a whole-line cue or a line-start one other than a credit's or a media
    /// label's, and body copy a cue of any kind (a later sentence's, a closing credit's
    /// too).
    pub(super) eligible: bool,
}

impl Line {
    /// Number of source lines covered.
    pub(super) fn source_lines(&self) -> usize {
        self.last - self.first + 1
    }

    /// The document's own text whatever its words (licence text, [`licence_text_stays`]):
    /// never a candidate, and no furniture language for its neighbours either.
    fn not_furniture(&mut self) {
        self.eligible = false;
        self.cues = 0;
        self.later = 0;
        self.credit_end = false;
    }
}

/// Fill in every line's content words (for overlap with the body).
pub(super) fn fill_content(doc: &Document, lines: &mut [Line]) {
    for l in lines {
        l.content = content_words(&doc.blocks[l.block]);
    }
}

/// Content words of a block (four letters or more, no stop words), as lower-cased hashes
/// ([`crate::document::word_hash`]): compared, never shown, so no word is copied.
fn content_words(b: &crate::document::Block) -> Vec<u64> {
    let text = b.text();
    b.words
        .iter()
        .filter(|w| w.len() >= 4 && !text.as_bytes()[w.range()].iter().all(u8::is_ascii_digit))
        .map(|w| crate::document::word_hash_at(text, w.range()))
        .filter(|h| STOPWORD_HASHES.binary_search(h).is_err())
        .collect()
}

/// [`STOPWORDS`] hashed as content words are, sorted.
static STOPWORD_HASHES: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<u64> = STOPWORDS
        .iter()
        .map(|w| crate::document::word_hash(w))
        .collect();
    v.sort_unstable();
    v
});

/// A line of figures and marks with no letter (`57`, `4 553`, `18%`): a page's share or
/// comment counter where the headline should be. No headline is made of figures alone,
/// except a year (`1984`), which stays the title's.
fn counter(text: &str) -> bool {
    let t = text.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && !t.chars().any(char::is_alphabetic)
        && !(t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn headline_like(text: &str, words: usize) -> bool {
    let t = text.trim();
    // Headlines may open with an emoji or a bullet, and may be questions.
    let first = t
        .chars()
        .find(|c| c.is_alphanumeric() || matches!(c, '"' | '“' | '„' | '\'' | '‘'));
    HEADLINE_WORDS.contains(&words)
        && first.is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '„' | '\'' | '‘')
        })
        && (t.ends_with('?') || !crate::document::plain_ends_sentence(t))
        && !t.ends_with([',', '-', '–', '—'])
}

/// The attribution line of an embedded post (`— Jane Doe (@jdoe) November 18, 2019`,
/// as a tweet embed ends): the post is a quotation the writer chose, not page furniture.
fn embed_attribution(text: &str) -> bool {
    let t = text.trim_start_matches(['>', ' ', '\t']);
    (t.starts_with('—') || t.starts_with("&mdash;") || t.starts_with("- "))
        && t.contains("(@")
        && t.bytes().filter(u8::is_ascii_digit).count() >= 4
}

/// Markup left in a line of extracted text: an HTML tag with attributes, escaped
/// (`&lt;span data-mce-type="bookmark" …`) or not (`<span style="…">`), or a CMS shortcode
/// with attributes or a closing one (`[button link="…"]`, `[automerge]…[/automerge]`). A
/// page's text never shows these to a reader; only a scrape or a paste from a CMS leaves
/// them. Brackets without attributes (`[REACTION]`, `[2]`) are text. On the labelled pages
/// all 17 such lines are furniture; the shipped rule file names it `decisive`.
fn markup_left(text: &str) -> bool {
    static MARKUP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"&lt;/?[A-Za-z][A-Za-z0-9_-]*(?:\s+[A-Za-z0-9_-]+=|\s*/?&gt;)|<[A-Za-z][A-Za-z0-9_-]*\s+[A-Za-z0-9_-]+=["'”]|\[[a-z][a-z0-9_-]*\s+[a-z0-9_-]+=[^\]]*\]"#,
        )
        .expect("valid regex")
    });
    // Every match holds `<`, `[` or `&` (of `&lt;`): most lines have none.
    memchr::memchr3(b'<', b'[', b'&', text.as_bytes()).is_some()
        && (MARKUP.is_match(text) || closed_shortcode(text))
}

/// A closing shortcode after its opening one on the line (`[automerge]…[/automerge]`): a
/// path in a syntax's brackets (`server[:port][/path]`) closes nothing.
fn closed_shortcode(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("[/") {
        let after = &rest[at + 2..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        if !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && after[name_len..].starts_with(']')
        {
            let before = &text[..text.len() - rest.len() + at];
            let opens = |end: char| before.contains(&format!("[{name}{end}"));
            if opens(']') || opens(' ') {
                return true;
            }
        }
        rest = after;
    }
    false
}

/// A line that is only markup closing or opening a component (`</Tabs>`, `<Alert>`,
/// `{/* … */}`): never furniture, and never deleted (it pairs with markup elsewhere).
fn markup_only(source: &str) -> bool {
    let t = source.trim();
    (t.starts_with('<') && t.ends_with('>')) || (t.starts_with('{') && t.ends_with('}'))
}

/// The language whose furniture vocabulary applies to the document.
pub(super) fn language(doc: &Document, fixed: Option<Language>) -> Language {
    fixed.unwrap_or_else(|| {
        Language::detect(
            doc.blocks
                .iter()
                .filter(|b| b.field.is_none())
                .flat_map(|b| b.words.iter().map(move |w| &b.text()[w.range()])),
        )
    })
}

/// A licence page: a file named as licence files are ([`crate::document::licence_file`]:
/// `LICENSE`, `COPYING`, `NOTICE.txt`, `LICENSE-MIT`) or titled so (`License`, `Copyright
/// notice`, `Terms of use`, `Impressum`), or a text in a folder of licences (`LICENSES/`
/// as the REUSE specification lays them out, `MIT.txt` and `Apache-2.0.txt` in it; a
/// toolchain's `share/doc/rust/licenses/Unicode-3.0.txt`). Its copyright, attribution and
/// legal lines are its content, not a page's footer.
pub(super) fn licence_page(doc: &Document) -> bool {
    const TITLES: &[&str] = &[
        "license",
        "licence",
        "licenses",
        "licences",
        "copyright",
        "copyright notice",
        "copyright and license",
        "copyright and licence",
        "license information",
        "licence information",
        "licensing",
        "legal",
        "legal notice",
        "legal notices",
        "notice",
        "notices",
        "third-party notices",
        "third party notices",
        "terms of use",
        "terms of service",
        "terms and conditions",
        "privacy policy",
        "imprint",
        "impressum",
        "datenschutz",
        "datenschutzerklärung",
        "nutzungsbedingungen",
        "lizenz",
    ];
    let folder = doc.path.rsplit(['/', '\\']).nth(1).unwrap_or_default();
    if crate::document::licence_file(&doc.path)
        || ["licenses", "licences"]
            .iter()
            .any(|f| f.eq_ignore_ascii_case(folder))
    {
        return true;
    }
    doc.metadata_title()
        .or_else(|| doc.headline())
        .is_some_and(|t| {
            let t = t.text().trim().trim_end_matches(['.', ':']).to_lowercase();
            TITLES.contains(&t.as_str())
        })
}

/// Whether a text reproduces a licence, whatever its name or title: it carries the standard
/// wording of at least two licence grants or disclaimers (`Permission is hereby granted`,
/// `WITHOUT ANY WARRANTY`, `Redistribution and use in source and binary forms`), as a
/// package's copyright file, a project's notices or a licence pasted into a document do.
/// Its copyright lines and `All rights reserved` are then its content, as on a licence
/// page. A search of the whole text: asked only of a document with lines to report.
pub(super) fn licence_text(doc: &Document) -> bool {
    // The wording of [`LICENCE_GRANTS`], ASCII case-insensitive, any run of ASCII white
    // space between words (a licence wraps its lines anywhere).
    static GRANTS: std::sync::LazyLock<regex::RegexSet> = std::sync::LazyLock::new(|| {
        regex::RegexSet::new(
            LICENCE_GRANTS.map(|g| format!("(?i-u:{})", regex::escape(g).replace(' ', r"\s+"))),
        )
        .expect("valid regexes")
    });
    // A word of each grant's, looked for first, set the three ways a licence sets a word
    // (`warranty`, `Warranty`, `WARRANTY`): a case-sensitive search runs at memory speed
    // where an ASCII case-insensitive one reads byte by byte (it was a twenty-fifth of a
    // page dump's time). A grant can be in a text only if its word is, so only a text
    // with the words of two grants is searched for them (on the 100 MB benchmark, 75 of
    // 2,415 page dumps, where 462 held one of the grants' words). A word set in another
    // mix of cases (`WarRanty`) is not found, though the grants' search would take it:
    // no licence seen sets its words so.
    static WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(LICENCE_GRANT_WORDS.iter().flat_map(|w| {
            let mut capital = w.to_string();
            capital[..1].make_ascii_uppercase();
            [w.to_string(), capital, w.to_ascii_uppercase()]
        }))
        .expect("valid words")
    });
    // Overlapping: `licensed` is also `license`, two grants' words.
    let mut grants = 0u32;
    for m in WORDS.find_overlapping_iter(&doc.text) {
        grants |= 1 << (m.pattern().as_usize() / 3);
        if grants.count_ones() >= 2 {
            return GRANTS.matches(&doc.text).iter().nth(1).is_some();
        }
    }
    false
}

/// A word of each grant in [`LICENCE_GRANTS`], in its order (a test checks that each
/// holds its word), the rarest in other text: `contributors` for `provided by the
/// copyright holders and contributors` (a business page's `shareholders` holds
/// `holders`), `is"` for `the software is provided "as is"`.
const LICENCE_GRANT_WORDS: [&str; 15] = [
    "redistribution",
    "hereby",
    "modify",
    "software",
    "apache",
    "licensed",
    "spdx",
    "contributors",
    "is\"",
    "warranty",
    "license",
    "compliance",
    "shall",
    "modification",
    "copying",
];

/// A credits page: a file named as a project's list of people is (`THANKS`, `AUTHORS`,
/// `CONTRIBUTORS.md`, `CREDITS.txt`) or titled so (`Credits`, `Acknowledgements`). Its
/// names, addresses and copyright lines are its content, as a licence page's are.
pub(super) fn credits_page(doc: &Document) -> bool {
    const NAMES: &[&str] = &[
        "thanks",
        "authors",
        "contributors",
        "credits",
        "maintainers",
        "acknowledgements",
        "acknowledgments",
    ];
    let name = doc.path.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let named = |n: &str| NAMES.iter().any(|k| k.eq_ignore_ascii_case(n));
    named(stem)
        || doc
            .metadata_title()
            .or_else(|| doc.headline())
            .is_some_and(|t| named(t.text().trim().trim_end_matches(['.', ':'])))
}

/// A block's text as a candidate line: masked markup dropped, trimmed.
fn line_text(b: &crate::document::Block) -> std::borrow::Cow<'_, str> {
    let text = b.text();
    if !text.contains(MASK) {
        return std::borrow::Cow::Borrowed(text.trim());
    }
    let text: String = text.chars().filter(|&c| c != MASK).collect();
    std::borrow::Cow::Owned(text.trim().to_string())
}

/// Whether a Markdown document has any line that may be furniture ([`Line::eligible`]
/// needs a paragraph of two words or more that is furniture language from end to end), and
/// if so its language (detected once, for [`classify`] too). Most Markdown has none, and
/// this answers it without classifying every block: only short paragraphs are tried,
/// against the `whole` patterns only; and without detecting the language unless one of
/// them is furniture language in some language (then the answer is the detected one's).
pub(super) fn markdown_furniture_language(
    doc: &Document,
    fixed: Option<Language>,
) -> Option<Language> {
    let short = |b: &&crate::document::Block| {
        b.field.is_none()
            && b.kind == BlockKind::Paragraph
            && b.words.len() >= 2
            // Longer ones match no `whole` pattern: not even normalized.
            && b.words.len() <= LEXICON_MAX_WORDS.min(WHOLE_MAX_WORDS)
    };
    let languages: &[Language] = match &fixed {
        Some(l) => std::slice::from_ref(l),
        None => &[Language::English, Language::German],
    };
    let any_in = |languages: &[Language]| {
        doc.blocks.iter().filter(short).any(|b| {
            let norm = normalize(&line_text(b));
            languages
                .iter()
                .any(|&l| Lexicon::of(l).any_whole(&norm, b.words.len()))
        })
    };
    if !any_in(languages) {
        return None;
    }
    let language = language(doc, fixed);
    (fixed.is_some() || any_in(&[language])).then_some(language)
}

/// A reStructuredText field (`:Author: Zachary Amsden`, `:Copyright: (c) 2010, Red Hat.`):
/// the document's own record of itself, as front matter is, never a page's furniture. A
/// name of letters, digits, spaces and hyphens between colons, then a value (not `:clap: :clap:`,
/// emoji shortcodes).
fn docinfo_field(source: &str) -> bool {
    let Some(rest) = source.trim_start().strip_prefix(':') else {
        return false;
    };
    let Some((name, value)) = rest.split_once(':') else {
        return false;
    };
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.len() <= 30
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        && value.starts_with(' ')
        && !value.trim_start().starts_with(':')
        && !value.trim().is_empty()
}

/// Whether a document is its author's, to be read as a source marked up by hand is (only a
/// paragraph that is furniture language end to end may be furniture): a source marked up
/// by hand ([`Document::marked_up`]), or a page that lists its own contents.
pub(super) fn authored(doc: &Document) -> bool {
    doc.marked_up() || own_contents(doc)
}

/// Entries of a table of contents, in words at most.
const CONTENTS_MAX_WORDS: usize = 6;
/// Fewest entries of a table of contents, and fewest of them found below it, each over a
/// sentence (two: a news page's menu over its article and footer had that).
const CONTENTS_MIN_ENTRIES: usize = 3;
/// Blocks from the top within which a table of contents begins.
const CONTENTS_WITHIN: usize = 40;

/// Labels of a table of contents (normalized): the short lines after one are the page's
/// own sections, not a menu.
const CONTENTS_LABELS: [&str; 6] = [
    "table of contents",
    "contents",
    "on this page",
    "in this article",
    "page contents",
    "inhaltsverzeichnis",
];

/// Whether a page's text lists its own contents near its top — a run of short lines that
/// come back below, in order, at least three of them as a line of its own right over a
/// sentence (a documentation site's page: `Synopsis`, `Description`, `Configuration`
/// listed, then each over its text), or at least three of them at all, each apart from the
/// last, when the run is labelled as contents (`Table of contents`: a section may open with
/// code, a default or a list of links). Those lines repeat earlier short lines as a page's
/// menus do, but they are the document's headings. A news page's menu whose labels come
/// back over its footer's lists of links has no sentence under them, and no contents label
/// over it.
pub(super) fn own_contents(doc: &Document) -> bool {
    let blocks: Vec<&crate::document::Block> = doc
        .blocks
        .iter()
        .filter(|b| b.field.is_none() && b.kind != BlockKind::TableCell)
        .collect();
    let short = |b: &crate::document::Block| (1..=CONTENTS_MAX_WORDS).contains(&b.words.len());
    let sentence = |b: &crate::document::Block| {
        b.words.len() > CONTENTS_MAX_WORDS
            && line_text(b).trim_end().ends_with(['.', '!', '?', ':'])
    };
    // Each short block's normalized text, made once however many runs look for it.
    let mut norms: Vec<Option<String>> = vec![None; blocks.len()];
    let mut norm = |j: usize| -> String {
        norms[j]
            .get_or_insert_with(|| normalize(&line_text(blocks[j])))
            .clone()
    };
    let mut i = 0;
    while i < blocks.len().min(CONTENTS_WITHIN) {
        if !short(blocks[i]) {
            i += 1;
            continue;
        }
        // The run ends where a line repeats one of it: there the sections begin (a page
        // whose first section's heading comes right after the table).
        // Entries after a contents label are the table's own (the page's name and
        // summary may come first in the run).
        let mut entries: Vec<String> = Vec::new();
        let mut labelled = false;
        while i < blocks.len() && short(blocks[i]) {
            let text = norm(i);
            if entries.contains(&text) {
                break;
            }
            i += 1;
            if CONTENTS_LABELS.contains(&text.as_str()) {
                entries.clear();
                labelled = true;
            } else {
                entries.push(text);
            }
        }
        if entries.len() < CONTENTS_MIN_ENTRIES {
            continue;
        }
        // The entries found below, in order (some may be missing): those right over a
        // sentence (a section's heading and its text) and, under a contents label, any.
        let (mut next, mut sections) = (0, 0);
        let (mut next_listed, mut listed, mut last_listed) = (0, 0, None);
        for j in i..blocks.len().saturating_sub(1) {
            let over_sentence = next < entries.len() && sentence(blocks[j + 1]);
            let as_listed = labelled && next_listed < entries.len();
            if !short(blocks[j]) || !(over_sentence || as_listed) {
                continue;
            }
            let text = norm(j);
            let found = |from: usize| entries[from..].iter().position(|e| *e == text);
            if over_sentence {
                if let Some(k) = found(next) {
                    next += k + 1;
                    sections += 1;
                }
            }
            // A section has something in it: an entry right after the last one found is
            // a menu repeated (a footer's), not counted.
            if as_listed {
                if let Some(k) = found(next_listed) {
                    next_listed += k + 1;
                    listed += usize::from(last_listed.is_none_or(|l| j > l + 1));
                    last_listed = Some(j);
                }
            }
        }
        if sections.max(listed) >= CONTENTS_MIN_ENTRIES {
            return true;
        }
    }
    false
}

/// Classify every block of the document that may be furniture, in document order.
pub(super) fn classify(doc: &Document, language: Language) -> Vec<Line> {
    classify_as(doc, language, authored(doc))
}

/// [`classify`], with whether the document is its author's ([`authored`]) already known.
pub(super) fn classify_as(doc: &Document, language: Language, by_hand: bool) -> Vec<Line> {
    let lexicon = Lexicon::of(language);
    let stamp = category_bits("dateline") | category_bits("byline");
    // The title (or the deck under it) goes on a whole-line cue (`Share this article`) or
    // a line-start one (`Updated Nov 19, 6:55 AM`, `Sharing is caring!`, `This website uses
    // cookies …`), but not on a credit's or a media label's start: `Photos: …`, `Watch: …`
    // and `Video: …` open real headlines.
    let title_cues = !((category_bits("credit") | category_bits("media")) & !0xffff);
    let credit_start = category_bits("credit") & !0xffff;
    let legal = category_bits("legal");
    let related = category_bits("related");
    // A source marked up by hand (Markdown, reStructuredText), or a page that lists its own
    // contents, is its author's (`by_hand`): only a paragraph that is furniture language
    // end to end may be furniture there.
    let mut out: Vec<Line> = Vec::with_capacity(doc.blocks.len());
    for (block, b) in doc.blocks.iter().enumerate() {
        if b.field.is_some() || b.kind == BlockKind::TableCell {
            continue;
        }
        let range = b.range();
        let first = doc.lines.line_of(range.start);
        let last = doc
            .lines
            .line_of(range.end.saturating_sub(1).max(range.start));
        let src = doc.lines.line_start(first)..doc.lines.line_range(&doc.text, last).end;
        let source = &doc.text[src.clone()];
        if markup_only(source) {
            continue;
        }
        let text = line_text(b).into_owned();
        if embed_attribution(&text) {
            // The post's own text is the line above its attribution: quoted, not furniture
            // (a lone `>` left of a blockquote is not text).
            if let Some(post) = out.last_mut().filter(|l| l.words >= 2) {
                post.eligible = false;
            }
            continue;
        }
        if text.is_empty() {
            continue;
        }
        let words = b.words.len();
        let (cues, later, credit_end) = if words <= LEXICON_MAX_WORDS {
            let norm = normalize(&text);
            let credit_end = lexicon.credit_at_end(&norm);
            let later = lexicon.later_cues(&norm) | if credit_end { credit_start } else { 0 };
            // `See also` (or `Also see`) is reference documentation's formula for its
            // cross-references (a man page's SEE ALSO, Sphinx's `seealso`, a guide's `See
            // also:` over links to its API pages, a README's `Also See` over the sources
            // it used): in a source marked up by hand, its writer's own, not a page's list
            // of other stories.
            let see_also = by_hand
                && ["see also", "also see"].iter().any(|p| {
                    norm.strip_prefix(p)
                        .is_some_and(|r| r.is_empty() || r.starts_with([':', ' ']))
                });
            let cues = lexicon.cues(&norm, words) & if see_also { !related } else { !0 };
            (cues, later, credit_end)
        } else {
            (0, 0, false)
        };
        // A line that names code (`See also :c:func:`Py_XNewRef`.`, ``Related: `fs.open` ``)
        // is documentation's cross-reference: with the code masked, what is left may read
        // as a whole line of furniture language, but the line is more than that. So is a
        // line pointing at an address in a source marked up by hand (`See also
        // https://…` closing a how-to, `Read more: https://…` in a README): its writer's
        // link, as `Read more: [Title](…)` is; a page's text keeps such lines' cues.
        let names_code = source.contains('`');
        let names_address = by_hand && source.contains("://");
        let cues = if b.text().contains(MASK) && (names_code || names_address) {
            cues & !0xffff
        } else {
            cues
        };
        // A book's citation states its copyright (`Pocket Books. Copyright © 1981. ISBN
        // 0-671-46149-4.`, a bibliography's entry): no footer's legal language.
        let (cues, later) = if (cues | later) & legal != 0 && citation(&text) {
            (cues & !legal, later & !legal)
        } else {
            (cues, later)
        };
        // A paragraph its writer wrapped (plain text whose first line breaks off
        // mid-sentence, or whose last line does over a hanging indent) is running prose: a
        // later sentence of it that opens as a call to action does is the writer's own
        // (`… the search history.  Also: Increment maptick when …`, `Solution:   … Continue
        // reading the header after the`). A scraped page gives each of its paragraphs one
        // line. A legal notice stays one where it wraps (a cookie banner's `By using our
        // site, you agree to` over `our Privacy Policy …`).
        let line = |n: usize| &doc.text[doc.lines.line_range(&doc.text, n)];
        let later = if later & !legal != 0
            && doc.format == Format::Text
            && (first < last && crate::document::plain_wraps(line(first))
                || last + 1 < doc.lines.line_count()
                    && crate::document::plain_wraps(line(last))
                    && hanging(line(last + 1)))
        {
            later & legal
        } else {
            later
        };
        let ends = crate::document::plain_ends_sentence(&text);
        let heading = matches!(b.kind, BlockKind::Heading(_));
        let markdown = doc.format == Format::Markdown;
        let link =
            markdown && (source.contains("](") || source.contains("<a ") || source.contains("]["));
        let title = matches!(b.kind, BlockKind::Deck | BlockKind::Title);
        let body = words >= BODY_MIN_WORDS && ends;
        // The title, and a paragraph of body copy, go only when furniture language says so
        // (`Share this article` as a title, `title_cues`; a `We use cookies …` sentence).
        // A deck that is neither a sentence nor a headline of `DECK_HEADLINE_MIN_WORDS`
        // words or more is weighed as any line (a page's byline, dateline or photo credit
        // under its headline: `Suzanne Gamboa`, `Today 12:01 AM`); a short title is the
        // article's (`Bridge vote`).
        // In a source marked up by hand a date or a byline is the author's (an event's time,
        // an `Updated …` note), and so is a label that introduces a list (`Related posts:`
        // over the author's links).
        let introduces_list = text.ends_with(':')
            && doc
                .blocks
                .get(block + 1)
                .is_some_and(|n| n.kind == BlockKind::ListItem);
        // A line that shows nothing (zero-width spaces: CMS padding between paragraphs) is
        // a blank line to a reader, never furniture; it stays a line for its neighbours'
        // features, as the fit saw it.
        let shows_something = text.chars().any(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
                )
        });
        // A plain-text heading: one line over a row of marks about as long (`SEE ALSO` over
        // `--------`), which a marked-up source sets as Markdown sets `## See also`.
        let underlined = || {
            first == last && doc.format == Format::Text && last + 1 < doc.lines.line_count() && {
                let row = doc.text[doc.lines.line_range(&doc.text, last + 1)].trim();
                is_underline(row) && row.chars().count().abs_diff(text.chars().count()) <= 2
            }
        };
        let eligible = shows_something
            && (!by_hand
                || (b.kind == BlockKind::Paragraph
                    && !underlined()
                    && words >= 2
                    && cues & 0xffff & !stamp != 0
                    && !introduces_list))
            && (!title
                || b.kind == BlockKind::Deck
                    && !ends
                    && !(headline_like(&text, words) && words >= DECK_HEADLINE_MIN_WORDS)
                || cues & title_cues != 0
                || time_stamp(&text, words)
                || counter(&text))
            && (!body || cues | later != 0)
            && !docinfo_field(source);
        let trimmed = source.trim_start();
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let numbered = (1..=3).contains(&digits)
            && matches!(trimmed.as_bytes().get(digits), Some(b'.' | b')'));
        let row = is_underline(&text);
        // Under a line whose text is all code (a title set as
        // ``` ``django.contrib.humanize`` ```, which makes no line): that heading's, and
        // never furniture.
        let under_code = row
            && out.last().is_none_or(|above| above.last + 1 < first)
            && first.checked_sub(1).is_some_and(|above| {
                let t = &doc.text[doc.lines.line_range(&doc.text, above)];
                t.contains('`') && t.chars().any(char::is_alphanumeric)
            });
        let underline = under_code
            || row
                && out.last().is_some_and(|above| {
                    above.last + 1 == first && above.text.chars().any(char::is_alphanumeric)
                });
        out.push(Line {
            numbered,
            markup: !markdown && markup_left(source),
            underline,
            divider: row && !underline,
            marks_only: !row && !text.chars().any(char::is_alphanumeric),
            code_marks: false,
            block,
            src,
            first,
            last,
            content: Vec::new(),
            cues,
            later,
            credit_end,
            headline_like: headline_like(&text, words),
            body,
            sentence: words >= SENTENCE_MIN_WORDS && ends && !text.ends_with('?'),
            title,
            kicker: false,
            thread: false,
            heading,
            link,
            eligible: eligible && !under_code,
            words,
            text,
        });
    }
    code_marks(&mut out);
    if doc.format == Format::Text {
        written_document(doc, &mut out);
        // A page's scraped text, not a source marked up by hand: there the title is the
        // author's (an awscli example's `**Listing Activity Types**` over its first
        // paragraph).
        if !by_hand {
            kicker_over_headline(doc, &mut out);
        }
    }
    sentences_in_the_body_stay(&mut out);
    if doc.format == Format::Text && !by_hand {
        comment_threads(&mut out);
    }
    subheads_stay(&mut out);
    listings_stay(doc, &mut out);
    dated_sections_stay(doc, &mut out);
    introduced_lists_stay(doc, &mut out);
    licence_text_stays(doc, &mut out);
    shared_lines_stay(&mut out);
    out
}

/// Licence text inside a document that is not a licence page — a README's `License`
/// section, a copyright line over the grant it belongs to (`Redistribution and use in
/// source and binary forms …`, `Permission is hereby granted …`) — is the document's: its
/// `Copyright (c) …` and `All rights reserved.` lines are the notice the licence asks to
/// keep, not a page's footer. A news page's `© 2019 The Associated Press. All rights
/// reserved.` has neither a licence heading nor a grant beside it. Its legal language is
/// no furniture language either, for its neighbours' features (a README's description
/// over its copyright line is not a line among furniture).
fn licence_text_stays(doc: &Document, lines: &mut [Line]) {
    // A heading's level: Markdown's own; in plain text a line over its underline, all
    // of one level.
    let level = |lines: &[Line], i: usize| -> Option<u8> {
        match doc.blocks[lines[i].block].kind {
            BlockKind::Heading(n) => Some(n),
            _ if lines.get(i + 1).is_some_and(|u| u.underline) => Some(1),
            _ => None,
        }
    };
    let mut i = 0;
    while i < lines.len() {
        match level(lines, i) {
            Some(at) if licence_heading(&lines[i].text) => {
                let mut j = i + 1;
                while j < lines.len() && level(lines, j).is_none_or(|n| n > at) {
                    lines[j].not_furniture();
                    j += 1;
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    let legal = category_bits("legal");
    for i in 0..lines.len() {
        // Legal language from the line's start or in a later sentence of it (a notice
        // run into the wrapped line above it).
        if (lines[i].cues | lines[i].later) & legal == 0 || !lines[i].eligible {
            continue;
        }
        let (from, to) = (
            i.saturating_sub(LICENCE_GRANT_NEAR),
            i + LICENCE_GRANT_NEAR + 1,
        );
        if lines[from..to.min(lines.len())]
            .iter()
            .any(|l| licence_grant(&l.text))
        {
            lines[i].not_furniture();
        }
    }
}

/// Whether a source line continues the one above under a hanging indent (`Solution:   …`
/// over a tab-indented rest, as a change log sets an entry).
fn hanging(line: &str) -> bool {
    line.starts_with([' ', '\t']) && !line.trim().is_empty()
}

/// Whether a line cites a book by its ISBN (`ISBN 0-671-46149-4`, `ISBN-13: 978…`).
fn citation(text: &str) -> bool {
    text.match_indices("ISBN").any(|(i, _)| {
        let rest = &text[i + 4..];
        let rest = rest
            .strip_prefix("-10")
            .or_else(|| rest.strip_prefix("-13"))
            .unwrap_or(rest);
        rest.trim_start_matches([':', ' '])
            .starts_with(|c: char| c.is_ascii_digit())
    })
}

/// How many lines from a copyright line a licence's grant may stand ([`licence_text_stays`]).
const LICENCE_GRANT_NEAR: usize = 3;

/// A heading that names a licence section: `License`, `Oniguruma LICENSE`, `Copyright and
/// licence`, `Lizenz` — four words at most, one of them a licence's word.
fn licence_heading(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "license",
        "licence",
        "licenses",
        "licences",
        "licensing",
        "copyright",
        "copying",
        "lizenz",
        "urheberrecht",
    ];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.len() <= 4
        && words
            .iter()
            .any(|w| WORDS.iter().any(|k| k.eq_ignore_ascii_case(w)))
}

/// A line that opens or holds a licence's grant or its disclaimer, as the common licences
/// word them (BSD, MIT, ISC, GPL, Apache, the `SPDX-License-Identifier` tag).
fn licence_grant(text: &str) -> bool {
    // Only a line of a licence's length is lower-cased (most lines are shorter).
    text.len() >= 20 && {
        let t = text.to_lowercase();
        LICENCE_GRANTS.iter().any(|g| t.contains(g))
    }
}

/// A licence's grant or disclaimer as the common licences word them (BSD, MIT, ISC, GPL,
/// Apache, the `SPDX-License-Identifier` tag), in lower case: a line holding one is a
/// grant's ([`licence_grant`]), a text holding two reproduces a licence ([`licence_text`]).
const LICENCE_GRANTS: [&str; 15] = [
    "redistribution and use in source and binary forms",
    "permission is hereby granted",
    "permission to use, copy, modify",
    "is free software",
    "licensed under the apache license",
    "licensed under the mit license",
    "spdx-license-identifier",
    "provided by the copyright holders and contributors",
    "the software is provided \"as is\"",
    "without any warranty",
    "general public license",
    "except in compliance with the license",
    "the above copyright notice and this permission notice shall be included",
    // The GNU all-permissive licence, and a GNU file's pointer to its conditions.
    "copying and distribution of this file, with or without modification",
    "for copying conditions",
];

/// A plain text that sets its headings as a writer does — a line of text with a row of
/// `=`, `-`, `~` or `^` right under it, about as long as the text (release notes, a README,
/// reStructuredText) — or that wraps its paragraphs by hand ([`hand_wrapped`]) is a written
/// document, not a web page run through a converter (those set `#` headings and spaced
/// rules, `* * *`, and give each paragraph one line): its headings are its own, and only a
/// line that speaks furniture language — from its start, or in a later sentence of a line
/// that is not body copy — may be furniture there (a subhead such as `UI, Workflows &
/// Features`, a command under a step, a table of files, a specification's `Usage:
/// optional` field are the document's).
fn written_document(doc: &Document, lines: &mut [Line]) {
    let set = |i: usize, lines: &[Line]| {
        let (above, row) = (&lines[i - 1], &lines[i]);
        let r = row.text.trim();
        let mark = r.chars().next().unwrap_or(' ');
        let (u, h) = (r.chars().count(), above.text.trim().chars().count());
        row.underline
            && above.first == above.last
            && matches!(mark, '=' | '-' | '~' | '^')
            && r.chars().all(|c| c == mark)
            && 3 * u >= 2 * h
            && 2 * u <= 3 * h + 4
    };
    let headings: Vec<usize> = (1..lines.len()).filter(|&i| set(i, lines)).collect();
    if headings.is_empty() && !hand_wrapped(doc, lines) {
        return;
    }
    for &i in &headings {
        lines[i - 1].eligible = false;
        lines[i].eligible = false;
    }
    // A paragraph of body copy there is the author's, whatever a later sentence of it
    // says (`Read more about the technique in the paper.` in release notes). So is a date or
    // a byline, as in a source marked up by hand (`Updated by others` and `Last modified on
    // …` under a guide's title).
    let stamp = category_bits("dateline") | category_bits("byline");
    for l in lines.iter_mut() {
        if l.cues & !stamp == 0 && (l.later & !stamp == 0 || l.body) {
            l.eligible = false;
        }
    }
    // So is a copyright notice: the document's own (`Copyright 1998-2021 Free Software
    // Foundation, Inc.` under a README's title, the authors' notices above a translation),
    // where a web page's is a footer's, worded with its reserved rights.
    for l in lines.iter_mut() {
        if copyright_notice(&l.text) {
            l.not_furniture();
        }
    }
}

/// Characters of a line that a writer wrapped by hand ([`hand_wrapped`]): about a line's
/// width, at most a wide terminal's.
const HAND_WRAPPED: std::ops::RangeInclusive<usize> = 30..=100;

/// Whether a plain text has a paragraph its writer wrapped by hand: three source lines or
/// more made one paragraph, each but the last about a line's width ([`HAND_WRAPPED`]),
/// with a sentence running on over a break (the line after it opens in lower case). A
/// page's text gives each paragraph one line, however long; the few lines a converter
/// joins there are a footer's rows or a list's short entries (`Arrowhead bottled water` over
/// `healthy snack bars`).
fn hand_wrapped(doc: &Document, lines: &[Line]) -> bool {
    lines.iter().any(|l| {
        l.last >= l.first + 2 && doc.blocks[l.block].kind == BlockKind::Paragraph && {
            let source = |n: usize| doc.text[doc.lines.line_range(&doc.text, n)].trim();
            (l.first..l.last).all(|n| HAND_WRAPPED.contains(&source(n).chars().count()))
                && (l.first + 1..=l.last).any(|n| source(n).starts_with(|c: char| c.is_lowercase()))
        }
    })
}

/// A copyright notice: `Copyright`, `(C)` or `©`, then a year, and nothing after the
/// holder's name but a full stop (`Copyright (C) 1989-2018 Free Software Foundation,
/// Inc.`; not `… All rights reserved.`, a site footer's wording).
fn copyright_notice(text: &str) -> bool {
    let t = text.trim();
    let rest = ["Copyright", "COPYRIGHT", "(C)", "(c)", "©"]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .map(|r| r.trim_start_matches([' ', '©']))
        .map(|r| {
            r.strip_prefix("(C)")
                .or_else(|| r.strip_prefix("(c)"))
                .unwrap_or(r)
                .trim_start()
        });
    rest.is_some_and(|r| {
        r.len() > 4
            && r.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && !r.to_ascii_lowercase().contains("reserved")
            && !r.contains(['|', '•'])
    })
}

/// Marks [`Line::code_marks`]: lines of symbols alone that are code's punctuation, or a
/// comment block's bare comment mark.
fn code_marks(lines: &mut [Line]) {
    for i in 0..lines.len() {
        let t = lines[i].text.trim();
        if t.is_empty() || t.chars().any(char::is_alphanumeric) {
            continue;
        }
        let code = t.contains(['(', ')', '[', ']', '{', '}', '^', '+', '"', '\'', '`'])
            || t.contains("...")
            || t.contains('…');
        let opens = |j: usize| {
            lines.get(j).is_some_and(|l: &Line| {
                let n = l.text.trim_start();
                n.len() > t.len() && n.starts_with(t) && n.chars().any(char::is_alphanumeric)
            })
        };
        lines[i].code_marks = code || (i > 0 && opens(i - 1)) || opens(i + 1);
    }
}

/// A row of at least three of one mark, perhaps spaced: a heading's underline in plain
/// text (setext, reStructuredText, AsciiDoc: `---`, `===`, `~~~`, `^^^`) or a divider
/// (`***`, `* * *`, `###`, `___`).
fn is_underline(text: &str) -> bool {
    let t = text.trim();
    t.chars().next().is_some_and(|c| {
        matches!(c, '-' | '=' | '~' | '^' | '+' | '*' | '#' | '_')
            && t.chars().all(|d| d == c || d == ' ')
            && t.chars().filter(|&d| d == c).count() >= 3
    })
}

/// Two blocks on one source line (`<!-- note -->Related stories<p>More text`: an HTML
/// block's runs of text) are never candidates: the fix deletes whole lines, and deleting
/// one block's line would take the other's text and markup with it.
fn shared_lines_stay(lines: &mut [Line]) {
    for i in 1..lines.len() {
        if lines[i].src.start < lines[i - 1].src.end {
            lines[i - 1].eligible = false;
            lines[i].eligible = false;
        }
    }
}

/// A list the article introduces — a line ending in a colon or a question mark (`The
/// newly selected five are:`, `Dare to Play 3:`, `What's new in 2.26?`), then list items —
/// is the author's: neither the line nor its items are candidates, unless furniture
/// language is among them (`Related stories:` is a cue, and its list stays a candidate).
/// (`- Ceres Robotics, Palo Alto, California`, under `The newly selected five are:`, was
/// flagged on a page the rule was never fitted on.) Markdown's list items are never
/// candidates anyway.
fn introduced_lists_stay(doc: &Document, lines: &mut [Line]) {
    let item = |l: &Line| doc.blocks[l.block].kind == BlockKind::ListItem;
    let mut i = 0;
    while i < lines.len() {
        let intro = &lines[i];
        let mut j = i + 1;
        if item(intro) || !intro.text.trim_end().ends_with([':', '?']) {
            i = j;
            continue;
        }
        while j < lines.len() && item(&lines[j]) && next_to(doc, &lines[j - 1], &lines[j]) {
            j += 1;
        }
        let list = &mut lines[i..j];
        if j > i + 1 && list.iter().all(|l| l.cues | l.later == 0) {
            for l in list {
                l.eligible = false;
            }
        }
        i = j;
    }
}

/// Most words a time stamp in the title's place has.
const STAMP_MAX_WORDS: usize = 12;

/// A plain text's title or deck that is a time stamp (`Chris Davies - Nov 19, 2019, 10:31
/// pm CST`, `November 19, 2019 / 12:21 AM / Updated 14 hours ago`): a clock time and a date
/// (a year or a month's name) in a short line that is not a sentence. A page's stamp the
/// reader took for the deck; it may be furniture (the model decides, as for any dated
/// line before the body). On the labelled pages all 7 such title lines are furniture. A
/// headline with a date but no clock time (`Storm hits the coast on Nov. 3`) is not one.
fn time_stamp(text: &str, words: usize) -> bool {
    const MONTHS: [&str; 32] = [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "januar",
        "februar",
        "märz",
        "mai",
        "juni",
        "juli",
        "oktober",
        "dezember",
    ];
    if words > STAMP_MAX_WORDS || crate::document::plain_ends_sentence(text) {
        return false;
    }
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let clock = (1..b.len()).any(|i| b[i] == b':' && digit(i - 1) && digit(i + 1) && digit(i + 2));
    let year = (0..b.len().saturating_sub(3)).any(|i| {
        (b[i..].starts_with(b"19") || b[i..].starts_with(b"20"))
            && digit(i + 2)
            && digit(i + 3)
            && !digit(i + 4)
            && (i == 0 || !digit(i - 1))
    });
    let month = || {
        text.split(|c: char| !c.is_alphabetic())
            .any(|w| MONTHS.iter().any(|m| w.eq_ignore_ascii_case(m)))
    };
    clock && (year || month())
}

/// Most words a kicker has.
const KICKER_MAX_WORDS: usize = 3;

/// Fewest words of a deck shaped as a headline (capitalized, not a sentence), which stays
/// the document's own unless furniture language says otherwise; a shorter deck that is not
/// a sentence is weighed as any line. On nav-eval dev, 28 more lines may be furniture, 3 of
/// the residuals' labelled furniture among them; on its unlabelled test pages, 7 more
/// lines are flagged, each a byline, a dateline or a photo credit under the headline.
const DECK_HEADLINE_MIN_WORDS: usize = 5;

/// A scraped page's first line is often the section it was filed under, above the
/// headline (`World`, then `Hong Kong chaos: China deploys troops …`): the plain-text
/// reader takes it for the title. A first line of one to three words that is not a
/// sentence, directly followed by a headline-like line of more words, is such a label, and
/// may be furniture (a title is otherwise only on furniture language). A first line over
/// a sentence (`BAAR, SWITZERLAND` over the first paragraph, a dateline) is not.
///
/// No feature of its own: on the labelled pages every such line is furniture, but they
/// are too few (14 of 200,000 lines) for a leaf of the fitted trees; the model scores them
/// as short lines before the body, and cross-validated recall rose with them
/// (`scripts/nav_fit.py`).
///
/// The headline starts where the label does: a page's text sets both flush left (a menu's
/// entries, list items under `## Accessibility links`, are indented by their marks). A
/// title page rendered as text sets its subtitle in from the title (Debian's debconf
/// specification: `Configuration management` over `  Protocol version 2.1` and its
/// authors' names), and the first line is then the document's own title.
fn kicker_over_headline(doc: &Document, lines: &mut [Line]) {
    let [first, second, ..] = lines else {
        return;
    };
    let indent = |l: &Line| {
        doc.text[l.src.clone()]
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    let kicker = doc.blocks[first.block].kind == BlockKind::Title
        && (1..=KICKER_MAX_WORDS).contains(&first.words)
        && !crate::document::plain_ends_sentence(&first.text)
        && !first.text.ends_with([':', '?'])
        && first.text.chars().any(char::is_alphabetic)
        && second.headline_like
        && second.words > first.words
        && !second.sentence
        && (doc.blocks[second.block].kind == BlockKind::ListItem
            || indent(second) <= indent(first));
    if kicker {
        lines[0].kicker = true;
        lines[0].eligible = true;
    }
}

/// Whether `b` follows `a` with nothing but blank lines between them (or shares a source
/// line with it).
pub(super) fn next_to(doc: &Document, a: &Line, b: &Line) -> bool {
    doc.text
        .get(a.src.end..b.src.start)
        .is_none_or(|between| between.trim().is_empty())
}

/// Lines of a listing that share a shape.
const LISTING_MIN_LINES: usize = 3;

/// Most words of a listing's heading.
const LISTING_HEADING_MAX_WORDS: usize = 8;

/// The shape of a line of data: its first three marks (punctuation and symbols, a run of
/// digits as `0`), after any list marker or Markdown heading and emphasis marks, letters
/// and spaces left out: `June 9 – Tampa, FL @ …` → `0–,`; `England (Group A): 10th
/// appearance` → `():`. None without two different marks besides digits (a menu entry, a
/// headline, a time stamp `14:48`, `wide-browser-and-larger`), or when the marks are only a
/// count in brackets (`Blog (2)`: a menu's counter). Markdown's `*`, `_`, `#` and `` ` ``
/// are not marks.
fn shape(text: &str) -> Option<Shape> {
    // A list marker is the list's, not the line's (`- 15 Amazing Images of Stars`).
    let mut text = text.trim_start_matches(['-', '*', '•', '–', '+', '#', '_', ' ']);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) && text[digits..].starts_with([')', '.']) {
        text = text[digits + 1..].trim_start_matches(['#', '_', '*', ' ']);
    }
    let mut out = Shape::default();
    // Different marks other than digits.
    let mut other = 0;
    let mut digit = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !digit {
                out.push('0');
            }
            digit = true;
        } else {
            digit = false;
            // Markdown's emphasis and code marks are not the data's.
            if !c.is_alphanumeric() && !c.is_whitespace() && !matches!(c, '*' | '_' | '#' | '`') {
                other += usize::from(!out.marks().contains(&c));
                out.push(c);
            }
        }
        if out.len == 3 {
            break;
        }
    }
    let count = matches!(out.marks(), ['(', '0', ')'] | ['[', '0', ']']);
    (other >= 2 && !count).then_some(out)
}

/// A line's first marks ([`shape`]): at most three, kept without an allocation (every
/// line of a page has one worked out).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Shape {
    marks: [char; 3],
    len: u8,
}

impl Shape {
    fn push(&mut self, c: char) {
        self.marks[usize::from(self.len)] = c;
        self.len += 1;
    }

    fn marks(&self) -> &[char] {
        &self.marks[..usize::from(self.len)]
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.marks().iter().try_for_each(|c| write!(f, "{c}"))
    }
}

/// A listing — tour dates, a schedule, results, the teams of a draw — is structured article
/// content: three or more consecutive source lines of the same shape ([`shape`]) that read
/// as data (most with a digit, or three marks to a line), none with furniture language, are
/// never candidates, whether the reader made them one line each or joined them; nor is the
/// short line right above them that heads them (`The Doobie Brothers Tour Dates`). (`June 9 –
/// West Palm Beach, FL @ Coral Sky Amphitheatre` and its 31 siblings were flagged as
/// furniture on a page the rule was never fitted on.)
fn listings_stay(doc: &Document, lines: &mut [Line]) {
    // Per line: the shape most of its source lines share (three in four: a listing joined
    // into one paragraph may have a line that differs, `St. Louis`), how many of them have
    // it, and how many have a digit.
    let shapes: Vec<Option<(Shape, usize, usize)>> = lines
        .iter()
        .map(|l| {
            // Most lines are one source line: one shape, no list of them.
            let mut first: Option<(Shape, usize)> = None;
            let mut others: Vec<(Shape, usize)> = Vec::new();
            let (mut total, mut digits) = (0, 0);
            let parts = doc.text[l.src.clone()]
                .split('\n')
                .map(str::trim)
                .filter(|p| !p.is_empty());
            for p in parts {
                total += 1;
                digits += usize::from(p.bytes().any(|b| b.is_ascii_digit()));
                let Some(s) = shape(p) else { continue };
                match first.as_mut() {
                    None => first = Some((s, 1)),
                    Some((f, n)) if *f == s => *n += 1,
                    Some(_) => match others.iter_mut().find(|(c, _)| *c == s) {
                        Some((_, n)) => *n += 1,
                        None => others.push((s, 1)),
                    },
                }
            }
            // The commonest shape (the last met among equals).
            let (s, n) = first
                .into_iter()
                .chain(others)
                .reduce(|a, b| if b.1 >= a.1 { b } else { a })?;
            (4 * n >= 3 * total).then_some((s, n, digits))
        })
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let Some((first, n, digits)) = &shapes[i] else {
            i += 1;
            continue;
        };
        let (mut n, mut digits) = (*n, *digits);
        let adjacent = |j: usize| j < lines.len() && next_to(doc, &lines[j - 1], &lines[j]);
        let same = |j: usize| shapes[j].as_ref().filter(|(s, _, _)| s == first);
        // One line in four may differ (`St. Louis`), when the shape goes on after it: at most
        // one odd line for three of the shape, the next one counted.
        let mut odd = 0;
        let mut j = i + 1;
        while adjacent(j) {
            if let Some((_, m, d)) = same(j) {
                n += m;
                digits += d;
                j += 1;
            } else if adjacent(j + 1) && same(j + 1).is_some() && 3 * (odd + 1) <= n + 1 {
                odd += 1;
                j += 1;
            } else {
                break;
            }
        }
        // The listing's own heading (`The Doobie Brothers Tour Dates`, `Results`) right
        // above it: a short line that is not a sentence, without furniture language.
        let heading = i > 0
            && next_to(doc, &lines[i - 1], &lines[i])
            && lines[i - 1].cues | lines[i - 1].later == 0
            && !lines[i - 1].sentence
            && lines[i - 1].words <= LISTING_HEADING_MAX_WORDS;
        let from = if heading { i - 1 } else { i };
        let run = &mut lines[from..j];
        // Data: most lines with a digit, or three marks to a line (`Team (Group): …`).
        let data = 2 * digits >= n || first.marks().iter().filter(|&&c| c != '0').count() >= 3;
        if n >= LISTING_MIN_LINES && data && run.iter().all(|l| l.cues == 0) {
            for l in run {
                l.eligible = false;
            }
        }
        i = j;
    }
}

/// A time of day in a line: a digit, a colon, two digits (`7:21 pm`, `17:55:13`).
fn clock(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
    })
}

/// Fewest dates standing alone over sections that make a document's sections dated.
const DATED_SECTIONS_MIN: usize = 3;

/// A date alone on its line — no time of day — set apart by blank lines, over a list whose
/// first item is a sentence (`19 May 2009`, then `* Try to guess if the window is UTF-8 …
/// moves.`), three times or more in a document: a changelog's or a release history's
/// sections, each headed by its date. Those dates stay, and so does every date alone over a
/// list there. A page's time stamps are not so: a comment's has its time (`August 8, 2018 at
/// 7:21 pm`) and its text is no list; a related story's date stands between headlines, which
/// end without a stop (`* The Taylor Swift, Scooter Braun, Justin Bieber row explained`).
/// (tmux's CHANGES, read as installed in `/usr/share/doc`, had 130 such dates flagged one by
/// one.)
fn dated_sections_stay(doc: &Document, lines: &mut [Line]) {
    let dateline = super::lexicon::category_bits("dateline");
    let apart = |a: &Line, b: &Line| {
        doc.text
            .get(a.src.end..b.src.start)
            .is_some_and(|between| between.bytes().filter(|&c| c == b'\n').count() >= 2)
    };
    let item = |l: &Line| doc.blocks[l.block].kind == BlockKind::ListItem;
    // Dates alone over a list, set apart; with the first item a sentence or not.
    let dated: Vec<(usize, bool)> = (0..lines.len())
        .filter_map(|i| {
            let l = &lines[i];
            let next = lines.get(i + 1)?;
            (l.cues != 0
                && l.cues & !dateline == 0
                && l.later == 0
                && !clock(&l.text)
                && item(next)
                && apart(l, next)
                && (i == 0 || apart(&lines[i - 1], l)))
            .then_some((i, next.sentence))
        })
        .collect();
    // Three over a sentence show the document's sections are dated; then every such date
    // heads one (`* Recreate server socket on SIGUSR1` has no stop).
    if dated.iter().filter(|(_, sentence)| *sentence).count() >= DATED_SECTIONS_MIN {
        for (i, _) in dated {
            lines[i].eligible = false;
        }
    }
}

/// A sentence (eight words or more) between the first and the last paragraph of body copy,
/// with no furniture language, is the article's own text even when it is too short to be
/// body copy (`He has consistently denied being unfair to her.` between two photo
/// captions): never furniture. In `scripts/nav_fit.py`'s held-out folds, every such
/// line the model flagged was a false alarm.
fn sentences_in_the_body_stay(lines: &mut [Line]) {
    let (Some(first), Some(last)) = (
        lines.iter().position(|l| l.body),
        lines.iter().rposition(|l| l.body),
    ) else {
        return;
    };
    for l in &mut lines[first..=last] {
        if l.sentence && l.cues | l.later == 0 {
            l.eligible = false;
        }
    }
}

/// Lines from one comment's furniture to the next one's at most ([`comment_threads`]).
const THREAD_GAP: usize = 12;

/// Comments' furniture in a row that make a thread ([`comment_threads`]).
const THREAD_MIN_MARKERS: usize = 3;

/// A line that each reader's comment carries: who wrote it (`Jane Doe says:`,
/// `Jane Doe wrote: 19 November 2019 at 9:08`), how readers rated it (`Rating: 36 Votes`,
/// `12 likes`, `3 replies`) or the button under it (`Reply`, `Report abuse`). Not a label
/// that one page may carry once (`Comments`, `Report` under an embedded post, `Leave a
/// reply`), nor a time stamp alone (`5 minutes ago`: a live blog's entries carry those).
static THREAD_MARKER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)^(?:\S+(?: \S+){0,3} (?:says|wrote|commented|sagt|schrieb|schreibt)\s*:?(?:\s+\S*\d.*)?|reply|replies|antworten|report abuse|\d+ (?:replies|likes?|points?|votes?)|rating: -?\d+ votes?|(?:like|reply)(?: · (?:like|reply|report|share))+)$",
    )
    .expect("valid regex")
});

/// A reader comment thread left in a page's text: three or more lines of each comment's
/// furniture ([`THREAD_MARKER`]), each within [`THREAD_GAP`] lines of the last, set off
/// readers' comments, and the lines between them are those comments — sentences and body
/// copy as much as the article is (`thread`: a candidate, and decisive). On the labelled
/// pages, every line so placed is furniture. Only in a page's text: a source written by
/// hand has no comment thread.
fn comment_threads(lines: &mut [Line]) {
    let markers: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let t = lines[i].text.as_str();
            lines[i].words <= 12
                && if t.contains('*') {
                    // Its words as shown (`**Rating:** 36 Votes`).
                    THREAD_MARKER.is_match(t.replace('*', "").trim())
                } else {
                    THREAD_MARKER.is_match(t.trim())
                }
        })
        .collect();
    let mut k = 0;
    while k < markers.len() {
        let mut end = k;
        while end + 1 < markers.len() && markers[end + 1] - markers[end] <= THREAD_GAP {
            end += 1;
        }
        if end + 1 - k >= THREAD_MIN_MARKERS {
            for l in &mut lines[markers[k] + 1..markers[end]] {
                if !l.title && l.text.chars().any(char::is_alphanumeric) {
                    l.thread = true;
                    l.eligible = true;
                }
            }
        }
        k = end + 1;
    }
}

/// How many words a subhead in capitals has ([`subheads_stay`]).
const SUBHEAD_WORDS: std::ops::RangeInclusive<usize> = 2..=6;

/// A subhead — a line of two to six words in capitals (`CLOSEOUT SEQUENCE`, `FRANCE
/// WINS`, `MAKING SPICED HONEY PEAR JAM`) between two sentences of the article, with no
/// furniture language and no closing stop — divides the article: agency copy and features
/// set their subheads so. Never a candidate. On the labelled pages, all 41 such lines in
/// extractors' output are the article's (10 of 12 on whole pages); the lines of that place
/// and look that are furniture are furniture language (`ADVERTISEMENT`, `VIDEO`,
/// `SUBSCRIBE`), or another story's headline in capitals, which runs longer (`CO-FOUNDER
/// 'PROUD' OF HOME DEPOT EMPLOYEES LIVING OUT THEIR AMERICAN DREAM`); one word in capitals
/// (`TEDMED` under a video) may be a credit or a label, and the model decides.
fn subheads_stay(lines: &mut [Line]) {
    for i in 1..lines.len().saturating_sub(1) {
        let l = &lines[i];
        let t = l.text.trim();
        // The place and the length first: the characters are read only for the few lines
        // between two sentences.
        let placed = SUBHEAD_WORDS.contains(&l.words)
            && l.cues | l.later == 0
            && lines[i - 1].sentence
            && lines[i + 1].sentence
            && !t.ends_with(['.', '!', '?', ':']);
        if placed
            && !t.chars().any(char::is_lowercase)
            && t.chars().filter(|c| c.is_alphabetic()).count() >= 4
        {
            lines[i].eligible = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_text(text: &str) -> Vec<Line> {
        let doc = Document::parse("t.txt", text.to_string(), Format::Text);
        classify(&doc, Language::English)
    }

    /// Whether the line whose text is `line` may be furniture in the plain text `text`.
    fn eligible_in(text: &str, line: &str) -> bool {
        classify_text(text)
            .iter()
            .find(|l| l.text == line)
            .unwrap_or_else(|| panic!("no line {line:?}"))
            .eligible
    }

    /// Readers' comments between the lines each comment carries in a page's text are
    /// candidates, sentences and body copy too; not with fewer such lines, nor with them
    /// too far apart, nor between labels a page carries once or a live blog's time stamps,
    /// nor in a source written by hand.
    #[test]
    fn comment_threads_are_candidates() {
        let body = "The council voted on Tuesday to rebuild the old river bridge before the spring floods arrive next year, engineers said.";
        let comment = "I think the council should have rebuilt the bridge years ago, before the last floods washed the old road away.";
        let thread = |markers: &[&str]| {
            let mut page = format!("Bridge vote\n\n{body}\n\n{body}\n\n");
            for m in markers {
                page.push_str(&format!("{m}\n\n{comment}\n\n"));
            }
            page
        };
        let comments = |page: &str| {
            let lines = classify_text(page);
            assert!(lines
                .iter()
                .filter(|l| l.text == body)
                .all(|l| !l.thread && !l.eligible));
            lines
                .iter()
                .filter(|l| l.text == comment && l.thread && l.eligible)
                .count()
        };
        let page = thread(&[
            "Jane Doe says:",
            "**Rating:** 36 Votes",
            "Max Muster wrote: 19 November 2019 at 9:08",
            "Reply",
        ]);
        assert_eq!(comments(&page), 3);
        assert_eq!(comments(&thread(&["Rating: 36 Votes", "Reply"])), 0);
        assert_eq!(
            comments(&thread(&["Comments", "Report", "Leave a reply"])),
            0
        );
        assert_eq!(
            comments(&thread(&[
                "5 minutes ago",
                "12 minutes ago",
                "20 minutes ago"
            ])),
            0
        );
        let far = format!(
            "{}Reply\n\n",
            format!(
                "Reply\n\n{}",
                format!("{comment}\n\n").repeat(super::THREAD_GAP)
            )
            .repeat(2)
        );
        assert!(classify_text(&far).iter().all(|l| !l.thread));
        let doc = Document::parse("t.md", page, Format::Markdown);
        assert!(classify(&doc, Language::English).iter().all(|l| !l.thread));
    }

    /// Code's punctuation alone on a line (a doctest's caret, a config file's brace, an
    /// elided `...`), or the bare `#` inside a block of `# …` comments; a page's own marks
    /// (`|`, `* * *`, `•`) are not code.
    #[test]
    fn code_marks_are_told_from_a_pages_marks() {
        // (`* * *` reads as a list item holding `* *`; the plain-text reader takes the
        // indented lines under `name {` for code itself.)
        let text = "Markers\n\n    check(x)\n    sys_platform\n                ^\n    ...\n\nname {\n  value\n  ...\n}\n\n# Test cases\n#\n# FORMAT:\n\n|\n\n* * *\n\n•\n";
        let lines = classify_text(text);
        let code: Vec<(&str, bool)> = lines
            .iter()
            .filter(|l| !l.text.chars().any(char::is_alphanumeric))
            .map(|l| (l.text.trim(), l.code_marks))
            .collect();
        assert_eq!(
            code,
            [
                ("^", true),
                ("...", true),
                ("}", true),
                ("#", true),
                ("|", false),
                ("* *", false),
                ("•", false)
            ]
        );
    }

    /// A plain text with a heading set as writers set it (text over a row of `=` or `-` as
    /// long as the text) is a written document: its headings, and every line without
    /// furniture language, are its own. A rule of `---` under a long line is not a heading.
    #[test]
    fn a_written_document_keeps_its_lines() {
        let notes = "Bridgetown v2.5 Release Notes\n=============================\n\nUI, Workflows & Features\n\nThe middleware now includes a mitigation for the attack, adding random bytes to responses. Read more about the technique in the paper.\n\nSee also\n--------\n\nShare this article\n";
        let lines = classify_text(notes);
        let eligible: Vec<(&str, bool)> = lines
            .iter()
            .map(|l| (l.text.as_str(), l.eligible))
            .filter(|(t, _)| t.chars().any(char::is_alphanumeric))
            .collect();
        assert_eq!(
            eligible,
            [
                ("Bridgetown v2.5 Release Notes", false),
                ("UI, Workflows & Features", false),
                ("The middleware now includes a mitigation for the attack, adding random bytes to responses. Read more about the technique in the paper.", false),
                ("See also", false),
                ("Share this article", true)
            ]
        );
        let page = "Bridge vote\n\nGet Motor Cycle Monthly delivered through your door every month\n---\n\nUI, Workflows & Features\n";
        assert!(classify_text(page)
            .iter()
            .any(|l| l.text == "UI, Workflows & Features" && l.eligible));
    }

    /// A reStructuredText field is the document's record of itself (the kernel's
    /// `:Copyright: (c) 2010, Red Hat.  All rights reserved.` under its title).
    #[test]
    fn a_field_of_the_document_is_its_own() {
        let doc = "Timekeeping Virtualization\n==========================\n\n:Author: Zachary Amsden <zamsden@example.com>\n:Copyright: (c) 2010, Red Hat.  All rights reserved.\n\nTimekeeping is the art of keeping time, and the guests of a hypervisor need it done well.\n";
        let lines = classify_text(doc);
        let fields: Vec<&Line> = lines
            .iter()
            .filter(|l| l.text.contains("Copyright"))
            .collect();
        assert_eq!(fields.len(), 1);
        assert!(fields.iter().all(|l| !l.eligible));
        assert!(super::docinfo_field(":Author: Jane Doe"));
        assert!(!super::docinfo_field(":clap: :clap: :clap:"));
        assert!(!super::docinfo_field("Copyright: 2010 Red Hat"));
    }

    /// A plain text wrapped by hand (a paragraph over three lines of about a line's width,
    /// a sentence running on in lower case) is a written document too; a page's text, one
    /// paragraph a line, and a list of short entries joined by the reader are not.
    #[test]
    fn a_text_wrapped_by_hand_is_a_written_document() {
        let spec = "Widget Binding\nCopyright 2013 Example Inc.\n\nThe widget nodes are described here, with the properties that\nare defined below for each controller node in the device tree and\nthe bits that select which ports are snooped.\n\nUsage: optional\n\nCopyright 2014 Jane Doe\n";
        for line in [
            "Copyright 2013 Example Inc.",
            "Usage: optional",
            "Copyright 2014 Jane Doe",
        ] {
            assert!(!eligible_in(spec, line), "{line}");
        }
        let page = "Widget Binding\n\nThe widget nodes are described here, with the properties that are defined below for each controller node in the device tree.\n\nUsage: optional\n\nCopyright 2014 Jane Doe\n";
        assert!(eligible_in(page, "Copyright 2014 Jane Doe"));
        let list = "Our hike\n\nArrowhead bottled water\nhealthy snack bars\ncamera\n\nWe packed water and bars for the hike up to the rocks, and it was warm all day long.\n\nCopyright 2014 Jane Doe\n";
        assert!(eligible_in(list, "Copyright 2014 Jane Doe"));
    }

    /// A title set in code (reStructuredText's ``` ``module`` ``` over a row of `=`) is
    /// text its underline goes with, not a divider between furniture.
    #[test]
    fn an_underline_under_a_title_in_code() {
        let doc = "===========================\n``django.contrib.humanize``\n===========================\n\nA set of template filters useful for adding a human touch to data, in one app.\n";
        let lines = classify_text(doc);
        let row = lines.iter().find(|l| l.first == 2).expect("the underline");
        assert!(
            row.underline && !row.eligible,
            "{:?}",
            lines
                .iter()
                .map(|l| (&l.text, l.first, l.underline, l.eligible))
                .collect::<Vec<_>>()
        );
    }

    /// A licence section's heading is short and names a licence; a grant is worded as the
    /// common licences word it.
    #[test]
    fn licence_headings_and_grants() {
        for h in [
            "License",
            "Oniguruma LICENSE",
            "Copyright and licence",
            "## Licensing",
        ] {
            assert!(licence_heading(h), "{h}");
        }
        for h in [
            "Copyright lawsuit heats up in court",
            "Share this article",
            "Lice",
        ] {
            assert!(!licence_heading(h), "{h}");
        }
        assert!(licence_grant(
            "Permission is hereby granted, free of charge, to any person obtaining a copy"
        ));
        assert!(!licence_grant(
            "This material may not be published, broadcast, rewritten or redistributed."
        ));
    }

    /// A document read from a file named `name`, in the format its name gives.
    fn named_doc(name: &str, text: &str) -> Document {
        Document::parse(name, text.to_string(), Format::for_path(name))
    }

    /// A page that lists its own sections over their text is its author's; a news page's
    /// menu whose labels come back over lists of links is not.
    #[test]
    fn a_page_with_its_own_contents() {
        let own = |t: &str| own_contents(&named_doc("page.txt", t));
        let section = |name: &str| {
            format!("{name}\n\nThe {name} section explains how the command reads its settings and files.\n\n")
        };
        let sections: String = ["Synopsis", "Description", "Configuration", "See Also"]
            .map(section)
            .concat();
        let page = format!("npm-edit\n\nTable of contents\n\nSynopsis\n\nDescription\n\nConfiguration\n\nSee Also\n\n{sections}");
        assert!(own(&page));
        // Two sections over a sentence are not enough, unless the list is labelled as
        // contents: then a section may open with a setting (`editor`), code or links.
        let two: String = ["Synopsis", "Description"].map(section).concat();
        let list = "Synopsis\n\nDescription\n\nConfiguration\n\n";
        let rest = format!("{two}Configuration\n\neditor\n\nDefault: vi\n");
        assert!(!own(&format!("Edit\n\n{list}{rest}")));
        assert!(own(&format!("Table of contents\n\n{list}{rest}")));
        // Under a label too, entries that come back one right after another are a menu
        // repeated in a footer.
        let footer = "Synopsis\n\nDescription\n\nConfiguration\n";
        let body = "The command opens the file in your editor and waits until you close it.\n\n";
        assert!(!own(&format!("Contents\n\n{list}{body}{footer}")));
        // A menu that comes back over lists of links.
        let links = "Council votes to rebuild the bridge\n\nFloods close the river path\n\n";
        let page = format!("News\n\nSport\n\nBusiness\n\nThe council voted on Tuesday to rebuild the old river bridge before spring.\n\nNews\n\n{links}Sport\n\n{links}Business\n\n{links}");
        assert!(!own(&page));
    }

    /// Every grant holds a word the whole-text search looks for first.
    #[test]
    fn every_licence_grant_holds_a_screened_word() {
        for (g, w) in LICENCE_GRANTS.iter().zip(LICENCE_GRANT_WORDS) {
            assert!(g.contains(w) && !w.contains(' '), "{g}");
        }
    }

    /// A text that reproduces a licence's grant and disclaimer is one, whatever its name;
    /// an article that names one licence, or a page's copyright footer, is not.
    #[test]
    fn licence_texts_by_their_wording() {
        let text = |t: &str| licence_text(&named_doc("notes/upstream.txt", t));
        assert!(text(
            "Files: *\nCopyright: 2001 Jane Doe. All rights reserved.\nLicense: MIT\n \
             Permission is hereby granted, free of charge, to any person obtaining a copy\n \
             THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT ANY\n WARRANTY OF ANY KIND.\n"
        ));
        assert!(text(
            "This library is free software; you can redistribute it under the terms of the\n\
             GNU Lesser General Public License as published by the Free Software Foundation.\n"
        ));
        assert!(!text(
            "The council released the code under the GNU General Public License on Monday.\n\n\
             © 2024 The Daily Example. All rights reserved.\n"
        ));
    }

    /// Credits files by name and credits pages by title; an article about Thanksgiving or
    /// an authors' guild is not one.
    #[test]
    fn credits_pages_by_name_or_title() {
        let page = |name: &str, text: &str| credits_page(&named_doc(name, text));
        for name in [
            "THANKS",
            "AUTHORS.txt",
            "docs/CONTRIBUTORS.md",
            "Credits.md",
        ] {
            assert!(page(name, "Ada Lovelace <ada@example.org>\n"), "{name}");
        }
        assert!(page("people.md", "# Acknowledgements\n\nAda Lovelace\n"));
        for name in [
            "thanksgiving-recipes.md",
            "authors-guild-lawsuit.txt",
            "news.md",
        ] {
            assert!(
                !page(name, "Council meeting\n\nThe council met.\n"),
                "{name}"
            );
        }
    }

    /// A copyright notice names a year after its mark; a site footer's wording, or a
    /// sentence about copyright, is not one.
    #[test]
    fn copyright_notices() {
        for yes in [
            "Copyright 1997-2019 Werner Koch",
            "    Copyright (C) 1989-2018 Free Software Foundation, Inc.",
            "Copyright © 2020 Jane Doe",
            "© 2021 Example Widgets Ltd.",
            "(C) 2003 g10 Code GmbH",
        ] {
            assert!(copyright_notice(yes), "{yes}");
        }
        for no in [
            "© 2019 The Associated Press. All rights reserved.",
            "Copyright © 2019, Los Angeles Times | Terms of Service | Privacy Policy",
            "Copyright law protects the photographs.",
            "Copyright",
            "© Aaron Schwartz",
        ] {
            assert!(!copyright_notice(no), "{no}");
        }
        assert!(licence_grant(
            "Copying and distribution of this file, with or without modification, are permitted"
        ));
        assert!(licence_grant("See the end for copying conditions."));
    }

    /// Licence files by name (any case, with an extension, or in capitals with a suffix)
    /// and licence pages by title; an article about a notice or legal aid is not one.
    #[test]
    fn licence_pages_by_name_or_title() {
        let page = |name: &str, text: &str| licence_page(&named_doc(name, text));
        for name in [
            "NOTICE",
            "LICENSE-MIT",
            "docs/COPYRIGHT-685a456c.txt",
            "license.md",
            "COPYING.txt",
            "LICENSES/Apache-2.0.txt",
            "share/doc/rust/licenses/Unicode-3.0.txt",
        ] {
            assert!(
                page(name, "Example Widgets\nCopyright 2021 Example\n"),
                "{name}"
            );
        }
        for name in [
            "notice-of-meeting.txt",
            "legal-aid-cuts.md",
            "licensed-to-kill.txt",
            "news/licenses-revoked.md",
            "licenses-desk/council.txt",
        ] {
            assert!(!page(name, "Council meeting\nThe council met.\n"), "{name}");
        }
        assert!(page(
            "about.md",
            "---\ntitle: License\n---\n\nCopyright 2021 Example.\n"
        ));
        assert!(page(
            "terms.txt",
            "Terms of Use\n\nBy using this site you agree.\n"
        ));
    }

    #[test]
    fn blocks_sharing_a_source_line_are_never_candidates() {
        // Found by the property test: two runs of text in one HTML line panicked `next_to`.
        let text = "Title\n\n<!-- copydesk-disable-next-line -->Related stories<p>AA\n\nShare this article\n";
        let doc = Document::parse("t.md", text.to_string(), Format::Markdown);
        let lines = classify(&doc, Language::English);
        let shared: Vec<_> = lines.iter().filter(|l| l.first == 2).collect();
        assert_eq!(
            shared.len(),
            2,
            "{:?}",
            lines.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        assert!(shared.iter().all(|l| !l.eligible));
        assert!(next_to(&doc, shared[0], shared[1]));
        let share = lines
            .iter()
            .find(|l| l.text == "Share this article")
            .unwrap();
        assert!(share.eligible, "the next line is still a candidate");
    }

    /// A changelog's dates (alone, over a list, three with a sentence first) stay; a
    /// related story's date between headlines and a comment's time stamp do not.
    #[test]
    fn dated_sections() {
        let body =
            "The council met on Tuesday and approved the new budget for the schools of the city.";
        let changelog = format!("CHANGES\n\n{body}\n\n21 May 2009\n\n* Fix the crash when a file is empty or cannot be read at all.\n\n19 May 2009\n\n* Guess the encoding of the window from the way the cursor moves.\n\n18 May 2009\n\n* Lots of layout cleanup, and the manual layout has a new name.\n\n16 May 2009\n\n* select-layout command\n");
        assert!(!eligible_in(&changelog, "21 May 2009"));
        assert!(!eligible_in(&changelog, "16 May 2009"));
        let related = format!("Title\n\n{body}\n\n* The row explained\n\n22 August 2019\n\n* Is it personal or business?\n\n1 July 2019\n\n* Why the star wants her songs back\n\n3 June 2019\n\n* What happens next\n");
        assert!(eligible_in(&related, "22 August 2019"));
        let comments = format!("Title\n\n{body}\n\nAugust 8, 2018 at 7:21 pm\n\n* Thanks for the article, it helped me a lot.\n\nAugust 8, 2018 at 7:34 pm\n\n* I am glad to hear you found it useful.\n\nAugust 9, 2018 at 9:02 am\n\n* Great read, and thanks for sharing it.\n");
        assert!(eligible_in(&comments, "August 8, 2018 at 7:21 pm"));
    }

    #[test]
    fn markup_left_in_extracted_text() {
        for leaked in [
            r#"&lt;span data-mce-type="bookmark" style="display: inline-block;"&gt;&lt;/span&gt;"#,
            "&lt;br/&gt;",
            r#"<div class="share-bar">"#,
            r#"[button link="http://example.com/submit/" type="big"] Send us your review"#,
            "[automerge]1574096160[/automerge]",
            "[caption id=\"x\"]A photo[/caption]",
            "[quote]He said so.[/quote]",
        ] {
            assert!(markup_left(leaked), "{leaked}");
        }
        for text in [
            "Hong Kong 'threatened with intervention' [REACTION]",
            "[2] Joint Commission National Patient Safety Goal",
            "[Related: Salesforce keynote]",
            "if a < b and b > c, the list is sorted",
            "The <Palace: Tale of Jang Noksu> plays again",
            "Use x=1 in [brackets]",
            "proto[s]://[username[:password]@]server[:port][/path]",
            "a pine-compatible notation, {[username@]imapserver[:port][/ssl]}path/to/folder",
        ] {
            assert!(!markup_left(text), "{text}");
        }
        // Plain text only: in Markdown, HTML is markup.
        let body =
            "The council met on Tuesday and approved the new budget for the schools of the city.";
        let text = format!("Title\n\n{body}\n\n[automerge]1574096160[/automerge]\n\n{body}\n");
        let lines = classify_text(&text);
        assert!(lines.iter().any(|l| l.markup && l.eligible));
        let doc = Document::parse("t.md", text, Format::Markdown);
        assert!(classify(&doc, Language::English).iter().all(|l| !l.markup));
    }

    #[test]
    fn headlines_sentences_and_cues() {
        assert!(headline_like("Council Approves New Budget For Schools", 6));
        assert!(!headline_like("The council approved the budget.", 5));
        assert!(headline_like("Will the bridge open in May?", 6));
        assert!(!headline_like("Two words", 2));
        let lines = classify_text(
            "Title\n\nThe council met on Tuesday and approved the new budget for the schools of the city.\n\nShare this article\n",
        );
        assert!(lines[0].title);
        let body = lines.iter().find(|l| l.body).unwrap();
        assert!(body.sentence && body.words >= BODY_MIN_WORDS && body.cues == 0);
        assert_ne!(lines[2].cues, 0);
    }

    /// A later sentence that opens as a call to action is furniture language on a scraped
    /// page's one-line paragraph, and the writer's own in a paragraph they wrapped (or set
    /// under a hanging indent, as a change log does); a wrapped legal notice keeps its cue.
    #[test]
    fn a_wrapped_paragraphs_later_sentences_are_its_own() {
        let later = |text: &str, starts: &str| {
            classify_text(text)
                .iter()
                .find(|l| l.text.starts_with(starts))
                .unwrap()
                .later
        };
        let one_line = "Title\n\nThere's plenty more where that came from. Sign up for The Daily Brief today.\n";
        assert_ne!(later(one_line, "There's"), 0);
        let wrapped = "Title\n\nReset the counter when deleting the last entry of the search\nhistory.  Also: Increment the tick when starting a mapping from\ntyped characters.\n";
        assert_eq!(later(wrapped, "Reset"), 0);
        let hanging = "Title\n\nProblem:    When a tags file names an encoding other than the one set it\n\t    may hang.\nSolution:   Convert the whole line.  Continue reading the header after the\n\t    SORT tag.  Add a test.\n";
        assert_eq!(later(hanging, "Solution"), 0);
        let cookie = "Title\n\nThis website uses cookies to improve your experience. By using our site, you agree to\nour Privacy Policy and Cookie Policy.\n";
        assert_ne!(later(cookie, "This website"), 0);
    }

    #[test]
    fn a_sentence_inside_the_body_is_never_a_candidate() {
        let body =
            "The council met on Tuesday and approved the new budget for the schools of the city.";
        let text = format!(
            "Title\n\n{body}\n\nImage copyright Getty Images\n\nHe has consistently denied being unfair to the council.\n\n{body}\n\nShe said the vote had been a long time coming for everyone.\n"
        );
        let lines = classify_text(&text);
        let line = |t: &str| lines.iter().find(|l| l.text.starts_with(t)).unwrap();
        // Between two paragraphs of body copy: the article's.
        assert!(line("He has").sentence && !line("He has").eligible);
        // Furniture language there still may be furniture.
        assert!(line("Image copyright").eligible);
        // After the last paragraph: may be furniture (a reader's comment, a promo).
        assert!(line("She said").eligible);
    }

    #[test]
    fn a_subhead_in_capitals_is_the_articles() {
        let body = "The home side scored nine straight points in the last three minutes to cut the lead to two before the break.";
        let eligible = |line: &str| -> bool {
            let lines = classify_text(&format!("Title\n\n{body}\n\n{line}\n\n{body}\n"));
            lines.iter().find(|l| l.text == line).unwrap().eligible
        };
        // Between two paragraphs of body copy (two sentences), a subhead stays.
        assert!(!eligible("CLOSEOUT SEQUENCE"));
        assert!(!eligible("KAZAKHSTAN WINS AGAIN"));
        assert!(!eligible("MAKING SPICED HONEY PEAR JAM"));
        // Between two sentences that are not long enough for body copy, too.
        let short = "The Mach E was unveiled on Sunday night before the show.";
        let lines = classify_text(&format!(
            "Title\n\n{short}\n\nTOYOTA RAV4 PRIME\n\n{short}\n"
        ));
        assert!(
            !lines
                .iter()
                .find(|l| l.text == "TOYOTA RAV4 PRIME")
                .unwrap()
                .eligible
        );
        // Furniture language, a longer line in capitals (another story's headline), and a
        // line in lower case stay candidates.
        assert!(eligible("ADVERTISEMENT"));
        assert!(eligible("VIDEO"));
        assert!(eligible("A LONG, DRAWN OUT HISTORY OF THE FEUDS"));
        assert!(eligible("TEDMED"));
        assert!(eligible("Closeout sequence"));
        // Not between two paragraphs of body copy: the model decides.
        let lines = classify_text(&format!(
            "Title\n\n{body}\n\nCLOSEOUT SEQUENCE\n\nShort line here\n"
        ));
        assert!(
            lines
                .iter()
                .find(|l| l.text == "CLOSEOUT SEQUENCE")
                .unwrap()
                .eligible
        );
    }

    #[test]
    fn a_list_the_article_introduces_is_the_authors() {
        let body =
            "The council met on Tuesday and approved the new budget for the schools of the city.";
        for (intro, eligible) in [
            ("The newly selected companies are:", false),
            ("What's new in version 3.4?", false),
            ("Related stories:", true),
            ("More from the city desk", true),
        ] {
            let text = format!(
                "Title\n\n{body}\n\n{intro}\n- Blue Harbor Systems, Kent, Washington\n- Ridge Robotics, Palo Alto, California\n\n{body}\n"
            );
            let lines = classify_text(&text);
            let item = lines.iter().find(|l| l.text.contains("Ridge")).unwrap();
            assert_eq!(item.eligible, eligible, "{intro}");
            assert_eq!(
                lines.iter().find(|l| l.text == intro).unwrap().eligible,
                eligible,
                "{intro}"
            );
        }
    }

    /// The title goes on furniture language at its start as well as on a whole line
    /// (`Sharing is caring!`, `This website uses cookies …`), but not on a credit's or a
    /// media label's start, which open real headlines (`Photos: …`, `Watch: …`). A counter
    /// in the title's place (`57`, `4 553`) may go too; a year as a title (`1984`) stays.
    #[test]
    fn a_title_that_opens_as_furniture_may_be_furniture() {
        let body = "\n\nThe council met on Tuesday and approved the new budget for the city.\n";
        for (title, eligible) in [
            ("Sharing is caring!", true),
            ("This website uses cookies to improve your experience", true),
            ("Updated Nov 19, 6:55 AM", true),
            ("Share this article", true),
            ("Photos: The parade through the old town", false),
            ("Watch: The mayor opens the new bridge", false),
            ("Council approves the new budget", false),
            ("Bridge vote", false),
            ("57", true),
            ("4 553", true),
            ("1984", false),
        ] {
            let lines = classify_text(&format!("{title}{body}"));
            assert!(lines[0].title, "{title}");
            assert_eq!(lines[0].eligible, eligible, "{title}");
        }
    }

    /// A time stamp in the deck's place may be furniture; a dated headline is not. So may a
    /// deck that is neither a sentence nor a headline of five words or more (a byline, a
    /// photo credit).
    #[test]
    fn a_time_stamp_or_a_byline_under_the_title_may_be_furniture() {
        let body = "\n\nThe council met on Tuesday and approved the new budget for the city.\n";
        for (deck, eligible) in [
            ("Chris Davies - Nov 19, 2019, 10:31 pm CST", true),
            ("November 19, 2019 /  12:21 AM / Updated 14 hours ago", true),
            ("4:00 am CST, Wednesday, November 20, 2019", true),
            ("Storm hits the coast on Nov. 3, 2019", false),
            ("Polls close at 8:00 in the evening", false),
            ("Marathon Results: Winner Runs 2:05:33", false),
            ("Aktualisiert am 19. November 2019, 10:31 Uhr", true),
            (
                "The vote was held on Nov. 19, 2019, at 10:31 in the morning.",
                false,
            ),
            ("Suzanne Gamboa", true),
            ("(Image: © Shutterstock)", true),
            ("Today 12:01 AM", true),
            ("A Look Inside the New Library", false),
            ("The council met for five hours.", false),
        ] {
            let lines = classify_text(&format!("Council approves the new budget\n{deck}{body}"));
            assert!(lines[1].title, "{deck}");
            assert_eq!(lines[1].eligible, eligible, "{deck}");
        }
    }

    /// A short first line over a longer headline is a section label the reader took for
    /// the title; over a sentence (a dateline over the first paragraph), or as a one-line
    /// headline over its body, it is not.
    #[test]
    fn a_section_label_over_the_headline_is_a_kicker() {
        let body = "\n\nThe council met on Tuesday and approved the new budget for the city.\n";
        for (head, kicker) in [
            (
                "World\n\nHong Kong chaos: China deploys troops to the border",
                true,
            ),
            (
                "U.S. news\nNew York man pleads guilty to threatening a congresswoman",
                true,
            ),
            (
                "Top Local Stories\n\nScientists use Hawaii telescope to spot water vapor",
                true,
            ),
            (
                "BAAR, SWITZERLAND\n\nAscom said on Tuesday that its sales rose by a tenth.",
                false,
            ),
            ("Council Approves Budget", false),
            // A title page rendered as text: the subtitle set in from the title.
            (
                "Configuration management\n\n  Protocol version 2.1 and its many changes",
                false,
            ),
            ("Why now?\n\nThe Council Approves a Budget at Last", false),
            (
                "The council approved a budget\n\nA Long Night at City Hall for the Mayor",
                false,
            ),
        ] {
            let lines = classify_text(&format!("{head}{body}"));
            assert!(lines[0].title, "{head}");
            assert_eq!(lines[0].kicker, kicker, "{head}");
            assert_eq!(lines[0].eligible, kicker, "{head}");
        }
        // Only a plain text's first line: in Markdown the title is the author's.
        let doc = Document::parse(
            "t.md",
            format!("World\n\nHong Kong chaos: China deploys troops to the border{body}"),
            Format::Markdown,
        );
        assert!(classify(&doc, Language::English).iter().all(|l| !l.kicker));
        // Nor in a source marked up by hand: a reStructuredText file's bold title.
        let doc = Document::parse(
            "swf/list-activity-types.rst",
            format!("**Listing Activity Types**\n\nTo get a list of the activity types for a domain, use ``swf list-activity-types``{body}"),
            Format::Text,
        );
        assert!(doc.marked_up());
        assert!(classify(&doc, Language::English)
            .iter()
            .all(|l| !l.kicker && !l.eligible));
    }

    /// A line of zero-width spaces (CMS padding) is blank to a reader: never a candidate,
    /// but still a line (its neighbours' features are those the fit saw).
    #[test]
    fn a_line_that_shows_nothing_is_never_a_candidate() {
        let lines = classify_text(
            "Title\n\nThe council met on Tuesday and approved the new budget for the city.\n\n\u{200b}\n\n\u{feff}\u{200b} \n\nShare this article\n",
        );
        let blank: Vec<_> = lines.iter().filter(|l| l.words == 0).collect();
        assert_eq!(
            blank.len(),
            2,
            "{:?}",
            lines.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        assert!(blank.iter().all(|l| !l.eligible));
        assert!(lines
            .iter()
            .any(|l| l.text == "Share this article" && l.eligible));
    }

    #[test]
    fn shapes_of_data_lines() {
        assert_eq!(
            shape("June 9 – West Palm Beach, FL @ Coral Sky")
                .map(|s| s.to_string())
                .as_deref(),
            Some("0–,")
        );
        assert_eq!(
            shape("- June 10 – Tampa, FL @ Arena")
                .map(|s| s.to_string())
                .as_deref(),
            Some("0–,")
        );
        assert_eq!(
            shape("England (Group A): 10th appearance")
                .map(|s| s.to_string())
                .as_deref(),
            Some("():")
        );
        assert_eq!(
            shape("VIP : 60,000₩").map(|s| s.to_string()).as_deref(),
            Some(":0,")
        );
        // Menus, headlines, time stamps, counters, class names, emphasis: no shape.
        for line in [
            "Share on Facebook",
            "- 15 Amazing Images of Stars",
            "* 14:48 Iran Interested in Russian Tanks",
            "Blog (2)",
            "wide-browser-and-larger",
            "**facebook_url**",
            "#### Austria: 3 arrested over video",
        ] {
            assert_eq!(shape(line), None, "{line}");
        }
    }

    /// Tour dates under an article (one line each, or joined into one paragraph by the
    /// reader, one line different) are content; the same shape with furniture language, or
    /// two lines only, may still be furniture.
    #[test]
    fn a_listing_is_never_a_candidate() {
        let body = "The band announced the dates of its tour on Tuesday, and tickets go on sale next week for every show.";
        let dates = "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre\nJune 10 – Tampa, FL @ MIDFLORIDA Amphitheatre\nAugust 14 – St. Louis, MO @ Hollywood Casino\nJune 17 – Nashville, TN @ Bridgestone Arena\nJune 19 – Charlotte, NC @ PNC Music Pavilion";
        // Whether each line that `of` picks after the body may be furniture.
        let eligible = |listing: &str, of: &dyn Fn(&str) -> bool| -> Vec<bool> {
            classify_text(&format!("Title\n\n{body}\n\n{listing}\n"))
                .iter()
                .filter(|l| of(&l.text))
                .map(|l| l.eligible)
                .collect()
        };
        let dated = |t: &str| t.contains(" @ ");
        for listing in [dates.to_string(), dates.replace('\n', "\n\n")] {
            let e = eligible(&listing, &dated);
            assert!(!e.is_empty() && e.iter().all(|e| !e), "{listing}");
        }
        let two = "June 9 – Tampa, FL @ Arena\n\nJune 10 – Miami, FL @ Arena";
        let e = eligible(two, &dated);
        assert!(
            e.len() == 2 && e.iter().all(|&e| e),
            "two lines are not a listing"
        );
        let cued = "Share: Facebook, Twitter\n\nShare: Email, Print\n\nShare: Reddit, Tumblr";
        let shared = eligible(cued, &|t| t.starts_with("Share:"));
        assert!(!shared.is_empty() && shared.iter().all(|&e| e));
        // The listing's heading is the listing's; a label with furniture language is not.
        for (heading, eligible_heading) in [
            ("The Doobie Brothers Tour Dates", false),
            ("Tour dates", false),
            ("Related stories", true),
        ] {
            let e = eligible(&format!("{heading}\n\n{dates}"), &|t| t == heading);
            assert_eq!(e, [eligible_heading], "{heading}");
        }
    }

    #[test]
    fn an_embedded_posts_attribution_is_never_a_candidate() {
        let lines = classify_text(
            "Title\n\nThe club said so on Tuesday in a post that fans shared widely online.\n\n— Tottenham Hotspur (@SpursOfficial) November 20, 2019\n",
        );
        assert!(lines.iter().all(|l| !l.text.contains("(@")));
        let lines = classify_text(
            "Title\n\nThe club said so on Tuesday in a post that fans shared widely online.\n\nInteresting to see the new kit out there at last.\n— Tottenham Hotspur (@SpursOfficial) November 20, 2019\n\nShare this article\n",
        );
        let post = lines
            .iter()
            .find(|l| l.text.starts_with("Interesting"))
            .unwrap();
        assert!(!post.eligible, "the post's text is quoted content");
        assert!(lines
            .iter()
            .any(|l| l.text == "Share this article" && l.eligible));
        assert!(embed_attribution(
            "> — Cooper Lund (@cooperlund) November 18, 2019"
        ));
        assert!(!embed_attribution("Follow us (@site) for more"));
    }

    #[test]
    fn closing_markup_is_never_a_candidate() {
        let doc = Document::parse(
            "t.mdx",
            "# Title\n\n<Tabs>\n\nSome words in a tab.\n\n</Tabs>\n".to_string(),
            Format::Markdown,
        );
        let lines = classify(&doc, Language::English);
        assert!(lines.iter().all(|l| !l.text.contains('<')));
    }
}
