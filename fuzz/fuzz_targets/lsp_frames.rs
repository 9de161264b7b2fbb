//! The language server's frame reader on arbitrary bytes: no panic, no allocation beyond
//! the limit, and it always makes progress (every call consumes input or ends).
#![no_main]

use copydesk::lsp::transport::read_frame;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut r = std::io::BufReader::new(data);
    // Each frame consumes at least one byte, so at most data.len() + 1 calls.
    for _ in 0..=data.len() {
        match read_frame(&mut r, 1 << 16) {
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
});
