//! `check`: everything the server would refuse, and advice it would not, in one report.

use std::fmt::Write;
use std::path::Path;

use crate::config::DEFAULT_STATIC;
use crate::content::{ContentError, Location, Problem};
use crate::snapshot::{BuildError, BuildOptions, Snapshot};

/// The outcome of a check: the report to print, and whether the content can be published.
pub struct Report {
    pub text: String,
    pub ok: bool,
}

/// Loads, validates and renders the site in `content_dir` and `static_dir`, and checks its links.
pub fn run(content_dir: &Path, static_dir: &Path, mut options: BuildOptions) -> Report {
    // A content repository of its own has no static folder: what needs one is left unchecked,
    // and the report says so, instead of failing. A folder named otherwise must be there.
    options.without_static = static_dir == Path::new(DEFAULT_STATIC) && !static_dir.exists();
    let without_static = options.without_static;
    let (errors, mut warnings, pages) = match Snapshot::build(content_dir, static_dir, options) {
        Ok(snapshot) => (
            Vec::new(),
            snapshot.warnings.clone(),
            snapshot.page_paths().len(),
        ),
        Err(BuildError::Content(load)) => (load.errors, load.warnings, 0),
        Err(BuildError::Render(error)) => {
            return Report {
                text: format!("error: a template failed to render: {error}\n"),
                ok: false,
            };
        }
    };
    if without_static {
        warnings.push(ContentError::new(
            Location::file(static_dir),
            Problem::Advice(
                "there is no static folder here, so pictures and links to files were not checked; give `--static` the site's static folder to check them".to_string(),
            ),
        ));
    }
    let mut lines: Vec<(&ContentError, &str)> = errors
        .iter()
        .map(|e| (e, "error"))
        .chain(warnings.iter().map(|w| (w, "warning")))
        .collect();
    lines.sort_by(|(a, _), (b, _)| {
        let (a, b) = (&a.location, &b.location);
        (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column))
    });
    let mut text = String::new();
    for (problem, severity) in lines {
        let _ = writeln!(
            text,
            "{}: {severity}: {}",
            problem.location, problem.problem
        );
    }
    let summary = |n: usize, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
    let verdict = if errors.is_empty() {
        format!("ok: {} ready to publish", summary(pages, "page"))
    } else {
        "not publishable until the errors are fixed".to_string()
    };
    let _ = writeln!(
        text,
        "{}: {}, {}; {verdict}",
        content_dir.display(),
        summary(errors.len(), "error"),
        summary(warnings.len(), "warning"),
    );
    Report {
        text,
        ok: errors.is_empty(),
    }
}
