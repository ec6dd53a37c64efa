//! Files that must never be written: no input of any kind (ledger, rubric, gold answers, data) is
//! replaced, whatever name or link reaches it; two outputs of one run never share a file; FIFOs and
//! devices are written into, never replaced; a replaced file keeps its permissions and group.

mod common;
use common::{LEDGER, cmd, write};

const TRIPLES: &str = "source,question,value\na,q1,x\nb,q1,x\nc,q1,y\n";
const GOLD: &str = "question,value\nq1,x\n";

fn refused(dir: &std::path::Path, args: &[&str]) -> String {
    let out = cmd(dir).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn no_input_is_overwritten_by_any_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("sub")).unwrap();
    write(p, "t.csv", TRIPLES);
    write(p, "g.csv", GOLD);
    write(p, "l.toml", LEDGER);
    let rubric = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml"),
    )
    .unwrap();
    write(p, "r.toml", &rubric);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("g.csv", p.join("gold-link")).unwrap();
        std::fs::hard_link(p.join("l.toml"), p.join("hard.toml")).unwrap();
    }
    let gold_names = ["g.csv", "./g.csv", "sub/../g.csv", "gold-link"];
    for name in gold_names {
        let err = refused(
            p,
            &["report", "t.csv", "--gold", "g.csv", "-o", name, "--force"],
        );
        assert_eq!(
            err,
            format!(
                "error: output file `{name}` is the input `g.csv`: inputs are never overwritten; choose another file\n"
            )
        );
    }
    for name in ["./r.toml", "sub/../r.toml"] {
        let err = refused(
            p,
            &[
                "report", "l.toml", "--rubric", "r.toml", "-o", name, "--force",
            ],
        );
        assert!(err.contains("is the input `r.toml`"), "{err}");
    }
    let err = refused(p, &["report", "./t.csv", "-o", "t.csv", "--force"]);
    assert!(err.contains("is the input `./t.csv`"), "{err}");
    #[cfg(unix)]
    {
        let err = refused(p, &["report", "l.toml", "-o", "hard.toml", "--force"]);
        assert!(err.contains("is the input `l.toml`"), "{err}");
    }
    let err = refused(
        p,
        &[
            "fit", "l.toml", "--rubric", "r.toml", "-o", "./r.toml", "--force",
        ],
    );
    assert!(err.contains("is the input `r.toml`"), "{err}");
    assert_eq!(std::fs::read_to_string(p.join("g.csv")).unwrap(), GOLD);
    assert_eq!(std::fs::read_to_string(p.join("l.toml")).unwrap(), LEDGER);
    assert_eq!(std::fs::read_to_string(p.join("r.toml")).unwrap(), rubric);
}

#[test]
fn synth_refuses_two_outputs_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for force in [false, true] {
        let mut args = vec![
            "synth",
            "--questions",
            "5",
            "-o",
            "s.csv",
            "--gold",
            "./s.csv",
        ];
        if force {
            args.push("--force");
        }
        assert_eq!(
            refused(p, &args),
            "error: --gold `./s.csv` and -o `s.csv` name the same file: expected two different files\n"
        );
        assert!(!p.join("s.csv").exists());
    }
    let err = refused(p, &["synth", "--questions", "5", "-o", "-", "--gold", "-"]);
    assert!(err.contains("name the same file"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_into_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for force in [false, true] {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let mut args = vec!["report", "--format", "csv", "-o", "out.fifo"];
        if force {
            args.push("--force");
        }
        let out = cmd(dir.path()).args(&args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = reader.join().unwrap();
        assert!(text.starts_with("as_of,claim,"), "{text}");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left beside the FIFO");
}

#[cfg(unix)]
#[test]
fn a_character_device_is_written_into_and_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    for args in [
        ["report", "-o", "/dev/null", "--force"].as_slice(),
        ["report", "-o", "/dev/null"].as_slice(),
        ["export", "--to", "misp", "-o", "/dev/null", "--force"].as_slice(),
    ] {
        let out = cmd(dir.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
    // Synth streams into it too.
    let out = cmd(dir.path())
        .args([
            "synth",
            "--questions",
            "5",
            "--format",
            "csv",
            "-o",
            "/dev/null",
            "--force",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[cfg(unix)]
#[test]
fn a_socket_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("sock")).unwrap();
    assert_eq!(
        refused(dir.path(), &["report", "-o", "sock", "--force"]),
        "error: output file `sock` is a socket: expected a regular file, a FIFO or a character device (such as /dev/null); it is left untouched\n"
    );
}

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_permissions_and_group() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.txt");
    std::fs::write(&p, "old").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    // A group the user may give: as root any, else the user's own.
    let gid = if unsafe { libc::geteuid() } == 0 {
        12345
    } else {
        std::fs::metadata(&p).unwrap().gid()
    };
    std::os::unix::fs::chown(&p, None, Some(gid)).unwrap();
    let out = cmd(dir.path())
        .args(["report", "-o", "report.txt", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let m = std::fs::metadata(&p).unwrap();
    assert_ne!(std::fs::read_to_string(&p).unwrap(), "old");
    assert_eq!(m.permissions().mode() & 0o7777, 0o600);
    assert_eq!(m.gid(), gid);
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_stays_a_link_and_its_file_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "real.csv", "old");
    std::os::unix::fs::symlink("real.csv", p.join("link.csv")).unwrap();
    let err = refused(p, &["report", "--format", "csv", "-o", "link.csv"]);
    assert!(err.contains("already exists"), "{err}");
    let out = cmd(p)
        .args(["report", "--format", "csv", "-o", "link.csv", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        std::fs::symlink_metadata(p.join("link.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(p.join("real.csv"))
            .unwrap()
            .starts_with("as_of,claim,")
    );
}
