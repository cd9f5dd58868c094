//! The one way Markdown becomes HTML: CommonMark with smart punctuation, tables and heading ids,
//! then sanitised so that raw HTML in a content file can never carry script to a visitor. The
//! same pass over pulldown-cmark's events gives everything else the site needs of a body: its
//! heading ids, its links and images to check, advice for editors and its plain text for search.

mod ids;
mod inert;
mod raw;
mod reader;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, TextMergeWithOffset};
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use crate::limits::MAX_TEXT_HTML_BYTES;

pub use inert::check_inert;

const OPTIONS: Options = Options::ENABLE_SMART_PUNCTUATION
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_STRIKETHROUGH);

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    for heading in ["h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, &["id"]);
    }
    builder.add_tag_attributes("span", &["lang"]);
    builder.add_tag_attributes("abbr", &["title"]);
    // Page titles are the only level-one headings; content starts at level two.
    builder.rm_tags(&["h1"]);
    builder
});

/// Everything one pass over a Markdown body yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML, safe to put in a page as it is.
    pub html: String,
    /// The `id` of every heading the HTML has (those of Markdown in order, then those written
    /// in raw HTML): the anchors a link may name.
    pub ids: Vec<String>,
    /// The words a reader sees, without markup, every entity decoded: for search.
    pub text: String,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    /// What an editor should look at: at most [`crate::limits::MAX_FINDINGS`], and then one
    /// that says how many more there are.
    pub findings: Vec<Finding>,
    /// Why the text was not rendered, when it is over a limit; the HTML is then empty.
    pub refused: Option<Refusal>,
}

/// A text over one of the limits, which is not rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Lists, quotes or elements nest deeper than [`crate::limits::MAX_NESTING`], first at
    /// this byte offset.
    TooDeep { offset: usize },
    /// The HTML would be more than [`MAX_TEXT_HTML_BYTES`].
    TooBig,
    /// Long runs of text between two tags (or in one attribute), full of characters that
    /// HTML writes specially (`&`, `£`, `«`, no-break spaces), which the sanitiser's writer
    /// would take too long over.
    LongRuns,
    /// The HTML would have more than [`crate::limits::MAX_ELEMENTS`] elements, the first over
    /// the limit at this byte offset.
    TooManyElements { offset: usize },
}

/// A link in Markdown: where it goes, its text, and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub text: String,
    pub offset: usize,
}

/// An image in Markdown: its source, its alt text, and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub dest: String,
    pub alt: String,
    pub offset: usize,
}

/// The advice for a Markdown picture with no alt text.
pub const NO_ALT_TEXT: &str =
    "an image has no alt text; describe it between the brackets: ![a description](…)";

/// Something in Markdown that an editor should look at, with the byte offset where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    pub message: String,
}

/// Renders Markdown to sanitised HTML, giving each heading an `id` made from its text, and
/// reads what the checks and search need from the same events.
///
/// A text over one of the limits (too deep, too many elements, too much HTML, or long runs
/// that the sanitiser's writer would take too long over) is refused before the sanitiser sees
/// it, so that any text renders in time and memory linear in its length.
pub fn render(markdown: &str) -> Rendered {
    render_with(markdown, &|_: &PictureRef<'_>| None)
}

/// A picture in Markdown, for [`render_with`] to show another way.
pub struct PictureRef<'a> {
    pub dest: &'a str,
    pub alt: &'a str,
    /// How many pictures came before it in the text.
    pub number: usize,
}

