//! `copydesk lsp`: a language server over stdio (lsp-server framing, lsp-types messages).
//!
//! Lints each open buffer as it changes (debounced), offers every fix as a code action
//! (`quickfix`, unsafe ones labelled) plus `source.fixAll.copydesk` for all safe fixes,
//! shows a rule's docs on hover over its id in a suppression comment, reloads the config
//! when `copydesk.toml` changes, and negotiates the position encoding (UTF-16 by default,
//! UTF-8 when the client offers it). It reuses the engine, suppression and fix code.
//!
//! - `state`: open buffers, settings, linting;
//! - `handlers`: one function per notification and request, typed;
//! - [`convert`]: positions, ranges, diagnostics, URIs;
//! - `transport`: frames read and written with bounds.

pub mod convert;
mod handlers;
mod state;
pub mod transport;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use lsp_server::{Connection, Message, Request, RequestId};
use lsp_types::request::{RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, InitializeResult, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

use crate::config::Resolver;
use crate::rule::LoadError;
use convert::Encoding;
pub use state::Server;

/// The shortest pause in typing before a buffer is linted again. The pause grows with the
/// buffer's last check ([`debounce_after`]): a small buffer is linted almost at once, a large
/// one is not re-checked on every keystroke.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// Longest pause before a changed buffer is linted.
const MAX_DEBOUNCE: Duration = Duration::from_millis(1000);

/// The pause after a change to a buffer whose last check took `last`: twice that (so the
/// server spends at most about a third of the time checking while someone types), within
/// `floor..=1 s`.
pub fn debounce_after(floor: Duration, last: Duration) -> Duration {
    (last * 2).clamp(floor, MAX_DEBOUNCE.max(floor))
}

/// Why the server stopped with an error.
#[derive(Debug)]
pub enum ServerError {
    /// The client broke the protocol (no `initialize`, a bad handshake).
    Protocol(lsp_server::ProtocolError),
    /// The built-in rules do not load (a bug, caught by the test suite).
    Rules(Vec<LoadError>),
    /// Standard input or output failed.
    Io(std::io::Error),
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::Protocol(e) => write!(f, "{e}"),
            ServerError::Rules(errors) => {
                let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&all.join("\n"))
            }
            ServerError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ServerError {}

/// Run over stdio until the client exits.
///
/// # Errors
/// The client broke the protocol, or standard output failed.
pub fn run_stdio() -> Result<(), ServerError> {
    let (conn, io) = transport::stdio();
    let result = serve(conn, DEBOUNCE);
    io.join().map_err(ServerError::Io)?;
    result
}

/// The capabilities copydesk offers, in the encoding agreed.
fn capabilities(encoding: Encoding, pull: bool) -> ServerCapabilities {
    ServerCapabilities {
        diagnostic_provider: pull.then(|| {
            lsp_types::DiagnosticServerCapabilities::Options(lsp_types::DiagnosticOptions {
                identifier: Some("copydesk".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..lsp_types::DiagnosticOptions::default()
            })
        }),
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new("source.fixAll.copydesk"),
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Serve one connection: initialize, then the main loop.
///
/// # Errors
/// The client broke the protocol during the handshake.
pub fn serve(conn: Connection, debounce: Duration) -> Result<(), ServerError> {
    let (id, params) = conn.initialize_start().map_err(ServerError::Protocol)?;
    // Unknown or malformed capabilities count as none offered.
    let params: Option<InitializeParams> = serde_json::from_value(params).ok();
    let caps = params.as_ref().map(|p| &p.capabilities);
    let utf8 = caps
        .and_then(|c| c.general.as_ref())
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&lsp_types::PositionEncodingKind::UTF8));
    let encoding = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let watch = caps
        .and_then(|c| c.workspace.as_ref())
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        == Some(true);
    // Pull diagnostics when the client can (LSP 3.17); otherwise they are pushed.
    let pull = caps
        .and_then(|c| c.text_document.as_ref())
        .is_some_and(|t| t.diagnostic.is_some());
    let refresh = caps
        .and_then(|c| c.workspace.as_ref())
        .and_then(|w| w.diagnostic.as_ref())
        .and_then(|d| d.refresh_support)
        == Some(true);
    let result = InitializeResult {
        capabilities: capabilities(encoding, pull),
        server_info: Some(ServerInfo {
            name: "copydesk".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).expect("capabilities serialize");
    conn.initialize_finish(id, result)
        .map_err(ServerError::Protocol)?;
    let builtin = Arc::new(crate::config::builtin_rules().map_err(ServerError::Rules)?);
    let mut server = Server {
        conn,
        docs: HashMap::new(),
        resolver: Resolver::new(builtin, None),
        encoding,
        debounce,
        next_id: 0,
        pull,
        refresh,
    };
    if watch {
        server.register_config_watch();
    }
    server.main_loop()
}

impl Server {
    fn register_config_watch(&mut self) {
        self.next_id += 1;
        let watchers = ["**/copydesk.toml", "**/.copydesk.toml"]
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "copydesk-config".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(Request::new(
            RequestId::from(format!("copydesk-{}", self.next_id)),
            RegisterCapability::METHOD.to_string(),
            params,
        ));
    }

    fn main_loop(&mut self) -> Result<(), ServerError> {
        loop {
            match self.conn.receiver.recv_timeout(self.next_due()) {
                Ok(Message::Request(req)) => {
                    if self
                        .conn
                        .handle_shutdown(&req)
                        .map_err(ServerError::Protocol)?
                    {
                        return Ok(());
                    }
                    let response = self.request(req);
                    self.send(response);
                }
                Ok(Message::Notification(n)) => {
                    if n.method == "exit" {
                        return Ok(());
                    }
                    self.notification(n);
                }
                Ok(Message::Response(_)) => {}
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => self.lint_due(),
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod debounce_tests {
    use super::*;

    #[test]
    fn the_pause_grows_with_the_last_check_within_bounds() {
        let ms = Duration::from_millis;
        assert_eq!(debounce_after(ms(40), ms(1)), ms(40));
        assert_eq!(debounce_after(ms(40), ms(100)), ms(200));
        assert_eq!(debounce_after(ms(40), ms(5000)), ms(1000));
        // A floor above the ceiling wins (a client asking for a long pause).
        assert_eq!(debounce_after(ms(2000), ms(1)), ms(2000));
    }
}
