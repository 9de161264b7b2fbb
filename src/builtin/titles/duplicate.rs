//! `titles/duplicate`: two files of one run with the same title (a corpus-wide rule: each
//! file gives its normalized title and a sketch of its body as a fact; the corpus phase
//! groups them).
//!
//! By default (`scope = "folder"`) a title repeated in one folder is a duplicate, and so is
//! a title repeated anywhere over near-identical bodies (the same story imported twice);
//! documentation sites reuse section titles ("Getting Started") across folders, and that
//! is not a defect. `scope = "repo"` flags every repeated title.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rayon::prelude::*;

use super::{plain, words_only};
use crate::diagnostic::mix64;
use crate::document::{Block, BlockKind, Document};
use crate::rule::{CompileError, CorpusCheck, CorpusFinding, Fact, KindTable};
use crate::span::Span;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Params {
    /// `folder` (default) or `repo`.
    #[serde(default)]
    scope: Scope,
    /// Estimated share of shared five-word runs from which two bodies are the same story.
    #[serde(default = "default_similarity")]
    similarity: f64,
}

fn default_similarity() -> f64 {
    0.25
}

#[derive(serde::Deserialize, Default, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
enum Scope {
    #[default]
    Folder,
    Repo,
}

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn CorpusCheck>, CompileError> {
    let p: Params = table.parse()?;
    if !(0.0..=1.0).contains(&p.similarity) {
        return Err(CompileError::new(
            Some(table.span()),
            "`similarity` must be between 0 and 1",
        ));
    }
    Ok(Box::new(Duplicate {
        scope: p.scope,
        similarity: p.similarity,
    }))
}

struct Duplicate {
    scope: Scope,
    similarity: f64,
}

/// Hashes kept per body: the smallest of its five-word runs' hashes (a bottom-k sketch).
const SKETCH: usize = 64;
/// Words per run.
const SHINGLE: usize = 5;
/// Files of one folder sharing a headline over headings of their own, no two alike, from
/// which the headline is the folder's banner rather than a duplicate.
const BANNER_MIN: usize = 3;
/// Other files named in a finding's "also in" note; the rest are counted.
const ALSO_IN_MAX: usize = 10;

/// The title a document is known by: front-matter title, else its headline, unless that
/// headline is a line a text opens with that names no document ([`opening_note`]).
fn known_title(doc: &Document) -> Option<&Block> {
    doc.metadata_title().or_else(|| {
        doc.headline()
            .filter(|h| !opening_note(doc.text[h.range()].trim()))
    })
}

/// A first line that is no title: a label over what follows (`NOTE:` over a translation's
/// note, `譯者::`), a licence tag (`SPDX-License-Identifier: GPL-2.0`), an attribution
/// with its address (`Translator: Bailu Lin <bailu.lin@vivo.com>`), as written in the
/// source (an address is masked in a block's text). Files that open so share that line
/// whatever their subject (the Linux kernel's translations: 21 of the rule's 71 findings
/// on its documentation).
fn opening_note(text: &str) -> bool {
    let address = text.find('<').is_some_and(|open| {
        text[open..]
            .find('>')
            .is_some_and(|close| text[open..open + close].contains('@'))
    });
    text.ends_with([':', '：']) || text.starts_with("SPDX-License-Identifier:") || address
}

/// Whether a heading of the first or second level follows the headline `t`: the page's
/// own title under a banner (`<h1 align="center">Fastify</h1>` over `## Hooks`).
fn headed_below(doc: &Document, t: &Block) -> bool {
    let end = t.range().end;
    doc.blocks.iter().any(|b| {
        matches!(b.kind, BlockKind::Heading(1 | 2)) && b.field.is_none() && b.range().start >= end
    })
}

/// The comparison key of a title: words lower-cased, hyphens and underscores separating
/// words (so `use-memo` and `useMemo` are different titles, `Vice-Mayor` and `Vice Mayor`
/// the same).
fn title_key(text: &str) -> String {
    words_only(&plain(text).replace(['-', '_'], " "))
}

/// The bottom-k sketch of a document's body: hashes of its five-word runs (lower-cased),
/// the smallest `SKETCH` of them, sorted. Every file with a title pays this, so it is one
/// pass: each word hashed once from its characters, a run's hash combines its words'
/// hashes, and only a hash below the current k-th smallest touches the sketch.
fn sketch(doc: &Document) -> Vec<u64> {
    // The last `SHINGLE` words' hashes (a run spans blocks), in a ring: word `i` in slot
    // `i % RING` (a power of two past `SHINGLE`, so no division).
    const RING: usize = SHINGLE.next_power_of_two();
    let mut ring = [0u64; RING];
    // The run combined: each word's hash (already well mixed) turned by 13 bits per place
    // after the oldest, XORed. Kept rolling, not recombined per word: a rotation
    // distributes over XOR, so dropping the oldest (not turned) and turning the rest back
    // one place is one XOR and one rotation.
    let mut combined = 0u64;
    // The smallest distinct hashes so far, sorted, and the hashes below the largest of them
    // since it was last sorted: most runs fail the first comparison, and the few that pass
    // are merged in a batch (one sort) instead of one insertion each. Every hash is written
    // to the slot after the kept ones and kept by counting it (no branch on the comparison:
    // while the sketch fills, one run in three passes, and a branch on it was mispredicted
    // that often). The batch is settled as soon as it fills, so that slot always exists.
    let mut kept = [0u64; 2 * SKETCH];
    let mut len = 0;
    let mut max = u64::MAX;
    // How many of `kept` the last settle left (sorted, distinct).
    let mut settled = 0;
    let mut i = 0usize;
    for b in body_blocks(doc) {
        let text = b.text();
        for w in &b.words {
            let w = crate::document::word_hash_at(text, w.range());
            // The oldest of the run (zero while fewer than `SHINGLE` words are in).
            let oldest = ring[(i + RING - SHINGLE) % RING];
            ring[i % RING] = w;
            i += 1;
            combined =
                (combined ^ oldest).rotate_right(13) ^ w.rotate_left(13 * (SHINGLE as u32 - 1));
            if i < SHINGLE {
                continue;
            }
            // Combined without a chain of multiplications, then mixed once.
            let h = mix64(combined);
            kept[len] = h;
            len += usize::from(h < max);
            if len == 2 * SKETCH {
                (len, max) = settle(&mut kept, len, settled);
                settled = len;
            }
        }
    }
    let (len, _) = settle(&mut kept, len, settled);
    // Kept in the file's fact until the corpus phase: only what it holds.
    kept[..len].to_vec()
}

