//! `ksession`: mint, decode and verify Kaltura Session (KS) tokens, v1 and v2.
//!
//! Exit codes: 0 success, 1 error (refused input, missing secret, I/O),
//! 2 usage, 3 malformed token, 4 invalid signature, 5 expired, 6 token too large.

#![forbid(unsafe_code)]

mod failure;
mod secrets;
mod show;
mod time;
mod values;

use std::borrow::Cow;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use ksession::{Alphabet, CachedEntryViewingSession, CachedSession, DEFAULT_CACHE, DEFAULT_EXPIRY, Layout, Session};

use crate::failure::{Failure, exit};
use crate::secrets::SecretSource;
use crate::values::{parse_duration, parse_int, parse_leeway, parse_rand, parse_random, parse_type};

const ROOT_HELP: &str = "\
Admin secrets come from the KSESSION_ADMIN_SECRET environment variable
(comma-separated when several), --secret-file PATH or --secret-stdin (one
per line); never from a command-line value.

Exit codes: 0 success, 1 error (refused input, missing secret, I/O),
2 usage, 3 malformed KS, 4 signature matches no secret, 5 expired,
6 KS too large.

Examples:
  export KSESSION_ADMIN_SECRET=\"$(cat /run/secrets/kaltura_admin)\"
  ksession generate --partner-id 3000582 --entry-id 0_fld1ro3s --expiry 10m
  ksession decode \"$KS\"
  ksession verify \"$KS\" --json";

const GENERATE_HELP: &str = "\
Durations (--expiry, --cache) are seconds or a number with s, m, h or d.
The cached session takes `now` to the end of its cache window and adds the
expiry: every call within one window prints the same token.

Examples:
  # The entry-viewing KS a player needs, reused by every viewer for 10 minutes
  ksession generate --partner-id 3000582 --entry-id 0_fld1ro3s --user-id Viewer --expiry 10m --cache 10m
  # A generic cached session
  ksession generate --partner-id 3000582 --type admin --privileges 'list:*' --expiry 1h
  # A plain KS v1 with the official clients' 7 fields, for a URL
  ksession generate --partner-id 3000582 --type user --plain --layout client --url-safe
  # The same entry-viewing KS as v2: encrypted with the admin secret, still cached
  ksession generate --partner-id 3000582 --entry-id 0_fld1ro3s --expiry 10m --v2
  # The secrets from a file instead of the environment
  ksession generate --secret-file /run/secrets/kaltura_admin --partner-id 3000582 --entry-id 0_fld1ro3s

Values starting with '-' take the --name=VALUE form: --user-id=-guest.";

const DECODE_HELP: &str = "\
Decoding a KS v1 needs no secret and checks no signature: use `ksession verify`
for that. A KS v2 is encrypted: decoding it takes the admin secret(s), from the
same sources as verify, and checks its embedded hash (not its expiry).

Examples:
  ksession decode \"$KS\"
  ksession decode --json \"$KS\" | jq .valid_until_utc
  echo \"$KS\" | ksession decode - --now 1621600000";

const VERIFY_HELP: &str = "\
Every secret given is tried (key rotation); the KS is expired when
valid_until + leeway <= now, as the server decides (it allows no leeway).

Exit codes: 0 valid, 1 error (missing secret, bad option value), 2 usage,
3 malformed KS, 4 signature matches no secret, 5 expired, 6 KS too large.

Examples:
  # The file holds the current secret and the previous one, one per line
  ksession verify --secret-file /run/secrets/kaltura_admin \"$KS\"
  ksession verify --json \"$KS\" | jq .valid
  ksession verify \"$KS\" --leeway 30s && echo accepted";

#[derive(Parser)]
#[command(
    name = "ksession",
    version,
    about = "Mint, decode and verify Kaltura Session (KS) tokens, v1 and v2",
    after_help = ROOT_HELP,
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    /// Refused: a secret on the command line shows in `ps` and shell history.
    /// Taken (and never printed) so that its value is not echoed as an
    /// unexpected argument.
    #[arg(long = "secret", alias = "admin-secret", global = true, hide = true, num_args = 0..=1, action = ArgAction::Append)]
    secret_on_command_line: Option<Vec<String>>,
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per run")]
enum Command {
    /// Mint a KS: the cached entry-viewing session, a generic cached session, or a plain one
    #[command(after_help = GENERATE_HELP)]
    Generate(GenerateArgs),
    /// Print the fields of a KS (v1: no secret needed, signature not checked)
    #[command(after_help = DECODE_HELP)]
    Decode(DecodeArgs),
    /// Check a KS's signature against the admin secret(s) and its expiry
    #[command(after_help = VERIFY_HELP)]
    Verify(VerifyArgs),
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("session").required(true).args(["entry_id", "session_type"])))]
struct GenerateArgs {
    /// The partner id
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    partner_id: String,

