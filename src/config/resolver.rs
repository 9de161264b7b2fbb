//! Which settings govern a file: the nearest config file above it, loaded once per config
//! and looked up once per folder. Shared by `copydesk check` and the language server.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{find_config, ConfigError, Filter, Settings};
use crate::rule::RuleSet;

/// Is `path` a file directly in the folder `dir` (as [`Path::parent`] gave it for another
/// path): its bytes are `dir`, a separator and a name with no separator? (Comparing bytes,
/// not components, so a walk's files cost no path parsing; a path this cannot tell, such
/// as `a//b`, is simply looked up.)
fn in_folder(path: &Path, dir: &std::ffi::OsStr) -> bool {
    let (p, d) = (path.as_os_str().as_encoded_bytes(), dir.as_encoded_bytes());
    let sep = |b: u8| std::path::is_separator(char::from(b));
    !d.is_empty()
        && p.len() > d.len() + 1
        && p.starts_with(d)
        && sep(p[d.len()])
        && !p[d.len() + 1..].iter().any(|&b| sep(b))
        && !matches!(&p[d.len() + 1..], b"." | b"..")
}

/// A config file that does not load.
#[derive(Debug, Clone)]
pub struct Broken {
    /// The config file.
    pub config: PathBuf,
    pub errors: Arc<Vec<ConfigError>>,
    /// The first time this config was asked for: report the errors now.
    pub first: bool,
}

/// A loaded config, or its errors.
type Loaded = Result<Arc<Settings>, Arc<Vec<ConfigError>>>;

/// Resolves and caches the settings of each config file.
pub struct Resolver {
    builtin: Arc<RuleSet>,
    /// `--select`/`--ignore` from the command line, applied on top of every config.
    cli: Option<Filter>,
    /// One settings for every file (`--config`, `--isolated`).
    fixed: Option<Arc<Settings>>,
    /// The config found for each folder.
    /// Keyed by the folder's bytes (hashing a `Path` walks its components).
    by_dir: HashMap<std::ffi::OsString, Option<PathBuf>>,
    cache: HashMap<Option<PathBuf>, Loaded>,
    /// The last folder looked up and its settings: a walk gives a folder's files one after
    /// another, so most files need neither lookup.
    last: Option<(std::ffi::OsString, Arc<Settings>)>,
    /// Notices of configs loaded since the last [`Resolver::take_notices`].
    notices: Vec<String>,
}

impl Resolver {
    pub fn new(builtin: Arc<RuleSet>, cli: Option<Filter>) -> Resolver {
        Resolver {
            builtin,
            cli,
            fixed: None,
            by_dir: HashMap::new(),
            cache: HashMap::new(),
            last: None,
            notices: Vec::new(),
        }
    }

    pub fn builtin(&self) -> &Arc<RuleSet> {
        &self.builtin
    }

    fn finish(&self, s: Settings) -> Arc<Settings> {
        Arc::new(s.with_cli(self.cli.clone()))
    }

    /// Settings with no config file: every default rule.
    pub fn defaults(&self) -> Arc<Settings> {
        self.finish(Settings::defaults(".".into(), Arc::clone(&self.builtin)))
    }

    /// Check every file with no config file (`--isolated`).
    pub fn isolate(&mut self) {
        self.fixed = Some(self.defaults());
    }

    /// Check every file with the config at `path` (`--config`).
    ///
    /// # Errors
    /// The config does not load.
    pub fn use_config(&mut self, path: &Path) -> Result<(), Vec<ConfigError>> {
        let s = Settings::load(path, &self.builtin)?;
        self.notices.extend(s.notices.iter().cloned());
        self.fixed = Some(self.finish(s));
        Ok(())
    }

    /// What loaded configs want the user to know, each once.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Forget every loaded config (a config file changed).
    pub fn clear(&mut self) {
        self.by_dir.clear();
        self.cache.clear();
        self.last = None;
    }

    /// Settings for a file (or a folder being walked).
    ///
    /// # Errors
    /// The config that governs `path` does not load; `first` is set the first time.
    pub fn for_path(&mut self, path: &Path) -> Result<Arc<Settings>, Broken> {
        if let Some(s) = &self.fixed {
            return Ok(Arc::clone(s));
        }
        if let Some((dir, settings)) = &self.last {
            if in_folder(path, dir) {
                return Ok(Arc::clone(settings));
            }
        }
        // Files in one folder share a config: look it up once per folder.
        let dir = path.parent().map(Path::as_os_str).unwrap_or_default();
        let found = self.lookup(path, dir);
        if let Ok(settings) = &found {
            self.last = Some((dir.to_os_string(), Arc::clone(settings)));
        }
        found
    }

    fn lookup(&mut self, path: &Path, dir: &std::ffi::OsStr) -> Result<Arc<Settings>, Broken> {
        let config = match self.by_dir.get(dir) {
            Some(c) => c.clone(),
            None => {
                let c = find_config(path);
                self.by_dir.insert(dir.to_os_string(), c.clone());
                c
            }
        };
        if let Some(hit) = self.cache.get(&config) {
            return hit.clone().map_err(|errors| Broken {
                config: config.clone().unwrap_or_default(),
                errors,
                first: false,
            });
        }
        let loaded = match &config {
            None => Ok(self.defaults()),
            Some(p) => Settings::load(p, &self.builtin)
                .map(|s| {
                    self.notices.extend(s.notices.iter().cloned());
                    self.finish(s)
                })
                .map_err(Arc::new),
        };
        self.cache.insert(config.clone(), loaded.clone());
        loaded.map_err(|errors| Broken {
            config: config.unwrap_or_default(),
            errors,
            first: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_in_the_folder_its_parent_names() {
        let dir = |p: &str| Path::new(p).parent().unwrap().as_os_str().to_os_string();
        for (file, other, same) in [
            ("news/a.md", "news/b.md", true),
            ("news/a.md", "news/sub/b.md", false),
            ("news/a.md", "newsroom/b.md", false),
            ("news/a.md", "new/b.md", false),
            ("/abs/x/a.md", "/abs/x/b.txt", true),
            ("a.md", "b.md", false),
            ("news/a.md", "news//b.md", false),
            ("news/a.md", "news/..", false),
            ("news/a.md", "news/", false),
        ] {
            let d = dir(file);
            assert_eq!(in_folder(Path::new(other), &d), same, "{other} in {d:?}");
            // Never a folder other than the one `parent` gives.
            if same {
                assert_eq!(Path::new(other).parent().unwrap().as_os_str(), d);
            }
        }
    }
}
