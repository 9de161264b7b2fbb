//! `copydesk.toml` / `.copydesk.toml`: discovery, validation and the [`Settings`] a file is
//! checked with. Unknown keys and unknown rule ids are errors that point into the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

mod resolver;

pub use resolver::{Broken, Resolver};

use crate::diagnostic::Severity;
use crate::registry::{load_dir, load_embedded};
use crate::rule::{LoadError, LoadErrorKind, RuleSet, Selector, Style};

/// An error in a config file (same shape as a rule-file error: path, text, span, message).
pub type ConfigError = LoadError;

/// Config file names, in the order they are looked for in each folder.
pub const FILE_NAMES: [&str; 2] = ["copydesk.toml", ".copydesk.toml"];

/// File extensions checked when walking folders (explicit file paths are always checked).
pub const DEFAULT_EXTENSIONS: [&str; 4] = ["md", "markdown", "mdx", "txt"];

/// Files named `.txt` by convention that hold no prose — a site's crawler and ad rules, a
/// Python project's dependency pins, a CMake build — and sit among articles (a Hugo site's
/// `static/robots.txt`, a documentation folder's `requirements.txt` for its build): a walk
/// passes them by (named on the command line, they are checked). Read as articles, a
/// `robots.txt` is a "navigation fragment" and `pandas  ==2.0.3` a double space.
const MACHINE_READABLE: [&str; 9] = [
    "robots.txt",
    "humans.txt",
    "ads.txt",
    "app-ads.txt",
    "security.txt",
    "sitemap.txt",
    "runtime.txt",
    "constraints.txt",
    "cmakelists.txt",
];

/// Whether a file name is a well-known machine-readable `.txt` file ([`MACHINE_READABLE`],
/// or one of pip's requirement files: `requirements.txt`, `requirements-dev.txt`,
/// `dev-requirements.txt`).
pub fn machine_readable(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // A short tag on one side (`-dev`, `_test`, `docs-`), not a title's words.
    let tag = |t: &str| (1..=12).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric());
    MACHINE_READABLE.contains(&lower.as_str())
        || lower.strip_suffix(".txt").is_some_and(|stem| {
            stem == "requirements"
                || stem
                    .strip_prefix("requirements")
                    .and_then(|t| t.strip_prefix(['-', '_', '.']))
                    .is_some_and(tag)
                || stem
                    .strip_suffix("requirements")
                    .and_then(|t| t.strip_suffix(['-', '_']))
                    .is_some_and(tag)
        })
}

/// Whether a file is inside a Python package's metadata folder (`*.dist-info/`,
/// `*.egg-info/`: `entry_points.txt`, `top_level.txt`, `SOURCES.txt`), which packaging
/// tools write and no one edits: a walk passes it by (named, it is checked).
pub fn packaging_metadata(path: &Path) -> bool {
    // Every walked file asks: compared in place, no lower-cased copy of each folder's name.
    let named = |name: &str| {
        [".dist-info", ".egg-info"].iter().any(|suffix| {
            name.len() > suffix.len()
                && name
                    .get(name.len() - suffix.len()..)
                    .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
        })
    };
    path.parent()
        .is_some_and(|folder| folder.iter().any(|part| part.to_str().is_some_and(named)))
}

/// Whether a file is a `.txt` under a folder named `requirements` — Python's pinned
/// dependencies split by purpose (`requirements/dev.txt`, `requirements/docs.txt`, pip-compile's
/// or uv's output, and its subfolders: Celery's `requirements/extras/s3.txt`, one pin each):
/// a walk passes it by as it passes `requirements-dev.txt` by.
pub fn requirements_folder(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        && path.parent().is_some_and(|folder| {
            folder.iter().any(|part| {
                part.to_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case("requirements"))
            })
        })
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rule_dirs: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    extensions: Option<Vec<String>>,
    fail_on: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    #[serde(default)]
    rules: RawFilter,
    style: Option<Spanned<Style>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFilter {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Vec<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// Which rules run, and at what severity.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// `None`: every rule that is on by default.
    pub select: Option<Vec<Selector>>,
    /// Selected on top of what is selected (`--extend-select`).
    pub extend_select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    /// Severity by id or family (the most specific wins).
    pub severity: Vec<(Selector, Severity)>,
}

