"""The ``chronicle`` command line.

Exit codes: 0 success; 1 a check failed (``verify``) or an append conflicted; 2 bad input or usage.
Errors are one line on standard error, starting with ``error:``.

Start-up stays light (``chronicle --help`` loads no database, HTTP or parsing code, and a read loads no
SQLAlchemy; see tests/test_cli_imports.py): the chronicle itself, rich's console, progress bars and tables are
imported by the commands that use them. Help and usage errors are click's plain text (``PLAIN``): typer's rich
help would load rich's Markdown, syntax and traceback modules, a third of ``chronicle --help``'s time.
"""

from __future__ import annotations

import copy
import sys
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console
    from rich.progress import Progress

    from chronicle.application import Chronicle

# Every Typer of the command line (the plugins' too) is made with these: plain help, no rich tracebacks.
PLAIN: dict[str, Any] = {"rich_markup_mode": None, "pretty_exceptions_enable": False}

app = typer.Typer(
    name="chronicle",
    help=(
        "An event-sourced, cited, bitemporal chronicle of Belarus's relations with Korea and other Asian states.\n\n"
        "The database is CHRONICLE_DATABASE_URL (default: the SQLite file chronicle.db here)."
    ),
    no_args_is_help=True,
    add_completion=False,
    **PLAIN,
)
db_app = typer.Typer(help="Manage the database schema (Alembic migrations).", no_args_is_help=True, **PLAIN)
app.add_typer(db_app, name="db")


@lru_cache(maxsize=1)
def err() -> Console:
    """The console on standard error (messages, progress bars), made on first use."""
    from rich.console import Console

    return Console(stderr=True)


class Fail(Exception):
    """Stop a command with one error line and an exit code."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


@contextmanager
def failures() -> Iterator[None]:
    """Turn the chronicle's errors into one ``error:`` line and an exit code."""
    try:
        yield
    except Fail as exc:
        _fail(str(exc), exc.code)
    except Exception as exc:
        known = _known_error(exc)
        if known is None:
            raise
        _fail(*known)


def _known_error(exc: Exception) -> tuple[str, int] | None:
    """The message and exit code of one of the chronicle's own errors, or None for anything else.

    Imported here, not at start-up: whatever raised one of these has loaded its module already."""
    from chronicle.domain.clock import TimestampError
    from chronicle.domain.dates import DateError
    from chronicle.domain.events import EnvelopeError
    from chronicle.domain.parties import PartyError
    from chronicle.store.database import DatabaseError
    from chronicle.domain.appending import ConflictError

    if isinstance(exc, ConflictError):
        return f"conflict: {exc}", 1
    if isinstance(exc, (EnvelopeError, DateError, PartyError, TimestampError, DatabaseError)):
        return str(exc), 2
    return None


def _fail(message: str, code: int) -> None:
    from rich.markup import escape

    err().print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_chronicle() -> Chronicle:
    from chronicle.application import Chronicle

    return Chronicle.open()


def print_json(value: Any, *, pretty: bool = False) -> None:
    option = orjson.OPT_INDENT_2 if pretty else 0
    sys.stdout.write(orjson.dumps(value, option=option).decode() + "\n")


def check_format(format: str, *known: str) -> None:
    """Refuse a ``--format`` the command does not write: "use json or table", "use a, b or c"."""
    if format not in known:
        choices = f"{', '.join(known[:-1])} or {known[-1]}"
        raise Fail(f"unknown format {format!r}; use {choices}")


def moment(text: str | None) -> datetime | None:
    """An ISO 8601 UTC timestamp option as a datetime, or None when it was not given."""
    from chronicle.domain.clock import parse_timestamp

    return parse_timestamp(text) if text else None


def print_result(result: dict[str, Any], format: str, renderer: str) -> None:
    """A query's result as pretty JSON, or as a table drawn by ``chronicle.state_table.<renderer>``."""
    if format == "json":
        print_json(result, pretty=True)
        return
    from rich.console import Console

    from chronicle import state_table

    getattr(state_table, renderer)(Console(), result)


def progress_bar() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err(),
        transient=True,
        disable=not err().is_terminal,
    )


