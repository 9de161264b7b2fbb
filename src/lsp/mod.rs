//! `copydesk lsp`: a language server over stdio (lsp-server + lsp-types).
//!
//! Lints each open buffer as it changes (debounced), offers every fix as a code action
//! (`quickfix`, unsafe ones labelled) plus `source.fixAll.copydesk` for all safe fixes,
//! shows a rule's docs on hover over its id in a suppression comment, reloads the config
//! when `copydesk.toml` changes, and negotiates the position encoding (UTF-16 by default,
//! UTF-8 when the client offers it). It reuses the engine, suppression and fix code.

pub mod convert;
pub mod transport;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

use crate::config::{Resolver, Settings};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::document::{Document, Format, LineIndex};
use convert::Encoding;

/// How long typing must pause before a buffer is linted again.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

struct Doc {
    text: String,
    path: Option<PathBuf>,
    shown: String,
    diags: Vec<Diagnostic>,
    /// Changed and not linted yet: lint once this instant has passed.
    due: Option<Instant>,
}

/// The server's state.
pub struct Server {
    conn: Connection,
    docs: HashMap<String, Doc>,
    resolver: Resolver,
    encoding: Encoding,
    debounce: Duration,
    next_id: i32,
}

fn is_config(uri: &str) -> bool {
    uri.ends_with("/copydesk.toml") || uri.ends_with("/.copydesk.toml")
}

/// Run over stdio until the client exits.
pub fn run_stdio() -> anyhow_free::Result {
    let (conn, io) = transport::stdio();
    let result = serve(conn, DEBOUNCE);
    io.join().map_err(|e| e.to_string())?;
    result
}

/// Errors end the server; they are plain strings for the binary to print.
pub mod anyhow_free {
    pub type Result = std::result::Result<(), String>;
}

