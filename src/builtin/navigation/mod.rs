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

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{Document, Format};
use crate::rule::{Check, CompileError, Context, KindTable};

mod lexicon;
mod lines;

use lines::{classify, Line};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Params {
    /// Fewest headline-like lines that make a leading or trailing run.
    #[serde(default = "three")]
    min_run: usize,
}

/// Fewest headline-like lines that make a leading or trailing run, by default.
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

/// Every threshold of the decision, named and explained in one place.
mod limits {
    /// Longest line (in words) tried against the phrase lexicon: furniture is short.
    pub(super) const PHRASE_MAX_WORDS: usize = 40;
    /// Longest comment-widget line (`2 days ago`, `Rating: 12 Votes`), in words.
    pub(super) const COMMENT_META_MAX_WORDS: usize = 8;
    /// A promo headline in capitals: at least this many words …
    pub(super) const SHOUTING_MIN_WORDS: usize = 5;
    /// … and this many letters, every one upper case.
    pub(super) const SHOUTING_MIN_LETTERS: usize = 15;
    /// Body copy: a line of at least this many words that ends a sentence.
    pub(super) const BODY_MIN_WORDS: usize = 15;
    /// A sentence kept even inside furniture regions: at least this many words.
    pub(super) const SENTENCE_MIN_WORDS: usize = 8;
    /// Longest dateline, byline or credit line, in words.
    pub(super) const META_MAX_WORDS: usize = 14;
    /// A headline has this many words.
    pub(super) const HEADLINE_WORDS: std::ops::RangeInclusive<usize> = 3..=18;
    /// A region's headline needs at least this many words to count as evidence.
    pub(super) const EVIDENCE_MIN_WORDS: usize = 4;
    /// A line of at most this many words is a label or menu entry by shape.
    pub(super) const SHORT_MAX_WORDS: usize = 4;
    /// A headline is unrelated to the article when under this share of its content words
    /// appear in the body.
    pub(super) const UNRELATED_SHARE: f64 = 0.34;
    /// A leading or trailing region is headlines when, in tenths of its lines, at least this
    /// many are evidence (headlines, phrases) …
    pub(super) const HEADLINES_EVIDENCE_TENTHS: usize = 4;
    /// … and at least this many are furniture-shaped candidates.
    pub(super) const HEADLINES_CANDIDATE_TENTHS: usize = 7;
    /// A menu region: at least this many lines, this many tenths candidates, and a phrase.
    pub(super) const MENU_MIN_LINES: usize = 8;
    pub(super) const MENU_CANDIDATE_TENTHS: usize = 8;
    /// A plain-text masthead (bylines, datelines above the first paragraph): at most this
    /// many lines, this many tenths candidates, and a phrase among them.
    pub(super) const MASTHEAD_MAX_LINES: usize = 15;
    pub(super) const MASTHEAD_CANDIDATE_TENTHS: usize = 6;
    /// A comment thread: at least this many metadata lines, and at least this many lines
    /// from the first of them to the end.
    pub(super) const COMMENT_THREAD_MIN_META: usize = 3;
    pub(super) const COMMENT_THREAD_MIN_LINES: usize = 3;
    /// A plain-text menu anywhere: at least this many consecutive short lines.
    pub(super) const MENU_RUN_MIN_LINES: usize = 6;
    /// A title or deck goes with a menu when it has at most this many words.
    pub(super) const MENU_TITLE_MAX_WORDS: usize = 2;
    /// Evidence quotes a phrase up to this many characters.
    pub(super) const QUOTE_MAX_CHARS: usize = 60;
    /// Longest run (in source lines) whose deletion is offered: a page's worth of furniture
    /// (a footer, a related-stories list, a comment widget). A longer run is reported with
    /// no fix: a changelog or a listing must never be deleted wholesale.
    pub(super) const MAX_FIX_LINES: usize = 25;
    /// The file is a page dump when furniture is at least this share of its candidate
    /// lines …
    pub(super) const PAGE_DUMP_SHARE: f64 = 0.5;
    /// … and at least this many lines.
    pub(super) const PAGE_DUMP_MIN_LINES: usize = 10;
}

use limits::*;

