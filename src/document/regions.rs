//! Parts of a Markdown body that CommonMark would misread, found before parsing:
//! - Liquid/Jekyll code tags (`{% highlight x %}…{% endhighlight %}`, `{% comment %}…`)
//!   and Hugo's code shortcode with its language (`{{< highlight go >}}…{{< /highlight >}}`):
//!   never prose, though CommonMark sees paragraphs there;
//! - MkDocs admonitions, collapsible blocks and content tabs (`!!! note`, `??? tip "Title"`,
//!   `=== "Tab"`): their indented bodies are Markdown prose, though CommonMark sees
//!   indented code;
//! - display math as GitHub and MathJax set it (`$$` on a line of its own through a line
//!   ending `$$`, or one line `$$ … $$`): TeX, never prose. (`$…$` within a line is not
//!   taken for math: it is money as often, `$5-$10`.)

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static LIQUID_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s)\{%-?\s*(?:highlight|comment)\b.*?%\}.*?\{%-?\s*end(?:highlight|comment)\s*-?%\}",
    )
    .expect("valid regex")
});

/// Hugo's built-in `highlight` shortcode names the language of the code it holds
/// (`{{< highlight go "linenos=table" >}}`); a site's own `highlight` shortcode without one
/// (digitalgov's `{{< highlight >}}Their next deadline …{{< /highlight >}}`) marks prose.
static HUGO_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{\{[<%]\s*highlight\s+[^\s>%]+.*?[>%]\}\}.*?\{\{[<%]\s*/highlight\s*[>%]\}\}")
        .expect("valid regex")
});

/// `!!! note`, `!!! warning "Title"`, `???+ tip`, `=== "Tab title"` alone on a line.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^( *)(?:(?:!!!|\?\?\?\+?) +[a-z][\w-]*(?: +[\w-]+)*(?: +"[^"]*")?|===\+? +"[^"]*") *\r?$"#)
        .expect("valid regex")
});

/// The marks that open a region: `{%`, the admonition and tab markers, Hugo's
/// `highlight`, then display math's `$$` (searchers built once).
static MARKS: LazyLock<[memchr::memmem::Finder<'static>; 6]> = LazyLock::new(|| {
    ["{%", "!!!", "???", "=== \"", "highlight", "$$"]
        .map(|m| memchr::memmem::Finder::new(m.as_bytes()))
});

#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Regions {
    /// Byte ranges (in the body) to read as blank.
    pub(super) blank: Vec<Range<usize>>,
    /// Indented bodies to read as Markdown of their own: range, and the indentation to drop.
    pub(super) nested: Vec<(Range<usize>, usize)>,
}

impl Regions {
    pub(super) fn is_empty(&self) -> bool {
        self.blank.is_empty() && self.nested.is_empty()
    }
}

