//! Plain text (`.txt`) by the editorial convention: a title line, an optional deck, then
//! paragraphs. Scraped copy has one paragraph per line; hand-typed copy is hard-wrapped in
//! blank-line-separated blocks. Each block is judged on its own and wrapped lines are joined.

use std::ops::Range;

use super::asciidoc;
use super::rest::{self, Role};
use super::{Block, BlockKind, Prose};

/// Longest line (in characters) that still looks hard-wrapped.
const WRAP_WIDTH: usize = 100;
/// Shortest line (in characters) that a hard-wrapped paragraph has before its last line.
const MIN_WRAPPED: usize = 30;

fn lines(text: &str, start: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = start;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let mut e = end;
        if e > pos && text.as_bytes()[e - 1] == b'\r' {
            e -= 1;
        }
        out.push(pos..e);
        if end == text.len() {
            break;
        }
        pos = end + 1;
    }
    out
}

/// A list-item marker at the start of a line: its length in bytes.
pub fn list_marker(line: &str) -> Option<usize> {
    ["- ", "* ", "• ", "– "]
        .iter()
        .find(|m| line.starts_with(*m))
        .map(|m| m.len())
}

/// A console prompt opening the line: Python's `>>> ` (a doctest, a REPL session), or a
/// shell's `$ ` on a line indented as code is (a tab, or four spaces), or at any indent
/// before a command (`$ type apt-get`, `$ ./configure`: a lower-case letter, `.`, `/` or
/// `~`; a price is `$ 100`).
fn console_prompt(line: &str) -> bool {
    let t = line.trim_start();
    let indent = &line[..line.len() - t.len()];
    let command = t
        .strip_prefix("$ ")
        .and_then(|c| c.bytes().next())
        .is_some_and(|b| b.is_ascii_lowercase() || matches!(b, b'.' | b'/' | b'~'));
    t.starts_with(">>> ")
        || t == ">>>"
        || command
        || (indent.starts_with('\t') || indent.len() >= 4) && t.starts_with("$ ")
}

/// A line only code reads as, opening code as a prompt does: a root shell's prompt or a
/// comment before a command (`# fdisk /dev/sdx`, `# enable completion`: a lower-case
/// letter, `.`, `/` or `~` after `# `; a converter's heading is `# Title`), a shell's
/// control words and syntax (`if [ -d x ]; then`, `done`, a line continued by ` \`), a
/// block opened at a line's end (`menuentry 'Debian' {`), C's preprocessor (`#define x`), a
/// script's `#!/bin/sh`, `ls -l`'s listing (`drwxr-xr-x 2 root root`) or an environment
/// variable's assignment (`QUILT_PATCHES="debian/patches"`). Prose never reads so; a
/// plain-text manual (a converted HTML page's `<pre>`) sets its examples so.
fn code_line(line: &str) -> bool {
    let t = line.trim();
    let command = |c: &str| {
        c.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || matches!(b, b'.' | b'/' | b'~'))
    };
    let comment = t.strip_prefix("# ").is_some_and(command);
    // A shell's words for its blocks, on lines of their own or in its syntax: prose has
    // `; then` and `; do` too (`marble; then you chip away`), never after a test's `]` or
    // in a line opening with `if` or `for`.
    let loop_head = ["for ", "while ", "until "]
        .iter()
        .any(|k| t.starts_with(k));
    let control = matches!(t, "fi" | "done" | "esac" | "then" | "do" | "else")
        || t.contains("]; then")
        || (t.starts_with("if ") || t.starts_with("elif ")) && t.ends_with("; then")
        || (loop_head || t.contains("]; do")) && (t.ends_with("; do") || t.contains("; do "));
    // A command continued on the next line (`zenity --info \`, `  --height 400 \`); a
    // drawing's lines end in `\` too, but open with marks.
    let continued = t.ends_with(" \\")
        && (command(t) && !t.starts_with(['.', '/', '~'])
            || t.starts_with("--") && t[2..].starts_with(|c: char| c.is_ascii_lowercase()));
    // C's preprocessor and a script's first line (`#include <stdio.h>`, `#!/bin/sh`).
    let directive = ["#include <", "#include \"", "#define ", "#!/"]
        .iter()
        .any(|d| t.starts_with(d));
    // A block opened at the end of the line (`menuentry 'Debian' {`, `int main() {`).
    let opens_block = t.len() > 1 && t.ends_with('{') && !t.ends_with("{{");
    comment
        || control
        || continued
        || directive
        || opens_block
        || frame(t)
        || permissions(t)
        || assignment(t)
}

/// `ls -l`'s file type and permissions opening a line (`drwxr-xr-x`, `crw-rw----`,
/// `lrwxrwxrwx`), then a space.
fn permissions(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() > 11
        && b"-dlcbps".contains(&b[0])
        && b[1..10].chunks(3).all(|rwx| {
            matches!(rwx[0], b'r' | b'-')
                && matches!(rwx[1], b'w' | b'-')
                && matches!(rwx[2], b'x' | b's' | b'S' | b't' | b'T' | b'-')
        })
        && (b[10] == b' ' || matches!(b[10], b'.' | b'+' | b'@') && b[11] == b' ')
}

