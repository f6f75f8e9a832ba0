//! `roundtrip`: arbitrary fields through every generate function, v1 and v2.
//!
//! Either the call is refused with an invalid-field error whose field and
//! reason are one of the faults the inputs really have (and it is refused
//! whenever they have one), or the token is byte for byte the one the
//! reference builds from the spec, and it decodes and verifies back to the
//! same fields.

use arbitrary::{Arbitrary, Unstructured};
use ksession::{
    AdminSecret, Alphabet, CachedEntryViewingSession, CachedSession, Error, Field, FieldError, Layout, MAX_FIELD_LEN,
    MAX_TOKEN_LEN, PLAYBACK_BASE_ROLE, Session, SessionType, decode, decode_with_secrets,
    generate_cached_entry_viewing_session, generate_cached_entry_viewing_session_v2, generate_cached_session,
    generate_cached_session_v2, generate_session, generate_session_v2, generate_session_v2_with_random,
    generate_session_with_rand, verify,
};

use crate::reference::{self, Fields, SECRETS};
use crate::{check_error, known};

/// A text field: a string, optionally repeated so that short inputs reach the
/// length limits.
#[derive(Arbitrary, Debug)]
pub struct Text {
    s: String,
    repeat: u8,
}

impl Text {
    fn get(&self) -> String {
        let times = if self.repeat >= 0x80 { usize::from(self.repeat & 0x7f) + 1 } else { 1 };
        let mut out = self.s.repeat(times);
        if out.len() > 2 * MAX_FIELD_LEN {
            let mut end = 2 * MAX_FIELD_LEN;
            while !out.is_char_boundary(end) {
                end -= 1;
            }
            out.truncate(end);
        }
        out
    }
}

/// A number of seconds: usually small and positive, sometimes anything.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Num {
    Small(u32),
    Any(i64),
}

impl Num {
    fn get(self) -> i64 {
        match self {
            Num::Small(n) => i64::from(n),
            Num::Any(n) => n,
        }
    }
}

/// The current time: usually near today, sometimes anything.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Now {
    Recent(u32),
    Any(i64),
}

/// A session type, as a caller may write it (`Code` may hold 0 or 2).
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Type {
    User,
    Admin,
    Code(i64),
}

impl Type {
    fn get(self) -> SessionType {
        match self {
            Type::User => SessionType::User,
            Type::Admin => SessionType::Admin,
            Type::Code(c) => SessionType::Other(c),
        }
    }
}

/// Which plain-session generator, and its randomness.
#[derive(Arbitrary, Debug)]
pub enum Mint {
    V1Rand(u32),
    V1Os,
    V2Random([u8; 16]),
    V2Os,
}

/// The call.
#[derive(Arbitrary, Debug)]
pub enum Op {
    EntryViewing {
        entry_id: Text,
        expiry: Num,
        cache: Num,
        custom: Text,
        url_safe: bool,
        v2: bool,
    },
    Cached {
        session_type: Type,
        privileges: Text,
        expiry: Num,
        cache: Num,
        custom: Text,
        url_safe: bool,
        v2: bool,
    },
    Session {
        session_type: Type,
        privileges: Text,
        expiry: Num,
        master: Option<i64>,
        additional: Text,
        client_layout: bool,
        url_safe: bool,
        mint: Mint,
    },
}

/// The whole input.
#[derive(Arbitrary, Debug)]
pub struct Input {
    secret: u8,
    partner_id: i64,
    now: Now,
    user_id: Text,
    op: Op,
}

/// The fuzz target.
pub fn run(data: &[u8]) {
    if let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) {
        check(&input);
    }
}

fn text_fault(field: Field, value: &str, forbidden: &[char]) -> Option<(Field, FieldError)> {
    if value.len() > MAX_FIELD_LEN {
        return Some((field, FieldError::TooLong { max: MAX_FIELD_LEN }));
    }
    let (at, ch) = value.char_indices().find(|&(_, c)| c.is_control() || forbidden.contains(&c))?;
    Some((field, FieldError::ForbiddenChar { ch, at }))
}

