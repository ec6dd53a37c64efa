//! The seeded monitoring feed of `benches/feed.sh`: a bulk ledger's reports file
//! (`claim,source,stated,stance,via`) of the shape issue 15 measured, or the same reports as a TOML
//! ledger.
//!
//!     cargo run --release --example feed -- REPORTS [SEED] [csv|toml] > feed.csv
//!
//! Shape: one claim per 50 reports (20 000 claims per million), 2 000 sources, a quarter of the
//! reports refutations (the rest support), statement dates uniform over the 366 days of 2024, one
//! report in ten relayed by one other source. The same arguments always give the same bytes
//! (splitmix64, no system randomness).

use std::io::{BufWriter, Write};

/// splitmix64 (Steele, Lea & Flood 2014): a small, seedable generator whose outputs pass BigCrush.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (the bias of a 64-bit modulo is below 2^-40 for these n).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SOURCES: u64 = 2_000;
const REPORTS_PER_CLAIM: u64 = 50;

/// 2024 is a leap year: day 0 is 1 January, day 365 is 31 December.
fn date(day: u64) -> String {
    const MONTHS: [u64; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = day;
    for (m, &len) in MONTHS.iter().enumerate() {
        if d < len {
            return format!("2024-{:02}-{:02}", m + 1, d + 1);
        }
        d -= len;
    }
    unreachable!("day {day} is past 2024")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(n) = args.next().and_then(|s| s.parse::<u64>().ok()) else {
        eprintln!("usage: feed REPORTS [SEED] [csv|toml]");
        std::process::exit(2);
    };
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let toml = match args.next().as_deref() {
        None | Some("csv") => false,
        Some("toml") => true,
        Some(other) => {
            eprintln!("unknown format `{other}`: expected csv or toml");
            std::process::exit(2);
        }
    };
    let claims = (n / REPORTS_PER_CLAIM).max(1);
    let mut rng = Rng(seed);
    let out = std::io::stdout().lock();
    let mut w = BufWriter::with_capacity(1 << 20, out);
    let dates: Vec<String> = (0..366).map(date).collect();
    let result = (|| -> std::io::Result<()> {
        if toml {
            writeln!(w, "# corroborate feed: {n} reports, seed {seed}")?;
            for s in 0..SOURCES {
                writeln!(
                    w,
                    "[[sources]]\nid = \"s{s:04}\"\nname = \"Source {s}\"\nkind = \"other\"\n"
                )?;
            }
            for c in 0..claims {
                writeln!(
                    w,
                    "[[claims]]\nid = \"c{c:07}\"\nstatement = \"Claim {c}\"\n"
                )?;
            }
        } else {
            writeln!(w, "claim,source,stated,stance,via")?;
        }
        for i in 0..n {
            let claim = rng.below(claims);
            let source = rng.below(SOURCES);
            let day = rng.below(366) as usize;
            let stance = if rng.below(4) == 0 {
                "refutes"
            } else {
                "supports"
            };
            let via = if rng.below(10) == 0 {
                // Any source but the speaker.
                Some((source + 1 + rng.below(SOURCES - 1)) % SOURCES)
            } else {
                None
            };
            if toml {
                write!(
                    w,
                    "[[reports]]\nid = \"r{:08}\"\nclaim = \"c{claim:07}\"\nsource = \"s{source:04}\"\nstance = \"{stance}\"\nstated = {}\n",
                    i + 1,
                    dates[day]
                )?;
                match via {
                    Some(v) => writeln!(w, "via = [\"s{v:04}\"]\n")?,
                    None => writeln!(w)?,
                }
            } else {
                write!(w, "c{claim:07},s{source:04},{},{stance},", dates[day])?;
                match via {
                    Some(v) => writeln!(w, "s{v:04}")?,
                    None => writeln!(w)?,
                }
            }
        }
        w.flush()
    })();
    if let Err(e) = result
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("cannot write the feed: {e}");
        std::process::exit(1);
    }
}
