//! The shape of the code, held: the addresses of the site's sections are written in one module
//! (`src/routes/`; templates take them from it), and no function in `src/` is longer than 80 lines.

use std::path::{Path, PathBuf};

mod common;

/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FUNCTION_LINES: usize = 80;

/// The files below `dir`, sorted, those ending in `.ext` only if given.
fn files(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            found.extend(files(&path, ext));
        } else if ext.is_none_or(|ext| path.extension().is_some_and(|e| e == ext)) {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn sources(dir: &Path) -> Vec<PathBuf> {
    files(dir, Some("rs"))
}

/// The code of `line` with comments, strings and character literals blanked, so that braces
/// and quotes in them are not counted. `in_string` carries a string across lines.
fn code(line: &str, in_string: &mut bool) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if *in_string {
            match c {
                '\\' => i += 1,
                '"' => *in_string = false,
                _ => {}
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            break;
        } else if c == '"' {
            *in_string = true;
        } else if c == '\'' {
            // A character literal ('{', '\n'), not a lifetime ('a).
            let end = if chars.get(i + 1) == Some(&'\\') {
                (i + 2..chars.len()).find(|&j| chars[j] == '\'')
            } else {
                (chars.get(i + 2) == Some(&'\'')).then_some(i + 2)
            };
            match end {
                Some(end) => i = end,
                None => out.push(c),
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Every function of `text` longer than the limit: its name, first line and length.
fn long_functions(text: &str) -> Vec<(String, usize, usize)> {
    let mut in_string = false;
    let lines: Vec<String> = text.lines().map(|l| code(l, &mut in_string)).collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let Some(at) = line.find("fn ") else {
            continue;
        };
        let before = line[..at].trim();
        let is_item = before.split_whitespace().all(|word| {
            matches!(word, "pub" | "const" | "async" | "unsafe" | "extern")
                || word.starts_with("pub(")
        });
        if !is_item {
            continue;
        }
        let name: String = line[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut depth = 0usize;
        let mut opened = false;
        'lines: for (end, line) in lines.iter().enumerate().skip(start) {
            for c in line.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    // A declaration without a body, in a trait.
                    ';' if !opened && depth == 0 => break 'lines,
                    _ => {}
                }
                if opened && depth == 0 {
                    let length = end - start + 1;
                    if length > MAX_FUNCTION_LINES {
                        found.push((name.clone(), start + 1, length));
                    }
                    break 'lines;
                }
            }
        }
    }
    found
}

#[test]
fn no_function_in_src_is_longer_than_eighty_lines() {
    let mut long = Vec::new();
    for path in sources(&common::repo_path("src")) {
        let text = std::fs::read_to_string(&path).expect("read a source file");
        for (name, line, length) in long_functions(&text) {
            long.push(format!(
                "{}:{line}: fn {name} is {length} lines",
                path.display()
            ));
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_length_check_counts_what_it_should() {
    let body = "    let x = '{';\n    let s = \"}}{\"; // }\n".repeat(50);
    let text = format!("pub(crate) fn long() {{\n{body}}}\n\nfn short() {{}}\n");
    assert_eq!(long_functions(&text), [("long".to_string(), 1, 102)]);
    assert!(long_functions("trait T {\n    fn f(&self);\n}\n").is_empty());
}

#[test]
fn section_addresses_are_written_in_the_route_table_only() {
    let literals = ["\"/priorities/", "\"/partnerships/", "\"/news/"];
    let files = sources(&common::repo_path("src"))
        .into_iter()
        .filter(|path| !path.starts_with(common::repo_path("src/routes")))
        .chain(files(&common::repo_path("templates"), Some("html")))
        .chain(files(&common::repo_path("templates"), Some("xml")));
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read a source file");
        for (n, line) in text.lines().enumerate() {
            if literals.iter().any(|l| line.contains(l)) {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
