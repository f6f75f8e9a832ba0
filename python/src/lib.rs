//! The native part of the `ksession` Python package (`ksession._ksession`).
//!
//! A thin layer over the `ksession` crate: it converts arguments, maps the
//! crate's errors to the package's exception classes (defined in Python, in
//! `ksession/_errors.py`) and wraps a decoded token in the frozen class `Ks`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyString, PyType};

/// Inputs at least this long (in bytes, all text arguments together) are
/// hashed with the GIL released, so that other Python threads run meanwhile.
/// A typical token (under 300 bytes) takes about a microsecond of work: there
/// the hand-over of the GIL to a waiting thread (a context switch) would cost
/// more than the work, so it is kept.
const DETACH_MIN_INPUT: usize = 4096;

// ---------------------------------------------------------------------------
// Errors

/// The exception classes of `ksession._errors`, imported once per interpreter.
struct ErrorClasses {
    base: Py<PyType>,
    invalid_field: Py<PyType>,
    malformed_token: Py<PyType>,
    invalid_signature: Py<PyType>,
    expired: Py<PyType>,
    token_too_large: Py<PyType>,
    secret_required: Py<PyType>,
    random_unavailable: Py<PyType>,
}

static ERROR_CLASSES: PyOnceLock<ErrorClasses> = PyOnceLock::new();

fn error_classes(py: Python<'_>) -> PyResult<&ErrorClasses> {
    ERROR_CLASSES.get_or_try_init(py, || {
        let module = py.import("ksession._errors")?;
        let class = |name: &str| -> PyResult<Py<PyType>> { Ok(module.getattr(name)?.cast_into::<PyType>()?.unbind()) };
        Ok(ErrorClasses {
            base: class("KsError")?,
            invalid_field: class("InvalidField")?,
            malformed_token: class("MalformedToken")?,
            invalid_signature: class("InvalidSignature")?,
            expired: class("Expired")?,
            token_too_large: class("TokenTooLarge")?,
            secret_required: class("SecretRequired")?,
            random_unavailable: class("RandomUnavailable")?,
        })
    })
}

/// The Python exception for an error of the core; its message is the core's
/// `Display` text, which never holds a secret.
fn ks_error(py: Python<'_>, err: ksession::Error) -> PyErr {
    let classes = match error_classes(py) {
        Ok(classes) => classes,
        Err(import_failed) => return import_failed,
    };
    let message = err.to_string();
    match err {
        ksession::Error::InvalidField { field, .. } => {
            PyErr::from_type(classes.invalid_field.bind(py).clone(), (message, field.as_str()))
        }
        ksession::Error::MalformedToken(_) => PyErr::from_type(classes.malformed_token.bind(py).clone(), (message,)),
        ksession::Error::InvalidSignature => PyErr::from_type(classes.invalid_signature.bind(py).clone(), (message,)),
        ksession::Error::Expired { valid_until, now } => {
            PyErr::from_type(classes.expired.bind(py).clone(), (message, valid_until, now))
        }
        ksession::Error::TokenTooLarge { len } => {
            PyErr::from_type(classes.token_too_large.bind(py).clone(), (message, len))
        }
        ksession::Error::SecretRequired => PyErr::from_type(classes.secret_required.bind(py).clone(), (message,)),
        ksession::Error::RandomUnavailable => PyErr::from_type(classes.random_unavailable.bind(py).clone(), (message,)),
        // A kind added to the core later still reaches Python as a KsError.
        _ => PyErr::from_type(classes.base.bind(py).clone(), (message,)),
    }
}

/// `InvalidField` for a check made here rather than in the core (Python
/// values the core's types cannot hold, and the binding's own parameters).
fn invalid_field(py: Python<'_>, field: &'static str, message: String) -> PyErr {
    match error_classes(py) {
        Ok(classes) => PyErr::from_type(classes.invalid_field.bind(py).clone(), (message, field)),
        Err(import_failed) => import_failed,
    }
}

trait OrPyErr<T> {
    fn or_py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrPyErr<T> for ksession::Result<T> {
    fn or_py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|err| ks_error(py, err))
    }
}

// ---------------------------------------------------------------------------
// Arguments

/// An integer argument. A Python int outside the signed 64-bit range is kept
/// as `OutOfRange` so that it is reported as `InvalidField` naming the
/// parameter rather than as `OverflowError`.
#[derive(Clone, Copy)]
enum Int {
    Value(i64),
    OutOfRange,
}

