//! Output formats, one file each, all fed the same sorted [`FileReport`]s.

mod checkstyle;
mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod rdjson;
mod sarif;

use std::borrow::Cow;
use std::io;

use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileReport, Severity};
use crate::id::RuleId;
use crate::rule::RuleSet;

pub use human::render_load_error;

/// `--format` values (contract: the names users type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated diagnostics with the source shown.
    Human,
    /// `path:line:col: severity[rule] message`.
    Concise,
    /// A JSON array, one object per diagnostic.
    Json,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// `JUnit` XML, one test case per file.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
    /// Reviewdog Diagnostic Format (`reviewdog -f=rdjson`).
    Rdjson,
    /// GitLab Code Quality (merge-request widget).
    Gitlab,
}

/// Write every report in `format`. `rules` describes the rules (SARIF lists them).
pub fn write<W: WriteColor>(
    format: Format,
    reports: &[FileReport],
    rules: &RuleSet,
    out: &mut W,
) -> io::Result<()> {
    match format {
        Format::Human | Format::Concise => own_then_corpus(format, reports, rules, out),
        Format::Json => buffered(out, |o| json::write(reports, o)),
        Format::Sarif => buffered(out, |o| sarif::write(reports, rules, o)),
        Format::Github => {
            own_then_corpus(format, reports, rules, out)?;
            github::summary(reports, out)
        }
        Format::Junit => buffered(out, |o| junit::write(reports, o)),
        Format::Checkstyle => buffered(out, |o| checkstyle::write(reports, o)),
        Format::Rdjson => buffered(out, |o| rdjson::write(reports, o)),
        Format::Gitlab => buffered(out, |o| gitlab::write(reports, o)),
    }
}

/// Whether `format` writes each file's findings on their own (no header or footer around
/// them, no count before them): its reports can be written as the run goes
/// (`engine::run_streamed`), the corpus-wide findings after them.
pub fn streams(format: Format) -> bool {
    each_file(format).is_some()
}

/// How a format that [`streams`] writes some of a file's findings, and what it needs of
/// the file's text.
fn each_file(format: Format) -> Option<(Each, Text)> {
    match format {
        Format::Human => Some((human::write, Text::Read)),
        Format::Concise => Some((concise::write, Text::Positions)),
        Format::Github => Some((github::annotations, Text::Positions)),
        _ => None,
    }
}

/// One report's findings in a format that [`streams`], rendered on this thread (a streamed
/// run's workers are busy checking) [`FINDINGS_AT_ONCE`] at a time. Other formats write
/// nothing.
pub fn write_file(format: Format, r: &FileReport, out: &mut Buffer) -> io::Result<()> {
    let Some((each, text)) = each_file(format) else {
        return Ok(());
    };
    let r = match text {
        Text::Read => crate::engine::with_text(r),
        Text::Positions => crate::engine::unparked(r),
    };
    for ds in r.diagnostics.chunks(FINDINGS_AT_ONCE) {
        each(&r, ds, out)?;
    }
    Ok(())
}

/// A format that [`streams`]: every file's own findings, then the corpus-wide ones — the
/// order of a streamed run (whose reports hold only the latter by now), whatever the run.
fn own_then_corpus<W: WriteColor>(
    format: Format,
    reports: &[FileReport],
    rules: &RuleSet,
    out: &mut W,
) -> io::Result<()> {
    let Some((each, text)) = each_file(format) else {
        return Ok(());
    };
    let corpus = rules.corpus_ids();
    let has = |r: &FileReport| r.counts().any(|c| corpus.contains(c.0));
    if !reports.iter().any(has) {
        return per_file(reports, out, each, text, Keep::All);
    }
    per_file(reports, out, each, text, Keep::Not(&corpus))?;
    // Few files have corpus-wide findings: theirs alone (a streamed run's reports hold
    // only those by now, and are written as they are, not copied).
    let theirs: Vec<&FileReport> = reports.iter().filter(|r| has(r)).collect();
    per_file(&theirs, out, each, text, Keep::Only(&corpus))
}

