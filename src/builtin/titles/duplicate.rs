//! `titles/duplicate`: two files of one run with the same title (a corpus-wide rule: each
//! file gives its normalized title and a sketch of its body as a fact; the corpus phase
//! groups them).
//!
//! By default (`scope = "folder"`) a title repeated in one folder is a duplicate, and so is
//! a title repeated anywhere over near-identical bodies (the same story imported twice);
//! documentation sites reuse section titles ("Getting Started") across folders, and that
//! is not a defect. `scope = "repo"` flags every repeated title.

use std::collections::HashMap;
use std::path::Path;

use super::{plain, words_only};
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

/// The title a document is known by: front-matter title, else its headline.
fn known_title(doc: &Document) -> Option<&Block> {
    doc.metadata_title().or_else(|| doc.headline())
}

/// The comparison key of a title: words lower-cased, hyphens and underscores separating
/// words (so `use-memo` and `useMemo` are different titles, `Vice-Mayor` and `Vice Mayor`
/// the same).
fn title_key(text: &str) -> String {
    words_only(&plain(text).replace(['-', '_'], " "))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// A word's hash, lower-cased as it goes (FNV-1a over bytes for ASCII, over characters
/// otherwise): stable across runs and platforms, and no word is copied.
fn word_hash(word: &str) -> u64 {
    let mut h = FNV_OFFSET;
    if word.is_ascii() {
        for b in word.bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
        }
    } else {
        for c in word.chars().flat_map(char::to_lowercase) {
            h = (h ^ u64::from(u32::from(c))).wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// A final mix (splitmix64's) so that the smallest hashes of the runs are a fair sample.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The bottom-k sketch of a document's body: hashes of its five-word runs (lower-cased),
/// the smallest `SKETCH` of them, sorted. Every file with a title pays this, so it is one
/// pass: each word hashed once from its characters, a run's hash combines its words'
/// hashes, and only a hash below the current k-th smallest touches the sketch.
fn sketch(doc: &Document) -> Vec<u64> {
    let mut words: Vec<u64> = Vec::new();
    for b in doc.blocks.iter().filter(|b| {
        b.field.is_none() && !matches!(b.kind, BlockKind::Title | BlockKind::Heading(1))
    }) {
        let text = b.text();
        words.extend(b.words.iter().map(|w| word_hash(&text[w.clone()])));
    }
    let mut kept: std::collections::BinaryHeap<u64> = std::collections::BinaryHeap::new();
    for run in words.windows(SHINGLE) {
        let h = mix(run.iter().fold(FNV_OFFSET, |h, w| {
            (h ^ w).wrapping_mul(FNV_PRIME).rotate_left(29)
        }));
        if kept.len() < SKETCH {
            if !kept.iter().any(|&k| k == h) {
                kept.push(h);
            }
        } else if kept.peek().is_some_and(|&max| h < max) && !kept.iter().any(|&k| k == h) {
            kept.pop();
            kept.push(h);
        }
    }
    kept.into_sorted_vec()
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
        let key = title_key(t.text());
        let span = Span::checked(&doc.text, t.range())?;
        (!key.is_empty()).then(|| Fact {
            key,
            span,
            sketch: sketch(doc),
        })
    }

    fn check_corpus(&self, facts: &[(usize, &str, &Fact)]) -> Vec<CorpusFinding> {
        let mut groups: HashMap<&str, Vec<&(usize, &str, &Fact)>> = HashMap::new();
        for f in facts {
            groups.entry(f.2.key.as_str()).or_default().push(f);
        }
        let folder = |p: &str| Path::new(p).parent().map(Path::to_path_buf);
        let mut out = Vec::new();
        for group in groups.values().filter(|g| g.len() > 1) {
            for f in group {
                // The files this one duplicates, and why.
                let mut others: Vec<(&str, &'static str)> = Vec::new();
                for o in group.iter().filter(|o| o.0 != f.0) {
                    let why = if folder(o.1) == folder(f.1) {
                        "both files are in one folder"
                    } else if similarity(&f.2.sketch, &o.2.sketch) >= self.similarity {
                        "the bodies are near-identical: the same story twice"
                    } else if self.scope == Scope::Repo {
                        "`scope = \"repo\"`: titles are unique across the run"
                    } else {
                        continue;
                    };
                    others.push((o.1, why));
                }
                let Some(&(other, why)) = others.first() else {
                    continue;
                };
                let mut notes = vec![why.to_string()];
                if others.len() > 1 {
                    let rest: Vec<&str> = others[1..].iter().map(|o| o.0).collect();
                    notes.push(format!("also in {}", rest.join(", ")));
                }
                out.push(CorpusFinding {
                    file: f.0,
                    span: f.2.span,
                    vars: vec![("other".into(), other.to_string())],
                    notes,
                });
            }
        }
        out.sort_by_key(|f| (f.file, f.span.start()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_that_look_alike_are_different_titles() {
        assert_ne!(title_key("use-memo"), title_key("useMemo"));
        assert_eq!(
            title_key("Vice-Mayor speaks"),
            title_key("Vice Mayor Speaks!")
        );
    }

    #[test]
    fn sketches_tell_the_same_story_from_another() {
        let doc = |body: &str| {
            crate::document::Document::parse(
                "a.md",
                format!("---\ntitle: T\n---\n\n{body}\n"),
                crate::document::Format::Markdown,
            )
        };
        let story = "The council approved the new library budget on Tuesday after a long debate about opening hours, staffing and the cost of heating the old building through the winter months.";
        let a = sketch(&doc(story));
        let b = sketch(&doc(&format!("{story} Reporting by the city desk.")));
        let c = sketch(&doc("Volunteers planted four hundred trees along the river path this weekend, and the parks department promised to water them through the dry summer ahead of the autumn storms."));
        assert!(similarity(&a, &b) > 0.7, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.1, "{}", similarity(&a, &c));
    }
}
