"""The server's own CPU per page and per kernel message, cut where Voila and jupyter_server spend
it for nothing (issue 11: one server process, one core, a class of 50 opening pages together).

Measured with py-spy on ``clientkit serve`` while 20 agents opened 首页 at once
(benchmarks/bench_classroom.py): a quarter of the server's CPU went to jupyter_server's activity
watcher, which fully decodes every IOPub message of every kernel (HMAC check, date parsing) just
to note the time; a sixth to Jinja compiling Voila's page template anew for every request (Voila
makes a new exporter, so a new Jinja environment, per page); 5 % to debug log records built and
then dropped (traitlets sets the application's logger to DEBUG and filters in the handler).

- :class:`TemplateBytecodeCache`: compiled templates kept in memory, shared by every page's
  environment (:func:`share_template_cache`). Jinja checks the source's checksum on every load,
  so an edited template is still compiled anew.
- :func:`activity_recorder`: what ``MappingKernelManager.start_watching_activity`` records
  (last activity, execution state from ``status`` messages), read from the header frames alone
  with plain JSON. Its signature is not checked: the record only moves the idle timer of the
  culler, never what a user sees, and the websocket path still checks every message it relays.
- :func:`quiet_debug_logging`: the application's logger at the level it logs at.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from jupyter_server._tz import utcnow


class TemplateBytecodeCache(BytecodeCache):
    """Jinja bytecode kept in this process's memory (a handful of templates)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


TEMPLATE_CACHE = TemplateBytecodeCache()


def share_template_cache() -> None:
    """Give every Voila page's Jinja environment :data:`TEMPLATE_CACHE` (idempotent)."""
    from voila.exporter import VoilaExporter

    if getattr(VoilaExporter._create_environment, "_clientkit_cached", False):
        return
    create = VoilaExporter._create_environment

    def _create_environment(self):
        environment = create(self)
        environment.bytecode_cache = TEMPLATE_CACHE
        return environment

    _create_environment._clientkit_cached = True
    VoilaExporter._create_environment = _create_environment


def activity_recorder(manager: Any, kernel_id: str, kernel: Any) -> Callable[[list], None]:
    """The IOPub callback of :meth:`WarmPool.start_watching_activity` for one kernel."""
    feed = kernel.session.feed_identities
    tracked = manager.track_message_type

    def record_activity(msg_list: list) -> None:
        try:
            _idents, parts = feed(msg_list)
            header = json.loads(parts[1])
            parent = json.loads(parts[2])
        except (ValueError, IndexError, TypeError):
            return
        msg_type = header.get("msg_type")
        parent_type = parent.get("msg_type") if isinstance(parent, dict) else None
        if tracked(msg_type) or tracked(parent_type) or kernel.execution_state == "busy":
            manager.last_kernel_activity = kernel.last_activity = utcnow()
        if msg_type == "status":
            try:
                state = json.loads(parts[4])["execution_state"]
            except (ValueError, IndexError, KeyError, TypeError):
                return
            if tracked(parent_type):
                kernel.execution_state = state
            elif kernel.execution_state == "starting" and state != "starting":
                kernel.execution_state = "idle"

    return record_activity


def quiet_debug_logging(log: logging.Logger, level: int | str) -> None:
    """Set ``log`` itself to ``level`` so that debug calls return before building a record."""
    log.setLevel(level)
