//! Fixing: safe and unsafe fixes applied to a fixed point either settle or are refused
//! (never a panic), and a second pass over a settled text changes nothing.
#![no_main]

#[path = "common.rs"]
mod common;

use copydesk::diagnostic::Applicability;
use copydesk::engine::check_text;
use copydesk::fix::fix_to_fixed_point;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((name, bytes)) = common::named(data) else { return };
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let settings = common::settings();
    for min in [Applicability::Safe, Applicability::Unsafe] {
        let first = fix_to_fixed_point(text, min, |t| {
            let diags = check_text(name, t, &settings, None);
            common::assert_spans(t, &diags);
            diags
        });
        if first.converged {
            let second =
                fix_to_fixed_point(&first.text, min, |t| check_text(name, t, &settings, None));
            assert_eq!(second.applied, 0, "{min:?}: a second pass fixed more");
            assert_eq!(second.text, first.text);
        }
    }
});