fn entry_fault(entry_id: &str) -> Option<(Field, FieldError)> {
    if entry_id.is_empty() {
        return Some((Field::EntryId, FieldError::Empty));
    }
    if entry_id.len() > MAX_FIELD_LEN {
        return Some((Field::EntryId, FieldError::TooLong { max: MAX_FIELD_LEN }));
    }
    let (at, ch) = entry_id.char_indices().find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    Some((Field::EntryId, FieldError::ForbiddenChar { ch, at }))
}

/// The faults of a cached session's times; `Ok((window end, valid_until))` when none.
fn cached_times(now: i64, cache: i64, expiry: i64, faults: &mut Vec<(Field, FieldError)>) -> Option<(i64, i64)> {
    if expiry <= 0 {
        faults.push((Field::Expiry, FieldError::NotPositive(expiry)));
    }
    if cache <= 0 {
        faults.push((Field::Cache, FieldError::NotPositive(cache)));
    }
    if now < 0 {
        faults.push((Field::Now, FieldError::Negative(now)));
    }
    if cache <= 0 || now < 0 {
        return None;
    }
    // The window end is the next multiple of `cache` after `now`.
    let rounded = (i128::from(now) / i128::from(cache) + 1) * i128::from(cache);
    let Ok(rounded) = i64::try_from(rounded) else {
        faults.push((Field::Cache, FieldError::Overflow));
        return None;
    };
    if expiry <= 0 {
        return None;
    }
    match rounded.checked_add(expiry) {
        Some(valid_until) => Some((rounded, valid_until)),
        None => {
            faults.push((Field::Expiry, FieldError::Overflow));
            None
        }
    }
}

/// What a successful call must have made.
struct Made {
    v2: bool,
    url_safe: bool,
    session_type: SessionType,
    user_id: String,
    privileges: String,
    master: Option<i64>,
    data: String,
    valid_until: i64,
    /// v1: the rand field, when known before minting.
    rand: Option<i64>,
    /// v2: the random bytes, when given.
    v2_random: Option<[u8; 16]>,
    layout: Layout,
    /// The window end of a cached session, to check that the window gives one token.
    window: Option<(i64, i64)>,
}

/// Mints the same cached session at another time.
type Regenerate = Box<dyn Fn(i64) -> Result<String, Error>>;

