//! `copydesk check`, as a pipeline: inputs (stdin and the walk → jobs) → engine → fixes
//! (diff, write or stdout) → render → exit status. Each step is one function.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::term::termcolor::{
    Buffer, BufferedStandardStream, ColorSpec, NoColor, WriteColor,
};

use copydesk::cache::{self, Cache};
use copydesk::config::{Filter, Resolver, Settings};
use copydesk::diagnostic::{Applicability, Diagnostic, FileReport, Severity};
use copydesk::document::LineIndex;
use copydesk::engine::{self, Job, Source};
use copydesk::fix::{self, FileFix};
use copydesk::park;
use copydesk::report::{self, Totals};
use copydesk::rule::{RuleSet, Selector};
use copydesk::timings;
use copydesk::walk::{walk, Candidate, WalkError};

use super::args::CheckArgs;
use super::baseline::BaselineRun;
use super::changed::{changed_since, ChangedLines};
use super::progress::Progress;
use super::suppressions;
use super::{color_choice, load_builtin, print_load_errors, Status};

/// What went wrong before any file was checked: each makes the exit status 2.
#[derive(Debug, Default, Clone, Copy)]
struct Failures {
    /// A config file did not load (its files were skipped).
    config: bool,
    /// A path could not be walked or read, or a fix could not be written.
    io: bool,
    /// Files left out by a config's `exclude` (not a failure: it tells why nothing ran).
    excluded: usize,
}

impl Failures {
    fn any(self) -> bool {
        self.config || self.io
    }
}

