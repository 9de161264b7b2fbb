//! Errors of loading rules: every one names the file and, where it can, the TOML span.

use std::fmt;
use std::ops::Range;

/// Why a kind table or a built-in's parameters could not be compiled: the span in the rule
/// file (when known; else the whole table) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl CompileError {
    pub fn new(span: Option<Range<usize>>, message: impl Into<String>) -> CompileError {
        CompileError {
            span,
            message: message.into(),
        }
    }

    /// A deserialization error of a table read from the rule file (its span kept).
    pub fn from_toml(e: &toml::de::Error) -> CompileError {
        CompileError::new(e.span(), e.message())
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CompileError {}

/// What went wrong with one rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// The file or folder could not be read.
    Io,
    /// Not TOML, or a key or value the rule format does not allow.
    Syntax,
    /// The path does not give a `family/name` id.
    BadId,
    /// A kind table is missing, doubled, or unknown.
    Kind,
    /// The kind table or built-in parameters do not compile (bad regex, bad parameter).
    Compile,
    /// An `[[example]]` is malformed.
    Example,
    /// The configuration file (not a rule file) is wrong.
    Config,
}

/// A rule file that could not be loaded, with the span of the offending TOML.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    /// The file as shown to the user.
    pub path: String,
    /// The file's text, for rendering the span (empty when unreadable).
    pub source_text: String,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for LoadError {}
