//! Quotes and apostrophes as a typesetter writes them (’ “ ”), in the words that come from
//! front matter, as pulldown-cmark's smart punctuation writes them in Markdown: one page, one
//! style.

/// Fields whose values are words a visitor reads (titles, summaries, descriptions), as opposed
/// to names of things (slugs, language tags, addresses).
/// (A country's name is looked up in the map's table, as written there.)
pub const WORD_FIELDS: [&str; 7] = [
    "title",
    "summary",
    "description",
    "intro",
    "organisation",
    "news_label",
    "link_note",
];

/// `text` with its straight quotes and apostrophes made typographic: `'` after a letter or
/// digit is an apostrophe (or a closing quote) ’, and elsewhere an opening ‘; `"` opens “
/// at the start or after a space or bracket, and closes ” elsewhere.
pub fn typographic(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let opens = previous.is_none_or(|p| p.is_whitespace() || "([{‘“—–-".contains(p));
        out.push(match c {
            '\'' if opens => '‘',
            '\'' => '’',
            '"' if opens => '“',
            '"' => '”',
            other => other,
        });
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_apostrophes_are_typeset() {
        assert_eq!(typographic("Leeds' links"), "Leeds’ links");
        assert_eq!(
            typographic("Leeds City Council's team"),
            "Leeds City Council’s team"
        );
        assert_eq!(typographic("the \"Leeds\" way"), "the “Leeds” way");
        assert_eq!(
            typographic("'twinning' (or \"sister\")"),
            "‘twinning’ (or “sister”)"
        );
        assert_eq!(typographic("no quotes"), "no quotes");
    }
}
