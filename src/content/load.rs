//! Reading `content/` into a [`Site`]: every file is parsed and checked, every problem is
//! collected, and the cross-file checks (addresses, priority references) run once at the end.

use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::document::{self, Document};
use super::error::{ContentError, LoadErrors, Location, Problem};
use super::schema::{
    CityFields, LocalNameFields, MetaFields, PageFields, PartnershipsFields, PostFields,
    PriorityFields, SectionFields,
};
use super::{
    City, CityKind, ContentLink, LocalName, Meta, Page, Post, Priority, Section, Settings, Site,
    dates,
};
use crate::{markdown, suggest};

const SECTIONS: [&str; 4] = ["priorities", "partnerships", "pages", "news"];
/// First path segments that the server answers itself, so no page may take them.
const RESERVED: [&str; 8] = [
    "priorities",
    "partnerships",
    "static",
    "search",
    "news",
    "healthz",
    "sitemap.xml",
    "robots.txt",
];

/// Loads and validates the content in `dir`, reporting every problem found.
pub fn load(dir: &Path) -> Result<Site, LoadErrors> {
    let (site, problems) = load_partial(dir);
    if problems.errors.is_empty() {
        Ok(site)
    } else {
        Err(problems)
    }
}

/// Loads as much of the content in `dir` as can be read, with every problem found: the
/// partial site lets `check` go on to find broken links too.
pub fn load_partial(dir: &Path) -> (Site, LoadErrors) {
    let mut loader = Loader::default();
    loader.check_layout(dir);
    let settings = loader.settings(&dir.join("site.toml"));

    let priorities_section = loader.document(
        &dir.join("priorities").join("_index.md"),
        |this, doc, fields: SectionFields| {
            Some(this.section(doc, "/priorities/", fields.title, fields.description))
        },
    );
    let files = loader.section_files(&dir.join("priorities"));
    let mut priorities = loader.load_each(files, "/priorities/", Loader::priority);
    priorities.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));

    let partnerships = loader.document(
        &dir.join("partnerships").join("_index.md"),
        |this, doc, fields: PartnershipsFields| {
            let section = this.section(doc, "/partnerships/", fields.title, fields.description);
            Some((section, fields.friendship_intro))
        },
    );
    let files = loader.section_files(&dir.join("partnerships"));
    let mut cities = loader.load_each(files, "/partnerships/", Loader::city);
    cities.sort_by(|a, b| a.slug.cmp(&b.slug));

    let files = loader.section_files(&dir.join("pages"));
    let mut pages = loader.load_each(files, "/", Loader::page);
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));

    let files = loader.section_files(&dir.join("news"));
    let mut posts = loader.load_each(files, "/news/", Loader::post);
    // Newest first; on one day, by title.
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));

    loader.check_priority_references(&priorities);
    loader.check_urls(dir);

    let (partnerships_section, friendship_intro) = partnerships.unwrap_or_default();
    let site = Site {
        settings: settings.unwrap_or_default(),
        priorities_section: priorities_section.unwrap_or_default(),
        priorities,
        partnerships_section,
        friendship_intro,
        cities,
        pages,
        posts,
        links: loader.links,
        warnings: loader.warnings.clone(),
        unloaded: loader.unloaded,
    };
    let problems = LoadErrors {
        errors: loader.errors,
        warnings: loader.warnings,
    };
    (site, problems)
}

/// Accumulates problems while files are read, and what the cross-file checks need.
#[derive(Default)]
struct Loader {
    errors: Vec<ContentError>,
    warnings: Vec<ContentError>,
    /// Internal links found so far, checked once the site is rendered.
    links: Vec<ContentLink>,
    /// Every address claimed so far, with the place that claims it.
    urls: Vec<(String, Location)>,
    /// References from cities to priorities, checked once all priorities are read.
    priority_refs: Vec<(String, Location)>,
    /// Addresses of files that could not be read, so links to them are not reported twice.
    unloaded: Vec<String>,
}

impl Loader {
    fn push(&mut self, location: Location, problem: Problem) {
        self.errors.push(ContentError::new(location, problem));
    }

