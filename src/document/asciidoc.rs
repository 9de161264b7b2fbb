//! AsciiDoc's markup in plain text. Git's documentation (`Documentation/*.txt`) and
//! Asciidoctor sites are written in AsciiDoc, and its marks are code or markup, never
//! prose: delimited listing, literal, passthrough and comment blocks (`----`, `....`, `++++`,
//! `////` over and under their lines), the delimiters of example, sidebar, quote and open
//! blocks (`====`, `****`, `____`, `--`), a list item's continuation mark (`+` alone),
//! preprocessor lines (`include::x[]`, `ifdef::x[]`), block attributes and anchors
//! (`[verse]`, `[source,shell]`, `[[anchor]]`), attribute entries (`:toc: left`), comment
//! lines (`// …`), and a definition list's term (`--quiet::`, ``` `xxdiff`;; ```): on a line
//! of its own it is a label, and when its definition follows on the same line only the
//! definition is read.
//!
//! Only a text that shows AsciiDoc's own marks is read so (a preprocessor line, a block
//! attribute, an inline macro such as `linkgit:git[1]` or `link:url[text]`, or a term with
//! its definition under it, or two listing blocks): a page's text with two `----` rules
//! around a paragraph is prose.

use std::ops::Range;

use super::rest::Role;

/// Whether `text` is AsciiDoc, by a mark no other plain text makes.
pub(super) fn is_asciidoc(text: &str) -> bool {
    let b = text.as_bytes();
    // Every mark holds a colon or a semicolon, or opens its line with a bracket: only the
    // lines with one are read (most lines of prose have none).
    let line_at = |at: usize| {
        let start = b[..at]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |n| at + n);
        (start, end)
    };
    // Terms marked `;;` (a nested list's), two or more: no prose ends a phrase so.
    let mut semicolons = 0;
    let mut done = 0;
    for at in memchr::memchr3_iter(b':', b';', b'[', b) {
        if at < done {
            continue;
        }
        let (start, end) = line_at(at);
        done = end + 1;
        let t = text[start..end].trim_end_matches('\r');
        let next = || {
            let n = text.get(end + 1..).unwrap_or("");
            n[..n.find('\n').unwrap_or(n.len())].trim_end_matches('\r')
        };
        let term = term(t);
        semicolons += usize::from(
            term.as_ref()
                .is_some_and(|(r, _)| t[r.end..].starts_with(";;")),
        );
        let marked = semicolons >= 2
            || t.eq_ignore_ascii_case("content-type: text/asciidoc")
            || preprocessor(t)
            || block_attribute(t) && named_style(t)
            || inline_macro(t)
            || term.is_some_and(|(_, def)| def.is_none()) && {
                let n = next();
                n.starts_with([' ', '\t']) && !n.trim().is_empty()
            };
        if marked {
            return true;
        }
    }
    listing_blocks(b)
}

/// Two listing blocks or more: a row of four `-` or more after a blank line, the block's
/// first line right under it, closed by a row of the same length right under its last
/// line and over a blank line (or the end). Git's older documentation shows no other mark
/// in some pages (`git-bisect-lk2009.txt`: commands and their output between such rows).
/// A heading's underline stands under its text, and a plain text's rule between blank
/// lines; one paragraph between two rules is a page's text.
fn listing_blocks(b: &[u8]) -> bool {
    let line = |start: usize| {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |n| start + n);
        let t = &b[start..end];
        (t.strip_suffix(b"\r").unwrap_or(t), end)
    };
    let blank = |t: &[u8]| t.iter().all(u8::is_ascii_whitespace);
    // The row that opened a block, by its length.
    let mut open = None;
    let mut found = 0;
    for at in memchr::memmem::find_iter(b, b"\n----") {
        let (row, end) = line(at + 1);
        if !row.iter().all(|&c| c == b'-') {
            continue;
        }
        let before = b[..at]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |n| n + 1);
        let above = blank(line(before).0);
        let below = end >= b.len() || blank(line(end + 1).0);
        match open {
            Some(len) if len == row.len() && !above && below => {
                found += 1;
                if found == 2 {
                    return true;
                }
                open = None;
            }
            _ if above && !below => open = Some(row.len()),
            _ => {}
        }
    }
    false
}

