//! The park: where a large run keeps the findings of its files on disk instead of in memory,
//! from the moment each file is checked until the output reads them back in order. Memory
//! then holds a few counts per file (a [`Tally`]) however many findings the run has.
//!
//! One temporary file per run, append-only, in the cache's compact form
//! (`cache::encode`); it is removed as soon as it is open (on Unix; elsewhere when the run
//! ends), so a killed run leaves nothing behind.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::cache;
use crate::diagnostic::{Diagnostic, OnDisk, Parked, Store, Stored, Tally};
use crate::rule::{Fact, Sketch, SketchStore};

/// Findings a run holds in memory before it parks the rest.
pub const HELD_FINDINGS: usize = 50_000;

/// Findings' worth of memory in one corpus fact's sketch (`titles/duplicate`: 64 hashes,
/// 512 bytes): a run holds `limit / SKETCH_WEIGHT` sketches (25,000: 13 MB) before it parks
/// the rest. Parking is dear (each sketch written, then read back with a system call and
/// two allocations): a tenth of a warm run over 14,585 files when past 10,000 were parked.
pub const SKETCH_WEIGHT: usize = 2;

/// A run's park.
pub struct Park {
    /// Findings held in memory so far; past `limit`, files' findings are parked.
    held: AtomicUsize,
    limit: usize,
    /// Sketches held in memory so far; past `limit / SKETCH_WEIGHT`, sketches are parked.
    sketches: AtomicUsize,
    /// Set when a parked sketch could not be read back.
    sketch_lost: AtomicBool,
    /// Turned off after the first write error (a full disk): findings are held instead.
    broken: AtomicBool,
    out: Mutex<Option<Writer>>,
    /// For reading back: the file, once written (`seal`).
    file: std::sync::OnceLock<File>,
    #[cfg(not(unix))]
    path: Mutex<Option<std::path::PathBuf>>,
}

struct Writer {
    file: BufWriter<File>,
    offset: u64,
}

impl Park {
    /// A park that holds `limit` findings in memory before it parks files' findings.
    pub fn new(limit: usize) -> Arc<Park> {
        Arc::new(Park {
            held: AtomicUsize::new(0),
            limit,
            sketches: AtomicUsize::new(0),
            sketch_lost: AtomicBool::new(false),
            broken: AtomicBool::new(false),
            out: Mutex::new(None),
            file: std::sync::OnceLock::new(),
            #[cfg(not(unix))]
            path: Mutex::new(None),
        })
    }

    /// As a file is checked: park its findings (and the positions they point at) if the
    /// run already holds `limit` findings; else count them as held. Findings of a text not
    /// on disk (standard input, a decoded file) are always held.
    pub fn maybe(
        self: &Arc<Self>,
        diagnostics: &mut Vec<Diagnostic>,
        on_disk: Option<&mut OnDisk>,
        parked: &mut Option<Box<Parked>>,
    ) {
        let Some(on_disk) = on_disk else { return };
        // A file without findings may still hold positions: where its corpus facts stand
        // (a title), for the findings the corpus phase may give it. They weigh about what
        // one finding does, and most files of a large run have them, so they count as one.
        let n = match diagnostics.len() {
            0 if on_disk.located.is_none() => return,
            0 => 1,
            n => n,
        };
        if parked.is_none()
            && self.held.fetch_add(n, Ordering::Relaxed).saturating_add(n) <= self.limit
        {
            return;
        }
        if parked.is_none() {
            self.held.fetch_sub(n, Ordering::Relaxed);
        }
        self.put(diagnostics, on_disk, parked);
    }

    /// After a corpus-wide finding was added to a file's findings (the last of
    /// `diagnostics`): all of them parked, if the file's are or the run holds `limit`.
    pub fn add(
        self: &Arc<Self>,
        diagnostics: &mut Vec<Diagnostic>,
        on_disk: &mut OnDisk,
        parked: &mut Option<Box<Parked>>,
    ) {
        if parked.is_none() {
            if self.held.fetch_add(1, Ordering::Relaxed).saturating_add(1) <= self.limit {
                return;
            }
            self.held.fetch_sub(diagnostics.len(), Ordering::Relaxed);
        }
        self.put(diagnostics, on_disk, parked);
    }