/// An environment variable's assignment opening a line: a name in capitals with an
/// underscore, `=` and a value at once (`QUILT_PATCHES="debian/patches"`,
/// `export DEB_CFLAGS=-O2`): `E=mc²` is no such name.
fn assignment(t: &str) -> bool {
    let t = t.strip_prefix("export ").unwrap_or(t);
    let Some((name, value)) = t.split_once('=') else {
        return false;
    };
    name.contains('_')
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && !value.is_empty()
        && !value.starts_with(' ')
}

/// A Python traceback's first line (`Traceback (most recent call last):`), perhaps after a
/// tool's prefix on every line of it (pytest's `INTERNALERROR> `): the prefix.
fn traceback(line: &str) -> Option<&str> {
    let t = line.trim_end();
    t.strip_suffix("Traceback (most recent call last):")
        .filter(|p| p.is_empty() || p.ends_with(' ') || p.ends_with('>'))
}

/// A traceback's frame (`File "/usr/lib/x.py", line 12, in main`), quoted without its
/// first line.
fn frame(t: &str) -> bool {
    t.strip_prefix("File \"")
        .and_then(|r| r.split_once("\", line "))
        .is_some_and(|(_, n)| n.starts_with(|c: char| c.is_ascii_digit()))
}

/// The exception line that ends a traceback: a dotted name ending as Python's exceptions
/// do, alone or before `:` (`ValueError: bad value`, `sqlite3.OperationalError: …`,
/// `KeyboardInterrupt`); prose's `Error: …` and `Warning: …` are no such name.
fn exception_line(t: &str) -> bool {
    let name = t.split_once(':').map_or(t, |(n, _)| n);
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        && [
            "Error",
            "Exception",
            "Warning",
            "Exit",
            "Interrupt",
            "Iteration",
        ]
        .iter()
        .any(|e| name.len() > e.len() && name.ends_with(e))
}

