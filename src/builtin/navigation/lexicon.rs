//! The navigation lexicon: phrases that are page furniture on a whole line, list headers,
//! datelines and credits, comment-widget lines, and stop words for body overlap.

use std::sync::LazyLock;

use regex::Regex;

/// Lines that are furniture on their own (matched against the whole trimmed line).
/// Small anchored regexes tried in turn: each fails within a few bytes on ordinary lines,
/// where one big set or alternation falls off the lazy DFA (measured: 3-8x slower).
pub(super) static PHRASES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let patterns = [
        r"(?i)^(advert|advertisement|advertising|sponsored( content)?|ad|paid content|promoted( stories)?)$",
        r"(?i)^(read more|see more|more|related|related coverage|also|also read|also see|read also|recommended|trending|must read)\s*[:>»|]\s*\S.*[^.!?]$",
        r"(?i)^(read more|continue reading|read the full (story|article)|show more|see more|view more|load more)\s*[.…»>]*$",
        r"(?i)^(share|share this|share this (article|story|post|page)|share on|sharing is caring!?|tweet|email|print|facebook|twitter|linkedin|pinterest|whatsapp|reddit|copy link)([\s:]*([|•·/,]\s*)?(facebook|twitter|linkedin|pinterest|whatsapp|reddit|email|e-mail|print|messenger|copy link|x))*[.!]?$",
        r"(?i)^share (this|the) (article|story|post)(?-u:\b).*(facebook|twitter|linkedin|email).*$",
        r"(?i)^follow (us|@\w+|\w+ on (twitter|instagram|facebook))(?-u:\b).*$",
        r"(?i)^(click|tap) here(?-u:\b).*[^.]$",
        r"(?i)^(subscribe|sign up|register)( now| today| here| for (our|the) .*newsletter.*)?[.!]?$",
        r"(?i)^(get|sign up for|subscribe to) (our|the) .*newsletter(?-u:\b).*$",
        r"(?i)^(©|\(c\)|copyright\s*(©|\(c\))?\s*\d{4}|all rights reserved).*$",
        r"(?i)^.*(?-u:\b)all rights reserved\.?$",
        r"(?i)^image copyright(?-u:\b).*$",
        r"(?i)^(home|news)(\s*[>›»/|]\s*[\w&' -]{2,40}){2,}$",
        r"(?i)^(previous|next)( (article|story|post|page|slide))?\s*([:>»|].*)?$",
        r"(?i)^(tags?|topics|filed under|categories|related topics|related tags)\s*:.*$",
        r"(?i)^(addthis )?sharing buttons$|^sponsored links?$|^(\S+\s+){1,3}logo$|^back to (gallery|top|home)$|^close$|^print$|^\d+\s*/\s*\d+$",
        r"(?i)^.*(?-u:\b)(opt-in box|would like to subscribe|can send me)(?-u:\b).*$",
        r"(?i)^(we use cookies|this (site|website) uses cookies|accept (all )?cookies|cookie (policy|settings|preferences)).*$",
        r"(?i)^(comments?|\d+ comments?|leave a (comment|reply)|post a comment|show comments|view comments|add a comment|join the (conversation|discussion))[.!:]?$",
        r"(?i)^image \d+ of \d+$",
        r"(?i)^(\.\.\.|…)\s*more$|^less$|^more$",
        r"(?i)^like this:?$|^like loading\.\.\.$|^loading\.\.\.$",
        r"(?i)^this slideshow requires javascript\.?$",
        r"(?i)^(skip to (main )?content|skip navigation|back to top|jump to)(?-u:\b).*$",
        r"(?i)^(get|download) the .*(?-u:\b)app(?-u:\b).*$",
        r"(?i)^(don'?t miss|video|watch video|photos?|gallery|more videos|popular (on|in) .+|more .+ stories|most (read|popular|viewed|shared)|top stories|latest (news|stories|headlines)|you (may|might) also like\.*|recommended for you|more from .+|editor'?s picks|trending now|related (stories|articles|posts|content|coverage|links|news))[.:…]*$",
        r"(?i)^.*(?-u:\b)delivered (through your letterbox|to your inbox)(?-u:\b).*$",
        r"(?i)^(like|enjoyed) this (story|article)\?.*$",
        r"(?i)^(more|related|see also|also|read more|related (posts?|stories|articles?|links?))\s*:$",
        r"(?i)^related (post|story|article|link|video)s?\s*:.*[^.!?]$",
        r"(?i)^[^.]*(?-u:\b)by clicking here$",
        r"(?i)^(continue reading( below)?|read (the )?full (story|article)|read all comments|view all comments|top rated comments|show all comments)(?-u:\b).*$",
        r"(?i)^follow .+ on (facebook|twitter|instagram|youtube|linkedin|tiktok)(?-u:\b).*$",
        r"(?i)^(sign up|subscribe|get (the|our) .*(newsletter|updates))\s*[:!.].*$",
        r"(?i)^.*(?-u:\b)(subscribe to|sign up for)(?-u:\b).*(?-u:\b)(newsletters?|inbox)(?-u:\b).*$",
        r"(?i)^(thanks for (signing up|subscribing)|keep an eye on your inbox|there was an error processing your subscription)(?-u:\b).*$",
        r"(?i)^.*(?-u:\b)newsletter$",
        r"(?i)^also on \S+\.\w+\b.*$",
        r"(?i)^follow .{1,40} on:?$",
        r"(?i)^(shares?|likes?|views?|by|reply|report|print this page)$",
        r"(?i)^tell us what you think\b.*$",
        r"(?i)^have a (news )?tip\?.*$",
        r"(?i)^.*\b(if you (buy|purchase) something (through|from) (this|our)|we may (earn|get|receive) a (small )?(commission|share))\b.*$",
        r"(?i)^&lt;/?[a-z][^&]*(&gt;.*)?$",
        r"(?i)^copyright\s*(©|\(c\)|\d{4})[^.]*$",
        r"(?i)^copyright(?-u:\b)[^.]*\d{4}[^.]*$",
        r"(?i)^(updated|published|posted|last updated|first published)( on| at)?:?\s+[\w ,:./-]*(\d{4}|am|pm|a\.m\.|p\.m\.|est|edt|pst|pdt|gmt|utc|bst|cet)\.?$",
        r"(?i)^\d{1,2}:\d{2}\s*(am|pm|a\.m\.|p\.m\.)(\s+[a-z]{2,4})?(\s+\d{1,2}/\d{1,2}/\d{2,4})?(\s+by\s+[\w .'-]{2,40})?$",
    ];
    patterns
        .iter()
        .map(|p| Regex::new(p).expect("valid regex"))
        .collect()
});

