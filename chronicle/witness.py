"""``chronicle verify --against URL``: the local chain and sources compared with another chronicle's head.

A chain verified only against itself cannot show that its last events were cut off, or that it was rewritten
and re-hashed from some point on. Another instance is the witness: a replica of this chronicle, or the primary
this one replicates. Its head (``GET /api/head``) is compared with the local chain at the position both hold:
the same hash there means the same events up to it; at equal heads the sources' digests must agree too. A
witness that is ahead means events it saw recorded are missing here — unless this chronicle is the replica and
may lag (``may_lag``).
"""

from __future__ import annotations

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
            return Comparison(**result, reason=(
                f"the sources differ from {url}'s ({ours['sources']} here, {theirs['sources']} there,"
                " or their metadata)"
            ))
    return Comparison(**result)
