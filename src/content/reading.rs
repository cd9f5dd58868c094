//! Reading front matter so that one run finds every mistake in it. Serde stops at the first
//! wrong field; here each mistake is noted, the field it is in is set aside (or given a stand-in
//! value when it is required), and the reading starts again, until the fields read. A syntax
//! error does not stop the reading either: the parser recovers and the rest is read.

use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue, Deserializer};

use super::error::Lines;
use super::typography;

/// The fields of one kind of file.
pub trait Schema: DeserializeOwned {
    /// The fewest fields that read as this kind, with values that pass every check: each
    /// required field, and nothing else (a test holds it to that).
    const MINIMAL: &'static str;
}

/// The most mistakes told of one file: more would hide the first, and cost time.
const MAX_MISTAKES: usize = 50;

/// One mistake, in the parser's or serde's words, at its place in the TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    pub message: String,
    pub span: Option<Range<usize>>,
}

/// What one reading found.
#[derive(Debug)]
pub struct Reading<T> {
    /// The fields, with the wrong and missing ones given their stand-ins; `None` when even
    /// those do not make them read.
    pub fields: Option<T>,
    /// Every mistake, in the order found.
    pub mistakes: Vec<Mistake>,
    /// Fields whose values are not the editor's: set aside or standing in.
    pub set_aside: Vec<String>,
}

/// Reads `toml` as a `T`, finding every mistake in it.
pub fn read<T: Schema>(toml: &str) -> Reading<T> {
    let lines = Lines::new(toml);
    let mut reading = Reading {
        fields: None,
        mistakes: Vec::new(),
        set_aside: Vec::new(),
    };
    let readable = without_bad_lines(toml, &lines, &mut reading.mistakes);
    let (table, _) = DeTable::parse_recoverable(&readable);
    let mut table = table.into_inner();
    typeset(&mut table);
    let minimal = DeTable::parse(T::MINIMAL).expect("MINIMAL is valid TOML");
    let minimal = minimal.get_ref();
    let mut more = reading.mistakes.len() >= MAX_MISTAKES;
    let syntax_lines: Vec<usize> = reading
        .mistakes
        .iter()
        .filter_map(|m| line_of(&lines, m))
        .collect();
    let mut entries = Entries::default();
    // Each turn removes a field or an entry's field, or sets one aside; a file with more
    // mistakes than this is told the first of them, in bounded time.
    for _ in 0..2 * MAX_MISTAKES {
        if reading.mistakes.len() >= MAX_MISTAKES {
            more = true;
            break;
        }
        let table_now = Spanned::new(0..0, table.clone());
        let error = match T::deserialize(Deserializer::from(table_now)) {
            Ok(fields) => {
                reading.fields = Some(fields);
                break;
            }
            Err(error) => error,
        };
        let mut mistake = Mistake {
            message: error.message().trim().to_string(),
            span: error.span(),
        };
        let Some(key) = culprit(&table, &mistake).filter(|key| !reading.set_aside.contains(key))
        else {
            reading.mistakes.push(mistake);
            break;
        };
        let told = match entries.fix::<T>(&mut table, minimal, &key, &mut mistake) {
            Some(told) => told,
            None => {
                set_aside(&mut table, minimal, &key, &mut reading.set_aside);
                true
            }
        };
        // A value the parser recovered from is not told again by serde.
        let seen = line_of(&lines, &mistake).is_some_and(|line| syntax_lines.contains(&line));
        if told && !seen {
            reading.mistakes.push(mistake);
        }
    }
    if !syntax_lines.is_empty() {
        // After a syntax error the parser may lose the fields that follow: a field written in
        // the text is not told as missing.
        reading.mistakes.retain(|m| {
            field_named(&m.message, "missing field `").is_none_or(|field| !written(toml, &field))
        });
    }
    if more {
        reading.mistakes.push(Mistake {
            message: format!(
                "there may be more mistakes after these {MAX_MISTAKES}: fix these, then check again"
            ),
            span: None,
        });
    }
    reading
}

/// Makes the quotes and apostrophes of the fields that are words typographic, as Markdown's.
fn typeset(table: &mut DeTable<'_>) {
    for (key, value) in table.iter_mut() {
        if !typography::WORD_FIELDS.contains(&key.get_ref().as_ref()) {
            continue;
        }
        if let DeValue::String(text) = value.get_mut()
            && text.contains(['\'', '"'])
        {
            *text = typography::typographic(text).into();
        }
    }
}