pub(super) fn run(mut args: CheckArgs) -> anyhow::Result<Status> {
    // `--stdin-filename` names standard input: with no paths it means `-` (it walked `.`
    // instead); beside other paths without `-` it is a mistake.
    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() == 1 && args.paths[0].as_os_str() == "." {
            args.paths = vec![PathBuf::from("-")];
        } else {
            eprintln!(
                "copydesk: error: --stdin-filename names standard input: add `-` to the paths"
            );
            return Ok(Status::Error);
        }
    }
    let started = std::time::Instant::now();
    if args.timings {
        timings::enable();
    }
    // The cache's packs are read while the rules load and the folders are walked (when
    // there are files to look up: standard input is never cached).
    let cache = (!args.no_cache).then(|| {
        let dir = args
            .cache_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(".copydesk-cache"));
        let cache = Cache::open(dir, cache::DEFAULT_MAX_BYTES);
        let named = || args.paths.iter().filter(|p| p.as_os_str() != "-");
        if named().next().is_none() {
            return cache;
        }
        // Files named one by one (a pre-commit hook, an editor): the run looks up only
        // theirs, so a large cache is read by offset, not whole.
        if named().all(|p| !p.is_dir()) {
            cache.expecting(named().count()).preload()
        } else {
            cache.preload()
        }
    });
    // The folders are walked while the rules load (neither needs the other; which files
    // are checked is decided after, by each one's config).
    let paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let (resolver, walked) = std::thread::scope(|s| {
        let walker = s.spawn(|| walk(&paths, &|_| true));
        let resolver = resolver(&args);
        timings::record("(built-in rules)", started);
        (resolver, walker.join())
    });
    let Some(mut resolver) = resolver else {
        return Ok(Status::Error);
    };
    let walked = walked.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let clock = std::time::Instant::now();
    let mut failed = Failures::default();
    let mut jobs = inputs(&args, walked, &mut resolver, &mut failed)?;
    timings::record("(config and walk)", clock);
    if jobs.is_empty() && failed.any() {
        return Ok(Status::Error);
    }
    // Narrowed to changed files or to one shard, none left is a clean run, not an error.
    if args.changed_since.is_some() || args.shard.is_some() {
        let found = jobs.len();
        if let Some(rev) = &args.changed_since {
            jobs = match changed_since(rev, jobs) {
                Ok(j) => j,
                Err(e) => {
                    eprintln!("copydesk: error: {e}");
                    return Ok(Status::Error);
                }
            };
        }
        if let Some((k, n)) = args.shard {
            jobs.retain(|j| shard_of(&j.shown, n) == k);
        }
        if found > 0 && jobs.is_empty() && !failed.any() {
            if !args.quiet {
                eprintln!("copydesk: none of the {found} files found is to be checked in this run");
            }
            return Ok(Status::Clean);
        }
    }
    // Nothing to check is never a silent success: a wrong path or extension fails the run;
    // files all excluded by the config (pre-commit passing only excluded files) do not.
    if jobs.is_empty() {
        if failed.excluded > 0 {
            if !args.quiet {
                eprintln!(
                    "copydesk: no files to check: the {} found {} excluded by the config",
                    failed.excluded,
                    if failed.excluded == 1 { "is" } else { "are" }
                );
            }
            return Ok(Status::Clean);
        }
        eprintln!(
            "copydesk: error: no files to check under {} (walked folders are searched for the \
             config's `extensions`, by default .md, .markdown, .mdx and .txt)",
            args.paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(Status::Error);
    }
    if let Err(e) = known_selectors(&args, resolver.builtin(), &jobs) {
        eprintln!("copydesk: error: {e}");
        return Ok(Status::Error);
    }
    let baseline = match &args.baseline {
        Some(path) => match BaselineRun::open(path, args.update_baseline, &jobs) {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("copydesk: error: {e}");
                return Ok(Status::Error);
            }
        },
        None => None,
    };
    let changed = match &args.changed_lines {
        Some(rev) => match ChangedLines::since(rev, &jobs) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("copydesk: error: {e}");
                return Ok(Status::Error);
            }
        },
        None => None,
    };
    let progress = std::io::stderr().is_terminal()
        && matches!(args.format, report::Format::Human | report::Format::Concise)
        && !args.quiet;
    // Nothing in this run changes findings after the check (no fixes, suppressions,
    // baseline or changed lines): those past the first ones may wait on disk.
    let park = !(args.fix || args.diff || args.add_suppressions)
        && changed.is_none()
        && baseline.is_none();
    let mut narrow = Narrowing {
        changed,
        baseline,
        cache,
        progress,
        park,
    };
    let changed_before = engine::texts_changed();
    // Findings nothing changes after the check, in a format that writes each file's on
    // its own, are written as the files are checked (in order), the corpus-wide findings
    // after them.
    let mut out = None;
    let (mut reports, note) = if park && !args.statistics && report::streams(args.format) {
        let mut stream = Stream::new(args.format, output(&args)?);
        let run = narrow.run(&jobs, Some(&mut stream));
        out = Some(stream.finish(&args)?);
        run
    } else {
        narrow.run(&jobs, None)
    };
    match note {
        Ok(Some(note)) if !args.quiet => eprintln!("copydesk: {note}"),
        Ok(_) => {}
        Err(e) => {
            eprintln!("copydesk: error: {e}");
            return Ok(Status::Error);
        }
    }

    let mut fix_note = None;
    if args.add_suppressions {
        let added = suppressions::add(&jobs, &reports);
        failed.io |= added.failed;
        if added.files > 0 {
            reports = narrow.rerun(&jobs, &mut failed);
        }
        fix_note = Some(format!(
            "added {} suppression {} in {} {}",
            added.comments,
            if added.comments == 1 {
                "comment"
            } else {
                "comments"
            },
            added.files,
            if added.files == 1 { "file" } else { "files" }
        ));
    }
    // `--unsafe-fixes` widens `--fix` and `--diff`; alone it writes nothing (it rewrote
    // files on disk).
    if args.fix || args.diff {
        let keep = |job: usize, text: &str, diags: Vec<Diagnostic>| narrow.keep(job, text, diags);
        match fixes(&args, &jobs, &reports, &keep, &mut failed) {
            Fixed::Finished(status) => return Ok(status),
            Fixed::Written {
                fixes,
                unsafe_fixes,
                files,
            } => {
                if files > 0 {
                    reports = narrow.rerun(&jobs, &mut failed);
                }
                let unsafe_note = if unsafe_fixes > 0 {
                    format!(" ({unsafe_fixes} of them unsafe: review them)")
                } else {
                    String::new()
                };
                fix_note = Some(format!(
                    "fixed {fixes} {}{unsafe_note} in {files} {}",
                    if fixes == 1 { "problem" } else { "problems" },
                    if files == 1 { "file" } else { "files" }
                ));
            }
        }
    }
    if let Some(warning) = narrow.cache.as_ref().and_then(Cache::warning) {
        if !args.quiet {
            eprintln!("copydesk: warning: {warning}");
        }
    }
    let clock = std::time::Instant::now();
    let out = match out {
        Some(out) => out,
        None => output(&args)?,
    };
    render(&args, &jobs, &reports, resolver.builtin(), fix_note, out)?;
    timings::record("(output)", clock);
    if args.timings {
        print_timings(started.elapsed());
    }
    // A file edited between its check and the output was reported as `io/unreadable`
    // (its text no longer fits the findings): an error, as for any unreadable file.
    if engine::texts_changed() > changed_before && !args.exit_zero {
        return Ok(Status::Error);
    }
    let status = exit_status(&args, &jobs, &reports, failed.any());
    // The process ends with this command: freeing every finding, job and cache entry one
    // by one first (a few percent of a warm run over a large repository) would only delay
    // the exit. (The cache's pack was completed when the files were checked.)
    std::mem::forget(reports);
    std::mem::forget(jobs);
    std::mem::forget(narrow.cache.take());
    std::mem::forget(resolver);
    Ok(status)
}

