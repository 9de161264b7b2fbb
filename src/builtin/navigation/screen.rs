//! Literal screens for the lexicon's patterns: before a pattern's regex is tried (or even
//! compiled), a line must begin with one of the literals every match of the pattern begins
//! with — and, for a whole-line pattern, end with one of those every match ends with.
//!
//! The literals come from `regex-syntax`'s extractor (what the regex crate itself uses for
//! its prefilters), per top-level branch of the pattern, so a branch that can begin with
//! anything (`\S+ \S+ writer`) still screens by its ending. A branch with no finite set on
//! a side is not screened on that side. The screen is only ever a necessary condition: a
//! line it passes is then matched by the real regex.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// One branch's literal sets; `None` is a side with no finite set (never screened).
struct Branch {
    pattern: usize,
    prefixes: Option<Vec<Vec<u8>>>,
    suffixes: Option<Vec<Vec<u8>>>,
}

/// The screens of a list of patterns.
pub(super) struct Screen {
    branches: Vec<Branch>,
    /// By a line's first byte: the branches with a prefix literal that begins with it, or
    /// with an empty or no finite prefix set.
    by_first: Vec<Vec<usize>>,
}

fn literals(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let mut ex = Extractor::new();
    ex.kind(kind).limit_total(2000);
    let seq = ex.extract(hir);
    seq.literals()
        .map(|lits| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

impl Screen {
    /// Screens for `patterns` (regex syntax, unanchored: what must match at the line's
    /// start, and with `whole`, reach its end). Panics on a pattern that does not parse —
    /// the lexicon is built in; its tests compile every pattern.
    pub(super) fn new(patterns: &[String], whole: bool) -> Screen {
        let mut branches = Vec::new();
        for (pattern, p) in patterns.iter().enumerate() {
            let hir = regex_syntax::Parser::new()
                .parse(p)
                .expect("valid lexicon pattern");
            let subs: Vec<&Hir> = match hir.kind() {
                HirKind::Alternation(subs) => subs.iter().collect(),
                _ => vec![&hir],
            };
            for sub in subs {
                branches.push(Branch {
                    pattern,
                    prefixes: literals(sub, ExtractKind::Prefix),
                    suffixes: if whole {
                        literals(sub, ExtractKind::Suffix)
                    } else {
                        None
                    },
                });
            }
        }
        let mut by_first = vec![Vec::new(); 256];
        for (i, b) in branches.iter().enumerate() {
            match &b.prefixes {
                Some(lits) if lits.iter().all(|l| !l.is_empty()) => {
                    let mut firsts: Vec<u8> = lits.iter().map(|l| l[0]).collect();
                    firsts.sort_unstable();
                    firsts.dedup();
                    for f in firsts {
                        by_first[usize::from(f)].push(i);
                    }
                }
                _ => by_first.iter_mut().for_each(|v| v.push(i)),
            }
        }
        Screen { branches, by_first }
    }

    /// The patterns (bit `i` for pattern `i`) that `line` passes the screen of.
    pub(super) fn candidates(&self, line: &str) -> u32 {
        let line = line.as_bytes();
        let Some(&first) = line.first() else {
            // An empty line: only a branch that may match nothing could; try them all.
            return self.branches.iter().fold(0, |m, b| m | 1 << b.pattern);
        };
        let mut mask = 0u32;
        for &i in &self.by_first[usize::from(first)] {
            let b = &self.branches[i];
            if mask & (1 << b.pattern) != 0 {
                continue;
            }
            let starts = b
                .prefixes
                .as_ref()
                .is_none_or(|l| l.iter().any(|p| line.starts_with(p)));
            let ends = b
                .suffixes
                .as_ref()
                .is_none_or(|l| l.iter().any(|s| line.ends_with(s)));
            if starts && ends {
                mask |= 1 << b.pattern;
            }
        }
        mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_passes_only_the_screens_it_can_match() {
        let patterns = [
            r"share|tweet|email".to_string(),
            r"\S+ \S+ (?:writer|reporter)|by \S+".to_string(),
            r".{0,20}all rights reserved\.?".to_string(),
        ];
        let s = Screen::new(&patterns, true);
        assert_eq!(s.candidates("tweet"), 0b001);
        assert_eq!(s.candidates("the council met"), 0);
        // A branch that can begin with anything screens by its end, and one that can end
        // with anything by its start.
        assert_eq!(s.candidates("jane doe reporter"), 0b010);
        assert_eq!(s.candidates("by jane doe"), 0b010);
        assert_eq!(s.candidates("© 2024 acme. all rights reserved."), 0b100);
        // Line-start patterns screen by the opening only: those that may open with
        // anything are always tried.
        let s = Screen::new(&patterns, false);
        assert_eq!(s.candidates("email this story to a friend"), 0b111);
        assert_eq!(s.candidates("the council met"), 0b110);
        let s = Screen::new(&patterns[..1], false);
        assert_eq!(s.candidates("the council met"), 0);
    }
}
