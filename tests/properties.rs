//! Properties over generated articles (proptest): every span is inside its text on character
//! boundaries, a fix changes bytes only inside its edits, fixing converges, and the output
//! is the same with 1, 2 and 8 threads.

use std::sync::Arc;

use proptest::prelude::*;

use copydesk::config::{builtin_rules, Settings};
use copydesk::diagnostic::{Applicability, FileReport};
use copydesk::document::{Document, Format};
use copydesk::engine::{check_text, run, Job, Source};
use copydesk::fix::{apply_once, fix_to_fixed_point};
use copydesk::suppress::{insert, line_comments, original_offset};

fn settings() -> Arc<Settings> {
    static SETTINGS: std::sync::OnceLock<Arc<Settings>> = std::sync::OnceLock::new();
    Arc::clone(SETTINGS.get_or_init(|| {
        let rules = Arc::new(builtin_rules().expect("built-in rules load"));
        let mut s = Settings::defaults(".".into(), rules);
        // Every rule, including those off by default.
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

/// Pieces articles are made of, the awkward ones often: quotes of every kind, markup,
/// list markers, front-matter fences, CJK, emoji, combining marks, CR, tabs, entities.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z]{1,8}",
        2 => Just(" ".to_string()),
        1 => Just("  ".to_string()),
        2 => Just("\n".to_string()),
        1 => Just("\n\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\t".to_string()),
        2 => prop_oneof![
            Just("\""), Just("“"), Just("”"), Just("'"), Just("’"), Just("„"), Just("«"), Just("»"),
        ].prop_map(str::to_string),
        1 => prop_oneof![
            Just("# "), Just("## "), Just("- "), Just("* "), Just("• "), Just("1. "), Just("> "),
            Just("---\n"), Just("+++\n"), Just("title: "), Just("```\n"), Just("`"), Just("**"),
            Just("_"), Just("["), Just("]("), Just(")"), Just("<!-- copydesk-disable-next-line -->"),
            Just("<p>"), Just("</p>"), Just("{{< x >}}"), Just("&#233;"), Just("&amp;"),
            Just("http://x.org/a"), Just("| a | b |\n|---|---|\n"),
        ].prop_map(str::to_string),
        1 => prop_oneof![
            Just("他说"), Just("😀"), Just("e\u{301}"), Just("ß"), Just("\u{a0}"), Just("\u{feff}"),
            Just("6'4\""), Just("12\""), Just("the the"), Just(" ,"), Just(".."), Just("Ã©"),
            Just("Related stories"), Just("Share this article"), Just("Vice-Mayor"), Just("Vice Mayor"),
        ].prop_map(str::to_string),
    ]
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

/// Cases per property: `default`, or `PROPTEST_CASES` when set (a longer hunt by hand:
/// `PROPTEST_CASES=20000 cargo test --release --test properties`).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn name() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("a.md"), Just("a.txt")]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), ..ProptestConfig::default() })]

    #[test]
    fn spans_and_edits_are_inside_the_text_on_char_boundaries(text in article(), name in name()) {
        let s = settings();
        for d in check_text(name, &text, &s, None) {
            let r = d.span.range();
            prop_assert!(r.start <= r.end && r.end <= text.len(), "{:?} {r:?}", d.rule);
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            for e in d.fix.iter().flat_map(|f| &f.edits) {
                prop_assert!(e.start() <= e.end() && e.end() <= text.len());
                prop_assert!(text.is_char_boundary(e.start()) && text.is_char_boundary(e.end()));
            }
        }
    }

    #[test]
    fn a_fix_changes_bytes_only_inside_its_edits(text in article(), name in name()) {
        let s = settings();
        let diags = check_text(name, &text, &s, None);
        for d in &diags {
            let Some(f) = &d.fix else { continue };
            let (fixed, n) = apply_once(&text, std::slice::from_ref(d), Applicability::Unsafe);
            if n == 0 { continue; }
            // Rebuild from the edits alone: everything outside them is the original.
            let mut edits = f.edits.clone();
            edits.sort_by_key(|e| (e.start(), e.end()));
            let mut expect = String::new();
            let mut last = 0;
            for e in &edits {
                expect.push_str(&text[last..e.start()]);
                expect.push_str(&e.replacement);
                last = e.end();
            }
            expect.push_str(&text[last..]);
            prop_assert_eq!(fixed, expect, "{}", d.rule);
        }
    }

    #[test]
    fn suppression_comments_only_add_text(text in article(), mdx in any::<bool>()) {
        // `--add-suppressions` planning on any article: insertions at char boundaries, the
        // original text intact around them, and every original offset mapped back exactly.
        let s = settings();
        let name = if mdx { "a.mdx" } else { "a.md" };
        let diags = check_text(name, &text, &s, None);
        let doc = Document::parse(name, text.clone(), Format::for_path(name));
        let ins = line_comments(&doc, &diags);
        for i in &ins {
            prop_assert!(text.is_char_boundary(i.at));
        }
        let new = insert(&text, &ins);
        prop_assert_eq!(new.len(), text.len() + ins.iter().map(|i| i.text.len()).sum::<usize>());
        let mut sorted: Vec<_> = ins.iter().collect();
        sorted.sort_by_key(|i| i.at);
        let mut shift = 0;
        let mut last = 0;
        for i in sorted {
            prop_assert_eq!(&new[last + shift..i.at + shift], &text[last..i.at]);
            for o in [last, i.at.saturating_sub(1).max(last)] {
                prop_assert_eq!(original_offset(&ins, o + shift), o);
            }
            shift += i.text.len();
            last = i.at;
        }
        prop_assert_eq!(&new[last + shift..], &text[last..]);
    }

    #[test]
    fn safe_fixes_converge_and_a_second_pass_changes_nothing(text in article(), name in name()) {
        let s = settings();
        let first = fix_to_fixed_point(&text, Applicability::Safe, |t| check_text(name, t, &s, None));
        if first.converged {
            let second =
                fix_to_fixed_point(&first.text, Applicability::Safe, |t| check_text(name, t, &s, None));
            prop_assert_eq!(second.applied, 0);
            prop_assert_eq!(second.text, first.text);
        }
    }
}

fn flatten(reports: &[FileReport]) -> Vec<(String, usize, usize, String, String)> {
    reports
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(|d| {
                (
                    r.path.to_string(),
                    d.span.start(),
                    d.span.end(),
                    d.rule.to_string(),
                    d.message.clone(),
                )
            })
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(20), ..ProptestConfig::default() })]

    #[test]
    fn output_is_the_same_with_1_2_and_8_threads(texts in prop::collection::vec(article(), 1..12)) {
        let s = settings();
        let jobs: Vec<Job> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Job {
                shown: format!("doc-{i}.{}", if i % 2 == 0 { "md" } else { "txt" }).into(),
                source: Source::Buffer(Box::new(copydesk::engine::Buffer { text: t.as_bytes().to_vec(), claimed: None })),
                settings: Arc::clone(&s),
            })
            .collect();
        let with = |n: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
            flatten(&pool.install(|| run(&jobs)))
        };
        let one = with(1);
        prop_assert_eq!(&one, &with(2));
        prop_assert_eq!(&one, &with(8));
    }
}
