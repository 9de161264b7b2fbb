//! Byte offsets ↔ line and column, computed once per document.

use std::sync::OnceLock;

/// Bytes between character-count checkpoints: a column on a long line is counted from the
/// nearest checkpoint, never from the line start, so positions on a 100 MB single line cost
/// the same as on a short one. 512 bytes: the human format works out several columns for
/// each finding it shows (a million findings on one line took twice as long at 4,096), and
/// the checkpoints of a long line cost 1.6 % of its size.
const STRIDE: usize = 512;

/// Line starts of a text. Lines are split on `\n`; a `\r` before it belongs to the line.
/// A UTF-8 byte-order mark at the very start is not part of line 1's columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Empty for an empty text (one line starting at 0: a report of a file on disk holds
    /// one, so it allocates nothing); read through [`LineIndex::starts`].
    starts: Vec<usize>,
    /// Characters before each multiple of [`STRIDE`] bytes, made on the first column asked
    /// of a long line (most documents never need them); a boxed slice, not a vector: every
    /// report holds a line index (most of them empty).
    checkpoints: OnceLock<Box<[usize]>>,
}

/// Characters in `bytes` (which may start or end inside a character): the bytes that begin
/// one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        if text.is_empty() {
            return LineIndex {
                starts: Vec::new(),
                checkpoints: OnceLock::new(),
            };
        }
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![bom];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            checkpoints: OnceLock::new(),
        }
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let offset = offset.min(bytes.len());
        let cps = self.checkpoints.get_or_init(|| {
            let mut v = Vec::with_capacity(bytes.len() / STRIDE + 1);
            let mut n = 0;
            v.push(0);
            for chunk in bytes.chunks(STRIDE) {
                n += count_chars(chunk);
                v.push(n);
            }
            v.into_boxed_slice()
        });
        let k = offset / STRIDE;
        cps[k] + count_chars(&bytes[k * STRIDE..offset])
    }

    /// Characters in `text[from..to]` (a range on one line), in time independent of the
    /// line's length.
    pub fn chars_between(&self, text: &str, from: usize, to: usize) -> usize {
        if to <= from {
            0
        } else if to - from <= STRIDE {
            count_chars(&text.as_bytes()[from..to.min(text.len())])
        } else {
            self.chars_before(text, to) - self.chars_before(text, from)
        }
    }

    /// Byte offset of the `n`th character at or after byte `from` (clamped to `limit`), in
    /// time independent of `n` on long lines.
    pub fn byte_after_chars(&self, text: &str, from: usize, n: usize, limit: usize) -> usize {
        let limit = limit.min(text.len());
        let mut at = from;
        let mut left = n;
        if left > STRIDE {
            // Jump by checkpoints: the last one whose count stays within `n`.
            let target = self.chars_before(text, from) + n;
            let cps = self.checkpoints.get().expect("made by chars_before");
            let k = cps.partition_point(|&c| c <= target).saturating_sub(1);
            let jump = (k * STRIDE).max(from).min(limit);
            left = target - self.chars_before(text, jump).min(target);
            at = jump;
        }
        while at < limit && !text.is_char_boundary(at) {
            at += 1;
        }
        for (i, _) in text[at..limit].char_indices() {
            if left == 0 {
                return at + i;
            }
            left -= 1;
        }
        limit
    }

    /// Byte offsets where lines start.
    fn starts(&self) -> &[usize] {
        if self.starts.is_empty() {
            &[0]
        } else {
            &self.starts
        }
    }

    /// Number of lines (a final line without `\n` counts; an empty trailing line too).
    pub fn line_count(&self) -> usize {
        self.starts().len()
    }

    /// 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// 1-based lines of the first and the last byte of `range` (of its start, when empty).
    pub fn lines_of(&self, range: std::ops::Range<usize>) -> (usize, usize) {
        let first = self.line_of(range.start) + 1;
        (
            first,
            self.line_of(range.end.saturating_sub(1).max(range.start)) + 1,
        )
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        let starts = self.starts();
        starts[line.min(starts.len() - 1)]
    }

    /// Byte range of 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let starts = self.starts();
        let mut end = if line + 1 < starts.len() {
            starts[line + 1] - 1
        } else {
            text.len()
        };
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based line and 1-based column counted in Unicode characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        (line + 1, self.chars_between(text, start, offset) + 1)
    }

    /// 0-based line and 0-based column counted in UTF-16 code units (for the language server).
    pub fn line_col_utf16(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        let col = text[start..offset].chars().map(char::len_utf16).sum();
        (line, col)
    }

    /// Byte offset of a 0-based line and a 0-based column in UTF-16 units (clamped to the line).
    pub fn offset_utf16(&self, text: &str, line: usize, col: usize) -> usize {
        if line >= self.starts().len() {
            return text.len();
        }
        let range = self.line_range(text, line);
        let mut units = 0;
        for (i, c) in text[range.clone()].char_indices() {
            if units >= col {
                return range.start + i;
            }
            units += c.len_utf16();
        }
        range.end
    }
}

/// Positions of chosen offsets of a text, worked out while the text was in hand: a report
/// whose text is not kept in memory still gives its findings' positions, in every unit a
/// format asks for, without reading the file again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Located {
    /// Sorted by offset, one entry per offset.
    at: Vec<Position>,
}

