//! Writing an output file safely. Every command that writes a file goes through [`write_file`]:
//!
//! - an existing file is never replaced unless the user said `--force` (exit 2, file untouched);
//! - an input of the run (ledger, rubric, gold answers, data) is never replaced, even with
//!   `--force`, whatever name reaches it: `./`, `..`, a symbolic or a hard link (the same inode);
//! - the text goes to a temporary file in the same directory, is flushed to disk and then renamed
//!   over the target, so a reader never sees half a report and a failed run leaves nothing behind.
//!   Without `--force` the rename itself refuses to replace a file that appeared meanwhile. A
//!   replaced file keeps its permissions and group; a symbolic link to a file stays a link, and the
//!   file it names is replaced;
//! - a FIFO or a character device (`/dev/null`, a terminal, `>(…)`) is written into, never
//!   replaced; a block device or a socket is refused.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Where a command's output goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Destination {
    #[default]
    Stdout,
    File {
        path: PathBuf,
        /// Replace the file if it exists.
        force: bool,
    },
}

impl Destination {
    pub fn new(path: Option<PathBuf>, force: bool) -> Self {
        match path {
            Some(path) => Destination::File { path, force },
            None => Destination::Stdout,
        }
    }
}

/// Temporary files being written right now. If the run is interrupted (Ctrl-C), the binary's
/// signal handler calls [`remove_partial_files`], so that no partial file is left behind.
static PARTIAL: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file still being written (called on interrupt).
pub fn remove_partial_files() {
    remove_all(&PARTIAL);
}

fn remove_all(list: &Mutex<Vec<PathBuf>>) {
    if let Ok(mut v) = list.lock() {
        for p in v.drain(..) {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn untrack_partial(p: &Path) {
    if let Ok(mut v) = PARTIAL.lock() {
        v.retain(|x| x != p);
    }
}

fn exists_message(path: &Path) -> Error {
    Error::Usage(format!(
        "output file `{}` already exists: left untouched; use --force to overwrite it",
        path.display()
    ))
}

/// True when `a` and `b` name the same existing file: the same inode on Unix (through `./`, `..`,
/// symbolic and hard links), the same canonical path elsewhere.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The absolute path a name would have once written: its canonical path if it exists, else its
/// directory's canonical path and its file name.
fn resolved(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(p.file_name()?))
}

/// True when two output names would write the same file (whether or not it exists yet).
pub fn same_output(a: &Path, b: &Path) -> bool {
    same_file(a, b) || matches!((resolved(a), resolved(b)), (Some(x), Some(y)) if x == y)
}

/// What an output name stands for now.
enum Target {
    /// Nothing: a new file is made.
    New,
    /// A regular file (`real`, after following symbolic links), replaced whole with `--force`,
    /// keeping its permissions and group; a link to it stays a link.
    File {
        real: PathBuf,
        meta: std::fs::Metadata,
    },
    /// A symbolic link to nothing: replaced by the file with `--force`.
    Dangling,
    /// A FIFO or a character device (`/dev/null`, a terminal, `/dev/stdout`, `>(…)`): written into
    /// in order, never replaced (a device node or a FIFO is not a file to swap out).
    Stream,
}

fn target(path: &Path) -> Result<Target> {
    let shown = path.display();
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(Error::Usage(format!(
            "output file `{shown}` is a directory: expected the name of a file"
        ))),
        Ok(m) if m.is_file() => Ok(Target::File {
            real: path.canonicalize().unwrap_or_else(|_| path.to_path_buf()),
            meta: m,
        }),
        Ok(m) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                let t = m.file_type();
                if t.is_fifo() || t.is_char_device() {
                    return Ok(Target::Stream);
                }
                let what = if t.is_block_device() {
                    "a block device"
                } else if t.is_socket() {
                    "a socket"
                } else {
                    "not a regular file"
                };
                Err(Error::Usage(format!(
                    "output file `{shown}` is {what}: expected a regular file, a FIFO or a character device (such as /dev/null); it is left untouched"
                )))
            }
            #[cfg(not(unix))]
            {
                let _ = m;
                Ok(Target::Stream)
            }
        }
        Err(_) if std::fs::symlink_metadata(path).is_ok() => Ok(Target::Dangling),
        Err(_) => Ok(Target::New),
    }
}