/// Does the line end a sentence (ignoring closing quotes and brackets)?
pub fn ends_sentence(line: &str) -> bool {
    let trimmed = line
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    trimmed.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// Does the line break off as a writer's hard wrap does: it ran to the wrap width without
/// ending a sentence (the text goes on on the next line)?
pub fn wraps(line: &str) -> bool {
    !ends_sentence(line) && (MIN_WRAPPED..=WRAP_WIDTH).contains(&line.trim_end().chars().count())
}

fn reads_like_deck(line: &str) -> bool {
    let n = line.chars().count();
    list_marker(line).is_none() && n > 0 && (n <= 160 || !ends_sentence(line) && n <= 300)
}

fn push_line(text: &str, prose: &mut Prose, line: Range<usize>) {
    let t = &text[line.clone()];
    // Measured from the start only, so a line of nothing but spaces (after a list marker:
    // `-  `) gives an empty range at its end, never one whose start passes its end.
    let lead = t.len() - t.trim_start().len();
    let start = line.start + lead;
    let end = start + t.trim().len();
    if !prose.is_empty() {
        let gap_start = prose.src_range().end;
        prose.push_replacement(gap_start..start, " ");
    }
    prose.push_source(text, start..end);
}

/// A mail's header at the top of a text (`From: …`, `Date: …`, `Subject: …`, a field
/// continued on indented lines, `Content-type: text/asciidoc`): its metadata, not its title
/// or prose (git's how-to documents are mails). Two fields or more with one a mail's, or a
/// `Content-Type` alone, then a blank line.
fn mail_header(text: &str, lines: &[Range<usize>], roles: &mut [Role]) {
    const MAIL: &[&str] = &[
        "from",
        "to",
        "cc",
        "date",
        "subject",
        "message-id",
        "content-type",
        "mime-version",
        "in-reply-to",
        "references",
        "reply-to",
        "sender",
    ];
    let s = |i: usize| &text[lines[i].clone()];
    let Some(first) = (0..lines.len()).find(|&i| !s(i).trim().is_empty()) else {
        return;
    };
    let (mut fields, mut mail, mut content_type) = (0, false, false);
    let mut end = first;
    while end < lines.len() && !s(end).trim().is_empty() {
        let t = s(end);
        if end > first && t.starts_with([' ', '\t']) {
            end += 1;
            continue;
        }
        let Some((name, _)) = t.split_once(':') else {
            return;
        };
        let named = name.len() >= 2
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !named {
            return;
        }
        let lower = name.to_ascii_lowercase();
        fields += 1;
        mail |= MAIL.contains(&lower.as_str());
        content_type |= lower == "content-type";
        end += 1;
    }
    if end < lines.len() && (fields >= 2 && mail || content_type) {
        for r in &mut roles[first..end] {
            *r = Role::Skip;
        }
    }
}

/// A block of plain text's prose, its inline literals (`` `code` ``, ``` ``code`` ```,
/// `` :role:`x` ``), footnote references (`[#]_`) and AsciiDoc's cross references' marks
/// (`<<def_tree_object,` and `>>` around `"tree" object`) masked as Markdown's code spans
/// are.
fn block(kind: BlockKind, mut p: Prose) -> Block {
    let bytes = p.text().as_bytes();
    if memchr::memchr(b'`', bytes).is_some() || memchr::memmem::find(bytes, b"]_").is_some() {
        let spans = rest::code_spans(p.text());
        p.mask_ranges(&spans);
    }
    if memchr::memmem::find(p.text().as_bytes(), b"<<").is_some() {
        let spans = asciidoc::cross_references(p.text());
        p.mask_ranges(&spans);
    }
    Block::new(kind, None, p)
}

/// Whether a text is one of Vim's help files, by the modeline its last lines hold
/// (` vim:tw=78:ts=8:noet:ft=help:norl:`): a documentation markup its author writes by hand
/// (`|tag|` links, `*tag*` anchors, a heading's trailing `~`), not a page's text.
pub(super) fn vim_help(text: &str) -> bool {
    text.trim_end()
        .rsplit('\n')
        .take(VIM_MODELINE_LINES)
        .any(|line| {
            let Some(at) = line.find("vim:").or_else(|| line.find("vi:")) else {
                return false;
            };
            // `vim:tw=78:ft=help:` (no space), or `vim: set ft=help :`; never a sentence's
            // `vim: it has …`.
            let settings = line[at..].split_once(':').map_or("", |(_, s)| s.trim());
            let modeline = !settings.contains(char::is_whitespace)
                || settings.starts_with("set ") && settings.ends_with(':');
            modeline && (settings.contains("ft=help") || settings.contains("filetype=help"))
        })
}

/// Vim help's examples, as its `help-writing` sets them: after a line that ends in ` >`
/// (or is `>`), the lines that are blank or indented, to a line that opens with `<` (the
/// example's end, read as markup too) or a line of text in the first column. Code, not
/// prose: `:map <buffer>  ,w  /[.,;]<CR>`, `[1,,{one:1},,]`.
fn vim_examples(text: &str, lines: &[Range<usize>], roles: &mut [Role]) {
    let mut i = 0;
    while i < lines.len() {
        let t = text[lines[i].clone()].trim_end();
        i += 1;
        if !(t == ">" || t.ends_with(" >") || t.ends_with("\t>")) {
            continue;
        }
        while i < lines.len() {
            let line = &text[lines[i].clone()];
            if line.starts_with('<') {
                roles[i] = Role::Skip;
                i += 1;
                break;
            }
            if !(line.trim().is_empty() || line.starts_with([' ', '\t'])) {
                break;
            }
            roles[i] = Role::Skip;
            i += 1;
        }
    }
}

/// The last lines where Vim looks for a modeline (its `modelines` default).
const VIM_MODELINE_LINES: usize = 5;

pub(super) fn parse(text: &str, start: usize, blocks: &mut Vec<Block>) {
    let all = lines(text, start);
    // reStructuredText's markup (literal blocks, directives, tables) is not prose: a line
    // of it ends a paragraph as a blank line does.
    let mut roles = rest::roles(text, &all);
    if asciidoc::is_asciidoc(&text[start..]) {
        asciidoc::roles(text, &all, &mut roles);
    }
    if vim_help(&text[start..]) {
        vim_examples(text, &all, &mut roles);
    }
    mail_header(text, &all, &mut roles);
    let is_blank = |i: usize| roles[i] == Role::Skip || text[all[i].clone()].trim().is_empty();
    let mut i = 0;
    while i < all.len() && (is_blank(i) || matches!(roles[i], Role::Cells(_))) {
        i += 1;
    }
    // Title (under its overline, if any), then a deck directly under it.
    if i + 1 < all.len() && rest::adornment(&text[all[i].clone()]).is_some() && !is_blank(i + 1) {
        i += 1;
    }
    // A first line indented under markup is a directive's body (`.. todo::` over it), not
    // the title: the document has none above it.
    let under_markup = i < all.len()
        && roles[..i].contains(&Role::Skip)
        && text[all[i].clone()].starts_with([' ', '\t']);
    if i < all.len() && !is_blank(i) && !under_markup {
        let mut p = Prose::default();
        push_line(text, &mut p, all[i].clone());
        blocks.push(block(BlockKind::Title, p));
        i += 1;
        // An underline stays a line of its own (the navigation rule reads a line with a
        // row of marks under it as a written document's heading), never a deck.
        if i < all.len()
            && !is_blank(i)
            && roles[i] == Role::Prose
            && rest::adornment(&text[all[i].clone()]).is_none()
            && reads_like_deck(&text[all[i].clone()])
        {
            let mut p = Prose::default();
            push_line(text, &mut p, all[i].clone());
            blocks.push(block(BlockKind::Deck, p));
            i += 1;
        }
    }
    // Blank-line separated groups, and tables' cells.
    while i < all.len() {
        if let Role::Cells(cells) = &roles[i] {
            for pieces in cells {
                let mut p = Prose::default();
                for piece in pieces {
                    push_line(text, &mut p, piece.clone());
                }
                blocks.push(block(BlockKind::TableCell, p));
            }
            i += 1;
            continue;
        }
        if is_blank(i) {
            i += 1;
            continue;
        }
        let g0 = i;
        while i < all.len() && !is_blank(i) && roles[i] == Role::Prose {
            i += 1;
        }
        // The indentation of the prose line after the group, past blank lines: a glossary's
        // definition may stand a blank line under its terms.
        let next = (i..all.len()).find(|&j| !is_blank(j));
        let below = next.filter(|&j| roles[j] == Role::Prose).map(|j| {
            let l = &text[all[j].clone()];
            l.len() - l.trim_start().len()
        });
        group(text, &all[g0..i], below, blocks);
    }
}

/// A drawing in marks (a flowchart, a graph: `/     \`, `+<--- yes ---`, a column of `|`
/// and `v`; ASCII art): three or more lines, two or more of them only marks with an
/// upright or slanted stroke among them (`|`, `/`, `\`), and a third of them only marks
/// or with a stroke standing as a word (`|`, `--->`, `v`). Its words are labels set apart
/// by the strokes (`no` over `yes` two columns away), not prose, as code is not. Lines of
/// words between `|` (a navigation bar, a table's rows) have no line of marks alone; an
/// e-mail's quoted lines (`>`) no upright or slanted stroke.
fn drawing<'t>(lines: impl Iterator<Item = &'t str> + Clone) -> bool {
    fn upright(b: u8) -> bool {
        matches!(b, b'|' | b'/' | b'\\')
    }
    fn mark(w: &str) -> bool {
        w.bytes().all(|b| {
            upright(b)
                || matches!(
                    b,
                    b'+' | b'-'
                        | b'<'
                        | b'>'
                        | b'='
                        | b'_'
                        | b'^'
                        | b'*'
                        | b'.'
                        | b':'
                        | b'~'
                        | b','
                        | b';'
                        | b'\''
                        | b'"'
                        | b'`'
                        | b'('
                        | b')'
                        | b'['
                        | b']'
                        | b'{'
                        | b'}'
                )
        })
    }
    fn stroke(w: &str) -> bool {
        w == "v"
            || w == "V"
            || mark(w)
                && w.bytes()
                    .any(|b| upright(b) || matches!(b, b'<' | b'>' | b'+' | b'^'))
    }
    // Most groups are a line or two, or prose with no two lines holding an upright or
    // slanted stroke: told by counting and a byte search, before any line is read word by
    // word.
    let n = lines.clone().count();
    if n < 3
        || lines
            .clone()
            .filter(|l| memchr::memchr3(b'|', b'/', b'\\', l.as_bytes()).is_some())
            .nth(1)
            .is_none()
    {
        return false;
    }
    let (mut alone, mut with) = (0, 0);
    for l in lines {
        let mut words = l.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        let (mut all, mut any) = (true, false);
        for w in words {
            let s = stroke(w);
            all &= s || mark(w);
            any |= s;
        }
        alone += usize::from(all && l.bytes().any(upright));
        with += usize::from(any || all);
    }
    alone >= 2 && with * 3 >= n
}

