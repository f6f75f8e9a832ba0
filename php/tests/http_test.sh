#!/usr/bin/env bash
# Serves examples/php/playback_token.php through a real php-fpm (ffi.enable=preload,
# opcache.preload=php/preload.php) behind nginx on a loopback port, fetches tokens
# with curl and checks them against the shared vectors. Configuration, sockets,
# pid files and logs go to target/php-fpm/; both servers are stopped on exit,
# whether the checks pass or not.
#
# usage: php/tests/http_test.sh   (KSESSION_HTTP_PORT=18080, KSESSION_LIB=... to override)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/target/php-fpm
port=${KSESSION_HTTP_PORT:-18080}
lib=${KSESSION_LIB:-$root/target/release/libksession.so}
fpm=$(command -v php-fpm8.2 || echo /usr/sbin/php-fpm8.2)
nginx=$(command -v nginx || echo /usr/sbin/nginx)
base=http://127.0.0.1:$port

fpm_pid=
nginx_pid=
stop() {
    local status=$?
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    [ -n "$fpm_pid" ] && kill "$fpm_pid" 2>/dev/null && wait "$fpm_pid" 2>/dev/null
    if [ "$status" -ne 0 ]; then
        echo "http test failed; logs in $out:" >&2
        tail -n 20 "$out"/php-fpm.log "$out"/php-errors.log "$out"/nginx/error.log 2>/dev/null >&2 || true
    fi
    exit "$status"
}
trap stop EXIT
trap 'exit 1' INT TERM

fail() { echo "http test: $*" >&2; exit 1; }

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "127.0.0.1:$port is in use: set KSESSION_HTTP_PORT to a free port"
fi

rm -rf "$out"
mkdir -p "$out/nginx/tmp"
chmod 700 "$out"

# As root, PHP 8.2 preloads in a child process (opcache.preload_user), where
# FFI::load() is refused: the scope comes from ffi.preload, written here.
php "$root/php/tools/scope_header.php" "$out/ksession-scope.h" "$lib"

cat > "$out/php.ini" <<EOF
ffi.enable = preload
ffi.preload = $out/ksession-scope.h
opcache.enable = 1
opcache.preload = $root/php/preload.php
opcache.preload_user = root
display_errors = Off
log_errors = On
error_reporting = E_ALL
error_log = $out/php-errors.log
EOF

# The secret is the format's public test secret; a real pool file is readable by root only.
cat > "$out/php-fpm.conf" <<EOF
[global]
pid = $out/php-fpm.pid
error_log = $out/php-fpm.log
daemonize = no

[ksession]
user = root
group = root
listen = $out/php-fpm.sock
listen.mode = 0600
pm = static
pm.max_children = 2
clear_env = yes
catch_workers_output = yes
env[KSESSION_ADMIN_SECRET] = 0123456789abcdef0123456789abcdef
env[KSESSION_PARTNER_ID] = 3000582
env[KSESSION_ALLOW_NOW] = 1
EOF

fastcgi() {
    cat <<EOF
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $1;
            fastcgi_pass unix:$out/php-fpm.sock;
EOF
}
cat > "$out/nginx.conf" <<EOF
daemon off;
user root;
worker_processes 1;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log;
events { worker_connections 64; }
http {
    access_log $out/nginx/access.log;
    client_body_temp_path $out/nginx/tmp/body;
    fastcgi_temp_path $out/nginx/tmp/fastcgi;
    proxy_temp_path $out/nginx/tmp/proxy;
    uwsgi_temp_path $out/nginx/tmp/uwsgi;
    scgi_temp_path $out/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        location = /playback_token.php {
$(fastcgi "$root/examples/php/playback_token.php")
        }
        location = /ffi_status.php {
$(fastcgi "$root/php/tests/http/ffi_status.php")
        }
        location / { return 404; }
    }
}
EOF

"$fpm" -R -F -c "$out/php.ini" -y "$out/php-fpm.conf" &
fpm_pid=$!
"$nginx" -p "$out/nginx" -c "$out/nginx.conf" -e "$out/nginx/error.log" &
nginx_pid=$!

for _ in $(seq 100); do
    if curl -fsS -o /dev/null "$base/ffi_status.php" 2>/dev/null; then
        break
    fi
    kill -0 "$fpm_pid" 2>/dev/null || fail "php-fpm exited at startup"
    kill -0 "$nginx_pid" 2>/dev/null || fail "nginx exited at startup"
    sleep 0.1
done

