/*
 * Concurrency soak of the C API: 8 threads share one signer and each mints
 * and verifies cached entry-viewing tokens in a loop, with an entry id, user,
 * custom data, alphabet, cache window and `now` that vary per thread and
 * iteration. Every token is compared byte for byte with the one expected for
 * its (thread, input class), and every verification's decoded fields with the
 * inputs (the INFO string is rebuilt here from the format's definition).
 * Every 1000th iteration also goes through the one-shot functions.
 *
 * usage: soak ITERATIONS_PER_THREAD VECTOR_FILE
 * The vector file's cached_entry_viewing_session cases anchor the library to
 * the reference implementation before the threads start.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "ksession.h"

#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define THREADS 8
#define CLASSES 16
#define ONE_SHOT_EVERY 1000
#define MAX_REPORTS 20

static const char SECRET[] = "soak-secret-0123456789abcdef";
static const char OLD_SECRET[] = "soak-old-secret-fedcba9876543210";
#define PRIVILEGES_FMT "sview:%s,setrole:PLAYBACK_BASE_ROLE,widget:1"

/* One input class of one thread, and what it must produce. */
typedef struct {
    char entry_id[64], user_id[64], custom[64];
    int64_t partner_id, expiry, cache, window_start; /* window_start: a multiple of cache */
    uint32_t alphabet;
    char info[512], privileges[128], rand[32];
    char token[KSESSION_MAX_TOKEN_LEN + 1];
    size_t token_len;
} input_class;

static input_class classes[THREADS][CLASSES];
static ksession_signer *signer;
static long iterations;
static atomic_long mismatches, reports;

static int str_is(ksession_str s, const char *want) {
    size_t n = strlen(want);
    return s.len == n && (n == 0 || memcmp(s.ptr, want, n) == 0);
}

static void report(int thread, long i, const char *what) {
    if (atomic_fetch_add(&reports, 1) < MAX_REPORTS) {
        fprintf(stderr, "MISMATCH thread %d iteration %ld: %s\n", thread, i, what);
    }
}

/* The format (ks-format.md 1.1), independently of the library. */
static void describe_class(input_class *k, int t, int c) {
    snprintf(k->entry_id, sizeof k->entry_id, "0_t%dc%d%.*s", t, c, c, "abcdefghijklmnop");
    if (c == 0) {
        k->user_id[0] = '\0'; /* a widget session */
    } else {
        snprintf(k->user_id, sizeof k->user_id, "user%d-%d@example.com", t, c);
    }
    if (c % 3 == 0) {
        k->custom[0] = '\0';
    } else {
        snprintf(k->custom, sizeof k->custom, "tenant:%d,plan:%d", t, c);
    }
    k->partner_id = 3000000 + t;
    k->expiry = 600 + 60 * c;
    k->cache = c % 4 == 3 ? 600 : 60;
    k->window_start = 1700002800 + (int64_t)(t * CLASSES + c) * 3600;
    k->alphabet = c % 2 ? KSESSION_ALPHABET_URL_SAFE : KSESSION_ALPHABET_STANDARD;
    int64_t rounded = k->window_start + k->cache;
    snprintf(k->privileges, sizeof k->privileges, PRIVILEGES_FMT, k->entry_id);
    snprintf(k->rand, sizeof k->rand, "%" PRId64, rounded);
    snprintf(k->info, sizeof k->info, "%" PRId64 ";%" PRId64 ";%" PRId64 ";0;%" PRId64 ";%s;%s;;%s", k->partner_id,
             k->partner_id, rounded + k->expiry, rounded, k->user_id, k->privileges, k->custom);
}

/* Every field of a verified token against its class; NULL when all match. */
static const char *check_fields(const ksession_ks *ks, const input_class *k) {
    if (ks->version != 1) return "version";
    if (!str_is(ks->info, k->info)) return "info";
    if (ks->partner_id != k->partner_id) return "partner_id";
    if (ks->valid_until != k->window_start + k->cache + k->expiry) return "valid_until";
    if (ks->session_type != KSESSION_SESSION_TYPE_USER) return "session_type";
    if (!str_is(ks->rand, k->rand)) return "rand";
    if (!str_is(ks->user_id, k->user_id)) return "user_id";
    if (!str_is(ks->privileges, k->privileges)) return "privileges";
    if (!str_is(ks->additional_data, k->custom)) return "additional_data";
    if (ks->has_master_partner_id || ks->field_count != 9) return "field_count";
    if (ks->is_widget_session != (k->user_id[0] == '\0')) return "is_widget_session";
    if (ks->privilege_count != 3 || !str_is(ks->privilege_items[0].value, k->entry_id)) return "privilege_items";
    return NULL;
}

