//! The request path's counts, striped: each thread adds to a stripe of its own (tokio's
//! workers each take one), so that two cores never fight over a cache line for every request;
//! a scrape adds the stripes up. The sums are handed to the `prometheus` crate as its own
//! families (a [`Collector`]), which writes them out with the rest.

use prometheus::core::{Collector, Desc};
use prometheus::proto::{Bucket, Counter, Histogram, LabelPair, Metric, MetricFamily, MetricType};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

use super::{Kind, NAMESPACE};

const KINDS: usize = Kind::ALL.len();

/// The status classes, by the status's first digit less one.
const STATUS_CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// Latency buckets' upper bounds in nanoseconds: a page from memory is answered in tens of
/// microseconds, a search in a few milliseconds, and nothing takes longer than the request
/// timeout (10 s).
const BOUNDS: [u64; 19] = [
    10_000,
    25_000,
    50_000,
    100_000,
    250_000,
    500_000,
    1_000_000,
    2_500_000,
    5_000_000,
    10_000_000,
    25_000_000,
    50_000_000,
    100_000_000,
    250_000_000,
    500_000_000,
    1_000_000_000,
    2_500_000_000,
    5_000_000_000,
    10_000_000_000,
];

/// One thread's counts, alone on its cache lines.
#[repr(align(128))]
#[derive(Default)]
struct Stripe {
    /// By kind, then status class.
    requests: [[AtomicU64; 5]; KINDS],
    /// By kind, then bucket: each latency counted in the first bucket it fits, the last for
    /// those past every bound.
    latencies: [[AtomicU64; BOUNDS.len() + 1]; KINDS],
    nanoseconds: [AtomicU64; KINDS],
    bytes: [AtomicU64; KINDS],
}

/// Which stripe each thread adds to, given out in turn.
static NEXT_STRIPE: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static STRIPE: Cell<Option<usize>> = const { Cell::new(None) };
}

/// The number of the calling thread's stripe (to be taken modulo the number of stripes).
fn stripe_number() -> usize {
    STRIPE.with(|stripe| {
        stripe.get().unwrap_or_else(|| {
            let number = NEXT_STRIPE.fetch_add(1, Relaxed);
            stripe.set(Some(number));
            number
        })
    })
}

/// Requests by kind and status class, their latencies and body bytes; its clones share the
/// counts (one is registered, one counts).
#[derive(Clone)]
pub(super) struct Requests {
    stripes: Arc<[Stripe]>,
    descs: [Desc; 3],
}

const REQUESTS: &str = "http_requests_total";
const LATENCY: &str = "http_request_duration_seconds";
const BYTES: &str = "http_response_body_bytes_total";

impl Requests {
    pub fn new() -> Self {
        // Twice the cores: tokio's workers, and room for others, each with a stripe of its own.
        let cores = std::thread::available_parallelism().map_or(4, usize::from);
        let stripes = (cores * 2).clamp(4, 128);
        let desc = |name: &str, help: &str, labels: &[&str]| {
            Desc::new(
                format!("{NAMESPACE}_{name}"),
                help.to_string(),
                labels.iter().map(ToString::to_string).collect(),
                Default::default(),
            )
            .expect("a valid metric")
        };
        Self {
            stripes: (0..stripes).map(|_| Stripe::default()).collect(),
            descs: [
                desc(
                    REQUESTS,
                    "Requests answered, by kind of answer and status class.",
                    &["kind", "status"],
                ),
                desc(
                    LATENCY,
                    "Time from a request's head to its answer's head, by kind of answer.",
                    &["kind"],
                ),
                desc(
                    BYTES,
                    "Bytes of answers' bodies (compressed as sent; none for HEAD and 304), by kind.",
                    &["kind"],
                ),
            ],
        }
    }