#[derive(Debug)]
struct Override {
    files: GlobSet,
    filter: Filter,
}

/// Everything needed to check files under one config.
#[derive(Debug)]
pub struct Settings {
    /// The config file, if any.
    pub path: Option<PathBuf>,
    /// Folder that relative globs and rule dirs are resolved against.
    pub root: PathBuf,
    /// `root` made absolute and canonical, and the current folder, both taken once: globs
    /// are matched per file, so no file-system calls there.
    abs_root: PathBuf,
    cwd: PathBuf,
    pub rules: Arc<RuleSet>,
    pub filter: Filter,
    overrides: Vec<Override>,
    pub style: Style,
    exclude: GlobSet,
    pub extensions: Vec<String>,
    pub fail_on: Option<Severity>,
    /// `--select`/`--ignore` from the command line, applied after everything else (set by
    /// the resolver before the settings are shared).
    cli: Option<Filter>,
    /// The selection of a file no override applies to (most files): made once, on first use.
    base_selection: std::sync::OnceLock<Vec<(usize, Severity)>>,
    /// The corpus-wide rules of a selection most files have: one list shared by them all
    /// ([`Settings::corpus_selection`]), not one per file.
    base_corpus: std::sync::OnceLock<Arc<[(usize, Severity)]>>,
    /// Things the user should know about this config (a user rule replacing a built-in).
    pub notices: Vec<String>,
    /// `encoding = "windows-1252"`: files that are not UTF-8 are read as Windows-1252.
    pub legacy_encoding: bool,
    /// A hash of everything here that a file's result depends on beyond its rule selection:
    /// the config's text and the text of every user rule file (0 with no config). Part of
    /// the result cache's key.
    pub fingerprint: u64,
}

fn severity_of(
    s: &Spanned<String>,
    err: &dyn Fn(std::ops::Range<usize>, String) -> ConfigError,
) -> Result<Severity, ConfigError> {
    Severity::parse(s.get_ref()).ok_or_else(|| {
        err(
            s.span(),
            format!(
                "unknown severity `{}`; expected `error`, `warning` or `info`",
                s.get_ref()
            ),
        )
    })
}

fn globs(
    list: &[Spanned<String>],
    err: &dyn Fn(std::ops::Range<usize>, String) -> ConfigError,
) -> Result<GlobSet, ConfigError> {
    let mut b = GlobSetBuilder::new();
    for g in list {
        let glob =
            Glob::new(g.get_ref()).map_err(|e| err(g.span(), format!("invalid glob: {e}")))?;
        b.add(glob);
        // `drafts/**` should also exclude `drafts` itself; `*.txt` should match in any folder.
        if !g.get_ref().contains('/') {
            b.add(
                Glob::new(&format!("**/{}", g.get_ref()))
                    .map_err(|e| err(g.span(), format!("invalid glob: {e}")))?,
            );
        }
    }
    b.build().map_err(|e| err(0..0, e.to_string()))
}

/// Take the `[rules."family/name"]` tables (keys holding a `/`) out of the config's `rules`.
fn take_rule_tables<'i>(
    root: &mut toml::de::DeTable<'i>,
) -> Vec<(Spanned<String>, Spanned<toml::de::DeValue<'i>>)> {
    let mut out = Vec::new();
    let Some(rules) = root.get_mut("rules") else {
        return out;
    };
    let toml::de::DeValue::Table(table) = rules.get_mut() else {
        return out;
    };
    let mut rest = toml::de::DeTable::new();
    for (k, v) in std::mem::take(table) {
        if k.get_ref().contains('/') {
            out.push((Spanned::new(k.span(), k.get_ref().to_string()), v));
        } else {
            rest.insert(k, v);
        }
    }
    *table = rest;
    out
}