    /// Mint the cached entry-viewing session for this entry (type USER,
    /// privileges sview:ENTRY_ID,setrole:PLAYBACK_BASE_ROLE,widget:1)
    #[arg(long, value_name = "ENTRY_ID", conflicts_with_all = ["privileges", "plain", "layout", "rand", "random", "master_partner_id", "additional_data"])]
    entry_id: Option<String>,

    /// Mint a generic cached session (or with --plain a plain one) of this
    /// type: user, admin, or a number (0 user, 2 admin)
    #[arg(long = "type", value_name = "TYPE", allow_hyphen_values = true)]
    session_type: Option<String>,

    /// The privileges of a generic session: comma-separated `name` or
    /// `name:value` items, e.g. 'sview:0_abc,setrole:PLAYBACK_BASE_ROLE'
    #[arg(long, value_name = "PRIVILEGES", requires = "session_type")]
    privileges: Option<String>,

    /// The user id [default: empty]
    #[arg(long, value_name = "USER_ID")]
    user_id: Option<String>,

    /// How long the KS stays valid: after the cache window ends for a cached
    /// session, from now for a plain one [default: 1d, the helper's; the
    /// platform recommends 10m]
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    expiry: Option<String>,

    /// The cache window of a cached session: every call within one window
    /// prints the same token [default: 60s]
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true, conflicts_with = "plain")]
    cache: Option<String>,

    /// Free text written as the additional data of a cached session
    #[arg(long, value_name = "TEXT", conflicts_with = "plain")]
    custom: Option<String>,

    /// The current time in unix seconds [default: the system clock]
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    now: Option<String>,

    /// Write the token in the URL-safe base64 alphabet (- and _ instead of + and /)
    #[arg(long)]
    url_safe: bool,

    /// Mint a plain KS (random rand, valid from now) instead of a cached one
    #[arg(long, requires = "session_type")]
    plain: bool,

    /// Mint a KS v2: the fields encrypted with the admin secret (AES-128-CBC),
    /// always in the URL-safe alphabet. A cached v2 is as stable within its
    /// window as a cached v1
    #[arg(long)]
    v2: bool,

    /// The field layout of a plain KS v1: server (9 fields) or client (7, as
    /// the official client libraries write) [default: server]
    #[arg(long, value_enum, value_name = "LAYOUT", requires = "plain", conflicts_with = "v2")]
    layout: Option<LayoutArg>,

    /// The rand field of a plain KS v1, for an exact token [default: random]
    #[arg(long, value_name = "N", requires = "plain", allow_hyphen_values = true, conflicts_with = "v2")]
    rand: Option<String>,

    /// The 16 random bytes of a plain KS v2 as 32 hex digits, for an exact
    /// token [default: from the operating system]
    #[arg(long, value_name = "HEX", requires_all = ["plain", "v2"])]
    random: Option<String>,

    /// The master partner id of a plain KS (server layout)
    #[arg(long, value_name = "ID", requires = "plain", allow_hyphen_values = true)]
    master_partner_id: Option<String>,

    /// The additional data of a plain KS (server layout)
    #[arg(long, value_name = "TEXT", requires = "plain")]
    additional_data: Option<String>,

    #[command(flatten)]
    secrets: SecretArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum LayoutArg {
    /// 9 fields, as the server writes them
    Server,
    /// 7 fields, as the official client libraries write them
    Client,
}

#[derive(Args)]
struct SecretArgs {
    /// Read the admin secret(s) from this file, one per line (several for key
    /// rotation) [default: the KSESSION_ADMIN_SECRET environment variable]
    #[arg(long, value_name = "PATH", conflicts_with = "secret_stdin")]
    secret_file: Option<PathBuf>,

    /// Read the admin secret(s) from standard input, one per line
    #[arg(long)]
    secret_stdin: bool,
}

#[derive(Args)]
struct DecodeArgs {
    /// The KS, or - to read it from standard input
    #[arg(value_name = "KS")]
    token: String,

    /// Print the fields as one JSON object
    #[arg(long)]
    json: bool,

    /// The time to tell the expiry against, in unix seconds [default: the system clock]
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    now: Option<String>,