/// One group of lines between blank lines (or code, or a table) as blocks; `below`: the
/// indentation of the prose line after it, if any.
fn group(text: &str, lines: &[Range<usize>], below: Option<usize>, blocks: &mut Vec<Block>) {
    let s = |r: &Range<usize>| &text[r.clone()];
    if drawing(lines.iter().map(s)) {
        return;
    }
    let body: Vec<&Range<usize>> = lines
        .iter()
        .filter(|l| list_marker(s(l).trim_start()).is_none())
        .collect();
    let non_last = &body[..body.len().saturating_sub(1)];
    // Wrapped lines run close to the wrap width: a short line ends a paragraph (or is a
    // list of short items, which is not wrapped text at all) — unless the next line's
    // first word, as long as a line, would not have fitted on it (a link's address,
    // pushed down whole: `… Signed URLs and Signed` / `Cookies` /
    // `<https://docs.aws.amazon.com/…>`_`). An address longer than the wrap width is a
    // line of its own in wrapped text too.
    let chars = |l: &Range<usize>| s(l).trim_end().chars().count();
    let width = non_last
        .iter()
        .map(|l| chars(l))
        .filter(|n| (MIN_WRAPPED..=WRAP_WIDTH).contains(n))
        .max()
        .unwrap_or(0);
    let first_word = |l: &Range<usize>| {
        s(l).split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count())
    };
    let at_width = |i: usize| {
        let n = chars(non_last[i]);
        (MIN_WRAPPED..=WRAP_WIDTH).contains(&n)
            || n > WRAP_WIDTH && !s(non_last[i]).trim().contains(char::is_whitespace)
            || n < MIN_WRAPPED && n > 0 && {
                let pushed = first_word(body[i + 1]);
                pushed >= MIN_WRAPPED && n + 1 + pushed > width
            }
    };
    let wrapped = body.len() >= 2
        && width > 0
        && (0..non_last.len()).all(at_width)
        && non_last.iter().filter(|l| !ends_sentence(s(l))).count() * 2 >= non_last.len();

    // A list of single words, one a line (a spelling dictionary, a stop-word list): each
    // line is its own, never a paragraph wrapped after every word.
    let word_list = lines.len() >= 3
        && lines
            .iter()
            .all(|l| !s(l).trim().contains(char::is_whitespace));
    let mut current: Option<(BlockKind, Prose, Range<usize>)> = None;
    let flush = |cur: &mut Option<(BlockKind, Prose, Range<usize>)>, blocks: &mut Vec<Block>| {
        if let Some((k, p, _)) = cur.take() {
            blocks.push(block(k, p));
        }
    };
    // While in code: how far it runs.
    enum Code<'t> {
        /// To the group's end: an unindented prompt, its output at its indent.
        ToEnd,
        /// Through the indented lines under the line that opened it.
        Indented,
        /// A traceback: its indented frames, every line with its prefix (pytest's
        /// `INTERNALERROR> `), and the exception line that ends it.
        Traceback(&'t str),
    }
    let mut code: Option<Code> = None;
    // Terms over one definition, a line each (Sphinx's glossary: `mapped` / `mapped class`
    // over the indented text that defines both, directly or after a blank line): a short
    // line that ends no sentence, over a line indented deeper or over another such term at
    // its own indentation. Two of them in a row are two units, not a line wrapped early.
    let mut term = vec![false; lines.len()];
    let at = |l: &str| l.len() - l.trim_start().len();
    let (mut under, mut term_under) = (below, false);
    for i in (0..lines.len()).rev() {
        let this = s(&lines[i]);
        // The indentations first: most lines of a group share theirs, with no term under.
        let here = at(this);
        term[i] = under.is_some_and(|u| here < u || here == u && term_under) && {
            let t = this.trim();
            !t.is_empty()
                && t.chars().count() < MIN_WRAPPED
                && !t.contains("  ")
                && !t.contains('\t')
                && !ends_sentence(t)
                && list_marker(t).is_none()
        };
        (under, term_under) = (Some(here), term[i]);
    }
    for (i, line) in lines.iter().enumerate() {
        let t = s(line);
        let indent = t.len() - t.trim_start().len();
        // A console session is code: a Python prompt (`>>> `, a doctest) or a shell
        // prompt (`$ make`) opens it, and it runs to the blank line with its output. A
        // line only code reads as (`# ls -l`, `if [ -d x ]; then`) opens code through the
        // indented lines under it (a block's body, a continuation), and so does an
        // indented prompt: an unindented line ends it (a fortune file has no blank lines:
        // one epigram's `#define` does not swallow the rest). None of it is prose for a
        // rule to check or a fix to edit.
        // A traceback (`Traceback (most recent call last):`) runs through its frames and
        // its exception line.
        match code {
            Some(Code::ToEnd) => continue,
            Some(Code::Indented) if indent > 0 => continue,
            Some(Code::Traceback(prefix))
                if indent > 0 || !prefix.is_empty() && t.starts_with(prefix) =>
            {
                continue
            }
            Some(Code::Traceback(_)) if exception_line(t) => {
                code = None;
                continue;
            }
            _ => {}
        }
        code = None;
        if console_prompt(t) {
            flush(&mut current, blocks);
            code = Some(if indent == 0 {
                Code::ToEnd
            } else {
                Code::Indented
            });
            continue;
        }
        if let Some(prefix) = traceback(t) {
            flush(&mut current, blocks);
            code = Some(Code::Traceback(prefix.trim_end()));
            continue;
        }
        if code_line(t) {
            flush(&mut current, blocks);
            code = Some(Code::Indented);
            continue;
        }
        if let Some(m) = list_marker(t.trim_start()) {
            flush(&mut current, blocks);
            let mut p = Prose::default();
            push_line(text, &mut p, line.start + indent + m..line.end);
            current = Some((BlockKind::ListItem, p, line.clone()));
            continue;
        }
        // A short line with the next indented deeper than its text is a term over its
        // definition (reStructuredText's definition list: `"store" actions` over `actions
        // that result in …`): the two are separate units, not a line wrapped early. A line
        // with gaps in it is a table's header over its rows, and stays with them.
        let defined = |prev: &str| {
            let column =
                prev.len() - prev.trim_start().len() + list_marker(prev.trim_start()).unwrap_or(0);
            let term = prev.trim();
            indent > column
                && term.chars().count() < MIN_WRAPPED
                && !term.contains("  ")
                && !term.contains('\t')
        };
        let continues = match &current {
            Some((BlockKind::Paragraph, _, prev)) => {
                let next_term = i > 0 && term[i - 1] && term[i];
                !(word_list || defined(s(prev)) || next_term)
                    && (wrapped
                        || (!ends_sentence(s(prev))
                            && t.trim_start().starts_with(|c: char| c.is_lowercase())))
            }
            // An indented line under a list item continues it only when it reads as the
            // item's wrapped text: the item's line ran to the wrap width without ending a
            // sentence, or this line goes on in lower case. A page dump's indented menu
            // (`- Home` / `  News` / `  Sport`) is one line per entry.
            Some((BlockKind::ListItem, _, prev)) => {
                let prev = s(prev);
                indent > 0
                    && !defined(prev)
                    && (wraps(prev)
                        || !ends_sentence(prev)
                            && t.trim_start().starts_with(|c: char| c.is_lowercase()))
            }
            _ => false,
        };
        if continues {
            let (_, p, prev) = current.as_mut().expect("checked");
            push_line(text, p, line.clone());
            *prev = line.clone();
        } else {
            flush(&mut current, blocks);
            let mut p = Prose::default();
            push_line(text, &mut p, line.clone());
            current = Some((BlockKind::Paragraph, p, line.clone()));
        }
    }
    flush(&mut current, blocks);
}

