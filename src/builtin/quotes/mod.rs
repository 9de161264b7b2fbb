//! The `quotes/*` rules, one file each, on one shared analysis of double quotes.

pub(crate) mod analysis;
pub(crate) mod mixed_style;
pub(crate) mod space_after_closing;
pub(crate) mod space_before_opening;
pub(crate) mod unbalanced;
pub(crate) mod wrong_direction;
