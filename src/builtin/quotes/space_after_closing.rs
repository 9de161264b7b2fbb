//! `quotes/space-after-closing`: a closing quote glued to the word after it
//! (`the "four brands"and`). Safe fix: insert the space.

use super::analysis::{report_glued, Side};
use crate::document::Document;
use crate::rule::{without_params, Check, CompileError, Context, KindTable};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    without_params(table, SpaceAfterClosing)
}

struct SpaceAfterClosing;

impl Check for SpaceAfterClosing {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        report_glued(Side::AfterClosing, doc, cx);
    }

    fn fixes(&self) -> bool {
        true
    }
}
