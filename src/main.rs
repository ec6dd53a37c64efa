//! The `corroborate` binary: everything lives in the library; this only wires up stdout, stderr and
//! the exit code.

fn main() {
    // Ctrl-C: remove any output file still being written (outputs appear only whole), exit 130.
    let _ = ctrlc::set_handler(|| {
        corroborate::output::remove_partial_files();
        std::process::exit(130);
    });
    let code = corroborate::cli::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