/// A config's per-rule tables, read: `severity`, `allow`, and the rule's own options.
#[derive(Default)]
struct RuleOptions<'i> {
    severity: Vec<(String, Severity)>,
    /// id → (where the table is, its allow list, its other keys).
    rules: Vec<(
        Spanned<String>,
        Vec<crate::rule::Allow>,
        toml::de::DeTable<'i>,
    )>,
}

impl<'i> RuleOptions<'i> {
    fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    fn read(
        tables: Vec<(Spanned<String>, Spanned<toml::de::DeValue<'i>>)>,
        err: &dyn Fn(std::ops::Range<usize>, String) -> ConfigError,
    ) -> Result<RuleOptions<'i>, ConfigError> {
        use toml::de::DeValue;
        let mut out = RuleOptions::default();
        for (id, value) in tables {
            let span = value.span();
            let DeValue::Table(table) = value.into_inner() else {
                return Err(err(
                    span,
                    format!("`{}` must be a table of options", id.get_ref()),
                ));
            };
            let mut allow = Vec::new();
            let mut rest = toml::de::DeTable::new();
            for (k, v) in table {
                match k.get_ref().as_ref() {
                    "severity" => {
                        let DeValue::String(s) = v.get_ref() else {
                            return Err(err(v.span(), "`severity` must be a string".into()));
                        };
                        let sev = Severity::parse(s).ok_or_else(|| {
                            err(
                                v.span(),
                                format!(
                                    "unknown severity `{s}`; expected `error`, `warning` or `info`"
                                ),
                            )
                        })?;
                        out.severity.push((id.get_ref().clone(), sev));
                    }
                    "allow" => {
                        let DeValue::Array(items) = v.get_ref() else {
                            return Err(err(v.span(), "`allow` must be a list of strings".into()));
                        };
                        for item in items {
                            let DeValue::String(s) = item.get_ref() else {
                                return Err(err(item.span(), "`allow` entries are strings".into()));
                            };
                            allow.push(
                                crate::rule::Allow::parse(s).map_err(|m| err(item.span(), m))?,
                            );
                        }
                    }
                    _ => {
                        rest.insert(k, v);
                    }
                }
            }
            out.rules.push((id, allow, rest));
        }
        Ok(out)
    }

    /// Set each rule's allow list, and recompile the rules given options.
    fn apply(
        self,
        set: &mut RuleSet,
        err: &dyn Fn(std::ops::Range<usize>, String) -> ConfigError,
    ) -> Result<(), ConfigError> {
        for (id, allow, options) in self.rules {
            let Some(index) = set
                .rules()
                .iter()
                .position(|r| r.meta.id.as_str() == id.get_ref())
            else {
                return Err(err(
                    id.span(),
                    format!(
                        "unknown rule `{}`; `copydesk rules` lists them",
                        id.get_ref()
                    ),
                ));
            };
            if !options.is_empty() {
                let keys: Vec<(String, std::ops::Range<usize>)> = options
                    .iter()
                    .map(|(k, _)| (k.get_ref().to_string(), k.span()))
                    .collect();
                let meta = &set.rules()[index].meta;
                let text = crate::registry::rule_text(meta).ok_or_else(|| {
                    err(
                        id.span(),
                        format!("cannot read the rule file `{}`", meta.source),
                    )
                })?;
                let rule = crate::registry::load_source_with(
                    id.get_ref(),
                    &meta.source,
                    &text,
                    Some(options),
                )
                .map_err(|e| {
                    // The rule loads alone, so the options are at fault: point at the key the
                    // message names, else at the rule's table.
                    let at = keys
                        .iter()
                        .find(|(k, _)| e.message.contains(&format!("`{k}`")))
                        .map_or(id.span(), |(_, s)| s.clone());
                    err(at, format!("options for `{}`: {}", id.get_ref(), e.message))
                })?;
                set.replace(index, rule);
            }
            set.rule_mut(index).allow = allow;
        }
        Ok(())
    }
}

/// Load the built-in rules (embedded) plus nothing else.
pub fn builtin_rules() -> Result<RuleSet, Vec<LoadError>> {
    Ok(RuleSet::new(load_embedded()?))
}

