//! Markdown body → blocks, through pulldown-cmark's offset iterator.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

use super::{regions, Block, BlockKind, Prose};

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--(.*?)-->").expect("valid regex"));

/// An MDX comment, `{/* … */}` (MDX rejects HTML comments).
static MDX_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{/\*(.*?)\*/\}").expect("valid regex"));

struct Builder<'a> {
    text: &'a str,
    blocks: &'a mut Vec<Block>,
    current: Option<(BlockKind, Prose)>,
    item_depth: usize,
    quote_depth: usize,
    /// Inside a code block, an image, or an autolink: text is not prose.
    skip_depth: usize,
    /// The last prose event was a line break: the next text's indentation is not prose.
    after_break: bool,
    /// Open links: whether each is an autolink (which raised `skip_depth`), and how long
    /// the prose was where it opened.
    links: Vec<(bool, usize)>,
    /// Inside an HTML block: the byte ranges of its lines so far.
    html_block: Option<Vec<Range<usize>>>,
    /// An MDX file: `{…}` is a JavaScript expression, `import`/`export` lines are code.
    mdx: bool,
}

impl Builder<'_> {
    fn context_kind(&self) -> BlockKind {
        if self.item_depth > 0 {
            BlockKind::ListItem
        } else if self.quote_depth > 0 {
            BlockKind::Blockquote
        } else {
            BlockKind::Paragraph
        }
    }

    /// Open a block of `kind` whose source is `len` bytes: its prose is at most about that
    /// long, so it is made with that room instead of growing event by event.
    fn start(&mut self, kind: BlockKind, len: usize) {
        self.flush();
        self.current = Some((kind, Prose::with_capacity(len)));
    }

    fn flush(&mut self) {
        if let Some((kind, mut prose)) = self.current.take() {
            if self.mdx {
                let t = prose.text();
                let esm = kind == BlockKind::Paragraph
                    && (t.starts_with("import ") || t.starts_with("export "));
                if esm {
                    return;
                }
                prose.mask_expressions();
            }
            if prose
                .text()
                .chars()
                .any(|c| c.is_alphanumeric() || !c.is_whitespace() && c != super::MASK)
            {
                self.blocks.push(Block::new(kind, None, prose));
            }
        }
    }

    /// The length of the open block's prose so far.
    fn prose_len(&self) -> usize {
        self.current.as_ref().map_or(0, |(_, p)| p.text().len())
    }

    fn prose(&mut self) -> &mut Prose {
        if self.current.is_none() {
            self.current = Some((self.context_kind(), Prose::default()));
        }
        &mut self.current.as_mut().expect("just set").1
    }
}