    /// For a KS v2 only
    #[command(flatten)]
    secrets: SecretArgs,
}

#[derive(Args)]
struct VerifyArgs {
    /// The KS, or - to read it from standard input
    #[arg(value_name = "KS")]
    token: String,

    /// The time to check the expiry against, in unix seconds [default: the system clock]
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    now: Option<String>,

    /// Accept a KS this long past its valid_until (the server allows none) [default: 0]
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    leeway: Option<String>,

    /// Print the verdict and the fields as one JSON object
    #[arg(long)]
    json: bool,

    #[command(flatten)]
    secrets: SecretArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.secret_on_command_line.is_some() {
        let why = "admin secrets are not taken on the command line, where `ps` and shell history show them";
        usage_error(cli.command.name(), &format!("{why}: {}", secrets::WHERE));
    }
    let result = match &cli.command {
        Command::Generate(args) => generate(args),
        Command::Decode(args) => decode(args),
        Command::Verify(args) => verify(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if let Failure::Report { message, .. } = &failure {
                // Nothing is left to do when stderr itself is gone.
                let _ = writeln!(io::stderr().lock(), "ksession: error: {message}");
            }
            ExitCode::from(failure.code())
        }
    }
}

/// A usage error found after parsing: reported like clap's, exit 2.
fn usage_error(subcommand: &str, message: &str) -> ! {
    let mut cli = Cli::command();
    cli.build();
    let mut cmd = cli.find_subcommand(subcommand).cloned().unwrap_or(cli);
    cmd.error(clap::error::ErrorKind::ArgumentConflict, message).exit()
}

impl Command {
    fn name(&self) -> &'static str {
        match self {
            Command::Generate(_) => "generate",
            Command::Decode(_) => "decode",
            Command::Verify(_) => "verify",
        }
    }
}

fn now_or_clock(now: Option<&str>) -> Result<i64, Failure> {
    now.map_or_else(|| Ok(ksession::unix_now()), |text| parse_int("now", text))
}

fn emit(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::io("cannot write to standard output", &e)
        }
    })
}

fn generate(args: &GenerateArgs) -> Result<(), Failure> {
    let partner_id = parse_int("partner_id", &args.partner_id)?;
    let user_id = args.user_id.as_deref().unwrap_or("");
    let expiry = args.expiry.as_deref().map_or(Ok(DEFAULT_EXPIRY), |t| parse_duration("expiry", t))?;
    let cache = args.cache.as_deref().map_or(Ok(DEFAULT_CACHE), |t| parse_duration("cache", t))?;
    let custom = args.custom.as_deref().unwrap_or("");
    let now = now_or_clock(args.now.as_deref())?;
    let alphabet = if args.url_safe { Alphabet::UrlSafe } else { Alphabet::Standard };
    let session_type = args.session_type.as_deref().map(parse_type).transpose()?;
    let rand = args.rand.as_deref().map(parse_rand).transpose()?;
    let random = args.random.as_deref().map(parse_random).transpose()?;
    let master_partner_id = args.master_partner_id.as_deref().map(|t| parse_int("master_partner_id", t)).transpose()?;

    let secrets = secrets::load(&args.secrets.source())?;
    let secret = &secrets[0];
    let token = match (args.entry_id.as_deref(), session_type) {
        (Some(entry_id), _) => {
            let params = CachedEntryViewingSession { partner_id, entry_id, user_id, expiry, cache, custom, alphabet };
            if args.v2 {
                ksession::generate_cached_entry_viewing_session_v2(secret, &params, now)?
            } else {
                ksession::generate_cached_entry_viewing_session(secret, &params, now)?
            }
        }
        (None, Some(session_type)) if args.plain => {
            let params = Session {
                partner_id,
                session_type,
                user_id,
                privileges: args.privileges.as_deref().unwrap_or(""),
                expiry,
                master_partner_id,
                additional_data: args.additional_data.as_deref().unwrap_or(""),
                layout: match args.layout {
                    Some(LayoutArg::Client) => Layout::Client,
                    Some(LayoutArg::Server) | None => Layout::Server,
                },
                alphabet,
            };
            match (args.v2, rand, random) {
                (true, _, Some(random)) => ksession::generate_session_v2_with_random(secret, &params, now, &random)?,
                (true, _, None) => ksession::generate_session_v2(secret, &params, now)?,
                (false, Some(rand), _) => ksession::generate_session_with_rand(secret, &params, now, rand)?,
                (false, None, _) => ksession::generate_session(secret, &params, now)?,
            }
        }
        (None, Some(session_type)) => {
            let params = CachedSession {
                partner_id,
                session_type,
                user_id,
                privileges: args.privileges.as_deref().unwrap_or(""),
                expiry,
                cache,
                custom,
                alphabet,
            };
            if args.v2 {
                ksession::generate_cached_session_v2(secret, &params, now)?
            } else {
                ksession::generate_cached_session(secret, &params, now)?
            }
        }
        // clap's "session" group requires one of the two already.
        (None, None) => usage_error("generate", "--entry-id or --type is required"),
    };
    emit(&format!("{token}\n"))
}

