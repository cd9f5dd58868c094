//! `synonyms.toml`: the words people search for that the pages do not use, each with the
//! words the pages use instead. Optional; each entry is checked so that a mistake is told
//! at its line, and the good entries are kept.

use std::path::Path;

use serde::Deserialize;

use super::{Loader, Location, invalid};
use crate::content::document;
use crate::content::reading::Schema;
use crate::content::{Synonym, fold_words};

/// The file, in the content folder.
pub const FILE: &str = "synonyms.toml";
/// The longest word or phrase a synonym may be, in characters: a few words.
const LONGEST: usize = 60;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    #[serde(default)]
    synonym: Vec<Entry>,
}

impl Schema for SynonymsFile {
    const MINIMAL: &'static str = "";
}

/// Both fields may be missing for serde, so that a mistake in one entry is told by the
/// checks below, at its line, and the other entries are kept.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    means: String,
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
        let mut kept: Vec<Synonym> = Vec::with_capacity(file.synonym.len());
        // Where each entry is: the n-th `[[synonym]]` of the text.
        let mut starts = text.match_indices("[[synonym]]").map(|(offset, _)| offset);
        for entry in file.synonym {
            let start = starts.next().unwrap_or(0);
            // Each word is looked for after the one before, so that a word written twice is
            // told where it is the second time.
            let cursor = std::cell::Cell::new(start);
            let at = |needle: &str| {
                let from = cursor.get();
                let offset = text[from..].find(needle).map_or(start, |o| from + o);
                if needle.starts_with('"') {
                    cursor.set(offset + needle.len());
                }
                Location::at(&path, text, offset)
            };
            if let Some(synonym) = self.synonym(entry, &kept, &at) {
                kept.push(synonym);
            }
        }
        kept
    }

    /// One entry, checked against those `kept` before it; `at`, where a text is in it.
    fn synonym(
        &mut self,
        entry: Entry,
        kept: &[Synonym],
        at: &dyn Fn(&str) -> Location,
    ) -> Option<Synonym> {
        let means_at = at("means");
        if entry.words.is_empty() {
            let reason =
                "give the words people search for, such as `words = [\"twinning\", \"twin town\"]`";
            self.push(at("words"), invalid("words", reason));
            return None;
        }
        if fold_words(&entry.means).is_empty() {
            let reason = "give the words the pages use, such as `means = \"partner city\"`";
            self.push(means_at, invalid("means", reason));
            return None;
        }
        if entry.means.chars().count() > LONGEST {
            let reason =
                format!("is longer than {LONGEST} characters: a synonym is a word or a few");
            self.push(means_at, invalid("means", &reason));
            return None;
        }
        let means = fold_words(&entry.means);
        let mut words = Vec::with_capacity(entry.words.len());
        for word in entry.words {
            let here = at(&format!("\"{word}\""));
            let folded = fold_words(&word);
            let reason = if folded.is_empty() {
                Some(
                    "has an empty word: write a word or a phrase people search for, or remove it"
                        .to_string(),
                )
            } else if word.chars().count() > LONGEST {
                Some(format!(
                    "has \"{word}\", longer than {LONGEST} characters: a synonym is a word or a few"
                ))
            } else if folded == means {
                Some(format!("has \"{word}\", which is what it means: remove it"))
            } else if let Some(other) = kept
                .iter()
                .find(|s| s.words.iter().any(|w| fold_words(w) == folded))
            {
                Some(format!(
                    "has \"{word}\", which the synonym at line {} already has: keep one",
                    other.location.line
                ))
            } else if words.iter().any(|w: &String| fold_words(w) == folded) {
                Some(format!("has \"{word}\" twice: keep one"))
            } else {
                None
            };
            match reason {
                Some(reason) => self.push(here, invalid("words", &reason)),
                None => words.push(word),
            }
        }
        if words.is_empty() {
            return None;
        }
        Some(Synonym {
            words,
            means: entry.means,
            location: means_at,
        })
    }
}
