//! Document parsing from raw bytes (decoding, front matter, Markdown, MDX, plain text):
//! no panic, and every block's prose maps inside the text on character boundaries.
#![no_main]

#[path = "common.rs"]
mod common;

use copydesk::document::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((name, bytes)) = common::named(data) else { return };
    let Ok(doc) = Document::from_bytes(name, bytes.to_vec()) else { return };
    for b in &doc.blocks {
        let r = b.range();
        assert!(r.start <= r.end && r.end <= doc.text.len(), "{r:?}");
        assert!(doc.text.is_char_boundary(r.start) && doc.text.is_char_boundary(r.end));
    }
    for offset in [0, doc.text.len() / 2, doc.text.len()] {
        if doc.text.is_char_boundary(offset) {
            let _ = doc.line_col(offset);
        }
    }
});
