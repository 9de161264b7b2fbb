//! `--timings`: where a run's time goes, per rule and per phase (read, parse, …).
//!
//! Off by default and then free: one relaxed atomic load per document. When on, each
//! document's times are gathered locally and merged under one lock per document.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static TOTALS: Mutex<Option<HashMap<String, Entry>>> = Mutex::new(None);

/// Time spent under one name over a run, summed over threads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Entry {
    pub time: Duration,
    /// How many times it ran (documents, for a rule).
    pub count: u64,
}

/// Turn timing on for the rest of the process.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether timings are being recorded.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Times gathered while checking one document, merged into the run's totals on drop.
#[derive(Default)]
pub struct Local {
    entries: Vec<(String, Duration)>,
}

impl Local {
    /// A recorder, or `None` when timings are off (so callers skip the clock too).
    pub fn start() -> Option<Local> {
        enabled().then(Local::default)
    }

    /// Add `since.elapsed()` under `name`.
    pub fn add(&mut self, name: &str, since: Instant) {
        self.entries.push((name.to_string(), since.elapsed()));
    }
}

impl Drop for Local {
    fn drop(&mut self) {
        if self.entries.is_empty() {
            return;
        }
        let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
        let map = totals.get_or_insert_with(HashMap::new);
        for (name, time) in self.entries.drain(..) {
            let e = map.entry(name).or_default();
            e.time += time;
            e.count += 1;
        }
    }
}

/// A clock for a step of a document's check: started only when timings are on.
pub fn clock(local: &Option<Local>) -> Option<Instant> {
    local.as_ref().map(|_| Instant::now())
}

/// Add the time since `clock` (from [`clock`]) under `name`; nothing when timings are off.
pub fn lap(local: &mut Option<Local>, name: &str, clock: Option<Instant>) {
    if let (Some(l), Some(c)) = (local.as_mut(), clock) {
        l.add(name, c);
    }
}

/// Record one timed span directly (for work done once per run, like the corpus phase).
pub fn record(name: &str, since: Instant) {
    if enabled() {
        let mut l = Local::default();
        l.add(name, since);
    }
}

/// The run's totals, slowest first (ties by name).
pub fn take() -> Vec<(String, Entry)> {
    let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    let mut v: Vec<_> = totals.take().unwrap_or_default().into_iter().collect();
    v.sort_by(|a, b| b.1.time.cmp(&a.1.time).then_with(|| a.0.cmp(&b.0)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_merge_by_name() {
        enable();
        let t = Instant::now();
        {
            let mut l = Local::start().expect("enabled");
            l.add("a", t);
            l.add("b", t);
        }
        {
            let mut l = Local::start().expect("enabled");
            l.add("a", t);
        }
        let v = take();
        let a = v.iter().find(|(n, _)| n == "a").expect("a recorded").1;
        assert_eq!(a.count, 2);
        assert!(v.iter().any(|(n, e)| n == "b" && e.count == 1));
        assert!(take().is_empty(), "take empties the totals");
    }
}
