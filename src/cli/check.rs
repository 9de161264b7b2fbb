//! `copydesk check`: walk → settings per file → engine → report → exit status.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::term::termcolor::{BufferWriter, WriteColor};

use copydesk::config::{find_config, Filter, Settings};
use copydesk::diagnostic::{Applicability, FileReport, Severity};
use copydesk::engine::{self, Job};
use copydesk::fix;
use copydesk::report::{self, Totals};
use copydesk::rule::{RuleSet, Selector};
use copydesk::walk::walk;

use super::args::{CheckArgs, FailOn};
use super::{color_choice, load_builtin, print_load_errors, Status};

/// Resolves and caches the settings of each config file.
struct Resolver {
    builtin: Arc<RuleSet>,
    fixed: Option<Arc<Settings>>,
    cache: HashMap<Option<PathBuf>, Option<Arc<Settings>>>,
    /// The config found for each folder.
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    cli: Option<Filter>,
    color: super::args::ColorChoice,
    failed: bool,
}

impl Resolver {
    fn finish(&self, mut s: Settings) -> Arc<Settings> {
        s.cli = self.cli.clone();
        Arc::new(s)
    }

    /// Settings for a file (or for a folder being walked); `None` when its config is broken.
    fn for_path(&mut self, path: &Path) -> Option<Arc<Settings>> {
        if let Some(s) = &self.fixed {
            return Some(Arc::clone(s));
        }
        // Files in one folder share a config: look it up once per folder.
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let config = match self.by_dir.get(&dir) {
            Some(c) => c.clone(),
            None => {
                let c = find_config(path);
                self.by_dir.insert(dir, c.clone());
                c
            }
        };
        if let Some(hit) = self.cache.get(&config) {
            return hit.clone();
        }
        let settings = match &config {
            None => Some(self.finish(Settings::defaults(".".into(), Arc::clone(&self.builtin)))),
            Some(p) => match Settings::load(p, &self.builtin) {
                Ok(s) => Some(self.finish(s)),
                Err(errors) => {
                    print_load_errors(&errors, self.color);
                    self.failed = true;
                    None
                }
            },
        };
        self.cache.insert(config, settings.clone());
        settings
    }
}

fn cli_filter(args: &CheckArgs, rules: &RuleSet) -> Result<Option<Filter>, String> {
    if args.select.is_none() && args.ignore.is_empty() {
        return Ok(None);
    }
    let parse = |list: &[String]| -> Result<Vec<Selector>, String> {
        list.iter()
            .map(|s| {
                let selector = Selector::parse(s);
                if rules.knows(&selector) {
                    Ok(selector)
                } else {
                    Err(format!(
                        "unknown rule or family `{s}`; `copydesk rules` lists them"
                    ))
                }
            })
            .collect()
    };
    Ok(Some(Filter {
        select: args.select.as_deref().map(parse).transpose()?,
        ignore: parse(&args.ignore)?,
        severity: Vec::new(),
    }))
}

