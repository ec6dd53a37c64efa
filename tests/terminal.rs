//! The binary in a real terminal: a pseudo-terminal whose size was never set (it reports 0 columns),
//! as `script`, `ssh -T` or a CI runner gives. A bulk report long enough to draw the progress bar
//! must finish (drawing the bar from a worker thread once hung it for ever) and print tables that
//! can be read (a terminal of 0 columns once got one character per column).
#![cfg(unix)]

mod common;

use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Opens a pseudo-terminal: (controller, the terminal's own side). No size is set on it.
fn open_pty() -> (std::fs::File, OwnedFd) {
    // SAFETY: plain libc calls on descriptors this function owns; each result is checked.
    unsafe {
        let controller = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(controller >= 0, "posix_openpt failed");
        assert_eq!(libc::grantpt(controller), 0, "grantpt failed");
        assert_eq!(libc::unlockpt(controller), 0, "unlockpt failed");
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(
            libc::ptsname_r(controller, name.as_mut_ptr(), name.len()),
            0,
            "ptsname_r failed"
        );
        let terminal = libc::open(name.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        assert!(terminal >= 0, "cannot open the terminal side");
        (
            std::fs::File::from_raw_fd(controller),
            OwnedFd::from_raw_fd(terminal),
        )
    }
}

/// Runs the binary with `args` in `dir` on a fresh pseudo-terminal (standard input, output and
/// error, and its controlling terminal), with `env` set. Returns everything it wrote and its exit
/// status, or panics if it has not finished within `limit`.
fn run_in_terminal(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    limit: Duration,
) -> (String, std::process::ExitStatus) {
    let (mut controller, terminal) = open_pty();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("corroborate"));
    cmd.current_dir(dir).args(args).env_remove("COLUMNS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::from(terminal.try_clone().unwrap()))
        .stdout(Stdio::from(terminal.try_clone().unwrap()))
        .stderr(Stdio::from(terminal));
    // SAFETY: only async-signal-safe calls between fork and exec: a session of its own, with the
    // pseudo-terminal (its standard input by now) as controlling terminal.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            libc::ioctl(0, libc::TIOCSCTTY as _, 0);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    drop(cmd); // closes this process's copies of the terminal side
    let fd = controller.as_raw_fd();
    let start = Instant::now();
    let mut bytes = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "still running after {limit:?} (hung?); it wrote:\n{}",
                String::from_utf8_lossy(&bytes)
            );
        }
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut pfd, 1, left.as_millis().min(1000) as libc::c_int) };
        if ready <= 0 {
            continue;
        }
        match controller.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            // EIO: every descriptor of the terminal side is closed: the program has ended.
            Err(_) => break,
        }
    }
    let status = child.wait().unwrap();
    (String::from_utf8_lossy(&bytes).into_owned(), status)
}

