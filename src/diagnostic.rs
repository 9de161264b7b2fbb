//! The finding model: what every rule produces and every reporter consumes.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::id::RuleId;
use crate::lines::{LineIndex, Located};
use crate::span::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// `--fail-on error|warning|info`, listed from the most severe.
impl clap::ValueEnum for Severity {
    fn value_variants<'a>() -> &'a [Self] {
        &[Severity::Error, Severity::Warning, Severity::Info]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without a person looking at it.
/// Ordered: `DisplayOnly < Unsafe < Safe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to the user, never applied automatically.
    DisplayOnly,
    /// Applied only with `--unsafe-fixes`: it may change meaning or delete text.
    Unsafe,
    /// Applied by `--fix`: mechanical and meaning-preserving.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace the bytes of `span` in the original text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn new(span: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    /// An edit of `range` in `text`, or `None` when the range is not valid there (then no
    /// fix is offered rather than a wrong one).
    pub fn checked(
        text: &str,
        range: std::ops::Range<usize>,
        replacement: impl Into<String>,
    ) -> Option<Edit> {
        Span::checked(text, range).map(|span| Edit::new(span, replacement))
    }

    pub fn start(&self) -> usize {
        self.span.start()
    }

    pub fn end(&self) -> usize {
        self.span.end()
    }
}

/// In machine output an edit is `{start, end, replacement}` (byte offsets).
impl Serialize for Edit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Edit", 3)?;
        st.serialize_field("start", &self.start())?;
        st.serialize_field("end", &self.end())?;
        st.serialize_field("replacement", &self.replacement)?;
        st.end()
    }
}

/// A set of edits that together fix one problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix made of one edit.
    pub fn one(title: impl Into<String>, applicability: Applicability, edit: Edit) -> Fix {
        Fix {
            title: title.into(),
            applicability,
            edits: vec![edit],
        }
    }
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: RuleId,
    pub severity: Severity,
    /// Lowercase sentence fragment, no final period.
    pub message: String,
    /// The primary span in the original text.
    pub span: Span,
    /// Short label shown under the primary span.
    pub label: String,
    pub help: Option<String>,
    pub notes: Vec<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// Whether it has a fix `--fix` applies.
    pub fn safe_fix(&self) -> bool {
        self.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    }

    /// Sort key used everywhere output must be deterministic.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start(), self.span.end(), self.rule.as_str())
    }
}

/// The diagnostics of one file, or the reason it could not be checked.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Index of the job this report is for: a file's identity within a run. Two files may
    /// share a display name (names that differ only in invalid UTF-8, or stdin claiming the
    /// name of a file on disk); fixes and re-checks go by this index, never by `path`.
    pub job: usize,
    /// The path as the user gave it (or relative to the walk root).
    pub path: std::sync::Arc<str>,
    /// The text the spans point into (empty when unreadable or clean, and for a file on
    /// disk until it is loaded: see `text_on_disk`).
    pub text: String,
    /// Line starts of `text`, computed once for every reporter.
    pub lines: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
    /// For a file on disk with findings: its text is not held in memory (a run over a
    /// large repository would hold every flagged file); what stands in for it.
    pub text_on_disk: Option<Box<OnDisk>>,
    /// For a file of a large run: its findings (and their positions) are on disk, not in
    /// `diagnostics` (empty), until a consumer loads them (`engine::loaded`).
    pub parked: Option<Box<Parked>>,
    /// Findings already written out as the run went (`engine::run_streamed`): counted for
    /// totals and exit statuses, no longer held.
    pub written: Vec<Tally>,
}

/// A file's findings as a [`Store`] gives them back: unsorted, with the positions and
/// line hashes they point at.
pub type Stored = (Vec<Diagnostic>, Option<(Located, LineHashes)>);

/// Where a run keeps findings it does not hold in memory (the engine's park).
pub trait Store: Send + Sync {
    /// The findings stored at `at`; `None` if they cannot be read back.
    fn load(&self, at: &[(u64, u32)]) -> Option<Stored>;
}

/// A file's findings kept in a [`Store`]: where, and how many of each rule and severity
/// (what totals, exit statuses and summaries need without loading them).
#[derive(Clone)]
pub struct Parked {
    pub store: std::sync::Arc<dyn Store>,
    pub at: Vec<(u64, u32)>,
    pub tally: Vec<Tally>,
}

impl fmt::Debug for Parked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parked")
            .field("at", &self.at)
            .field("tally", &self.tally)
            .finish_non_exhaustive()
    }
}

/// Findings of one rule at one severity in a file: how many, and how many have a safe fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub rule: RuleId,
    pub severity: Severity,
    pub count: usize,
    pub fixable: usize,
}

