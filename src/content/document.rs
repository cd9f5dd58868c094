//! One content file as text: decoding, splitting the `+++` front matter from the Markdown body,
//! and reading the front matter into a typed struct. Pure functions of a path and a string, so
//! tests feed them plain text.

use std::path::Path;

use super::error::{ContentError, Location, Locator, Problem};
use super::reading::{self, Schema};

const DELIMITER: &str = "+++";

/// A content file split into its parts, borrowing from the file's text.
#[derive(Debug, PartialEq, Eq)]
pub struct Document<'a> {
    /// The file it came from.
    pub path: &'a Path,
    /// The whole file, for turning byte offsets into lines.
    pub text: &'a str,
    /// The TOML between the two `+++` lines.
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in `text`.
    pub front_matter_offset: usize,
    /// The Markdown after the closing `+++` line.
    pub body: &'a str,
}

/// Turns a file's bytes into text, refusing empty files and anything that is not UTF-8.
pub fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, ContentError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        // Point at the first bad byte: the line and column of the valid text before it.
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        ContentError::new(Location::at(path, valid, valid.len()), Problem::NotUtf8)
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ContentError::new(
            Location::at(path, text, 0),
            Problem::Empty,
        ));
    }
    Ok(text)
}

/// The most invisible characters told of one file.
const MAX_INVISIBLE: usize = 10;

/// Characters that no reader sees and that XML (the news feed, the sitemap) cannot carry:
/// control characters other than tab and line breaks, and the noncharacters U+FFFE and
/// U+FFFF. Each is an error at its place.
pub fn invisible(path: &Path, text: &str) -> Vec<ContentError> {
    text.char_indices()
        .filter(|&(_, c)| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{fffe}' | '\u{ffff}')
        })
        .take(MAX_INVISIBLE)
        .map(|(offset, c)| {
            let code = format!("U+{:04X}", u32::from(c));
            ContentError::new(Location::at(path, text, offset), Problem::Invisible(code))
        })
        .collect()
}

/// Splits a Markdown content file into front matter and body.
pub fn split<'a>(path: &'a Path, text: &'a str) -> Result<Document<'a>, ContentError> {
    let mut lines = line_spans(text);
    let first = lines.next().map(|(start, end)| text[start..end].trim_end());
    if first != Some(DELIMITER) {
        let problem = if first == Some("---") {
            Problem::DashedFrontMatter
        } else {
            Problem::MissingFrontMatter
        };
        return Err(ContentError::new(Location::at(path, text, 0), problem));
    }
    let front_matter_offset = text.find('\n').map_or(text.len(), |i| i + 1);
    for (start, end) in lines {
        if text[start..end].trim_end() == DELIMITER {
            let body_start = (end + 1).min(text.len());
            return Ok(Document {
                path,
                text,
                front_matter: &text[front_matter_offset..start],
                front_matter_offset,
                body: &text[body_start..],
            });
        }
    }
    Err(ContentError::new(
        Location::at(path, text, 0),
        Problem::UnclosedFrontMatter { opened_on: 1 },
    ))
}

/// Byte ranges of each line, without its `\n`.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let span = (start, end);
        start = end + 1;
        Some(span)
    })
}

