//! `synonyms.toml`: the words people search for that the pages do not use, each with the
//! words the pages use instead. Optional; each entry is checked so that a mistake is told
//! at its line, and the good entries are kept.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Loader, Location, Problem, invalid};
use crate::content::document;
use crate::content::reading::Schema;
use crate::content::{Synonym, fold_words, synonym_key};

/// The file, in the content folder.
pub const FILE: &str = "synonyms.toml";
/// The longest word or phrase a synonym may be, in characters: a few words.
const LONGEST: usize = 60;
/// The most words people search for, in all synonyms, and the most phrases one `means` may
/// have: every query is read against each word, and answered once for each phrase.
const MOST_WORDS: usize = 1_000;
const MOST_PHRASES: usize = 10;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    #[serde(default)]
    synonym: Vec<Spanned<Entry>>,
}

impl Schema for SynonymsFile {
    const MINIMAL: &'static str = "";
}

/// Both fields may be missing for serde, so that a mistake in one entry is told by the
/// checks below, at its line, and the other entries are kept. Each value keeps its place in
/// the file, as the parser found it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default)]
    words: Vec<Spanned<String>>,
    /// One phrase, or a list of them: read as any value, so that its place is kept (and a
    /// wrong kind of value is told in the editors' words, below).
    #[serde(default)]
    means: Option<Spanned<toml::Value>>,
}

/// The phrases of `means`, or why it is not a phrase or a list of phrases.
fn phrases(means: toml::Value) -> Result<Vec<String>, &'static str> {
    const EXPECTED: &str = "write a phrase in quotes, or a list of them in square brackets: `means = \"partner city\"` or `means = [\"partner city\", \"partnerships\"]`";
    match means {
        toml::Value::String(phrase) => Ok(vec![phrase]),
        toml::Value::Array(values) => values
            .into_iter()
            .map(|value| match value {
                toml::Value::String(phrase) => Ok(phrase),
                _ => Err(EXPECTED),
            })
            .collect(),
        _ => Err(EXPECTED),
    }
}

impl Loader {
    /// The synonyms of `dir`, if it has the file; an entry with a mistake is told and left
    /// out.
    pub(super) fn synonyms(&mut self, dir: &Path) -> Vec<Synonym> {
        let path = dir.join(FILE);
        if !path.is_file() {
            return Vec::new();
        }
        let Some(bytes) = self.read(&path) else {
            return Vec::new();
        };
        let text = match document::decode(&path, &bytes) {
            Ok(text) => text,
            // An empty file is no synonyms, not a page without front matter.
            Err(error) if error.problem == Problem::Empty => return Vec::new(),
            Err(error) => {
                self.errors.push(error);
                return Vec::new();
            }
        };
        self.errors.extend(document::invisible(&path, text));
        let fields = document::read_toml::<SynonymsFile>(&path, text, text, 0);
        self.errors.extend(fields.errors);
        let Some(file) = fields.value else {
            return Vec::new();
        };
        let at = |offset: usize| Location::at(&path, text, offset.min(text.len()));
        let mut kept: Vec<(Synonym, Vec<String>)> = Vec::with_capacity(file.synonym.len());
        let mut count = 0;
        for entry in file.synonym {
            let start = entry.span().start;
            count += entry.get_ref().words.len();
            if count > MOST_WORDS {
                let reason = format!(
                    "the synonyms have more than {MOST_WORDS} words in all, which would slow every search: keep the ones people use"
                );
                self.push(at(start), invalid("words", &reason));
                break;
            }
            if let Some(synonym) =
                self.synonym(entry.into_inner(), &kept, &|o| at(o.unwrap_or(start)))
            {
                kept.push(synonym);
            }
        }
        kept.into_iter().map(|(synonym, _)| synonym).collect()
    }

    /// One entry, checked against those `kept` before it (each with the keys of its words);
    /// `at`, the place of an offset in the file, or of the entry for none.
    fn synonym(
        &mut self,
        entry: Entry,
        kept: &[(Synonym, Vec<String>)],
        at: &dyn Fn(Option<usize>) -> Location,
    ) -> Option<(Synonym, Vec<String>)> {
        if entry.words.is_empty() {
            let reason =
                "give the words people search for, such as `words = [\"twinning\", \"twin town\"]`";
            self.push(at(None), invalid("words", reason));
            return None;
        }
        let (means, means_at) = self.means(entry.means, at)?;
        let meanings: Vec<String> = means.iter().map(|phrase| synonym_key(phrase)).collect();
        let mut words: Vec<String> = Vec::with_capacity(entry.words.len());
        let mut keys: Vec<String> = Vec::with_capacity(entry.words.len());
        for word in entry.words {
            let here = at(Some(word.span().start));
            let word = word.into_inner();
            let key = synonym_key(&word);
            let reason = if key.is_empty() {
                Some(
                    "has an empty word: write a word or a phrase people search for, or remove it"
                        .to_string(),
                )
            } else if word.chars().count() > LONGEST {
                Some(format!(
                    "has \"{word}\", longer than {LONGEST} characters: a synonym is a word or a few"
                ))
            } else if meanings.contains(&key) {
                Some(format!("has \"{word}\", which is what it means: remove it"))
            } else if let Some((other, _)) = kept.iter().find(|(_, others)| others.contains(&key)) {
                Some(format!(
                    "has \"{word}\", which the synonym that means \"{}\" (line {}) already has: keep one",
                    other.means.join("\" or \""),
                    other.location.line
                ))
            } else if keys.contains(&key) {
                Some(format!("has \"{word}\" twice: keep one"))
            } else {
                None
            };
            match reason {
                Some(reason) => self.push(here, invalid("words", &reason)),
                None => {
                    words.push(word);
                    keys.push(key);
                }
            }
        }
        if words.is_empty() {
            return None;
        }
        let synonym = Synonym {
            words,
            means,
            location: means_at,
        };
        Some((synonym, keys))
    }

    /// The phrases of an entry's `means`, checked, and where it is; `at` as for
    /// [`Loader::synonym`].
    fn means(
        &mut self,
        means: Option<Spanned<toml::Value>>,
        at: &dyn Fn(Option<usize>) -> Location,
    ) -> Option<(Vec<String>, Location)> {
        let means_at = at(means.as_ref().map(|means| means.span().start));
        let phrases = match means.map(|means| phrases(means.into_inner())) {
            Some(Ok(phrases)) => phrases,
            Some(Err(reason)) => {
                self.push(means_at, invalid("means", reason));
                return None;
            }
            None => Vec::new(),
        };
        if phrases.len() > MOST_PHRASES {
            let reason = format!(
                "has {} phrases: at most {MOST_PHRASES}, each a way to answer every search for these words",
                phrases.len()
            );
            self.push(means_at, invalid("means", &reason));
            return None;
        }
        if phrases.iter().all(|phrase| fold_words(phrase).is_empty()) {
            let reason = "give the words the pages use, such as `means = \"partner city\"`";
            self.push(means_at, invalid("means", reason));
            return None;
        }
        let mut checked = Vec::with_capacity(phrases.len());
        for phrase in phrases {
            if fold_words(&phrase).is_empty() {
                let reason = "has an empty phrase: remove the `\"\"`";
                self.push(means_at.clone(), invalid("means", reason));
                return None;
            }
            if phrase.chars().count() > LONGEST {
                let reason = format!(
                    "has \"{phrase}\", longer than {LONGEST} characters: a synonym is a word or a few"
                );
                self.push(means_at.clone(), invalid("means", &reason));
                return None;
            }
            checked.push(phrase);
        }
        Some((checked, means_at))
    }
}