impl Tally {
    /// Add `diagnostics` to `tally` (by rule and severity, in the order first met).
    pub fn add(tally: &mut Vec<Tally>, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            let fixable = usize::from(d.safe_fix());
            match tally
                .iter_mut()
                .find(|t| t.rule == d.rule && t.severity == d.severity)
            {
                Some(t) => {
                    t.count += 1;
                    t.fixable += fixable;
                }
                None => tally.push(Tally {
                    rule: d.rule.clone(),
                    severity: d.severity,
                    count: 1,
                    fixable,
                }),
            }
        }
    }
}

/// A text not held in memory. Read it again from `path` when a consumer needs the text
/// itself (`engine::with_text`), refused unless it hashes to `hash`; what the formats show
/// of its findings was worked out when it was checked, so they never read it again.
#[derive(Debug, Clone)]
pub struct OnDisk {
    /// The file's path, or `None` when it is the report's `path` (kept once: see
    /// `engine::Source::File`).
    pub path: Option<std::sync::Arc<std::path::Path>>,
    pub hash: u64,
    /// The positions of every offset its findings (and its corpus facts, which become
    /// findings later) point at, and the line hashes of their fingerprints; `None` when
    /// there are none or they are parked with its findings (boxed: a large run holds an
    /// `OnDisk` for most of its files, and most of those have theirs parked).
    pub located: Option<Box<(crate::lines::Located, LineHashes)>>,
}

/// A finding's stable identity across edits elsewhere in its file (the SARIF
/// `primaryLocationLineHash`): a hash of its rule and its line's trimmed text, and how many
/// findings of that rule on identical lines come before it. Shown as `HASH:N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint {
    pub line_hash: u64,
    pub occurrence: usize,
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}:{}", self.line_hash, self.occurrence)
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (hash, n) = s.split_once(':').ok_or(())?;
        Ok(Fingerprint {
            line_hash: u64::from_str_radix(hash, 16).map_err(|_| ())?,
            occurrence: n.parse().map_err(|_| ())?,
        })
    }
}

