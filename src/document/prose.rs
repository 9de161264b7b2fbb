//! The prose of one block: the text a rule reads, mapped back to the original bytes.
//!
//! A block's prose is assembled from pieces of the original text. Markup between pieces
//! (emphasis markers, link brackets) is dropped; soft line breaks become one space; code
//! spans, inline HTML, URLs and template shortcodes become [`MASK`] characters, so no rule
//! reads them and no word or space pattern runs across them.

use std::ops::Range;

use regex::Regex;
use std::sync::LazyLock;

use crate::span::{Word, WORDS_WITHIN};

/// Stands in for text that is not prose (code, HTML, URLs). ASCII SUB: never in real copy.
pub const MASK: char = '\u{1a}';

#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    /// Offset in the prose text.
    at: usize,
    /// Length in the prose text.
    len: usize,
    /// Byte range in the original text.
    src: Range<usize>,
    /// The prose bytes equal the original bytes (one-to-one mapping).
    exact: bool,
}

/// Prose text with a map back to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    text: String,
    pieces: Vec<Piece>,
}

/// Template syntax, masked first so HTML tags holding it (`<a href="{{< ref "x" >}}">`)
/// are recognized as tags by the second pass.
static TEMPLATES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        # A link whose destination is a template ([text]({{< ref "x.md" >}} "Title"), and
        # a link definition of one: CommonMark sees text (a destination holds no spaces)
        # but the site's build makes a link of it, so its title's quotes are markup.
        \]\([^\s()]*\{\{(?:[<%].*?[%>]|[^}]*?)\}\}[^\s()]*(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)
      | (?m:^)\[[^\]\n]+\]:[\t\x20]*\{\{(?:[<%].*?[%>]|[^}]*?)\}\}\S*(?:[\t\x20]+(?:"[^"\n]*"|'[^'\n]*'))?
      | (?s:\{\{[<%].*?[%>]\}\})                # Hugo shortcodes {{< x >}} {{% x %}}
      | (?s:\{\{.*?(?:\}\}|\z))                 # other templates {{ x }}, {{raw `…`}} (to the block end if unclosed)
      | (?s:\{%.*?%\})                          # Liquid/Jinja tags
      | \[/?[a-z_]+\s+[a-z_]+=[^\]\n]*\]         # WordPress shortcodes [audio src="…" /]
    "#,
    )
    .expect("valid regex")
});

/// MDX expressions: innermost `{…}` first would need a parser; one level of nesting is read.
static EXPRESSIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{(?:[^{}]|\{[^{}]*\})*\}").expect("valid regex"));

/// URLs, e-mail addresses, HTML tags and attribute pairs inside running text.
static NOT_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        </?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>     # HTML tags, even malformed ones
      | (?:https?|ftp|file|mailto):[^\s<>"'“”‘’()\[\]]*[^\s<>"'“”‘’()\[\].,;:!?]  # URLs
      | (?-u:\b)www\.[A-Za-z0-9-]+\.[^\s<>"'“”‘’()\[\]]*[^\s<>"'“”‘’()\[\].,;:!?]
      | [A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+
      | [A-Za-z-]+=["“”][^"“”\n]*["“”]             # attribute pairs left from broken HTML: width="600"
      | &(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});   # entities left as text: caf&#233;
    "#,
    )
    .expect("valid regex")
});

impl Prose {
    /// Empty prose with room for `bytes` of text (and its pieces: a text event or a line
    /// break every few dozen bytes).
    pub(crate) fn with_capacity(bytes: usize) -> Prose {
        Prose {
            text: String::with_capacity(bytes),
            pieces: Vec::with_capacity(bytes / 48 + 1),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Original byte range covered by this prose.
    pub fn src_range(&self) -> Range<usize> {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(a), Some(b)) => a.src.start..b.src.end,
            _ => 0..0,
        }
    }

    /// Append original text `src` as prose, byte for byte.
    pub(crate) fn push_source(&mut self, original: &str, src: Range<usize>) {
        self.push_exact(src.clone(), &original[src]);
    }

