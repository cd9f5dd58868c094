//! Snippets: a few words of a page around the first match, the matches marked.

use super::Piece;
use super::text::{Analyzer, words};

/// Words of context either side of the first match in a snippet.
const SNIPPET_WORDS: usize = 14;

/// Whether any word of `text` is one of the `wanted` terms.
pub(super) fn matches(analyzer: &Analyzer, text: &str, wanted: &[String]) -> bool {
    words(text).any(|(_, word)| analyzer.is_wanted(word, wanted))
}

/// A few words around the first match in `text`, matches marked.
pub(super) fn snippet(analyzer: &Analyzer, text: &str, wanted: &[String]) -> Vec<Piece> {
    let all: Vec<(usize, &str)> = words(text).collect();
    let is_match = |word: &str| analyzer.is_wanted(word, wanted);
    let first = all.iter().position(|(_, w)| is_match(w)).unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_WORDS);
    let to = (first + SNIPPET_WORDS).min(all.len().saturating_sub(1));
    let Some(&(start, _)) = all.get(from) else {
        return Vec::new();
    };
    let cut = to + 1 < all.len();
    let end = match all.get(to) {
        Some((i, w)) if cut => i + w.len(),
        _ => text.len(),
    };
    let mut pieces = Vec::new();
    let mut plain = String::new();
    if from > 0 {
        plain.push('…');
    }
    let mut cursor = start;
    for &(offset, word) in &all[from..=to.max(from)] {
        if is_match(word) {
            plain.push_str(&text[cursor..offset]);
            pieces.push(Piece {
                text: std::mem::take(&mut plain),
                marked: false,
            });
            pieces.push(Piece {
                text: word.to_string(),
                marked: true,
            });
            cursor = offset + word.len();
        }
    }
    plain.push_str(&text[cursor..end]);
    if cut {
        plain.push('…');
    }
    pieces.push(Piece {
        text: plain,
        marked: false,
    });
    pieces.retain(|p| !p.text.is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_matches_in_the_original_text() {
        let english = Analyzer::new("en");
        let wanted = english.query_terms("brasov");
        let pieces = snippet(&english, "Leeds links with Brașov in Romania.", &wanted);
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|p| p.marked)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["Brașov"]);
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "Leeds links with Brașov in Romania.");
    }
}
