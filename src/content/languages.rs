//! The languages the site is written in: English, its own, at today's addresses, and each
//! language declared in `site.toml`, under its own prefix (`/cs/`, `/zh-hans/`). A translated
//! page is the original's facts with the translation's words; each item knows which version
//! it is, so that links lead to the page in the reader's language where there is one.

use std::sync::Arc;

use crate::words::Words;

/// A language the site is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its BCP 47 tag: `en-GB` for English, else as declared (`cs`, `zh-Hans`).
    pub tag: String,
    /// Its name in its own language: `English`, `Čeština`, `中文`.
    pub name: String,
    /// Where its pages live: empty for English, `/cs`, `/zh-hans`.
    pub prefix: String,
    pub words: Arc<Words>,
    /// Whether a native speaker has checked its words (`reviewed` in its file).
    pub reviewed: bool,
}

impl Default for Language {
    fn default() -> Self {
        Language::english()
    }
}

impl Language {
    /// The site's own language.
    pub fn english() -> Self {
        Language {
            tag: ENGLISH_TAG.to_string(),
            name: "English".to_string(),
            prefix: String::new(),
            words: Words::english(),
            reviewed: true,
        }
    }

    /// A declared language: its pages live under its tag in lower case.
    pub fn declared(tag: &str, name: &str, words: Arc<Words>, reviewed: bool) -> Self {
        Language {
            tag: tag.to_string(),
            name: name.to_string(),
            prefix: format!("/{}", tag.to_ascii_lowercase()),
            words,
            reviewed,
        }
    }

    pub fn is_english(&self) -> bool {
        self.prefix.is_empty()
    }

    /// The address in this language of the English address `path`.
    pub fn address(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// The version an item translated into this language is.
    pub fn version(&self, reviewed: bool) -> Version {
        Version {
            tag: self.tag.clone(),
            prefix: self.prefix.clone(),
            reviewed,
        }
    }
}

/// The tag of the site's own language, on every English page.
pub const ENGLISH_TAG: &str = "en-GB";

/// Which version of a page an item is: the English original (the default), or a translation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Version {
    /// The language's tag; empty for the English original.
    pub tag: String,
    /// Where the language's pages live: empty for English.
    pub prefix: String,
    /// Whether a native speaker has checked the translation (`reviewed = true`).
    pub reviewed: bool,
}

impl Version {
    pub fn is_original(&self) -> bool {
        self.tag.is_empty()
    }

    /// The language of its words: `en-GB` for the original.
    pub fn lang(&self) -> &str {
        if self.is_original() {
            ENGLISH_TAG
        } else {
            &self.tag
        }
    }

    /// Whether it is in `language`.
    pub fn is_in(&self, language: &Language) -> bool {
        self.lang() == language.tag
    }

    /// A translation that no native speaker has checked yet: its page says so.
    pub fn is_draft(&self) -> bool {
        !self.is_original() && !self.reviewed
    }
}
