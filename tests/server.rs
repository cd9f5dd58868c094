//! The binary as ops run it: a process on a loopback port.

mod common;

use common::start_server as start;

#[test]
fn serves_the_bundled_content_on_loopback() {
    let server = start(&[]);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("<h1>International Leeds</h1>"));
    assert_eq!(server.get("/nowhere/").0, 404);
}

#[test]
fn refuses_to_start_on_broken_content_and_lists_every_problem() {
    let output = common::binary()
        .args(["--content", "tests/fixtures/broken"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PORT", "0")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the content has 19 problems"), "{stderr}");
    assert!(
        stderr.contains(
            "tests/fixtures/broken/partnerships/unknown-field.md:3:1: unknown field `contry`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("tests/fixtures/broken/priorities/latin1.md:3:15:"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "it never claims to serve");
}

#[test]
fn help_documents_every_flag() {
    let output = common::binary().arg("--help").output().expect("runs");
    let help = String::from_utf8_lossy(&output.stdout);
    for flag in ["--bind", "--port", "--content", "--static", "[env: PORT="] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
}
