//! [`Span`]: a byte range of one text, valid for it by construction — start ≤ end ≤ the
//! text's length, both on character boundaries. Diagnostics and edits hold spans, so no
//! reporter, fixer or editor can be handed a range that slices a character or runs past
//! the text. [`Word`]: a word token's byte range in a block's prose, held compactly.

use std::ops::Range;

/// A checked byte range into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// `range` as a span of `text`, or `None` when it is not valid there.
    pub fn checked(text: &str, range: Range<usize>) -> Option<Span> {
        (range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end))
        .then_some(Span {
            start: range.start,
            end: range.end,
        })
    }

    /// `range` as a span of a text of `len` bytes that is not in hand, or `None` when it
    /// does not fit: for a span the cache kept with a file's result, checked against the
    /// text when it was stored (the entry's checksum vouches for its bytes since). Whoever
    /// reads the text again checks the spans against it (`engine::with_text`).
    pub fn stored(len: usize, range: Range<usize>) -> Option<Span> {
        (range.start <= range.end && range.end <= len).then_some(Span {
            start: range.start,
            end: range.end,
        })
    }

    /// The nearest valid span to `range` in `text`: clamped to the text, ends moved back to
    /// character boundaries, start not past end. For positions that come from a parser
    /// rather than from a rule's arithmetic.
    pub fn clamped(text: &str, range: Range<usize>) -> Span {
        let back = |mut at: usize| {
            at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let end = back(range.end);
        Span {
            start: back(range.start).min(end),
            end,
        }
    }

    pub fn start(self) -> usize {
        self.start
    }

    pub fn end(self) -> usize {
        self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// A word token: its byte range in a block's prose, each end held in 32 bits — half the
/// room of a `Range<usize>`, and a block's words are the largest part of a long article in
/// memory (a 10 MB article has two million of them). So words are listed within a block's
/// first 4 GiB of prose ([`WORDS_WITHIN`]); a single paragraph longer than that (only in a
/// file over 4 GiB) has no words past it for the word rules to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    start: u32,
    end: u32,
}

/// The bytes of a block's prose in which its words are listed.
pub const WORDS_WITHIN: usize = u32::MAX as usize;

impl Word {
    /// The word at `range`, which ends within [`WORDS_WITHIN`] (made only by the
    /// tokenizer, `crate::document::words`, which lists no word past it).
    #[inline]
    pub(crate) fn new(range: Range<usize>) -> Word {
        debug_assert!(range.start <= range.end && range.end <= WORDS_WITHIN);
        Word {
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// Its byte range in the prose.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start()..self.end()
    }

    #[inline]
    pub fn start(self) -> usize {
        self.start as usize
    }

    #[inline]
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Its length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Never empty: a word has a character at least.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_valid_ranges_are_spans() {
        let t = "a“b";
        assert_eq!(Span::checked(t, 1..4).map(Span::range), Some(1..4));
        assert!(Span::checked(t, 2..4).is_none(), "inside a character");
        let (late, early) = (3, 1);
        assert!(Span::checked(t, late..early).is_none(), "start past end");
        assert!(Span::checked(t, 0..9).is_none(), "past the text");
        assert_eq!(Span::clamped(t, 2..9).range(), 1..5);
        assert_eq!(Span::clamped(t, late + 1..early + 1).range(), 1..1);
    }
}
