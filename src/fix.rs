//! Applying fixes: sort, skip overlaps, re-check to a fixed point.

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// Apply the fixes of `diags` at or above `min` applicability to `text`.
/// Fixes are taken in order of their first edit; a fix overlapping one already taken is
/// skipped (the next pass will see it again). Returns the new text and the number of
/// fixes applied.
pub fn apply_once(text: &str, diags: &[Diagnostic], min: Applicability) -> (String, usize) {
    let (out, applied, _) = apply_once_counted(text, diags, min);
    (out, applied)
}

/// [`apply_once`], also counting the unsafe fixes among those applied.
pub fn apply_once_counted(
    text: &str,
    diags: &[Diagnostic],
    min: Applicability,
) -> (String, usize, usize) {
    let mut fixes: Vec<(&Vec<Edit>, bool)> = diags
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| {
            f.applicability >= min
                && f.applicability != Applicability::DisplayOnly
                && !f.edits.is_empty()
        })
        .map(|f| (&f.edits, f.applicability == Applicability::Unsafe))
        .collect();
    fixes.sort_by_key(|(e, _)| e.iter().map(|e| (e.start(), e.end())).min());
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut unsafe_applied = 0;
    for (edits, is_unsafe) in fixes {
        let overlaps = edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.start() < t.end() && t.start() < e.end()
                    || e.start() == t.start()
                    || (e.start() == e.end() && e.start() == t.end())
                    || (t.start() == t.end() && t.start() == e.end())
            })
        });
        let in_bounds = edits.iter().all(|e| {
            e.start() <= e.end()
                && e.end() <= text.len()
                && text.is_char_boundary(e.start())
                && text.is_char_boundary(e.end())
        });
        if overlaps || !in_bounds {
            continue;
        }
        taken.extend(edits.iter());
        applied += 1;
        unsafe_applied += usize::from(is_unsafe);
    }
    taken.sort_by_key(|e| (e.start(), e.end()));
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for e in taken {
        out.push_str(&text[last..e.start()]);
        out.push_str(&e.replacement);
        last = e.end();
    }
    out.push_str(&text[last..]);
    (out, applied, unsafe_applied)
}

/// Most re-check passes before giving up on a file.
pub const MAX_PASSES: usize = 10;

/// Fixes that grow a text past twice its size plus this many bytes have not settled (a
/// substitution feeding itself): the file is left unchanged.
pub const MAX_GROWTH: usize = 1 << 20;

/// The outcome of fixing one text to a fixed point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// Of those, unsafe ones.
    pub unsafe_applied: usize,
    /// False when `MAX_PASSES` passes still left fixes to apply.
    pub converged: bool,
}

/// Fix `text` until no applicable fix is left: `check` re-lints a text.
pub fn fix_to_fixed_point(
    text: &str,
    min: Applicability,
    mut check: impl FnMut(&str) -> Vec<Diagnostic>,
) -> Fixed {
    let mut current = text.to_string();
    let (mut applied, mut unsafe_applied) = (0, 0);
    for _ in 0..MAX_PASSES {
        let diags = check(&current);
        let (next, n, u) = apply_once_counted(&current, &diags, min);
        if n == 0 || next == current {
            return Fixed {
                text: current,
                applied,
                unsafe_applied,
                converged: true,
            };
        }
        applied += n;
        unsafe_applied += u;
        current = next;
        if current.len() > text.len().saturating_mul(2).saturating_add(MAX_GROWTH) {
            return Fixed {
                text: current,
                applied,
                unsafe_applied,
                converged: false,
            };
        }
    }
    let left = apply_once(&current, &check(&current), min).1;
    Fixed {
        text: current,
        applied,
        unsafe_applied,
        converged: left == 0,
    }
}

/// The planned fixes of one file.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// Index of the job (and report) this is for.
    pub job: usize,
    pub old: String,
    pub new: String,
    pub applied: usize,
    /// Of the applied fixes, unsafe ones (`--unsafe-fixes`).
    pub unsafe_applied: usize,
    pub converged: bool,
}

/// Does any diagnostic offer a fix at or above `min` that can be applied?
pub fn has_applicable(diags: &[Diagnostic], min: Applicability) -> bool {
    diags.iter().any(|d| {
        d.fix.as_ref().is_some_and(|f| {
            f.applicability >= min && f.applicability != Applicability::DisplayOnly
        })
    })
}

/// Why fixed text was not written to a file.
#[derive(Debug)]
pub enum WriteError {
    /// The file is not what was checked any more (edited during the run): not overwritten.
    Changed,
    /// The file is read-only: reported, not rewritten.
    ReadOnly,
    /// The file has other hard links, which a replacement would split from it.
    HardLinks(u64),
    /// The owner could not be kept (the new file would belong to someone else).
    Owner(std::io::Error),
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => {
                f.write_str("the file changed since it was checked; not overwritten")
            }
            WriteError::ReadOnly => f.write_str("the file is read-only; not rewritten"),
            WriteError::HardLinks(n) => write!(
                f,
                "the file has {n} hard links and rewriting it would split them; fix it by hand"
            ),
            WriteError::Owner(e) => write!(f, "cannot keep the file's owner ({e}); not written"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Write the fixed text `new` over the file at `path`, which was checked as `old`. A link
/// is followed (the link stays a link, its target is fixed); the file is rewritten only if
/// it still holds `old`, is writable and has no other hard links; the owner, group and
/// permissions are kept; and the write is atomic (see [`write_atomic`]).
///
/// # Errors
/// Any of the refusals above, or the operating system's error.
pub fn write_fixed(path: &std::path::Path, old: &str, new: &str) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinks(meta.nlink()));
        }
    }
    if std::fs::read(&target)? != old.as_bytes() {
        return Err(WriteError::Changed);
    }
    remove_stale_temporaries(&target);
    write_atomic(&target, new)
}