impl Settings {
    /// Settings with no config file: every default rule, no style.
    pub fn defaults(root: PathBuf, rules: Arc<RuleSet>) -> Settings {
        let (abs_root, cwd) = anchors(&root);
        Settings {
            path: None,
            abs_root,
            cwd,
            root,
            rules,
            filter: Filter::default(),
            overrides: Vec::new(),
            style: Style::default(),
            exclude: GlobSet::empty(),
            extensions: DEFAULT_EXTENSIONS
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            fail_on: None,
            cli: None,
            base_selection: std::sync::OnceLock::new(),
            base_corpus: std::sync::OnceLock::new(),
            notices: Vec::new(),
            legacy_encoding: false,
            fingerprint: 0,
        }
    }

    /// Read and validate a config file. `builtin` is the embedded rule set.
    pub fn load(path: &Path, builtin: &Arc<RuleSet>) -> Result<Settings, Vec<ConfigError>> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![ConfigError {
                kind: LoadErrorKind::Config,
                path: shown.clone(),
                source_text: String::new(),
                span: None,
                message: format!("cannot read config: {e}"),
            }]
        })?;
        Settings::from_text(path, &text, builtin)
    }

    /// Validate config text that lives at `path`.
    pub fn from_text(
        path: &Path,
        text: &str,
        builtin: &Arc<RuleSet>,
    ) -> Result<Settings, Vec<ConfigError>> {
        let shown = path.display().to_string();
        let err = |span: std::ops::Range<usize>, message: String| ConfigError {
            kind: LoadErrorKind::Config,
            path: shown.clone(),
            source_text: text.to_string(),
            span: Some(span),
            message,
        };
        let syntax = |e: toml::de::Error| {
            vec![ConfigError {
                kind: LoadErrorKind::Config,
                path: shown.clone(),
                source_text: text.to_string(),
                span: e.span(),
                message: e.message().to_string(),
            }]
        };
        // `[rules."family/name"]` tables come out first: the rest has a fixed shape.
        let mut root = toml::de::DeTable::parse(text).map_err(syntax)?;
        let root_span = root.span();
        let per_rule = take_rule_tables(root.get_mut());
        let raw = RawConfig::deserialize(toml::de::Deserializer::from(Spanned::new(
            root_span,
            root.into_inner(),
        )))
        .map_err(syntax)?;
        let root = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };

        // Rule set: the built-ins plus each rule dir (a user rule may replace a built-in one).
        let mut extra = Vec::new();
        for dir in &raw.rule_dirs {
            let p = root.join(dir.get_ref());
            if !p.is_dir() {
                return Err(vec![err(
                    dir.span(),
                    format!("rule folder `{}` does not exist", p.display()),
                )]);
            }
            extra.extend(load_dir(&p)?);
        }
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            text.hash(&mut h);
            for r in &extra {
                r.meta.source.hash(&mut h);
                crate::registry::rule_text(&r.meta).hash(&mut h);
            }
            h.finish()
        };
        // A user rule with a built-in's id replaces it: say so, it is easy to do by mistake.
        let notices: Vec<String> = extra
            .iter()
            .filter(|r| builtin.rules().iter().any(|b| b.meta.id == r.meta.id))
            .map(|r| {
                format!(
                    "{shown}: rule `{}` from `{}` replaces the built-in rule of that id",
                    r.meta.id, r.meta.source
                )
            })
            .collect();
        let mut options = RuleOptions::read(per_rule, &err).map_err(|e| vec![e])?;
        let rule_severity = std::mem::take(&mut options.severity);
        let rules = if extra.is_empty() && options.is_empty() {
            Arc::clone(builtin)
        } else {
            // Compiled rules are not clonable: load the embedded packs again for this config.
            let mut all = load_embedded()?;
            all.extend(extra);
            let mut set = RuleSet::new(all);
            options.apply(&mut set, &err).map_err(|e| vec![e])?;
            Arc::new(set)
        };

        let known = |s: &Spanned<String>| -> Result<Selector, ConfigError> {
            let selector = Selector::parse(s.get_ref());
            if rules.knows(&selector) {
                Ok(selector)
            } else {
                Err(err(
                    s.span(),
                    format!(
                        "unknown rule or family `{}`; `copydesk rules` lists them",
                        s.get_ref()
                    ),
                ))
            }
        };
        let filter = |select: &Option<Vec<Spanned<String>>>,
                      ignore: &[Spanned<String>],
                      sev: &BTreeMap<Spanned<String>, Spanned<String>>|
         -> Result<Filter, ConfigError> {
            Ok(Filter {
                select: select
                    .as_ref()
                    .map(|v| v.iter().map(known).collect())
                    .transpose()?,
                extend_select: Vec::new(),
                ignore: ignore.iter().map(known).collect::<Result<_, _>>()?,
                severity: sev
                    .iter()
                    .map(|(k, v)| Ok((known(k)?, severity_of(v, &err)?)))
                    .collect::<Result<_, ConfigError>>()?,
            })
        };
        let one = |e: ConfigError| vec![e];
        let mut base =
            filter(&raw.rules.select, &raw.rules.ignore, &raw.rules.severity).map_err(one)?;
        for (id, sev) in &rule_severity {
            base.severity.push((Selector::parse(id), *sev));
        }
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            overrides.push(Override {
                files: globs(&o.files, &err).map_err(one)?,
                filter: filter(&o.select, &o.ignore, &o.severity).map_err(one)?,
            });
        }
        let style = match &raw.style {
            None => Style::default(),
            Some(s) => {
                let mut style = s.get_ref().clone();
                if !style.person_titles.is_empty() {
                    let re =
                        crate::builtin::person_titles_regex(&style.person_titles).map_err(|e| {
                            let why = match e {
                                regex::Error::CompiledTooBig(_) => {
                                    "too many or too long titles to match".to_string()
                                }
                                other => other.to_string(),
                            };
                            one(err(s.span(), format!("`person-titles`: {why}")))
                        })?;
                    style.person_titles_matcher = Some(crate::rule::SharedRegex(Arc::new(re)));
                }
                style
            }
        };
        let legacy_encoding = match &raw.encoding {
            None => false,
            Some(e) => match e.get_ref().to_ascii_lowercase().as_str() {
                "utf-8" | "utf8" => false,
                "windows-1252" | "cp1252" | "latin-1" | "latin1" | "iso-8859-1" => true,
                other => {
                    return Err(one(err(
                        e.span(),
                        format!("unknown encoding `{other}`; expected `utf-8` or `windows-1252`"),
                    )))
                }
            },
        };
        let (abs_root, cwd) = anchors(&root);
        Ok(Settings {
            legacy_encoding,
            path: Some(path.to_path_buf()),
            rules,
            filter: base,
            overrides,
            style,
            exclude: globs(&raw.exclude, &err).map_err(one)?,
            extensions: raw.extensions.unwrap_or_else(|| {
                DEFAULT_EXTENSIONS
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect()
            }),
            fail_on: raw
                .fail_on
                .as_ref()
                .map(|s| severity_of(s, &err))
                .transpose()
                .map_err(one)?,
            cli: None,
            base_selection: std::sync::OnceLock::new(),
            base_corpus: std::sync::OnceLock::new(),
            notices,
            abs_root,
            cwd,
            root,
            fingerprint,
        })
    }

    /// Path relative to the config's folder, for glob matching.
    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let abs = if path.is_absolute() {
            normalize(path)
        } else {
            normalize(&self.cwd.join(path))
        };
        match abs.strip_prefix(&self.abs_root) {
            Ok(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Is `path` excluded by the config?
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let rel = self.relative(path);
        self.exclude.is_match(&*rel)
            || rel
                .ancestors()
                .any(|a| !a.as_os_str().is_empty() && self.exclude.is_match(a))
    }

    /// Does a walked file have one of the checked extensions (and is it not a well-known
    /// machine-readable file that merely ends in one, [`machine_readable`], nor a licence
    /// reproduced verbatim, [`crate::document::licence_file`], nor packaging metadata,
    /// [`packaging_metadata`], nor pinned dependencies, [`requirements_folder`])?
    pub fn wants_extension(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
            && !path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| machine_readable(n) || crate::document::licence_file(n))
            && !packaging_metadata(path)
            && !requirements_folder(path)
    }

    /// The rules that run on `path`, as (index in the rule set, severity).
    pub fn selection(&self, path: Option<&Path>) -> Vec<(usize, Severity)> {
        let mut filters = vec![&self.filter];
        if let Some(p) = path {
            if !self.overrides.is_empty() {
                let rel = self.relative(p);
                filters.extend(
                    self.overrides
                        .iter()
                        .filter(|o| o.files.is_match(&*rel))
                        .map(|o| &o.filter),
                );
            }
        }
        filters.extend(self.cli.as_ref());
        if filters.len() == 1 + usize::from(self.cli.is_some()) {
            return self
                .base_selection
                .get_or_init(|| select(&self.rules, &filters))
                .clone();
        }
        select(&self.rules, &filters)
    }

    /// These settings with `--select`/`--ignore` from the command line on top.
    pub(crate) fn with_cli(mut self, cli: Option<Filter>) -> Settings {
        self.cli = cli;
        self.base_selection = std::sync::OnceLock::new();
        self.base_corpus = std::sync::OnceLock::new();
        self
    }

    /// The corpus-wide rules of a file's `selection`, with their severities: a run keeps
    /// them for every file until its corpus-wide phase, so files with the same ones share
    /// one list.
    pub fn corpus_selection(&self, selection: &[(usize, Severity)]) -> Arc<[(usize, Severity)]> {
        let is_corpus = |&&(i, _): &&(usize, Severity)| self.rules.rules()[i].corpus().is_some();
        let corpus = |selection: &[(usize, Severity)]| -> Arc<[(usize, Severity)]> {
            selection.iter().filter(is_corpus).copied().collect()
        };
        let base = self
            .base_corpus
            .get_or_init(|| corpus(&self.selection(None)));
        // Compared without a copy: most files have the base one.
        let same = base.iter().eq(selection.iter().filter(is_corpus));
        if same {
            Arc::clone(base)
        } else {
            corpus(selection)
        }
    }
}