# --- db ----------------------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Create or migrate the schema (tables, indexes, immutability triggers) to the latest revision."""
    from chronicle.application import Chronicle

    with failures():
        chronicle = Chronicle()
        chronicle.db.upgrade(revision)
        err().print(f"database {chronicle.db.safe_url} is at revision {chronicle.db.current_revision()}")


@db_app.command("current")
def db_current() -> None:
    """Print the schema revision of the database."""
    from chronicle.application import Chronicle

    with failures():
        print(Chronicle().db.current_revision() or "none")


# --- append ------------------------------------------------------------------------------------------------


class _JsonLines:
    """Events from a JSON-lines file, remembering the line of each so errors can name it."""

    def __init__(self, path: str, progress: Progress):
        self.path = path
        self.lines = array("Q")
        self.progress = progress

    def __iter__(self) -> Iterator[Any]:
        stream = sys.stdin.buffer if self.path == "-" else open(self.path, "rb")  # noqa: SIM115
        size = None if self.path == "-" else Path(self.path).stat().st_size
        task = self.progress.add_task("appending", total=size)
        try:
            for number, line in enumerate(stream, 1):
                self.progress.advance(task, len(line))
                if not line.strip():
                    continue
                try:
                    value = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    raise Fail(f"line {number}: not valid JSON ({exc})") from None
                self.lines.append(number)
                yield value
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()

    def line_of(self, index: int | None) -> str:
        if index is None or index >= len(self.lines):
            return ""
        return f"line {self.lines[index]}: "


def append_lines(chronicle: Chronicle, file: str, progress: Progress, *, collect: bool, where: str = ""):
    """Append one JSON-lines file as one atomic batch; a bad line or a conflict fails naming the line."""
    from chronicle.domain.events import EnvelopeError
    from chronicle.domain.appending import ConflictError

    lines = _JsonLines(file, progress)
    try:
        return chronicle.append(lines, collect=collect)
    except EnvelopeError as exc:
        raise Fail(where + lines.line_of(exc.index) + "; ".join(str(e) for e in exc.errors)) from None
    except ConflictError as exc:
        raise Fail(f"conflict: {where}{lines.line_of(exc.index)}{exc.args[0].split(': ', 1)[-1]}", 1) from None


@app.command()
def append(
    file: Annotated[str, typer.Argument(help="A JSON-lines file of event envelopes, or - for standard input.")],
    format: Annotated[str, typer.Option("--format", help="Input format (only jsonl).")] = "jsonl",
    summary: Annotated[bool, typer.Option("--summary", help="Print one summary line instead of one per event.")] = False,
) -> None:
    """Append the events of FILE as one atomic batch.

    Each line is one envelope (see docs/envelope.md). Prints per event {"id", "position", "recorded_at",
    "duplicate"}. On a bad line nothing is appended and the error names the line and the field.
    """
    with failures():
        if format != "jsonl":
            raise Fail(f"unknown format {format!r}; only jsonl is read")
        if file != "-" and not Path(file).is_file():
            raise Fail(f"{file}: no such file")
        chronicle = open_chronicle()
        with progress_bar() as progress:
            result = append_lines(chronicle, file, progress, collect=not summary)
        if summary:
            print_json({"appended": result.appended, "duplicates": result.duplicates, "head": result.head_position})
        else:
            for item in result.results:
                print_json(item.to_json())


# --- reading -----------------------------------------------------------------------------------------------


EVENT_FIELDS = ("id", "position", "type", "recorded_at")


