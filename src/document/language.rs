//! Which language a document is written in, from its commonest function words: cheap (the
//! first [`WORDS`] words of its prose, each looked up among a few integers) and meant for
//! conventions that differ by language (French sets a space before `: ; ! ?`).

use super::Document;

/// Languages told apart, as ISO 639-1 codes: English, French, German, Spanish, Italian,
/// Portuguese, Dutch, Swedish and Finnish by their function words; Vietnamese and Turkish
/// by the letters only they write ([`by_letters`]).
pub const CODES: [&str; 11] = [
    "en", "fr", "de", "es", "it", "pt", "nl", "sv", "fi", "vi", "tr",
];

/// Of [`CODES`], the languages told by their function words (the first ones).
const BY_WORDS: usize = 9;

/// Each language's function words: common in it, rare as words of the others (`de`, `la`,
/// `en`, `il`, `si`, shared by several, are left out, and Finnish `sen`: English news writes
/// `Sen.` before a senator). ASCII, at most eight bytes.
const MARKERS: [&[&str]; BY_WORDS] = [
    &[
        "and", "are", "for", "from", "has", "have", "is", "of", "that", "the", "this", "to", "was",
        "were", "which", "with",
    ],
    &[
        "le", "les", "des", "du", "une", "est", "pour", "dans", "avec", "sont", "nous", "vous",
        "qui", "sur", "cette", "aux", "ou", "mais", "ne", "pas",
    ],
    &[
        "auch", "auf", "das", "dass", "dem", "den", "der", "die", "ein", "eine", "ist", "mit",
        "nicht", "sich", "und", "von", "wird", "zu",
    ],
    &[
        "el", "los", "las", "del", "que", "por", "para", "con", "como", "pero", "este", "esta",
        "se", "su", "sus", "es", "y",
    ],
    &[
        "di", "che", "della", "per", "sono", "gli", "nel", "alla", "questo", "anche", "delle",
        "dei", "degli", "ed", "lo",
    ],
    &[
        "os", "dos", "uma", "com", "em", "ao", "muito", "pelo", "pela", "seu", "sua", "foi", "nao",
    ],
    &[
        "het", "een", "van", "niet", "zijn", "wordt", "ook", "voor", "met", "dat", "op", "bij",
        "naar", "heeft", "worden",
    ],
    &[
        "och", "att", "som", "inte", "ett", "av", "har", "det", "eller", "kan", "hur", "detta",
        "finns", "ska", "vara", "vid",
    ],
    &[
        "ja", "ei", "kun", "mutta", "tai", "joka", "ovat", "kuin", "jos", "niin", "oli", "ole",
        "voi",
    ],
];

/// Words read: enough to be sure, few enough to be cheap.
pub const WORDS: usize = 600;

/// Function words a language needs, at least, and more than English's, to be named instead
/// of English (a quotation in another language does not make it; a translation that left
/// some paragraphs in English is still its language).
const LEAD: usize = 3;

/// The language of a run of words: the one whose function words lead, else English.
pub fn detect<'a>(words: impl Iterator<Item = &'a str>) -> &'static str {
    let keys = &*KEYS;
    let mut counts = [0usize; CODES.len()];
    for w in words.take(WORDS) {
        if !w.is_ascii() {
            if let Some(l) = by_letters(w) {
                counts[l] += 1;
            }
            continue;
        }
        if w.len() > 8 {
            continue;
        }
        let key = pack(w.as_bytes());
        if let Ok(i) = keys.binary_search_by_key(&key, |e| e.0) {
            counts[keys[i].1] += 1;
        }
    }
    let (best, &n) = counts
        .iter()
        .enumerate()
        .skip(1)
        .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)))
        .expect("languages besides English");
    if n >= LEAD && n > counts[0] {
        CODES[best]
    } else {
        CODES[0]
    }
}

