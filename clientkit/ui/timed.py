"""The clock and autosave of an open paper (a chapter 自测 or a timed class paper; issue 10).

The clock runs in the kernel, so it is the server's: it shows the time left every second and calls
``on_time_up`` at the deadline. Answers are saved on the server about a second after the last
change, so a reload, a dropped connection or another device restores them.
"""
from __future__ import annotations

import threading
import time

from clientkit.i18n import t
from clientkit.ui import html

AUTOSAVE_DELAY_S = 1.0


class PaperClock:
    def __init__(self, service, page, clock, on_time_up) -> None:
        self.service = service
        self.page = page
        self.clock = clock  # a StickyHTML: kept in view while the paper scrolls
        self.on_time_up = on_time_up
        self.opened = None
        self.form = None
        self._saver = None

    def start(self, opened, form) -> None:
        """Watch ``form`` for changes and, if the paper has a deadline, start the clock."""
        self.opened, self.form = opened, form
        form.on_change(self._save_soon)
        if opened.deadline is not None:
            self.clock.value = self._text(opened, opened.seconds_left())
            threading.Thread(target=self._tick, args=(opened,), daemon=True).start()

    def stop(self) -> None:
        self.opened = None
        if self._saver is not None:
            self._saver.cancel()
        self.clock.value = ""

    def save_now(self) -> None:
        opened = self.opened
        if opened is not None:
            self.service.save_draft(opened.task_id, self.form.answer())

    def _text(self, opened, left: int) -> str:
        from clientkit.service import local_time

        deadline = local_time(opened.deadline, "%H:%M")
        return html.panel("warn", t("ui.countdown", n=len(opened.task.items), mm=left // 60, ss=f"{left % 60:02d}",
                                    time=deadline))

    def _tick(self, opened) -> None:
        try:
            while self.opened is opened:
                left = opened.seconds_left()
                self.clock.value = self._text(opened, left)
                if left <= 0:
                    self.on_time_up()
                    return
                time.sleep(1)
        except Exception as exc:
            self.page.error(exc)

    def _save_soon(self) -> None:
        if self._saver is not None:
            self._saver.cancel()
        if self.opened is None:
            return
        self._saver = threading.Timer(AUTOSAVE_DELAY_S, self._save, args=(self.opened,))
        self._saver.daemon = True
        self._saver.start()

    def _save(self, opened) -> None:
        try:
            if self.opened is opened:
                self.save_now()
        except Exception as exc:
            self.page.error(exc)