@app.command()
def events(
    party: Annotated[str | None, typer.Option(help="Only events concerning this party (state, region or organization).")] = None,
    type: Annotated[list[str] | None, typer.Option("--type", help="Only events of this type (repeatable).")] = None,
    after: Annotated[int, typer.Option(help="Start after this position.")] = 0,
    limit: Annotated[int | None, typer.Option(help="At most this many events (default: all).")] = None,
    format: Annotated[str, typer.Option("--format", help="jsonl or table.")] = "jsonl",
    field: Annotated[
        str | None, typer.Option("--field", help="Print only this field of each event, one a line: id, position, type or recorded_at.")
    ] = None,
) -> None:
    """Print events in position order, corrections included."""
    from rich.console import Console
    from rich.table import Table

    from chronicle.domain.events import EVENT_TYPES

    with failures():
        for t in type or []:
            if t not in EVENT_TYPES:
                raise Fail(f"--type {t!r} is not an event type; expected one of {', '.join(EVENT_TYPES)}")
        check_format(format, "jsonl", "table")
        if field is not None and field not in EVENT_FIELDS:
            raise Fail(f"--field {field!r} is not one of {', '.join(EVENT_FIELDS)}")
        chronicle = open_chronicle()
        remaining = limit
        table = Table("position", "type", "date", "parties", "recorded_at") if format == "table" else None
        while remaining is None or remaining > 0:
            page = 1000 if remaining is None else min(1000, remaining)
            batch = chronicle.events(after, page, party=party, types=type)
            if not batch:
                break
            for event in batch:
                if field is not None:
                    print(event.to_json()[field])
                elif table is None:
                    print_json(event.to_json())
                else:
                    body = event.body
                    table.add_row(
                        str(event.position),
                        event.type,
                        body.get("date") or f"→ {body.get('target', '')[:8]}",
                        " ".join(body.get("parties") or []),
                        event.to_json()["recorded_at"],
                    )
            after = batch[-1].position
            if remaining is not None:
                remaining -= len(batch)
        if table is not None:
            Console().print(table)


@app.command()
def state(
    a: Annotated[str, typer.Argument(help="One state (ISO 3166-1 alpha-2), e.g. BY.")],
    b: Annotated[str, typer.Argument(help="The other state, e.g. KR.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Valid time: 2019, 2019-06 or 2019-06-30 (its last day).")] = None,
    known_at: Annotated[
        str | None, typer.Option("--known-at", help="Transaction time: an ISO 8601 UTC timestamp as printed by append.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Items listed per section (default 10).")] = None,
    totals: Annotated[bool, typer.Option("--totals", help="Also count every section's items.")] = False,
    format: Annotated[str, typer.Option("--format", help="json or table.")] = "json",
) -> None:
    """Print the state of the relationship between A and B as of a date, as known at a moment."""
    from chronicle.domain.clock import format_timestamp

    with failures():
        check_format(format, "json", "table")
        known = moment(known_at)
        chronicle = open_chronicle()
        result = chronicle.state(a, b, as_of=as_of, known_at=known, limit=limit, totals=totals)
        if known is not None and result["known_through_position"] == 0:
            first = chronicle.first_recorded_at()
            since = f"the first record is of {format_timestamp(first)}" if first else "the chronicle is still empty"
            err().print(f"note: nothing had been recorded by {known_at} ({since}), so the state is empty",
                      highlight=False, soft_wrap=True)
        print_result(result, format, "render_state")


@app.command()
def diff(
    a: Annotated[str, typer.Argument(help="One state, e.g. BY.")],
    b: Annotated[str, typer.Argument(help="The other state, e.g. KR.")],
    date_from: Annotated[str | None, typer.Option("--from", help="Valid time of the first side, e.g. 2019.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Valid time of the second side, e.g. 2022.")] = None,
    known_from: Annotated[
        str | None, typer.Option("--known-from", help="Transaction time of the first side (ISO 8601 UTC).")
    ] = None,
    known_to: Annotated[str | None, typer.Option("--known-to", help="Transaction time of the second side.")] = None,
    format: Annotated[str, typer.Option("--format", help="json or table.")] = "table",
) -> None:
    """What appeared, changed (with the corrections' reasons) and vanished in the relationship between A and B
    from one point to another: --from/--to in valid time, --known-from/--known-to in transaction time."""
    with failures():
        check_format(format, "json", "table")
        if date_from is None and known_from is None:
            raise Fail("give --from (a date) or --known-from (a moment), and optionally --to or --known-to")
        result = open_chronicle().compare(
            a, b, date_from=date_from, date_to=date_to,
            known_from=moment(known_from), known_to=moment(known_to),
        )
        print_result(result, format, "render_diff")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find, Russian or English (every word must match).")],
    partner: Annotated[str | None, typer.Option(help="Only facts concerning this state, e.g. KR.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Only facts of this type, e.g. visit.")] = None,
    domain: Annotated[str | None, typer.Option(help="Only facts of this domain, e.g. economic.")] = None,
    year: Annotated[int | None, typer.Option(help="Only facts whose earliest day is in this year.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Valid time: as of this (partial) date.")] = None,
    known_at: Annotated[str | None, typer.Option("--known-at", help="Transaction time (ISO 8601 UTC).")] = None,
    limit: Annotated[int, typer.Option(help="Results to print (1-100).")] = 20,
    format: Annotated[str, typer.Option("--format", help="json or table.")] = "table",
) -> None:
    """Find facts by their words, quotes, sources and actors, with counts by partner, type, domain and year."""
    with failures():
        check_format(format, "json", "table")
        result = open_chronicle().search(
            query, partner=partner, type=type, domain=domain, year=year, as_of=as_of,
            known_at=moment(known_at), limit=limit,
        )
        if format == "json":
            print_json(result, pretty=True)
            return
        more = "" if result["total_exact"] else "at least "
        print(f"{more}{result['total']} facts match {query!r}")
        for r in result["results"]:
            pairs = ", ".join("–".join(pair) for pair in r["relationships"])
            print(f"{r['date']:<12} {r['label']:<12} {r['title'] or ''}  [{pairs}]  {r['id']}")
        for facet, values in result["facets"].items():
            shown = ", ".join(f"{v['name']} {v['count']}" for v in values[:8])
            print(f"{facet}: {shown}")