/// FNV-1a, 64 bits: a hash that does not depend on the standard library's hasher or version.
pub fn fnv(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// splitmix64's finalizer: spreads a hash's bits (for sketches and cache keys whose
/// smallest or lowest bits are used).
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The two hashes a finding's fingerprint is made of: of the trimmed text of its `line`,
/// and of its `rule` with that text.
pub fn line_hashes(rule: &str, line: &str) -> (u64, u64) {
    let line = line.trim();
    let with_rule = rule.bytes().chain([0]).chain(line.bytes());
    (fnv(line.bytes()), fnv(with_rule))
}

/// The fingerprint of each of `diags` (in order), which point into `text`.
pub fn fingerprints(text: &str, lines: &LineIndex, diags: &[Diagnostic]) -> Vec<Fingerprint> {
    use std::collections::HashMap;
    // Each (rule, line) is hashed once, however many findings the line holds.
    let mut hashes: HashMap<(&str, usize), (u64, u64)> = HashMap::new();
    fingerprints_with(diags, |d| {
        let line = lines.line_of(d.span.start());
        *hashes
            .entry((d.rule.as_str(), line))
            .or_insert_with(|| line_hashes(d.rule.as_str(), &text[lines.line_range(text, line)]))
    })
}

/// The fingerprints of `diags` given each one's [`line_hashes`]: the occurrence is how many
/// findings of the same rule on a line of the same text come before it.
fn fingerprints_with<'a>(
    diags: &'a [Diagnostic],
    mut hashes_of: impl FnMut(&'a Diagnostic) -> (u64, u64),
) -> Vec<Fingerprint> {
    let mut seen: std::collections::HashMap<(&str, u64), usize> = Default::default();
    diags
        .iter()
        .map(|d| {
            let (text_hash, line_hash) = hashes_of(d);
            let n = seen
                .entry((d.rule.as_str(), text_hash))
                .and_modify(|n| *n += 1)
                .or_insert(0);
            Fingerprint {
                line_hash,
                occurrence: *n,
            }
        })
        .collect()
}

/// For a text not kept in memory: the [`line_hashes`] of each (rule, offset) a finding or
/// a corpus fact of the file has, worked out when it was checked; sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineHashes(Vec<LineHash>);

/// One finding's line hashes: ((hash of its rule id, offset), hashes of its line).
pub type LineHash = ((u64, usize), (u64, u64));

impl LineHashes {
    /// The hashes of findings of each `(rule, offset)` in `text`, whose positions are
    /// `located` (each offset among them).
    pub fn of<'a>(
        text: &str,
        located: &crate::lines::Located,
        at: impl IntoIterator<Item = (&'a str, usize)>,
    ) -> LineHashes {
        // Each (rule, line) hashed once, however many findings the line holds (a line of a
        // million repeated words was read again for each of them).
        let mut hashed: std::collections::HashMap<(&str, usize), (u64, u64)> =
            std::collections::HashMap::new();
        let mut v: Vec<LineHash> = at
            .into_iter()
            .filter_map(|(rule, offset)| {
                let start = located.get(offset)?.line_start;
                let hashes = *hashed.entry((rule, start)).or_insert_with(|| {
                    let end = memchr::memchr(b'\n', &text.as_bytes()[start.min(text.len())..])
                        .map_or(text.len(), |e| start + e);
                    line_hashes(rule, text.get(start..end).unwrap_or(""))
                });
                Some(((fnv(rule.bytes()), offset), hashes))
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        LineHashes(v)
    }

    /// Every ((rule hash, offset), line hashes), sorted (to store them).
    pub fn entries(&self) -> &[LineHash] {
        &self.0
    }

    /// Hashes stored from [`LineHashes::entries`]: `None` unless sorted, one per key.
    pub fn from_entries(v: Vec<LineHash>) -> Option<LineHashes> {
        v.windows(2)
            .all(|w| w[0].0 < w[1].0)
            .then_some(LineHashes(v))
    }

    /// Keep the hashes at the offsets `keep` keeps.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        self.0.retain(|e| keep(e.0 .1));
        self.0.shrink_to_fit();
    }

    fn get(&self, rule: &str, offset: usize) -> Option<(u64, u64)> {
        let key = (fnv(rule.bytes()), offset);
        let i = self.0.binary_search_by_key(&key, |e| e.0).ok()?;
        Some(self.0[i].1)
    }
}

impl FileReport {
    /// Each diagnostic's fingerprint, in order: from the text when it is here, else from
    /// the line hashes worked out when the file was checked.
    pub fn fingerprints(&self) -> Vec<Fingerprint> {
        if self.text_is_on_disk() {
            return fingerprints_with(&self.diagnostics, |d| {
                let h = self
                    .text_on_disk
                    .as_ref()
                    .and_then(|o| o.located.as_ref()?.1.get(d.rule.as_str(), d.span.start()));
                debug_assert!(h.is_some(), "`{}`: finding not hashed", self.path);
                h.unwrap_or_default()
            });
        }
        fingerprints(&self.text, &self.lines, &self.diagnostics)
    }

    pub fn new(
        job: usize,
        path: impl Into<std::sync::Arc<str>>,
        text: String,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        FileReport {
            job,
            path: path.into(),
            lines: LineIndex::new(&text),
            text,
            diagnostics,
            text_on_disk: None,
            parked: None,
            written: Vec::new(),
        }
    }

    /// How many findings this file has, held, parked or already written.
    pub fn problems(&self) -> usize {
        self.pending() + self.written.iter().map(|t| t.count).sum::<usize>()
    }

    /// How many findings this file has still to be written: held or parked.
    pub fn pending(&self) -> usize {
        match &self.parked {
            Some(p) => p.tally.iter().map(|t| t.count).sum(),
            None => self.diagnostics.len(),
        }
    }

    /// The file's findings as (rule, severity, how many, how many with a safe fix): a
    /// parked file's counts and those already written, or each held finding once.
    pub fn counts(&self) -> impl Iterator<Item = (&RuleId, Severity, usize, usize)> {
        let parked = self
            .parked
            .iter()
            .flat_map(|p| p.tally.iter())
            .chain(&self.written)
            .map(|t| (&t.rule, t.severity, t.count, t.fixable));
        let held = self
            .diagnostics
            .iter()
            .map(|d| (&d.rule, d.severity, 1, usize::from(d.safe_fix())));
        parked.chain(held)
    }

    /// 1-based line and column (in characters) of `offset`: from the text when it is here,
    /// else from the positions worked out when the file was checked.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        match self.position(offset) {
            Some(p) => (p.line, p.column),
            None => self.lines.line_col(&self.text, offset),
        }
    }

    /// Characters before `offset` in the whole text.
    pub fn chars_before(&self, offset: usize) -> usize {
        match self.position(offset) {
            Some(p) => p.chars_before,
            None => self.lines.chars_between(&self.text, 0, offset),
        }
    }

    /// Byte offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        match self.position(offset) {
            Some(p) => p.line_start,
            None => self.lines.line_start(self.lines.line_of(offset)),
        }
    }

    /// For a text on disk, the position of `offset` worked out when the file was checked.
    /// Every offset a finding (or a corpus fact) points at is located then
    /// (`engine::checked`); nothing moves a span after that.
    fn position(&self, offset: usize) -> Option<crate::lines::Position> {
        if !self.text_is_on_disk() {
            return None;
        }
        let at = (self.text_on_disk.as_ref()?.located.as_ref()?.0.get(offset)).copied();
        debug_assert!(at.is_some(), "`{}`: offset {offset} not located", self.path);
        Some(at.unwrap_or(crate::lines::Position {
            offset,
            line: 1,
            column: 1,
            chars_before: 0,
            line_start: 0,
        }))
    }

    /// The 1-based lines of the first and the last byte of `range` (of its start, when it
    /// is empty): from the text when it is here, else from the positions located at check
    /// time — an end at the start of a line means the range's last byte ends the line before.
    pub fn lines_of(&self, range: std::ops::Range<usize>) -> (usize, usize) {
        let (Some(start), Some(end)) = (self.position(range.start), self.position(range.end))
        else {
            return self.lines.lines_of(range);
        };
        let last = if range.end > range.start && end.line_start == range.end {
            end.line - 1
        } else {
            end.line
        };
        (start.line, last.max(start.line))
    }

    /// Start and end of `range` as 1-based (line, column) pairs ([`FileReport::line_col`]).
    pub fn positions(&self, range: std::ops::Range<usize>) -> ((usize, usize), (usize, usize)) {
        (self.line_col(range.start), self.line_col(range.end))
    }

    /// Replace the text (read again, or dropped), keeping the line index in step.
    pub fn set_text(&mut self, text: String) {
        self.lines = LineIndex::new(&text);
        self.text = text;
    }

    /// Whether the text the diagnostics point into is on disk, not here.
    pub fn text_is_on_disk(&self) -> bool {
        self.text_on_disk.is_some() && self.text.is_empty() && !self.diagnostics.is_empty()
    }
}

