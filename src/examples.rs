//! Running rule examples: each `bad` example must produce exactly its marked spans (and its
//! `fixed` text), each `good` example nothing. Used by the test suite and by
//! `copydesk rules test`. Examples run through the engine itself — the same per-file
//! phase, suppression and corpus-wide phase as `copydesk check` — with the rule selected
//! (and, for suppression rules, every rule on by default beside it).

use std::ops::Range;
use std::sync::Arc;

use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::{self, Job};
use crate::fix::fix_to_fixed_point;
use crate::rule::{mark, Example, ExampleFailure, Logic, RuleSet, Selector, DOC_SEPARATOR};

/// The settings an example runs with: the rule under test, the example's style.
fn settings(example: &Example, set: &Arc<RuleSet>, index: usize) -> Settings {
    let rule = &set.rules()[index];
    let mut s = Settings::defaults(".".into(), Arc::clone(set));
    let mut select = vec![Selector::parse(rule.meta.id.as_str())];
    if matches!(rule.logic, Logic::Engine(_)) {
        // Suppression findings depend on every other rule's.
        select.extend(
            set.rules()
                .iter()
                .filter(|r| r.meta.enabled)
                .map(|r| Selector::parse(r.meta.id.as_str())),
        );
    }
    s.filter.select = Some(select);
    s.style = example.style.clone();
    s
}

/// The file name each document of an example is checked as (its extension picks the
/// format).
fn name(example: &Example, i: usize) -> String {
    if let Some(path) = example.files.get(i) {
        return path.clone();
    }
    let file = example.file.as_deref().unwrap_or("example.md");
    format!("doc-{}/{file}", i + 1)
}

/// This rule's diagnostics on one text.
fn only_this_rule(diags: Vec<Diagnostic>, set: &RuleSet, index: usize) -> Vec<Diagnostic> {
    let id = &set.rules()[index].meta.id;
    diags.into_iter().filter(|d| &d.rule == id).collect()
}

/// Primary spans of the rule on `text`, which may hold several documents separated by a
/// line `=====` (for corpus-wide rules such as `titles/duplicate`); spans are offsets into
/// the whole text.
fn spans(
    settings: &Arc<Settings>,
    example: &Example,
    index: usize,
    text: &str,
) -> Vec<Range<usize>> {
    let mut jobs = Vec::new();
    let mut offsets = Vec::new();
    let mut start = 0;
    for (i, part) in text.split(DOC_SEPARATOR).enumerate() {
        jobs.push(Job::buffer(
            name(example, i),
            part.as_bytes().to_vec(),
            None,
            Arc::clone(settings),
        ));
        offsets.push(start);
        start += part.len() + DOC_SEPARATOR.len();
    }
    let mut found: Vec<Range<usize>> = Vec::new();
    for report in engine::run(&jobs) {
        let offset = offsets[report.job];
        let diags = only_this_rule(report.diagnostics, &settings.rules, index);
        found.extend(
            diags
                .iter()
                .map(|d| d.span.start() + offset..d.span.end() + offset),
        );
    }
    found.sort_by_key(|r| (r.start, r.end));
    found
}

/// Run rule `index` of `set` on one of its examples and compare spans (and the fixed text).
///
/// # Errors
/// The example does not hold: what was expected and what was found.
pub fn check(example: &Example, set: &Arc<RuleSet>, index: usize) -> Result<(), ExampleFailure> {
    let settings = Arc::new(settings(example, set, index));
    let (text, expected) = example.strip();
    let found = spans(&settings, example, index, &text);
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
        let shown = name(example, 0);
        let result = fix_to_fixed_point(&text, Applicability::Unsafe, |t| {
            let diags = engine::check_text(&shown, t, &settings, None);
            only_this_rule(diags, set, index)
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
