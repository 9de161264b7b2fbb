//! Examples inside rule files: `⟦…⟧` marks each exact span a `bad` example must produce;
//! `fixed` is the text after applying the rule's fixes. They are run by
//! [`crate::examples`], above the engine.

use std::fmt;
use std::ops::Range;

use super::Style;

pub const MARK_OPEN: char = '⟦';
pub const MARK_CLOSE: char = '⟧';

/// A rule example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The text, with `⟦…⟧` markers in a bad example.
    pub text: String,
    pub bad: bool,
    /// The expected text after fixing (bad examples only).
    pub fixed: Option<String>,
    /// File name deciding the document format; `example.md` when absent.
    pub file: Option<String>,
    /// Paths of the documents of a several-document example, in order.
    pub files: Vec<String>,
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
            files: Vec::new(),
            style: Style::default(),
        }
    }

    pub fn good(text: &str) -> Example {
        Example {
            text: text.to_string(),
            bad: false,
            fixed: None,
            file: None,
            files: Vec::new(),
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
}

/// Separates the documents of a multi-document example.
pub const DOC_SEPARATOR: &str = "\n=====\n";

/// `text` with `⟦…⟧` around each range (sorted, possibly overlapping ranges shown in order).
pub fn mark(text: &str, spans: &[Range<usize>]) -> String {
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
