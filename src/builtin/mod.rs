//! Built-in checks written in Rust, one file each, registered in [`create`] by name.
//! Their rules are still declared in `rules/` (docs, examples, severity) with a
//! `[builtin]` table: `check = "name"` plus the check's parameters.

mod navigation;
mod quotes;
mod suppression;
mod titles;

pub use titles::person_titles_regex;

use crate::kinds::KindError;
use crate::rule::Check;

/// A constructed built-in check.
pub struct Builtin {
    pub name: String,
    pub fixable: bool,
    pub check: Box<dyn Check>,
}

/// Names of every built-in check.
pub const NAMES: &[&str] = &["navigation", "quotes", "suppression", "titles"];

/// Deserialize a built-in check's parameters (the `[builtin]` table without `check`).
pub(crate) fn params<T: serde::de::DeserializeOwned>(table: toml::Table) -> Result<T, KindError> {
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| (None, e.message().to_string()))
}

/// Build the check a `[builtin]` table names.
pub fn create(mut table: toml::Table) -> Result<Builtin, KindError> {
    let name = match table.remove("check") {
        Some(toml::Value::String(s)) => s,
        _ => return Err((None, "[builtin] needs `check = \"name\"`".into())),
    };
    let (check, fixable) = match name.as_str() {
        "navigation" => navigation::create(table)?,
        "quotes" => quotes::create(table)?,
        "suppression" => suppression::create(table)?,
        "titles" => titles::create(table)?,
        _ => {
            return Err((
                None,
                format!(
                    "unknown built-in check `{name}`; known: {}",
                    NAMES.join(", ")
                ),
            ))
        }
    };
    Ok(Builtin {
        name,
        fixable,
        check,
    })
}
