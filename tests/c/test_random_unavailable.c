/*
 * KSESSION_STATUS_RANDOM_UNAVAILABLE: this program defines getrandom() and
 * is linked with -rdynamic, so the library's lookup of getrandom finds this
 * one, which fails as a broken or exhausted generator would. A KS v2 then
 * cannot be minted with random bytes; a plain KS v1 falls back to the time,
 * as the official clients' rand() does; nothing that needs no randomness changes.
 */
#define _GNU_SOURCE
#include "ksession.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

static int calls;

ssize_t getrandom(void *buf, size_t len, unsigned int flags);
ssize_t getrandom(void *buf, size_t len, unsigned int flags) {
    (void)buf;
    (void)flags;
    calls++;
    if (len == 0) {
        return 0; /* the probe: "the call exists" */
    }
    errno = EIO;
    return -1;
}

static int passed, failed;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (cond) {                                                          \
            passed++;                                                        \
        } else {                                                             \
            failed++;                                                        \
            fprintf(stderr, "FAIL %s:%d: (%s) ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
        }                                                                    \
    } while (0)

#define SECRET "0123456789abcdef0123456789abcdef"
#define S(lit) lit, (sizeof(lit) - 1)

int main(void) {
    char buf[1024];
    size_t len = 0;
    ksession_error e;
    static const char message[] = "the operating system's random generator failed";

    ksession_status st = ksession_generate_session_v2(S(SECRET), 1, 2, S("u"), S("*"), 600, NULL, S(""), 1000, buf,
                                                      sizeof buf, &len, &e);
    CHECK(st == KSESSION_STATUS_RANDOM_UNAVAILABLE && e.status == st, "status %s", ksession_status_name((int)st));
    CHECK(e.field == NULL && strcmp(e.message, message) == 0, "message %s", e.message);
    CHECK(strcmp(ksession_status_name((int)st), "random_unavailable") == 0, "name");
    CHECK(calls >= 2, "getrandom called %d times: the override is not the one used", calls);

    ksession_signer *signer = NULL;
    CHECK(ksession_signer_new(S(SECRET), &signer, NULL) == KSESSION_STATUS_OK, "signer");
    st = ksession_signer_generate_session_v2(signer, 1, 2, S("u"), S("*"), 600, NULL, S(""), 1000, buf, sizeof buf,
                                             &len, &e);
    CHECK(st == KSESSION_STATUS_RANDOM_UNAVAILABLE && strcmp(e.message, message) == 0, "signer: %s", e.message);

    /* What needs no randomness still works; a plain v1 falls back to the time. */
    static const uint8_t random[16] = {0};
    CHECK(ksession_signer_generate_session_v2_with_random(signer, 1, 2, S("u"), S("*"), 600, NULL, S(""), 1000,
                                                          random, buf, sizeof buf, &len, &e) == KSESSION_STATUS_OK,
          "v2 with given bytes: %s", e.message);
    CHECK(ksession_signer_generate_cached_session_v2(signer, 1, 2, S("u"), S("*"), 600, 60, S(""), 1000, buf,
                                                     sizeof buf, &len, &e) == KSESSION_STATUS_OK,
          "cached v2: %s", e.message);
    CHECK(ksession_generate_session(S(SECRET), 1, 2, S("u"), S("*"), 600, NULL, S(""), KSESSION_LAYOUT_SERVER,
                                    KSESSION_ALPHABET_STANDARD, 1000, buf, sizeof buf, &len,
                                    &e) == KSESSION_STATUS_OK,
          "v1: %s", e.message);
    ksession_signer_free(signer);

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
