//! Paths as keys that do not depend on the folder copydesk runs from: absolute (links
//! followed where the path exists) and then relative to a base, `/`-separated.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute and lexically normal (`.` and `..` resolved), following links
/// where it exists.
pub(super) fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let joined = std::env::current_dir().unwrap_or_default().join(path);
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to the absolute folder `base`, `/`-separated; `None` outside it.
pub(super) fn relative_key(path: &Path, base: &Path) -> Option<String> {
    let abs = absolute(path);
    let rel = abs.strip_prefix(base).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}