    fn section(
        &mut self,
        doc: &Document<'_>,
        url: &str,
        title: String,
        description: String,
    ) -> Section {
        self.inspect(doc, url);
        Section {
            title,
            description,
            body_html: markdown::render(doc.body),
        }
    }

    /// Records the body's internal links, and warns of what would hurt readers.
    fn inspect(&mut self, doc: &Document<'_>, url: &str) {
        let path = &doc.path;
        let inspection = markdown::inspect(doc.body);
        let at = |offset: usize| Location::at(path, doc.text, doc.body_offset() + offset);
        for finding in inspection.findings {
            self.warnings.push(ContentError::new(
                at(finding.offset),
                Problem::Advice(finding.message),
            ));
        }
        for link in inspection.links {
            if link.dest.starts_with('/') || link.dest.starts_with('#') {
                self.links.push(ContentLink {
                    from: url.to_string(),
                    dest: link.dest,
                    location: at(link.offset),
                });
            }
        }
    }

    /// Reads a date or moment field with `parse`, reporting a bad one at its place.
    fn when<T>(
        &mut self,
        doc: &Document<'_>,
        field: &str,
        value: Option<&toml::Spanned<toml::value::Datetime>>,
        parse: fn(&toml::value::Datetime) -> Result<T, String>,
    ) -> Option<T> {
        let value = value?;
        parse(value.get_ref())
            .map_err(|reason| {
                self.push(
                    doc.locate(doc.path, value.span().start),
                    invalid(field, &reason),
                )
            })
            .ok()
    }

    /// Publishing state, dates and aliases, checked; aliases claim their addresses.
    fn meta(&mut self, doc: &Document<'_>, fields: MetaFields) -> Meta {
        let path = &doc.path;
        let publish_at = self.when(doc, "publish_at", fields.publish_at.as_ref(), dates::moment);
        let unpublish_at = self.when(
            doc,
            "unpublish_at",
            fields.unpublish_at.as_ref(),
            dates::moment,
        );
        let updated = self.when(doc, "updated", fields.updated.as_ref(), dates::date);
        let review_by_at = fields
            .review_by
            .as_ref()
            .map(|v| doc.locate(path, v.span().start));
        let review_by = self
            .when(doc, "review_by", fields.review_by.as_ref(), dates::date)
            .zip(review_by_at);
        if let (Some(publish), Some(unpublish)) = (publish_at, unpublish_at)
            && unpublish <= publish
        {
            self.push(
                doc.field_location(path, "unpublish_at"),
                invalid("unpublish_at", "must come after publish_at"),
            );
        }
        let mut aliases = Vec::new();
        for alias in fields.aliases {
            let location = doc.locate(path, alias.span().start);
            let alias = alias.into_inner();
            if is_valid_alias(&alias) {
                self.urls.push((alias.clone(), location));
                aliases.push(alias);
            } else {
                self.push(
                    location,
                    invalid(
                        "aliases",
                        &format!("`{alias}` is not an address on this site; write it as a path such as \"/twinning/lille/\""),
                    ),
                );
            }
        }
        Meta {
            draft: fields.draft,
            publish_at,
            unpublish_at,
            updated,
            review_by,
            aliases,
        }
    }

    /// Files and folders in `content/` that nothing reads are mistakes, not silence.
    fn check_layout(&mut self, dir: &Path) {
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
        for (name, is_dir) in names {
            let known = if is_dir {
                SECTIONS.contains(&name.as_str())
            } else {
                name == "site.toml"
            };
            if !known {
                let what = if is_dir { "folder" } else { "file" };
                self.push(
                    Location::file(&dir.join(&name)),
                    Problem::Unexpected(format!(
                        "{what} `{name}`; content/ holds site.toml and the folders {}",
                        SECTIONS.join(", ")
                    )),
                );
            }
        }
    }