    /// Replace URLs, e-mail addresses, HTML tags and template shortcodes with [`MASK`]
    /// bytes, one per byte, so the mapping to the original is unchanged. Runs on the
    /// assembled text, so a tag broken over two lines is masked whole.
    pub(crate) fn mask_non_prose(&mut self) {
        // SIMD byte scans (every block pays them): the marks are ASCII.
        let bytes = self.text.as_bytes();
        if memchr::memchr2(b'{', b'[', bytes).is_some() {
            self.mask(&TEMPLATES);
        }
        let bytes = self.text.as_bytes();
        if memchr::memchr3(b'/', b'<', b'@', bytes).is_some()
            || memchr::memchr2(b'=', b'&', bytes).is_some()
            || WWW.find(bytes).is_some()
        {
            self.mask(&NOT_PROSE);
        }
    }

    /// Move every piece's source range through `f` (prose read from a derived text, such
    /// as a dedented MkDocs admonition body, mapped back to the file).
    pub(crate) fn remap(&mut self, f: impl Fn(usize) -> usize) {
        for p in &mut self.pieces {
            p.src = f(p.src.start)..f(p.src.end);
        }
    }

    /// MDX: mask `{…}` JavaScript expressions and `{/* … */}` comments.
    pub(crate) fn mask_expressions(&mut self) {
        if self.text.contains('{') {
            self.mask(&EXPRESSIONS);
        }
    }

    /// Replace `ranges` of the text (sorted, apart, on character boundaries) with [`MASK`]
    /// bytes, one per byte (code spans a reader found itself).
    pub(crate) fn mask_ranges(&mut self, ranges: &[Range<usize>]) {
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        for r in ranges {
            bytes[r.clone()].fill(MASK as u8);
        }
        self.text = String::from_utf8(bytes).expect("whole characters masked by ASCII");
    }

    fn mask(&mut self, re: &Regex) {
        // Made at the first match: most blocks a screen passes have none.
        let mut out = String::new();
        let mut last = 0;
        for m in re.find_iter(&self.text) {
            if out.capacity() == 0 {
                out.reserve_exact(self.text.len());
            }
            out.push_str(&self.text[last..m.start()]);
            out.extend(std::iter::repeat_n(MASK, m.len()));
            last = m.end();
        }
        if last == 0 {
            return;
        }
        out.push_str(&self.text[last..]);
        self.text = out;
    }

    fn push_exact(&mut self, src: Range<usize>, s: &str) {
        let at = self.text.len();
        self.text.push_str(s);
        self.pieces.push(Piece {
            at,
            len: s.len(),
            src,
            exact: true,
        });
    }

    /// Append text that stands for `src` but is not equal to it (an escape, an entity,
    /// a line break joined as a space).
    pub(crate) fn push_replacement(&mut self, src: Range<usize>, s: &str) {
        let at = self.text.len();
        self.text.push_str(s);
        self.pieces.push(Piece {
            at,
            len: s.len(),
            src,
            exact: false,
        });
    }

    /// Append `n` mask characters standing for non-prose `src` (at least one).
    pub(crate) fn push_mask(&mut self, src: Range<usize>, n: usize) {
        let at = self.text.len();
        for _ in 0..n.max(1) {
            self.text.push(MASK);
        }
        self.pieces.push(Piece {
            at,
            len: n.max(1),
            src,
            exact: false,
        });
    }

    /// Append prose whose content may differ from the source slice (pulldown-cmark text
    /// events after escapes and entities were resolved).
    pub(crate) fn push_text(&mut self, original: &str, src: Range<usize>, content: &str) {
        if original.get(src.clone()) == Some(content) {
            self.push_source(original, src);
        } else if let Some(pos) = original[src.clone()].find(content) {
            // The event covers more than its text (rare); map onto the matching part.
            let start = src.start + pos;
            self.push_source(original, start..start + content.len());
        } else {
            self.push_replacement(src, content);
        }
    }