fn check(input: &Input) {
    let secret_index = usize::from(input.secret) % SECRETS.len();
    let secret = reference::secret(secret_index);
    let other_index = (secret_index + 1) % SECRETS.len();
    let now = match input.now {
        Now::Recent(n) => 1_600_000_000 + i64::from(n),
        Now::Any(n) => n,
    };
    let partner_id = input.partner_id;
    let user_id = input.user_id.get();
    let alphabet = |url_safe: bool| if url_safe { Alphabet::UrlSafe } else { Alphabet::Standard };
    let mut faults = Vec::new();

    // The call, the faults its inputs have, and what it must make when they have none.
    let (result, made, regenerate): (Result<String, Error>, Made, Regenerate) = match &input.op {
        Op::EntryViewing { entry_id, expiry, cache, custom, url_safe, v2 } => {
            let (entry_id, custom, expiry, cache) = (entry_id.get(), custom.get(), expiry.get(), cache.get());
            let forbidden: &[char] = if *v2 { &[] } else { &[';', '|'] };
            faults.extend(entry_fault(&entry_id));
            faults.extend(text_fault(Field::UserId, &user_id, forbidden));
            faults.extend(text_fault(Field::Custom, &custom, forbidden));
            let times = cached_times(now, cache, expiry, &mut faults);
            let (rounded, valid_until) = times.unwrap_or_default();
            let privileges = format!("sview:{entry_id},setrole:{PLAYBACK_BASE_ROLE},widget:1");
            let made = Made {
                v2: *v2,
                url_safe: *url_safe,
                session_type: SessionType::User,
                user_id: user_id.clone(),
                privileges,
                master: None,
                data: custom.clone(),
                valid_until,
                rand: Some(rounded),
                v2_random: None,
                layout: Layout::Server,
                window: Some((rounded, cache)),
            };
            let (v2, url_safe, secret2, user_id) = (*v2, *url_safe, secret.clone(), user_id.clone());
            let mint = move |now: i64| {
                let p = CachedEntryViewingSession {
                    partner_id,
                    entry_id: &entry_id,
                    user_id: &user_id,
                    expiry,
                    cache,
                    custom: &custom,
                    alphabet: alphabet(url_safe),
                };
                if v2 {
                    generate_cached_entry_viewing_session_v2(&secret2, &p, now)
                } else {
                    generate_cached_entry_viewing_session(&secret2, &p, now)
                }
            };
            (mint(now), made, Box::new(mint))
        }
        Op::Cached { session_type, privileges, expiry, cache, custom, url_safe, v2 } => {
            let (privileges, custom, expiry, cache) = (privileges.get(), custom.get(), expiry.get(), cache.get());
            let forbidden: &[char] = if *v2 { &[] } else { &[';', '|'] };
            faults.extend(text_fault(Field::UserId, &user_id, forbidden));
            faults.extend(text_fault(Field::Privileges, &privileges, forbidden));
            faults.extend(text_fault(Field::Custom, &custom, forbidden));
            if *v2 && let Err(fault) = reference::v2_privilege_fields(&privileges) {
                faults.push(fault);
            }
            let times = cached_times(now, cache, expiry, &mut faults);
            let (rounded, valid_until) = times.unwrap_or_default();
            let made = Made {
                v2: *v2,
                url_safe: *url_safe,
                session_type: session_type.get(),
                user_id: user_id.clone(),
                privileges: privileges.clone(),
                master: None,
                data: custom.clone(),
                valid_until,
                rand: Some(rounded),
                v2_random: None,
                layout: Layout::Server,
                window: Some((rounded, cache)),
            };
            let (v2, url_safe, secret2, user_id, session_type) =
                (*v2, *url_safe, secret.clone(), user_id.clone(), session_type.get());
            let mint = move |now: i64| {
                let p = CachedSession {
                    partner_id,
                    session_type,
                    user_id: &user_id,
                    privileges: &privileges,
                    expiry,
                    cache,
                    custom: &custom,
                    alphabet: alphabet(url_safe),
                };
                if v2 {
                    generate_cached_session_v2(&secret2, &p, now)
                } else {
                    generate_cached_session(&secret2, &p, now)
                }
            };
            (mint(now), made, Box::new(mint))
        }
        Op::Session { session_type, privileges, expiry, master, additional, client_layout, url_safe, mint } => {
            let (privileges, additional, expiry) = (privileges.get(), additional.get(), expiry.get());
            let v2 = matches!(mint, Mint::V2Random(_) | Mint::V2Os);
            let forbidden: &[char] = if v2 { &[] } else { &[';', '|'] };
            if now < 0 {
                faults.push((Field::Now, FieldError::Negative(now)));
            }
            faults.extend(text_fault(Field::UserId, &user_id, forbidden));
            faults.extend(text_fault(Field::Privileges, &privileges, forbidden));
            faults.extend(text_fault(Field::AdditionalData, &additional, forbidden));
            if expiry <= 0 {
                faults.push((Field::Expiry, FieldError::NotPositive(expiry)));
            }
            let layout = if *client_layout { Layout::Client } else { Layout::Server };
            // v2 has no layout: `_m` and `_d` are written when set.
            if layout == Layout::Client && !v2 {
                if master.is_some() {
                    faults.push((Field::MasterPartnerId, FieldError::NotInLayout));
                }
                if !additional.is_empty() {
                    faults.push((Field::AdditionalData, FieldError::NotInLayout));
                }
            }
            if v2 && let Err(fault) = reference::v2_privilege_fields(&privileges) {
                faults.push(fault);
            }
            let valid_until = if now >= 0 && expiry > 0 {
                now.checked_add(expiry).unwrap_or_else(|| {
                    faults.push((Field::Expiry, FieldError::Overflow));
                    0
                })
            } else {
                0
            };
            let p = Session {
                partner_id,
                session_type: session_type.get(),
                user_id: &user_id,
                privileges: &privileges,
                expiry,
                master_partner_id: *master,
                additional_data: &additional,
                layout,
                alphabet: alphabet(*url_safe),
            };
            let result = match mint {
                Mint::V1Rand(r) => generate_session_with_rand(&secret, &p, now, *r),
                Mint::V1Os => generate_session(&secret, &p, now),
                Mint::V2Random(r) => generate_session_v2_with_random(&secret, &p, now, r),
                Mint::V2Os => generate_session_v2(&secret, &p, now),
            };
            let made = Made {
                v2,
                url_safe: *url_safe,
                session_type: session_type.get(),
                user_id: user_id.clone(),
                privileges: privileges.clone(),
                master: *master,
                data: additional.clone(),
                valid_until,
                rand: match mint {
                    Mint::V1Rand(r) => Some(i64::from(*r)),
                    _ => None,
                },
                v2_random: match mint {
                    Mint::V2Random(r) => Some(*r),
                    _ => None,
                },
                layout: if v2 { Layout::Server } else { layout },
                window: None,
            };
            // A second token from the OS generator differs (v2: 128 random bits).
            if let (Mint::V2Os, Ok(first)) = (mint, &result) {
                let second = generate_session_v2(&secret, &p, now).expect("the same inputs mint twice");
                assert_ne!(first, &second, "two v2 tokens with the same R");
            }
            (result, made, Box::new(|_| unreachable!("plain sessions are not regenerated")))
        }
    };

    let token = match result {
        Err(e) => {
            check_error(&e);
            let Error::InvalidField { field, reason } = &e else { panic!("generate: {e:?} for {input:?}") };
            assert!(
                faults.iter().any(|(f, r)| f == field && r == reason),
                "refused with {e:?} ({e}), but the faults are {faults:?}: {input:?}"
            );
            return;
        }
        Ok(token) => {
            assert!(faults.is_empty(), "minted despite {faults:?}: {input:?}");
            token
        }
    };
    if made.v2 {
        check_v2(&token, &made, partner_id, secret_index, other_index, now, &secret);
    } else {
        check_v1(&token, &made, partner_id, secret_index, other_index, now);
    }
    // One cache window, one token: its first and last second give this one.
    if let Some((rounded, cache)) = made.window {
        for t in [rounded - cache, rounded - 1] {
            assert_eq!(regenerate(t).as_ref(), Ok(&token), "at {t} in the window ending {rounded}");
        }
    }
}

