//! The one way Markdown becomes HTML: CommonMark with smart punctuation, tables and heading ids,
//! then sanitised so that raw HTML in a content file can never carry script to a visitor.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::LazyLock;

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

/// Renders Markdown to sanitised HTML, giving each heading an `id` made from its text.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    add_heading_ids(&mut events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    SANITIZER.clean(&html).to_string()
}

/// Gives every heading without an explicit `{#id}` one made from its text, unique in the page.
fn add_heading_ids(events: &mut [Event<'_>]) {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    for start in 0..events.len() {
        let Event::Start(Tag::Heading { id: None, .. }) = &events[start] else {
            continue;
        };
        let text: String = events[start + 1..]
            .iter()
            .take_while(|event| !matches!(event, Event::End(TagEnd::Heading(_))))
            .filter_map(|event| match event {
                Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                _ => None,
            })
            .collect();
        let base = match slugify(&text) {
            slug if slug.is_empty() => "section".to_string(),
            slug => slug,
        };
        let mut id = base.clone();
        let mut n = 1;
        while !used.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
            *slot = Some(CowStr::from(id));
        }
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

/// The heading levels used in `markdown`, in order, for checks that want them.
pub fn heading_levels(markdown: &str) -> Vec<HeadingLevel> {
    Parser::new_ext(markdown, Options::ENABLE_HEADING_ATTRIBUTES)
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(level),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_punctuation_tables_and_heading_ids() {
        let html =
            render("## Leeds' links\n\n## Leeds' links\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            html.contains("<h2 id=\"leeds-links\">Leeds’ links</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"leeds-links-2\">"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn explicit_heading_ids_are_kept() {
        let html = render("## Contact {#contact-us}\n");
        assert!(
            html.contains("<h2 id=\"contact-us\">Contact</h2>"),
            "{html}"
        );
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
        let html = render(hostile).to_lowercase();
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
    }

    #[test]
    fn slugify_keeps_letters_of_any_script() {
        assert_eq!(slugify("Brașov & Niš!"), "brașov-niš");
        assert_eq!(slugify("  --  "), "");
    }
}
