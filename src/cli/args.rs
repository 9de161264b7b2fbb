//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use copydesk::diagnostic::Severity;
use copydesk::report::Format;

/// A fast, precise linter for editorial copy.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run: the size of the `check` variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check articles (Markdown and plain text) and report problems.
    Check(CheckArgs),
    /// List the rules, or test a rule pack's examples.
    Rules(RulesArgs),
    /// Show a rule's documentation and examples.
    Explain(ExplainArgs),
    /// Write a commented starter `copydesk.toml` in the current folder.
    Init {
        /// Overwrite an existing copydesk.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Print a manual page (roff): copydesk(1), or with a subcommand copydesk-SUB(1); with
    /// --dir, write every page (copydesk.1, copydesk-check.1, …) into a folder.
    Man {
        /// The subcommand whose page to print (`check`, `rules`, …).
        subcommand: Option<String>,
        /// Write all pages into this folder instead.
        #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
        dir: Option<PathBuf>,
    },
    /// Run the language server over standard input and output.
    Lsp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, help_heading = "Output")]
    pub format: Format,

    /// When to colour the output (`NO_COLOR` is respected).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,

    /// Exit with 1 when a problem at or above this severity is found [default: error].
    #[arg(long, value_enum, help_heading = "Output")]
    pub fail_on: Option<Severity>,

    /// Use this config file instead of looking for copydesk.toml above each file.
    #[arg(long, help_heading = "Config")]
    pub config: Option<PathBuf>,

    /// Ignore every config file: built-in defaults only.
    #[arg(long, conflicts_with = "config", help_heading = "Config")]
    pub isolated: bool,

    /// Only these rules or families (comma-separated), replacing the config's selection.
    #[arg(long, value_delimiter = ',', help_heading = "Rules")]
    pub select: Option<Vec<String>>,

    /// These rules or families too (comma-separated), on top of the config's selection
    /// (a rule that is off by default is turned on by its exact id).
    #[arg(long, value_delimiter = ',', help_heading = "Rules")]
    pub extend_select: Vec<String>,

    /// Skip these rules or families (comma-separated), on top of the config.
    #[arg(long, value_delimiter = ',', help_heading = "Rules")]
    pub ignore: Vec<String>,

    /// The file name to report (and pick the format by) when reading `-`.
    #[arg(long, help_heading = "Input")]
    pub stdin_filename: Option<String>,

    /// Apply the config's `exclude` to files named on the command line too (for pre-commit).
    #[arg(long, help_heading = "Input")]
    pub force_exclude: bool,

    /// Apply safe fixes and write the files (atomically); report what remains.
    #[arg(long, help_heading = "Fixes")]
    pub fix: bool,

    /// With --fix or --diff, unsafe fixes too (deleting navigation fragments, rewriting
    /// titles); alone it writes nothing.
    #[arg(long, help_heading = "Fixes")]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff and write nothing (exit 1 when there is a diff).
    #[arg(long, help_heading = "Fixes")]
    pub diff: bool,

    /// Print the number of problems per rule instead of the problems (a JSON array with
    /// --format json).
    #[arg(long, help_heading = "Output")]
    pub statistics: bool,

    /// Write the report to this file instead of standard output (no colour); the summary
    /// line still goes to the terminal.
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub output_file: Option<PathBuf>,

    /// Print the problems only: no summary line.
    #[arg(long, short, help_heading = "Output")]
    pub quiet: bool,

    /// Check every file afresh: neither read nor write the result cache.
    #[arg(long, help_heading = "Cache")]
    pub no_cache: bool,

    /// The result cache's folder (default `.copydesk-cache` in the current folder).
    #[arg(
        long,
        value_name = "DIR",
        env = "COPYDESK_CACHE_DIR",
        help_heading = "Cache"
    )]
    pub cache_dir: Option<PathBuf>,

    /// After the run, print on standard error the time spent in each rule and phase (summed
    /// over threads), slowest first: finds a slow user rule.
    #[arg(long, help_heading = "Output")]
    pub timings: bool,

    /// Report only findings not recorded in FILE (JSON); when FILE does not exist, record
    /// today's findings in it and report none of them. Recorded findings are not fixed.
    #[arg(long, value_name = "FILE", help_heading = "Adoption")]
    pub baseline: Option<PathBuf>,

    /// With --baseline: rewrite FILE with today's findings for the files checked (entries
    /// for other files are kept), dropping the stale ones.
    #[arg(long, requires = "baseline", help_heading = "Adoption")]
    pub update_baseline: bool,

    /// Report (and fix) only findings on lines added or changed since this git revision
    /// (the pull-request mode: `--changed-lines origin/main`); untracked files count as new.
    #[arg(
        long,
        value_name = "REV",
        alias = "diff-base",
        help_heading = "Adoption"
    )]
    pub changed_lines: Option<String>,

    /// Write a `copydesk-disable-line` comment at the end of every Markdown line with a
    /// finding (plain text and front matter cannot hold one), so a rule can be switched on
    /// for an archive today; idempotent.
    #[arg(long, conflicts_with_all = ["fix", "diff"], help_heading = "Adoption")]
    pub add_suppressions: bool,

    /// Check only the files changed since this git revision (committed, staged or not) and
    /// untracked ones; corpus-wide rules then compare only those files.
    #[arg(long, value_name = "REV", help_heading = "Input")]
    pub changed_since: Option<String>,

    /// Check only shard K of N (`--shard 2/4`): a fixed partition of the files by path, for
    /// CI matrix jobs (corpus-wide rules compare only the files of one shard).
    #[arg(long, value_name = "K/N", value_parser = parse_shard, help_heading = "Input")]
    pub shard: Option<(u32, u32)>,

    /// Exit 0 for findings of any kind, unreadable files included (a config that does not
    /// load or a fix that cannot be written still exits 2).
    #[arg(long, help_heading = "Output")]
    pub exit_zero: bool,
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(s: &str) -> Result<(u32, u32), String> {
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| "expected K/N, e.g. 2/4".to_string())?;
    let (k, n): (u32, u32) = (
        k.trim()
            .parse()
            .map_err(|_| format!("`{k}` is not a number"))?,
        n.trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a number"))?,
    );
    if k == 0 || k > n {
        return Err(format!("shard {k} of {n}: K must be between 1 and N"));
    }
    Ok((k, n))
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,

    /// Config file whose `rule-dirs` and selection to list (default: the one above `.`).
    #[arg(long)]
    pub config: Option<PathBuf>,

    /// `table` for people, `json` for tools (id, summary, severity, kind, fixable, enabled,
    /// source, docs).
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Load every rule file in DIR and run its examples; report failures with their spans.
    Test {
        /// A rules folder: `family/name.toml` files.
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id, e.g. `typography/repeated-word`.
    pub rule: String,

    /// Config file whose `rule-dirs` to include.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
