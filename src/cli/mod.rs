//! The command line: the only place that prints or chooses an exit code.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod args;
mod baseline;
mod changed;
mod check;
mod explain;
mod init;
mod paths;
mod progress;
mod rules;
mod suppressions;

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use codespan_reporting::term::termcolor::{self, StandardStream};

use copydesk::config::{builtin_rules, find_config, Settings};
use copydesk::report::render_load_error;
use copydesk::rule::{LoadError, RuleSet};

/// Exit status (contract): 0 clean, 1 problems at or above `--fail-on`, 2 usage,
/// configuration, rule-file or I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Clean = 0,
    Problems = 1,
    Error = 2,
}

/// `copydesk man`: the top page, one subcommand's page, or every page into a folder.
fn man(subcommand: Option<&str>, dir: Option<&std::path::Path>) -> anyhow::Result<Status> {
    use clap::CommandFactory;
    let mut top = args::Cli::command();
    top.build();
    // Every page: (file stem, command), the subcommands named `copydesk-check`, and theirs
    // `copydesk-rules-test`.
    fn pages(prefix: &str, cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("{prefix}-{}", sub.get_name());
            out.push((name.clone(), sub.clone()));
            pages(&name, sub, out);
        }
    }
    let mut all = vec![("copydesk".to_string(), top.clone())];
    pages("copydesk", &top, &mut all);
    match (subcommand, dir) {
        (_, Some(dir)) => {
            std::fs::create_dir_all(dir)?;
            for (name, cmd) in all {
                let mut buf = Vec::new();
                clap_mangen::Man::new(cmd)
                    .title(name.clone())
                    .render(&mut buf)?;
                std::fs::write(dir.join(format!("{name}.1")), buf)?;
            }
        }
        (Some(sub), None) => {
            let wanted = format!("copydesk-{sub}");
            let Some((name, cmd)) = all.into_iter().find(|(n, _)| *n == wanted) else {
                eprintln!("copydesk: error: no subcommand `{sub}`");
                return Ok(Status::Error);
            };
            clap_mangen::Man::new(cmd)
                .title(name)
                .render(&mut std::io::stdout())?;
        }
        (None, None) => clap_mangen::Man::new(top).render(&mut std::io::stdout())?,
    }
    Ok(Status::Clean)
}

pub fn run(cli: args::Cli) -> anyhow::Result<Status> {
    match cli.command {
        args::Command::Check(a) => check::run(a),
        args::Command::Rules(a) => rules::run(a),
        args::Command::Explain(a) => explain::run(a),
        args::Command::Init { force } => init::run(force),
        args::Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut args::Cli::command(),
                "copydesk",
                &mut std::io::stdout(),
            );
            Ok(Status::Clean)
        }
        args::Command::Lsp => {
            copydesk::lsp::run_stdio()?;
            Ok(Status::Clean)
        }
        args::Command::Man { subcommand, dir } => man(subcommand.as_deref(), dir.as_deref()),
    }
}

/// Colour choice for a stream: `auto` means colour on a terminal, or anywhere when
/// `CLICOLOR_FORCE` or `FORCE_COLOR` is set (CI logs render colour), and never when
/// `NO_COLOR` is set (it wins over both).
fn color_choice(choice: args::ColorChoice, stream_is_terminal: bool) -> termcolor::ColorChoice {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let forced = set("CLICOLOR_FORCE") || set("FORCE_COLOR");
    match choice {
        args::ColorChoice::Always => termcolor::ColorChoice::Always,
        args::ColorChoice::Never => termcolor::ColorChoice::Never,
        args::ColorChoice::Auto if no_color => termcolor::ColorChoice::Never,
        args::ColorChoice::Auto if forced => termcolor::ColorChoice::Always,
        args::ColorChoice::Auto if stream_is_terminal => termcolor::ColorChoice::Auto,
        args::ColorChoice::Auto => termcolor::ColorChoice::Never,
    }
}

fn stderr(choice: args::ColorChoice) -> StandardStream {
    StandardStream::stderr(color_choice(choice, std::io::stderr().is_terminal()))
}

/// Print rule-file or config errors, pointing into the TOML.
fn print_load_errors(errors: &[LoadError], choice: args::ColorChoice) {
    let mut err = stderr(choice);
    for e in errors {
        let _ = render_load_error(e, &mut err);
    }
}

/// The embedded rule packs, or the errors printed.
fn load_builtin(choice: args::ColorChoice) -> Result<Arc<RuleSet>, Status> {
    builtin_rules().map(Arc::new).map_err(|errors| {
        print_load_errors(&errors, choice);
        Status::Error
    })
}

/// Settings for commands that look at rules (`rules`, `explain`): `--config`, else the
/// config above the current folder, else defaults.
fn settings_for_rules(
    config: Option<&Path>,
    choice: args::ColorChoice,
) -> Result<Arc<Settings>, Status> {
    let builtin = load_builtin(choice)?;
    let path = config
        .map(Path::to_path_buf)
        .or_else(|| find_config(Path::new(".")));
    match path {
        None => Ok(Arc::new(Settings::defaults(".".into(), builtin))),
        Some(p) => Settings::load(&p, &builtin)
            .map(Arc::new)
            .map_err(|errors| {
                print_load_errors(&errors, choice);
                Status::Error
            }),
    }
}