@app.command()
def rebuild() -> None:
    """Drop the projected relationship state and replay every event to rebuild it."""
    with failures():
        chronicle = open_chronicle()
        total = chronicle.head().position
        with progress_bar() as progress:
            task = progress.add_task("rebuilding", total=total)
            count = chronicle.rebuild(lambda done, _pos: progress.update(task, completed=done))
        err().print(f"rebuilt the relationship state from {count} events")


@app.command()
def verify(
    projection: Annotated[
        bool,
        typer.Option("--projection/--no-projection", help="Also compare the projection with a replay of the events."),
    ] = True,
    against: Annotated[
        str | None,
        typer.Option("--against", help="Compare the chain and sources with this other chronicle's head (its URL)."),
    ] = None,
    may_lag: Annotated[
        bool, typer.Option("--may-lag", help="With --against: this is its replica, so being behind it is fine.")
    ] = False,
    token: Annotated[str | None, typer.Option("--token", help="With --against: a read token for the other.")] = None,
) -> None:
    """Recompute the hash chain and check every stored row; name the first position that fails. Then replay
    the events (in a transaction rolled back) and compare the projection with the replay; with --against,
    compare the chain and the sources with another chronicle's head."""
    with failures():
        chronicle = open_chronicle()
        total = chronicle.head().position
        with progress_bar() as progress:
            task = progress.add_task("verifying", total=total)
            report = chronicle.verify(lambda done: progress.update(task, completed=done), projection=projection)
        out = report.to_json()
        comparison = None
        if against is not None:
            from chronicle.witness import WitnessError, compare

            try:
                comparison = compare(chronicle, against, token=token, may_lag=may_lag)
            except WitnessError as exc:
                raise Fail(f"cannot compare with {against}: {exc}", 1) from None
            out["against"] = comparison.to_json()
        print_json(out)
        if not report.ok:
            where = (
                f"position {report.failed_position}" if report.failed_position
                else "the projection" if report.projection == "differs from a replay" else "sources"
            )
            raise Fail(f"verification failed at {where}: {report.reason}", 1)
        if comparison is not None and not comparison.ok:
            raise Fail(f"verification against {against} failed: {comparison.reason}", 1)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="jsonl (facts), csv (facts) or csl-json (sources).")] = "jsonl",
    relationship: Annotated[
        tuple[str, str] | None, typer.Option("--relationship", help="Only facts of this pair of states, e.g. BY KR.")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only facts dated on or before this (partial) date.")] = None,
    include_retracted: Annotated[bool, typer.Option("--include-retracted", help="Keep retracted facts, marked.")] = False,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start a CSV with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.")
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
) -> None:
    """Export facts as they stand now (JSON lines or CSV, with PLOVER categories) or their sources as CSL-JSON.

    See docs/exports.md.
    """
    from chronicle.domain.dates import as_of_day
    from chronicle.domain.parties import Relationship
    from chronicle.exports import BOM, ExportFilter, SourceCatalog, csl_items, csv_row, csv_text, fact_json, iter_facts

    with failures():
        check_format(format, "jsonl", "csv", "csl-json")
        if bom and format != "csv":
            raise Fail("--bom is for --format csv only")
        chronicle = open_chronicle()
        selection = ExportFilter(
            relationship=Relationship.of(*relationship) if relationship else None,
            as_of=as_of_day(as_of),
            include_retracted=include_retracted,
        )
        sources = SourceCatalog(chronicle)
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
        try:
            records = (fact_json(v, sources) for v in iter_facts(chronicle, selection))
            if format == "jsonl":
                for record in records:
                    out.write(orjson.dumps(record).decode() + "\n")
            elif format == "csv":
                out.write((BOM if bom else "") + csv_text([], header=True))
                for record in records:
                    out.write(csv_text([csv_row(record)], header=False))
            else:
                out.write(orjson.dumps(csl_items(list(records)), option=orjson.OPT_INDENT_2).decode() + "\n")
        finally:
            if output:
                out.close()


