//! Examples inside rule files, and the check that runs them: `⟦…⟧` marks each exact span
//! a `bad` example must produce; `fixed` is the text after applying the rule's fixes.

use std::fmt;
use std::ops::Range;

use super::{run_rule, Rule, Style};
use crate::diagnostic::Applicability;
use crate::document::{Document, Format};
use crate::fix::fix_to_fixed_point;

pub const MARK_OPEN: char = '⟦';
pub const MARK_CLOSE: char = '⟧';

/// A rule example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The text, with `⟦…⟧` markers in a bad example.
    pub text: String,
    pub(super) bad: bool,
    /// The expected text after fixing (bad examples only).
    pub fixed: Option<String>,
    /// File name deciding the document format; `example.md` when absent.
    pub file: Option<String>,
    /// `[style]` for this example.
    pub style: Style,
}

/// Why an example does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub message: String,
    /// The example text with the spans actually found marked.
    pub found: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n    found: {}", self.message, self.found)
    }
}

impl Example {
    pub fn bad(text: &str, fixed: Option<String>) -> Example {
        Example {
            text: text.to_string(),
            bad: true,
            fixed,
            file: None,
            style: Style::default(),
        }
    }

    pub fn good(text: &str) -> Example {
        Example {
            text: text.to_string(),
            bad: false,
            fixed: None,
            file: None,
            style: Style::default(),
        }
    }

    pub fn is_bad(&self) -> bool {
        self.bad
    }

    /// Markers balanced, not nested, present in bad examples and absent in good ones.
    pub fn validate_markers(&self) -> Result<(), String> {
        let mut open = false;
        let mut count = 0;
        for c in self.text.chars() {
            if c == MARK_OPEN {
                if open {
                    return Err("nested `⟦` in example".into());
                }
                open = true;
            } else if c == MARK_CLOSE {
                if !open {
                    return Err("`⟧` without `⟦` in example".into());
                }
                open = false;
                count += 1;
            }
        }
        if open {
            return Err("`⟦` never closed in example".into());
        }
        match (self.bad, count) {
            (true, 0) => Err("a `bad` example marks each expected span with `⟦…⟧`".into()),
            (false, n) if n > 0 => Err("a `good` example has no `⟦…⟧` markers".into()),
            _ => Ok(()),
        }
    }

    /// The text without markers and the marked byte ranges in it.
    pub fn strip(&self) -> (String, Vec<Range<usize>>) {
        let mut out = String::with_capacity(self.text.len());
        let mut spans = Vec::new();
        let mut start = 0;
        for c in self.text.chars() {
            match c {
                MARK_OPEN => start = out.len(),
                MARK_CLOSE => spans.push(start..out.len()),
                _ => out.push(c),
            }
        }
        (out, spans)
    }

    fn document(&self, text: &str) -> Document {
        let name = self.file.as_deref().unwrap_or("example.md");
        Document::parse(name, text.to_string(), Format::for_path(name))
    }

    /// Primary spans of `rule` on `text`, which may hold several documents separated by a
    /// line `=====` (for corpus-wide rules such as `titles/duplicate`); spans are offsets
    /// into the whole text.
    fn spans(&self, rule: &Rule, text: &str) -> Vec<Range<usize>> {
        let mut docs = Vec::new();
        let mut start = 0;
        for part in text.split(DOC_SEPARATOR) {
            docs.push((start, self.document(part)));
            start += part.len() + DOC_SEPARATOR.len();
        }
        let mut found: Vec<Range<usize>> = Vec::new();
        let mut facts = Vec::new();
        for (i, (offset, doc)) in docs.iter().enumerate() {
            let diags = run_rule(rule, rule.meta.severity, doc, &self.style);
            found.extend(
                diags
                    .iter()
                    .map(|d| d.span.start + offset..d.span.end + offset),
            );
            if let Some(f) = rule.check.collect(doc) {
                facts.push((i, f));
            }
        }
        let paths: Vec<String> = (0..docs.len()).map(|i| format!("doc-{}", i + 1)).collect();
        let view: Vec<(usize, &str, &super::Fact)> = facts
            .iter()
            .map(|(i, f)| (*i, paths[*i].as_str(), f))
            .collect();
        for finding in rule.check.check_corpus(&view) {
            let offset = docs[finding.file].0;
            found.push(finding.span.start + offset..finding.span.end + offset);
        }
        found.sort_by_key(|r| (r.start, r.end));
        found
    }

    /// Run `rule` on this example and compare spans (and the fixed text).
    pub fn check(&self, rule: &Rule) -> Result<(), ExampleFailure> {
        let (text, expected) = self.strip();
        let found = self.spans(rule, &text);
        let mut want = expected.clone();
        want.sort_by_key(|r| (r.start, r.end));
        let marked = mark(&text, &found);
        if found != want {
            let message = if self.bad {
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
        if let Some(fixed) = &self.fixed {
            let result = fix_to_fixed_point(&text, Applicability::Unsafe, |t| {
                run_rule(rule, rule.meta.severity, &self.document(t), &self.style)
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
}

/// Separates the documents of a multi-document example.
pub(crate) const DOC_SEPARATOR: &str = "\n=====\n";

/// `text` with `⟦…⟧` around each range (sorted, possibly overlapping ranges shown in order).
pub(crate) fn mark(text: &str, spans: &[Range<usize>]) -> String {
    let mut inserts: Vec<(usize, bool)> = Vec::new();
    for r in spans {
        inserts.push((r.start, true));
        inserts.push((r.end, false));
    }
    inserts.sort_by_key(|&(at, open)| (at, open));
    let mut out = String::new();
    let mut last = 0;
    for (at, open) in inserts {
        let at = at.min(text.len());
        out.push_str(&text[last..at]);
        out.push(if open { MARK_OPEN } else { MARK_CLOSE });
        last = at;
    }
    out.push_str(&text[last..]);
    if spans.is_empty() {
        out.push_str("  (no diagnostic)");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_markers() {
        let e = Example::bad("a ⟦b⟧ c ⟦“⟧", None);
        assert_eq!(e.strip(), ("a b c “".to_string(), vec![2..3, 6..9]));
        assert!(e.validate_markers().is_ok());
        assert!(Example::good("a ⟦b⟧").validate_markers().is_err());
        assert!(Example::bad("a ⟦b", None).validate_markers().is_err());
    }

    #[test]
    fn mark_shows_spans() {
        assert_eq!(mark("abc", &[1..2, 2..3]), "a⟦b⟧⟦c⟧");
    }
}