/// `toml` with each line that has a syntax error made a comment (the same length, so that
/// places stay where they are), and a mistake for each; the parser then reads all the rest.
fn without_bad_lines(toml: &str, lines: &Lines, mistakes: &mut Vec<Mistake>) -> String {
    let mut text = toml.to_string();
    while mistakes.len() < MAX_MISTAKES {
        let Err(error) = DeTable::parse(&text) else {
            break;
        };
        let mistake = Mistake {
            message: error.message().trim().to_string(),
            span: error.span(),
        };
        let line = mistake
            .span
            .as_ref()
            .map(|span| lines.line_of(span.start.min(toml.len())));
        mistakes.push(mistake);
        let Some((start, end)) = line.map(|line| lines.bounds(line, &text)) else {
            break;
        };
        if text[start..end].starts_with('#') || start == end {
            // Already a comment: the parser recovers from the rest as best it can.
            break;
        }
        let comment = format!("#{}", " ".repeat(end - start - 1));
        text.replace_range(start..end, &comment);
    }
    text
}

/// Mistakes in the entries of a list of tables (`[[local_names]]`), dealt with entry by entry,
/// so that one wrong entry does not hide the others' mistakes.
#[derive(Default)]
struct Entries {
    /// Fields taken out of an entry for a wrong value: their "missing field" is not news.
    removed: Vec<(String, usize, String)>,
    /// Entries replaced by a stand-in.
    replaced: Vec<(String, usize)>,
}