#[cfg(test)]
mod tests {
    use crate::document::{BlockKind, Document, Format};

    fn doc(s: &str) -> Document {
        let d = Document::parse("t.txt", s.to_string(), Format::Text);
        crate::document::tests::assert_spans_valid(&d);
        d
    }

    /// Vim's help files are marked up by hand, known by their modeline; a page's text
    /// that mentions Vim, or a modeline setting another file type, is not.
    #[test]
    fn vim_help_is_marked_up_by_hand() {
        let help = "*pi_spec.txt*   For Vim version 9.0.\n\nby Gustavo Niemeyer ~\n\nThis replaces each 'E'.  Read more in |<Char->|.\n\n vim:tw=78:ts=8:noet:ft=help:norl:\n";
        assert!(doc(help).marked_up());
        assert!(doc("Notes\n\nText.\n\nvim: set filetype=help :\n\n\n").marked_up());
        assert!(!doc("Notes\n\nText.\n\n vim:tw=78:ts=8:ft=text:\n").marked_up());
        assert!(!doc("Editors\n\nOne.\n\nI use vim: it opens ft=help pages.\n").marked_up());
    }

    /// Vim help's examples (` >` to `<` or text in the first column) are code; the same
    /// lines in a file that is not Vim help stay prose.
    #[test]
    fn vim_help_examples_are_code() {
        let help = "*x.txt*  Notes\n\nMap it so: >\n\t:map <buffer>  ,w  /[.,;]<CR>\n\n\tlet x = [1,,2]\n<\tThen type it.\nAnd a list: >\n    a  b\nBack in the text.\n\n vim:tw=78:ts=8:noet:ft=help:norl:\n";
        let d = doc(help);
        let texts: Vec<&str> = d.blocks.iter().map(|b| b.text()).collect();
        assert!(texts.contains(&"Map it so: >"), "{texts:?}");
        assert!(texts.contains(&"Back in the text."), "{texts:?}");
        assert!(
            !texts
                .iter()
                .any(|t| t.contains(",w") || t.contains("[1,,2]") || t.contains("a  b")),
            "{texts:?}"
        );
        let plain = help.replace("ft=help", "ft=text");
        let d = doc(&plain);
        assert!(d.blocks.iter().any(|b| b.text().contains("[1,,2]")));
    }