/// Sort diagnostics by position then rule id, and drop exact duplicates.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    diags.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of a finding's bytes are the same whether its text is here or only its
    /// located positions are (a file on disk), also when the span ends where a line starts.
    #[test]
    fn lines_of_a_span_from_the_text_or_from_its_located_positions() {
        let text = "one\r\ntwo\nthree\n";
        // (range, 1-based lines of its first and last byte)
        for (range, want) in [
            (0..3, (1, 1)),
            (0..5, (1, 1)),
            (2..9, (1, 2)),
            (5..10, (2, 3)),
            (10..15, (3, 3)),
            (4..4, (1, 1)),
        ] {
            let span = Span::checked(text, range.clone()).unwrap();
            let d = Diagnostic {
                rule: RuleId::new("typography/test").unwrap(),
                severity: Severity::Warning,
                message: "m".into(),
                span,
                label: String::new(),
                help: None,
                notes: Vec::new(),
                fix: None,
            };
            let here = FileReport::new(0, "a.txt", text.into(), vec![d.clone()]);
            let mut on_disk = FileReport::new(0, "a.txt", String::new(), vec![d]);
            on_disk.text_on_disk = Some(Box::new(OnDisk {
                path: None,
                hash: 0,
                located: Some(Box::new((
                    crate::lines::Located::of(text, [range.end, range.start]),
                    LineHashes(Vec::new()),
                ))),
            }));
            assert!(on_disk.text_is_on_disk());
            assert_eq!(
                LineIndex::new(text).lines_of(range.clone()),
                want,
                "{range:?}"
            );
            assert_eq!(here.lines_of(range.clone()), want, "{range:?}");
            assert_eq!(on_disk.lines_of(range.clone()), want, "{range:?}");
        }
    }

    /// Many findings of two rules on a long line and on its neighbours: each gets its own
    /// line's hashes (each line is hashed once per rule, however many findings it holds).
    #[test]
    fn line_hashes_of_many_findings_are_their_lines() {
        let long = "the the word ".repeat(500);
        let text = format!("Title\n{long}\n  short line \nlast");
        let offsets: Vec<usize> = (0..text.len()).step_by(7).collect();
        let located = crate::lines::Located::of(&text, offsets.iter().copied());
        let at: Vec<(&str, usize)> = offsets
            .iter()
            .flat_map(|&o| [("typography/a", o), ("quotes/b", o)])
            .collect();
        let hashes = LineHashes::of(&text, &located, at.iter().copied());
        let lines = LineIndex::new(&text);
        for &(rule, offset) in &at {
            let line = &text[lines.line_range(&text, lines.line_of(offset))];
            assert_eq!(
                hashes.get(rule, offset),
                Some(line_hashes(rule, line)),
                "{rule} at {offset}"
            );
        }
    }
}
