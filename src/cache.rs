//! The result cache: what checking a file found, kept on disk and keyed by everything the
//! result depends on, so a second run over unchanged files reads results instead of
//! checking.
//!
//! - **Key**: a 128-bit hash of the file's bytes, its shown path (which decides its format),
//!   the rules that run on it with their severities, its settings' fingerprint (config text
//!   and user rule files, [`Settings::fingerprint`]) and the build of copydesk (version,
//!   and the executable's size and modification time, so a rebuilt binary never reads an
//!   older one's results). A file that changed, or any change of configuration, is a miss.
//! - **Entry**: the file's per-file findings (with their fixes), its facts for the
//!   corpus-wide rules and the corpus-wide rules its comments suppress. The corpus-wide
//!   phase itself always runs, over cached and fresh facts alike, so `titles/duplicate`
//!   stays correct. Every span read back is checked against the file's text; an entry that
//!   does not fit is a miss.
//! - **Storage**: one small JSON file per entry under `v1/xx/` in the cache folder, created
//!   only if absent (two runs writing one key write the same bytes). No temporary file and
//!   rename: on ext4 a rename per entry made a cold run 2.5x slower. Half an entry (a run
//!   killed while writing, or read while another run writes it) is never taken for a result:
//!   a prefix of a JSON object is not JSON, so it reads as a miss and is deleted, to be
//!   written again. When the folder grows past its bound, the oldest entries go.
//! - **Failures** never fail a run: a cache that cannot be read or written is a miss, and
//!   the first write error turns the cache off for the run with one warning.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{fnv, mix64, Applicability, Diagnostic, Edit, Fix, Severity};
use crate::id::RuleId;
use crate::rule::Fact;
use crate::span::Span;

/// Entries are in this subfolder: a new layout gets a new name, and old ones are ignored.
const LAYOUT: &str = "v1";
/// Default bound on the cache's size on disk.
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;

/// An open cache folder.
pub struct Cache {
    dir: PathBuf,
    max_bytes: u64,
    /// Turned off after the first write error (a read-only folder, a full disk).
    broken: AtomicBool,
    /// Entries written in this run (pruning is considered only when something was added).
    written: AtomicUsize,
    hits: AtomicUsize,
    warning: OnceLock<String>,
}

/// What checking one file found, as the cache keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Result {
    pub diagnostics: Vec<Diagnostic>,
    /// (rule index in the file's rule set, fact).
    pub facts: Vec<(usize, Fact)>,
    /// Rule indices of the corpus-wide rules whose fact here a comment suppresses.
    pub suppressed: Vec<usize>,
}

/// A cache key: 128 bits, shown as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(u64, u64);

impl Key {
    fn hex(self) -> String {
        format!("{:016x}{:016x}", self.0, self.1)
    }
}

impl Cache {
    /// The cache in `dir` (created when first written), bounded to `max_bytes`.
    pub fn open(dir: impl Into<PathBuf>, max_bytes: u64) -> Cache {
        Cache {
            dir: dir.into(),
            max_bytes,
            broken: AtomicBool::new(false),
            written: AtomicUsize::new(0),
            hits: AtomicUsize::new(0),
            warning: OnceLock::new(),
        }
    }

    /// How many lookups found their entry in this run.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// The warning to show when the cache was turned off during the run.
    pub fn warning(&self) -> Option<&str> {
        self.warning.get().map(String::as_str)
    }

    /// The key of a file's result: `content` is the [`content_hash`] of its bytes.
    pub fn key(
        content: (u64, u64),
        shown: &str,
        selection: &[(usize, Severity)],
        fingerprint: u64,
    ) -> Key {
        let mut meta = Vec::with_capacity(24 + shown.len() + 9 * selection.len());
        meta.extend(build_id().to_le_bytes());
        meta.extend(fingerprint.to_le_bytes());
        meta.extend(shown.as_bytes());
        meta.push(0xff);
        for &(rule, severity) in selection {
            meta.extend((rule as u64).to_le_bytes());
            meta.push(severity as u8);
        }
        let meta = fnv(meta);
        let (a, b) = content;
        Key(a ^ meta, b.wrapping_add(mix64(meta)))
    }

