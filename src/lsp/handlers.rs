//! What the server does for each notification and request, with typed parameters.

use std::collections::HashMap;

use lsp_server::{ErrorCode, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Hover, HoverContents,
    HoverParams, MarkupContent, MarkupKind, PublishDiagnosticsParams, TextEdit, Uri, WorkspaceEdit,
};
use serde::de::DeserializeOwned;

use super::convert;
use super::state::{is_config, Doc, Server};
use crate::diagnostic::Applicability;
use crate::document::{Document, Format};
use crate::rule::Selector;

/// The code action kind of "fix all safe problems".
const FIX_ALL: &str = "source.fixAll.copydesk";

fn params<P: DeserializeOwned>(value: serde_json::Value) -> Result<P, serde_json::Error> {
    serde_json::from_value(value)
}

impl Server {
    /// A notification; malformed parameters are ignored (there is no one to answer).
    pub(super) fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                if is_config(&uri) {
                    return self.config_changed();
                }
                let doc = Doc::new(&uri, p.text_document.text, &p.text_document.language_id);
                self.docs.insert(uri.clone(), doc);
                self.lint(&uri);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                if is_config(&uri) {
                    return self.config_changed();
                }
                // A change to a buffer never opened is ignored.
                let enc = self.encoding;
                let floor = self.debounce;
                if let Some(doc) = self.docs.get_mut(&uri) {
                    let due =
                        std::time::Instant::now() + super::debounce_after(floor, doc.last_check);
                    // Incremental sync: each change replaces its range in the text as it
                    // stands after the ones before (positions clamped to the text and to
                    // character boundaries); a change without a range is the whole text.
                    for change in p.content_changes {
                        match change.range {
                            Some(range) => {
                                let start =
                                    convert::offset(&doc.text, &doc.lines, range.start, enc);
                                let end = convert::offset(&doc.text, &doc.lines, range.end, enc);
                                let (start, end) = (start.min(end), start.max(end));
                                let mut text = std::mem::take(&mut doc.text);
                                text.replace_range(start..end, &change.text);
                                doc.set_text(text);
                            }
                            None => doc.set_text(change.text),
                        }
                    }
                    doc.due = Some(due);
                }
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                if is_config(&p.text_document.uri) {
                    self.config_changed();
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.docs.remove(&uri);
                if !self.pull {
                    self.notify::<PublishDiagnostics>(PublishDiagnosticsParams::new(
                        uri,
                        Vec::new(),
                        None,
                    ));
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let Ok(p) = params::<lsp_types::DidChangeWatchedFilesParams>(n.params) else {
                    return;
                };
                if p.changes.iter().any(|c| is_config(&c.uri)) {
                    self.config_changed();
                }
            }
            _ => {}
        }
    }

    /// A request's response: a result, or an error for unknown methods and bad parameters.
    pub(super) fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let invalid = |e: serde_json::Error| {
            Response::new_err(
                id.clone(),
                ErrorCode::InvalidParams as i32,
                format!("invalid parameters for {}: {e}", req.method),
            )
        };
        match req.method.as_str() {
            CodeActionRequest::METHOD => match params::<CodeActionParams>(req.params.clone()) {
                Ok(p) => Response::new_ok(id.clone(), self.code_actions(&p)),
                Err(e) => invalid(e),
            },
            lsp_types::request::DocumentDiagnosticRequest::METHOD => {
                match params::<lsp_types::DocumentDiagnosticParams>(req.params.clone()) {
                    Ok(p) => {
                        Response::new_ok(id.clone(), self.pull_diagnostics(&p.text_document.uri))
                    }
                    Err(e) => invalid(e),
                }
            }
            HoverRequest::METHOD => match params::<HoverParams>(req.params.clone()) {
                Ok(p) => Response::new_ok(id.clone(), self.hover(&p)),
                Err(e) => invalid(e),
            },
            _ => Response::new_err(
                id.clone(),
                ErrorCode::MethodNotFound as i32,
                format!("unsupported: {}", req.method),
            ),
        }
    }

    fn code_actions(&mut self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        // Lint a pending change first, so actions match the text the user sees.
        if self.docs.get(uri).is_some_and(|d| d.due.is_some()) {
            self.lint(uri);
        }
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        let enc = self.encoding;
        let start = convert::offset(&doc.text, &doc.lines, p.range.start, enc);
        let end = convert::offset(&doc.text, &doc.lines, p.range.end, enc);
        let only = p.context.only.as_deref().unwrap_or_default();
        let wants = |kind: &str| {
            only.is_empty()
                || only.iter().any(|o| {
                    let o = o.as_str();
                    kind == o || kind.starts_with(&format!("{o}."))
                })
        };
        let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        };
        let mut actions = Vec::new();
        if wants(CodeActionKind::QUICKFIX.as_str()) {
            for d in &doc.diags {
                let Some(fix) = &d.fix else { continue };
                if fix.applicability == Applicability::DisplayOnly
                    || d.span.end() < start
                    || d.span.start() > end
                {
                    continue;
                }
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        range: convert::range(&doc.text, &doc.lines, &(e.start()..e.end()), enc),
                        new_text: e.replacement.clone(),
                    })
                    .collect();
                let title = match fix.applicability {
                    Applicability::Unsafe => {
                        format!("{} (unsafe: review the change) [{}]", fix.title, d.rule)
                    }
                    _ => format!("{} [{}]", fix.title, d.rule),
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![convert::diagnostic(&doc.text, &doc.lines, d, enc)]),
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    edit: Some(edit(edits)),
                    ..CodeAction::default()
                }));
            }
        }
        if wants(CodeActionKind::QUICKFIX.as_str()) {
            actions.extend(disable_actions(doc, start, end, enc, &edit));
        }
        let any_safe = doc.diags.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        if wants(FIX_ALL) && any_safe {
            let (path, shown, text) = (doc.path.clone(), doc.shown.clone(), doc.text.clone());
            let whole = convert::range(&text, &doc.lines, &(0..text.len()), enc);
            let settings = self.settings_for(path.as_deref());
            let fixed = crate::fix::fix_to_fixed_point(&text, Applicability::Safe, |t| {
                crate::engine::check_text(&shown, t, &settings, path.as_deref())
            });
            if fixed.text != text {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Fix all safe copydesk problems ({})", fixed.applied),
                    kind: Some(CodeActionKind::new(FIX_ALL)),
                    edit: Some(edit(vec![TextEdit {
                        range: whole,
                        new_text: fixed.text,
                    }])),
                    ..CodeAction::default()
                }));
            }
        }
        actions
    }

    /// A rule's docs on hover over its id (or a family's rules) in a suppression comment.
    fn hover(&mut self, p: &HoverParams) -> Option<Hover> {
        let uri: &Uri = &p.text_document_position_params.text_document.uri;
        let doc = self.docs.get(uri)?;
        let (text, shown, path) = (doc.text.clone(), doc.shown.clone(), doc.path.clone());
        let lines = doc.lines.clone();
        let at = convert::offset(
            &text,
            &lines,
            p.text_document_position_params.position,
            self.encoding,
        );
        let parsed = Document::parse(&shown, text.clone(), Format::for_path(&shown));
        let (range, _) = parsed
            .comments
            .iter()
            .find(|(r, c)| r.contains(&at) && c.starts_with("copydesk-"))?;
        // The rule id under the cursor.
        let is_id = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '/' || c == '-';
        let start = text[range.start..at]
            .rfind(|c: char| !is_id(c))
            .map_or(range.start, |i| range.start + i + 1);
        let end = text[at..range.end]
            .find(|c: char| !is_id(c))
            .map_or(range.end, |i| at + i);
        let id = text[start..end].to_string();
        if id.starts_with("copydesk-") {
            return None;
        }
        let settings = self.settings_for(path.as_deref());
        let selector = Selector::parse(&id);
        let rules: Vec<_> = settings
            .rules
            .rules()
            .iter()
            .filter(|r| r.meta.matches(&selector))
            .collect();
        let value = match rules.as_slice() {
            [] => return None,
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
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(convert::range(&text, &lines, &(start..end), self.encoding)),
        })
    }
}

