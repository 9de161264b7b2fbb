//! House style settings rules may read (the config's `[style]` table).

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Style {
    /// `sentence` or `title`; absent: each document's own majority style.
    pub heading_case: Option<HeadingCase>,
    /// `straight` or `curly`; absent: each document's majority.
    pub quotes: Option<QuoteStyle>,
    /// The house's spellings of proper nouns and brands (`npm`, `iPhone`, `Head Start`):
    /// `titles/heading-case` keeps their case; `titles/person-title` takes a listed title's
    /// spelling as the norm.
    #[serde(default)]
    pub words: Vec<String>,
    /// Extra formal titles for `titles/person-title` (e.g. `"deputy director"`).
    #[serde(default)]
    pub person_titles: Vec<String>,
    /// `person_titles` with the built-in titles, compiled once when the config is loaded.
    #[serde(skip)]
    pub person_titles_matcher: Option<SharedRegex>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingCase {
    Sentence,
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteStyle {
    Straight,
    Curly,
}

/// A compiled regex shared between threads; equal when the patterns are.
#[derive(Debug, Clone)]
pub struct SharedRegex(pub std::sync::Arc<regex::Regex>);

impl PartialEq for SharedRegex {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl Eq for SharedRegex {}