/// Find the regions of `body`. Cheap when the body holds neither `{%` nor a marker.
pub(super) fn find(body: &str) -> Regions {
    let mut out = Regions::default();
    // SIMD substring scans (most bodies hold none of the marks).
    let has = |i: usize| MARKS[i].find(body.as_bytes()).is_some();
    let liquid = has(0);
    let marker = has(1) || has(2) || has(3);
    if liquid {
        out.blank
            .extend(LIQUID_CODE.find_iter(body).map(|m| m.range()));
    }
    if has(4) {
        out.blank
            .extend(HUGO_CODE.find_iter(body).map(|m| m.range()));
    }
    if has(5) {
        display_math(body, &mut out.blank);
    }
    if !marker {
        return out;
    }
    let lines: Vec<Range<usize>> = line_ranges(body);
    let mut i = 0;
    let mut fence = Fence::default();
    while i < lines.len() {
        let line = &body[lines[i].clone()];
        if fence.holds(line.trim_start()) {
            i += 1;
            continue;
        }
        let Some(c) = MARKER.captures(line) else {
            i += 1;
            continue;
        };
        let indent = c[1].len() + 4;
        // The body: following lines indented by `indent`, or blank, up to the last indented.
        let mut last = None;
        let mut j = i + 1;
        while j < lines.len() {
            let l = &body[lines[j].clone()];
            if l.trim().is_empty() {
                j += 1;
                continue;
            }
            if l.len() - l.trim_start_matches(' ').len() >= indent {
                last = Some(j);
                j += 1;
            } else {
                break;
            }
        }
        out.blank.push(lines[i].clone());
        match last {
            Some(last) => {
                let range = lines[i + 1].start..lines[last].end;
                out.blank.push(range.clone());
                out.nested.push((range, indent));
                i = last + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Display math outside fenced code: a line `$$` through the next line that ends `$$`
/// (TeX allows no blank line in math, so a blank line first means the `$$` was not one),
/// and a line `$$ … $$` of its own.
fn display_math(body: &str, blank: &mut Vec<Range<usize>>) {
    let lines = line_ranges(body);
    let text = |i: usize| body[lines[i].clone()].trim();
    let mut fence = Fence::default();
    let mut i = 0;
    while i < lines.len() {
        let t = text(i);
        if fence.holds(t) {
            // Code: a `$$` there is the shell's.
        } else if t == "$$" {
            let close = (i + 1..lines.len())
                .take_while(|&j| !text(j).is_empty())
                .find(|&j| text(j).ends_with("$$"));
            if let Some(j) = close {
                blank.push(lines[i].start..lines[j].end);
                i = j;
            }
        } else if t.len() > 4
            && t.starts_with("$$")
            && t.ends_with("$$")
            && t.trim_matches('$').chars().any(|c| !c.is_whitespace())
        {
            blank.push(lines[i].clone());
        }
        i += 1;
    }
}

/// Fenced code, followed line by line.
#[derive(Default)]
struct Fence<'a>(Option<&'a str>);

impl<'a> Fence<'a> {
    /// Whether a line (its indent trimmed) opens, is inside or closes a code fence.
    fn holds(&mut self, trimmed: &'a str) -> bool {
        match self.0 {
            Some(f) => {
                if trimmed.starts_with(f) {
                    self.0 = None;
                }
                true
            }
            None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                self.0 = Some(&trimmed[..3]);
                true
            }
            None => false,
        }
    }
}

/// Byte ranges of the lines of `s`, without their line ends.
fn line_ranges(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b'\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    if start < s.len() {
        out.push(start..s.len());
    }
    out
}

/// `body` with every blank region's bytes (but line ends) turned into spaces.
pub(super) fn blank_out(body: &str, blank: &[Range<usize>]) -> String {
    let mut bytes = body.as_bytes().to_vec();
    for r in blank {
        for b in &mut bytes[r.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Whole characters were replaced (a region starts and ends on character boundaries
    // and every byte of it became ASCII), so this stays UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The text of a nested body with `indent` leading spaces dropped from each line, and for
/// each of its lines (start in the new text, start in `body` after the dropped spaces).
pub(super) fn dedent(
    body: &str,
    range: Range<usize>,
    indent: usize,
) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(range.len());
    let mut map = Vec::new();
    for l in line_ranges(&body[range.clone()]) {
        let l = range.start + l.start..range.start + l.end;
        let line = &body[l.clone()];
        let drop = (line.len() - line.trim_start_matches(' ').len()).min(indent);
        map.push((text.len(), l.start + drop));
        text.push_str(&line[drop..]);
        text.push('\n');
    }
    (text, map)
}

/// Offset in `body` of offset `o` of a dedented text, by its line map.
pub(super) fn map_back(map: &[(usize, usize)], o: usize) -> usize {
    let i = match map.binary_search_by(|(s, _)| s.cmp(&o)) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    map.get(i).map_or(o, |(s, orig)| orig + (o - s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_admonitions_tabs_and_liquid_code() {
        let body = "Intro.\n\n!!! note \"Heads up\"\n\n    Body \"text\" here.\n\n    More.\n\nAfter.\n\n=== \"Tab A\"\n    Tab text.\n\n{% highlight ruby %}\nputs \"x\"\n{% endhighlight %}\n";
        let r = find(body);
        assert_eq!(r.nested.len(), 2);
        let (range, indent) = r.nested[0].clone();
        assert_eq!(indent, 4);
        assert_eq!(
            &body[range.clone()],
            "\n    Body \"text\" here.\n\n    More."
        );
        let (text, map) = dedent(body, range, indent);
        assert_eq!(text, "\nBody \"text\" here.\n\nMore.\n");
        let at = text.find("More").unwrap();
        assert_eq!(&body[map_back(&map, at)..map_back(&map, at) + 4], "More");
        assert!(r
            .blank
            .iter()
            .any(|b| body[b.clone()].starts_with("{% highlight")));
        // Not markers: an exclamation in prose, a setext underline.
        assert!(find("Wow!!! that is great\n\nTitle\n===\n").is_empty());
    }

    /// Display math on lines of its own is blanked; `$` in prose, and `$$` in code or
    /// with a blank line before any closing one, are not math.
    #[test]
    fn display_math_on_its_own_lines() {
        let body = "Text.\n\n$$\n\\alpha  \\\\\nx$$\n\n$$ x^2  = 1 $$\n\nCosts $5-$10.\n";
        let r = find(body);
        let blanked: Vec<&str> = r.blank.iter().map(|b| &body[b.clone()]).collect();
        assert_eq!(blanked, ["$$\n\\alpha  \\\\\nx$$", "$$ x^2  = 1 $$"]);
        for prose in [
            "Costs $5-$10 or US$5 and US$10.\n",
            "$$\n\nNot math $$\n",
            "```\n$$\necho $$\n```\n",
            "$$$$$\n",
        ] {
            assert!(find(prose).is_empty(), "{prose:?}");
        }
    }

    /// Hugo's `highlight` shortcode with a language holds code (a fix once made its
    /// `fmt.Println("hello  world")` curly and single-spaced); a site's own `highlight`
    /// shortcode without one marks prose, and the word in prose is prose.
    #[test]
    fn hugo_highlight_with_a_language_is_code() {
        let body = "Text.\n\n{{< highlight go \"linenos=table\" >}}\nfmt.Println(\"hi  there\")\n{{< /highlight >}}\n\nMore.\n";
        let r = find(body);
        assert_eq!(r.blank.len(), 1);
        assert!(body[r.blank[0].clone()].contains("Println"));
        assert!(body[r.blank[0].clone()].ends_with("{{< /highlight >}}"));
        for prose in [
            "We {{< highlight >}}use a .gov domain{{< /highlight >}} today.\n",
            "The highlight of the year.\n",
        ] {
            assert!(find(prose).is_empty(), "{prose}");
        }
    }
}
