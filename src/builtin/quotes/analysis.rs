//! Double quotation marks: which are opening and which closing, decided from context and
//! pairing within a paragraph (not from the glyph, so straight quotes work too). The
//! `quotes/*` rules are built on this analysis.
//!
//! Never read as quotes: apostrophes and single quotes (only double quotes are analysed),
//! primes after a digit (`6'4"`, `12" pizza`, `46"N`), guillemets (a paragraph holding
//! `« » ‹ ›` is left alone), code, URLs, HTML (masked in the prose). In a paragraph quoting
//! with low-high marks (`„…“`, `„…”`) only those pairs are read, for the space around them.

use std::ops::Range;

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::document::{Block, Document, MASK};
use crate::rule::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Open,
    Close,
    /// A double prime after a digit: inches, seconds.
    Prime,
    /// The mark itself, named rather than used: alone in brackets (`U+0022 (")`) or in
    /// other quotation marks (`“"”`).
    Glyph,
}

/// One double quotation mark in a block's prose.
#[derive(Debug, Clone)]
pub(crate) struct Quote {
    /// Range in the prose text.
    pub(crate) at: Range<usize>,
    pub(crate) ch: char,
    pub(crate) role: Role,
    /// A letter directly before an opening quote (`the"high`).
    pub(crate) glued_before: bool,
    /// A letter directly after a closing quote (`brands"and`).
    pub(crate) glued_after: bool,
    /// Index of the matching quote, when paired.
    pub(crate) pair: Option<usize>,
    /// A low-high pair's mark (`„Wir“`, `„Zbudujemy”`): only the rules on the space around
    /// a quote read it. A paragraph's quotes are all low-high ones or none.
    pub(crate) low: bool,
}

fn is_double(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

/// Scripts written without spaces between words, where a quote after a character is normal.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3130..=0x318F | 0x31F0..=0x31FF |
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF |
        0x20000..=0x3FFFF)
}

/// Hebrew and Arabic: a one-letter prefix (`ב"ארמית"`, `و"مملكة"`: in, and) is written
/// against the quoted word, so a quote after a letter is normal there.
fn is_hebrew_or_arabic(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x05FF | 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF |
        0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Marks that show nothing around a quote: masked text (HTML tags, code) and the
/// directional marks right-to-left text sets beside Latin words (`”Ã©\u{200E}“`: left-to-right,
/// right-to-left and Arabic letter marks).
pub(crate) fn transparent(c: char) -> bool {
    matches!(c, MASK | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A paragraph written right to left: more Arabic or Hebrew letters than Latin ones.
pub(crate) fn right_to_left(text: &str) -> bool {
    // Hebrew and Arabic letters (U+0590–U+077F) start with a byte D6 to DD; a text without
    // one (nearly every text) is read no further.
    if !text.bytes().any(|b| (0xD6..=0xDD).contains(&b)) {
        return false;
    }
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if is_hebrew_or_arabic(c) {
            rtl += 1;
        } else {
            ltr += 1;
        }
    }
    rtl > ltr
}

fn is_hebrew_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| matches!(c as u32, 0x05D0..=0x05EA))
}

pub(crate) fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphabetic() && !is_cjk(c) && !is_hebrew_or_arabic(c))
}

/// Characters after which a quote opens even without a space: `("`, `—"`, `/"`, an
/// opening curly mark (`“".gz"”`: a string quoted inside a quotation), and emphasis markers
/// left as text in plain copy (`**“…”**`).
pub(crate) fn opens_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '[' | '{' | '—' | '–' | '/' | '-' | '*' | '_' | '“' | '‘'
        )
}

/// Characters before which a quote closes: spaces, punctuation (Arabic's too: `”RAID
/// mirroring“،`), and a closing curly mark (`“".gz"”`, `‘"."’`).
pub(crate) fn closes_before(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '…' | '”' | '’'
                // Arabic's comma, semicolon and question mark, Urdu's full stop.
                | '،' | '؛' | '؟' | '۔'
        )
}

