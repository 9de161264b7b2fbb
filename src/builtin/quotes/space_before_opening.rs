//! `quotes/space-before-opening`: an opening quote glued to the word before it
//! (`the"high resolution"`). Safe fix: insert the space.

use super::analysis::{report_glued, Side};
use crate::document::Document;
use crate::rule::{without_params, Check, CompileError, Context, KindTable};

pub(crate) fn create(table: &KindTable<'_>) -> Result<Box<dyn Check>, CompileError> {
    without_params(table, SpaceBeforeOpening)
}

struct SpaceBeforeOpening;

impl Check for SpaceBeforeOpening {
    fn check(&self, doc: &Document, cx: &mut Context<'_>) {
        report_glued(Side::BeforeOpening, doc, cx);
    }

    fn fixes(&self) -> bool {
        true
    }
}
