//! Runs rules over documents: in parallel over files (rayon), then the corpus-wide phase.
//! Results come back sorted by path, position and rule id, whatever the thread count.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::cache::{self, Cache};
use crate::config::Settings;
use crate::diagnostic::{
    sort_diagnostics, Diagnostic, FileReport, LineHashes, OnDisk, Severity, Tally,
};
use crate::document::{Document, Format, ReadError};
use crate::fix::{self, FileFix};
use crate::id::RuleId;
use crate::lines::{LineIndex, Located};
use crate::park::Park;
use crate::rule::{Context, EngineCheck, Fact, Logic, Rule, RuleSet, Style};
use crate::span::Span;
use crate::suppress;
use crate::timings;

/// Rule id of the diagnostic for a file that could not be read.
pub const UNREADABLE: &str = "io/unreadable";

/// Rule id of the finding for a file that is not UTF-8 (and no `encoding` option reads it):
/// an error finding, not a failed run.
pub const ENCODING: &str = "io/encoding";

/// Where a job's text comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk, read by the engine (and written by `--fix`): its path, or `None`
    /// when that is the path as shown (valid UTF-8, as most are), kept once for both
    /// ([`Job::on_disk`]): a run holds every file's job.
    File(Option<Arc<std::path::Path>>),
    /// Text already in memory (standard input, an editor buffer): boxed, so the files'
    /// jobs are small.
    Buffer(Box<Buffer>),
}

/// Text already in memory, with the path it claims to be, which decides the format and the
/// config's overrides.
#[derive(Debug, Clone)]
pub struct Buffer {
    pub text: Vec<u8>,
    pub claimed: Option<PathBuf>,
}

/// One file to check.
#[derive(Debug, Clone)]
pub struct Job {
    /// The path as shown in output.
    pub shown: Arc<str>,
    pub source: Source,
    pub settings: Arc<Settings>,
}

impl Job {
    /// A job for the file at `path`, shown as its path.
    pub fn on_disk(path: PathBuf, settings: Arc<Settings>) -> Job {
        // A path in UTF-8 (nearly every one) is shown as it is and kept once; another is
        // shown lossily and kept beside its name.
        let (shown, own): (Arc<str>, _) = match path.to_str() {
            Some(s) => (Arc::from(s), None),
            None => (path.display().to_string().into(), Some(Arc::from(path))),
        };
        Job {
            shown,
            source: Source::File(own),
            settings,
        }
    }

    /// A job for text in memory, shown as `shown`, claiming to be the file at `claimed`.
    pub fn buffer(
        shown: impl Into<Arc<str>>,
        text: Vec<u8>,
        claimed: Option<PathBuf>,
        settings: Arc<Settings>,
    ) -> Job {
        Job {
            shown: shown.into(),
            source: Source::Buffer(Box::new(Buffer { text, claimed })),
            settings,
        }
    }

    /// The path matched against the config: the file's, or the one a buffer claims.
    pub fn path(&self) -> Option<&std::path::Path> {
        match &self.source {
            Source::File(_) => self.file(),
            Source::Buffer(b) => b.claimed.as_deref(),
        }
    }

    /// The file on disk this job reads, if it is one.
    pub fn file(&self) -> Option<&std::path::Path> {
        match &self.source {
            Source::File(p) => Some(
                p.as_deref()
                    .unwrap_or_else(|| std::path::Path::new(&*self.shown)),
            ),
            Source::Buffer(_) => None,
        }
    }
}

/// Check one parsed document with the selected rules, then apply its suppression comments
/// and report what is wrong with them (when `suppress/*` rules are selected).
pub fn check_document(
    doc: &Document,
    rules: &RuleSet,
    selection: &[(usize, Severity)],
    style: &Style,
) -> Vec<Diagnostic> {
    check_document_with(doc, rules, selection, style, &[], &mut None).0
}

/// [`check_document`], told where the corpus-wide rules' facts stand (rule, offset) so
/// that suppression comments apply to them too; also returns the indices (into `corpus`)
/// of the facts a comment suppresses.
fn check_document_with(
    doc: &Document,
    rules: &RuleSet,
    selection: &[(usize, Severity)],
    style: &Style,
    corpus: &[(&RuleId, usize)],
    timing: &mut Option<timings::Local>,
) -> (Vec<Diagnostic>, Vec<usize>) {
    let mut out = Vec::new();
    let mut engine_rules: Vec<(EngineCheck, &Rule, Severity)> = Vec::new();
    for &(i, severity) in selection {
        let rule = &rules.rules()[i];
        match &rule.logic {
            Logic::Check(check) => {
                let start = out.len();
                let clock = timings::clock(timing);
                let mut cx = Context::new(&rule.meta, severity, style, doc, &mut out);
                check.check(doc, &mut cx);
                keep_markup(doc, &mut out[start..]);
                if !rule.allow.is_empty() {
                    let mut k = 0;
                    out.retain(|d| {
                        k += 1;
                        k <= start || !crate::rule::allowed(&rule.allow, &doc.text, d.span.range())
                    });
                }
                timings::lap(timing, rule.meta.id.as_str(), clock);
            }
            Logic::Engine(e) => engine_rules.push((*e, rule, severity)),
            Logic::Corpus(_) => {}
        }
    }
    let clock = timings::clock(timing);
    let (findings, suppressed) = suppress::apply(doc, &mut out, rules, corpus);
    timings::lap(timing, "(suppression comments)", clock);
    for finding in findings {
        if let Some((_, rule, severity)) = engine_rules.iter().find(|(e, _, _)| *e == finding.check)
        {
            let (k, v) = &finding.var;
            // The comment's range comes from the Markdown parser.
            let span = Span::clamped(&doc.text, finding.span);
            out.push(rule.meta.diagnostic(*severity, span, &[(k, v.as_str())]));
        }
    }
    sort_diagnostics(&mut out);
    (out, suppressed)
}

/// A fix that would change markup rather than words is not offered, whatever the rule
/// (the finding stays, with a note; `--fix`, `--unsafe-fixes` and the language server leave
/// the text as it is):
/// - edits inside the front matter that change more than a value's own characters (its YAML
///   or TOML syntax: a quote that ends a string, a value's quoting);
/// - edits inside a reference link found by its text (`["Rust 2018"]` with a `["Rust
///   2018"]: url` definition): the changed text no longer finds its definition.
fn keep_markup(doc: &Document, found: &mut [Diagnostic]) {
    if doc.front_matter.is_none() && doc.labels.is_empty() {
        return;
    }
    for d in found {
        let Some(fix) = &d.fix else { continue };
        let in_label = fix.edits.iter().any(|e| {
            let (s, t) = (e.start(), e.end());
            doc.labels.iter().any(|r| {
                if s == t {
                    r.start < s && s < r.end
                } else {
                    s < r.end && r.start < t
                }
            })
        });
        let why = if in_label {
            Some("no automatic fix: the link's text is also its reference label; changing it would unlink it from its definition".to_string())
        } else {
            doc.front_matter
                .as_ref()
                .filter(|fm| fix.edits.iter().any(|e| e.start() < fm.range.end))
                .filter(|_| !doc.front_matter_kept(&fix.edits))
                .map(|fm| {
                    let syntax = match fm.format {
                        crate::document::FrontMatterFormat::Yaml => "YAML",
                        crate::document::FrontMatterFormat::Toml => "TOML",
                    };
                    format!("no automatic fix: it would change the front matter's {syntax} (its quoting), not only these words")
                })
        };
        if let Some(why) = why {
            d.fix = None;
            d.notes.push(why);
        }
    }
}

