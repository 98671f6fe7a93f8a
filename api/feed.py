"""Long polls of the event feed: wait for the next append, whoever makes it.

Appends made through this server wake the waiting requests at once (:meth:`FeedSignal.notify`); appends made
elsewhere (the CLI, another server process, ``chronicle sync``) are seen at the next check of the database,
at most :data:`RECHECK_SECONDS` later.
"""

from __future__ import annotations

import threading

RECHECK_SECONDS = 1.0


class FeedSignal:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._generation = 0
        self.waiting = 0  # requests waiting right now (tests watch it)

    @property
    def generation(self) -> int:
        """Read before reading the feed; pass to :meth:`wait` so an append in between is not missed."""
        return self._generation

    def notify(self) -> None:
        with self._changed:
            self._generation += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> None:
        """Block until an append after generation ``seen`` is notified, or for ``timeout`` seconds at most."""
        with self._changed:
            self.waiting += 1
            try:
                self._changed.wait_for(lambda: self._generation != seen, min(timeout, RECHECK_SECONDS))
            finally:
                self.waiting -= 1
