//! The `corroborate` binary: everything lives in the library; this only wires up stdout, stderr and
//! the exit code.

/// mimalloc: the bulk readers allocate and free many short-lived buffers and tables, and it reuses
/// their memory where the system allocator returns it to the kernel and faults it in again (on a
/// million triples, reading and ordering took about a fifth less time than with the system
/// allocator).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Ctrl-C: remove any output file still being written (outputs appear only whole), exit 130.
    let _ = ctrlc::set_handler(|| {
        corroborate::output::remove_partial_files();
        std::process::exit(130);
    });
    let code = corroborate::cmd::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
