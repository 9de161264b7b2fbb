//! The stdio transport: JSON-RPC frames read and written by copydesk itself.
//!
//! lsp-server's own reader allocates whatever `Content-Length` claims before reading, and
//! ends the server on any malformed frame. Here a frame over [`MAX_CONTENT_LENGTH`] is
//! skipped without allocating, a frame whose body is not JSON (or not a JSON-RPC message)
//! is answered with a JSON-RPC error, and the server keeps serving.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{bounded, select, unbounded, Receiver, Sender};
use lsp_server::{Connection, Message};

/// Largest message body accepted (a 50 MB document fits with room for JSON escapes).
pub const MAX_CONTENT_LENGTH: usize = 256 << 20;

/// Longest header line read; anything longer is garbage and skipped.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// What one frame turned out to be.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// Not a usable message: the JSON-RPC error code and a message for the client.
    Invalid {
        code: i32,
        message: String,
    },
}

/// JSON-RPC's error codes for a body that is not JSON, and JSON that is not a message.
pub const PARSE_ERROR: i32 = -32700;
pub const INVALID_REQUEST: i32 = -32600;

fn invalid(code: i32, message: impl Into<String>) -> Frame {
    Frame::Invalid {
        code,
        message: message.into(),
    }
}

/// Read the next frame; `None` at the end of the input.
pub fn read_frame(r: &mut impl BufRead, limit: usize) -> io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = r
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") && n as u64 == MAX_HEADER_LINE {
            // A line with no end in sight: skip the rest of it.
            let mut rest = Vec::new();
            while !rest.ends_with(b"\n") {
                rest.clear();
                if r.by_ref()
                    .take(MAX_HEADER_LINE)
                    .read_until(b'\n', &mut rest)?
                    == 0
                {
                    return Ok(None);
                }
            }
            return Ok(Some(invalid(PARSE_ERROR, "header line too long")));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !saw_header {
                continue; // blank lines between frames
            }
            break;
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("bad Content-Length `{}`", value.trim())),
                );
            }
        }
    }
    let n = match length {
        None => return Ok(Some(invalid(PARSE_ERROR, "missing Content-Length header"))),
        Some(Err(e)) => return Ok(Some(invalid(PARSE_ERROR, e))),
        Some(Ok(n)) => n,
    };
    if n > limit {
        // Skip the body without holding it.
        let skipped = io::copy(&mut r.by_ref().take(n as u64), &mut io::sink())?;
        if (skipped as usize) < n {
            return Ok(None);
        }
        return Ok(Some(invalid(
            INVALID_REQUEST,
            format!("message of {n} bytes is over the limit of {limit}"),
        )));
    }
    let mut body = vec![0; n];
    if let Err(e) = r.read_exact(&mut body) {
        return if e.kind() == io::ErrorKind::UnexpectedEof {
            Ok(None)
        } else {
            Err(e)
        };
    }
    Ok(Some(parse_body(&body)))
}

fn parse_body(body: &[u8]) -> Frame {
    match serde_json::from_slice::<Message>(body) {
        Ok(m) => Frame::Message(m),
        Err(e) => match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(_) => invalid(INVALID_REQUEST, format!("not a JSON-RPC message: {e}")),
            Err(e) => invalid(PARSE_ERROR, format!("invalid JSON: {e}")),
        },
    }
}

/// The error response for an invalid frame (its id is unknown: null).
pub fn error_text(code: i32, message: &str) -> String {
    serde_json::json!({"jsonrpc": "2.0", "id": null, "error": {"code": code, "message": message}})
        .to_string()
}

fn write_raw(w: &mut impl Write, text: &str) -> io::Result<()> {
    write!(w, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    w.flush()
}

/// Read frames from `r` until the end or the `exit` notification: messages go to the
/// server, invalid frames are answered through `errors`.
pub fn pump(mut r: impl BufRead, to_server: &Sender<Message>, errors: &Sender<String>) {
    while let Ok(Some(frame)) = read_frame(&mut r, MAX_CONTENT_LENGTH) {
        match frame {
            Frame::Message(m) => {
                let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                if to_server.send(m).is_err() || exit {
                    return;
                }
            }
            Frame::Invalid { code, message } => {
                if errors.send(error_text(code, &message)).is_err() {
                    return;
                }
            }
        }
    }
}

/// The reader and writer threads of a stdio connection.
pub struct IoThreads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Wait for the writer to flush what the server sent. The reader may still be blocked
    /// on standard input; it ends with the process.
    pub fn join(self) -> io::Result<()> {
        drop(self.reader);
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")))
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_server, from_client) = bounded::<Message>(0);
    let (to_client, outgoing) = unbounded::<Message>();
    let (error_tx, error_rx) = unbounded::<String>();
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        pump(stdin.lock(), &to_server, &error_tx);
    });
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        write_loop(&outgoing, &error_rx, &mut out)
    });
    let conn = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (conn, IoThreads { reader, writer })
}