impl FromPyObject<'_, '_> for Int {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        match obj.extract::<i64>() {
            Ok(value) => Ok(Int::Value(value)),
            Err(err) if err.is_instance_of::<PyOverflowError>(obj.py()) => Ok(Int::OutOfRange),
            Err(err) => Err(err),
        }
    }
}

impl Int {
    fn get(self, py: Python<'_>, field: &'static str) -> PyResult<i64> {
        match self {
            Int::Value(value) => Ok(value),
            Int::OutOfRange => Err(invalid_field(
                py,
                field,
                format!("{field} is out of range: it must fit in a signed 64-bit integer"),
            )),
        }
    }

    /// For the binding's own `u32` parameters (`rand`, `leeway`).
    fn get_u32(self, py: Python<'_>, field: &'static str) -> PyResult<u32> {
        let value = self.get(py, field)?;
        u32::try_from(value)
            .map_err(|_| invalid_field(py, field, format!("{field} must be between 0 and {}, got {value}", u32::MAX)))
    }
}

/// A text argument. A `str` holding a lone surrogate cannot be written as
/// UTF-8; it becomes `InvalidField` naming the parameter.
enum Text {
    Str(PyBackedStr),
    NotUtf8,
}

impl Text {
    fn get(&self, py: Python<'_>, field: &'static str) -> PyResult<&str> {
        match self {
            Text::Str(s) => Ok(&**s),
            Text::NotUtf8 => {
                Err(invalid_field(py, field, format!("{field} is not valid Unicode: it holds a lone surrogate")))
            }
        }
    }
}

impl FromPyObject<'_, '_> for Text {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        let s = obj.cast::<PyString>()?;
        // The encoding error is dropped: it would quote the whole value.
        Ok(PyBackedStr::try_from(s.to_owned()).map_or(Text::NotUtf8, Text::Str))
    }
}

/// A privileges argument: a `str` or a `Privileges` built item by item.
enum PrivilegesArg {
    Text(Text),
    Built(Py<Privileges>),
}

impl PrivilegesArg {
    fn get<'a>(&'a self, py: Python<'_>) -> PyResult<&'a str> {
        match self {
            PrivilegesArg::Text(text) => text.get(py, "privileges"),
            PrivilegesArg::Built(built) => Ok(built.get().0.as_str()),
        }
    }
}

impl FromPyObject<'_, '_> for PrivilegesArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if let Ok(built) = obj.cast::<Privileges>() {
            return Ok(PrivilegesArg::Built(built.to_owned().unbind()));
        }
        if obj.is_instance_of::<PyString>() {
            return Ok(PrivilegesArg::Text(obj.extract()?));
        }
        Err(PyTypeError::new_err(format!("privileges must be str or Privileges, not {}", type_name(&obj))))
    }
}

/// An admin secret argument: `str` (used as its UTF-8 bytes), `bytes`, or an
/// `AdminSecret` made once and reused.
enum SecretArg {
    Bytes(PyBackedBytes),
    Str(PyBackedStr),
    Held(Py<AdminSecret>),
    NotUtf8,
}

impl FromPyObject<'_, '_> for SecretArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if let Ok(s) = obj.cast::<PyString>() {
            // The encoding error is dropped: it would carry the secret.
            return Ok(PyBackedStr::try_from(s.to_owned()).map_or(SecretArg::NotUtf8, SecretArg::Str));
        }
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(SecretArg::Bytes(PyBackedBytes::from(bytes.to_owned())));
        }
        if let Ok(held) = obj.cast::<AdminSecret>() {
            return Ok(SecretArg::Held(held.to_owned().unbind()));
        }
        Err(PyTypeError::new_err(format!("admin secret must be str, bytes or AdminSecret, not {}", type_name(&obj))))
    }
}

/// A secret for one call: converted from `str`/`bytes`, or borrowed from an `AdminSecret`.
enum SecretRef<'a> {
    Owned(ksession::AdminSecret),
    Held(&'a ksession::AdminSecret),
}

impl std::ops::Deref for SecretRef<'_> {
    type Target = ksession::AdminSecret;

    fn deref(&self) -> &ksession::AdminSecret {
        match self {
            SecretRef::Owned(secret) => secret,
            SecretRef::Held(secret) => secret,
        }
    }
}

