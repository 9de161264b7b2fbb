//! Whether a point of a block's prose is inside a double-quoted quotation, for kinds whose
//! fix is safe outside a quotation but a person's call inside one (the marks and words there
//! are the quoted text's own).

/// Double quotes counted from a block's start up to a point that only moves forward (so a
/// kind that asks at each of its matches in order stays linear in the block).
#[derive(Default)]
pub(crate) struct QuoteCount {
    pos: usize,
    straight: usize,
    curly: isize,
}

impl QuoteCount {
    /// Count the quotes of `text` up to `to` (a character boundary; a point before the last
    /// one asked for counts nothing more).
    pub(crate) fn advance(&mut self, text: &str, to: usize) {
        if to <= self.pos {
            return;
        }
        for c in text[self.pos..to].chars() {
            match c {
                '"' => self.straight += 1,
                '“' => self.curly += 1,
                '”' => self.curly -= 1,
                _ => {}
            }
        }
        self.pos = to;
    }

    /// Inside a double-quoted quotation: an open `“`, or an odd number of straight quotes.
    pub(crate) fn inside(&self) -> bool {
        self.straight % 2 == 1 || self.curly > 0
    }
}

#[cfg(test)]
mod tests {
    use super::QuoteCount;

    fn inside_at(text: &str, at: usize) -> bool {
        let mut q = QuoteCount::default();
        q.advance(text, at);
        q.inside()
    }

    #[test]
    fn straight_and_curly_quotations() {
        let t = r#"He said "yes, yes" and left; “no” then."#;
        assert!(!inside_at(t, 3));
        assert!(inside_at(t, t.find("yes").unwrap()));
        assert!(!inside_at(t, t.find("and").unwrap()));
        assert!(inside_at(t, t.find("no").unwrap()));
        assert!(!inside_at(t, t.find("then").unwrap()));
    }

    #[test]
    fn asking_again_at_an_earlier_point_counts_nothing_twice() {
        let t = r#"a "b" c"#;
        let mut q = QuoteCount::default();
        q.advance(t, 3);
        assert!(q.inside());
        q.advance(t, 1);
        assert!(q.inside());
        q.advance(t, 6);
        assert!(!q.inside());
    }
}