/// The current folder, and `root` made absolute and canonical (for glob matching).
fn anchors(root: &Path) -> (PathBuf, PathBuf) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let abs_root = std::fs::canonicalize(root).unwrap_or_else(|_| normalize(&cwd.join(root)));
    (abs_root, cwd)
}

/// Resolve `.` and `..` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Apply filters in order (later ones refine earlier ones) to the rule set.
pub fn select(rules: &RuleSet, filters: &[&Filter]) -> Vec<(usize, Severity)> {
    let mut out = Vec::new();
    for (i, rule) in rules.rules().iter().enumerate() {
        let m = &rule.meta;
        let mut on = m.enabled;
        let mut severity = m.severity;
        let mut sev_specificity = 0;
        for f in filters {
            if let Some(sel) = &f.select {
                // A family selects its rules that are on by default; an exact id selects any rule.
                on = sel
                    .iter()
                    .any(|s| s.is_exactly(&m.id) || m.enabled && m.matches(s));
            }
            if f.extend_select
                .iter()
                .any(|s| s.is_exactly(&m.id) || m.enabled && m.matches(s))
            {
                on = true;
            }
            if f.ignore.iter().any(|s| m.matches(s)) {
                on = false;
            }
            for (s, sev) in &f.severity {
                if m.matches(s) && s.specificity() >= sev_specificity {
                    severity = *sev;
                    sev_specificity = s.specificity();
                }
            }
        }
        if on {
            out.push((i, severity));
        }
    }
    out
}

