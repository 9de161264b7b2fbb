//! The result cache: what checking a file found, kept on disk and keyed by everything the
//! result depends on, so a second run over unchanged files reads results instead of
//! checking.
//!
//! - **Key**: a 128-bit hash of the file's bytes, its shown path (which decides its format),
//!   the rules that run on it with their severities, its settings' fingerprint (config text
//!   and user rule files, [`Settings::fingerprint`](crate::config::Settings::fingerprint)) and the build of copydesk (version,
//!   and the executable's size and modification time, so a rebuilt binary never reads an
//!   older one's results). A file that changed, or any change of configuration, is a miss.
//! - **Entry**: the file's per-file findings (with their fixes), its facts for the
//!   corpus-wide rules, the corpus-wide rules its comments suppress, and the positions and
//!   line hashes of every offset they point at, in a compact binary form (`Stored`)
//!   behind a checksum (a damaged entry is a miss). The corpus-wide phase
//!   itself always runs, over cached and fresh facts alike, so `titles/duplicate` stays
//!   correct. When the file's text was read, every span read back is checked against it;
//!   an entry that does not fit is a miss.
//! - **Stamps**: beside the entries, each file read is remembered under its path with its
//!   device, inode, size, both change times and the hash of its bytes ([`Stamp`]). A run
//!   that finds the same stamp takes that hash without opening the file, and the entry
//!   without the text (spans checked against the file's length, and against the text
//!   whenever a consumer reads it again). Only a stamp whose last change was settled
//!   before its run began is remembered: git's rule for its index.
//! - **Storage**: packs under `v2/`, each written whole by one run and never changed after:
//!   a run appends its new entries to a temporary file and, when its files are checked,
//!   adds the index (key, offset, length of each entry) at the end and renames the file to
//!   `NANOS-PID-BUILD.pack`. A reader reads only its own build's packs (every key holds the
//!   build, so another build's entries are never found: after an upgrade the old packs
//!   are not read), and reads them whole while they hold at most 64 MB in all (one read each, on another thread from the start of the run, and
//!   no system call per lookup); past that, or when the run names a few files among
//!   packs many times the size of their entries (a pre-commit hook), it opens each pack,
//!   reads only its index, and reads an entry where the index says. One file per run instead of one per entry: creating a file costs
//!   about 40 times appending an entry (176 µs against 4 µs on ext4 here), which made a first
//!   run half again as slow as one without the cache. A pack is complete or absent (rename),
//!   so concurrent runs never see half of one; a pack whose index does not check out (a
//!   damaged disk) is skipped, and a run killed while writing leaves only its temporary file,
//!   removed by a later run.
//! - **Bound**: after a run that wrote, when the packs hold more than the bound the oldest go;
//!   when there are more than [`MAX_PACKS`] (many small runs: pre-commit, an editor), other
//!   builds' packs go first, then the newest entry of every key is merged into one pack
//!   within the bound.
//! - **Failures** never fail a run: a cache that cannot be read or written is a miss, and
//!   the first write error turns the cache off for the run with one warning.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::diagnostic::{fnv, mix64, Applicability, Diagnostic, Edit, Fix, LineHashes, Severity};
use crate::id::RuleId;
use crate::lines::{Located, Position};
use crate::rule::Fact;
use crate::span::Span;

/// Packs are in this subfolder: a new layout gets a new name; older layouts' folders are
/// removed by the first run that writes.
const LAYOUT: &str = "v2";
const OLD_LAYOUTS: [&str; 1] = ["v1"];
/// Default bound on the cache's size on disk.
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;
/// More packs than this are merged into one.
pub const MAX_PACKS: usize = 32;
/// A pack opens with this, and its index ends with [`END`].
const MAGIC: &[u8; 8] = b"CDPACK2\n";
const END: &[u8; 8] = b"CDPKEND\n";
/// An index record: key (16 bytes), offset (8), length (4).
const RECORD: usize = 28;
/// The tail after the records: their count (8), where they start (8), [`END`] (8).
const TAIL: usize = 24;
/// A temporary pack older than this belongs to a run that was killed.
const ABANDONED: std::time::Duration = std::time::Duration::from_secs(3600);

/// An open cache folder.
pub struct Cache {
    dir: PathBuf,
    max_bytes: u64,
    /// Packs up to this many bytes in all are read whole ([`HELD_BYTES`]).
    held_bytes: u64,
    /// How many files the run looks up, when it is known before the packs are read (the
    /// files named on the command line): a few are read by offset ([`Cache::expecting`]).
    expected: Option<usize>,
    /// Turned off after the first write error (a read-only folder, a full disk).
    broken: AtomicBool,
    hits: AtomicUsize,
    /// Of the hits, those given without the file's text ([`Cache::get_unread`]).
    unread: AtomicUsize,
    warning: OnceLock<String>,
    /// The packs on disk, read when first needed.
    packs: OnceLock<Packs>,
    /// The packs being read by another thread ([`Cache::preload`]).
    loading: Mutex<Option<std::thread::JoinHandle<Packs>>>,
    /// The pack this run is writing.
    out: Mutex<Option<Writer>>,
    /// When the run began: a file's [`Stamp`] is remembered only if its last change was
    /// settled by then.
    started: std::time::SystemTime,
}

/// The packs a run reads, and where each key's entry is.
#[derive(Default)]
struct Packs {
    files: Vec<Pack>,
    index: HashMap<Key, Place, std::hash::BuildHasherDefault<KeyHasher>>,
}

/// One pack: its bytes held whole when the packs together are at most [`HELD_BYTES`] (one
/// read, then no system call per entry: a warm run looks up two entries a file), else the
/// open file, read by offset.
enum Pack {
    Held(Vec<u8>),
    Open(File),
}

/// Packs up to this many bytes in all are read whole (about 1 KB a file: 64 MB is some
/// 60,000 files' results); more are read an entry at a time, so memory stays bounded.
const HELD_BYTES: u64 = 64 << 20;

/// A run that names its files reads the packs whole only if they hold at most this many
/// bytes for each file it looks up; else it reads the entries it needs by offset. Reading
/// whole costs about 0.5 ns a byte (the copy and the pages it fills), reading by offset
/// about 2.4 µs a file (two entries, two system calls): even at about 4.8 KB a file. One
/// file named in a repository of 14,585 (14 MB of packs): 13.0 ms and 16 MB instead of
/// 20.5 ms and 31 MB (a pre-commit hook or an editor's run); the whole 14,585 by offset:
/// 273 ms instead of 238 ms.
const FILE_SHARE: u64 = 4096;

/// The hasher of the index: a key is already a uniform 128-bit hash, so folding its two
/// halves is a hash (SipHash over the keys took 3 % of a warm run).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = self.0.rotate_left(32) ^ v;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Where an entry is: its pack (index into [`Packs::files`]), offset and length.
#[derive(Clone, Copy)]
struct Place {
    pack: usize,
    offset: u64,
    len: u32,
}

/// A pack being written: a temporary file and the index of what it holds so far.
struct Writer {
    path: PathBuf,
    file: BufWriter<File>,
    offset: u64,
    index: Vec<(Key, u64, u32)>,
}

