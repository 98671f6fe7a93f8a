"""Commands of the importer package, added to the ``chronicle`` CLI."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"


class Language(str, Enum):
    ru = "ru"
    en = "en"


def extract_command(
    path: Path = typer.Argument(..., help="The document: text, Markdown (front matter allowed), HTML or PDF."),
    format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", help="jsonl: one event a line; json: one array."),
    title: str | None = typer.Option(None, "--title", help="Title of the document (overrides its metadata)."),
    url: str | None = typer.Option(None, "--url", help="URL of the document (overrides its metadata)."),
    published: str | None = typer.Option(None, "--published", help="Publication date, YYYY-MM-DD; resolves 'last year', 'Tuesday'."),
    language: Language | None = typer.Option(None, "--language", help="Language of the document; detected when not given."),
) -> None:
    """Print the candidate events of one document; writes nothing anywhere."""
    from .decoding import DocumentError
    from .documents import read_document
    from .extractor import extract

    overrides = {"title": title, "url": url, "published": published, "language": language.value if language else None}
    try:
        document = read_document(path, overrides)
        candidates = extract(document)
    except DocumentError as exc:
        typer.echo(f"error: {path}: {exc}", err=True)
        raise typer.Exit(code=2) from None
    lines = [c.to_json() for c in candidates]
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(lines, ensure_ascii=False, indent=2) + "\n")
    else:
        for line in lines:
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    """Add the importer's commands to ``app``."""
    app.command("extract")(extract_command)
