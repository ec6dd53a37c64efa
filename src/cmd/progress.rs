//! The progress bar of long bulk runs, on stderr.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::bulk::Progress;

/// Progress on stderr for runs longer than a second: nothing is drawn before then, nor ever when
/// stderr is not a terminal (indicatif hides its bar then).
pub struct CliProgress {
    start: Instant,
    after: Duration,
    total: Option<u64>,
    done: AtomicU64,
    bar: OnceLock<indicatif::ProgressBar>,
    /// Set once output goes to the terminal the bar is drawn on: from then on nothing is drawn.
    stopped: AtomicBool,
    /// The message the bar is drawn with first.
    first: &'static str,
}

impl CliProgress {
    /// Progress of reading `total` bytes (unknown: `None`), then of the phases that follow.
    pub fn new(total: Option<u64>) -> CliProgress {
        CliProgress::starting(total, "reading")
    }

    /// Progress of work that reads nothing (fitting), by its phases only.
    pub fn phases() -> CliProgress {
        CliProgress::starting(None, "working")
    }

    fn starting(total: Option<u64>, first: &'static str) -> CliProgress {
        CliProgress {
            start: Instant::now(),
            after: delay(
                std::env::var("CORROBORATE_PROGRESS_AFTER_MS")
                    .ok()
                    .as_deref(),
            ),
            total,
            done: AtomicU64::new(0),
            bar: OnceLock::new(),
            stopped: AtomicBool::new(false),
            first,
        }
    }

    fn bar(&self) -> Option<&indicatif::ProgressBar> {
        if self.stopped.load(Ordering::Relaxed) {
            return None;
        }
        if let Some(b) = self.bar.get() {
            return Some(b);
        }
        if self.start.elapsed() < self.after {
            return None;
        }
        Some(self.bar.get_or_init(|| {
            let target = indicatif::ProgressDrawTarget::stderr();
            let b = match self.total {
                Some(n) => {
                    let b = indicatif::ProgressBar::with_draw_target(Some(n), target);
                    if let Ok(style) = indicatif::ProgressStyle::with_template(
                        "{msg} {wide_bar} {bytes}/{total_bytes} ({eta})",
                    ) {
                        b.set_style(style);
                    }
                    b
                }
                // No size to count against (standard input, or work that is not reading): a
                // spinner, never an empty bar of "0/0".
                None => {
                    let b = indicatif::ProgressBar::with_draw_target(None, target);
                    if let Ok(style) =
                        indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    {
                        b.set_style(style);
                    }
                    b
                }
            };
            b.set_message(self.first);
            b
        }))
    }

    /// A phase without byte counts (learning): a spinner, if the run is already long.
    pub fn phase(&self, msg: &str) {
        if let Some(b) = self.bar() {
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            {
                b.set_style(style);
            }
            b.set_message(msg.to_string());
            b.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Output is about to be written to standard output while work goes on: if that is a
    /// terminal (where stderr's bar is drawn too), the bar is cleared for good, so that its
    /// redrawing never erases or splits a line of the output on the screen.
    pub fn before_stdout(&self) {
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() {
            self.stopped.store(true, Ordering::Relaxed);
            self.finish();
        }
    }

    pub fn finish(&self) {
        if let Some(b) = self.bar.get() {
            b.finish_and_clear();
        }
    }
}

/// How long a run goes before its bar is drawn: a second (a shorter run is over before a bar
/// would say anything), or the milliseconds of `CORROBORATE_PROGRESS_AFTER_MS` (0: at once; the
/// terminal tests use it, so that whether a bar is drawn does not depend on the machine's speed).
fn delay(ms: Option<&str>) -> Duration {
    ms.and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

impl Progress for CliProgress {
    fn advance(&self, bytes: u64) {
        let done = self.done.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if let Some(b) = self.bar() {
            b.set_position(done);
        }
    }
    fn phase(&self, msg: &str) {
        CliProgress::phase(self, msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_waits_a_second_unless_told_otherwise() {
        assert_eq!(delay(None), Duration::from_secs(1));
        assert_eq!(delay(Some("0")), Duration::ZERO);
        assert_eq!(delay(Some(" 250 ")), Duration::from_millis(250));
        // Not a number of milliseconds: the default.
        assert_eq!(delay(Some("soon")), Duration::from_secs(1));
        assert_eq!(delay(Some("-5")), Duration::from_secs(1));
    }
}
