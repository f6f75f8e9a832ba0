#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ksession_fuzz::verify::run(data));