/// A paragraph in a language whose quotes work otherwise (`„…“`, `«…»`): not analysed as
/// English quotes are.
fn foreign_quotes(text: &str) -> bool {
    let b = text.as_bytes();
    // `«` `»` are C2 AB / C2 BB; `„` `‚` `‹` `›` are E2 80 9E / 9A / B9 / BA.
    memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| match b[i] {
        0xC2 => matches!(b.get(i + 1), Some(0xAB | 0xBB)),
        _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9E | 0x9A | 0xB9 | 0xBA)),
    })
}

/// Of a paragraph with foreign quotes: whether it quotes with low-high marks (`„` and no
/// guillemet, single or double: `«` `»` `‹` `›`, whose directions differ by language).
fn low_high(text: &str) -> bool {
    text.contains('„') && !text.contains(['«', '»', '‹', '›'])
}

/// Does `text` hold a double quote (`"`, `“` E2 80 9C, `”` E2 80 9D) or a low one (`„`
/// E2 80 9E, which may open with nothing to close it)? By bytes: every block of every
/// document asks, and most have none.
fn has_mark(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'"', 0xE2, b).any(|i| {
        b[i] == b'"' || b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9C..=0x9E))
    })
}

/// The quotes of every block of a document ([`analyze`]), by block index.
pub(crate) struct DocQuotes(pub(crate) Vec<Vec<Quote>>);

/// The quotes of every block of `doc`: analysed once, shared by the four quote rules.
pub(crate) fn quotes_of(doc: &Document) -> std::sync::Arc<DocQuotes> {
    doc.derived.get(|| {
        // In Markdown a backslash before a quote was an escape, already taken by the
        // reader: one left in the prose is a literal backslash (`"\\"`).
        let escapes = doc.format == crate::document::Format::Text;
        DocQuotes(
            doc.blocks
                .iter()
                .map(|b| analyze_with(b.text(), escapes))
                .collect(),
        )
    })
}

/// Whether `before` ends in a string literal's prefix standing as a word of its own (`r`,
/// `b`, `u`, `f`, `rb`, `br`, `fr`, `rf`, either case): Python's and Rust's raw, byte and
/// formatted strings (`r"\d+"`, `b"bytes"`, `f"{name}"`), which no English word is.
fn string_prefix(before: &str) -> bool {
    let letters = before
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (rest, prefix) = before.split_at(before.len() - letters);
    let standalone = !rest.chars().next_back().is_some_and(char::is_alphanumeric);
    standalone
        && matches!(
            prefix.to_ascii_lowercase().as_str(),
            "r" | "b" | "u" | "f" | "rb" | "br" | "fr" | "rf"
        )
}

/// Classify and pair the double quotes of one paragraph.
#[cfg(test)]
pub(crate) fn analyze(text: &str) -> Vec<Quote> {
    analyze_with(text, true)
}

