//! `structure/navigation-fragment`: page furniture left in article copy — headline lists,
//! "Read more:", share bars, breadcrumbs, copyright footers, comment widgets.
//!
//! How it decides, in one direction:
//! 1. [`lines`] turns the document's blocks into candidate lines (shape, lexicon cues by
//!    category and language, content words);
//! 2. [`features`] describes each line by what makes furniture furniture — its shape, its
//!    vocabulary, its place, its neighbours, its overlap with the body, repetition;
//! 3. boosted decision trees ([`forest`]) score each line; they are fitted offline by
//!    `scripts/nav_fit.py` (k-fold cross-validated by page) and shipped in the rule's TOML.
//!    Two thresholds, both fitted: when the lines reaching `page-dump-threshold` are most of
//!    the file, the file is a whole web page (one diagnostic, no fix); otherwise a line is a
//!    stray piece of furniture in an article when it reaches `threshold`, set for precision
//!    on pages the fit never saw (a stray comes with a deletion);
//! 4. consecutive furniture lines are one diagnostic, with evidence a copy editor can check.
//!    Deletion is offered (unsafe) only for a run no longer than a page's worth of
//!    furniture; when furniture is most of the file, one diagnostic says the file looks like
//!    a page dump, with no fix.

use std::sync::OnceLock;

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::Document;
use crate::rule::{Check, CompileError, Context, KindTable};

mod features;
mod forest;
mod lexicon;
mod lines;
#[cfg(test)]
mod literals;
mod screen;
mod vocabulary;

use features::{N, NAMES};
use lexicon::{Language, CATEGORIES};
use lines::{classify, Line};

/// Every limit of the decision that is not a fitted weight, named in one place.
mod limits {
    /// Longest run (in source lines) whose deletion is offered: a page's worth of furniture
    /// (a footer, a related-stories list, a comment widget). Longer runs are reported with
    /// no fix — a changelog or a listing must never be deleted wholesale.
    pub(super) const MAX_FIX_LINES: usize = 25;
    /// The file is a page dump when furniture lines are at least this share of its
    /// candidate lines …
    pub(super) const PAGE_DUMP_SHARE: f64 = 0.5;
    /// … and at least this many lines …
    pub(super) const PAGE_DUMP_MIN_LINES: usize = 10;
    /// … of which at least this many, and this share, speak furniture language (a menu, a
    /// share bar, a footer): a whole web page has them, a listing of tour dates or a list
    /// of an app's features that merely looks like furniture does not.
    pub(super) const PAGE_DUMP_MIN_CUED: usize = 5;
    pub(super) const PAGE_DUMP_CUED_SHARE: f64 = 0.05;
    /// Evidence quotes a line up to this many characters.
    pub(super) const QUOTE_MAX_CHARS: usize = 60;
}

use limits::*;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Params {
    /// Probability from which a line of an article is stray furniture.
    threshold: f64,
    /// Probability from which a line counts towards calling the file a page dump.
    page_dump_threshold: f64,
    /// `auto` (detected from the document's function words), `en` or `de`.
    #[serde(default = "auto")]
    language: String,
    /// The fitted trees (`scripts/nav_fit.py`).
    model: forest::Params,
    /// Features that mark a line on their own, whatever its score: structure known to be
    /// furniture that the labelled pages hold too rarely to weigh.
    #[serde(default)]
    decisive: Vec<String>,
}

