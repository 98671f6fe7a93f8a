"""Settings of the chronicle, in one object read from the environment.

| variable | meaning | default |
|---|---|---|
| ``CHRONICLE_DATABASE_URL`` | SQLAlchemy URL of the database (``sqlite:///path`` or ``postgresql://...``) | ``sqlite:///chronicle.db`` |
| ``CHRONICLE_API_TOKENS`` | comma-separated bearer tokens allowed to write over HTTP | none (writes refused) |
| ``CHRONICLE_READ_TOKEN`` | when set, reads over HTTP need this bearer token (or a write token) | none (reads public) |
| ``CHRONICLE_MAX_BODY_BYTES`` | largest HTTP request body accepted | 10 MB |
| ``CHRONICLE_STATE_LIMIT`` | items listed per section of a relationship's state card | 10 |
| ``CHRONICLE_LEAN_APPENDS`` | ``1``: the server appends without projecting (``Chronicle.append_unprojected``'s way); every read catches the projection up first | ``0`` (each append projected before it is answered) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///chronicle.db"
    api_tokens: tuple[str, ...] = field(default_factory=tuple)
    read_token: str | None = None
    max_body_bytes: int = 10 * 1024 * 1024
    state_limit: int = 10
    lean_appends: bool = False

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        tokens = tuple(t.strip() for t in env.get("CHRONICLE_API_TOKENS", "").split(",") if t.strip())
        return cls(
            database_url=env.get("CHRONICLE_DATABASE_URL") or cls.database_url,
            api_tokens=tokens,
            read_token=env.get("CHRONICLE_READ_TOKEN") or None,
            max_body_bytes=int(env.get("CHRONICLE_MAX_BODY_BYTES") or cls.max_body_bytes),
            state_limit=int(env.get("CHRONICLE_STATE_LIMIT") or cls.state_limit),
            lean_appends=(env.get("CHRONICLE_LEAN_APPENDS") or "0").strip().lower() in ("1", "true", "yes"),
        )