    fn piece_at(&self, offset: usize) -> Option<usize> {
        if self.pieces.is_empty() {
            return None;
        }
        Some(match self.pieces.binary_search_by(|p| p.at.cmp(&offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        })
    }

    /// Original offset of prose offset `offset`, as the start of a range.
    pub fn map_start(&self, offset: usize) -> usize {
        let Some(i) = self.piece_at(offset) else {
            return 0;
        };
        let p = &self.pieces[i];
        let d = offset.saturating_sub(p.at);
        if p.exact {
            p.src.start + d.min(p.len)
        } else if d == 0 {
            p.src.start
        } else {
            p.src.end
        }
    }

    /// Original offset of prose offset `offset`, as the (exclusive) end of a range.
    pub fn map_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.map_start(0);
        }
        let Some(i) = self.piece_at(offset - 1) else {
            return 0;
        };
        let p = &self.pieces[i];
        if p.exact {
            p.src.start + (offset - p.at).min(p.len)
        } else {
            p.src.end
        }
    }

    /// Original byte range of a prose range.
    pub fn map_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.map_start(range.start);
            return at..at;
        }
        self.map_start(range.start)..self.map_end(range.end)
    }

    /// Original range of a prose range when the two are byte-for-byte identical, so an
    /// edit there may replace it; `None` when markup, escapes or masks lie inside.
    pub fn exact_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        let i = self.piece_at(range.start)?;
        let first = &self.pieces[i];
        if !first.exact || range.start > first.at + first.len {
            return None;
        }
        let start_src = first.src.start + (range.start - first.at);
        let mut prev = first;
        let mut j = i;
        while prev.at + prev.len < range.end {
            j += 1;
            let q = self.pieces.get(j)?;
            if !q.exact || q.src.start != prev.src.end {
                return None;
            }
            prev = q;
        }
        Some(start_src..start_src + range.len())
    }
}

/// Word tokens of a prose text: runs of letters and digits, with apostrophes and hyphens
/// inside a word kept (`don't`, `vice-mayor`). Returns byte ranges into `text` (within its
/// first [`WORDS_WITHIN`] bytes).
///
/// Sixty-four bytes at a time where they are all ASCII (nine chunks in ten of English
/// copy): each byte classified eight at a time in a `u64` (letters and digits, joiners),
/// the classes gathered into one bit per byte, and words read off where the bits change —
/// no branch per byte. A chunk with any other byte goes a character at a time
/// (`words_from`), which decides every case the same way.
pub fn words(text: &str) -> Vec<Word> {
    let text = listed(text, WORDS_WITHIN);
    let bytes = text.as_bytes();
    let n = bytes.len();
    // Room for a word every five bytes (English prose averages about six, with its space
    // and punctuation): a block's words rarely outgrow it and make it double.
    let mut out = Vec::with_capacity(n / 5 + 1);
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < n {
        // The last bytes padded with spaces to a chunk (a block's last bytes are a third of
        // its text): no word starts in the padding, and one open ends where the text does.
        let mut padded = [b' '; 64];
        let chunk = match bytes.get(i..i + 64) {
            Some(chunk) => chunk,
            None => {
                padded[..n - i].copy_from_slice(&bytes[i..]);
                &padded[..]
            }
        };
        let Some(Classes {
            alnum,
            joiner,
            wide_joiner,
        }) = classes(chunk)
        else {
            i = words_from(text, i, (i + 64).min(n), &mut start, &mut out);
            continue;
        };
        let open = u64::from(start.is_some());
        // A joiner at the chunk's end joins if the character after the chunk is a word's.
        let next = match bytes.get(i + 64) {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            Some(_) => text[i + 64..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric),
        };
        // A joiner joins between two word characters (the one before it is a letter or a
        // digit: a joiner is never followed by another that joins).
        let mut joined = joiner & (alnum << 1 | open) & (alnum >> 1 | u64::from(next) << 63);
        // Likewise a joiner of three bytes (`’`, `‐`), all inside the chunk.
        let mut wide = wide_joiner;
        while wide != 0 {
            let at = wide.trailing_zeros();
            wide &= wide - 1;
            let before = if at == 0 { open } else { alnum >> (at - 1) & 1 };
            let after = if at + 3 == 64 {
                u64::from(next)
            } else {
                alnum >> (at + 3) & 1
            };
            if before & after != 0 {
                joined |= 0b111 << at;
            }
        }
        let word = alnum | joined;
        let before = word << 1 | open;
        let (mut starts, mut ends) = (word & !before, !word & before);
        // Starts and ends alternate, an open word's end first: that end closes it, and
        // then the k-th start pairs with the k-th end left (the last start may stay open).
        if let (Some(from), true) = (start, ends != 0) {
            out.push(Word::new(from..i + ends.trailing_zeros() as usize));
            start = None;
            ends &= ends - 1;
        }
        while starts != 0 {
            let s = i + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                start = Some(s);
                break;
            }
            out.push(Word::new(s..i + ends.trailing_zeros() as usize));
            ends &= ends - 1;
        }
        i += 64;
    }
    if let Some(s) = start {
        out.push(Word::new(s..n));
    }
    out
}

