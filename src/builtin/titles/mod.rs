//! The `titles/*` rules, one file each: the metadata title against the headline, heading
//! capitalization, one formal title written several ways, two files with one title.

pub(crate) mod duplicate;
pub(crate) mod heading_case;
pub(crate) mod metadata_mismatch;
pub(crate) mod person_title;

/// Emoji and icon shortcodes (`:tada:`, `:simple-vercel:`, `:material-check:`): markup that
/// renders as a picture, not words of a title.
static SHORTCODE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:^|\s):[a-z][a-z0-9_+-]*:(?:\s|$)").expect("valid regex")
});

/// Text for comparison: typographic quotes and dashes as plain ones, entities decoded,
/// emoji shortcodes and code's backticks dropped (`The `foo` option` is `The foo option`),
/// white space collapsed.
fn plain(text: &str) -> String {
    // Most titles hold nothing to replace: ASCII (no typographic marks), no `:` (no
    // shortcode), no `&` (no entity), no backtick.
    if text.is_ascii() && !text.contains([':', '&', '`']) {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let text = SHORTCODE.replace_all(text, " ");
    let t = text
        .replace('`', "")
        .replace(['’', '‘', '′'], "'")
        .replace(['“', '”', '″'], "\"")
        .replace(['–', '—'], "-")
        .replace("&amp;", "&")
        .replace("&#8217;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Letters and digits only, lower-cased: equal means "the same words". A mark between two
/// digits is the number's (`v1.7.1.1` and `v1.7.11`, `2.3.7` and `2.37` differ), and a `+`
/// or `#` closing a word is the word's (`C`, `C++` and `C#` differ).
fn words_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: Option<&char>| i.is_some_and(char::is_ascii_digit);
    let mut kept = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '+' | '#') {
            // A run of them, kept whole when it closes a word.
            let end = chars[i..]
                .iter()
                .position(|&c| !matches!(c, '+' | '#'))
                .map_or(chars.len(), |n| i + n);
            let closes = i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(end).is_none_or(|c| !c.is_alphanumeric());
            let between_digits =
                end == i + 1 && i > 0 && digit(chars.get(i - 1)) && digit(chars.get(end));
            if closes || between_digits {
                kept.extend(&chars[i..end]);
            }
            i = end;
            continue;
        }
        if c.is_alphanumeric()
            || c.is_whitespace()
            || i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1))
        {
            kept.push(c);
        }
        i += 1;
    }
    kept.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
