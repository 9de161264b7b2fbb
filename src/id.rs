//! Rule ids and the selectors that name them: validated once, matched in one place.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A rule id: `family/name` (deeper paths allowed, `family/group/name`), each part
/// lowercase ASCII letters, digits and inner hyphens. Taken from a rule file's path.
///
/// Shared, not copied: every finding and every count of a large run names its rule, and a
/// clone is a reference count, not an allocation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(Arc<str>);

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl RuleId {
    /// The id, or `None` when `s` is not `family/name` in lowercase kebab-case.
    pub fn new(s: &str) -> Option<RuleId> {
        let mut parts = 0;
        for p in s.split('/') {
            let ok = !p.is_empty()
                && !p.starts_with('-')
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok {
                return None;
            }
            parts += 1;
        }
        (parts >= 2).then(|| RuleId(Arc::from(s)))
    }

    /// An id known to be valid at compile time (`io/unreadable`).
    ///
    /// # Panics
    /// When `s` is not a valid id: a bug in the caller, caught by its tests.
    pub fn from_static(s: &'static str) -> RuleId {
        RuleId::new(s).unwrap_or_else(|| panic!("`{s}` is not a valid rule id"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The family: the id before its last `/`.
    pub fn family(&self) -> &str {
        self.0.rsplit_once('/').map_or(&*self.0, |(f, _)| f)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

/// What `--select`, `[rules]`, overrides and suppression comments name: every rule, or a
/// rule id or family (a path prefix that ends at a `/`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selector {
    All,
    Path(String),
}

impl Selector {
    pub fn parse(s: &str) -> Selector {
        if s == "all" {
            Selector::All
        } else {
            Selector::Path(s.to_string())
        }
    }

    /// Does this selector name `id` (the id itself, or a family it belongs to)?
    pub fn matches(&self, id: &RuleId) -> bool {
        match self {
            Selector::All => true,
            Selector::Path(p) => {
                let id = id.as_str();
                id == p || id.starts_with(p.as_str()) && id.as_bytes().get(p.len()) == Some(&b'/')
            }
        }
    }

    /// Is this exactly `id` (not a family holding it)?
    pub fn is_exactly(&self, id: &RuleId) -> bool {
        matches!(self, Selector::Path(p) if p == id.as_str())
    }

    /// How specific the selector is: a longer path names fewer rules.
    pub fn specificity(&self) -> usize {
        match self {
            Selector::All => 3, // as the text `all` always ranked
            Selector::Path(p) => p.len(),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Selector::All => "all",
            Selector::Path(p) => p,
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_family_slash_name() {
        assert!(RuleId::new("quotes/space-before-opening").is_some());
        assert!(RuleId::new("house/web/terms-2").is_some());
        for bad in ["Foo", "quotes", "quotes/", "/x", "a/-b", "a/B", "a b/c"] {
            assert!(RuleId::new(bad).is_none(), "{bad}");
        }
        assert_eq!(RuleId::from_static("a/b/c").family(), "a/b");
    }

    #[test]
    fn selectors_match_ids_and_families() {
        let id = RuleId::from_static("quotes/unbalanced");
        assert!(Selector::parse("quotes").matches(&id));
        assert!(Selector::parse("quotes/unbalanced").matches(&id));
        assert!(Selector::parse("all").matches(&id));
        assert!(!Selector::parse("quote").matches(&id));
        assert!(!Selector::parse("quotes/unbalanced/x").matches(&id));
        assert!(Selector::parse("quotes/unbalanced").is_exactly(&id));
        assert!(!Selector::parse("quotes").is_exactly(&id));
    }
}
