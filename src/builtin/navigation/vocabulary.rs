//! The navigation lexicon's vocabulary: per language, each category's `whole` and `start`
//! patterns ([`super::lexicon`] says what they mean), as regex source.
//!
//! Plain data with no imports: `build.rs` includes this file too, to extract the literals
//! of the patterns' screens once at build time (`literals.rs`, `screen.rs`) rather than at
//! every start.

/// Categories a language has patterns for (the lexicon's `CATEGORIES`, in that order).
pub(super) const CATEGORIES: usize = 11;

/// One category's patterns in one language.
pub(super) struct Entry {
    pub(super) whole: &'static str,
    pub(super) start: &'static str,
}

/// A site's legal and service links, alone or in a row joined by separators (`Privacy Policy |
/// Terms of Use`): written once, used for both ends of the row.
macro_rules! legal_links_en {
    () => {
        r"privacy|privacy policy|privacy notice|terms|terms of (?:use|service)|terms (?:and|&) conditions|cookie (?:policy|settings|preferences)|cookies|about us|contact us|contact|imprint|accessibility|sitemap|careers|advertise(?: with us)?"
    };
}

macro_rules! legal_links_de {
    () => {
        r"impressum|datenschutz|datenschutzerklärung|nutzungsbedingungen|agb|kontakt|barrierefreiheit|cookie-?einstellungen|cookies|privatsphäre(?:-einstellungen)?"
    };
}

/// The label a page puts before its date stamp (`Updated on`, `Published at`): written once
/// for the stamp as a whole line, a labelled time of day and a stamp opening a line.
macro_rules! stamp_label_en {
    () => {
        r"(?:updated|published|posted|last updated|first published|modified)(?: on| at)?"
    };
}

/// Separators that join share buttons and menu entries on one line.
const JOIN: &str = r"(?:\s*[|•·/,]?\s*)";

