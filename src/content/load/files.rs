//! Finding and reading the files of `content/`: what belongs where, each file's bytes and
//! front matter, and a collection's files loaded on every core when there are many.

use std::fs;
use std::path::{Path, PathBuf};

use super::{ContentError, Loader, Location, Problem};
use crate::content::document::{self, Document};
use crate::content::reading::Schema;
use crate::content::schema::{CityFields, EventFields, PageFields, PostFields, PriorityFields};
use crate::limits::{MAX_CONTENT_BYTES, MAX_FILE_BYTES, MIN_FILE_CHARGE, read_at_most, size};
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
        names.retain(|(name, _)| !self.leaves_root(&dir.join(name)));
        let mut folders: Vec<&str> = Collection::ALL.iter().map(|c| c.folder()).collect();
        folders.push(super::languages::FOLDER);
        folders.push(crate::media::FOLDER);
        for (name, is_dir) in names {
            let known = if is_dir {
                folders.contains(&name.as_str())
            } else {
                name == "site.toml" || name == super::synonyms::FILE
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

    /// Whether the files of `dir` and its sections hold at most [`MAX_CONTENT_BYTES`] together
    /// (each counted as at least [`MIN_FILE_CHARGE`]); if not, it is reported and nothing
    /// should be read.
    pub(super) fn within_budget(&mut self, dir: &Path) -> bool {
        let folders = Collection::ALL.iter().map(|c| dir.join(c.folder()));
        let mut total = 0;
        for folder in std::iter::once(dir.to_path_buf()).chain(folders) {
            let Ok(entries) = fs::read_dir(&folder) else {
                continue;
            };
            for path in entries.filter_map(Result::ok).map(|e| e.path()) {
                let is_file = |m: &fs::Metadata| m.is_file();
                match fs::metadata(&path).ok().filter(is_file) {
                    // A file over its own limit is refused by itself, and never read.
                    Some(m) if !self.leaves_root(&path) => {
                        total += m.len().clamp(MIN_FILE_CHARGE, MAX_FILE_BYTES);
                    }
                    _ => {}
                }
            }
        }
        if total <= MAX_CONTENT_BYTES {
            return true;
        }
        self.push(
            Location::file(dir),
            Problem::TooBig(format!(
                "the content files are {} together (each counting as at least 1 KB), over the limit of {} for a whole site, so none was read; take out what the site does not need (large documents belong in static/)",
                size(total),
                size(MAX_CONTENT_BYTES)
            )),
        );
        false
    }

    /// The `.md` files of a section, sorted, without its `_index.md`; anything else is reported.
    pub(super) fn section_files(&mut self, dir: &Path) -> Vec<PathBuf> {
        if self.leaves_root(dir) {
            return Vec::new();
        }
        let Ok(entries) = fs::read_dir(dir) else {
            // A missing section folder is reported through its missing `_index.md`, or is
            // simply empty for `pages/`.
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().is_some_and(|n| {
                    let name = n.to_string_lossy();
                    !is_ignored(&name) && n != "_index.md" && !super::is_translation(&name)
                })
            })
            .collect();
        paths.sort();
        paths.retain(|path| !self.leaves_root(path));
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

    /// Whether `path` is a link that leads out of the content folder, reported once if so:
    /// the site publishes only what is in it (a link `news -> /etc` would publish the
    /// server's files).
    pub(super) fn leaves_root(&mut self, path: &Path) -> bool {
        let Some(root) = &self.root else {
            return false;
        };
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let inside = path
            .canonicalize()
            .is_ok_and(|target| target.starts_with(root));
        // A path that resolves inside, or is no link and cannot be resolved (missing), stays.
        if inside || !is_link {
            return false;
        }
        let outside = !self.outside.iter().any(|p| p == path);
        if outside {
            self.outside.push(path.to_path_buf());
            self.push(
                Location::file(path),
                Problem::Unexpected(
                    "link to a file or folder outside the content folder; the site publishes only what is in it: copy the file in instead".to_string(),
                ),
            );
        }
        true
    }

    /// The bytes of the file at `path`, if it is a file inside the content folder and no
    /// bigger than [`MAX_FILE_BYTES`]; otherwise the reason is reported.
    pub(super) fn read(&mut self, path: &Path) -> Option<Vec<u8>> {
        if self.leaves_root(path) {
            return None;
        }
        match read_at_most(path, MAX_FILE_BYTES) {
            Ok(Some(bytes)) => Some(bytes),
            Ok(None) => {
                let length = fs::metadata(path).map_or(MAX_FILE_BYTES + 1, |m| m.len());
                self.push(Location::file(path), too_big(length));
                None
            }
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

    /// Reads, decodes, splits and parses one Markdown file, then hands it to `build`. A file
    /// with mistakes in its fields is not built, but its other fields are still checked.
    pub(super) fn document<T: Schema, R>(
        &mut self,
        path: &Path,
        build: impl FnOnce(&mut Self, &Document<'_>, T) -> Option<R>,
    ) -> Option<R> {
        let bytes = self.read(path)?;
        let doc = document::decode(path, &bytes).and_then(|text| document::split(path, text));
        let doc = doc.map_err(|e| self.errors.push(e)).ok()?;
        let invisible = document::invisible(path, doc.text);
        let mut fields = doc.fields::<T>();
        // TOML refuses them too, in its own words: the invisible character is the news.
        let lines: Vec<usize> = invisible.iter().map(|e| e.location.line).collect();
        fields.errors.retain(|e| !lines.contains(&e.location.line));
        self.errors.extend(invisible);
        if fields.errors.is_empty() && fields.set_aside.is_empty() {
            return build(self, &doc, fields.value?);
        }
        if let Some(problem) = misplaced(&doc, &fields.errors) {
            // At the first field that belongs to another kind of file.
            let at = fields
                .errors
                .iter()
                .find(|e| e.to_string().contains("unknown field"));
            let at = at.unwrap_or(&fields.errors[0]).location.clone();
            self.push(at, problem);
            return None;
        }
        let first = self.errors.len();
        self.errors.extend(fields.errors);
        if let Some(value) = fields.value {
            self.check_anyway(&doc, value, &fields.set_aside, build);
        }
        self.errors[first..].sort_by_key(|e| (e.location.line, e.location.column));
        None
    }

    /// Runs `build` on fields with stand-ins, for the mistakes in the editor's own fields;
    /// what it finds about the stand-ins, and the page it builds, are dropped.
    fn check_anyway<T, R>(
        &mut self,
        doc: &Document<'_>,
        value: T,
        set_aside: &[String],
        build: impl FnOnce(&mut Self, &Document<'_>, T) -> Option<R>,
    ) {
        let mut scratch = Loader {
            stand_ins: set_aside.to_vec(),
            media: std::sync::Arc::clone(&self.media),
            ..Loader::default()
        };
        build(&mut scratch, doc, value);
        let about_stand_in = |e: &ContentError| matches!(&e.problem, Problem::InvalidField { field, .. } if set_aside.contains(field));
        self.errors
            .extend(scratch.errors.into_iter().filter(|e| !about_stand_in(e)));
        self.warnings.extend(scratch.warnings);
        self.priority_refs.extend(scratch.priority_refs);
        self.city_refs.extend(scratch.city_refs);
    }

    /// Loads each file of a collection with `load`, on every core when there are many,
    /// remembering the addresses of those that fail.
    pub(super) fn load_each<T: Send>(
        &mut self,
        paths: Vec<PathBuf>,
        collection: Collection,
        load: fn(&mut Self, &Path) -> Option<T>,
    ) -> Vec<T> {
        self.in_parallel(&paths, |loader, path| {
            let item = load(loader, path);
            if item.is_none() {
                loader.unloaded.push(collection.address(&file_stem(path)));
            }
            item
        })
    }

    /// Runs `each` on every one of `paths`, on every core when there are many. Each thread
    /// keeps its own findings; joined in order, they read as if one thread had done it all.
    pub(super) fn in_parallel<T: Send>(
        &mut self,
        paths: &[PathBuf],
        each: impl Fn(&mut Self, &Path) -> Option<T> + Sync,
    ) -> Vec<T> {
        /// Fewer files than this load faster on one thread than on several.
        const PARALLEL_FROM: usize = 64;
        if paths.len() < PARALLEL_FROM {
            return paths.iter().filter_map(|path| each(self, path)).collect();
        }
        let threads = crate::limits::build_threads();
        let chunk = paths.len().div_ceil(threads);
        let each = &each;
        let media = &self.media;
        let illustrated = &self.illustrated;
        let parts: Vec<(Vec<T>, Loader)> = std::thread::scope(|scope| {
            let workers: Vec<_> = paths
                .chunks(chunk)
                .map(|chunk| {
                    scope.spawn(move || {
                        let mut loader = Loader {
                            media: std::sync::Arc::clone(media),
                            illustrated: illustrated.clone(),
                            ..Loader::default()
                        };
                        let items: Vec<T> = chunk
                            .iter()
                            .filter_map(|path| each(&mut loader, path))
                            .collect();
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
}

/// When a file's fields do not fit its folder (an unknown or missing field) but fit
/// another's, such as a news post saved in `partnerships/`: where it belongs.
fn misplaced(doc: &Document<'_>, errors: &[ContentError]) -> Option<Problem> {
    // A section's own `_index.md` belongs where it is, whatever its fields.
    if doc.path.file_name().is_some_and(|n| n == "_index.md") {
        return None;
    }
    let unfit = errors.iter().any(|e| {
        matches!(&e.problem, Problem::Toml(message)
            if message.starts_with("unknown field") || message.starts_with("missing field"))
    });
    if !unfit {
        return None;
    }
    let fits = |collection: Collection| {
        let toml = doc.front_matter;
        match collection {
            Collection::Priorities => toml::from_str::<PriorityFields>(toml).is_ok(),
            Collection::Partnerships => toml::from_str::<CityFields>(toml).is_ok(),
            Collection::Pages => toml::from_str::<PageFields>(toml).is_ok(),
            Collection::News => toml::from_str::<PostFields>(toml).is_ok(),
            Collection::Events => toml::from_str::<EventFields>(toml).is_ok(),
        }
    };
    let folder = doc.path.parent()?.file_name()?.to_str()?;
    let home = Collection::ALL
        .into_iter()
        .find(|c| c.folder() != folder && fits(*c))?;
    let what = match home {
        Collection::Priorities => "a priority",
        Collection::Partnerships => "a city",
        Collection::Pages => "a page",
        Collection::News => "a news post",
        Collection::Events => "an event",
    };
    Some(Problem::Misplaced {
        what,
        folder: home.folder(),
    })
}

/// The problem of a file of `length` bytes, over [`MAX_FILE_BYTES`].
fn too_big(length: u64) -> Problem {
    Problem::TooBig(format!(
        "the file is {}, over the limit of {} for a content file (about 150,000 words); split it into several pages, or put a long document in static/ and link to it",
        size(length),
        size(MAX_FILE_BYTES)
    ))
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
