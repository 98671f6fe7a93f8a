"""Commands of the HTTP package, added to the ``chronicle`` CLI."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the HTTP commands to ``app``."""
