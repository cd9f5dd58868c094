//! Finding and reading the files of `content/`: what belongs where, each file's bytes and
//! front matter, and a collection's files loaded on every core when there are many.

use serde::de::DeserializeOwned;
use std::fs;
use std::path::{Path, PathBuf};

use super::{Loader, Location, Problem};
use crate::content::document::{self, Document};
use crate::content::schema::{CityFields, PageFields, PostFields, PriorityFields};
use crate::routes::Collection;

impl Loader {
    /// Files and folders in `content/` that nothing reads are mistakes, not silence.
    pub(super) fn check_layout(&mut self, dir: &Path) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.push(Location::file(dir), Problem::Unreadable(e.to_string()));
                return;
            }
        };
        let mut names: Vec<(String, bool)> = entries
            .filter_map(Result::ok)
            .map(|e| {
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                (e.file_name().to_string_lossy().into_owned(), is_dir)
            })
            .filter(|(name, _)| !is_ignored(name))
            .collect();
        names.sort();
        let folders: Vec<&str> = Collection::ALL.iter().map(|c| c.folder()).collect();
        for (name, is_dir) in names {
            let known = if is_dir {
                folders.contains(&name.as_str())
            } else {
                name == "site.toml"
            };
            if !known {
                let what = if is_dir { "folder" } else { "file" };
                self.push(
                    Location::file(&dir.join(&name)),
                    Problem::Unexpected(format!(
                        "{what} `{name}`; content/ holds site.toml and the folders {}",
                        folders.join(", ")
                    )),
                );
            }
        }
    }

    /// The `.md` files of a section, sorted, without its `_index.md`; anything else is reported.
    pub(super) fn section_files(&mut self, dir: &Path) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(dir) else {
            // A missing section folder is reported through its missing `_index.md`, or is
            // simply empty for `pages/`.
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| !is_ignored(&n.to_string_lossy()) && n != "_index.md")
            })
            .collect();
        paths.sort();
        paths.retain(|path| {
            let is_markdown = path.extension().is_some_and(|e| e == "md") && path.is_file();
            if !is_markdown {
                self.push(
                    Location::file(path),
                    Problem::Unexpected(
                        "file or folder: a section holds only Markdown files ending in `.md`"
                            .to_string(),
                    ),
                );
            }
            is_markdown
        });
        paths
    }

    pub(super) fn read(&mut self, path: &Path) -> Option<Vec<u8>> {
        match fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                self.push(
                    Location::file(path),
                    Problem::MissingFile(format!(
                        "create `{name}`; docs/editing.md shows what goes in it"
                    )),
                );
                None
            }
            Err(e) => {
                self.push(Location::file(path), Problem::Unreadable(e.to_string()));
                None
            }
        }
    }

    /// Reads, decodes, splits and parses one Markdown file, then hands it to `build`.
    pub(super) fn document<T: DeserializeOwned, R>(
        &mut self,
        path: &Path,
        build: impl FnOnce(&mut Self, &Document<'_>, T) -> Option<R>,
    ) -> Option<R> {
        let bytes = self.read(path)?;
        let parsed = document::decode(path, &bytes).and_then(|text| {
            let doc = document::split(path, text)?;
            let fields = doc.fields::<T>(path)?;
            Ok((doc, fields))
        });
        match parsed {
            Ok((doc, fields)) => build(self, &doc, fields),
            Err(mut e) => {
                if let Some(problem) = misplaced(path, &bytes, &e.problem) {
                    e.problem = problem;
                }
                self.errors.push(e);
                None
            }
        }
    }

    /// Loads each file of a collection with `load`, on every core when there are many,
    /// remembering the addresses of those that fail.
    pub(super) fn load_each<T: Send>(
        &mut self,
        paths: Vec<PathBuf>,
        collection: Collection,
        load: fn(&mut Self, &Path) -> Option<T>,
    ) -> Vec<T> {
        /// Fewer files than this load faster on one thread than on several.
        const PARALLEL_FROM: usize = 64;
        if paths.len() < PARALLEL_FROM {
            return self.load_all(&paths, collection, load);
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = paths.len().div_ceil(threads);
        // Each thread keeps its own findings; joined in order, they read as if one thread
        // had loaded every file.
        let parts: Vec<(Vec<T>, Loader)> = std::thread::scope(|scope| {
            let workers: Vec<_> = paths
                .chunks(chunk)
                .map(|chunk| {
                    scope.spawn(move || {
                        let mut loader = Loader::default();
                        let items = loader.load_all(chunk, collection, load);
                        (items, loader)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().expect("loading a file does not panic"))
                .collect()
        });
        let mut items = Vec::with_capacity(paths.len());
        for (part, loader) in parts {
            items.extend(part);
            self.absorb(loader);
        }
        items
    }

    fn load_all<T>(
        &mut self,
        paths: &[PathBuf],
        collection: Collection,
        load: fn(&mut Self, &Path) -> Option<T>,
    ) -> Vec<T> {
        paths
            .iter()
            .filter_map(|path| {
                let item = load(self, path);
                if item.is_none() {
                    self.unloaded.push(collection.address(&file_stem(path)));
                }
                item
            })
            .collect()
    }
}

/// When a file's fields do not fit its folder (`problem` is an unknown or missing field) but
/// fit another's, such as a news post saved in `partnerships/`: where it belongs.
fn misplaced(path: &Path, bytes: &[u8], problem: &Problem) -> Option<Problem> {
    let Problem::Toml(message) = problem else {
        return None;
    };
    // A section's own `_index.md` belongs where it is, whatever its fields.
    if path.file_name().is_some_and(|n| n == "_index.md") {
        return None;
    }
    if !(message.starts_with("unknown field") || message.starts_with("missing field")) {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let doc = document::split(path, text.strip_prefix('\u{feff}').unwrap_or(text)).ok()?;
    let fits = |collection: Collection| {
        let toml = doc.front_matter;
        match collection {
            Collection::Priorities => toml::from_str::<PriorityFields>(toml).is_ok(),
            Collection::Partnerships => toml::from_str::<CityFields>(toml).is_ok(),
            Collection::Pages => toml::from_str::<PageFields>(toml).is_ok(),
            Collection::News => toml::from_str::<PostFields>(toml).is_ok(),
        }
    };
    let folder = path.parent()?.file_name()?.to_str()?;
    let home = Collection::ALL
        .into_iter()
        .find(|c| c.folder() != folder && fits(*c))?;
    let what = match home {
        Collection::Priorities => "a priority",
        Collection::Partnerships => "a city",
        Collection::Pages => "a page",
        Collection::News => "a news post",
    };
    Some(Problem::Misplaced {
        what,
        folder: home.folder(),
    })
}

pub(super) fn file_stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Hidden files, and what editors and systems leave beside the files an editor saves: backups
/// and swap files (`brno.md~`, `.brno.md.swp`, Emacs' `#brno.md#`, LibreOffice's
/// `.~lock.brno.md#`, Word's `~$brno.md`), and Windows' `Thumbs.db` and `desktop.ini`.
pub(crate) fn is_ignored(name: &str) -> bool {
    let system = ["thumbs.db", "desktop.ini"];
    name.starts_with('.')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || system.iter().any(|s| name.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [
            ".brno.md.swp",
            "brno.md~",
            ".#brno.md",
            "brno.md.tmp",
            "#brno.md#",
            ".~lock.brno.md#",
            "~$brno.md",
            "Thumbs.db",
            "desktop.ini",
            ".DS_Store",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["brno.md", "#brno.md", "thumbs.md"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