pub(super) fn run(args: CheckArgs) -> anyhow::Result<Status> {
    let builtin = match load_builtin(args.color) {
        Ok(b) => b,
        Err(s) => return Ok(s),
    };
    let cli = match cli_filter(&args, &builtin) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("copydesk: error: {e}");
            return Ok(Status::Error);
        }
    };
    let mut resolver = Resolver {
        builtin,
        fixed: None,
        cache: HashMap::new(),
        by_dir: HashMap::new(),
        cli,
        color: args.color,
        failed: false,
    };
    if args.isolated {
        resolver.fixed = Some(resolver.finish(Settings::defaults(
            ".".into(),
            Arc::clone(&resolver.builtin),
        )));
    } else if let Some(path) = &args.config {
        match Settings::load(path, &resolver.builtin) {
            Ok(s) => resolver.fixed = Some(resolver.finish(s)),
            Err(errors) => {
                print_load_errors(&errors, args.color);
                return Ok(Status::Error);
            }
        }
    }

    let mut jobs = Vec::new();
    let stdin_requested = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin_requested {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        let shown = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "-".to_string());
        if let Some(settings) = resolver.for_path(Path::new(&shown)) {
            // The claimed name decides the format and the overrides; the text is stdin's.
            let path = args.stdin_filename.as_ref().map(PathBuf::from);
            jobs.push(Job {
                shown,
                path,
                text: Some(buf),
                settings,
            });
        }
    }
    let paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let (candidates, walk_errors) = walk(&paths, &|_| true);
    let mut io_failed = !walk_errors.is_empty();
    for e in &walk_errors {
        eprintln!("copydesk: error: {}: {}", e.path, e.message);
    }
    for c in candidates {
        let Some(settings) = resolver.for_path(&c.path) else {
            continue;
        };
        if !c.explicit && !settings.wants_extension(&c.path) {
            continue;
        }
        if (!c.explicit || args.force_exclude) && settings.is_excluded(&c.path) {
            continue;
        }
        let shown = c.path.display().to_string();
        jobs.push(Job {
            shown,
            path: Some(c.path),
            text: None,
            settings,
        });
    }

    if jobs.is_empty() && (resolver.failed || !walk_errors.is_empty()) {
        return Ok(Status::Error);
    }
    let mut reports = engine::run(&jobs);
    io_failed |= engine::any_unreadable(&reports);

    // Fixes: plan them all, then write (or print a diff); what remains is checked again.
    let fixing = args.fix || args.unsafe_fixes || args.diff;
    let mut fix_note = None;
    let mut diff_found = false;
    if fixing {
        let min = if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let planned = engine::plan_fixes(&jobs, &reports, min);
        let (mut fixes, mut files) = (0, 0);
        for f in &planned {
            let job = &jobs[f.job];
            if !f.converged {
                eprintln!("copydesk: error: {}: fixes did not settle after {} passes; file left unchanged", job.shown, fix::MAX_PASSES);
                io_failed = true;
                continue;
            }
            if args.diff {
                print!("{}", fix::unified_diff(&job.shown, &f.old, &f.new));
                diff_found = true;
            } else if let Some(path) = &job.path.as_ref().filter(|_| job.text.is_none()) {
                if let Err(e) = fix::write_atomic(path, &f.new) {
                    eprintln!("copydesk: error: {}: cannot write fixes: {e}", job.shown);
                    io_failed = true;
                    continue;
                }
            } else {
                // Standard input: the fixed text goes to standard output, nothing else.
                print!("{}", f.new);
            }
            fixes += f.applied;
            files += 1;
        }
        let stdin_fixed = !args.diff && jobs.iter().any(|j| j.text.is_some());
        if args.diff {
            let verb = if fixes == 1 { "fix" } else { "fixes" };
            eprintln!(
                "{fixes} {verb} would be applied to {files} {}",
                if files == 1 { "file" } else { "files" }
            );
            return Ok(if io_failed {
                Status::Error
            } else if diff_found {
                Status::Problems
            } else {
                Status::Clean
            });
        }
        if stdin_fixed {
            if planned.is_empty() {
                for j in jobs.iter().filter(|j| j.text.is_some()) {
                    print!(
                        "{}",
                        String::from_utf8_lossy(j.text.as_deref().unwrap_or_default())
                    );
                }
            }
            let remaining = engine::run(&jobs_after_stdin_fix(&jobs, &planned));
            return Ok(exit_status(
                &args,
                &jobs,
                &remaining,
                io_failed || resolver.failed,
            ));
        }
        if files > 0 {
            reports = engine::run(&jobs);
        }
        fix_note = Some(format!(
            "fixed {fixes} {} in {files} {}",
            if fixes == 1 { "problem" } else { "problems" },
            if files == 1 { "file" } else { "files" }
        ));
    }

    let format = args.format;
    let writer = BufferWriter::stdout(color_choice(args.color, std::io::stdout().is_terminal()));
    let mut buf = writer.buffer();
    if args.statistics {
        report::statistics(&reports, &mut buf)?;
    } else {
        let rules = jobs.first().map_or_else(
            || Arc::clone(&resolver.builtin),
            |j| Arc::clone(&j.settings.rules),
        );
        report::write(format, &reports, &rules, &mut buf)?;
    }
    let human = format == report::Format::Human || args.statistics;
    if human && !args.quiet {
        let totals = Totals::of(&reports);
        if totals.problems() > 0 && !args.statistics {
            writeln!(buf)?;
        }
        buf.set_color(codespan_reporting::term::termcolor::ColorSpec::new().set_bold(true))?;
        if let Some(note) = &fix_note {
            write!(buf, "{note}; ")?;
        }
        write!(buf, "{totals}")?;
        buf.reset()?;
        writeln!(buf)?;
    } else if let Some(note) = fix_note.filter(|_| !args.quiet) {
        eprintln!("{note}");
    }
    writer.print(&buf)?;
    Ok(exit_status(
        &args,
        &jobs,
        &reports,
        resolver.failed || io_failed,
    ))
}

/// The jobs as they stand after fixing standard input (its text replaced by the fixed one).
fn jobs_after_stdin_fix(jobs: &[Job], planned: &[fix::FileFix]) -> Vec<Job> {
    let mut out = jobs.to_vec();
    for f in planned {
        if out[f.job].text.is_some() {
            out[f.job].text = Some(f.new.clone().into_bytes());
        }
    }
    out
}

/// Exit status (contract): 2 for errors, 1 for problems at or above `--fail-on`, else 0.
fn exit_status(args: &CheckArgs, jobs: &[Job], reports: &[FileReport], errored: bool) -> Status {
    if errored {
        return Status::Error;
    }
    if args.exit_zero {
        return Status::Clean;
    }
    let fail_on = match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => jobs
            .iter()
            .filter_map(|j| j.settings.fail_on)
            .min()
            .unwrap_or(Severity::Error),
    };
    match engine::worst(reports) {
        Some(w) if w >= fail_on => Status::Problems,
        _ => Status::Clean,
    }
}