/// The blocks of the body: every block but the front matter's, the title and a first-level
/// heading.
fn body_blocks(doc: &Document) -> impl Iterator<Item = &Block> + '_ {
    doc.blocks.iter().filter(|b| {
        b.field.is_none() && !matches!(b.kind, BlockKind::Title | BlockKind::Heading(1))
    })
}

/// The hashes of the body's words, in order.
#[cfg(test)]
fn body_words(doc: &Document) -> impl Iterator<Item = u64> + '_ {
    body_blocks(doc).flat_map(|b| {
        let text = b.text();
        b.words
            .iter()
            .map(|w| crate::document::word_hash(&text[w.range()]))
    })
}

/// The `SKETCH` smallest distinct hashes of the first `len` of `kept`, sorted, whose first
/// `sorted` are the last settle's (sorted, distinct): only the hashes since are sorted, then
/// merged in. Left at the start of `kept`; their number, and the largest hash a new one must
/// be below to count (any, while fewer are kept).
fn settle(kept: &mut [u64], len: usize, sorted: usize) -> (usize, u64) {
    let (old, new) = kept[..len].split_at_mut(sorted);
    new.sort_unstable();
    let mut out = [0u64; SKETCH];
    let (mut n, mut i, mut j) = (0, 0, 0);
    while n < SKETCH && (i < old.len() || j < new.len()) {
        let v = if j == new.len() || (i < old.len() && old[i] <= new[j]) {
            i += 1;
            old[i - 1]
        } else {
            j += 1;
            new[j - 1]
        };
        if n == 0 || out[n - 1] != v {
            out[n] = v;
            n += 1;
        }
    }
    kept[..n].copy_from_slice(&out[..n]);
    let max = if n == SKETCH {
        out[SKETCH - 1]
    } else {
        u64::MAX
    };
    (n, max)
}

/// Hashes title keys and folders by [`crate::document::folded_hash`]: every file with a title is
/// grouped by it, and SipHash was most of the grouping.
#[derive(Default)]
struct Folded(u64);

impl std::hash::Hasher for Folded {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = mix64(self.0 ^ crate::document::folded_hash(bytes));
    }
}

/// Hashes a sketch by its leading hash only: a sketch is a sorted set of well-mixed hashes,
/// so its first is as good a hash of it as any, and reading the other 63 (as a general hasher
/// would) costs more than the rest of the grouping.
#[derive(Default)]
struct Leading(u64);

impl std::hash::Hasher for Leading {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut first = [0u8; 8];
        let n = bytes.len().min(8);
        first[..n].copy_from_slice(&bytes[..n]);
        self.0 = mix64(self.0 ^ u64::from_le_bytes(first) ^ bytes.len() as u64);
    }
}

/// About how many files' findings are made at once (whole groups of files sharing a
/// title, in parallel).
const FILES_AT_ONCE: usize = 1024;

/// Up to this many classes of bodies in a group are compared pair by pair.
const FEW_CLASSES: usize = 32;

/// Which classes of bodies in a group are alike (their similarity at least the rule's).
enum Alike {
    /// A similarity of 0 asked for: every class is alike to every other.
    All,
    /// Each class's alike classes, itself included when its sketch is not empty; sorted.
    Lists(Vec<Vec<usize>>),
}