/// Set the roles of AsciiDoc's markup lines in `roles` (made by [`super::rest::roles`]).
pub(super) fn roles(text: &str, lines: &[Range<usize>], roles: &mut [Role]) {
    let s = |i: usize| &text[lines[i].clone()];
    let blank = |i: usize| s(i).trim().is_empty();
    let mut i = 0;
    while i < lines.len() {
        let t = s(i);
        let trimmed = t.trim_end();
        // A delimited block of code or markup, to its closing delimiter (a row of the same
        // mark: git's documentation, written for the first AsciiDoc, does not always close
        // with the opening's length).
        if verbatim_delimiter(trimmed) && !underline(i.checked_sub(1).map(s), trimmed) {
            let mark = trimmed.as_bytes()[0];
            let closes = |j: usize| {
                let r = s(j).trim_end();
                verbatim_delimiter(r) && r.as_bytes()[0] == mark
            };
            if let Some(close) = (i + 1..lines.len()).find(|&j| closes(j)) {
                for r in &mut roles[i..=close] {
                    *r = Role::Skip;
                }
                i = close + 1;
                continue;
            }
        }
        // A literal paragraph: indented, after a blank line or at the start of an open
        // block (`--` over it: a grammar set in one, `   extra-parameters  =
        // 1*extra-parameter`), and not a term's definition (`--quiet::` over it) or a list
        // item's continuation (`+` over it): git's diagrams of history (`---o---o---A
        // master`).
        let opens_paragraph = i > 0 && (blank(i - 1) || s(i - 1).trim_end() == "--");
        if opens_paragraph && t.starts_with([' ', '\t']) && !blank(i) {
            let above = (0..i).rev().find(|&j| !blank(j)).map(s);
            let attached = above.is_some_and(|a| a.trim_end() == "+" || term(a).is_some());
            if !attached {
                let end = (i..lines.len()).find(|&j| blank(j)).unwrap_or(lines.len());
                for r in &mut roles[i..end] {
                    *r = Role::Skip;
                }
                i = end;
                continue;
            }
        }
        let markup = trimmed == "+"
            || trimmed == "--"
            || container_delimiter(trimmed) && !underline(i.checked_sub(1).map(s), trimmed)
            || preprocessor(t)
            || block_attribute(t)
            || attribute_entry(t)
            || t.starts_with("//") && !t.starts_with("///");
        if markup {
            roles[i] = Role::Skip;
        } else if roles[i] == Role::Prose {
            if let Some((_, definition)) = term(t) {
                roles[i] = match definition {
                    // `` `xxdiff`;;   Use xxdiff `` : the definition, read as a cell.
                    Some(d) => {
                        Role::Cells(vec![vec![lines[i].start + d.start..lines[i].start + d.end]])
                    }
                    None => Role::Skip,
                };
            }
        }
        i += 1;
    }
}

/// A row of four or more of one mark that opens a block read verbatim: listing `----`,
/// literal `....`, passthrough `++++`, comment `////`.
fn verbatim_delimiter(t: &str) -> bool {
    row_of(t, b"-.+/")
}

/// A row of four or more of one mark around a block of prose: example `====`, sidebar
/// `****`, quote `____`.
fn container_delimiter(t: &str) -> bool {
    row_of(t, b"=*_")
}

fn row_of(t: &str, marks: &[u8]) -> bool {
    let b = t.as_bytes();
    b.len() >= 4 && marks.contains(&b[0]) && b.iter().all(|&c| c == b[0])
}

/// A row under a line of text about as long (two characters either way): a section title's
/// underline, not a delimiter.
fn underline(above: Option<&str>, row: &str) -> bool {
    above.is_some_and(|a| {
        let a = a.trim();
        !a.is_empty() && a.chars().count().abs_diff(row.chars().count()) <= 2
    })
}

/// `include::file[]`, `ifdef::attr[]`, `ifndef::…[]`, `ifeval::[…]`, `endif::[]`.
fn preprocessor(t: &str) -> bool {
    ["include::", "ifdef::", "ifndef::", "ifeval::", "endif::"]
        .iter()
        .any(|p| t.starts_with(p))
        && t.trim_end().ends_with(']')
        && t.contains('[')
}

/// A line in square brackets at its start: a block's attributes or an anchor (`[verse]`,
/// `[source,shell]`, `[[def_commit]]`).
fn block_attribute(t: &str) -> bool {
    let t = t.trim_end();
    if t.len() < 3 || !t.starts_with('[') || !t.ends_with(']') {
        return false;
    }
    let anchor = t.starts_with("[[") && t.ends_with("]]");
    let one = !t[1..t.len() - 1].contains(['[', ']']);
    (anchor || one) && (!t.contains(' ') || t.contains(',') || t.contains('='))
}

