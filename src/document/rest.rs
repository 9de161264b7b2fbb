//! reStructuredText's markup in plain text. Sphinx and docutils documentation (Django's,
//! Python's) is written in `.txt` and `.rst` files, and its marks are code or markup, never
//! prose: a literal block (a paragraph ending `::`, then an indented block), directives and
//! comments (`.. name::`, `.. _target:`, `.. |sub|`, `..`) with the bodies of code
//! directives and the options of any directive, table borders, and inline literals and
//! interpreted text (``` ``code`` ```, `` :role:`target` ``, `` `link`_ ``). A table's rows
//! are read cell by cell: the spaces that align its columns are not a typist's.
//!
//! Copy that is not reStructuredText has none of these marks: a line opening `.. `, a line
//! ending `::` over an indented block, a row of `=` in two runs or more, a `+---+` border,
//! a backtick pair around a word.

use std::borrow::Cow;
use std::ops::Range;

/// What a source line of a plain-text document is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Role {
    /// Prose (or blank), read as plain text is.
    Prose,
    /// Code or markup: read by no rule, and it ends a paragraph as a blank line does.
    Skip,
    /// A table row's first line: its cells, each read on its own — a cell's pieces (its
    /// text on each line of the row) as byte ranges of the document's text.
    Cells(Vec<Vec<Range<usize>>>),
}

/// Directives whose body is code or data, not prose: code, tables of data, a table of
/// contents, and Sphinx's index entries (`single: + (plus); binary operator`) and author
/// lines (`.. sectionauthor::` with a second author on the line under it).
const CODE_DIRECTIVES: &[&str] = &[
    "code",
    "code-block",
    "sourcecode",
    "literalinclude",
    "highlight",
    "doctest",
    "testcode",
    "testoutput",
    "testsetup",
    "testcleanup",
    "math",
    "raw",
    "csv-table",
    "graphviz",
    "graph",
    "digraph",
    "mermaid",
    "plot",
    "parsed-literal",
    "productionlist",
    "ipython",
    "jupyter-execute",
    "toctree",
    "autosummary",
    "console",
    "prompt",
    "include",
    "index",
    "sectionauthor",
    "moduleauthor",
    "codeauthor",
];

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A row of `=` in two runs or more (`=====  =====`): a simple table's border. One run is
/// a section title's underline.
fn simple_border(t: &str) -> bool {
    let t = t.trim();
    t.starts_with('=') && t.bytes().all(|b| b == b'=' || b == b' ') && t.contains(" =")
}

/// A simple table's column-span underline inside it (`-----  ------`).
fn span_underline(t: &str) -> bool {
    let t = t.trim();
    t.starts_with('-') && t.bytes().all(|b| b == b'-' || b == b' ')
}

/// A grid table's border (`+-----+----+`, `+=====+====+`).
fn grid_border(t: &str) -> bool {
    let t = t.trim();
    t.len() >= 3
        && t.starts_with('+')
        && t.ends_with('+')
        && t.bytes().all(|b| matches!(b, b'+' | b'-' | b'='))
        && t.bytes().any(|b| b != b'+')
}

/// The directive a line of explicit markup names (`.. code-block:: python` → `code-block`,
/// `.. py:function:: f()` → `function`), or `None` for a comment, target, substitution or
/// footnote.
fn directive(t: &str) -> Option<&str> {
    let rest = t.strip_prefix(".. ")?.trim_start();
    let end = rest.find("::")?;
    let name = &rest[..end];
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.' | b'+'))
        && rest[end + 2..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
    ok.then(|| name.rsplit(':').next().unwrap_or(name))
}

/// Whether a text holds reStructuredText's explicit markup: a directive (`.. note::`,
/// `.. code-block:: python`) or an interpreted text role (`` :func:`open` ``). A page's text
/// has neither.
pub(super) fn marked_up(text: &str) -> bool {
    let b = text.as_bytes();
    let closed = |at: usize| {
        let line = &b[at + 1..memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |n| at + n)];
        line.len() > 1 && memchr::memchr(b'`', line).is_some_and(|n| n > 0)
    };
    let role = memchr::memchr_iter(b'`', b).any(|at| role_start(b, at).is_some() && closed(at));
    role || memchr::memmem::find_iter(b, ".. ").any(|at| {
        let start = b[..at]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |n| at + n);
        b[start..at].iter().all(|&c| c == b' ' || c == b'\t')
            && directive(text[at..end].trim_end()).is_some()
    })
}

