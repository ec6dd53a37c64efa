//! The `corroborate` binary: everything lives in the library; this only wires up stdout, stderr and
//! the exit code.

/// mimalloc: the bulk readers allocate and free many short-lived buffers and tables, and it reuses
/// their memory where the system allocator returns it to the kernel and faults it in again (on a
/// million triples, reading and ordering took about a fifth less time than with the system
/// allocator).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
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
