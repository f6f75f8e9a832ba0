//! Generating and verifying from many threads at once gives exact results:
//! the crate keeps no shared state, and `AdminSecret` is `Send + Sync`.

use ksession::*;

#[test]
fn eight_threads_generate_and_verify_exactly() {
    let secret = AdminSecret::new("0123456789abcdef0123456789abcdef").unwrap();
    let expected: Vec<String> = (0..8)
        .map(|t| {
            let entry = format!("0_entry{t}");
            let p = CachedEntryViewingSession {
                user_id: "Viewer",
                cache: 600,
                ..CachedEntryViewingSession::new(3000582, &entry)
            };
            generate_cached_entry_viewing_session(&secret, &p, 1_700_000_000).unwrap()
        })
        .collect();
    std::thread::scope(|scope| {
        for (t, want) in expected.iter().enumerate() {
            let secret = &secret;
            scope.spawn(move || {
                let entry = format!("0_entry{t}");
                let p = CachedEntryViewingSession {
                    user_id: "Viewer",
                    cache: 600,
                    ..CachedEntryViewingSession::new(3000582, &entry)
                };
                for i in 0..5_000 {
                    // Every `now` in the window [1699999800, 1700000400) gives the same token.
                    let now = 1_699_999_800 + (i % 600);
                    let token = generate_cached_entry_viewing_session(secret, &p, now).unwrap();
                    assert_eq!(&token, want);
                    let ks = verify(&token, std::slice::from_ref(secret), now, 0).unwrap();
                    assert_eq!(ks.privilege_items()[0].value.as_deref(), Some(entry.as_str()));
                    let v2 = generate_cached_entry_viewing_session_v2(secret, &p, now).unwrap();
                    assert_eq!(
                        verify(&v2, std::slice::from_ref(secret), now, 0).unwrap().privileges(),
                        ks.privileges()
                    );
                }
            });
        }
    });
}