pub(super) fn english() -> [Entry; CATEGORIES] {
    [
        Entry {
            // A row of share buttons, possibly with a count.
            whole: r"(?:\d+\s+)?(?:shares?|sharing|share this(?: article| story| post| page| video)?|share (?:on|via)(?: \w+)?|tweet|email|e-mail|print|facebook|twitter|x|linkedin|pinterest|whatsapp|reddit|flipboard|messenger|telegram|copy link|copy url|link copied|save|saved|gift (?:this )?article|follow|follow us|follow on \w+|follow \S+(?: \S+){0,3} on(?: \w+)?|like this):?(?:JOIN(?:shares?(?: via)?|tweet|facebook|twitter|x|linkedin|pinterest|whatsapp|reddit|google(?:\+| plus)?|email|e-mail|print|messenger|telegram|flipboard|copy link|copy url|comments?|save|more|\d+))*",
            start: r"share (?:this|the) (?:article|story|post|page|video)|share (?:on|via) (?:facebook|twitter|linkedin|email)|follow (?:us|@\w+)|follow \S+(?: \S+){0,6} on (?:twitter|facebook|instagram|linkedin|youtube|tiktok|x|threads|bluesky)|(?:like|find|join) us on (?:facebook|twitter|instagram)|share (?:it|this(?: article| story| post| page)?) with (?:a friend|friends|your friends|others|your network)|(?:like|liked|enjoy|enjoyed|love|loved) this (?:story|article|post)\?|sharing is caring|click to (?:share|email|print)|connect with us",
        },
        Entry {
            whole: r"subscribe|subscribe (?:now|today|here)|sign up|sign in|log in|login|log out|register|my account|newsletters?|(?:the )?[^\s:]+(?: [^\s:]+){0,3} newsletters?|get the newsletter|join now|become a member|subscriber exclusive|subscribers only|premium|(?:breaking news|daily|weekly|morning|evening) (?:emails?|alerts?|newsletters?|briefing)|already a subscriber\?.*",
            start: r"subscribe to|sign up (?:for|to|now)|get (?:our|the) .{0,40}newsletter|(?:our|the) .{0,30}newsletters?\b|already (?:a subscriber|have an account|registered)|support (?:our|independent|local|quality) journalism|become a (?:member|subscriber|supporter)|thanks? (?:you )?for (?:signing up|subscribing)|keep an eye on your inbox|enter your email|(?:get|receive) (?:the latest|breaking news|our best|(?:the )?top (?:news|stories|headlines))|join (?:our|the) .{0,30}newsletters?\b|delivered (?:to your inbox|straight to|every)|don'?t have an account|create (?:a |your )?(?:free )?account|you have (?:\d+|one|no) free (?:articles?|stories)|start your (?:free )?trial|subscribe (?:for|now|today)|(?:this|the) (?:article|story|content) is (?:for|available to) (?:subscribers|members)|there was an error processing your subscription|you(?:'ve| have) (?:[a-z]+ )?(?:subscribed|signed up)\b|you(?:'re| are) (?:now )?(?:subscribed|signed up)\b|stay (?:up to date|up-to-date|informed|in the know|connected) (?:with|on)\b",
        },
        Entry {
            whole: r"(?:home|news|sports?|business|politics|world|opinion)(?:\s*[>›»/|]\s*[^>›»/|]{1,40}){1,6}|home|menu|search|close|back|next|previous|prev|more|less|top|back to top|go to top|return to top|skip to (?:main )?content|skip navigation|read more|continue reading|read the full (?:story|article)|read full (?:story|article)|show more|see more|view more|load more|view all|see all|show all|(?:view|see|show) all \(?\d+\)?|(?:next|previous) (?:article|story|post|page|slide|image)|page \d+(?: of \d+)?|\d+ of \d+|\d+\s*/\s*\d+|open in app|(?:.{0,60} )?(?:will )?opens? in a new (?:window|tab|browser window)|.{1,60} by (?:clicking|tapping) here|sections|main menu|toggle navigation|quick links|expand|collapse|sort by",
            start: r"read more\b|continue reading|(?:(?:click|tap) here )?(?:to )?read the (?:full|whole|rest of)|(?:next|previous) (?:article|story|post)\s*:|(?:back|return) to (?:top|home|gallery|the (?:article|story))|skip to\b|jump to\b|(?:read|follow|see|get) (?:our|the|all)(?: full| latest| live)? coverage\b|click here|tap here|(?:view|see|show|load) (?:all|more)\b|home\s*[>›»/|]|(?:news|sport|sports|business)\s*[>›»]",
        },
        Entry {
            whole: r"related|related (?:stories|articles|posts|content|coverage|links|news|topics|videos?|reading|items)|more (?:stories|news|headlines|videos|articles)|more from .{1,40}|more (?:on|in) .{1,40}|you (?:may|might) (?:also )?like\.*|recommended(?: for you| stories| reading| articles)?|(?:most|top) (?:read|popular|viewed|shared|commented|watched)|popular(?: now| stories| articles)?|popular (?:on|in|at) .{1,40}|more .{1,30} (?:stories|news|articles|videos)|trending(?: now| stories| topics)?|top stories|latest(?: news| stories| headlines| articles)?|don'?t miss|editor'?s (?:picks|choice)|further reading|see also|what to read next|in case you missed it|also (?:read|see|on .{1,30})|read (?:next|also)|must reads?|from (?:around|across) the web|(?:sponsored|promoted) (?:stories|links)|topics|tags",
            start: r"related(?: [a-z]+)?\s*:|read (?:more|also|next)\s*:|see also\s*:|more\s*:|also\s*(?:read|see)?\s*:|also on \S+\.\w+|recommended\s*:|(?:tags?|topics|filed under|categories|related topics)\s*:|(?:related|more) (?:stories|coverage) (?:on|about)\b",
        },
        Entry {
            whole: concat!(
                r"(?:",
                legal_links_en!(),
                r")(?:JOIN(?:",
                legal_links_en!(),
                r"))*|.{0,100}\ball rights reserved\.?|do not sell my (?:personal )?(?:info|information)"
            ),
            start: r"©|\(c\) ?\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}|copyright ©|all rights reserved|we use cookies|this (?:site|website) uses cookies|by (?:using|continuing to use) (?:this|our) (?:site|website)|this (?:material|article|content) may not be (?:published|reproduced|broadcast)|accept (?:all )?cookies|image copyright|disclaimer\s*:|(?:the )?contents? of this (?:site|website|page|publication) (?:are|is) (?:©|copyright|\(c\))|this (?:site|page|form) is protected by recaptcha",
        },
        Entry {
            whole: r"ads?|advert|advertisement|advertising|sponsored|sponsored content|paid content|paid post|promoted|partner content|ad ?choices|(?:story|article) continues (?:below|after)(?: (?:this )?advertisement)?|continue reading (?:the main story|below)|skip (?:this )?ad",
            start: r"advertisement\b|sponsored by|presented by|paid for by|this (?:content|article|post|story) (?:is|was) (?:sponsored|produced|paid)|(?:if|when) you (?:buy|purchase|click|shop)\b.{0,80}\b(?:commission|earn|paid|a share of the sales?)|\S+(?: \S+){0,3} (?:has|have|may have) affiliate (?:partnerships|links|relationships|agreements)\b|we may (?:earn|get|receive|be paid) (?:a )?(?:small )?(?:commission|share|fee)|this (?:post|article|page) (?:contains|may contain) affiliate",
        },
        Entry {
            whole: r"\S+(?: \S+){0,3} (?:says|wrote|commented)|comments?|\d+ comments?|comments \(\d+\)|no comments(?: yet)?|leave a (?:comment|reply)|post a comment|add a comment|write a comment|(?:show|view|load|read|see) (?:all )?(?:\d+ )?comments|join the (?:conversation|discussion)|reply|replies|report|report abuse|flag|like|likes|\d+ (?:likes?|replies|points|votes?)|rating: \d+ votes?|newest|oldest|top rated comments|log in to (?:comment|reply)|conversation",
            // A comment's header (`Jane says: November 19, 2019 at 9:08 am`) names its date;
            // `The report says: …` in the article introduces a quotation.
            start: r"\S+(?: \S+){0,3} (?:says|wrote|commented)\s*:?\s*(?:on )?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d+|\d{1,2}[/. ]\d+)|comments? (?:are|is|have been) (?:closed|moderated|disabled)|(?:please )?(?:read|see|review) our (?:comment|commenting|community) (?:policy|guidelines|standards|rules)|we (?:welcome|encourage|invite) .{0,30}comments|(?:tell|let) us (?:what you think|know what you think)|have your say|what do you think\?|you must be logged in|\d+ (?:second|minute|hour|day|week|month|year)s? ago|commenting (?:is|has been)|(?:view|read|show) (?:all )?comments\b",
        },
        Entry {
            whole: r"photos?|images?|pictures?|gallery|credit|file photo|handout|(?:.{0,60}[/(|] ?)?(?:getty images|shutterstock|istock(?:photo)?|reuters|afp|ap photo|ap|associated press|epa|dpa|pa)(?: images)?\)?",
            start: r"(?:photo|image|picture|video|illustration|graphic|photograph|photography)s?(?: credit)?\s*:|(?:photo|image|picture)s? (?:by|courtesy(?: of)?|credit)\b|image caption|file photo|courtesy of\b|caption\s*:|\((?:photo|image):|(?:ap|afp|dpa|epa|upi|xinhua) photo/",
        },
        Entry {
            whole: r"by|by staff|staff|staff report|staff reports|staff writer|editorial staff|(?:(?:from )?(?:\S+ ){0,3})?wire (?:services?|reports?)|\S+(?: \S+){1,3},? (?:the )?(?:associated press|reuters|agence france-presse|afp|bloomberg news|upi|dpa|xinhua)|by \S+(?: \S+){0,3}(?: (?:and|&) \S+(?: \S+){0,2})?|(?:posted|written) by .{1,40}|\S+ \S+,? (?:staff )?(?:writer|reporter|correspondent|editor|contributor|columnist)",
            start: r"by [^\s,]+ \S+(?:\s*[|,•–—]|\s+-)|by \S+ \S+(?: \S+)? (?:and|&) |posted by\b|written by\b|reporting by\b|additional reporting\b|edited by\b|contact (?:the )?(?:author|reporter|writer)|email the author|follow (?:the )?author|\S+ \S+ is a (?:staff |senior |freelance )?(?:reporter|writer|correspondent|editor|contributor)\b|about the author|\S+(?: \S+){0,11} contributed (?:reporting|research|to this (?:report|story|article))\b",
        },
        Entry {
            // A date in the forms a page stamps (`Nov. 19, 2019 8:03 am ET`, `Wednesday 20
            // November 2019 9:22 am`, `20 Nov, 2019 05:47`), optionally labelled.
            whole: concat!(
                r"(?:",
                stamp_label_en!(),
                r":?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? )?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,? \d{4})(?:,? (?:at |@ ?)?\d{1,2}[:.]\d{2}.{0,16})?|\d{1,2}:\d{2} ?(?:am|pm|a\.m\.|p\.m\.)(?: [a-z]{2,4})?(?: \d{1,2}/\d{1,2}/\d{2,4})?(?: by .{2,40})?|\d{1,2}/\d{1,2}/\d{2,4}(?:,? \d{1,2}:\d{2}.{0,12})?|",
                stamp_label_en!(),
                r":?\s*\d{1,2}:\d{2} ?(?:am|pm|a\.m\.?|p\.m\.?)(?: [a-z]{2,4})?|\d+ (?:min|mins|minute|minutes|hour|hours|hr|hrs|day|days|week|weeks|month|months|year|years) ago|\d+ min(?:ute)?s? read|\d{1,2}[hm] ago"
            ),
            start: concat!(
                stamp_label_en!(),
                r":? ?(?:\d+|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*)|\d+ min(?:ute)?s? read\b"
            ),
        },
        Entry {
            whole: r"videos?|watch|watch (?:video|now|live)|play|play video|replay|listen|listen now|listen to (?:this|the) (?:article|story)|audio|podcast|photo gallery|slideshow|view (?:gallery|slideshow)|(?:image|photo|slide) \d+ of \d+|\d+ (?:photos|images|pictures)|loading(?: video)?(?:\.\.\.|…)?|now playing|up next|autoplay|pause|mute|unmute|full ?screen|closed captions|enlarge(?: this image)?|toggle caption|hide caption|\d+:\d{2}",
            start: r"your browser does not support|this (?:video|content|slideshow|media|embed) (?:is not available|requires|cannot)|(?:please )?enable javascript|to (?:view|watch|play) this (?:video|content)|(?:watch|video|listen|audio|podcast)\s*:|now playing\b|up next\s*:|media playback is",
        },
    ]
}

