//! The language server in-process, over `lsp_server::Connection::memory()`: a JSON-RPC
//! conversation covering diagnostics on open and change, code actions, hover, config reload
//! and position encodings.

use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<(), copydesk::lsp::ServerError>>>,
    next: i32,
}

impl Client {
    fn start(encodings: &[&str], watch: bool) -> (Client, Value) {
        Client::start_with(json!({
            "general": {"positionEncodings": encodings},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": watch}},
        }))
    }

    fn start_with(caps: Value) -> (Client, Value) {
        let (server, client) = Connection::memory();
        let handle =
            std::thread::spawn(move || copydesk::lsp::serve(server, Duration::from_millis(30)));
        let mut c = Client {
            conn: client,
            server: Some(handle),
            next: 0,
        };
        let init = c.request(
            "initialize",
            json!({"capabilities": caps, "processId": null, "rootUri": null}),
        );
        c.notify("initialized", json!({}));
        (c, init)
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .unwrap();
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(Duration::from_secs(10))
                .expect("a reply")
            {
                Message::Response(r) if r.id == id => {
                    return r.response_result.unwrap_or(Value::Null)
                }
                _ => continue,
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .unwrap();
    }

    /// The next diagnostics published for `uri`; answers server requests on the way.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(Duration::from_secs(10))
                .expect("diagnostics are published")
            {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri =>
                {
                    return n.params["diagnostics"].as_array().unwrap().clone();
                }
                Message::Request(r) => {
                    self.conn
                        .sender
                        .send(Message::Response(lsp_server::Response::new_ok(
                            r.id,
                            Value::Null,
                        )))
                        .unwrap();
                }
                _ => continue,
            }
        }
    }

    fn open(&self, uri: &str, text: &str) {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.conn.sender.send(Message::Request(Request::new(
            RequestId::from(9999),
            "shutdown".into(),
            Value::Null,
        )));
        let _ = self
            .conn
            .sender
            .send(Message::Notification(Notification::new(
                "exit".into(),
                Value::Null,
            )));
        if let Some(h) = self.server.take() {
            assert!(h.join().unwrap().is_ok());
        }
    }
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

const URI: &str = "file:///tmp/copydesk-lsp-test/story.md";

#[test]
fn diagnostics_on_open_use_utf16_columns_by_default() {
    let (client, init) = Client::start(&["utf-16"], false);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    client.open(URI, "他说😀 the\"word\" here.\n");
    let d = client.diagnostics(URI);
    assert_eq!(codes(&d), ["quotes/space-before-opening"]);
    // 他 说 😀(2 units) space t h e → the quote is at UTF-16 column 8.
    assert_eq!(d[0]["range"]["start"], json!({"line": 0, "character": 8}));
    assert_eq!(d[0]["severity"], 1);
}

#[test]
fn utf8_is_used_when_offered() {
    let (client, init) = Client::start(&["utf-8", "utf-16"], false);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    client.open(URI, "他说😀 the\"word\" here.\n");
    let d = client.diagnostics(URI);
    assert_eq!(
        d[0]["range"]["start"],
        json!({"line": 0, "character": 14}),
        "3+3+4+4 bytes"
    );
}

#[test]
fn changes_are_linted_as_you_type() {
    let (client, _) = Client::start(&[], false);
    client.open(URI, "Clean text.\n");
    assert!(client.diagnostics(URI).is_empty());
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "They met the the mayor.\n"}]}));
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": "They met the mayor.\n"}]}));
    // Two quick changes: one lint after the pause, of the last text (a lint of the first
    // would publish the repeated word first).
    assert!(client.diagnostics(URI).is_empty());
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 4}, "contentChanges": [{"text": "They met the the mayor.\n"}]}));
    assert_eq!(
        codes(&client.diagnostics(URI)),
        ["typography/repeated-word"]
    );
}

#[test]
fn code_actions_offer_each_fix_and_fix_all() {
    let (mut client, _) = Client::start(&[], false);
    let text =
        "Title\n\nHe was turning the\"high resolution\" rhetoric, and the the mayor agreed.\n";
    client.open(URI, text);
    assert_eq!(
        codes(&client.diagnostics(URI)),
        ["quotes/space-before-opening", "typography/repeated-word"]
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 80}}, "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"insert a space [quotes/space-before-opening]"),
        "{titles:?}"
    );
    let quote = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("quotes/"))
        .unwrap();
    assert_eq!(quote["kind"], "quickfix");
    assert_eq!(
        quote["edit"]["changes"][URI][0],
        json!({"range": {"start": {"line": 2, "character": 18}, "end": {"line": 2, "character": 18}}, "newText": " "})
    );
    let all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll.copydesk")
        .expect("a fix-all action");
    assert_eq!(
        all["edit"]["changes"][URI][0]["newText"],
        "Title\n\nHe was turning the \"high resolution\" rhetoric, and the mayor agreed.\n"
    );
}