/// Which of a report's findings [`per_file`] writes.
#[derive(Clone, Copy)]
enum Keep<'a> {
    All,
    /// All but those of these rules.
    Not(&'a [RuleId]),
    /// Only those of these rules.
    Only(&'a [RuleId]),
}

impl Keep<'_> {
    fn keeps(self, d: &Diagnostic) -> bool {
        match self {
            Keep::All => true,
            Keep::Not(rules) => !rules.contains(&d.rule),
            Keep::Only(rules) => rules.contains(&d.rule),
        }
    }
}

/// A machine format writes token by token: buffered here, not call by call through the
/// output stream (a terminal stream behind a trait object).
fn buffered<W: io::Write>(
    out: &mut W,
    write: impl FnOnce(&mut io::BufWriter<&mut W>) -> io::Result<()>,
) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(1 << 16, out);
    write(&mut buf)?;
    io::Write::flush(&mut buf)
}

/// What a per-file format needs of a file's text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Text {
    /// The text itself (source lines shown): read again if it is on disk.
    Read,
    /// Only line:column positions, which a report keeps ([`FileReport::line_col`]).
    Positions,
}

/// A format whose output is one independent piece per file (no header, no footer): files
/// are rendered a group at a time ([`groups`]), a few runs of a group's files in parallel,
/// each run into its own buffer (each file's text read again in its turn if it is on disk
/// and the format shows it), and the buffers written in order — the bytes of a sequential
/// run. A file alone in its group with more than [`FINDINGS_AT_ONCE`] findings (as any
/// file with more than a group holds is) is rendered that many findings to a buffer (in
/// parallel, a few buffers at a time): held whole, a million findings on one line would be
/// hundreds of megabytes of output.
fn per_file<W: WriteColor, R: std::borrow::Borrow<FileReport> + Sync>(
    reports: &[R],
    out: &mut W,
    each: Each,
    text: Text,
    keep: Keep,
) -> io::Result<()> {
    let color = out.supports_color();
    let load = |r| load(r, text, keep);
    let buffer = || {
        if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        }
    };
    let threads = rayon::current_num_threads();
    for group in groups(reports, text) {
        match group {
            [r] if findings(r.borrow()) > FINDINGS_AT_ONCE => {
                let r = load(r.borrow());
                for ds in r.diagnostics.chunks(FINDINGS_AT_ONCE * 2 * threads) {
                    let parts: Vec<io::Result<Buffer>> = ds
                        .par_chunks(FINDINGS_AT_ONCE)
                        .map(|ds| {
                            let mut buf = buffer();
                            each(&r, ds, &mut buf).map(|()| buf)
                        })
                        .collect();
                    for buf in parts {
                        out.write_all(buf?.as_slice())?;
                    }
                }
            }
            _ => {
                // A few runs of files, each rendered into one buffer (a buffer a file
                // cost a tenth more CPU).
                let parts: Vec<io::Result<Buffer>> = group
                    .par_chunks(group.len().div_ceil(2 * threads))
                    .map(|files| {
                        let mut buf = buffer();
                        for r in files {
                            let r = load(r.borrow());
                            each(&r, &r.diagnostics, &mut buf)?;
                        }
                        Ok(buf)
                    })
                    .collect();
                for buf in parts {
                    out.write_all(buf?.as_slice())?;
                }
            }
        }
    }
    Ok(())
}

/// A report loaded as [`per_file`] writes it: its text or its positions, the findings it
/// keeps.
fn load<'r>(r: &'r FileReport, text: Text, keep: Keep) -> Cow<'r, FileReport> {
    let r = match text {
        Text::Read => crate::engine::with_text(r),
        Text::Positions => crate::engine::unparked(r),
    };
    if r.diagnostics.iter().all(|d| keep.keeps(d)) {
        return r;
    }
    let mut r = r.into_owned();
    r.diagnostics.retain(|d| keep.keeps(d));
    Cow::Owned(r)
}

