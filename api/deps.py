"""Dependencies of the routes: the chronicle and the feed signal from ``app.state``, appends, and tokens.

Writes need ``Authorization: Bearer <write token>``: missing is 401, not a write token is 403, and with no
write token configured at all every write is refused (403). Reads are public unless ``CHRONICLE_READ_TOKEN``
is set; then they need a read or a write token.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError, invalid
from api.feed import FeedSignal
from chronicle.application import Chronicle
from chronicle.tokens import TokenStore

bearer = HTTPBearer(auto_error=False, description="A token from CHRONICLE_API_TOKENS or `chronicle token create`.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


# Dependencies that do no blocking work are ``async``: FastAPI runs a plain ``def`` dependency in its thread
# pool, one hop per dependency and request, which costs more than the work itself.


async def get_chronicle(request: Request) -> Chronicle:
    return request.app.state.chronicle


async def get_signal(request: Request) -> FeedSignal:
    return request.app.state.feed_signal


ChronicleDep = Annotated[Chronicle, Depends(get_chronicle)]
SignalDep = Annotated[FeedSignal, Depends(get_signal)]

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="Makes a retried append of one event safe: same key, same event."),
]


# --- tokens --------------------------------------------------------------------------------------------------


def _check(tokens: TokenStore, credentials: HTTPAuthorizationCredentials | None, scope: str) -> None:
    if credentials is None:
        raise ApiError(
            401,
            "unauthorized",
            f"this needs a {scope} token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not tokens.allows(credentials.credentials, scope):
        raise ApiError(403, "forbidden", f"the token does not allow {scope}s")


def check_write(request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    """The write rule. Tokens from the environment are checked in memory; a stored token costs one indexed read."""
    tokens: TokenStore = request.app.state.tokens
    if not tokens.writes_configured():
        raise ApiError(
            403,
            "forbidden",
            "writes are disabled: no write token is configured"
            " (set CHRONICLE_API_TOKENS or run `chronicle token create NAME`)",
        )
    _check(tokens, credentials, "write")


def writer_name(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    """The write rule, and the name of the token that passed it (who decided, in the review queue)."""
    check_write(request, credentials)
    return request.app.state.tokens.name_of(credentials.credentials) or "write token"


def check_read(request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    if request.app.state.settings.read_token is None:
        return
    _check(request.app.state.tokens, credentials, "read")


async def require_write(request: Request, credentials: Credentials) -> None:
    check_write(request, credentials)


async def require_read(request: Request, credentials: Credentials) -> None:
    check_read(request, credentials)


# --- appends -------------------------------------------------------------------------------------------------


class Appender:
    """Appends a request's events (validated and projected by the chronicle) and wakes the feed's long polls."""

    def __init__(self, chronicle: Chronicle, signal: FeedSignal, *, lean: bool = False):
        self.chronicle = chronicle
        self.signal = signal
        self.lean = lean  # the server's CHRONICLE_LEAN_APPENDS: appends left to the reads' catch-up

    def append(self, envelopes: list[Any]) -> list[dict[str, Any]]:
        summary = self.chronicle.append_shared(envelopes, project=not self.lean)  # concurrent requests share a commit
        if summary.appended:
            self.signal.notify()
        return [result.to_json() for result in summary.results]

    def append_one(self, envelope: dict[str, Any], idempotency_key: str | None) -> dict[str, Any]:
        """One event; the ``Idempotency-Key`` header stands for its ``idempotency_key`` field."""
        if idempotency_key is not None:
            given = envelope.get("idempotency_key")
            if given is not None and given != idempotency_key:
                raise invalid("idempotency_key", "differs from the Idempotency-Key header; give one or the other")
            envelope = {**envelope, "idempotency_key": idempotency_key}
        return self.append([envelope])[0]


async def get_appender(request: Request, chronicle: ChronicleDep, signal: SignalDep) -> Appender:
    return Appender(chronicle, signal, lean=request.app.state.settings.lean_appends)


AppenderDep = Annotated[Appender, Depends(get_appender)]
