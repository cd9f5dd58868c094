//! The content loader on the bundled content and on broken files.

mod common;

use common::{content_files, repo_path};
use international_leeds::content::{self, CityKind};

/// The files of the bundled content's cities of `kind` (`partner` or `friendship`).
fn city_files(kind: &str) -> usize {
    let line = format!("\nkind = \"{kind}\"\n");
    content_files("partnerships")
        .iter()
        .filter(|(_, text)| text.contains(&line))
        .count()
}

/// Whether `expected` appears in `all`, in this order (with anything in between).
fn in_order<T: PartialEq>(all: &[T], expected: &[T]) -> bool {
    let mut rest = all.iter();
    expected
        .iter()
        .all(|wanted| rest.any(|item| item == wanted))
}

#[test]
fn bundled_content_loads_completely() {
    let site = content::load(&repo_path("content")).expect("bundled content is valid");
    assert_eq!(site.priorities.len(), content_files("priorities").len());
    assert_eq!(site.partner_cities().count(), city_files("partner"));
    assert_eq!(site.friendship_cities().count(), city_files("friendship"));
    assert_eq!(site.pages.len(), content_files("pages").len());
    assert!(site.page("accessibility").is_some());
    assert!(site.page("local-partnerships").is_some());
    let titles: Vec<&str> = site.priorities.iter().map(|p| p.title.as_str()).collect();
    // The priorities product.md names, in the order it gives them.
    let named = [
        "Health & wellbeing",
        "Safer & stronger communities",
        "Regeneration",
        "Working with local people",
        "Children & young people",
        "Sustainable economy & culture",
    ];
    assert!(in_order(&titles, &named), "{titles:?}");
}

#[test]
fn each_partner_city_serves_the_priorities_product_md_names() {
    let site = content::load(&repo_path("content")).expect("bundled content is valid");
    let expected = [
        ("brno", "Czech Republic", "safer-stronger-communities"),
        ("dortmund", "Germany", "sustainable-economy-culture"),
        ("durban", "South Africa", "sustainable-economy-culture"),
        ("hangzhou", "China", "health-wellbeing"),
        ("lille", "France", "children-young-people"),
        ("louisville", "USA", "children-young-people"),
        ("siegen", "Germany", "working-with-local-people"),
    ];
    for (slug, country, priority) in expected {
        let city = site
            .cities
            .iter()
            .find(|c| c.slug == slug)
            .unwrap_or_else(|| panic!("{slug} is in the content"));
        assert_eq!(city.kind, CityKind::Partner, "{slug}");
        assert_eq!(city.country, country, "{slug}");
        assert_eq!(city.priorities, [priority], "{slug}");
        assert!(city.has_page(), "{slug}");
        assert!(city.since.is_some(), "{slug} records when its link began");
    }
}

#[test]
fn friendship_cities_have_local_names_with_languages() {
    let site = content::load(&repo_path("content")).expect("bundled content is valid");
    let names: Vec<(&str, &str)> = site
        .friendship_cities()
        .map(|c| (c.title.as_str(), c.country.as_str()))
        .collect();
    assert_eq!(names.len(), city_files("friendship"), "{names:?}");
    let named = [
        ("Ballina", "Ireland"),
        ("Barcelona", "Spain"),
        ("Brașov", "Romania"),
        ("Colombo", "Sri Lanka"),
        ("Dnipro", "Ukraine"),
        ("Niš", "Serbia"),
        ("Saint Mary", "Jamaica"),
    ];
    assert!(in_order(&names, &named), "in alphabetical order: {names:?}");
    let dnipro = site
        .cities
        .iter()
        .find(|c| c.slug == "dnipro")
        .expect("dnipro");
    assert_eq!(dnipro.former_name.as_deref(), Some("Dnipropetrovsk"));
    let colombo = site
        .cities
        .iter()
        .find(|c| c.slug == "colombo")
        .expect("colombo");
    let langs: Vec<&str> = colombo
        .local_names
        .iter()
        .map(|l| l.lang.as_str())
        .collect();
    assert_eq!(langs, ["si", "ta"]);
}