/// As [`render`], with each picture that `picture` gives HTML for written as that HTML. The
/// HTML is the site's own, put in after the text is sanitised (the sanitiser lets editors
/// write no `srcset`, which it could not check).
pub fn render_with(
    markdown: &str,
    picture: &dyn Fn(&PictureRef<'_>) -> Option<String>,
) -> Rendered {
    let parser = Parser::new_ext(markdown, OPTIONS).into_offset_iter();
    let mut events = Vec::new();
    let mut depth = 0_usize;
    for (event, range) in TextMergeWithOffset::new(parser) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let offset = range.start;
        let refused = if depth > crate::limits::MAX_NESTING {
            Refusal::TooDeep { offset }
        } else if events.len() == MAX_EVENTS {
            Refusal::TooManyElements { offset }
        } else {
            events.push((event, range));
            continue;
        };
        return Rendered {
            refused: Some(refused),
            ..Rendered::default()
        };
    }
    let mut ids = ids::add_heading_ids(&mut events);
    let mut read = reader::read(&events);
    ids.extend(read.raw_ids);
    if read.more_findings > 0 {
        read.findings.push(Finding {
            offset: read.findings.last().map_or(0, |f| f.offset),
            message: format!(
                "and {} more like these in this text; fix these, then check again",
                read.more_findings
            ),
        });
    }
    let mut rendered = Rendered {
        html: String::new(),
        ids,
        text: read.text,
        links: read.links,
        images: read.images,
        findings: read.findings,
        refused: (read.too_deep.map(|offset| Refusal::TooDeep { offset })).or(read
            .too_many
            .map(|offset| Refusal::TooManyElements { offset })),
    };
    if rendered.refused.is_none() {
        let (events, pictures) = replace_pictures(events, picture);
        match unsanitised_html(events, markdown.len()) {
            Some(html) if escape_work(&html) > MAX_ESCAPE_WORK => {
                rendered.refused = Some(Refusal::LongRuns);
            }
            Some(html) => match put_pictures(&SANITIZER.clean(&html).to_string(), &pictures) {
                Some(html) => rendered.html = html,
                None => rendered.refused = Some(Refusal::TooBig),
            },
            None => rendered.refused = Some(Refusal::TooBig),
        }
    }
    rendered
}

/// Where picture `number` goes in the HTML, until it is put there: an element the
/// sanitiser keeps as it is. An editor who writes one in raw HTML gets one of the page's own
/// pictures there, nothing else.
fn slot(number: usize) -> String {
    format!("<img src=\"#picture-{number}\">")
}

/// `events` with each picture that `picture` gives HTML for replaced by its [`slot`]; and
/// that HTML, by the slot's number.
fn replace_pictures<'e>(
    events: Vec<(Event<'e>, Range<usize>)>,
    picture: &dyn Fn(&PictureRef<'_>) -> Option<String>,
) -> (Vec<(Event<'e>, Range<usize>)>, Vec<String>) {
    let mut out = Vec::with_capacity(events.len());
    let mut pictures = Vec::new();
    let mut events = events.into_iter();
    let mut number = 0;
    while let Some((event, range)) = events.next() {
        let Event::Start(Tag::Image { dest_url, .. }) = &event else {
            out.push((event, range));
            continue;
        };
        // The picture's alt text is every text inside it, pictures in it included.
        let mut inside = Vec::new();
        let mut depth = 1;
        for (inner, inner_range) in events.by_ref() {
            match &inner {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => depth -= 1,
                _ => {}
            }
            inside.push((inner, inner_range));
            if depth == 0 {
                break;
            }
        }
        let alt: String = inside
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                Event::SoftBreak | Event::HardBreak => Some(" "),
                _ => None,
            })
            .collect();
        let found = PictureRef {
            dest: dest_url,
            alt: &alt,
            number,
        };
        number += 1;
        match picture(&found) {
            Some(html) => {
                out.push((Event::InlineHtml(slot(pictures.len()).into()), range));
                pictures.push(html);
            }
            None => {
                out.push((event, range));
                out.extend(inside);
            }
        }
    }
    (out, pictures)
}

