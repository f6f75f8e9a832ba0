//! Generate and verify next to SHA-1 alone over the same bytes, in one run.
//! The ratios are what matter: a cached entry token should cost at most 1.5x
//! its SHA-1, and verify at most 1.2x generate.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ksession::*;
use sha1::{Digest, Sha1};

const SECRET: &str = "0123456789abcdef0123456789abcdef";
const NOW: i64 = 1_621_594_000;

fn params() -> CachedEntryViewingSession<'static> {
    CachedEntryViewingSession {
        user_id: "Viewer",
        expiry: 18000,
        cache: 600,
        ..CachedEntryViewingSession::new(3000582, "0_fld1ro3s")
    }
}

/// The token with hex digit `at` of its signature changed.
fn flip_signature_digit(token: &str, at: usize) -> String {
    let mut raw = base64_simd::STANDARD.decode_to_vec(token).unwrap();
    raw[at] = if raw[at] == b'0' { b'1' } else { b'0' };
    base64_simd::STANDARD.encode_to_string(&raw)
}

fn bench(c: &mut Criterion) {
    let secret = AdminSecret::new(SECRET).unwrap();
    let token = generate_cached_entry_viewing_session(&secret, &params(), NOW).unwrap();
    let signed: Vec<u8> = [SECRET.as_bytes(), decode(&token).unwrap().info().as_bytes()].concat();
    let secrets = [secret.clone()];

    let mut g = c.benchmark_group("v1");
    g.bench_function("sha1 of secret||info (baseline)", |b| b.iter(|| Sha1::digest(black_box(&signed))));
    g.bench_function("generate_cached_entry_viewing_session", |b| {
        b.iter(|| generate_cached_entry_viewing_session(black_box(&secret), black_box(&params()), black_box(NOW)))
    });
    g.bench_function("verify", |b| b.iter(|| verify(black_box(&token), black_box(&secrets), black_box(NOW), 0)));
    g.bench_function("decode", |b| b.iter(|| decode(black_box(&token))));
    // The signature compare costs the same wherever the first difference is.
    for (label, at) in [("first", 0), ("last", 39)] {
        let forged = flip_signature_digit(&token, at);
        g.bench_function(format!("verify, signature wrong in its {label} byte"), |b| {
            b.iter(|| verify(black_box(&forged), black_box(&secrets), black_box(NOW), 0))
        });
    }
    g.finish();

    // KS v2 next to v1 in the same run: AES-128-CBC plus a second SHA-1.
    let v2 = generate_cached_entry_viewing_session_v2(&secret, &params(), NOW).unwrap();
    let plain =
        Session { user_id: "Viewer", privileges: "sview:0_fld1ro3s", ..Session::new(3000582, SessionType::User) };
    let mut g = c.benchmark_group("v2");
    g.bench_function("generate_cached_entry_viewing_session_v2", |b| {
        b.iter(|| generate_cached_entry_viewing_session_v2(black_box(&secret), black_box(&params()), black_box(NOW)))
    });
    g.bench_function("generate_session_v2 (OS random)", |b| {
        b.iter(|| generate_session_v2(black_box(&secret), black_box(&plain), black_box(NOW)))
    });
    g.bench_function("verify", |b| b.iter(|| verify(black_box(&v2), black_box(&secrets), black_box(NOW), 0)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
