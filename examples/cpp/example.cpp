// Mints the cached entry-viewing KS of the format's test vector, prints it,
// then verifies it and reads it back (on stderr), with a small C++17 wrapper:
// exceptions for statuses, std::string_view arguments, RAII for owned values.
//
//   c++ -std=c++17 example.cpp $(pkg-config --cflags --libs ksession) -o example
#include <ksession.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ks {

// A failed call: the status, the field at fault ("" when none) and the message.
class Error : public std::runtime_error {
public:
    explicit Error(const ksession_error &e)
        : std::runtime_error(e.message), status(e.status), field(e.field ? e.field : "") {}
    ksession_status status;
    std::string field;
};

inline void check(ksession_status st, const ksession_error &e) {
    if (st != KSESSION_STATUS_OK) throw Error(e);
}

inline std::string_view view(ksession_str s) { return {s.ptr, s.len}; }

struct KsFree {
    void operator()(const ksession_ks *k) const { ksession_ks_free(k); }
};
using Ks = std::unique_ptr<const ksession_ks, KsFree>;

// Holds the admin secret; the library wipes it when the signer is destroyed.
class Signer {
public:
    explicit Signer(std::string_view secret) {
        ksession_signer *s = nullptr;
        ksession_error e;
        check(ksession_signer_new(secret.data(), secret.size(), &s, &e), e);
        signer_.reset(s);
    }

    std::string cached_entry_viewing_session(int64_t partner_id, std::string_view entry_id,
                                             std::string_view user_id, int64_t expiry, int64_t cache,
                                             int64_t now = ksession_unix_now()) const {
        std::string token(KSESSION_MAX_TOKEN_LEN + 1, '\0');
        size_t len = 0;
        ksession_error e;
        check(ksession_signer_generate_cached_entry_viewing_session(
                  signer_.get(), partner_id, entry_id.data(), entry_id.size(), user_id.data(), user_id.size(),
                  expiry, cache, nullptr, 0, KSESSION_ALPHABET_STANDARD, now, token.data(), token.size(), &len, &e),
              e);
        token.resize(len);
        return token;
    }

    Ks verify(std::string_view token, int64_t now = ksession_unix_now(), uint32_t leeway = 0) const {
        const ksession_ks *k = nullptr;
        ksession_error e;
        check(ksession_signer_verify(signer_.get(), token.data(), token.size(), now, leeway, &k, &e), e);
        return Ks(k);
    }

private:
    struct SignerFree {
        void operator()(ksession_signer *s) const { ksession_signer_free(s); }
    };
    std::unique_ptr<ksession_signer, SignerFree> signer_;
};

}  // namespace ks

int main() {
    try {
        // In production: the secret from a vault, and the default `now` (the system clock).
        const int64_t now = 1621594000;
        ks::Signer signer("0123456789abcdef0123456789abcdef");
        std::string token = signer.cached_entry_viewing_session(3000582, "0_fld1ro3s", "Viewer", 18000, 600, now);
        std::cout << token << '\n';

        ks::Ks k = signer.verify(token, now);
        std::cerr << "partner " << k->partner_id << ", user " << ks::view(k->user_id) << ", valid until "
                  << k->valid_until << ", privileges " << ks::view(k->privileges) << '\n';

        try {
            signer.cached_entry_viewing_session(3000582, "0_x,*", "Viewer", 18000, 600, now);
        } catch (const ks::Error &e) {
            std::cerr << "refused as expected: " << e.field << ": " << e.what() << '\n';
        }
    } catch (const ks::Error &e) {
        std::cerr << ksession_status_name(e.status) << ": " << e.what() << '\n';
        return 1;
    }
    return 0;
}
