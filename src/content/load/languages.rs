//! The languages `site.toml` declares, and each one's file, `languages/<tag>.toml`: whether
//! a native speaker has checked it, the site's own text in it, and the layout's words.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::{Loader, Location, Problem, invalid};
use crate::content::document;
use crate::content::reading::Schema;
use crate::content::{ContentError, Language, Settings};
use crate::words::{Gaps, KEYS, Words};

/// The folder of the languages' files.
pub const FOLDER: &str = "languages";

/// `languages/<tag>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageFile {
    #[serde(default)]
    reviewed: bool,
    #[serde(default)]
    site: SiteWords,
    #[serde(default)]
    words: toml::Table,
}

impl Schema for LanguageFile {
    const MINIMAL: &'static str = "";
}

/// `site.toml`'s text in another language; what is missing stays English, with a warning.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteWords {
    title: Option<String>,
    organisation: Option<String>,
    description: Option<String>,
    intro: Option<String>,
}

/// The languages of the site: those loaded, and those declared whose file could not be.
#[derive(Debug, Default)]
pub(super) struct Languages {
    pub loaded: Vec<(Language, Settings)>,
    /// Declared in site.toml, but left out for a problem already told (in their file or
    /// their tag): their translations wait for it without a word of their own.
    pub broken: Vec<String>,
}

impl Languages {
    /// The loaded language whose tag is `tag`, in any case (`CS` is `cs`).
    pub fn find(&self, tag: &str) -> Option<&Language> {
        let mut loaded = self.loaded.iter().map(|(language, _)| language);
        loaded.find(|l| l.tag.eq_ignore_ascii_case(tag))
    }

    /// Whether `tag` is declared but its language could not be loaded.
    pub fn is_broken(&self, tag: &str) -> bool {
        self.broken.iter().any(|b| b.eq_ignore_ascii_case(tag))
    }
}

impl Loader {
    /// Each language `settings` declares, with its words and the site's text in it. One
    /// whose tag or file is wrong is reported and left out.
    pub(super) fn languages(&mut self, dir: &Path, settings: Option<&Settings>) -> Languages {
        let Some(settings) = settings else {
            return Languages::default();
        };
        let site_toml = dir.join("site.toml");
        let text = std::fs::read_to_string(&site_toml).unwrap_or_default();
        let mut languages = Languages::default();
        for declared in &settings.languages {
            let offset = text.find(&format!("\"{}\"", declared.code)).unwrap_or(0);
            let at = Location::at(&site_toml, &text, offset);
            if let Err(reason) = check_tag(&declared.code) {
                self.push(at, invalid("code", &reason));
                languages.broken.push(declared.code.clone());
                continue;
            }
            if languages.find(&declared.code).is_some() {
                let reason = format!("`{}` is declared twice: remove one", declared.code);
                self.push(at, invalid("code", &reason));
                continue;
            }
            let path = dir.join(FOLDER).join(format!("{}.toml", declared.code));
            match self.language(&path, declared, settings) {
                Some(language) => languages.loaded.push(language),
                None => languages.broken.push(declared.code.clone()),
            }
        }
        languages
    }

    /// No page may take a language's addresses: `pages/cs.md` would be Czech's home page.
    pub(super) fn check_language_addresses(&mut self, languages: &[(Language, Settings)]) {
        for (language, _) in languages {
            let home = language.address(crate::routes::HOME);
            let taken: Vec<Location> = self
                .urls
                .iter()
                .filter(|(url, _, _)| url.starts_with(&home))
                .map(|(_, at, _)| at.clone())
                .collect();
            for at in taken {
                let reason = format!(
                    "the address {home} belongs to the site in {}: give this page another file name, or a `slug`",
                    language.name
                );
                self.push(at, invalid("slug", &reason));
            }
        }
    }

