//! Translations: `brno.cs.md` beside `brno.md`, `_index.fr.md` beside `_index.md`. A
//! translation holds only the words of its original (its title, summary, text…) in a language
//! `site.toml` declares; each language's version of the site is the English one with every
//! translation into it put in place of the original's words.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::languages::Languages;
use super::{Loader, Location, Problem, invalid};
use crate::content::schema::TranslationFields;
use crate::content::{Body, City, ContentError, Language, Settings, Site, Version, dates};
use crate::routes::Collection;

/// One translation, read and checked.
pub(super) struct Translation {
    /// The tag of its language, as declared.
    lang: String,
    collection: Collection,
    /// The address of its original, by which the original is found.
    original: String,
    /// Whether it translates a section's own page (`_index.md`).
    section: bool,
    title: String,
    words: Vec<(&'static str, String)>,
    body: Option<Body>,
    pub(super) updated: Option<Date>,
    reviewed: bool,
    pub(super) path: PathBuf,
    /// The original's file.
    pub(super) original_file: PathBuf,
}

/// Whether the file called `name` is a translation: a language tag between its name and
/// `.md` (`brno.cs.md`, `_index.zh-Hans.md`). Another dot (`st.helens.md`) does not make one:
/// such a file is read as a page, and its name told if it is wrong.
pub(crate) fn is_translation(name: &str) -> bool {
    name.strip_suffix(".md")
        .and_then(|stem| stem.rsplit_once('.'))
        .is_some_and(|(base, tag)| !base.is_empty() && super::languages::looks_like_tag(tag))
}

/// The words a translation of a page of `collection` may hold besides its title; `section`
/// for the collection's own page.
fn words_of(collection: Collection, section: bool) -> &'static [&'static str] {
    match (collection, section) {
        (Collection::Priorities, true) => &["description"],
        (Collection::Partnerships, true) => &["description", "friendship_intro"],
        (Collection::Priorities, false) => &["summary"],
        (Collection::Partnerships, false) => {
            &["country", "summary", "link_note", "note", "former_name"]
        }
        (Collection::Pages, _) => &["description", "summary"],
        (Collection::News | Collection::Events, _) => &["summary"],
    }
}

impl Loader {
    /// The translations in `folder`, the folder of `collection`, into `languages`.
    pub(super) fn translations(
        &mut self,
        folder: &Path,
        collection: Collection,
        languages: &Languages,
    ) -> Vec<Translation> {
        let Ok(entries) = fs::read_dir(folder) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                is_translation(&name) && !super::is_ignored(&name) && p.is_file()
            })
            .collect();
        paths.sort();
        paths.retain(|path| !self.leaves_root(path));
        // Each original's address, by its file.
        let originals: HashMap<PathBuf, String> = self
            .urls
            .iter()
            .filter(|(_, at, alias)| !alias && at.path.parent() == Some(folder))
            .map(|(url, at, _)| (at.path.clone(), url.clone()))
            .collect();
        let found = self.in_parallel(&paths, |loader, path| {
            loader.translation(path, collection, languages, &originals)
        });
        self.one_per_language(found)
    }

    /// The translations, but the second of two into one language (`brno.CS.md` beside
    /// `brno.cs.md`: tags are the same in any case), which is an error. The one whose tag
    /// is written as site.toml writes it is kept.
    fn one_per_language(&mut self, mut found: Vec<Translation>) -> Vec<Translation> {
        let as_declared = |t: &Translation| {
            let name = t.path.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(&format!(".{}.md", t.lang))
        };
        found.sort_by_key(|t| !as_declared(t));
        let mut kept: Vec<Translation> = Vec::with_capacity(found.len());
        let mut seen: HashMap<(String, bool, String), usize> = HashMap::new();
        for translation in found {
            let key = (
                translation.original.clone(),
                translation.section,
                translation.lang.clone(),
            );
            if let Some(&first) = seen.get(&key) {
                let name = |path: &Path| {
                    let name = path.file_name().unwrap_or_default();
                    name.to_string_lossy().into_owned()
                };
                let problem = Problem::Advice(format!(
                    "`{}` and `{}` are both translations of `{}` into `{}`: keep one, and delete the other",
                    name(&kept[first].path),
                    name(&translation.path),
                    name(&translation.original_file),
                    translation.lang
                ));
                self.push(Location::file(&translation.path), problem);
                continue;
            }
            seen.insert(key, kept.len());
            kept.push(translation);
        }
        kept
    }

    /// One translation file, if its language is declared and its original is beside it.
    fn translation(
        &mut self,
        path: &Path,
        collection: Collection,
        languages: &Languages,
        originals: &HashMap<PathBuf, String>,
    ) -> Option<Translation> {
        let name = path.file_name()?.to_string_lossy().into_owned();
        let (base, tag) = name.strip_suffix(".md")?.rsplit_once('.')?;
        let language = self.language_of(path, tag, languages)?;
        let section = base == "_index";
        let original_path = path.with_file_name(format!("{base}.md"));
        let original = self.original_of(path, &original_path, collection, section, originals)?;
        let first = self.errors.len();
        let translation = self.document(path, |this, doc, fields: TranslationFields| {
            let allowed = words_of(collection, section);
            let mut words = Vec::new();
            for (field, value) in fields.words() {
                if allowed.contains(&field) {
                    words.push((field, value.get_ref().clone()));
                } else {
                    let reason = format!(
                        "is not a word of this page's original: a translation of it may have `title`, {}",
                        allowed.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
                    );
                    this.push(doc.locate(path, value.span().start), invalid(field, &reason));
                }
            }
            this.require_text(doc, &[("title", &fields.title)]);
            let updated = this.when(doc, "updated", fields.updated.as_ref(), dates::date);
            let has_text = !doc.body.trim().is_empty();
            // The original's main photo is the translation's too, and its first picture.
            let illustrated = this.illustrated.contains(&original);
            let body =
                has_text.then(|| this.body(doc, &language.address(&original), illustrated));
            Some(Translation {
                lang: language.tag.clone(),
                collection,
                original: original.clone(),
                section,
                title: fields.title,
                words,
                body,
                updated,
                reviewed: fields.reviewed,
                path: path.to_path_buf(),
                original_file: original_path.clone(),
            })
        });
        for error in &mut self.errors[first..] {
            explain_fact(error, &base_name(base));
        }
        translation
    }
}