/// `html` with each of `pictures` in its [`slot`]; `None` past [`MAX_TEXT_HTML_BYTES`].
fn put_pictures(html: &str, pictures: &[String]) -> Option<String> {
    if pictures.is_empty() {
        return Some(html.to_string());
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<img src=\"#picture-") {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('>').map_or(rest.len(), |end| end + 1);
        let number = rest["<img src=\"#picture-".len()..end]
            .strip_suffix("\">")
            .and_then(|n| n.parse::<usize>().ok());
        match number.and_then(|n| pictures.get(n)) {
            Some(picture) => out.push_str(picture),
            None => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
        if out.len() > MAX_TEXT_HTML_BYTES {
            return None;
        }
    }
    out.push_str(rest);
    (out.len() <= MAX_TEXT_HTML_BYTES).then_some(out)
}

/// The most events (elements, runs of text, line breaks) one text may have: they are held
/// together while the text is read, about 100 bytes each.
const MAX_EVENTS: usize = 5 * crate::limits::MAX_ELEMENTS;

/// The most work [`escape_work`] may count in one text: about a tenth of a second.
const MAX_ESCAPE_WORK: u64 = 4_000_000_000;

/// How many bytes the sanitiser's writer (html5ever's serialiser) will search through: for
/// each character it escapes, it looks ahead for the next `<`, `>` or `"`, so text of many
/// `&` (or `£`, or no-break spaces, whose UTF-8 starts with 0xC2) between two distant tags
/// costs the square of its length. Counted here from the end of `html` in one pass.
fn escape_work(html: &str) -> u64 {
    let mut work = 0;
    let mut stop = html.len();
    for (i, byte) in html.bytes().enumerate().rev() {
        let decodes_to_stop = || {
            ["&lt;", "&gt;", "&quot;"]
                .iter()
                .any(|e| html[i..].starts_with(e))
        };
        match byte {
            b'<' | b'>' | b'"' => stop = i,
            b'&' if decodes_to_stop() => stop = i,
            b'&' | 0xC2 => work += (stop - i) as u64,
            _ => {}
        }
    }
    work
}

/// The HTML of `events`, or `None` past [`MAX_TEXT_HTML_BYTES`].
fn unsanitised_html(events: Vec<(Event<'_>, Range<usize>)>, length: usize) -> Option<String> {
    let mut html = Bounded(String::with_capacity(
        (length * 3 / 2).min(MAX_TEXT_HTML_BYTES),
    ));
    let events = events.into_iter().map(|(event, _)| event);
    pulldown_cmark::html::write_html_fmt(&mut html, events).ok()?;
    Some(html.0)
}

/// A string that refuses to grow past [`MAX_TEXT_HTML_BYTES`].
struct Bounded(String);

impl fmt::Write for Bounded {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.0.len() + s.len() > MAX_TEXT_HTML_BYTES {
            return Err(fmt::Error);
        }
        self.0.push_str(s);
        Ok(())
    }
}

/// Lowercase letters and digits of `text`, with runs of anything else turned into one hyphen.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{MAX_ELEMENTS, MAX_FINDINGS, MAX_NESTING};

    #[test]
    fn smart_punctuation_tables_and_heading_ids() {
        let rendered =
            render("## Leeds' links\n\n## Leeds' links\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        let html = &rendered.html;
        assert!(
            html.contains("<h2 id=\"leeds-links\">Leeds’ links</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"leeds-links-2\">"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert_eq!(rendered.ids, ["leeds-links", "leeds-links-2"]);
    }

    #[test]
    fn pictures_are_put_in_after_the_sanitiser_which_keeps_srcset_out() {
        let markdown = "![A photo\nof Lille](lille.jpg) and ![Other](other.jpg)\n\n<img src=\"/static/a.svg\" srcset=\"https://tracker.example/p.gif 1x\" alt=\"A\">\n";
        let picture = |found: &PictureRef<'_>| {
            (found.dest == "lille.jpg").then(|| {
                format!(
                    "<picture><source srcset=\"/static/media/l.webp 480w\"><img alt=\"{}\"></picture>",
                    found.alt
                )
            })
        };
        let html = render_with(markdown, &picture).html;
        assert!(
            html.contains("<picture><source srcset=\"/static/media/l.webp 480w\"><img alt=\"A photo of Lille\"></picture> and <img src=\"other.jpg\" alt=\"Other\">"),
            "{html}"
        );
        assert!(
            !html.contains("tracker"),
            "an editor's srcset is removed: {html}"
        );
        assert!(!html.contains("#picture-"), "{html}");
    }

    #[test]
    fn explicit_heading_ids_are_kept() {
        let rendered = render("## Contact {#contact-us}\n\n## Contact\n");
        assert!(
            rendered.html.contains("<h2 id=\"contact-us\">Contact</h2>"),
            "{}",
            rendered.html
        );
        assert_eq!(rendered.ids, ["contact-us", "contact"]);
    }

    #[test]
    fn hostile_html_comes_out_inert() {
        let hostile = concat!(
            "<script>alert(1)</script>\n\n",
            "<img src=x onerror=\"alert(2)\">\n\n",
            "[click](javascript:alert(3))\n\n",
            "<a href=\"javascript:alert(4)\">x</a>\n\n",
            "<iframe src=\"https://example.com\"></iframe>\n\n",
            "<p style=\"color:red\" onclick=\"alert(5)\">text</p>\n\n",
            "<svg><script>alert(6)</script></svg>\n",
        );
        let rendered = render(hostile);
        let html = rendered.html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "onclick",
            "style=",
            "<svg",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("text"), "{html}");
        assert!(!rendered.text.contains("alert"), "{}", rendered.text);
    }

    #[test]
    fn text_that_nests_too_deep_is_refused_where_it_gets_too_deep() {
        let fine = "> ".repeat(MAX_NESTING / 2 - 1) + "x";
        let rendered = render(&fine);
        assert_eq!(rendered.refused, None);
        assert!(rendered.html.contains("<blockquote>"), "{}", rendered.html);

        let quotes = "> ".repeat(MAX_NESTING) + "x";
        let rendered = render(&quotes);
        let Some(Refusal::TooDeep { offset }) = rendered.refused else {
            panic!("{:?}", rendered.refused);
        };
        assert!(offset <= MAX_NESTING * 2, "{offset}");
        assert!(rendered.html.is_empty());

        let divs = format!("x\n\n{}x", "<div>".repeat(MAX_NESTING + 1));
        let rendered = render(&divs);
        assert_eq!(rendered.refused, Some(Refusal::TooDeep { offset: 3 }));

        // Elements whose end the parser implies, and void ones, do not nest.
        let flat = "<p>x<li>y<br><img alt=\"\">".repeat(MAX_NESTING * 2);
        assert_eq!(render(&flat).refused, None);
        let formatting = "<p><b class=\"x\"></p>".repeat(MAX_NESTING * 2);
        assert!(matches!(
            render(&formatting).refused,
            Some(Refusal::TooDeep { .. })
        ));
    }

    #[test]
    fn text_whose_html_would_be_too_big_is_refused() {
        // Each `&` is five bytes of HTML, and an `&lt;` is found between every two.
        let ampersands = "& <".repeat(MAX_TEXT_HTML_BYTES / 24);
        assert!(render(&ampersands).html.len() > ampersands.len() * 3);
        let ampersands = "& <".repeat(MAX_TEXT_HTML_BYTES / 6);
        let rendered = render(&ampersands);
        assert_eq!(rendered.refused, Some(Refusal::TooBig));
        assert!(rendered.html.is_empty());
        // pulldown-cmark itself bounds how often one reference is written out.
        let target = "x".repeat(1000);
        let uses = "[a][r] ".repeat(MAX_TEXT_HTML_BYTES / 100);
        let rendered = render(&format!("[r]: /{target}\n\n{uses}"));
        assert!(rendered.html.len() < MAX_TEXT_HTML_BYTES / 2);
        assert_eq!(render("[a][r]\n\n[r]: /x").refused, None);
    }

    #[test]
    fn text_with_too_many_elements_is_refused_where_it_passes_the_limit() {
        // One paragraph, and an element for each emphasis.
        let fine = "*a* ".repeat(MAX_ELEMENTS - 1);
        assert_eq!(render(&fine).refused, None);
        let many = "*a* ".repeat(MAX_ELEMENTS);
        assert_eq!(
            render(&many).refused,
            Some(Refusal::TooManyElements {
                offset: (MAX_ELEMENTS - 1) * 4
            })
        );
        // Line breaks are not elements, but each is held while the text is read.
        let lines = "a\n".repeat(MAX_EVENTS);
        assert!(matches!(
            render(&lines).refused,
            Some(Refusal::TooManyElements { .. })
        ));
        let raw = "<b>a</b>".repeat(MAX_ELEMENTS + 1);
        assert!(matches!(
            render(&raw).refused,
            Some(Refusal::TooManyElements { .. })
        ));
    }

    #[test]
    fn long_runs_of_escaped_characters_are_refused_in_linear_time() {
        // html5ever's serialiser looks ahead for `<` after each `&`: quadratic in the run.
        let run = "&".repeat(MAX_TEXT_HTML_BYTES / 8);
        assert_eq!(render(&run).refused, Some(Refusal::LongRuns));
        let pounds = "£".repeat(MAX_TEXT_HTML_BYTES / 8);
        assert_eq!(render(&pounds).refused, Some(Refusal::LongRuns));
        // The same characters in paragraphs of ordinary length are fine.
        let paragraphs = format!("{}\n\n", "£ & « ».".repeat(200)).repeat(100);
        let rendered = render(&paragraphs);
        assert_eq!(rendered.refused, None);
        assert!(
            rendered.html.contains("£ &amp; « »"),
            "{}",
            &rendered.html[..100]
        );
        assert_eq!(escape_work("a&b<c&&>&lt;&x"), 2 + 2 + 1 + 2);
    }

    #[test]
    fn findings_are_capped_and_the_rest_counted() {
        let text = "![](/static/x.jpg) ".repeat(MAX_FINDINGS + 7);
        let rendered = render(&text);
        assert_eq!(rendered.findings.len(), MAX_FINDINGS + 1);
        let last = &rendered.findings[MAX_FINDINGS].message;
        assert!(last.contains("7 more"), "{last}");
    }

    #[test]
    fn slugify_keeps_letters_of_any_script() {
        assert_eq!(slugify("Brașov & Niš!"), "brașov-niš");
        assert_eq!(slugify("  --  "), "");
    }
}