/// What checking one file found, as the cache keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Result {
    pub diagnostics: Vec<Diagnostic>,
    /// (rule index in the file's rule set, fact).
    pub facts: Vec<(usize, Fact)>,
    /// Rule indices of the corpus-wide rules whose fact here a comment suppresses.
    pub suppressed: Vec<usize>,
    /// For a file on disk: the positions and line hashes of every offset its findings and
    /// facts point at, worked out from its text — kept so that a hit needs no text.
    pub located: Option<(Located, LineHashes)>,
}

/// A cache key: 128 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(u64, u64);

impl Key {
    fn bytes(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.0.to_le_bytes());
        b[8..].copy_from_slice(&self.1.to_le_bytes());
        b
    }

    fn from_bytes(b: &[u8]) -> Key {
        Key(le_u64(&b[..8]), le_u64(&b[8..16]))
    }
}

impl Cache {
    /// The cache in `dir` (created when first written), bounded to `max_bytes`.
    pub fn open(dir: impl Into<PathBuf>, max_bytes: u64) -> Cache {
        Cache {
            dir: dir.into(),
            max_bytes,
            held_bytes: HELD_BYTES,
            expected: None,
            broken: AtomicBool::new(false),
            hits: AtomicUsize::new(0),
            unread: AtomicUsize::new(0),
            warning: OnceLock::new(),
            packs: OnceLock::new(),
            loading: Mutex::new(None),
            out: Mutex::new(None),
            started: std::time::SystemTime::now(),
        }
    }

    /// This cache for a run that looks up at most `files` files (their entries and stamps):
    /// packs much larger than those entries are not read whole ([`FILE_SHARE`]).
    pub fn expecting(mut self, files: usize) -> Cache {
        self.expected = Some(files);
        self
    }

    /// Start reading the packs on another thread, while the caller does other work (loads
    /// rules, walks the folders): the first lookup waits for it.
    pub fn preload(self) -> Cache {
        let (folder, held, expected) = (self.folder(), self.held_bytes, self.expected);
        let reader = std::thread::Builder::new()
            .name("copydesk-cache".into())
            .spawn(move || Packs::read(&folder, held, expected))
            .ok();
        *self.loading.lock().expect("no panics hold this lock") = reader;
        self
    }

    /// This cache as if its run began at `time` (to test what a stamp settled long before
    /// gives, without waiting).
    #[cfg(test)]
    pub(crate) fn started_at(mut self, time: std::time::SystemTime) -> Cache {
        self.started = time;
        self
    }

    /// This cache reading its packs whole only while they hold at most `bytes` in all.
    #[cfg(test)]
    pub(crate) fn holding(mut self, bytes: u64) -> Cache {
        self.held_bytes = bytes;
        self
    }

    /// How many hits came without reading the file ([`Cache::get_unread`]).
    #[cfg(test)]
    pub(crate) fn unread(&self) -> usize {
        self.unread.load(Ordering::Relaxed)
    }

    /// How many lookups found their entry in this run.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// The warning to show when the cache was turned off during the run.
    pub fn warning(&self) -> Option<&str> {
        self.warning.get().map(String::as_str)
    }