fn auto() -> String {
    "auto".to_string()
}

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    let p: Params = table.parse()?;
    let span = Some(table.span());
    for (name, t) in [
        ("threshold", p.threshold),
        ("page-dump-threshold", p.page_dump_threshold),
    ] {
        if !(0.0..1.0).contains(&t) || t <= 0.0 {
            return Err(CompileError::new(
                span.clone(),
                format!("`{name}` is a probability between 0 and 1"),
            ));
        }
    }
    let language = Language::named(&p.language).ok_or_else(|| {
        CompileError::new(
            span.clone(),
            format!("unknown `language` {:?}: use auto, en or de", p.language),
        )
    })?;
    // A shipped model, as shipped, is read when first needed (most Markdown never is: no
    // line may be furniture); any other is checked now.
    let forest = if table.lazy() {
        Model::Later(p.model, OnceLock::new())
    } else {
        Model::Read(forest::Forest::new(&p.model).map_err(|e| CompileError::new(span.clone(), e))?)
    };
    let mut decisive = Vec::new();
    for name in &p.decisive {
        let i = NAMES.iter().position(|n| n == name).ok_or_else(|| {
            CompileError::new(
                span.clone(),
                format!("`decisive` names an unknown feature `{name}`"),
            )
        })?;
        decisive.push(i);
    }
    Ok(Box::new(Navigation {
        forest,
        cut: log_odds(p.threshold),
        dump_cut: log_odds(p.page_dump_threshold),
        decisive,
        language,
    }))
}

/// The forest the rule ships (its TOML's `[builtin.model]`), for tests.
#[cfg(test)]
fn shipped_forest() -> forest::Forest {
    let rule: toml::Table = toml::from_str(include_str!(
        "../../../rules/structure/navigation-fragment.toml"
    ))
    .expect("the rule's TOML");
    let model = rule["builtin"]["model"].clone();
    forest::Forest::new(&model.try_into().expect("a model")).expect("valid trees")
}

fn log_odds(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// The rule's model: its trees read, or their text, to be read when first needed.
enum Model {
    Read(forest::Forest),
    Later(forest::Params, OnceLock<forest::Forest>),
}

impl Model {
    fn forest(&self) -> &forest::Forest {
        match self {
            Model::Read(f) => f,
            Model::Later(p, f) => f.get_or_init(|| {
                // Only a shipped model waits, and the test suite reads it
                // (`every_shipped_rule_compiles_at_once`).
                forest::Forest::new(p).expect("the shipped model is valid")
            }),
        }
    }
}

struct Navigation {
    forest: Model,
    /// The thresholds as log-odds scores: a stray line, a line of a page dump.
    cut: f64,
    dump_cut: f64,
    /// Indexes of the decisive features.
    decisive: Vec<usize>,
    language: Option<Language>,
}

/// The candidate lines of a document and their feature rows (for `scripts/nav_fit.py`
/// through the `nav_features` example): each line's first and last 1-based source line,
/// whether it may be furniture at all ([`Line::eligible`]; on a licence page or in a
/// licence's text, none), and how the decision treats it after scoring (`u` underline, `d`
/// divider, `e` marks only, `c` code marks).
#[doc(hidden)]
pub fn feature_rows(doc: &Document) -> Vec<(usize, usize, bool, &'static str, [f64; N])> {
    let language = lines::language(doc, None);
    let licence = lines::licence_page(doc) || lines::licence_text(doc);
    let mut lines = classify(doc, language);
    lines::fill_content(doc, &mut lines);
    let rows = features::rows(
        &lines,
        doc.format == crate::document::Format::Markdown,
        true,
    );
    lines
        .iter()
        .zip(rows.iter())
        .map(|(l, r)| {
            // How the decision treats the line after scoring (the passes of `check`).
            let pass = match (l.underline, l.divider, l.marks_only, l.code_marks) {
                (true, _, _, true) => "uc",
                (true, _, _, false) => "u",
                (_, true, _, true) => "dc",
                (_, true, _, false) => "d",
                (_, _, true, true) => "ec",
                (_, _, true, false) => "e",
                (_, _, _, true) => "c",
                _ => "",
            };
            (l.first + 1, l.last + 1, l.eligible && !licence, pass, *r)
        })
        .collect()
}

/// The feature names, in row order.
#[doc(hidden)]
pub fn feature_names() -> &'static [&'static str] {
    &NAMES
}