/// Parse and check text as the file `shown` (format from its extension).
pub fn check_text(
    shown: &str,
    text: &str,
    settings: &Settings,
    path: Option<&std::path::Path>,
) -> Vec<Diagnostic> {
    let doc = Document::parse(shown, text.to_string(), Format::for_path(shown));
    let selection = settings.selection(path);
    check_document(&doc, &settings.rules, &selection, &settings.style)
}

/// Rule id of the diagnostic for a file whose check panicked (a bug in copydesk).
pub const INTERNAL_PANIC: &str = "internal/panic";

/// A report holding one error diagnostic at `at`, for a file that could not be checked.
fn error_report(job: usize, shown: &str, text: String, at: usize, d: ErrorDiag) -> FileReport {
    let d = Diagnostic {
        rule: RuleId::from_static(d.rule),
        severity: Severity::Error,
        message: d.message,
        span: Span::clamped(&text, at..at),
        label: "here".to_string(),
        help: d.help,
        notes: Vec::new(),
        fix: None,
    };
    FileReport::new(job, shown.to_string(), text, vec![d])
}

struct ErrorDiag {
    rule: &'static str,
    message: String,
    help: Option<String>,
}

/// The diagnostic for an unreadable file, pointing at the bad byte where there is one.
fn unreadable(job: usize, shown: &str, bytes: &[u8], err: &ReadError) -> FileReport {
    // The text before the bad byte is valid UTF-8 for an encoding error: keep it so the
    // position reads as line:column.
    let (text, at) = match err {
        ReadError::InvalidUtf8 { offset } | ReadError::CrOnly { offset } => (
            String::from_utf8_lossy(&bytes[..*offset]).into_owned(),
            *offset,
        ),
        // A text file with a stray NUL: its position; real binary data: the file as a whole.
        ReadError::Binary { offset } => match std::str::from_utf8(&bytes[..*offset]) {
            Ok(text) => (text.to_string(), *offset),
            Err(_) => (String::new(), 0),
        },
        _ => (String::new(), 0),
    };
    let help = match err {
        ReadError::InvalidUtf8 { offset } => Some(if legacy_8bit(bytes, *offset) {
            "this looks like Windows-1252 or Latin-1 text: save the file as UTF-8, or set \
             `encoding = \"windows-1252\"` in copydesk.toml to check it as it is"
                .to_string()
        } else {
            "save the file as UTF-8".to_string()
        }),
        ReadError::Binary { .. } => Some(
            "if this is text, remove the NUL byte; exclude binary files in copydesk.toml"
                .to_string(),
        ),
        ReadError::Utf16 => Some("save the file as UTF-8".to_string()),
        ReadError::CrOnly { .. } => Some(
            "convert the line endings to LF (or CRLF), e.g. `dos2unix -c mac FILE`".to_string(),
        ),
        ReadError::Io(_) | ReadError::NotAFile => None,
    };
    let d = ErrorDiag {
        rule: match err {
            ReadError::InvalidUtf8 { .. } => ENCODING,
            _ => UNREADABLE,
        },
        message: format!("cannot read `{shown}`: {err}"),
        help,
    };
    error_report(job, shown, text, at, d)
}

/// Invalid UTF-8 that reads as a legacy 8-bit encoding: the bad byte is a lone high byte
/// (not a broken multi-byte sequence) and most of the file is ASCII.
fn legacy_8bit(bytes: &[u8], offset: usize) -> bool {
    let lone = bytes.get(offset).is_some_and(|&b| b >= 0x80)
        && bytes
            .get(offset + 1)
            .is_none_or(|&b| !(0x80..0xC0).contains(&b));
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    lone && high * 10 < bytes.len()
}

/// What is left of one file after the per-file phase.
struct Checked {
    report: FileReport,
    /// Corpus-phase facts: (rule index, fact).
    facts: Vec<(usize, Fact)>,
    /// Rules whose corpus findings on this file a suppression comment hides.
    suppressed: Vec<usize>,
    /// The corpus-wide rules that ran on this file, with their severities (per-file rules
    /// are done with: a large run keeps only these).
    selection: Arc<[(usize, Severity)]>,
    settings: Arc<Settings>,
}

impl Checked {
    fn failed(report: FileReport, settings: Arc<Settings>) -> Checked {
        Checked {
            report,
            facts: Vec::new(),
            suppressed: Vec::new(),
            selection: Arc::new([]),
            settings,
        }
    }
}

/// A hash of a file's text, to recognise it when it is read again (the cache's fast
/// content hash: this runs on every flagged file).
fn text_hash(text: &str) -> u64 {
    crate::cache::content_hash(text.as_bytes()).0
}

/// Read a file named by a job: only regular files are read, and none is opened in a way
/// that blocks, so a FIFO or a device named `x.md` never stalls the run.
fn read_file(path: &std::path::Path) -> Result<Vec<u8>, ReadError> {
    match crate::read::regular(path).map_err(ReadError::Io)? {
        crate::read::Regular::Bytes(bytes) => Ok(bytes),
        crate::read::Regular::NotAFile => Err(ReadError::NotAFile),
    }
}

/// The bytes of a job again, for the message of a file that did not decode (the first read
/// was handed to the decoder; re-reading on this rare path spares a copy of every file).
fn bytes_again(job: &Job) -> Vec<u8> {
    match &job.source {
        Source::Buffer(b) => b.text.clone(),
        Source::File(_) => job
            .file()
            .map(read_file)
            .and_then(Result::ok)
            .unwrap_or_default(),
    }
}