pub(super) fn german() -> [Entry; CATEGORIES] {
    [
        Entry {
            whole: r"(?:\d+\s+)?(?:teilen|artikel teilen|jetzt teilen|drucken|versenden|e-mail|mail|facebook|twitter|x|whatsapp|linkedin|pinterest|xing|telegram|link kopieren|merken|gemerkt|folgen)(?:JOIN(?:teilen|drucken|versenden|e-mail|mail|facebook|twitter|x|whatsapp|linkedin|pinterest|xing|telegram|link kopieren|merken|kommentieren|\d+))*",
            start: r"folgen sie (?:uns|\S+ auf)|(?:artikel|beitrag) (?:teilen|versenden|drucken)|teilen (?:sie|auf)\b|(?:hat ihnen )?(?:dieser|der) (?:artikel|beitrag) (?:hat ihnen )?gefallen\?",
        },
        Entry {
            whole: r"abonnieren|jetzt abonnieren|newsletter|(?:der |unser )?[^\s:]+(?: [^\s:]+){0,3}[- ]newsletter|anmelden|abmelden|registrieren|einloggen|login|abo|abos|jetzt testen|mein konto|plus|exklusiv",
            start: r"newsletter (?:abonnieren|bestellen)|jetzt (?:abonnieren|anmelden|registrieren|testen|weiterlesen|gratis)|(?:melden|registrieren) sie sich|(?:unser|unseren|der|den|zum) .{0,30}newsletter|sie haben (?:bereits )?ein abo|bereits abonnent|(?:mit|als) .{0,20}(?:plus|abo|abonnent)\b|unterstützen sie (?:unseren|den|uns)|exklusiv für (?:abonnenten|abonnentinnen)|dieser (?:artikel|beitrag) ist (?:nur )?für abonnenten",
        },
        Entry {
            whole: r"startseite|home|menü|menu|suche|schließen|zurück|weiter|nach oben|mehr|weniger|weiterlesen|mehr lesen|mehr anzeigen|alle anzeigen|seite \d+(?: von \d+)?|\d+ von \d+|zum (?:artikel|inhalt|seitenanfang)|zur startseite|(?:.{0,60} )?(?:öffnet|öffnen) sich in (?:einem )?neuen (?:fenster|tab)|navigation|inhaltsverzeichnis",
            start: r"weiterlesen\b|mehr (?:lesen|dazu)\b|zurück zu\b|zum (?:artikel|inhalt|seitenanfang)\b|springe zu\b|(?:hier|jetzt) klicken|klicken sie hier|startseite\s*[>›»/|]",
        },
        Entry {
            whole: r"mehr zum thema|das könnte sie (?:auch )?interessieren|auch interessant|meistgelesen|meistgelesene (?:artikel|beiträge)|meist gelesen|beliebt|am beliebtesten|empfehlungen|empfohlen|unsere empfehlung|top-?themen|top-?artikel|verwandte (?:artikel|themen|beiträge)|weitere (?:artikel|themen|nachrichten|meldungen|beiträge)|neueste (?:artikel|nachrichten|beiträge)|lesen sie auch|auch lesenswert|themen|schlagzeilen|aktuell|schlagworte",
            start: r"lesen sie (?:auch|mehr)\s*:|mehr zum thema\s*:|auch interessant\s*:|weitere (?:artikel|nachrichten|beiträge) (?:zum|aus|von)\b|mehr (?:aus|von) \S+\s*:|(?:themen|schlagworte|stichworte)\s*:",
        },
        Entry {
            whole: concat!(
                r"(?:",
                legal_links_de!(),
                r")(?:JOIN(?:",
                legal_links_de!(),
                r"))*|.{0,100}\balle rechte vorbehalten\.?|mediadaten|jobs|karriere"
            ),
            start: r"©|\(c\) ?\d{4}|copyright|alle rechte vorbehalten|haftungsausschluss\s*:|wir (?:verwenden|nutzen) cookies|diese (?:website|seite|webseite) (?:verwendet|nutzt) cookies",
        },
        Entry {
            whole: r"anzeige|werbung|gesponsert|sponsored|advertorial|promotion|partner-?inhalt|affiliate-?link",
            start: r"anzeige\s*[:|-]|werbung\s*[:|-]|in (?:kooperation|zusammenarbeit) mit\b|dieser (?:artikel|beitrag) enthält (?:affiliate|werbe)|(?:wenn|falls) sie\b.{0,60}\b(?:kaufen|klicken|bestellen)\b.{0,60}provision|wir erhalten\b.{0,40}provision",
        },
        Entry {
            whole: r"\S+(?: \S+){0,3} (?:schreibt|sagt|kommentiert)|kommentare?|\d+ kommentare?|kommentare \(\d+\)|kommentieren|antworten|melden|kommentar schreiben|diskutieren sie mit|diskussion|leserkommentare|neueste zuerst|älteste zuerst",
            // As in English: a comment's header names its date (`Maria sagt: 19. November
            // 2019 um 9:08`); `Die eine sagt: knig.` is someone speaking.
            start: r"\S+(?: \S+){0,3} (?:schreibt|sagt|kommentiert)\s*:?\s*(?:am )?(?:\d{1,2}\.\s*(?:jan|feb|mär|apr|mai|jun|jul|aug|sep|okt|nov|dez)[a-zä]*\.?\s*\d{2,4}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})|vor \d+ (?:sekunden|minuten|stunden|tagen|wochen|monaten|jahren)|die kommentarfunktion|kommentare (?:sind|ist|wurden) (?:geschlossen|deaktiviert)|bitte (?:beachten sie|lesen sie) (?:unsere|die) (?:netiquette|kommentarregeln|regeln)|was (?:meinen|denken) sie\b|diskutieren sie mit",
        },
        Entry {
            whole: r"fotos?|bilder?|quelle|(?:.{0,60}[/(] ?)?(?:dpa|afp|reuters|getty images|imago|picture alliance|picture-alliance|ap|epa|kna|epd)(?: images)?\)?",
            start: r"(?:foto|fotos|bild|bilder|quelle|grafik|illustration|video|bildquelle|bildnachweis)\s*:|bildunterschrift|© (?:foto|bild)",
        },
        Entry {
            whole: r"von \S+(?: \S+){0,3}(?: und \S+(?: \S+){0,2})?|von (?:unserem|unserer) (?:redakteur|korrespondent|reporter)(?:in)?.{0,40}|redaktion|autor|autorin|(?:ein )?(?:kommentar|gastbeitrag) von .{1,40}",
            start: r"von \S+ \S+\s*[|,•]|ein (?:beitrag|kommentar|artikel|gastbeitrag) von\b|mitarbeit\s*:|autor(?:in)?\s*:|redaktion\s*:|mehr über (?:den|die) autor",
        },
        Entry {
            whole: r"(?:(?:aktualisiert|veröffentlicht|erstellt|stand)(?: am)?:?\s*)?(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\. (?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember) \d{4})(?:,? (?:um )?\d{1,2}[:.]\d{2}(?: uhr)?)?|\d+ min(?:uten)? lesezeit|lesezeit:? \d+ min(?:uten)?|\d{1,2}[:.]\d{2} uhr",
            start: r"(?:aktualisiert|veröffentlicht|erstellt|stand)(?: am)?:? ?\d+|lesezeit\b",
        },
        Entry {
            whole: r"videos?|abspielen|anhören|jetzt anhören|audio|podcast|bildergalerie|galerie|fotostrecke|zur (?:bildergalerie|fotostrecke)|bild \d+ von \d+|\d+ bilder|wird geladen(?:\.\.\.|…)?|lädt(?:\.\.\.|…)?|vollbild|\d+:\d{2}",
            start: r"ihr browser unterstützt|(?:video|audio|podcast)\s*:|zum video\b|zur (?:bildergalerie|fotostrecke)\b|bitte aktivieren sie javascript",
        },
    ]
}

/// Each entry's pattern for one anchor (`whole`, else `start`) as it is screened and
/// matched. ASCII word boundaries: a Unicode `\b` keeps the regex off its fast engine on
/// non-ASCII text (no pattern puts a non-ASCII letter before one). A normalized line's only
/// space is ` ` and furniture counts in ASCII digits, so `\s` is a space, `\S` is `[^ ]` and
/// `\d` is `[0-9]`: the same matches, and literal screens that know where a count or a join
/// can be.
pub(super) fn patterns(entries: &[Entry; CATEGORIES], whole: bool) -> Vec<String> {
    entries
        .iter()
        .map(|e| {
            (if whole { e.whole } else { e.start })
                .replace("JOIN", JOIN)
                .replace(r"\b", r"(?-u:\b)")
                .replace(r"\s", " ")
                .replace(r"\S", "[^ ]")
                .replace(r"\d", "[0-9]")
        })
        .collect()
}