/// The config file that governs `path`: the nearest one in its folder or above.
pub fn find_config(path: &Path) -> Option<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let start = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent()?
    };
    let cwd = std::env::current_dir().ok();
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                // Shown in messages: relative to the current folder where it is below it.
                let shown = cwd
                    .as_ref()
                    .and_then(|c| candidate.strip_prefix(c).ok())
                    .map(Path::to_path_buf);
                return Some(shown.unwrap_or(candidate));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Well-known machine-readable `.txt` names are passed by; articles that merely mention
    /// them in their name are not.
    #[test]
    fn machine_readable_txt_names() {
        for name in [
            "robots.txt",
            "CMakeLists.txt",
            "requirements.txt",
            "requirements-dev.txt",
            "dev-requirements.txt",
            "ADS.TXT",
        ] {
            assert!(machine_readable(name), "{name}");
        }
        for name in [
            "robots.md",
            "notes.txt",
            "license.txt",
            "the-requirements-of-a-good-story.txt",
            "requirements-for-a-good-story.txt",
            "requirements.md",
        ] {
            assert!(!machine_readable(name), "{name}");
        }
    }

    /// Files in a Python package's metadata folder are passed by; a folder that only
    /// mentions such a name is not.
    #[test]
    fn packaging_metadata_folders() {
        for path in [
            "tests/fixtures/plugin-1.0.dist-info/entry_points.txt",
            "Django.egg-info/SOURCES.txt",
            "src/pkg.EGG-INFO/top_level.txt",
        ] {
            assert!(packaging_metadata(Path::new(path)), "{path}");
        }
        for path in [
            "docs/egg-info/notes.txt",
            "docs/.dist-info/notes.md",
            "dist-info.txt",
            "articles/about.egg-info.md",
        ] {
            assert!(!packaging_metadata(Path::new(path)), "{path}");
        }
    }

    /// Pinned dependencies in a `requirements/` folder are passed by; prose there, or a
    /// `.txt` about requirements elsewhere, is not.
    #[test]
    fn requirements_folders() {
        for path in [
            "requirements/dev.txt",
            "src/Requirements/docs.TXT",
            "requirements/extras/s3.txt",
        ] {
            assert!(requirements_folder(Path::new(path)), "{path}");
        }
        for path in [
            "requirements/README.md",
            "docs/requirements/overview.md",
            "notes/requirements.md",
            "requirements-of-style/dev.txt",
        ] {
            assert!(!requirements_folder(Path::new(path)), "{path}");
        }
    }

    fn builtin() -> Arc<RuleSet> {
        Arc::new(builtin_rules().unwrap())
    }

    #[test]
    fn unknown_key_points_into_the_file() {
        let text = "fail-on = \"error\"\n[rules]\nselct = [\"typography\"]\n";
        let e = Settings::from_text(Path::new("copydesk.toml"), text, &builtin()).unwrap_err();
        assert!(
            e[0].message.contains("unknown field `selct`"),
            "{}",
            e[0].message
        );
        assert_eq!(&text[e[0].span.clone().unwrap()], "selct");
    }

    #[test]
    fn per_rule_options_severity_and_allow() {
        let text = "[rules.\"titles/duplicate\"]\nscope = \"repo\"\nallow = [\"Getting started\", \"/^Release v\\\\d/\"]\n[rules.\"typography/repeated-word\"]\nseverity = \"error\"\n";
        let s = Settings::from_text(Path::new("/tmp/x/copydesk.toml"), text, &builtin()).unwrap();
        let dup = s
            .rules
            .rules()
            .iter()
            .find(|r| r.meta.id.as_str() == "titles/duplicate")
            .unwrap();
        assert_eq!(dup.allow.len(), 2);
        assert!(dup.allow[1].allows("Release v2 notes", 0..16));
        assert!(!dup.allow[0].allows("Getting started again", 0..21));
        let sel = s.selection(Some(Path::new("/tmp/x/a.md")));
        let rw = s
            .rules
            .rules()
            .iter()
            .position(|r| r.meta.id.as_str() == "typography/repeated-word")
            .unwrap();
        assert!(sel.contains(&(rw, Severity::Error)));
    }

    #[test]
    fn per_rule_option_errors_point_into_the_file() {
        let cases = [
            (
                "[rules.\"titles/duplicate\"]\nscop = \"repo\"\n",
                "scop",
                "unknown field `scop`",
            ),
            (
                "[rules.\"titles/nope\"]\nseverity = \"error\"\n",
                "\"titles/nope\"",
                "unknown rule",
            ),
            (
                "[rules.\"titles/duplicate\"]\nallow = [\"/(/\"]\n",
                "\"/(/\"",
                "invalid regex",
            ),
            (
                "[rules.\"titles/duplicate\"]\nseverity = \"loud\"\n",
                "\"loud\"",
                "unknown severity",
            ),
        ];
        for (text, at, why) in cases {
            let e = Settings::from_text(Path::new("copydesk.toml"), text, &builtin()).unwrap_err();
            assert!(e[0].message.contains(why), "{text}: {}", e[0].message);
            assert_eq!(&text[e[0].span.clone().unwrap()], at, "{text}");
        }
    }

    #[test]
    fn unknown_rule_id_points_into_the_file() {
        let text = "[rules]\nignore = [\"typography/nope\"]\n";
        let e = Settings::from_text(Path::new("copydesk.toml"), text, &builtin()).unwrap_err();
        assert_eq!(&text[e[0].span.clone().unwrap()], "\"typography/nope\"");
    }

    #[test]
    fn select_ignore_severity_and_overrides() {
        let text = "[rules]\nselect = [\"typography\"]\nignore = [\"typography/double-space\"]\nseverity = { \"typography\" = \"info\", \"typography/repeated-word\" = \"error\" }\n[[overrides]]\nfiles = [\"wire/**\"]\nignore = [\"typography/repeated-word\"]\n";
        let s = Settings::from_text(Path::new("/tmp/x/copydesk.toml"), text, &builtin()).unwrap();
        let ids = |sel: Vec<(usize, Severity)>| -> Vec<(String, Severity)> {
            sel.into_iter()
                .map(|(i, sev)| (s.rules.rules()[i].meta.id.to_string(), sev))
                .collect()
        };
        let base = ids(s.selection(Some(Path::new("/tmp/x/a.md"))));
        assert!(base
            .iter()
            .all(|(id, _)| id.starts_with("typography/") && id != "typography/double-space"));
        assert!(base.contains(&("typography/repeated-word".to_string(), Severity::Error)));
        let wire = ids(s.selection(Some(Path::new("/tmp/x/wire/a.md"))));
        assert!(!wire.iter().any(|(id, _)| id == "typography/repeated-word"));
        // The base selection is made once: asked again, after an override's, it is the same.
        assert_eq!(ids(s.selection(Some(Path::new("/tmp/x/b.md")))), base);
        assert_eq!(ids(s.selection(None)), base);
    }

    #[test]
    fn the_command_line_filter_applies_to_the_remembered_selection() {
        let text = "[[overrides]]\nfiles = [\"wire/**\"]\nignore = [\"typography\"]\n";
        let s = Settings::from_text(Path::new("/tmp/x/copydesk.toml"), text, &builtin()).unwrap();
        let all = s.selection(Some(Path::new("/tmp/x/a.md")));
        let only = Filter {
            select: Some(vec![crate::rule::Selector::parse("typography")]),
            ..Filter::default()
        };
        // Set after a selection was made (and remembered): the filter still applies.
        let s = s.with_cli(Some(only));
        let ids = |sel: Vec<(usize, Severity)>| -> Vec<String> {
            sel.into_iter()
                .map(|(i, _)| s.rules.rules()[i].meta.id.to_string())
                .collect()
        };
        let base = ids(s.selection(Some(Path::new("/tmp/x/a.md"))));
        assert!(!base.is_empty() && base.len() < all.len());
        assert!(
            base.iter().all(|id| id.starts_with("typography/")),
            "{base:?}"
        );
        // `--select` comes last: it selects the family again under the override too.
        assert_eq!(ids(s.selection(Some(Path::new("/tmp/x/wire/a.md")))), base);
        assert_eq!(ids(s.selection(Some(Path::new("/tmp/x/b.md")))), base);
    }
}