    /// One language's file.
    fn language(
        &mut self,
        path: &Path,
        declared: &crate::content::schema::DeclaredLanguage,
        english: &Settings,
    ) -> Option<(Language, Settings)> {
        let bytes = self.read(path)?;
        let text = document::decode(path, &bytes)
            .map_err(|e| self.errors.push(e))
            .ok()?;
        self.errors.extend(document::invisible(path, text));
        let fields = document::read_toml::<LanguageFile>(path, text, text, 0);
        let good = fields.errors.is_empty();
        self.errors.extend(fields.errors);
        let file = fields.value.filter(|_| good)?;
        let (words, gaps) = Words::read(&file.words);
        self.tell_gaps(path, text, &gaps);
        let mut settings = english.clone();
        settings.languages.clear();
        for (field, value, slot) in [
            (
                "organisation",
                file.site.organisation,
                &mut settings.organisation,
            ),
            (
                "description",
                file.site.description,
                &mut settings.description,
            ),
            ("intro", file.site.intro, &mut settings.intro),
        ] {
            match value {
                Some(value) => *slot = value,
                None => self.warnings.push(ContentError::new(
                    Location::file(path),
                    Problem::Advice(format!("[site] has no `{field}`: add it in this language; until then the home page shows the English")),
                )),
            }
        }
        if let Some(title) = file.site.title {
            settings.title = title;
        }
        let language = Language::declared(
            &declared.code,
            &declared.name,
            Arc::new(words),
            file.reviewed,
        );
        Some((language, settings))
    }

    /// What a language's `[words]` lacks or has wrong, each a warning at its line.
    fn tell_gaps(&mut self, path: &Path, text: &str, gaps: &Gaps) {
        let at = |key: &str| {
            let offset = text.find(&format!("\n{key}")).map_or(0, |o| o + 1);
            Location::at(path, text, offset)
        };
        let warn = |at: Location, message: String| ContentError::new(at, Problem::Advice(message));
        for key in &gaps.missing {
            let english = Words::english().get(key).unwrap_or_default().to_string();
            let message = format!(
                "[words] has no `{key}`: add `{key} = \"…\"` in this language (in English: \"{english}\"); until then pages show the English"
            );
            self.warnings.push(warn(Location::file(path), message));
        }
        for key in &gaps.unknown {
            let near = crate::suggest::closest(key, KEYS.iter().copied());
            let hint = near.map_or_else(
                || "remove it".to_string(),
                |near| format!("did you mean `{near}`?"),
            );
            self.warnings.push(warn(
                at(key),
                format!("[words] has `{key}`, which the site does not use: {hint}"),
            ));
        }
        for (key, placeholder) in &gaps.placeholders {
            let message = format!(
                "`{key}` lacks `{placeholder}`, where the site puts a value: keep it in the sentence, as written"
            );
            self.warnings.push(warn(at(key), message));
        }
        for key in &gaps.not_text {
            let message = if *key == "months" {
                "`months` must be a list of the twelve months' names, January first".to_string()
            } else {
                format!("`{key}` must be text in quotes")
            };
            self.warnings.push(warn(at(key), message));
        }
    }
}

/// Whether `tag` has the shape of a language tag: a language of 2 or 3 letters, then
/// optional subtags (`zh-Hans`, `sr-Latn`, `pt-BR`).
pub(crate) fn looks_like_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether `tag` is a language tag the site can use: a language (2 or 3 letters) and
/// optional subtags (`zh-Hans`, `sr-Latn`), not English, which is the site's own.
fn check_tag(tag: &str) -> Result<(), String> {
    if !looks_like_tag(tag) {
        return Err(format!(
            "`{tag}` is not a language tag: write the language's code, such as `cs`, `de`, `fr` or `zh-Hans`"
        ));
    }
    let language = tag.split('-').next().unwrap_or_default();
    if language.eq_ignore_ascii_case("en") {
        return Err(
            "English is the site's own language, at its usual addresses: declare only the others"
                .to_string(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for good in ["cs", "de", "zh-Hans", "sr-Latn", "pt-BR"] {
            assert_eq!(check_tag(good), Ok(()), "{good}");
        }
        for bad in ["", "c", "czech", "cs_CZ", "zh-", "en", "en-GB", "../x"] {
            assert!(check_tag(bad).is_err(), "{bad}");
        }
    }
}
