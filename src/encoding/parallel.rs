//! A whole site's bodies prepared on every core, each core packing its share into one block
//! of memory (see [`Packer`]).

use bytes::Bytes;

use super::{Effort, Encoded, Packer};

/// Prepares every body (each with whether it is worth compressing), in order. Each body is
/// let go once it is in its block, so that a build holds the site about once, not twice.
pub fn pack_all(mut bodies: Vec<(Bytes, bool)>) -> Vec<Encoded> {
    let effort = Effort::for_site(bodies.len());
    let threads = crate::limits::build_threads();
    let chunk = bodies.len().div_ceil(threads).max(1);
    let mut chunks = Vec::new();
    while !bodies.is_empty() {
        let rest = bodies.split_off(chunk.min(bodies.len()));
        chunks.push(std::mem::replace(&mut bodies, rest));
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let bytes = chunk.iter().map(|(body, _)| body.len()).sum();
                    let mut packer = Packer::new(effort, bytes);
                    let packed = chunk
                        .into_iter()
                        .map(|(body, compressible)| packer.add(&body, compressible))
                        .collect();
                    packer.finish(packed)
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("compression does not panic"))
            .collect()
    })
}