/// Words at least one of which every longer furniture phrase contains: lines with none of
/// them (longer than 20 bytes and not opening with a digit) skip the phrase regexes.
pub(super) static PHRASE_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build([
            "advert",
            "sponsor",
            "paid",
            "promoted",
            "read",
            "more",
            "related",
            "also",
            "recommend",
            "trending",
            "must",
            "continue",
            "show",
            "see",
            "view",
            "load",
            "share",
            "sharing",
            "tweet",
            "email",
            "e-mail",
            "print",
            "facebook",
            "twitter",
            "linkedin",
            "pinterest",
            "whatsapp",
            "reddit",
            "copy link",
            "follow",
            "click",
            "tap",
            "subscri",
            "sign up",
            "register",
            "newsletter",
            "©",
            "(c)",
            "copyright",
            "rights reserved",
            "home",
            "news",
            "previous",
            "next",
            "tag",
            "topic",
            "filed",
            "categor",
            "cookie",
            "comment",
            "image",
            "less",
            "like",
            "loading",
            "slideshow",
            "skip",
            "jump",
            "back to",
            "app",
            "miss",
            "video",
            "watch",
            "photo",
            "gallery",
            "popular",
            "stories",
            "most",
            "top",
            "latest",
            "you may",
            "you might",
            "editor",
            "delivered",
            "enjoyed",
            "thanks for",
            "inbox",
            "subscription",
            "updated",
            "published",
            "posted",
            "logo",
            "close",
            "opt-in",
            "send me",
            ">",
            "›",
            "»",
        ])
        .expect("small word list")
});

pub(super) fn may_be_phrase(text: &str) -> bool {
    text.len() <= 20
        || text.starts_with(|c: char| c.is_ascii_digit())
        || PHRASE_WORDS.is_match(text)
}

/// Headers that introduce a list of headlines.
pub(super) static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(related|more|see also|also|read more|more stories|related (stories|articles|posts|content|coverage|links|news)|you (may|might) also like\.*|recommended( for you)?|popular (on|in) .+|more .+ stories|most (read|popular|viewed|shared)|top stories|latest (news|stories|headlines)|don'?t miss|trending( now)?|editor'?s picks|more from .+|further reading)[.:…]*$",
    )
    .expect("valid regex")
});

/// Datelines, bylines and photo credits: page furniture around scraped copy.
pub(super) static META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}(?-u:\b)   # Nov. 19, 2019
      | (?-u:\b)\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}(?-u:\b)  # 19 November 2019
      | (?-u:\b)\d{1,2}/\d{1,2}/\d{2,4}(?-u:\b) | (?-u:\b)\d{4}-\d{2}-\d{2}(?-u:\b)
      | (?-u:\b)\d{1,2}/\d{1,2}/\d{2,4}(?-u:\b)\s+\d{1,2}:\d{2}
      | ^by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}(?-u:\b)
      | getty\s+images | shutterstock | istock | (?-u:\b)afp(?-u:\b) | (?-u:\b)reuters(?-u:\b) | (?-u:\b)ap\s+photo(?-u:\b) | /ap$ | (?-u:\b)associated\s+press(?-u:\b)
      | ^(photo|image|picture|video)(\s+credit)?\s*: | (?-u:\b)(image|photo)\s+credit(?-u:\b) | (?-u:\b)min(ute)?s?\s+read(?-u:\b)
      | ^(above|below|top|pictured)\s*: | ^image\s+caption\b | ^file\s+photo\s*:
      | ^[\w.-]+@[\w-]+\.[\w.]+$ | ^@\w+
      | ^\d{1,2}\s*[hm]\s+ago$ | ^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}$
    ",
    )
    .expect("valid regex")
});

/// Comment-widget metadata lines.
pub(super) static COMMENT_META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d+ (second|minute|hour|day|week|month|year)s? ago( at .+)?|rating: \d+ votes?|reply|report|\d+ (replies|likes|points)|top rated comments|\[ ?read all comments ?\])$")
        .expect("valid regex")
});

/// Sorted: looked up with a binary search.
pub(super) const STOPWORDS: &[&str] = &[
    "about", "after", "again", "also", "back", "been", "before", "being", "could", "does", "doing",
    "down", "each", "even", "first", "from", "have", "having", "here", "into", "just", "last",
    "like", "made", "make", "more", "most", "much", "must", "only", "other", "over", "said",
    "same", "says", "should", "some", "still", "such", "than", "that", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "time", "under", "until", "very", "were",
    "what", "when", "where", "which", "while", "will", "with", "would", "year", "years", "your",
];
