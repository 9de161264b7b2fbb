//! Shared by the fuzz targets: settings with every built-in rule selected (those off by
//! default too), and the file name a run's first byte picks.
#![allow(dead_code)] // each target uses part of it

use std::sync::{Arc, OnceLock};

use copydesk::config::{builtin_rules, Settings};

pub fn settings() -> Arc<Settings> {
    static SETTINGS: OnceLock<Arc<Settings>> = OnceLock::new();
    Arc::clone(SETTINGS.get_or_init(|| {
        let rules = Arc::new(builtin_rules().expect("built-in rules load"));
        let mut s = Settings::defaults(".".into(), rules);
        s.filter.select = Some(
            s.rules
                .rules()
                .iter()
                .map(|r| copydesk::rule::Selector::parse(r.meta.id.as_str()))
                .collect(),
        );
        Arc::new(s)
    }))
}

/// Split the input: its first byte names the format (Markdown, MDX, plain text), the rest
/// is the file's bytes.
pub fn named(data: &[u8]) -> Option<(&'static str, &[u8])> {
    let (&first, rest) = data.split_first()?;
    let name = match first % 3 {
        0 => "fuzz.md",
        1 => "fuzz.mdx",
        _ => "fuzz.txt",
    };
    Some((name, rest))
}

/// Every diagnostic's span and every fix edit lie inside `text` on character boundaries.
pub fn assert_spans(text: &str, diags: &[copydesk::diagnostic::Diagnostic]) {
    for d in diags {
        let r = d.span.range();
        assert!(r.start <= r.end && r.end <= text.len(), "{} {r:?}", d.rule);
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{}", d.rule);
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(e.start() <= e.end() && e.end() <= text.len(), "{}", d.rule);
            assert!(
                text.is_char_boundary(e.start()) && text.is_char_boundary(e.end()),
                "{}",
                d.rule
            );
        }
    }
}
