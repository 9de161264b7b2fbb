//! `check --baseline FILE`: adopting copydesk on an archive step by step. The first run
//! records today's findings in FILE by fingerprint (rule, file, the line's text, occurrence:
//! the SARIF fingerprint, so lines moving elsewhere in a file do not matter); later runs
//! report only findings not in it, and count entries that no longer match anything as stale
//! so the baseline can shrink (`--update-baseline`). Read and unreadable-file errors
//! (`io/…`, `internal/…`) are never recorded.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Fingerprint};

/// The file's format version.
const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    #[serde(rename = "copydesk-baseline")]
    version: u32,
    findings: Vec<Entry>,
}

/// The recorded findings, by path.
#[derive(Debug, Default)]
pub struct Baseline {
    by_path: HashMap<String, HashSet<(String, Fingerprint)>>,
}

/// Findings a baseline never holds: the run's own errors, not the copy's.
fn recordable(d: &Diagnostic) -> bool {
    !(d.rule.as_str().starts_with("io/") || d.rule.as_str().starts_with("internal/"))
}

impl Baseline {
    /// Read a baseline file; `Ok(None)` when it does not exist.
    ///
    /// # Errors
    /// A message naming the file (and the line and column of a syntax error).
    pub fn load(path: &Path) -> Result<Option<Baseline>, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read baseline `{}`: {e}", path.display())),
        };
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a copydesk baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if file.version != VERSION {
            return Err(format!(
                "{}: baseline version {} (this copydesk reads version {VERSION})",
                path.display(),
                file.version
            ));
        }
        let mut b = Baseline::default();
        for (i, e) in file.findings.into_iter().enumerate() {
            let fp = e.fingerprint.parse().map_err(|()| {
                format!(
                    "{}: finding {}: fingerprint `{}` is not HASH:N",
                    path.display(),
                    i + 1,
                    e.fingerprint
                )
            })?;
            b.by_path.entry(e.path).or_default().insert((e.rule, fp));
        }
        Ok(Some(b))
    }

    /// Record `diags`, whose fingerprints are `prints` (in order), as the findings of
    /// `path`, replacing what was recorded for it.
    pub fn record(&mut self, path: &str, diags: &[Diagnostic], prints: &[Fingerprint]) {
        let set: HashSet<_> = diags
            .iter()
            .zip(prints.iter().copied())
            .filter(|(d, _)| recordable(d))
            .map(|(d, fp)| (d.rule.as_str().to_string(), fp))
            .collect();
        if set.is_empty() {
            self.by_path.remove(path);
        } else {
            self.by_path.insert(path.to_string(), set);
        }
    }

    /// The diagnostics of `path`, whose fingerprints are `prints` (in order), that are not
    /// recorded, and how many were.
    pub fn new_findings(
        &self,
        path: &str,
        diags: Vec<Diagnostic>,
        prints: Vec<Fingerprint>,
    ) -> (Vec<Diagnostic>, usize) {
        let Some(known) = self.by_path.get(path) else {
            return (diags, 0);
        };
        let before = diags.len();
        let kept: Vec<Diagnostic> = diags
            .into_iter()
            .zip(prints)
            .filter(|(d, fp)| {
                !(recordable(d) && known.contains(&(d.rule.as_str().to_string(), *fp)))
            })
            .map(|(d, _)| d)
            .collect();
        let matched = before - kept.len();
        (kept, matched)
    }

    /// How many findings are recorded for `path`.
    pub fn count(&self, path: &str) -> usize {
        self.by_path.get(path).map_or(0, HashSet::len)
    }

    /// How many findings are recorded in all.
    pub fn len(&self) -> usize {
        self.by_path.values().map(HashSet::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// Write the baseline to `path` (sorted, so it diffs well), through a temporary file
    /// renamed over the old one.
    ///
    /// # Errors
    /// The operating system's error.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let findings: BTreeSet<Entry> = self
            .by_path
            .iter()
            .flat_map(|(p, set)| {
                set.iter().map(move |(rule, fp)| Entry {
                    path: p.clone(),
                    rule: rule.clone(),
                    fingerprint: fp.to_string(),
                })
            })
            .collect();
        let file = BaselineFile {
            version: VERSION,
            findings: findings.into_iter().collect(),
        };
        let mut text = serde_json::to_string_pretty(&file)?;
        text.push('\n');
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let tmp = dir.join(format!(
            ".{}.copydesk-{}.tmp",
            path.file_name()
                .map_or_else(|| "baseline".into(), |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::fingerprints;
    use crate::lines::LineIndex;

    fn prints(text: &str, diags: &[Diagnostic]) -> Vec<Fingerprint> {
        fingerprints(text, &LineIndex::new(text), diags)
    }
    use crate::diagnostic::Severity;
    use crate::id::RuleId;
    use crate::span::Span;

    fn diag(text: &str, at: &str, rule: &str) -> Diagnostic {
        let start = text.find(at).unwrap();
        Diagnostic {
            rule: RuleId::new(rule).unwrap(),
            severity: Severity::Error,
            message: "m".into(),
            span: Span::checked(text, start..start + at.len()).unwrap(),
            label: String::new(),
            help: None,
            notes: Vec::new(),
            fix: None,
        }
    }

    #[test]
    fn recorded_findings_survive_lines_moving_and_new_ones_are_reported() {
        let old = "Title\n\nthe\"old\" one\n";
        let mut b = Baseline::default();
        let recorded = [diag(old, "\"old", "quotes/x")];
        b.record("a.md", &recorded, &prints(old, &recorded));
        // A line inserted above, and a new finding below.
        let new = "Title\n\nA new paragraph.\n\nthe\"old\" one\n\nthe\"new\" one\n";
        let diags = vec![
            diag(new, "\"old", "quotes/x"),
            diag(new, "\"new", "quotes/x"),
        ];
        let p = prints(new, &diags);
        let (kept, matched) = b.new_findings("a.md", diags, p);
        assert_eq!(matched, 1);
        assert_eq!(kept.len(), 1);
        assert_eq!(&new[kept[0].span.range()], "\"new");
        // Another file's identical line is not covered.
        let (kept, _) = b.new_findings("b.md", recorded.to_vec(), prints(old, &recorded));
        assert_eq!(kept.len(), 1);
    }

    #[test]
    fn written_and_read_back_the_same_and_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        assert!(Baseline::load(&path).unwrap().is_none());
        let text = "x the\"a\" y\n";
        let mut b = Baseline::default();
        let diags = [
            diag(text, "\"a", "quotes/x"),
            diag(text, "x", "io/unreadable"),
        ];
        b.record("a.md", &diags, &prints(text, &diags));
        assert_eq!(b.len(), 1, "io findings are never recorded");
        b.write(&path).unwrap();
        let back = Baseline::load(&path).unwrap().unwrap();
        assert_eq!(back.count("a.md"), 1);
        std::fs::write(&path, "{\"copydesk-baseline\": 1,\n \"findings\": [}").unwrap();
        let e = Baseline::load(&path).unwrap_err();
        assert!(e.contains("baseline.json:2:"), "{e}");
    }
}
