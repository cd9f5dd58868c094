//! What a body says besides its HTML, read from the same events: the plain text for search,
//! the links and images to check, and what would hurt readers.

use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

use super::raw::RawHtml;
use super::{Finding, Image, Link};
use crate::limits::{MAX_ELEMENTS, MAX_FINDINGS, MAX_NESTING};

/// Link texts that say nothing out of context, as screen-reader users often hear links.
const VAGUE_LINK_TEXT: [&str; 10] = [
    "click here",
    "here",
    "read more",
    "more",
    "link",
    "this link",
    "this page",
    "find out more",
    "learn more",
    "click",
];

/// What [`read`] found.
#[derive(Debug, Default)]
pub(super) struct Read {
    pub text: String,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub findings: Vec<Finding>,
    /// The ids of headings written in raw HTML.
    pub raw_ids: Vec<String>,
    /// Where the text first nests deeper than [`MAX_NESTING`], if it does.
    pub too_deep: Option<usize>,
    /// Where the text first has more than [`MAX_ELEMENTS`] elements, if it does.
    pub too_many: Option<usize>,
    /// Findings not kept, over [`MAX_FINDINGS`].
    pub more_findings: usize,
}

/// Reads the text, links, images and findings of a body's events.
pub(super) fn read(events: &[(Event<'_>, Range<usize>)]) -> Read {
    let mut reader = Reader {
        // The page title is the h1, so the body's headings start at level two.
        previous_level: 1,
        ..Reader::default()
    };
    for (event, range) in events {
        reader.event(event, range.start);
        reader.nesting(range.start);
    }
    Read {
        text: reader
            .read
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        raw_ids: std::mem::take(&mut reader.raw.ids),
        ..reader.read
    }
}

#[derive(Default)]
struct Reader {
    read: Read,
    previous_level: usize,
    /// The link being read, its text so far.
    link: Option<Link>,
    /// The image being read, its alt text so far.
    image: Option<Image>,
    raw: RawHtml,
    /// How many Markdown elements the current event is inside.
    depth: usize,
    /// How many Markdown elements have started so far.
    elements: usize,
}

impl Reader {
    fn event(&mut self, event: &Event<'_>, offset: usize) {
        match event {
            Event::Start(_) => {
                self.depth += 1;
                self.elements += 1;
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link = Some(Link {
                    dest: dest_url.to_string(),
                    text: String::new(),
                    offset,
                });
            }
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image = Some(Image {
                    dest: dest_url.to_string(),
                    alt: String::new(),
                    offset,
                });
            }
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Text(text) | Event::Code(text) => self.text(text),
            Event::Html(html) | Event::InlineHtml(html) => self.html(html, offset),
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.read.text.push(' '),
            Event::Start(Tag::Heading { level, .. }) => self.heading(*level as usize, offset),
            Event::End(end) if ends_block(end) => self.read.text.push(' '),
            _ => {}
        }
    }

    /// Text of the Markdown, unless it is inside a hidden element of raw HTML.
    fn text(&mut self, text: &str) {
        if !self.raw.hidden {
            self.push_text(text);
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        if let Some(link) = &mut self.link {
            link.text.push_str(text);
        }
        self.read.text.push_str(text);
    }

    fn end_link(&mut self) {
        let Some(link) = self.link.take() else {
            return;
        };
        let words = link.text.trim().to_lowercase();
        if words.is_empty() {
            self.advise(
                link.offset,
                format!("the link to {} has no text; say where it goes", link.dest),
            );
        } else if VAGUE_LINK_TEXT.contains(&words.trim_end_matches(['.', '…'])) {
            self.advise(
                link.offset,
                format!(
                    "the link text \"{}\" says nothing on its own; name where the link goes",
                    link.text.trim()
                ),
            );
        }
        self.read.links.push(link);
    }

    fn end_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        if image.alt.trim().is_empty() {
            self.advise(image.offset, super::NO_ALT_TEXT.into());
        }
        // An image inside a link is the link's text, for screen readers too.
        if let Some(link) = &mut self.link {
            link.text.push_str(&image.alt);
        }
        self.read.images.push(image);
    }

    fn heading(&mut self, level: usize, offset: usize) {
        if level == 1 {
            self.advise(
                offset,
                "a level-one heading (#) in the text; the title is the page's only one, so start at ##".into(),
            );
        } else if level > self.previous_level + 1 {
            self.advise(
                offset,
                format!(
                    "the heading skips from level {} to level {level}; use {}",
                    self.previous_level,
                    "#".repeat(self.previous_level + 1)
                ),
            );
        }
        self.previous_level = level;
    }

    /// Raw HTML: advice about images without alt text, and the text between the tags.
    fn html(&mut self, html: &str, offset: usize) {
        let lower = html.to_lowercase();
        if lower.contains("<img") && !lower.contains("alt=") {
            self.advise(
                offset,
                "an <img> has no alt attribute; add alt=\"a description\"".into(),
            );
        }
        let text = self.raw.read(html);
        for (dest, picture) in std::mem::take(&mut self.raw.targets) {
            if picture {
                let alt = String::new();
                self.read.images.push(Image { dest, alt, offset });
            } else {
                let text = String::new();
                self.read.links.push(Link { dest, text, offset });
            }
        }
        self.push_text(&text);
    }

    /// Notes the first place where Markdown and raw HTML together nest too deep, and where
    /// they have too many elements.
    fn nesting(&mut self, offset: usize) {
        let deepest = self.raw.deepest.max(self.raw.depth);
        if self.depth + deepest > MAX_NESTING && self.read.too_deep.is_none() {
            self.read.too_deep = Some(offset);
        }
        self.raw.deepest = self.raw.depth;
        if self.elements + self.raw.elements > MAX_ELEMENTS && self.read.too_many.is_none() {
            self.read.too_many = Some(offset);
        }
    }

    fn advise(&mut self, offset: usize, message: String) {
        if self.read.findings.len() < MAX_FINDINGS {
            self.read.findings.push(Finding { offset, message });
        } else {
            self.read.more_findings += 1;
        }
    }
}

/// Whether `end` closes a block, whose text is apart from the next block's.
fn ends_block(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    #[test]
    fn findings_name_links_and_what_hurts_readers() {
        let source = "## Intro\n\n#### Deep\n\n[click here](/twinning/) and [Lille](/twinning/lille/#top)\n\n![](/static/x.png) ![A map](/static/map.svg)\n\n<img src=\"/x.png\">\n\n[](/empty/)\n";
        let rendered = render(source);
        let dests: Vec<&str> = rendered.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["/twinning/", "/twinning/lille/#top", "/empty/"]);
        let images: Vec<(&str, &str)> = rendered
            .images
            .iter()
            .map(|i| (i.dest.as_str(), i.alt.as_str()))
            .collect();
        // Raw HTML's pictures are checked too.
        assert_eq!(
            images,
            [
                ("/static/x.png", ""),
                ("/static/map.svg", "A map"),
                ("/x.png", "")
            ]
        );
        let messages: Vec<&str> = rendered
            .findings
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(messages[0].contains("skips from level 2 to level 4"));
        assert!(messages[1].contains("\"click here\" says nothing"));
        assert!(messages[2].contains("image has no alt text"));
        assert!(messages[3].contains("<img> has no alt"));
        assert!(messages[4].contains("has no text"));
        assert_eq!(&source[rendered.findings[1].offset..][..5], "[clic");
    }

    #[test]
    fn vague_link_text_is_found_after_smart_punctuation() {
        let rendered = render("[Read more...](/twinning/)\n");
        assert_eq!(rendered.findings.len(), 1, "{:?}", rendered.findings);
        assert!(rendered.findings[0].message.contains("says nothing"));
    }

    #[test]
    fn headings_in_raw_html_are_anchors_too() {
        let rendered = render("<h2 id=\"contact\">Contact us</h2>\n\n## Visits\n");
        assert_eq!(rendered.ids, ["visits", "contact"]);
        assert!(
            rendered.html.contains("<h2 id=\"contact\">"),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn plain_text_has_every_entity_decoded_and_no_markup() {
        let rendered = render(
            "## Health &amp; wellbeing\n\nCaf&eacute; *culture* &mdash; `code` &#x263A;\n\n<div class=\"x\">Inside &lt;raw&gt; &hellip;</div>\n\n<style>p { color: red }</style>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert_eq!(
            rendered.text,
            "Health & wellbeing Café culture — code ☺ Inside <raw> … a b 1 2"
        );
    }
}