/// `--timings`: the run's times per rule and phase on standard error, slowest first.
fn print_timings(wall: std::time::Duration) {
    let entries = timings::take();
    let total: f64 = entries.iter().map(|(_, e)| e.time.as_secs_f64()).sum();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "\ntimings (summed over threads; wall {:.3} s):",
        wall.as_secs_f64()
    );
    let _ = writeln!(
        err,
        "{:>10}  {:>6}  {:>8}  what",
        "seconds", "share", "runs"
    );
    for (name, e) in entries {
        let secs = e.time.as_secs_f64();
        let _ = writeln!(
            err,
            "{secs:>10.3}  {:>5.1}%  {:>8}  {name}",
            100.0 * secs / total.max(1e-9),
            e.count
        );
    }
}

/// The settings resolver for this run: `--isolated`, `--config`, or a config per folder,
/// with `--select`/`--ignore` on top. `None` when that already failed (errors printed).
fn resolver(args: &CheckArgs) -> Option<Resolver> {
    let builtin = load_builtin(args.color).ok()?;
    let mut resolver = Resolver::new(builtin, cli_filter(args));
    if args.isolated {
        resolver.isolate();
    } else if let Some(path) = &args.config {
        if let Err(errors) = resolver.use_config(path) {
            print_load_errors(&errors, args.color);
            return None;
        }
    }
    Some(resolver)
}

/// `--select`/`--ignore` as a filter. Whether each names a rule is known only once the
/// configs (and their `rule-dirs`) are loaded: see [`known_selectors`].
fn cli_filter(args: &CheckArgs) -> Option<Filter> {
    if args.select.is_none() && args.ignore.is_empty() && args.extend_select.is_empty() {
        return None;
    }
    let parse = |list: &[String]| list.iter().map(|s| Selector::parse(s)).collect();
    Some(Filter {
        select: args.select.as_deref().map(parse),
        extend_select: parse(&args.extend_select),
        ignore: parse(&args.ignore),
        severity: Vec::new(),
    })
}

/// Every `--select`/`--ignore` must name a rule or family that some file of this run can
/// have: a built-in, or one loaded from a config's `rule-dirs`.
fn known_selectors(args: &CheckArgs, builtin: &Arc<RuleSet>, jobs: &[Job]) -> Result<(), String> {
    let mut sets: Vec<&Arc<RuleSet>> = vec![builtin];
    for j in jobs {
        if !sets.iter().any(|s| Arc::ptr_eq(s, &j.settings.rules)) {
            sets.push(&j.settings.rules);
        }
    }
    for s in args
        .select
        .iter()
        .flatten()
        .chain(&args.ignore)
        .chain(&args.extend_select)
    {
        let selector = Selector::parse(s);
        if !sets.iter().any(|set| set.knows(&selector)) {
            return Err(format!(
                "unknown rule or family `{s}`; `copydesk rules` lists them"
            ));
        }
    }
    Ok(())
}

