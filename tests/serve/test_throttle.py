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
    for n in range(20):  # four wrong tries on each of five accounts, one address
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
        assert limits.begin(name, f"10.0.0.{len(name)}") == 0
        limits.failed(name, f"10.0.0.{len(name)}")
    assert limits.begin("agent1", "10.9.9.9") == 60


def test_release_frees_a_reservation_without_a_verdict(clock):
    limits = SignInLimits(clock=clock)
    for _ in range(10):
        assert limits.begin("a", "ip") == 0
        limits.release("a", "ip")
    assert limits.accounts.failures("a") == 0


@pytest.mark.parametrize("failures, expected", [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (9, 4.0)])
def test_the_pause_before_a_failure_grows(failures, expected):
    assert delay_s(failures) == expected
