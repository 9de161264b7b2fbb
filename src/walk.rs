//! Paths on the command line → the files to check, with the `ignore` crate (the walker
//! ripgrep uses): `.gitignore` respected, hidden files skipped, folders walked in parallel.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line (always checked unless `--force-exclude` excludes it).
    pub explicit: bool,
}

/// A path that could not be walked.
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: String,
    pub message: String,
    /// The path itself was named on the command line (not found inside a folder).
    pub named: Option<PathBuf>,
}

/// Walk `paths`. `wanted` decides, for a walked (not explicit) file, whether to keep it.
pub fn walk(
    paths: &[PathBuf],
    wanted: &(dyn Fn(&Path) -> bool + Sync),
) -> (Vec<Candidate>, Vec<WalkError>) {
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => errors
                .lock()
                .expect("no panics hold this lock")
                .push(WalkError {
                    path: root.display().to_string(),
                    message: e.to_string(),
                    named: Some(root.clone()),
                }),
            Ok(m) if !m.is_dir() => {
                found
                    .lock()
                    .expect("no panics hold this lock")
                    .push(Candidate {
                        path: root.clone(),
                        explicit: true,
                    });
            }
            Ok(_) => {
                let walker = ignore::WalkBuilder::new(root)
                    .hidden(true)
                    .git_ignore(true)
                    .require_git(false)
                    .build_parallel();
                walker.run(|| {
                    Box::new(|entry| {
                        match entry {
                            Ok(e) => {
                                // A link to a file is checked as that file; links to folders
                                // are not followed (no cycles).
                                let file = e.file_type().is_some_and(|t| {
                                    t.is_file()
                                        || t.is_symlink()
                                            && std::fs::metadata(e.path())
                                                .is_ok_and(|m| m.is_file())
                                });
                                if file && wanted(e.path()) {
                                    let path = e
                                        .path()
                                        .strip_prefix("./")
                                        .unwrap_or(e.path())
                                        .to_path_buf();
                                    found.lock().expect("no panics hold this lock").push(
                                        Candidate {
                                            path,
                                            explicit: false,
                                        },
                                    );
                                }
                            }
                            Err(err) => {
                                errors
                                    .lock()
                                    .expect("no panics hold this lock")
                                    .push(WalkError {
                                        path: root.display().to_string(),
                                        message: err.to_string(),
                                        named: None,
                                    });
                            }
                        }
                        ignore::WalkState::Continue
                    })
                });
            }
        }
    }
    let mut found = found.into_inner().expect("no panics hold this lock");
    // By the paths' bytes (comparing `Path`s walks their components: several times slower
    // on a large repository); the output is sorted by the paths as shown in any case.
    // A file both named and found in a named folder is the named one (kept first): it is
    // checked whatever its extension, its name or `exclude` say.
    found.sort_unstable_by(|a, b| {
        (a.path.as_os_str(), !a.explicit).cmp(&(b.path.as_os_str(), !b.explicit))
    });
    found.dedup_by(|a, b| a.path.as_os_str() == b.path.as_os_str());
    (
        found,
        errors.into_inner().expect("no panics hold this lock"),
    )
}