/// Settings for a path; a broken config is reported the first time and its files skipped.
fn settings(
    resolver: &mut Resolver,
    path: &Path,
    args: &CheckArgs,
    failed: &mut Failures,
) -> Option<Arc<Settings>> {
    let found = resolver.for_path(path);
    for notice in resolver.take_notices() {
        eprintln!("copydesk: warning: {notice}");
    }
    match found {
        Ok(s) => Some(s),
        Err(broken) => {
            if broken.first {
                print_load_errors(&broken.errors, args.color);
            }
            failed.config = true;
            None
        }
    }
}

/// Standard input (when `-` is named) and every file the paths lead to, with the settings
/// each is checked with.
fn inputs(
    args: &CheckArgs,
    (candidates, walk_errors): (Vec<Candidate>, Vec<WalkError>),
    resolver: &mut Resolver,
    failed: &mut Failures,
) -> anyhow::Result<Vec<Job>> {
    let mut jobs = Vec::new();
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        let shown = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "-".to_string());
        if let Some(settings) = settings(resolver, Path::new(&shown), args, failed) {
            // The claimed name decides the format and the overrides; the text is stdin's.
            jobs.push(Job::buffer(
                shown,
                buf,
                args.stdin_filename.as_ref().map(PathBuf::from),
                settings,
            ));
        }
    }
    for e in walk_errors {
        match e.named {
            // A path named on the command line that cannot be opened is that file's
            // `io/unreadable` finding, in every output format.
            Some(path) => {
                if let Some(settings) = settings(resolver, &path, args, failed) {
                    jobs.push(Job::on_disk(path, settings));
                }
            }
            None => {
                eprintln!("copydesk: error: {}: {}", e.path, e.message);
                failed.io = true;
            }
        }
    }
    // Held for the whole run: room for every file at once, none to spare.
    jobs.reserve_exact(candidates.len());
    for c in candidates {
        let Some(settings) = settings(resolver, &c.path, args, failed) else {
            continue;
        };
        if !c.explicit && !settings.wants_extension(&c.path) {
            continue;
        }
        if (!c.explicit || args.force_exclude) && settings.is_excluded(&c.path) {
            failed.excluded += 1;
            continue;
        }
        jobs.push(Job::on_disk(c.path, settings));
    }
    jobs.shrink_to_fit();
    Ok(jobs)
}

/// What the fix step did.
enum Fixed {
    /// Nothing more to do (`--diff`, or standard input fixed to standard output).
    Finished(Status),
    /// Fixes written to disk: the files are checked again for what remains.
    Written {
        fixes: usize,
        unsafe_fixes: usize,
        files: usize,
    },
}

