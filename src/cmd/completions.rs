//! `completions bash|zsh|fish|powershell|elvish` and `man`: the shell completion scripts and the
//! roff man page, both generated from the one clap definition ([`super::Cli`]), so that they can
//! never disagree with `--help`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory, ValueEnum};

use super::Cli;
use super::args::{OutputArgs, destination};
use super::emit;
use crate::error::{Error, Result};
use crate::output::Destination;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: ShellArg,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    #[value(name = "powershell")]
    PowerShell,
    Elvish,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompletionsPlan {
    pub shell: ShellArg,
    pub output: Destination,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManPlan {
    pub output: Destination,
}

pub fn plan(a: CompletionsArgs) -> CompletionsPlan {
    CompletionsPlan {
        shell: a.shell,
        output: destination(a.output),
    }
}

pub fn man_plan(a: ManArgs) -> ManPlan {
    ManPlan {
        output: destination(a.output),
    }
}

/// The completion script for `shell`.
pub fn script(shell: ShellArg) -> String {
    use clap_complete::Shell;
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::PowerShell => Shell::PowerShell,
        ShellArg::Elvish => Shell::Elvish,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "corroborate", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The man page, corroborate(1), in roff: the top command, then a section per subcommand with its
/// description, synopsis and options (clap_mangen renders one page per command; the subcommands'
/// sections are demoted to subsections so that `man corroborate` holds everything on one page).
pub fn man_page() -> Result<String> {
    let fail = |e: std::io::Error| Error::Run(format!("cannot render the man page: {e}"));
    let mut cmd = Cli::command();
    cmd.build();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut buf)
        .map_err(fail)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let page = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        page.render_description_section(&mut part)
            .and_then(|()| page.render_synopsis_section(&mut part))
            .and_then(|()| page.render_options_section(&mut part))
            .map_err(fail)?;
        let part = String::from_utf8_lossy(&part)
            .replace(".SH DESCRIPTION\n", "")
            .replace(".SH SYNOPSIS", ".SS Synopsis")
            .replace(".SH OPTIONS", ".SS Options");
        buf.extend_from_slice(
            format!(".SH \"COMMAND {}\"\n", sub.get_name().to_uppercase()).as_bytes(),
        );
        buf.extend_from_slice(part.as_bytes());
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

pub fn run(p: &CompletionsPlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    emit::emit(&p.output, &script(p.shell), protected, out)
}

pub fn run_man(p: &ManPlan, protected: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    emit::check(&p.output, protected)?;
    emit::emit(&p.output, &man_page()?, protected, out)
}
