//! `export`: the whole site as static files, byte for byte what the server sends, for any
//! static host or CDN.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::snapshot::Snapshot;

/// Writes every page as `path/index.html`, every asset, the sitemap, robots.txt and
/// `404.html` into `dir`, which must be empty or new. Returns the number of files written.
pub fn export(snapshot: &Snapshot, dir: &Path) -> io::Result<usize> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} is not empty; export into an empty or new folder",
            dir.display()
        )));
    }
    fs::create_dir_all(dir)?;
    let mut written = 0;
    for path in snapshot.paths() {
        let resource = snapshot.file(path).expect("listed paths exist");
        let target = file_for(dir, path)
            .ok_or_else(|| io::Error::other(format!("cannot export the address {path}")))?;
        write(&target, &resource.body.identity)?;
        written += 1;
    }
    if let Some(not_found) = snapshot.not_found() {
        write(&dir.join("404.html"), &not_found.body.identity)?;
        written += 1;
    }
    Ok(written)
}

/// Where the file for the address `path` goes: `/a/` is `a/index.html`, `/a.css` is `a.css`.
fn file_for(dir: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    // Addresses come from file names in content/ and static/, but never trust a path.
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = dir.join(relative);
    if path.ends_with('/') {
        file.push("index.html");
    }
    Some(file)
}

fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_map_to_files_inside_the_folder() {
        let dir = Path::new("/out");
        assert_eq!(file_for(dir, "/"), Some(PathBuf::from("/out/index.html")));
        assert_eq!(
            file_for(dir, "/twinning/lille/"),
            Some(PathBuf::from("/out/twinning/lille/index.html"))
        );
        assert_eq!(
            file_for(dir, "/static/style.1.css"),
            Some(PathBuf::from("/out/static/style.1.css"))
        );
        assert_eq!(file_for(dir, "/../etc/"), None);
    }
}