    /// The key of a file's result: `content` is the `content_hash` of its bytes.
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
        // The fast hash (eight bytes a step): FNV took a multiplication per byte of the
        // path and the selection, for every file of a warm run.
        let meta = content_hash(&meta).0;
        let (a, b) = content;
        Key(a ^ meta, b.wrapping_add(mix64(meta)))
    }

    fn folder(&self) -> PathBuf {
        self.dir.join(LAYOUT)
    }

    /// The result stored under `key`, if there is one and it fits `text` (every span inside
    /// it, on character boundaries) and `rules` (every rule id known).
    pub fn get(&self, key: Key, text: &str) -> Option<Result> {
        let result = self.entry(key, |b| Stored::decode(b, |r| Span::checked(text, r)))?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(result)
    }

    /// The result stored under `key` for a file of `len` bytes whose text is not read: only
    /// an entry that holds its findings' positions (so none needs the text), every span
    /// inside `len` bytes ([`Span::stored`]).
    pub fn get_unread(&self, key: Key, len: usize) -> Option<Result> {
        let result = self.entry(key, |b| Stored::decode(b, |r| Span::stored(len, r)))?;
        let pointed_into = !result.diagnostics.is_empty() || !result.facts.is_empty();
        if pointed_into && result.located.is_none() {
            return None;
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
        self.unread.fetch_add(1, Ordering::Relaxed);
        Some(result)
    }

    /// Store a result under `key` (in this run's pack, read by the runs after it).
    pub fn put(&self, key: Key, result: &Result) {
        if let Some(bytes) = Stored::encode(result) {
            self.put_entry(key, &bytes);
        }
    }

    /// The content hash of the file at `path` whose handle gives `stamp`, if a run that
    /// read it remembered it under the same stamp ([`Cache::remember`]).
    pub fn recall(&self, path: &Path, stamp: &Stamp) -> Option<(u64, u64)> {
        self.entry(Stamp::key(path), |b| stamp.recorded(b))
    }

    /// Remember that the file at `path`, whose handle gave `stamp`, held bytes of hash
    /// `content` — unless its last change was not settled before the run began (a change
    /// within the same tick of the file system's clock would leave the stamp as it was).
    pub fn remember(&self, path: &Path, stamp: &Stamp, content: (u64, u64)) {
        if stamp.settled_before(self.started) {
            self.put_entry(Stamp::key(path), &stamp.encode(content));
        }
    }

    /// `read` of the bytes of the entry under `key`, if there is one and its checksum holds.
    fn entry<T>(&self, key: Key, read: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        let packs = self.packs.get_or_init(|| {
            let reader = self
                .loading
                .lock()
                .expect("no panics hold this lock")
                .take();
            reader
                .and_then(|r| r.join().ok())
                .unwrap_or_else(|| Packs::read(&self.folder(), self.held_bytes, self.expected))
        });
        let place = *packs.index.get(&key)?;
        let checked = |bytes: &[u8]| {
            let sum = le_u64(bytes.get(..8)?);
            (sum == content_hash(&bytes[8..]).0).then(|| read(&bytes[8..]))?
        };
        match &packs.files[place.pack] {
            Pack::Held(bytes) => {
                let start = usize::try_from(place.offset).ok()?;
                checked(bytes.get(start..start.checked_add(place.len as usize)?)?)
            }
            // Read into this thread's buffer: no allocation (zeroed) per entry, nor a move
            // of the whole entry to drop its checksum.
            Pack::Open(file) => {
                thread_local! {
                    static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
                }
                BUF.with_borrow_mut(|buf| {
                    buf.resize(place.len as usize, 0);
                    let found = read_at(file, buf, place.offset)
                        .ok()
                        .and_then(|()| checked(buf));
                    // The entry of a file with a great many findings is not held for the run.
                    if buf.capacity() > 1 << 20 {
                        *buf = Vec::new();
                    }
                    found
                })
            }
        }
    }

    /// Append `body` under `key`, after its checksum.
    fn put_entry(&self, key: Key, body: &[u8]) {
        if self.broken.load(Ordering::Relaxed) {
            return;
        }
        let mut bytes = Vec::with_capacity(8 + body.len());
        bytes.extend(content_hash(body).0.to_le_bytes());
        bytes.extend(body);
        let mut out = self.out.lock().expect("no panics hold this lock");
        if let Err(e) = self.append(&mut out, key, &bytes) {
            self.fail(&e);
        }
    }

    fn fail(&self, e: &std::io::Error) {
        self.broken.store(true, Ordering::Relaxed);
        let _ = self.warning.set(format!(
            "the cache in `{}` is off for this run: {e}",
            self.dir.display()
        ));
    }

    fn append(&self, out: &mut Option<Writer>, key: Key, json: &[u8]) -> std::io::Result<()> {
        if out.is_none() {
            self.create_root()?;
            let folder = self.folder();
            std::fs::create_dir_all(&folder)?;
            *out = Some(Writer::create(&folder)?);
        }
        let w = out.as_mut().expect("just made");
        // One run never writes more than the bound: past it, its other files go uncached
        // (the pack as a whole would otherwise be kept, being the newest).
        let index = (w.index.len() as u64 + 1) * RECORD as u64 + TAIL as u64;
        if w.offset + json.len() as u64 + index > self.max_bytes {
            return Ok(());
        }
        w.add(key, json)
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

    /// After the run's files are checked: this run's pack is completed and put in place,
    /// then the packs are kept within the bound (the oldest go) and merged when there are
    /// more than [`MAX_PACKS`].
    pub fn finish(&self) {
        let Some(w) = self.out.lock().expect("no panics hold this lock").take() else {
            return;
        };
        if self.broken.load(Ordering::Relaxed) {
            let _ = std::fs::remove_file(&w.path);
            return;
        }
        let folder = self.folder();
        if let Err(e) = w.complete(&folder) {
            self.fail(&e);
            return;
        }
        self.tidy(&folder);
    }

    /// The bound and the number of packs kept; leftovers of killed runs and of older
    /// layouts removed. Every failure here only leaves more on disk than wanted.
    fn tidy(&self, folder: &Path) {
        for old in OLD_LAYOUTS {
            remove_old_layout(&self.dir.join(old));
        }
        let mut packs: Vec<(String, u64)> = Vec::new();
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(meta) = e.metadata() else { continue };
            if is_pack(&name) {
                packs.push((name, meta.len()));
            } else if is_temporary(&name)
                && meta
                    .modified()
                    .ok()
                    .and_then(|m| m.elapsed().ok())
                    .is_some_and(|age| age > ABANDONED)
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
        // Oldest first: names start with the time they were written.
        packs.sort();
        let mut total: u64 = packs.iter().map(|p| p.1).sum();
        if total > self.max_bytes {
            while total > self.max_bytes / 4 * 3 && packs.len() > 1 {
                let (name, len) = packs.remove(0);
                if std::fs::remove_file(folder.join(name)).is_ok() {
                    total -= len;
                }
            }
        }
        // Too many packs: other builds' go first, oldest first (none of their entries is
        // ever found by this build), then this build's are merged.
        if packs.len() > MAX_PACKS {
            let mut i = 0;
            while packs.len() > MAX_PACKS && i < packs.len() {
                if ours(&packs[i].0) {
                    i += 1;
                } else {
                    let (name, _) = packs.remove(i);
                    let _ = std::fs::remove_file(folder.join(name));
                }
            }
        }
        if packs.len() > MAX_PACKS {
            let names: Vec<PathBuf> = packs.iter().map(|p| folder.join(&p.0)).collect();
            let _ = merge(folder, &names, self.max_bytes / 4 * 3);
        }
    }
}

impl Packs {
    /// The packs in `folder`, older first so that a newer entry of a key wins; a pack that
    /// is not whole is skipped. Read whole when they hold at most `held_bytes` in all, and
    /// are not many times the entries of the `expected` files a run looks up.
    fn read(folder: &Path, held_bytes: u64, expected: Option<usize>) -> Packs {
        let mut found: Vec<(PathBuf, u64)> = match std::fs::read_dir(folder) {
            Ok(entries) => entries
                .flatten()
                .filter(|e| e.file_name().to_str().is_some_and(ours))
                .map(|e| (e.path(), e.metadata().map_or(u64::MAX, |m| m.len())))
                .collect(),
            Err(_) => return Packs::default(),
        };
        found.sort();
        let held = found
            .iter()
            .try_fold(0u64, |total, p| total.checked_add(p.1))
            .is_some_and(|total| {
                total <= held_bytes
                    && expected.is_none_or(|files| files as u64 * FILE_SHARE >= total)
            });
        let mut packs = Packs::default();
        let mut records = Vec::new();
        for (path, _) in found {
            let pack = if held {
                std::fs::read(&path).ok().map(Pack::Held)
            } else {
                File::open(&path).ok().map(Pack::Open)
            };
            let Some(pack) = pack else { continue };
            let Ok(index) = index_of(&pack) else { continue };
            records.push((packs.files.len(), index));
            packs.files.push(pack);
        }
        packs.index.reserve(records.iter().map(|r| r.1.len()).sum());
        for (pack, index) in records {
            for (key, offset, len) in index {
                packs.index.insert(key, Place { pack, offset, len });
            }
        }
        packs
    }
}

impl Pack {
    fn len(&self) -> std::io::Result<u64> {
        match self {
            Pack::Held(bytes) => Ok(bytes.len() as u64),
            Pack::Open(file) => Ok(file.metadata()?.len()),
        }
    }

    /// `buf.len()` bytes at `offset`.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        match self {
            Pack::Held(bytes) => {
                let part = usize::try_from(offset)
                    .ok()
                    .and_then(|start| bytes.get(start..start.checked_add(buf.len())?))
                    .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::UnexpectedEof))?;
                buf.copy_from_slice(part);
                Ok(())
            }
            Pack::Open(file) => read_at(file, buf, offset),
        }
    }
}

/// The index of a pack: every entry's key, offset and length, checked to lie inside it.
fn index_of(file: &Pack) -> std::io::Result<Vec<(Key, u64, u32)>> {
    let bad = || std::io::Error::other("not a whole pack");
    let size = file.len()?;
    let min = (MAGIC.len() + TAIL) as u64;
    if size < min {
        return Err(bad());
    }
    let mut head = [0u8; 8];
    file.read_at(&mut head, 0)?;
    let mut tail = [0u8; TAIL];
    file.read_at(&mut tail, size - TAIL as u64)?;
    let (count, start) = (le_u64(&tail[..8]), le_u64(&tail[8..16]));
    if &head != MAGIC
        || &tail[16..] != END
        || count
            .checked_mul(RECORD as u64)
            .and_then(|n| n.checked_add(start))
            != Some(size - TAIL as u64)
        || start < MAGIC.len() as u64
    {
        return Err(bad());
    }
    let mut raw = vec![0u8; (size - TAIL as u64 - start) as usize];
    file.read_at(&mut raw, start)?;
    let mut out = Vec::with_capacity(count as usize);
    for r in raw.chunks_exact(RECORD) {
        let offset = le_u64(&r[16..24]);
        let len = u32::from_le_bytes(r[24..28].try_into().expect("four bytes"));
        // Checked: a damaged index is skipped, never trusted or overflowed.
        let end = offset.checked_add(u64::from(len));
        if offset < MAGIC.len() as u64 || end.is_none_or(|e| e > start) {
            return Err(bad());
        }
        out.push((Key::from_bytes(&r[..16]), offset, len));
    }
    Ok(out)
}