impl Loader {
    /// The declared language of a translation's `tag`; else a warning that it is not
    /// published (none when the language is declared but its file is broken: that file's
    /// problem is told, and is the one to mend).
    fn language_of<'l>(
        &mut self,
        path: &Path,
        tag: &str,
        languages: &'l Languages,
    ) -> Option<&'l Language> {
        if let Some(language) = languages.find(tag) {
            return Some(language);
        }
        if languages.is_broken(tag) {
            return None;
        }
        let loaded = languages.loaded.iter().map(|(l, _)| l.tag.as_str());
        let declared: Vec<String> = loaded
            .chain(languages.broken.iter().map(String::as_str))
            .map(|tag| format!("`{tag}`"))
            .collect();
        let known = if declared.is_empty() {
            "site.toml declares none".to_string()
        } else {
            format!("site.toml declares {}", declared.join(", "))
        };
        let problem = Problem::Advice(format!(
            "this translation into `{tag}` is not published: the site is not in that language ({known}); add it to site.toml under [[languages]], or rename the file"
        ));
        self.warnings
            .push(ContentError::new(Location::file(path), problem));
        None
    }

    /// The address of a translation's original, `original_path`; else a warning that the
    /// translation is not published (none when the original is there but broken: its own
    /// problems are told).
    fn original_of(
        &mut self,
        path: &Path,
        original_path: &Path,
        collection: Collection,
        section: bool,
        originals: &HashMap<PathBuf, String>,
    ) -> Option<String> {
        let original = if section {
            let has_index = matches!(
                collection,
                Collection::Priorities | Collection::Partnerships
            );
            (has_index && original_path.is_file()).then(|| collection.prefix().to_string())
        } else {
            originals.get(original_path).cloned()
        };
        if original.is_some() || original_path.is_file() {
            return original;
        }
        let base = original_path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        let problem = Problem::Advice(format!(
            "this translation is not published: its original, `{base}`, is not beside it. A translation has its original's name with the language before `.md` (`brno.cs.md` beside `brno.md`): rename it, or delete it with its original"
        ));
        self.warnings
            .push(ContentError::new(Location::file(path), problem));
        None
    }
}

fn base_name(base: &str) -> String {
    format!("{base}.md")
}