impl SecretArgs {
    fn source(&self) -> SecretSource<'_> {
        SecretSource { file: self.secret_file.as_deref(), stdin: self.secret_stdin }
    }
}

/// The longest standard input read for a token; the library refuses
/// anything over `MAX_TOKEN_LEN` anyway, with the length in its message.
const MAX_STDIN_TOKEN: usize = 1024 * 1024;

/// The token argument, or standard input for `-` (its line ending removed).
fn read_token(arg: &str) -> Result<Cow<'_, str>, Failure> {
    if arg != "-" {
        return Ok(Cow::Borrowed(arg));
    }
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(MAX_STDIN_TOKEN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::io("cannot read the KS from standard input", &e))?;
    if bytes.len() > MAX_STDIN_TOKEN {
        return Err(Failure::Report {
            code: exit::TOO_LARGE,
            kind: ksession::ErrorKind::TokenTooLarge.as_str(),
            message: format!(
                "KS on standard input is over {MAX_STDIN_TOKEN} bytes, over the {} byte limit",
                ksession::MAX_TOKEN_LEN
            ),
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| Failure::Report {
        code: exit::MALFORMED,
        kind: ksession::ErrorKind::MalformedToken.as_str(),
        message: "malformed KS: standard input is not UTF-8 text".to_owned(),
    })?;
    Ok(Cow::Owned(text.trim_end_matches(['\n', '\r']).to_owned()))
}

/// In `--json` mode a failure also goes to stdout as an object.
fn json_failure(failure: Failure, valid: Option<bool>) -> Failure {
    if let Failure::Report { kind, message, .. } = &failure {
        if let Err(broken) = emit(&format!("{}\n", show::error_json(valid, kind, message))) {
            return broken;
        }
    }
    failure
}

fn decode(args: &DecodeArgs) -> Result<(), Failure> {
    if args.secrets.secret_stdin && args.token == "-" {
        usage_error("decode", "standard input cannot carry both the secret and the KS: pass one of them another way");
    }
    let run = || -> Result<String, Failure> {
        let now = now_or_clock(args.now.as_deref())?;
        let token = read_token(&args.token)?;
        let ks = match ksession::decode(&token) {
            // A KS v2 is encrypted: only then are the secrets read.
            Err(err) if err.kind() == ksession::ErrorKind::SecretRequired => {
                let source = args.secrets.source();
                if !secrets::is_given(&source) {
                    return Err(Failure::with_hint(err, secrets::WHERE));
                }
                ksession::decode_with_secrets(&token, &secrets::load(&source)?)?
            }
            result => result?,
        };
        Ok(if args.json { format!("{}\n", show::KsJson::new(&ks, now, None).render()) } else { show::human(&ks, now) })
    };
    match run() {
        Ok(text) => emit(&text),
        Err(failure) if args.json => Err(json_failure(failure, None)),
        Err(failure) => Err(failure),
    }
}

fn verify(args: &VerifyArgs) -> Result<(), Failure> {
    if args.secrets.secret_stdin && args.token == "-" {
        usage_error("verify", "standard input cannot carry both the secret and the KS: pass one of them another way");
    }
    let run = || -> Result<String, Failure> {
        let now = now_or_clock(args.now.as_deref())?;
        let leeway = args.leeway.as_deref().map_or(Ok(0), parse_leeway)?;
        let token = read_token(&args.token)?;
        let secrets = secrets::load(&args.secrets.source())?;
        let ks = ksession::verify(&token, &secrets, now, leeway)?;
        Ok(if args.json {
            format!("{}\n", show::KsJson::new(&ks, now, Some(true)).render())
        } else {
            show::verified_summary(&ks, now)
        })
    };
    match run() {
        Ok(text) => emit(&text),
        Err(failure) if args.json => Err(json_failure(failure, Some(false))),
        Err(failure) => Err(failure),
    }
}