impl Writer {
    /// A new temporary pack in `folder`.
    fn create(folder: &Path) -> std::io::Result<Writer> {
        let path = folder.join(format!(".tmp-{}-{}", std::process::id(), nanos()));
        let mut file = BufWriter::with_capacity(
            1 << 16,
            File::options().write(true).create_new(true).open(&path)?,
        );
        file.write_all(MAGIC)?;
        Ok(Writer {
            path,
            file,
            offset: MAGIC.len() as u64,
            index: Vec::new(),
        })
    }

    /// Append the entry of `key`.
    fn add(&mut self, key: Key, bytes: &[u8]) -> std::io::Result<()> {
        let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
        self.file.write_all(bytes)?;
        self.index.push((key, self.offset, len));
        self.offset += u64::from(len);
        Ok(())
    }

    /// Write the index after the entries and put the pack in place in `folder`, named by
    /// the time now (so it sorts after every pack before it); on failure nothing is left.
    fn complete(self, folder: &Path) -> std::io::Result<()> {
        let done = folder.join(format!(
            "{:020}-{}-{:016x}.pack",
            nanos(),
            std::process::id(),
            build_id()
        ));
        let Writer {
            path,
            mut file,
            offset: start,
            index,
        } = self;
        let mut tail = || {
            for (key, offset, len) in &index {
                file.write_all(&key.bytes())?;
                file.write_all(&offset.to_le_bytes())?;
                file.write_all(&len.to_le_bytes())?;
            }
            file.write_all(&(index.len() as u64).to_le_bytes())?;
            file.write_all(&start.to_le_bytes())?;
            file.write_all(END)?;
            file.flush()
        };
        let written = tail();
        // Closed before it is renamed or removed (a rule on some systems).
        drop(file);
        let placed = written.and_then(|()| std::fs::rename(&path, &done));
        if placed.is_err() {
            let _ = std::fs::remove_file(&path);
        }
        placed
    }
}

/// Merge `packs` (oldest first) into one: the newest entry of each key, newest keys first
/// until `bound` bytes, then the merged packs removed.
fn merge(folder: &Path, packs: &[PathBuf], bound: u64) -> std::io::Result<()> {
    let mut latest: HashMap<Key, (usize, u64, u32)> = HashMap::new();
    let mut files: Vec<Option<Pack>> = Vec::with_capacity(packs.len());
    for (i, path) in packs.iter().enumerate() {
        let file = File::open(path).ok().map(Pack::Open);
        if let Some(records) = file.as_ref().and_then(|f| index_of(f).ok()) {
            for (key, offset, len) in records {
                latest.insert(key, (i, offset, len));
            }
        }
        files.push(file);
    }
    let mut entries: Vec<(Key, (usize, u64, u32))> = latest.into_iter().collect();
    // Newest pack first, then by place (a fixed order).
    entries.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    let mut w = Writer::create(folder)?;
    let mut buf = Vec::new();
    for (key, (pack, offset, len)) in entries {
        if w.offset + u64::from(len) > bound {
            break;
        }
        let Some(Some(file)) = files.get(pack) else {
            continue;
        };
        buf.resize(len as usize, 0);
        if file.read_at(&mut buf, offset).is_ok() {
            w.add(key, &buf)?;
        }
    }
    w.complete(folder)?;
    for p in packs {
        let _ = std::fs::remove_file(p);
    }
    Ok(())
}

/// A pack's name as [`Cache::finish`] gives it: `NANOS-PID-BUILD.pack` (20 digits, digits,
/// the build's 16 hex digits), or `NANOS-PID.pack` as earlier builds named theirs. Only
/// files named so are read, dropped or merged: a cache folder set to a folder that holds
/// other files loses none of them.
fn is_pack(name: &str) -> bool {
    pack_name(name).is_some()
}

/// The build that wrote the pack named `name` (`None` for a name without one: an earlier
/// build's), if it is a pack's name.
fn pack_name(name: &str) -> Option<Option<u64>> {
    let (t, rest) = name.strip_suffix(".pack")?.split_once('-')?;
    let (p, build) = match rest.split_once('-') {
        Some((p, b)) if b.len() == 16 => (p, Some(u64::from_str_radix(b, 16).ok()?)),
        Some(_) => return None,
        None => (rest, None),
    };
    (t.len() == 20 && digits(t) && digits(p)).then_some(build)
}

/// Whether the pack named `name` was written by this build: every key holds the build
/// ([`Cache::key`], [`Stamp`]), so another build's entries are never found, and its packs
/// are not read.
fn ours(name: &str) -> bool {
    pack_name(name) == Some(Some(build_id()))
}

