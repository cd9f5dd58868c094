//! Raw HTML in a content file reaches visitors only as inert, sanitised markup.

mod common;

use international_leeds::snapshot::{BuildOptions, Snapshot};

#[tokio::test]
async fn hostile_html_in_a_page_comes_out_inert() {
    let dir = common::content_copy();
    std::fs::write(
        dir.path().join("pages/hostile.md"),
        concat!(
            "+++\ntitle = \"Hostile\"\ndescription = \"d\"\n+++\n",
            "Before <script>alert('x')</script> after.\n\n",
            "<img src=\"/static/world.svg\" onerror=\"alert(1)\" alt=\"x\">\n\n",
            "[a link](javascript:alert(2)) and <a href=\"JaVaScRiPt:alert(3)\">another</a>\n\n",
            "<form action=\"https://evil.example/\"><input name=\"q\"></form>\n\n",
            "<div onclick=\"alert(4)\" style=\"position:fixed\">boxed</div>\n",
        ),
    )
    .expect("write the page");
    let snapshot = Snapshot::build(
        dir.path(),
        &common::repo_path("static"),
        BuildOptions::public(),
    )
    .expect("the content is valid");
    let page =
        String::from_utf8(snapshot.page("/hostile/").expect("rendered").to_vec()).expect("UTF-8");
    let main = &page[page.find("<main").expect("main")..].to_lowercase();
    for bad in [
        "<script",
        "onerror",
        "javascript:",
        "onclick",
        "style=",
        "<form",
        "<input",
        "evil.example",
    ] {
        assert!(!main.contains(bad), "{bad} reached the page: {main}");
    }
    assert!(
        main.contains("before") && main.contains("boxed"),
        "the text survives"
    );
}
