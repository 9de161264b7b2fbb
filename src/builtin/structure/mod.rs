//! The `structure/*` rules written in Rust (navigation has its own module).

pub(crate) mod front_matter_syntax;