/// The groups of files [`per_file`] renders at once: as many as hold about
/// [`FINDINGS_AT_ONCE`] findings for each thread, and when the format shows their texts,
/// at most [`crate::engine::TEXTS_AT_ONCE`] files. A group is worth spreading over the
/// threads only with some work in it: most files of a large run have a finding or two, and
/// groups of 64 of them (a few dozen microseconds' work each) spent half their time waking
/// the other thread. Memory stays bounded: a group's buffers hold its findings' output.
fn groups<R: std::borrow::Borrow<FileReport>>(
    reports: &[R],
    text: Text,
) -> impl Iterator<Item = &[R]> {
    let most_files = match text {
        Text::Read => crate::engine::TEXTS_AT_ONCE,
        Text::Positions => usize::MAX,
    };
    let most_findings = FINDINGS_AT_ONCE * rayon::current_num_threads();
    let mut rest = reports;
    std::iter::from_fn(move || {
        let (mut files, mut held) = (0, 0);
        while files < rest.len().min(most_files) {
            held += findings(rest[files].borrow());
            if files > 0 && held > most_findings {
                break;
            }
            files += 1;
        }
        let (group, after) = rest.split_at(files);
        rest = after;
        (!group.is_empty()).then_some(group)
    })
}

/// How many findings a report has to write, held or parked.
fn findings(r: &FileReport) -> usize {
    r.pending()
}

/// A per-file format: some of one loaded report's findings into a buffer.
type Each = fn(&FileReport, &[Diagnostic], &mut Buffer) -> io::Result<()>;

/// Findings of one file a per-file format renders into one buffer.
const FINDINGS_AT_ONCE: usize = 1_000;

/// A JSON array serialized element by element as the writer reaches it: the values `each`
/// makes of one report at a time (from the positions the report keeps: no text is read
/// again), so a machine format for a large run never holds every finding as a JSON value.
/// Inside a larger document it is pretty-printed like any other array.
struct EachReport<'a, F>(&'a [FileReport], F);

impl<F: Fn(&FileReport) -> Vec<serde_json::Value>> serde::Serialize for EachReport<'_, F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        for r in crate::engine::loaded(self.0) {
            for v in (self.1)(&r) {
                seq.serialize_element(&v)?;
            }
        }
        seq.end()
    }
}

/// Characters a terminal or a CI log would act on rather than show (escape sequences,
/// carriage returns, backspaces, bells, line breaks in a name), and the two non-characters
/// XML cannot hold.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// `s` with every such character written as a visible escape (`\u{1b}`), so text from an
/// article or a file name can never move the cursor, recolour a terminal or start a new
/// line of output (a CI workflow command).
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Escape text for XML attributes and content: markup characters as entities, a line
/// break as `&#10;`, other characters XML 1.0 cannot hold as visible escapes.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if unsafe_char(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// A finding's message with its help in brackets, for the one-line machine formats
/// (SARIF, GitLab, rdjson).
fn message_with_help(d: &crate::diagnostic::Diagnostic) -> std::borrow::Cow<'_, str> {
    match &d.help {
        Some(h) => format!("{} (help: {h})", d.message).into(),
        None => d.message.as_str().into(),
    }
}

/// Counts for the closing summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files_with_problems: usize,
    pub files: usize,
    pub fixable: usize,
}

impl Totals {
    pub fn of(reports: &[FileReport]) -> Totals {
        let mut t = Totals {
            files: reports.len(),
            ..Totals::default()
        };
        for r in reports {
            if r.problems() > 0 {
                t.files_with_problems += 1;
            }
            for (_, severity, count, fixable) in r.counts() {
                match severity {
                    Severity::Error => t.errors += count,
                    Severity::Warning => t.warnings += count,
                    Severity::Info => t.infos += count,
                }
                t.fixable += fixable;
            }
        }
        t
    }