    #[test]
    fn console_sessions_are_code() {
        // A doctest (prompt and output, to the blank line) and an indented shell session
        // are not prose; the prose before them in their group stays.
        let d = doc("Title here\n\nAdd a distribution:\n    >>> ws.add(dist,\"foo\")\n    >>> print(im(r\"x\"))\n    ['foo']\n\nThen build it:\n\n    $ make  install\n    done\n\nA $ 5 fee, and  more.\n");
        let texts: Vec<&str> = d.blocks.iter().map(|b| b.text()).collect();
        assert_eq!(
            texts,
            [
                "Title here",
                "Add a distribution:",
                "Then build it:",
                "A $ 5 fee, and  more."
            ]
        );
        // Unindented, a prompt before a command (Debian's bug-reporting guide).
        let d = doc("Title here\n\nFor example:\n$ type apt-get\napt-get is /usr/bin/apt-get\n\n$ 5 is the fee.\n");
        let texts: Vec<&str> = d.blocks.iter().map(|b| b.text()).collect();
        assert_eq!(texts, ["Title here", "For example:", "$ 5 is the fee."]);
    }

    #[test]
    fn lines_only_code_reads_as() {
        for code in [
            "# fdisk /dev/sdx",
            "    # enable bash-completion",
            "if [ -d $d/debian ]; then",
            "d=. ; while [ ! -d $d/debian ]; do d=$d/..; done",
            "  fi",
            "zenity --info --width 640 \\",
            "  --height 400 \\",
            "crw-rw---- 1 root root  10, 60 2021-10-04 18:44 control",
            "drwxr-xr-x. 2 jane staff 4096 Jan  1 file",
            "QUILT_PATCHES=\"debian/patches\"",
            "export DEB_CFLAGS_MAINT_APPEND=-Wall",
            "#define q(k)main(){return!puts(#k\"\\nq(\"#k\")\");}",
            "#!/bin/sh",
            "menuentry 'Debian GNU/Linux' ... {",
        ] {
            assert!(super::code_line(code), "{code}");
        }
        for prose in [
            "# Nadal keeps Spain alive",
            "#1 on the charts",
            "E=mc2 is famous.",
            "If the vote fails, then what?",
            "Then we were done",
            "The do-it-yourself guide",
            "fine",
            "}",
            "{",
            "{{ page.title }}",
            "----------",
            "marble; then you chip away everything",
            "It's ten o'clock; do you know where your processes are?",
            "---==---(_)__  __ ____  __    / / /\\ \\",
            "   /_/______/___/ /___/  \\",
        ] {
            assert!(!super::code_line(prose), "{prose}");
        }
        // Code runs through the indented lines under the line that opens it: a fortune
        // file (no blank lines) goes on after one epigram's code.
        let d = doc("Title here\n\nFor example:\n    # ls -l\n    total 0\n    fi\n%\nA fortune  here.\n#define NULL 0\n    /* no */\n%\nAnother  one.\n");
        let texts: Vec<&str> = d.blocks.iter().map(|b| b.text()).collect();
        assert_eq!(
            texts,
            [
                "Title here",
                "For example:",
                "%",
                "A fortune  here.",
                "%",
                "Another  one."
            ]
        );
    }

