//! Runs every committed input (seed corpus and regressions) through the fuzz
//! targets' checks, on the stable toolchain.

use std::fs;
use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    let mut failed = Vec::new();
    for dir in [root.join("corpus").join(target), root.join("regressions").join(target)] {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        let mut paths: Vec<_> = entries.map(|e| e.expect("readable directory").path()).collect();
        paths.sort();
        for path in paths {
            let data = fs::read(&path).expect("readable input");
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                failed.push(path.display().to_string());
            }
            count += 1;
        }
    }
    assert!(count > 0, "{target}: no inputs to replay");
    assert!(failed.is_empty(), "{target}: {} of {count} inputs fail: {failed:#?}", failed.len());
}

#[test]
fn decode() {
    replay("decode", ksession_fuzz::decode::run);
}

#[test]
fn verify() {
    replay("verify", ksession_fuzz::verify::run);
}

#[test]
fn privileges() {
    replay("privileges", ksession_fuzz::privileges::run);
}

#[test]
fn roundtrip() {
    replay("roundtrip", ksession_fuzz::roundtrip::run);
}