/// [`MARKERS`] packed ([`pack`]) with their language's index, sorted: a word is found
/// with one binary search. No word is two languages' marker (a test checks).
static KEYS: std::sync::LazyLock<Vec<(u64, usize)>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<(u64, usize)> = MARKERS
        .iter()
        .enumerate()
        .flat_map(|(l, list)| list.iter().map(move |w| (pack(w.as_bytes()), l)))
        .collect();
    v.sort_unstable();
    v
});

/// The language of a word by a letter only it writes, as an index into [`CODES`]:
/// Vietnamese's `ă đ ơ ư` and its vowels with a tone mark below or a hook (U+1EA0–U+1EF9),
/// Turkish's dotless `ı`, `İ` and `ğ`.
fn by_letters(word: &str) -> Option<usize> {
    word.chars().find_map(|c| match c {
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'..='\u{1EF9}' => {
            Some(BY_WORDS)
        }
        'ı' | 'İ' | 'ğ' | 'Ğ' => Some(BY_WORDS + 1),
        _ => None,
    })
}

/// A word of at most eight ASCII bytes as an integer, lower-cased (distinct words, distinct
/// keys), so that a word is looked up with integer compares, not string compares. `const`, so
/// word tables can be packed at compile time (navigation's language markers are).
pub const fn pack(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The document's language ([`detect`] over its prose, front matter aside): made once,
/// shared by the rules that ask.
pub fn of(doc: &Document) -> &'static str {
    struct Detected(&'static str);
    doc.derived
        .get(|| {
            Detected(detect(
                doc.blocks
                    .iter()
                    .filter(|b| b.field.is_none())
                    .flat_map(|b| b.words.iter().map(move |w| &b.text()[w.range()])),
            ))
        })
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of_text(t: &str) -> &'static str {
        detect(
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty()),
        )
    }

    #[test]
    fn languages_by_their_function_words() {
        assert_eq!(
            of_text("The council approved the budget for the library, which was late."),
            "en"
        );
        assert_eq!(
            of_text("Pourquoi ce livre ? Les administrateurs qui utilisent Debian sont nombreux, et nous avons écrit pour eux."),
            "fr"
        );
        assert_eq!(
            of_text("Der Bürgermeister sagte, dass die Brücke nicht mit dem Geld gebaut wird."),
            "de"
        );
        assert_eq!(
            of_text("El alcalde dijo que los puentes se construyen con el dinero del pueblo y para todos."),
            "es"
        );
        assert_eq!(
            of_text("Het college heeft gezegd dat de brug niet voor het einde van het jaar wordt gebouwd."),
            "nl"
        );
        assert_eq!(
            of_text("Debian är en allmän Linux-distribution som passar de flesta, och det har inte ändrats."),
            "sv"
        );
        assert_eq!(
            of_text("Debian on yleinen jakelu, joka sopii useimmille, ja se ei ole muuttunut kuin vähän."),
            "fi"
        );
        assert_eq!(
            of_text(
                "Bạn lựa chọn chuyển đổi dần dần sang Debian, vì cả hai máy chủ chạy song song."
            ),
            "vi"
        );
        assert_eq!(
            of_text("Bölümlerin boyutu artık tek tek disklerle değil, ağdaki kısımlarla yavaş yavaş büyüyor."),
            "tr"
        );
        assert_eq!(
            of_text("차근 차근 배워봅시다! 리눅스 계열과 리눅스 커널"),
            "en"
        );
    }

    #[test]
    fn no_word_marks_two_languages() {
        let mut keys: Vec<u64> = KEYS.iter().map(|e| e.0).collect();
        keys.dedup();
        assert_eq!(keys.len(), KEYS.len());
    }

    /// A quotation in another language does not change the document's.
    #[test]
    fn a_quotation_stays_english() {
        assert_eq!(
            of_text("The mayor said “c'est la vie” to the council, and the budget was approved with a vote of the members."),
            "en"
        );
        assert_eq!(of_text(""), "en");
    }
}