    /// A Python traceback is code: its frames, its exception line, and a tool's prefix on
    /// each of its lines (pytest's `INTERNALERROR> `); the prose after it is prose.
    #[test]
    fn tracebacks_are_code() {
        let d = doc("Title here\n\nIt failed:\nTraceback (most recent call last):\n  File \"/usr/lib/x.py\", line 12, in main\n    return  run(x)\nsqlite3.OperationalError: no  such table\nThe fix is  simple.\n\nINTERNALERROR> Traceback (most recent call last):\nINTERNALERROR>   File \"x.py\", line 3, in f\nINTERNALERROR>     a  = 1\nINTERNALERROR>\nINTERNALERROR> KeyError:  'a'\nThen it  stopped.\n\nA frame quoted alone:\n    File \"y.py\", line 9, in g\n");
        let texts: Vec<&str> = d.blocks.iter().map(|b| b.text()).collect();
        assert_eq!(
            texts,
            [
                "Title here",
                "It failed:",
                "The fix is  simple.",
                "Then it  stopped.",
                "A frame quoted alone:"
            ]
        );
        for prose in [
            "Error: the file was not found.",
            "Warning signs of a stroke",
            "A ValueError is raised.",
        ] {
            assert!(!super::exception_line(prose), "{prose}");
        }
        assert!(super::traceback("The Traceback (most recent call last): line").is_none());
    }

    /// A drawing in marks (a graph in slashes, a flowchart in `|`, `--->` and `v`) is not
    /// prose; lines of words between `|` (a navigation bar), an e-mail's quoted lines and a
    /// table with one rule under its header are.
    #[test]
    fn drawings_are_not_prose() {
        let prose = |s: &str| -> Vec<String> {
            doc(s)
                .blocks
                .iter()
                .filter(|b| b.kind != BlockKind::Title)
                .map(|b| b.text().to_string())
                .collect()
        };
        for drawing in [
            "Pages\n\n      home\n     /     \\\n  news   sport\n     \\     /\n     contact\n",
            "Steps\n\n  a date ?  --- no --->  keep it\n     |                 |\n    yes                |\n     |                 |\n     v                 v\n  parse it          store it\n",
            "Art\n\n   /|__\n  ///,-`\n  o o ,\n  | .' \",\n  (x)\\  \"\"---.\n",
        ] {
            assert_eq!(prose(drawing), Vec::<String>::new(), "{drawing}");
        }
        for (text, words) in [
            (
                "Menu\n\nHome | News | Sport\nWorld | Business | Arts\nAbout | Contact\n",
                ["News", "Arts", "Contact"],
            ),
            (
                "Mail\n\n> I said so.\n>\n> Twice.\n>\n> Then left.\n",
                ["said", "Twice", "left"],
            ),
            (
                "Table\n\n| name | size |\n|------|------|\n| a    | 1    |\n",
                ["name", "size", "a"],
            ),
        ] {
            let read = prose(text).join(" ");
            for w in words {
                assert!(read.contains(w), "{w} in {text}: {read}");
            }
        }
    }

    /// A list of single words, one a line, is a line each; two words wrapped are one
    /// paragraph.
    #[test]
    fn word_lists_are_a_line_each() {
        let d = doc("Title here\n\njQuery\njquery\njson\n\nThe vote was\nclose.\n");
        let texts: Vec<&str> = d.blocks.iter().map(|b| b.text()).collect();
        assert_eq!(
            texts,
            [
                "Title here",
                "jQuery",
                "jquery",
                "json",
                "The vote was close."
            ]
        );
    }