/// Classify and pair the double quotes of one paragraph; `escapes`: a backslash before a
/// quote escapes it (plain text).
pub(crate) fn analyze_with(text: &str, escapes: bool) -> Vec<Quote> {
    if !has_mark(text) {
        return Vec::new();
    }
    if foreign_quotes(text) {
        return if low_high(text) {
            low_high_quotes(text)
        } else {
            Vec::new()
        };
    }
    let mut quotes: Vec<Quote> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    // Right-to-left text quotes `”…“` as it reads (Arabic, Persian, Hebrew): its glyphs'
    // roles are the other way round. Told when first needed (a curly mark spaced on both
    // sides), as most paragraphs never need it.
    let mut rtl: Option<bool> = None;
    for (i, c) in text
        .match_indices(is_double)
        .map(|(i, m)| (i, m.chars().next().unwrap_or('"')))
    {
        // Masked text (HTML tags, code) is transparent: `<span>“</span>Find` opens.
        let prev = text[..i].chars().rev().find(|&c| !transparent(c));
        let next = text[i + c.len_utf8()..].chars().find(|&c| !transparent(c));
        let at = i..i + c.len_utf8();
        if prev.is_some_and(|p| p.is_ascii_digit()) && stack.is_empty() && c != '“' {
            quotes.push(Quote {
                at,
                ch: c,
                role: Role::Prime,
                glued_before: false,
                glued_after: false,
                pair: None,
                low: false,
            });
            continue;
        }
        // Not a quotation mark: the mark named in brackets (`U+0022 (")`) or in other
        // quotation marks (`double quotes (“"”)`); an escaped one
        // (`"My \"double quoted\" name"` in plain text: Markdown's reader has already
        // taken the backslash); Hebrew's gershayim before an acronym's last letter (`חז"ל`,
        // `הרמב"ם`; a prefix letter before a quoted word, `ב"ארמית"`, opens a quotation).
        // Or alone between a pair of other marks that opens there (`double quotes (“"”)`,
        // `'"'`): named. Not after a word's closing mark (`'in the arena'"'`: a stray).
        // The pair is looked at first: the text before it is read only for the rare quote
        // between two marks.
        let quoted = c != '“'
            && c != '”'
            && matches!(
                (prev, next),
                (Some('“'), Some('”'))
                    | (Some('‘'), Some('’'))
                    | (Some('\''), Some('\''))
                    | (Some('«'), Some('»'))
                    | (Some('‹'), Some('›'))
                    | (Some('`'), Some('`'))
            )
            && !text[..i]
                .trim_end_matches(MASK)
                .chars()
                .rev()
                .nth(1)
                .is_some_and(char::is_alphanumeric);
        // Three straight marks or more in a row (`"""Return x."""`, a docstring;
        // `I"""___"""I`, ASCII art): no quotation opens or closes so. Two stay marks (a
        // doubled closing quote, `my problem,""`, is a slip to point at).
        let run = c == '"' && {
            let before = text[..i].bytes().rev().take_while(|&b| b == b'"').count();
            let after = text[i + 1..].bytes().take_while(|&b| b == b'"').count();
            before + after >= 2
        };
        let named = quoted
            || run
            || matches!((prev, next), (Some('(' | '['), Some(')' | ']')))
            || escapes && prev == Some('\\')
            || is_hebrew_letter(prev)
                && is_hebrew_letter(next)
                && !is_hebrew_letter(text[i + c.len_utf8()..].chars().nth(1));
        if named {
            quotes.push(Quote {
                at,
                ch: c,
                role: Role::Glyph,
                glued_before: false,
                glued_after: false,
                pair: None,
                low: false,
            });
            continue;
        }
        // Emphasis marks left as text in plain copy that close after the quote (`*"From "*
        // in the body`): the quote is at the end of a word, as if they were not there.
        let emphasis_ends = matches!(next, Some('*' | '_'))
            && text[i + c.len_utf8()..]
                .trim_start_matches(['*', '_'])
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
        let can_open = !emphasis_ends && next.is_some_and(|n| !closes_before(n));
        let can_close = prev.is_some_and(|p| !opens_after(p));
        let role = match (can_open, can_close) {
            (true, false) => Role::Open,
            (false, true) => Role::Close,
            // Glued on both sides (`the"high`, `brands"and`): an opening curly mark opens
            // (`search“Facebook”` inside a quotation) — unless one is open and no `”`
            // follows to close either (`được“gắn kết“trên`: `“` typed for both marks);
            // others are paired (`”` also stands for both marks in some CMS exports:
            // `(e.g.”back”`).
            (true, true) => match c {
                '“' if stack.last().is_some_and(|&o| quotes[o].ch == '“')
                    && !text[i..].contains('”') =>
                {
                    Role::Close
                }
                '“' => Role::Open,
                _ if stack.is_empty() => Role::Open,
                _ => Role::Close,
            },
            // Spaces on both sides: the glyph, else pairing. Right after an opening curly
            // mark a straight one opens inside it (`“".gz"”`, `‘"."’`).
            (false, false) if c != '"' => {
                let rtl = *rtl.get_or_insert_with(|| right_to_left(text));
                if (c == '“') != rtl {
                    Role::Open
                } else {
                    Role::Close
                }
            }
            (false, false) => match c {
                _ if matches!(prev, Some('“' | '‘')) => Role::Open,
                _ if stack.is_empty() => Role::Open,
                _ => Role::Close,
            },
        };
        let idx = quotes.len();
        let mut q = Quote {
            at,
            ch: c,
            role,
            glued_before: false,
            glued_after: false,
            pair: None,
            low: false,
        };
        match role {
            Role::Open => {
                // `the"high`, and `he said,“This` (wire copy): a comma glued between a word
                // and the quote lost its space too — also after `e.g.,`, `),` and a closing
                // quote (`“agree”,“disagree”`). Not after a digit (`1,"2"`: data), nor
                // between straight quotes (`["ex","echo"]`, `NetUserPass("uid","pw")`:
                // strings in code or data).
                let before_comma = || {
                    let before = text[..i].trim_end_matches(MASK);
                    before.strip_suffix(',').and_then(|b| b.chars().next_back())
                };
                // Not after a string literal's prefix (`r"strings"`, `b"bytes"`, `f"{x}"`):
                // code named in prose, not a lost space.
                // Nor before a quotation in CJK text (`SELinux“接口”`), written without
                // spaces.
                q.glued_before = (is_letter(prev) && !(c == '"' && string_prefix(&text[..i]))
                    || prev == Some(',')
                        && before_comma().is_some_and(|b| {
                            is_letter(Some(b))
                                || matches!(b, '.' | ')' | '”')
                                || b == '"' && c != '"'
                        }))
                    && !next.is_some_and(is_cjk);
                stack.push(idx);
            }
            Role::Close => {
                // Not after a quotation in CJK text (`”i386“二进制` has `运行”i386`).
                q.glued_after = is_letter(next) && !prev.is_some_and(is_cjk);
                if let Some(o) = stack.pop() {
                    q.pair = Some(o);
                    quotes[o].pair = Some(idx);
                }
            }
            Role::Prime | Role::Glyph => {}
        }
        quotes.push(q);
    }
    clear_wordplay(text, &mut quotes);
    for q in &mut quotes {
        // A straight mark inside a word that nothing closes (`Madame de Sta"el`,
        // `m"umsige`: an umlaut typed as TeX's `\"u`) opens no quotation there.
        if q.role == Role::Open && q.pair.is_none() && q.glued_before && q.ch == '"' {
            let prev = text[..q.at.start].chars().rev().find(|&c| !transparent(c));
            let next = text[q.at.end..].chars().find(|&c| !transparent(c));
            if is_letter(prev) && is_letter(next) {
                q.glued_before = false;
            }
        }
    }
    // Kept for the document's life (`quotes_of`): no room to grow.
    quotes.shrink_to_fit();
    quotes
}