#[test]
fn unsafe_fixes_are_labelled() {
    let (mut client, _) = Client::start(&[], false);
    let uri = "file:///tmp/copydesk-lsp-test/scraped.txt";
    let text = "Harbour ferries return\nThe city's ferries reopen on Monday after the winter break, the transport office said.\nRead more: Mayor unveils plan for new bridge\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "text", "version": 1, "text": text}}),
    );
    assert_eq!(
        codes(&client.diagnostics(uri)),
        ["structure/navigation-fragment"]
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 5}}, "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let a = &actions[0];
    assert!(a["title"].as_str().unwrap().contains("(unsafe"), "{a}");
    assert_eq!(a["isPreferred"], false);
}

#[test]
fn hover_on_a_rule_id_in_a_suppression_comment_shows_its_docs() {
    let (mut client, _) = Client::start(&[], false);
    let text = "<!-- copydesk-disable-next-line typography/repeated-word -->\nThe the band.\n";
    client.open(URI, text);
    client.diagnostics(URI);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 40}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("**typography/repeated-word**"), "{value}");
    assert!(value.contains("## What it does"), "{value}");
    let none = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 2}}),
    );
    assert!(none.is_null());
}

#[test]
fn config_is_reloaded_when_copydesk_toml_changes() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.md");
    let uri = format!("file://{}", story.display());
    let config_uri = format!("file://{}", dir.path().join("copydesk.toml").display());
    let (client, _) = Client::start(&[], true);
    client.open(&uri, "They met the the mayor.\n");
    assert_eq!(
        codes(&client.diagnostics(&uri)),
        ["typography/repeated-word"]
    );
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[rules]\nignore = [\"typography/repeated-word\"]\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 1}]}),
    );
    assert!(
        client.diagnostics(&uri).is_empty(),
        "the rule is ignored after the reload"
    );
}

/// An unsaved buffer the client calls Markdown was linted as plain text (code spans read as
/// prose); its `languageId` now decides.
#[test]
fn language_id_decides_the_format_of_an_unnamed_buffer() {
    let (client, _) = Client::start(&[], false);
    // Indented code in Markdown; an indented line of prose in plain text.
    let text = "Intro line here.\n\n    the the code\n";
    for (uri, language, want) in [
        ("untitled:Untitled-1", "markdown", 0),
        ("untitled:Untitled-2", "plaintext", 1),
    ] {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        let diags = client.diagnostics(uri);
        assert_eq!(
            codes(&diags),
            vec!["typography/repeated-word"; want],
            "{language}"
        );
    }
}

/// "Disable ID for this line" appends the comment `--add-suppressions` writes; "for this
/// file" puts a file comment after the front matter. Applied, the finding is gone.
#[test]
fn code_actions_disable_a_rule_for_a_line_or_the_file() {
    let (mut client, _) = Client::start(&[], false);
    let uri = "file:///tmp/copydesk-lsp-disable.md";
    let text = "---\ntitle: Title\n---\n\n# Title\n\nHe said the\"plan\" works.\n";
    client.open(uri, text);
    assert_eq!(
        codes(&client.diagnostics(uri)),
        ["quotes/space-before-opening"]
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 40}}, "context": {"diagnostics": []}}),
    );
    let find = |title: &str| {
        actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("no {title:?} in {actions}"))
            .clone()
    };
    let line = find("Disable quotes/space-before-opening for this line");
    assert_eq!(
        line["edit"]["changes"][uri][0],
        json!({"range": {"start": {"line": 6, "character": 24}, "end": {"line": 6, "character": 24}},
               "newText": " <!-- copydesk-disable-line quotes/space-before-opening -->"})
    );
    let file = find("Disable quotes/space-before-opening for this file");
    assert_eq!(
        file["edit"]["changes"][uri][0],
        json!({"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
               "newText": "<!-- copydesk-disable-file quotes/space-before-opening -->\n\n"})
    );
    // The line action applied: nothing left to report.
    let fixed = text.replace(
        "works.\n",
        "works. <!-- copydesk-disable-line quotes/space-before-opening -->\n",
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert!(client.diagnostics(uri).is_empty());
}

/// A client that pulls diagnostics (LSP 3.17) gets them by `textDocument/diagnostic` and
/// none pushed; changes arrive incrementally (a range and its new text).
#[test]
fn pull_diagnostics_and_incremental_changes() {
    let (mut client, init) = Client::start_with(json!({"textDocument": {"diagnostic": {}}}));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "copydesk"
    );
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
    let uri = "file:///tmp/copydesk-lsp-pull.md";
    client.open(uri, "# Title\n\nHe said the\"plan\" works.\n");
    let pull = |client: &mut Client| {
        client.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
    };
    let report = pull(&mut client);
    assert_eq!(report["kind"], "full");
    assert_eq!(
        codes(report["items"].as_array().unwrap()),
        ["quotes/space-before-opening"]
    );
    // Insert the missing space (line 2, after `the`), then a word at the end: two ranges.
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 2, "character": 11}, "end": {"line": 2, "character": 11}}, "text": " "},
        {"range": {"start": {"line": 2, "character": 25}, "end": {"line": 2, "character": 25}}, "text": " the the"}
    ]}));
    let report = pull(&mut client);
    assert_eq!(
        codes(report["items"].as_array().unwrap()),
        ["typography/repeated-word"],
        "{report}"
    );
    let pushed = client
        .conn
        .receiver
        .try_iter()
        .filter(|m| matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics"))
        .count();
    assert_eq!(pushed, 0, "a pulling client gets nothing pushed");
}
