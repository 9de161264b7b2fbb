//! `structure/front-matter-syntax`: front matter its format's parser rejects. A site
//! generator fails on it or drops the fields, and copydesk cannot read the title in it.

use crate::document::Document;
use crate::rule::{without_params, Check, CompileError, Context, KindTable};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    without_params(table, FrontMatterSyntax)
}

struct FrontMatterSyntax;

impl Check for FrontMatterSyntax {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(fm) = &doc.front_matter else { return };
        let Some(error) = &fm.error else { return };
        // From where the parser stopped to the end of that line; at a line's end, its last
        // character.
        let text = &doc.text;
        let mut start = error.offset.min(fm.range.end);
        let line_end = text[start..fm.range.end]
            .find(['\n', '\r'])
            .map_or(fm.range.end, |i| start + i);
        if line_end == start {
            if let Some(c) = text[..start].chars().next_back().filter(|c| *c != '\n') {
                start -= c.len_utf8();
            }
        }
        let end = line_end.max(start);
        cx.report(start..end, &[("error", &error.message)]);
    }
}