    /// `n` held findings were written out as the run went (`engine::run_streamed`): no
    /// longer held, they leave room for others.
    pub fn release(&self, n: usize) {
        let _ = self
            .held
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |h| {
                Some(h.saturating_sub(n))
            });
    }

    /// Park `diagnostics` (the file's first findings to be parked bring its positions).
    /// If they cannot be written they stay in `diagnostics`, and the park is off.
    pub fn put(
        self: &Arc<Self>,
        diagnostics: &mut Vec<Diagnostic>,
        on_disk: &mut OnDisk,
        parked: &mut Option<Box<Parked>>,
    ) {
        // Nothing new: no findings, and the positions (if any) already parked.
        if diagnostics.is_empty() && (parked.is_some() || on_disk.located.is_none())
            || self.broken.load(Ordering::Relaxed)
        {
            return;
        }
        let located = match parked {
            Some(_) => None,
            None => on_disk.located.take().map(|l| *l),
        };
        let result = cache::Result {
            diagnostics: std::mem::take(diagnostics),
            facts: Vec::new(),
            suppressed: Vec::new(),
            located,
        };
        match cache::encode(&result).map(|b| self.append(&b)) {
            Some(Ok(at)) => {
                let p = parked.get_or_insert_with(|| {
                    Box::new(Parked {
                        store: Arc::clone(self) as Arc<dyn Store>,
                        at: Vec::new(),
                        tally: Vec::new(),
                    })
                });
                // Held for every parked file until the output: no spare room (a vector
                // grown by pushes starts with room for four).
                p.at.reserve_exact(1);
                p.at.push(at);
                Tally::add(&mut p.tally, &result.diagnostics);
                p.tally.shrink_to_fit();
            }
            _ => {
                self.broken.store(true, Ordering::Relaxed);
                let cache::Result {
                    diagnostics: d,
                    located,
                    ..
                } = result;
                *diagnostics = d;
                // Taken above only when nothing was parked before (else already `None`).
                on_disk.located = located.map(Box::new);
            }
        }
    }

    /// As a file is checked: park the sketches of its corpus facts if the run already
    /// holds its share of them (memory then holds where each is, not its hashes).
    pub fn maybe_sketches(self: &Arc<Self>, facts: &mut [(usize, Fact)]) {
        for (_, fact) in facts {
            let Sketch::Held(hashes) = &fact.sketch else {
                continue;
            };
            if hashes.is_empty()
                || self.broken.load(Ordering::Relaxed)
                || self.sketches.fetch_add(1, Ordering::Relaxed) < self.limit / SKETCH_WEIGHT
            {
                continue;
            }
            let bytes: Vec<u8> = hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
            match self.append(&bytes) {
                Ok(at) => {
                    fact.sketch = Sketch::Stored(Arc::clone(self) as Arc<dyn SketchStore>, at)
                }
                Err(_) => self.broken.store(true, Ordering::Relaxed),
            }
        }
    }

    /// Before the corpus phase: what is parked so far can be read back (sketches), while
    /// the phase parks more findings.
    pub fn flush(&self) {
        let mut out = self.out.lock().expect("no panics hold this lock");
        let Some(w) = out.as_mut() else { return };
        let readable = w.file.flush().and_then(|()| w.file.get_ref().try_clone());
        match readable {
            Ok(file) => {
                let _ = self.file.set(file);
            }
            Err(_) => self.broken.store(true, Ordering::Relaxed),
        }
    }

    /// Whether a parked sketch could not be read back (the corpus phase compared it as
    /// empty: the run must say so).
    pub fn sketch_lost(&self) -> bool {
        self.sketch_lost.load(Ordering::Relaxed)
    }

    /// Append `bytes`; where they are.
    fn append(&self, bytes: &[u8]) -> std::io::Result<(u64, u32)> {
        let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
        let mut out = self.out.lock().expect("no panics hold this lock");
        if out.is_none() {
            *out = Some(Writer {
                file: BufWriter::with_capacity(1 << 16, self.create()?),
                offset: 0,
            });
        }
        let w = out.as_mut().expect("just made");
        w.file.write_all(bytes)?;
        let at = w.offset;
        w.offset += u64::from(len);
        Ok((at, len))
    }

    /// A new temporary file, removed from its folder at once where the system allows.
    fn create(&self) -> std::io::Result<File> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let path =
            std::env::temp_dir().join(format!("copydesk-park-{}-{nanos}", std::process::id()));
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        #[cfg(unix)]
        std::fs::remove_file(&path)?;
        #[cfg(not(unix))]
        {
            *self.path.lock().expect("no panics hold this lock") = Some(path);
        }
        Ok(file)
    }

    /// After the last file is parked: everything written, ready to be read back.
    pub fn seal(&self) {
        let Some(w) = self.out.lock().expect("no panics hold this lock").take() else {
            return;
        };
        match w.file.into_inner() {
            Ok(file) => {
                let _ = self.file.set(file);
            }
            Err(_) => self.broken.store(true, Ordering::Relaxed),
        }
    }
}

