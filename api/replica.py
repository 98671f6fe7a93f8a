"""``chronicle sync``: make this chronicle a replica of another one, over its HTTP API.

The replica reads the other chronicle's feed after its own head (``GET /api/events?after=<head>``) and appends
the same events — same ids, positions, times and hashes — with ``Chronicle.append_replicated``, which checks
that each continues the local hash chain. Cited sources not stored here are fetched whole
(``GET /api/sources/{sha256}``) so that their keys can be checked. Each batch is one transaction, so the
local head is the checkpoint: an interrupted sync resumes where it stopped. Once caught up, the texts attached
there to sources known by their metadata (``GET /api/attachments``: an attachment appends no event) are copied,
and the sources' digest here must equal the one the other's head gives.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from chronicle.application import AttachmentError, Chronicle, ReplicaError, cited_in, listed_attachments

LONG_POLL_SECONDS = 25.0
MAX_BACKOFF_SECONDS = 30.0


class SyncError(Exception):
    """The other chronicle cannot be followed: unreachable, refusing, or not continuing the local chain."""


class Unavailable(SyncError):
    """The other chronicle is unreachable or answered with a server error (it may be restarting)."""


def connect(url: str, token: str | None = None) -> httpx.Client:
    """An HTTP client for the chronicle at ``url``, with its read timeout above the long poll's wait."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    timeout = httpx.Timeout(10.0, read=LONG_POLL_SECONDS + 30.0)
    return httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=timeout)


class Replica:
    """Follows the chronicle behind ``client`` into ``chronicle``."""

    def __init__(
        self,
        chronicle: Chronicle,
        client: httpx.Client,
        *,
        batch: int = 500,
        progress: Callable[[str], None] = lambda _message: None,
    ):
        self.chronicle = chronicle
        self.client = client
        self.batch = batch
        self.progress = progress

    def run(self, *, follow: bool = False) -> int:
        """Copy every event the other chronicle has beyond the local head; with ``follow``, keep waiting for
        more until interrupted. Returns how many events were appended."""
        appended, backoff, checked = 0, 1.0, False
        while True:
            try:
                if not checked:
                    self.check_common_history()
                    checked = True
                count, caught_up = self.step(wait=LONG_POLL_SECONDS if follow else 0.0)
            except Unavailable as exc:
                if not follow:
                    raise
                self.progress(f"{exc}; retrying in {backoff:.0f} s")
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            backoff = 1.0
            appended += count
            if caught_up and not follow:
                return appended

    def check_common_history(self) -> None:
        """Refuse to start when the local events are not the beginning of the other chronicle's."""
        head = self.chronicle.head()
        if head.position == 0:
            return
        page = self._get("/api/events", params={"after": head.position - 1, "limit": 1})
        if not page["events"]:
            raise SyncError(
                f"this chronicle is ahead of {self.client.base_url}"
                f" (position {head.position} here, {page['last_position']} there); it is not a replica of it"
            )
        theirs = page["events"][0]
        if theirs["hash"] != head.hash:
            raise SyncError(f"position {head.position}: the hash here differs from {self.client.base_url}'s")

    def step(self, wait: float = 0.0) -> tuple[int, bool]:
        """Copy one batch; returns how many events it held and whether the local chronicle has caught up."""
        head = self.chronicle.head()
        page = self._get("/api/events", params={"after": head.position, "limit": self.batch, "wait": wait})
        events = page["events"]
        if not events:
            self.catch_up_sources()
            return 0, True
        sources = self._sources({c["source"] for event in events for c in cited_in(event)})
        try:
            summary = self.chronicle.append_replicated(events, sources)
        except ReplicaError as exc:
            raise SyncError(f"position {exc.position}: {exc.reason}") from None
        self.progress(f"synced to position {summary.head_position} of {page['last_position']}")
        caught_up = summary.head_position >= page["last_position"]
        if caught_up:
            self.catch_up_sources()
        return summary.appended, caught_up

    def catch_up_sources(self) -> None:
        """Once caught up: copy the texts attached there since, then check the sources against its head."""
        self.copy_attachments()
        self.check_sources()

    def copy_attachments(self) -> int:
        """Copy the texts the other chronicle attached to sources known by their metadata that are not attached
        here (an attachment appends no event, so the feed does not carry it); a text attached to a source not
        copied yet waits for a later step. Returns how many were copied."""
        listed = listed_attachments(lambda path, params: self._get(path, params=params))
        here = self.chronicle.attached_texts(a["source"] for a in listed)
        missing = set(self.chronicle.records.missing_sources(a["source"] for a in listed))
        wanted = [a for a in listed if a["source"] not in missing and here.get(a["source"]) != a["text_sha256"]]
        items = [{**a, "text": self._get(f"/api/sources/{a['source']}")["text"]} for a in wanted]
        try:
            copied = self.chronicle.copy_attachments(items)
        except AttachmentError as exc:
            raise SyncError(f"{exc} ({self.client.base_url})") from None
        if copied:
            self.progress(f"copied {copied} attached text{'s' if copied != 1 else ''}")
        return copied

    def check_sources(self) -> None:
        """At the same head as the other chronicle, the sources here (their keys and metadata, as digested when
        stored here, and the texts attached to them) must be what its head says it holds: a source rewritten
        there is refused here. A text attached there in between is copied first, once."""
        for attempt in (1, 2):
            theirs = self._get("/api/head")
            ours = self.chronicle.witness()
            if theirs["position"] != ours["position"] or theirs.get("sources_digest") is None:
                return  # it moved on meanwhile (the next step checks), or it does not say
            if (theirs["sources"], theirs["sources_digest"]) == (ours["sources"], ours["sources_digest"]):
                return
            if attempt == 1 and not self.copy_attachments():
                break
        raise SyncError(
            f"the sources copied from {self.client.base_url} do not match its head's digest of them: a source's"
            " metadata or attached text there is not what was recorded (run chronicle verify there)"
        )

    def _sources(self, keys: set[str]) -> dict[str, dict[str, Any]]:
        return {key: self._get(f"/api/sources/{key}") for key in self.chronicle.records.missing_sources(keys)}

    def _get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            response = self.client.get(path, params=params)
        except httpx.TransportError as exc:
            raise Unavailable(f"{self.client.base_url}{path}: {exc!r}") from None
        if response.status_code != 200:
            try:
                body = response.json()
                reason = f"{body.get('error')}: {body.get('detail')}"
            except (ValueError, AttributeError):
                reason = response.text[:200]
            hint = " (give a token with --token)" if response.status_code in (401, 403) else ""
            error = Unavailable if response.status_code >= 500 else SyncError
            raise error(f"{response.request.url}: {response.status_code} {reason}{hint}")
        return response.json()
