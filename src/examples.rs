//! Running rule examples: each `bad` example must produce exactly its marked spans (and its
//! `fixed` text), each `good` example nothing. Used by the test suite and by
//! `copydesk rules test`. Above the engine: suppression rules' examples run through it.

use std::ops::Range;

use crate::diagnostic::{sort_diagnostics, Applicability, Diagnostic};
use crate::document::{Document, Format};
use crate::engine::check_document;
use crate::fix::fix_to_fixed_point;
use crate::rule::{mark, run_check, Example, ExampleFailure, Fact, Logic, RuleSet, DOC_SEPARATOR};

fn document(example: &Example, text: &str) -> Document {
    let name = example.file.as_deref().unwrap_or("example.md");
    Document::parse(name, text.to_string(), Format::for_path(name))
}

/// The diagnostics of rule `index` of `set` on one document of an example.
fn diagnostics(example: &Example, set: &RuleSet, index: usize, doc: &Document) -> Vec<Diagnostic> {
    let rule = &set.rules()[index];
    match &rule.logic {
        Logic::Check(check) => run_check(
            &rule.meta,
            check.as_ref(),
            rule.meta.severity,
            doc,
            &example.style,
        ),
        Logic::Corpus(_) => Vec::new(),
        Logic::Engine(_) => {
            // Suppression findings depend on every other rule's: run the whole set.
            let mut selection: Vec<(usize, _)> = set
                .rules()
                .iter()
                .enumerate()
                .filter(|(i, r)| r.meta.enabled || *i == index)
                .map(|(i, r)| (i, r.meta.severity))
                .collect();
            selection.dedup_by_key(|(i, _)| *i);
            let mut out: Vec<Diagnostic> = check_document(doc, set, &selection, &example.style)
                .into_iter()
                .filter(|d| d.rule == rule.meta.id)
                .collect();
            sort_diagnostics(&mut out);
            out
        }
    }
}

/// Primary spans of the rule on `text`, which may hold several documents separated by a
/// line `=====` (for corpus-wide rules such as `titles/duplicate`); spans are offsets into
/// the whole text.
fn spans(example: &Example, set: &RuleSet, index: usize, text: &str) -> Vec<Range<usize>> {
    let rule = &set.rules()[index];
    let mut docs = Vec::new();
    let mut start = 0;
    for part in text.split(DOC_SEPARATOR) {
        docs.push((start, document(example, part)));
        start += part.len() + DOC_SEPARATOR.len();
    }
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut facts: Vec<(usize, Fact)> = Vec::new();
    for (i, (offset, doc)) in docs.iter().enumerate() {
        let diags = diagnostics(example, set, index, doc);
        found.extend(
            diags
                .iter()
                .map(|d| d.span.start() + offset..d.span.end() + offset),
        );
        if let Some(f) = rule.corpus().and_then(|c| c.collect(doc)) {
            facts.push((i, f));
        }
    }
    if let Some(corpus) = rule.corpus() {
        let paths: Vec<String> = (0..docs.len()).map(|i| format!("doc-{}", i + 1)).collect();
        let view: Vec<(usize, &str, &Fact)> = facts
            .iter()
            .map(|(i, f)| (*i, paths[*i].as_str(), f))
            .collect();
        for finding in corpus.check_corpus(&view) {
            let offset = docs[finding.file].0;
            found.push(finding.span.start() + offset..finding.span.end() + offset);
        }
    }
    found.sort_by_key(|r| (r.start, r.end));
    found
}

/// Run rule `index` of `set` on one of its examples and compare spans (and the fixed text).
///
/// # Errors
/// The example does not hold: what was expected and what was found.
pub fn check(example: &Example, set: &RuleSet, index: usize) -> Result<(), ExampleFailure> {
    let (text, expected) = example.strip();
    let found = spans(example, set, index, &text);
    let mut want = expected.clone();
    want.sort_by_key(|r| (r.start, r.end));
    let marked = mark(&text, &found);
    if found != want {
        let message = if example.is_bad() {
            format!("expected {} diagnostic(s) at the marked spans", want.len())
        } else {
            "a good example must produce no diagnostic".to_string()
        };
        return Err(ExampleFailure {
            message,
            found: marked,
        });
    }
    if found
        .iter()
        .any(|r| !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end))
    {
        return Err(ExampleFailure {
            message: "span not on a char boundary".into(),
            found: marked,
        });
    }
    if let Some(fixed) = &example.fixed {
        let result = fix_to_fixed_point(&text, Applicability::Unsafe, |t| {
            diagnostics(example, set, index, &document(example, t))
        });
        if &result.text != fixed {
            return Err(ExampleFailure {
                message: format!("expected fixed text {fixed:?}"),
                found: format!("{:?}", result.text),
            });
        }
    }
    Ok(())
}
