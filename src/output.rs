//! Writing output files safely: a temporary file in the same directory, synced, then renamed into
//! place, so that a reader never sees half a file; an existing file is never replaced unless the
//! user said `--force`.

use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically. Without `force`, fails (exit 2) if `path` exists — checked
/// atomically at the rename, so a file created meanwhile is not clobbered either.
pub fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "cannot write `{shown}`: it is a directory; expected a file name"
        )));
    }
    if !force && path.exists() {
        return Err(exists(path));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let run = |what: &str, e: std::io::Error| Error::Run(format!("cannot {what} `{shown}`: {e}"));
    let mut tmp = tempfile::Builder::new()
        .prefix(".corroborate-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| run("create a temporary file beside", e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| run("write", e))?;
    if force {
        tmp.persist(path).map_err(|e| run("write", e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                exists(path)
            } else {
                run("write", e.error)
            }
        })?;
    }
    Ok(())
}

fn exists(path: &Path) -> Error {
    Error::Usage(format!(
        "`{}` already exists: pass --force to overwrite it, or choose another name",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_new_files_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.toml");
        write_new(&p, b"one", false).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        let e = write_new(&p, b"two", false).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("already exists: pass --force"));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_new(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(
            write_new(dir.path(), b"x", true).unwrap_err().exit_code(),
            2
        );
    }
}
