//! Checks every internal link in the content against the route table: the page must exist and
//! be public, and a `#fragment` must name an anchor of it.

use std::collections::{HashMap, HashSet};

use crate::content::{ContentError, ContentLink, Problem};
use crate::routes::{Route, RouteTable};
use crate::suggest;

/// The broken links of the public site `table`, whose old addresses lead as `redirects` say;
/// `all` is the table of the site with its drafts, to explain why a link to one of them is
/// broken.
pub fn check(
    all: &RouteTable<'_>,
    table: &RouteTable<'_>,
    redirects: &HashMap<String, String>,
) -> Vec<ContentError> {
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
        redirects,
        unloaded: &all.site.unloaded,
    };
    let mut anchors = HashMap::new();
    table
        .site
        .links
        .iter()
        .filter(|link| checker.pages.contains_key(link.from.as_str()))
        .filter_map(|link| checker.broken(link, &mut anchors))
        .collect()
}

struct Checker<'t, 'a> {
    table: &'t RouteTable<'a>,
    pages: HashMap<&'t str, &'t Route<'a>>,
    hidden: HashSet<&'t str>,
    redirects: &'t HashMap<String, String>,
    /// Addresses of files that failed to load, whose errors are already reported.
    unloaded: &'t [String],
}

impl<'t> Checker<'t, '_> {
    fn broken(
        &self,
        link: &ContentLink,
        anchors: &mut HashMap<&'t str, HashSet<&'t str>>,
    ) -> Option<ContentError> {
        let (path, fragment) = match link.dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (link.dest.as_str(), None),
        };
        let path = path.split('?').next().unwrap_or_default();
        let path = if path.is_empty() {
            link.from.as_str()
        } else {
            path
        };
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
            let site = self.table.site;
            let on_page = anchors
                .entry(route.path.as_str())
                .or_insert_with(|| route.anchors(site).into_iter().collect());
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

fn broken(link: &ContentLink, reason: String) -> ContentError {
    ContentError::new(
        link.location.clone(),
        Problem::BrokenLink {
            dest: link.dest.clone(),
            reason,
        },
    )
}
