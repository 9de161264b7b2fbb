//! copydesk: a fast, precise linter for editorial copy.
//!
//! Data flows one way: files → [`document::Document`] → rules ([`rule`], [`kinds`],
//! [`builtin`]) → [`diagnostic::Diagnostic`] → reporters and fixes. Only the binary prints.

pub mod diagnostic;
pub mod document;