const LANES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The classes of 64 bytes, one bit per byte (byte `k`, bit `k`).
struct Classes {
    /// Letters and digits (every byte of one that is not ASCII).
    alnum: u64,
    /// `'` and `-`.
    joiner: u64,
    /// The first byte of `’` and `‐`.
    wide_joiner: u64,
}

/// The classes of 64 bytes that start at a character: ASCII eight bytes at a time; the few
/// characters that are not (curly quotes and dashes, most often) one at a time. `None`
/// when one of those runs past the chunk's end.
fn classes(chunk: &[u8]) -> Option<Classes> {
    // The high bit of each byte of `x` (all ASCII) that is in `lo..=hi`, or equal to `c`.
    let within = |x: u64, lo: u8, hi: u8| {
        let at_least = x.wrapping_add(LANES * u64::from(0x80 - lo));
        let above = x.wrapping_add(LANES * u64::from(0x7f - hi));
        at_least & !above & HIGH_BITS
    };
    let equal = |x: u64, c: u8| {
        let z = x ^ (LANES * u64::from(c));
        !(((z & !HIGH_BITS).wrapping_add(!HIGH_BITS)) | z) & HIGH_BITS
    };
    // Byte `k`'s high bit to bit `k` of the low byte.
    let gather = |m: u64| (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    let (mut alnum, mut joiner, mut high) = (0u64, 0u64, 0u64);
    for (lane, eight) in chunk.chunks_exact(8).enumerate() {
        let mut x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let wide = x & HIGH_BITS;
        if wide != 0 {
            high |= gather(wide) << (8 * lane);
            // Bytes of other characters read as spaces here (no sum carries into the
            // next byte), classed below.
            let bytes = (wide >> 7) * 0xff;
            x = (x & !bytes) | (bytes & (LANES * u64::from(b' ')));
        }
        // Letters either case: `| 0x20` lowers A-Z and moves nothing else into a-z.
        let a = within(x, b'0', b'9') | within(x | (LANES * 0x20), b'a', b'z');
        let j = equal(x, b'\'') | equal(x, b'-');
        alnum |= gather(a) << (8 * lane);
        joiner |= gather(j) << (8 * lane);
    }
    let mut wide_joiner = 0u64;
    // Each character that is not ASCII, from its first byte (the chunk starts at one).
    let mut rest = high;
    while rest != 0 {
        let at = rest.trailing_zeros() as usize;
        let len = match chunk[at] {
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
        let c = std::str::from_utf8(chunk.get(at..at + len)?)
            .ok()?
            .chars()
            .next()?;
        let bits = (1u64 << len) - 1;
        if c.is_alphanumeric() {
            alnum |= bits << at;
        } else if matches!(c, '’' | '‐') {
            wide_joiner |= 1 << at;
        }
        rest &= !(bits << at);
    }
    Some(Classes {
        alnum,
        joiner,
        wide_joiner,
    })
}

/// The part of `text` whose words are listed: its first `limit` bytes, ending on a
/// character's boundary.
fn listed(text: &str, limit: usize) -> &str {
    let mut end = text.len().min(limit);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The tokenizer a character at a time, from `i` to `limit` (or the end of a character
/// that straddles it), the word open so far in `start`: returns where it stopped.
fn words_from(
    text: &str,
    mut i: usize,
    limit: usize,
    start: &mut Option<usize>,
    out: &mut Vec<Word>,
) -> usize {
    let bytes = text.as_bytes();
    // The character at `i` and its length; ASCII without decoding.
    let at = |i: usize| -> (char, usize) {
        let b = bytes[i];
        if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        }
    };
    while i < limit {
        // A run of ASCII letters and digits, byte by byte (most of any text).
        if bytes[i].is_ascii_alphanumeric() {
            if start.is_none() {
                *start = Some(i);
            }
            i += 1;
            while i < limit && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        // An ASCII space or mark other than a joiner: the word (if any) ends here.
        if bytes[i] < 0x80 && !matches!(bytes[i], b'\'' | b'-') {
            if let Some(s) = start.take() {
                out.push(Word::new(s..i));
            }
            i += 1;
            continue;
        }
        let (c, len) = at(i);
        if c.is_alphanumeric() {
            if start.is_none() {
                *start = Some(i);
            }
            i += len;
            continue;
        }
        let joiner = matches!(c, '\'' | '’' | '-' | '‐');
        if joiner && start.is_some() && i + len < bytes.len() && at(i + len).0.is_alphanumeric() {
            i += len;
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Word::new(s..i));
        }
        i += len;
    }
    i
}

/// `www.` (a bare web address): its searcher built once.
static WWW: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"www."));

/// A word's hash, lower-cased as it goes: stable across runs and platforms, and no word is
/// copied — for rules that compare words (a duplicate's sketch, a line's overlap with the
/// body). An ASCII word (most words) is read eight bytes at a time, lower-cased eight at a
/// time, and mixed by one wide multiplication per eight bytes; any other word is lower-cased
/// by Unicode first and then hashed the same way, so a word and its lower case always agree.
pub fn word_hash(word: &str) -> u64 {
    let b = word.as_bytes();
    hash_bytes(b, true).unwrap_or_else(|| unicode_word_hash(word))
}

/// [`word_hash`] of a word lower-cased by Unicode (it holds a byte past ASCII).
#[cold]
fn unicode_word_hash(word: &str) -> u64 {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    hash_bytes(lower.as_bytes(), false).unwrap_or_default()
}

/// [`word_hash`] of the word at `range` of `text`, for a rule that hashes every word of a
/// document: a word of up to 16 bytes with 16 bytes of text from its start is read in two
/// loads masked to its length, with no branch on the length (word lengths vary from word to
/// word, and a branch on them was mispredicted once a word).
#[inline]
pub fn word_hash_at(text: &str, range: Range<usize>) -> u64 {
    let b = text.as_bytes();
    let (s, n) = (range.start, range.len());
    if n <= 16 && s + 16 <= b.len() {
        let x = le64(&b[s..]) & PREFIX[n.min(8)];
        let y = le64(&b[s + 8..]) & PREFIX[n.saturating_sub(8)];
        if (x | y) & HIGH == 0 {
            return short_hash(x, y, n);
        }
    }
    word_hash(&text[range])
}

/// The mask of a word's first `i` bytes in an eight-byte load (little-endian).
const PREFIX: [u64; 9] = {
    let mut m = [0u64; 9];
    let mut i = 1;
    while i <= 8 {
        m[i] = u64::MAX >> (64 - 8 * i);
        i += 1;
    }
    m
};

/// The hash of a word of up to 16 bytes: `x` its first eight bytes, `y` the next eight,
/// both zero past its end.
#[inline(always)]
fn short_hash(x: u64, y: u64, n: usize) -> u64 {
    fold_mul(lower8(x) ^ K1, lower8(y) ^ K2 ^ n as u64)
}

/// Any bytes' hash, ASCII capitals folded as [`word_hash`] folds them (for hash tables of
/// keys made in a run, such as titles: a fraction of SipHash's cost).
pub fn folded_hash(bytes: &[u8]) -> u64 {
    hash_bytes(bytes, false).unwrap_or_default()
}

/// Odd constants, each with some byte at 0x80 or above: XORed with ASCII bytes (all below
/// 0x80) they are never zero, so a multiplication by them never loses the word.
const K1: u64 = 0xa076_1d64_78bd_642f;
const K2: u64 = 0xe703_7ed1_a0b4_28db;
const K3: u64 = 0x8ebc_6af0_9c88_c6e3;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high and low halves of a full product, folded: every input bit reaches the result.
#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

/// ASCII capitals among eight bytes lower-cased; other bytes (non-ASCII ones too) kept.
#[inline]
fn lower8(x: u64) -> u64 {
    let low7 = x & !HIGH;
    // A byte's top bit is set when it is at least `A`, and when it is past `Z`.
    let from_a = low7.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = low7.wrapping_add(0x2525_2525_2525_2525);
    x | ((from_a & !past_z & !x & HIGH) >> 2)
}

#[inline]
fn le64(b: &[u8]) -> u64 {
    u64::from_le_bytes(b[..8].try_into().expect("eight bytes"))
}

#[inline]
fn le32(b: &[u8]) -> u64 {
    u64::from(u32::from_le_bytes(b[..4].try_into().expect("four bytes")))
}

/// The hash of `b` lower-cased in ASCII; `None` if `ascii_only` and it holds any other byte
/// (a word lower-cased by Unicode is hashed with its non-ASCII bytes as they are). Up to 16
/// bytes are its first eight and next eight read as numbers, zero past its end (as
/// [`word_hash_at`] reads them in place); longer words go eight bytes at a time, the last
/// read ending at the last byte.
#[inline(always)]
fn hash_bytes(b: &[u8], ascii_only: bool) -> Option<u64> {
    let n = b.len();
    let (x, y) = match n {
        0 => (0, 0),
        1..=3 => (
            u64::from(b[0])
                | u64::from(b[n / 2]) << (8 * (n / 2))
                | u64::from(b[n - 1]) << (8 * (n - 1)),
            0,
        ),
        // Two reads overlapping in the middle; the second's bytes already read shifted out.
        4..=8 => (le32(b) | (le32(&b[n - 4..]) >> (8 * (8 - n)) << 32), 0),
        9..=16 => (le64(b), le64(&b[n - 8..]) >> (8 * (16 - n))),
        _ => {
            let mut acc = K3 ^ n as u64;
            let mut at = 0;
            while at < n {
                let c = le64(&b[at.min(n - 8)..]);
                if ascii_only && c & HIGH != 0 {
                    return None;
                }
                acc = fold_mul(acc ^ K2, lower8(c) ^ K1);
                at += 8;
            }
            return Some(acc);
        }
    };
    if ascii_only && (x | y) & HIGH != 0 {
        return None;
    }
    Some(short_hash(x, y, n))
}

/// Is `c` part of a word (for boundary checks)?
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_bytes_lower_cased_at_once_as_one_at_a_time() {
        for v in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = *b"AbZ@[`z{";
                bytes[at] = v;
                let mut want = bytes;
                want.make_ascii_lowercase();
                let got = lower8(u64::from_le_bytes(bytes)).to_le_bytes();
                assert_eq!(got, want, "byte {v:#x} at {at}");
            }
        }
    }

    #[test]
    fn a_word_hashed_in_place_as_on_its_own() {
        // Every length to 20, at every place of a text (near its end too, where fewer than
        // 16 bytes follow), ASCII and not, whatever follows the word.
        let text = "The Quick brown fox, naïve café-goers in ZÜRICH: 0123456789abcdefghijklmnopqrstuvwxyz!";
        for s in 0..text.len() {
            for e in s..=text.len().min(s + 20) {
                if text.is_char_boundary(s) && text.is_char_boundary(e) {
                    assert_eq!(
                        word_hash_at(text, s..e),
                        word_hash(&text[s..e]),
                        "{:?}",
                        &text[s..e]
                    );
                }
            }
        }
    }

    #[test]
    fn word_hashes_ignore_case_and_tell_words_apart() {
        // Every length from 1 to 40, ASCII and not, upper and lower case.
        let mut seen = std::collections::HashMap::new();
        for n in 1..=40 {
            for word in [
                "abcdefghijklmnopqrstuvwxyz0123456789abcdefgh"[..n].to_string(),
                "bcdefghijklmnopqrstuvwxyz0123456789abcdefgh"[..n].to_string(),
                "zürich".repeat(n).chars().take(n).collect(),
                "a".repeat(n),
            ] {
                let h = word_hash(&word);
                assert_eq!(word_hash(&word.to_uppercase()), h, "{word}");
                if let Some(other) = seen.insert(h, word.clone()) {
                    assert_eq!(other, word, "two words, one hash");
                }
            }
        }
        // A non-ASCII capital whose lower case is ASCII (the Kelvin sign) agrees with it.
        assert_eq!(word_hash("\u{212A}ilo"), word_hash("kilo"));
        assert_eq!(word_hash("ZÜRICH"), word_hash("zürich"));
        assert_ne!(word_hash("ab"), word_hash("ba"));
        assert_ne!(word_hash("abc"), word_hash("acc"));
    }

    #[test]
    fn masks_urls_and_shortcodes() {
        let src = "See https://example.com/a\"b and {{< ref \"x\" >}} now.";
        let mut p = Prose::default();
        p.push_source(src, 0..src.len());
        p.mask_non_prose();
        assert!(!p.text().contains("https"));
        assert!(!p.text().contains("ref"));
        assert!(p.text().starts_with("See "));
        assert!(p.text().ends_with(" now."));
        // mapping is exact outside the masks
        let now = p.text().find("now").unwrap();
        assert_eq!(
            p.map_range(now..now + 3),
            src.find("now").unwrap()..src.find("now").unwrap() + 3
        );
    }

    /// A link to a template (Hugo's `ref`, a site variable) is text to CommonMark but a link
    /// once the site is built: its title's quotes are markup, never prose to fix (making
    /// them curly broke 180 links in `clean`). The link's text and what follows stay prose.
    #[test]
    fn masks_the_title_of_a_link_to_a_template() {
        let masked = |src: &str| {
            let mut p = Prose::default();
            p.push_source(src, 0..src.len());
            p.mask_non_prose();
            p.text().to_string()
        };
        for src in [
            "See [the guide]({{< ref \"guide.md\" >}} \"The Guide\") and \"this\".",
            "See [the guide]({{< relref \"a.md\" >}}#top 'The Guide') and \"this\".",
            "See [the guide]({{ .Site.BaseURL }}/p/ \"The Guide\") and \"this\".",
        ] {
            let text = masked(src);
            assert!(text.starts_with("See [the guide"), "{text:?}");
            assert!(!text.contains("Guide"), "{text:?}");
            assert!(text.ends_with(" and \"this\"."), "{text:?}");
            assert_eq!(text.len(), src.len());
        }
        let text = masked("[id]: {{< ref \"x.md\" >}} \"Its title\"\nNext \"line\".");
        assert!(!text.contains("title"), "{text:?}");
        assert!(text.ends_with("\nNext \"line\"."), "{text:?}");
    }

    #[test]
    fn maps_across_joined_pieces() {
        let src = "one *two*\nthree";
        let mut p = Prose::default();
        p.push_source(src, 0..4);
        p.push_source(src, 5..8);
        p.push_replacement(9..10, " ");
        p.push_source(src, 10..15);
        assert_eq!(p.text(), "one two three");
        assert_eq!(p.map_range(4..7), 5..8);
        assert_eq!(p.map_range(0..13), 0..15);
        assert_eq!(p.exact_range(4..7), Some(5..8));
        assert_eq!(p.exact_range(0..7), None, "markup between one and two");
        assert_eq!(p.exact_range(3..4), Some(3..4));
    }

    /// The 64-bytes-at-a-time path gives the words the character-at-a-time one does, on
    /// texts of every mix of ASCII, joiners, other scripts and chunk boundaries.
    #[test]
    fn words_by_chunk_agree_with_words_by_character() {
        let by_character = |t: &str| {
            let (mut start, mut out) = (None, Vec::new());
            words_from(t, 0, t.len(), &mut start, &mut out);
            out.extend(start.map(|s| Word::new(s..t.len())));
            out
        };
        let pieces = [
            "a", "Z", "9", " ", "'", "-", "’", "‐", "é", ".", "\n", "日", "x", "ab", "--", "—",
            "“", "😀", "’’", "\u{a0}",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..4000 {
            let mut t = String::new();
            for _ in 0..round % 300 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                // ASCII only, ASCII with a rare other character (as in real copy: whole
                // chunks ASCII, the others met at their edges), or anything.
                let pick = (seed >> 33) as usize;
                let piece = match round % 3 {
                    0 => pick % 6,
                    1 if pick % 29 != 0 => pick % 6,
                    _ => pick % pieces.len(),
                };
                t.push_str(pieces[piece]);
            }
            assert_eq!(words(&t), by_character(&t), "{t:?}");
        }
    }

    #[test]
    fn words_are_listed_within_a_limit_on_a_character_boundary() {
        assert_eq!(listed("café au lait", 4), "caf", "not inside `é`");
        assert_eq!(listed("café au lait", 5), "café");
        assert_eq!(listed("café", 100), "café");
        assert_eq!(
            WORDS_WITHIN,
            u32::MAX as usize,
            "a word's ends fit its 32 bits"
        );
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let t = "Don't stop, vice-mayor 'quote' café";
        let w: Vec<&str> = words(t).into_iter().map(|w| &t[w.range()]).collect();
        assert_eq!(w, ["Don't", "stop", "vice-mayor", "quote", "café"]);
    }
}
