//! `structure/navigation-fragment`: page furniture left in article copy — headline lists,
//! "Read more:", share bars, breadcrumbs, copyright footers, comment widgets.
//!
//! The decision is made on lines (blocks), with evidence a copy editor can check:
//! 1. an anchored phrase lexicon (the whole line must read as furniture, not merely contain
//!    a word such as "share");
//! 2. a list header ("Related stories", "More:") and the headline-like lines under it;
//! 3. a run of short headline-like lines at the start or the end of the article, decided as
//!    a block, whose words barely overlap the article body (unrelated headlines);
//! 4. a comment thread (repeated "2 days ago", "Rating: 12 Votes" lines) to the end.
//!
//! Lists an author wrote (key facts, steps, credits, Markdown link lists) overlap the body
//! or carry link markup, and are left alone.

use std::collections::HashSet;
use std::ops::Range;

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{BlockKind, Document, Format, MASK};
use crate::rule::{Check, CompileError, Context, KindTable};

mod lexicon;

use lexicon::{may_be_phrase, COMMENT_META, HEADER, META, PHRASES, STOPWORDS};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Params {
    /// Fewest headline-like lines that make a leading or trailing run.
    #[serde(default = "three")]
    min_run: usize,
}

fn three() -> usize {
    3
}

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    let p: Params = table.parse()?;
    Ok(Box::new(Navigation {
        min_run: p.min_run.max(2),
    }))
}

struct Navigation {
    min_run: usize,
}

/// One candidate line.
struct Line {
    /// Index of the block in the document.
    block: usize,
    /// Whole source lines covered.
    src: Range<usize>,
    text: String,
    words: usize,
    content: Vec<String>,
    headline_like: bool,
    phrase: bool,
    header: bool,
    comment_meta: bool,
    /// Body copy: a long line ending a sentence.
    body: bool,
    /// A sentence (ends like one, several words): kept even inside furniture regions.
    sentence: bool,
    /// No letters at all (`-`, `% |`, `|---|`): separators between furniture.
    filler: bool,
    /// Every letter upper case, several words: a promo headline (`CLICK HERE TO …`).
    shouting: bool,
    /// A dateline, byline or photo credit in plain-text copy.
    meta: bool,
    /// The standfirst under a plain-text title: never furniture by shape alone.
    deck: bool,
}

/// Content words of a block (lower-cased, four letters or more, no stop words), from the
/// block's own tokens.
fn content_words(b: &crate::document::Block) -> Vec<String> {
    let text = b.text();
    b.words
        .iter()
        .map(|r| &text[r.clone()])
        .filter(|w| w.len() >= 4 && !w.bytes().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .filter(|w| STOPWORDS.binary_search(&w.as_str()).is_err())
        .collect()
}

fn headline_like(text: &str, words: usize) -> bool {
    let t = text.trim();
    // Headlines may open with an emoji or a bullet, and may be questions.
    let first = t
        .chars()
        .find(|c| c.is_alphanumeric() || matches!(c, '"' | '“' | '\'' | '‘'));
    (3..=18).contains(&words)
        && first.is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘')
        })
        && (t.ends_with('?') || !crate::document::plain_ends_sentence(t))
        && !t.ends_with([',', '-', '–', '—'])
}