impl SecretArg {
    fn secret(&self, py: Python<'_>) -> PyResult<SecretRef<'_>> {
        let bytes: &[u8] = match self {
            SecretArg::Bytes(b) => b,
            SecretArg::Str(s) => s.as_bytes(),
            SecretArg::Held(held) => return Ok(SecretRef::Held(&held.get().0)),
            SecretArg::NotUtf8 => {
                return Err(invalid_field(
                    py,
                    "admin_secret",
                    "admin_secret is not valid Unicode: it holds a lone surrogate".to_owned(),
                ));
            }
        };
        ksession::AdminSecret::new(bytes).map(SecretRef::Owned).or_py(py)
    }
}

/// One admin secret, or several (key rotation) in any iterable.
struct SecretsArg(Vec<SecretArg>);

impl FromPyObject<'_, '_> for SecretsArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<AdminSecret>() {
            return Ok(SecretsArg(vec![obj.extract()?]));
        }
        let items = obj.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "admin_secrets must be str, bytes, AdminSecret or an iterable of them, not {}",
                type_name(&obj)
            ))
        })?;
        let secrets = items.map(|item| item?.extract::<SecretArg>()).collect::<PyResult<_>>()?;
        Ok(SecretsArg(secrets))
    }
}

impl SecretsArg {
    /// The secrets as the core takes them: one slice.
    fn secrets(&self, py: Python<'_>) -> PyResult<Vec<ksession::AdminSecret>> {
        self.0
            .iter()
            .map(|s| {
                Ok(match s.secret(py)? {
                    SecretRef::Owned(secret) => secret,
                    SecretRef::Held(secret) => secret.clone(),
                })
            })
            .collect()
    }
}

/// A partner's admin secret, converted once: pass it wherever a secret is
/// taken to save the conversion on every call. Its bytes are wiped from
/// memory when it is freed; its ``repr`` never shows them.
#[pyclass(frozen, module = "ksession", name = "AdminSecret")]
struct AdminSecret(ksession::AdminSecret);

#[pymethods]
impl AdminSecret {
    /// ``secret`` as ``str`` (its UTF-8 bytes) or ``bytes``; an empty one
    /// raises ``InvalidField`` (``admin_secret``).
    #[new]
    fn new(py: Python<'_>, secret: SecretArg) -> PyResult<Self> {
        Ok(AdminSecret(match secret.secret(py)? {
            SecretRef::Owned(secret) => secret,
            SecretRef::Held(secret) => secret.clone(),
        }))
    }

    fn __repr__(&self) -> &'static str {
        "AdminSecret([redacted])"
    }

    /// Refuses to be pickled: a pickle would hold the secret in the clear.
    fn __reduce__(&self) -> PyResult<()> {
        Err(PyTypeError::new_err("AdminSecret cannot be pickled"))
    }

    /// Immutable: a copy is the same object.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}

/// A token: `str`, or `bytes` as the official Python client returns it.
enum TokenArg {
    Str(PyBackedStr),
    Bytes(PyBackedBytes),
    NotUtf8,
}

impl FromPyObject<'_, '_> for TokenArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Self> {
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(PyBackedStr::try_from(s.to_owned()).map_or(TokenArg::NotUtf8, TokenArg::Str));
        }
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(TokenArg::Bytes(PyBackedBytes::from(bytes.to_owned())));
        }
        Err(PyTypeError::new_err(format!("ks must be str or bytes, not {}", type_name(&obj))))
    }
}

impl TokenArg {
    /// The token as text; bytes that are not UTF-8 are not base64 either.
    fn text(&self) -> ksession::Result<&str> {
        let bytes: &[u8] = match self {
            TokenArg::Str(s) => return Ok(&**s),
            TokenArg::Bytes(b) => b,
            TokenArg::NotUtf8 => return Err(ksession::Error::MalformedToken(ksession::Malformed::Base64)),
        };
        if bytes.len() > ksession::MAX_TOKEN_LEN {
            return Err(ksession::Error::TokenTooLarge { len: bytes.len() });
        }
        std::str::from_utf8(bytes).map_err(|_| ksession::Error::MalformedToken(ksession::Malformed::Base64))
    }
}

fn type_name(obj: &Borrowed<'_, '_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "?".to_owned(), |name| name.to_string())
}

fn now_or_clock(py: Python<'_>, now: Option<Int>) -> PyResult<i64> {
    match now {
        Some(now) => now.get(py, "now"),
        None => Ok(ksession::unix_now()),
    }
}

const fn alphabet(url_safe: bool) -> ksession::Alphabet {
    if url_safe { ksession::Alphabet::UrlSafe } else { ksession::Alphabet::Standard }
}

