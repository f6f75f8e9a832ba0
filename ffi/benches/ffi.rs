//! The C ABI next to the core, in one run: the same token minted (and
//! verified) through the `extern "C"` functions and through the Rust API.
//! The ratio is what matters: the C call should cost at most 1.1x the core's.
//!
//! Criterion times each function in turn; on a busy machine the load can
//! change between two of them, so the bench then also times each pair in
//! alternating short blocks and prints the median of the per-block ratios,
//! which the load moves much less. `make bench` prints both
//! (ffi/benches/ratios.py reads criterion's results).
//!
//! The C functions are called through function pointers hidden from the
//! optimiser, as a C program calls them: no inlining across the boundary.

use std::ffi::c_char;
use std::hint::black_box;
use std::ptr;
use std::time::Instant;

use criterion::{Criterion, criterion_group};
use kscore::{AdminSecret, CachedEntryViewingSession, generate_cached_entry_viewing_session, verify};

// The library's sources, compiled into the bench: the crate builds no rlib.
#[allow(dead_code, unused_imports, missing_docs)]
#[path = "../src/lib.rs"]
mod ffi;

use ffi::*;

const SECRET: &str = "0123456789abcdef0123456789abcdef";
const ENTRY_ID: &str = "0_fld1ro3s";
const USER_ID: &str = "Viewer";
const NOW: i64 = 1_621_594_000;

fn params() -> CachedEntryViewingSession<'static> {
    CachedEntryViewingSession {
        user_id: USER_ID,
        expiry: 18000,
        cache: 600,
        ..CachedEntryViewingSession::new(3000582, ENTRY_ID)
    }
}

type SignerGenerate = unsafe extern "C" fn(
    *const ksession_signer,
    i64,
    *const c_char,
    usize,
    *const c_char,
    usize,
    i64,
    i64,
    *const c_char,
    usize,
    u32,
    i64,
    *mut c_char,
    usize,
    *mut usize,
    *mut ksession_error,
) -> ksession_status;
type OneShotGenerate = unsafe extern "C" fn(
    *const c_char,
    usize,
    i64,
    *const c_char,
    usize,
    *const c_char,
    usize,
    i64,
    i64,
    *const c_char,
    usize,
    u32,
    i64,
    *mut c_char,
    usize,
    *mut usize,
    *mut ksession_error,
) -> ksession_status;
type SignerVerify = unsafe extern "C" fn(
    *const ksession_signer,
    *const c_char,
    usize,
    i64,
    u32,
    *mut *const ksession_ks,
    *mut ksession_error,
) -> ksession_status;

/// The same jobs through the core and through the C functions, the latter
/// called through pointers the optimiser cannot see through, as from C.
struct Jobs {
    secret: AdminSecret,
    secrets: [AdminSecret; 1],
    token: String,
    signer: *mut ksession_signer,
    signer_generate: SignerGenerate,
    one_shot_generate: OneShotGenerate,
    signer_verify: SignerVerify,
    ks_free: unsafe extern "C" fn(*const ksession_ks),
    buf: Vec<u8>,
}

impl Jobs {
    fn new() -> Self {
        let secret = AdminSecret::new(SECRET).unwrap();
        let token = generate_cached_entry_viewing_session(&secret, &params(), NOW).unwrap();
        let mut signer = ptr::null_mut();
        // SAFETY: a valid (pointer, length) pair and out pointer.
        let st = unsafe { ksession_signer_new(SECRET.as_ptr().cast(), SECRET.len(), &mut signer, ptr::null_mut()) };
        assert_eq!(st, ksession_status::Ok);
        let mut jobs = Jobs {
            secrets: [secret.clone()],
            secret,
            token,
            signer,
            signer_generate: black_box(ksession_signer_generate_cached_entry_viewing_session as SignerGenerate),
            one_shot_generate: black_box(ksession_generate_cached_entry_viewing_session as OneShotGenerate),
            signer_verify: black_box(ksession_signer_verify as SignerVerify),
            ks_free: black_box(ksession_ks_free as unsafe extern "C" fn(*const ksession_ks)),
            buf: vec![0; KSESSION_MAX_TOKEN_LEN + 1],
        };
        // Both paths make the same token, and the C verify accepts it.
        assert_eq!(jobs.c_signer_generate(), ksession_status::Ok);
        assert_eq!(&jobs.buf[..jobs.token.len()], jobs.token.as_bytes());
        assert_eq!(jobs.c_one_shot_generate(), ksession_status::Ok);
        assert_eq!(&jobs.buf[..jobs.token.len()], jobs.token.as_bytes());
        assert_eq!(jobs.c_signer_verify(), ksession_status::Ok);
        jobs
    }

    fn core_generate(&self) -> String {
        generate_cached_entry_viewing_session(black_box(&self.secret), black_box(&params()), black_box(NOW)).unwrap()
    }

    fn core_generate_with_new_secret(&self) -> String {
        let secret = AdminSecret::new(black_box(SECRET)).unwrap();
        generate_cached_entry_viewing_session(&secret, black_box(&params()), black_box(NOW)).unwrap()
    }

    fn core_verify(&self) -> kscore::Ks {
        verify(black_box(&self.token), black_box(&self.secrets), black_box(NOW), 0).unwrap()
    }

