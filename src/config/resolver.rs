//! Which settings govern a file: the nearest config file above it, loaded once per config
//! and looked up once per folder. Shared by `copydesk check` and the language server.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{find_config, ConfigError, Filter, Settings};
use crate::rule::RuleSet;

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
    }

    /// Settings for a file (or a folder being walked).
    ///
    /// # Errors
    /// The config that governs `path` does not load; `first` is set the first time.
    pub fn for_path(&mut self, path: &Path) -> Result<Arc<Settings>, Broken> {
        if let Some(s) = &self.fixed {
            return Ok(Arc::clone(s));
        }
        // Files in one folder share a config: look it up once per folder.
        let dir = path.parent().map(Path::as_os_str).unwrap_or_default();
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