impl Alike {
    /// Found through the hashes sketches share: two with none in common have a similarity
    /// of 0, so only pairs that share one are compared. A title shared by thousands of
    /// different bodies (`Overview` across a documentation site) costs what their shared
    /// hashes cost, not a comparison of every pair (8,000 such files took 12 s).
    fn of(sketches: &[&[u64]], threshold: f64) -> Alike {
        if threshold <= 0.0 {
            return Alike::All;
        }
        // Each class alike to itself unless its sketch is empty.
        let mut lists: Vec<Vec<usize>> = sketches
            .iter()
            .enumerate()
            .map(|(a, s)| {
                if similarity(s, s) >= threshold {
                    vec![a]
                } else {
                    Vec::new()
                }
            })
            .collect();
        let mut compare = |a: usize, b: usize| {
            if similarity(sketches[a], sketches[b]) >= threshold {
                lists[a].push(b);
                lists[b].push(a);
            }
        };
        if sketches.len() <= FEW_CLASSES {
            // A few classes (most titles shared at all: a story and its copies): every pair,
            // which costs less than indexing their hashes.
            for a in 0..sketches.len() {
                for b in a + 1..sketches.len() {
                    compare(a, b);
                }
            }
        } else {
            // Every (hash, class), sorted: the classes holding a hash are one run of it.
            let mut holders: Vec<(u64, usize)> = sketches
                .iter()
                .enumerate()
                .flat_map(|(c, sketch)| sketch.iter().map(move |&h| (h, c)))
                .collect();
            holders.sort_unstable();
            let runs: Vec<&[(u64, usize)]> = holders
                .chunk_by(|x, y| x.0 == y.0)
                .filter(|run| run.len() > 1)
                .collect();
            // Each class with the runs of the hashes it shares, class by class.
            let mut shared: Vec<(usize, usize)> = runs
                .iter()
                .enumerate()
                .flat_map(|(r, run)| run.iter().map(move |&(_, c)| (c, r)))
                .collect();
            shared.sort_unstable();
            // The last class `a` that compared itself with each class: once per pair.
            let mut met = vec![usize::MAX; sketches.len()];
            for &(a, r) in &shared {
                for &(_, b) in runs[r] {
                    if b > a && met[b] != a {
                        met[b] = a;
                        compare(a, b);
                    }
                }
            }
        }
        for l in &mut lists {
            l.sort_unstable();
        }
        Alike::Lists(lists)
    }

    fn contains(&self, a: usize, b: usize) -> bool {
        match self {
            Alike::All => true,
            Alike::Lists(lists) => lists[a].binary_search(&b).is_ok(),
        }
    }
}

/// Estimated Jaccard similarity of two bottom-k sketches: among the k smallest hashes of
/// their union, the share found in both.
fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut both, mut seen) = (0, 0, 0usize, 0usize);
    while seen < SKETCH && (i < a.len() || j < b.len()) {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), None) => i += 1,
            _ => j += 1,
        }
        seen += 1;
    }
    both as f64 / seen as f64
}

impl CorpusCheck for Duplicate {
    fn collect(&self, doc: &Document) -> Option<Fact> {
        let t = known_title(doc)?;
        // As shown: titles that differ only in their code (`` `foo` and `bar` ``) differ.
        // As a reader sees it: `|ASN.1| type` over `.. |ASN.1| replace:: Boolean` is
        // `Boolean type`; a title whose substitution is defined elsewhere is not compared.
        let shown = t.shown(&doc.text);
        let key = title_key(&doc.as_read(&shown)?);
        let span = Span::checked(&doc.text, t.range())?;
        (!key.is_empty()).then(|| Fact {
            key,
            span,
            sketch: sketch(doc).into(),
            flag: doc.metadata_title().is_none() && headed_below(doc, t),
        })
    }

    fn check_corpus(&self, facts: &[(usize, &str, &Fact)]) -> Vec<CorpusFinding> {
        let mut out = Vec::new();
        self.check_corpus_each(facts, &mut |batch| out.extend(batch));
        out.sort_by_key(|f| (f.file, f.span.start()));
        out
    }

    /// Groups are independent: compared in parallel, a batch of them at a time (a run of
    /// 140,000 copies of stories has a finding, with its list of copies, in every file).
    fn check_corpus_each(
        &self,
        facts: &[(usize, &str, &Fact)],
        found: &mut dyn FnMut(Vec<CorpusFinding>),
    ) {
        type Group<'f, 'a> = Vec<&'f (usize, &'a str, &'f Fact)>;
        let mut groups: HashMap<&str, Group<'_, '_>, BuildHasherDefault<Folded>> =
            HashMap::default();
        for f in facts {
            groups.entry(f.2.key.as_str()).or_default().push(f);
        }
        let groups: Vec<_> = groups.into_values().filter(|g| g.len() > 1).collect();
        // Batches of whole groups of about `FILES_AT_ONCE` files.
        let mut from = 0;
        while from < groups.len() {
            let mut to = from;
            let mut files = 0;
            while to < groups.len() && (to == from || files + groups[to].len() <= FILES_AT_ONCE) {
                files += groups[to].len();
                to += 1;
            }
            found(
                groups[from..to]
                    .par_iter()
                    .flat_map_iter(|group| self.group_findings(group))
                    .collect(),
            );
            from = to;
        }
    }
}

/// Other versions of a file passed over, at most, when naming its duplicates.
const TWINS_PASSED: usize = 64;

/// Files of each place (a folder, a family of versions) by class of body: `(place, class,
/// files)`, sorted by place and class.
struct Tally(Vec<(usize, usize, usize)>);

impl Tally {
    fn of(places: impl Iterator<Item = (usize, usize)>) -> Tally {
        let mut pairs: Vec<(usize, usize)> = places.collect();
        pairs.sort_unstable();
        let mut out: Vec<(usize, usize, usize)> = Vec::new();
        for (p, c) in pairs {
            match out.last_mut() {
                Some(last) if (last.0, last.1) == (p, c) => last.2 += 1,
                _ => out.push((p, c, 1)),
            }
        }
        Tally(out)
    }

