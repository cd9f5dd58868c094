//! The one way Markdown becomes HTML: CommonMark with smart punctuation, tables and heading ids,
//! then sanitised so that raw HTML in a content file can never carry script to a visitor. The
//! same pass over pulldown-cmark's events gives everything else the site needs of a body: its
//! heading ids, its links and images to check, advice for editors and its plain text for search.

mod ids;
mod inert;
mod raw;
mod reader;

use pulldown_cmark::{Options, Parser};
use std::sync::LazyLock;

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
    /// What an editor should look at.
    pub findings: Vec<Finding>,
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

/// Something in Markdown that an editor should look at, with the byte offset where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    pub message: String,
}

/// Renders Markdown to sanitised HTML, giving each heading an `id` made from its text, and
/// reads what the checks and search need from the same events.
pub fn render(markdown: &str) -> Rendered {
    let mut events: Vec<_> = Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .collect();
    let mut ids = ids::add_heading_ids(&mut events);
    let read = reader::read(&events);
    ids.extend(read.raw_ids);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(event, _)| event));
    Rendered {
        html: SANITIZER.clean(&html).to_string(),
        ids,
        text: read.text,
        links: read.links,
        images: read.images,
        findings: read.findings,
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
    fn slugify_keeps_letters_of_any_script() {
        assert_eq!(slugify("Brașov & Niš!"), "brașov-niš");
        assert_eq!(slugify("  --  "), "");
    }
}