impl Store for Park {
    fn load(&self, at: &[(u64, u32)]) -> Option<Stored> {
        let file = self.file.get()?;
        let mut diagnostics = Vec::new();
        let mut located = None;
        for &(offset, len) in at {
            let mut bytes = vec![0u8; len as usize];
            cache::read_at(file, &mut bytes, offset).ok()?;
            let r = cache::decode(&bytes)?;
            diagnostics.extend(r.diagnostics);
            located = located.or(r.located);
        }
        Some((diagnostics, located))
    }
}

impl SketchStore for Park {
    fn load_sketch(&self, (offset, len): (u64, u32)) -> Option<Vec<u64>> {
        let read = || {
            let mut bytes = vec![0u8; len as usize];
            cache::read_at(self.file.get()?, &mut bytes, offset).ok()?;
            Some(
                bytes
                    .chunks_exact(8)
                    .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
                    .collect(),
            )
        };
        let hashes = read();
        if hashes.is_none() {
            self.sketch_lost.store(true, Ordering::Relaxed);
        }
        hashes
    }
}

#[cfg(not(unix))]
impl Drop for Park {
    fn drop(&mut self) {
        // Closed first: an open file cannot be removed there.
        drop(self.out.get_mut().ok().and_then(Option::take));
        drop(self.file.take());
        if let Some(path) = self.path.lock().ok().and_then(|mut p| p.take()) {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn fact(hashes: Vec<u64>) -> (usize, Fact) {
        let span = Span::checked("a title", 0..1).unwrap();
        (
            0,
            Fact {
                key: "a title".into(),
                span,
                sketch: hashes.into(),
                flag: false,
            },
        )
    }

    /// Past the run's share, sketches go to the park and come back as they were; empty
    /// ones and those within the share stay held.
    #[test]
    fn sketches_past_the_share_are_parked_and_read_back() {
        let park = Park::new(2 * SKETCH_WEIGHT);
        let mut facts: Vec<_> = (0..5u64)
            .map(|i| fact(vec![i, u64::MAX - i, 1 << i]))
            .collect();
        facts.push(fact(Vec::new()));
        park.maybe_sketches(&mut facts);
        let held: Vec<bool> = facts.iter().map(|(_, f)| f.sketch.is_held()).collect();
        assert_eq!(held, [true, true, false, false, false, true]);
        park.flush();
        for (i, (_, f)) in facts.iter().enumerate().take(5) {
            let i = i as u64;
            assert_eq!(f.sketch.get().unwrap().as_ref(), [i, u64::MAX - i, 1 << i]);
        }
        assert!(!park.sketch_lost());
    }

    /// A sketch that cannot be read back is `None`, and the park remembers it (the engine
    /// then reports the files).
    #[test]
    fn a_sketch_that_cannot_be_read_back_is_remembered() {
        let park = Park::new(0);
        let mut facts = vec![fact(vec![1, 2, 3])];
        park.maybe_sketches(&mut facts);
        park.flush();
        assert!(park.load_sketch((1 << 20, 24)).is_none());
        assert!(park.sketch_lost());
        assert_eq!(facts[0].1.sketch.get().unwrap().as_ref(), [1, 2, 3]);
    }
}