/// Why a line was marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        let lines = classify(doc);
        let n = lines.len();
        if n == 0 {
            return;
        }
        let mut mark: Vec<Option<Reason>> = vec![None; n];
        mark_phrases(&lines, &mut mark);
        mark_under_headers(&lines, &mut mark);
        mark_regions(doc, &lines, &mut mark, self.min_run);
        mark_comment_thread(&lines, &mut mark);
        if doc.format == Format::Text {
            mark_menus(&lines, &mut mark);
        }
        spare_titles(&lines, &mut mark);
        fill_gaps(&lines, &mut mark);
        // Runs of marked lines with nothing but blank lines between them → one diagnostic
        // each (markup between two furniture lines is never swallowed by a deletion).
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        for i in (0..n).filter(|&i| mark[i].is_some()) {
            match runs.last_mut() {
                Some(r)
                    if r.end == i
                        && doc.text[lines[i - 1].src.end..lines[i].src.start]
                            .trim()
                            .is_empty() =>
                {
                    r.end = i + 1;
                }
                _ => runs.push(i..i + 1),
            }
        }
        let source_lines = |l: &Line| {
            doc.lines
                .line_of(l.src.end.saturating_sub(1).max(l.src.start))
                - doc.lines.line_of(l.src.start)
                + 1
        };
        let flagged: usize = runs
            .iter()
            .flat_map(|r| &lines[r.clone()])
            .map(source_lines)
            .sum();
        let total: usize = lines.iter().map(source_lines).sum();
        if flagged >= PAGE_DUMP_MIN_LINES && flagged as f64 >= PAGE_DUMP_SHARE * total as f64 {
            report_page_dump(doc, cx, &lines, &runs, flagged, total);
            return;
        }
        for r in runs {
            report(doc, cx, &lines[r.clone()], &mark[r]);
        }
    }
}

