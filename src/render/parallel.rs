//! Every route rendered on every core, each body handed on at once, on the thread that
//! rendered it: the snapshot compresses a page while it is still in the core's cache and lets
//! its HTML go, so that no page's HTML outlives its compression.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::layout::Context;
use super::{PAGES_RENDERED, over_limit, render_route};
use crate::content::ContentError;
use crate::limits::{MAX_PAGE_BYTES, size};
use crate::routes::{Kind, Route, RouteTable};

/// What one thread made: its own state (a compressor's block, say) and what was kept of each
/// route it rendered, by the route's place in the table.
pub struct Share<S, P> {
    /// What `start` made for the thread, as the thread left it.
    pub state: S,
    /// What `take` returned for each route, with the route's place in the table.
    pub taken: Vec<(usize, P)>,
}

/// Routes handed to a thread at a time: small, so that the threads finish together whatever
/// the pages' sizes (the sitemap of a large site is megabytes), large enough that taking them
/// costs nothing.
const BATCH: usize = 16;

/// Fewer routes than this render faster on one thread than on several.
const PARALLEL_FROM: usize = 256;

/// What every thread shares: the routes, the next one to take, and the bytes so far.
struct Work<'t, 'a> {
    cx: &'t Context<'a>,
    table: &'t RouteTable<'a>,
    /// Each route with its place in the table, in the order they are rendered.
    routes: Vec<(usize, &'t Route<'a>)>,
    next: AtomicUsize,
    total: AtomicUsize,
    site_limit: usize,
}

/// A thread's share, and the pages it found over the limit with their places in the table.
type Done<S, P> = (Share<S, P>, Vec<(usize, ContentError)>);

/// Every thread's share, and the pages over the limits (nothing over them when empty).
type Rendered<S, P> = (Vec<Share<S, P>>, Vec<ContentError>);

/// Renders every route of `table`, handing each body to `take` with the state that `start`
/// made for the thread. Pages over [`MAX_PAGE_BYTES`] are not handed on but returned as
/// errors; once the pages pass `site_limit` bytes together, rendering stops and the site is
/// returned as too big.
pub(super) fn render_each<S: Send, P: Send>(
    cx: &Context<'_>,
    table: &RouteTable<'_>,
    site_limit: usize,
    start: &(dyn Fn() -> S + Sync),
    take: &(dyn Fn(&mut S, &Route<'_>, String) -> P + Sync),
) -> Result<Rendered<S, P>, askama::Error> {
    // The sitemap first: the longest bodies of a large site (two parts of 14 MB in five
    // languages), taken last, would keep one core working alone at the end.
    let mut routes: Vec<(usize, &Route<'_>)> = table.iter().enumerate().collect();
    routes.sort_by_key(|(_, route)| !matches!(route.kind, Kind::Sitemap(_)));
    let work = Work {
        cx,
        table,
        routes,
        next: AtomicUsize::new(0),
        total: AtomicUsize::new(0),
        site_limit,
    };
    let threads = if work.routes.len() < PARALLEL_FROM {
        1
    } else {
        crate::limits::build_threads()
    };
    let done: Vec<Result<Done<S, P>, askama::Error>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| scope.spawn(|| work.render(start(), take)))
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("rendering does not panic"))
            .collect()
    });
    let mut shares = Vec::with_capacity(threads);
    let mut pages_too_big = Vec::new();
    for result in done {
        let (share, errors) = result?;
        shares.push(share);
        pages_too_big.extend(errors);
    }
    // In the table's order, whichever thread found them.
    pages_too_big.sort_by_key(|(index, _)| *index);
    let mut too_big: Vec<ContentError> = pages_too_big.into_iter().map(|(_, e)| e).collect();
    if work.total.load(Ordering::Relaxed) > site_limit {
        too_big.push(over_limit(
            "/",
            format!(
                "the site would be more than {} of HTML, over the limit for the whole site (each page counts its layout too); remove old pages, or split the content into two sites",
                size(site_limit as u64)
            ),
        ));
    }
    Ok((shares, too_big))
}

impl<'t, 'a> Work<'t, 'a> {
    /// One thread's part: batches of routes until none are left or the site is too big.
    fn render<S, P>(
        &self,
        mut state: S,
        take: &(dyn Fn(&mut S, &Route<'_>, String) -> P + Sync),
    ) -> Result<Done<S, P>, askama::Error> {
        let mut taken = Vec::new();
        let mut too_big = Vec::new();
        'batches: loop {
            let first = self.next.fetch_add(BATCH, Ordering::Relaxed);
            let last = (first + BATCH).min(self.routes.len());
            for &(index, route) in self.routes.iter().take(last).skip(first) {
                PAGES_RENDERED.fetch_add(1, Ordering::Relaxed);
                let body = render_route(self.cx, self.table, route)?;
                let sum = self.total.fetch_add(body.len(), Ordering::Relaxed) + body.len();
                // The sitemap lists every page in every language: the whole site bounds it.
                let limited = !matches!(route.kind, Kind::Sitemap(_));
                if limited && body.len() > MAX_PAGE_BYTES {
                    too_big.push((index, page_too_big(route, body.len())));
                } else {
                    taken.push((index, take(&mut state, route, body)));
                }
                if sum > self.site_limit {
                    break 'batches;
                }
            }
            if last == self.routes.len() {
                break;
            }
        }
        Ok((Share { state, taken }, too_big))
    }
}

/// The error for a page of `bytes` over [`MAX_PAGE_BYTES`].
fn page_too_big(route: &Route<'_>, bytes: usize) -> ContentError {
    over_limit(
        &route.path,
        format!(
            "this page would be {} of HTML, over the limit of {} for a page; it shows the summaries of the pages it lists and its own text: shorten them",
            size(bytes as u64),
            size(MAX_PAGE_BYTES as u64)
        ),
    )
}
