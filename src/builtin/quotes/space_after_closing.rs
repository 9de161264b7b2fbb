//! `quotes/space-after-closing`: a closing quote glued to the word after it
//! (`the "four brands"and`). Safe fix: insert the space.

use super::analysis::{report_glued, Side};
use crate::document::Document;
use crate::rule::{Check, CompileError, Context, KindTable, NoParams};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    table.parse::<NoParams>()?;
    Ok(Box::new(SpaceAfterClosing))
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
