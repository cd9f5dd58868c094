//! The editors' synonyms (`content/synonyms.toml`): words people search for that the pages
//! do not use ("twinning"), each with the words they do use ("partnerships"). A query with
//! one is also answered as if it had the other.

use super::Analyzer;
use crate::content::Synonym;

/// One synonym as a language's terms.
#[derive(Debug)]
pub(super) struct Rule {
    from: Vec<String>,
    to: Vec<String>,
}

/// The rules of `synonyms` in the language of `analyzer`, the longest first, so that "twin
/// town" is replaced before "twin" would be.
pub(super) fn rules(synonyms: &[Synonym], analyzer: &Analyzer) -> Vec<Rule> {
    let mut rules: Vec<Rule> = synonyms
        .iter()
        .flat_map(|synonym| {
            let to = analyzer.query_terms(&synonym.means);
            synonym.words.iter().map(move |word| Rule {
                from: analyzer.query_terms(word),
                to: to.clone(),
            })
        })
        .filter(|rule| !rule.from.is_empty() && !rule.to.is_empty() && rule.from != rule.to)
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
/// synonym's words in place of the searched-for ones. None for no terms.
pub(super) fn alternatives(rules: &[Rule], terms: Vec<String>) -> Vec<Vec<String>> {
    if terms.is_empty() {
        return Vec::new();
    }
    let mut replaced = Vec::with_capacity(terms.len());
    let mut changed = false;
    let mut at = 0;
    while at < terms.len() {
        match rules
            .iter()
            .find(|rule| terms[at..].starts_with(&rule.from))
        {
            Some(rule) => {
                replaced.extend(rule.to.iter().cloned());
                at += rule.from.len();
                changed = true;
            }
            None => {
                replaced.push(terms[at].clone());
                at += 1;
            }
        }
    }
    if changed {
        vec![terms, replaced]
    } else {
        vec![terms]
    }
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
                means: "partner city".into(),
                location: Location::file(Path::new("synonyms.toml")),
            },
            Synonym {
                words: vec!["Czechia".into()],
                means: "Czech Republic".into(),
                location: Location::file(Path::new("synonyms.toml")),
            },
        ];
        let rules = rules(&synonyms, &english);
        let terms = |text: &str| english.query_terms(text);
        assert_eq!(
            alternatives(&rules, terms("Twin towns in Czechia")),
            [
                terms("twin towns in Czechia"),
                terms("partner city in Czech Republic")
            ]
        );
        assert_eq!(alternatives(&rules, terms("Lille")), [terms("Lille")]);
        assert!(alternatives(&rules, Vec::new()).is_empty());
    }
}