impl Entries {
    /// Deals with `mistake` if it is inside an entry of the list `key`: removes the field at
    /// fault, or replaces the entry by its stand-in, and words the mistake for the entry.
    /// Whether to tell it, or `None` when it is not in an entry.
    fn fix<T: Schema>(
        &mut self,
        table: &mut DeTable<'_>,
        minimal: &DeTable<'static>,
        key: &str,
        mistake: &mut Mistake,
    ) -> Option<bool> {
        let at = mistake.span.as_ref().filter(|s| s.end > 0)?.start;
        let DeValue::Array(items) = table.get_mut(key)?.get_mut() else {
            return None;
        };
        let items: &mut [Spanned<DeValue<'_>>] = items;
        let index = items.iter().rposition(|item| entry_start(item) <= at)?;
        if self.replaced.iter().any(|(k, i)| k == key && *i == index) {
            return None;
        }
        let DeValue::Table(entry) = items[index].get_mut() else {
            return None;
        };
        if let Some(missing) = field_named(&mistake.message, "missing field `") {
            let ours = self
                .removed
                .contains(&(key.to_string(), index, missing.clone()));
            mistake.message = format!(
                "each `[[{key}]]` needs `{missing}`: add a line `{missing} = \"…\"` below this `[[{key}]]` line"
            );
            let stand_in = match minimal.get(key).map(Spanned::get_ref) {
                Some(DeValue::Array(entries)) => entries.first().cloned()?,
                _ => return None,
            };
            items[index] = stand_in;
            self.replaced.push((key.to_string(), index));
            return Some(!ours);
        }
        let name = entry
            .iter()
            .find(|(k, v)| field_range(k, v).contains(&at))
            .map(|(k, _)| k.get_ref().to_string())?;
        entry.remove(name.as_str());
        if mistake.message.starts_with("unknown field") && top_level_fields::<T>().contains(&name) {
            mistake.message = format!(
                "`{name}` is below a `[[{key}]]` line, so it is read as part of that entry; move the line up, above the first `[[{key}]]`"
            );
        } else {
            self.removed.push((key.to_string(), index, name));
        }
        Some(true)
    }
}

/// Where an entry of a list of tables starts: its `[[header]]`, or its first field.
fn entry_start(item: &Spanned<DeValue<'_>>) -> usize {
    let first_field = match item.get_ref() {
        DeValue::Table(table) => table.keys().map(|k| k.span().start).min(),
        _ => None,
    };
    first_field.map_or(item.span().start, |f| f.min(item.span().start))
}

/// Whether `toml` has a line that starts with the field `name`.
fn written(toml: &str, name: &str) -> bool {
    toml.lines().any(|line| {
        let line = line.trim_start().trim_start_matches('[');
        line.strip_prefix(name)
            .is_some_and(|rest| rest.trim_start().starts_with(['=', ':', ']']))
    })
}

/// `x` in serde's "missing field `x`" (or another message starting with `prefix`).
fn field_named(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next().map(str::to_string)
}

/// The names of `T`'s top-level fields, from what serde says of a field it does not know.
fn top_level_fields<T: Schema>() -> Vec<String> {
    let mut probe = DeTable::new();
    probe.insert(
        Spanned::new(0..0, DeString::Borrowed("\u{0}")),
        Spanned::new(0..0, DeValue::Boolean(true)),
    );
    let Err(error) = T::deserialize(Deserializer::from(Spanned::new(0..0, probe))) else {
        return Vec::new();
    };
    let message = error.message().to_string();
    message
        .split('`')
        .skip(3)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Replaces field `key` by its stand-in from `minimal`, or removes it if it has none.
fn set_aside<'i>(
    table: &mut DeTable<'i>,
    minimal: &DeTable<'static>,
    key: &str,
    set_aside: &mut Vec<String>,
) {
    if set_aside.iter().any(|k| k == key) {
        return;
    }
    table.remove(key);
    if let Some((k, v)) = minimal.get_key_value(key) {
        table.insert(k.clone(), v.clone());
    }
    set_aside.push(key.to_string());
}

/// The top-level field a mistake is in: the one named by a missing or unknown field at the
/// top, else the one whose text holds the mistake's place.
fn culprit(table: &DeTable<'_>, mistake: &Mistake) -> Option<String> {
    let at_top = mistake.span.as_ref().is_none_or(|s| s.end == 0);
    if at_top {
        return mistake.message.split('`').nth(1).map(str::to_string);
    }
    let start = mistake.span.as_ref()?.start;
    let entries = || table.iter().map(|(k, v)| (k, field_range(k, v)));
    if let Some((key, _)) = entries().find(|(_, range)| range.contains(&start)) {
        return Some(key.get_ref().to_string());
    }
    // The fields of a `[[table]]` come after its header, outside the header's span: the
    // mistake is in the last table that starts before it.
    entries()
        .filter(|(_, range)| range.start <= start)
        .max_by_key(|(_, range)| range.start)
        .map(|(key, _)| key.get_ref().to_string())
}

/// The text of a field, from its key to the end of its value.
fn field_range(key: &Spanned<DeString<'_>>, value: &Spanned<DeValue<'_>>) -> Range<usize> {
    key.span().start.min(value.span().start)..key.span().end.max(value.span().end) + 1
}

/// The line (from 0) of a mistake with a place.
fn line_of(lines: &Lines, mistake: &Mistake) -> Option<usize> {
    let span = mistake.span.as_ref().filter(|s| s.end > 0)?;
    Some(lines.line_of(span.start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Settings;
    use crate::content::schema::{
        CityFields, EventFields, PageFields, PartnershipsFields, PostFields, PriorityFields,
        SectionFields,
    };

    /// `T::MINIMAL` reads, and without any one of its fields does not: it is exactly the
    /// required fields.
    fn minimal_is_exactly_the_required_fields<T: Schema + std::fmt::Debug>() {
        let reading = read::<T>(T::MINIMAL);
        assert!(reading.mistakes.is_empty(), "{:?}", reading.mistakes);
        let minimal = DeTable::parse(T::MINIMAL).expect("valid TOML");
        for key in minimal.get_ref().keys() {
            let without: String = T::MINIMAL
                .lines()
                .filter(|line| line.split('=').next().map(str::trim) != Some(key.get_ref()))
                .map(|line| format!("{line}\n"))
                .collect();
            let error = toml::from_str::<T>(&without).expect_err("a required field is missing");
            assert_eq!(
                error.message(),
                format!("missing field `{}`", key.get_ref())
            );
        }
    }

    #[test]
    fn every_minimal_holds_just_the_required_fields() {
        minimal_is_exactly_the_required_fields::<SectionFields>();
        minimal_is_exactly_the_required_fields::<PartnershipsFields>();
        minimal_is_exactly_the_required_fields::<PriorityFields>();
        minimal_is_exactly_the_required_fields::<CityFields>();
        minimal_is_exactly_the_required_fields::<PageFields>();
        minimal_is_exactly_the_required_fields::<PostFields>();
        minimal_is_exactly_the_required_fields::<EventFields>();
        minimal_is_exactly_the_required_fields::<Settings>();
    }

    fn messages(reading: &Reading<CityFields>) -> Vec<&str> {
        reading
            .mistakes
            .iter()
            .map(|m| m.message.as_str())
            .collect()
    }

    #[test]
    fn every_mistake_is_told() {
        let toml = "title = \"Lille\"\ncontry = \"France\"\nkind = \"partnr\"\nlatitude = \"50.63\"\nlongitude = 3.06\nsince = \"2003\"\n";
        let reading = read::<CityFields>(toml);
        let messages = messages(&reading);
        assert_eq!(messages.len(), 6, "{messages:#?}");
        assert!(messages[0].starts_with("unknown field `contry`"));
        assert!(messages[1].starts_with("unknown variant `partnr`"));
        assert!(messages[2].starts_with("invalid type: string \"50.63\""));
        assert!(messages[3].starts_with("invalid type: string \"2003\""));
        assert_eq!(messages[4], "missing field `country`");
        assert_eq!(messages[5], "missing field `local_names`");
        assert!(
            reading.fields.is_some(),
            "the stand-ins make the fields read"
        );
        for field in ["contry", "kind", "latitude", "since", "country"] {
            assert!(reading.set_aside.iter().any(|f| f == field), "{field}");
        }
    }

    #[test]
    fn syntax_mistakes_do_not_stop_the_reading() {
        let toml = "title = \"Lille\"\nupdated = 29/11/2026\nkind = “partner”\ncountry = \"France\"\nlatitude = 50.63\nlongitude = 3.06\nsince = \"2003\"\n[[local_names]]\nname = \"Lille\"\nlng = \"fr\"\n";
        let reading = read::<CityFields>(toml);
        let messages = messages(&reading);
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(messages[0].starts_with("string values must be quoted"));
        assert!(messages[1].starts_with("string values must be quoted"));
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("unknown field `lng`"))
        );
        assert!(messages.iter().any(|m| m.contains("\"2003\"")));
        assert!(
            messages.contains(
                &"each `[[local_names]]` needs `lang`: add a line `lang = \"…\"` below this `[[local_names]]` line"
            ),
            "{messages:#?}"
        );
    }

    #[test]
    fn each_entry_of_a_list_of_tables_is_read_on_its_own() {
        let toml = "title = \"Niš\"\ncountry = \"Serbia\"\nkind = \"friendship\"\nlatitude = 43.32\nlongitude = 21.9\n[[local_names]]\nname = \"Ниш\"\nlang = 5\nnme = \"x\"\n[[local_names]]\nname = \"Niš\"\nlang = \"sr-Latn\"\nsince = 1999\n[[local_names]]\nlang = \"sr\"\n";
        let reading = read::<CityFields>(toml);
        let messages = messages(&reading);
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("invalid type: integer `5`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("unknown field `nme`"))
        );
        assert!(messages.contains(
            &"`since` is below a `[[local_names]]` line, so it is read as part of that entry; move the line up, above the first `[[local_names]]`"
        ));
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("each `[[local_names]]` needs `name`"))
        );
        assert!(reading.fields.is_some());
    }

    #[test]
    fn a_file_of_mistakes_is_told_the_first_fifty_in_bounded_time() {
        let toml: String = (0..5000).map(|i| format!("x{i} = = {i}\n")).collect();
        let started = std::time::Instant::now();
        let reading = read::<CityFields>(&toml);
        assert_eq!(reading.mistakes.len(), MAX_MISTAKES + 1);
        assert!(
            reading.mistakes[MAX_MISTAKES]
                .message
                .starts_with("there may be more mistakes")
        );
        // Generous: it takes milliseconds.
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }

    #[test]
    fn good_fields_read_at_once() {
        let reading = read::<SectionFields>("title = \"A\"\ndescription = \"B\"\n");
        assert!(reading.mistakes.is_empty());
        assert!(reading.set_aside.is_empty());
        assert_eq!(reading.fields.map(|f| f.title), Some("A".to_string()));
    }
}