/// The low-high pairs of a paragraph (German and Czech `„…“`, Polish, Hungarian and
/// Romanian `„…”`): `„` only ever opens, and the next `“` or `”` glued to the word before it
/// closes it. Other marks there (straight ones, English pairs) are not read: which of them
/// open is not known. A `„` glued to the letter before it (`sagte„Wir`) lost its space, as
/// its closing mark glued to the letter after it (`Brücke“und`) did; both glued, the pair
/// is wordplay (as `Bio"Pack"athon`).
fn low_high_quotes(text: &str) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, m) in text.match_indices(['„', '“', '”']) {
        let c = m.chars().next().unwrap_or('„');
        let at = i..i + m.len();
        let prev = text[..i].chars().rev().find(|&c| !transparent(c));
        let next = text[at.end..].chars().find(|&c| !transparent(c));
        let quote = |role, glued_before, glued_after, pair| Quote {
            at: at.clone(),
            ch: c,
            role,
            glued_before,
            glued_after,
            pair,
            low: true,
        };
        if c == '„' {
            // Before a space or punctuation (`Referer„,`) it quotes nothing.
            if next.is_some_and(|n| !n.is_whitespace() && !closes_before(n)) {
                open = Some(quotes.len());
                let glued = is_letter(prev) && !next.is_some_and(is_cjk);
                quotes.push(quote(Role::Open, glued, false, None));
            }
        } else if let Some(o) = open.filter(|_| prev.is_some_and(|p| !opens_after(p))) {
            let idx = quotes.len();
            quotes[o].pair = Some(idx);
            open = None;
            let glued = is_letter(next) && !prev.is_some_and(is_cjk);
            quotes.push(quote(Role::Close, false, glued, Some(o)));
        }
    }
    clear_wordplay(text, &mut quotes);
    quotes.shrink_to_fit();
    quotes
}

