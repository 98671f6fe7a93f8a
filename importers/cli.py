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
    paths: list[Path] = typer.Argument(..., help="Documents (text, Markdown with front matter, HTML, PDF), or folders searched recursively for .txt .md .html .pdf."),
    format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", help="jsonl: one event a line; json: one array."),
    title: str | None = typer.Option(None, "--title", help="Title of the document (overrides its metadata)."),
    url: str | None = typer.Option(None, "--url", help="URL of the document (overrides its metadata)."),
    published: str | None = typer.Option(None, "--published", help="Publication date, YYYY-MM-DD; resolves 'last year', 'Tuesday'."),
    language: Language | None = typer.Option(None, "--language", help="Language of the document; detected when not given."),
) -> None:
    """Print the candidate events of documents; writes nothing anywhere.

    With one file, each line is an event. With several paths or a folder, each line also names its
    ``document`` (the path as found); a document that cannot be read is reported on stderr, the others go
    on, and the exit code is then 1.
    """
    from .reading.decoding import DocumentError
    from .reading.documents import document_paths, read_document
    from .extraction.extractor import extract

    overrides = {"title": title, "url": url, "published": published, "language": language.value if language else None}
    single = len(paths) == 1 and not paths[0].is_dir()
    files = list(document_paths(paths))
    if not files:
        typer.echo("error: no documents found (.txt .md .markdown .html .htm .pdf)", err=True)
        raise typer.Exit(code=2)
    lines: list[dict] = []
    failed = 0
    for path in files:
        try:
            candidates = extract(read_document(path, overrides))
        except DocumentError as exc:
            typer.echo(f"error: {path}: {exc}", err=True)
            if single:
                raise typer.Exit(code=2) from None
            failed += 1
            continue
        for candidate in candidates:
            line = candidate.to_json()
            lines.append(line if single else {"document": str(path), **line})
        if format is OutputFormat.jsonl:
            for line in lines:
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            lines = []
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(lines, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(code=1)


def import_command(
    paths: list[Path] = typer.Argument(..., help="Documents, or folders searched recursively for .txt .md .html .pdf."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report what accepting everything would add, corroborate or skip; write nothing."),
    accept: bool = typer.Option(False, "--accept", help="Append every proposal at once, without review (for scripts)."),
    title: str | None = typer.Option(None, "--title", help="Title (overrides every document's metadata)."),
    url: str | None = typer.Option(None, "--url", help="URL (overrides every document's metadata)."),
    published: str | None = typer.Option(None, "--published", help="Publication date, YYYY-MM-DD."),
    language: Language | None = typer.Option(None, "--language", help="Language; detected when not given."),
    format: str = typer.Option("table", "--format", help="table (a summary per document) or jsonl (every event)."),
) -> None:
    """Import documents into the review queue: each document and its proposed facts wait for a person's decision.

    Nothing enters the record until a reviewer accepts it on /review (see docs/review.md). With --accept, every
    proposal is appended at once, the document with its source in one atomic batch: candidates already
    imported are skipped, those telling a fact already in the chronicle are cited on it (corroborated), the
    rest are added. A document that cannot be read is reported and the others go on; the exit code is then 1.
    """
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from chronicle.cli import failures, open_chronicle

    from .importing import document_paths, import_paths

    if format not in ("table", "jsonl"):
        typer.echo(f"error: unknown format {format!r}; use table or jsonl", err=True)
        raise typer.Exit(code=2)
    overrides = {"title": title, "url": url, "published": published, "language": language.value if language else None}
    err = Console(stderr=True)
    with failures():
        chronicle = open_chronicle()
        files = list(document_paths(paths))
        if not files:
            typer.echo("error: no documents found (.txt .md .markdown .html .htm .pdf)", err=True)
            raise typer.Exit(code=2)
        if not accept and not dry_run:
            _queue(chronicle, files, {k: v for k, v in overrides.items() if v}, format, err)
            return
        with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
            task = progress.add_task("importing", total=len(files))
            if dry_run:
                outcomes = import_paths(
                    chronicle, files, overrides={k: v for k, v in overrides.items() if v}, dry_run=dry_run,
                    on_done=lambda *_: progress.advance(task),
                )
            else:
                import getpass

                from .queueing import queue_paths

                outcomes = queue_paths(
                    chronicle, files, by=f"cli:{getpass.getuser()} (--accept)", accept=True,
                    overrides={k: v for k, v in overrides.items() if v}, on_done=lambda *_: progress.advance(task),
                )
    failed: list[Path] = []
    table = Table("document", "added", "corroborated", "skipped", "rejected", title="dry run" if dry_run else None)
    for path, report in _succeeded(outcomes, failed):
        if format == "jsonl":
            for event in report.events:
                sys.stdout.write(json.dumps({"document": str(path), **event}, ensure_ascii=False) + "\n")
        data = report.to_json()
        table.add_row(path.name, *(str(data[k]) for k in ("added", "corroborated", "skipped", "rejected")))
    if format == "table":
        Console().print(table)
    if failed:
        raise typer.Exit(code=1)


def _succeeded(outcomes, failed: list[Path]):
    """The documents read and imported, with their reports; each failure is printed and kept in ``failed``."""
    for path, report, error in outcomes:
        if error is not None:
            failed.append(path)
            typer.echo(f"error: {path}: {error}", err=True)
            continue
        yield path, report


def _queue(chronicle, files: list[Path], overrides: dict, format: str, err) -> None:
    """The default of ``chronicle import``: store each document and its proposals in the review queue."""
    import getpass

    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from .queueing import queue_paths

    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("queueing", total=len(files))
        outcomes = queue_paths(chronicle, files, by=f"cli:{getpass.getuser()}", overrides=overrides,
                               on_done=lambda *_: progress.advance(task))
    failed: list[Path] = []
    table = Table("document", "proposals", "queue", "source", "refused", title="review queue")
    links = []
    for path, report in _succeeded(outcomes, failed):
        if format == "jsonl":
            sys.stdout.write(json.dumps({"document": str(path), **report.to_json()}, ensure_ascii=False) + "\n")
        table.add_row(path.name, str(report.proposals), "queued" if report.queued else "already queued",
                      report.source_match or "new", str(len(report.refused)))
        links.append(f"{path.name}: /review/{report.document}")
    if format == "table":
        Console().print(table)
        typer.echo("\n".join(links))
        typer.echo("nothing is in the record until it is accepted on /review (or import with --accept)", err=True)
    if failed:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add the importer's commands to ``app``."""
    app.command("extract")(extract_command)
    app.command("import")(import_command)