fn check_job(index: usize, job: &Job, cache: Option<&Cache>) -> Checked {
    let mut local = timings::Local::start();
    let timing = &mut local;
    let settings = Arc::clone(&job.settings);
    let selection = settings.selection(job.path());
    // Files on disk go through the cache; text from standard input or an editor does not.
    let cache = cache.filter(|_| job.file().is_some());
    // A file whose stamp the cache remembers is not even opened (one `statx`, where opening
    // it is three system calls).
    if let (Some(c), Some(path)) = (cache, job.file()) {
        let clock = timings::clock(timing);
        let hit = std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|meta| cache::Stamp::of(&meta))
            .and_then(|stamp| unread_hit(index, job, c, &stamp, &selection));
        timings::lap(timing, "(cache lookup)", clock);
        if let Some(hit) = hit {
            return hit;
        }
    }
    let clock = timings::clock(timing);
    // The stamp of what is read, from the open handle: remembered with its bytes' hash.
    let mut stamp = None;
    let bytes = match (&job.source, job.file()) {
        (Source::Buffer(b), _) => Ok(b.text.clone()),
        // Never: a file's job always has its path.
        (Source::File(_), None) => Err(ReadError::NotAFile),
        (Source::File(_), Some(path)) => match crate::read::open(path) {
            Err(e) => Err(ReadError::Io(e)),
            Ok(crate::read::Opened::NotAFile) => Err(ReadError::NotAFile),
            Ok(crate::read::Opened::File(file, meta)) => {
                stamp = cache.and_then(|_| cache::Stamp::of(&meta));
                crate::read::read(file, &meta).map_err(ReadError::Io)
            }
        },
    };
    let mut bytes = match bytes {
        Ok(b) => b,
        Err(e) => return Checked::failed(unreadable(index, &job.shown, &[], &e), settings),
    };
    timings::lap(timing, "(read)", clock);
    let (cache, key) = match cache {
        Some(c) => {
            let clock = timings::clock(timing);
            let content = crate::cache::content_hash(&bytes);
            let key = Cache::key(content, &job.shown, &selection, settings.fingerprint);
            // A hit takes the bytes as its text (validated once); a miss gives them back.
            let hit = match String::from_utf8(bytes) {
                Ok(text) => match c.get(key, &text) {
                    Some(found) => Ok((text, found)),
                    None => Err(text.into_bytes()),
                },
                Err(e) => Err(e.into_bytes()),
            };
            timings::lap(timing, "(cache lookup)", clock);
            match hit {
                Ok((text, found)) => {
                    remember(c, job, stamp.as_ref(), content);
                    let on_disk = Some(content.0);
                    return checked(index, job, text, None, on_disk, None, found, &selection);
                }
                Err(b) => {
                    bytes = b;
                    (Some(c), Some((key, content)))
                }
            }
        }
        None => (None, None),
    };
    let clock = timings::clock(timing);
    let doc = match Document::from_bytes_with(&job.shown, bytes, settings.legacy_encoding) {
        Ok(d) => d,
        Err(e) => {
            return Checked::failed(
                unreadable(index, &job.shown, &bytes_again(job), &e),
                settings,
            )
        }
    };
    timings::lap(timing, "(parse)", clock);
    let clock = timings::clock(timing);
    let facts = selection
        .iter()
        .filter_map(|&(i, _)| {
            let rule = &settings.rules.rules()[i];
            let fact = rule.corpus()?.collect(&doc)?;
            // An allowed fact (`allow = ["Getting started"]`) takes no part in the comparison.
            let allowed = crate::rule::allowed(&rule.allow, &doc.text, fact.span.range());
            (!allowed).then_some((i, fact))
        })
        .collect::<Vec<_>>();
    let corpus: Vec<(&RuleId, usize)> = facts
        .iter()
        .map(|(i, f)| (&settings.rules.rules()[*i].meta.id, f.span.start()))
        .collect();
    timings::lap(timing, "(corpus-wide facts)", clock);
    let (mut diagnostics, suppressed) = check_document_with(
        &doc,
        &settings.rules,
        &selection,
        &settings.style,
        &corpus,
        timing,
    );
    // Rules whose fact here a comment suppresses: their corpus findings on this file drop.
    let suppressed: Vec<usize> = suppressed.iter().map(|&k| facts[k].0).collect();
    if let Some(encoding) = doc.encoding {
        // Decoded text (UTF-16, Windows-1252): a fix would be written back as UTF-8, so
        // none is offered.
        for d in &mut diagnostics {
            if d.fix.take().is_some() {
                d.notes.push(format!(
                    "no automatic fix: the file is {encoding}, not UTF-8"
                ));
            }
        }
    }
    let mut found = cache::Result {
        diagnostics,
        facts,
        suppressed,
        located: None,
    };
    if doc.encoding.is_none() {
        found.located = locate(job, &doc.text, &found);
    }
    // Only text read as UTF-8 is cached: a hit takes the file's bytes as its text.
    if let (Some(c), Some((key, content)), None) = (cache, key, doc.encoding) {
        let clock = timings::clock(timing);
        c.put(key, &found);
        remember(c, job, stamp.as_ref(), content);
        timings::lap(timing, "(cache write)", clock);
    }
    checked(
        index,
        job,
        doc.text,
        Some(doc.lines),
        None,
        doc.encoding,
        found,
        &selection,
    )
}

/// For a file on disk with findings or corpus facts: the positions and line hashes of
/// every offset they point at, worked out while its text is in hand (it is not kept, and a
/// cache hit need not read it: see [`checked`]).
fn locate(job: &Job, text: &str, found: &cache::Result) -> Option<(Located, LineHashes)> {
    job.file()?;
    if found.diagnostics.is_empty() && found.facts.is_empty() {
        return None;
    }
    Some(positions(job, text, &found.diagnostics, &found.facts))
}

/// The positions and line hashes of what `diagnostics` and `facts` point at in `text`.
fn positions(
    job: &Job,
    text: &str,
    diagnostics: &[Diagnostic],
    facts: &[(usize, Fact)],
) -> (Located, LineHashes) {
    let rules = job.settings.rules.rules();
    let spans = diagnostics
        .iter()
        .flat_map(|d| {
            let edits = d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span));
            std::iter::once(d.span).chain(edits)
        })
        .chain(facts.iter().map(|(_, f)| f.span));
    let located = Located::of(text, spans.flat_map(|s| [s.start(), s.end()]));
    let at = diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), d.span.start()))
        .chain(
            facts
                .iter()
                .map(|(i, f)| (rules[*i].meta.id.as_str(), f.span.start())),
        );
    let line_hashes = LineHashes::of(text, &located, at);
    (located, line_hashes)
}

/// Remember the stamp of the file a job names, read with bytes of hash `content`.
fn remember(c: &Cache, job: &Job, stamp: Option<&cache::Stamp>, content: (u64, u64)) {
    if let (Some(path), Some(stamp)) = (job.file(), stamp) {
        c.remember(path, stamp, content);
    }
}

/// A file's result from the cache without reading it: its stamp recalls the hash of its
/// bytes ([`Cache::recall`]), and the entry under that hash holds its findings' positions.
fn unread_hit(
    index: usize,
    job: &Job,
    c: &Cache,
    stamp: &cache::Stamp,
    selection: &[(usize, Severity)],
) -> Option<Checked> {
    let content = c.recall(job.file()?, stamp)?;
    let key = Cache::key(content, &job.shown, selection, job.settings.fingerprint);
    let found = c.get_unread(key, usize::try_from(stamp.size()).ok()?)?;
    let hash = Some(content.0);
    Some(checked(
        index,
        job,
        String::new(),
        None,
        hash,
        None,
        found,
        selection,
    ))
}

/// A file's result as the corpus phase and the reports take it, checked now (with the
/// document's line index) or read from the cache (the index built only if the text is kept;
/// `hash` is the text's [`text_hash`] when the caller has it).
#[allow(clippy::too_many_arguments)]
fn checked(
    index: usize,
    job: &Job,
    text: String,
    lines: Option<LineIndex>,
    hash: Option<u64>,
    encoding: Option<&'static str>,
    found: cache::Result,
    selection: &[(usize, Severity)],
) -> Checked {
    let cache::Result {
        mut diagnostics,
        mut facts,
        suppressed,
        located,
    } = found;
    // Held until the corpus phase or the output, for every file: no spare room (most
    // files never get a corpus finding, and a vector collected from an iterator starts
    // with room for four).
    diagnostics.shrink_to_fit();
    facts.shrink_to_fit();
    // A file on disk read as UTF-8 keeps no text: a run over a large repository would
    // otherwise hold every flagged file until the output. Its path and a hash of the text
    // stand in for it, with what the formats show of its findings (positions, fingerprints'
    // line hashes: [`locate`]), and whoever needs the text reads it again ([`with_text`]),
    // refusing it if the file changed. Standard input and decoded (UTF-16, Windows-1252)
    // text is kept when a diagnostic or a corpus fact may point into it.
    let on_disk = match &job.source {
        Source::File(p) if encoding.is_none() => Some(p),
        _ => None,
    };
    let pointed_into = !diagnostics.is_empty() || !facts.is_empty();
    let text_on_disk = on_disk.filter(|_| pointed_into).map(|p| {
        let located = located.unwrap_or_else(|| positions(job, &text, &diagnostics, &facts));
        Box::new(OnDisk {
            path: p.clone(),
            hash: hash.unwrap_or_else(|| text_hash(&text)),
            located: Some(Box::new(located)),
        })
    });
    let keep = on_disk.is_none() && pointed_into;
    // The document's line index is the report's: computed once per file.
    let (text, lines) = if keep {
        let lines = lines.unwrap_or_else(|| LineIndex::new(&text));
        (text, lines)
    } else {
        (String::new(), LineIndex::new(""))
    };
    Checked {
        report: FileReport {
            job: index,
            path: job.shown.clone(),
            text,
            lines,
            diagnostics,
            text_on_disk,
            parked: None,
            written: Vec::new(),
        },
        facts,
        suppressed,
        selection: job.settings.corpus_selection(selection),
        settings: Arc::clone(&job.settings),
    }
}

