//! A synthetic site of any size, in the shape of the real content (priorities, partner
//! cities that serve them, pages, news posts), for benchmarks and load tests.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::routes::Collection;

/// Writes a content folder of about `pages` pages into `dir`: the bundled `site.toml` and
/// section files from `bundled`, then generated priorities, cities, pages and posts.
pub fn generate_site(bundled: &Path, dir: &Path, pages: usize) -> io::Result<()> {
    for folder in ["priorities", "partnerships", "pages", "news"] {
        fs::create_dir_all(dir.join(folder))?;
    }
    fs::copy(bundled.join("site.toml"), dir.join("site.toml"))?;
    // The languages site.toml declares, with their words.
    let languages = bundled.join("languages");
    if languages.is_dir() {
        fs::create_dir_all(dir.join("languages"))?;
        for entry in fs::read_dir(&languages)? {
            let path = entry?.path();
            if let Some(name) = path.file_name() {
                fs::copy(&path, dir.join("languages").join(name))?;
            }
        }
    }
    for index in ["priorities/_index.md", "partnerships/_index.md"] {
        fs::copy(bundled.join(index), dir.join(index))?;
    }
    let priorities = (pages / 200).max(6);
    let cities = pages / 10;
    let others = pages.saturating_sub(priorities + cities) / 2;
    let posts = pages.saturating_sub(priorities + cities + others);
    let text = paragraph();
    for n in 0..priorities {
        let file = format!(
            "+++\ntitle = \"Priority {n}\"\norder = {n}\nsummary = \"What priority {n} is about.\"\nupdated = 2026-11-29\n+++\n{text}\n\n## Our work\n\n{text}\n"
        );
        fs::write(dir.join(format!("priorities/priority-{n}.md")), file)?;
    }
    for n in 0..cities {
        let latitude = -50.0 + (n * 37 % 130) as f64;
        let longitude = -170.0 + (n * 53 % 340) as f64;
        let file = format!(
            "+++\ntitle = \"City {n}\"\ncountry = \"Country {}\"\nkind = \"partner\"\nlatitude = {latitude}\nlongitude = {longitude}\nsince = {}\npriorities = [\"priority-{}\"]\nsummary = \"What Leeds and city {n} do together.\"\nupdated = 2026-11-29\n\n[[local_names]]\nname = \"Cité {n}\"\nlang = \"fr\"\n+++\n{text}\n\nSee also [priority {}]({}).\n",
            n % 50,
            1950 + n % 70,
            n % priorities,
            n % priorities,
            Collection::Priorities.address(&format!("priority-{}", n % priorities)),
        );
        fs::write(dir.join(format!("partnerships/city-{n}.md")), file)?;
    }
    for n in 0..others {
        let file = format!(
            "+++\ntitle = \"Page {n}\"\ndescription = \"Page {n} of the generated site.\"\nupdated = 2026-11-29\n+++\n{text}\n\n## Details\n\n{text}\n"
        );
        fs::write(dir.join(format!("pages/page-{n}.md")), file)?;
    }
    for n in 0..posts {
        let file = format!(
            "+++\ntitle = \"News {n}\"\ndate = 2026-{:02}-{:02}\nsummary = \"Post {n} of the generated site.\"\n+++\n{text}\n",
            1 + n % 12,
            1 + n % 28
        );
        fs::write(dir.join(format!("news/post-{n}.md")), file)?;
    }
    Ok(())
}

/// Translates every page of the site in `dir` into the first `count` languages its
/// `site.toml` declares: a title and the text, as a translator would.
pub fn translate_site(dir: &Path, count: usize) -> io::Result<()> {
    let settings = fs::read_to_string(dir.join("site.toml"))?;
    let table: toml::Table = settings
        .parse()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    let languages: Vec<String> = table
        .get("languages")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| l.get("code")?.as_str().map(str::to_string))
        .take(count)
        .collect();
    let text = paragraph();
    for folder in ["priorities", "partnerships", "pages", "news"] {
        for entry in fs::read_dir(dir.join(folder))? {
            let path = entry?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let Some(stem) = name.strip_suffix(".md").filter(|s| !s.contains('.')) else {
                continue;
            };
            for lang in &languages {
                let file =
                    format!("+++\ntitle = \"{stem} ({lang})\"\nreviewed = true\n+++\n{text}\n");
                fs::write(path.with_file_name(format!("{stem}.{lang}.md")), file)?;
            }
        }
    }
    Ok(())
}

/// About 120 words of plain prose, like a page of the brochure.
fn paragraph() -> String {
    let mut text = String::new();
    for sentence in 0..6 {
        let _ = write!(
            text,
            "We work with schools, universities and community groups in Leeds and abroad to share what works, sentence {sentence}. "
        );
    }
    text.trim_end().to_string()
}
