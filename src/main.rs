//! The `corroborate` binary: everything lives in the library; this only wires up stdout, stderr and
//! the exit code.

/// mimalloc: the bulk readers allocate and free many short-lived buffers and tables, and it reuses
/// their memory where the system allocator returns it to the kernel and faults it in again (on a
/// million triples, reading and ordering took about a fifth less time than with the system
/// allocator).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's own option setter (the `libmimalloc-sys` crate declares it only under a feature that
// pulls in another dependency).
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay`: its place in `mi_option_e` of the bundled mimalloc 2 (`mimalloc.h` of
/// libmimalloc-sys 0.1.49, pinned by Cargo.lock): show_errors 0, ..., eager_commit_delay 14,
/// purge_delay 15.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() {
    // Freed memory goes back to the kernel after 100 ms unused, not 10 ms (mimalloc's default): a
    // run frees and allocates again its per-claim buffers all along, and each purged 2 MB page came
    // back zeroed by the kernel. On the 1M-report feed that zeroing was a quarter of the run's
    // samples (`perf`): system time 0.2-1.1 s at 10 ms, 0.1 s at 100 ms. Never purging (-1) also
    // gave 0.1 s but held what the TOML ledger's parse tree freed: 905 MB peak against 600-670 MB
    // at 100 ms. A user's MIMALLOC_PURGE_DELAY still decides.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an integer option of the allocator this binary links; it takes any value
        // and any thread, before or after allocations.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 100) };
    }
    // Ctrl-C, SIGTERM, SIGHUP: remove any output file still being written (outputs appear only
    // whole), then end by the signal.
    corroborate::cmd::signals::install();
    // Standard error is not locked for the run: the progress bar is drawn on it from other threads
    // while this one waits for them (holding its lock here hung every long run in a terminal).
    let code = corroborate::cmd::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}