# $1: path and query; prints "STATUS BODY".
get() { curl -gsS -o "$out/body" -w '%{http_code}' "$base$1" && echo " $(cat "$out/body")"; }
# $1: a JSON object, $2: a key path such as library/loaded_via; prints the value as JSON.
json() {
    php -r '$v = json_decode($argv[1], true);
        foreach (explode("/", $argv[2]) as $k) { $v = is_array($v) ? ($v[$k] ?? null) : null; }
        echo json_encode($v, JSON_UNESCAPED_SLASHES);' "$1" "$2"
}
want=$(php -r '
    foreach (json_decode(file_get_contents($argv[1]), true)["cases"] as $c) {
        if ($c["name"] === "spec vector") { echo $c["token"]; }
    }' "$root/tests/vectors/ks_v1.json")
[ -n "$want" ] || fail "no spec vector in tests/vectors/ks_v1.json"
checks=0

# The workers reach the library through the preloaded scope, with ffi.enable=preload.
status=$(get /ffi_status.php)
body=${status#* }
[ "${status%% *}" = 200 ] || fail "ffi_status.php: $status"
[ "$(json "$body" sapi)" = '"fpm-fcgi"' ] || fail "not served by php-fpm: $body"
[ "$(json "$body" ffi.enable)" = '"preload"' ] || fail "ffi.enable is not preload: $body"
[ "$(json "$body" library/loaded_via)" = '"scope"' ] || fail "not the preloaded scope: $body"
case "$(json "$body" preloaded)" in *'"KSession\\KalturaHelper"'*) ;; *) fail "KalturaHelper is not preloaded: $body" ;; esac
checks=$((checks + 1))

# The spec vector, from several requests (both workers), with the test-only `now`.
for _ in 1 2 3 4 5 6; do
    status=$(get '/playback_token.php?entry_id=0_fld1ro3s&now=1621594000')
    [ "${status%% *}" = 200 ] || fail "playback_token.php: $status"
    [ "$(json "${status#* }" ks)" = "\"$want\"" ] || fail "token is not the spec vector: $status"
    checks=$((checks + 1))
done

# An entry id that would add the `*` privilege: 400, no token, the field named.
for entry in '0_x%2C%2A' '0_x,*' '0_abc%3A' '' '0_x%0A' '0_x%00'; do
    status=$(get "/playback_token.php?entry_id=$entry&now=1621594000")
    body=${status#* }
    [ "${status%% *}" = 400 ] || fail "entry id '$entry' got $status"
    [ "$(json "$body" field)" = '"entry_id"' ] || fail "entry id '$entry': field not named: $body"
    [ "$(json "$body" ks)" = null ] || fail "entry id '$entry' got a token: $body"
    case "$body" in *'entry_id'*) ;; *) fail "entry id '$entry': body does not name entry_id: $body" ;; esac
    case "$body" in *0123456789abcdef*) fail "the secret is in the body: $body" ;; esac
    checks=$((checks + 1))
done

# No entry id, an array, and a bad `now`: 400 with the field.
for query in '' 'entry_id[]=0_x' ; do
    status=$(get "/playback_token.php?$query")
    [ "${status%% *}" = 400 ] && [ "$(json "${status#* }" field)" = '"entry_id"' ] || fail "'$query' got $status"
    checks=$((checks + 1))
done
status=$(get '/playback_token.php?entry_id=0_x&now=yesterday')
[ "${status%% *}" = 400 ] && [ "$(json "${status#* }" field)" = '"now"' ] || fail "now=yesterday got $status"
checks=$((checks + 1))

# Without a `now`, the clock: a token that verifies at once.
status=$(get '/playback_token.php?entry_id=0_fld1ro3s')
[ "${status%% *}" = 200 ] || fail "playback_token.php without now: $status"
ks=$(json "${status#* }" ks)
php -d ffi.enable=1 -r '
    require $argv[1];
    $ks = KSession\KSession::verify(json_decode($argv[2]), "0123456789abcdef0123456789abcdef");
    exit($ks->privilege("sview") === "0_fld1ro3s" ? 0 : 1);' "$root/php/autoload.php" "$ks" \
    || fail "the clock's token does not verify: $ks"
checks=$((checks + 1))

# Nothing went wrong on the PHP side: no warning, notice or error logged.
if [ -s "$out/php-errors.log" ] || grep -qE '\b(WARNING|ERROR|ALERT)\b' "$out/php-fpm.log"; then
    fail "php-fpm logged problems: $(cat "$out/php-errors.log" "$out/php-fpm.log")"
fi
checks=$((checks + 1))

echo "http: php-fpm (ffi.enable=preload, opcache.preload) behind nginx on 127.0.0.1:$port: $checks checks passed"