    pub fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl std::fmt::Display for Totals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.problems() == 0 {
            return write!(f, "no problems in {}", plural(self.files, "file", "files"));
        }
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error", "errors"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning", "warnings"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "info", "infos"));
        }
        write!(
            f,
            "{} ({}) in {} of {} checked",
            plural(self.problems(), "problem", "problems"),
            parts.join(", "),
            plural(self.files_with_problems, "file", "files"),
            self.files
        )?;
        if self.fixable > 0 {
            write!(f, "; {} fixable with `--fix`", self.fixable)?;
        }
        Ok(())
    }
}

/// One row of `--statistics`: a rule, its severity, its problems and how many have a safe fix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount<'a> {
    pub rule: &'a str,
    pub severity: &'static str,
    pub count: usize,
    pub fixable: usize,
}

/// Problems per rule, most frequent first.
pub fn rule_counts(reports: &[FileReport]) -> Vec<RuleCount<'_>> {
    let mut counts: std::collections::BTreeMap<&str, (usize, usize, Severity)> = Default::default();
    for (rule, severity, count, fixable) in reports.iter().flat_map(FileReport::counts) {
        let e = counts.entry(rule.as_str()).or_insert((0, 0, severity));
        e.0 += count;
        e.1 += fixable;
    }
    let mut rows: Vec<RuleCount<'_>> = counts
        .into_iter()
        .map(|(rule, (count, fixable, severity))| RuleCount {
            rule,
            severity: severity.as_str(),
            count,
            fixable,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    rows
}

/// `--statistics`: problems per rule, most frequent first; a JSON array of
/// `{rule, severity, count, fixable}` with `--format json`.
pub fn statistics<W: WriteColor>(
    reports: &[FileReport],
    format: Format,
    out: &mut W,
) -> io::Result<()> {
    let rows = rule_counts(reports);
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    for r in rows {
        let mark = if r.fixable > 0 {
            format!(" ({} fixable)", r.fixable)
        } else {
            String::new()
        };
        writeln!(out, "{:6}  {:7}  {}{mark}", r.count, r.severity, r.rule)?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod fixture {
    //! One shared set of diagnostics every format is tested against.
    use crate::diagnostic::{Applicability, Diagnostic, Edit, FileReport, Fix, Severity};

    pub(crate) fn reports() -> Vec<FileReport> {
        let a = "Title\nHe was turning the\"high resolution\" rhetoric.\n".to_string();
        let q = a.find('"').unwrap();
        let b = "他说“明年还会再来”and left.\n".to_string();
        let c = b.find("and").unwrap();
        let span_a = crate::span::Span::checked(&a, q..q + 1).unwrap();
        let fix_a = Edit::checked(&a, q..q, " ").unwrap();
        let span_b = crate::span::Span::checked(&b, c..c + 3).unwrap();
        vec![
            FileReport::new(
                0,
                "news/a.txt",
                a,
                vec![Diagnostic {
                    rule: crate::id::RuleId::from_static("quotes/space-before-opening"),
                    severity: Severity::Error,
                    message: "missing space before opening quote".into(),
                    span: span_a,
                    label: "opening quote glued to `the`".into(),
                    help: Some("insert a space before the quote".into()),
                    notes: vec![],
                    fix: Some(Fix::one("insert a space", Applicability::Safe, fix_a)),
                }],
            ),
            FileReport::new(
                1,
                "news/b.md",
                b,
                vec![Diagnostic {
                    rule: crate::id::RuleId::from_static("typography/example"),
                    severity: Severity::Warning,
                    message: "a warning after CJK text".into(),
                    span: span_b,
                    label: "here".into(),
                    help: None,
                    notes: vec!["a note".into()],
                    fix: None,
                }],
            ),
        ]
    }

    pub(crate) fn render(format: super::Format) -> String {
        let mut buf = codespan_reporting::term::termcolor::Buffer::no_color();
        let rules = crate::config::builtin_rules().unwrap();
        super::write(format, &reports(), &rules, &mut buf).unwrap();
        String::from_utf8(buf.into_inner()).unwrap()
    }
}

#[cfg(test)]
mod safety {
    use super::*;
    use crate::diagnostic::{Diagnostic, FileReport, Severity};
    use crate::span::Span;

    /// A hostile file name and article text: an escape sequence, a carriage return, a
    /// line break that would start a GitHub workflow command, and XML non-characters.
    fn hostile() -> Vec<FileReport> {
        let text = "Title\n\u{1b}[31mred\u{7} the the\r end \u{ffff}\n".to_string();
        let at = text.find("the the").unwrap();
        let d = Diagnostic {
            rule: crate::id::RuleId::from_static("typography/repeated-word"),
            severity: Severity::Warning,
            message: "repeated word `\u{1b}[2Jthe`".into(),
            span: Span::checked(&text, at..at + 7).unwrap(),
            label: "\u{8}\u{8}label".into(),
            help: Some("remove\rit".into()),
            notes: vec!["note \u{9b}31m".into()],
            fix: None,
        };
        let name = "x\n::error file=README.md,line=1::pwned\u{ffff}.md".to_string();
        vec![FileReport::new(0, name, text, vec![d])]
    }

    fn render(format: Format) -> String {
        let mut buf = codespan_reporting::term::termcolor::Buffer::no_color();
        let rules = crate::config::builtin_rules().unwrap();
        write(format, &hostile(), &rules, &mut buf).unwrap();
        String::from_utf8(buf.into_inner()).unwrap()
    }

    #[test]
    fn people_see_escapes_not_terminal_control() {
        for format in [Format::Human, Format::Concise] {
            let out = render(format);
            assert!(
                !out.chars().any(|c| c.is_control() && c != '\n'),
                "{format:?}: {out:?}"
            );
            assert!(
                !out.lines().any(|l| l.starts_with("::")),
                "{format:?} lets a file name start a workflow command: {out}"
            );
            assert!(out.contains("\\u{1b}"), "{format:?}: {out}");
        }
    }

    #[test]
    fn xml_holds_any_name_and_text() {
        for format in [Format::Junit, Format::Checkstyle] {
            let out = render(format);
            let bad = out
                .chars()
                .find(|&c| (c.is_control() && !matches!(c, '\n' | '\t')) || c == '\u{ffff}');
            assert_eq!(bad, None, "{format:?}: {out:?}");
            assert!(out.contains("\\u{ffff}"), "{format:?}: {out}");
        }
    }

    #[test]
    fn the_caret_still_points_at_the_span_after_escapes() {
        let out = render(Format::Human);
        let line = out.lines().find(|l| l.contains("red")).unwrap();
        let caret = out.lines().find(|l| l.contains("^^^^^^^")).unwrap();
        let col = |s: &str, pat: &str| s.find(pat).unwrap();
        assert_eq!(col(line, "the the"), col(caret, "^"), "{out}");
    }
}

#[cfg(test)]
mod grouping {
    use super::*;

    /// Files with `counts[i]` findings each.
    fn reports(counts: &[usize]) -> Vec<FileReport> {
        let text = "It it was late.\n";
        let d = &fixture::reports()[1].diagnostics[0];
        counts
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let mut d = d.clone();
                d.span = crate::span::Span::checked(text, 0..2).unwrap();
                FileReport::new(i, format!("f{i}.txt").as_str(), text.into(), vec![d; n])
            })
            .collect()
    }

    /// Every file once, in order; a group holds more findings than the bound only as a
    /// file alone, and no more files than the bound on texts when it shows them.
    #[test]
    fn groups_cover_every_file_in_order_within_their_bounds() {
        let most = FINDINGS_AT_ONCE * rayon::current_num_threads();
        let counts: Vec<usize> = (0..3_000)
            .map(|i| match i % 97 {
                0 => most + 5,
                1 => FINDINGS_AT_ONCE / 2,
                k => k % 4,
            })
            .collect();
        let reports = reports(&counts);
        for text in [Text::Read, Text::Positions] {
            let groups: Vec<&[FileReport]> = groups(&reports, text).collect();
            let order: Vec<usize> = groups
                .iter()
                .flat_map(|g| g.iter().map(|r| r.job))
                .collect();
            assert_eq!(order, (0..reports.len()).collect::<Vec<_>>());
            for g in &groups {
                let held: usize = g.iter().map(findings).sum();
                assert!(!g.is_empty());
                assert!(held <= most || g.len() == 1, "{} files, {held}", g.len());
                if text == Text::Read {
                    assert!(g.len() <= crate::engine::TEXTS_AT_ONCE);
                }
            }
            // Groups are filled: most files of few findings share one.
            assert!(groups.len() < reports.len() / 10, "{}", groups.len());
        }
        assert_eq!(groups::<FileReport>(&[], Text::Positions).count(), 0);
    }
}

#[cfg(test)]
mod parked {
    use std::sync::Arc;

    use super::*;
    use crate::config::Settings;
    use crate::engine::{self, Job, Source};

    /// Files with findings of many rules, a fix, a corpus-wide duplicate and a clean one.
    fn jobs(dir: &std::path::Path) -> Vec<Job> {
        let rules = Arc::new(crate::config::builtin_rules().unwrap());
        let s = Arc::new(Settings::defaults(".".into(), rules));
        let texts = [
            (
                "a.md",
                "# Same Title\n\nThe council met on  Tuesday.\n\nShe said\"no\" and left.\n",
            ),
            (
                "b.md",
                "# Same Title\n\nAnother story, told in naïve “quotes” .\n\nIt it was late.\n",
            ),
            ("c.md", "# Clean\n\nNothing to see here.\n"),
            (
                "d.txt",
                "A Title Line\n\nHe was turning the\"high resolution\" rhetoric ,again.\n",
            ),
            (
                "e/a.md",
                "# Same Title\n\nThe council met on  Tuesday.\n\nShe said\"no\" and left.\n",
            ),
        ];
        texts
            .iter()
            .map(|(name, text)| {
                let p = dir.join(name);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, text).unwrap();
                Job {
                    shown: (*name).into(),
                    source: Source::File(Some(p.into())),
                    settings: Arc::clone(&s),
                }
            })
            .collect()
    }

    /// A file with more findings than one buffer takes (rendered a part at a time, the
    /// parts in parallel) gives the bytes of one rendering of all of them, in order, with
    /// the other files' output before and after it.
    #[test]
    fn many_findings_in_one_file_render_as_one_piece() {
        let dir = tempfile::tempdir().unwrap();
        let mut jobs = jobs(dir.path());
        let n = FINDINGS_AT_ONCE * 5 / 2;
        let p = dir.path().join("big.md");
        std::fs::write(&p, format!("# Big\n\n{}\n", "the\"x\" ".repeat(n))).unwrap();
        jobs.push(Job {
            shown: "big.md".into(),
            source: Source::File(Some(p.into())),
            settings: Arc::clone(&jobs[0].settings),
        });
        let reports = engine::run_with(&jobs, None, &|| {});
        let big = reports.iter().find(|r| &*r.path == "big.md").unwrap();
        assert!(big.diagnostics.len() >= n, "{}", big.diagnostics.len());
        let each: [(Format, Each); 3] = [
            (Format::Human, human::write),
            (Format::Concise, concise::write),
            (Format::Github, github::annotations),
        ];
        let rules = crate::config::builtin_rules().unwrap();
        for (format, each) in each {
            // Each file's own findings, then the corpus-wide ones.
            let mut want = Buffer::no_color();
            for corpus in [false, true] {
                for r in engine::with_texts(&reports) {
                    let ds: Vec<Diagnostic> = r
                        .diagnostics
                        .iter()
                        .filter(|d| (d.rule == "titles/duplicate") == corpus)
                        .cloned()
                        .collect();
                    if !ds.is_empty() {
                        each(&r, &ds, &mut want).unwrap();
                    }
                }
            }
            if format == Format::Github {
                github::summary(&reports, &mut want).unwrap();
            }
            let mut got = Buffer::no_color();
            write(format, &reports, &rules, &mut got).unwrap();
            assert!(got.as_slice() == want.as_slice(), "{format:?}");
        }
    }

    fn every_output(reports: &[FileReport], rules: &RuleSet) -> Vec<String> {
        let mut out: Vec<String> = [
            Format::Human,
            Format::Concise,
            Format::Json,
            Format::Sarif,
            Format::Github,
            Format::Junit,
            Format::Checkstyle,
            Format::Rdjson,
            Format::Gitlab,
        ]
        .into_iter()
        .map(|f| {
            let mut buf = Buffer::no_color();
            write(f, reports, rules, &mut buf).unwrap();
            String::from_utf8(buf.into_inner()).unwrap()
        })
        .collect();
        for f in [Format::Human, Format::Json] {
            let mut buf = Buffer::no_color();
            statistics(reports, f, &mut buf).unwrap();
            out.push(String::from_utf8(buf.into_inner()).unwrap());
        }
        out.push(Totals::of(reports).to_string());
        out.push(format!(
            "{:?} {}",
            engine::worst(reports),
            engine::any_unreadable(reports)
        ));
        out
    }

    /// Findings parked on disk (all of them, or all but the first few), with the corpus
    /// facts' sketches, give every format, the statistics, the totals and the exit status
    /// exactly what held findings give.
    #[test]
    fn parked_findings_report_as_held_ones() {
        let dir = tempfile::tempdir().unwrap();
        let jobs = jobs(dir.path());
        let rules = crate::config::builtin_rules().unwrap();
        let held = engine::run_with(&jobs, None, &|| {});
        assert!(held.iter().all(|r| r.parked.is_none()));
        let want = every_output(&held, &rules);
        assert!(want[2].contains("titles/duplicate"), "{}", want[2]);
        // The copy in another folder is found through the sketches of the bodies (parked
        // with the findings below: compared after being read back).
        let copy = &held
            .iter()
            .find(|r| &*r.path == "e/a.md")
            .unwrap()
            .diagnostics;
        assert!(
            copy.iter().any(|d| d.rule == "titles/duplicate"),
            "{copy:?}"
        );
        for limit in [0, 3] {
            let parked = engine::run_parked(&jobs, None, &|| {}, limit);
            let n = parked.iter().filter(|r| r.parked.is_some()).count();
            assert!(n >= 3, "limit {limit}: {n} files parked");
            assert!(parked
                .iter()
                .all(|r| r.parked.is_none() || r.diagnostics.is_empty()));
            assert_eq!(every_output(&parked, &rules), want, "limit {limit}");
        }
    }

    /// A streamed run's output (each file's own findings written as it is checked, the
    /// corpus-wide ones after) is byte for byte what the formats that stream write for the
    /// same run unstreamed: every file's own findings, then the corpus-wide ones.
    #[test]
    fn a_streamed_run_writes_what_an_unstreamed_one_does() {
        let dir = tempfile::tempdir().unwrap();
        let jobs = jobs(dir.path());
        let rules = crate::config::builtin_rules().unwrap();
        let held = engine::run_with(&jobs, None, &|| {});
        for format in [Format::Human, Format::Concise, Format::Github] {
            assert!(streams(format));
            let mut want = Buffer::no_color();
            write(format, &held, &rules, &mut want).unwrap();
            let want = String::from_utf8(want.into_inner()).unwrap();
            let dup = want
                .find("titles/duplicate")
                .expect("a corpus-wide finding");
            assert!(!want[dup..].contains("space-before-opening"), "{want}");
            for limit in [usize::MAX, 0] {
                let mut got = Buffer::no_color();
                let rest = engine::run_streamed(&jobs, None, &|| {}, limit, &mut |r| {
                    write_file(format, r, &mut got).unwrap();
                });
                write(format, &rest, &rules, &mut got).unwrap();
                let got = String::from_utf8(got.into_inner()).unwrap();
                assert_eq!(got, want, "{format:?}, limit {limit}");
            }
        }
    }
}
