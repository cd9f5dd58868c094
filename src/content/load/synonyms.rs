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
    #[serde(default)]
    means: Option<Spanned<String>>,
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
        for entry in file.synonym {
            let start = entry.span().start;
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
        let means_at = at(entry.means.as_ref().map(|m| m.span().start));
        let means = entry.means.map(Spanned::into_inner).unwrap_or_default();
        if fold_words(&means).is_empty() {
            let reason = "give the words the pages use, such as `means = \"partner city\"`";
            self.push(means_at, invalid("means", reason));
            return None;
        }
        if means.chars().count() > LONGEST {
            let reason =
                format!("is longer than {LONGEST} characters: a synonym is a word or a few");
            self.push(means_at, invalid("means", &reason));
            return None;
        }
        let meaning = synonym_key(&means);
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
            } else if key == meaning {
                Some(format!("has \"{word}\", which is what it means: remove it"))
            } else if let Some((other, _)) = kept.iter().find(|(_, others)| others.contains(&key)) {
                Some(format!(
                    "has \"{word}\", which the synonym that means \"{}\" (line {}) already has: keep one",
                    other.means, other.location.line
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
}
