//! Raw HTML in a body, read as it streams past in pulldown-cmark's events: the text a reader
//! sees between the tags, the ids of the headings it writes, and where its links and pictures
//! lead. Tags may span events, their
//! attribute values may hold `>`, and comments and script or style are not text.

use super::inert::attributes;

/// Elements of raw HTML whose content is not text a reader sees (the sanitiser drops it).
const HIDDEN_ELEMENTS: [&str; 2] = ["script", "style"];
/// Elements that never hold others (void elements), or whose end tag may be left out and
/// that the parser closes when the next one starts: they do not make the parser's tree deeper.
const UNNESTED: [&str; 28] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "rt", "rp",
];
/// Headings whose `id` the sanitiser keeps, so that links may name it.
const HEADINGS: [&str; 5] = ["h2", "h3", "h4", "h5", "h6"];

#[derive(Debug, Default)]
enum State {
    #[default]
    Text,
    /// Inside a tag: what it says so far, the quote of an attribute value it is in, and
    /// whether an `=` has been seen (a quote starts a value only after one).
    Tag {
        text: String,
        quote: Option<char>,
        valued: bool,
    },
    /// Inside `<!-- … -->`: how many `-` were just seen.
    Comment { dashes: usize },
}

#[derive(Debug, Default)]
pub(super) struct RawHtml {
    state: State,
    /// Inside a script or style element.
    pub hidden: bool,
    /// The ids of the headings written in raw HTML.
    pub ids: Vec<String>,
    /// How many elements of raw HTML are open, as the sanitiser's parser will nest them:
    /// elements that close themselves (`<br>`) or whose end the parser implies (`<p>`,
    /// `<li>`) are not counted.
    pub depth: usize,
    /// How many elements have been opened.
    pub elements: usize,
    /// The most elements open at once since the reader last set it back to `depth`.
    pub deepest: usize,
    /// Where the links (`<a href>`) and pictures (`<img src>`) read since last taken lead, and
    /// whether each is a picture.
    pub targets: Vec<(String, bool)>,
}

impl RawHtml {
    /// Reads `html`, returning the text between its tags, entities decoded.
    pub fn read(&mut self, html: &str) -> String {
        let mut text = String::new();
        for c in html.chars() {
            match &mut self.state {
                State::Text if c == '<' => {
                    self.state = State::Tag {
                        text: String::new(),
                        quote: None,
                        valued: false,
                    };
                }
                State::Text if !self.hidden => text.push(c),
                State::Text => {}
                State::Tag { quote: None, .. } if c == '>' => {
                    if let State::Tag { text: tag, .. } = std::mem::take(&mut self.state) {
                        self.tag(&tag);
                    }
                    text.push(' ');
                }
                State::Tag {
                    text: tag,
                    quote,
                    valued,
                } => {
                    match *quote {
                        Some(q) if q == c => *quote = None,
                        None if matches!(c, '"' | '\'') && *valued => *quote = Some(c),
                        None if c == '=' => *valued = true,
                        _ => {}
                    }
                    tag.push(c);
                    if tag == "!--" {
                        self.state = State::Comment { dashes: 0 };
                    }
                }
                State::Comment { dashes } => match c {
                    '>' if *dashes >= 2 => self.state = State::Text,
                    '-' => *dashes += 1,
                    _ => *dashes = 0,
                },
            }
        }
        html_escape::decode_html_entities(&text).into_owned()
    }

    /// A whole tag, without its `<` and `>`.
    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let tag = tag.trim_start_matches('/');
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        if HIDDEN_ELEMENTS.contains(&name.as_str()) {
            self.hidden = !closing;
        }
        let nests = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && !UNNESTED.contains(&name.as_str());
        if !closing && !name.is_empty() {
            self.elements += 1;
        }
        if closing {
            if nests {
                self.depth = self.depth.saturating_sub(1);
            }
            return;
        }
        if nests {
            self.depth += 1;
            self.deepest = self.deepest.max(self.depth);
        }
        let wanted = match name.as_str() {
            heading if HEADINGS.contains(&heading) => "id",
            "a" => "href",
            "img" => "src",
            _ => return,
        };
        let (found, _) = attributes(&format!("{}>", &tag[name_end..]));
        let Some((_, value)) = found.into_iter().find(|(name, _)| name == wanted) else {
            return;
        };
        let value = html_escape::decode_html_entities(&value).into_owned();
        match wanted {
            "id" => self.ids.push(value),
            _ => self.targets.push((value, name == "img")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_between_tags_without_comments_scripts_or_attributes() {
        let mut raw = RawHtml::default();
        let text = raw.read(
            "<p title=\"a > b\">Caf&eacute;</p><!-- a > b --><script>x > y</script><b>bold</b>",
        );
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            ["Café", "bold"]
        );
    }

    #[test]
    fn heading_ids_across_events() {
        let mut raw = RawHtml::default();
        raw.read("<h2 class=\"x\"");
        raw.read(" id='contact&amp;us'>Contact</h2><H3 ID=plain>P</H3><p id=\"not\">");
        assert_eq!(raw.ids, ["contact&us", "plain"]);
    }

    #[test]
    fn links_and_pictures_in_raw_html() {
        let mut raw = RawHtml::default();
        raw.read("<p><a class=x href=\"/twinning/lille/\">Lille</a> <IMG SRC='/static/a&amp;b.jpg' alt=\"A\"></p><a name=top>");
        assert_eq!(
            raw.targets,
            [
                ("/twinning/lille/".to_string(), false),
                ("/static/a&b.jpg".to_string(), true)
            ]
        );
    }
}