    /// A place's classes, with how many of its files are in each.
    fn classes(&self, place: usize) -> &[(usize, usize, usize)] {
        let from = self.0.partition_point(|e| e.0 < place);
        let to = self.0.partition_point(|e| e.0 <= place);
        &self.0[from..to]
    }

    /// The place's files alike to class `c`: by the place's classes or the class's alike
    /// ones, whichever are fewer (a folder of thousands of different bodies under one title
    /// stays linear).
    fn alike(&self, place: usize, c: usize, alike: &Alike) -> usize {
        let here = self.classes(place);
        match alike {
            Alike::All => here.iter().map(|e| e.2).sum(),
            Alike::Lists(lists) if lists[c].len() < here.len() => lists[c]
                .iter()
                .filter_map(|&b| here.binary_search_by_key(&b, |e| e.1).ok())
                .map(|k| here[k].2)
                .sum(),
            Alike::Lists(_) => here
                .iter()
                .filter(|e| alike.contains(c, e.1))
                .map(|e| e.2)
                .sum(),
        }
    }
}

/// A folder named for a version: `v2`, `1.0`, `2.x`, `v18.x`, `v2.0.0-beta.1`, and
/// Docusaurus's `version-` folders, whatever follows a digit there (`version-1.0.0`,
/// `version-v20.1.0`, `version-31-Aug-2023`, `version-2.1-robot-platform`). A number alone
/// (`2024`, `01`: a year, a chapter) is not one, nor `version-control`.
fn version_like(name: &str) -> bool {
    let number = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = name
        .strip_prefix("version-")
        .or_else(|| name.strip_prefix("version_"))
    {
        let rest = rest.strip_prefix(['v', 'V']).unwrap_or(rest);
        return rest.starts_with(|c: char| c.is_ascii_digit())
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    }
    let (core, marked) = match name.strip_prefix(['v', 'V']) {
        Some(rest) => (rest, true),
        None => (name, false),
    };
    // A pre-release after the numbers (`-beta.1`, `-rc1`).
    let core = match core.split_once('-') {
        Some((c, pre))
            if !pre.is_empty() && pre.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') =>
        {
            c
        }
        Some(_) => return false,
        None => core,
    };
    let mut parts = core.split('.');
    parts.next().is_some_and(number)
        && parts.clone().all(|p| p == "x" || number(p))
        && (marked || parts.count() >= 1)
}

/// Families of versions among files that share a title: a file under a folder named for
/// a version ([`version_like`]) is its page in that version, known by its path below that
/// folder (`guides/setup.md` in `versioned_docs/version-1.0/guides/setup.md`); the files of
/// the other versions with that path below theirs are the same page, and so is a file with
/// no version in its path that ends in it (the current version: `docs/guides/setup.md`; the
/// longest such path when several would do). `None`: no family.
fn version_families(group: &[&(usize, &str, &Fact)]) -> Vec<Option<usize>> {
    let sep = |b: u8| std::path::is_separator(char::from(b));
    let below_version = |path: &str| -> Option<usize> {
        let bytes = path.as_bytes();
        let mut start = 0;
        let mut found = None;
        for (i, &b) in bytes.iter().enumerate() {
            if sep(b) {
                if version_like(&path[start..i]) {
                    found = Some(i + 1);
                }
                start = i + 1;
            }
        }
        found
    };
    let tails: Vec<Option<&str>> = group
        .iter()
        .map(|f| below_version(f.1).map(|at| &f.1[at..]))
        .collect();
    if tails.iter().all(Option::is_none) {
        return vec![None; group.len()];
    }
    let mut ids: HashMap<&str, usize, BuildHasherDefault<Folded>> = HashMap::default();
    for t in tails.iter().flatten() {
        let next = ids.len();
        ids.entry(t).or_insert(next);
    }
    group
        .iter()
        .zip(&tails)
        .map(|(f, tail)| match tail {
            Some(t) => ids.get(t).copied(),
            // The whole path, then each shorter one after a separator.
            None => std::iter::once(0)
                .chain(
                    f.1.bytes()
                        .enumerate()
                        .filter(|&(_, b)| sep(b))
                        .map(|(i, _)| i + 1),
                )
                .find_map(|at| ids.get(&f.1[at..]).copied()),
        })
        .collect()
}

/// The language a file's name tags it with, as Hugo and READMEs keep a translation beside
/// its original (`README.zh-CN.md`, `about.de.md`, `index.pt_BR.md`): a two-letter code,
/// perhaps a region, between the stem and the extension.
fn language_tag(path: &str) -> Option<&str> {
    let name = path.rsplit(std::path::is_separator).next()?;
    let mut parts = name.rsplitn(3, '.');
    let (_extension, tag, stem) = (parts.next()?, parts.next()?, parts.next()?);
    let (language, region) = tag.split_once(['-', '_']).unwrap_or((tag, ""));
    (!stem.is_empty()
        && language.len() == 2
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && (region.is_empty()
            || (2..=4).contains(&region.len()) && region.bytes().all(|b| b.is_ascii_alphabetic())))
    .then_some(tag)
}