/// `shown` (a block's text) with each reStructuredText substitution reference (`|ASN.1|`)
/// replaced by its definition in `text` (`.. |ASN.1| replace:: Boolean`), as a reader
/// sees it; `None` when one is defined elsewhere (a Sphinx project's `rst_epilog`) or as
/// an image: what it shows is unknown here.
pub(super) fn substituted<'a>(text: &str, shown: &'a str) -> Option<Cow<'a, str>> {
    let mut out = String::new();
    let mut last = 0;
    let mut from = 0;
    while let Some(open) = shown[from..].find('|').map(|i| from + i) {
        let Some(close) = shown[open + 1..].find('|').map(|i| open + 1 + i) else {
            break;
        };
        let name = &shown[open + 1..close];
        // A reference opens after a space or a mark and closes before one, its name
        // neither starting nor ending with a space (`a | b | c` holds none).
        let opens = shown[..open]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let closes = shown[close + 1..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if name.is_empty()
            || name.starts_with(char::is_whitespace)
            || name.ends_with(char::is_whitespace)
            || !opens
            || !closes
        {
            from = open + 1;
            continue;
        }
        let value = text.lines().find_map(|line| {
            line.trim_start()
                .strip_prefix(".. |")?
                .strip_prefix(name)?
                .strip_prefix("| replace::")
                .map(str::trim)
        })?;
        out.push_str(&shown[last..open]);
        out.push_str(value);
        last = close + 1;
        from = close + 1;
    }
    if last == 0 {
        return Some(Cow::Borrowed(shown));
    }
    out.push_str(&shown[last..]);
    Some(Cow::Owned(out))
}

/// A directive's option line (`:linenos:`, `:caption: Example`).
fn option_line(t: &str) -> bool {
    let t = t.trim_start();
    let Some(rest) = t.strip_prefix(':') else {
        return false;
    };
    match rest.find(':') {
        Some(end) => {
            end > 0
                && rest[end + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        }
        None => false,
    }
}

/// Each line's role. `lines` are the document's source lines (byte ranges of `text`).
pub(super) fn roles(text: &str, lines: &[Range<usize>]) -> Vec<Role> {
    let mut roles = vec![Role::Prose; lines.len()];
    let s = |i: usize| &text[lines[i].clone()];
    // The end of the indented block under line `i`: every following line that is blank or
    // indented past it, trailing blank lines left out.
    let body_end = |i: usize| {
        let base = indent(s(i));
        let mut end = i + 1;
        let mut j = i + 1;
        while j < lines.len() && (blank(s(j)) || indent(s(j)) > base) {
            j += 1;
            if !blank(s(j - 1)) {
                end = j;
            }
        }
        end
    };
    let mut i = 0;
    // Before the first prose line, a field list is the file's metadata (`:tocdepth: 2`,
    // `:orphan:`), not its title.
    let mut opening = true;
    let mut closing: Option<Vec<Option<usize>>> = None;
    while i < lines.len() {
        let line = s(i);
        let t = line.trim_start();
        let first = t.as_bytes().first().copied();
        if first.is_none() {
            i += 1;
            continue;
        }
        if opening && option_line(t) || quote_row(t) {
            roles[i] = Role::Skip;
            i += 1;
            continue;
        }
        // Explicit markup: a directive, comment, target, substitution or footnote.
        if t == ".." || t.starts_with(".. ") {
            roles[i] = Role::Skip;
            let end = body_end(i);
            match directive(t) {
                // A directive whose body is prose (`note`, `versionadded`, `method`): its
                // options skipped, the body read (it may hold markup of its own).
                Some(name) if !CODE_DIRECTIVES.contains(&name.to_ascii_lowercase().as_str()) => {
                    // An option's value may go on under it, indented past it.
                    let mut j = i + 1;
                    while j < end && option_line(s(j)) {
                        let under = indent(s(j));
                        roles[j] = Role::Skip;
                        j += 1;
                        while j < end && !blank(s(j)) && indent(s(j)) > under {
                            roles[j] = Role::Skip;
                            j += 1;
                        }
                    }
                    i = j;
                }
                _ => {
                    for r in &mut roles[i + 1..end] {
                        *r = Role::Skip;
                    }
                    i = end;
                }
            }
            continue;
        }
        // A literal block: a paragraph's last line ends `::`, the block under it is code.
        if t.trim_end().ends_with("::") && i + 1 < lines.len() && blank(s(i + 1)) {
            let end = body_end(i);
            if end > i + 1 {
                for r in &mut roles[i + 1..end] {
                    *r = Role::Skip;
                }
                i = end;
                continue;
            }
        }
        if first == Some(b'=') && simple_border(t) {
            // Where each line's next closing border is, worked out once (a search from
            // every border would be quadratic in a file of borders that never close).
            let closing = closing.get_or_insert_with(|| closing_borders(text, lines));
            i = simple_table(
                text,
                lines,
                i,
                closing[i + 1..].first().copied().flatten(),
                &mut roles,
            );
            continue;
        }
        if first == Some(b'+') && grid_border(t) {
            i = grid_table(text, lines, i, &mut roles);
            continue;
        }
        opening = false;
        i += 1;
    }
    roles
}

/// A row of one quotation mark or backtick (`""""""`, ``): a section title's over- or
/// underline, which no quote rule should read.
fn quote_row(t: &str) -> bool {
    matches!(adornment(t), Some(b'"' | b'\'' | b'`'))
}

/// The mark of a row of one punctuation mark (`=====`, `-----`, `~~~~`, `""""`): a section
/// title's over- or underline in reStructuredText and in hand-typed documents.
pub(super) fn adornment(line: &str) -> Option<u8> {
    let t = line.trim();
    let mark = *t.as_bytes().first()?;
    (t.len() >= 3 && b"=-~^\"'`#*+<>:._".contains(&mark) && t.bytes().all(|x| x == mark))
        .then_some(mark)
}

/// The character columns where each run of `mark` in `border` starts.
fn run_starts(border: &str, mark: char) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut prev = ' ';
    for (col, c) in border.chars().enumerate() {
        if c == mark && prev != mark {
            starts.push(col);
        }
        prev = c;
    }
    starts
}