/// Check one job, turning a panic into an `internal/panic` diagnostic for that file so the
/// run goes on with the others. A safety net: every panic found gets a real fix.
fn check_job_isolated(index: usize, job: &Job, cache: Option<&Cache>) -> Checked {
    let run = std::panic::AssertUnwindSafe(|| check_job(index, job, cache));
    match std::panic::catch_unwind(run) {
        Ok(c) => c,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_string());
            let d = ErrorDiag {
                rule: INTERNAL_PANIC,
                message: format!("copydesk crashed while checking `{}`: {what}", job.shown),
                help: Some(
                    "this is a bug in copydesk: please report it with the file that caused it"
                        .to_string(),
                ),
            };
            let report = error_report(index, &job.shown, String::new(), 0, d);
            Checked::failed(report, Arc::clone(&job.settings))
        }
    }
}

/// Check every job in parallel, then run corpus-wide rules. Sorted by path (then by job,
/// so files that share a display name keep a stable order).
pub fn run(jobs: &[Job]) -> Vec<FileReport> {
    run_with(jobs, None, &|| {})
}

/// [`run`], reading and writing results in `cache` for files on disk (its pack completed
/// and the cache kept within its bound), and calling `done` as each file is finished (for a progress bar). The
/// corpus-wide phase runs over every file's facts, cached or not.
pub fn run_with(jobs: &[Job], cache: Option<&Cache>, done: &(dyn Fn() + Sync)) -> Vec<FileReport> {
    run_parked(jobs, cache, done, usize::MAX)
}

/// [`run_with`], holding at most `held` findings in memory as files are checked: the
/// findings of the files after that are parked on disk ([`Park`]) with their corpus-wide
/// findings, and a report holds only their counts (`FileReport::parked`) until a consumer
/// loads them ([`loaded`], [`with_text`]). Memory then stays flat however many findings a
/// run has; consumers that change findings (fixes, baselines) want them held (`usize::MAX`).
pub fn run_parked(
    jobs: &[Job],
    cache: Option<&Cache>,
    done: &(dyn Fn() + Sync),
    held: usize,
) -> Vec<FileReport> {
    // A run of one file holds its findings however many: they are all in memory while it
    // is checked, and parking them would only add a write and a read (a single file with
    // 80,000 findings: 0.15 s more, and more memory, not less).
    let park = Park::new(if jobs.len() > 1 { held } else { usize::MAX });
    let mut checked: Vec<Checked> = jobs
        .par_iter()
        .enumerate()
        .map(|(i, job)| check_parked(i, job, cache, &park, done))
        .collect();
    if let Some(c) = cache {
        c.finish();
    }
    // In place (a stable sort would take a buffer of half the run's records; no two
    // have the same job, so the order is the same).
    checked.sort_unstable_by(|a, b| {
        (&*a.report.path, a.report.job).cmp(&(&*b.report.path, b.report.job))
    });
    corpus_phase(&mut checked, &park);
    park.seal();
    checked.into_iter().map(finish).collect()
}

/// [`run_parked`], giving each file's own findings (not its corpus-wide ones, which need
/// every file) to `emit` in the reports' order as soon as the file and every file before
/// it are checked: the files are taken in that order, so a report can be written while
/// the run goes on. The reports returned hold only what was not emitted — the corpus-wide
/// findings — and count the rest ([`FileReport::written`]).
pub fn run_streamed(
    jobs: &[Job],
    cache: Option<&Cache>,
    done: &(dyn Fn() + Sync),
    held: usize,
    emit: &mut dyn FnMut(&FileReport),
) -> Vec<FileReport> {
    // The workers are the global pool's, fed from another thread while this one writes:
    // called from a pool's own worker (which may be the only one), it could wait on
    // itself. Then the files are checked first and given to `emit` after.
    if rayon::current_thread_index().is_some() {
        let mut reports = run_parked(jobs, cache, done, usize::MAX);
        let park = Park::new(usize::MAX);
        for r in &mut reports {
            let corpus = jobs[r.job].settings.rules.corpus_ids();
            let (theirs, own): (Vec<Diagnostic>, Vec<Diagnostic>) =
                std::mem::take(&mut r.diagnostics)
                    .into_iter()
                    .partition(|d| corpus.contains(&d.rule));
            r.diagnostics = own;
            written(r, &park, emit);
            r.diagnostics = theirs;
        }
        return reports;
    }
    let park = Park::new(if jobs.len() > 1 { held } else { usize::MAX });
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_unstable_by(|&a, &b| (&*jobs[a].shown, a).cmp(&(&*jobs[b].shown, b)));
    let mut checked: Vec<Checked> = Vec::with_capacity(jobs.len());
    let (tx, rx) = std::sync::mpsc::channel::<Vec<(usize, Checked)>>();
    std::thread::scope(|s| {
        // The files are handed to the workers one at a time in order (`par_bridge`), so
        // the next report to write is seldom far behind the last one checked.
        s.spawn(|| {
            order.iter().enumerate().par_bridge().for_each_with(
                Batch::new(tx),
                |batch, (k, &i)| {
                    let c = check_parked(i, &jobs[i], cache, &park, done);
                    batch.push(k, c);
                },
            );
        });
        // Reports that came before their turn.
        let mut early: std::collections::BTreeMap<usize, Checked> =
            std::collections::BTreeMap::new();
        for batch in rx {
            early.extend(batch);
            while let Some(mut c) = early.remove(&checked.len()) {
                written(&mut c.report, &park, emit);
                facts_positions(&mut c);
                checked.push(c);
            }
        }
    });
    if let Some(c) = cache {
        c.finish();
    }
    corpus_phase(&mut checked, &park);
    park.seal();
    checked.into_iter().map(finish).collect()
}

/// Of a file whose own findings were written: only the positions its corpus facts point
/// at are still wanted, for the findings the corpus phase may give it (held until then
/// for every file, all positions were 11 MB more of a run over 100 MB).
fn facts_positions(c: &mut Checked) {
    let Some(on_disk) = c.report.text_on_disk.as_mut() else {
        return;
    };
    if c.facts.is_empty() {
        on_disk.located = None;
        return;
    }
    if let Some(located) = on_disk.located.as_mut() {
        let facts = &c.facts;
        let at = |o: usize| {
            facts
                .iter()
                .any(|(_, f)| f.span.start() == o || f.span.end() == o)
        };
        located.0.retain(at);
        located.1.retain(at);
    }
}