impl Check for Navigation {
    fn fixes(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        if lines::licence_page(doc) || lines::credits_page(doc) {
            return;
        }
        let authored = lines::authored(doc);
        let language = if authored {
            match lines::markdown_furniture_language(doc, self.language) {
                Some(language) => language,
                None => return,
            }
        } else {
            lines::language(doc, self.language)
        };
        if !authored {
            static WARM: std::sync::Once = std::sync::Once::new();
            WARM.call_once(|| rayon::spawn(features::warm_up));
        }
        let mut lines = lines::classify_as(doc, language, authored);
        // Nothing may be furniture (most Markdown): no features to compute.
        if !lines.iter().any(|l| l.eligible) {
            return;
        }
        // The first document that needs the trees reads them while its rows are made (the
        // rows compile the features' regexes): one small file waits for the longer of the
        // two, not both.
        let markdown = doc.format == crate::document::Format::Markdown;
        let (forest, rows) = rayon::join(
            || self.forest.forest(),
            || {
                lines::fill_content(doc, &mut lines);
                features::rows(&lines, markdown, false)
            },
        );
        // Only a line that may be furniture needs its score.
        let eligible: Vec<&[f64; N]> = rows
            .iter()
            .zip(&lines)
            .filter(|(_, l)| l.eligible)
            .map(|(r, _)| r)
            .collect();
        let mut scored = forest.scores(&eligible).into_iter();
        let scores: Vec<f64> = lines
            .iter()
            .map(|l| {
                l.eligible
                    .then(|| scored.next())
                    .flatten()
                    .unwrap_or(f64::NEG_INFINITY)
            })
            .collect();
        let marked_at = |cut: f64| -> Vec<bool> {
            let mut marked: Vec<bool> = rows
                .iter()
                .zip(&lines)
                .zip(&scores)
                .map(|((r, l), &s)| {
                    l.eligible && (s >= cut || self.decisive.iter().any(|&i| r[i] > 0.0))
                })
                .collect();
            // A heading's underline goes with the heading: flagged with it, never alone; a
            // divider only between two flagged lines; a line of marks only beside one, and
            // between two, whatever its own score (a `|` between two rows of share buttons).
            for i in 0..marked.len() {
                let before = i.checked_sub(1).map(|j| marked[j]);
                let after = marked.get(i + 1).copied().unwrap_or(false);
                match before {
                    Some(before) if lines[i].underline => marked[i] = before,
                    Some(before) if lines[i].divider => marked[i] = before && after,
                    _ if lines[i].marks_only => {
                        let beside = before == Some(true) || after;
                        let between = before == Some(true) && after && lines[i].eligible;
                        marked[i] = (marked[i] && beside) || between;
                    }
                    _ => {}
                }
            }
            marks_go_with_words(&lines, &mut marked);
            marked
        };
        let total: usize = lines.iter().map(Line::source_lines).sum();
        // A page dump first, at its own threshold; otherwise the strays, at theirs.
        let dump = runs_of(doc, &lines, &marked_at(self.dump_cut));
        let dump_lines = || dump.iter().flat_map(|r| &lines[r.clone()]);
        let flagged: usize = dump_lines().map(Line::source_lines).sum();
        let cued = dump_lines().filter(|l| l.cues != 0).count();
        if flagged >= PAGE_DUMP_MIN_LINES
            && flagged as f64 >= PAGE_DUMP_SHARE * total as f64
            && cued >= PAGE_DUMP_MIN_CUED
            && cued as f64 >= PAGE_DUMP_CUED_SHARE * dump_lines().count() as f64
        {
            if !lines::licence_text(doc) {
                report_page_dump(cx, &lines, &dump, flagged, total);
            }
            return;
        }
        let runs = runs_of(doc, &lines, &marked_at(self.cut));
        // A licence's text, known only by reading all of it: asked once there is a line to
        // report (most documents have none).
        if runs.is_empty() || lines::licence_text(doc) {
            return;
        }
        // Deleting most of a file is never a lint fix, however few its lines (a file of
        // credits and attributions, a residual that is all furniture).
        let strays: usize = runs
            .iter()
            .flat_map(|r| &lines[r.clone()])
            .map(Line::source_lines)
            .sum();
        let most = strays as f64 > PAGE_DUMP_SHARE * total as f64;
        for r in runs {
            report(doc, cx, &lines, r, &rows, most);
        }
    }
}