/// Wordplay: a pair glued to letters on both outer sides around one word
/// (`Bio"Pack"athon`) is a word set in another, deliberately; neither side lost a space.
/// Around words (`được“gắn kết“trên`), both did.
fn clear_wordplay(text: &str, quotes: &mut [Quote]) {
    for i in 0..quotes.len() {
        if let (Role::Open, Some(j)) = (quotes[i].role, quotes[i].pair) {
            let one_word =
                !text[quotes[i].at.end..quotes[j].at.start].contains(char::is_whitespace);
            if quotes[i].glued_before && quotes[j].glued_after && one_word {
                quotes[i].glued_before = false;
                quotes[j].glued_after = false;
            }
        }
    }
}

fn insert_space(text: &str, block: &Block, at: usize, title: &str) -> Option<Fix> {
    let at = block.prose.exact_range(at..at)?.start;
    let edit = Edit::checked(text, at..at, " ")?;
    Some(Fix::one(title.to_string(), Applicability::Safe, edit))
}

/// Which side of a quote a missing space is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// `the"high`: before an opening quote.
    BeforeOpening,
    /// `brands"and`: after a closing quote.
    AfterClosing,
}

/// Report quotes glued to the word on `side`, with a safe fix inserting the space.
pub(crate) fn report_glued(side: Side, doc: &Document, cx: &mut Context<'_>) {
    let quotes = quotes_of(doc);
    for (i, block) in cx.indexed_blocks(doc) {
        let text = block.text();
        let block_quotes = &quotes.0[i];
        for q in block_quotes.iter().cloned() {
            let (insert_at, word, glue) = match (side, q.role) {
                (Side::BeforeOpening, Role::Open) if q.glued_before => {
                    let prev = text[..q.at.start]
                        .chars()
                        .next_back()
                        .map_or(0, char::len_utf8);
                    // After a comma the word is the one before it, with the comma.
                    let comma = text[..q.at.start].ends_with(',');
                    let word = if comma {
                        let w = word_before(text, q.at.start - 1);
                        &text[q.at.start - 1 - w.len()..q.at.start]
                    } else {
                        word_before(text, q.at.start)
                    };
                    (q.at.start, word, q.at.start - prev..q.at.end)
                }
                // An ending on a quoted word (`the "A"s`, `"source"d`) belongs to it.
                (Side::AfterClosing, Role::Close)
                    if q.glued_after
                        && !is_inflection(
                            word_before(text, q.at.start),
                            word_after(text, q.at.end),
                        )
                        && (!q.low || !is_german_ending(word_after(text, q.at.end)))
                        && !turkish_suffix(text, word_after(text, q.at.end))
                        && !mnemonic(text, q.pair.map(|o| &block_quotes[o]), &q) =>
                {
                    let next = text[q.at.end..].chars().next().map_or(0, char::len_utf8);
                    (
                        q.at.end,
                        word_after(text, q.at.end),
                        q.at.start..q.at.end + next,
                    )
                }
                _ => continue,
            };
            // Glued in the source itself, not only once markup (`**x**"y"`) or an entity
            // (`their&#8221;`) is resolved.
            if block.prose.exact_range(glue).is_none() {
                continue;
            }
            let span = block.prose.map_range(q.at.clone());
            let fix = insert_space(&doc.text, block, insert_at, "insert a space");
            let d = cx.report(span, &[("word", word), ("match", &text[q.at.clone()])]);
            d.fix = fix;
        }
    }
}

