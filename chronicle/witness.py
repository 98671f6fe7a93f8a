"""``chronicle verify --against URL``: the local chain and sources compared with another chronicle's head.

A chain verified only against itself cannot show that its last events were cut off, or that it was rewritten
and re-hashed from some point on. Another instance is the witness: a replica of this chronicle, or the primary
this one replicates. Its head (``GET /api/head``) is compared with the local chain at the position both hold:
the same hash there means the same events up to it; at equal heads the sources' digests (keys, metadata and the
texts attached to sources later) must agree too, and an attached text that differs is named. A
witness that is ahead means events it saw recorded are missing here — unless this chronicle is the replica and
may lag (``may_lag``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Comparison:
    url: str
    local_position: int
    remote_position: int
    compared_at: int  # the position both chains hold (0: nothing in common to compare)
    sources_compared: bool
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "ok": self.ok,
            "local_position": self.local_position,
            "remote_position": self.remote_position,
            "compared_at": self.compared_at,
            "sources_compared": self.sources_compared,
            "reason": self.reason,
        }


class WitnessError(Exception):
    """The other chronicle could not be asked (unreachable, refusing, not a chronicle)."""


def _get(client: Any, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    import httpx

    try:
        response = client.get(path, params=params)
    except httpx.HTTPError as exc:
        raise WitnessError(f"{client.base_url}{path}: {exc!r}") from None
    if response.status_code != 200:
        raise WitnessError(f"{response.request.url}: {response.status_code} {response.text[:200]}")
    return response.json()


def compare(
    chronicle: Any, url: str, *, token: str | None = None, may_lag: bool = False, client: Any = None
) -> Comparison:
    """Compare the local chronicle with the head of the one at ``url`` (or behind an HTTP ``client``)."""
    if client is None:
        import httpx

        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=30.0) as own:
            return compare(chronicle, url, may_lag=may_lag, client=own)
    theirs = _get(client, "/api/head")
    ours = chronicle.witness()
    here, there = ours["position"], theirs["position"]
    common = min(here, there)
    result = dict(url=url, local_position=here, remote_position=there, compared_at=common,
                  sources_compared=False)
    if common > 0:
        local_hash = ours["hash"] if common == here else chronicle.witness(common)["hash"]
        remote_hash = theirs["hash"] if common == there else _get(client, "/api/head", {"at": common})["hash"]
        if local_hash != remote_hash:
            return Comparison(**result, reason=f"position {common}: the hash here differs from {url}'s")
    if there > here and not may_lag:
        return Comparison(**result, reason=(
            f"{url} is ahead (position {there} there, {here} here): events it saw recorded are missing here"
        ))
    if here == there and theirs.get("sources_digest") is not None:
        result["sources_compared"] = True
        if (theirs["sources"], theirs["sources_digest"]) != (ours["sources"], ours["sources_digest"]):
            return Comparison(**result, reason=_attached_differs(chronicle, client, url) or (
                f"the sources differ from {url}'s ({ours['sources']} here, {theirs['sources']} there,"
                " or their metadata)"
            ))
    return Comparison(**result)


def listed_attachments(get: Callable[[str, dict[str, Any]], dict[str, Any]]) -> list[dict[str, Any]]:
    """Every entry of another chronicle's ``GET /api/attachments``, page by page (``get(path, params)``)."""
    listed: list[dict[str, Any]] = []
    after = None
    while True:
        page = get("/api/attachments", {"limit": 1000, **({"after": after} if after else {})})
        listed.extend(page["attachments"])
        after = page["next_after"]
        if after is None:
            return listed


def _attached_differs(chronicle: Any, client: Any, url: str) -> str | None:
    """The first source whose attached text (its SHA-256 and time) differs from the other's, named; None when
    they agree (the sources' metadata differ then) or the other lists none."""
    try:
        theirs = {a["source"]: (a["text_sha256"], a["recorded_at"])
                  for a in listed_attachments(lambda path, params: _get(client, path, params))}
    except WitnessError:
        return None
    ours = {a["source"]: (a["text_sha256"], a["recorded_at"]) for a in chronicle.attachments()}
    for key in sorted(set(theirs) | set(ours)):
        if key not in theirs:
            return f"source {key}: a text is attached to it here, but not at {url}"
        if key not in ours:
            return f"source {key}: a text is attached to it at {url}, but not here"
        if theirs[key][0] != ours[key][0]:
            return (f"source {key}: the text attached to it here (SHA-256 {ours[key][0]}) is not the one {url}"
                    f" holds ({theirs[key][0]})")
        if theirs[key] != ours[key]:
            return (f"source {key}: the text attached to it here was attached at {ours[key][1]}, at {url} at"
                    f" {theirs[key][1]}")
    return None