impl Navigation {
    fn lines(doc: &Document) -> Vec<Line> {
        let mut out: Vec<Line> = Vec::new();
        for (bi, b) in doc.blocks.iter().enumerate() {
            if b.field.is_some() || b.kind == BlockKind::TableCell {
                continue;
            }
            // A title or deck reads like a headline by design: only furniture phrases count.
            let deck = matches!(b.kind, BlockKind::Deck | BlockKind::Title);
            let range = b.range();
            let first = doc.lines.line_of(range.start);
            let last = doc
                .lines
                .line_of(range.end.saturating_sub(1).max(range.start));
            let src = doc.lines.line_start(first)..doc.lines.line_range(&doc.text, last).end;
            let source = &doc.text[src.clone()];
            // Markdown an author wrote: links, headings, emphasis-only lines are content structure.
            let markup = doc.format == Format::Markdown
                && (source.contains('[') && source.contains(']')
                    || source.contains("<a ")
                    || matches!(b.kind, BlockKind::Heading(_)));
            let text: String = b.text().chars().filter(|&c| c != MASK).collect();
            let text = text.trim().to_string();
            if text.is_empty() {
                continue;
            }
            let words = b.words.len();
            // `[Related: …]`, `- More:` read as their inside.
            let inner = text
                .trim_start_matches(['-', '•', '*', ' '])
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim();
            // Furniture is short: long lines are never matched against the lexicon.
            let phrase =
                words <= 40 && may_be_phrase(inner) && PHRASES.iter().any(|re| re.is_match(inner));
            let header = HEADER.is_match(inner)
                && !(doc.format == Format::Markdown && matches!(b.kind, BlockKind::Heading(_)));
            let comment_meta =
                words <= 8 && (COMMENT_META.is_match(inner) || COMMENT_META.is_match(&text));
            let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
            let shouting =
                words >= 5 && letters.len() >= 15 && letters.iter().all(|c| c.is_uppercase());
            let body = words >= 15 && crate::document::plain_ends_sentence(&text);
            out.push(Line {
                block: bi,
                src,
                content: Vec::new(),
                headline_like: !markup && !deck && headline_like(&text, words),
                // In Markdown an author wrote, a lone word (`**Twitter**`, `* Comments`) is a
                // subhead or a list item, and links and headings are structure.
                phrase: phrase && !markup && (doc.format == Format::Text || words >= 2),
                header,
                comment_meta,
                body,
                sentence: words >= 8
                    && crate::document::plain_ends_sentence(&text)
                    && !text.ends_with('?'),
                filler: letters.is_empty(),
                shouting,
                // (Not an embedded tweet's attribution: `— Name (@handle) November 3, 2019`.)
                meta: doc.format == Format::Text
                    && words <= 14
                    && !crate::document::plain_ends_sentence(&text)
                    && !text.starts_with(['—', '–'])
                    && META.is_match(&text),
                deck,
                words,
                text,
            });
        }
        // Overlap with the body matters only where headline-like lines could be unrelated
        // headlines: skip the word work for every other document.
        if out.iter().any(|l| l.headline_like || l.shouting) {
            for l in out
                .iter_mut()
                .filter(|l| l.body || l.headline_like || l.shouting)
            {
                l.content = content_words(&doc.blocks[l.block]);
            }
        }
        out
    }
}

/// Why a line was marked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reason {
    Phrase,
    UnderHeader,
    Trailing,
    Leading,
    Comments,
    Meta,
    Menu,
}

