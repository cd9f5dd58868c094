//! Checks every internal link and picture in the content against the route table and the
//! static files: the page must exist and be public, a `#fragment` must name an anchor of it,
//! and a picture or a file must be in `static/`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use url::Url;

use crate::assets::Assets;
use crate::content::{ContentError, ContentLink, Problem};
use crate::routes::{Route, RouteTable, STATIC};
use crate::suggest;

/// Where links are resolved from: an address that no link can name by accident.
static SITE: LazyLock<Url> =
    LazyLock::new(|| Url::parse("http://site.invalid/").expect("a valid address"));

/// Where the site is: its public address (a link to it, written in full, is checked as one
/// within the site), its old addresses (aliases) and where they lead, and its static files
/// (`None` when unknown: pictures and links to files are then not checked).
pub struct Site<'a> {
    pub base_url: &'a str,
    pub redirects: &'a HashMap<String, String>,
    pub assets: Option<&'a Assets>,
}

/// The broken links of the public site `table`, which is at `site`; `all` is the table of the
/// site with its drafts, to explain why a link to one of them is broken.
pub fn check(all: &RouteTable<'_>, table: &RouteTable<'_>, site: &Site<'_>) -> Vec<ContentError> {
    let pages: HashMap<&str, &Route<'_>> = table.pages().map(|r| (r.path.as_str(), r)).collect();
    let hidden: HashSet<&str> = all
        .pages()
        .map(|r| r.path.as_str())
        .filter(|path| !pages.contains_key(path))
        .collect();
    let checker = Checker {
        table,
        pages,
        hidden,
        redirects: site.redirects,
        origin: Url::parse(site.base_url).ok().map(|url| url.origin()),
        unloaded: &all.site.unloaded,
        files: site.assets.map(|assets| {
            assets
                .names()
                .flat_map(|(name, url)| [format!("{STATIC}{name}"), url.to_string()])
                .collect()
        }),
    };
    let mut anchors = HashMap::new();
    let mut broken: Vec<ContentError> = table
        .site
        .links
        .iter()
        .filter(|link| checker.pages.contains_key(link.from.as_str()))
        .filter_map(|link| checker.broken(link, &mut anchors))
        .collect();
    // Links and pictures are found apart: tell them in the order of the files.
    broken.sort_by(|a, b| {
        let place =
            |e: &ContentError| (e.location.path.clone(), e.location.line, e.location.column);
        place(a).cmp(&place(b))
    });
    broken
}

struct Checker<'t, 'a> {
    table: &'t RouteTable<'a>,
    pages: HashMap<&'t str, &'t Route<'a>>,
    hidden: HashSet<&'t str>,
    redirects: &'t HashMap<String, String>,
    /// The site's own scheme, host and port, from its public address.
    origin: Option<url::Origin>,
    /// Addresses of files that failed to load, whose errors are already reported.
    unloaded: &'t [String],
    /// The addresses of the static files, plain and fingerprinted; `None` when unknown.
    files: Option<HashSet<String>>,
}

impl<'t> Checker<'t, '_> {
    fn broken(
        &self,
        link: &ContentLink,
        anchors: &mut HashMap<&'t str, HashSet<&'t str>>,
    ) -> Option<ContentError> {
        let Some((path, fragment)) = resolve(&link.from, &link.dest, self.origin.as_ref()) else {
            // The site loads nothing from elsewhere (its CSP would block it anyway).
            let reason = format!(
                "pictures from other sites are not shown, since the site loads nothing from elsewhere; save the picture in the static folder and write `{STATIC}<file name>`"
            );
            let dest = link.dest.clone();
            let problem = Problem::MissingPicture { dest, reason };
            return link
                .picture
                .then(|| ContentError::new(link.location.clone(), problem));
        };
        let (path, fragment) = (path.as_str(), fragment.as_deref());
        if link.picture || path.starts_with(STATIC) {
            let problem = self.missing_file(link, path)?;
            return Some(ContentError::new(link.location.clone(), problem));
        }
        // An old address may lead to an entry on a page: `/partnerships/#ballina`.
        let (target, fragment) = match self.redirects.get(path) {
            Some(to) => match to.split_once('#') {
                Some((to, anchor)) => (to, fragment.or(Some(anchor))),
                None => (to.as_str(), fragment),
            },
            None => (path, fragment),
        };
        let reason = if let Some(route) = self.pages.get(target) {
            let fragment = fragment.filter(|f| !f.is_empty())?;
            let on_page = anchors
                .entry(route.path.as_str())
                .or_insert_with(|| route.anchors(route.site).into_iter().collect());
            if on_page.contains(fragment) {
                return None;
            }
            format!(
                "{target} has no element with id `{fragment}`; use the id of one of its headings"
            )
        } else if self.unloaded.iter().any(|url| url == path) {
            return None;
        } else {
            self.missing(path)
        };
        Some(broken(link, reason))
    }

    /// What is wrong with `link`, to a picture or a static file at `path`, if anything.
    fn missing_file(&self, link: &ContentLink, path: &str) -> Option<Problem> {
        let files = self.files.as_ref()?;
        if files.contains(path) {
            return None;
        }
        let near = suggest::closest(path, files.iter().map(String::as_str))
            .map(|near| format!("; did you mean {near}?"))
            .unwrap_or_default();
        let dest = link.dest.clone();
        let name = path.rsplit('/').next().unwrap_or_default();
        Some(match (link.picture, path.strip_prefix(STATIC)) {
            (true, Some(file)) => Problem::MissingPicture {
                dest,
                reason: format!(
                    "there is no file {file} in the static folder; put the picture there, or correct the address{near}"
                ),
            },
            (true, None) => Problem::MissingPicture {
                dest,
                reason: format!(
                    "pictures are files in the static folder, written with its address: `{STATIC}{name}`{near}"
                ),
            },
            (false, _) => Problem::MissingStaticFile {
                dest,
                reason: format!(
                    "there is no file {} in the static folder; put the file there, or correct the address{near}",
                    path.strip_prefix(STATIC).unwrap_or(path)
                ),
            },
        })
    }

    /// Why there is no public page at `path`, and what was probably meant.
    fn missing(&self, path: &str) -> String {
        if self.hidden.contains(path) {
            format!("{path} is a draft or not published yet; publish it first, or remove the link")
        } else if self.pages.contains_key(format!("{path}/").as_str()) {
            format!("addresses end with a slash: write {path}/")
        } else {
            match suggest::closest(path, self.table.pages().map(|r| r.path.as_str())) {
                Some(near) => format!("there is no page at {path}; did you mean {near}?"),
                None => format!("there is no page at {path}"),
            }
        }
    }
}

/// The path (decoded) and fragment that `dest`, written on the page at `from`, leads to on
/// this site, whose public address has `origin`; `None` for other sites and for schemes such
/// as `mailto:`.
fn resolve(
    from: &str,
    dest: &str,
    origin: Option<&url::Origin>,
) -> Option<(String, Option<String>)> {
    let url = SITE.join(from).ok()?.join(dest).ok()?;
    let ours = url.origin() == SITE.origin() || origin == Some(&url.origin());
    if !ours {
        return None;
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    Some((decode(url.path()), url.fragment().map(decode)))
}

fn broken(link: &ContentLink, reason: String) -> ContentError {
    ContentError::new(
        link.location.clone(),
        Problem::BrokenLink {
            dest: link.dest.clone(),
            reason,
        },
    )
}
