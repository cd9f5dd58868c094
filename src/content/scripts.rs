//! Whether a local name's language tag fits the script it is written in, so that screen
//! readers read `Ниш` as Serbian in Cyrillic, not in Latin letters.

/// A writing system: its ISO 15924 code, its name, and the ranges of its letters.
struct Script {
    code: &'static str,
    name: &'static str,
    ranges: &'static [(char, char)],
}

const SCRIPTS: [Script; 10] = [
    Script {
        code: "Latn",
        name: "Latin letters",
        ranges: &[
            ('A', 'Z'),
            ('a', 'z'),
            ('\u{C0}', '\u{24F}'),
            ('\u{1E00}', '\u{1EFF}'),
        ],
    },
    Script {
        code: "Cyrl",
        name: "Cyrillic",
        ranges: &[('\u{400}', '\u{52F}')],
    },
    Script {
        code: "Grek",
        name: "Greek",
        ranges: &[('\u{370}', '\u{3FF}'), ('\u{1F00}', '\u{1FFF}')],
    },
    Script {
        code: "Hani",
        name: "Chinese characters",
        ranges: &[('\u{3400}', '\u{4DBF}'), ('\u{4E00}', '\u{9FFF}')],
    },
    Script {
        code: "Arab",
        name: "Arabic script",
        ranges: &[('\u{600}', '\u{6FF}')],
    },
    Script {
        code: "Hebr",
        name: "Hebrew script",
        ranges: &[('\u{590}', '\u{5FF}')],
    },
    Script {
        code: "Deva",
        name: "Devanagari",
        ranges: &[('\u{900}', '\u{97F}')],
    },
    Script {
        code: "Sinh",
        name: "Sinhala script",
        ranges: &[('\u{D80}', '\u{DFF}')],
    },
    Script {
        code: "Taml",
        name: "Tamil script",
        ranges: &[('\u{B80}', '\u{BFF}')],
    },
    Script {
        code: "Hang",
        name: "Hangul",
        ranges: &[('\u{AC00}', '\u{D7AF}'), ('\u{1100}', '\u{11FF}')],
    },
];

/// Languages written in more than one script, whose tags must say which (`sr-Cyrl`).
const SEVERAL_SCRIPTS: [&str; 12] = [
    "sr", "bs", "uz", "az", "kk", "ky", "tk", "mn", "pa", "sd", "zh", "ms",
];

/// The one script of languages a partner city may use, for those written in one.
const USUAL_SCRIPT: [(&str, &str); 36] = [
    ("bg", "Cyrl"),
    ("be", "Cyrl"),
    ("ca", "Latn"),
    ("cs", "Latn"),
    ("cy", "Latn"),
    ("da", "Latn"),
    ("de", "Latn"),
    ("el", "Grek"),
    ("en", "Latn"),
    ("es", "Latn"),
    ("fi", "Latn"),
    ("fr", "Latn"),
    ("ga", "Latn"),
    ("he", "Hebr"),
    ("hi", "Deva"),
    ("hr", "Latn"),
    ("hu", "Latn"),
    ("it", "Latn"),
    ("ko", "Hang"),
    ("mk", "Cyrl"),
    ("nl", "Latn"),
    ("pl", "Latn"),
    ("pt", "Latn"),
    ("ro", "Latn"),
    ("ru", "Cyrl"),
    ("si", "Sinh"),
    ("sk", "Latn"),
    ("sl", "Latn"),
    ("sq", "Latn"),
    ("sv", "Latn"),
    ("ta", "Taml"),
    ("tr", "Latn"),
    ("uk", "Cyrl"),
    ("ur", "Arab"),
    ("ar", "Arab"),
    ("zu", "Latn"),
];

/// The script all the letters of `name` are in, if they are all in one that is known.
fn script_of(name: &str) -> Option<&'static Script> {
    let mut found: Option<&'static Script> = None;
    for c in name.chars().filter(|c| c.is_alphabetic()) {
        let script = SCRIPTS.iter().find(|s| {
            s.ranges
                .iter()
                .any(|&(low, high)| (low..=high).contains(&c))
        })?;
        match found {
            Some(seen) if seen.code != script.code => return None,
            _ => found = Some(script),
        }
    }
    found
}

/// The script named by `tag`'s script subtag (`Hans` and `Hant` are Chinese characters).
fn subtag_script(tag: &str) -> Option<&'static str> {
    let subtag = tag
        .split('-')
        .skip(1)
        .find(|part| part.len() == 4 && part.starts_with(|c: char| c.is_ascii_alphabetic()))?;
    let code = match subtag.to_ascii_lowercase().as_str() {
        "hans" | "hant" => "Hani",
        other => {
            SCRIPTS
                .iter()
                .find(|s| s.code.eq_ignore_ascii_case(other))?
                .code
        }
    };
    Some(code)
}

fn name_of(code: &str) -> &'static str {
    SCRIPTS
        .iter()
        .find(|s| s.code == code)
        .map_or("another script", |s| s.name)
}

/// Why `lang` does not fit the script `name` is written in, with the fix; `None` when it does,
/// or when that cannot be told.
pub fn mismatch(name: &str, lang: &str) -> Option<String> {
    let written = script_of(name)?;
    let language = lang
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let tagged = match subtag_script(lang) {
        Some(code) => code,
        None if SEVERAL_SCRIPTS.contains(&language.as_str()) => {
            return Some(format!(
                "`{name}` is written in {}, and `{language}` is a language written in more than one script: say which, `lang = \"{language}-{}\"`",
                written.name,
                if written.code == "Hani" {
                    "Hans"
                } else {
                    written.code
                }
            ));
        }
        None => USUAL_SCRIPT.iter().find(|(l, _)| *l == language)?.1,
    };
    (tagged != written.code).then(|| {
        format!(
            "`{name}` is written in {}, but `{lang}` is written in {}: check the language code",
            written.name,
            name_of(tagged)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_must_fit_the_script_of_the_name() {
        assert_eq!(mismatch("Niš", "sr-Latn"), None);
        assert_eq!(mismatch("Ниш", "sr-Cyrl"), None);
        assert_eq!(mismatch("杭州", "zh-Hans"), None);
        assert_eq!(mismatch("Дніпро", "uk"), None);
        assert_eq!(mismatch("කොළඹ", "si"), None);
        assert_eq!(mismatch("Brașov", "ro"), None);
        assert_eq!(mismatch("Béal an Átha", "ga"), None);
        // Unknown languages and mixed or unknown scripts are left alone.
        assert_eq!(mismatch("Ниш", "xx"), None);
        assert_eq!(mismatch("Ниш Niš", "sr-Cyrl"), None);
        let several = mismatch("Ниш", "sr").expect("Serbian needs its script");
        assert!(
            several.ends_with("say which, `lang = \"sr-Cyrl\"`"),
            "{several}"
        );
        let chinese = mismatch("杭州", "zh").expect("Chinese needs its script");
        assert!(chinese.ends_with("`lang = \"zh-Hans\"`"), "{chinese}");
        let wrong = mismatch("Ниш", "sr-Latn").expect("Latin tag on Cyrillic");
        assert_eq!(
            wrong,
            "`Ниш` is written in Cyrillic, but `sr-Latn` is written in Latin letters: check the language code"
        );
        assert!(mismatch("Дніпро", "de").is_some());
    }
}