/// Serve one connection: initialize, then the main loop.
pub fn serve(conn: Connection, debounce: Duration) -> anyhow_free::Result {
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    let offered: Vec<String> = params["capabilities"]["general"]["positionEncodings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let encoding = if offered.iter().any(|e| e == "utf-8") {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let watch = params["capabilities"]["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"]
        .as_bool()
        == Some(true);
    let capabilities = json!({
        "positionEncoding": encoding.name(),
        "textDocumentSync": {"openClose": true, "change": 1, "save": {"includeText": false}},
        "codeActionProvider": {"codeActionKinds": ["quickfix", "source.fixAll.copydesk"]},
        "hoverProvider": true,
    });
    conn.initialize_finish(id, json!({"capabilities": capabilities, "serverInfo": {"name": "copydesk", "version": env!("CARGO_PKG_VERSION")}}))
        .map_err(|e| e.to_string())?;
    let builtin = Arc::new(crate::config::builtin_rules().map_err(|e| {
        e.iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })?);
    let mut server = Server {
        conn,
        docs: HashMap::new(),
        resolver: Resolver::new(builtin, None),
        encoding,
        debounce,
        next_id: 0,
    };
    if watch {
        server.register_config_watch();
    }
    server.main_loop()
}

impl Server {
    fn send(&self, msg: Message) {
        // A closed channel means the client is gone; the loop ends on the next receive.
        let _ = self.conn.sender.send(msg);
    }

    fn register_config_watch(&mut self) {
        self.next_id += 1;
        let params = json!({"registrations": [{
            "id": "copydesk-config",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": [{"globPattern": "**/copydesk.toml"}, {"globPattern": "**/.copydesk.toml"}]},
        }]});
        self.send(Message::Request(Request::new(
            RequestId::from(format!("copydesk-{}", self.next_id)),
            "client/registerCapability".into(),
            params,
        )));
    }

    fn main_loop(&mut self) -> anyhow_free::Result {
        loop {
            let timeout = self
                .docs
                .values()
                .filter_map(|d| d.due)
                .min()
                .map_or(Duration::from_secs(3600), |due| {
                    due.saturating_duration_since(Instant::now())
                });
            match self.conn.receiver.recv_timeout(timeout) {
                Ok(Message::Request(req)) => {
                    if self.conn.handle_shutdown(&req).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    let response = self.request(&req);
                    self.send(Message::Response(response));
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

    /// The settings for a buffer: its config (shared resolver with `copydesk check`), or
    /// the defaults for an unsaved buffer or a config that does not load (said once).
    fn settings_for(&mut self, path: Option<&Path>) -> Arc<Settings> {
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
                    self.show_message(1, &format!("copydesk: cannot use {shown}: {text}"));
                }
                self.resolver.defaults()
            }
        }
    }

    fn show_message(&self, kind: u8, message: &str) {
        self.send(Message::Notification(Notification::new(
            "window/showMessage".into(),
            json!({"type": kind, "message": message}),
        )));
    }

    fn lint(&mut self, uri: &str) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        let path = doc.path.clone();
        let (shown, text) = (doc.shown.clone(), doc.text.clone());
        let settings = self.settings_for(path.as_deref());
        let diags = crate::engine::check_text(&shown, &text, &settings, path.as_deref());
        let lines = LineIndex::new(&text);
        let lsp: Vec<Value> = diags
            .iter()
            .map(|d| convert::diagnostic(&text, &lines, d, self.encoding))
            .collect();
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.diags = diags;
            doc.due = None;
        }
        self.send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            json!({"uri": uri, "diagnostics": lsp}),
        )));
    }

    fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.lint(&uri);
        }
    }

    fn config_changed(&mut self) {
        self.resolver.clear();
        let uris: Vec<String> = self.docs.keys().cloned().collect();
        for uri in uris {
            self.lint(&uri);
        }
    }

    fn notification(&mut self, n: Notification) {
        let p = &n.params;
        let uri = p["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        match n.method.as_str() {
            "textDocument/didOpen" | "textDocument/didChange" if is_config(&uri) => {
                self.config_changed()
            }
            "textDocument/didSave" if is_config(&uri) => self.config_changed(),
            "textDocument/didOpen" => {
                let text = p["textDocument"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let path = convert::uri_to_path(&uri);
                let shown = path
                    .as_ref()
                    .map_or_else(|| uri.clone(), |p| p.display().to_string());
                self.docs.insert(
                    uri.clone(),
                    Doc {
                        text,
                        path,
                        shown,
                        diags: Vec::new(),
                        due: None,
                    },
                );
                self.lint(&uri);
            }
            "textDocument/didChange" => {
                let debounce = self.debounce;
                if let Some(doc) = self.docs.get_mut(&uri) {
                    // Full sync: the last change holds the whole text.
                    if let Some(text) = p["contentChanges"]
                        .as_array()
                        .and_then(|c| c.last())
                        .and_then(|c| c["text"].as_str())
                    {
                        doc.text = text.to_string();
                    }
                    doc.due = Some(Instant::now() + debounce);
                }
            }
            "textDocument/didClose" => {
                self.docs.remove(&uri);
                self.send(Message::Notification(Notification::new(
                    "textDocument/publishDiagnostics".into(),
                    json!({"uri": uri, "diagnostics": []}),
                )));
            }
            "workspace/didChangeWatchedFiles" => {
                let changes = p["changes"].as_array().cloned().unwrap_or_default();
                if changes
                    .iter()
                    .any(|c| c["uri"].as_str().is_some_and(is_config))
                {
                    self.config_changed();
                }
            }
            _ => {}
        }
    }

    fn request(&mut self, req: &Request) -> Response {
        let result = match req.method.as_str() {
            "textDocument/codeAction" => self.code_actions(&req.params),
            "textDocument/hover" => self.hover(&req.params),
            _ => {
                return Response::new_err(
                    req.id.clone(),
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("unsupported: {}", req.method),
                )
            }
        };
        Response::new_ok(req.id.clone(), result)
    }

    fn code_actions(&mut self, p: &Value) -> Value {
        let uri = p["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        // Lint a pending change first, so actions match the text the user sees.
        if self.docs.get(&uri).is_some_and(|d| d.due.is_some()) {
            self.lint(&uri);
        }
        let Some(doc) = self.docs.get(&uri) else {
            return json!([]);
        };
        let lines = LineIndex::new(&doc.text);
        let enc = self.encoding;
        let at = |v: &Value| {
            convert::offset(
                &doc.text,
                &lines,
                v["line"].as_u64().unwrap_or(0) as usize,
                v["character"].as_u64().unwrap_or(0) as usize,
                enc,
            )
        };
        let (start, end) = (at(&p["range"]["start"]), at(&p["range"]["end"]));
        let only: Vec<&str> = p["context"]["only"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let wants = |kind: &str| {
            only.is_empty()
                || only
                    .iter()
                    .any(|o| kind == *o || kind.starts_with(&format!("{o}.")))
        };
        let mut actions = Vec::new();
        if wants("quickfix") {
            for d in &doc.diags {
                let Some(fix) = &d.fix else { continue };
                if fix.applicability == Applicability::DisplayOnly
                    || d.span.end < start
                    || d.span.start > end
                {
                    continue;
                }
                let edits: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| json!({"range": convert::range(&doc.text, &lines, &(e.start..e.end), enc), "newText": e.replacement}))
                    .collect();
                let title = match fix.applicability {
                    Applicability::Unsafe => {
                        format!("{} (unsafe: review the change) [{}]", fix.title, d.rule)
                    }
                    _ => format!("{} [{}]", fix.title, d.rule),
                };
                actions.push(json!({
                    "title": title,
                    "kind": "quickfix",
                    "diagnostics": [convert::diagnostic(&doc.text, &lines, d, enc)],
                    "isPreferred": fix.applicability == Applicability::Safe,
                    "edit": {"changes": {uri.clone(): edits}},
                }));
            }
        }
        if wants("source.fixAll.copydesk")
            && doc.diags.iter().any(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            })
        {
            let (path, shown) = (doc.path.clone(), doc.shown.clone());
            let text = doc.text.clone();
            let settings = self.settings_for(path.as_deref());
            let fixed = crate::fix::fix_to_fixed_point(&text, Applicability::Safe, |t| {
                crate::engine::check_text(&shown, t, &settings, path.as_deref())
            });
            if fixed.text != text {
                let lines = LineIndex::new(&text);
                actions.push(json!({
                    "title": format!("Fix all safe copydesk problems ({})", fixed.applied),
                    "kind": "source.fixAll.copydesk",
                    "edit": {"changes": {uri.clone(): [{"range": convert::range(&text, &lines, &(0..text.len()), enc), "newText": fixed.text}]}},
                }));
            }
        }
        Value::Array(actions)
    }

    fn hover(&mut self, p: &Value) -> Value {
        let uri = p["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let Some(doc) = self.docs.get(&uri) else {
            return Value::Null;
        };
        let (text, shown, path) = (doc.text.clone(), doc.shown.clone(), doc.path.clone());
        let lines = LineIndex::new(&text);
        let at = convert::offset(
            &text,
            &lines,
            p["position"]["line"].as_u64().unwrap_or(0) as usize,
            p["position"]["character"].as_u64().unwrap_or(0) as usize,
            self.encoding,
        );
        let parsed = Document::parse(&shown, text.clone(), Format::for_path(&shown));
        let Some((range, _)) = parsed
            .comments
            .iter()
            .find(|(r, c)| r.contains(&at) && c.starts_with("copydesk-"))
        else {
            return Value::Null;
        };
        // The rule id under the cursor.
        let is_id = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '/' || c == '-';
        let text = &text;
        let start = text[range.start..at]
            .rfind(|c: char| !is_id(c))
            .map_or(range.start, |i| range.start + i + 1);
        let end = text[at..range.end]
            .find(|c: char| !is_id(c))
            .map_or(range.end, |i| at + i);
        let id = &text[start..end];
        let id = id.to_string();
        let settings = self.settings_for(path.as_deref());
        let rules: Vec<_> = settings
            .rules
            .rules()
            .iter()
            .filter(|r| r.meta.matches(&crate::rule::Selector::parse(&id)))
            .collect();
        if id.starts_with("copydesk-") {
            return Value::Null;
        }
        let value = match rules.as_slice() {
            [] => return Value::Null,
            [r] => format!(
                "**{}** — {}\n\n{}",
                r.meta.id,
                r.meta.summary,
                r.meta.docs.trim()
            ),
            many => {
                let list = many
                    .iter()
                    .map(|r| format!("- `{}` — {}", r.meta.id, r.meta.summary))
                    .collect::<Vec<_>>()
                    .join("\n");
                format!("**{id}** (family)\n\n{list}")
            }
        };
        let lines = LineIndex::new(text);
        json!({"contents": {"kind": "markdown", "value": value}, "range": convert::range(text, &lines, &(start..end), self.encoding)})
    }
}
