//! The block kinds a rule reads: a small set, parsed once from the rule file's `scope`.

use crate::document::BlockKind;

/// Scope names in the order of [`Scope::ALL`].
const NAMES: [&str; 7] = [
    "title",
    "deck",
    "heading",
    "paragraph",
    "list-item",
    "blockquote",
    "table-cell",
];

/// A set of block kinds, by their `scope` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope(u8);

impl Scope {
    /// Every scope name a rule file may use.
    pub const ALL: [&'static str; 7] = NAMES;

    /// Rules that name no scope read all running text (not table cells).
    pub const DEFAULT: Scope = Scope(0b011_1111);

    pub const fn empty() -> Scope {
        Scope(0)
    }

    fn bit(kind: BlockKind) -> u8 {
        let i = match kind {
            BlockKind::Title => 0,
            BlockKind::Deck => 1,
            BlockKind::Heading(_) => 2,
            BlockKind::Paragraph => 3,
            BlockKind::ListItem => 4,
            BlockKind::Blockquote => 5,
            BlockKind::TableCell => 6,
        };
        1 << i
    }

    /// Add the kind a scope name stands for; `false` when the name is unknown.
    pub fn insert_name(&mut self, name: &str) -> bool {
        match NAMES.iter().position(|n| *n == name) {
            Some(i) => {
                self.0 |= 1 << i;
                true
            }
            None => false,
        }
    }

    pub fn contains(self, kind: BlockKind) -> bool {
        self.0 & Scope::bit(kind) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_default() {
        let mut s = Scope::empty();
        assert!(s.insert_name("heading"));
        assert!(!s.insert_name("footer"));
        assert!(s.contains(BlockKind::Heading(3)));
        assert!(!s.contains(BlockKind::Paragraph));
        assert_eq!(s, Scope(1 << 2));
        assert!(!Scope::DEFAULT.contains(BlockKind::TableCell));
        assert!(Scope::DEFAULT.contains(BlockKind::Blockquote));
    }
}
