/*
 * Tests of the C API: every case of the shared vector file (one-shot and
 * signer calls), every status with its field and message, buffer sizing,
 * ownership, and several threads at once. Built with -Werror under
 * AddressSanitizer + UBSan and under valgrind by `make test`.
 *
 * usage: test_ksession VECTOR_FILE...
 * KSESSION_EXPECTED_VERSION (a -D string) is the version in Cargo.toml.
 */
#include "ksession.h"

#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef KSESSION_EXPECTED_VERSION
#error "build with -DKSESSION_EXPECTED_VERSION=\"x.y.z\" (the version in Cargo.toml)"
#endif

static int passed, failed;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (cond) {                                                             \
            passed++;                                                           \
        } else {                                                                \
            failed++;                                                           \
            fprintf(stderr, "FAIL %s:%d: (%s) ", __FILE__, __LINE__, #cond);    \
            fprintf(stderr, __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                \
        }                                                                       \
    } while (0)

#define SECRET "0123456789abcdef0123456789abcdef"
#define S(lit) lit, (sizeof(lit) - 1)

static const char SPEC_TOKEN[] =
    "NDZlNTE5ZjExMWY4ZTc1YTVlZDVhMDMwYmZiMzIxYzc0ZWIyNDU1ZnwzMDAwNTgyOzMwMDA1ODI7MTYyMTYxMjIwMDswOzE2Mj"
    "E1OTQyMDA7Vmlld2VyO3N2aWV3OjBfZmxkMXJvM3Msc2V0cm9sZTpQTEFZQkFDS19CQVNFX1JPTEUsd2lkZ2V0OjE7Ow==";

static int str_is(ksession_str s, const char *want, size_t want_len) {
    return s.len == want_len && (want_len == 0 || memcmp(s.ptr, want, want_len) == 0);
}

/* Copies a {ptr, len} string into a NUL-terminated buffer, cut to fit. */
static const char *copy_str(char *dst, size_t cap, ksession_str s) {
    size_t n = s.len < cap - 1 ? s.len : cap - 1;
    if (n) memcpy(dst, s.ptr, n);
    dst[n] = '\0';
    return dst;
}

/* The items of a decoded token joined back with ',': "name" or "name:value". */
static void join_items(const ksession_ks *ks, char *dst, size_t cap) {
    size_t at = 0;
    dst[0] = '\0';
    for (size_t i = 0; i < ks->privilege_count; i++) {
        const ksession_privilege *p = &ks->privilege_items[i];
        at += (size_t)snprintf(dst + at, at < cap ? cap - at : 0, "%s%.*s%s%.*s", i ? "," : "", (int)p->name.len,
                               p->name.ptr, p->has_value ? ":" : "", (int)p->value.len, p->value.ptr);
    }
}

static int cstr_is(const char *got, const char *want) {
    return got != NULL && want != NULL && strcmp(got, want) == 0;
}

static const char *or_null(const char *s) { return s ? s : "(null)"; }

/* Checks an error detail: status, field (NULL for none) and exact message. */
static void check_err(const char *what, ksession_status st, const ksession_error *e, ksession_status want,
                      const char *field, const char *message) {
    CHECK(st == want, "%s: status %s, want %s (%s)", what, ksession_status_name((int)st),
          ksession_status_name((int)want), e->message);
    CHECK(e->status == want, "%s: err.status %d", what, (int)e->status);
    if (field) {
        CHECK(cstr_is(e->field, field), "%s: field %s, want %s", what, or_null(e->field), field);
    } else {
        CHECK(e->field == NULL, "%s: field %s, want NULL", what, or_null(e->field));
    }
    CHECK(e->message_len == strlen(e->message), "%s: message_len %zu", what, e->message_len);
    if (message) {
        CHECK(strcmp(e->message, message) == 0, "%s: message \"%s\", want \"%s\"", what, e->message, message);
    }
}

/* ---------------------------------------------------------------- vectors */

enum op {
    OP_ENTRY, OP_CACHED, OP_SESSION, OP_ENTRY_V2, OP_CACHED_V2, OP_SESSION_V2, OP_DECODE, OP_DECODE_V2, OP_VERIFY,
    OP_COUNT
};
static const char *const OP_NAMES[OP_COUNT] = {
    "cached_entry_viewing_session",    "cached_session", "session", "cached_entry_viewing_session_v2",
    "cached_session_v2", "session_v2", "decode",         "decode_v2", "verify",
};

static int is_decoding(enum op op) { return op == OP_DECODE || op == OP_DECODE_V2 || op == OP_VERIFY; }
static int is_v2(enum op op) { return op == OP_ENTRY_V2 || op == OP_CACHED_V2 || op == OP_SESSION_V2; }

typedef struct {
    const char *ptr;
    size_t len;
} text;

/* One case of the vector file, read into plain C values (pointers into the JSON document). */
typedef struct {
    const char *name;
    enum op op;
    text secret, entry_id, user_id, privileges, custom, additional_data, token, info; /* info: v2's "query" */
    uint8_t random[16];
    int64_t partner_id, type, expiry, cache, now;
    uint32_t rand, layout, alphabet, leeway;
    int has_master;
    int64_t master;
    ksession_str *secrets;
    size_t secret_count;
    const char *err_kind;  /* NULL when the case succeeds */
    const char *err_field; /* NULL unless invalid_field */
    const json_t *fields;  /* decode and verify successes */
} vcase;

static text get_text(const json_t *c, const char *key) {
    const json_t *v = json_object_get(c, key);
    text t = {"", 0};
    if (json_is_string(v)) {
        t.ptr = json_string_value(v);
        t.len = json_string_length(v);
    }
    return t;
}

static int64_t get_int(const json_t *c, const char *key) {
    return (int64_t)json_integer_value(json_object_get(c, key));
}

static vcase read_case(const json_t *c) {
    vcase v;
    memset(&v, 0, sizeof v);
    v.name = json_string_value(json_object_get(c, "name"));
    const char *op = json_string_value(json_object_get(c, "op"));
    v.op = OP_COUNT;
    for (int k = 0; k < OP_COUNT; k++) {
        if (op && strcmp(op, OP_NAMES[k]) == 0) v.op = (enum op)k;
    }
    if (v.op == OP_COUNT) {
        fprintf(stderr, "%s: unknown op %s\n", v.name, op ? op : "(none)");
        exit(2);
    }
    v.secret = get_text(c, "admin_secret");
    v.entry_id = get_text(c, "entry_id");
    v.user_id = get_text(c, "user_id");
    v.privileges = get_text(c, "privileges");
    v.custom = get_text(c, "custom");
    v.additional_data = get_text(c, "additional_data");
    v.token = get_text(c, "token");
    v.info = get_text(c, json_object_get(c, "query") ? "query" : "info");
    text random_hex = get_text(c, "random_hex");
    for (size_t k = 0; k < 16 && 2 * k + 1 < random_hex.len; k++) {
        unsigned byte = 0;
        sscanf(random_hex.ptr + 2 * k, "%2x", &byte);
        v.random[k] = (uint8_t)byte;
    }
    v.partner_id = get_int(c, "partner_id");
    v.type = get_int(c, "type");
    v.expiry = get_int(c, "expiry");
    v.cache = get_int(c, "cache");
    v.now = get_int(c, "now");
    v.rand = (uint32_t)get_int(c, "rand");
    v.leeway = (uint32_t)get_int(c, "leeway");
    v.alphabet = json_is_true(json_object_get(c, "url_safe")) ? KSESSION_ALPHABET_URL_SAFE : KSESSION_ALPHABET_STANDARD;
    const json_t *layout = json_object_get(c, "layout");
    v.layout = layout && strcmp(json_string_value(layout), "client") == 0 ? KSESSION_LAYOUT_CLIENT : KSESSION_LAYOUT_SERVER;
    const json_t *master = json_object_get(c, "master_partner_id");
    v.has_master = json_is_integer(master);
    v.master = v.has_master ? (int64_t)json_integer_value(master) : 0;
    const json_t *secrets = json_object_get(c, "admin_secrets");
    if (json_is_array(secrets)) {
        v.secret_count = json_array_size(secrets);
        v.secrets = calloc(v.secret_count ? v.secret_count : 1, sizeof *v.secrets);
        for (size_t i = 0; i < v.secret_count; i++) {
            v.secrets[i].ptr = json_string_value(json_array_get(secrets, i));
            v.secrets[i].len = json_string_length(json_array_get(secrets, i));
        }
    }
    const json_t *err = json_object_get(c, "error");
    if (err) {
        v.err_kind = json_string_value(json_object_get(err, "kind"));
        v.err_field = json_string_value(json_object_get(err, "field"));
    }
    v.fields = json_object_get(c, "fields");
    return v;
}

/* Mints the token of a generation case, with the case's secret or with `signer`. */
static ksession_status generate(const vcase *v, const ksession_signer *signer, char *buf, size_t cap, size_t *len,
                                ksession_error *err) {
    const int64_t *master = v->has_master ? &v->master : NULL;
    switch (v->op) {
    case OP_ENTRY:
        return signer ? ksession_signer_generate_cached_entry_viewing_session(
                            signer, v->partner_id, v->entry_id.ptr, v->entry_id.len, v->user_id.ptr, v->user_id.len,
                            v->expiry, v->cache, v->custom.ptr, v->custom.len, v->alphabet, v->now, buf, cap, len, err)
                      : ksession_generate_cached_entry_viewing_session(
                            v->secret.ptr, v->secret.len, v->partner_id, v->entry_id.ptr, v->entry_id.len,
                            v->user_id.ptr, v->user_id.len, v->expiry, v->cache, v->custom.ptr, v->custom.len,
                            v->alphabet, v->now, buf, cap, len, err);
    case OP_CACHED:
        return signer ? ksession_signer_generate_cached_session(
                            signer, v->partner_id, v->type, v->user_id.ptr, v->user_id.len, v->privileges.ptr,
                            v->privileges.len, v->expiry, v->cache, v->custom.ptr, v->custom.len, v->alphabet, v->now,
                            buf, cap, len, err)
                      : ksession_generate_cached_session(v->secret.ptr, v->secret.len, v->partner_id, v->type,
                                                         v->user_id.ptr, v->user_id.len, v->privileges.ptr,
                                                         v->privileges.len, v->expiry, v->cache, v->custom.ptr,
                                                         v->custom.len, v->alphabet, v->now, buf, cap, len, err);
    case OP_ENTRY_V2:
        return signer ? ksession_signer_generate_cached_entry_viewing_session_v2(
                            signer, v->partner_id, v->entry_id.ptr, v->entry_id.len, v->user_id.ptr, v->user_id.len,
                            v->expiry, v->cache, v->custom.ptr, v->custom.len, v->now, buf, cap, len, err)
                      : ksession_generate_cached_entry_viewing_session_v2(
                            v->secret.ptr, v->secret.len, v->partner_id, v->entry_id.ptr, v->entry_id.len,
                            v->user_id.ptr, v->user_id.len, v->expiry, v->cache, v->custom.ptr, v->custom.len, v->now,
                            buf, cap, len, err);
    case OP_CACHED_V2:
        return signer ? ksession_signer_generate_cached_session_v2(
                            signer, v->partner_id, v->type, v->user_id.ptr, v->user_id.len, v->privileges.ptr,
                            v->privileges.len, v->expiry, v->cache, v->custom.ptr, v->custom.len, v->now, buf, cap,
                            len, err)
                      : ksession_generate_cached_session_v2(v->secret.ptr, v->secret.len, v->partner_id, v->type,
                                                            v->user_id.ptr, v->user_id.len, v->privileges.ptr,
                                                            v->privileges.len, v->expiry, v->cache, v->custom.ptr,
                                                            v->custom.len, v->now, buf, cap, len, err);
    case OP_SESSION_V2:
        return signer ? ksession_signer_generate_session_v2_with_random(
                            signer, v->partner_id, v->type, v->user_id.ptr, v->user_id.len, v->privileges.ptr,
                            v->privileges.len, v->expiry, master, v->additional_data.ptr, v->additional_data.len,
                            v->now, v->random, buf, cap, len, err)
                      : ksession_generate_session_v2_with_random(
                            v->secret.ptr, v->secret.len, v->partner_id, v->type, v->user_id.ptr, v->user_id.len,
                            v->privileges.ptr, v->privileges.len, v->expiry, master, v->additional_data.ptr,
                            v->additional_data.len, v->now, v->random, buf, cap, len, err);
    default:
        return signer ? ksession_signer_generate_session_with_rand(
                            signer, v->partner_id, v->type, v->user_id.ptr, v->user_id.len, v->privileges.ptr,
                            v->privileges.len, v->expiry, master, v->additional_data.ptr, v->additional_data.len,
                            v->layout, v->alphabet, v->now, v->rand, buf, cap, len, err)
                      : ksession_generate_session_with_rand(
                            v->secret.ptr, v->secret.len, v->partner_id, v->type, v->user_id.ptr, v->user_id.len,
                            v->privileges.ptr, v->privileges.len, v->expiry, master, v->additional_data.ptr,
                            v->additional_data.len, v->layout, v->alphabet, v->now, v->rand, buf, cap, len, err);
    }
}

static void check_failure(const vcase *v, const char *how, ksession_status st, const ksession_error *e) {
    CHECK(st != KSESSION_STATUS_OK && cstr_is(ksession_status_name((int)st), v->err_kind),
          "%s (%s): status %s, want %s", v->name, how, ksession_status_name((int)st), v->err_kind);
    if (v->err_field) {
        CHECK(cstr_is(e->field, v->err_field), "%s (%s): field %s, want %s", v->name, how, or_null(e->field),
              v->err_field);
    } else {
        CHECK(e->field == NULL, "%s (%s): field %s, want none", v->name, how, or_null(e->field));
    }
    CHECK(e->message_len > 0, "%s (%s): empty message", v->name, how);
}

/* Compares a decoded token with the vector's expected fields. */
static void check_fields(const vcase *v, const char *how, const ksession_ks *ks) {
    const json_t *f = v->fields;
    text t;
#define FIELD_STR(member, key)                                                                                  \
    t = get_text(f, key);                                                                                       \
    CHECK(str_is(ks->member, t.ptr, t.len), "%s (%s): " key " \"%.*s\"", v->name, how, (int)ks->member.len,     \
          ks->member.ptr)
    unsigned want_version = v->op == OP_DECODE_V2 || (v->token.len > 4 && memcmp(v->token.ptr, "djJ8", 4) == 0) ? 2 : 1;
    CHECK(ks->version == want_version, "%s (%s): version %u", v->name, how, ks->version);
    CHECK(ks->partner_id == get_int(f, "partner_id"), "%s (%s): partner_id %" PRId64, v->name, how, ks->partner_id);
    FIELD_STR(partner_pattern, "partner_pattern");
    CHECK(ks->valid_until == get_int(f, "valid_until"), "%s (%s): valid_until %" PRId64, v->name, how,
          ks->valid_until);
    CHECK(ks->session_type == get_int(f, "type"), "%s (%s): type %" PRId64, v->name, how, ks->session_type);
    FIELD_STR(rand, "rand");
    FIELD_STR(user_id, "user_id");
    FIELD_STR(privileges, "privileges");
    FIELD_STR(additional_data, "additional_data");
#undef FIELD_STR
    const json_t *master = json_object_get(f, "master_partner_id");
    CHECK(ks->has_master_partner_id == json_is_integer(master), "%s (%s): has_master_partner_id", v->name, how);
    CHECK(ks->master_partner_id == (json_is_integer(master) ? (int64_t)json_integer_value(master) : 0),
          "%s (%s): master_partner_id %" PRId64, v->name, how, ks->master_partner_id);
    CHECK(ks->field_count == (size_t)get_int(f, "field_count"), "%s (%s): field_count %zu", v->name, how,
          ks->field_count);
    CHECK(ks->signature.len == 40, "%s (%s): signature", v->name, how);
    /* Items joined back give the privileges string, where it is written without spaces or empty items. */
    t = get_text(f, "privileges");
    if (!memchr(t.ptr, ' ', t.len) && !strstr(t.ptr, ",,") && (t.len == 0 || (t.ptr[0] != ',' && t.ptr[t.len - 1] != ','))) {
        char joined[4096];
        join_items(ks, joined, sizeof joined);
        CHECK(strlen(joined) == t.len && memcmp(joined, t.ptr, t.len) == 0, "%s (%s): items %s", v->name, how, joined);
    }
}

/* Vector tokens made through ksession_entry_viewing_generate, [standard, URL-safe]. */
static size_t prepared_vectors[2];

static void run_generation_case(const vcase *v) {
    char buf[KSESSION_MAX_TOKEN_LEN + 1];
    size_t len = 0;
    ksession_error err;

    ksession_status st = generate(v, NULL, buf, sizeof buf, &len, &err);
    if (v->err_kind) {
        check_failure(v, "one-shot", st, &err);
    } else {
        CHECK(st == KSESSION_STATUS_OK, "%s: %s", v->name, err.message);
        CHECK(len == v->token.len && memcmp(buf, v->token.ptr, len) == 0 && buf[len] == '\0', "%s: token %s", v->name,
              buf);
        CHECK(err.status == KSESSION_STATUS_OK && err.field == NULL && err.message_len == 0, "%s: err not cleared",
              v->name);
        const ksession_ks *ks = NULL;
        ksession_str secret = {v->secret.ptr, v->secret.len};
        st = is_v2(v->op) ? ksession_decode_with_secrets(buf, len, &secret, 1, &ks, &err)
                          : ksession_decode(buf, len, &ks, &err);
        CHECK(st == KSESSION_STATUS_OK && str_is(ks->info, v->info.ptr, v->info.len), "%s: decoded info", v->name);
        ksession_ks_free(ks);
    }

    /* The same through a signer (whose constructor refuses an empty secret). */
    ksession_signer *signer = NULL;
    st = ksession_signer_new(v->secret.ptr, v->secret.len, &signer, &err);
    if (st != KSESSION_STATUS_OK) {
        CHECK(signer == NULL, "%s: signer_out not cleared", v->name);
        check_failure(v, "signer_new", st, &err);
        return;
    }
    memset(buf, 0, sizeof buf);
    st = generate(v, signer, buf, sizeof buf, &len, &err);
    if (v->err_kind) {
        check_failure(v, "signer", st, &err);
    } else {
        CHECK(st == KSESSION_STATUS_OK && len == v->token.len && memcmp(buf, v->token.ptr, len) == 0,
              "%s (signer): %s", v->name, err.message);
    }

    /* The same through a prepared handle: a refusal comes from whichever
       call checks the field at fault, never from neither. */
    if (v->op == OP_ENTRY) {
        ksession_entry_viewing *h = (ksession_entry_viewing *)&err; /* must be reset on failure */
        st = ksession_entry_viewing_new(signer, v->partner_id, v->user_id.ptr, v->user_id.len, v->expiry, v->cache,
                                        v->custom.ptr, v->custom.len, v->alphabet, &h, &err);
        if (st != KSESSION_STATUS_OK) {
            CHECK(h == NULL, "%s: entry_viewing_out not reset", v->name);
            check_failure(v, "entry_viewing_new", st, &err);
        } else {
            memset(buf, 0, sizeof buf);
            len = 0;
            st = ksession_entry_viewing_generate(h, v->entry_id.ptr, v->entry_id.len, v->now, buf, sizeof buf, &len,
                                                 &err);
            if (v->err_kind) {
                check_failure(v, "entry_viewing_generate", st, &err);
            } else {
                CHECK(st == KSESSION_STATUS_OK && len == v->token.len && memcmp(buf, v->token.ptr, len) == 0 &&
                          buf[len] == '\0',
                      "%s (prepared): %s %s", v->name, err.message, buf);
                CHECK(err.status == KSESSION_STATUS_OK && err.field == NULL && err.message_len == 0,
                      "%s (prepared): err not cleared", v->name);
                prepared_vectors[v->alphabet == KSESSION_ALPHABET_URL_SAFE]++;
            }
        }
        ksession_entry_viewing_free(h);
    }
    ksession_signer_free(signer);
}

static void run_decoding_case(const vcase *v) {
    ksession_error err;
    const ksession_ks *ks = (const ksession_ks *)&err; /* any non-NULL value: failures must reset it */
    ksession_status st;
    /* decode: also through decode_with_secrets given no secret, which reads v1 the same way. */
    for (int pass = 0; pass < (v->op == OP_DECODE ? 2 : 1); pass++) {
        const char *how = pass ? "decode_with_secrets, no secret" : "one-shot";
        if (v->op == OP_DECODE) {
            st = pass ? ksession_decode_with_secrets(v->token.ptr, v->token.len, NULL, 0, &ks, &err)
                      : ksession_decode(v->token.ptr, v->token.len, &ks, &err);
        } else if (v->op == OP_DECODE_V2) {
            st = ksession_decode_with_secrets(v->token.ptr, v->token.len, v->secrets, v->secret_count, &ks, &err);
        } else {
            st = ksession_verify(v->token.ptr, v->token.len, v->secrets, v->secret_count, v->now, v->leeway, &ks,
                                 &err);
        }
        if (v->err_kind) {
            check_failure(v, how, st, &err);
            CHECK(ks == NULL, "%s (%s): ks_out not reset", v->name, how);
        } else {
            CHECK(st == KSESSION_STATUS_OK, "%s (%s): %s", v->name, how, err.message);
            if (st == KSESSION_STATUS_OK) {
                check_fields(v, how, ks);
            }
        }
        ksession_ks_free(ks);
        ks = (const ksession_ks *)&err;
    }

    if (v->op == OP_DECODE) {
        return;
    }
    ksession_signer *signer = NULL;
    st = ksession_signer_new_with_secrets(v->secrets, v->secret_count, &signer, &err);
    CHECK(st == KSESSION_STATUS_OK, "%s: signer_new_with_secrets: %s", v->name, err.message);
    st = v->op == OP_VERIFY ? ksession_signer_verify(signer, v->token.ptr, v->token.len, v->now, v->leeway, &ks, &err)
                            : ksession_signer_decode(signer, v->token.ptr, v->token.len, &ks, &err);
    if (v->err_kind) {
        check_failure(v, "signer", st, &err);
        CHECK(ks == NULL, "%s: ks_out not reset", v->name);
    } else {
        CHECK(st == KSESSION_STATUS_OK, "%s (signer): %s", v->name, err.message);
        if (st == KSESSION_STATUS_OK) {
            check_fields(v, "signer", ks);
        }
    }
    ksession_ks_free(ks);
    ksession_signer_free(signer);
}

#define MAX_VECTOR_FILES 4
static json_t *vector_docs[MAX_VECTOR_FILES]; /* the cases point into them */
static int vector_file_count;
static size_t case_count;
static vcase *cases;

/* Runs every case of every vector file, and keeps them for the thread test. */
static void test_vectors(int paths, char **path) {
    size_t per_op[OP_COUNT] = {0};
    for (int f = 0; f < paths && f < MAX_VECTOR_FILES; f++) {
        json_error_t jerr;
        json_t *doc = vector_docs[vector_file_count++] = json_load_file(path[f], JSON_ALLOW_NUL, &jerr);
        if (!doc) {
            fprintf(stderr, "%s:%d: %s\n", path[f], jerr.line, jerr.text);
            exit(2);
        }
        const json_t *list = json_object_get(doc, "cases");
        size_t n = json_array_size(list);
        CHECK(n > 0 && n == (size_t)json_integer_value(json_object_get(doc, "count")), "%s: %zu cases", path[f], n);
        cases = realloc(cases, (case_count + n) * sizeof *cases);
        for (size_t i = 0; i < n; i++) {
            vcase *v = &cases[case_count++];
            *v = read_case(json_array_get(list, i));
            per_op[v->op]++;
            if (is_decoding(v->op)) {
                run_decoding_case(v);
            } else {
                run_generation_case(v);
            }
        }
    }
    for (int op = 0; op < OP_COUNT; op++) {
        CHECK(per_op[op] > 0, "no %s case in the vector files", OP_NAMES[op]);
    }
}

static void free_vectors(void) {
    for (int f = 0; f < vector_file_count; f++) json_decref(vector_docs[f]);
    for (size_t i = 0; i < case_count; i++) {
        free(cases[i].secrets);
    }
    free(cases);
}

/* ---------------------------------------------------------------- statuses */

static const ksession_status ALL_STATUSES[] = {
    KSESSION_STATUS_OK,
    KSESSION_STATUS_INVALID_FIELD,
    KSESSION_STATUS_MALFORMED_TOKEN,
    KSESSION_STATUS_INVALID_SIGNATURE,
    KSESSION_STATUS_EXPIRED,
    KSESSION_STATUS_TOKEN_TOO_LARGE,
    KSESSION_STATUS_SECRET_REQUIRED,
    KSESSION_STATUS_RANDOM_UNAVAILABLE,
    KSESSION_STATUS_NULL_ARGUMENT,
    KSESSION_STATUS_INVALID_UTF8,
    KSESSION_STATUS_BUFFER_TOO_SMALL,
    KSESSION_STATUS_INVALID_ARGUMENT,
    KSESSION_STATUS_PANIC,
};

static void test_status_strings(void) {
    static const char *const names[] = {
        "ok",           "invalid_field", "malformed_token",  "invalid_signature", "expired",
        "token_too_large", "secret_required", "random_unavailable", "null_argument", "invalid_utf8",
        "buffer_too_small", "invalid_argument", "panic"};
    static const int codes[] = {0, 1, 2, 3, 4, 5, 6, 7, 100, 101, 102, 103, 104};
    for (size_t i = 0; i < sizeof ALL_STATUSES / sizeof ALL_STATUSES[0]; i++) {
        CHECK((int)ALL_STATUSES[i] == codes[i], "status %zu has code %d", i, (int)ALL_STATUSES[i]);
        CHECK(cstr_is(ksession_status_name((int)ALL_STATUSES[i]), names[i]), "name of %d", codes[i]);
        const char *msg = ksession_status_str((int)ALL_STATUSES[i]);
        CHECK(msg && strlen(msg) > 5 && strcmp(msg, "unknown status") != 0, "message of %d", codes[i]);
        for (size_t j = 0; j < i; j++) {
            CHECK(strcmp(msg, ksession_status_str((int)ALL_STATUSES[j])) != 0, "messages of %d and %d", codes[i],
                  codes[j]);
        }
    }
    CHECK(cstr_is(ksession_status_str(0), "success"), "OK message");
    CHECK(cstr_is(ksession_status_str(8), "unknown status"), "unknown status message");
    CHECK(cstr_is(ksession_status_str(-1), "unknown status"), "negative status message");
    CHECK(cstr_is(ksession_status_name(99), "unknown"), "unknown status name");
    CHECK(cstr_is(ksession_session_type_name(0), "USER"), "USER");
    CHECK(cstr_is(ksession_session_type_name(KSESSION_SESSION_TYPE_ADMIN), "ADMIN"), "ADMIN");
    CHECK(cstr_is(ksession_session_type_name(1), "UNKNOWN"), "type 1");
    CHECK(cstr_is(ksession_session_type_name(-7), "UNKNOWN"), "type -7");
}

static void test_version(void) {
    CHECK(strcmp(KSESSION_VERSION, KSESSION_EXPECTED_VERSION) == 0, "header %s, Cargo.toml %s", KSESSION_VERSION,
          KSESSION_EXPECTED_VERSION);
    CHECK(cstr_is(ksession_version(), KSESSION_EXPECTED_VERSION), "library %s, Cargo.toml %s", ksession_version(),
          KSESSION_EXPECTED_VERSION);
    char numbers[64];
    snprintf(numbers, sizeof numbers, "%d.%d.%d", KSESSION_VERSION_MAJOR, KSESSION_VERSION_MINOR,
             KSESSION_VERSION_PATCH);
    CHECK(strcmp(numbers, KSESSION_VERSION) == 0, "macros %s vs %s", numbers, KSESSION_VERSION);
}

/* The spec vector through the one-shot entry-viewing call, with overridable arguments. */
typedef struct {
    const char *secret;
    size_t secret_len;
    const char *entry_id;
    size_t entry_id_len;
    const char *user_id;
    size_t user_id_len;
    int64_t expiry, cache;
    const char *custom;
    size_t custom_len;
    uint32_t alphabet;
    int64_t now;
    char *buf;
    size_t cap;
    size_t *len_out;
} entry_args;

static char spec_buf[KSESSION_MAX_TOKEN_LEN + 1];
static size_t spec_len;

static entry_args spec_args(void) {
    entry_args a = {S(SECRET), S("0_fld1ro3s"), S("Viewer"), 18000, 600, S(""), KSESSION_ALPHABET_STANDARD,
                    1621594000, spec_buf, sizeof spec_buf, &spec_len};
    return a;
}

static ksession_status entry(entry_args a, ksession_error *err) {
    return ksession_generate_cached_entry_viewing_session(a.secret, a.secret_len, 3000582, a.entry_id, a.entry_id_len,
                                                          a.user_id, a.user_id_len, a.expiry, a.cache, a.custom,
                                                          a.custom_len, a.alphabet, a.now, a.buf, a.cap, a.len_out,
                                                          err);
}

static void test_null_arguments(void) {
    ksession_error e;
    char buf[512];
    size_t len;
    entry_args a;
    const ksession_ks *ks;
    ksession_signer *signer = NULL;
    ksession_str secrets[2] = {{S(SECRET)}, {NULL, 3}};

    CHECK(ksession_signer_new(S(SECRET), &signer, NULL) == KSESSION_STATUS_OK && signer, "signer");

    /* The one-shot entry-viewing call: each pointer in turn. */
    a = spec_args(); a.secret = NULL;
    check_err("NULL admin_secret", entry(a, &e), &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secret", "admin_secret is NULL");
    a = spec_args(); a.entry_id = NULL;
    check_err("NULL entry_id", entry(a, &e), &e, KSESSION_STATUS_NULL_ARGUMENT, "entry_id", "entry_id is NULL");
    a = spec_args(); a.user_id = NULL;
    check_err("NULL user_id", entry(a, &e), &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", "user_id is NULL");
    a = spec_args(); a.custom = NULL; a.custom_len = 1;
    check_err("NULL custom", entry(a, &e), &e, KSESSION_STATUS_NULL_ARGUMENT, "custom", "custom is NULL");
    a = spec_args(); a.buf = NULL;
    check_err("NULL buf", entry(a, &e), &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", "buf is NULL");
    a = spec_args(); a.len_out = NULL;
    check_err("NULL len_out", entry(a, &e), &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", "len_out is NULL");
    a = spec_args(); a.len_out = NULL;
    CHECK(entry(a, NULL) == KSESSION_STATUS_NULL_ARGUMENT, "NULL err_out still gives the status");

    /* NULL with length 0 is the empty string. */
    a = spec_args(); a.custom = NULL; a.custom_len = 0;
    CHECK(entry(a, &e) == KSESSION_STATUS_OK && strcmp(spec_buf, SPEC_TOKEN) == 0, "NULL, 0 is \"\": %s", e.message);
    a = spec_args(); a.secret = NULL; a.secret_len = 0;
    check_err("NULL, 0 secret", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "admin_secret", "admin_secret is empty");

    /* The generic cached session. */
    check_err("cached: NULL admin_secret",
              ksession_generate_cached_session(NULL, 4, 1, 0, S(""), S(""), 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secret", NULL);
    check_err("cached: NULL user_id",
              ksession_generate_cached_session(S(SECRET), 1, 0, NULL, 2, S(""), 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("cached: NULL privileges",
              ksession_generate_cached_session(S(SECRET), 1, 0, S(""), NULL, 2, 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("cached: NULL custom",
              ksession_generate_cached_session(S(SECRET), 1, 0, S(""), S(""), 60, 60, NULL, 2, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "custom", NULL);
    check_err("cached: NULL buf",
              ksession_generate_cached_session(S(SECRET), 1, 0, S(""), S(""), 60, 60, S(""), 0, 1, NULL, 8, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("cached: NULL len_out",
              ksession_generate_cached_session(S(SECRET), 1, 0, S(""), S(""), 60, 60, S(""), 0, 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);

    /* The plain session, both forms; a NULL master_partner_id means none. */
    check_err("session: NULL admin_secret",
              ksession_generate_session(NULL, 4, 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secret", NULL);
    check_err("session: NULL user_id",
              ksession_generate_session(S(SECRET), 1, 2, NULL, 1, S(""), 60, NULL, S(""), 0, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("session: NULL privileges",
              ksession_generate_session(S(SECRET), 1, 2, S(""), NULL, 1, 60, NULL, S(""), 0, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("session: NULL additional_data",
              ksession_generate_session(S(SECRET), 1, 2, S(""), S(""), 60, NULL, NULL, 1, 0, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "additional_data", NULL);
    check_err("session: NULL buf",
              ksession_generate_session(S(SECRET), 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("session: NULL len_out",
              ksession_generate_session(S(SECRET), 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);
    check_err("session with rand: NULL admin_secret",
              ksession_generate_session_with_rand(NULL, 4, 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secret", NULL);
    check_err("session with rand: NULL user_id",
              ksession_generate_session_with_rand(S(SECRET), 1, 2, NULL, 1, S(""), 60, NULL, S(""), 0, 0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("session with rand: NULL privileges",
              ksession_generate_session_with_rand(S(SECRET), 1, 2, S(""), NULL, 1, 60, NULL, S(""), 0, 0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("session with rand: NULL additional_data",
              ksession_generate_session_with_rand(S(SECRET), 1, 2, S(""), S(""), 60, NULL, NULL, 1, 0, 0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "additional_data", NULL);
    check_err("session with rand: NULL buf",
              ksession_generate_session_with_rand(S(SECRET), 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, 7, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("session with rand: NULL len_out",
              ksession_generate_session_with_rand(S(SECRET), 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, 7, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);

    /* Signer forms: the signer, then each pointer. */
    check_err("signer entry: NULL signer",
              ksession_signer_generate_cached_entry_viewing_session(NULL, 1, S("0_x"), S(""), 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "signer", "signer is NULL");
    check_err("signer entry: NULL entry_id",
              ksession_signer_generate_cached_entry_viewing_session(signer, 1, NULL, 3, S(""), 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "entry_id", NULL);
    check_err("signer entry: NULL user_id",
              ksession_signer_generate_cached_entry_viewing_session(signer, 1, S("0_x"), NULL, 3, 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("signer entry: NULL custom",
              ksession_signer_generate_cached_entry_viewing_session(signer, 1, S("0_x"), S(""), 60, 60, NULL, 3, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "custom", NULL);
    check_err("signer entry: NULL buf",
              ksession_signer_generate_cached_entry_viewing_session(signer, 1, S("0_x"), S(""), 60, 60, S(""), 0, 1, NULL, 3, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("signer entry: NULL len_out",
              ksession_signer_generate_cached_entry_viewing_session(signer, 1, S("0_x"), S(""), 60, 60, S(""), 0, 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);
    check_err("signer cached: NULL signer",
              ksession_signer_generate_cached_session(NULL, 1, 0, S(""), S(""), 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "signer", NULL);
    check_err("signer cached: NULL user_id",
              ksession_signer_generate_cached_session(signer, 1, 0, NULL, 1, S(""), 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("signer cached: NULL privileges",
              ksession_signer_generate_cached_session(signer, 1, 0, S(""), NULL, 1, 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("signer cached: NULL custom",
              ksession_signer_generate_cached_session(signer, 1, 0, S(""), S(""), 60, 60, NULL, 1, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "custom", NULL);
    check_err("signer cached: NULL buf",
              ksession_signer_generate_cached_session(signer, 1, 0, S(""), S(""), 60, 60, S(""), 0, 1, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("signer cached: NULL len_out",
              ksession_signer_generate_cached_session(signer, 1, 0, S(""), S(""), 60, 60, S(""), 0, 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);
    check_err("signer session: NULL signer",
              ksession_signer_generate_session(NULL, 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "signer", NULL);
    check_err("signer session: NULL user_id",
              ksession_signer_generate_session(signer, 1, 2, NULL, 1, S(""), 60, NULL, S(""), 0, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("signer session: NULL privileges",
              ksession_signer_generate_session(signer, 1, 2, S(""), NULL, 1, 60, NULL, S(""), 0, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("signer session: NULL additional_data",
              ksession_signer_generate_session(signer, 1, 2, S(""), S(""), 60, NULL, NULL, 1, 0, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "additional_data", NULL);
    check_err("signer session: NULL buf",
              ksession_signer_generate_session(signer, 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("signer session: NULL len_out",
              ksession_signer_generate_session(signer, 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);
    check_err("signer session with rand: NULL signer",
              ksession_signer_generate_session_with_rand(NULL, 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "signer", NULL);
    check_err("signer session with rand: NULL user_id",
              ksession_signer_generate_session_with_rand(signer, 1, 2, NULL, 1, S(""), 60, NULL, S(""), 0, 0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("signer session with rand: NULL privileges",
              ksession_signer_generate_session_with_rand(signer, 1, 2, S(""), NULL, 1, 60, NULL, S(""), 0, 0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("signer session with rand: NULL additional_data",
              ksession_signer_generate_session_with_rand(signer, 1, 2, S(""), S(""), 60, NULL, NULL, 1, 0, 0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "additional_data", NULL);
    check_err("signer session with rand: NULL buf",
              ksession_signer_generate_session_with_rand(signer, 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, 7, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("signer session with rand: NULL len_out",
              ksession_signer_generate_session_with_rand(signer, 1, 2, S(""), S(""), 60, NULL, S(""), 0, 0, 1, 7, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);

    /* Decoding. */
    check_err("decode: NULL token", ksession_decode(NULL, 10, &ks, &e), &e, KSESSION_STATUS_NULL_ARGUMENT, "token",
              "token is NULL");
    check_err("decode: NULL ks_out", ksession_decode(S(SPEC_TOKEN), NULL, &e), &e, KSESSION_STATUS_NULL_ARGUMENT,
              "ks_out", "ks_out is NULL");
    check_err("decode: NULL, 0 token", ksession_decode(NULL, 0, &ks, &e), &e, KSESSION_STATUS_MALFORMED_TOKEN, NULL,
              "malformed KS: token is empty");
    check_err("verify: NULL token", ksession_verify(NULL, 10, secrets, 1, 0, 0, &ks, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "token", NULL);
    check_err("verify: NULL admin_secrets", ksession_verify(S(SPEC_TOKEN), NULL, 1, 0, 0, &ks, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "admin_secrets", "admin_secrets is NULL");
    check_err("verify: NULL secret in the array", ksession_verify(S(SPEC_TOKEN), secrets, 2, 0, 0, &ks, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "admin_secrets", NULL);
    check_err("verify: no secret", ksession_verify(S(SPEC_TOKEN), NULL, 0, 0, 0, &ks, &e), &e,
              KSESSION_STATUS_INVALID_FIELD, "admin_secret", "admin_secret is empty");
    check_err("verify: NULL ks_out", ksession_verify(S(SPEC_TOKEN), secrets, 1, 0, 0, NULL, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "ks_out", NULL);
    check_err("signer verify: NULL signer", ksession_signer_verify(NULL, S(SPEC_TOKEN), 0, 0, &ks, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "signer", NULL);
    check_err("signer verify: NULL token", ksession_signer_verify(signer, NULL, 5, 0, 0, &ks, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "token", NULL);
    check_err("signer verify: NULL ks_out", ksession_signer_verify(signer, S(SPEC_TOKEN), 0, 0, NULL, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "ks_out", NULL);

    /* Signer constructors. */
    ksession_signer *other = signer; /* non-NULL: failures must reset it */
    check_err("signer_new: NULL admin_secret", ksession_signer_new(NULL, 3, &other, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "admin_secret", NULL);
    CHECK(other == NULL, "signer_out reset on failure");
    check_err("signer_new: NULL signer_out", ksession_signer_new(S(SECRET), NULL, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "signer_out", "signer_out is NULL");
    check_err("signer_new: empty secret", ksession_signer_new(S(""), &other, &e), &e, KSESSION_STATUS_INVALID_FIELD,
              "admin_secret", "admin_secret is empty");
    check_err("signer_new_with_secrets: NULL admin_secrets", ksession_signer_new_with_secrets(NULL, 2, &other, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secrets", NULL);
    check_err("signer_new_with_secrets: NULL element", ksession_signer_new_with_secrets(secrets, 2, &other, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "admin_secrets", NULL);
    check_err("signer_new_with_secrets: NULL signer_out", ksession_signer_new_with_secrets(secrets, 1, NULL, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "signer_out", NULL);
    check_err("signer_new_with_secrets: none", ksession_signer_new_with_secrets(secrets, 0, &other, &e), &e,
              KSESSION_STATUS_INVALID_FIELD, "admin_secret", "admin_secret is empty");
    ksession_str with_empty[2] = {{S(SECRET)}, {S("")}};
    check_err("signer_new_with_secrets: an empty one", ksession_signer_new_with_secrets(with_empty, 2, &other, &e), &e,
              KSESSION_STATUS_INVALID_FIELD, "admin_secret", "admin_secret is empty");
    CHECK(other == NULL, "signer_out reset on failure");

    /* The free functions accept NULL. */
    ksession_ks_free(NULL);
    ksession_signer_free(NULL);
    ksession_signer_free(signer);
}

static void test_buffer_sizes(void) {
    ksession_error e;
    entry_args a = spec_args();
    char small[sizeof SPEC_TOKEN];
    const size_t token_len = sizeof SPEC_TOKEN - 1;
    size_t len = 0;

    /* Asking for the length: NULL buffer, capacity 0. */
    a.buf = NULL; a.cap = 0; a.len_out = &len;
    check_err("length query", entry(a, &e), &e, KSESSION_STATUS_BUFFER_TOO_SMALL, "buf", NULL);
    CHECK(len == token_len, "length query gives %zu, want %zu", len, token_len);

    /* One byte too small: the NUL does not fit. The buffer is left as it was. */
    memset(small, 'X', sizeof small);
    a = spec_args(); a.buf = small; a.cap = token_len; a.len_out = &len; len = 0;
    char want_msg[128];
    snprintf(want_msg, sizeof want_msg, "buf holds %zu bytes; the token needs %zu (%zu and a NUL)", token_len,
             token_len + 1, token_len);
    check_err("one byte too small", entry(a, &e), &e, KSESSION_STATUS_BUFFER_TOO_SMALL, "buf", want_msg);
    CHECK(len == token_len, "too small gives %zu", len);
    size_t untouched = 0;
    while (untouched < sizeof small && small[untouched] == 'X') untouched++;
    CHECK(untouched == sizeof small, "buffer written on failure at %zu", untouched);

    /* The exact size. */
    a.cap = token_len + 1;
    CHECK(entry(a, &e) == KSESSION_STATUS_OK && len == token_len && memcmp(small, SPEC_TOKEN, sizeof small) == 0,
          "exact size: %s", e.message);

    /* The same for the signer and the plain session. */
    ksession_signer *signer = NULL;
    CHECK(ksession_signer_new(S(SECRET), &signer, &e) == KSESSION_STATUS_OK, "signer");
    char big[KSESSION_MAX_TOKEN_LEN + 1];
    size_t full = 0;
    CHECK(ksession_signer_generate_session_with_rand(signer, 7, 2, S("u"), S("*"), 60, NULL, S(""), 0, 0, 100, 5,
                                                     big, sizeof big, &full, &e) == KSESSION_STATUS_OK,
          "plain session: %s", e.message);
    char *exact = malloc(full + 1);
    CHECK(ksession_signer_generate_session_with_rand(signer, 7, 2, S("u"), S("*"), 60, NULL, S(""), 0, 0, 100, 5,
                                                     exact, full, &len, &e) == KSESSION_STATUS_BUFFER_TOO_SMALL &&
              len == full,
          "plain session one byte short");
    CHECK(ksession_signer_generate_session_with_rand(signer, 7, 2, S("u"), S("*"), 60, NULL, S(""), 0, 0, 100, 5,
                                                     exact, full + 1, &len, &e) == KSESSION_STATUS_OK &&
              len == full && strcmp(exact, big) == 0,
          "plain session exact size");
    free(exact);
    ksession_signer_free(signer);
}

static void test_invalid_utf8(void) {
    ksession_error e;
    char buf[512];
    size_t len;
    entry_args a;
    const ksession_ks *ks;
    static const char bad[] = "ab\xff";

    a = spec_args(); a.entry_id = bad; a.entry_id_len = 3;
    check_err("entry_id", entry(a, &e), &e, KSESSION_STATUS_INVALID_UTF8, "entry_id", "entry_id is not valid UTF-8 at byte 2");
    a = spec_args(); a.user_id = bad; a.user_id_len = 3;
    check_err("user_id", entry(a, &e), &e, KSESSION_STATUS_INVALID_UTF8, "user_id", "user_id is not valid UTF-8 at byte 2");
    a = spec_args(); a.custom = "\xc3"; a.custom_len = 1; /* a truncated 2-byte sequence */
    check_err("custom", entry(a, &e), &e, KSESSION_STATUS_INVALID_UTF8, "custom", "custom is not valid UTF-8 at byte 0");
    check_err("privileges",
              ksession_generate_cached_session(S(SECRET), 1, 0, S(""), bad, 3, 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_UTF8, "privileges", "privileges is not valid UTF-8 at byte 2");
    check_err("additional_data",
              ksession_generate_session(S(SECRET), 1, 2, S(""), S(""), 60, NULL, bad, 3, 0, 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_UTF8, "additional_data", "additional_data is not valid UTF-8 at byte 2");
    check_err("token", ksession_decode(bad, 3, &ks, &e), &e, KSESSION_STATUS_INVALID_UTF8, "token",
              "token is not valid UTF-8 at byte 2");

    /* A secret is bytes, not text: any bytes sign and verify. */
    static const char binary_secret[] = "\xff\x00\xfe";
    ksession_str s = {binary_secret, 3};
    a = spec_args(); a.secret = binary_secret; a.secret_len = 3;
    CHECK(entry(a, &e) == KSESSION_STATUS_OK, "binary secret: %s", e.message);
    CHECK(ksession_verify(spec_buf, spec_len, &s, 1, 1621594000, 0, &ks, &e) == KSESSION_STATUS_OK &&
              ks->valid_until == 1621612200,
          "binary secret verifies: %s", e.message);
    ksession_ks_free(ks);
    s.len = 2; /* the same bytes but the last: another secret */
    check_err("truncated binary secret", ksession_verify(spec_buf, spec_len, &s, 1, 1621594000, 0, &ks, &e), &e,
              KSESSION_STATUS_INVALID_SIGNATURE, NULL, "KS signature matches none of the admin secrets");
}

static void test_invalid_arguments(void) {
    ksession_error e;
    char buf[512];
    size_t len;
    entry_args a = spec_args();
    a.alphabet = 2;
    check_err("alphabet 2", entry(a, &e), &e, KSESSION_STATUS_INVALID_ARGUMENT, "alphabet", "alphabet 2 is not a known value");
    check_err("layout 9",
              ksession_generate_session_with_rand(S(SECRET), 1, 2, S(""), S(""), 60, NULL, S(""), 9, 0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_ARGUMENT, "layout", "layout 9 is not a known value");
    a = spec_args(); a.user_id_len = SIZE_MAX;
    check_err("length over SIZE_MAX / 2", entry(a, &e), &e, KSESSION_STATUS_INVALID_ARGUMENT, "user_id", NULL);
}

/* Every validation error names its field; the message says why. */
static void test_field_errors(void) {
    ksession_error e;
    char buf[KSESSION_MAX_TOKEN_LEN + 1];
    size_t len;
    entry_args a;
    int64_t master = 42;

    a = spec_args(); a.user_id = "abc;d"; a.user_id_len = 5;
    check_err("user_id ;", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "user_id", "user_id contains ';' at byte 3");
    a = spec_args(); a.user_id = "a\0b"; a.user_id_len = 3; /* NUL is data, not the end of the string */
    check_err("user_id NUL", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "user_id",
              "user_id contains control character U+0000 at byte 1");
    a = spec_args(); a.entry_id = "0_abc,*"; a.entry_id_len = 7;
    check_err("entry_id ,", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "entry_id", "entry_id contains ',' at byte 5");
    a = spec_args(); a.entry_id = ""; a.entry_id_len = 0;
    check_err("entry_id empty", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "entry_id", "entry_id is empty");
    a = spec_args(); a.custom = "x|y"; a.custom_len = 3;
    check_err("custom |", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "custom", "custom contains '|' at byte 1");
    a = spec_args(); a.cache = 0;
    check_err("cache 0", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "cache", "cache must be positive, got 0");
    a = spec_args(); a.expiry = -5;
    check_err("expiry -5", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "expiry", "expiry must be positive, got -5");
    a = spec_args(); a.expiry = INT64_MAX;
    check_err("expiry overflow", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "expiry",
              "expiry is too large: the token's times would overflow");
    a = spec_args(); a.now = -1;
    check_err("now -1", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "now", "now must not be negative, got -1");
    char *long_user = malloc(2049);
    memset(long_user, 'u', 2049);
    a = spec_args(); a.user_id = long_user; a.user_id_len = 2049;
    check_err("user_id too long", entry(a, &e), &e, KSESSION_STATUS_INVALID_FIELD, "user_id",
              "user_id is longer than 2048 bytes");
    free(long_user);
    check_err("privileges ;",
              ksession_generate_cached_session(S(SECRET), 1, 2, S(""), S("a;*"), 60, 60, S(""), 0, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_FIELD, "privileges", "privileges contains ';' at byte 1");
    check_err("client layout, master partner",
              ksession_generate_session_with_rand(S(SECRET), 1, 2, S(""), S(""), 60, &master, S(""), KSESSION_LAYOUT_CLIENT,
                                                  0, 1, 7, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_FIELD, "master_partner_id",
              "master_partner_id must be empty in the 7-field client layout");
    check_err("client layout, additional data",
              ksession_generate_session(S(SECRET), 1, 2, S(""), S(""), 60, NULL, S("d"), KSESSION_LAYOUT_CLIENT, 0, 1,
                                        buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_FIELD, "additional_data",
              "additional_data must be empty in the 7-field client layout");

    /* A master partner id is written in the server layout. */
    const ksession_ks *ks = NULL;
    CHECK(ksession_generate_session_with_rand(S(SECRET), 1, 2, S(""), S(""), 60, &master, S("d"), KSESSION_LAYOUT_SERVER,
                                              0, 100, 7, buf, sizeof buf, &len, &e) == KSESSION_STATUS_OK &&
              ksession_decode(buf, len, &ks, &e) == KSESSION_STATUS_OK,
          "master partner: %s", e.message);
    CHECK(ks && ks->has_master_partner_id && ks->master_partner_id == 42 && str_is(ks->additional_data, S("d")) &&
              str_is(ks->info, S("1;1;160;2;7;;;42;d")),
          "master partner fields");
    ksession_ks_free(ks);
}

static void test_decoding_errors(void) {
    ksession_error e;
    const ksession_ks *ks;
    ksession_str secret = {S(SECRET)};
    char *huge = malloc(KSESSION_MAX_TOKEN_LEN + 1);
    memset(huge, 'A', KSESSION_MAX_TOKEN_LEN + 1);

    check_err("too large", ksession_decode(huge, KSESSION_MAX_TOKEN_LEN + 1, &ks, &e), &e,
              KSESSION_STATUS_TOKEN_TOO_LARGE, NULL, "KS is 16385 bytes, over the 16384 byte limit");
    huge[0] = '\xff'; /* the length is refused before the bytes are read */
    check_err("too large, not UTF-8", ksession_verify(huge, KSESSION_MAX_TOKEN_LEN + 1, &secret, 1, 0, 0, &ks, &e),
              &e, KSESSION_STATUS_TOKEN_TOO_LARGE, NULL, NULL);
    free(huge);
    check_err("not base64", ksession_decode(S("!!!!"), &ks, &e), &e, KSESSION_STATUS_MALFORMED_TOKEN, NULL,
              "malformed KS: token is not base64");
    check_err("expired", ksession_verify(S(SPEC_TOKEN), &secret, 1, 1621612200, 0, &ks, &e), &e,
              KSESSION_STATUS_EXPIRED, NULL, "KS expired: valid_until 1621612200 is not after now 1621612200 (0s ago)");
    CHECK(ks == NULL, "ks_out reset on expiry");
    check_err("expired, leeway", ksession_verify(S(SPEC_TOKEN), &secret, 1, 1621612260, 60, &ks, &e), &e,
              KSESSION_STATUS_EXPIRED, NULL, NULL);
    CHECK(ksession_verify(S(SPEC_TOKEN), &secret, 1, 1621612259, 60, &ks, &e) == KSESSION_STATUS_OK, "leeway covers");
    ksession_ks_free(ks);
    ksession_str wrong = {S("another secret")};
    check_err("wrong secret", ksession_verify(S(SPEC_TOKEN), &wrong, 1, 0, 0, &ks, &e), &e,
              KSESSION_STATUS_INVALID_SIGNATURE, NULL, "KS signature matches none of the admin secrets");
}

/* Decoded values: typed fields, privilege items, widget sessions. */
static void test_decoded_value(void) {
    ksession_error e;
    const ksession_ks *ks = NULL;
    CHECK(ksession_decode(S(SPEC_TOKEN), &ks, &e) == KSESSION_STATUS_OK, "decode spec: %s", e.message);
    CHECK(ks->partner_id == 3000582 && ks->valid_until == 1621612200 && ks->session_type == 0 &&
              str_is(ks->rand, S("1621594200")) && str_is(ks->user_id, S("Viewer")) && ks->field_count == 9 &&
              !ks->is_widget_session && !ks->has_master_partner_id,
          "spec fields");
    CHECK(str_is(ks->signature, S("46e519f111f8e75a5ed5a030bfb321c74eb2455f")), "signature %.*s",
          (int)ks->signature.len, ks->signature.ptr);
    const ksession_privilege *p = ks->privilege_items;
    CHECK(ks->privilege_count == 3, "%zu items", ks->privilege_count);
    if (ks->privilege_count == 3) {
        CHECK(str_is(p[0].name, S("sview")) && p[0].has_value && str_is(p[0].value, S("0_fld1ro3s")), "item 0");
        CHECK(str_is(p[1].name, S("setrole")) && str_is(p[1].value, S("PLAYBACK_BASE_ROLE")), "item 1");
        CHECK(str_is(p[2].name, S("widget")) && str_is(p[2].value, S("1")), "item 2");
    }
    ksession_ks_free(ks);

    /* Items split as the server splits them. */
    char buf[512];
    size_t len;
    CHECK(ksession_generate_cached_session(S(SECRET), 5, 0, S(""), S(" a : b ,, c,d:,*"), 60, 60, S(""), 1, 1, buf,
                                           sizeof buf, &len, &e) == KSESSION_STATUS_OK &&
              ksession_decode(buf, len, &ks, &e) == KSESSION_STATUS_OK,
          "items token: %s", e.message);
    p = ks->privilege_items;
    CHECK(ks->privilege_count == 4, "item count %zu", ks->privilege_count);
    if (ks->privilege_count == 4) {
        CHECK(str_is(p[0].name, S("a ")) && p[0].has_value && str_is(p[0].value, S(" b")), "item a");
        CHECK(str_is(p[1].name, S("c")) && !p[1].has_value && str_is(p[1].value, S("")), "item c");
        CHECK(str_is(p[2].name, S("d")) && p[2].has_value && str_is(p[2].value, S("")), "item d:");
        CHECK(str_is(p[3].name, S("*")) && !p[3].has_value, "item *");
    }
    CHECK(!ks->is_widget_session, "not a widget session");
    ksession_ks_free(ks);

    /* No privileges: no items. A widget session: type 0, user "", widget:1. */
    CHECK(ksession_generate_cached_session(S(SECRET), 5, 2, S(""), S(""), 60, 60, S(""), 1, 1, buf, sizeof buf, &len,
                                           &e) == KSESSION_STATUS_OK &&
              ksession_decode(buf, len, &ks, &e) == KSESSION_STATUS_OK,
          "no privileges");
    CHECK(ks->privilege_count == 0 && ks->privilege_items == NULL && ks->session_type == 2, "no items");
    ksession_ks_free(ks);
    CHECK(ksession_generate_cached_entry_viewing_session(S(SECRET), 5, S("0_x"), S(""), 60, 60, S(""),
                                                         KSESSION_ALPHABET_URL_SAFE, 1, buf, sizeof buf, &len,
                                                         &e) == KSESSION_STATUS_OK &&
              ksession_decode(buf, len, &ks, &e) == KSESSION_STATUS_OK,
          "widget token");
    CHECK(ks->is_widget_session, "widget session");
    ksession_ks_free(ks);
}

/* The random plain session and the system clock. */
static void test_random_and_clock(void) {
    ksession_error e;
    char buf[512];
    size_t len;
    char rands[8][16];
    ksession_str secret = {S(SECRET)};
    for (int i = 0; i < 8; i++) {
        const ksession_ks *ks = NULL;
        int64_t now = 1700000000;
        CHECK(ksession_generate_session(S(SECRET), 7, 2, S("u"), S("*"), 600, NULL, S(""), KSESSION_LAYOUT_CLIENT, 0,
                                        now, buf, sizeof buf, &len, &e) == KSESSION_STATUS_OK,
              "random session: %s", e.message);
        CHECK(ksession_verify(buf, len, &secret, 1, now, 0, &ks, &e) == KSESSION_STATUS_OK, "verify: %s", e.message);
        if (!ks) continue;
        CHECK(ks->valid_until == now + 600 && ks->field_count == 7, "valid_until %" PRId64, ks->valid_until);
        char *end = NULL;
        copy_str(rands[i], sizeof rands[i], ks->rand);
        unsigned long long r = strtoull(rands[i], &end, 10);
        CHECK(ks->rand.len > 0 && ks->rand.len < sizeof rands[i] && *end == '\0' && r <= 0x7fffffffULL, "rand %s",
              rands[i]);
        ksession_ks_free(ks);
    }
    int distinct = 0;
    for (int i = 1; i < 8; i++) distinct |= strcmp(rands[i], rands[0]) != 0;
    CHECK(distinct, "8 random sessions share rand %s", rands[0]);

    /* A token minted now verifies now. */
    ksession_signer *signer = NULL;
    const ksession_ks *ks = NULL;
    CHECK(ksession_signer_new(S(SECRET), &signer, &e) == KSESSION_STATUS_OK, "signer");
    CHECK(ksession_signer_generate_cached_entry_viewing_session(signer, 1, S("0_x"), S(""), 600, 60, S(""), 0,
                                                                ksession_unix_now(), buf, sizeof buf, &len,
                                                                &e) == KSESSION_STATUS_OK,
          "now: %s", e.message);
    CHECK(ksession_signer_verify(signer, buf, len, ksession_unix_now(), 0, &ks, &e) == KSESSION_STATUS_OK,
          "verify now: %s", e.message);
    ksession_ks_free(ks);
    ksession_signer_free(signer);
}

/* Key rotation: the first secret signs, any verifies. */
static void test_rotation(void) {
    ksession_error e;
    ksession_str keys[2] = {{S("new secret")}, {S(SECRET)}};
    ksession_signer *signer = NULL;
    const ksession_ks *ks = NULL;
    char a[512], b[512];
    size_t alen, blen;
    CHECK(ksession_signer_new_with_secrets(keys, 2, &signer, &e) == KSESSION_STATUS_OK, "rotation signer");
    CHECK(ksession_signer_verify(signer, S(SPEC_TOKEN), 1621594000, 0, &ks, &e) == KSESSION_STATUS_OK,
          "old secret verifies: %s", e.message);
    ksession_ks_free(ks);
    CHECK(ksession_signer_generate_cached_session(signer, 9, 0, S("u"), S("p"), 60, 60, S(""), 0, 100, a, sizeof a,
                                                  &alen, &e) == KSESSION_STATUS_OK &&
              ksession_generate_cached_session(S("new secret"), 9, 0, S("u"), S("p"), 60, 60, S(""), 0, 100, b,
                                               sizeof b, &blen, &e) == KSESSION_STATUS_OK &&
              alen == blen && strcmp(a, b) == 0,
          "the first secret signs");
    CHECK(ksession_verify(a, alen, keys, 2, 100, 0, &ks, &e) == KSESSION_STATUS_OK, "several secrets: %s", e.message);
    ksession_ks_free(ks);
    check_err("only the old one", ksession_verify(a, alen, &keys[1], 1, 100, 0, &ks, &e), &e,
              KSESSION_STATUS_INVALID_SIGNATURE, NULL, NULL);
    ksession_signer_free(signer);
}

/* KS v2: NULL arguments of its calls, the random forms, the secret it needs. */
static void test_v2(void) {
    ksession_error e;
    char buf[1024], other[1024];
    size_t len, other_len;
    const ksession_ks *ks = NULL;
    ksession_signer *signer = NULL;
    static const uint8_t zeros[16] = {0};
    ksession_str secret = {S(SECRET)};
    CHECK(ksession_signer_new(S(SECRET), &signer, NULL) == KSESSION_STATUS_OK, "signer");

    check_err("entry v2: NULL admin_secret",
              ksession_generate_cached_entry_viewing_session_v2(NULL, 3, 1, S("0_x"), S(""), 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secret", NULL);
    check_err("entry v2: NULL entry_id",
              ksession_generate_cached_entry_viewing_session_v2(S(SECRET), 1, NULL, 3, S(""), 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "entry_id", NULL);
    check_err("entry v2: NULL user_id",
              ksession_generate_cached_entry_viewing_session_v2(S(SECRET), 1, S("0_x"), NULL, 3, 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("entry v2: NULL custom",
              ksession_generate_cached_entry_viewing_session_v2(S(SECRET), 1, S("0_x"), S(""), 60, 60, NULL, 3, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "custom", NULL);
    check_err("entry v2: NULL buf",
              ksession_generate_cached_entry_viewing_session_v2(S(SECRET), 1, S("0_x"), S(""), 60, 60, S(""), 1, NULL, 3, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("entry v2: NULL len_out",
              ksession_generate_cached_entry_viewing_session_v2(S(SECRET), 1, S("0_x"), S(""), 60, 60, S(""), 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);
    check_err("signer entry v2: NULL signer",
              ksession_signer_generate_cached_entry_viewing_session_v2(NULL, 1, S("0_x"), S(""), 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "signer", NULL);
    check_err("signer entry v2: NULL entry_id",
              ksession_signer_generate_cached_entry_viewing_session_v2(signer, 1, NULL, 1, S(""), 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "entry_id", NULL);
    check_err("signer entry v2: NULL user_id",
              ksession_signer_generate_cached_entry_viewing_session_v2(signer, 1, S("0_x"), NULL, 1, 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("signer entry v2: NULL custom",
              ksession_signer_generate_cached_entry_viewing_session_v2(signer, 1, S("0_x"), S(""), 60, 60, NULL, 1, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "custom", NULL);
    check_err("signer entry v2: NULL buf",
              ksession_signer_generate_cached_entry_viewing_session_v2(signer, 1, S("0_x"), S(""), 60, 60, S(""), 1, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("signer entry v2: NULL len_out",
              ksession_signer_generate_cached_entry_viewing_session_v2(signer, 1, S("0_x"), S(""), 60, 60, S(""), 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);

    check_err("cached v2: NULL admin_secret",
              ksession_generate_cached_session_v2(NULL, 3, 1, 0, S(""), S(""), 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secret", NULL);
    check_err("cached v2: NULL user_id",
              ksession_generate_cached_session_v2(S(SECRET), 1, 0, NULL, 1, S(""), 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("cached v2: NULL privileges",
              ksession_generate_cached_session_v2(S(SECRET), 1, 0, S(""), NULL, 1, 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("cached v2: NULL custom",
              ksession_generate_cached_session_v2(S(SECRET), 1, 0, S(""), S(""), 60, 60, NULL, 1, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "custom", NULL);
    check_err("cached v2: NULL buf",
              ksession_generate_cached_session_v2(S(SECRET), 1, 0, S(""), S(""), 60, 60, S(""), 1, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("cached v2: NULL len_out",
              ksession_generate_cached_session_v2(S(SECRET), 1, 0, S(""), S(""), 60, 60, S(""), 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);
    check_err("signer cached v2: NULL signer",
              ksession_signer_generate_cached_session_v2(NULL, 1, 0, S(""), S(""), 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "signer", NULL);
    check_err("signer cached v2: NULL user_id",
              ksession_signer_generate_cached_session_v2(signer, 1, 0, NULL, 1, S(""), 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("signer cached v2: NULL privileges",
              ksession_signer_generate_cached_session_v2(signer, 1, 0, S(""), NULL, 1, 60, 60, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("signer cached v2: NULL custom",
              ksession_signer_generate_cached_session_v2(signer, 1, 0, S(""), S(""), 60, 60, NULL, 1, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "custom", NULL);
    check_err("signer cached v2: NULL buf",
              ksession_signer_generate_cached_session_v2(signer, 1, 0, S(""), S(""), 60, 60, S(""), 1, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("signer cached v2: NULL len_out",
              ksession_signer_generate_cached_session_v2(signer, 1, 0, S(""), S(""), 60, 60, S(""), 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);

    check_err("session v2: NULL admin_secret",
              ksession_generate_session_v2(NULL, 3, 1, 0, S(""), S(""), 60, NULL, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secret", NULL);
    check_err("session v2: NULL user_id",
              ksession_generate_session_v2(S(SECRET), 1, 0, NULL, 1, S(""), 60, NULL, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("session v2: NULL privileges",
              ksession_generate_session_v2(S(SECRET), 1, 0, S(""), NULL, 1, 60, NULL, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("session v2: NULL additional_data",
              ksession_generate_session_v2(S(SECRET), 1, 0, S(""), S(""), 60, NULL, NULL, 1, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "additional_data", NULL);
    check_err("session v2: NULL buf",
              ksession_generate_session_v2(S(SECRET), 1, 0, S(""), S(""), 60, NULL, S(""), 1, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("session v2: NULL len_out",
              ksession_generate_session_v2(S(SECRET), 1, 0, S(""), S(""), 60, NULL, S(""), 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);
    check_err("session v2 with random: NULL admin_secret",
              ksession_generate_session_v2_with_random(NULL, 3, 1, 0, S(""), S(""), 60, NULL, S(""), 1, zeros, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secret", NULL);
    check_err("session v2 with random: NULL user_id",
              ksession_generate_session_v2_with_random(S(SECRET), 1, 0, NULL, 1, S(""), 60, NULL, S(""), 1, zeros, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("session v2 with random: NULL privileges",
              ksession_generate_session_v2_with_random(S(SECRET), 1, 0, S(""), NULL, 1, 60, NULL, S(""), 1, zeros, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("session v2 with random: NULL additional_data",
              ksession_generate_session_v2_with_random(S(SECRET), 1, 0, S(""), S(""), 60, NULL, NULL, 1, 1, zeros, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "additional_data", NULL);
    check_err("session v2 with random: NULL random",
              ksession_generate_session_v2_with_random(S(SECRET), 1, 0, S(""), S(""), 60, NULL, S(""), 1, NULL, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "random", "random is NULL");
    check_err("session v2 with random: NULL buf",
              ksession_generate_session_v2_with_random(S(SECRET), 1, 0, S(""), S(""), 60, NULL, S(""), 1, zeros, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("session v2 with random: NULL len_out",
              ksession_generate_session_v2_with_random(S(SECRET), 1, 0, S(""), S(""), 60, NULL, S(""), 1, zeros, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);
    check_err("signer session v2: NULL signer",
              ksession_signer_generate_session_v2(NULL, 1, 0, S(""), S(""), 60, NULL, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "signer", NULL);
    check_err("signer session v2: NULL user_id",
              ksession_signer_generate_session_v2(signer, 1, 0, NULL, 1, S(""), 60, NULL, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("signer session v2: NULL privileges",
              ksession_signer_generate_session_v2(signer, 1, 0, S(""), NULL, 1, 60, NULL, S(""), 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("signer session v2: NULL additional_data",
              ksession_signer_generate_session_v2(signer, 1, 0, S(""), S(""), 60, NULL, NULL, 1, 1, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "additional_data", NULL);
    check_err("signer session v2: NULL buf",
              ksession_signer_generate_session_v2(signer, 1, 0, S(""), S(""), 60, NULL, S(""), 1, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("signer session v2: NULL len_out",
              ksession_signer_generate_session_v2(signer, 1, 0, S(""), S(""), 60, NULL, S(""), 1, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);
    check_err("signer session v2 with random: NULL signer",
              ksession_signer_generate_session_v2_with_random(NULL, 1, 0, S(""), S(""), 60, NULL, S(""), 1, zeros, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "signer", NULL);
    check_err("signer session v2 with random: NULL user_id",
              ksession_signer_generate_session_v2_with_random(signer, 1, 0, NULL, 1, S(""), 60, NULL, S(""), 1, zeros, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "user_id", NULL);
    check_err("signer session v2 with random: NULL privileges",
              ksession_signer_generate_session_v2_with_random(signer, 1, 0, S(""), NULL, 1, 60, NULL, S(""), 1, zeros, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "privileges", NULL);
    check_err("signer session v2 with random: NULL additional_data",
              ksession_signer_generate_session_v2_with_random(signer, 1, 0, S(""), S(""), 60, NULL, NULL, 1, 1, zeros, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "additional_data", NULL);
    check_err("signer session v2 with random: NULL random",
              ksession_signer_generate_session_v2_with_random(signer, 1, 0, S(""), S(""), 60, NULL, S(""), 1, NULL, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "random", NULL);
    check_err("signer session v2 with random: NULL buf",
              ksession_signer_generate_session_v2_with_random(signer, 1, 0, S(""), S(""), 60, NULL, S(""), 1, zeros, NULL, 1, &len, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "buf", NULL);
    check_err("signer session v2 with random: NULL len_out",
              ksession_signer_generate_session_v2_with_random(signer, 1, 0, S(""), S(""), 60, NULL, S(""), 1, zeros, buf, sizeof buf, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "len_out", NULL);

    /* Two tokens from the OS generator differ; both verify, with the signer too. */
    CHECK(ksession_generate_session_v2(S(SECRET), 7, 2, S("admin"), S("*"), 600, NULL, S(""), 1000, buf, sizeof buf,
                                       &len, &e) == KSESSION_STATUS_OK,
          "session v2: %s", e.message);
    CHECK(ksession_signer_generate_session_v2(signer, 7, 2, S("admin"), S("*"), 600, NULL, S(""), 1000, other,
                                              sizeof other, &other_len, &e) == KSESSION_STATUS_OK,
          "signer session v2: %s", e.message);
    CHECK(len != other_len || memcmp(buf, other, len) != 0, "two random v2 tokens are equal");
    CHECK(ksession_verify(buf, len, &secret, 1, 1000, 0, &ks, &e) == KSESSION_STATUS_OK && ks->version == 2 &&
              ks->valid_until == 1600 && ks->session_type == 2 && str_is(ks->privileges, S("*")) &&
              str_is(ks->user_id, S("admin")) && ks->rand.len == 32,
          "verify v2: %s", e.message);
    ksession_ks_free(ks);
    CHECK(ksession_signer_verify(signer, other, other_len, 1000, 0, &ks, &e) == KSESSION_STATUS_OK, "signer verify v2");
    ksession_ks_free(ks);
    check_err("v2 expired", ksession_signer_verify(signer, other, other_len, 1600, 0, &ks, &e), &e,
              KSESSION_STATUS_EXPIRED, NULL, "KS expired: valid_until 1600 is not after now 1600 (0s ago)");

    /* Reading a v2 token needs its secret. */
    check_err("decode v2", ksession_decode(buf, len, &ks, &e), &e, KSESSION_STATUS_SECRET_REQUIRED, NULL,
              "KS v2 is encrypted: reading it needs the admin secret");
    check_err("decode v2, no secret", ksession_decode_with_secrets(buf, len, NULL, 0, &ks, &e), &e,
              KSESSION_STATUS_SECRET_REQUIRED, NULL, NULL);
    ksession_str wrong = {S("another secret")};
    check_err("decode v2, wrong secret", ksession_decode_with_secrets(buf, len, &wrong, 1, &ks, &e), &e,
              KSESSION_STATUS_INVALID_SIGNATURE, NULL, NULL);
    CHECK(ksession_signer_decode(signer, buf, len, &ks, &e) == KSESSION_STATUS_OK && ks->valid_until == 1600,
          "signer decode v2: %s", e.message); /* decoding checks no expiry */
    ksession_ks_free(ks);
    CHECK(ksession_signer_decode(signer, S(SPEC_TOKEN), &ks, &e) == KSESSION_STATUS_OK && ks->version == 1,
          "signer decode v1");
    ksession_ks_free(ks);

    /* v2's own field names are refused in privileges. */
    check_err("reserved name",
              ksession_generate_session_v2_with_random(S(SECRET), 1, 0, S(""), S("_e:1"), 60, NULL, S(""), 1, zeros, buf,
                                                       sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_FIELD, "privileges",
              "privileges uses the name '_e', reserved for KS v2's own fields");
    check_err("v2 user_id newline",
              ksession_signer_generate_cached_session_v2(signer, 1, 0, S("a\nb"), S(""), 60, 60, S(""), 1, buf,
                                                         sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_FIELD, "user_id", "user_id contains control character U+000A at byte 1");

    /* Decoding calls: NULL arguments. */
    check_err("decode_with_secrets: NULL token", ksession_decode_with_secrets(NULL, 3, &secret, 1, &ks, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "token", NULL);
    check_err("decode_with_secrets: NULL admin_secrets", ksession_decode_with_secrets(S(SPEC_TOKEN), NULL, 1, &ks, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "admin_secrets", NULL);
    check_err("decode_with_secrets: NULL ks_out", ksession_decode_with_secrets(S(SPEC_TOKEN), &secret, 1, NULL, &e),
              &e, KSESSION_STATUS_NULL_ARGUMENT, "ks_out", NULL);
    check_err("decode_with_secrets: invalid UTF-8", ksession_decode_with_secrets("a\xff", 2, NULL, 0, &ks, &e), &e,
              KSESSION_STATUS_INVALID_UTF8, "token", "token is not valid UTF-8 at byte 1");
    check_err("signer decode: NULL signer", ksession_signer_decode(NULL, S(SPEC_TOKEN), &ks, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "signer", NULL);
    check_err("signer decode: NULL token", ksession_signer_decode(signer, NULL, 3, &ks, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "token", NULL);
    check_err("signer decode: NULL ks_out", ksession_signer_decode(signer, S(SPEC_TOKEN), NULL, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "ks_out", NULL);
    ksession_signer_free(signer);
}

/* ---------------------------------------------------------------- threads */

#define THREADS 6
#define ROUNDS 3

typedef struct {
    ksession_signer **signers; /* one per case, shared by every thread; NULL where the secret is refused */
    size_t ops, mismatches;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    char buf[KSESSION_MAX_TOKEN_LEN + 1];
    size_t len;
    ksession_error err;
    for (int round = 0; round < ROUNDS; round++) {
        for (size_t i = 0; i < case_count; i++) {
            const vcase *v = &cases[i];
            const ksession_ks *ks = NULL;
            ksession_status st;
            if (is_decoding(v->op)) {
                st = v->op == OP_DECODE      ? ksession_decode(v->token.ptr, v->token.len, &ks, &err)
                     : v->op == OP_DECODE_V2 ? ksession_decode_with_secrets(v->token.ptr, v->token.len, v->secrets,
                                                                            v->secret_count, &ks, &err)
                                             : ksession_verify(v->token.ptr, v->token.len, v->secrets,
                                                               v->secret_count, v->now, v->leeway, &ks, &err);
                int ok = v->err_kind ? cstr_is(ksession_status_name((int)st), v->err_kind)
                                     : st == KSESSION_STATUS_OK && ks->valid_until == get_int(v->fields, "valid_until");
                w->mismatches += !ok;
                ksession_ks_free(ks);
                w->ops++;
                continue;
            }
            for (int with_signer = 0; with_signer < 2; with_signer++) {
                const ksession_signer *s = with_signer ? w->signers[i] : NULL;
                if (with_signer && !s) continue;
                st = generate(v, s, buf, sizeof buf, &len, &err);
                int ok = v->err_kind ? cstr_is(ksession_status_name((int)st), v->err_kind) &&
                                           (!v->err_field || cstr_is(err.field, v->err_field))
                                     : st == KSESSION_STATUS_OK && len == v->token.len &&
                                           memcmp(buf, v->token.ptr, len) == 0;
                if (ok && !v->err_kind && s) {
                    /* Verify what was just minted, at its own `now`. */
                    ok = ksession_signer_verify(s, buf, len, v->now, 0, &ks, &err) == KSESSION_STATUS_OK &&
                         str_is(ks->info, v->info.ptr, v->info.len);
                    ksession_ks_free(ks);
                }
                w->mismatches += !ok;
                w->ops++;
            }
        }
    }
    return NULL;
}

/* ------------------------------------------------------ prepared handles */

static ksession_status prepare(const ksession_signer *signer, const char *user, size_t user_len, int64_t expiry,
                               int64_t cache, const char *custom, size_t custom_len, uint32_t alphabet,
                               ksession_entry_viewing **h, ksession_error *e) {
    return ksession_entry_viewing_new(signer, 3000582, user, user_len, expiry, cache, custom, custom_len, alphabet, h,
                                      e);
}

static void test_entry_viewing(void) {
    ksession_error e;
    char buf[KSESSION_MAX_TOKEN_LEN + 1];
    size_t len = 0;
    ksession_signer *signer = NULL;
    ksession_entry_viewing *h = NULL;
    const size_t token_len = sizeof SPEC_TOKEN - 1;

    /* Every vector of the v1 entry-viewing op went through a handle, in both alphabets. */
    CHECK(prepared_vectors[0] > 0 && prepared_vectors[1] > 0, "vector tokens through a handle: %zu standard, %zu URL-safe",
          prepared_vectors[0], prepared_vectors[1]);

    CHECK(ksession_signer_new(S(SECRET), &signer, &e) == KSESSION_STATUS_OK, "signer: %s", e.message);

    /* The spec vector; the handle outlives its signer (it copied the secret). */
    check_err("new", prepare(signer, S("Viewer"), 18000, 600, NULL, 0, KSESSION_ALPHABET_STANDARD, &h, &e), &e,
              KSESSION_STATUS_OK, NULL, "");
    ksession_signer_free(signer);
    check_err("spec vector", ksession_entry_viewing_generate(h, S("0_fld1ro3s"), 1621594000, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_OK, NULL, "");
    CHECK(len == token_len && strcmp(buf, SPEC_TOKEN) == 0, "spec vector through a handle: %s", buf);
    /* err_out may be NULL. */
    memset(buf, 0, sizeof buf);
    CHECK(ksession_entry_viewing_generate(h, S("0_fld1ro3s"), 1621594000, buf, sizeof buf, &len, NULL) ==
              KSESSION_STATUS_OK && strcmp(buf, SPEC_TOKEN) == 0,
          "spec vector, err_out NULL");

    /* NULL arguments, each named. */
    check_err("generate NULL handle", ksession_entry_viewing_generate(NULL, S("0_x"), 0, buf, sizeof buf, &len, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "entry_viewing", "entry_viewing is NULL");
    check_err("generate NULL len_out", ksession_entry_viewing_generate(h, S("0_x"), 0, buf, sizeof buf, NULL, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "len_out", "len_out is NULL");
    check_err("generate NULL buf", ksession_entry_viewing_generate(h, S("0_x"), 0, NULL, 10, &len, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "buf", "buf is NULL");
    check_err("generate NULL entry_id", ksession_entry_viewing_generate(h, NULL, 3, 0, buf, sizeof buf, &len, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "entry_id", "entry_id is NULL");
    check_err("generate NULL empty entry_id", ksession_entry_viewing_generate(h, NULL, 0, 0, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_FIELD, "entry_id", "entry_id is empty");
    ksession_entry_viewing *h2 = (ksession_entry_viewing *)&e;
    check_err("new NULL signer", prepare(NULL, S("u"), 60, 60, NULL, 0, 0, &h2, &e), &e, KSESSION_STATUS_NULL_ARGUMENT,
              "signer", "signer is NULL");
    CHECK(h2 == NULL, "entry_viewing_out not reset after a NULL signer");
    CHECK(ksession_signer_new(S(SECRET), &signer, &e) == KSESSION_STATUS_OK, "signer: %s", e.message);
    check_err("new NULL out", prepare(signer, S("u"), 60, 60, NULL, 0, 0, NULL, &e), &e, KSESSION_STATUS_NULL_ARGUMENT,
              "entry_viewing_out", "entry_viewing_out is NULL");
    check_err("new NULL user_id", prepare(signer, NULL, 2, 60, 60, NULL, 0, 0, &h2, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "user_id", "user_id is NULL");
    check_err("new NULL custom", prepare(signer, S("u"), 60, 60, NULL, 2, 0, &h2, &e), &e,
              KSESSION_STATUS_NULL_ARGUMENT, "custom", "custom is NULL");
    ksession_entry_viewing_free(NULL);

    /* Buffer sizes: the length alone, one byte short (buffer untouched), exact. */
    check_err("length query", ksession_entry_viewing_generate(h, S("0_fld1ro3s"), 1621594000, NULL, 0, &len, &e), &e,
              KSESSION_STATUS_BUFFER_TOO_SMALL, "buf", NULL);
    CHECK(len == token_len, "length query gives %zu", len);
    char small[sizeof SPEC_TOKEN];
    memset(small, 'X', sizeof small);
    char want_msg[128];
    snprintf(want_msg, sizeof want_msg, "buf holds %zu bytes; the token needs %zu (%zu and a NUL)", token_len,
             token_len + 1, token_len);
    check_err("one byte short", ksession_entry_viewing_generate(h, S("0_fld1ro3s"), 1621594000, small, token_len, &len, &e),
              &e, KSESSION_STATUS_BUFFER_TOO_SMALL, "buf", want_msg);
    size_t untouched = 0;
    while (untouched < sizeof small && small[untouched] == 'X') untouched++;
    CHECK(untouched == sizeof small && len == token_len, "buffer written on failure at %zu", untouched);
    check_err("exact size", ksession_entry_viewing_generate(h, S("0_fld1ro3s"), 1621594000, small, sizeof small, &len, &e),
              &e, KSESSION_STATUS_OK, NULL, "");
    CHECK(memcmp(small, SPEC_TOKEN, sizeof small) == 0, "exact size: %.*s", (int)token_len, small);

    /* What generate checks: the entry id and the time. */
    check_err("entry_id ,", ksession_entry_viewing_generate(h, S("0_abc,*"), 0, buf, sizeof buf, &len, &e), &e,
              KSESSION_STATUS_INVALID_FIELD, "entry_id", "entry_id contains ',' at byte 5");
    check_err("entry_id UTF-8", ksession_entry_viewing_generate(h, S("0_\xff"), 0, buf, sizeof buf, &len, &e), &e,
              KSESSION_STATUS_INVALID_UTF8, "entry_id", "entry_id is not valid UTF-8 at byte 2");
    check_err("now -1", ksession_entry_viewing_generate(h, S("0_x"), -1, buf, sizeof buf, &len, &e), &e,
              KSESSION_STATUS_INVALID_FIELD, "now", "now must not be negative, got -1");
    check_err("now at the end of time", ksession_entry_viewing_generate(h, S("0_x"), INT64_MAX, buf, sizeof buf, &len, &e),
              &e, KSESSION_STATUS_INVALID_FIELD, "cache", NULL);
    ksession_entry_viewing_free(h);

    /* What new checks, once: user id, custom data, expiry, cache, alphabet. */
    h2 = (ksession_entry_viewing *)&e;
    check_err("user_id ;", prepare(signer, S("abc;d"), 60, 60, NULL, 0, 0, &h2, &e), &e, KSESSION_STATUS_INVALID_FIELD,
              "user_id", "user_id contains ';' at byte 3");
    CHECK(h2 == NULL, "entry_viewing_out not reset after a refusal");
    check_err("user_id NUL", prepare(signer, S("a\0b"), 60, 60, NULL, 0, 0, &h2, &e), &e, KSESSION_STATUS_INVALID_FIELD,
              "user_id", "user_id contains control character U+0000 at byte 1");
    check_err("user_id UTF-8", prepare(signer, S("a\xc3"), 60, 60, NULL, 0, 0, &h2, &e), &e, KSESSION_STATUS_INVALID_UTF8,
              "user_id", "user_id is not valid UTF-8 at byte 1");
    check_err("custom |", prepare(signer, S("u"), 60, 60, S("x|y"), 0, &h2, &e), &e, KSESSION_STATUS_INVALID_FIELD,
              "custom", "custom contains '|' at byte 1");
    check_err("expiry 0", prepare(signer, S("u"), 0, 60, NULL, 0, 0, &h2, &e), &e, KSESSION_STATUS_INVALID_FIELD,
              "expiry", "expiry must be positive, got 0");
    check_err("expiry overflow", prepare(signer, S("u"), INT64_MAX, 60, NULL, 0, 0, &h2, &e), &e,
              KSESSION_STATUS_INVALID_FIELD, "expiry", "expiry is too large: the token's times would overflow");
    check_err("cache 0", prepare(signer, S("u"), 60, 0, NULL, 0, 0, &h2, &e), &e, KSESSION_STATUS_INVALID_FIELD, "cache",
              "cache must be positive, got 0");
    check_err("alphabet 7", prepare(signer, S("u"), 60, 60, NULL, 0, 7, &h2, &e), &e, KSESSION_STATUS_INVALID_ARGUMENT,
              "alphabet", "alphabet 7 is not a known value");
    CHECK(h2 == NULL, "entry_viewing_out not reset after the last refusal");

    /* A URL-safe handle gives the one-shot call's URL-safe token. */
    check_err("new URL-safe", prepare(signer, S("Viewer"), 18000, 600, S("c"), KSESSION_ALPHABET_URL_SAFE, &h, &e), &e,
              KSESSION_STATUS_OK, NULL, "");
    char want[KSESSION_MAX_TOKEN_LEN + 1];
    size_t want_len = 0;
    CHECK(ksession_generate_cached_entry_viewing_session(S(SECRET), 3000582, S("1_abc-D"), S("Viewer"), 18000, 600, S("c"),
                                                         KSESSION_ALPHABET_URL_SAFE, 1700000123, want, sizeof want,
                                                         &want_len, &e) == KSESSION_STATUS_OK,
          "one-shot URL-safe: %s", e.message);
    CHECK(ksession_entry_viewing_generate(h, S("1_abc-D"), 1700000123, buf, sizeof buf, &len, &e) == KSESSION_STATUS_OK &&
              len == want_len && strcmp(buf, want) == 0,
          "URL-safe handle: %s, want %s", buf, want);
    ksession_entry_viewing_free(h);
    ksession_signer_free(signer);
}

static void test_threads(void) {
    ksession_signer **signers = calloc(case_count, sizeof *signers);
    size_t want_ops = 0;
    for (size_t i = 0; i < case_count; i++) {
        const vcase *v = &cases[i];
        if (is_decoding(v->op)) {
            want_ops++;
            continue;
        }
        want_ops++;
        if (ksession_signer_new(v->secret.ptr, v->secret.len, &signers[i], NULL) == KSESSION_STATUS_OK) want_ops++;
    }
    want_ops *= ROUNDS;

    pthread_t threads[THREADS];
    worker workers[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t].signers = signers;
        workers[t].ops = workers[t].mismatches = 0;
        CHECK(pthread_create(&threads[t], NULL, work, &workers[t]) == 0, "pthread_create %d", t);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        CHECK(workers[t].mismatches == 0, "thread %d: %zu of %zu results differ", t, workers[t].mismatches,
              workers[t].ops);
        CHECK(workers[t].ops == want_ops, "thread %d ran %zu operations, want %zu", t, workers[t].ops, want_ops);
    }
    for (size_t i = 0; i < case_count; i++) ksession_signer_free(signers[i]);
    free(signers);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s tests/vectors/ks_v1.json [tests/vectors/ks_v2.json]\n", argv[0]);
        return 2;
    }
    test_version();
    test_status_strings();
    test_vectors(argc - 1, argv + 1);
    test_null_arguments();
    test_buffer_sizes();
    test_invalid_utf8();
    test_invalid_arguments();
    test_field_errors();
    test_decoding_errors();
    test_decoded_value();
    test_random_and_clock();
    test_rotation();
    test_v2();
    test_entry_viewing();
    test_threads();
    free_vectors();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
