//! Byte offsets ↔ line and column, computed once per document.

/// Line starts of a text. Lines are split on `\n`; a `\r` before it belongs to the line.
/// A UTF-8 byte-order mark at the very start is not part of line 1's columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![bom];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// Number of lines (a final line without `\n` counts; an empty trailing line too).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// Byte range of 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = if line + 1 < self.starts.len() {
            self.starts[line + 1] - 1
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
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
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
        if line >= self.starts.len() {
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

#[cfg(test)]
mod tests {
    use super::*;

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