/// Runs `job` with the GIL released when the input is large enough for that to pay.
fn run<T: Send>(py: Python<'_>, input_len: usize, job: impl FnOnce() -> T + Send) -> T {
    if input_len >= DETACH_MIN_INPUT { py.detach(job) } else { job() }
}

// ---------------------------------------------------------------------------
// Session types

static SESSION_TYPES: PyOnceLock<[Py<PyAny>; 2]> = PyOnceLock::new();

/// `SessionType.USER` / `SessionType.ADMIN`, or the plain int of another type.
fn session_type_object(py: Python<'_>, session_type: ksession::SessionType) -> PyResult<Py<PyAny>> {
    let members = SESSION_TYPES.get_or_try_init(py, || -> PyResult<_> {
        let class = py.import("ksession._types")?.getattr("SessionType")?;
        Ok([class.getattr("USER")?.unbind(), class.getattr("ADMIN")?.unbind()])
    })?;
    Ok(match session_type {
        ksession::SessionType::User => members[0].clone_ref(py),
        ksession::SessionType::Admin => members[1].clone_ref(py),
        other => other.code().into_pyobject(py)?.into_any().unbind(),
    })
}

// ---------------------------------------------------------------------------
// Generation

// The generators and `verify` take every argument positionally: with the
// abi3-py38 ABI a native function receives keyword arguments as a dict, and
// building and matching it costs more than the KS itself. The public
// functions, with their defaults and keyword-only `now`, are thin Python
// wrappers in `ksession/_api.py`.

/// ``generate_cached_entry_viewing_session`` with every argument given, in order.
#[pyfunction]
#[pyo3(signature = (admin_secret, user_id, entry_id, partner_id, expiry, cache, custom, now, url_safe, /))]
#[allow(clippy::too_many_arguments)]
fn cached_entry_viewing_session(
    py: Python<'_>,
    admin_secret: SecretArg,
    user_id: Text,
    entry_id: Text,
    partner_id: Int,
    expiry: Int,
    cache: Int,
    custom: Text,
    now: Option<Int>,
    url_safe: bool,
) -> PyResult<String> {
    let secret = admin_secret.secret(py)?;
    let params = ksession::CachedEntryViewingSession {
        partner_id: partner_id.get(py, "partner_id")?,
        entry_id: entry_id.get(py, "entry_id")?,
        user_id: user_id.get(py, "user_id")?,
        expiry: expiry.get(py, "expiry")?,
        cache: cache.get(py, "cache")?,
        custom: custom.get(py, "custom")?,
        alphabet: alphabet(url_safe),
    };
    let now = now_or_clock(py, now)?;
    let input_len = params.entry_id.len() + params.user_id.len() + params.custom.len();
    run(py, input_len, || ksession::generate_cached_entry_viewing_session(&secret, &params, now)).or_py(py)
}

