"""Several Python threads minting and verifying at once get exactly the
reference's results; large inputs take the path that releases the GIL."""

import random
import threading

import ksession
import randominputs as ri
import reference

THREADS = 8
PER_THREAD = 500


def _field_of(call):
    try:
        call()
    except ksession.InvalidField as err:
        return err.field
    return None


def _jobs(seed, big):
    """(call, expected) pairs; the expected values come from the reference,
    computed before the threads start."""
    rng = random.Random(seed)
    jobs = []
    for _ in range(PER_THREAD):
        secret, entry_id, partner, now = ri.secret(rng), ri.entry_id(rng), ri.partner_id(rng), ri.now(rng)
        user_id = "u" * reference.MAX_FIELD_LEN if big else ri.safe_text(rng)
        custom = "c" * reference.MAX_FIELD_LEN if big else ri.safe_text(rng)
        token = reference.generate_cached_entry_viewing_session(
            secret, user_id, entry_id, partner, 600, 60, custom, now=now
        )
        valid_until = reference.decode(token)[1]["valid_until"]
        bad_user = ri.with_forbidden(rng, "user_id", user_id)

        def mint(s=secret, u=user_id, e=entry_id, p=partner, c=custom, n=now):
            return ksession.generate_cached_entry_viewing_session(s, u, e, p, 600, 60, c, now=n)

        def check(t=token, s=secret, n=valid_until - 1):
            return ksession.verify(t, [b"other", s], now=n).info

        def refuse(s=secret, u=bad_user):
            return _field_of(lambda: ksession.generate_cached_entry_viewing_session(s, u, "0_x", 1, now=0))

        jobs += [(mint, token), (check, reference.info(token)), (refuse, "user_id")]
    rng.shuffle(jobs)
    return jobs


def _run_threads(big):
    job_lists = [_jobs(1000 + t + (100 if big else 0), big) for t in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS

    def worker(index, jobs):
        barrier.wait()
        results[index] = [(call(), expected) for call, expected in jobs]

    threads = [threading.Thread(target=worker, args=(i, jobs)) for i, jobs in enumerate(job_lists)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = 0
    for per_thread in results:
        assert per_thread is not None
        mismatches = [pair for pair in per_thread if pair[0] != pair[1]]
        assert mismatches == []
        done += len(per_thread)
    return done


def test_threads_small_inputs():
    assert _run_threads(big=False) == THREADS * PER_THREAD * 3


def test_threads_large_inputs_release_the_gil():
    assert _run_threads(big=True) == THREADS * PER_THREAD * 3
