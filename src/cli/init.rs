//! `copydesk init`: a commented starter configuration.

use std::path::Path;

use super::Status;

/// The starter file. Every key is commented out, so the defaults apply until edited.
pub(super) const STARTER: &str = r#"# copydesk configuration. Found in each file's folder or above; the nearest one applies.
# Unknown keys are errors. `copydesk rules` lists rule ids; `copydesk explain ID` explains one.

# Your own rule packs (folders of family/name.toml files), relative to this file.
# rule-dirs = ["style"]

# Files never checked (globs relative to this file). Named files too with --force-exclude.
# exclude = ["drafts/**", "vendor/**"]

# File extensions checked when walking folders.
# extensions = ["md", "markdown", "mdx", "txt"]

# The lowest severity that makes `copydesk check` exit 1: "error", "warning" or "info".
# fail-on = "error"
# Files that are not UTF-8: "utf-8" reports them (io/encoding), "windows-1252" reads them.
# encoding = "utf-8"

[rules]
# Only these rules or families (absent: every rule that is on by default).
# select = ["quotes", "titles", "structure", "typography"]
# Rules or families to skip.
# ignore = ["typography/double-space"]
# Severity by rule or family.
# severity = { "titles/heading-case" = "error" }

[style]
# Heading capitalization: "sentence" or "title" (absent: each document's clear majority).
# heading-case = "sentence"
# Double quotes: "curly" or "straight" (absent: each document's majority).
# quotes = "curly"
# Formal titles added to the built-in list for titles/person-title.
# person-titles = ["deputy director general"]
# House spellings of names and brands: heading-case keeps their case, person-title follows them.
# words = ["npm", "iPhone", "vice-president"]

# Per-folder adjustments, e.g. wire copy:
# [[overrides]]
# files = ["wire/**"]
# ignore = ["structure"]
"#;

pub(super) fn run(force: bool) -> anyhow::Result<Status> {
    let path = Path::new("copydesk.toml");
    if path.exists() && !force {
        eprintln!("copydesk: error: copydesk.toml already exists (use --force to overwrite)");
        return Ok(Status::Error);
    }
    std::fs::write(path, STARTER)?;
    println!("wrote copydesk.toml");
    Ok(Status::Clean)
}

#[cfg(test)]
mod tests {
    #[test]
    fn starter_config_is_valid() {
        let rules = std::sync::Arc::new(copydesk::config::builtin_rules().unwrap());
        let s = copydesk::config::Settings::from_text(
            std::path::Path::new("copydesk.toml"),
            super::STARTER,
            &rules,
        );
        assert!(s.is_ok(), "{:?}", s.err());
        // Every commented key, uncommented, is valid too.
        let uncommented: String = super::STARTER
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ") || r.starts_with('['))
                    .unwrap_or(l)
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("style")).unwrap();
        let s = copydesk::config::Settings::from_text(
            &dir.path().join("copydesk.toml"),
            &uncommented,
            &rules,
        );
        assert!(
            s.is_ok(),
            "{:?}\n{uncommented}",
            s.err().map(|e| e[0].message.clone())
        );
    }
}