pub(super) fn parse(
    text: &str,
    body_start: usize,
    mdx: bool,
    blocks: &mut Vec<Block>,
    comments: &mut Vec<(Range<usize>, String)>,
    labels: &mut Vec<Range<usize>>,
) {
    let body = &text[body_start..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST;
    let mut b = Builder {
        text,
        blocks,
        current: None,
        item_depth: 0,
        quote_depth: 0,
        skip_depth: 0,
        after_break: false,
        links: Vec::new(),
        html_block: None,
        mdx,
    };
    let mut html_ranges: Vec<Range<usize>> = Vec::new();
    let regions = regions::find(body);
    let blanked;
    let source = if regions.is_empty() {
        body
    } else {
        blanked = regions::blank_out(body, &regions.blank);
        blanked.as_str()
    };
    for (event, r) in Parser::new_ext(source, options).into_offset_iter() {
        let r = r.start + body_start..r.end + body_start;
        let was_after_break = std::mem::replace(
            &mut b.after_break,
            matches!(event, Event::SoftBreak | Event::HardBreak),
        );
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph if b.skip_depth == 0 => {
                    let k = b.context_kind();
                    b.start(k, r.len());
                }
                Tag::Heading { level, .. } => b.start(BlockKind::Heading(level as u8), r.len()),
                Tag::TableCell => b.start(BlockKind::TableCell, r.len()),
                Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                    let k = b.context_kind();
                    b.start(k, r.len());
                }
                Tag::Item => {
                    b.flush();
                    b.item_depth += 1;
                }
                Tag::List(_) => b.flush(),
                Tag::BlockQuote(_) => {
                    b.flush();
                    b.quote_depth += 1;
                }
                Tag::CodeBlock(_) => {
                    b.flush();
                    b.skip_depth += 1;
                }
                Tag::HtmlBlock => {
                    b.flush();
                    html_ranges.push(r.clone());
                    b.html_block = Some(Vec::new());
                }
                Tag::Image { .. } => {
                    if b.skip_depth == 0 {
                        b.prose().push_mask(r.clone(), 1);
                    }
                    b.skip_depth += 1;
                }
                Tag::Link { link_type, .. } => {
                    // `[text]` and `[text][]` find their definition by their text.
                    if matches!(link_type, LinkType::Shortcut | LinkType::Collapsed) {
                        labels.push(r.clone());
                    }
                    let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    if auto {
                        if b.skip_depth == 0 {
                            b.prose().push_mask(r.clone(), 1);
                        }
                        b.skip_depth += 1;
                    }
                    let at = b.prose_len();
                    b.links.push((auto, at));
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                    if b.skip_depth == 0 =>
                {
                    b.flush();
                }
                TagEnd::Item => {
                    b.flush();
                    b.item_depth = b.item_depth.saturating_sub(1);
                }
                TagEnd::BlockQuote(_) => {
                    b.flush();
                    b.quote_depth = b.quote_depth.saturating_sub(1);
                }
                TagEnd::CodeBlock | TagEnd::Image => b.skip_depth = b.skip_depth.saturating_sub(1),
                TagEnd::HtmlBlock => {
                    if let Some(chunks) = b.html_block.take() {
                        let context = b.context_kind();
                        super::html::read(b.text, &chunks, context, b.mdx, b.blocks);
                    }
                }
                TagEnd::Link => match b.links.pop() {
                    Some((true, _)) => b.skip_depth = b.skip_depth.saturating_sub(1),
                    // A link with no text (`see [](#fig-1)`, `[](xref:guide/math)`): MyST and
                    // Jupyter Book show the target's title or number there, so the sentence
                    // has a word in that place, as a masked code span does.
                    Some((false, at)) if b.skip_depth == 0 && b.prose_len() == at => {
                        b.prose().push_mask(r, 1);
                    }
                    _ => {}
                },
                _ => {}
            },
            Event::Text(t) => {
                if b.skip_depth == 0 {
                    let text = b.text;
                    // A continuation line's indentation is not rendered.
                    let (r, t) = if was_after_break {
                        let lead = t.len() - t.trim_start_matches([' ', '\t']).len();
                        (r.start + lead.min(r.len())..r.end, &t[lead..])
                    } else {
                        (r, &t[..])
                    };
                    if !t.is_empty() {
                        b.prose().push_text(text, r, t);
                    }
                }
            }
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_) => {
                if b.skip_depth == 0 {
                    b.prose().push_mask(r, 1);
                }
            }
            Event::InlineHtml(_) => {
                html_ranges.push(r.clone());
                if b.skip_depth == 0 {
                    b.prose().push_mask(r, 1);
                }
            }
            Event::Html(_) => {
                if let Some(chunks) = b.html_block.as_mut() {
                    chunks.push(r.clone());
                }
                html_ranges.push(r);
            }
            Event::SoftBreak | Event::HardBreak => {
                if b.skip_depth == 0 && b.current.is_some() {
                    b.prose().push_replacement(r, " ");
                }
            }
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }
    b.flush();
    // MkDocs admonition and tab bodies: Markdown of their own, mapped back.
    for (range, indent) in &regions.nested {
        let (sub, map) = regions::dedent(body, range.clone(), *indent);
        let (mut sub_blocks, mut sub_comments, mut sub_labels) =
            (Vec::new(), Vec::new(), Vec::new());
        parse(
            &sub,
            0,
            mdx,
            &mut sub_blocks,
            &mut sub_comments,
            &mut sub_labels,
        );
        let back = |o: usize| body_start + regions::map_back(&map, o);
        for mut block in sub_blocks {
            block.prose.remap(back);
            blocks.push(block);
        }
        comments.extend(
            sub_comments
                .into_iter()
                .map(|(r, c)| (back(r.start)..back(r.end), c)),
        );
        labels.extend(sub_labels.into_iter().map(|r| back(r.start)..back(r.end)));
    }
    if !regions.nested.is_empty() {
        blocks.sort_by_key(|b| b.range().start);
    }
    // HTML comments (suppression directives live there), merged across adjacent HTML events.
    html_ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in html_ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end + 1 => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    if mdx {
        for c in MDX_COMMENT.captures_iter(body) {
            let m = c.get(0).expect("whole match");
            comments.push((
                body_start + m.start()..body_start + m.end(),
                c[1].trim().to_string(),
            ));
        }
    }
    for r in merged {
        for c in COMMENT.captures_iter(&text[r.clone()]) {
            let m = c.get(0).expect("whole match");
            comments.push((
                r.start + m.start()..r.start + m.end(),
                c[1].trim().to_string(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{BlockKind, Document, Format, MASK};

    use crate::document::tests::markdown as doc;

    #[test]
    fn code_is_never_prose() {
        let d = doc("Use `c\"abc\"` here.\n\n```\nthe\"x\"\n```\n\n    indented \"code\"\n");
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].text(), format!("Use {MASK} here."));
    }

    /// A link with no text is filled in by the reader's tool (MyST shows the target's title
    /// or number): a masked word in the sentence, not nothing before its full stop.
    #[test]
    fn a_link_without_text_stands_for_a_word() {
        let d = doc("For details, see [](xref:guide/math). See [the guide](#g) and [`x`](#x).\n");
        assert_eq!(
            d.blocks[0].text(),
            format!("For details, see {MASK}. See the guide and {MASK}.")
        );
    }

    #[test]
    fn html_links_and_autolinks_are_masked() {
        let d = doc("See <img align=\"middle\"width=\"600\"> and <https://x.org/a\"b> or [the \"site\"](http://a.b \"T\").\n");
        let t = d.blocks[0].text();
        assert!(!t.contains("align"));
        assert!(!t.contains("x.org"));
        assert!(t.contains("the \"site\""), "{t:?}");
        assert!(!t.contains("http"));
    }

    #[test]
    fn blocks_have_kinds() {
        let d = doc("# Title\n\nPara one\ncontinues.\n\n- item *one*\n- item two\n\n> quoted\n\n| a | b |\n|---|---|\n| c | d |\n");
        let kinds: Vec<_> = d.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading(1),
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Blockquote,
                BlockKind::TableCell,
                BlockKind::TableCell,
                BlockKind::TableCell,
                BlockKind::TableCell
            ]
        );
        assert_eq!(d.blocks[1].text(), "Para one continues.");
        assert_eq!(d.blocks[2].text(), "item one");
    }

    #[test]
    fn crlf_and_comments() {
        let d = doc(
            "Line one\r\nline two\r\n\r\n<!-- copydesk-disable-next-line quotes -->\r\nNext\r\n",
        );
        assert_eq!(d.blocks[0].text(), "Line one line two");
        assert_eq!(d.comments.len(), 1);
        assert_eq!(d.comments[0].1, "copydesk-disable-next-line quotes");
    }

    #[test]
    fn mdx_expressions_comments_and_esm_are_not_prose() {
        let s = "import Tabs from '@theme/Tabs';\n\n{/* copydesk-disable-next-line quotes */}\nThe value is {props.count} here.\n";
        let d = Document::parse("t.mdx", s.to_string(), Format::Markdown);
        crate::document::tests::assert_spans_valid(&d);
        assert_eq!(d.blocks.len(), 1);
        assert!(!d.blocks[0].text().contains("props") && !d.blocks[0].text().contains("disable"));
        assert!(d.blocks[0].text().ends_with(" here."));
        assert_eq!(d.comments.len(), 1);
        assert_eq!(d.comments[0].1, "copydesk-disable-next-line quotes");
        // In plain Markdown, braces are text.
        let d = doc("The set {a, b} here.\n");
        assert!(d.blocks[0].text().contains("{a, b}"));
    }

    #[test]
    fn admonition_bodies_are_prose_and_liquid_code_is_not() {
        let s = "Intro.\n\n!!! note \"Heads up\"\n\n    The mayor said the\"plan\" works.\n\n{% highlight ruby %}\nputs the\"x\"\n{% endhighlight %}\n\nAfter.\n";
        let d = doc(s);
        let texts: Vec<_> = d.blocks.iter().map(|b| b.text().to_string()).collect();
        assert_eq!(
            texts,
            ["Intro.", "The mayor said the\"plan\" works.", "After."]
        );
        let b = &d.blocks[1];
        let at = b.text().find("plan").unwrap();
        assert_eq!(&s[b.prose.map_range(at..at + 4)], "plan");
    }

    #[test]
    fn escapes_map_to_their_source() {
        let s = "A \\*star\\* &amp; more\n";
        let d = doc(s);
        assert_eq!(d.blocks[0].text(), "A *star* & more");
        let b = &d.blocks[0];
        let more = b.text().find("more").unwrap();
        assert_eq!(&s[b.prose.map_range(more..more + 4)], "more");
    }
}