fn check_v1(token: &str, made: &Made, partner_id: i64, secret: usize, other: usize, now: i64) {
    let fields =
        reference::decode_v1(token).unwrap_or_else(|e| panic!("a minted v1 token does not decode: {e:?} {token:?}"));
    let rand = match made.rand {
        Some(r) => r,
        None => {
            let r: i64 = fields.rand.parse().expect("rand is a number");
            assert!((0..=0x7fff_ffff).contains(&r), "rand {r}");
            r
        }
    };
    let p = partner_id;
    let (vu, code, user, privs) = (made.valid_until, made.session_type.code(), &made.user_id, &made.privileges);
    let mut info = format!("{p};{p};{vu};{code};{rand};{user};{privs}");
    if made.layout == Layout::Server {
        let master = made.master.map(|m| m.to_string()).unwrap_or_default();
        info.push_str(&format!(";{master};{}", made.data));
    }
    let expected = reference::b64_encode(&reference::sign_v1(SECRETS[secret], info.as_bytes()), made.url_safe, true);
    assert_eq!(token, expected, "v1 token for info {info:?}");

    let want = Fields {
        version: 1,
        signature: reference::signature_v1(SECRETS[secret], info.as_bytes()),
        info: info.clone(),
        partner_id,
        partner_pattern: partner_id.to_string(),
        valid_until: vu,
        session_type: SessionType::from_code(code),
        rand: rand.to_string(),
        user_id: user.clone(),
        privileges: privs.clone(),
        master_partner_id: made.master,
        additional_data: made.data.clone(),
        field_count: if made.layout == Layout::Server { 9 } else { 7 },
    };
    assert_eq!(fields, want);
    let ks = decode(token).expect("decodes");
    assert_eq!(Fields::of(&ks), want);
    crate::decode::check_ks_v1(&ks);
    check_verify(token, &ks, secret, other, now, vu);
}

