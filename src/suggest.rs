//! "Did you mean …?": the closest of a few known words to a misspelt one.

/// The candidate nearest to `word` by edit distance (Levenshtein, in characters), if it is
/// near enough to be a likely typo; the first of equals.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| (strsim::levenshtein(word, candidate), candidate))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_misses_only() {
        let fields = ["title", "country", "kind", "latitude"];
        assert_eq!(closest("contry", fields), Some("country"));
        assert_eq!(closest("lattitude", fields), Some("latitude"));
        assert_eq!(closest("colour", fields), None);
    }
}
