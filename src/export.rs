//! `export`: the whole site as static files, byte for byte what the server sends, for any
//! static host or CDN.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::snapshot::Snapshot;

/// Writes every page as `path/index.html`, every asset, the sitemap, robots.txt, `404.html`
/// and each translated language's (`fr/404.html`) into `dir`, which must be empty or new.
/// Returns the number of files written.
///
/// The files go into a new folder beside `dir`, made by the export itself, each created anew
/// (never through a path that is already there, such as a planted symlink); only when all
/// are written does that folder take `dir`'s place. An export stopped half-way leaves `dir`
/// as it was, and a folder named `.{name}.export-…` beside it, to delete.
pub fn export(snapshot: &Snapshot, dir: &Path) -> io::Result<usize> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} is not empty; export into an empty or new folder",
            dir.display()
        )));
    }
    let staging = staging_folder(dir)?;
    let written = write_all(snapshot, &staging).and_then(|written| {
        // An empty folder gives way; one that is not empty (filled meanwhile) stops the export.
        if dir.exists() {
            fs::remove_dir(dir).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("{} cannot be replaced: {e}", dir.display()),
                )
            })?;
        }
        fs::rename(&staging, dir)?;
        Ok(written)
    });
    if written.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    written
}

/// A new, empty folder beside `dir`, for the export to fill.
fn staging_folder(dir: &Path) -> io::Result<PathBuf> {
    let name = dir
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} is not a folder name", dir.display())))?;
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let staging = parent.join(format!(
        ".{}.export-{}-{started}",
        name.to_string_lossy(),
        std::process::id()
    ));
    // `create_dir`, not `create_dir_all`: a folder already there is not ours.
    fs::create_dir(&staging)?;
    Ok(staging)
}

/// Writes every file of `snapshot` into `dir`.
fn write_all(snapshot: &Snapshot, dir: &Path) -> io::Result<usize> {
    let mut written = 0;
    for path in snapshot.paths() {
        let resource = snapshot.file(path).expect("listed paths exist");
        let target = file_for(dir, path)
            .ok_or_else(|| io::Error::other(format!("cannot export the address {path}")))?;
        write(dir, &target, &resource.body.identity)?;
        written += 1;
    }
    if let Some(not_found) = snapshot.not_found() {
        write(dir, &dir.join("404.html"), &not_found.body.identity)?;
        written += 1;
    }
    // Hosts that look for the nearest 404.html (Cloudflare Pages, for one) then answer in the
    // language of the address asked for, as the server does.
    for (prefix, not_found) in snapshot.not_found_in_languages() {
        let target = file_for(dir, &format!("{prefix}/404.html"))
            .ok_or_else(|| io::Error::other(format!("cannot export the 404 page of {prefix}")))?;
        write(dir, &target, &not_found.body.identity)?;
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

/// Writes `bytes` to a new file at `path`, below `root`, making the folders between: each
/// folder and the file must not exist yet, so nothing already there is followed.
fn write(root: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let with_path = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    let relative = path.strip_prefix(root).map_err(io::Error::other)?;
    let mut folder = root.to_path_buf();
    if let Some(parents) = relative.parent() {
        for part in parents.components() {
            folder.push(part);
            match fs::create_dir(&folder) {
                // Made by this export for an earlier file: a real folder, not a link.
                Err(e)
                    if e.kind() == io::ErrorKind::AlreadyExists
                        && fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) => {}
                other => other.map_err(with_path)?,
            }
        }
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(with_path)?;
    io::Write::write_all(&mut file, bytes).map_err(with_path)
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

    #[cfg(unix)]
    #[test]
    fn a_file_is_never_written_through_a_path_already_there() {
        let root = tempfile::tempdir().expect("a folder");
        let victim = root.path().join("victim");
        fs::write(&victim, "precious").expect("the victim");
        let out = root.path().join("out");
        fs::create_dir(&out).expect("out");
        std::os::unix::fs::symlink(&victim, out.join("sitemap.xml")).expect("a planted link");
        std::os::unix::fs::symlink(root.path(), out.join("static")).expect("a planted folder");
        assert!(write(&out, &out.join("sitemap.xml"), b"<urlset/>").is_err());
        assert!(write(&out, &out.join("static/victim"), b"x").is_err());
        assert_eq!(fs::read_to_string(&victim).expect("the victim"), "precious");
        write(&out, &out.join("a/b/index.html"), b"page").expect("a new file");
        write(&out, &out.join("a/c.css"), b"css").expect("beside it");
        assert_eq!(
            fs::read(out.join("a/b/index.html")).expect("written"),
            b"page"
        );
    }
}