/// Furniture is most of the file: one diagnostic on the first furniture line saying where
/// the rest is, with no fix (deleting most of a file is never a lint fix).
fn report_page_dump(
    doc: &Document,
    cx: &mut Context<'_>,
    lines: &[Line],
    runs: &[std::ops::Range<usize>],
    flagged: usize,
    total: usize,
) {
    let line_no = |offset: usize| doc.lines.line_of(offset) + 1;
    let ranges: Vec<String> = runs
        .iter()
        .map(|r| {
            let last = &lines[r.end - 1];
            let a = line_no(lines[r.start].src.start);
            let b = line_no(last.src.end.saturating_sub(1).max(last.src.start));
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    let what = format!(
        "this file looks like a whole web page: {flagged} of its {total} lines read as page furniture"
    );
    let d = cx.report(lines[runs[0].start].src.clone(), &[("what", &what)]);
    d.notes
        .push(format!("furniture at lines {}", ranges.join(", ")));
    d.notes.push(
        "no fix offered: extract the article from the page again rather than delete most of the file"
            .to_string(),
    );
}

/// Phase 1: Furniture phrases, and datelines, bylines and credits standing alone.
fn mark_phrases(lines: &[Line], mark: &mut [Option<Reason>]) {
    for (i, l) in lines.iter().enumerate() {
        if l.phrase && l.words <= PHRASE_MAX_WORDS {
            mark[i] = Some(Reason::Phrase);
        }
    }
    // Datelines, bylines and credits standing alone in plain-text copy.
    for (i, l) in lines.iter().enumerate() {
        if l.meta {
            mark[i].get_or_insert(Reason::Meta);
        }
    }
}

/// Phase 2: A list header (`Related stories`) and the headlines under it.
fn mark_under_headers(lines: &[Line], mark: &mut [Option<Reason>]) {
    let n = lines.len();
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
}

/// Phase 3: The regions before the first and after the last body paragraph, decided as a
/// block: when they are mostly unrelated headlines and furniture, all of their
/// non-sentence lines go.
fn mark_regions(doc: &Document, lines: &[Line], mark: &mut [Option<Reason>], min_run: usize) {
    let n = lines.len();
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
        l.content.is_empty() || (shared as f64) < UNRELATED_SHARE * l.content.len() as f64
    };
    let first_body = lines.iter().position(|l| l.body);
    let last_body = lines.iter().rposition(|l| l.body);
    if let (Some(first), Some(last)) = (first_body, last_body) {
        for (region, reason) in [(last + 1..n, Reason::Trailing), (0..first, Reason::Leading)] {
            let headline = |l: &Line| {
                (l.headline_like && l.words >= EVIDENCE_MIN_WORDS || l.shouting) && unrelated(l)
            };
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
                            || l.words <= SHORT_MAX_WORDS
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
                && evidence >= min_run
                && evidence * 10 >= region.len() * HEADLINES_EVIDENCE_TENTHS
                && candidates * 10 >= region.len() * HEADLINES_CANDIDATE_TENTHS;
            let menu = region.len() >= MENU_MIN_LINES
                && candidates * 10 >= region.len() * MENU_CANDIDATE_TENTHS
                && phrases >= 1;
            // Scraped copy: the lines between the title and the first paragraph (bylines,
            // datelines, captions) when some of them are evidently furniture.
            let masthead = reason == Reason::Leading
                && doc.format == Format::Text
                && phrases >= 1
                && region.len() <= MASTHEAD_MAX_LINES
                && candidates * 10 >= region.len() * MASTHEAD_CANDIDATE_TENTHS;
            if !authored && (headlines || menu || masthead) {
                for i in region {
                    let l = &lines[i];
                    let shape = l.headline_like
                        || l.filler
                        || l.words <= SHORT_MAX_WORDS
                        || l.shouting
                        || masthead && !l.deck;
                    if !l.sentence && (shape || mark[i].is_some()) {
                        mark[i].get_or_insert(reason);
                    }
                }
            }
        }
    }
}

/// Phase 4: A comment thread: from its first metadata line to the end.
fn mark_comment_thread(lines: &[Line], mark: &mut [Option<Reason>]) {
    let n = lines.len();
    // 4. A comment thread: from its first metadata line to the end.
    let metas: Vec<usize> = (0..n).filter(|&i| lines[i].comment_meta).collect();
    if metas.len() >= COMMENT_THREAD_MIN_META {
        let first = metas[0];
        if n - first >= COMMENT_THREAD_MIN_LINES
            && lines[first..].iter().filter(|l| l.body).count() * 2 < n - first
        {
            for m in &mut mark[first..] {
                m.get_or_insert(Reason::Comments);
            }
        }
    }
}

/// Phase 5: Plain text: a menu anywhere — a run of short lines, furniture phrases among them.
fn mark_menus(lines: &[Line], mark: &mut [Option<Reason>]) {
    let n = lines.len();
    // 5. Plain text: a menu anywhere — six or more consecutive short lines, furniture
    //    phrases among them.
    let short: Vec<bool> = (0..n)
        .map(|i| {
            let l = &lines[i];
            !l.body && !l.sentence && (l.filler || l.words <= SHORT_MAX_WORDS || mark[i].is_some())
        })
        .collect();
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && short[j] {
            j += 1;
        }
        if j - i >= MENU_RUN_MIN_LINES && (i..j).any(|k| mark[k].is_some()) {
            for m in &mut mark[i..j] {
                m.get_or_insert(Reason::Menu);
            }
        }
        i = j.max(i + 1);
    }
}

/// A title or deck goes only when it is a furniture phrase itself, or a one- or two-word
/// line heading a menu (scraped pages often start with `Print`, `Close`).
fn spare_titles(lines: &[Line], mark: &mut [Option<Reason>]) {
    for (i, l) in lines.iter().enumerate() {
        let in_menu = matches!(mark[i], Some(Reason::Menu | Reason::Leading))
            && l.words <= MENU_TITLE_MAX_WORDS;
        if l.deck && !l.phrase && !in_menu {
            mark[i] = None;
        }
    }
}

/// One line left between two parts of a furniture block (a headline's dek, "Sorry!")
/// belongs to it.
fn fill_gaps(lines: &[Line], mark: &mut [Option<Reason>]) {
    let n = lines.len();
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
}