/// ``generate_cached_session`` with every argument given, in order.
#[pyfunction]
#[pyo3(signature = (admin_secret, user_id, r#type, partner_id, expiry, privileges, cache, custom, now, url_safe, /))]
#[allow(clippy::too_many_arguments)]
fn cached_session(
    py: Python<'_>,
    admin_secret: SecretArg,
    user_id: Text,
    r#type: Int,
    partner_id: Int,
    expiry: Int,
    privileges: PrivilegesArg,
    cache: Int,
    custom: Text,
    now: Option<Int>,
    url_safe: bool,
) -> PyResult<String> {
    let secret = admin_secret.secret(py)?;
    let params = ksession::CachedSession {
        partner_id: partner_id.get(py, "partner_id")?,
        session_type: ksession::SessionType::from_code(r#type.get(py, "type")?),
        user_id: user_id.get(py, "user_id")?,
        privileges: privileges.get(py)?,
        expiry: expiry.get(py, "expiry")?,
        cache: cache.get(py, "cache")?,
        custom: custom.get(py, "custom")?,
        alphabet: alphabet(url_safe),
    };
    let now = now_or_clock(py, now)?;
    let input_len = params.user_id.len() + params.privileges.len() + params.custom.len();
    run(py, input_len, || ksession::generate_cached_session(&secret, &params, now)).or_py(py)
}

/// ``generate_session`` with every argument given, in order.
#[pyfunction]
#[pyo3(signature = (admin_secret, partner_id, r#type, user_id, privileges, expiry, master_partner_id, additional_data, layout, now, rand, url_safe, /))]
#[allow(clippy::too_many_arguments)]
fn session(
    py: Python<'_>,
    admin_secret: SecretArg,
    partner_id: Int,
    r#type: Int,
    user_id: Text,
    privileges: PrivilegesArg,
    expiry: Int,
    master_partner_id: Option<Int>,
    additional_data: Text,
    layout: Text,
    now: Option<Int>,
    rand: Option<Int>,
    url_safe: bool,
) -> PyResult<String> {
    let secret = admin_secret.secret(py)?;
    let layout = match layout.get(py, "layout")? {
        "server" => ksession::Layout::Server,
        "client" => ksession::Layout::Client,
        other => {
            return Err(invalid_field(py, "layout", format!("layout must be 'server' or 'client', got {other:?}")));
        }
    };
    let params = ksession::Session {
        partner_id: partner_id.get(py, "partner_id")?,
        session_type: ksession::SessionType::from_code(r#type.get(py, "type")?),
        user_id: user_id.get(py, "user_id")?,
        privileges: privileges.get(py)?,
        expiry: expiry.get(py, "expiry")?,
        master_partner_id: master_partner_id.map(|m| m.get(py, "master_partner_id")).transpose()?,
        additional_data: additional_data.get(py, "additional_data")?,
        layout,
        alphabet: alphabet(url_safe),
    };
    let now = now_or_clock(py, now)?;
    let rand = rand.map(|r| r.get_u32(py, "rand")).transpose()?;
    let input_len = params.user_id.len() + params.privileges.len() + params.additional_data.len();
    run(py, input_len, || match rand {
        Some(rand) => ksession::generate_session_with_rand(&secret, &params, now, rand),
        None => ksession::generate_session(&secret, &params, now),
    })
    .or_py(py)
}

/// ``generate_cached_entry_viewing_session_v2`` with every argument given, in order.
#[pyfunction]
#[pyo3(signature = (admin_secret, user_id, entry_id, partner_id, expiry, cache, custom, now, /))]
#[allow(clippy::too_many_arguments)]
fn cached_entry_viewing_session_v2(
    py: Python<'_>,
    admin_secret: SecretArg,
    user_id: Text,
    entry_id: Text,
    partner_id: Int,
    expiry: Int,
    cache: Int,
    custom: Text,
    now: Option<Int>,
) -> PyResult<String> {
    let secret = admin_secret.secret(py)?;
    let params = ksession::CachedEntryViewingSession {
        partner_id: partner_id.get(py, "partner_id")?,
        entry_id: entry_id.get(py, "entry_id")?,
        user_id: user_id.get(py, "user_id")?,
        expiry: expiry.get(py, "expiry")?,
        cache: cache.get(py, "cache")?,
        custom: custom.get(py, "custom")?,
        alphabet: ksession::Alphabet::UrlSafe,
    };
    let now = now_or_clock(py, now)?;
    let input_len = params.entry_id.len() + params.user_id.len() + params.custom.len();
    run(py, input_len, || ksession::generate_cached_entry_viewing_session_v2(&secret, &params, now)).or_py(py)
}

/// ``generate_cached_session_v2`` with every argument given, in order.
#[pyfunction]
#[pyo3(signature = (admin_secret, user_id, r#type, partner_id, expiry, privileges, cache, custom, now, /))]
#[allow(clippy::too_many_arguments)]
fn cached_session_v2(
    py: Python<'_>,
    admin_secret: SecretArg,
    user_id: Text,
    r#type: Int,
    partner_id: Int,
    expiry: Int,
    privileges: PrivilegesArg,
    cache: Int,
    custom: Text,
    now: Option<Int>,
) -> PyResult<String> {
    let secret = admin_secret.secret(py)?;
    let params = ksession::CachedSession {
        partner_id: partner_id.get(py, "partner_id")?,
        session_type: ksession::SessionType::from_code(r#type.get(py, "type")?),
        user_id: user_id.get(py, "user_id")?,
        privileges: privileges.get(py)?,
        expiry: expiry.get(py, "expiry")?,
        cache: cache.get(py, "cache")?,
        custom: custom.get(py, "custom")?,
        alphabet: ksession::Alphabet::UrlSafe,
    };
    let now = now_or_clock(py, now)?;
    let input_len = params.user_id.len() + params.privileges.len() + params.custom.len();
    run(py, input_len, || ksession::generate_cached_session_v2(&secret, &params, now)).or_py(py)
}

/// ``generate_session_v2`` with every argument given, in order.
#[pyfunction]
#[pyo3(signature = (admin_secret, partner_id, r#type, user_id, privileges, expiry, master_partner_id, additional_data, now, random, /))]
#[allow(clippy::too_many_arguments)]
fn session_v2(
    py: Python<'_>,
    admin_secret: SecretArg,
    partner_id: Int,
    r#type: Int,
    user_id: Text,
    privileges: PrivilegesArg,
    expiry: Int,
    master_partner_id: Option<Int>,
    additional_data: Text,
    now: Option<Int>,
    random: Option<PyBackedBytes>,
) -> PyResult<String> {
    let secret = admin_secret.secret(py)?;
    let params = ksession::Session {
        partner_id: partner_id.get(py, "partner_id")?,
        session_type: ksession::SessionType::from_code(r#type.get(py, "type")?),
        user_id: user_id.get(py, "user_id")?,
        privileges: privileges.get(py)?,
        expiry: expiry.get(py, "expiry")?,
        master_partner_id: master_partner_id.map(|m| m.get(py, "master_partner_id")).transpose()?,
        additional_data: additional_data.get(py, "additional_data")?,
        layout: ksession::Layout::Server,
        alphabet: ksession::Alphabet::UrlSafe,
    };
    let now = now_or_clock(py, now)?;
    let random: Option<[u8; 16]> = match random {
        None => None,
        Some(bytes) => Some(
            <[u8; 16]>::try_from(&bytes[..])
                .map_err(|_| invalid_field(py, "random", format!("random must be 16 bytes, got {}", bytes.len())))?,
        ),
    };
    let input_len = params.user_id.len() + params.privileges.len() + params.additional_data.len();
    run(py, input_len, || match random {
        Some(random) => ksession::generate_session_v2_with_random(&secret, &params, now, &random),
        None => ksession::generate_session_v2(&secret, &params, now),
    })
    .or_py(py)
}

/// The end of the cache window holding ``now``: the next multiple of
/// ``cache`` (a full window ahead when ``now`` is one already). A cached KS
/// is the same for every call until then.
#[pyfunction]
fn cache_window_end(py: Python<'_>, now: Int, cache: Int) -> PyResult<i64> {
    let now = now.get(py, "now")?;
    let cache = cache.get(py, "cache")?;
    ksession::cache_window_end(now, cache).or_py(py)
}

// ---------------------------------------------------------------------------
// Decoding and verifying

/// Read a KS without checking it: a v1 token's signature is not checked
/// and ``admin_secrets`` is not needed; a v2 token is encrypted, so it is
/// decrypted with whichever of ``admin_secrets`` (one or several) it was
/// made with. The expiry is not checked; ``verify`` checks everything.
///
/// Raises ``MalformedToken`` (``TokenTooLarge`` past ``MAX_TOKEN_LEN``
/// bytes), ``SecretRequired`` for a v2 token without ``admin_secrets``,
/// ``InvalidSignature`` when no secret decrypts it.
#[pyfunction]
#[pyo3(signature = (ks, admin_secrets = None))]
fn decode(py: Python<'_>, ks: TokenArg, admin_secrets: Option<SecretsArg>) -> PyResult<Ks> {
    let token = ks.text().or_py(py)?;
    match admin_secrets {
        None => run(py, token.len(), || ksession::decode(token)).map(Ks).or_py(py),
        Some(secrets) => {
            let secrets = secrets.secrets(py)?;
            run(py, token.len() * secrets.len(), || ksession::decode_with_secrets(token, &secrets)).map(Ks).or_py(py)
        }
    }
}

/// ``verify`` with every argument given, in order.
#[pyfunction]
#[pyo3(signature = (ks, admin_secrets, now, leeway, /))]
fn verify_at(py: Python<'_>, ks: TokenArg, admin_secrets: SecretsArg, now: Option<Int>, leeway: Int) -> PyResult<Ks> {
    let secrets = admin_secrets.secrets(py)?;
    let now = now_or_clock(py, now)?;
    let leeway = leeway.get_u32(py, "leeway")?;
    let token = ks.text().or_py(py)?;
    run(py, token.len() * secrets.len(), || ksession::verify(token, &secrets, now, leeway)).map(Ks).or_py(py)
}

/// Split a privileges string as the server reads it: on ``,``, each item
/// trimmed, empty ones skipped, ``name:value`` split at the first ``:``.
/// Returns ``(name, value)`` pairs; ``value`` is ``None`` for a bare name.
#[pyfunction]
fn parse_privileges(py: Python<'_>, privileges: Text) -> PyResult<Vec<(String, Option<String>)>> {
    Ok(privilege_pairs(ksession::parse_privileges(privileges.get(py, "privileges")?)))
}

fn privilege_pairs(items: Vec<ksession::Privilege>) -> Vec<(String, Option<String>)> {
    items.into_iter().map(|p| (p.name, p.value)).collect()
}

fn py_repr(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(PyString::new(py, s).repr()?.to_string())
}

/// A decoded KS (v1 or v2): every field, typed. Immutable.
///
/// ``decode`` returns one without checking the signature; ``verify`` only
/// when the signature and the expiry hold. Its ``repr`` shows the fields but
/// not the signature, so that logging it does not log a usable token.
#[pyclass(frozen, eq, module = "ksession", name = "Ks")]
#[derive(PartialEq)]
struct Ks(ksession::Ks);

#[pymethods]
impl Ks {
    /// The KS version: 1 or 2.
    #[getter]
    fn version(&self) -> u8 {
        self.0.version()
    }
    /// The partner id.
    #[getter]
    fn partner_id(&self) -> i64 {
        self.0.partner_id()
    }
    /// The partner pattern (field 2), usually the partner id again.
    #[getter]
    fn partner_pattern(&self) -> &str {
        self.0.partner_pattern()
    }
    /// Unix time (seconds) at and after which the KS is expired.
    #[getter]
    fn valid_until(&self) -> i64 {
        self.0.valid_until()
    }
    /// ``SessionType.USER`` (0), ``SessionType.ADMIN`` (2), or the int of another type.
    #[getter]
    fn r#type(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        session_type_object(py, self.0.session_type())
    }
    /// ``"USER"``, ``"ADMIN"`` or ``"UNKNOWN"``.
    #[getter]
    fn type_name(&self) -> &'static str {
        self.0.session_type().name()
    }
    /// v1 field 5: a random number, or the cache window's end in a cached
    /// session. v2: the 16 random bytes in hex.
    #[getter]
    fn rand(&self) -> &str {
        self.0.rand()
    }
    /// The user id (may be empty).
    #[getter]
    fn user_id(&self) -> &str {
        self.0.user_id()
    }
    /// The privileges string.
    #[getter]
    fn privileges(&self) -> &str {
        self.0.privileges()
    }
    /// The privileges as ``(name, value)`` pairs; ``value`` is ``None`` for a bare name.
    #[getter]
    fn privilege_items(&self) -> Vec<(String, Option<String>)> {
        privilege_pairs(self.0.privilege_items())
    }
    /// The master partner id, or ``None``.
    #[getter]
    fn master_partner_id(&self) -> Option<i64> {
        self.0.master_partner_id()
    }
    /// The additional data (a cached session's custom data).
    #[getter]
    fn additional_data(&self) -> &str {
        self.0.additional_data()
    }
    /// How many fields the token carries (v1: 3 to 9; v2: the query's fields).
    #[getter]
    fn field_count(&self) -> usize {
        self.0.field_count()
    }
    /// Type USER, user ``""`` or ``"0"``, and ``widget:1`` among the privileges.
    #[getter]
    fn is_widget_session(&self) -> bool {
        self.0.is_widget_session()
    }
    /// v1: the 40 lowercase hex digits of the signature. v2: the embedded SHA-1 in hex.
    #[getter]
    fn signature(&self) -> &str {
        self.0.signature()
    }
    /// The signed fields: v1, joined with ``;``; v2, the decrypted query string.
    #[getter]
    fn info(&self) -> &str {
        self.0.info()
    }
    /// Whether the KS is expired at ``now`` (``valid_until <= now``);
    /// ``None`` reads the system clock.
    #[pyo3(signature = (*, now = None), text_signature = "($self, *, now=None)")]
    fn is_expired(&self, py: Python<'_>, now: Option<Int>) -> PyResult<bool> {
        Ok(self.0.is_expired_at(now_or_clock(py, now)?))
    }

    fn __hash__(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.0.signature().hash(&mut hasher);
        self.0.info().hash(&mut hasher);
        hasher.finish()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let ks = &self.0;
        let session_type = match ks.session_type() {
            ksession::SessionType::User => "SessionType.USER".to_owned(),
            ksession::SessionType::Admin => "SessionType.ADMIN".to_owned(),
            other => other.code().to_string(),
        };
        let master = ks.master_partner_id().map_or_else(|| "None".to_owned(), |m| m.to_string());
        Ok(format!(
            "Ks(version={}, partner_id={}, partner_pattern={}, valid_until={}, type={}, rand={}, user_id={}, \
             privileges={}, master_partner_id={}, additional_data={}, field_count={})",
            ks.version(),
            ks.partner_id(),
            py_repr(py, ks.partner_pattern())?,
            ks.valid_until(),
            session_type,
            py_repr(py, ks.rand())?,
            py_repr(py, ks.user_id())?,
            py_repr(py, ks.privileges())?,
            master,
            py_repr(py, ks.additional_data())?,
            ks.field_count(),
        ))
    }
}

/// A privileges string built item by item, each item checked. Immutable:
/// ``add`` returns a new ``Privileges``. Pass it wherever ``privileges`` is
/// accepted, or take ``str()`` of it.
///
/// >>> str(Privileges().add("sview", "0_x").add("widget", "1"))
/// 'sview:0_x,widget:1'
#[pyclass(frozen, eq, hash, skip_from_py_object, module = "ksession", name = "Privileges")]
#[derive(Clone, Default, PartialEq, Eq, Hash)]
struct Privileges(ksession::Privileges);

#[pymethods]
impl Privileges {
    /// No privileges.
    #[new]
    fn new() -> Self {
        Privileges::default()
    }

    /// The entry-viewing privileges of one entry:
    /// ``sview:ENTRY_ID,setrole:PLAYBACK_BASE_ROLE,widget:1``.
    #[staticmethod]
    fn entry_viewing(py: Python<'_>, entry_id: Text) -> PyResult<Self> {
        ksession::Privileges::entry_viewing(entry_id.get(py, "entry_id")?).map(Privileges).or_py(py)
    }

    /// A copy with ``name`` or ``name:value`` appended. A name must not be
    /// empty nor hold ``,`` ``:`` ``;`` ``|`` or a control character; a value
    /// must not hold ``,`` ``;`` ``|`` or a control character.
    #[pyo3(signature = (name, value = None))]
    fn add(&self, py: Python<'_>, name: Text, value: Option<Text>) -> PyResult<Self> {
        let name = name.get(py, "privilege_name")?;
        let value = value.as_ref().map(|v| v.get(py, "privilege_value")).transpose()?;
        let mut next = self.0.clone();
        next.push(name, value).or_py(py)?;
        Ok(Privileges(next))
    }

    /// The items as ``(name, value)`` pairs.
    fn items(&self) -> Vec<(String, Option<String>)> {
        privilege_pairs(self.0.items())
    }

    fn __str__(&self) -> &str {
        self.0.as_str()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("Privileges({})", py_repr(py, self.0.as_str())?))
    }

    fn __len__(&self) -> usize {
        self.0.items().len()
    }
}

/// Mint, decode and verify Kaltura Session (KS) tokens; see the ``ksession`` package.
#[pymodule(gil_used = false)]
fn _ksession(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_EXPIRY", ksession::DEFAULT_EXPIRY)?;
    m.add("DEFAULT_CACHE", ksession::DEFAULT_CACHE)?;
    m.add("MAX_TOKEN_LEN", ksession::MAX_TOKEN_LEN)?;
    m.add("MAX_FIELD_LEN", ksession::MAX_FIELD_LEN)?;
    m.add("PLAYBACK_BASE_ROLE", ksession::PLAYBACK_BASE_ROLE)?;
    m.add_class::<Ks>()?;
    m.add_class::<Privileges>()?;
    m.add_class::<AdminSecret>()?;
    m.add_function(wrap_pyfunction!(cached_entry_viewing_session, m)?)?;
    m.add_function(wrap_pyfunction!(cached_session, m)?)?;
    m.add_function(wrap_pyfunction!(session, m)?)?;
    m.add_function(wrap_pyfunction!(cached_entry_viewing_session_v2, m)?)?;
    m.add_function(wrap_pyfunction!(cached_session_v2, m)?)?;
    m.add_function(wrap_pyfunction!(session_v2, m)?)?;
    m.add_function(wrap_pyfunction!(cache_window_end, m)?)?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_function(wrap_pyfunction!(verify_at, m)?)?;
    m.add_function(wrap_pyfunction!(parse_privileges, m)?)?;
    Ok(())
}
