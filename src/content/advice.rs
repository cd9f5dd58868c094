//! Mistakes in front matter in an editor's words: what the TOML parser and serde report about a
//! field, turned into what is wrong with it and how to write it instead.

use std::ops::Range;

/// Fields that hold numbers, with an example of each.
const NUMBER_FIELDS: [(&str, &str); 5] = [
    ("since", "1969"),
    ("order", "1"),
    ("menu", "1"),
    ("latitude", "50.63"),
    ("longitude", "3.06"),
];
/// Fields that hold dates or moments.
const DATE_FIELDS: [&str; 5] = ["date", "updated", "review_by", "publish_at", "unpublish_at"];
/// Quotes that word processors put in place of `"` and `'`.
const CURLY_QUOTES: [char; 6] = ['“', '”', '„', '‘', '’', '‚'];

/// The parser's `message` about the TOML `toml` at `span`, said as an instruction where it
/// is one that editors meet; `first_line` is the line of the file where `toml` starts.
pub fn explain(message: &str, toml: &str, span: Option<Range<usize>>, first_line: usize) -> String {
    let start = span.map_or(0, |s| s.start.min(toml.len()));
    let (line_start, line) = line_at(toml, start);
    let (key, value) = match line.split_once('=') {
        Some((key, value)) => (key.trim(), value.trim()),
        None => (line.trim(), ""),
    };
    // A table written `[name]` where a list of tables, `[[name]]`, is wanted.
    if message == "invalid type: map, expected a sequence" && key.starts_with('[') {
        return format!(
            "each of the {key} starts with a line `[[{name}]]`, in two square brackets, and its fields follow on the lines below",
            key = key.trim_matches(['[', ']']).replace('_', " "),
            name = key.trim_matches(['[', ']'])
        );
    }
    // A value that is neither of the two ways an event's `location` is written.
    if message.contains("untagged enum PlaceFields") {
        return "location is the place's name and address in double quotes, `location = \"Civic Hall, Portland Crescent, Leeds LS1 1UR\"`, or both apart, `location = { name = \"Civic Hall\", address = \"Portland Crescent, Leeds LS1 1UR\" }` (no other fields)".to_string();
    }
    if message.starts_with("invalid type: ") {
        return wrong_type(message, key, value).unwrap_or_else(|| message.to_string());
    }
    // `title: "Lille"`, as YAML (Hugo, Jekyll) writes fields: a syntax error on such a line.
    let from_serde = ["missing field", "unknown", "invalid type", "duplicate key"];
    if let Some((name, rest)) = line.split_once(':')
        && !from_serde.iter().any(|prefix| message.starts_with(prefix))
        && !line.contains('=')
        && !name.trim().is_empty()
        && !name.contains(['"', '\''])
    {
        let name = name.trim();
        return format!(
            "fields are written with an equals sign, not a colon: `{name} = {}`",
            rest.trim()
        );
    }
    if message.starts_with("string values must be quoted") {
        return unquoted(key, value);
    }
    if message.starts_with("invalid date") || message.starts_with("invalid time") {
        return format!(
            "`{value}` is not a date that exists ({}); write year-month-day, such as `{key} = 2026-11-29`",
            message.split_once(", ").map_or(message, |(_, why)| why)
        );
    }
    if message.starts_with("invalid basic string") || message.starts_with("invalid literal string")
    {
        let bare = value.trim_matches(['"', '\'']);
        return format!(
            "the text has no closing quote: end it on the same line with a straight double quote, `{key} = \"{bare}\"`"
        );
    }
    if message == "duplicate key" {
        let line = first_line + toml[..line_start].matches('\n').count();
        return match first_setting(toml, key, line_start) {
            Some(first) => format!(
                "`{key}` is set twice, on lines {} and {line}; keep one of them",
                first_line + first
            ),
            None => format!("`{key}` is set twice; keep one of them"),
        };
    }
    if message.starts_with("unexpected key or value") && decimal_comma(value) {
        let fixed = value.replacen(',', ".", 1);
        return format!("write decimal numbers with a point, not a comma: `{key} = {fixed}`");
    }
    if let Some(fields) = message.strip_prefix("unknown field ") {
        return unknown_field(fields);
    }
    if let Some(values) = message.strip_prefix("unknown variant ") {
        return unknown_value(key, values);
    }
    if let Some(missing) = missing_field(message) {
        return missing;
    }
    message.to_string()
}

