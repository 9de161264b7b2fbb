//! The literals of the lexicon's screens ([`super::screen`]), extracted from its patterns
//! at build time: `build.rs` includes this file, runs it on the vocabulary and embeds what it
//! [`encode`]s; the crate compiles it only for its tests (which check the embedded screens
//! against a fresh extraction). Parsing the patterns and extracting their literals took a
//! quarter of a small scraped page's run when done at start-up.
//!
//! The literals come from `regex-syntax`'s extractor (what the regex crate itself uses for
//! its prefilters), per top-level branch of the pattern, so a branch that can begin with
//! anything (`\S+ \S+ writer`) still screens by its ending. A branch with no finite set on
//! a side is not screened on that side.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// One top-level branch of a pattern, by its literal sets; `None` is a side with no finite
/// set (never screened).
pub(super) struct Branch {
    /// Which pattern (its index in the list) the branch belongs to.
    pub(super) pattern: u8,
    /// Literals one of which every match begins with.
    pub(super) prefixes: Option<Vec<Vec<u8>>>,
    /// Literals one of which every match ends with (only for whole-line patterns).
    pub(super) suffixes: Option<Vec<Vec<u8>>>,
    /// Literals one of which every match contains (the part of the branch with the longest
    /// shortest literal: ` says` in `\S+ \S+ says:`, `newsletter` in `(?:our|the)
    /// .{0,30}newsletters?`): a branch that may open with anything, or with a word as
    /// common as `the `, still screens most lines out.
    pub(super) inner: Option<Vec<Vec<u8>>>,
}

/// The literals one of which every match begins (or ends) with: the longest that make a
/// finite set. Where the full ones are too many (a date's label, weekday and month, each
/// optional), shorter ones are tried — down to a first byte — as a shorter part of a
/// match's opening still opens every match.
fn literals(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    [100, 8, 3, 1].into_iter().find_map(|len| {
        let mut ex = Extractor::new();
        ex.kind(kind.clone())
            .limit_total(2000)
            .limit_literal_len(len);
        ex.extract(hir)
            .literals()
            .map(|lits| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
    })
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

/// The branches of `patterns` (regex syntax, unanchored: what must match at the line's
/// start, and with `whole`, reach its end). Panics on a pattern that does not parse: the
/// lexicon is built in, so a bad pattern fails the build.
pub(super) fn extract(patterns: &[String], whole: bool) -> Vec<Branch> {
    let mut branches = Vec::new();
    for (pattern, p) in patterns.iter().enumerate() {
        let hir = regex_syntax::Parser::new()
            .parse(p)
            .unwrap_or_else(|e| panic!("lexicon pattern {pattern} does not parse: {e}"));
        let subs: Vec<&Hir> = match hir.kind() {
            HirKind::Alternation(subs) => subs.iter().collect(),
            _ => vec![&hir],
        };
        for sub in subs {
            branches.push(Branch {
                pattern: u8::try_from(pattern).expect("fewer than 256 patterns"),
                prefixes: literals(sub, ExtractKind::Prefix),
                suffixes: if whole {
                    literals(sub, ExtractKind::Suffix)
                } else {
                    None
                },
                inner: inner_literals(sub),
            });
        }
    }
    branches
}

/// The bytes `screen::Screen::new` reads: per branch, its pattern's index (one byte), then
/// its prefixes, suffixes and inner literals, each set a byte (0: none, 1: a set) and, for a
/// set, its count (two bytes, little-endian) and each literal as its length (one byte) and
/// its bytes.
pub(super) fn encode(branches: &[Branch]) -> Vec<u8> {
    let mut out = Vec::new();
    for b in branches {
        out.push(b.pattern);
        for set in [&b.prefixes, &b.suffixes, &b.inner] {
            match set {
                None => out.push(0),
                Some(lits) => {
                    out.push(1);
                    let n = u16::try_from(lits.len()).expect("at most 65,535 literals");
                    out.extend_from_slice(&n.to_le_bytes());
                    for l in lits {
                        out.push(u8::try_from(l.len()).expect("literals under 256 bytes"));
                        out.extend_from_slice(l);
                    }
                }
            }
        }
    }
    out
}