    /// The `.md` files of a section, sorted, without its `_index.md`; anything else is reported.
    fn section_files(&mut self, dir: &Path) -> Vec<PathBuf> {
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

    fn read(&mut self, path: &Path) -> Option<Vec<u8>> {
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

    fn settings(&mut self, path: &Path) -> Option<Settings> {
        let bytes = self.read(path)?;
        let parsed = document::decode(path, &bytes)
            .and_then(|text| document::parse_toml::<Settings>(path, text, text, 0));
        match parsed {
            Ok(settings) => {
                if !settings.news_url.starts_with("https://") {
                    let text = String::from_utf8_lossy(&bytes);
                    let offset = text.find("news_url").unwrap_or(0);
                    self.push(
                        Location::at(path, &text, offset),
                        invalid("news_url", "must be a full address starting with https://"),
                    );
                }
                Some(settings)
            }
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Reads, decodes, splits and parses one Markdown file, then hands it to `build`.
    fn document<T: DeserializeOwned, R>(
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
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// The slug from the `slug` field or else the file name, checked and its address claimed.
    fn slug(
        &mut self,
        path: &Path,
        doc: &Document<'_>,
        field: Option<&toml::Spanned<String>>,
        url: impl Fn(&str) -> String,
    ) -> Option<String> {
        let (slug, location) = match field {
            Some(spanned) => (
                spanned.get_ref().clone(),
                doc.locate(path, spanned.span().start),
            ),
            None => (file_stem(path), Location::at(path, doc.text, 0)),
        };
        if !is_valid_slug(&slug) {
            let fix = markdown::slugify(&slug);
            self.push(
                location,
                invalid(
                    "slug",
                    &format!(
                        "`{slug}` cannot be an address; use lowercase letters, digits and single hyphens, such as `{fix}` (rename the file or set `slug`)"
                    ),
                ),
            );
            return None;
        }
        self.urls.push((url(&slug), location));
        Some(slug)
    }

    fn require_text(&mut self, path: &Path, doc: &Document<'_>, fields: &[(&str, &str)]) {
        for (name, value) in fields {
            if value.trim().is_empty() {
                self.push(
                    doc.field_location(path, name),
                    invalid(name, "must not be empty"),
                );
            }
        }
    }

    fn priority(&mut self, path: &Path) -> Option<Priority> {
        self.document(path, |this, doc, mut fields: PriorityFields| {
            let meta = this.meta(doc, fields.take_meta());
            this.require_text(
                path,
                doc,
                &[("title", &fields.title), ("summary", &fields.summary)],
            );
            if doc.body.trim().is_empty() {
                this.push(
                    Location::at(path, doc.text, doc.text.len()),
                    invalid("text", "a priority needs text below its front matter"),
                );
            }
            let slug = this.slug(path, doc, fields.slug.as_ref(), |s| {
                format!("/priorities/{s}/")
            })?;
            this.inspect(doc, &format!("/priorities/{slug}/"));
            Some(Priority {
                slug,
                title: fields.title,
                order: fields.order,
                summary: fields.summary,
                body_html: markdown::render(doc.body),
                meta,
            })
        })
    }

    /// Loads each file with `load`, remembering the addresses of those that fail.
    /// Loads each file of a section, on every core when there are many.
    fn load_each<T: Send>(
        &mut self,
        paths: Vec<PathBuf>,
        prefix: &str,
        load: fn(&mut Self, &Path) -> Option<T>,
    ) -> Vec<T> {
        /// Fewer files than this load faster on one thread than on several.
        const PARALLEL_FROM: usize = 64;
        if paths.len() < PARALLEL_FROM {
            return self.load_all(&paths, prefix, load);
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
                        let items = loader.load_all(chunk, prefix, load);
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
        prefix: &str,
        load: fn(&mut Self, &Path) -> Option<T>,
    ) -> Vec<T> {
        paths
            .iter()
            .filter_map(|path| {
                let item = load(self, path);
                if item.is_none() {
                    self.unloaded.push(format!("{prefix}{}/", file_stem(path)));
                }
                item
            })
            .collect()
    }

    /// Takes in what another loader found.
    fn absorb(&mut self, other: Loader) {
        let Loader {
            errors,
            warnings,
            links,
            urls,
            priority_refs,
            unloaded,
        } = other;
        self.errors.extend(errors);
        self.warnings.extend(warnings);
        self.links.extend(links);
        self.urls.extend(urls);
        self.priority_refs.extend(priority_refs);
        self.unloaded.extend(unloaded);
    }

    fn city(&mut self, path: &Path) -> Option<City> {
        self.document(path, |this, doc, mut fields: CityFields| {
            let meta = this.meta(doc, fields.take_meta());
            this.require_text(
                path,
                doc,
                &[("title", &fields.title), ("country", &fields.country)],
            );
            let has_text = !doc.body.trim().is_empty();
            let priorities = fields.priorities.unwrap_or_default();
            if fields.kind == CityKind::Partner {
                if fields
                    .summary
                    .as_deref()
                    .is_none_or(|s| s.trim().is_empty())
                {
                    this.push(
                        doc.field_location(path, "summary"),
                        invalid(
                            "summary",
                            "a partner city needs a one-line summary of the work",
                        ),
                    );
                }
                if priorities.is_empty() {
                    this.push(
                        doc.field_location(path, "priorities"),
                        invalid(
                            "priorities",
                            "a partner city needs at least one priority its work serves",
                        ),
                    );
                }
                if !has_text {
                    this.push(
                        Location::at(path, doc.text, doc.text.len()),
                        invalid("text", "a partner city needs text below its front matter"),
                    );
                }
            }
            check_range(this, path, doc, "latitude", &fields.latitude, 90.0);
            check_range(this, path, doc, "longitude", &fields.longitude, 180.0);
            if let Some(since) = &fields.since
                && !(1900..=2100).contains(since.get_ref())
            {
                this.push(
                    doc.locate(path, since.span().start),
                    invalid("since", "must be the year the link began, such as 1969"),
                );
            }
            let local_names = this.local_names(path, doc, fields.local_names);
            for reference in &priorities {
                let location = doc.locate(path, reference.span().start);
                this.priority_refs
                    .push((reference.get_ref().clone(), location));
            }
            let slug = this.slug(path, doc, fields.slug.as_ref(), |s| {
                format!("/partnerships/{s}/")
            })?;
            Some(City {
                slug,
                title: fields.title,
                country: fields.country,
                kind: fields.kind,
                latitude: *fields.latitude.get_ref(),
                longitude: *fields.longitude.get_ref(),
                since: fields.since.map(|s| *s.get_ref()),
                link_note: fields.link_note,
                former_name: fields.former_name,
                note: fields.note,
                priorities: priorities.into_iter().map(|p| p.into_inner()).collect(),
                summary: fields.summary,
                local_names,
                body_html: has_text.then(|| markdown::render(doc.body)),
                meta,
            })
        })
    }

    fn local_names(
        &mut self,
        path: &Path,
        doc: &Document<'_>,
        names: toml::Spanned<Vec<LocalNameFields>>,
    ) -> Vec<LocalName> {
        if names.get_ref().is_empty() {
            self.push(
                doc.locate(path, names.span().start),
                invalid(
                    "local_names",
                    "give at least one `[[local_names]]` with `name` and `lang`",
                ),
            );
        }
        names
            .into_inner()
            .into_iter()
            .map(|local| {
                if !is_valid_lang(local.lang.get_ref()) {
                    self.push(
                        doc.locate(path, local.lang.span().start),
                        invalid(
                            "lang",
                            &format!(
                                "`{}` is not a language tag; use one such as `cs`, `de` or `zh-Hans`",
                                local.lang.get_ref()
                            ),
                        ),
                    );
                }
                LocalName {
                    name: local.name,
                    lang: local.lang.into_inner(),
                }
            })
            .collect()
    }

    fn page(&mut self, path: &Path) -> Option<Page> {
        self.document(path, |this, doc, mut fields: PageFields| {
            let meta = this.meta(doc, fields.take_meta());
            this.require_text(
                path,
                doc,
                &[
                    ("title", &fields.title),
                    ("description", &fields.description),
                ],
            );
            let slug = this.slug(path, doc, fields.slug.as_ref(), |s| format!("/{s}/"))?;
            if RESERVED.contains(&slug.as_str()) {
                this.push(
                    Location::at(path, doc.text, 0),
                    invalid(
                        "slug",
                        &format!("`{slug}` is reserved for the site itself; choose another name"),
                    ),
                );
                return None;
            }
            this.inspect(doc, &format!("/{slug}/"));
            Some(Page {
                slug,
                title: fields.title,
                description: fields.description,
                summary: fields.summary,
                menu: fields.menu,
                body_html: markdown::render(doc.body),
                meta,
            })
        })
    }

    fn post(&mut self, path: &Path) -> Option<Post> {
        self.document(path, |this, doc, mut fields: PostFields| {
            let meta = this.meta(doc, fields.take_meta());
            this.require_text(
                path,
                doc,
                &[("title", &fields.title), ("summary", &fields.summary)],
            );
            let date = dates::date(fields.date.get_ref())
                .map_err(|reason| {
                    this.push(
                        doc.locate(path, fields.date.span().start),
                        invalid("date", &reason),
                    )
                })
                .ok();
            if doc.body.trim().is_empty() {
                this.push(
                    Location::at(path, doc.text, doc.text.len()),
                    invalid("text", "a news post needs text below its front matter"),
                );
            }
            let slug = this.slug(path, doc, fields.slug.as_ref(), |s| format!("/news/{s}/"))?;
            this.inspect(doc, &format!("/news/{slug}/"));
            Some(Post {
                slug,
                title: fields.title,
                date: date?,
                summary: fields.summary,
                body_html: markdown::render(doc.body),
                meta,
            })
        })
    }

    fn check_priority_references(&mut self, priorities: &[Priority]) {
        let known: Vec<&str> = priorities.iter().map(|p| p.slug.as_str()).collect();
        for (slug, location) in std::mem::take(&mut self.priority_refs) {
            if !known.contains(&slug.as_str())
                && !self.unloaded.contains(&format!("/priorities/{slug}/"))
            {
                let known = match suggest::closest(&slug, known.iter().copied()) {
                    Some(near) => format!("{} (did you mean `{near}`?)", known.join(", ")),
                    None => known.join(", "),
                };
                self.push(location, Problem::UnknownPriority { slug, known });
            }
        }
    }

    fn check_urls(&mut self, dir: &Path) {
        for (url, index) in [
            ("/priorities/", "priorities"),
            ("/partnerships/", "partnerships"),
        ] {
            let location = Location::file(&dir.join(index).join("_index.md"));
            self.urls.push((url.to_string(), location));
        }
        let mut first: HashMap<&str, &Location> = HashMap::new();
        let mut duplicates = Vec::new();
        for (url, location) in &self.urls {
            if let Some(other) = first.insert(url, location) {
                // Report at the later file, naming the earlier one; keep the earlier as first.
                first.insert(url, other);
                duplicates.push(ContentError::new(
                    location.clone(),
                    Problem::DuplicateUrl {
                        url: url.clone(),
                        other: other.path.display().to_string(),
                    },
                ));
            }
        }
        self.errors.extend(duplicates);
    }
}

fn check_range(
    loader: &mut Loader,
    path: &Path,
    doc: &Document<'_>,
    field: &str,
    value: &toml::Spanned<f64>,
    limit: f64,
) {
    if !(-limit..=limit).contains(value.get_ref()) {
        loader.push(
            doc.locate(path, value.span().start),
            invalid(
                field,
                &format!("must be between -{limit} and {limit} degrees"),
            ),
        );
    }
}

fn invalid(field: &str, reason: &str) -> Problem {
    Problem::InvalidField {
        field: field.to_string(),
        reason: reason.to_string(),
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Hidden files and the temporary files that editors leave beside the ones they save.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// An old address: a path on this site, without `..`, a query or a fragment.
fn is_valid_alias(alias: &str) -> bool {
    alias.starts_with('/')
        && !alias.contains("//")
        && !alias
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        && alias
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '?' | '#' | '\\' | '%'))
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A BCP 47 tag in the common form: a language, then optional script, region or variants.
fn is_valid_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_language_tags() {
        assert!(is_valid_slug("saint-mary"));
        for bad in ["", "Brno", "a--b", "-a", "a-", "niš", "a b"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        for good in ["cs", "zh-Hans", "sr-Cyrl-RS", "ast"] {
            assert!(is_valid_lang(good), "{good}");
        }
        for bad in ["", "c", "czech", "zh_Hans", "cs-", "1a"] {
            assert!(!is_valid_lang(bad), "{bad}");
        }
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [".brno.md.swp", "brno.md~", ".#brno.md", "brno.md.tmp"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("brno.md"));
    }
}