/// The line of `toml` that holds byte `offset`, with the offset where it starts.
fn line_at(toml: &str, offset: usize) -> (usize, &str) {
    let start = toml[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = toml[start..].find('\n').map_or(toml.len(), |i| start + i);
    (start, toml[start..end].trim_end_matches('\r'))
}

/// A value of the wrong kind: a number or a date in quotes, text without them, one value
/// where a list is wanted.
fn wrong_type(message: &str, key: &str, value: &str) -> Option<String> {
    let bare = value.trim_matches(['"', '\'']);
    let expected = message.rsplit("expected ").next().unwrap_or_default();
    // The value without its quotes, if it is a number; else an example.
    let number = |example: &'static str| {
        if bare.parse::<f64>().is_ok() {
            bare
        } else {
            example
        }
    };
    Some(match (key, expected) {
        ("latitude" | "longitude", _) => format!(
            "{key} is a number of degrees, written without quotes: `{key} = {}`. Use decimal degrees (50.63, not 50° 38′), negative for south and west; a city's Wikipedia page gives them (click its coordinates)",
            number("50.63")
        ),
        ("since", _) => {
            let year = bare.split('.').next().filter(|y| y.parse::<u16>().is_ok());
            let year = year.unwrap_or("1969");
            format!(
                "since is the year the link began, a whole number without quotes: `since = {year}`"
            )
        }
        (_, "a TOML datetime") => format!(
            "dates are written year-month-day, without quotes: `{key} = 2026-11-29` for 29 November 2026"
        ),
        (_, "a boolean") => {
            format!("{key} is true or false, written without quotes: `{key} = true`")
        }
        (_, "a sequence") => {
            format!("{key} is a list: put the values in square brackets, `{key} = [\"{bare}\"]`")
        }
        (_, "a string") if value.starts_with('[') => {
            format!("each value in {key} is text, in double quotes: `{key} = [\"…\"]`")
        }
        (_, "a string") => {
            format!("{key} is text, written in double quotes: `{key} = \"{bare}\"`")
        }
        (_, "f64") => format!(
            "{key} is a number, written without quotes: `{key} = {}`",
            number("1.5")
        ),
        (_, "u16" | "u32" | "u64" | "i64") => format!(
            "{key} is a whole number, written without quotes: `{key} = {}`",
            bare.split('.')
                .next()
                .filter(|n| n.parse::<u64>().is_ok())
                .unwrap_or("1")
        ),
        _ => return None,
    })
}

/// A value the parser cannot read: a date written the British way, curly quotes, or text
/// without quotes.
fn unquoted(key: &str, value: &str) -> String {
    if value.contains(CURLY_QUOTES) {
        let straight: String = value
            .chars()
            .map(|c| if CURLY_QUOTES.contains(&c) { '"' } else { c })
            .collect();
        return format!(
            "the text is in curly quotes (“ ”), which a word processor puts in; use straight quotes: `{key} = {straight}`"
        );
    }
    if DATE_FIELDS.contains(&key) {
        return format!(
            "dates are written year-month-day, without quotes: `{key} = 2026-11-29` for 29 November 2026"
        );
    }
    if let Some((_, example)) = NUMBER_FIELDS.iter().find(|(name, _)| *name == key) {
        return format!(
            "{key} is one number, written without quotes or words: `{key} = {example}`"
        );
    }
    format!("text is written in straight double quotes: `{key} = \"{value}\"`")
}

/// The line (counted from 0 in `toml`) where `key` is first set, before `before`.
fn first_setting(toml: &str, key: &str, before: usize) -> Option<usize> {
    toml[..before]
        .lines()
        .position(|line| line.split_once('=').is_some_and(|(k, _)| k.trim() == key))
}