/// A letter quoted inside its word to show it is the key or option that stands for the word
/// (`"q"uit`, `"-v"erbosely`): one letter, perhaps after a dash, between the quotes, and
/// lower-case letters after them.
fn mnemonic(text: &str, open: Option<&Quote>, close: &Quote) -> bool {
    let Some(open) = open.filter(|o| o.at.end <= close.at.start) else {
        return false;
    };
    let mut inside = text[open.at.end..close.at.start]
        .trim_start_matches('-')
        .chars();
    let one_letter = inside.next().is_some_and(char::is_alphabetic) && inside.next().is_none();
    one_letter
        && text[close.at.end..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
}

/// Endings written straight after a quoted word (`quoted`, the word the quote closes):
/// plurals and verb forms of it, with its last consonant doubled before `ed`, `ing` or `er`
/// as English doubles it (`"gzip"ped`, `"grep"ping`).
fn is_inflection(quoted: &str, word: &str) -> bool {
    if matches!(word, "s" | "es" | "d" | "ed" | "ing" | "er" | "ers" | "ish") {
        return true;
    }
    let mut rest = word.chars();
    rest.next()
        .is_some_and(|c| c.is_ascii_alphabetic() && !"aeiouy".contains(c) && quoted.ends_with(c))
        && matches!(rest.as_str(), "ed" | "ing" | "er" | "ers")
}

/// Endings German writes onto a quoted word or figure (`24 „1“en`, `des „Tatort“s`): read
/// after a low-high pair only (`"la casa"en Madrid` lost its space in Spanish).
fn is_german_ending(word: &str) -> bool {
    matches!(word, "n" | "en" | "ern" | "ns" | "ens")
}

/// A case ending Turkish writes onto a quoted name (`"Açık Kaynak Tanımı"nın`,
/// `"yapılandır"ı seçin`): a lower-case word after the closing mark, in a paragraph with
/// the letters only Turkish (and Azerbaijani) write, `ı İ ğ Ğ`.
fn turkish_suffix(text: &str, word: &str) -> bool {
    word.starts_with(char::is_lowercase) && text.contains(['ı', 'İ', 'ğ', 'Ğ'])
}

fn word_before(text: &str, at: usize) -> &str {
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..at]
}