    fn c_signer_generate(&mut self) -> ksession_status {
        let mut len = 0;
        // SAFETY: a live signer, valid (pointer, length) pairs, a buffer that holds any token.
        unsafe {
            (self.signer_generate)(
                black_box(self.signer),
                3000582,
                black_box(ENTRY_ID.as_ptr().cast()),
                ENTRY_ID.len(),
                black_box(USER_ID.as_ptr().cast()),
                USER_ID.len(),
                18000,
                600,
                ptr::null(),
                0,
                0,
                black_box(NOW),
                self.buf.as_mut_ptr().cast(),
                self.buf.len(),
                &mut len,
                ptr::null_mut(),
            )
        }
    }

    fn c_one_shot_generate(&mut self) -> ksession_status {
        let mut len = 0;
        // SAFETY: valid (pointer, length) pairs, a buffer that holds any token.
        unsafe {
            (self.one_shot_generate)(
                black_box(SECRET.as_ptr().cast()),
                SECRET.len(),
                3000582,
                black_box(ENTRY_ID.as_ptr().cast()),
                ENTRY_ID.len(),
                black_box(USER_ID.as_ptr().cast()),
                USER_ID.len(),
                18000,
                600,
                ptr::null(),
                0,
                0,
                black_box(NOW),
                self.buf.as_mut_ptr().cast(),
                self.buf.len(),
                &mut len,
                ptr::null_mut(),
            )
        }
    }

    fn c_signer_verify(&self) -> ksession_status {
        let mut ks = ptr::null();
        // SAFETY: a live signer, the token's bytes, a valid out pointer.
        let st = unsafe {
            (self.signer_verify)(
                black_box(self.signer),
                black_box(self.token.as_ptr().cast()),
                self.token.len(),
                black_box(NOW),
                0,
                &mut ks,
                ptr::null_mut(),
            )
        };
        // SAFETY: the value just made (or NULL), freed once.
        unsafe { (self.ks_free)(ks) };
        st
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        // SAFETY: made in `new`, freed once.
        unsafe { ksession_signer_free(self.signer) };
    }
}

fn bench(c: &mut Criterion) {
    let mut jobs = Jobs::new();
    let mut g = c.benchmark_group("ffi");
    g.bench_function("core: generate_cached_entry_viewing_session", |b| b.iter(|| jobs.core_generate()));
    g.bench_function("C: ksession_signer_generate_cached_entry_viewing_session", |b| {
        b.iter(|| jobs.c_signer_generate())
    });
    g.bench_function("core: AdminSecret::new + generate_cached_entry_viewing_session", |b| {
        b.iter(|| jobs.core_generate_with_new_secret())
    });
    g.bench_function("C: ksession_generate_cached_entry_viewing_session", |b| b.iter(|| jobs.c_one_shot_generate()));
    g.bench_function("core: verify", |b| b.iter(|| jobs.core_verify()));
    g.bench_function("C: ksession_signer_verify + ksession_ks_free", |b| b.iter(|| jobs.c_signer_verify()));
    g.finish();
}

fn paired_ratios() {
    let jobs = std::cell::RefCell::new(Jobs::new());
    println!("\nC ABI / core, paired (median of {BLOCKS} alternating blocks of {CALLS} calls; target <= 1.1x):");
    let report = |name: &str, (ratio, c, core): (f64, f64, f64)| {
        println!("  {ratio:5.3}x  {name}: C {c:7.1} ns, core {core:7.1} ns per call");
    };
    report(
        "cached entry-viewing token, signer vs core",
        paired(
            || {
                let _ = black_box(jobs.borrow_mut().c_signer_generate());
            },
            || {
                let _ = black_box(jobs.borrow().core_generate());
            },
        ),
    );
    report(
        "cached entry-viewing token, one-shot (secret per call) vs core with AdminSecret::new",
        paired(
            || {
                let _ = black_box(jobs.borrow_mut().c_one_shot_generate());
            },
            || {
                let _ = black_box(jobs.borrow().core_generate_with_new_secret());
            },
        ),
    );
    report(
        "verify (C also splits the privilege items) vs core verify",
        paired(
            || {
                let _ = black_box(jobs.borrow().c_signer_verify());
            },
            || {
                let _ = black_box(jobs.borrow().core_verify());
            },
        ),
    );
}

const BLOCKS: usize = 401;
const CALLS: u32 = 500;

/// Times `c_call` against `core_call` in alternating blocks; returns the
/// median of the per-block ratios and the median times per call in ns.
fn paired(mut c_call: impl FnMut(), mut core_call: impl FnMut()) -> (f64, f64, f64) {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..CALLS {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(CALLS)
    };
    let (mut ratios, mut c_times, mut core_times) = (Vec::new(), Vec::new(), Vec::new());
    for block in 0..BLOCKS {
        // Alternate which goes first, so neither always runs on a warmer cache.
        let (c, core) = if block % 2 == 0 {
            (time(&mut c_call), time(&mut core_call))
        } else {
            let core = time(&mut core_call);
            (time(&mut c_call), core)
        };
        ratios.push(c / core);
        c_times.push(c);
        core_times.push(core);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (median(&mut ratios), median(&mut c_times), median(&mut core_times))
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo test --benches` runs each bench once as a test: no timing then.
    if std::env::args().any(|a| a == "--bench") {
        paired_ratios();
    }
}