/// The byte ranges of `line` (at `at` in the text) cut at character columns `cuts`: one
/// per column, trimmed of spaces and of `trim` marks, `None` when empty.
fn cut(line: &str, at: usize, cuts: &[usize], trim: char) -> Vec<Option<Range<usize>>> {
    let mut bounds = vec![0];
    let mut next = cuts.iter().copied().filter(|&c| c > 0).peekable();
    for (col, (b, _)) in line.char_indices().enumerate() {
        while next.peek().is_some_and(|&c| c < col) {
            next.next();
        }
        if next.peek() == Some(&col) {
            bounds.push(b);
            next.next();
        }
    }
    bounds.push(line.len());
    bounds
        .windows(2)
        .map(|w| {
            let cell = &line[w[0]..w[1]];
            let inner = cell.trim_start().trim_start_matches(trim);
            let inner = inner.trim_end().trim_end_matches(trim);
            let lead = inner.len() - inner.trim_start().len();
            let start = w[0] + (inner.as_ptr() as usize - cell.as_ptr() as usize) + lead;
            let end = start + inner.trim().len();
            (end > start).then(|| at + start..at + end)
        })
        .collect()
}

/// A table's row being read: the line it starts on, and each column's pieces so far.
struct Row {
    line: usize,
    columns: Vec<Vec<Range<usize>>>,
}

impl Row {
    fn new(line: usize, cells: Vec<Option<Range<usize>>>) -> Row {
        let mut row = Row {
            line,
            columns: Vec::new(),
        };
        row.add(cells);
        row
    }

    fn add(&mut self, cells: Vec<Option<Range<usize>>>) {
        if self.columns.len() < cells.len() {
            self.columns.resize(cells.len(), Vec::new());
        }
        for (column, cell) in self.columns.iter_mut().zip(cells) {
            column.extend(cell);
        }
    }

    /// The row's role at its first line: its non-empty cells.
    fn finish(self, roles: &mut [Role]) {
        let cells: Vec<_> = self.columns.into_iter().filter(|c| !c.is_empty()).collect();
        roles[self.line] = if cells.is_empty() {
            Role::Skip
        } else {
            Role::Cells(cells)
        };
    }
}

/// For each line, the first line at or after it that can close a simple table: a border
/// that a blank line (or the end) follows.
fn closing_borders(text: &str, lines: &[Range<usize>]) -> Vec<Option<usize>> {
    let s = |j: usize| &text[lines[j].clone()];
    let mut out = vec![None; lines.len()];
    let mut next = None;
    for j in (0..lines.len()).rev() {
        if simple_border(s(j)) && (j + 1 == lines.len() || blank(s(j + 1))) {
            next = Some(j);
        }
        out[j] = next;
    }
    out
}