/// The name of the temporary file a write of `name` by process `pid` uses.
fn temporary_name(name: &str, pid: u32, attempt: usize) -> String {
    format!(".{name}.copydesk-{pid}-{attempt}.tmp")
}

/// Remove the temporary files an earlier, killed run left beside `path`: those named for
/// this file by a process that is no longer running (known where `/proc` is).
fn remove_stale_temporaries(path: &std::path::Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!(".{}.copydesk-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let Some(rest) = file
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some(Ok(pid)) = rest.split('-').next().map(str::parse::<u32>) else {
            continue;
        };
        let running = std::path::Path::new(&format!("/proc/{pid}")).exists();
        if !running {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Replace `path`'s contents with `text` without ever leaving a half-written file: the
/// text goes to a temporary file in the same folder (same file system), is flushed to disk,
/// gets the original's permissions (and on Unix its owner and group), and is renamed over
/// the original. A temporary file left by a killed run is named `.NAME.copydesk-PID-N.tmp`.
///
/// # Errors
/// The operating system's error, or [`WriteError::Owner`]; the original is untouched.
pub fn write_atomic(path: &std::path::Path, text: &str) -> Result<(), WriteError> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let meta = std::fs::metadata(path)?;
    let mut attempt = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(temporary_name(&name, std::process::id(), attempt));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(e.into()),
        }
    };
    let result = (|| {
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let fresh = file.metadata()?;
            if fresh.uid() != meta.uid() || fresh.gid() != meta.gid() {
                std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()))
                    .map_err(WriteError::Owner)?;
            }
        }
        std::fs::set_permissions(&tmp, meta.permissions())?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A unified diff of `old` → `new` for `path` (empty when equal).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diag(start: usize, end: usize, rep: &str, app: Applicability) -> Diagnostic {
        Diagnostic {
            rule: crate::id::RuleId::from_static("t/t"),
            severity: Severity::Error,
            message: "m".into(),
            span: crate::span::Span::clamped("abc de", start..end),
            label: String::new(),
            help: None,
            notes: vec![],
            fix: Edit::checked("abc de", start..end, rep).map(|e| Fix::one("t", app, e)),
        }
    }

    #[test]
    fn overlapping_fixes_are_skipped() {
        let d = [
            diag(0, 3, "x", Applicability::Safe),
            diag(1, 2, "y", Applicability::Safe),
            diag(4, 4, " ", Applicability::Safe),
        ];
        assert_eq!(
            apply_once("abc de", &d, Applicability::Safe),
            ("x  de".to_string(), 2)
        );
    }

    #[test]
    fn applicability_threshold() {
        let d = [
            diag(0, 1, "X", Applicability::Unsafe),
            diag(2, 3, "Y", Applicability::DisplayOnly),
        ];
        assert_eq!(apply_once("abc", &d, Applicability::Safe).1, 0);
        assert_eq!(
            apply_once("abc", &d, Applicability::Unsafe),
            ("XbY".replace('Y', "c"), 1)
        );
    }

    #[test]
    fn atomic_write_keeps_permissions_and_leaves_no_temp_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, "new\r\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new\r\n");
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn diff_has_headers_and_changes() {
        let d = unified_diff("x.md", "a\nb the the\nc\n", "a\nb the\nc\n");
        assert!(d.starts_with("--- a/x.md\n+++ b/x.md\n"), "{d}");
        assert!(d.contains("-b the the\n+b the\n"), "{d}");
        assert!(unified_diff("x.md", "same", "same").is_empty());
    }

    #[test]
    fn a_fix_that_keeps_growing_the_text_has_not_settled() {
        // Each pass doubles the text: stopped at the growth bound, not after ten passes.
        let mut passes = 0;
        let fixed = fix_to_fixed_point("ab", Applicability::Safe, |t| {
            passes += 1;
            let d = diag(0, 0, "x", Applicability::Safe);
            let big = "y".repeat(t.len() + MAX_GROWTH);
            vec![Diagnostic {
                fix: Edit::checked(t, 0..0, big).map(|e| Fix::one("t", Applicability::Safe, e)),
                ..d
            }]
        });
        assert!(!fixed.converged);
        assert!(passes <= 2, "{passes}");
    }

    #[test]
    fn non_converging_fix_is_reported() {
        let fixed = fix_to_fixed_point("a", Applicability::Safe, |t| {
            vec![diag(0, 0, "a", Applicability::Safe)]
                .into_iter()
                .filter(|_| !t.is_empty())
                .collect()
        });
        assert!(!fixed.converged);
    }
}
