"""Bearer tokens for the HTTP API.

Tokens come from ``CHRONICLE_API_TOKENS`` (write), ``CHRONICLE_READ_TOKEN`` (read) or are created with
``chronicle token create`` and stored as their SHA-256 (the token itself is shown once). Presented tokens
are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from chronicle.config import Settings
from chronicle.domain.clock import format_timestamp, utc_now
from chronicle.store.database import Database
from chronicle.store.dialect import dialect_for

SCOPES = ("write", "read")
PREFIX = "chr_"


@dataclass(frozen=True)
class TokenInfo:
    id: str
    name: str
    scope: str
    created_at: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenStore:
    def __init__(self, db: Database, settings: Settings):
        self.db = db
        self.settings = settings
        self.d = dialect_for(db.dialect)

    def create(self, name: str, scope: str = "write") -> str:
        """Make a new token; returns it (only its hash is kept)."""
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
        token = PREFIX + secrets.token_urlsafe(32)
        with self.db.write() as conn:
            conn.exec_driver_sql(
                self.d.sql("INSERT INTO api_tokens (id, name, token_sha256, scope, created_at) VALUES (?, ?, ?, ?, ?)"),
                (str(uuid.uuid4()), name, _digest(token), scope, self.d.encode_timestamp(utc_now())),
            )
        return token

    def list(self) -> list[TokenInfo]:
        with self.db.read() as conn:
            rows = conn.exec_driver_sql("SELECT id, name, scope, created_at FROM api_tokens ORDER BY created_at").all()
        return [TokenInfo(r[0], r[1], r[2], format_timestamp(self.d.decode_timestamp(r[3]))) for r in rows]

    def revoke(self, token_id: str) -> bool:
        with self.db.write() as conn:
            return conn.exec_driver_sql(self.d.sql("DELETE FROM api_tokens WHERE id = ?"), (token_id,)).rowcount > 0

    def writes_configured(self) -> bool:
        """Whether any write token exists; with none, the server refuses every write."""
        if self.settings.api_tokens:
            return True
        with self.db.read() as conn:
            return conn.exec_driver_sql("SELECT 1 FROM api_tokens WHERE scope = 'write' LIMIT 1").first() is not None

    def name_of(self, presented: str) -> str | None:
        """The name of a write token, for the record of who decided: a stored token's own name, or
        ``CHRONICLE_API_TOKENS #n`` for the n-th configured one; None when it is not a write token."""
        for number, token in enumerate(self.settings.api_tokens, start=1):
            if hmac.compare_digest(token.encode(), presented.encode()):
                return f"CHRONICLE_API_TOKENS #{number}"
        with self.db.read() as conn:
            row = conn.exec_driver_sql(
                self.d.sql("SELECT name FROM api_tokens WHERE token_sha256 = ? AND scope = 'write'"),
                (_digest(presented),),
            ).first()
        return None if row is None else row[0]

    def allows(self, presented: str, scope: str) -> bool:
        """Whether ``presented`` grants ``scope`` (a write token also grants reads)."""
        configured = list(self.settings.api_tokens)
        if scope == "read" and self.settings.read_token:
            configured.append(self.settings.read_token)
        granted = False
        for token in configured:  # every comparison runs, in constant time each
            granted |= hmac.compare_digest(token.encode(), presented.encode())
        if granted:
            return True  # a configured token: no need to look among the stored ones
        digest = _digest(presented)
        scopes = ("write", "read") if scope == "read" else ("write",)
        with self.db.read() as conn:
            row = conn.exec_driver_sql(
                self.d.sql("SELECT token_sha256, scope FROM api_tokens WHERE token_sha256 = ?"), (digest,)
            ).first()
        if row is not None and row[1] in scopes:
            granted |= hmac.compare_digest(row[0], digest)
        return granted