/// A line of code's symbols alone ([`Line::code_marks`]: a caret under a doctest's error,
/// a config file's closing brace, a `+` between examples, the bare `#` of a comment block)
/// or of other marks ([`Line::marks_only`]: `%`, `/*`) is furniture only beside a line with
/// words that is; on its own, or beside only such lines, it is the document's.
fn marks_go_with_words(lines: &[Line], marked: &mut [bool]) {
    let mut i = 0;
    while i < marked.len() {
        if !marked[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < marked.len() && marked[i] {
            i += 1;
        }
        if lines[start..i].iter().all(|l| l.code_marks || l.marks_only) {
            marked[start..i].fill(false);
        }
    }
}

/// Runs of marked lines with nothing but blank lines between them.
fn runs_of(doc: &Document, lines: &[Line], marked: &[bool]) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, &m) in marked.iter().enumerate() {
        if !m {
            continue;
        }
        match runs.last_mut() {
            Some(r) if r.end == i && lines::next_to(doc, &lines[i - 1], &lines[i]) => {
                r.end = i + 1;
            }
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

/// What a category's cue says about a line, for the evidence.
fn category_evidence(category: &str) -> &'static str {
    match category {
        "share" => "a share or follow button",
        "subscribe" => "a subscription or sign-in prompt",
        "navigate" => "a navigation link",
        "related" => "a related-content list header",
        "legal" => "a legal or site-footer line",
        "advert" => "an advertising label",
        "comments" => "comment-widget text",
        "credit" => "a photo credit",
        "byline" => "a byline",
        "dateline" => "a dateline or time stamp",
        _ => "a media-player label",
    }
}

fn quote(text: &str) -> String {
    let shown: String = text.chars().take(QUOTE_MAX_CHARS).collect();
    let more = if text.chars().count() > QUOTE_MAX_CHARS {
        "…"
    } else {
        ""
    };
    format!("`{shown}{more}`")
}

/// The evidence for a run, in words an editor can check.
fn evidence(lines: &[Line], run: std::ops::Range<usize>, rows: &features::Rows) -> Vec<String> {
    let at = |name: &str| {
        NAMES
            .iter()
            .position(|n| *n == name)
            .expect("known feature")
    };
    let (after, before, unrelated) = (
        at("after_body"),
        at("before_body"),
        at("unrelated_headline"),
    );
    let mut notes = Vec::new();
    let mut shown = 0;
    for (c, name) in CATEGORIES.iter().enumerate() {
        if shown == 2 {
            break;
        }
        let bits = (1 << c) | (1 << (16 + c));
        if let Some(l) = lines[run.clone()].iter().find(|l| l.cues & bits != 0) {
            notes.push(format!(
                "{} reads as {}",
                quote(&l.text),
                category_evidence(name)
            ));
            shown += 1;
        } else if let Some(l) = lines[run.clone()].iter().find(|l| l.later & bits != 0) {
            let part = if l.credit_end && *name == "credit" {
                "the end of"
            } else {
                "a later sentence of"
            };
            notes.push(format!(
                "{part} {} reads as {}",
                quote(&l.text),
                category_evidence(name)
            ));
            shown += 1;
        }
    }
    let headlines = run
        .clone()
        .filter(|&i| rows.row(i)[unrelated] > 0.0)
        .count();
    let plural = |k: usize, one: &str, many: &str| {
        if k == 1 {
            one.to_string()
        } else {
            many.to_string()
        }
    };
    if headlines >= 2 {
        let place = if run.clone().all(|i| rows.row(i)[after] > 0.0) {
            " after the last paragraph"
        } else if run.clone().all(|i| rows.row(i)[before] > 0.0) {
            " before the first paragraph"
        } else {
            ""
        };
        notes.push(format!(
            "{headlines} short headline-like lines{place} share almost no words with the article"
        ));
    }
    if let Some(l) = lines[run.clone()].iter().find(|l| l.markup) {
        notes.push(format!(
            "{} holds markup a page never shows (a CMS shortcode or an HTML tag)",
            quote(&l.text)
        ));
    }
    let comments = run.clone().filter(|&i| lines[i].thread).count();
    if comments > 0 {
        notes.push(format!(
            "{comments} {} inside a reader comment thread (between lines that each comment carries: who wrote it, its rating, `Reply`)",
            plural(comments, "line is", "lines are")
        ));
    }
    if let Some(l) = lines[run.clone()].iter().find(|l| l.kicker) {
        notes.push(format!(
            "{} reads as a section label over the headline",
            quote(&l.text)
        ));
    }
    let short = run.clone().filter(|&i| !lines[i].sentence).count();
    if notes.is_empty() && short >= 2 {
        notes.push(format!(
            "{short} short {} that {} not sentences, set apart from the article",
            plural(short, "line", "lines"),
            plural(short, "is", "are")
        ));
    }
    if notes.is_empty() {
        let l = &lines[run.start];
        notes.push(format!(
            "{} is a short line that is not a sentence, among page furniture",
            quote(&l.text)
        ));
    }
    notes
}

fn report(
    doc: &Document,
    cx: &mut Context<'_>,
    lines: &[Line],
    run: std::ops::Range<usize>,
    rows: &features::Rows,
    most: bool,
) {
    let span = lines[run.start].src.start..lines[run.end - 1].src.end;
    let count = lines[run.end - 1].last - lines[run.start].first + 1;
    let lines_word = if count == 1 { "line" } else { "lines" };
    let notes = evidence(lines, run, rows);
    let count_s = count.to_string();
    let what = format!("navigation fragment in the article body ({count_s} {lines_word})");
    let d = cx.report(span.clone(), &[("what", &what)]);
    d.notes.extend(notes);
    if count > MAX_FIX_LINES {
        d.notes.push(format!(
            "no fix offered: {count} lines is more than a page's worth of furniture ({MAX_FIX_LINES}); check them by hand"
        ));
        return;
    }
    if most {
        d.notes.push(
            "no fix offered: the flagged lines are most of the file; check it by hand".to_string(),
        );
        return;
    }
    // Delete whole lines; at the end of the file, take the line break before instead.
    let mut del = span;
    if doc.text[del.end..].starts_with("\r\n") {
        del.end += 2;
    } else if doc.text[del.end..].starts_with('\n') {
        del.end += 1;
    } else {
        let before = doc.text[..del.start].trim_end_matches(['\n', '\r']);
        del.start = before.len();
    }
    d.fix = Edit::checked(&doc.text, del, "").map(|e| {
        let title = if count == 1 {
            "delete this line".to_string()
        } else {
            format!("delete these {count} lines")
        };
        Fix::one(title, Applicability::Unsafe, e)
    });
}

/// Furniture is most of the file: one diagnostic on the first furniture line, listing where
/// the rest is, with no fix (deleting most of a file is never a lint fix).
fn report_page_dump(
    cx: &mut Context<'_>,
    lines: &[Line],
    runs: &[std::ops::Range<usize>],
    flagged: usize,
    total: usize,
) {
    let first = &lines[runs[0].start];
    let ranges: Vec<String> = runs
        .iter()
        .map(|r| {
            let (a, b) = (lines[r.start].first + 1, lines[r.end - 1].last + 1);
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
    let d = cx.report(first.src.clone(), &[("what", &what)]);
    d.notes
        .push(format!("furniture at lines {}", ranges.join(", ")));
    d.notes.push(
        "no fix offered: extract the article from the page again rather than delete most of the file"
            .to_string(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};

    /// The lines the shipped rule (its TOML weights) marks in `text`.
    fn marked(text: &str, name: &str) -> Vec<String> {
        let rules = crate::registry::load_embedded().expect("built-in rules load");
        let rule = rules
            .iter()
            .find(|r| r.meta.id == "structure/navigation-fragment")
            .expect("the rule");
        let doc = Document::parse(name, text.to_string(), Format::for_path(name));
        let mut out = Vec::new();
        let style = crate::rule::Style::default();
        let mut cx = crate::rule::Context::new(
            &rule.meta,
            crate::diagnostic::Severity::Warning,
            &style,
            &doc,
            &mut out,
        );
        match &rule.logic {
            crate::rule::Logic::Check(c) => c.check(&doc, &mut cx),
            _ => unreachable!("a per-document check"),
        }
        out.iter()
            .map(|d| text[d.span.range()].to_string())
            .collect()
    }

    const BODY: &str = "The city council voted on Tuesday to rebuild the old river bridge before the spring floods arrive next year.\nEngineers said the rebuilt bridge would carry twice the traffic of the old one when it opens to cars and buses.\n";

    #[test]
    fn furniture_language_between_paragraphs() {
        let text = format!("Bridge vote\n{BODY}Advertisement\n{BODY}Share this article: Facebook | Twitter | Email\n");
        assert_eq!(
            marked(&text, "a.txt"),
            [
                "Advertisement",
                "Share this article: Facebook | Twitter | Email"
            ]
        );
    }

    /// A licence's text, whatever the file's name, keeps its copyright lines: the same lines
    /// in an article are furniture.
    #[test]
    fn a_licence_text_keeps_its_copyright_lines() {
        let grant = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software, to deal in it without restriction.\nTHE SOFTWARE IS PROVIDED AS IS, WITHOUT ANY WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING THE WARRANTIES OF MERCHANTABILITY.\n";
        let footer = "Copyright 2024 Example Widgets. All rights reserved.\n";
        let article = format!("Bridge vote\n{BODY}{footer}{BODY}");
        assert_eq!(marked(&article, "upstream.txt"), [footer.trim_end()]);
        let licence = format!("Example Widgets\n{footer}{grant}{footer}{grant}");
        assert!(marked(&licence, "upstream.txt").is_empty());
    }

    /// Plain text marked up by hand (reStructuredText: Python's documentation) is read as
    /// Markdown is: only a paragraph that is furniture language end to end may be
    /// furniture, and a line that names code is a cross-reference (`See also
    /// :c:func:`Py_XNewRef`.`: the three findings on Python's 497 source files).
    #[test]
    fn a_marked_up_source_is_its_authors() {
        let body = format!("Reference counting\n==================\n\n.. c:function:: void Py_XINCREF(PyObject *o)\n\n{BODY}\n   See also :c:func:`Py_XNewRef`.\n\n   See also: The Single UNIX Specification, Version 2.\n\n{BODY}");
        assert!(marked(&body, "refcounting.rst.txt").is_empty());
        // The same lines, unmarked, in a page's text: the second is furniture language.
        let plain = body.replace(".. c:function:: void Py_XINCREF(PyObject *o)\n\n", "");
        let plain = plain.replace(":c:func:`Py_XNewRef`", "Py_XNewRef");
        assert!(!marked(&plain, "page.txt").is_empty());
        // Furniture language end to end stays furniture there too.
        let share = format!("{body}\nShare this article\n\n{BODY}");
        assert_eq!(
            marked(&share, "refcounting.rst.txt"),
            ["Share this article"]
        );
        // AsciiDoc (git's documentation): a `SEE ALSO` heading over its underline is the
        // page's own section, as `## See also` is in Markdown.
        let adoc = format!("git-add(1)\n==========\n\n{BODY}\nSEE ALSO\n--------\nlinkgit:git-rm[1],\nlinkgit:git-mv[1]\n\n{BODY}");
        assert!(marked(&adoc, "git-add.txt").is_empty());
        // In Markdown, a cross-reference to code is no `See also` line either.
        let md = format!("# Bridge vote\n\n{BODY}\nSee also `Py_XNewRef`.\n\n{BODY}");
        assert!(marked(&md, "a.md").is_empty());
    }

    /// A heading's underline in plain-text documentation (git's release notes as installed
    /// in /usr/share/doc: 290 of 358 findings on such files were underlines) is the
    /// heading's: never flagged alone, flagged with a heading that is furniture. A divider
    /// on its own is furniture only between two furniture lines.
    #[test]
    fn code_marks_only_go_with_furniture_that_has_words() {
        let text = "Bridge vote\n}\n^\nShare this article\n}\n";
        let doc = Document::parse("a.txt", text.to_string(), Format::Text);
        let lines = lines::classify(&doc, lexicon::Language::English);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Bridge vote", "}", "^", "Share this article", "}"]);
        // Alone (a run of code marks only), unmarked; beside a line with words, kept.
        let mut marked = vec![false, true, true, true, true];
        marks_go_with_words(&lines, &mut marked);
        assert_eq!(marked, [false, true, true, true, true]);
        let mut marked = vec![false, true, true, false, true];
        marks_go_with_words(&lines, &mut marked);
        assert_eq!(marked, [false, false, false, false, false]);
    }

    /// A fortune file (`fortune`'s `%` between epigrams and their attributions): every `%`
    /// was flagged, most of 12,299 findings on Debian's fortunes. A line of marks only is
    /// furniture only beside a line with words that is.
    #[test]
    fn a_line_of_marks_only_goes_with_furniture_that_has_words() {
        let text = "9:00, Channel 4: The Flying Accountant (Comedy)\n\tThe Flying Accountant audits a circus and finds the lion on the payroll.\n%\nA \"minister\" is a person who opens buildings and closes arguments, and\nis thanked for both at every dinner he attends.\n\t\t-- A. Columnist\n%\nA bridge is a road that has decided to take a chance.\n%\n\tThe engineer was walking the length of the new bridge when a small boy\nasked him whether it would hold.  \"It had better,\" he answered.  \"I have\nto walk back.\"\n%\n";
        // Each `%` was flagged (a short line that is not a sentence, among furniture).
        assert!(marked(text, "fortunes.txt").is_empty());
        // Nor does a line of marks count as the words beside another (`%` over `/*`).
        let text = format!("Bridge vote\n{BODY}%\n/*\n{BODY}");
        assert!(marked(&text, "a.txt").is_empty());
        // Beside furniture, it goes with it.
        let text = format!(
            "Bridge vote\n{BODY}Share this article: Facebook | Twitter | Email\n|\nAdvertisement\n{BODY}"
        );
        assert_eq!(
            marked(&text, "a.txt"),
            ["Share this article: Facebook | Twitter | Email\n|\nAdvertisement"]
        );
    }

    #[test]
    fn an_underline_goes_with_its_heading() {
        let notes = "GIT v1.5.0.1 Release Notes\n==========================\n\nFixes since v1.5.0\n------------------\n\n* Documentation updates\n\n  - The main documentation did not link to git-remote documentation.\n";
        assert!(marked(notes, "RelNotes.txt").is_empty());
        // A rule under furniture goes with it; a heading the writer set (a rule as long as
        // its text) makes a written document, whose headings are its own.
        let text = format!("Bridge vote\n{BODY}Advertisement\n----\n{BODY}");
        assert_eq!(marked(&text, "a.txt"), ["Advertisement\n----"]);
        let text = format!("Bridge vote\n{BODY}Advertisement\n-------------\n{BODY}");
        assert!(marked(&text, "a.txt").is_empty());
        // A divider between sections is layout: never furniture alone.
        let text = format!("Bridge vote\n{BODY}\n* * *\n\n###\n\n{BODY}");
        assert!(marked(&text, "a.txt").is_empty());
    }

    #[test]
    fn a_trailing_list_of_unrelated_headlines_in_plain_text() {
        let text = format!("Bridge vote\n{BODY}Local Bakery Wins National Bread Award\nSchool Board Names New Superintendent\nStorm Knocks Out Power Across Valley\n");
        assert_eq!(marked(&text, "a.txt").len(), 1);
        // Headlines about the article itself are its own.
        let text = format!("Bridge vote\n{BODY}Council Votes To Rebuild River Bridge\nEngineers Say Bridge Traffic Will Double\nRebuilt Bridge Opens To Cars Next Year\n");
        assert!(marked(&text, "a.txt").is_empty());
    }

    #[test]
    fn markdown_is_authored() {
        // Lists and lone emphasized words are the author's; a paragraph that is furniture
        // language from end to end is not.
        let text = format!("# Bridge vote\n\n{BODY}\n- **Facebook**\n- 50 likes\n- 25 shares\n\n**Twitter**\n\nShare this article\n");
        assert_eq!(marked(&text, "a.md"), ["Share this article"]);
        // An event's date and a label over the author's own links are the author's too.
        let text = format!("# Join us\n\n{BODY}\nThursday, May 30, 2013, 11:00 AM–12:00 PM ET\n\n{BODY}\n**Related posts:**\n\n- [Our last webinar](/webinar)\n- [The wikithon](/wikithon)\n");
        assert!(marked(&text, "a.md").is_empty());
    }

    /// Issue 8: listings, results and steps at the end of an article are content.
    #[test]
    fn structured_content_is_content() {
        let tour = format!("Band announces spring tour\n{BODY}The dates are:\nMarch 3, 2025 - Berlin, Columbiahalle\nMarch 5, 2025 - Hamburg, Docks\nMarch 7, 2025 - Cologne, Palladium\nMarch 9, 2025 - Paris, Olympia\n");
        assert!(marked(&tour, "a.txt").is_empty());
        let dates = format!("Band announces spring tour\n{BODY}March 3, 2025 - Berlin, Columbiahalle\nMarch 5, 2025 - Hamburg, Docks\nMarch 7, 2025 - Cologne, Palladium\n");
        assert!(marked(&dates, "a.txt").is_empty());
        let results = format!("Rivers wins the final\n{BODY}Results\nRivers 0-0 Hill Town (Rivers win 4-2 on penalties)\nDale United 2-1 Marsh Rovers\nOld Boys 3-3 Castle Park\n");
        assert!(marked(&results, "a.txt").is_empty());
        let steps = format!("How to repot a houseplant\n{BODY}1. Water the plant the day before\n2. Ease the plant out of its old pot\n3. Loosen the roots with your fingers\n");
        assert!(marked(&steps, "a.txt").is_empty());
    }

    /// A long listing looks like furniture line by line, but a whole web page also speaks
    /// furniture language (menus, share bars, footers): without it, no page dump.
    #[test]
    fn a_long_listing_is_not_a_page_dump() {
        let venues = [
            "Coral Sky Amphitheatre",
            "Bridgestone Arena",
            "PPL Center",
            "Pepsi Center",
            "The Forum",
            "Budweiser Stage",
        ];
        let cities = [
            "Tampa, FL",
            "Nashville, TN",
            "Allentown, PA",
            "Denver, CO",
            "Los Angeles, CA",
            "Toronto, ON",
        ];
        let mut text = format!("Band announces summer tour\n{BODY}The Band Tour Dates\n");
        for day in 1..=30 {
            let i = day % venues.len();
            text.push_str(&format!("June {day} – {} @ {}\n", cities[i], venues[i]));
        }
        assert!(marked(&text, "a.txt").is_empty());
    }

    #[test]
    fn the_title_goes_only_as_furniture_language() {
        let text = format!("Bridge Vote Set For Tuesday Night\n{BODY}");
        assert!(marked(&text, "a.txt").is_empty());
    }

    #[test]
    fn german_furniture() {
        let body = "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss vor dem Hochwasser im Frühjahr neu zu bauen.\nDie Ingenieure sagten, dass die neue Brücke doppelt so viel Verkehr tragen wird wie die alte, wenn sie eröffnet wird.\n";
        let text = format!("Brücke\n{body}Anzeige\n{body}Mehr zum Thema\n");
        assert_eq!(marked(&text, "a.txt"), ["Anzeige", "Mehr zum Thema"]);
    }
}