static ksession_status one_shot(const input_class *k, int64_t now, char *buf, size_t *len, ksession_error *err) {
    return ksession_generate_cached_entry_viewing_session(
        SECRET, sizeof SECRET - 1, k->partner_id, k->entry_id, strlen(k->entry_id), k->user_id, strlen(k->user_id),
        k->expiry, k->cache, k->custom, strlen(k->custom), k->alphabet, now, buf, KSESSION_MAX_TOKEN_LEN + 1, len,
        err);
}

static void *run(void *arg) {
    int t = (int)(intptr_t)arg;
    char buf[KSESSION_MAX_TOKEN_LEN + 1];
    const ksession_str secrets[] = {{OLD_SECRET, sizeof OLD_SECRET - 1}, {SECRET, sizeof SECRET - 1}};
    long bad = 0;
    for (long i = 0; i < iterations; i++) {
        const input_class *k = &classes[t][i % CLASSES];
        /* Any second of the window gives the window's token. */
        int64_t now = k->window_start + (i / CLASSES) % k->cache;
        int one_shot_turn = i % ONE_SHOT_EVERY == ONE_SHOT_EVERY - 1;
        size_t len = 0;
        ksession_error err;
        ksession_status st = ksession_signer_generate_cached_entry_viewing_session(
            signer, k->partner_id, k->entry_id, strlen(k->entry_id), k->user_id, strlen(k->user_id), k->expiry,
            k->cache, k->custom, strlen(k->custom), k->alphabet, now, buf, sizeof buf, &len, &err);
        const char *wrong = NULL;
        if (st != KSESSION_STATUS_OK) {
            wrong = "generate failed";
        } else if (len != k->token_len || memcmp(buf, k->token, len) != 0 || buf[len] != '\0') {
            wrong = "token differs from the expected one";
        }
        if (!wrong && one_shot_turn) {
            char again[KSESSION_MAX_TOKEN_LEN + 1];
            size_t again_len = 0;
            st = one_shot(k, now, again, &again_len, &err);
            if (st != KSESSION_STATUS_OK || again_len != len || memcmp(again, buf, len) != 0) {
                wrong = "one-shot token differs from the signer's";
            }
        }
        if (!wrong) {
            const ksession_ks *ks = NULL;
            st = one_shot_turn ? ksession_verify(buf, len, secrets, 2, now, 0, &ks, &err)
                               : ksession_signer_verify(signer, buf, len, now, 0, &ks, &err);
            if (st != KSESSION_STATUS_OK) {
                wrong = "verify failed";
            } else {
                wrong = check_fields(ks, k);
            }
            ksession_ks_free(ks);
        }
        if (wrong) {
            bad++;
            report(t, i, wrong);
        }
    }
    atomic_fetch_add(&mismatches, bad);
    return NULL;
}

