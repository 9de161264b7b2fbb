//! The language server's state: open documents, the settings resolver, the negotiated
//! position encoding, and linting with a debounce.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{PublishDiagnostics, ShowMessage};
use lsp_types::{MessageType, PublishDiagnosticsParams, ShowMessageParams, Uri};

use super::convert::{self, Encoding};
use crate::config::{Resolver, Settings};
use crate::diagnostic::Diagnostic;
use crate::lines::LineIndex;

/// One open buffer.
pub(super) struct Doc {
    pub(super) text: String,
    pub(super) lines: LineIndex,
    pub(super) path: Option<PathBuf>,
    pub(super) shown: String,
    pub(super) diags: Vec<Diagnostic>,
    /// Changed and not linted yet: lint once this instant has passed.
    pub(super) due: Option<Instant>,
    /// How long its last check took (the next pause is sized by it).
    pub(super) last_check: Duration,
}

impl Doc {
    /// A buffer as the client opened it: its `language_id` decides Markdown when the name
    /// does not (an unsaved `untitled:` buffer, a `.txt` file shown as Markdown).
    pub(super) fn new(uri: &Uri, text: String, language_id: &str) -> Doc {
        let path = convert::uri_to_path(uri);
        let mut shown = path
            .as_ref()
            .map_or_else(|| uri.as_str().to_string(), |p| p.display().to_string());
        let markdown = matches!(language_id, "markdown" | "mdx");
        if markdown && crate::document::Format::for_path(&shown) == crate::document::Format::Text {
            shown.push_str(if language_id == "mdx" { ".mdx" } else { ".md" });
        }
        Doc {
            lines: LineIndex::new(&text),
            text,
            path,
            shown,
            diags: Vec::new(),
            due: None,
            last_check: Duration::ZERO,
        }
    }

    pub(super) fn set_text(&mut self, text: String) {
        self.lines = LineIndex::new(&text);
        self.text = text;
    }
}

/// The server's state.
pub struct Server {
    pub(super) conn: Connection,
    pub(super) docs: HashMap<Uri, Doc>,
    pub(super) resolver: Resolver,
    pub(super) encoding: Encoding,
    pub(super) debounce: Duration,
    pub(super) next_id: i32,
    /// The client pulls diagnostics (`textDocument/diagnostic`): none are pushed.
    pub(super) pull: bool,
    /// The client accepts `workspace/diagnostic/refresh` (asked after a config change).
    pub(super) refresh: bool,
}

/// Is this the URI of a config file?
pub(super) fn is_config(uri: &Uri) -> bool {
    let s = uri.as_str();
    s.ends_with("/copydesk.toml") || s.ends_with("/.copydesk.toml")
}

impl Server {
    pub(super) fn send(&self, msg: impl Into<Message>) {
        // A closed channel means the client is gone; the loop ends on the next receive.
        let _ = self.conn.sender.send(msg.into());
    }

    pub(super) fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    pub(super) fn show_message(&self, typ: MessageType, message: String) {
        self.notify::<ShowMessage>(ShowMessageParams { typ, message });
    }

    /// The settings for a buffer: its config (the resolver `copydesk check` uses), or the
    /// defaults for an unsaved buffer or a config that does not load (said once).
    pub(super) fn settings_for(&mut self, path: Option<&Path>) -> Arc<Settings> {
        let Some(path) = path else {
            return self.resolver.defaults();
        };
        match self.resolver.for_path(path) {
            Ok(s) => s,
            Err(broken) => {
                if broken.first {
                    let text = broken
                        .errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ");
                    let shown = broken.config.display();
                    self.show_message(
                        MessageType::ERROR,
                        format!("copydesk: cannot use {shown}: {text}"),
                    );
                }
                self.resolver.defaults()
            }
        }
    }

    /// Lint one buffer now and publish its diagnostics.
    pub(super) fn lint(&mut self, uri: &Uri) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        let path = doc.path.clone();
        let settings = self.settings_for(path.as_deref());
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        let started = Instant::now();
        let diags = crate::engine::check_text(&doc.shown, &doc.text, &settings, path.as_deref());
        doc.last_check = started.elapsed();
        let lsp = diags
            .iter()
            .map(|d| convert::diagnostic(&doc.text, &doc.lines, d, self.encoding))
            .collect();
        doc.diags = diags;
        doc.due = None;
        if !self.pull {
            self.notify::<PublishDiagnostics>(PublishDiagnosticsParams::new(
                uri.clone(),
                lsp,
                None,
            ));
        }
    }

    /// The diagnostics of a buffer for a pull request (linted first if a change is pending),
    /// as an LSP full report.
    pub(super) fn pull_diagnostics(&mut self, uri: &Uri) -> serde_json::Value {
        if self.docs.get(uri).is_some_and(|d| d.due.is_some()) {
            self.lint(uri);
        }
        let items: Vec<lsp_types::Diagnostic> = self.docs.get(uri).map_or_else(Vec::new, |doc| {
            doc.diags
                .iter()
                .map(|d| convert::diagnostic(&doc.text, &doc.lines, d, self.encoding))
                .collect()
        });
        serde_json::json!({"kind": "full", "items": items})
    }

    /// Lint every buffer whose debounce has run out.
    pub(super) fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.lint(&uri);
        }
    }

    /// How long until the next buffer is due.
    pub(super) fn next_due(&self) -> Duration {
        self.docs
            .values()
            .filter_map(|d| d.due)
            .min()
            .map_or(Duration::from_secs(3600), |due| {
                due.saturating_duration_since(Instant::now())
            })
    }

    /// A config file changed: forget every config and lint every buffer again.
    pub(super) fn config_changed(&mut self) {
        self.resolver.clear();
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            self.lint(&uri);
        }
        if self.pull && self.refresh {
            self.next_id += 1;
            self.send(lsp_server::Request::new(
                lsp_server::RequestId::from(format!("copydesk-{}", self.next_id)),
                "workspace/diagnostic/refresh".to_string(),
                serde_json::Value::Null,
            ));
        }
    }
}