/// A simple table from its top border at `i` to `end`, the border that a blank line (or
/// the end) follows: borders and span underlines skipped, rows cut into cells at the top
/// border's columns, a line with nothing in the first column continuing the row above.
/// Returns the line after it; a border with no such end is skipped alone.
fn simple_table(
    text: &str,
    lines: &[Range<usize>],
    i: usize,
    end: Option<usize>,
    roles: &mut [Role],
) -> usize {
    let s = |j: usize| &text[lines[j].clone()];
    roles[i] = Role::Skip;
    let Some(end) = end else {
        return i + 1;
    };
    let starts = run_starts(s(i), '=');
    let mut row: Option<Row> = None;
    for j in i + 1..=end {
        roles[j] = Role::Skip;
        if blank(s(j)) || simple_border(s(j)) || span_underline(s(j)) {
            if let Some(r) = row.take() {
                r.finish(roles);
            }
            continue;
        }
        let cells = cut(s(j), lines[j].start, &starts, ' ');
        match &mut row {
            Some(r) if cells.first().is_none_or(Option::is_none) => r.add(cells),
            _ => {
                if let Some(r) = row.take() {
                    r.finish(roles);
                }
                row = Some(Row::new(j, cells));
            }
        }
    }
    end + 1
}

/// A grid table from its top border at `i`, to the first line that opens with neither `+`
/// nor `|`: borders skipped, each row (the lines between two borders) cut into cells at
/// the border's `+` columns, the `|` marks left out. A line that opens with `+` inside the
/// table is a border, whole or around a cell that spans rows (`+-----+     |`).
fn grid_table(text: &str, lines: &[Range<usize>], i: usize, roles: &mut [Role]) -> usize {
    let s = |j: usize| &text[lines[j].clone()];
    let plus = run_starts(s(i), '+');
    let mut row: Option<Row> = None;
    let mut j = i;
    while j < lines.len() {
        let t = s(j).trim_start();
        let border = t.starts_with('+');
        if !border && !t.starts_with('|') {
            break;
        }
        roles[j] = Role::Skip;
        if border {
            if let Some(r) = row.take() {
                r.finish(roles);
            }
        } else {
            let cells = cut(s(j), lines[j].start, &plus, '|');
            match &mut row {
                Some(r) => r.add(cells),
                None => row = Some(Row::new(j, cells)),
            }
        }
        j += 1;
    }
    if let Some(r) = row.take() {
        r.finish(roles);
    }
    j
}

/// Inline literals and interpreted text in a plain-text block's prose: ``` ``code`` ```,
/// `` `code` ``, `` :role:`target` ``, `` `link <url>`_ ``. A span opens with one or two
/// backticks not glued to a word before them (a role may come first), holds no space next
/// to them, and closes with as many not glued to a word after them (a hyperlink's `_` or
/// `__` may follow), so a typed ``` ``quote'' ``` or a backtick for an apostrophe
/// (`` don`t ``) is never taken for code.
pub(super) fn code_spans(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let word_before = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    };
    let word_after = |at: usize| text[at..].chars().next().is_some_and(char::is_alphanumeric);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'`', &b[i..]) {
        let at = i + off;
        let n = b[at..].iter().take_while(|&&c| c == b'`').count();
        i = at + n;
        if n > 2 {
            continue;
        }
        let start = role_start(b, at).unwrap_or(at);
        if start == at && word_before(at) {
            continue;
        }
        let content = at + n;
        if b.get(content).is_none_or(u8::is_ascii_whitespace) {
            continue;
        }
        // The closing run: exactly `n` backticks.
        let mut k = content;
        let close = loop {
            let Some(off) = memchr::memchr(b'`', &b[k..]) else {
                break None;
            };
            let c = k + off;
            let m = b[c..].iter().take_while(|&&x| x == b'`').count();
            if m == n {
                break Some(c);
            }
            k = c + m;
        };
        let Some(close) = close else {
            continue;
        };
        if b[close - 1].is_ascii_whitespace() {
            continue;
        }
        let mut end = close + n;
        while end < b.len() && b[end] == b'_' && end < close + n + 2 {
            end += 1;
        }
        if word_after(end) {
            continue;
        }
        i = end;
        // A hyperlink reference (`` `Django <https://…>`_ ``, `` `the docs`_ ``): its text
        // is prose, as a Markdown link's is; the backticks, the target and the `_` are not.
        if end > close + n && start == at && n == 1 {
            let inner = &text[content..close];
            let only_target = inner.starts_with('<') && inner.ends_with('>');
            let target = inner
                .rfind(" <")
                .filter(|_| inner.ends_with('>'))
                .map_or(if only_target { content } else { close }, |lt| content + lt);
            if target > content {
                out.push(at..content);
                out.push(target..end);
                continue;
            }
        }
        out.push(start..end);
    }
    footnote_references(text, &mut out);
    out
}

