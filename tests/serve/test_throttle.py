"""clientkit.serve.throttle: per-account and per-address limits with a fake clock."""
import pytest

from clientkit.serve.throttle import SignInLimits, Throttle, delay_s


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def fail(throttle, key, n):
    for _ in range(n):
        assert throttle.begin(key) == 0
        throttle.failed(key)


def test_five_failures_lock_for_a_minute_then_twice_as_long(clock):
    t = Throttle(5, base_lock_s=60, max_lock_s=900, window_s=900, clock=clock)
    fail(t, "a", 4)
    assert t.retry_after("a") == 0
    fail(t, "a", 1)
    assert t.retry_after("a") == 60
    assert t.begin("a") == 60  # refused, nothing reserved
    clock.now += 59
    assert t.retry_after("a") == pytest.approx(1)
    clock.now += 1
    fail(t, "a", 5)  # the second lock doubles
    assert t.retry_after("a") == 120
    clock.now += 120
    fail(t, "a", 5)
    assert t.retry_after("a") == 240
    for _ in range(5):
        clock.now += t.retry_after("a")
        fail(t, "a", 5)
    assert t.retry_after("a") == 900  # capped at 15 minutes


def test_checks_under_way_count_so_a_burst_is_refused_before_hashing(clock):
    t = Throttle(5, clock=clock)
    granted = [t.begin("a") == 0 for _ in range(200)]
    assert granted.count(True) == 5
    for _ in range(5):
        t.failed("a")
    assert t.retry_after("a") == 60


def test_success_clears_an_account_and_old_failures_age_out(clock):
    t = Throttle(5, window_s=900, clock=clock)
    fail(t, "a", 4)
    t.begin("a")
    t.succeeded("a")
    fail(t, "a", 4)
    assert t.retry_after("a") == 0
    clock.now += 901
    fail(t, "a", 4)  # the first four aged out
    assert t.retry_after("a") == 0 and t.failures("a") == 4


def test_keys_are_independent(clock):
    t = Throttle(5, clock=clock)
    fail(t, "a", 5)
    assert t.retry_after("a") > 0 and t.retry_after("b") == 0


def test_address_limit_spans_accounts_and_is_not_reset_by_a_success(clock):
    limits = SignInLimits(clock=clock)
    for n in range(100):  # four wrong tries on each of 25 accounts, one address (password spraying)
        user = f"user{n // 4}"
        assert limits.begin(user, "10.0.0.9") == 0
        limits.failed(user, "10.0.0.9")
    assert limits.begin("someone_else", "10.0.0.9") > 0
    assert limits.begin("someone_else", "10.0.0.10") == 0  # another address may try
    limits.succeeded("someone_else", "10.0.0.10")
    assert limits.begin("someone_else", "10.0.0.9") > 0


def test_account_names_are_compared_case_blind(clock):
    limits = SignInLimits(clock=clock)
    for name in ("Agent1", "agent1 ", "AGENT1", "agent1", "aGent1"):
        assert limits.begin(name, "10.0.0.1") == 0
        limits.failed(name, "10.0.0.1")
    assert limits.begin("agent1", "10.0.0.1") == 60


def test_a_classroom_behind_one_address_signs_in_together_and_one_users_typos_lock_only_them(clock):
    """Issue 10: 40 agents behind one NAT address press 登录 in the same second (40 checks under
    way), 39 of them mistype twice first; nobody is refused. agent0, who mistypes five times, is
    locked at that address; the others still sign in."""
    limits = SignInLimits(clock=clock)
    room = "203.0.113.7"
    agents = [f"agent{n}" for n in range(40)]
    assert all(limits.begin(a, room) == 0 for a in agents)  # all at once
    for a in agents[1:]:
        limits.failed(a, room)
    limits.failed(agents[0], room)
    for a in agents[1:]:  # a second typo each: 2 × 39 + 1 = 79 failures from the room
        assert limits.begin(a, room) == 0
        limits.failed(a, room)
    for _ in range(4):
        assert limits.begin(agents[0], room) == 0
        limits.failed(agents[0], room)  # agent0's fifth failure
    assert limits.begin(agents[0], room) == 60
    for a in agents[1:]:
        assert limits.begin(a, room) == 0
        limits.succeeded(a, room)


def test_one_account_guessed_from_many_addresses_locks_after_twenty(clock):
    limits = SignInLimits(clock=clock)
    for n in range(20):  # four addresses × five guesses: each address locked, then the account
        address = f"10.1.0.{n // 5}"
        assert limits.begin("boss", address) == 0
        limits.failed("boss", address)
    assert limits.begin("boss", "10.1.0.99") == 60  # a fresh address is refused too
    assert limits.begin("agent1", "10.1.0.99") == 0


def test_a_burst_on_one_account_from_one_address_reaches_the_hasher_five_times(clock):
    """Attack review A16: 200 concurrent wrong passwords for one account — 5 are checked, the
    rest refused before any hashing; then the account is locked at that address."""
    limits = SignInLimits(clock=clock)
    granted = [limits.begin("agent1", "127.0.0.1") == 0 for _ in range(200)]
    assert granted.count(True) == 5
    for _ in range(5):
        limits.failed("agent1", "127.0.0.1")
    assert limits.begin("agent1", "127.0.0.1") == 60


def test_release_frees_a_reservation_without_a_verdict(clock):
    limits = SignInLimits(clock=clock)
    for _ in range(10):
        assert limits.begin("a", "ip") == 0
        limits.release("a", "ip")
    assert limits.accounts.failures("a") == 0 and limits.pairs.failures("ip\na") == 0


@pytest.mark.parametrize("failures, expected", [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (9, 4.0)])
def test_the_pause_before_a_failure_grows(failures, expected):
    assert delay_s(failures) == expected