/// The lines as a terminal would show them: each carriage return starts the line over (the bar
/// redraws itself so), and erase-line sequences are dropped.
fn screen_lines(raw: &str) -> Vec<String> {
    raw.replace("\u{1b}[2K", "")
        .split('\n')
        .map(|l| {
            l.rsplit('\r')
                .find(|p| !p.is_empty())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// `feed.csv` in `dir`: `rows` reports, `per_claim` to a claim, from `sources` sources over the
/// first `days` days of October 2024, every `refute_every`-th a refutation.
fn write_feed(
    dir: &std::path::Path,
    rows: usize,
    per_claim: usize,
    sources: usize,
    days: usize,
    refute_every: usize,
) {
    let mut csv = String::from("claim,source,stated,stance\n");
    for i in 0..rows {
        let stance = if i % refute_every == 0 {
            "refutes"
        } else {
            "supports"
        };
        csv += &format!(
            "c{:04},s{:03},2024-10-{:02},{stance}\n",
            i / per_claim,
            i % sources,
            1 + i % days
        );
    }
    std::fs::write(dir.join("feed.csv"), csv).unwrap();
}

#[test]
fn a_long_bulk_report_in_a_terminal_draws_its_bar_finishes_and_prints_readable_tables() {
    let dir = tempfile::tempdir().unwrap();
    // About 90 MB of triples, several seconds of work in a test build. The bar is drawn from the
    // start (CORROBORATE_PROGRESS_AFTER_MS=0; by default only runs longer than a second draw it,
    // and a fast machine finishes this one sooner): it is redrawn throughout the run, which is
    // what once hung it.
    let made = common::cmd(dir.path())
        .args(["synth", "--assertions", "6000000", "-o", "big.csv"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let (raw, status) = run_in_terminal(
        dir.path(),
        &["report", "big.csv", "--limit", "3"],
        &[("CORROBORATE_PROGRESS_AFTER_MS", "0")],
        Duration::from_secs(120),
    );
    assert!(status.success(), "exit {status:?}:\n{raw}");
    assert!(
        raw.contains("reading") || raw.contains("learning reliability"),
        "no progress bar was drawn:\n{raw}"
    );
    let lines = screen_lines(&raw);
    let header = lines
        .iter()
        .find(|l| l.contains("Source") && l.contains("Claims"))
        .unwrap_or_else(|| panic!("no sources table header in one line:\n{raw}"));
    assert!(header.contains("Reliability"), "{header}");
    // The terminal reports no width: tables fit 80 columns.
    let widest = lines
        .iter()
        .filter(|l| l.starts_with('│') || l.starts_with('┌'))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(
        (40..=80).contains(&widest),
        "tables are {widest} columns wide:\n{raw}"
    );
}

#[test]
fn a_terminal_without_a_width_takes_columns() {
    let (raw, status) = run_in_terminal(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["report"],
        &[("COLUMNS", "100")],
        Duration::from_secs(120),
    );
    assert!(status.success(), "exit {status:?}:\n{raw}");
    let lines = screen_lines(&raw);
    let widest = lines
        .iter()
        .filter(|l| l.starts_with('│'))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert_eq!(widest, 100, "{raw}");
    assert!(lines.iter().any(|l| l.contains("│ Claim ")), "{raw}");
}

#[test]
fn an_html_page_of_a_bulk_feed_in_a_terminal_shows_its_cards_being_drawn_and_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    // 600 claims of 5 reports each: three blocks of timeline cards.
    write_feed(dir.path(), 3000, 5, 97, 28, 4);
    let (raw, status) = run_in_terminal(
        dir.path(),
        &["report", "feed.csv", "--format", "html", "-o", "page.html"],
        &[("CORROBORATE_PROGRESS_AFTER_MS", "0")],
        Duration::from_secs(120),
    );
    assert!(status.success(), "exit {status:?}:\n{raw}");
    assert!(
        raw.contains("drawing timelines: 600 of 600"),
        "no progress on the cards:\n{raw}"
    );
    let page = std::fs::read_to_string(dir.path().join("page.html")).unwrap();
    assert_eq!(page.matches("<article class=\"card\"").count(), 600);
    assert!(
        page.trim_end().ends_with("</html>"),
        "{}",
        &page[page.len() - 200..]
    );
}

#[test]
fn every_timeline_printed_to_a_terminal_is_never_broken_by_the_progress_line() {
    let dir = tempfile::tempdir().unwrap();
    // 1 200 claims of 3 reports each: the sweep takes three blocks, and its tables go to the
    // terminal the bar is drawn on (from the start: CORROBORATE_PROGRESS_AFTER_MS=0).
    write_feed(dir.path(), 3600, 3, 41, 3, 3);
    let (raw, status) = run_in_terminal(
        dir.path(),
        &["timeline", "--all", "feed.csv"],
        &[("CORROBORATE_PROGRESS_AFTER_MS", "0")],
        Duration::from_secs(120),
    );
    assert!(status.success(), "exit {status:?}:\n{raw}");
    let lines = screen_lines(&raw);
    let heads = lines.iter().filter(|l| l.starts_with("Claim `c")).count();
    assert_eq!(heads, 1200, "{}", &raw[raw.len().saturating_sub(2000)..]);
    // Every table's last line survived whole, and no progress text is left among the tables.
    let bottoms = lines.iter().filter(|l| l.starts_with('└')).count();
    assert_eq!(bottoms, 1200);
    let first = lines.iter().position(|l| l.starts_with("Claim `")).unwrap();
    assert!(
        !lines[first..].iter().any(|l| l.contains("timelines:")),
        "the bar was drawn among the tables"
    );
}

#[test]
fn a_json_report_printed_to_a_terminal_is_not_split_by_the_progress_line() {
    let dir = tempfile::tempdir().unwrap();
    write_feed(dir.path(), 6000, 5, 97, 28, 4);
    let (raw, status) = run_in_terminal(
        dir.path(),
        &["report", "feed.csv", "--format", "json"],
        &[("CORROBORATE_PROGRESS_AFTER_MS", "0")],
        Duration::from_secs(120),
    );
    assert!(status.success(), "exit {status:?}:\n{raw}");
    let start = raw.find('{').unwrap();
    // The terminal shows what was written: it parses, with every claim (a pty ends lines "\r\n").
    let shown = raw[start..].replace("\r\n", "\n");
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap_or_else(|e| {
        panic!("{e}: {}", &shown[..shown.len().min(2000)]);
    });
    assert_eq!(v["claims"].as_array().unwrap().len(), 1200);
}

#[test]
fn a_bulk_ledger_read_in_a_terminal_shows_its_bytes_read_then_its_checking() {
    let dir = tempfile::tempdir().unwrap();
    // 2 MB of plain rows (read in blocks on every core) and the same with a quoted value (read
    // record by record): the bar counts the bytes of both readers, then names the check.
    write_feed(dir.path(), 60_000, 50, 97, 28, 4);
    let plain = std::fs::read_to_string(dir.path().join("feed.csv")).unwrap();
    let size = plain.len();
    std::fs::write(
        dir.path().join("quoted.csv"),
        plain.replacen("s001", "\"s001\"", 1),
    )
    .unwrap();
    for file in ["feed.csv", "quoted.csv"] {
        let (raw, status) = run_in_terminal(
            dir.path(),
            &[
                "report", file, "--format", "json", "-o", "out.json", "--force",
            ],
            &[("CORROBORATE_PROGRESS_AFTER_MS", "0")],
            Duration::from_secs(120),
        );
        assert!(status.success(), "exit {status:?}:\n{raw}");
        assert!(
            raw.contains("checking the ledger"),
            "{file}: no check named:\n{raw}"
        );
        // Each bar line says bytes read of the file's size, never more than it, and some say
        // more than none.
        let total = format!("/{:.2} MiB", size as f64 / 1_048_576.0);
        assert!(raw.contains(&total), "{file}: no bar of {total}:\n{raw}");
        let mut most = 0.0f64;
        for read in raw.split("reading").skip(1) {
            let Some(shown) = read.split(&total).next().filter(|_| read.contains(&total)) else {
                continue;
            };
            let words: Vec<&str> = shown.split_whitespace().collect();
            let bytes = match words.as_slice() {
                [.., n, "MiB"] => n.parse::<f64>().unwrap() * 1_048_576.0,
                [.., n, "KiB"] => n.parse::<f64>().unwrap() * 1024.0,
                [.., n, "B"] => n.parse::<f64>().unwrap(),
                _ => panic!("{file}: no count in {shown:?}"),
            };
            assert!(bytes <= size as f64 * 1.01, "{file}: {shown}");
            most = most.max(bytes);
        }
        assert!(most > 0.0, "{file}: the bar never moved:\n{raw}");
    }
}

#[test]
fn a_fit_in_a_terminal_counts_its_fits_then_prints_whole_tables() {
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthetic.toml");
    let (raw, status) = run_in_terminal(
        dir.path(),
        &["fit", fixture.to_str().unwrap(), "-o", "fitted.toml"],
        &[("CORROBORATE_PROGRESS_AFTER_MS", "0")],
        Duration::from_secs(300),
    );
    assert!(status.success(), "exit {status:?}:\n{raw}");
    // Six penalties × five folds, and the fit on every claim.
    assert!(raw.contains(" of 31 fits done"), "no count of fits:\n{raw}");
    let lines = screen_lines(&raw);
    let row = lines
        .iter()
        .find(|l| l.starts_with("│ aggregation.prior"))
        .unwrap_or_else(|| panic!("no whole row of the prior:\n{raw}"));
    assert!(!row.contains("fits done"), "{row}");
    assert!(
        lines.iter().any(|l| l.starts_with("Wrote fitted.toml")),
        "{raw}"
    );
    assert!(dir.path().join("fitted.toml").is_file());
}