/// A worker's checked files on their way to the thread that writes them: sent a few at a
/// time (every [`Batch::EVERY`], and when the worker is done), not one by one — waking
/// that thread for each file was 39,000 context switches over 14,585 files, 6 % more CPU.
struct Batch {
    tx: std::sync::mpsc::Sender<Vec<(usize, Checked)>>,
    held: Vec<(usize, Checked)>,
    since: Instant,
}

impl Batch {
    const EVERY: std::time::Duration = std::time::Duration::from_millis(20);

    fn new(tx: std::sync::mpsc::Sender<Vec<(usize, Checked)>>) -> Batch {
        Batch {
            tx,
            held: Vec::new(),
            since: Instant::now(),
        }
    }

    fn push(&mut self, k: usize, c: Checked) {
        self.held.push((k, c));
        if self.since.elapsed() >= Batch::EVERY {
            self.send();
        }
    }

    fn send(&mut self) {
        if !self.held.is_empty() {
            // The receiver lives until every sender is gone.
            let _ = self.tx.send(std::mem::take(&mut self.held));
        }
        self.since = Instant::now();
    }
}

impl Clone for Batch {
    fn clone(&self) -> Batch {
        Batch::new(self.tx.clone())
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        self.send();
    }
}

/// Check one file of a run, parking its findings (and its corpus facts' sketches) if the
/// run holds its share.
fn check_parked(
    i: usize,
    job: &Job,
    cache: Option<&Cache>,
    park: &Arc<Park>,
    done: &(dyn Fn() + Sync),
) -> Checked {
    let mut c = check_job_isolated(i, job, cache);
    let r = &mut c.report;
    park.maybe(
        &mut r.diagnostics,
        r.text_on_disk.as_deref_mut(),
        &mut r.parked,
    );
    park.maybe_sketches(&mut c.facts);
    done();
    c
}

/// A file's findings given to `emit` ([`run_streamed`]) and counted, no longer held.
fn written(r: &mut FileReport, park: &Arc<Park>, emit: &mut dyn FnMut(&FileReport)) {
    if r.pending() == 0 {
        return;
    }
    if r.parked.is_some() {
        // Parked while the files before it were being checked: readable once flushed.
        park.flush();
        if let Cow::Owned(loaded) = unparked(r) {
            *r = loaded;
        }
    } else {
        park.release(r.diagnostics.len());
    }
    emit(r);
    Tally::add(&mut r.written, &r.diagnostics);
    r.written.shrink_to_fit();
    r.diagnostics = Vec::new();
}

/// The final report of a file: its text (and the way back to it) dropped when nothing
/// points into it.
fn finish(mut c: Checked) -> FileReport {
    c.report.diagnostics.shrink_to_fit();
    // Parked without findings: only the positions of corpus facts that gave none.
    if c.report.parked.as_ref().is_some_and(|p| p.tally.is_empty()) {
        c.report.parked = None;
    }
    if c.report.diagnostics.is_empty() && c.report.parked.is_none() {
        c.report.set_text(String::new());
        c.report.text_on_disk = None;
    }
    c.report
}

/// Files whose texts an output pass reads again at once, in parallel: enough to keep both
/// cores busy, few enough that memory stays flat however many files have findings.
pub const TEXTS_AT_ONCE: usize = 64;

/// A report with the text its diagnostics point into: itself when it holds it, else a copy
/// with the text read again from disk — or, if the file changed or vanished since it was
/// checked (the spans were found in the text as it was), a report of that instead.
pub fn with_text(r: &FileReport) -> Cow<'_, FileReport> {
    match unparked(r) {
        Cow::Borrowed(r) => text_for(r),
        Cow::Owned(loaded) => Cow::Owned(text_for(&loaded).into_owned()),
    }
}

/// A report with its parked findings loaded ([`run_parked`]): itself when none are parked;
/// a report of the failure if they cannot be read back (counted as a changed text: the
/// run ends in an error, nothing is silently left out).
pub fn unparked(r: &FileReport) -> Cow<'_, FileReport> {
    let Some(p) = &r.parked else {
        return Cow::Borrowed(r);
    };
    let Some((mut diagnostics, located)) = p.store.load(&p.at) else {
        return lost(
            r,
            format!(
                "the findings of `{}` could not be read back from the run's temporary file",
                r.path
            ),
            "run copydesk again (is the temporary folder full?)",
        );
    };
    sort_diagnostics(&mut diagnostics);
    let mut out = FileReport {
        job: r.job,
        path: r.path.clone(),
        text: String::new(),
        lines: LineIndex::new(""),
        diagnostics,
        text_on_disk: r.text_on_disk.clone(),
        parked: None,
        written: r.written.clone(),
    };
    if let (Some(o), Some(l)) = (out.text_on_disk.as_mut(), located) {
        o.located = Some(Box::new(l));
    }
    Cow::Owned(out)
}

/// The reports in order with their parked findings loaded ([`unparked`]), a few at a
/// time in parallel: an output pass over a large run holds a handful of files' findings.
pub fn loaded(reports: &[FileReport]) -> impl Iterator<Item = Cow<'_, FileReport>> {
    reports.chunks(TEXTS_AT_ONCE).flat_map(|chunk| {
        if chunk.iter().any(|r| r.parked.is_some()) {
            chunk.par_iter().map(unparked).collect::<Vec<_>>()
        } else {
            chunk.iter().map(Cow::Borrowed).collect()
        }
    })
}

/// [`with_text`] of a report whose findings are held.
fn text_for(r: &FileReport) -> Cow<'_, FileReport> {
    let Some(OnDisk { path, hash, .. }) = r.text_on_disk.as_deref().filter(|_| r.text_is_on_disk())
    else {
        return Cow::Borrowed(r);
    };
    let path = path
        .as_deref()
        .unwrap_or_else(|| std::path::Path::new(&*r.path));
    // The spans of a result the cache gave without reading the text were checked against
    // it when they were stored: checked again now that it is here.
    let fits = |text: &str| {
        r.diagnostics.iter().all(|d| {
            let edits = d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span));
            std::iter::once(d.span)
                .chain(edits)
                .all(|s| Span::checked(text, s.range()).is_some())
        })
    };
    match std::fs::read_to_string(path) {
        Ok(text) if text_hash(&text) == *hash && fits(&text) => {
            let mut out = FileReport::new(r.job, Arc::clone(&r.path), text, r.diagnostics.clone());
            out.text_on_disk = None;
            Cow::Owned(out)
        }
        _ => lost(
            r,
            format!(
                "`{}` changed or vanished while it was being checked",
                r.path
            ),
            "run copydesk again",
        ),
    }
}

/// The report of a file whose findings or text could not be had again: an `io/unreadable`
/// error (counted in [`TEXTS_CHANGED`], so the run ends in an error).
fn lost<'a>(r: &FileReport, message: String, help: &str) -> Cow<'a, FileReport> {
    TEXTS_CHANGED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let d = ErrorDiag {
        rule: UNREADABLE,
        message,
        help: Some(help.to_string()),
    };
    Cow::Owned(error_report(r.job, &r.path, String::new(), 0, d))
}

/// Texts [`with_text`] found changed or gone since their files were checked (in this
/// process): the command line compares it before and after its output, which is where
/// texts are read again, to exit with an error as for any unreadable file.
static TEXTS_CHANGED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many texts [`with_text`] has found changed so far (`TEXTS_CHANGED`).
pub fn texts_changed() -> usize {
    TEXTS_CHANGED.load(std::sync::atomic::Ordering::Relaxed)
}

