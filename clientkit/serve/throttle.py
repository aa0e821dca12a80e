"""Failed sign-ins are throttled per account at one address, per account and per client
address (issue 15 §1; issue 10: a classroom signs in from one NAT address).

A :class:`Throttle` counts, per key, the failures in the last :attr:`window_s` seconds and the
checks under way. A key is refused (HTTP 429, a Chinese message) while
``failures + in_flight >= limit`` or while it is locked; the :attr:`limit`-th failure locks it
for ``base_lock_s``, and every later lock of the same key doubles, up to ``max_lock_s``. Counting
checks under way is what stops a burst: 200 concurrent guesses reach the password hasher at
most ``limit`` times, the rest are refused before any hashing. Before the lock, each failure
is answered after a growing delay (:meth:`delay_s`: 0.5 s, 1 s, 2 s, …).

:class:`SignInLimits` keeps three throttles (numbers in docs/decisions.md, "Sign-in throttle
for a classroom"): an account name *at one address* (5: a user's own typos lock only that
user), an account name from any address (20: guessing one account from many addresses) and an
address for every name (100: a whole class behind one NAT address signs in at once and makes
its typos; spraying one password over many names from one address still stops).

Success clears an account's failures and lock level; an address's count only ages out, so
signing in to one's own account does not reset a guessing run from the same address. The
state is in the server process's memory: a restart forgets it (the server is one process).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

# Per account at one address: 5 failures, then a lock of 60 s, 120 s, … up to 15 min.
ACCOUNT_LIMIT = 5
# Per account from every address together (a guesser with many addresses).
ACCOUNT_ANY_ADDRESS_LIMIT = 20
# Per client address, every account together: a classroom of up to ~60 behind one NAT address
# signs in at once (checks under way count) and makes its typos without being locked out.
ADDRESS_LIMIT = 100
BASE_LOCK_S = 60.0
MAX_LOCK_S = 900.0
WINDOW_S = 900.0
BASE_DELAY_S = 0.5
MAX_DELAY_S = 4.0
_PRUNE_AT = 10_000


@dataclass
class _Entry:
    failures: int = 0
    in_flight: int = 0
    locks: int = 0
    locked_until: float = 0.0
    last: float = 0.0


class Throttle:
    """Failure counts and locks for one kind of key (account names or client addresses)."""

    def __init__(self, limit: int, *, base_lock_s: float = BASE_LOCK_S, max_lock_s: float = MAX_LOCK_S,
                 window_s: float = WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.base_lock_s = base_lock_s
        self.max_lock_s = max_lock_s
        self.window_s = window_s
        self.clock = clock
        self._entries: dict[str, _Entry] = {}

    def _entry(self, key: str) -> _Entry:
        now = self.clock()
        entry = self._entries.get(key)
        if entry is not None and entry.failures and now - entry.last > self.window_s:
            entry.failures = 0
        if entry is None:
            if len(self._entries) >= _PRUNE_AT:
                self._prune(now)
            entry = self._entries[key] = _Entry(last=now)
        return entry

    def _prune(self, now: float) -> None:
        stale = [k for k, e in self._entries.items()
                 if not e.in_flight and e.locked_until <= now and now - e.last > self.window_s]
        for key in stale:
            del self._entries[key]

    def retry_after(self, key: str) -> float:
        """Seconds before ``key`` may try again (0: it may try now)."""
        entry = self._entry(key)
        now = self.clock()
        if entry.locked_until > now:
            return entry.locked_until - now
        if entry.failures + entry.in_flight >= self.limit:
            return max(self.base_lock_s, 1.0)
        return 0.0

    def begin(self, key: str) -> float:
        """Reserve a check for ``key``: returns 0 and counts it as under way, or the seconds to
        wait when refused (then nothing is counted). Pair with :meth:`failed` or
        :meth:`succeeded`."""
        wait = self.retry_after(key)
        if wait <= 0:
            self._entry(key).in_flight += 1
        return wait

    def failed(self, key: str) -> None:
        """A reserved check failed: count it, and lock the key at the limit."""
        entry = self._entry(key)
        entry.in_flight = max(0, entry.in_flight - 1)
        entry.failures += 1
        entry.last = self.clock()
        if entry.failures >= self.limit:
            entry.locked_until = entry.last + min(self.base_lock_s * 2 ** entry.locks, self.max_lock_s)
            entry.locks += 1
            entry.failures = 0

    def succeeded(self, key: str, *, forget: bool = True) -> None:
        """A reserved check passed (or ended without a verdict when ``forget`` is False:
        only the reservation is released)."""
        entry = self._entry(key)
        entry.in_flight = max(0, entry.in_flight - 1)
        if forget:
            entry.failures = entry.locks = 0
            entry.locked_until = 0.0

    def failures(self, key: str) -> int:
        """Failures of ``key`` since its last lock (within the window)."""
        return self._entry(key).failures


def delay_s(failures: int, base: float = BASE_DELAY_S) -> float:
    """The pause before answering the ``failures``-th failure in a row: base, 2×base, 4×base, …"""
    return min(base * 2 ** max(failures - 1, 0), MAX_DELAY_S)


class SignInLimits:
    """The server's three throttles: per account at an address (``pairs``), per account
    (``accounts``) and per client address (``addresses``)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, **overrides) -> None:
        pair_limit = overrides.pop("account_limit", ACCOUNT_LIMIT)
        account_limit = overrides.pop("account_any_address_limit", ACCOUNT_ANY_ADDRESS_LIMIT)
        address_limit = overrides.pop("address_limit", ADDRESS_LIMIT)
        self.pairs = Throttle(pair_limit, clock=clock, **overrides)
        self.accounts = Throttle(account_limit, clock=clock, **overrides)
        self.addresses = Throttle(address_limit, clock=clock, **overrides)

    @staticmethod
    def _keys(username: str, address: str) -> tuple[str, str]:
        account = username.strip().lower()
        return account, f"{address}\n{account}"  # a newline is in neither an address nor a name

    def begin(self, username: str, address: str) -> float:
        """0 and all three reserved, or the seconds to wait (nothing reserved)."""
        account, pair = self._keys(username, address)
        wait = max(self.pairs.retry_after(pair), self.accounts.retry_after(account),
                   self.addresses.retry_after(address))
        if wait > 0:
            return wait
        self.pairs.begin(pair)
        self.accounts.begin(account)
        self.addresses.begin(address)
        return 0.0

    def failed(self, username: str, address: str) -> int:
        """Count a failure for all three; returns the account's failures at this address since
        its last lock (for the growing pause)."""
        account, pair = self._keys(username, address)
        self.pairs.failed(pair)
        self.accounts.failed(account)
        self.addresses.failed(address)
        return max(self.pairs.failures(pair), 1)

    def succeeded(self, username: str, address: str) -> None:
        account, pair = self._keys(username, address)
        self.pairs.succeeded(pair)
        self.accounts.succeeded(account)
        self.addresses.succeeded(address, forget=False)

    def release(self, username: str, address: str) -> None:
        """The check ended without a verdict (the store was unreachable): free the reservation."""
        account, pair = self._keys(username, address)
        self.pairs.succeeded(pair, forget=False)
        self.accounts.succeeded(account, forget=False)
        self.addresses.succeeded(address, forget=False)