fn check_v2(token: &str, made: &Made, partner_id: i64, secret: usize, other: usize, now: i64, admin: &AdminSecret) {
    let query = reference::v2_query(
        &made.privileges,
        made.valid_until,
        made.session_type.code(),
        &made.user_id,
        made.master,
        &made.data,
    )
    .expect("no faulty privilege");
    let raw = reference::b64_decode_any(token).unwrap_or_else(|e| panic!("a minted v2 token is not base64: {e:?}"));
    let header = format!("v2|{partner_id}|");
    assert!(raw.starts_with(header.as_bytes()), "v2 header");
    let random: [u8; 16] = match (made.window, made.v2_random) {
        (Some(_), _) => reference::v2_cached_random(SECRETS[secret], partner_id, &query),
        (None, Some(r)) => r,
        // From the OS: read back, then the rest of the token is checked.
        (None, None) => {
            reference::v2_decrypt(SECRETS[secret], &raw[header.len()..])[20..36].try_into().expect("16 bytes")
        }
    };
    let plaintext = reference::v2_plaintext(&random, query.as_bytes());
    let expected =
        reference::v2_token(partner_id.to_string().as_bytes(), &reference::v2_encrypt(SECRETS[secret], &plaintext));
    assert_eq!(token, expected, "v2 token for query {query:?}");
    if token.len() > MAX_TOKEN_LEN {
        return known("v2-token-too-large", || {
            format!(
                "a v2 token minted from valid fields is {} bytes, over MAX_TOKEN_LEN: it neither decodes nor verifies",
                token.len()
            )
        });
    }
    let fields = reference::decode_with_secrets(token, &[secret]).expect("decrypts");
    let privilege_fields = reference::v2_privilege_fields(&made.privileges).expect("no faulty privilege");
    assert_eq!(fields.info, query);
    assert_eq!(fields.rand, reference::hex(&random));
    assert_eq!(fields.partner_id, partner_id);
    assert_eq!(fields.valid_until, made.valid_until);
    assert_eq!(fields.session_type, SessionType::from_code(made.session_type.code()));
    assert_eq!(fields.user_id, made.user_id);
    assert_eq!(fields.privileges, reference::v2_privileges_string(&privilege_fields));
    assert_eq!(fields.master_partner_id, made.master);
    assert_eq!(fields.additional_data, made.data);

    assert_eq!(decode(token), Err(Error::SecretRequired));
    let ks = decode_with_secrets(token, std::slice::from_ref(admin)).expect("decodes with its secret");
    assert_eq!(Fields::of(&ks), fields);
    check_verify(token, &ks, secret, other, now, made.valid_until);
}

/// Verifies with the signing secret among others, without it, and at expiry.
fn check_verify(token: &str, ks: &ksession::Ks, secret: usize, other: usize, now: i64, valid_until: i64) {
    let both = [reference::secret(other), reference::secret(secret)];
    assert_eq!(verify(token, &both, now, 0).as_ref(), Ok(ks), "verify at {now}");
    assert_eq!(decode_with_secrets(token, &both).as_ref(), Ok(ks));
    if SECRETS[other] != SECRETS[secret] {
        assert_eq!(verify(token, &both[..1], now, 0), Err(Error::InvalidSignature));
    }
    assert_eq!(verify(token, &both, valid_until, 0), Err(Error::Expired { valid_until, now: valid_until }));
    if let Some(before) = valid_until.checked_sub(1) {
        assert_eq!(verify(token, &both, before, 0).as_ref(), Ok(ks));
    }
}
