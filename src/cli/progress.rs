//! The progress bar of a long `check`: on standard error, only when it is a terminal and
//! the report is for people (human or concise format, not `--quiet`), and only once the
//! run has taken a second — a pre-commit run over a few files never shows one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before its bar appears (`COPYDESK_PROGRESS_AFTER_MS` sets it, for
/// the tests and for anyone who wants the bar sooner or later).
fn delay() -> Duration {
    std::env::var("COPYDESK_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

pub(super) struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    delay: Duration,
    shown: AtomicBool,
}

impl Progress {
    /// A bar for `files` files, drawn only if `wanted` (a terminal and a report for people).
    pub(super) fn new(files: usize, wanted: bool) -> Progress {
        let bar = wanted.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} files checked, {eta} left")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            delay: delay(),
            shown: AtomicBool::new(false),
        }
    }

    /// One more file finished.
    pub(super) fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        if !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= self.delay
            && self
                .shown
                .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.inc(1);
    }

    /// Run `f` (a write to the terminal) with the bar, if shown, set aside.
    pub(super) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if self.shown.load(Ordering::Relaxed) => bar.suspend(f),
            _ => f(),
        }
    }

    /// Remove the bar before the report is printed.
    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