/* The reference implementation's tokens, through the one-shot and signer calls. */
static long check_vectors(const char *path) {
    json_error_t jerr;
    json_t *doc = json_load_file(path, JSON_ALLOW_NUL, &jerr);
    if (!doc) {
        fprintf(stderr, "%s:%d: %s\n", path, jerr.line, jerr.text);
        exit(2);
    }
    long checked = 0, bad = 0;
    const json_t *cases = json_object_get(doc, "cases");
    for (size_t n = 0; n < json_array_size(cases); n++) {
        const json_t *c = json_array_get(cases, n);
        const char *op = json_string_value(json_object_get(c, "op"));
        const json_t *want = json_object_get(c, "token");
        if (!op || strcmp(op, "cached_entry_viewing_session") != 0 || !json_is_string(want)) continue;
#define TEXT(key) json_string_value(json_object_get(c, key)), json_string_length(json_object_get(c, key))
#define INT(key) (int64_t) json_integer_value(json_object_get(c, key))
        uint32_t alphabet =
            json_is_true(json_object_get(c, "url_safe")) ? KSESSION_ALPHABET_URL_SAFE : KSESSION_ALPHABET_STANDARD;
        ksession_signer *s = NULL;
        char buf[2][KSESSION_MAX_TOKEN_LEN + 1];
        size_t len[2] = {0, 0};
        ksession_status st[3];
        st[0] = ksession_generate_cached_entry_viewing_session(
            TEXT("admin_secret"), INT("partner_id"), TEXT("entry_id"), TEXT("user_id"), INT("expiry"), INT("cache"),
            TEXT("custom"), alphabet, INT("now"), buf[0], sizeof buf[0], &len[0], NULL);
        st[1] = ksession_signer_new(TEXT("admin_secret"), &s, NULL);
        st[2] = ksession_signer_generate_cached_entry_viewing_session(
            s, INT("partner_id"), TEXT("entry_id"), TEXT("user_id"), INT("expiry"), INT("cache"), TEXT("custom"),
            alphabet, INT("now"), buf[1], sizeof buf[1], &len[1], NULL);
        ksession_signer_free(s);
        for (int w = 0; w < 2; w++) {
            if (st[0] || st[1] || st[2] || len[w] != json_string_length(want) ||
                memcmp(buf[w], json_string_value(want), len[w]) != 0) {
                fprintf(stderr, "VECTOR %s: %s token differs\n", json_string_value(json_object_get(c, "name")),
                        w ? "signer" : "one-shot");
                bad++;
            }
            checked++;
        }
#undef TEXT
#undef INT
    }
    json_decref(doc);
    if (checked == 0) {
        fprintf(stderr, "%s: no cached_entry_viewing_session case\n", path);
        exit(2);
    }
    printf("vectors: %ld tokens checked, %ld differ\n", checked, bad);
    return bad;
}

/* The expected token of every (thread, class), made once, its INFO checked. */
static long prepare_classes(void) {
    long bad = 0;
    for (int t = 0; t < THREADS; t++) {
        for (int c = 0; c < CLASSES; c++) {
            input_class *k = &classes[t][c];
            describe_class(k, t, c);
            ksession_error err;
            const ksession_ks *ks = NULL;
            const char *wrong = NULL;
            if (one_shot(k, k->window_start, k->token, &k->token_len, &err) != KSESSION_STATUS_OK) {
                wrong = err.message;
            } else if (ksession_decode(k->token, k->token_len, &ks, &err) != KSESSION_STATUS_OK) {
                wrong = err.message;
            } else {
                wrong = check_fields(ks, k);
            }
            ksession_ks_free(ks);
            if (wrong) {
                fprintf(stderr, "class %d/%d: %s\n", t, c, wrong);
                bad++;
            }
        }
    }
    return bad;
}

int main(int argc, char **argv) {
    if (argc != 3 || (iterations = strtol(argv[1], NULL, 10)) <= 0) {
        fprintf(stderr, "usage: %s ITERATIONS_PER_THREAD VECTOR_FILE\n", argv[0]);
        return 2;
    }
    if (check_vectors(argv[2]) != 0 || prepare_classes() != 0) {
        fprintf(stderr, "setup failed: not starting the soak\n");
        return 1;
    }
    ksession_error err;
    if (ksession_signer_new(SECRET, sizeof SECRET - 1, &signer, &err) != KSESSION_STATUS_OK) {
        fprintf(stderr, "signer: %s\n", err.message);
        return 1;
    }

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++) {
        if (pthread_create(&threads[t], NULL, run, (void *)(intptr_t)t) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    }
    for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    ksession_signer_free(signer);

    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    long total = (long)THREADS * iterations;
    long failed = atomic_load(&mismatches);
    printf("%d threads x %ld iterations: %ld operations (generate + verify) in %.2f s, %.0f ops/s\n", THREADS,
           iterations, total, seconds, (double)total / seconds);
    printf("%ld mismatches\n", failed);
    printf("%ld passed, %ld failed\n", total - failed, failed);
    return failed == 0 ? 0 : 1;
}