/// A block attribute naming one of AsciiDoc's styles or an anchor: only AsciiDoc writes
/// these alone on a line.
fn named_style(t: &str) -> bool {
    let inner = t.trim_end().trim_start_matches('[').trim_end_matches(']');
    let style = inner.split([',', '#', '.', '%']).next().unwrap_or("");
    t.starts_with("[[")
        || matches!(
            style,
            "verse"
                | "source"
                | "listing"
                | "literal"
                | "quote"
                | "horizontal"
                | "qanda"
                | "glossary"
                | "NOTE"
                | "TIP"
                | "IMPORTANT"
                | "WARNING"
                | "CAUTION"
        )
        || inner.starts_with("cols=")
        || inner.starts_with("subs=")
}

/// An attribute entry: `:name: value`, `:name!:` at the start of a line.
fn attribute_entry(t: &str) -> bool {
    let Some(rest) = t.strip_prefix(':') else {
        return false;
    };
    let Some(end) = rest.find(':') else {
        return false;
    };
    let name = rest[..end].trim_end_matches('!');
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && rest[end + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

/// An inline macro only AsciiDoc writes: `linkgit:git-log[1]`, `link:url[text]`,
/// `xref:id[text]`, `image::file.png[]`, `footnote:[text]`.
fn inline_macro(t: &str) -> bool {
    [
        "linkgit:",
        "link:",
        "xref:",
        "image::",
        "image:",
        "footnote:",
        "kbd:[",
    ]
    .iter()
    .any(|m| {
        t.match_indices(m).any(|(at, _)| {
            let before_ok = t[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let target = &t[at + m.len()..];
            let end = target
                .find(|c: char| c.is_whitespace())
                .unwrap_or(target.len());
            before_ok && target[..end].contains('[') && target.contains(']')
        })
    })
}

/// A definition list's term: a line ending in `::`, `:::`, `::::` or `;;`, or with one of
/// them then spaces and the definition. Gives the term's and the definition's ranges in
/// the line.
fn term(t: &str) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let start = t.len() - t.trim_start().len();
    let body = t.trim_end();
    if body.len() <= start || t[start..].starts_with(".. ") {
        return None;
    }
    for marker in ["::::", ":::", "::", ";;"] {
        // At the end of the line.
        // A term may end in the other list's mark (`Example:;;`), not in its own.
        let own = |term: &str| term.ends_with([' ', '\t', marker.as_bytes()[0] as char]);
        if let Some(term) = body.strip_suffix(marker) {
            let ok = term.len() > start && !own(term);
            return ok.then_some((start..term.len(), None));
        }
        // Or followed by spaces and the definition.
        let at = body[start..]
            .match_indices(marker)
            .map(|(a, _)| a + start)
            .find(|&a| matches!(body.as_bytes().get(a + marker.len()), Some(b' ' | b'\t')));
        if let Some(at) = at {
            let term = &body[..at];
            let def_start = at + marker.len();
            let def = &body[def_start..];
            let lead = def.len() - def.trim_start().len();
            // A term is short and has no sentence in it (`url:: http://…` is no term).
            let ok = at > start
                && !own(term)
                && term[start..].chars().count() <= 40
                && !term.contains(". ")
                && !term.contains("://");
            if ok {
                return Some((start..at, Some(def_start + lead..body.len())));
            }
        }
    }
    None
}

/// AsciiDoc's cross references in a paragraph: the marks of each, `<<id,` and `>>` around
/// its text (`<<def_tree_object,"tree" object>>`), or the whole of one without text
/// (`<<def_commit>>`).
pub(super) fn cross_references(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&b[from..], b"<<").map(|a| a + from) {
        from = at + 2;
        // After a word it is an operator (`a<<b`).
        if at > 0 && b[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let id_end = at
            + 2
            + b[at + 2..]
                .iter()
                .take_while(|&&c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b':')
                })
                .count();
        if id_end == at + 2 {
            continue;
        }
        let Some(close) = memchr::memmem::find(&b[id_end..], b">>").map(|c| c + id_end) else {
            continue;
        };
        if close == id_end {
            out.push(at..close + 2);
        } else if b[id_end] == b',' && !b[id_end..close].contains(&b'\n') {
            out.push(at..id_end + 1);
            out.push(close..close + 2);
        } else {
            continue;
        }
        from = close + 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(t: &str) -> Vec<Range<usize>> {
        let mut lines = Vec::new();
        let mut at = 0;
        for l in t.split('\n') {
            lines.push(at..at + l.len());
            at += l.len() + 1;
        }
        lines
    }

    /// Each line's role in `t`.
    fn roles_of(t: &str) -> Vec<Role> {
        let lines = lines_of(t);
        let mut r = vec![Role::Prose; lines.len()];
        roles(t, &lines, &mut r);
        r
    }

    #[test]
    fn what_marks_a_text_as_asciidoc() {
        let yes = [
            "git-add(1)\n==========\n\nSee linkgit:git-rm[1].\n",
            "Title\n\ninclude::diff-options.txt[]\n",
            "Title\n\n[verse]\n'git add' [--verbose]\n",
            "Title\n\n--quiet::\n\tSuppress output.\n",
            "`xxdiff`;;  Use xxdiff\n`tkdiff`;;  Use TkDiff\n",
            "From: A Writer <a@x.org>\nContent-type: text/asciidoc\n\nHow to\n======\n",
            // Two listing blocks, and nothing else of AsciiDoc's.
            "Title\n\nRun it:\n\n-------------\n$ git bisect start\n-------------\n\nThen:\n\n-------------\n$ git bisect good\n-------------\n",
        ];
        for t in yes {
            assert!(is_asciidoc(t), "{t:?}");
        }
        let no = [
            "Title\n\n----\nA paragraph between two rules.\n----\n",
            // Rules between blank lines, headings' underlines, rows of different lengths.
            "Title\n\n----\n\nOne.\n\n----\n\nTwo.\n\n----\n",
            "One\n----\n\nText.\n\nTwo\n----\n\nText.\n\nThree\n-----\nText.\n",
            "Title\n\n----\nOne.\n------\n\n-----\nTwo.\n----\n",
            "Title\n\n[citation needed]\nNote: this is a sentence.\n",
            "Title\n\nExample::\n\n    code here\n",
            "Title\n\nThe link: see [here] and https://x.y/\n",
            "Title\n\n    start) run;;\n",
        ];
        for t in no {
            assert!(!is_asciidoc(t), "{t:?}");
        }
    }

    #[test]
    fn markup_lines_and_blocks() {
        use Role::{Prose as P, Skip as S};
        let t = "Title\n-----\n\n--quiet::\n\tSuppress  output.\n+\n------------\n    o---o  master\n--------\n\n[verse]\n:toc: left\n// a comment\nA sentence.\n====\nExample prose.\n====\n\n    ---o---A  master\n\t\\\n\nBack to prose.\n";
        assert_eq!(
            roles_of(t),
            [P, P, P, S, P, S, S, S, S, P, S, S, S, P, S, P, S, P, S, S, P, P, P]
        );
    }

    /// An indented paragraph opening an open block (`--` over it) is literal, as after a
    /// blank line; an unindented one is prose.
    #[test]
    fn a_literal_paragraph_opens_an_open_block() {
        use Role::{Prose as P, Skip as S};
        let t = "Title\n-----\n\n--\n   params  = 1*param\n   param   = 1*( %x01-ff )\n--\n\n--\nA sentence.\n--\n";
        assert_eq!(roles_of(t), [P, P, P, S, S, S, S, P, S, P, S, P]);
    }

    #[test]
    fn cross_references_are_marks_around_their_text() {
        let t = "A <<def_tree_object,\"tree\" object>> and <<def_commit>>; << Back, a<<b, x >> y";
        let marks: Vec<&str> = cross_references(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(marks, ["<<def_tree_object,", ">>", "<<def_commit>>"]);
    }

    #[test]
    fn a_term_with_its_definition_on_the_line() {
        let t = "`xxdiff`;;           Use xxdiff (requires a graphical session)";
        let (label, def) = term(t).expect("a term");
        assert_eq!(&t[label], "`xxdiff`");
        assert_eq!(
            &t[def.expect("a definition")],
            "Use xxdiff (requires a graphical session)"
        );
        assert!(term("-t<tags_subdir>;;").is_some_and(|(_, d)| d.is_none()));
        assert!(term("Example:;;").is_some_and(|(_, d)| d.is_none()));
        assert!(term("<value>;;\twhen a value is set").is_some_and(|(_, d)| d.is_some()));
        assert!(term("a:::").is_some_and(|(r, _)| r == (0..1)));
        assert!(term("Go to http://x.org:: now").is_none());
        assert!(term("It ends. Then:: more").is_none());
        assert!(term("A sentence that ends in a colon:").is_none());
        assert!(term("::").is_none());
    }
}