/// A temporary pack's name: `.tmp-PID-NANOS`.
fn is_temporary(name: &str) -> bool {
    name.strip_prefix(".tmp-")
        .and_then(|n| n.split_once('-'))
        .is_some_and(|(p, t)| digits(p) && digits(t))
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Remove what the one-file-per-entry layout wrote in `folder` (`xx/` folders of two hex
/// digits, each holding entries named by 30 hex digits), and the folders when that leaves
/// them empty: nothing else, whatever else the folder holds.
fn remove_old_layout(folder: &Path) {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    let Ok(shards) = std::fs::read_dir(folder) else {
        return;
    };
    for shard in shards.flatten() {
        if !shard.file_name().to_str().is_some_and(|n| hex(n, 2)) {
            continue;
        }
        if let Ok(entries) = std::fs::read_dir(shard.path()) {
            for e in entries.flatten() {
                if e.file_name().to_str().is_some_and(|n| hex(n, 30)) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        let _ = std::fs::remove_dir(shard.path());
    }
    let _ = std::fs::remove_dir(folder);
}

/// Eight little-endian bytes as a number.
fn le_u64(b: &[u8]) -> u64 {
    u64::from_le_bytes(b.try_into().expect("eight bytes"))
}

/// Nanoseconds since the epoch: packs sort by the time they were written.
fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos()
}

/// A result in the cache's compact form (for the engine's park of findings).
pub(crate) fn encode(r: &Result) -> Option<Vec<u8>> {
    Stored::encode(r)
}

/// A result [`encode`] made, read back (its spans inside any text: they were checked when
/// the findings were made).
pub(crate) fn decode(bytes: &[u8]) -> Option<Result> {
    Stored::decode(bytes, |r| Span::stored(usize::MAX, r))
}

/// Read `buf.len()` bytes at `offset` without moving a shared position (threads read one
/// pack at once).
pub(crate) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        static LOCK: Mutex<()> = Mutex::new(());
        let _guard = LOCK.lock().expect("no panics hold this lock");
        let mut f = file;
        f.seek(SeekFrom::Start(offset))?;
        f.read_exact(buf)
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

/// What a file's handle says of which file it is and when it last changed. While these
/// are as they were when the file was read, and its last change was settled before that run
/// began, its bytes are as they were: a run over unchanged files opens each but reads none.
/// Both change times are kept, as git does: a tool can set the modification time back
/// (`cp -p`, `rsync -t`, unpacking an archive), but not the status-change time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

/// How long a file's last change must lie before a run for its [`Stamp`] to be trusted:
/// more than the coarsest file system clock (FAT's two seconds).
const SETTLED: std::time::Duration = std::time::Duration::from_secs(3);

impl Stamp {
    /// The stamp of an open file's metadata (on Unix; elsewhere there is none, and every
    /// file is read).
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Stamp {
                dev: meta.dev(),
                ino: meta.ino(),
                size: meta.size(),
                modified: (meta.mtime(), meta.mtime_nsec()),
                changed: (meta.ctime(), meta.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// The file's length in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Did the file last change at least [`SETTLED`] before `time`?
    fn settled_before(&self, time: std::time::SystemTime) -> bool {
        let Ok(t) = time.duration_since(std::time::UNIX_EPOCH) else {
            return false;
        };
        let limit = t.saturating_sub(SETTLED);
        let limit = (
            i64::try_from(limit.as_secs()).unwrap_or(i64::MAX),
            i64::from(limit.subsec_nanos()),
        );
        self.modified.max(self.changed) < limit
    }

    /// Where a run remembers the file at `path`: by its build and path only, so that a
    /// newer record of a path hides the older ones and merging packs keeps one per path (a
    /// CI job's fresh checkout gives every file a new inode and new times each run).
    fn key(path: &Path) -> Key {
        let mut bytes = b"stamp\xff".to_vec();
        bytes.extend(build_id().to_le_bytes());
        bytes.extend(path.as_os_str().as_encoded_bytes());
        let (a, b) = content_hash(&bytes);
        Key(a, b)
    }

    /// The record of this stamp and a content hash: nine little-endian numbers.
    fn encode(&self, content: (u64, u64)) -> Vec<u8> {
        [
            self.dev,
            self.ino,
            self.size,
            self.modified.0 as u64,
            self.modified.1 as u64,
            self.changed.0 as u64,
            self.changed.1 as u64,
            content.0,
            content.1,
        ]
        .iter()
        .flat_map(|n| n.to_le_bytes())
        .collect()
    }

    /// The content hash in a record [`Stamp::encode`] wrote, if the record's stamp is this
    /// one.
    fn recorded(&self, bytes: &[u8]) -> Option<(u64, u64)> {
        if bytes.len() != 72 {
            return None;
        }
        let n: Vec<u64> = bytes.chunks_exact(8).map(le_u64).collect();
        let same = (n[0], n[1], n[2]) == (self.dev, self.ino, self.size)
            && (n[3] as i64, n[4] as i64) == self.modified
            && (n[5] as i64, n[6] as i64) == self.changed;
        same.then_some((n[7], n[8]))
    }
}

/// An entry on disk: plain data in a compact binary form, every span as byte offsets.
/// Numbers are LEB128 varints, strings a length then UTF-8, sketches 8-byte little-endian
/// numbers. Read back with every length and number checked (a damaged entry is refused,
/// never a panic). A warm run reads an entry for every file: parsing them as JSON was the
/// largest part of its lookups.
struct Stored;

const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];
const APPLICABILITIES: [Applicability; 3] = [
    Applicability::DisplayOnly,
    Applicability::Unsafe,
    Applicability::Safe,
];

/// Writes an entry ([`Stored::encode`]).
struct Out(Vec<u8>);

impl Out {
    fn n(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn u(&mut self, v: usize) {
        self.n(v as u64);
    }

    fn s(&mut self, v: &str) {
        self.u(v.len());
        self.0.extend_from_slice(v.as_bytes());
    }

    fn fixed(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
}

/// Reads an entry ([`Stored::decode`]): every read checked.
struct In<'a>(&'a [u8]);

impl In<'_> {
    fn n(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.0.split_first()?;
            self.0 = rest;
            v |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    fn u(&mut self) -> Option<usize> {
        usize::try_from(self.n()?).ok()
    }

    fn bytes(&mut self, len: usize) -> Option<&[u8]> {
        let (head, rest) = (self.0.get(..len)?, self.0.get(len..)?);
        self.0 = rest;
        Some(head)
    }

    fn s(&mut self) -> Option<String> {
        let len = self.u()?;
        String::from_utf8(self.bytes(len)?.to_vec()).ok()
    }

    /// A rule id: the one read before (`last`) when it is the same, shared rather than
    /// made again (a file's findings are mostly of a few rules).
    fn rule(&mut self, last: &mut Option<RuleId>) -> Option<RuleId> {
        let len = self.u()?;
        let bytes = self.bytes(len)?;
        match last {
            Some(id) if id.as_str().as_bytes() == bytes => Some(id.clone()),
            _ => {
                let id = RuleId::new(std::str::from_utf8(bytes).ok()?)?;
                *last = Some(id.clone());
                Some(id)
            }
        }
    }

    fn fixed(&mut self) -> Option<u64> {
        self.bytes(8).map(le_u64)
    }

    /// A count, then that many items of at least `min` bytes each: refused if the rest
    /// cannot hold them (no room is made for a count a damaged entry made up).
    fn list<T>(
        &mut self,
        min: usize,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let n = self.u()?;
        if n.checked_mul(min.max(1))? > self.0.len() {
            return None;
        }
        // Room for all at once (the count is bounded by the bytes left): no regrowth.
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self)?);
        }
        Some(out)
    }

    /// A flag (0 or 1), then the item if it is 1.
    fn option<T>(&mut self, item: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u()? {
            0 => Some(None),
            1 => item(self).map(Some),
            _ => None,
        }
    }
}

impl Stored {
    fn encode(r: &Result) -> Option<Vec<u8>> {
        let mut o = Out(Vec::with_capacity(256));
        o.u(r.diagnostics.len());
        for d in &r.diagnostics {
            o.s(d.rule.as_str());
            o.u(SEVERITIES.iter().position(|&s| s == d.severity)?);
            o.s(&d.message);
            o.u(d.span.start());
            o.u(d.span.end());
            o.s(&d.label);
            match &d.help {
                Some(h) => {
                    o.u(1);
                    o.s(h);
                }
                None => o.u(0),
            }
            o.u(d.notes.len());
            for n in &d.notes {
                o.s(n);
            }
            match &d.fix {
                Some(f) => {
                    o.u(1);
                    o.s(&f.title);
                    o.u(APPLICABILITIES.iter().position(|&a| a == f.applicability)?);
                    o.u(f.edits.len());
                    for e in &f.edits {
                        o.u(e.start());
                        o.u(e.end());
                        o.s(&e.replacement);
                    }
                }
                None => o.u(0),
            }
        }
        o.u(r.facts.len());
        for (i, f) in &r.facts {
            o.u(*i);
            o.s(&f.key);
            o.u(f.span.start());
            o.u(f.span.end());
            let sketch = f.sketch.get()?;
            o.u(sketch.len());
            for &h in sketch.iter() {
                o.fixed(h);
            }
            o.u(usize::from(f.flag));
        }
        o.u(r.suppressed.len());
        for &s in &r.suppressed {
            o.u(s);
        }
        match &r.located {
            Some((located, hashes)) => {
                o.u(1);
                o.u(located.positions().len());
                for p in located.positions() {
                    for v in [p.offset, p.line, p.column, p.chars_before, p.line_start] {
                        o.u(v);
                    }
                }
                o.u(hashes.entries().len());
                for &((rule, offset), (a, b)) in hashes.entries() {
                    o.fixed(rule);
                    o.u(offset);
                    o.fixed(a);
                    o.fixed(b);
                }
            }
            None => o.u(0),
        }
        Some(o.0)
    }

    /// An entry [`Stored::encode`] wrote, each span made by `span` (checked against the
    /// text, or against its length when the text is not read); `None` if anything does not
    /// fit or bytes are left over.
    fn decode(
        bytes: &[u8],
        span: impl Fn(std::ops::Range<usize>) -> Option<Span>,
    ) -> Option<Result> {
        let mut i = In(bytes);
        let spanned = |i: &mut In<'_>| -> Option<Span> {
            let (start, end) = (i.u()?, i.u()?);
            span(start..end)
        };
        let mut last = None;
        let diagnostics = i.list(8, |i| {
            Some(Diagnostic {
                rule: i.rule(&mut last)?,
                severity: *SEVERITIES.get(i.u()?)?,
                message: i.s()?,
                span: spanned(i)?,
                label: i.s()?,
                help: i.option(In::s)?,
                notes: i.list(1, In::s)?,
                fix: i.option(|i| {
                    Some(Fix {
                        title: i.s()?,
                        applicability: *APPLICABILITIES.get(i.u()?)?,
                        edits: i.list(3, |i| Some(Edit::new(spanned(i)?, i.s()?)))?,
                    })
                })?,
            })
        })?;
        let facts = i.list(5, |i| {
            Some((
                i.u()?,
                Fact {
                    key: i.s()?,
                    span: spanned(i)?,
                    sketch: i.list(8, In::fixed)?.into(),
                    flag: i.u()? == 1,
                },
            ))
        })?;
        let suppressed = i.list(1, In::u)?;
        let located = i.option(|i| {
            let positions = i.list(5, |i| {
                Some(Position {
                    offset: i.u()?,
                    line: i.u()?,
                    column: i.u()?,
                    chars_before: i.u()?,
                    line_start: i.u()?,
                })
            })?;
            let hashes = i.list(25, |i| {
                Some(((i.fixed()?, i.u()?), (i.fixed()?, i.fixed()?)))
            })?;
            Some((
                Located::from_positions(positions)?,
                LineHashes::from_entries(hashes)?,
            ))
        })?;
        i.0.is_empty().then_some(Result {
            diagnostics,
            facts,
            suppressed,
            located,
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
                    sketch: vec![1, 2, u64::MAX].into(),
                    flag: true,
                },
            )],
            suppressed: vec![5],
            located: None,
        }
    }

    /// [`sample`] with its positions, as the engine stores a file on disk.
    fn located(text: &str) -> Result {
        let mut r = sample(text);
        let at = Located::of(text, [3, 4, 7]);
        let hashes = LineHashes::of(text, &at, [("typography/repeated-word", 4)]);
        r.located = Some((at, hashes));
        r
    }

    fn key_of(i: usize) -> Key {
        Cache::key(
            content_hash(format!("{i}").as_bytes()),
            "a.md",
            &[(1, Severity::Warning)],
            7,
        )
    }

    /// A run that stores `result` under `key_of(0)` in `dir`: its pack's path and bytes.
    fn one_pack(dir: &Path, result: &Result) -> (PathBuf, Vec<u8>) {
        let c = Cache::open(dir, DEFAULT_MAX_BYTES);
        c.put(key_of(0), result);
        c.finish();
        let pack = packs(dir).pop().unwrap();
        let bytes = std::fs::read(&pack).unwrap();
        (pack, bytes)
    }

    fn packs(dir: &Path) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join(LAYOUT))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "pack"))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_result_comes_back_as_it_went_in() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "the the end";
        let key = key_of(0);
        let first = Cache::open(tmp.path().join("c"), DEFAULT_MAX_BYTES);
        assert_eq!(first.get(key, text), None);
        first.put(key, &sample(text));
        first.finish();
        assert!(tmp.path().join("c/.gitignore").is_file());
        assert!(tmp.path().join("c/CACHEDIR.TAG").is_file());
        let second = Cache::open(tmp.path().join("c"), DEFAULT_MAX_BYTES);
        assert_eq!(second.get(key, text), Some(sample(text)));
        assert_eq!(second.hits(), 1);
        // An entry whose spans do not fit the text is a miss, never a panic.
        assert_eq!(second.get(key, "th"), None);
        assert_eq!(second.get(key_of(1), text), None);
        // Without its text, only an entry that holds its positions is a hit.
        assert_eq!(second.get_unread(key, text.len()), None);
    }

    /// Packs read whole (the usual case) and read an entry at a time (past the bound on what
    /// is held, or preloaded on another thread) give the same results, the newest entry of a
    /// key winning across packs.
    #[test]
    fn packs_held_or_read_by_offset_give_the_same_results() {
        let tmp = tempfile::tempdir().unwrap();
        let texts = ["the the end", "to to the sea", "no repeats here"];
        for (i, text) in texts.iter().enumerate() {
            let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
            c.put(key_of(i), &sample(text));
            // A second pack with a newer entry for the first key.
            c.put(key_of(0), &located(texts[0]));
            c.finish();
        }
        assert_eq!(packs(tmp.path()).len(), texts.len());
        for (held, expected) in [(HELD_BYTES, None), (0, None), (HELD_BYTES, Some(1))] {
            for preload in [false, true] {
                let mut c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES).holding(held);
                if let Some(files) = expected {
                    c = c.expecting(files);
                }
                if preload {
                    c = c.preload();
                }
                assert_eq!(c.get(key_of(0), texts[0]), Some(located(texts[0])));
                for (i, text) in texts.iter().enumerate().skip(1) {
                    assert_eq!(
                        c.get(key_of(i), text),
                        Some(sample(text)),
                        "{held} {preload}"
                    );
                }
                assert_eq!(c.get(key_of(texts.len()), "x"), None);
                assert_eq!(c.hits(), texts.len());
            }
        }
    }

    /// Packs are read whole for a run over folders, or over named files whose entries are
    /// a fair share of them; a run naming a few files among packs many times larger reads
    /// its entries by offset (a pre-commit hook in a large repository).
    #[test]
    fn a_run_naming_few_files_reads_large_packs_by_offset() {
        let tmp = tempfile::tempdir().unwrap();
        let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
        for i in 0..200 {
            c.put(key_of(i), &sample(&"the the end ".repeat(20)));
        }
        c.finish();
        let folder = tmp.path().join(LAYOUT);
        let total: u64 = packs(tmp.path())
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .sum();
        assert!(total > 2 * FILE_SHARE, "{total}");
        let held = |expected| {
            let packs = Packs::read(&folder, HELD_BYTES, expected);
            assert_eq!(packs.index.len(), 200);
            packs.files.iter().all(|p| matches!(p, Pack::Held(_)))
        };
        assert!(held(None));
        assert!(held(Some(200)));
        assert!(!held(Some(1)));
        assert!(!held(Some(2)));
    }

    /// An entry with its findings' positions comes back without its text, its spans
    /// checked against the file's length; with the text, as before.
    #[test]
    fn a_result_with_its_positions_needs_no_text() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "the the end";
        let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
        c.put(key_of(0), &located(text));
        c.finish();
        let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
        assert_eq!(c.get_unread(key_of(0), text.len()), Some(located(text)));
        assert_eq!(c.get(key_of(0), text), Some(located(text)));
        assert_eq!(c.get_unread(key_of(0), 5), None, "a span past the end");
    }

    /// An entry's body that is not what a run wrote (its checksum aside: bytes flipped,
    /// cut, counts that overflow) decodes to nothing, never to a panic.
    #[test]
    fn any_body_decodes_or_is_refused() {
        let text = "the the end";
        let good = Stored::encode(&located(text)).unwrap();
        let fits = |r: std::ops::Range<usize>| Span::checked(text, r);
        assert_eq!(Stored::decode(&good, fits), Some(located(text)));
        for at in 0..good.len() {
            for bit in [0x01, 0x10, 0x80] {
                let mut bad = good.clone();
                bad[at] ^= bit;
                let _ = Stored::decode(&bad, fits);
            }
            let _ = Stored::decode(&good[..at], fits);
        }
        // Counts past what the bytes can hold, up to the largest number: refused before
        // any room is made for them.
        for count in [u64::MAX, u64::MAX / 8 + 1, 1 << 40, 3] {
            let mut o = Out(Vec::new());
            o.u(0); // diagnostics
            o.u(1); // facts
            o.u(0);
            o.s("t");
            o.u(0);
            o.u(1);
            o.n(count); // hashes in the sketch
            o.fixed(7);
            let crafted = o.0;
            assert_eq!(Stored::decode(&crafted, fits), None, "{count}");
        }
        let crafted: Vec<u8> = Vec::new();
        assert_eq!(Stored::decode(&crafted, fits), None);
    }

    /// An entry whose bytes changed on disk fails its checksum: a miss, whatever byte.
    #[test]
    fn a_damaged_entry_is_a_miss() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "the the end";
        let (pack, whole) = one_pack(tmp.path(), &located(text));
        let entry = MAGIC.len()..whole.len() - TAIL - RECORD;
        for at in entry.step_by(7) {
            let mut damaged = whole.clone();
            damaged[at] ^= 0x04;
            std::fs::write(&pack, &damaged).unwrap();
            // Read whole, and an entry at a time.
            for held in [HELD_BYTES, 0] {
                let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES).holding(held);
                assert_eq!(c.get(key_of(0), text), None, "byte {at}");
                assert_eq!(c.get_unread(key_of(0), text.len()), None, "byte {at}");
            }
        }
    }

    /// A file's stamp recalls the hash of its bytes while the file is as it was; any write
    /// changes the stamp. A file changed too shortly before a run is not remembered (a
    /// second change within the file system's clock tick would leave its stamp alone).
    #[test]
    fn a_stamp_recalls_the_content_only_while_the_file_is_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let (dir, path) = (tmp.path().join("c"), tmp.path().join("a.md"));
        std::fs::write(&path, "one text\n").unwrap();
        let stamp = |p: &Path| Stamp::of(&std::fs::metadata(p).unwrap());
        let Some(before) = stamp(&path) else {
            return; // no stamps on this system: every file is read
        };
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
        let content = content_hash(b"one text\n");
        // Just written: not settled when this run began.
        let c = Cache::open(&dir, DEFAULT_MAX_BYTES);
        c.remember(&path, &before, content);
        c.finish();
        let c = Cache::open(&dir, DEFAULT_MAX_BYTES);
        assert_eq!(c.recall(&path, &before), None);
        // Settled (a run that began a minute later).
        let c = Cache::open(&dir, DEFAULT_MAX_BYTES).started_at(later);
        c.remember(&path, &before, content);
        c.finish();
        let c = Cache::open(&dir, DEFAULT_MAX_BYTES);
        assert_eq!(c.recall(&path, &before), Some(content));
        assert_eq!(c.recall(&tmp.path().join("b.md"), &before), None);
        // Rewritten (a length of its own: two writes within one tick of a coarse clock
        // could leave the times alone, which is why a stamp must be settled).
        std::fs::write(&path, "two texts\n").unwrap();
        let after = stamp(&path).unwrap();
        assert_ne!(after, before);
        assert_eq!(c.recall(&path, &after), None);
    }

    /// A pack cut short (a damaged disk, a copy interrupted) is skipped whole: a miss, and
    /// the next run writes the result again. A run killed before its pack is complete leaves
    /// only a temporary file, which no reader takes for a pack.
    #[test]
    fn half_a_pack_is_never_read() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "the the end";
        let (pack, whole) = one_pack(tmp.path(), &sample(text));
        for held in [HELD_BYTES, 0] {
            for cut in [whole.len() - 1, whole.len() / 2, 8, 0] {
                std::fs::write(&pack, &whole[..cut]).unwrap();
                let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES).holding(held);
                assert_eq!(c.get(key_of(0), text), None, "cut at {cut}");
            }
            // An index pointing past the end (an offset near the largest number) is
            // skipped too, never followed.
            let mut damaged = whole.clone();
            let record = whole.len() - TAIL - RECORD;
            damaged[record + 16..record + 24].copy_from_slice(&(u64::MAX - 1).to_le_bytes());
            std::fs::write(&pack, &damaged).unwrap();
            let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES).holding(held);
            assert_eq!(c.get(key_of(0), text), None);
        }
        std::fs::remove_file(&pack).unwrap();
        // Killed while writing: entries put, never finished.
        let killed = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
        killed.put(key_of(0), &sample(text));
        std::mem::forget(killed);
        assert!(packs(tmp.path()).is_empty());
        let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
        assert_eq!(c.get(key_of(0), text), None);
        c.put(key_of(0), &sample(text));
        c.finish();
        let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
        assert_eq!(c.get(key_of(0), text), Some(sample(text)));
    }

    /// Cleaning up removes only what the cache wrote: the old layout's entries and this
    /// layout's packs and abandoned temporary files, never a user's files beside them.
    #[test]
    fn only_the_caches_own_files_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("v1");
        std::fs::create_dir_all(old.join("ab")).unwrap();
        std::fs::create_dir_all(old.join("notes")).unwrap();
        std::fs::write(old.join("ab").join("0".repeat(30)), "{}").unwrap();
        std::fs::write(old.join("ab").join("keep.md"), "mine").unwrap();
        std::fs::write(old.join("notes").join("keep.md"), "mine").unwrap();
        std::fs::create_dir_all(tmp.path().join(LAYOUT)).unwrap();
        std::fs::write(tmp.path().join(LAYOUT).join("mine.pack"), "mine").unwrap();
        std::fs::write(tmp.path().join(LAYOUT).join(".tmp-notes"), "mine").unwrap();
        let c = Cache::open(tmp.path(), 1);
        c.put(key_of(0), &sample("the the end"));
        c.finish();
        assert!(!old.join("ab").join("0".repeat(30)).exists());
        for kept in [
            old.join("ab/keep.md"),
            old.join("notes/keep.md"),
            tmp.path().join(LAYOUT).join("mine.pack"),
            tmp.path().join(LAYOUT).join(".tmp-notes"),
        ] {
            assert!(kept.is_file(), "{}", kept.display());
        }
        assert_eq!(
            packs(tmp.path()).len(),
            2,
            "ours and the user's `mine.pack`"
        );
    }

    /// Runs at once each write their own pack; every run after them reads both.
    #[test]
    fn concurrent_runs_each_add_their_pack() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "the the end";
        let a = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
        let b = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
        std::thread::scope(|s| {
            s.spawn(|| (0..50).for_each(|i| a.put(key_of(i), &sample(text))));
            s.spawn(|| (25..75).for_each(|i| b.put(key_of(i), &sample(text))));
        });
        a.finish();
        b.finish();
        assert_eq!(packs(tmp.path()).len(), 2);
        let c = Cache::open(tmp.path(), DEFAULT_MAX_BYTES);
        assert!((0..75).all(|i| c.get(key_of(i), text) == Some(sample(text))));
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
        cache.finish();
        assert_eq!(cache.get(key, "the the end"), None);
    }

    /// Past the bound the oldest packs go; past [`MAX_PACKS`] packs the newest entry of
    /// each key is merged into one pack, and every key still reads back.
    #[test]
    fn the_oldest_packs_go_and_many_are_merged() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "the the end";
        let run = |bound: u64, keys: std::ops::Range<usize>| {
            let c = Cache::open(tmp.path(), bound);
            keys.for_each(|i| c.put(key_of(i), &sample(text)));
            c.finish();
        };
        run(u64::MAX, 0..1);
        let one = std::fs::metadata(&packs(tmp.path())[0]).unwrap().len();
        std::fs::remove_file(&packs(tmp.path())[0]).unwrap();
        for i in 0..6 {
            run(one * 4, i..i + 1);
        }
        // Four packs' worth is the bound: the fifth run's pack passed it, and the oldest
        // went until three quarters of it were left; the sixth reached it again.
        let c = Cache::open(tmp.path(), one * 4);
        let kept: Vec<bool> = (0..6).map(|i| c.get(key_of(i), text).is_some()).collect();
        assert_eq!(kept, [false, false, true, true, true, true]);
        // Many small runs: merged into one pack once there are more than MAX_PACKS.
        for i in 0..=MAX_PACKS {
            run(u64::MAX, 100 + i..101 + i);
        }
        // 4 packs, then 29 more made 33: merged into one; the last 4 runs added theirs.
        assert_eq!(packs(tmp.path()).len(), 5, "{:?}", packs(tmp.path()));
        let c = Cache::open(tmp.path(), u64::MAX);
        assert!((100..101 + MAX_PACKS).all(|i| c.get(key_of(i), text) == Some(sample(text))));
        assert!((2..6).all(|i| c.get(key_of(i), text) == Some(sample(text))));
    }

    /// Another build's packs (or an earlier build's, named without one) are not read: no
    /// key of theirs is this build's. With too many packs, they go before this build's
    /// are merged.
    #[test]
    fn packs_of_other_builds_are_not_read_and_go_first() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "the the end";
        let run = |i: usize| {
            let c = Cache::open(tmp.path(), u64::MAX);
            c.put(key_of(i), &sample(text));
            c.finish();
        };
        run(0);
        run(1);
        let written = packs(tmp.path());
        let name = |p: &PathBuf| p.file_name().unwrap().to_str().unwrap().to_string();
        assert!(written.iter().all(|p| ours(&name(p))), "{written:?}");
        // The first as another build's pack; the second as an earlier build named it.
        let other = name(&written[0]).replace(&format!("{:016x}", build_id()), "0123456789abcdef");
        std::fs::rename(&written[0], tmp.path().join(LAYOUT).join(&other)).unwrap();
        let earlier = name(&written[1]).replace(&format!("-{:016x}", build_id()), "");
        std::fs::rename(&written[1], tmp.path().join(LAYOUT).join(&earlier)).unwrap();
        assert!(is_pack(&other) && is_pack(&earlier) && !ours(&other) && !ours(&earlier));
        for held in [HELD_BYTES, 0] {
            let c = Cache::open(tmp.path(), u64::MAX).holding(held);
            assert_eq!(c.get(key_of(0), text), None);
            assert_eq!(c.get(key_of(1), text), None);
        }
        // 2 others, then 31 of this build's make 33: the oldest other goes, none is merged.
        for i in 0..MAX_PACKS - 1 {
            run(100 + i);
        }
        let left: Vec<String> = packs(tmp.path()).iter().map(name).collect();
        assert_eq!(left.len(), MAX_PACKS);
        assert_eq!(
            left.iter().filter(|n| !ours(n)).collect::<Vec<_>>(),
            [&earlier]
        );
        // One more: the other left goes.
        run(99 + MAX_PACKS);
        let left: Vec<String> = packs(tmp.path()).iter().map(name).collect();
        assert_eq!(left.len(), MAX_PACKS);
        assert!(left.iter().all(|n| ours(n)), "{left:?}");
        let c = Cache::open(tmp.path(), u64::MAX);
        assert!((100..100 + MAX_PACKS).all(|i| c.get(key_of(i), text).is_some()));
    }

    /// Names of packs, and of what is not one.
    #[test]
    fn pack_names_are_told_apart() {
        let t = "01796315401160878662";
        assert_eq!(pack_name(&format!("{t}-12256.pack")), Some(None));
        assert_eq!(
            pack_name(&format!("{t}-12256-00000000000000ff.pack")),
            Some(Some(255))
        );
        for bad in [
            format!("{t}-12256-ff.pack"),
            format!("{t}-12256-zz00000000000000.pack"),
            format!("{t}-x.pack"),
            format!("{t}-12256"),
            "mine.pack".to_string(),
            format!("1{t}-12256.pack"),
        ] {
            assert_eq!(pack_name(&bad), None, "{bad}");
        }
    }

    /// A path's stamp is kept once however many runs remembered it (a CI job's checkout
    /// gives every file a new inode and new times each run): merging packs keeps the newest.
    #[test]
    fn a_path_keeps_one_stamp_across_runs() {
        let tmp = tempfile::tempdir().unwrap();
        let (dir, path) = (tmp.path().join("c"), tmp.path().join("a.md"));
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
        let mut last = None;
        for run in 0..=MAX_PACKS + 3 {
            let text = format!("text {run:04}\n");
            std::fs::write(&path, &text).unwrap();
            let Some(stamp) = Stamp::of(&std::fs::metadata(&path).unwrap()) else {
                return; // no stamps on this system
            };
            let c = Cache::open(&dir, DEFAULT_MAX_BYTES).started_at(later);
            c.remember(&path, &stamp, content_hash(text.as_bytes()));
            c.finish();
            last = Some((stamp, content_hash(text.as_bytes())));
        }
        let (stamp, content) = last.unwrap();
        assert_eq!(
            Cache::open(&dir, DEFAULT_MAX_BYTES).recall(&path, &stamp),
            Some(content)
        );
        let records: usize = packs(&dir)
            .iter()
            .map(|p| index_of(&Pack::Open(File::open(p).unwrap())).unwrap().len())
            .sum();
        assert!(records <= 4, "{records} records for one path");
    }

    /// One run with more results than the bound writes a pack within it: its first files'
    /// results are kept, the rest go uncached.
    #[test]
    fn one_run_never_writes_past_the_bound() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "the the end";
        let c = Cache::open(tmp.path(), u64::MAX);
        c.put(key_of(0), &sample(text));
        c.finish();
        let one = std::fs::metadata(&packs(tmp.path())[0]).unwrap().len();
        std::fs::remove_file(&packs(tmp.path())[0]).unwrap();
        let bound = one * 5;
        let c = Cache::open(tmp.path(), bound);
        (0..50).for_each(|i| c.put(key_of(i), &sample(text)));
        c.finish();
        let size: u64 = packs(tmp.path())
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .sum();
        assert!(size <= bound, "{size} > {bound}");
        let c = Cache::open(tmp.path(), bound);
        let kept: Vec<bool> = (0..50).map(|i| c.get(key_of(i), text).is_some()).collect();
        assert!(kept[0] && !kept[49], "{kept:?}");
    }
}