impl Check for Navigation {
    fn fixes(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let lines = Self::lines(doc);
        let n = lines.len();
        if n == 0 {
            return;
        }
        let mut mark: Vec<Option<Reason>> = vec![None; n];
        // 1. Furniture phrases.
        for (i, l) in lines.iter().enumerate() {
            if l.phrase && l.words <= 40 {
                mark[i] = Some(Reason::Phrase);
            }
        }
        // Datelines, bylines and credits standing alone in plain-text copy.
        for (i, l) in lines.iter().enumerate() {
            if l.meta {
                mark[i].get_or_insert(Reason::Meta);
            }
        }
        // 2. A list header and the headlines under it.
        for i in 0..n {
            if !lines[i].header {
                continue;
            }
            let mut j = i + 1;
            while j < n && (lines[j].headline_like || mark[j].is_some()) && !lines[j].body {
                mark[j].get_or_insert(Reason::UnderHeader);
                j += 1;
            }
            if j > i + 1 {
                mark[i].get_or_insert(Reason::Phrase);
            }
        }
        // 3. The regions before the first and after the last body paragraph, decided as a
        //    block: when they are mostly unrelated headlines and furniture, all of their
        //    non-sentence lines go.
        let body_vocab: HashSet<&str> = lines
            .iter()
            .filter(|l| l.body)
            .flat_map(|l| l.content.iter().map(String::as_str))
            .collect();
        let unrelated = |l: &Line| {
            let shared = l
                .content
                .iter()
                .filter(|w| body_vocab.contains(w.as_str()))
                .count();
            l.content.is_empty() || (shared as f64) < 0.34 * l.content.len() as f64
        };
        let first_body = lines.iter().position(|l| l.body);
        let last_body = lines.iter().rposition(|l| l.body);
        if let (Some(first), Some(last)) = (first_body, last_body) {
            for (region, reason) in [(last + 1..n, Reason::Trailing), (0..first, Reason::Leading)] {
                let headline =
                    |l: &Line| (l.headline_like && l.words >= 4 || l.shouting) && unrelated(l);
                let phrases = region.clone().filter(|&i| mark[i].is_some()).count();
                let evidence = region
                    .clone()
                    .filter(|&i| headline(&lines[i]) || mark[i].is_some())
                    .count();
                let candidates = region
                    .clone()
                    .filter(|&i| {
                        let l = &lines[i];
                        !l.sentence
                            && (l.headline_like
                                || l.filler
                                || l.words <= 4
                                || mark[i].is_some()
                                || l.shouting)
                    })
                    .count();
                // Markdown is written by hand: its closing lists (credits, thanks, links) stay
                // unless furniture phrases are among them.
                let authored = doc.format == Format::Markdown && phrases == 0;
                // A list introduced by a label (`Steps`, `Key facts:`) was written for the article.
                let introduced = region
                    .clone()
                    .find(|&i| (lines[i].headline_like || lines[i].shouting) && mark[i].is_none())
                    .is_some_and(|i| {
                        let before = if i > 0 { Some(&lines[i - 1]) } else { None };
                        before.is_some_and(|b| {
                            !b.header
                                && !b.phrase
                                && (b.text.ends_with(':') || b.words <= 3 && !b.filler)
                        })
                    });
                let headlines = !introduced
                    && evidence >= self.min_run
                    && evidence * 10 >= region.len() * 4
                    && candidates * 10 >= region.len() * 7;
                let menu = region.len() >= 8 && candidates * 10 >= region.len() * 8 && phrases >= 1;
                // Scraped copy: the lines between the title and the first paragraph (bylines,
                // datelines, captions) when some of them are evidently furniture.
                let masthead = reason == Reason::Leading
                    && doc.format == Format::Text
                    && phrases >= 1
                    && region.len() <= 15
                    && candidates * 10 >= region.len() * 6;
                if !authored && (headlines || menu || masthead) {
                    for i in region {
                        let l = &lines[i];
                        let shape = l.headline_like
                            || l.filler
                            || l.words <= 4
                            || l.shouting
                            || masthead && !l.deck;
                        if !l.sentence && (shape || mark[i].is_some()) {
                            mark[i].get_or_insert(reason);
                        }
                    }
                }
            }
        }
        // 4. A comment thread: from its first metadata line to the end.
        let metas: Vec<usize> = (0..n).filter(|&i| lines[i].comment_meta).collect();
        if metas.len() >= 3 {
            let first = metas[0];
            if n - first >= 3 && lines[first..].iter().filter(|l| l.body).count() * 2 < n - first {
                for m in &mut mark[first..] {
                    m.get_or_insert(Reason::Comments);
                }
            }
        }
        // 5. Plain text: a menu anywhere — six or more consecutive short lines, furniture
        //    phrases among them.
        if doc.format == Format::Text {
            let short: Vec<bool> = (0..n)
                .map(|i| {
                    let l = &lines[i];
                    !l.body && !l.sentence && (l.filler || l.words <= 4 || mark[i].is_some())
                })
                .collect();
            let mut i = 0;
            while i < n {
                let mut j = i;
                while j < n && short[j] {
                    j += 1;
                }
                if j - i >= 6 && (i..j).any(|k| mark[k].is_some()) {
                    for m in &mut mark[i..j] {
                        m.get_or_insert(Reason::Menu);
                    }
                }
                i = j.max(i + 1);
            }
        }
        // A title or deck goes only when it is a furniture phrase itself, or a one- or
        // two-word line heading a menu (scraped pages often start with `Print`, `Close`).
        for (i, l) in lines.iter().enumerate() {
            let in_menu = matches!(mark[i], Some(Reason::Menu | Reason::Leading)) && l.words <= 2;
            if l.deck && !l.phrase && !in_menu {
                mark[i] = None;
            }
        }
        // One line left between two parts of a furniture block (a headline's dek, "Sorry!")
        // belongs to it.
        for i in 1..n.saturating_sub(1) {
            let region = |r: Option<Reason>| {
                matches!(
                    r,
                    Some(Reason::Trailing | Reason::Leading | Reason::Menu | Reason::Comments)
                )
            };
            if mark[i].is_none()
                && !lines[i].body
                && !lines[i].deck
                && region(mark[i - 1])
                && region(mark[i + 1])
            {
                mark[i] = mark[i - 1];
            }
        }
        // Runs of marked lines → one diagnostic each.
        let mut i = 0;
        while i < n {
            if mark[i].is_none() {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < n && mark[j + 1].is_some() {
                j += 1;
            }
            report(doc, cx, &lines[i..=j], &mark[i..=j]);
            i = j + 1;
        }
    }
}

fn report(doc: &Document, cx: &mut Context<'_>, run: &[Line], reasons: &[Option<Reason>]) {
    let span = run[0].src.start..run[run.len() - 1].src.end;
    let count = run.len();
    let lines_word = if count == 1 { "line" } else { "lines" };
    let has = |r: Reason| reasons.contains(&Some(r));
    let headlines = run.iter().filter(|l| l.headline_like || l.shouting).count();
    let headline_lines = format!(
        "{headlines} short headline-like {}",
        if headlines == 1 { "line" } else { "lines" }
    );
    let mut evidence = Vec::new();
    if has(Reason::Trailing) && headlines > 0 {
        evidence.push(format!(
            "{headline_lines} after the last paragraph share almost no words with the article"
        ));
    }
    if has(Reason::Leading) && headlines > 0 {
        evidence.push(format!(
            "{headline_lines} before the first paragraph share almost no words with the article"
        ));
    }
    if has(Reason::UnderHeader) {
        if let Some(h) = run.iter().find(|l| l.header) {
            evidence.push(format!("a list of headlines under `{}`", h.text));
        }
    }
    if has(Reason::Menu) {
        evidence.push("a menu: a run of short link-like lines".to_string());
    }
    if has(Reason::Meta) {
        evidence.push("a dateline, byline or photo credit from the page".to_string());
    }
    if has(Reason::Comments) {
        evidence.push("a comment thread (repeated time-stamp and rating lines)".to_string());
    }
    let phrases: Vec<&str> = run
        .iter()
        .zip(reasons)
        .filter(|(l, r)| **r == Some(Reason::Phrase) && !l.header)
        .map(|(l, _)| l.text.as_str())
        .collect();
    if let Some(p) = phrases.first() {
        let shown: String = p.chars().take(60).collect();
        let more = if p.chars().count() > 60 { "…" } else { "" };
        evidence.push(format!("`{shown}{more}` is page furniture"));
    }
    // Delete whole lines; at the end of the file, take the line break before instead.
    let mut del = span.clone();
    if doc.text[del.end..].starts_with("\r\n") {
        del.end += 2;
    } else if doc.text[del.end..].starts_with('\n') {
        del.end += 1;
    } else {
        let before = doc.text[..del.start].trim_end_matches(['\n', '\r']);
        del.start = before.len();
    }
    let count_s = count.to_string();
    let edit = Edit::checked(&doc.text, del, "");
    let d = cx.report(span, &[("count", &count_s), ("lines", lines_word)]);
    d.notes.extend(evidence);
    d.fix = edit.map(|e| {
        let title = if count == 1 {
            "delete this line".to_string()
        } else {
            format!("delete these {count} lines")
        };
        Fix::one(title, Applicability::Unsafe, e)
    });
}