/// Each broken file in `tests/fixtures/broken/`, the line and column of its error, and words
/// from the message. One load must report them all.
const BROKEN: &[(&str, &str, &str)] = &[
    (
        "site.toml",
        "3:1",
        "unknown field `titel`, did you mean `title`? (expected one of `title`",
    ),
    (
        "priorities/bad-toml.md",
        "2:18",
        "the text has no closing quote",
    ),
    ("priorities/empty.md", "1:1", "the file is empty"),
    ("priorities/latin1.md", "3:15", "not valid UTF-8"),
    (
        "priorities/missing-field.md",
        "2:1",
        "missing field `summary`",
    ),
    ("priorities/no-front-matter.md", "1:1", "no front matter"),
    ("priorities/unclosed.md", "1:1", "never closed"),
    (
        "priorities/wrong-type.md",
        "3:9",
        "order is a whole number, written without quotes: `order = 1`",
    ),
    (
        "partnerships/out-of-range.md",
        "5:12",
        "latitude: must be between -90 and 90",
    ),
    (
        "partnerships/out-of-range.md",
        "10:8",
        "`english` is not a language tag",
    ),
    (
        "partnerships/unknown-field.md",
        "3:1",
        "unknown field `contry`, did you mean `country`?",
    ),
    (
        "pages/Bad_Name.md",
        "1:1",
        "use lowercase letters, digits and single hyphens, such as `bad-name`",
    ),
    (
        "partnerships/dangling.md",
        "7:23",
        "unknown priority `nope`; the priorities are: good",
    ),
    ("pages/two.md", "3:8", "the address /same/ is also used by"),
    ("pages/bad-date.md", "4:11", "is not a date that exists"),
];

#[test]
fn every_broken_file_is_reported_with_its_file_and_line() {
    let dir = repo_path("tests/fixtures/broken");
    let errors = content::load(&dir)
        .expect_err("the fixture is broken")
        .errors;
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    for (file, line, words) in BROKEN {
        let place = format!("{}:{line}: ", dir.join(file).display());
        assert!(
            shown
                .iter()
                .any(|e| e.starts_with(&place) && e.contains(words)),
            "no error `{place}…{words}…` among:\n{}",
            shown.join("\n")
        );
    }
    assert_eq!(errors.len(), BROKEN.len(), "{}", shown.join("\n"));
}

#[test]
fn a_missing_content_folder_says_what_is_missing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let errors = content::load(dir.path())
        .expect_err("nothing to load")
        .to_string();
    assert!(errors.contains("site.toml: missing file"), "{errors}");
    assert!(errors.contains("_index.md: missing file"), "{errors}");
}

#[test]
fn stray_files_are_reported_not_ignored() {
    let dir = common::content_copy();
    std::fs::write(dir.path().join("notes.md"), "hello").expect("write");
    std::fs::write(dir.path().join("partnerships/brno.txt"), "hello").expect("write");
    std::fs::write(dir.path().join("partnerships/.brno.md.swp"), "x").expect("write");
    let errors = content::load(dir.path())
        .expect_err("stray files")
        .to_string();
    assert!(errors.contains("notes.md: unexpected file"), "{errors}");
    assert!(errors.contains("brno.txt: unexpected"), "{errors}");
    assert!(!errors.contains(".swp"), "{errors}");
}

#[test]
fn a_page_cannot_take_a_reserved_address() {
    let dir = common::content_copy();
    std::fs::write(
        dir.path().join("pages/static.md"),
        "+++\ntitle = \"Static\"\ndescription = \"d\"\n+++\nText.\n",
    )
    .expect("write");
    let errors = content::load(dir.path()).expect_err("reserved").to_string();
    assert!(
        errors.contains("static.md:1:1: slug: `static` is reserved"),
        "{errors}"
    );
}

#[test]
fn a_large_site_loads_on_every_core_with_every_problem_in_order() {
    // Hundreds of files in a section are loaded in parallel; what the threads find must read
    // as if one thread had read every file, in order.
    let dir = tempfile::tempdir().expect("temporary folder");
    international_leeds::generate::generate_site(&repo_path("content"), dir.path(), 600)
        .expect("generate");
    let site = content::load(dir.path()).expect("the generated site is valid");
    let pages = site.pages.len();
    assert!(pages >= 200, "{pages} pages: too few to load in parallel");

    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("pages"))
        .expect("pages")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".md") && name != "_index.md")
        .collect();
    names.sort_unstable();
    let broken = [&names[0], &names[names.len() / 2], &names[names.len() - 1]];
    for name in broken {
        std::fs::write(
            dir.path().join("pages").join(name),
            "+++\ntitle = \"Broken\"\ndescription = \"d\"\ncolour = \"red\"\n+++\nText.\n",
        )
        .expect("write");
    }
    let errors = content::load(dir.path())
        .expect_err("three broken pages")
        .errors;
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expected: Vec<String> = broken
        .iter()
        .map(|name| format!("{}:4:1: ", dir.path().join("pages").join(name).display()))
        .collect();
    let unknown: Vec<&String> = shown
        .iter()
        .filter(|e| e.contains("unknown field `colour`"))
        .collect();
    assert_eq!(unknown.len(), 3, "{}", shown.join("\n"));
    for (error, place) in unknown.iter().zip(&expected) {
        assert!(error.starts_with(place), "{error} is not at {place}");
    }
}