/// Plan every fix, then print a diff, write the files, or print fixed standard input.
fn fixes(
    args: &CheckArgs,
    jobs: &[Job],
    reports: &[FileReport],
    keep: &engine::KeepFn<'_>,
    failed: &mut Failures,
) -> Fixed {
    let min = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let planned = engine::plan_fixes(jobs, reports, min, keep);
    let (mut fixes, mut unsafe_fixes, mut files) = (0, 0, 0);
    for f in &planned {
        let job = &jobs[f.job];
        if !f.converged {
            eprintln!(
                "copydesk: error: {}: fixes did not settle after {} passes; file left unchanged",
                job.shown,
                fix::MAX_PASSES
            );
            failed.io = true;
            continue;
        }
        if args.diff {
            print!("{}", fix::unified_diff(&job.shown, &f.old, &f.new));
        } else if let Some(path) = job.file() {
            if let Err(e) = fix::write_fixed(path, &f.old, &f.new) {
                eprintln!("copydesk: error: {}: cannot write fixes: {e}", job.shown);
                failed.io = true;
                continue;
            }
        } else {
            // Standard input: the fixed text goes to standard output, nothing else.
            print!("{}", f.new);
        }
        fixes += f.applied;
        unsafe_fixes += f.unsafe_applied;
        files += 1;
    }
    if args.diff {
        let verb = if fixes == 1 { "fix" } else { "fixes" };
        eprintln!(
            "{fixes} {verb} would be applied to {files} {}",
            if files == 1 { "file" } else { "files" }
        );
        return Fixed::Finished(if failed.io {
            Status::Error
        } else if files > 0 {
            Status::Problems
        } else {
            Status::Clean
        });
    }
    let buffers = || {
        jobs.iter().filter_map(|j| match &j.source {
            Source::Buffer(b) => Some(&b.text),
            Source::File(_) => None,
        })
    };
    if buffers().next().is_none() {
        return Fixed::Written {
            fixes,
            unsafe_fixes,
            files,
        };
    }
    if planned.is_empty() {
        for text in buffers() {
            print!("{}", String::from_utf8_lossy(text));
        }
    }
    let mut remaining = engine::run(&after_stdin_fix(jobs, &planned));
    retain(&mut remaining, keep);
    // Standard output holds the fixed text; what is left goes to standard error, one line
    // each, so an editor or a script piping through `--fix -` still learns of it.
    if !args.quiet {
        let totals = Totals::of(&remaining);
        if totals.problems() > 0 {
            let mut buf = codespan_reporting::term::termcolor::Buffer::no_color();
            if report::write(
                report::Format::Concise,
                &remaining,
                rules_of(jobs),
                &mut buf,
            )
            .is_ok()
            {
                eprint!("{}", String::from_utf8_lossy(buf.as_slice()));
            }
        }
        eprintln!(
            "fixed {fixes} {} on standard input; {totals}",
            if fixes == 1 { "problem" } else { "problems" }
        );
    }
    Fixed::Finished(exit_status(args, jobs, &remaining, failed.any()))
}

/// The rules of the first job (the reporters name rules from it).
fn rules_of(jobs: &[Job]) -> &RuleSet {
    &jobs[0].settings.rules
}

/// The shard (1-based, of `n`) a file belongs to: a hash of its path as shown, so every
/// run with the same paths partitions the same way.
fn shard_of(shown: &str, n: u32) -> u32 {
    let h = copydesk::diagnostic::fnv(shown.bytes());
    u32::try_from(h % u64::from(n)).unwrap_or(0) + 1
}

/// How this run checks files: through the result cache (unless `--no-cache`), and what
/// narrows the findings reported and fixed — lines changed since a revision, and a
/// baseline's recorded findings.
struct Narrowing {
    changed: Option<ChangedLines>,
    baseline: Option<BaselineRun>,
    cache: Option<Cache>,
    /// A progress bar is wanted (standard error is a terminal, the report is for people).
    progress: bool,
    /// Findings past the first [`park::HELD_FINDINGS`] may wait on disk until the output.
    park: bool,
}

impl Narrowing {
    /// The diagnostics of a job's text to report and fix (for a text being fixed: its line
    /// index is computed once here for both narrowings).
    fn keep(&self, job: usize, text: &str, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.changed.is_none() && self.baseline.is_none() || diags.is_empty() {
            return diags;
        }
        self.keep_with(job, text, &LineIndex::new(text), diags)
    }

    fn keep_with(
        &self,
        job: usize,
        text: &str,
        lines: &LineIndex,
        mut diags: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        if let Some(c) = &self.changed {
            diags.retain(|d| c.keeps(job, d, lines.lines_of(d.span.range())));
        }
        match &self.baseline {
            Some(b) => b.keep(job, text, lines, diags),
            None => diags,
        }
    }

