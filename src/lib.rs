//! copydesk: a fast, precise linter for editorial copy.
//!
//! Data flows one way: files → [`document::Document`] → rules ([`rule`], [`kinds`],
//! [`builtin`]) → [`diagnostic::Diagnostic`] → reporters and fixes. Only the binary prints.

pub mod baseline;
pub mod builtin;
pub mod cache;
pub mod casing;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod examples;
pub mod fix;
pub mod id;
pub mod kinds;
pub mod lines;
pub mod lsp;
pub mod park;
pub mod read;
pub mod registry;
pub mod report;
pub mod rule;
pub mod span;
pub mod suppress;
pub mod timings;
pub mod walk;
