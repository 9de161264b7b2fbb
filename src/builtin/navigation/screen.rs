//! Literal screens for the lexicon's patterns: before a pattern's regex is tried (or even
//! compiled), a line must begin with one of the literals every match of the pattern begins
//! with — and, for a whole-line pattern, end with one of those every match ends with.
//!
//! The literals are extracted at build time (`literals.rs`, run by `build.rs`); a screen is
//! built from their bytes. The screen is only ever a necessary condition: a line it passes
//! is then matched by the real regex.

/// One branch's literal sets; `None` is a side with no finite set (never screened).
struct Branch {
    pattern: usize,
    prefixes: Option<Vec<Vec<u8>>>,
    suffixes: Option<Vec<Vec<u8>>>,
    /// Literals one of which every match contains ([`super::literals`] says which).
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

/// Reads the branches `literals::encode` wrote.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        head
    }

    fn byte(&mut self) -> u8 {
        self.take(1)[0]
    }

    fn set(&mut self) -> Option<Vec<Vec<u8>>> {
        if self.byte() == 0 {
            return None;
        }
        let n = u16::from_le_bytes([self.byte(), self.byte()]);
        Some(
            (0..n)
                .map(|_| {
                    let len = usize::from(self.byte());
                    self.take(len).to_vec()
                })
                .collect(),
        )
    }
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
    /// The screen whose branches `literals::encode` wrote (embedded by `build.rs`). Panics
    /// on bytes it did not write.
    pub(super) fn new(bytes: &[u8]) -> Screen {
        let mut r = Reader { bytes };
        let mut branches = Vec::new();
        while !r.bytes.is_empty() {
            let pattern = usize::from(r.byte());
            let (prefixes, suffixes) = (r.set(), r.set());
            let inner = r.set().map(|lits| {
                lits.iter()
                    .map(|l| memchr::memmem::Finder::new(l).into_owned())
                    .collect()
            });
            branches.push(Branch {
                pattern,
                prefixes,
                suffixes,
                inner,
            });
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
    use super::super::literals;
    use super::*;

    /// A screen of `patterns` as `build.rs` makes one.
    pub(in super::super) fn screen(patterns: &[String], whole: bool) -> Screen {
        Screen::new(&literals::encode(&literals::extract(patterns, whole)))
    }

    #[test]
    fn a_line_passes_only_the_screens_it_can_match() {
        let patterns = [
            r"share|tweet|email".to_string(),
            r"\S+ \S+ (?:writer|reporter)|by \S+".to_string(),
            r".{0,20}all rights reserved\.?".to_string(),
        ];
        let s = screen(&patterns, true);
        assert_eq!(s.candidates("tweet"), 0b001);
        assert_eq!(s.candidates("the council met"), 0);
        // A branch that can begin with anything screens by its end, and one that can end
        // with anything by its start.
        assert_eq!(s.candidates("jane doe reporter"), 0b010);
        assert_eq!(s.candidates("by jane doe"), 0b010);
        assert_eq!(s.candidates("© 2024 acme. all rights reserved."), 0b100);
        // Line-start patterns screen by the opening, or where a branch may open with
        // anything, by a literal it must contain.
        let s = screen(&patterns, false);
        assert_eq!(s.candidates("email this story to a friend"), 0b001);
        assert_eq!(s.candidates("jane doe reporter, in paris"), 0b010);
        assert_eq!(s.candidates("it said all rights reserved"), 0b100);
        assert_eq!(s.candidates("the council met"), 0);
    }
}