    #[test]
    fn one_paragraph_per_line() {
        let d = doc("Title here\nA deck without a period\nFirst paragraph. It has two sentences.\nSecond paragraph.\n- item one\n- item two");
        let kinds: Vec<_> = d.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Title,
                BlockKind::Deck,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem
            ]
        );
        assert_eq!(d.blocks[4].text(), "item one");
        assert_eq!(&d.text[d.blocks[5].range()], "item two");
    }

    #[test]
    fn hard_wrapped_blocks_are_joined() {
        let d = doc("Title\n\nThis paragraph was typed by hand and\nwrapped at a short width so that it\ncontinues here.\n\nNext one.\n");
        assert_eq!(d.blocks[1].text(), "This paragraph was typed by hand and wrapped at a short width so that it continues here.");
        assert_eq!(d.blocks[2].text(), "Next one.");
    }

    /// A link's address too long to share a line is pushed down whole, leaving the line
    /// above it short: still one wrapped paragraph, not a short line of its own.
    #[test]
    fn an_address_pushed_to_the_next_line_is_wrapped_text() {
        let text = "Title\n\nThe following example signs a CloudFront URL. To sign a URL, you need the key\npair ID (called the Access Key ID in the AWS Management Console) and the\nprivate key of the trusted signer's CloudFront key pair. For more information\nabout signed URLs, see `Serving Private Content with Signed URLs and Signed\nCookies\n<https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PrivateContent.html>`_\nin the Amazon CloudFront Developer Guide.\n";
        let d = doc(text);
        assert_eq!(d.blocks.len(), 2);
        assert!(d.blocks[1].text().starts_with("The following example"));
        assert!(d.blocks[1].text().ends_with("Developer Guide."));
        // Short lines over a short word are lines of their own.
        let d = doc("Title\n\n![alt](local-img.jpg \"(\")\n![alt](local-img.jpg \"(open only\")\n![alt](local-img.jpg \")\")\n");
        assert_eq!(d.blocks.len(), 4);
    }

    /// Regression: a list marker followed only by spaces panicked (range start past its end).
    #[test]
    fn list_marker_with_only_spaces() {
        for marker in ["-", "*", "•", "–"] {
            let d = doc(&format!("Title\n{marker}  \n{marker}   \r\nA paragraph.\n"));
            assert!(d.blocks.iter().any(|b| b.text() == "A paragraph."));
            let d = doc(&format!("Title\n\n{marker}  \n  \n"));
            assert!(d.blocks.iter().all(|b| b.range().start <= b.range().end));
        }
    }

    /// Issue 8: indentation alone does not merge a page dump's lines into one list item.
    #[test]
    fn indented_lines_under_a_list_item() {
        let d = doc("Title\n- Home\n  News\n  Sport\n- This list item is long enough that the writer wrapped it\n  onto a second line.\n- short item\n  and lower case goes on\n");
        let texts: Vec<_> = d.blocks.iter().skip(1).map(|b| b.text()).collect();
        assert_eq!(
            texts,
            [
                "Home",
                "News",
                "Sport",
                "This list item is long enough that the writer wrapped it onto a second line.",
                "short item and lower case goes on"
            ]
        );
    }

    /// Several terms over one definition, a line each (Sphinx's glossary, the definition
    /// right under them or after a blank line): each its own unit (`mapped` over `mapped
    /// class` was one block, `mapped mapped class`, a repeated word). A short line over a
    /// longer one at its indentation is still wrapped text.
    #[test]
    fn terms_over_one_definition() {
        let d = doc("Title\n\n    mapping\n    mapped\n    mapped class\n        We say a class is mapped when it has been associated.\n\n    relational\n    relational algebra\n\n        An algebraic system.\n\nshort line\nand lower case goes on for a while\n    indented under it\n");
        let texts: Vec<_> = d.blocks.iter().skip(1).map(|b| b.text()).collect();
        assert_eq!(
            texts,
            [
                "mapping",
                "mapped",
                "mapped class",
                "We say a class is mapped when it has been associated.",
                "relational",
                "relational algebra",
                "An algebraic system.",
                "short line and lower case goes on for a while indented under it"
            ]
        );
    }

    /// A definition list's term is its own unit, not the start of its definition (`padding`
    /// over `padding is a list …` is no repeated word); a table's header with gaps stays
    /// with its rows, and a wrapped line goes on as before.
    #[test]
    fn a_term_over_its_definition() {
        let d = doc("Title\n\n\"store\" actions\n   actions that result in storing a value\n\n * border=padding\n    padding is a list of integers\n\nchar   key   mode\n  b    bs    Normal\n\nshort line\nand lower case goes on\n");
        let texts: Vec<_> = d.blocks.iter().skip(1).map(|b| b.text()).collect();
        assert_eq!(
            texts,
            [
                "\"store\" actions",
                "actions that result in storing a value",
                "border=padding",
                "padding is a list of integers",
                "char   key   mode b    bs    Normal",
                "short line and lower case goes on"
            ]
        );
    }

    /// A mail's header at the top (git's how-to documents) is metadata: the title is the
    /// line under it. One `From:` line alone is not a header.
    #[test]
    fn a_mail_header_is_not_the_title() {
        let d = doc("From: Junio C Hamano <gitster@pobox.com>\nDate: Wed, 21 Nov 2007\nAbstract: How to do it,\n in two lines.\nContent-type: text/asciidoc\n\nHow to maintain Git\n===================\n\nText.\n");
        assert_eq!(
            (d.blocks[0].kind, d.blocks[0].text()),
            (BlockKind::Title, "How to maintain Git")
        );
        let d = doc("From: the desk of the editor\n\nText.\n");
        assert_eq!(d.blocks[0].text(), "From: the desk of the editor");
    }

    /// reStructuredText: the title under metadata and a target; none when the first text is
    /// a directive's body.
    #[test]
    fn the_title_of_a_restructuredtext_file() {
        let d = doc(":orphan:\n\n.. _top:\n\n=====\nGuide\n=====\n\nText.\n");
        assert_eq!(
            (d.blocks[0].kind, d.blocks[0].text()),
            (BlockKind::Title, "Guide")
        );
        let d = doc(".. todo::\n\n    This section is being written.\n\nText.\n");
        assert!(d.blocks.iter().all(|b| b.kind != BlockKind::Title));
        assert_eq!(d.blocks[0].text(), "This section is being written.");
    }

    #[test]
    fn crlf_bom_and_tabs() {
        let d = doc("\u{feff}Title\r\n\r\n\tIndented paragraph.\r\nAnother.\r\n");
        assert_eq!(d.blocks[0].text(), "Title");
        assert_eq!(d.blocks[1].text(), "Indented paragraph.");
        assert_eq!(d.blocks[2].text(), "Another.");
        assert_eq!(d.line_col(d.blocks[2].range().start), (4, 1));
    }
}