/// A number written with a comma for its decimal point: `50,63`.
fn decimal_comma(value: &str) -> bool {
    let mut parts = value.splitn(2, ',');
    let whole = parts.next().unwrap_or_default().trim_start_matches('-');
    let fraction = parts.next().unwrap_or_default();
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// serde's "`contry`, expected one of `title`, `country`", with "did you mean" when one
/// expected name is close to the unknown one.
fn unknown_field(fields: &str) -> String {
    let mut quoted = fields.split('`').skip(1).step_by(2);
    let unknown = quoted.next().unwrap_or_default();
    let expected: Vec<&str> = quoted.collect();
    let list = expected
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match crate::suggest::closest(unknown, expected.iter().copied()) {
        Some(near) => {
            format!("unknown field `{unknown}`, did you mean `{near}`? (expected one of {list})")
        }
        None => format!(
            "unknown field `{unknown}`: correct its name or remove the line; the fields this file can have are {list}"
        ),
    }
}

/// serde's "`partnr`, expected `partner` or `friendship`" about field `key`, as the lines
/// that could be written instead.
fn unknown_value(key: &str, values: &str) -> String {
    let mut quoted = values.split('`').skip(1).step_by(2);
    let wrong = quoted.next().unwrap_or_default();
    let allowed: Vec<&str> = quoted.collect();
    let lines: Vec<String> = allowed
        .iter()
        .map(|value| format!("`{key} = \"{value}\"`"))
        .collect();
    let near = crate::suggest::closest(wrong, allowed.iter().copied())
        .map(|near| format!(" (did you mean `{near}`?)"))
        .unwrap_or_default();
    format!(
        "`{wrong}` is not a value {key} can take; write {}{near}",
        lines.join(" or ")
    )
}

/// "missing field `kind`", with the line to add.
fn missing_field(message: &str) -> Option<String> {
    let field = message.strip_prefix("missing field `")?.strip_suffix('`')?;
    let example = match field {
        "kind" => "kind = \"partner\"` or `kind = \"friendship\"".to_string(),
        "latitude" | "longitude" => format!("{field} = 0.0` with the city's {field}"),
        "date" => "date = 2026-11-29".to_string(),
        "order" => "order = 1".to_string(),
        "local_names" => {
            "[[local_names]]`, then `name = \"…\"` and `lang = \"…\"` on the lines below it"
                .to_string()
        }
        _ => format!("{field} = \"…\""),
    };
    Some(format!(
        "missing field `{field}`: add a line `{example}` just below the first `+++` line"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `explain` says of `toml` parsed as `T`.
    fn said<T: serde::de::DeserializeOwned>(toml: &str) -> String {
        let error = toml::from_str::<T>(toml).err().expect("a mistake");
        explain(error.message(), toml, error.span(), 2)
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct City {
        title: String,
        latitude: Option<f64>,
        since: Option<u16>,
        priorities: Option<Vec<String>>,
        updated: Option<toml::value::Datetime>,
        local_names: Option<Vec<Local>>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Local {
        name: String,
    }

    #[test]
    fn type_mistakes_say_how_to_write_the_value() {
        assert_eq!(
            said::<City>("title = \"Lille\"\nsince = \"2003\"\n"),
            "since is the year the link began, a whole number without quotes: `since = 2003`"
        );
        assert!(
            said::<City>("title = \"Lille\"\nlatitude = \"50.63\"\n").starts_with(
                "latitude is a number of degrees, written without quotes: `latitude = 50.63`"
            )
        );
        assert_eq!(
            said::<City>("title = \"Lille\"\npriorities = \"health-wellbeing\"\n"),
            "priorities is a list: put the values in square brackets, `priorities = [\"health-wellbeing\"]`"
        );
        assert_eq!(
            said::<City>("title = \"Lille\"\n[local_names]\nname = \"Lille\"\n"),
            "each of the local names starts with a line `[[local_names]]`, in two square brackets, and its fields follow on the lines below"
        );
    }

    #[test]
    fn unknown_names_get_a_suggestion_when_one_is_close() {
        assert_eq!(
            said::<Kinded>("kind = \"partner\"\nknid = 1\n"),
            "unknown field `knid`, did you mean `kind`? (expected one of `kind`)"
        );
        assert_eq!(
            said::<City>("title = \"Lille\"\ncolour = \"red\"\n"),
            "unknown field `colour`: correct its name or remove the line; the fields this file can have are `title`, `latitude`, `since`, `priorities`, `updated`, `local_names`"
        );
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Kinded {
        kind: crate::content::CityKind,
    }

    #[test]
    fn unknown_values_list_the_lines_to_write() {
        assert_eq!(
            said::<Kinded>("kind = \"partnr\"\n"),
            "`partnr` is not a value kind can take; write `kind = \"partner\"` or `kind = \"friendship\"` (did you mean `partner`?)"
        );
        assert_eq!(
            said::<Kinded>("kind = \"twin\"\n"),
            "`twin` is not a value kind can take; write `kind = \"partner\"` or `kind = \"friendship\"`"
        );
    }

    #[test]
    fn syntax_mistakes_say_what_editors_did() {
        assert_eq!(
            said::<City>("title = \"Lille\"\nupdated = 29/11/2026\n"),
            "dates are written year-month-day, without quotes: `updated = 2026-11-29` for 29 November 2026"
        );
        assert_eq!(
            said::<City>("title = “Lille”\n"),
            "the text is in curly quotes (“ ”), which a word processor puts in; use straight quotes: `title = \"Lille\"`"
        );
        assert_eq!(
            said::<City>("title = \"Lille\"\nlatitude = 50,63\n"),
            "write decimal numbers with a point, not a comma: `latitude = 50.63`"
        );
        assert_eq!(
            said::<City>("title = \"Lille\"\nsince = 2003\ntitle = \"Again\"\n"),
            "`title` is set twice, on lines 2 and 4; keep one of them"
        );
        assert_eq!(
            said::<City>("since = 2003\n"),
            "missing field `title`: add a line `title = \"…\"` just below the first `+++` line"
        );
    }
}