/// "Disable ID for this line" and "… for this file" for each finding in `start..=end`, in
/// Markdown and MDX (plain text has no comments). The line comment is the one
/// `check --add-suppressions` writes; the file comment goes after the front matter.
fn disable_actions(
    doc: &Doc,
    start: usize,
    end: usize,
    enc: convert::Encoding,
    edit: &dyn Fn(Vec<TextEdit>) -> WorkspaceEdit,
) -> Vec<CodeActionOrCommand> {
    let format = Format::for_path(&doc.shown);
    let wanted: Vec<&crate::diagnostic::Diagnostic> = doc
        .diags
        .iter()
        .filter(|d| d.span.end() >= start && d.span.start() <= end)
        .filter(|d| {
            let r = d.rule.as_str();
            !(r.starts_with("io/") || r.starts_with("internal/") || r.starts_with("suppress/"))
        })
        .collect();
    if wanted.is_empty() || format != Format::Markdown {
        return Vec::new();
    }
    let parsed = Document::parse(&doc.shown, doc.text.clone(), format);
    let mdx = doc.shown.to_ascii_lowercase().ends_with(".mdx");
    let body = parsed.front_matter.as_ref().map_or_else(
        || {
            if doc.text.starts_with('\u{feff}') {
                3
            } else {
                0
            }
        },
        |f| f.range.end,
    );
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for d in wanted {
        let rule = d.rule.as_str();
        let diagnostic = convert::diagnostic(&doc.text, &doc.lines, d, enc);
        if let Some(ins) = crate::suppress::line_comments(&parsed, std::slice::from_ref(d)).pop() {
            let at = convert::range(&doc.text, &doc.lines, &(ins.at..ins.at), enc);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable {rule} for this line"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(vec![TextEdit {
                    range: at,
                    new_text: ins.text,
                }])),
                ..CodeAction::default()
            }));
        }
        if seen.insert(rule) {
            let directive = format!("copydesk-disable-file {rule}");
            let comment = if mdx {
                format!("{{/* {directive} */}}\n\n")
            } else {
                format!("<!-- {directive} -->\n\n")
            };
            let at = convert::range(&doc.text, &doc.lines, &(body..body), enc);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable {rule} for this file"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(edit(vec![TextEdit {
                    range: at,
                    new_text: comment,
                }])),
                ..CodeAction::default()
            }));
        }
    }
    out
}
