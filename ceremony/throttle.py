"""Throttling of sign-in attempts: sliding-window limits, a bounded pool for password
checks, and flood counts audited once a minute.

Pure Python (no Streamlit, no database): the sign-in routes (`ceremony.ui.server.signin`)
hold one `Guard` per server and ask it before any check runs.

- `Limits`: at most `limit` attempts per `seconds` (a sliding window) per client address
  and per account name, separately for passwords and for second-factor codes (TOTP and
  recovery codes). A refused attempt costs nothing: no hash, no database write.
- `CheckPool`: password checks (argon2 with 64 MiB each) run in their own executor with
  one thread per core; at most as many again wait in its queue. Beyond that an attempt
  is refused at once (`Busy`), so a flood never holds more than `workers` hashes in
  memory nor fills the thread pool that serves signed-in users.
- `FloodLog`: refused attempts are counted per minute and client address; `drain` gives
  the finished minutes as (minute, address, kind, count) for one audit entry each.

Every structure is bounded (`MAX_KEYS`), so a flood of addresses or names cannot fill
the memory. Times are `time.monotonic()` unless a test passes `now`.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections import OrderedDict, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

MAX_KEYS = 50_000  # addresses or names followed per window; the oldest go first


@dataclass(frozen=True)
class Rule:
    """At most `limit` attempts in any `seconds`."""

    limit: int
    seconds: float


# attempts per client address and per account (name, or the pending account for codes)
RULES: dict[str, dict[str, Rule]] = {
    "password": {"address": Rule(20, 300), "account": Rule(10, 900)},
    "code": {"address": Rule(20, 300), "account": Rule(10, 900)},
}


class SlidingWindow:
    """Attempt times per key within the last `rule.seconds`; refuses beyond `rule.limit`."""

    def __init__(self, rule: Rule, max_keys: int = MAX_KEYS):
        self.rule = rule
        self.max_keys = max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str, now: float) -> float:
        """Seconds until `key` may try again (0: it may now)."""
        hits = self._hits.get(key)
        if hits is None:
            return 0.0
        while hits and hits[0] <= now - self.rule.seconds:
            hits.popleft()
        if len(hits) < self.rule.limit:
            return 0.0
        return hits[0] + self.rule.seconds - now

    def add(self, key: str, now: float) -> None:
        """Count one attempt of `key`."""
        hits = self._hits.pop(key, None) or deque()
        hits.append(now)
        self._hits[key] = hits  # most recently used last
        while len(self._hits) > self.max_keys:
            self._hits.popitem(last=False)


class Limits:
    """The windows of `RULES`: one per kind of attempt and per address or account."""

    def __init__(self, rules: dict[str, dict[str, Rule]] | None = None):
        self._lock = threading.Lock()
        self._windows = {
            (kind, scope): SlidingWindow(rule)
            for kind, scopes in (rules or RULES).items()
            for scope, rule in scopes.items()
        }

    def admit(self, kind: str, address: str, account: str, now: float | None = None) -> float:
        """Count one attempt and return 0, or return the seconds to wait (nothing counted).

        `kind` is "password" or "code"; `account` the normalised name or the account id.
        """
        now = time.monotonic() if now is None else now
        keys = {"address": address, "account": account}
        with self._lock:
            windows = [(w, keys[scope]) for (k, scope), w in self._windows.items() if k == kind]
            wait = max((w.retry_after(key, now) for w, key in windows), default=0.0)
            if wait > 0:
                return wait
            for window, key in windows:
                window.add(key, now)
        return 0.0


class Busy(Exception):
    """Every password-check slot and its queue are taken: refuse the attempt now."""


class CheckPool:
    """An executor for costly checks with `workers` threads and a queue of `queued`."""

    def __init__(self, workers: int | None = None, queued: int | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.capacity = self.workers + (self.workers if queued is None else queued)
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="password-check")
        self._lock = threading.Lock()
        self.in_use = 0

    async def run(self, func, *args):
        """`func(*args)` in the pool's own threads; `Busy` at once when it is full."""
        with self._lock:
            if self.in_use >= self.capacity:
                raise Busy
            self.in_use += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, func, *args)
        finally:
            with self._lock:
                self.in_use -= 1


@dataclass
class FloodLog:
    """Refused attempts per minute, client address and kind, for one audit entry each."""

    max_keys: int = MAX_KEYS
    _counts: dict[tuple[int, str, str], int] = field(default_factory=dict)
    _minutes: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, address: str, kind: str, now: float | None = None) -> bool:
        """Count one refused attempt; True for the first of its minute (schedule one drain)."""
        minute = int((time.time() if now is None else now) // 60)
        key = (minute, address, kind)
        with self._lock:
            first = minute not in self._minutes
            self._minutes.add(minute)
            if key not in self._counts and len(self._counts) >= self.max_keys:
                key = (minute, "*", kind)  # too many addresses: count the rest together
            self._counts[key] = self._counts.get(key, 0) + 1
        return first

    def drain(self, now: float | None = None, everything: bool = False) -> list[tuple[int, str, str, int]]:
        """The counts of finished minutes (all with `everything`), removed from the log:
        (minute since the epoch, client address, kind, count)."""
        current = int((time.time() if now is None else now) // 60)
        with self._lock:
            done = [key for key in self._counts if everything or key[0] < current]
            self._minutes = {m for m in self._minutes if not everything and m >= current}
            return [(*key, self._counts.pop(key)) for key in sorted(done)]


class Guard:
    """What the sign-in routes of one server share: the limits, the pool, the flood log."""

    def __init__(self, limits: Limits | None = None, pool: CheckPool | None = None):
        self.limits = limits or Limits()
        self.pool = pool or CheckPool()
        self.floods = FloodLog()
