//! Bodies prepared on every core (the static files: the pages are packed as they are
//! rendered), each core packing its share into one block of memory (see [`Packer`]).

use bytes::Bytes;

use super::{Effort, Encoded, Packer};

/// Prepares every body (each with whether it is worth compressing), in order, with `effort`.
/// Each body is let go once it is in its block, so that a build holds them about once.
pub fn pack_all(mut bodies: Vec<(Bytes, bool)>, effort: Effort) -> Vec<Encoded> {
    let threads = crate::limits::build_threads();
    // Shares of about the same number of bytes, not of bodies: one long body (a static file
    // may be 16 MB) would otherwise keep one core working alone.
    let total: usize = bodies.iter().map(|(body, _)| body.len()).sum();
    let share = total.div_ceil(threads).max(1);
    let mut chunks = Vec::new();
    while !bodies.is_empty() {
        let mut bytes = 0;
        let last_share = chunks.len() + 1 == threads;
        let cut = bodies
            .iter()
            .position(|(body, _)| {
                bytes += body.len();
                bytes >= share && !last_share
            })
            .map_or(bodies.len(), |last| last + 1);
        let rest = bodies.split_off(cut);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_body_comes_back_in_order_whatever_the_shares() {
        let bodies: Vec<(Bytes, bool)> = [10, 6_000, 30, 0, 400_000, 7]
            .iter()
            .map(|&n| (Bytes::from(vec![b'a'; n]), true))
            .collect();
        let sizes: Vec<usize> = pack_all(bodies.clone(), Effort::for_site(bodies.len()))
            .iter()
            .map(|encoded| encoded.identity.len())
            .collect();
        assert_eq!(sizes, [10, 6_000, 30, 0, 400_000, 7]);
    }
}