/// Write the server's messages and the transport's error replies until the server is done.
fn write_loop(
    outgoing: &Receiver<Message>,
    errors: &Receiver<String>,
    out: &mut impl Write,
) -> io::Result<()> {
    loop {
        select! {
            recv(outgoing) -> m => match m {
                Ok(m) => m.write(out)?,
                Err(_) => return Ok(()),
            },
            recv(errors) -> e => if let Ok(e) = e { write_raw(out, &e)? },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8], limit: usize) -> Vec<Frame> {
        let mut r = io::BufReader::new(input);
        std::iter::from_fn(|| read_frame(&mut r, limit).unwrap()).collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    fn is_message(f: &Frame) -> bool {
        matches!(f, Frame::Message(_))
    }

    fn code(f: &Frame) -> Option<i32> {
        match f {
            Frame::Invalid { code, .. } => Some(*code),
            Frame::Message(_) => None,
        }
    }

    /// Regression: a huge Content-Length allocated before reading (capacity overflow).
    #[test]
    fn huge_content_length_is_refused_without_allocating() {
        let input = format!(
            "Content-Length: 18446744073709551615\r\n\r\n{{}}{}",
            frame(EXIT)
        );
        let f = frames(input.as_bytes(), MAX_CONTENT_LENGTH);
        // The lying length swallows the rest of the input: the frame ends the stream.
        assert!(f.is_empty());
        let input = format!(
            "Content-Length: 400\r\n\r\n{}{}",
            "x".repeat(400),
            frame(EXIT)
        );
        let f = frames(input.as_bytes(), 100);
        assert_eq!(code(&f[0]), Some(INVALID_REQUEST));
        assert!(is_message(&f[1]), "{f:?}");
    }

    #[test]
    fn malformed_frames_get_errors_and_serving_goes_on() {
        let mut input = String::new();
        input.push_str(&frame("{not json"));
        input.push_str(&frame("[1,2]"));
        input.push_str("garbage line\r\n\r\n");
        input.push_str("Content-Length: abc\r\n\r\n");
        input.push_str("Content-Length: 2\n\n{}"); // bare LF headers are accepted
        input.push_str(&frame(EXIT));
        let f = frames(input.as_bytes(), MAX_CONTENT_LENGTH);
        let codes: Vec<_> = f.iter().map(code).collect();
        assert_eq!(
            codes,
            [
                Some(PARSE_ERROR),
                Some(INVALID_REQUEST),
                Some(PARSE_ERROR),
                Some(PARSE_ERROR),
                Some(INVALID_REQUEST),
                None
            ]
        );
    }

    #[test]
    fn non_utf8_body_and_endless_line() {
        let mut input = b"Content-Length: 3\r\n\r\n\xff\xfe\xfd".to_vec();
        input.extend(std::iter::repeat_n(b'x', 100_000));
        input.extend(b"\n\r\n");
        input.extend(frame(EXIT).as_bytes());
        let f = frames(&input, MAX_CONTENT_LENGTH);
        assert_eq!(code(&f[0]), Some(PARSE_ERROR));
        assert_eq!(code(&f[1]), Some(PARSE_ERROR));
        assert!(is_message(f.last().unwrap()));
    }

    #[test]
    fn pump_answers_errors_and_stops_at_exit() {
        let input = format!("{}{}{}", frame("{"), frame(EXIT), frame(EXIT));
        let (tx, rx) = unbounded();
        let (etx, erx) = unbounded();
        pump(io::BufReader::new(input.as_bytes()), &tx, &etx);
        assert_eq!(rx.try_iter().count(), 1);
        let e: Vec<String> = erx.try_iter().collect();
        assert_eq!(e.len(), 1);
        assert!(
            e[0].contains("\"id\":null") && e[0].contains("-32700"),
            "{}",
            e[0]
        );
    }
}