    fn path_of(&self, key: Key) -> PathBuf {
        let hex = key.hex();
        self.dir.join(LAYOUT).join(&hex[..2]).join(&hex[2..])
    }

    /// The result stored under `key`, if there is one and it fits `text` (every span inside
    /// it, on character boundaries) and `rules` (every rule id known).
    pub fn get(&self, key: Key, text: &str) -> Option<Result> {
        let path = self.path_of(key);
        let bytes = crate::read::small(&path).ok()?;
        let Ok(stored) = serde_json::from_slice::<Stored>(&bytes) else {
            // Half written (a killed run): gone, so that this run writes it whole.
            let _ = std::fs::remove_file(&path);
            return None;
        };
        let result = stored.into_result(text)?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(result)
    }

    /// Store a result under `key`, unless an entry is there already.
    pub fn put(&self, key: Key, result: &Result) {
        if self.broken.load(Ordering::Relaxed) {
            return;
        }
        let path = self.path_of(key);
        let stored = Stored::from_result(result);
        let Ok(json) = serde_json::to_vec(&stored) else {
            return;
        };
        if let Err(e) = self.write(&path, &json) {
            self.broken.store(true, Ordering::Relaxed);
            let _ = self.warning.set(format!(
                "the cache in `{}` is off for this run: {e}",
                self.dir.display()
            ));
            return;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        let parent = path.parent().expect("an entry has a folder");
        let create = || {
            std::fs::File::options()
                .write(true)
                .create_new(true)
                .open(path)
        };
        let mut file = match create() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.create_root()?;
                std::fs::create_dir_all(parent)?;
                create()
            }
            other => other,
        };
        match &mut file {
            // Another run wrote this key: the same result.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(_) => file.map(drop),
            Ok(f) => f.write_all(bytes),
        }
    }

    /// The folder itself, marked as a cache: ignored by git (`.gitignore` of `*`) and by
    /// backup tools (`CACHEDIR.TAG`).
    fn create_root(&self) -> std::io::Result<()> {
        if self.dir.join(".gitignore").exists() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        std::fs::write(
            self.dir.join(".gitignore"),
            "# Created by copydesk: its result cache.\n*\n",
        )?;
        std::fs::write(
            self.dir.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n# copydesk's result cache.\n",
        )
    }

    /// After a run that added entries: when the cache holds more than its bound, delete
    /// the oldest entries (by modification time) until it holds three quarters of it.
    pub fn prune(&self) {
        if self.written.load(Ordering::Relaxed) == 0 {
            return;
        }
        let mut entries: Vec<(std::time::SystemTime, u64, PathBuf)> = Vec::new();
        let Ok(shards) = std::fs::read_dir(self.dir.join(LAYOUT)) else {
            return;
        };
        for shard in shards.flatten() {
            let Ok(files) = std::fs::read_dir(shard.path()) else {
                continue;
            };
            for f in files.flatten() {
                if let Ok(m) = f.metadata() {
                    let when = m.modified().unwrap_or(std::time::UNIX_EPOCH);
                    entries.push((when, m.len(), f.path()));
                }
            }
        }
        let mut total: u64 = entries.iter().map(|e| e.1).sum();
        if total <= self.max_bytes {
            return;
        }
        entries.sort();
        for (_, len, path) in entries {
            if total <= self.max_bytes / 4 * 3 {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }
}

/// The build of copydesk running: its version and its executable's size and modification
/// time (taken once).
fn build_id() -> u64 {
    static ID: OnceLock<u64> = OnceLock::new();
    *ID.get_or_init(|| {
        let mut id = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
        if let Some(m) = std::env::current_exe()
            .ok()
            .and_then(|p| std::fs::metadata(p).ok())
        {
            id.extend(m.len().to_le_bytes());
            if let Ok(d) = m
                .modified()
                .map(|t| t.duration_since(std::time::UNIX_EPOCH))
            {
                id.extend(d.unwrap_or_default().as_nanos().to_le_bytes());
            }
        }
        fnv(id)
    })
}

/// A 128-bit hash of a file's bytes, eight bytes a step in two independent lanes (several
/// GB/s: hashing is most of what a warm run does).
pub(crate) fn content_hash(bytes: &[u8]) -> (u64, u64) {
    let (mut a, mut b) = (0x9e37_79b9_7f4a_7c15u64, 0xc2b2_ae3d_27d4_eb4fu64);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        a = (a ^ v).wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(31);
        b = (b ^ v.rotate_left(23))
            .wrapping_mul(0xc4ce_b9fe_1a85_ec53)
            .rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let v = u64::from_le_bytes(tail) ^ ((bytes.len() as u64) << 3);
    (
        mix64(a ^ v),
        mix64(b ^ v.rotate_left(41) ^ 0x5851_f42d_4c95_7f2d),
    )
}

/// An entry on disk: plain data, every span as byte offsets.
#[derive(Serialize, Deserialize)]
struct Stored {
    d: Vec<StoredDiagnostic>,
    f: Vec<(usize, String, usize, usize, Vec<u64>)>,
    s: Vec<usize>,
}

#[derive(Serialize, Deserialize)]
struct StoredDiagnostic {
    rule: String,
    severity: Severity,
    message: String,
    span: (usize, usize),
    label: String,
    help: Option<String>,
    notes: Vec<String>,
    fix: Option<StoredFix>,
}

/// A fix: its title, applicability and edits (start, end, replacement).
type StoredFix = (String, Applicability, Vec<(usize, usize, String)>);

impl Stored {
    fn from_result(r: &Result) -> Stored {
        Stored {
            d: r.diagnostics
                .iter()
                .map(|d| StoredDiagnostic {
                    rule: d.rule.as_str().to_string(),
                    severity: d.severity,
                    message: d.message.clone(),
                    span: (d.span.start(), d.span.end()),
                    label: d.label.clone(),
                    help: d.help.clone(),
                    notes: d.notes.clone(),
                    fix: d.fix.as_ref().map(|f| {
                        (
                            f.title.clone(),
                            f.applicability,
                            f.edits
                                .iter()
                                .map(|e| (e.start(), e.end(), e.replacement.clone()))
                                .collect(),
                        )
                    }),
                })
                .collect(),
            f: r.facts
                .iter()
                .map(|(i, f)| {
                    (
                        *i,
                        f.key.clone(),
                        f.span.start(),
                        f.span.end(),
                        f.sketch.clone(),
                    )
                })
                .collect(),
            s: r.suppressed.clone(),
        }
    }

    fn into_result(self, text: &str) -> Option<Result> {
        let span = |(start, end): (usize, usize)| Span::checked(text, start..end);
        let mut diagnostics = Vec::with_capacity(self.d.len());
        for d in self.d {
            let fix = match d.fix {
                None => None,
                Some((title, applicability, edits)) => Some(Fix {
                    title,
                    applicability,
                    edits: edits
                        .into_iter()
                        .map(|(s, e, r)| Some(Edit::new(span((s, e))?, r)))
                        .collect::<Option<Vec<_>>>()?,
                }),
            };
            diagnostics.push(Diagnostic {
                rule: RuleId::new(&d.rule)?,
                severity: d.severity,
                message: d.message,
                span: span(d.span)?,
                label: d.label,
                help: d.help,
                notes: d.notes,
                fix,
            });
        }
        let facts = self
            .f
            .into_iter()
            .map(|(i, key, s, e, sketch)| {
                Some((
                    i,
                    Fact {
                        key,
                        span: span((s, e))?,
                        sketch,
                    },
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Result {
            diagnostics,
            facts,
            suppressed: self.s,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(text: &str) -> Result {
        let span = Span::checked(text, 4..7).unwrap();
        Result {
            diagnostics: vec![Diagnostic {
                rule: RuleId::new("typography/repeated-word").unwrap(),
                severity: Severity::Warning,
                message: "repeated word `the`".into(),
                span,
                label: "repeated word".into(),
                help: Some("remove it".into()),
                notes: vec!["a note".into()],
                fix: Some(Fix::one(
                    "remove",
                    Applicability::Safe,
                    Edit::new(Span::checked(text, 3..7).unwrap(), ""),
                )),
            }],
            facts: vec![(
                3,
                Fact {
                    key: "a title".into(),
                    span,
                    sketch: vec![1, 2, 3],
                },
            )],
            suppressed: vec![5],
        }
    }

    #[test]
    fn a_result_comes_back_as_it_went_in() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(tmp.path().join("c"), DEFAULT_MAX_BYTES);
        let text = "the the end";
        let key = Cache::key(
            content_hash(text.as_bytes()),
            "a.md",
            &[(1, Severity::Warning)],
            7,
        );
        assert_eq!(cache.get(key, text), None);
        cache.put(key, &sample(text));
        assert_eq!(cache.get(key, text), Some(sample(text)));
        assert_eq!(cache.hits(), 1);
        assert!(tmp.path().join("c/.gitignore").is_file());
        assert!(tmp.path().join("c/CACHEDIR.TAG").is_file());
        // An entry whose spans do not fit the text is a miss, never a panic.
        assert_eq!(cache.get(key, "th"), None);
        // Half an entry (a killed run) is a miss, removed, and written whole next time.
        let path = cache.path_of(key);
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
        assert_eq!(cache.get(key, text), None);
        assert!(!path.exists());
        cache.put(key, &sample(text));
        assert_eq!(cache.get(key, text), Some(sample(text)));
    }

    #[test]
    fn every_part_of_the_key_matters() {
        let base = Cache::key(content_hash(b"text"), "a.md", &[(1, Severity::Warning)], 7);
        for other in [
            Cache::key(content_hash(b"texT"), "a.md", &[(1, Severity::Warning)], 7),
            Cache::key(content_hash(b"text"), "a.txt", &[(1, Severity::Warning)], 7),
            Cache::key(content_hash(b"text"), "a.md", &[(1, Severity::Error)], 7),
            Cache::key(content_hash(b"text"), "a.md", &[(2, Severity::Warning)], 7),
            Cache::key(content_hash(b"text"), "a.md", &[(1, Severity::Warning)], 8),
        ] {
            assert_ne!(base, other);
        }
        // Lengths that differ only by zero bytes in the last chunk.
        assert_ne!(content_hash(b"ab"), content_hash(b"ab\0"));
    }

    #[test]
    fn an_unwritable_folder_turns_the_cache_off_with_a_warning() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let cache = Cache::open(&file, DEFAULT_MAX_BYTES);
        let key = Cache::key(content_hash(b"x"), "a.md", &[], 0);
        cache.put(key, &sample("the the end"));
        assert!(cache.warning().is_some());
        assert_eq!(cache.get(key, "the the end"), None);
    }

    #[test]
    fn pruning_keeps_the_newest_within_the_bound() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "the the end";
        let one = {
            let c = Cache::open(tmp.path(), u64::MAX);
            c.put(
                Cache::key(content_hash(b"0"), "a.md", &[], 0),
                &sample(text),
            );
            std::fs::metadata(c.path_of(Cache::key(content_hash(b"0"), "a.md", &[], 0)))
                .unwrap()
                .len()
        };
        let cache = Cache::open(tmp.path(), one * 4);
        let keys: Vec<Key> = (0..10)
            .map(|i| Cache::key(content_hash(format!("{i}").as_bytes()), "a.md", &[], 0))
            .collect();
        for (i, k) in keys.iter().enumerate() {
            cache.put(*k, &sample(text));
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000 + i as u64);
            std::fs::File::options()
                .write(true)
                .open(cache.path_of(*k))
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
        cache.prune();
        let kept: Vec<bool> = keys.iter().map(|k| cache.path_of(*k).exists()).collect();
        assert_eq!(kept.iter().filter(|&&k| k).count(), 3, "{kept:?}");
        assert!(kept[7] && kept[8] && kept[9], "{kept:?}");
    }
}