/// Footnote and citation references (`[#]_`, `[#note]_`, `[1]_`, `[*]_`, `[CIT2002]_`):
/// markup, not words.
fn footnote_references(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut at = 0;
    while let Some(off) = memchr::memmem::find(&b[at..], b"]_") {
        let close = at + off;
        at = close + 2;
        // Labels are short: the search for `[` goes back a little way, not to the start.
        let from = close.saturating_sub(64);
        let Some(open) = b[from..close]
            .iter()
            .rposition(|&c| c == b'[')
            .map(|o| from + o)
        else {
            continue;
        };
        let label = &text[open + 1..close];
        let ok = label == "*"
            || label.starts_with('#')
                && label[1..]
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            || !label.is_empty()
                && label
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
        let after = text[close + 2..].chars().next();
        if ok && !after.is_some_and(char::is_alphanumeric) {
            out.push(open..close + 2);
        }
    }
}

/// The start of a role (`:func:`, `:py:class:`) that ends right before `at`.
fn role_start(b: &[u8], at: usize) -> Option<usize> {
    if at < 3 || b[at - 1] != b':' {
        return None;
    }
    let mut p = at - 1;
    while p > 0
        && (b[p - 1].is_ascii_alphanumeric()
            || matches!(b[p - 1], b'_' | b'-' | b'.' | b'+' | b':'))
    {
        p -= 1;
    }
    // The run must open with a colon and hold a name.
    while p < at - 1 && b[p] != b':' {
        p += 1;
    }
    let glued = p > 0 && b[p - 1].is_ascii_alphanumeric();
    (b[p] == b':' && at - 1 - p >= 2 && !glued).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(t: &str) -> Vec<&str> {
        code_spans(t).into_iter().map(|r| &t[r]).collect()
    }

    /// Substitution references read as their definitions; text without one as it is.
    #[test]
    fn substitutions_as_read() {
        let text =
            ".. |ASN.1| replace:: Boolean\n   .. |v| replace::  2.0 \n.. |logo| image:: logo.png\n";
        let read = |s: &'static str| substituted(text, s).map(Cow::into_owned);
        assert_eq!(read("|ASN.1| type").as_deref(), Some("Boolean type"));
        assert_eq!(
            read("Version |v|, |ASN.1|").as_deref(),
            Some("Version 2.0, Boolean")
        );
        assert_eq!(read("a | b | c").as_deref(), Some("a | b | c"));
        assert_eq!(read("x|y|z").as_deref(), Some("x|y|z"));
        assert_eq!(read("No bars").as_deref(), Some("No bars"));
        // An image, or a substitution defined in another file: unknown.
        assert_eq!(read("|logo| home"), None);
        assert_eq!(read("|project| guide"), None);
    }

    #[test]
    fn inline_literals_roles_and_links() {
        assert_eq!(
            spans(r#"Use ``"__"`` and `x"y` with :func:`foo"bar` or `Django <https://x.y>`_."#),
            [
                r#"``"__"``"#,
                r#"`x"y`"#,
                r#":func:`foo"bar`"#,
                "`",
                " <https://x.y>`_"
            ]
        );
        // A link's text is prose; a link that is only its target is not.
        assert_eq!(
            spans("See `the docs`_ or `<https://x.y>`__."),
            ["`", "`_", "`<https://x.y>`__"]
        );
        assert_eq!(spans(":py:class:`Model` here"), [":py:class:`Model`"]);
        assert_eq!(
            spans("the OGC. [#]_  Import, as [1]_ and [CIT2002]_ say"),
            ["[#]_", "[1]_", "[CIT2002]_"]
        );
        assert!(spans("a list[0]_x or [two words]_").is_empty());
    }

    #[test]
    fn typed_quotes_and_apostrophes_are_not_code() {
        assert!(spans("``Hello,'' he said. ``Bye,'' she said.").is_empty());
        assert!(spans("`Hello,' he said, `it's over.'").is_empty());
        assert!(spans("don`t and won`t").is_empty());
        assert!(spans("a ` lone mark and ``` fences").is_empty());
    }

    fn roles_of(t: &str) -> Vec<Role> {
        let mut lines = Vec::new();
        let mut at = 0;
        for l in t.split('\n') {
            lines.push(at..at + l.len());
            at += l.len() + 1;
        }
        roles(t, &lines)
    }

    #[test]
    fn literal_blocks_directives_and_comments() {
        use Role::{Prose as P, Skip as S};
        let t = "Example::\n\n    x = \"a\n\n    y\nBack to prose.\n\n.. code-block:: python\n   :linenos:\n\n   z = 1\n\n.. note::\n   :class: a \"wide\n           one\"\n   Some prose.\n\n.. _target:\n\n.. a comment\n   goes on\nEnd.";
        assert_eq!(
            roles_of(t),
            [P, S, S, S, S, P, P, S, S, S, S, P, S, S, S, P, P, S, P, S, S, P]
        );
    }

    #[test]
    fn index_entries_and_author_lines_are_data() {
        use Role::{Prose as P, Skip as S};
        let t = ".. index:: triple-quoted string\n   single: \"\"\"; string literal\n   single: - (minus); binary operator\n\n.. sectionauthor:: R. Murray <r@x.org>,\n                   Barry Warsaw <b@x.org>\n\n.. versionadded:: 3.3\n   Prose here.";
        assert_eq!(roles_of(t), [S, S, S, P, S, S, P, S, P]);
    }

    #[test]
    fn metadata_fields_and_quote_rows() {
        use Role::{Prose as P, Skip as S};
        assert_eq!(
            roles_of(":tocdepth: 2\n\nTitle\n\"\"\"\"\"\n\n:not: metadata"),
            [S, P, P, S, P, P]
        );
    }

    #[test]
    fn a_colon_pair_without_an_indented_block_is_prose() {
        assert_eq!(
            roles_of("Ratio 2::\n\nNext paragraph."),
            [Role::Prose, Role::Prose, Role::Prose]
        );
    }

    fn cells<'t>(t: &'t str, role: &Role) -> Vec<Vec<&'t str>> {
        let Role::Cells(c) = role else {
            panic!("{role:?}")
        };
        c.iter()
            .map(|p| p.iter().map(|x| &t[x.clone()]).collect())
            .collect()
    }

    #[test]
    fn tables_are_read_cell_by_cell() {
        let t = "==========  ======\nBackend     SQL  x\n==========  ======\nPostgres    a  b\n==========  ======\n";
        let r = roles_of(t);
        assert_eq!(r[0], Role::Skip);
        assert_eq!(cells(t, &r[3]), [vec!["Postgres"], vec!["a  b"]]);
        assert_eq!(r[4], Role::Skip);
        // A blank line inside, and a cell that goes on under the row.
        let t = "====  =====\nA     one\n      two\n\nB     three\n====  =====\n\nAfter.";
        let r = roles_of(t);
        assert_eq!(cells(t, &r[1]), [vec!["A"], vec!["one", "two"]]);
        assert_eq!(r[2], Role::Skip);
        assert_eq!(cells(t, &r[4]), [vec!["B"], vec!["three"]]);
        assert_eq!(r[7], Role::Prose);
        let g = "+------+-----+\n| A  b | c   |\n+======+=====+\n| dé   | e f |\n|      | g   |\n+------+-----+\nAfter.";
        let r = roles_of(g);
        assert_eq!(cells(g, &r[1]), [vec!["A  b"], vec!["c"]]);
        assert_eq!(cells(g, &r[3]), [vec!["dé"], vec!["e f", "g"]]);
        assert_eq!(r[4], Role::Skip);
        assert_eq!(r[6], Role::Prose);
        // A cell that spans two rows: the border under the other cell is partial, and the
        // table goes on past it.
        let g = "+-----+-----+\n| A   | B   |\n+-----+     |\n| C   |     |\n+-----+-----+\nAfter.";
        let r = roles_of(g);
        assert_eq!(cells(g, &r[1]), [vec!["A"], vec!["B"]]);
        assert_eq!(r[2], Role::Skip);
        assert_eq!(cells(g, &r[3]), [vec!["C"]]);
        assert_eq!(r[4], Role::Skip);
        assert_eq!(r[5], Role::Prose);
    }

    #[test]
    fn a_one_run_underline_is_not_a_table() {
        assert_eq!(roles_of("Title\n=====\n\nText."), vec![Role::Prose; 4]);
    }
}
