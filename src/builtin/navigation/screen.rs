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
    /// Literals one of which every match contains (the part of the branch with the longest
    /// shortest literal: ` says` in `\S+ \S+ says:`, `newsletter` in `(?:our|the)
    /// .{0,30}newsletters?`): a branch that may open with anything, or with a word as
    /// common as `the `, still screens most lines out.
    inner: Option<Vec<memchr::memmem::Finder<'static>>>,
}

/// The screens of a list of patterns.
pub(super) struct Screen {
    branches: Vec<Branch>,
    /// Every prefix literal (walked from a line's first byte: one pass, which usually ends
    /// within a byte or two, says which begin it), and every suffix literal reversed
    /// (walked from its last byte).
    prefixes: Trie,
    suffixes: Trie,
    /// Branches that pass the prefix side whatever the line (no finite set, or an empty
    /// literal in it).
    open_start: Vec<usize>,
}

fn literals(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let mut ex = Extractor::new();
    ex.kind(kind).limit_total(2000);
    let seq = ex.extract(hir);
    seq.literals()
        .map(|lits| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The literals every match of a branch contains, from the part of its concatenation with
/// the longest shortest literal (at least three bytes).
fn inner_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    parts
        .iter()
        .filter_map(|p| literals(p, ExtractKind::Prefix))
        .filter(|lits| !lits.is_empty())
        .map(|lits| {
            let shortest = lits.iter().map(Vec::len).min().unwrap_or(0);
            (shortest, lits)
        })
        .filter(|(shortest, _)| *shortest >= 3)
        .max_by_key(|(shortest, _)| *shortest)
        .map(|(_, lits)| lits)
}

/// A byte trie of literals, each leading to the branches it belongs to.
#[derive(Default)]
struct Trie {
    /// Node 0 is the root; each node's children sorted by byte.
    children: Vec<Vec<(u8, u32)>>,
    ends: Vec<Vec<usize>>,
}

impl Trie {
    fn new() -> Trie {
        Trie {
            children: vec![Vec::new()],
            ends: vec![Vec::new()],
        }
    }

    fn insert(&mut self, literal: impl Iterator<Item = u8>, branch: usize) {
        let mut node = 0usize;
        for b in literal {
            node = match self.children[node].binary_search_by_key(&b, |c| c.0) {
                Ok(i) => self.children[node][i].1 as usize,
                Err(i) => {
                    let next = self.children.len();
                    self.children[node].insert(i, (b, next as u32));
                    self.children.push(Vec::new());
                    self.ends.push(Vec::new());
                    next
                }
            };
        }
        self.ends[node].push(branch);
    }

    /// The branches of every literal that `bytes` begins with, each given to `found`.
    fn walk(&self, bytes: impl Iterator<Item = u8>, found: &mut dyn FnMut(usize)) {
        let mut node = 0usize;
        for b in bytes {
            match self.children[node].binary_search_by_key(&b, |c| c.0) {
                Ok(i) => node = self.children[node][i].1 as usize,
                Err(_) => return,
            }
            for &branch in &self.ends[node] {
                found(branch);
            }
        }
    }
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
                let prefixes = literals(sub, ExtractKind::Prefix);
                branches.push(Branch {
                    pattern,
                    inner: inner_literals(sub).map(|lits| {
                        lits.iter()
                            .map(|l| memchr::memmem::Finder::new(l).into_owned())
                            .collect()
                    }),
                    prefixes,
                    suffixes: if whole {
                        literals(sub, ExtractKind::Suffix)
                    } else {
                        None
                    },
                });
            }
        }
        assert!(
            branches.len() <= MAX_BRANCHES,
            "a lexicon screen holds at most {MAX_BRANCHES} branches"
        );
        let (mut prefixes, mut suffixes) = (Trie::new(), Trie::new());
        let mut open_start = Vec::new();
        for (i, b) in branches.iter().enumerate() {
            match &b.prefixes {
                Some(lits) if lits.iter().all(|l| !l.is_empty()) => {
                    for l in lits {
                        prefixes.insert(l.iter().copied(), i);
                    }
                }
                _ => open_start.push(i),
            }
            for l in b.suffixes.iter().flatten() {
                suffixes.insert(l.iter().rev().copied(), i);
            }
        }
        Screen {
            branches,
            prefixes,
            suffixes,
            open_start,
        }
    }

    /// The patterns (bit `i` for pattern `i`) that `line` passes the screen of.
    pub(super) fn candidates(&self, line: &str) -> u32 {
        let bytes = line.as_bytes();
        if bytes.is_empty() {
            // An empty line: only a branch that may match nothing could; try them all.
            return self.branches.iter().fold(0, |m, b| m | 1 << b.pattern);
        }
        // Branches whose start fits (those with no screened start, and those a prefix
        // literal leads to), kept if their end and inner literal fit too. No allocation:
        // this runs for every short line.
        let mut mask = 0u32;
        let mut ends: Option<Bits> = None;
        for &i in &self.open_start {
            self.consider(i, bytes, &mut mask, &mut ends);
        }
        self.prefixes.walk(bytes.iter().copied(), &mut |i| {
            self.consider(i, bytes, &mut mask, &mut ends);
        });
        mask
    }

    /// Add branch `i`'s pattern to `mask` if the line's end and inner literal fit it.
    fn consider(&self, i: usize, bytes: &[u8], mask: &mut u32, ends: &mut Option<Bits>) {
        let b = &self.branches[i];
        if *mask & (1 << b.pattern) != 0 {
            return;
        }
        if b.suffixes.is_some() {
            let ends = ends.get_or_insert_with(|| {
                let mut ends = [0u64; MAX_BRANCHES / 64];
                self.suffixes.walk(bytes.iter().rev().copied(), &mut |j| {
                    ends[j / 64] |= 1 << (j % 64)
                });
                ends
            });
            if ends[i / 64] & (1 << (i % 64)) == 0 {
                return;
            }
        }
        if let Some(inner) = &b.inner {
            if !inner.iter().any(|l| l.find(bytes).is_some()) {
                return;
            }
        }
        *mask |= 1 << b.pattern;
    }
}

/// Most branches a screen holds (the lexicon has about 200 per anchor).
const MAX_BRANCHES: usize = 512;

/// A set of branch indexes.
type Bits = [u64; MAX_BRANCHES / 64];

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
        // Line-start patterns screen by the opening, or where a branch may open with
        // anything, by a literal it must contain.
        let s = Screen::new(&patterns, false);
        assert_eq!(s.candidates("email this story to a friend"), 0b001);
        assert_eq!(s.candidates("jane doe reporter, in paris"), 0b010);
        assert_eq!(s.candidates("it said all rights reserved"), 0b100);
        assert_eq!(s.candidates("the council met"), 0);
    }
}
