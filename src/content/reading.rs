//! Reading front matter so that one run finds every mistake in it. Serde stops at the first
//! wrong field; here each mistake is noted, the field it is in is set aside (or given a stand-in
//! value when it is required), and the reading starts again, until the fields read. A syntax
//! error does not stop the reading either: the parser recovers and the rest is read.

use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue, Deserializer};

/// The fields of one kind of file.
pub trait Schema: DeserializeOwned {
    /// The fewest fields that read as this kind, with values that pass every check: each
    /// required field, and nothing else (a test holds it to that).
    const MINIMAL: &'static str;
}

/// The most mistakes looked for in one file.
const MAX_TURNS: usize = 64;

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
    let (table, syntax) = DeTable::parse_recoverable(toml);
    let mut table = table.into_inner();
    let minimal = DeTable::parse(T::MINIMAL).expect("MINIMAL is valid TOML");
    let mut reading = Reading {
        fields: None,
        mistakes: Vec::new(),
        set_aside: Vec::new(),
    };
    for error in syntax {
        let mistake = Mistake {
            message: error.message().trim().to_string(),
            span: error.span(),
        };
        if let Some(key) = culprit(&table, &mistake) {
            set_aside(&mut table, minimal.get_ref(), &key, &mut reading.set_aside);
        }
        reading.mistakes.push(mistake);
    }
    // Each turn removes a field or sets one aside; a file with more mistakes than this is
    // told the first of them, in bounded time.
    for _ in 0..MAX_TURNS {
        let table_now = Spanned::new(0..0, table.clone());
        let error = match T::deserialize(Deserializer::from(table_now)) {
            Ok(fields) => {
                reading.fields = Some(fields);
                break;
            }
            Err(error) => error,
        };
        let mistake = Mistake {
            message: error.message().trim().to_string(),
            span: error.span(),
        };
        let Some(key) = culprit(&table, &mistake).filter(|key| !reading.set_aside.contains(key))
        else {
            reading.mistakes.push(mistake);
            break;
        };
        // An unknown field inside a `[[table]]` goes; the table's other fields stay.
        let inner = mistake.message.starts_with("unknown field")
            && mistake.span.as_ref().is_some_and(|span| {
                table
                    .get_mut(key.as_str())
                    .is_some_and(|value| remove_inner_field(value.get_mut(), span.start))
            });
        if !inner {
            set_aside(&mut table, minimal.get_ref(), &key, &mut reading.set_aside);
        }
        if !reading
            .mistakes
            .iter()
            .any(|m| same_line(toml, m, &mistake))
        {
            reading.mistakes.push(mistake);
        }
    }
    reading
}

/// Removes the field of a table, or of a table in a list, whose name is at byte `at`.
fn remove_inner_field(value: &mut DeValue<'_>, at: usize) -> bool {
    let remove = |table: &mut DeTable<'_>| {
        let name = table.keys().find(|key| key.span().contains(&at));
        let name = name.map(|key| key.get_ref().to_string());
        name.is_some_and(|name| table.remove(name.as_str()).is_some())
    };
    match value {
        DeValue::Table(table) => remove(table),
        DeValue::Array(items) => items.iter_mut().any(|item| match item.get_mut() {
            DeValue::Table(table) => remove(table),
            _ => false,
        }),
        _ => false,
    }
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

/// Whether two mistakes with places are on one line of `toml`: the second is then the first
/// seen again (a value the parser recovered and serde rejects).
fn same_line(toml: &str, a: &Mistake, b: &Mistake) -> bool {
    let line = |m: &Mistake| {
        m.span
            .as_ref()
            .filter(|s| s.end > 0)
            .map(|s| toml[..s.start.min(toml.len())].matches('\n').count())
    };
    line(a).is_some() && line(a) == line(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Settings;
    use crate::content::schema::{
        CityFields, PageFields, PartnershipsFields, PostFields, PriorityFields, SectionFields,
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
        assert!(messages.contains(&"missing field `lang`"), "{messages:#?}");
    }

    #[test]
    fn good_fields_read_at_once() {
        let reading = read::<SectionFields>("title = \"A\"\ndescription = \"B\"\n");
        assert!(reading.mistakes.is_empty());
        assert!(reading.set_aside.is_empty());
        assert_eq!(reading.fields.map(|f| f.title), Some("A".to_string()));
    }
}