/// The reports in order, each [`with_text`]: texts are read again a few at a time
/// ([`TEXTS_AT_ONCE`], in parallel) as the iteration reaches them, so an output pass over
/// any number of files holds only a handful of texts.
pub fn with_texts(reports: &[FileReport]) -> impl Iterator<Item = Cow<'_, FileReport>> {
    reports.chunks(TEXTS_AT_ONCE).flat_map(|chunk| {
        if chunk
            .iter()
            .any(|r| r.text_is_on_disk() || r.parked.is_some())
        {
            chunk.par_iter().map(with_text).collect::<Vec<_>>()
        } else {
            chunk.iter().map(Cow::Borrowed).collect()
        }
    })
}

/// Load the text of a report in place ([`with_text`]), for a consumer that changes the
/// report (a baseline, a fix); [`unload_text`] gives the memory back.
pub fn load_text(r: &mut FileReport) {
    if let Cow::Owned(loaded) = with_text(r) {
        let on_disk = r.text_on_disk.take();
        *r = loaded;
        // Keep the way back unless the load failed (then the report is about that).
        if r.diagnostics.first().is_none_or(|d| d.rule != UNREADABLE) {
            r.text_on_disk = on_disk;
        }
    }
}

/// Drop a loaded text that is on disk ([`load_text`]).
pub fn unload_text(r: &mut FileReport) {
    if r.text_on_disk.is_some() {
        r.set_text(String::new());
    }
}

/// A file's corpus facts apart from its report: its index, its rule set (by address), its
/// path and its facts.
type FileFacts = (usize, usize, Arc<str>, Vec<(usize, Fact)>);

/// Corpus-wide rules see one fact per file (files checked with the same rule set).
fn corpus_phase(checked: &mut [Checked], park: &Arc<Park>) {
    // Sketches parked as their files were checked can be read back from here on.
    park.flush();
    // The facts apart from the reports, which take the findings as they come: each file's
    // list moved as it is (nothing reads them after this phase) with its rule set and its
    // path (shared, not copied).
    // Counted first: held for the whole phase, so no room to spare (one entry per file).
    let mut facts: Vec<FileFacts> =
        Vec::with_capacity(checked.iter().filter(|c| !c.facts.is_empty()).count());
    facts.extend(
        checked
            .iter_mut()
            .enumerate()
            .filter(|(_, c)| !c.facts.is_empty())
            .map(|(file, c)| {
                let set = Arc::as_ptr(&c.settings.rules) as usize;
                let path = Arc::clone(&c.report.path);
                (file, set, path, std::mem::take(&mut c.facts))
            }),
    );
    let rules: std::collections::BTreeSet<(usize, usize)> = facts
        .iter()
        .flat_map(|(_, set, _, list)| list.iter().map(|(rule, _)| (*set, *rule)))
        .collect();
    for (set, rule) in rules {
        let clock = Instant::now();
        let of_rule = || {
            facts
                .iter()
                .filter(|f| f.1 == set)
                .flat_map(|(file, _, path, list)| {
                    list.iter()
                        .filter(|(r, _)| *r == rule)
                        .map(|(_, fact)| (*file, &**path, fact))
                })
        };
        let mut view: Vec<(usize, &str, &Fact)> = Vec::with_capacity(of_rule().count());
        view.extend(of_rule());
        let Some(first) = view.first() else { continue };
        let settings = Arc::clone(&checked[first.0].settings);
        let r = &settings.rules.rules()[rule];
        let Some(corpus) = r.corpus() else { continue };
        corpus.check_corpus_each(&view, &mut |batch| {
            give(checked, rule, r, batch, park);
        });
        if park.sketch_lost() {
            sketches_lost(checked, &view, park);
        }
        timings::record(&format!("{} (corpus-wide phase)", r.meta.id), clock);
    }
    // The facts (a sketch per file) are done with; freed on an idle worker.
    rayon::spawn(move || drop(facts));
}

/// A batch of a corpus-wide rule's findings given to their files (parked with them in a
/// large run).
fn give(
    checked: &mut [Checked],
    rule: usize,
    r: &Rule,
    batch: Vec<crate::rule::CorpusFinding>,
    park: &Arc<Park>,
) {
    // Made into diagnostics in parallel (their messages and notes written out), then given
    // in order.
    let shared: &[Checked] = checked;
    let made: Vec<(usize, Diagnostic)> = batch
        .into_par_iter()
        .filter_map(|finding| {
            let file = finding.file;
            if shared[file].suppressed.contains(&rule) {
                return None;
            }
            let severity = shared[file]
                .selection
                .iter()
                .find(|(i, _)| *i == rule)
                .map_or(r.meta.severity, |&(_, s)| s);
            Some((file, finding.into_diagnostic(&r.meta, severity)))
        })
        .collect();
    for (file, diagnostic) in made {
        give_one(checked, file, diagnostic, park);
    }
}

/// One more finding for a file, after it was checked.
fn give_one(checked: &mut [Checked], file: usize, d: Diagnostic, park: &Arc<Park>) {
    let report = &mut checked[file].report;
    let diags = &mut report.diagnostics;
    // Most files get one corpus finding and had none: room for one, not for four
    // (held for every such file until the output).
    diags.reserve_exact(1);
    diags.push(d);
    sort_diagnostics(diags);
    // A large run parks these too, with the file's held findings if any.
    if let Some(on_disk) = report.text_on_disk.as_mut() {
        park.add(diags, on_disk, &mut report.parked);
    }
}

/// The files whose parked sketches a corpus-wide rule could not read back (it compared
/// them as empty, so it may have missed findings): an error finding at the fact, as for any
/// file that could not be read, so the run ends in an error rather than a silent gap.
fn sketches_lost(checked: &mut [Checked], facts: &[(usize, &str, &Fact)], park: &Arc<Park>) {
    for &(file, _, fact) in facts {
        if fact.sketch.get().is_some() {
            continue;
        }
        let d = Diagnostic {
            rule: RuleId::from_static(UNREADABLE),
            severity: Severity::Error,
            message: "the sketch of this file's body could not be read back from the run's \
                      temporary file: copies of it in other folders may not be reported"
                .to_string(),
            span: fact.span,
            label: "here".to_string(),
            help: Some("run copydesk again (is the temporary folder full?)".to_string()),
            notes: Vec::new(),
            fix: None,
        };
        give_one(checked, file, d, park);
    }
}

/// The worst severity in some reports.
pub fn worst(reports: &[FileReport]) -> Option<Severity> {
    reports
        .iter()
        .filter_map(|r| r.counts().map(|c| c.1).max())
        .max()
}

/// Did any file fail to be read or checked?
pub fn any_unreadable(reports: &[FileReport]) -> bool {
    reports.iter().any(|r| {
        r.counts()
            .any(|c| *c.0 == UNREADABLE || *c.0 == INTERNAL_PANIC)
    })
}

/// Which of a job's diagnostics (for a text) may be fixed: see [`plan_fixes`].
pub type KeepFn<'a> = dyn Fn(usize, &str, Vec<Diagnostic>) -> Vec<Diagnostic> + Sync + 'a;

