//! The binary as ops run it: a process on a loopback port.

mod common;

use common::start_server as start;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

const BINARY: &str = env!("CARGO_BIN_EXE_international-leeds");

fn http_get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

#[test]
fn serves_the_bundled_content_on_loopback() {
    let server = start(&[]);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
    let home = http_get(&server.address, "/");
    assert!(home.starts_with("HTTP/1.1 200 OK"), "{home}");
    assert!(home.contains("<h1>International Leeds</h1>"));
    let missing = http_get(&server.address, "/nowhere/");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
}

#[test]
fn refuses_to_start_on_broken_content_and_lists_every_problem() {
    let output = Command::new(BINARY)
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
    let output = Command::new(BINARY).arg("--help").output().expect("runs");
    let help = String::from_utf8_lossy(&output.stdout);
    for flag in ["--bind", "--port", "--content", "--static", "[env: PORT="] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
}