/// Checks, before any work is done, that `path` may be written: not an input (by identity, through
/// any path or link to it), not a directory or block device, and not an existing file unless
/// `force`. FIFOs and character devices are written into, without `--force`.
pub fn check_writable(path: &Path, force: bool, inputs: &[PathBuf]) -> Result<()> {
    if let Some(input) = inputs.iter().find(|i| same_file(i, path)) {
        return Err(Error::Usage(format!(
            "output file `{}` is the input `{}`: inputs are never overwritten; choose another file",
            path.display(),
            input.display()
        )));
    }
    match target(path)? {
        Target::File { .. } | Target::Dangling if !force => Err(exists_message(path)),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` atomically. `inputs` are the files the run read: they are never replaced.
pub fn write_file(path: &Path, bytes: &[u8], force: bool, inputs: &[PathBuf]) -> Result<()> {
    write_file_with(path, force, inputs, |f| f.write_all(bytes))
}

/// Writes `path` atomically with whatever `fill` streams into the file (for outputs too large to
/// hold in memory): a temporary file in the same directory, synced, then renamed into place. Without
/// `force` an existing file is kept, even one that appears while `fill` runs; with it, a replaced
/// file keeps its permissions and (where allowed) its group. A FIFO or a character device is
/// written into directly. If the run is interrupted, [`remove_partial_files`] removes the
/// temporary file.
pub fn write_file_with<T>(
    path: &Path,
    force: bool,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut std::fs::File) -> io::Result<T>,
) -> Result<T> {
    check_writable(path, force, inputs)?;
    let run_err = |what: &str, e: io::Error| {
        Error::Run(format!("cannot write `{}`: {what}: {e}", path.display()))
    };
    let (dest, keep) = match target(path)? {
        Target::Stream => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| run_err("cannot open it", e))?;
            return fill(&mut f)
                .and_then(|t| f.flush().map(|()| t))
                .map_err(|e| run_err("cannot write into it", e));
        }
        Target::File { real, meta } => (real, Some(meta)),
        Target::New | Target::Dangling => (path.to_path_buf(), None),
    };
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".corroborate-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // An ordinary file's permissions (the umask applies), not the temporary file's 0600.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Created and listed under the list's lock: an interrupt that comes in between waits for the
    // name to be listed, and removes the file.
    let mut tmp = {
        let mut list = PARTIAL.lock().unwrap_or_else(|e| e.into_inner());
        let tmp = builder
            .tempfile_in(&dir)
            .map_err(|e| run_err("cannot create a temporary file beside it", e))?;
        list.push(tmp.path().to_path_buf());
        tmp
    };
    let tmp_path = tmp.path().to_path_buf();
    let filled = fill(tmp.as_file_mut())
        .and_then(|t| keep_attributes(tmp.as_file(), keep.as_ref()).map(|()| t))
        .and_then(|t| tmp.as_file().sync_all().map(|()| t));
    let result = filled
        .map_err(|e| run_err("cannot write the temporary file", e))
        .and_then(|t| {
            let persisted = if force {
                tmp.persist(&dest)
            } else {
                tmp.persist_noclobber(&dest)
            };
            match persisted {
                Ok(_) => Ok(t),
                // Another process created the file between our check and the rename.
                Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
                    Err(exists_message(path))
                }
                Err(e) => Err(run_err(
                    "cannot move the temporary file into place",
                    e.error,
                )),
            }
        });
    untrack_partial(&tmp_path);
    result
}

/// Gives the new file the permissions and group of the one it replaces. The group is kept where
/// the user may give it (a member of it); otherwise the new file has the user's.
fn keep_attributes(file: &std::fs::File, old: Option<&std::fs::Metadata>) -> io::Result<()> {
    let Some(old) = old else {
        return Ok(());
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
    }
    file.set_permissions(old.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupted_write_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join(".corroborate-x.tmp");
        std::fs::write(&partial, "half a rep").unwrap();
        // A list of its own: the global one belongs to the tests writing files in parallel.
        let list = Mutex::new(vec![partial.clone()]);
        remove_all(&list);
        assert!(!partial.exists());
        assert!(list.lock().unwrap().is_empty());
    }

    #[test]
    fn writes_a_new_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        write_file(&p, b"hello", false, &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "hello");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.txt")]);
    }

    #[test]
    fn an_existing_file_is_kept_without_force_and_replaced_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        std::fs::write(&p, "old").unwrap();
        let e = write_file(&p, b"new", false, &[]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert_eq!(
            e.to_string(),
            format!(
                "output file `{}` already exists: left untouched; use --force to overwrite it",
                p.display()
            )
        );
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        write_file(&p, b"new", true, &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
    }

    #[test]
    fn an_input_is_never_overwritten_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("case.toml");
        std::fs::write(&p, "x").unwrap();
        let other_name = dir.path().join(".").join("case.toml");
        let e = write_file(&other_name, b"y", true, std::slice::from_ref(&p)).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("inputs are never overwritten"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "x");
    }

    #[test]
    fn a_missing_directory_is_a_run_failure() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope").join("out.txt");
        let e = write_file(&p, b"x", false, &[]).unwrap_err();
        assert_eq!(e.exit_code(), 1);
        assert!(
            e.to_string()
                .starts_with(&format!("cannot write `{}`", p.display()))
        );
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_file(dir.path(), b"x", true, &[]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }
}
