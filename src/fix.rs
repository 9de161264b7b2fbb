//! Applying fixes: sort, skip overlaps, re-check to a fixed point.

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// Apply the fixes of `diags` at or above `min` applicability to `text`.
/// Fixes are taken in order of their first edit; a fix overlapping one already taken is
/// skipped (the next pass will see it again). Returns the new text and the number of
/// fixes applied.
pub fn apply_once(text: &str, diags: &[Diagnostic], min: Applicability) -> (String, usize) {
    let mut fixes: Vec<&Vec<Edit>> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| {
            f.applicability >= min
                && f.applicability != Applicability::DisplayOnly
                && !f.edits.is_empty()
        })
        .map(|f| &f.edits)
        .collect();
    fixes.sort_by_key(|e| e.iter().map(|e| (e.start, e.end)).min());
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let overlaps = edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.start < t.end && t.start < e.end
                    || e.start == t.start
                    || (e.start == e.end && e.start == t.end)
                    || (t.start == t.end && t.start == e.end)
            })
        });
        let in_bounds = edits.iter().all(|e| {
            e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
        });
        if overlaps || !in_bounds {
            continue;
        }
        taken.extend(edits.iter());
        applied += 1;
    }
    taken.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for e in taken {
        out.push_str(&text[last..e.start]);
        out.push_str(&e.replacement);
        last = e.end;
    }
    out.push_str(&text[last..]);
    (out, applied)
}

/// Most re-check passes before giving up on a file.
pub const MAX_PASSES: usize = 10;

/// The outcome of fixing one text to a fixed point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// False when `MAX_PASSES` passes still left fixes to apply.
    pub converged: bool,
}

/// Fix `text` until no applicable fix is left: `check` re-lints a text.
pub fn fix_to_fixed_point(
    text: &str,
    min: Applicability,
    mut check: impl FnMut(&str) -> Vec<Diagnostic>,
) -> Fixed {
    let mut current = text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let diags = check(&current);
        let (next, n) = apply_once(&current, &diags, min);
        if n == 0 || next == current {
            return Fixed {
                text: current,
                applied,
                converged: true,
            };
        }
        applied += n;
        current = next;
    }
    let left = apply_once(&current, &check(&current), min).1;
    Fixed {
        text: current,
        applied,
        converged: left == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diag(start: usize, end: usize, rep: &str, app: Applicability) -> Diagnostic {
        Diagnostic {
            rule: "t/t".into(),
            severity: Severity::Error,
            message: "m".into(),
            span: start..end,
            label: String::new(),
            help: None,
            notes: vec![],
            fix: Some(Fix {
                title: "t".into(),
                applicability: app,
                edits: vec![Edit::new(start..end, rep)],
            }),
        }
    }

    #[test]
    fn overlapping_fixes_are_skipped() {
        let d = [
            diag(0, 3, "x", Applicability::Safe),
            diag(1, 2, "y", Applicability::Safe),
            diag(4, 4, " ", Applicability::Safe),
        ];
        assert_eq!(
            apply_once("abc de", &d, Applicability::Safe),
            ("x  de".to_string(), 2)
        );
    }

    #[test]
    fn applicability_threshold() {
        let d = [
            diag(0, 1, "X", Applicability::Unsafe),
            diag(2, 3, "Y", Applicability::DisplayOnly),
        ];
        assert_eq!(apply_once("abc", &d, Applicability::Safe).1, 0);
        assert_eq!(
            apply_once("abc", &d, Applicability::Unsafe),
            ("XbY".replace('Y', "c"), 1)
        );
    }

    #[test]
    fn non_converging_fix_is_reported() {
        let fixed = fix_to_fixed_point("a", Applicability::Safe, |t| {
            vec![diag(0, 0, "a", Applicability::Safe)]
                .into_iter()
                .filter(|_| !t.is_empty())
                .collect()
        });
        assert!(!fixed.converged);
    }
}
