//! Errors found in content files: each one names the file, the line and column, and the fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a content file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// 1-based line; 0 when the problem is with the file as a whole.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when unknown.
    pub column: usize,
}

impl Location {
    /// The whole file, for problems that have no better place (a file that cannot be read).
    pub fn file(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
        }
    }

    /// The line and column of byte `offset` in `text`, the whole file.
    pub fn at(path: &Path, text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self {
            path: path.to_path_buf(),
            line,
            column,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// What is wrong, and what would fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error("the file is empty; give it front matter between `+++` lines, or delete it")]
    Empty,
    #[error(
        "the file is empty; site.toml gives the site's title, organisation, description, intro, news_url, news_label and twitter_handle, one a line (docs/editing.md shows them)"
    )]
    EmptySettings,
    #[error("the file is not valid UTF-8 text; save it with UTF-8 encoding")]
    NotUtf8,
    #[error(
        "no front matter: a content file must start with a line `+++`, then its TOML fields, then another `+++` line"
    )]
    MissingFrontMatter,
    #[error(
        "the front matter is between `---` lines, as in Hugo or Jekyll; here it is between `+++` lines, with fields written `title = \"…\"`: change both `---` lines to `+++`"
    )]
    DashedFrontMatter,
    #[error(
        "the front matter opened with `+++` on line {opened_on} is never closed; add a line `+++` after the last field"
    )]
    UnclosedFrontMatter { opened_on: usize },
    #[error(
        "an invisible character ({0}) is here, which the news feed cannot carry; delete it (it often comes with text copied from a PDF or a word processor)"
    )]
    Invisible(String),
    #[error("{0}")]
    Toml(String),
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("unknown priority `{slug}`; the priorities are: {known}")]
    UnknownPriority { slug: String, known: String },
    #[error(
        "the address {url} is also used by {other}; give one of them another file name or `slug`"
    )]
    DuplicateUrl { url: String, other: String },
    /// An old address (alias) here that another file claims.
    #[error(
        "the address {url} is also used by {other}; remove this old address from `aliases`, or change it"
    )]
    AliasTaken { url: String, other: String },
    /// This page's address, which another file lists as an old address.
    #[error(
        "the address {url} is also used by {other}, as an old address in its `aliases`; remove it from there, or change it"
    )]
    TakenByAlias { url: String, other: String },
    #[error("this looks like {what}, which belongs in the {folder}/ folder; move the file there")]
    Misplaced {
        what: &'static str,
        folder: &'static str,
    },
    #[error("missing file: {0}")]
    MissingFile(String),
    #[error("unexpected {0}")]
    Unexpected(String),
    #[error("the link to {dest} is broken: {reason}")]
    BrokenLink { dest: String, reason: String },
    #[error("the picture {dest} is missing: {reason}")]
    MissingPicture { dest: String, reason: String },
    /// A link to a file of `static/` that is not there.
    #[error("the link to {dest} is broken: {reason}")]
    MissingStaticFile { dest: String, reason: String },
    /// Advice that does not stop publishing.
    #[error("{0}")]
    Advice(String),
}

/// One problem in one place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {problem}")]
pub struct ContentError {
    pub location: Location,
    pub problem: Problem,
}

impl ContentError {
    pub fn new(location: Location, problem: Problem) -> Self {
        Self { location, problem }
    }
}

/// Every problem found in one load, in file order, and the warnings found beside them.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct LoadErrors {
    pub errors: Vec<ContentError>,
    pub warnings: Vec<ContentError>,
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.errors.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        writeln!(f, "the content has {count} {noun}:")?;
        for error in &self.errors {
            writeln!(f, "  {error}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "+++\ntitle = \"Niš\"\nx = 1\n";
        let offset = text.find("x =").expect("x is in the text");
        let location = Location::at(Path::new("a.md"), text, offset);
        assert_eq!((location.line, location.column), (3, 1));
        let offset = text.find('"').expect("a quote is in the text") + 5;
        let location = Location::at(Path::new("a.md"), text, offset);
        assert_eq!((location.line, location.column), (2, 13));
        assert_eq!(location.to_string(), "a.md:2:13");
    }

    #[test]
    fn location_inside_a_character_rounds_down() {
        let text = "Niš";
        let location = Location::at(Path::new("a.md"), text, 3);
        assert_eq!(location.column, 3);
    }
}