/// Tells a fact written in a translation (`latitude = …`) as what it is: the original's.
fn explain_fact(error: &mut ContentError, original: &str) {
    let Problem::Toml(message) = &error.problem else {
        return;
    };
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return;
    };
    let Some(field) = rest.split('`').next() else {
        return;
    };
    if TranslationFields::FIELDS.contains(&field) {
        return;
    }
    error.problem = invalid(
        field,
        &format!(
            "comes from the original, `{original}`: a translation holds only the words (`title`, a summary, the text…), so remove this line"
        ),
    );
}

impl Loader {
    /// The version of `site` in `language`: each of `translations` into it in place of its
    /// original's words. An original that has text needs its translation to have text too.
    pub(super) fn localize(
        &mut self,
        site: &Site,
        language: &Language,
        settings: &Settings,
        translations: &[Translation],
    ) -> Site {
        let mut version = Site {
            settings: settings.clone(),
            language: language.clone(),
            ..site.pages_only()
        };
        let places = Places::of(&version);
        for translation in translations.iter().filter(|t| t.lang == language.tag) {
            for word in untranslated(&version, &places, translation) {
                let message = format!(
                    "the translation has no `{word}`, which its original has: add `{word} = \"…\"` in this language; until then the page shows the English"
                );
                self.warnings.push(ContentError::new(
                    Location::file(&translation.path),
                    Problem::Advice(message),
                ));
            }
            if !apply(&mut version, &places, language, translation) {
                let reason = if translation.body.is_none() {
                    "the translation has no text, and its original has: translate the original's text below the closing +++"
                } else {
                    "its original has no text, and so no page of its own: a translation adds none, so remove the text"
                };
                let problem = invalid("text", reason);
                self.push(Location::file(&translation.path), problem);
            }
        }
        // A language's news list shows its own posts, which come first.
        version
            .posts
            .sort_by_key(|post| !post.version.is_in(language));
        version
    }
}

impl Translation {
    /// The word `name`, where the translation gives it.
    fn word(&self, name: &str) -> Option<String> {
        self.words
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| value.clone())
    }

    /// Whether it has text where its original's `body` has.
    fn has_text_for(&self, body: &Body) -> bool {
        self.body.is_some() || body.html().is_empty()
    }
}

/// Where each page of a site is in its lists, by address: found once, not for each
/// translation.
struct Places {
    priorities: HashMap<String, usize>,
    cities: HashMap<String, usize>,
    pages: HashMap<String, usize>,
    posts: HashMap<String, usize>,
    events: HashMap<String, usize>,
}

impl Places {
    fn of(site: &Site) -> Self {
        fn index(urls: impl Iterator<Item = String>) -> HashMap<String, usize> {
            urls.enumerate().map(|(i, url)| (url, i)).collect()
        }
        Places {
            priorities: index(site.priorities.iter().map(|p| p.url())),
            cities: index(site.cities.iter().map(|c| c.url())),
            pages: index(site.pages.iter().map(|p| p.url())),
            posts: index(site.posts.iter().map(|p| p.url())),
            events: index(site.events.iter().map(|e| e.url())),
        }
    }
}

/// The word fields the original of `t` has and `t` lacks: the page would show them in
/// English, marked as the translation's language.
fn untranslated(version: &Site, places: &Places, t: &Translation) -> Vec<&'static str> {
    let find = |places: &HashMap<String, usize>| places.get(&t.original).copied();
    let words: Vec<(&'static str, Option<&str>)> = match (t.collection, t.section) {
        (Collection::Priorities, true) => {
            vec![("description", Some(&version.priorities_section.description))]
        }
        (_, true) => vec![
            (
                "description",
                Some(&version.partnerships_section.description),
            ),
            ("friendship_intro", Some(&version.friendship_intro)),
        ],
        (Collection::Priorities, false) => find(&places.priorities)
            .map(|i| vec![("summary", Some(version.priorities[i].summary.as_str()))])
            .unwrap_or_default(),
        (Collection::Partnerships, false) => find(&places.cities)
            .map(|i| {
                let c = &version.cities[i];
                vec![
                    ("country", Some(c.country.as_str())),
                    ("summary", c.summary.as_deref()),
                    ("link_note", c.link_note.as_deref()),
                    ("note", c.note.as_deref()),
                    ("former_name", c.former_name.as_deref()),
                ]
            })
            .unwrap_or_default(),
        (Collection::Pages, false) => find(&places.pages)
            .map(|i| {
                let p = &version.pages[i];
                vec![
                    ("description", Some(p.description.as_str())),
                    ("summary", p.summary.as_deref()),
                ]
            })
            .unwrap_or_default(),
        (Collection::News, false) => find(&places.posts)
            .map(|i| vec![("summary", Some(version.posts[i].summary.as_str()))])
            .unwrap_or_default(),
        (Collection::Events, false) => find(&places.events)
            .map(|i| vec![("summary", Some(version.events[i].summary.as_str()))])
            .unwrap_or_default(),
    };
    words
        .into_iter()
        .filter(|(name, value)| {
            value.is_some_and(|v| !v.trim().is_empty()) && t.word(name).is_none()
        })
        .map(|(name, _)| name)
        .collect()
}

