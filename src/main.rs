//! The `corroborate` binary: everything lives in the library; this only wires up stdout, stderr and
//! the exit code.

fn main() {
    let code = corroborate::cli::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
