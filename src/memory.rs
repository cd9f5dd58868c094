//! How the server keeps its memory near the size of the site it serves: glibc's allocator
//! otherwise holds on to memory a reload has freed.

/// Caps glibc's arenas at two, unless `MALLOC_ARENA_MAX` says otherwise. By default every
/// thread that builds the site may get an arena of its own, and each keeps some of what it
/// freed: for a site of 10,000 pages, the server settles at about 175 MB after reloads with
/// two arenas against about 210 MB without the cap, with no loss of speed (see
/// docs/performance.md).
/// Call before starting threads.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only tunes the allocator; called before other threads start.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// Hands back to the system the memory freed by building a site and by dropping the one it
/// replaced. glibc keeps freed memory in its arenas, so without this the resident size
/// stays at its peak after the first build and creeps up with each reload.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it is safe at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