/// Fix every report that has an applicable fix, re-checking each text with its own file's
/// settings until nothing changes. Files with nothing to fix are not in the result. A
/// report is matched to its job by index (the file's identity), never by name.
///
/// `keep` sees each pass's diagnostics for a job's text and returns those that may be fixed
/// (all of them, or those not in a baseline).
pub fn plan_fixes(
    jobs: &[Job],
    reports: &[FileReport],
    min: crate::diagnostic::Applicability,
    keep: &KeepFn<'_>,
) -> Vec<FileFix> {
    reports
        .par_iter()
        .filter(|r| fix::has_applicable(&r.diagnostics, min))
        .filter_map(|r| {
            let j = jobs.get(r.job)?;
            // The text, read again for a file on disk: one file's at a time per thread.
            let r = with_text(r);
            let fixed = fix::fix_to_fixed_point(&r.text, min, |t| {
                keep(r.job, t, check_text(&j.shown, t, &j.settings, j.path()))
            });
            (fixed.text != r.text || !fixed.converged).then(|| FileFix {
                job: r.job,
                old: r.text.clone(),
                new: fixed.text,
                applied: fixed.applied,
                unsafe_applied: fixed.unsafe_applied,
                converged: fixed.converged,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::load_source;
    use crate::rule::{Check, Context, RuleSet};

    struct Boom;
    impl Check for Boom {
        fn check(&self, doc: &Document, cx: &mut Context<'_>) {
            assert!(
                !doc.text.contains("boom"),
                "a test rule panicked on purpose"
            );
            if let Some(at) = doc.text.find("zzz") {
                cx.report(at..at + 3, &[]);
            }
        }
    }

    fn settings_with_boom() -> Arc<Settings> {
        let toml = "summary = \"s\"\nseverity = \"warning\"\nmessage = \"m\"\ndocs = \"d\"\n[pattern]\nregex = ['zzz']\n[[example]]\nbad = '''⟦zzz⟧'''\n[[example]]\ngood = '''a'''\n";
        let mut rule = load_source("test/boom", "boom.toml", toml).unwrap();
        rule.logic = crate::rule::Logic::Check(Box::new(Boom));
        Arc::new(Settings::defaults(
            ".".into(),
            Arc::new(RuleSet::new(vec![rule])),
        ))
    }

    fn job(name: &str, text: &str, settings: &Arc<Settings>) -> Job {
        Job::buffer(name, text.as_bytes().to_vec(), None, Arc::clone(settings))
    }

    /// A store that has lost every sketch.
    struct Lost;

    impl crate::rule::SketchStore for Lost {
        fn load_sketch(&self, _: (u64, u32)) -> Option<Vec<u64>> {
            None
        }
    }

    /// A corpus fact whose parked sketch cannot be read back (the rule compared it as
    /// empty) is an error at the fact, so the run does not pass over the gap in silence;
    /// held sketches are not reported.
    #[test]
    fn a_sketch_lost_from_the_park_is_an_error_at_its_fact() {
        let s = settings_with_boom();
        let text = "# A Title\n\nBody.\n";
        let span = Span::checked(text, 2..9).unwrap();
        let mut checked: Vec<Checked> = (0..2)
            .map(|i| {
                let report = FileReport::new(i, format!("{i}.md"), text.into(), Vec::new());
                Checked::failed(report, Arc::clone(&s))
            })
            .collect();
        let facts = [
            (
                0,
                Fact {
                    key: "a title".into(),
                    span,
                    sketch: vec![1, 2].into(),
                    flag: false,
                },
            ),
            (
                1,
                Fact {
                    key: "a title".into(),
                    span,
                    sketch: crate::rule::Sketch::Stored(Arc::new(Lost), (0, 16)),
                    flag: false,
                },
            ),
        ];
        let view: Vec<(usize, &str, &Fact)> =
            facts.iter().map(|(f, fact)| (*f, "", fact)).collect();
        sketches_lost(&mut checked, &view, &Park::new(usize::MAX));
        assert!(checked[0].report.diagnostics.is_empty());
        let d = &checked[1].report.diagnostics;
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, UNREADABLE);
        assert_eq!(d[0].severity, Severity::Error);
        assert_eq!(d[0].span, span);
        let reports: Vec<FileReport> = checked.into_iter().map(|c| c.report).collect();
        assert!(any_unreadable(&reports));
    }

    /// A panic while checking one file is that file's `internal/panic` error; the others are
    /// still checked.
    #[test]
    fn a_panic_is_isolated_to_its_file() {
        let s = settings_with_boom();
        let reports = run(&[job("a.md", "boom\n", &s), job("b.md", "zzz\n", &s)]);
        assert_eq!(reports[0].diagnostics[0].rule, INTERNAL_PANIC);
        assert!(reports[0].diagnostics[0]
            .message
            .contains("panicked on purpose"));
        assert_eq!(reports[1].diagnostics[0].rule, "test/boom");
        assert!(any_unreadable(&reports));
    }

    /// Regression: a file flagged only by the corpus phase was read again and the old spans
    /// applied to its new text (a panic in the human reporter).
    #[test]
    fn a_file_changed_before_it_is_read_again_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "now longer than it was\n").unwrap();
        let fact_span = 1..4;
        let mut report = FileReport::new(
            0,
            "a.md",
            String::new(),
            vec![Diagnostic {
                rule: crate::id::RuleId::from_static("titles/duplicate"),
                severity: Severity::Warning,
                message: "m".into(),
                span: crate::span::Span::clamped("0123456789abcdef", fact_span),
                label: String::new(),
                help: None,
                notes: vec![],
                fix: None,
            }],
        );
        report.text_on_disk = Some(Box::new(OnDisk {
            path: Some(p.clone().into()),
            hash: text_hash("short\n"),
            located: Some(Box::new((Located::default(), LineHashes::default()))),
        }));
        let before = texts_changed();
        let r = with_text(&report);
        assert!(texts_changed() > before, "counted for the exit status");
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].rule, UNREADABLE);
        assert!(r.diagnostics[0].message.contains("changed"));
        assert_eq!(r.diagnostics[0].span.range(), 0..0);
        // Unchanged, the text comes back with its line index.
        std::fs::write(&p, "short\n").unwrap();
        let r = with_text(&report);
        assert_eq!(r.text, "short\n");
        assert_eq!(r.diagnostics[0].rule.as_str(), "titles/duplicate");
        // A span that does not fit the text (a result the cache gave without the text is
        // checked only against its length until now) is refused the same way.
        report.diagnostics[0].span = crate::span::Span::clamped("short\n", 6..6);
        assert_eq!(
            with_text(&report).diagnostics[0].rule.as_str(),
            "titles/duplicate"
        );
        report.diagnostics[0].span = crate::span::Span::clamped("0123456789", 8..9);
        assert_eq!(with_text(&report).diagnostics[0].rule, UNREADABLE);
    }

    /// A flagged file on disk keeps no text in its report: the output reads it again, a
    /// few files at a time, so memory does not grow with the number of flagged files.
    #[test]
    fn reports_of_files_on_disk_hold_no_text_until_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings_with_boom();
        let jobs: Vec<Job> = (0..150)
            .map(|i| {
                let p = dir.path().join(format!("{i:03}.md"));
                std::fs::write(&p, format!("file {i} zzz\n")).unwrap();
                Job {
                    shown: format!("{i:03}.md").into(),
                    source: Source::File(Some(p.into())),
                    settings: Arc::clone(&s),
                }
            })
            .collect();
        let reports = run(&jobs);
        assert!(reports
            .iter()
            .all(|r| r.text.is_empty() && r.text_is_on_disk()));
        let loaded: Vec<_> = with_texts(&reports).collect();
        assert_eq!(loaded.len(), 150);
        for (i, r) in loaded.iter().enumerate() {
            assert_eq!(r.text, format!("file {i} zzz\n"));
            let d = &r.diagnostics[0];
            assert_eq!(&r.text[d.span.range()], "zzz");
        }
    }

    /// Formats that show only positions take them from the report, worked out when the file
    /// was checked: they never read the text again (here the file is gone before the output
    /// and no `io/unreadable` appears), and give the positions the text gives.
    #[test]
    fn positions_of_a_text_on_disk_need_no_second_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        let text = "\u{feff}first line\nnaïve “quote” zzz\r\nzzz again zzz\n";
        std::fs::write(&p, text).unwrap();
        let job = Job {
            shown: "a.md".into(),
            source: Source::File(Some(p.clone().into())),
            settings: settings_with_boom(),
        };
        let reports = run(std::slice::from_ref(&job));
        assert!(reports[0].text_is_on_disk());
        std::fs::remove_file(&p).unwrap();
        let lines = LineIndex::new(text);
        let before = texts_changed();
        let got: Vec<_> = reports[0]
            .diagnostics
            .iter()
            .map(|d| reports[0].positions(d.span.range()))
            .collect();
        assert_eq!(texts_changed(), before, "nothing was read again");
        let want: Vec<_> = reports[0]
            .diagnostics
            .iter()
            .map(|d| {
                (
                    lines.line_col(text, d.span.start()),
                    lines.line_col(text, d.span.end()),
                )
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(got[0], ((2, 15), (2, 18)));
        // Fingerprints (SARIF, GitLab) and the other units too, with nothing read again.
        let fingerprints = reports[0].fingerprints();
        for d in &reports[0].diagnostics {
            let at = d.span.start();
            assert_eq!(reports[0].chars_before(at), text[..at].chars().count());
            assert_eq!(
                reports[0].line_start(at),
                lines.line_start(lines.line_of(at))
            );
        }
        assert_eq!(texts_changed(), before, "nothing was read again");
        let from_text = crate::diagnostic::fingerprints(text, &lines, &reports[0].diagnostics);
        assert_eq!(fingerprints, from_text);
    }

    /// A warm cache whose files' stamps hold gives each file's result without reading it:
    /// the same findings, positions and fingerprints as checking it, the corpus-wide
    /// duplicate included. A file changed since is read and checked again.
    #[test]
    fn files_the_cache_remembers_are_not_read_again() {
        let tmp = tempfile::tempdir().unwrap();
        let rules = Arc::new(crate::config::builtin_rules().unwrap());
        let s = Arc::new(Settings::defaults(".".into(), rules));
        let texts = [
            (
                "a.md",
                "# Same Title\n\nThe council met on  Tuesday.\n\nShe said\"no\" and left.\n",
            ),
            (
                "b.md",
                "# Same Title\n\nAnother story, told in naïve “quotes” .\n",
            ),
            ("c.md", "# Clean\n\nNothing to see here.\n"),
        ];
        let jobs: Vec<Job> = texts
            .iter()
            .map(|(name, text)| {
                let p = tmp.path().join(name);
                std::fs::write(&p, text).unwrap();
                Job {
                    shown: (*name).into(),
                    source: Source::File(Some(p.into())),
                    settings: Arc::clone(&s),
                }
            })
            .collect();
        // What the output shows of each report, without reading any text.
        let shown = |reports: &[FileReport]| {
            reports
                .iter()
                .map(|r| {
                    let at: Vec<_> = r
                        .diagnostics
                        .iter()
                        .map(|d| (d.clone(), r.positions(d.span.range())))
                        .collect();
                    (r.path.clone(), at, r.fingerprints())
                })
                .collect::<Vec<_>>()
        };
        let cache_dir = tmp.path().join("cache");
        // Runs that began a minute from now: every file's last change is settled.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
        let warm = || Cache::open(&cache_dir, crate::cache::DEFAULT_MAX_BYTES).started_at(later);
        let fresh = shown(&run(&jobs));
        assert!(fresh
            .iter()
            .any(|r| r.1.iter().any(|d| d.0.rule == "titles/duplicate")));
        let first = warm();
        assert_eq!(shown(&run_with(&jobs, Some(&first), &|| {})), fresh);
        first.finish();
        let second = warm();
        let before = texts_changed();
        assert_eq!(shown(&run_with(&jobs, Some(&second), &|| {})), fresh);
        assert_eq!(second.unread(), 3, "no file was read");
        assert_eq!(texts_changed(), before);
        // Changed since: read and checked again; the duplicate pair dissolves.
        std::fs::write(tmp.path().join("b.md"), "# Other Title\n\nA story.\n").unwrap();
        let third = warm();
        let got = shown(&run_with(&jobs, Some(&third), &|| {}));
        assert_eq!(got, shown(&run(&jobs)));
        assert_eq!(third.unread(), 2);
        assert!(!got
            .iter()
            .any(|r| r.1.iter().any(|d| d.0.rule == "titles/duplicate")));
    }

    /// A file's path is kept once when it is the path as shown, and apart from it when
    /// showing it loses bytes (invalid UTF-8): the file read is always the one named.
    #[test]
    fn a_job_keeps_its_path_once_unless_shown_differently() {
        let settings = settings_with_boom();
        let plain = Job::on_disk(PathBuf::from("news/a.md"), Arc::clone(&settings));
        assert!(matches!(plain.source, Source::File(None)));
        assert_eq!(plain.file(), Some(std::path::Path::new("news/a.md")));
        assert_eq!(plain.path(), plain.file());
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = PathBuf::from(std::ffi::OsStr::from_bytes(b"news/a\xff.md"));
            let job = Job::on_disk(odd.clone(), settings);
            assert_eq!(&*job.shown, "news/a\u{fffd}.md");
            assert_eq!(job.file(), Some(odd.as_path()));
        }
    }

    /// A run of one file holds its findings whatever the limit (parking them would only
    /// add a write and a read); a run of several parks past it.
    #[test]
    fn a_run_of_one_file_never_parks() {
        let dir = tempfile::tempdir().unwrap();
        let s = Arc::new(Settings::defaults(
            ".".into(),
            Arc::new(crate::config::builtin_rules().expect("built-in rules load")),
        ));
        let jobs: Vec<Job> = (0..2)
            .map(|i| {
                let p = dir.path().join(format!("{i}.md"));
                std::fs::write(&p, "It was the the best of times.\n").unwrap();
                Job::on_disk(p, Arc::clone(&s))
            })
            .collect();
        let one = run_parked(&jobs[..1], None, &|| {}, 0);
        assert!(one[0].parked.is_none() && !one[0].diagnostics.is_empty());
        let two = run_parked(&jobs, None, &|| {}, 0);
        assert!(two.iter().all(|r| r.parked.is_some()), "{two:?}");
    }

    /// A FIFO named on the command line is refused, not opened (opening it blocks forever).
    #[test]
    fn a_fifo_is_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        let ok = std::process::Command::new("mkfifo").arg(&p).status();
        if !ok.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test
        }
        let s = settings_with_boom();
        let j = Job {
            shown: "x.md".into(),
            source: Source::File(Some(p.into())),
            settings: s,
        };
        let reports = run(&[j]);
        assert_eq!(reports[0].diagnostics[0].rule, UNREADABLE);
        assert!(reports[0].diagnostics[0]
            .message
            .contains("not a regular file"));
    }
}
