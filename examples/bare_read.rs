//! The baseline of `benches/compare.sh`: a bare read of a CSV file with the `csv` crate (default
//! settings, records into one reused `ByteRecord`, as fast as that crate reads), counting records
//! and bytes and doing nothing else.
//!
//! cargo run --release --example bare_read -- FILE.csv

use std::io::BufReader;

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: bare_read FILE.csv");
        std::process::exit(2);
    };
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("cannot open {}: {e}", path.to_string_lossy());
            std::process::exit(2);
        }
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 16, file));
    let mut record = csv::ByteRecord::new();
    let (mut records, mut bytes) = (0u64, 0u64);
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {
                records += 1;
                bytes += record.as_slice().len() as u64;
            }
            Ok(false) => break,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        }
    }
    println!("{records} records, {bytes} bytes of fields");
}