impl Duplicate {
    /// The findings of one group of files that share a title.
    fn group_findings(&self, group: &[&(usize, &str, &Fact)]) -> Vec<CorpusFinding> {
        // A file's folder: the path as shown up to its last separator (comparing and hashing
        // `Path`s walks their components). Only equality matters: top-level files share `None`.
        // Separators are ASCII: found among the bytes, not by decoding characters backwards.
        fn folder(p: &str) -> Option<&str> {
            p.bytes()
                .rposition(|b| std::path::is_separator(char::from(b)))
                .map(|i| &p[..i])
        }
        let mut out = Vec::new();
        // Each file's folder once, and each pair's similarity once (a title shared by
        // many files — an archive imported several times — stays cheap).
        // Identical sketches (copies of one body) are one class, compared once.
        // Folders as small integers: compared for every pair of the group.
        // A translation kept beside its original (`README.zh-CN.md` by `README.md`) is in
        // a folder of its language: the two share a product's name as their title by
        // design, and are compared as files of two folders are (alike bodies only).
        type Place<'p> = (Option<&'p str>, Option<&'p str>);
        let mut folder_ids: HashMap<Place<'_>, usize, BuildHasherDefault<Folded>> =
            HashMap::default();
        let folders: Vec<usize> = group
            .iter()
            .map(|f| {
                let next = folder_ids.len();
                *folder_ids
                    .entry((folder(f.1), language_tag(f.1)))
                    .or_insert(next)
            })
            .collect();
        // The group's sketches, read back if a large run keeps them on disk (one that
        // cannot be is compared as empty; the engine reports it).
        let held: Vec<Cow<'_, [u64]>> = group
            .iter()
            .map(|f| f.2.sketch.get().unwrap_or(Cow::Borrowed(&[])))
            .collect();
        let mut classes: HashMap<&[u64], usize, BuildHasherDefault<Leading>> = HashMap::default();
        let class: Vec<usize> = held
            .iter()
            .map(|sketch| {
                let next = classes.len();
                *classes.entry(sketch).or_insert(next)
            })
            .collect();
        let mut sketches: Vec<&[u64]> = vec![&[]; classes.len()];
        for (sketch, &c) in &classes {
            sketches[c] = sketch;
        }
        let alike = Alike::of(&sketches, self.similarity);
        let similar =
            |i: usize, j: usize| folders[i] != folders[j] && alike.contains(class[i], class[j]);
        // How many others each file duplicates: the files of its folder, plus the files
        // of alike classes less those of them in its own folder (counted by class and by
        // folder, not pair by pair: a title shared by thousands of copies stays linear).
        let mut in_class = vec![0usize; sketches.len()];
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); folder_ids.len()];
        let mut class_members: Vec<Vec<usize>> = vec![Vec::new(); sketches.len()];
        for (i, (&f, &c)) in folders.iter().zip(&class).enumerate() {
            in_class[c] += 1;
            members[f].push(i);
            class_members[c].push(i);
        }
        // Each folder's classes with how many of its files are in each (one list for the
        // group, not a map per folder).
        let by_folder = Tally::of(folders.iter().copied().zip(class.iter().copied()));
        let alike_total: Vec<usize> = (0..sketches.len())
            .map(|a| match &alike {
                Alike::All => group.len(),
                Alike::Lists(lists) => lists[a].iter().map(|&b| in_class[b]).sum(),
            })
            .collect();
        // Files of a folder alike to a class, once per (folder, class) met.
        let mut alike_in: HashMap<(usize, usize), usize> = HashMap::new();
        let mut alike_here = |fi: usize, ci: usize| {
            *alike_in
                .entry((fi, ci))
                .or_insert_with(|| by_folder.alike(fi, ci, &alike))
        };
        // Versions of one page (`versioned_docs/version-1.0/intro.md`, `version-2.0/intro.md`
        // and the current `docs/intro.md`) share a title and most of a body by design: files
        // of one family ([`version_families`]) are not compared with each other. Their
        // alike files elsewhere still count.
        let family = version_families(group);
        let by_family = Tally::of(
            family
                .iter()
                .zip(&class)
                .filter_map(|(f, &c)| f.map(|f| (f, c))),
        );
        let mut alike_kin: HashMap<(usize, usize), usize> = HashMap::new();
        let mut twins_alike = |i: usize| match family[i] {
            // The family's files alike to this one, less itself (in its own folder, it is
            // already left out with the folder's files).
            Some(fam) => alike_kin
                .entry((fam, class[i]))
                .or_insert_with(|| by_family.alike(fam, class[i], &alike))
                .saturating_sub(usize::from(alike.contains(class[i], class[i]))),
            None => 0,
        };
        // Each family's files, counted once (not per file: a family of thousands of
        // different bodies).
        let mut families = vec![0usize; family.iter().flatten().max().map_or(0, |&m| m + 1)];
        for &fam in family.iter().flatten() {
            families[fam] += 1;
        }
        let family_size = |i: usize| family[i].map_or(1, |fam| families[fam]);
        // A folder where `BANNER_MIN` files or more share a headline, each with a heading
        // of its own below it (`Fact::flag`), and no two of their bodies are alike: the
        // headline is the site's banner over every page (`Fastify` above each page of its
        // documentation, whose own title is the `## Hooks` under it), not a duplicate. Its
        // files count only the alike files elsewhere. (Front-matter titles never are.)
        let banner: Vec<bool> = members
            .iter()
            .enumerate()
            .map(|(fi, m)| {
                m.len() >= BANNER_MIN
                    && m.iter()
                        .all(|&i| group[i].2.flag && alike_here(fi, class[i]) == 1)
            })
            .collect();
        for (i, f) in group.iter().enumerate() {
            let (fi, ci) = (folders[i], class[i]);
            let total = if self.scope == Scope::Repo {
                group.len() - family_size(i)
            } else if banner[fi] {
                (alike_total[ci] - alike_here(fi, ci)).saturating_sub(twins_alike(i))
            } else {
                (members[fi].len() - 1 + alike_total[ci] - alike_here(fi, ci))
                    .saturating_sub(twins_alike(i))
            };
            if total == 0 {
                continue;
            }
            // The files named (the first, then up to ALSO_IN_MAX more), in group order,
            // and why the first is a duplicate.
            let need = total.min(ALSO_IN_MAX + 1);
            // Neither the file itself nor another version of it.
            let other = |j: usize| j != i && (family[i].is_none() || family[j] != family[i]);
            let named: Vec<usize> = match &alike {
                // Every other file qualifies, or nearly: the first ones in group order.
                _ if self.scope == Scope::Repo => {
                    (0..group.len()).filter(|&j| other(j)).take(need).collect()
                }
                Alike::All => (0..group.len()).filter(|&j| other(j)).take(need).collect(),
                // The folder's files and the alike classes' files, each list in group
                // order: the first `need` of their union are among the first `need + 1` of
                // each (one of those may be this file), and as many more as it has other
                // versions, up to `TWINS_PASSED` (past those, fewer are named and more
                // counted). Not a scan of the whole group for every file (a title shared
                // by many folders of two files each).
                Alike::Lists(lists) => {
                    let here: &[usize] = if banner[fi] { &[] } else { &members[fi] };
                    let take = need + 1 + (family_size(i) - 1).min(TWINS_PASSED);
                    let mut pool: Vec<usize> = std::iter::once(here)
                        .chain(lists[ci].iter().map(|&c| class_members[c].as_slice()))
                        .flat_map(|l| l.iter().take(take).copied())
                        .collect();
                    pool.sort_unstable();
                    pool.dedup();
                    pool.into_iter().filter(|&j| other(j)).take(need).collect()
                }
            };
            let others: Vec<(&str, &'static str)> = named
                .into_iter()
                .map(|j| {
                    let why = if folders[i] == folders[j] {
                        "both files are in one folder"
                    } else if similar(i, j) {
                        "the bodies are near-identical: the same story twice"
                    } else {
                        "`scope = \"repo\"`: titles are unique across the run"
                    };
                    (group[j].1, why)
                })
                .collect();
            let Some(&(other, why)) = others.first() else {
                continue;
            };
            // Held for every flagged file until the output (a repository imported
            // several times has a finding in every file): each note made at its size.
            let mut notes = Vec::with_capacity(if total > 1 { 2 } else { 1 });
            notes.push(why.to_string());
            if total > 1 {
                // A long list is cut: the finding stays readable and the report linear.
                use std::fmt::Write;
                let rest = &others[1..];
                let more = total - 1 - rest.len();
                let len = "also in ".len()
                    + rest.iter().map(|o| o.0.len() + 2).sum::<usize>()
                    + if more > 0 { 24 } else { 0 };
                let mut note = String::with_capacity(len);
                note.push_str("also in ");
                for (n, o) in rest.iter().enumerate() {
                    if n > 0 {
                        note.push_str(", ");
                    }
                    note.push_str(o.0);
                }
                if more > 0 {
                    let _ = write!(note, " and {more} more");
                }
                notes.push(note);
            }
            out.push(CorpusFinding {
                file: f.0,
                span: f.2.span,
                vars: vec![("other".into(), other.to_string())],
                notes,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Markdown article titled `T` with `body`.
    fn doc(body: &str) -> Document {
        Document::parse(
            "a.md",
            format!("---\ntitle: T\n---\n\n{body}\n"),
            crate::document::Format::Markdown,
        )
    }

    #[test]
    fn language_tags_in_file_names() {
        for (path, tag) in [
            ("docs/README.zh-CN.md", Some("zh-CN")),
            ("content/about.de.md", Some("de")),
            ("index.pt_BR.md", Some("pt_BR")),
            ("docs/README.md", None),
            ("notes/v1.2.md", None),
            ("notes/draft.old.md", None),
            ("notes/.de.md", None),
        ] {
            assert_eq!(language_tag(path), tag, "{path}");
        }
    }

    #[test]
    fn slugs_that_look_alike_are_different_titles() {
        assert_ne!(title_key("use-memo"), title_key("useMemo"));
        assert_eq!(
            title_key("Vice-Mayor speaks"),
            title_key("Vice Mayor Speaks!")
        );
        // A number keeps its marks: git's release notes v1.7.1.1 and v1.7.11 are two titles.
        assert_ne!(
            title_key("Git v1.7.1.1 Release Notes"),
            title_key("Git v1.7.11 Release Notes")
        );
        assert_ne!(title_key("Version 2.3.7"), title_key("Version 2.37"));
        assert_eq!(title_key("Top 10: the list"), title_key("Top 10 the list"));
        // A `+` or `#` closing a word is part of it; elsewhere a mark.
        assert_ne!(title_key("The C Domain"), title_key("The C++ Domain"));
        assert_ne!(title_key("The C Domain"), title_key("The C# Domain"));
        assert_eq!(title_key("Issue #42"), title_key("Issue 42"));
        assert_ne!(title_key("1+1 Offers"), title_key("11 Offers"));
        assert_eq!(title_key("Rock + Roll"), title_key("Rock Roll"));
        // Titles that differ only in their code differ (the code is masked as prose).
        let key = |text: &str| {
            let d = Document::parse("a.md", text.to_string(), crate::document::Format::Markdown);
            title_key(&known_title(&d).expect("a title").shown(&d.text))
        };
        assert_ne!(key("# `foo` and `bar`\n"), key("# `baz` and `qux`\n"));
        assert_eq!(
            key("# `foo` and `bar`\n"),
            key("# `foo` and `bar`\n\nBody.\n")
        );
    }

    #[test]
    fn sketches_tell_the_same_story_from_another() {
        let story = "The council approved the new library budget on Tuesday after a long debate about opening hours, staffing and the cost of heating the old building through the winter months.";
        let a = sketch(&doc(story));
        let b = sketch(&doc(&format!("{story} Reporting by the city desk.")));
        let c = sketch(&doc("Volunteers planted four hundred trees along the river path this weekend, and the parks department promised to water them through the dry summer ahead of the autumn storms."));
        assert!(similarity(&a, &b) > 0.7, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.1, "{}", similarity(&a, &c));
    }

    /// The rolling combination of a run of words is the one made from scratch for every run:
    /// each word turned by its place after the oldest, XORed, then mixed; the sketch keeps
    /// the smallest distinct values.
    #[test]
    fn a_rolled_sketch_is_the_one_made_run_by_run() {
        let mut body = String::new();
        for i in 0..400u32 {
            // Repeats, blocks, non-ASCII words: every path through the words.
            body.push_str(&format!("word{} Zürich café {} ", i % 37, i * 7919 % 101));
            if i % 50 == 49 {
                body.push_str("\n\n## Heading\n\n");
            }
        }
        let d = doc(&body);
        let words: Vec<u64> = body_words(&d).collect();
        let mut all: Vec<u64> = words
            .windows(SHINGLE)
            .map(|run| {
                mix64(
                    run.iter()
                        .enumerate()
                        .fold(0, |h, (at, w)| h ^ w.rotate_left(13 * at as u32)),
                )
            })
            .collect();
        all.sort_unstable();
        all.dedup();
        all.truncate(SKETCH);
        assert!(words.len() > 2 * SKETCH);
        assert_eq!(sketch(&d), all);
    }

    /// Scopes and similarities the counting tests run under (a similarity of 0 makes every
    /// body alike).
    const SETTINGS: [(Scope, f64); 3] = [
        (Scope::Folder, 0.25),
        (Scope::Repo, 0.25),
        (Scope::Folder, 0.0),
    ];

    /// The facts of two different stories under one title.
    fn two_bodies(rule: &Duplicate) -> [Fact; 2] {
        let story = "The council approved the new library budget on Tuesday after a long debate about opening hours and staffing.";
        let other = "Volunteers planted four hundred trees along the river path this weekend, and the parks department promised water.";
        [
            rule.collect(&doc(story)).unwrap(),
            rule.collect(&doc(other)).unwrap(),
        ]
    }

    /// The count of other files in a finding ("and N more") is worked out by folder and by
    /// class of body; it agrees with looking at every pair, for folders and bodies mixed.
    #[test]
    fn counts_by_folder_and_body_agree_with_every_pair() {
        for (scope, similarity) in SETTINGS {
            let rule = Duplicate { scope, similarity };
            let facts_of = two_bodies(&rule);
            // 40 files in 5 folders, bodies alternating in a pattern unlike the folders'.
            let paths: Vec<String> = (0..40).map(|i| format!("f{}/{i:02}.md", i % 5)).collect();
            let body = |i: usize| usize::from(i % 3 == 0);
            let facts: Vec<(usize, &str, &Fact)> = (0..40)
                .map(|i| (i, paths[i].as_str(), &facts_of[body(i)]))
                .collect();
            let others = |i: usize| -> Vec<usize> {
                (0..40)
                    .filter(|&j| j != i)
                    .filter(|&j| {
                        scope == Scope::Repo
                            || i % 5 == j % 5
                            || body(i) == body(j)
                            || similarity == 0.0
                    })
                    .collect()
            };
            assert_found_as_pairs(&rule, &paths, &facts, others);
        }
    }

    /// Each file's finding names and counts exactly the files `others` gives it, the first
    /// in the run's order first.
    fn assert_found_as_pairs(
        rule: &Duplicate,
        paths: &[String],
        facts: &[(usize, &str, &Fact)],
        others: impl Fn(usize) -> Vec<usize>,
    ) {
        let found = rule.check_corpus(facts);
        for i in 0..paths.len() {
            let others = others(i);
            let want = others.len();
            let scope = rule.scope;
            // The file named first is the first other in the run's order.
            if let Some(f) = found.iter().find(|f| f.file == i) {
                assert_eq!(f.vars[0].1, paths[others[0]], "{scope:?}, file {i}");
                let listed = f.notes.get(1).map_or(String::new(), |n| n.clone());
                let names: Vec<&str> = others[1..]
                    .iter()
                    .take(ALSO_IN_MAX)
                    .map(|&j| paths[j].as_str())
                    .collect();
                assert!(
                    listed.starts_with(&format!("also in {}", names.join(", ")))
                        || names.is_empty(),
                    "{listed}"
                );
            }
            let f = found.iter().find(|f| f.file == i);
            let got = f.map_or(0, |f| {
                let listed = f.notes.get(1).map_or(0, |n| n.matches(", ").count() + 1);
                let more = f
                    .notes
                    .get(1)
                    .and_then(|n| n.rsplit_once(" and "))
                    .map_or(0, |(_, m)| {
                        m.trim_end_matches(" more").parse::<usize>().unwrap()
                    });
                1 + listed + more
            });
            assert_eq!(got, want, "{scope:?}, file {i}: {f:?}");
        }
    }

    #[test]
    fn folders_named_for_versions() {
        for yes in [
            "v2",
            "V3",
            "version-2",
            "version-1.0.0",
            "1.0",
            "2.x",
            "v18.x",
            "v2.0.0-beta.1",
        ] {
            assert!(version_like(yes), "{yes}");
        }
        for no in [
            "2024", "01", "v", "vue", "version-", "1.", "docs", "1.0-", "v1..2", "x.1",
        ] {
            assert!(!version_like(no), "{no}");
        }
    }

    /// Versions of a page (the same path below folders named for versions, and the current
    /// one outside them) are never each other's duplicates; the files of one folder still
    /// are, and so are alike bodies of other pages.
    #[test]
    fn versions_of_a_page_are_not_duplicates_of_each_other() {
        for (scope, similarity) in SETTINGS {
            let rule = Duplicate { scope, similarity };
            let facts_of = two_bodies(&rule);
            // 48 files: 4 versions (the current in `docs/`) of 12 pages, 3 to a folder.
            let (version, folder, page) =
                (|i: usize| i % 4, |i: usize| i / 12, |i: usize| i / 4 % 3);
            let paths: Vec<String> = (0..48)
                .map(|i| {
                    let root = match version(i) {
                        0 => "docs".to_string(),
                        v => format!("versioned_docs/version-1.{v}"),
                    };
                    format!("{root}/s{}/p{}.md", folder(i), page(i))
                })
                .collect();
            let body = |i: usize| usize::from(i % 5 < 2);
            let facts: Vec<(usize, &str, &Fact)> = (0..48)
                .map(|i| (i, paths[i].as_str(), &facts_of[body(i)]))
                .collect();
            let twins = |i: usize, j: usize| (folder(i), page(i)) == (folder(j), page(j));
            let same_folder =
                |i: usize, j: usize| (version(i), folder(i)) == (version(j), folder(j));
            let others = |i: usize| -> Vec<usize> {
                (0..48)
                    .filter(|&j| j != i && !twins(i, j))
                    .filter(|&j| {
                        scope == Scope::Repo
                            || same_folder(i, j)
                            || body(i) == body(j)
                            || similarity == 0.0
                    })
                    .collect()
            };
            assert_found_as_pairs(&rule, &paths, &facts, others);
        }
    }

    /// A title shared by many different bodies in different folders (`Overview` across a
    /// documentation site) is no duplicate; the one body that appears twice is.
    #[test]
    fn among_many_bodies_under_one_title_only_the_repeated_one_is_found() {
        let rule = Duplicate {
            scope: Scope::Folder,
            similarity: 0.25,
        };
        let body = |i: usize| {
            (0..30)
                .map(|w| format!("word{}x{}", i * 31 + w, w % 7))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut facts_of: Vec<Fact> = (0..300)
            .map(|i| rule.collect(&doc(&body(i))).unwrap())
            .collect();
        facts_of.push(
            rule.collect(&doc(&format!("{} and more", body(7))))
                .unwrap(),
        );
        let paths: Vec<String> = (0..301).map(|i| format!("d{i}/index.md")).collect();
        let facts: Vec<(usize, &str, &Fact)> = (0..301)
            .map(|i| (i, paths[i].as_str(), &facts_of[i]))
            .collect();
        let flagged: Vec<usize> = rule.check_corpus(&facts).iter().map(|f| f.file).collect();
        assert_eq!(flagged, [7, 300]);
    }

    #[test]
    fn many_copies_of_one_story_are_found_and_listed_briefly() {
        let story = "The council approved the new library budget on Tuesday after a long debate about opening hours and staffing.";
        let rule = Duplicate {
            scope: Scope::Folder,
            similarity: 0.25,
        };
        let d = doc(story);
        let fact = rule.collect(&d).expect("a title");
        let other = rule
            .collect(&doc(
                "A different story about trees, rivers and summer storms in the park.",
            ))
            .expect("a title");
        // Fourteen copies in fourteen folders, and one unrelated body with the same title:
        // each copy names one other, lists ten more and counts the last two.
        let paths: Vec<String> = (0..15).map(|i| format!("copy-{i:02}/a.md")).collect();
        let mut facts: Vec<(usize, &str, &Fact)> =
            (0..14).map(|i| (i, paths[i].as_str(), &fact)).collect();
        facts.push((14, paths[14].as_str(), &other));
        let found = rule.check_corpus(&facts);
        assert_eq!(found.len(), 14, "the unrelated body is not a duplicate");
        let notes = &found[0].notes;
        assert_eq!(
            notes[0],
            "the bodies are near-identical: the same story twice"
        );
        assert!(notes[1].ends_with(" and 2 more"), "{notes:?}");
        assert_eq!(notes[1].matches(", ").count(), ALSO_IN_MAX - 1, "{notes:?}");
    }
}