/// Puts `translation` in place of its original's words in `version`; false when the original
/// has text and the translation has none.
fn apply(version: &mut Site, places: &Places, language: &Language, t: &Translation) -> bool {
    let marked = language.version(t.reviewed);
    if t.section {
        return apply_section(version, marked, t);
    }
    let body = || t.body.clone().unwrap_or_default();
    // A page whose translation gives its title, summary and text: a priority, a post, an event.
    macro_rules! titled {
        ($page:expr) => {{
            let fine = t.has_text_for(&$page.body);
            $page.title = t.title.clone();
            $page.summary = t.word("summary").unwrap_or_else(|| $page.summary.clone());
            $page.body = body();
            $page.meta.updated = t.updated.or($page.meta.updated);
            $page.version = marked;
            fine
        }};
    }
    let at = |places: &HashMap<String, usize>| places.get(&t.original).copied();
    match t.collection {
        Collection::Priorities => {
            let Some(page) = at(&places.priorities).map(|i| &mut version.priorities[i]) else {
                return true;
            };
            titled!(page)
        }
        Collection::Partnerships => {
            let Some(c) = at(&places.cities).map(|i| &mut version.cities[i]) else {
                return true;
            };
            apply_city(c, marked, t)
        }
        Collection::Pages => {
            let Some(p) = at(&places.pages).map(|i| &mut version.pages[i]) else {
                return true;
            };
            let fine = t.has_text_for(&p.body);
            p.title = t.title.clone();
            p.description = t
                .word("description")
                .unwrap_or_else(|| p.description.clone());
            p.summary = t.word("summary").or_else(|| p.summary.clone());
            p.body = body();
            p.meta.updated = t.updated.or(p.meta.updated);
            p.version = marked;
            fine
        }
        Collection::News => {
            let Some(page) = at(&places.posts).map(|i| &mut version.posts[i]) else {
                return true;
            };
            titled!(page)
        }
        Collection::Events => {
            let Some(page) = at(&places.events).map(|i| &mut version.events[i]) else {
                return true;
            };
            titled!(page)
        }
    }
}

/// A section's own page in its translation.
fn apply_section(version: &mut Site, marked: Version, t: &Translation) -> bool {
    let section = match t.collection {
        Collection::Priorities => &mut version.priorities_section,
        _ => {
            if let Some(intro) = t.word("friendship_intro") {
                version.friendship_intro = intro;
            }
            &mut version.partnerships_section
        }
    };
    let fine = t.has_text_for(&section.body);
    section.title = t.title.clone();
    section.description = t
        .word("description")
        .unwrap_or_else(|| section.description.clone());
    section.body = t.body.clone().unwrap_or_default();
    section.version = marked;
    fine
}

/// A city in its translation. One without text of its own (a friendship city listed on the
/// partnerships page) stays without a page: a translation may not add one.
fn apply_city(c: &mut City, marked: Version, t: &Translation) -> bool {
    let fine = t.body.is_some() == c.body.is_some();
    c.title = t.title.clone();
    c.country = t.word("country").unwrap_or_else(|| c.country.clone());
    for (name, slot) in [
        ("summary", &mut c.summary),
        ("link_note", &mut c.link_note),
        ("note", &mut c.note),
        ("former_name", &mut c.former_name),
    ] {
        if let Some(value) = t.word(name) {
            *slot = Some(value);
        }
    }
    if c.body.is_some() && t.body.is_some() {
        c.body = t.body.clone();
    }
    c.meta.updated = t.updated.or(c.meta.updated);
    c.version = marked;
    fine
}
