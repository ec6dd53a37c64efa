//! Interrupted runs leave no partial file: Ctrl-C (SIGINT), SIGTERM and SIGHUP during a write remove
//! the temporary file, and the process ends by the signal.
#![cfg(unix)]

mod common;

use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

fn temporary_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".corroborate-"))
        .collect()
}

fn interrupt_a_write(signal: libc::c_int) {
    let dir = tempfile::tempdir().unwrap();
    // Hundreds of millions of assertions: minutes of writing, stopped as soon as it has begun.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("corroborate"))
        .current_dir(dir.path())
        .args(["synth", "--assertions", "500000000", "-o", "t.csv"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while temporary_files(dir.path()).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: sends a signal to the child this test started.
    unsafe {
        libc::kill(child.id() as libc::pid_t, signal);
    }
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(signal), "{status:?}");
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());
    assert!(!dir.path().join("t.csv").exists());
}

#[test]
fn sigterm_removes_the_file_being_written() {
    interrupt_a_write(libc::SIGTERM);
}

#[test]
fn sighup_removes_the_file_being_written() {
    interrupt_a_write(libc::SIGHUP);
}

#[test]
fn sigint_removes_the_file_being_written() {
    interrupt_a_write(libc::SIGINT);
}
