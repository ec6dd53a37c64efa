//! Interrupts: Ctrl-C (SIGINT), SIGTERM and SIGHUP remove every output file still being written
//! (outputs appear only whole) before the process ends.
//!
//! On Unix the signal handler only writes the signal's number into a pipe (`write` is one of the
//! few calls a handler may make); a thread waiting on the pipe removes the temporary files, then
//! restores the signal's default action and raises it again, so that the process ends *by* that
//! signal, as a parent expects (a shell shows 130, 143 or 129). Elsewhere Ctrl-C is handled by the
//! `ctrlc` crate and exits 130.

/// Installs the handlers. Called once by the binary, before anything is written.
pub fn install() {
    imp::install();
}

#[cfg(unix)]
mod imp {
    use std::sync::atomic::{AtomicI32, Ordering};

    /// The pipe's write end, for the handler (-1 until installed).
    static WRITE_END: AtomicI32 = AtomicI32::new(-1);

    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    extern "C" fn on_signal(sig: libc::c_int) {
        let fd = WRITE_END.load(Ordering::Relaxed);
        if fd >= 0 {
            let b = sig as u8;
            // SAFETY: `write` is async-signal-safe; the buffer is one byte on the stack.
            unsafe {
                libc::write(fd, (&b as *const u8).cast(), 1);
            }
        }
    }

    pub fn install() {
        let mut fds = [0 as libc::c_int; 2];
        // SAFETY: `fds` has room for the two descriptors `pipe` writes.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return;
        }
        let (read_end, write_end) = (fds[0], fds[1]);
        WRITE_END.store(write_end, Ordering::Relaxed);
        let started = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                let mut b = 0u8;
                loop {
                    // SAFETY: reads one byte into `b`, from the pipe this thread owns.
                    let n = unsafe { libc::read(read_end, (&mut b as *mut u8).cast(), 1) };
                    if n == 1 {
                        break;
                    }
                    if n < 0
                        && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
                    {
                        continue;
                    }
                    return;
                }
                crate::output::remove_partial_files();
                let sig = libc::c_int::from(b);
                // SAFETY: restoring the default action and raising the signal ends the process
                // as the signal would have; nothing else runs in between.
                unsafe {
                    libc::signal(sig, libc::SIG_DFL);
                    libc::raise(sig);
                }
                // A signal that does not end the process by default (none of ours): exit as a
                // shell would report it.
                std::process::exit(128 + sig);
            });
        if started.is_err() {
            return;
        }
        for sig in SIGNALS {
            // SAFETY: a zeroed `sigaction` is a valid "no flags, empty mask" value; the handler is
            // an `extern "C" fn(c_int)` that only calls `write`.
            unsafe {
                let mut act: libc::sigaction = std::mem::zeroed();
                act.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                act.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut act.sa_mask);
                libc::sigaction(sig, &act, std::ptr::null_mut());
            }
        }
    }
}

#[cfg(not(unix))]
mod imp {
    pub fn install() {
        let _ = ctrlc::set_handler(|| {
            crate::output::remove_partial_files();
            std::process::exit(130);
        });
    }
}