    /// Check every job and narrow the reports (a baseline being recorded is written now);
    /// with the baseline's note for standard error, or its error. With a `stream`, each
    /// file's own findings are written to it as the run goes ([`engine::run_streamed`]).
    fn run(
        &mut self,
        jobs: &[Job],
        stream: Option<&mut Stream>,
    ) -> (Vec<FileReport>, Result<Option<String>, String>) {
        let progress = Progress::new(jobs.len(), self.progress);
        let held = if self.park {
            park::HELD_FINDINGS
        } else {
            usize::MAX
        };
        let cache = self.cache.as_ref();
        let tick = || progress.tick();
        let mut reports = match stream {
            Some(stream) => {
                let mut emit = |r: &FileReport| stream.write(r, &progress);
                let reports = engine::run_streamed(jobs, cache, &tick, held, &mut emit);
                stream.flush(&progress);
                reports
            }
            None => engine::run_parked(jobs, cache, &tick, held),
        };
        progress.finish();
        if let Some(c) = &self.changed {
            // The lines of each finding were located when its file was checked: no text is
            // read again.
            for r in &mut reports {
                let kept: Vec<bool> = r
                    .diagnostics
                    .iter()
                    .map(|d| c.keeps(r.job, d, r.lines_of(d.span.range())))
                    .collect();
                let mut kept = kept.into_iter();
                r.diagnostics.retain(|_| kept.next().unwrap_or(true));
            }
        }
        let note = match &mut self.baseline {
            Some(b) => b.apply(&mut reports),
            None => Ok(None),
        };
        (reports, note)
    }

    /// Check again after files were rewritten.
    fn rerun(&mut self, jobs: &[Job], failed: &mut Failures) -> Vec<FileReport> {
        let (reports, note) = self.run(jobs, None);
        if let Err(e) = note {
            eprintln!("copydesk: error: {e}");
            failed.io = true;
        }
        reports
    }
}

/// Keep, in each report, the diagnostics `keep` keeps (a baseline's or changed lines').
fn retain(reports: &mut [FileReport], keep: &engine::KeepFn<'_>) {
    for r in reports {
        engine::load_text(r);
        let diags = std::mem::take(&mut r.diagnostics);
        r.diagnostics = keep(r.job, &r.text, diags);
        engine::unload_text(r);
    }
}

/// The jobs as they stand after fixing standard input (its text replaced by the fixed one).
fn after_stdin_fix(jobs: &[Job], planned: &[FileFix]) -> Vec<Job> {
    let mut out = jobs.to_vec();
    for f in planned {
        if let Source::Buffer(b) = &mut out[f.job].source {
            b.text = f.new.clone().into_bytes();
        }
    }
    out
}

/// Where the report goes, written as the reporters make it (never the whole output in
/// memory): the file of `-o FILE` (no colour), or standard output.
fn output(args: &CheckArgs) -> anyhow::Result<Box<dyn WriteColor>> {
    Ok(match &args.output_file {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()))?;
            Box::new(NoColor::new(std::io::BufWriter::new(file)))
        }
        None => Box::new(BufferedStandardStream::stdout(color_choice(
            args.color,
            std::io::stdout().is_terminal(),
        ))),
    })
}

/// A report written as the run goes: each file's findings rendered into a buffer, which
/// is written out when a tenth of a second has passed since the last write or it holds
/// 64 KB (a progress bar on the same terminal set aside meanwhile).
struct Stream {
    format: report::Format,
    out: Box<dyn WriteColor>,
    buf: Buffer,
    flushed: std::time::Instant,
    /// The first write that failed (a closed pipe, a full disk): nothing more is written,
    /// and the run reports it at the end.
    failed: Option<std::io::Error>,
}

impl Stream {
    fn new(format: report::Format, out: Box<dyn WriteColor>) -> Stream {
        let buf = if out.supports_color() {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        Stream {
            format,
            out,
            buf,
            flushed: std::time::Instant::now(),
            failed: None,
        }
    }

    /// One file's findings, in order.
    fn write(&mut self, r: &FileReport, progress: &Progress) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = report::write_file(self.format, r, &mut self.buf) {
            self.failed = Some(e);
            return;
        }
        if self.buf.len() >= 1 << 16 || self.flushed.elapsed().as_millis() >= 100 {
            self.flush(progress);
        }
    }

