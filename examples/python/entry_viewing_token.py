"""Prints the cached entry-viewing KS of the format's own example (secret
0123456789abcdef0123456789abcdef, partner 3000582, user Viewer, entry
0_fld1ro3s, expiry 5 hours, cache 10 minutes, at 1621594000); with
--explain, then what verifying it tells and how a hostile entry id is refused.

    pip install ./python        # or the built wheel
    python examples/python/entry_viewing_token.py [--explain]
"""

import sys
import time

import ksession

# The format's public test secret: a real one comes from your configuration, never from code.
SECRET = ksession.AdminSecret("0123456789abcdef0123456789abcdef")
NOW = 1621594000  # fixed to give the format's token; in production leave `now` out (the clock)

# The platform helper's call, unchanged, plus a fixed `now`.
token = ksession.generate_cached_entry_viewing_session(SECRET, "Viewer", "0_fld1ro3s", 3000582, 18000, 600, now=NOW)
print(token)

if "--explain" in sys.argv[1:]:
    ks = ksession.verify(token, SECRET, now=NOW)
    until = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ks.valid_until))
    print(f"partner {ks.partner_id}, user {ks.user_id!r}, {ks.type_name} "
          f"session, valid until {until}, privileges {ks.privileges}")
    try:
        ksession.generate_cached_entry_viewing_session(SECRET, "Viewer", "0_fld1ro3s,*", 3000582)
    except ksession.InvalidField as err:
        print(f"entry id '0_fld1ro3s,*' refused: {err} (field {err.field}, code {err.code})")