    /// Counts one answer.
    pub fn add(&self, kind: Kind, status: u16, bytes: u64, latency: Duration) {
        let stripe = &self.stripes[stripe_number() % self.stripes.len()];
        let kind = kind as usize;
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        stripe.requests[kind][class].fetch_add(1, Relaxed);
        let nanoseconds = u64::try_from(latency.as_nanos()).unwrap_or(u64::MAX);
        let bucket = BOUNDS
            .iter()
            .position(|&bound| nanoseconds <= bound)
            .unwrap_or(BOUNDS.len());
        stripe.latencies[kind][bucket].fetch_add(1, Relaxed);
        stripe.nanoseconds[kind].fetch_add(nanoseconds, Relaxed);
        if bytes > 0 {
            stripe.bytes[kind].fetch_add(bytes, Relaxed);
        }
    }

    /// The sum over the stripes of what `field` picks.
    fn total(&self, field: impl Fn(&Stripe) -> &AtomicU64) -> u64 {
        self.stripes
            .iter()
            .map(|stripe| field(stripe).load(Relaxed))
            .fold(0, u64::wrapping_add)
    }
}

fn labels(pairs: &[(&str, &str)]) -> Vec<LabelPair> {
    pairs
        .iter()
        .map(|(name, value)| {
            let mut pair = LabelPair::default();
            pair.set_name((*name).to_string());
            pair.set_value((*value).to_string());
            pair
        })
        .collect()
}

fn family(desc: &Desc, kind: MetricType, metrics: Vec<Metric>) -> MetricFamily {
    let mut family = MetricFamily::default();
    family.set_name(desc.fq_name.clone());
    family.set_help(desc.help.clone());
    family.set_field_type(kind);
    family.set_metric(metrics);
    family
}

fn counter(label_pairs: &[(&str, &str)], value: u64) -> Metric {
    let mut counter = Counter::default();
    counter.set_value(value as f64);
    let mut metric = Metric::from_label(labels(label_pairs));
    metric.set_counter(counter);
    metric
}

impl Requests {
    fn histogram(&self, kind: usize) -> Histogram {
        let mut cumulative = 0;
        let buckets = BOUNDS
            .iter()
            .enumerate()
            .map(|(i, &bound)| {
                cumulative += self.total(|stripe| &stripe.latencies[kind][i]);
                let mut bucket = Bucket::default();
                bucket.set_cumulative_count(cumulative);
                bucket.set_upper_bound(bound as f64 / 1e9);
                bucket
            })
            .collect();
        let past_every_bound = self.total(|stripe| &stripe.latencies[kind][BOUNDS.len()]);
        let mut histogram = Histogram::default();
        histogram.set_bucket(buckets);
        histogram.set_sample_count(cumulative + past_every_bound);
        histogram.set_sample_sum(self.total(|stripe| &stripe.nanoseconds[kind]) as f64 / 1e9);
        histogram
    }
}

impl Collector for Requests {
    fn desc(&self) -> Vec<&Desc> {
        self.descs.iter().collect()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let mut requests = Vec::new();
        let mut latencies = Vec::new();
        let mut bytes = Vec::new();
        for kind in Kind::ALL {
            let (k, label) = (kind as usize, kind.label());
            for (class, status) in STATUS_CLASSES.iter().enumerate() {
                let count = self.total(|stripe| &stripe.requests[k][class]);
                requests.push(counter(&[("kind", label), ("status", status)], count));
            }
            let mut latency = Metric::from_label(labels(&[("kind", label)]));
            latency.set_histogram(self.histogram(k));
            latencies.push(latency);
            let sent = self.total(|stripe| &stripe.bytes[k]);
            bytes.push(counter(&[("kind", label)], sent));
        }
        let [requests_desc, latency_desc, bytes_desc] = &self.descs;
        vec![
            family(requests_desc, MetricType::COUNTER, requests),
            family(latency_desc, MetricType::HISTOGRAM, latencies),
            family(bytes_desc, MetricType::COUNTER, bytes),
        ]
    }
}
