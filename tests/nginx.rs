//! The documented nginx configuration (docs/nginx/international-leeds.conf), run by a real
//! nginx on loopback in front of the binary: pages, headers, 304s and a content reload.
//!
//! Needs nginx (`apt-get install nginx`). Without it the test says so loudly and passes; with
//! `CI=true` a missing nginx is a failure.

mod common;

use common::{DEADLINE, raw, start_server, wait_until, write};
use std::io::Write as _;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};

struct Nginx {
    child: Child,
    address: String,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx_ready() -> bool {
    let found = Command::new("nginx")
        .arg("-v")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let message = "\n\n*** NGINX TEST NOT RUN: no nginx (apt-get install nginx) ***\n\n";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        let _ = std::io::stderr().write_all(message.as_bytes());
    }
    found
}

/// The documented site configuration, pointed at `app` and listening on `port`.
fn site_config(app: &str, port: u16) -> String {
    let documented =
        std::fs::read_to_string(common::repo_path("docs/nginx/international-leeds.conf"))
            .expect("the documented config");
    for line in [
        "    listen 80;\n",
        "    listen [::]:80;\n",
        "    server 127.0.0.1:3000 ",
    ] {
        assert!(
            documented.contains(line),
            "the documented config no longer has `{line}`"
        );
    }
    documented
        .replace(
            "    listen 80;\n",
            &format!("    listen 127.0.0.1:{port};\n"),
        )
        .replace("    listen [::]:80;\n", "")
        .replace("    server 127.0.0.1:3000 ", &format!("    server {app} "))
}

fn start_nginx(dir: &Path, app: &str) -> Nginx {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("address")
        .port();
    std::fs::write(dir.join("site.conf"), site_config(app, port)).expect("write site.conf");
    let d = dir.display();
    let main = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
         events {{ worker_connections 128; }}\n\
         http {{\n  access_log {d}/access.log;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
           fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
           include {d}/site.conf;\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), main).expect("write nginx.conf");
    let child = Command::new("nginx")
        .args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts");
    let address = format!("127.0.0.1:{port}");
    let up = wait_until(DEADLINE, || std::net::TcpStream::connect(&address).is_ok());
    let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
    assert!(up, "nginx did not start: {log}");
    Nginx { child, address }
}

/// A GET through nginx with extra header lines: the status line, the headers (lowercase
/// names) and the body.
fn get(address: &str, path: &str, headers: &str) -> (String, String, Vec<u8>) {
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: international-leeds.example.org\r\n{headers}Connection: close\r\n\r\n"
    );
    let response = raw(address, request.as_bytes());
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    let (status, headers) = head.split_once("\r\n").expect("a status line");
    let headers = headers
        .lines()
        .map(|line| match line.split_once(':') {
            Some((name, value)) => format!("{}:{}", name.to_lowercase(), value),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let body = response[split + 4..].to_vec();
    (status.to_string(), headers, body)
}

fn header<'a>(headers: &'a str, name: &str) -> Option<&'a str> {
    headers
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name}:")))
        .map(str::trim)
}

#[test]
fn the_documented_nginx_config_serves_the_site() {
    if !nginx_ready() {
        return;
    }
    let content = common::content_copy();
    let app = start_server(&["--content", content.path().to_str().expect("UTF-8")]);
    let prefix = tempfile::tempdir().expect("a folder for nginx");
    let nginx = start_nginx(prefix.path(), &app.address);

    let (status, headers, body) = get(&nginx.address, "/partnerships/lille/", "");
    assert!(status.ends_with("200 OK"), "{status}");
    assert!(String::from_utf8_lossy(&body).contains("primary schools"));
    assert!(
        header(&headers, "content-security-policy")
            .is_some_and(|v| v.contains("default-src 'none'")),
        "{headers}"
    );
    assert_eq!(
        header(&headers, "cache-control"),
        Some("public, max-age=60")
    );
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
    assert_eq!(
        header(&headers, "server"),
        Some("nginx"),
        "no version: {headers}"
    );

    let (_, headers, _) = get(
        &nginx.address,
        "/partnerships/lille/",
        "Accept-Encoding: br, gzip\r\n",
    );
    assert_eq!(
        header(&headers, "content-encoding"),
        Some("br"),
        "{headers}"
    );
    assert_eq!(header(&headers, "vary"), Some("accept-encoding"));
    let etag = header(&headers, "etag")
        .expect("an ETag through nginx")
        .to_string();
    assert!(etag.ends_with("-br\""), "{etag}");

    let (status, _, body) = get(
        &nginx.address,
        "/partnerships/lille/",
        &format!("Accept-Encoding: br, gzip\r\nIf-None-Match: {etag}\r\n"),
    );
    assert!(status.ends_with("304 Not Modified"), "{status}");
    assert!(body.is_empty());

    let (status, _, body) = get(&nginx.address, "/no-such-page/", "");
    assert!(status.contains(" 404 "), "{status}");
    assert!(String::from_utf8_lossy(&body).contains("Page not found"));
    let (status, headers, _) = get(&nginx.address, "/partnerships", "");
    assert!(status.contains(" 301 "), "{status}");
    assert_eq!(header(&headers, "location"), Some("/partnerships/"));

    write(
        content.path(),
        "pages/local-partnerships.md",
        "+++\ntitle = \"Local partnerships\"\ndescription = \"d\"\nmenu = 4\n+++\nReloaded behind nginx.\n",
    );
    assert!(
        wait_until(DEADLINE, || {
            String::from_utf8_lossy(&get(&nginx.address, "/local-partnerships/", "").2)
                .contains("Reloaded behind nginx.")
        }),
        "the reload did not show through nginx"
    );
    let (_, _, health) = get(&nginx.address, "/healthz", "");
    assert!(String::from_utf8_lossy(&health).contains("\"status\":\"ok\""));
}