# --- load --------------------------------------------------------------------------------------------------

# The bundled chronicle (data/README.md), beside the package: the project is installed editable.
BUNDLED_DATA = Path(__file__).resolve().parents[1] / "data"


def jsonl_files(paths: list[str] | list[Path]) -> list[Path]:
    """The files named, and the .jsonl files under the folders named (recursively, in name order)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [p for p in path.rglob("*.jsonl") if p.is_file()]
            out.extend(sorted(found, key=lambda p: p.relative_to(path).as_posix()))
        elif path.is_file():
            out.append(path)
        else:
            raise Fail(f"{raw}: no such file or folder")
    return out


def load_files(chronicle: Chronicle, files: list[Path], on_file: Any = None) -> dict[str, int]:
    """Append each file as one atomic batch, in order. Events stored before (the same idempotency key and
    content) are counted as duplicates, so loading the same files again appends nothing."""
    total = {"files": 0, "appended": 0, "duplicates": 0}
    with progress_bar() as progress:
        for path in files:
            result = append_lines(chronicle, str(path), progress, collect=False, where=f"{path}: ")
            total["files"] += 1
            total["appended"] += result.appended
            total["duplicates"] += result.duplicates
            if on_file is not None:
                on_file(path, result)
    total["head"] = chronicle.head().position
    return total


@app.command()
def load(
    paths: Annotated[list[str], typer.Argument(help="JSON-lines files of events, or folders of them (e.g. data/).")],
) -> None:
    """Append JSON-lines files of events, each file as one atomic batch, in the order given (a folder's .jsonl
    files in name order).

    Loading is idempotent for events with an idempotency key: those already stored are reported as
    duplicates. Prints one line per file on standard error and a summary {"files", "appended", "duplicates",
    "head"}. The bundled chronicle is `chronicle load data/` (see data/README.md).
    """

    def told(path: Path, result: Any) -> None:
        err().print(f"{path}: {result.appended} appended, {result.duplicates} already loaded", highlight=False)

    with failures():
        files = jsonl_files(paths)
        if not files:
            raise Fail(f"no .jsonl files in {', '.join(paths)}")
        print_json(load_files(open_chronicle(), files, told))


def _load_plugins() -> None:
    """Let the importer and the HTTP packages add their commands (entry point group ``chronicle.commands``)."""
    for entry in entry_points(group="chronicle.commands"):
        entry.load()(app)


def invoked(cli: typer.Typer, args: list[str]) -> typer.Typer:
    """``cli`` with only the command (or group) that ``args`` name first, or ``cli`` itself when they name none
    (``--help``, a typo, nothing). Typer reads every command's parameters (evaluating their annotations) before
    it parses a single argument, a quarter of a read command's start; the command named is parsed, run and
    helped exactly as it is in the whole ``cli``."""
    from typer.main import get_command_name

    if not args:
        return cli
    commands = [c for c in cli.registered_commands if (c.name or get_command_name(c.callback.__name__)) == args[0]]
    groups = [g for g in cli.registered_groups if g.name == args[0]]
    if not commands and not groups:
        return cli
    only = copy.copy(cli)
    only.registered_commands, only.registered_groups = commands, groups
    return only


def main() -> None:
    _load_plugins()
    # A group even with one command in it (typer would make a lone command the whole program).
    typer.main.get_group(invoked(app, sys.argv[1:]))()