    /// Write out what is buffered.
    fn flush(&mut self, progress: &Progress) {
        if self.failed.is_none() && !self.buf.is_empty() {
            let Stream { out, buf, .. } = self;
            let written = progress.suspend(|| {
                out.write_all(buf.as_slice())?;
                out.flush()
            });
            // A closed pipe (`copydesk check | head`) wants no more: the run ends as an
            // unstreamed one does on it, at once rather than after checking every file
            // (nothing is left half-written: the cache writes its packs whole).
            if written
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                std::process::exit(0);
            }
            self.failed = written.err();
            self.buf.clear();
        }
        self.flushed = std::time::Instant::now();
    }

    /// The output, to go on with, or the error that stopped the stream.
    fn finish(self, args: &CheckArgs) -> anyhow::Result<Box<dyn WriteColor>> {
        match (self.failed, &args.output_file) {
            (None, _) => Ok(self.out),
            (Some(e), Some(path)) => Err(anyhow::anyhow!("cannot write `{}`: {e}", path.display())),
            (Some(e), None) => Err(e.into()),
        }
    }
}

/// Print the reports in the chosen format (after what was streamed, if anything), then
/// (for people) the totals.
fn render(
    args: &CheckArgs,
    jobs: &[Job],
    reports: &[FileReport],
    builtin: &Arc<RuleSet>,
    fix_note: Option<String>,
    mut out: Box<dyn WriteColor>,
) -> anyhow::Result<()> {
    let format = args.format;
    let written = if args.statistics {
        report::statistics(reports, format, &mut out)
    } else {
        let rules = jobs
            .first()
            .map_or_else(|| Arc::clone(builtin), |j| Arc::clone(&j.settings.rules));
        report::write(format, reports, &rules, &mut out)
    };
    // `-o FILE`: the report goes to the file; the summary (for people) to standard error.
    if let Some(path) = &args.output_file {
        written
            .and_then(|()| out.flush())
            .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()))?;
    } else {
        written?;
    }
    let human = (format == report::Format::Human
        || args.statistics && format != report::Format::Json)
        && args.output_file.is_none();
    if args.output_file.is_some() && !args.quiet {
        let totals = Totals::of(reports);
        match &fix_note {
            Some(note) => eprintln!("{note}; {totals}"),
            None => eprintln!("{totals}"),
        }
    }
    if human && !args.quiet {
        let totals = Totals::of(reports);
        if totals.problems() > 0 && !args.statistics {
            writeln!(out)?;
        }
        out.set_color(ColorSpec::new().set_bold(true))?;
        if let Some(note) = &fix_note {
            write!(out, "{note}; ")?;
        }
        write!(out, "{totals}")?;
        out.reset()?;
        writeln!(out)?;
    } else if let Some(note) = fix_note.filter(|_| !args.quiet && args.output_file.is_none()) {
        eprintln!("{note}");
    }
    out.flush()?;
    Ok(())
}

/// Exit status (contract): 2 for errors, 1 for problems at or above `--fail-on`, else 0.
/// A file that could not be read or checked is a finding (`io/unreadable`, `internal/panic`)
/// that makes the status 2 — except under `--exit-zero`, which means 0 for findings of any
/// kind; a config that does not load or a fix that cannot be written is 2 always.
fn exit_status(args: &CheckArgs, jobs: &[Job], reports: &[FileReport], errored: bool) -> Status {
    if errored {
        return Status::Error;
    }
    if args.exit_zero {
        return Status::Clean;
    }
    if engine::any_unreadable(reports) {
        return Status::Error;
    }
    let fail_on = args.fail_on.unwrap_or_else(|| {
        jobs.iter()
            .filter_map(|j| j.settings.fail_on)
            .min()
            .unwrap_or(Severity::Error)
    });
    match engine::worst(reports) {
        Some(w) if w >= fail_on => Status::Problems,
        _ => Status::Clean,
    }
}
