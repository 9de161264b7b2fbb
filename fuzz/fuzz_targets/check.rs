//! Checking with every built-in rule: no panic, every span and edit inside the text on
//! character boundaries.
#![no_main]

#[path = "common.rs"]
mod common;

use copydesk::engine::check_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((name, bytes)) = common::named(data) else { return };
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let settings = common::settings();
    let diags = check_text(name, text, &settings, None);
    common::assert_spans(text, &diags);
});