impl Document<'_> {
    /// Reads the front matter into `T`, placing every mistake at its line in the whole file.
    pub fn fields<T: Schema>(&self) -> Fields<T> {
        read_toml(
            self.path,
            self.text,
            self.front_matter,
            self.front_matter_offset,
        )
    }

    /// The line where the front matter sets `field`, or the first line if it does not.
    pub fn field_location(&self, path: &Path, field: &str) -> Location {
        let offset = line_spans(self.front_matter)
            .find(|&(start, end)| {
                let line = &self.front_matter[start..end];
                line.strip_prefix(field)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map_or(0, |(start, _)| start);
        self.locate(path, offset)
    }

    /// Byte offset of the body in the whole file.
    pub fn body_offset(&self) -> usize {
        self.text.len() - self.body.len()
    }

    /// The location of byte `offset` of the front matter, in the whole file.
    pub fn locate(&self, path: &Path, offset: usize) -> Location {
        Location::at(path, self.text, self.front_matter_offset + offset)
    }
}

/// The fields of a file, read, and every mistake in them.
#[derive(Debug)]
pub struct Fields<T> {
    /// The fields; when there are mistakes, with stand-ins for the wrong and missing ones,
    /// so that the checks of the other fields can still run.
    pub value: Option<T>,
    /// Every mistake, in the order of the file.
    pub errors: Vec<ContentError>,
    /// The fields whose values are stand-ins or left out.
    pub set_aside: Vec<String>,
}

/// Reads `toml`, which starts at byte `offset` of `text`, into `T`, with every mistake in it
/// told in an editor's words.
pub fn read_toml<T: Schema>(path: &Path, text: &str, toml: &str, offset: usize) -> Fields<T> {
    let mut reading = reading::read::<T>(toml);
    drop_misspelt_as_missing(&mut reading.mistakes);
    let locator = Locator::new(path, text);
    let first_line = locator.at(offset).line;
    let mut errors: Vec<ContentError> = reading
        .mistakes
        .into_iter()
        .map(|mistake| {
            let start = mistake.span.as_ref().map_or(0, |span| span.start);
            let location = locator.at(offset + start);
            let message = super::advice::explain(&mistake.message, toml, mistake.span, first_line);
            ContentError::new(location, Problem::Toml(message))
        })
        .collect();
    errors.sort_by_key(|e| (e.location.line, e.location.column));
    Fields {
        value: reading.fields,
        errors,
        set_aside: reading.set_aside,
    }
}

/// A field written with a typo is told as unknown, with "did you mean"; it is not told
/// again as missing under its right name.
fn drop_misspelt_as_missing(mistakes: &mut Vec<reading::Mistake>) {
    let name = |message: &str, prefix: &str| {
        let rest = message.strip_prefix(prefix)?;
        rest.split('`').next().map(str::to_string)
    };
    let unknown: Vec<String> = mistakes
        .iter()
        .filter_map(|m| name(&m.message, "unknown field `"))
        .collect();
    // "missing field `x`", or in an entry of a list: "each `[[y]]` needs `x`: …".
    let missing = |message: &str| {
        name(message, "missing field `").or_else(|| {
            let rest = message.strip_prefix("each `[[")?;
            name(rest.split_once("needs ")?.1, "`")
        })
    };
    mistakes.retain(|m| {
        missing(&m.message).is_none_or(|missing| {
            !unknown
                .iter()
                .any(|u| crate::suggest::closest(u, [missing.as_str()]).is_some())
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::schema::SectionFields;

    fn path() -> &'static Path {
        Path::new("content/pages/a.md")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"A\"\n+++\nHello\n";
        let doc = split(path(), text).expect("valid document");
        assert_eq!(doc.front_matter, "title = \"A\"\n");
        assert_eq!(doc.body, "Hello\n");
    }

    #[test]
    fn accepts_windows_line_endings_and_no_body() {
        let doc = split(path(), "+++\r\ntitle = \"A\"\r\n+++").expect("valid document");
        assert_eq!(doc.front_matter, "title = \"A\"\r\n");
        assert_eq!(doc.body, "");
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors_on_line_one() {
        let missing = split(path(), "title = \"A\"\n").expect_err("no +++");
        assert_eq!(missing.problem, Problem::MissingFrontMatter);
        let dashed = split(path(), "---\ntitle: A\n---\n").expect_err("no +++");
        assert_eq!(dashed.problem, Problem::DashedFrontMatter);
        assert_eq!(missing.location.line, 1);
        let unclosed = split(path(), "+++\ntitle = \"A\"\nHello\n").expect_err("no closing +++");
        assert_eq!(unclosed.to_string().split(':').nth(1), Some("1"));
        assert!(unclosed.to_string().contains("never closed"));
    }

    #[test]
    fn toml_errors_are_placed_in_the_whole_file() {
        let text = "+++\ntitle = \"A\"\ncontry = \"B\"\ndescription = \"C\"\n+++\n";
        let doc = split(path(), text).expect("valid split");
        let fields = doc.fields::<SectionFields>();
        let [error] = fields.errors.as_slice() else {
            panic!("one mistake: {:?}", fields.errors)
        };
        assert_eq!(error.location.line, 3);
        assert_eq!(error.location.column, 1);
        assert!(
            error.to_string().contains("unknown field `contry`"),
            "{error}"
        );
    }

    #[test]
    fn invisible_characters_are_found_where_they_are() {
        let text = "+++\ntitle = \"A\u{1}B\"\n+++\nTab\tand\r\nbreaks, then \u{fffe}.\n";
        let found = invisible(path(), text);
        let places: Vec<(usize, usize)> = found
            .iter()
            .map(|e| (e.location.line, e.location.column))
            .collect();
        assert_eq!(places, [(2, 11), (5, 14)]);
        assert!(
            found[0]
                .to_string()
                .contains("invisible character (U+0001)")
        );
    }

    #[test]
    fn decode_rejects_empty_and_non_utf8_files() {
        assert_eq!(
            decode(path(), b" \n").expect_err("empty").problem,
            Problem::Empty
        );
        let error = decode(path(), b"+++\ntitle = \"\xff\"\n").expect_err("bad byte");
        assert_eq!(error.problem, Problem::NotUtf8);
        assert_eq!((error.location.line, error.location.column), (2, 10));
        assert_eq!(
            decode(path(), "\u{feff}+++".as_bytes()).expect("bom"),
            "+++"
        );
    }
}
