//! Built-in checks written in Rust: one file per rule, grouped by family, each exporting
//! `create(&KindTable) -> Result<Box<dyn Check>, CompileError>`. Their rules are still
//! declared in `rules/` (docs, examples, severity) with a `[builtin]` table holding the
//! check's parameters; [`crate::registry`] maps each rule id to its constructor.

pub(crate) mod navigation;
pub(crate) mod quotes;
pub(crate) mod structure;
pub(crate) mod titles;

pub use navigation::{
    feature_names as navigation_feature_names, feature_rows as navigation_feature_rows,
};
pub use titles::person_title::person_titles_regex;