fn report(doc: &Document, cx: &mut Context<'_>, run: &[Line], reasons: &[Option<Reason>]) {
    let span = run[0].src.start..run[run.len() - 1].src.end;
    let count = doc
        .lines
        .line_of(span.end.saturating_sub(1).max(span.start))
        - doc.lines.line_of(span.start)
        + 1;
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
        let shown: String = p.chars().take(QUOTE_MAX_CHARS).collect();
        let more = if p.chars().count() > QUOTE_MAX_CHARS {
            "…"
        } else {
            ""
        };
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
    let what = format!("navigation fragment in the article body ({count} {lines_word})");
    let edit = Edit::checked(&doc.text, del, "");
    let d = cx.report(span, &[("what", &what)]);
    d.notes.extend(evidence);
    if count > MAX_FIX_LINES {
        d.notes.push(format!(
            "no fix offered: {count} lines is more than a page's worth of furniture ({MAX_FIX_LINES}); check them by hand"
        ));
        return;
    }
    d.fix = edit.map(|e| {
        let title = if count == 1 {
            "delete this line".to_string()
        } else {
            format!("delete these {count} lines")
        };
        Fix::one(title, Applicability::Unsafe, e)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn marks(text: &str, name: &str) -> (Vec<Line>, Vec<Option<Reason>>) {
        let format = crate::document::Format::for_path(name);
        let doc = Document::parse(name, text.to_string(), format);
        let lines = classify(&doc);
        let mut mark = vec![None; lines.len()];
        mark_phrases(&lines, &mut mark);
        mark_under_headers(&lines, &mut mark);
        mark_regions(&doc, &lines, &mut mark, 3);
        mark_comment_thread(&lines, &mut mark);
        if doc.format == Format::Text {
            mark_menus(&lines, &mut mark);
        }
        spare_titles(&lines, &mut mark);
        fill_gaps(&lines, &mut mark);
        (lines, mark)
    }

    fn marked(text: &str, name: &str) -> Vec<String> {
        let (lines, mark) = marks(text, name);
        lines
            .iter()
            .zip(&mark)
            .filter(|(_, m)| m.is_some())
            .map(|(l, _)| l.text.clone())
            .collect()
    }

    const BODY: &str = "The city council voted on Tuesday to rebuild the old river bridge before the spring floods arrive next year.\nEngineers said the rebuilt bridge would carry twice the traffic of the old one when it opens to cars and buses.\n";

    #[test]
    fn a_list_of_unrelated_headlines_after_the_article() {
        let text = format!("Bridge vote\n{BODY}Related stories\nLocal Bakery Wins National Bread Award\nSchool Board Names New Superintendent\nStorm Knocks Out Power Across Valley\n");
        assert_eq!(
            marked(&text, "a.txt"),
            [
                "Related stories",
                "Local Bakery Wins National Bread Award",
                "School Board Names New Superintendent",
                "Storm Knocks Out Power Across Valley"
            ]
        );
    }

    #[test]
    fn headlines_that_share_the_articles_words_stay() {
        let text = format!("Bridge vote\n{BODY}Council Votes To Rebuild River Bridge\nEngineers Say Bridge Traffic Will Double\nRebuilt Bridge Opens To Cars Next Year\n");
        assert!(marked(&text, "a.txt").is_empty());
    }

    #[test]
    fn a_comment_thread_goes_to_the_end() {
        let text = format!("Bridge vote\n{BODY}Jane\n2 days ago\nGreat news for the town.\nReply\nSam\n3 days ago\nAbout time.\nReply\n");
        let m = marked(&text, "a.txt");
        assert_eq!(m.first().map(String::as_str), Some("Jane"));
        assert!(m.contains(&"About time.".to_string()));
    }

    #[test]
    fn an_authored_markdown_list_at_the_end_stays() {
        let text = format!("# Bridge vote\n\n{BODY}\n## Thanks\n\n- Jane Smith For The Photographs\n- Sam Jones For The Maps And Charts\n- The River Trust For Its Archive\n");
        assert!(marked(&text, "a.md").is_empty());
    }

    #[test]
    fn the_plain_text_title_is_spared() {
        let (lines, mark) = marks(&format!("Share this article\n{BODY}"), "a.txt");
        assert!(lines[0].deck && lines[0].phrase);
        assert_eq!(
            mark[0],
            Some(Reason::Phrase),
            "a title that is itself furniture goes"
        );
        let (_, mark) = marks(
            &format!("Bridge Vote Set For Tuesday Night\n{BODY}"),
            "a.txt",
        );
        assert_eq!(mark[0], None);
    }
}
