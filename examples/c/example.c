/*
 * Mints the cached entry-viewing KS of the format's test vector, prints it,
 * then verifies it and reads it back (on stderr).
 *
 *   cc example.c $(pkg-config --cflags --libs ksession) -o example
 */
#include <ksession.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    /* In production the secret comes from a vault or the environment, and
     * `now` is ksession_unix_now(); here both are fixed to give the test
     * vector's token. */
    static const char secret[] = "0123456789abcdef0123456789abcdef";
    static const char entry_id[] = "0_fld1ro3s";
    static const char user_id[] = "Viewer";
    const int64_t now = 1621594000;

    char token[KSESSION_MAX_TOKEN_LEN + 1];
    size_t token_len = 0;
    ksession_error err;
    ksession_status st = ksession_generate_cached_entry_viewing_session(
        secret, strlen(secret), 3000582, entry_id, strlen(entry_id), user_id, strlen(user_id),
        18000 /* expiry */, 600 /* cache */, NULL, 0 /* custom */, KSESSION_ALPHABET_STANDARD, now,
        token, sizeof token, &token_len, &err);
    if (st != KSESSION_STATUS_OK) {
        /* e.g. "invalid_field (entry_id): entry_id contains ',' at byte 5" */
        fprintf(stderr, "%s (%s): %s\n", ksession_status_name((int)st), err.field ? err.field : "-", err.message);
        return 1;
    }
    printf("%s\n", token);

    ksession_str secrets[] = {{secret, strlen(secret)}};
    const ksession_ks *ks = NULL;
    st = ksession_verify(token, token_len, secrets, 1, now, 0, &ks, &err);
    if (st != KSESSION_STATUS_OK) {
        fprintf(stderr, "%s: %s\n", ksession_status_name((int)st), err.message);
        return 1;
    }
    /* The token's strings are {ptr, len}, owned by `ks`. */
    fprintf(stderr, "partner %" PRId64 ", user %.*s, valid until %" PRId64 ", privileges:", ks->partner_id,
            (int)ks->user_id.len, ks->user_id.ptr, ks->valid_until);
    for (size_t i = 0; i < ks->privilege_count; i++) {
        const ksession_privilege *p = &ks->privilege_items[i];
        fprintf(stderr, " [%.*s = %.*s]", (int)p->name.len, p->name.ptr, (int)p->value.len, p->value.ptr);
    }
    fputc('\n', stderr);
    ksession_ks_free(ks);
    return 0;
}