fn word_after(text: &str, at: usize) -> &str {
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| at + i);
    &text[at..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_marks_are_found_by_bytes_as_by_characters() {
        let texts = [
            "",
            "plain",
            "say \"hi\"",
            "“curly”",
            "only ”",
            "dash — and ’ apostrophe",
            "«guillemets»",
            "„German“",
            "‚single‘",
            "‹one›",
            "é à ü",
            "’’—…",
            "x\u{2019}\u{201c}",
            "\u{201e}",
            "\u{00ab}",
            "\u{00bb}",
            "\u{201a}",
            "\u{2039}",
            "\u{203a}",
            "\u{201b}",
        ];
        // Every character whose UTF-8 starts with C2 or E2 80 (the bytes searched for), alone
        // and between letters.
        let near: Vec<String> = ('\u{80}'..='\u{ff}')
            .chain('\u{2000}'..='\u{203f}')
            .flat_map(|c| [c.to_string(), format!("a{c}b")])
            .collect();
        for t in texts.iter().copied().chain(near.iter().map(String::as_str)) {
            assert_eq!(has_mark(t), t.contains(['"', '“', '”', '„']), "{t:?}");
            assert_eq!(
                foreign_quotes(t),
                t.contains(['„', '«', '»', '‚', '‹', '›']),
                "{t:?}"
            );
        }
    }

    fn roles(t: &str) -> Vec<(char, Role, bool, bool)> {
        analyze(t)
            .into_iter()
            .map(|q| (q.ch, q.role, q.glued_before, q.glued_after))
            .collect()
    }

    #[test]
    fn glued_opening_and_closing() {
        assert_eq!(
            roles("turning the\"high resolution\" rhetoric"),
            [
                ('"', Role::Open, true, false),
                ('"', Role::Close, false, false)
            ]
        );
        assert_eq!(
            roles("the \"four brands\"and"),
            [
                ('"', Role::Open, false, false),
                ('"', Role::Close, false, true)
            ]
        );
        // A string literal's prefix is code; a one-letter English word is not one.
        assert_eq!(
            roles("use r\"\\d+\" or f\"{x}\" and a\"word\""),
            [
                ('"', Role::Open, false, false),
                ('"', Role::Close, false, false),
                ('"', Role::Open, false, false),
                ('"', Role::Close, false, false),
                ('"', Role::Open, true, false),
                ('"', Role::Close, false, false)
            ]
        );
        assert_eq!(
            roles("a“vanity project”"),
            [
                ('“', Role::Open, true, false),
                ('”', Role::Close, false, false)
            ]
        );
    }

    /// The mark named, not used: alone in brackets or in other quotation marks. A
    /// quotation inside brackets still opens and closes.
    #[test]
    fn a_named_mark_is_a_glyph() {
        assert!(roles("code points U+0022 (\"), U+0023 (#) and [\"]")
            .iter()
            .all(|q| q.1 == Role::Glyph));
        assert_eq!(
            roles("(\"Stop.\") and [\"go\"]")
                .iter()
                .map(|q| q.1)
                .collect::<Vec<_>>(),
            [Role::Open, Role::Close, Role::Open, Role::Close]
        );
        // Named in other quotation marks: the marks around it still pair.
        assert_eq!(
            roles("double quotes (“\"”) or '\"' can be used")
                .iter()
                .map(|q| q.1)
                .collect::<Vec<_>>(),
            [Role::Open, Role::Glyph, Role::Close, Role::Glyph]
        );
        // After a word's closing mark, a stray, not a mark named.
        assert_ne!(roles("be 'in the arena'\"' as he said")[0].1, Role::Glyph);
    }

    /// A backslash escapes a quote in plain text; in Markdown's prose a backslash left
    /// before a quote is a literal one (`"\\"` was `"\\\\"` in the source).
    #[test]
    fn escaped_quotes_in_plain_text_only() {
        let plain = analyze_with(r#""My \"quoted\" name""#, true);
        let roles: Vec<Role> = plain.iter().map(|q| q.role).collect();
        assert_eq!(roles, [Role::Open, Role::Glyph, Role::Glyph, Role::Close]);
        assert_eq!(plain[0].pair, Some(3));
        let markdown = analyze_with(r#"of "/" or "\" are"#, false);
        assert!(markdown.iter().all(|q| q.pair.is_some()), "{markdown:?}");
    }

    #[test]
    fn primes_cjk_wordplay_and_foreign_quotes() {
        assert!(
            roles("He is 6'4\" tall and ate a 12\" pizza at 40°26'46\"N.")
                .iter()
                .all(|q| q.1 == Role::Prime)
        );
        assert!(roles("他说“明年还会再来”").iter().all(|q| !q.2 && !q.3));
        assert!(roles("the Bio\"Pack\"athon event")
            .iter()
            .all(|q| !q.2 && !q.3));
        assert!(roles("Er sagte „Hallo“ und ging")
            .iter()
            .all(|q| !q.2 && !q.3));
        assert!(roles("Il a dit « bonjour » et «salut»").is_empty());
        assert_eq!(roles("the \"Class of 2019\" said")[1].1, Role::Close);
    }

    /// Low-high marks: `„` opens, the next `“` or `”` after a word closes; glued to a
    /// letter outside, a space was lost. Other marks in the paragraph are not read, and a
    /// paragraph with guillemets is left alone (`»` opens in Danish and closes in French).
    #[test]
    fn low_high_quotes_open_low_and_close_high() {
        assert_eq!(
            roles("Er sagte„Wir bauen“ und ging, „gut“und froh."),
            [
                ('„', Role::Open, true, false),
                ('“', Role::Close, false, false),
                ('„', Role::Open, false, false),
                ('“', Role::Close, false, true)
            ]
        );
        assert_eq!(
            roles("Powiedział„Zbudujemy most” i wyszedł."),
            [
                ('„', Role::Open, true, false),
                ('”', Role::Close, false, false)
            ]
        );
        let pairs = analyze("Der Film „Star Wars“ (engl. “Star Wars”) und \"x\"");
        assert_eq!(
            (pairs.len(), pairs[0].pair, pairs[1].pair),
            (2, Some(1), Some(0))
        );
        assert!(pairs.iter().all(|q| q.low));
        // Not an opening mark: before a comma; a mark after a space closes nothing (the
        // next one glued to a word does); wordplay.
        assert!(roles("hlavičku „Referer„, k čomu")
            .iter()
            .all(|q| !q.2 && !q.3));
        assert_eq!(
            roles("„Foo and “bar”baz"),
            [
                ('„', Role::Open, false, false),
                ('”', Role::Close, false, true)
            ]
        );
        assert!(roles("das Bio„Pack“athon-Fest")
            .iter()
            .all(|q| !q.2 && !q.3));
        assert!(roles("Er sagte „Hallo“, und »Tschüss« sagte„sie“.").is_empty());
        // Without a closing mark anywhere, still read.
        assert_eq!(
            roles("Er sagte„Wir bauen."),
            [('„', Role::Open, true, false)]
        );
    }

    /// Other scripts' punctuation and marks: Arabic's comma closes a quotation, directional
    /// marks show nothing, and a quotation in CJK text needs no space outside it.
    #[test]
    fn arabic_punctuation_directional_marks_and_cjk_quotations() {
        assert!(roles("باسم ”RAID mirroring“، وهو الأبسط")
            .iter()
            .all(|q| !q.2 && !q.3));
        assert_eq!(
            roles("مثل ”Ã©\u{200E}“ أو")
                .iter()
                .map(|q| q.1)
                .collect::<Vec<_>>(),
            [Role::Open, Role::Close]
        );
        assert!(roles("SELinux“接口”只是宏功能，通过”watchdog_thresh“这个")
            .iter()
            .all(|q| !q.2 && !q.3));
        assert!(roles("在系统中“发现”PCI设备").iter().all(|q| !q.2 && !q.3));
    }

    /// `“` typed for both marks: glued on both sides with one open and no `”` after, it
    /// closes; a glued pair around words (not one word) lost both spaces.
    #[test]
    fn a_left_mark_typed_for_both_and_pairs_around_words() {
        assert_eq!(
            roles("những cái khác được“gắn kết“trên các thư mục"),
            [
                ('“', Role::Open, true, false),
                ('“', Role::Close, false, true)
            ]
        );
        // Nested, with its own closing marks after: opens, as before.
        assert_eq!(
            roles("“Go search“Facebook” now”")
                .iter()
                .map(|q| q.1)
                .collect::<Vec<_>>(),
            [Role::Open, Role::Open, Role::Close, Role::Close]
        );
        assert_eq!(
            roles("the\"high resolution\"and"),
            [
                ('"', Role::Open, true, false),
                ('"', Role::Close, false, true)
            ]
        );
    }

    /// Right-to-left text quotes `”…“`: spaced on both sides, `”` opens there.
    #[test]
    fn right_to_left_quotes_open_with_the_right_mark() {
        let q = analyze("اختصاراً لكلمة ” !go “ وبفواصل (”,“).");
        assert!(q.iter().all(|q| q.pair.is_some()), "{q:?}");
        assert_eq!(q[0].role, Role::Open);
        assert_eq!(roles("the ” word “ in English")[0].1, Role::Close);
    }

    #[test]
    fn quotes_after_brackets_and_dashes_open() {
        assert!(roles("(\"x\") —\"y\" /\"z\"").iter().all(|q| !q.2 && !q.3));
    }

    /// A quote before emphasis marks that end there closes (`*"From "* in`), as before a
    /// space; before marks that open something (`"*.txt"`, `="_blank"`) it is as it was.
    #[test]
    fn emphasis_marks_after_a_quote() {
        let paired = |t: &str| analyze(t).iter().all(|q| q.pair.is_some());
        assert!(paired("lines starting with *\"From \"* in the body"));
        assert!(paired("lines starting with _\"From \"_ in the body"));
        assert!(paired("ends with *\"From \"*"));
        assert!(paired(
            "a glob \"*.txt\" and a target=\"_blank\" and \"__main__\""
        ));
        assert_eq!(
            analyze("a \"*.txt\" glob")
                .iter()
                .map(|q| q.role)
                .collect::<Vec<_>>(),
            [Role::Open, Role::Close]
        );
    }
}
