//! The editors' synonyms (`content/synonyms.toml`): words people search for that the pages
//! do not use ("twinning"), each with the words they do use ("partnerships"). A query with
//! one is also answered as if it had the other.

use super::Analyzer;
use crate::content::Synonym;

/// One synonym as a language's terms: the words searched for, and each phrase they mean.
#[derive(Debug)]
pub(super) struct Rule {
    from: Vec<String>,
    to: Vec<Vec<String>>,
}

/// The rules of `synonyms` in the language of `analyzer`, the longest first, so that "twin
/// town" is replaced before "twin" would be.
pub(super) fn rules(synonyms: &[Synonym], analyzer: &Analyzer) -> Vec<Rule> {
    let mut rules: Vec<Rule> = synonyms
        .iter()
        .flat_map(|synonym| {
            let to: Vec<Vec<String>> = synonym
                .means
                .iter()
                .map(|phrase| analyzer.query_terms(phrase))
                .filter(|terms| !terms.is_empty())
                .collect();
            synonym.words.iter().map(move |word| Rule {
                from: analyzer.query_terms(word),
                to: to.clone(),
            })
        })
        .filter(|rule| !rule.from.is_empty() && !rule.to.is_empty())
        .collect();
    rules.sort_by_key(|rule| std::cmp::Reverse(rule.from.len()));
    rules
}

/// Whether `term` is among the words people search for in one of `rules`.
pub(super) fn mentions(rules: &[Rule], term: &str) -> bool {
    rules
        .iter()
        .any(|rule| rule.from.iter().any(|from| from == term))
}

/// The ways to answer a query of `terms`: as they are and, where synonyms apply, with each
/// synonym's words in place of the searched-for ones: one way for each phrase a synonym
/// means (a synonym with fewer phrases gives its last again). None for no terms.
pub(super) fn alternatives(rules: &[Rule], terms: Vec<String>) -> Vec<Vec<String>> {
    if terms.is_empty() {
        return Vec::new();
    }
    // The query in pieces: words as typed, and the rules that apply where they stand.
    let mut pieces: Vec<Result<&String, &Rule>> = Vec::with_capacity(terms.len());
    let mut at = 0;
    while at < terms.len() {
        match rules
            .iter()
            .find(|rule| terms[at..].starts_with(&rule.from))
        {
            Some(rule) => {
                pieces.push(Err(rule));
                at += rule.from.len();
            }
            None => {
                pieces.push(Ok(&terms[at]));
                at += 1;
            }
        }
    }
    let ways = pieces
        .iter()
        .filter_map(|piece| piece.err().map(|rule| rule.to.len()))
        .max()
        .unwrap_or(0);
    let mut alternatives = Vec::with_capacity(1 + ways);
    for way in 0..ways {
        let mut replaced = Vec::with_capacity(terms.len());
        for piece in &pieces {
            match piece {
                Ok(term) => replaced.push((*term).clone()),
                Err(rule) => replaced.extend(rule.to[way.min(rule.to.len() - 1)].iter().cloned()),
            }
        }
        alternatives.push(replaced);
    }
    alternatives.insert(0, terms);
    alternatives
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Location;
    use std::path::Path;

    #[test]
    fn a_synonym_gives_a_second_way_to_answer() {
        let english = Analyzer::new("en");
        let synonyms = [
            Synonym {
                words: vec!["twin town".into(), "twinning".into(), "twin".into()],
                means: vec!["partner city".into(), "partnerships".into()],
                location: Location::file(Path::new("synonyms.toml")),
            },
            Synonym {
                words: vec!["Czechia".into()],
                means: vec!["Czech Republic".into()],
                location: Location::file(Path::new("synonyms.toml")),
            },
        ];
        let rules = rules(&synonyms, &english);
        let terms = |text: &str| english.query_terms(text);
        assert_eq!(
            alternatives(&rules, terms("Twin towns in Czechia")),
            [
                terms("twin towns in Czechia"),
                terms("partner city in Czech Republic"),
                terms("partnerships in Czech Republic")
            ]
        );
        assert_eq!(alternatives(&rules, terms("Lille")), [terms("Lille")]);
        assert!(alternatives(&rules, Vec::new()).is_empty());
    }
}
