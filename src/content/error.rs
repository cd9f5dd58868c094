//! Errors found in content files: each one names the file, the line and column, and the fix.

use std::cell::Cell;
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

    /// The line and column of byte `offset` in `text`, the whole file. For many places in
    /// one text, a [`Locator`] finds them all in linear time.
    pub fn at(path: &Path, text: &str, offset: usize) -> Self {
        Locator::new(path, text).at(offset)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where each line of a text starts, worked out once.
#[derive(Debug)]
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// The line (from 0) of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Where line `line` (from 0) starts.
    pub fn start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Where line `line` of `text` starts and ends, without its line break.
    pub fn bounds(&self, line: usize, text: &str) -> (usize, usize) {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        (start, end)
    }
}

/// Places byte offsets of one file as lines and columns. Places asked for in order along a
/// line are counted on from the last, so a body with thousands of links on one long line is
/// placed in time linear in its length.
pub struct Locator<'a> {
    path: &'a Path,
    text: &'a str,
    lines: Lines,
    /// The last place asked for: its byte offset and column.
    last: Cell<(usize, usize)>,
}

impl<'a> Locator<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Self {
            path,
            text,
            lines: Lines::new(text),
            last: Cell::new((0, 1)),
        }
    }

    /// The line and column of byte `offset`.
    pub fn at(&self, offset: usize) -> Location {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.lines.line_of(offset);
        let start = self.lines.start(line);
        let (last, last_column) = self.last.get();
        let (from, column) = if (start..=offset).contains(&last) {
            (last, last_column)
        } else {
            (start, 1)
        };
        let column = column + self.text[from..offset].chars().count();
        self.last.set((offset, column));
        Location {
            path: self.path.to_path_buf(),
            line: line + 1,
            column,
        }
    }
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
        "unknown city `{slug}`; give the file name of a city in partnerships/, without `.md`: {known}"
    )]
    UnknownCity { slug: String, known: String },
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
    /// A photo of `content/media/` that cannot be shown.
    #[error("the photo {name} cannot be shown: {reason}")]
    BadPicture { name: String, reason: String },
    /// A link to a file of `static/` that is not there.
    #[error("the link to {dest} is broken: {reason}")]
    MissingStaticFile { dest: String, reason: String },
    /// A file, a text or a page over one of the limits (`src/limits.rs`).
    #[error("{0}")]
    TooBig(String),
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
    fn a_locator_places_in_any_order() {
        let text = "ab\nNiš x y\n\nz";
        let locator = Locator::new(Path::new("a.md"), text);
        let place = |offset: usize| {
            let at = locator.at(offset);
            (at.line, at.column)
        };
        let expected = |offset: usize| {
            let at = Location::at(Path::new("a.md"), text, offset);
            (at.line, at.column)
        };
        for offset in [0, 3, 8, 10, 7, 5, 12, 2, 13, 14, 99, 4] {
            assert_eq!(place(offset), expected(offset), "offset {offset}");
        }
        assert_eq!(place(text.find('y').expect("y is there")), (2, 7));
    }

    #[test]
    fn location_inside_a_character_rounds_down() {
        let text = "Niš";
        let location = Location::at(Path::new("a.md"), text, 3);
        assert_eq!(location.column, 3);
    }
}