/// One located offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub offset: usize,
    /// 1-based line and column (in characters), as [`LineIndex::line_col`] gives them.
    pub line: usize,
    pub column: usize,
    /// Characters before the offset in the whole text.
    pub chars_before: usize,
    /// Byte offset where its line starts (after a byte-order mark on line 1).
    pub line_start: usize,
}

impl Located {
    /// The positions of `offsets` in `text`, in one pass over the text up to the last of
    /// them (no line index: a file's findings usually sit in its first part).
    pub fn of(text: &str, offsets: impl IntoIterator<Item = usize>) -> Located {
        let mut offsets: Vec<usize> = offsets.into_iter().map(|o| o.min(text.len())).collect();
        offsets.sort_unstable();
        offsets.dedup();
        let bytes = text.as_bytes();
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        // The line so far, where it starts, characters on it and in the text up to `pos`.
        let (mut line, mut start, mut pos, mut chars, mut total) = (1, bom, 0, 0, 0);
        let mut at = Vec::with_capacity(offsets.len());
        for o in offsets {
            let seg = &bytes[pos..o];
            total += count_chars(seg);
            if let Some(nl) = memchr::memrchr(b'\n', seg) {
                line += memchr::memchr_iter(b'\n', seg).count();
                start = pos + nl + 1;
                chars = count_chars(&bytes[start..o]);
            } else if o >= start {
                chars += count_chars(&bytes[pos.max(start)..o]);
            }
            pos = o;
            at.push(Position {
                offset: o,
                line,
                // Inside the byte-order mark: column 1.
                column: if o >= start { chars + 1 } else { 1 },
                chars_before: total,
                line_start: start,
            });
        }
        Located { at }
    }

    /// Every located position, by offset (to store them).
    pub fn positions(&self) -> &[Position] {
        &self.at
    }

    /// Positions stored from [`Located::positions`]: `None` unless sorted by offset, one
    /// each.
    pub fn from_positions(at: Vec<Position>) -> Option<Located> {
        at.windows(2)
            .all(|w| w[0].offset < w[1].offset)
            .then_some(Located { at })
    }

    /// Keep the positions of the offsets `keep` keeps.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        self.at.retain(|p| keep(p.offset));
        self.at.shrink_to_fit();
    }

    /// The position of `offset`, if it was one of those located.
    pub fn get(&self, offset: usize) -> Option<&Position> {
        let i = self.at.binary_search_by_key(&offset, |p| p.offset).ok()?;
        Some(&self.at[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_positions_are_the_line_index_positions() {
        for text in [
            "",
            "one\ntwo\r\nthree",
            "\u{feff}café\n\n“quoted” naïve\nend\n",
            "ab\ncd\n",
        ] {
            let lines = LineIndex::new(text);
            let offsets: Vec<usize> = (0..=text.len())
                .filter(|&o| text.is_char_boundary(o))
                .collect();
            let located = Located::of(text, offsets.iter().rev().copied());
            let want = |o: usize| {
                let (line, column) = lines.line_col(text, o);
                let line_start = lines.line_start(line - 1);
                (line, column, text[..o].chars().count(), line_start)
            };
            let got = |l: &Located, o: usize| {
                l.get(o)
                    .map(|p| (p.line, p.column, p.chars_before, p.line_start))
            };
            for &o in &offsets {
                assert_eq!(got(&located, o), Some(want(o)), "{text:?} at {o}");
            }
            // A few offsets, far apart.
            let few = Located::of(text, [text.len(), 0]);
            assert_eq!(got(&few, text.len()), Some(want(text.len())));
            assert_eq!(got(&few, 0), Some(want(0)));
        }
    }

    #[test]
    fn columns_count_characters() {
        let text = "ab\n他说“x”\r\nend";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        let q = text.find('“').unwrap();
        assert_eq!(idx.line_col(text, q), (2, 3));
        assert_eq!(idx.line_col(text, text.find("end").unwrap()), (3, 1));
        assert_eq!(idx.line_range(text, 1), 3..text.find('\r').unwrap());
    }

    #[test]
    fn columns_on_a_long_line_match_counting() {
        let line: String = (0..3000)
            .map(|i| if i % 7 == 0 { "é😀 " } else { "ab " })
            .collect();
        let text = format!("x\n{line}\nend");
        let idx = LineIndex::new(&text);
        let start = text.find('\n').unwrap() + 1;
        for (i, (at, _)) in text[start..].char_indices().enumerate().step_by(997) {
            assert_eq!(idx.line_col(&text, start + at), (2, i + 1));
            assert_eq!(
                idx.byte_after_chars(&text, start, i, text.len()),
                start + at
            );
        }
        assert_eq!(
            idx.chars_between(&text, start, text.len()),
            text[start..].chars().count()
        );
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}Title";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 3), (1, 1));
    }

    #[test]
    fn utf16_columns_round_trip() {
        let text = "😀 a“b”\n";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(idx.line_col_utf16(text, b), (0, 5));
        assert_eq!(idx.offset_utf16(text, 0, 5), b);
    }
}
