"""Commands of the importer package, added to the ``chronicle`` CLI."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the importer's commands to ``app``."""
