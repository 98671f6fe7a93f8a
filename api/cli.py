"""Commands of the HTTP package, added to the ``chronicle`` CLI: ``serve``, ``sync`` and ``token``."""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from chronicle.cli import PLAIN, Fail, err, failures, open_chronicle

# The token store and the server are imported by the commands that use them: adding these commands to the CLI
# loads nothing heavy.

token_app = typer.Typer(help="Bearer tokens for the HTTP API (stored as their SHA-256).", no_args_is_help=True, **PLAIN)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to listen on.")] = 8000,
    bundle: Annotated[
        bool, typer.Option("--bundle/--no-bundle", help="Load the bundled chronicle (data/) into an empty database.")
    ] = True,
) -> None:
    """Serve the web pages (at /) and the HTTP API (OpenAPI at /docs and /openapi.json) with uvicorn until
    interrupted. An empty database is first loaded with the bundled chronicle (data/), unless --no-bundle."""
    import gc

    # The server's modules load without the cyclic collector (they make hundreds of thousands of objects that
    # live as long as the server, and are scanned again by every collection meanwhile), then are frozen out of
    # its later collections.
    gc.disable()
    try:
        import uvicorn

        from api.main import create_app
    finally:
        gc.enable()
    gc.freeze()

    with failures():
        listening = _bind(host, port)
        chronicle = open_chronicle()
        if bundle and chronicle.head().position == 0:
            _load_bundle(chronicle)
        app = create_app(chronicle=chronicle)
        if not app.state.tokens.writes_configured():
            err().print("warning: no write token is configured, so every write is refused (`chronicle token create`)")
        try:
            uvicorn.Server(uvicorn.Config(app, host=host, port=port)).run(sockets=[listening])
        finally:
            listening.close()
            chronicle.close()


def _bind(host: str, port: int):
    """A socket bound to ``host``:``port`` for uvicorn to listen on; a busy port is one clear error line."""
    import errno
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise Fail(f"cannot listen on {host}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise Fail(f"port {port} on {host} is already in use (another server?); choose another with --port", 1) from None
        raise Fail(f"cannot listen on {host}:{port}: {exc.strerror}", 1) from None
    return sock


def _load_bundle(chronicle) -> None:
    """Load the bundled chronicle into an empty database, and say so."""
    from chronicle.cli import BUNDLED_DATA, jsonl_files, load_files

    files = jsonl_files([BUNDLED_DATA]) if BUNDLED_DATA.is_dir() else []
    if not files:
        return
    err().print(f"the database is empty: loading the bundled chronicle from {BUNDLED_DATA} ...", highlight=False)
    total = load_files(chronicle, files)
    err().print(
        f"loaded {total['appended']} events from {total['files']} files (see {BUNDLED_DATA / 'README.md'})",
        highlight=False,
    )


def sync(
    source: Annotated[str, typer.Option("--from", help="Base URL of the chronicle to follow, e.g. http://host:8000.")],
    token: Annotated[
        str | None, typer.Option(help="Bearer token, if its reads need one.", envvar="CHRONICLE_SYNC_TOKEN")
    ] = None,
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep long-polling for new events until interrupted.")
    ] = False,
    batch: Annotated[int, typer.Option(min=1, max=1000, help="Events per request and per transaction.")] = 500,
) -> None:
    """Make this chronicle a replica of another: append its events (same ids, positions, hashes) after the
    local head, checking the hash chain, and copy the texts attached there to sources known by their metadata;
    resumes where it stopped."""
    from api.replica import Replica, SyncError, connect

    with failures():
        chronicle = open_chronicle()
        client = connect(source, token)
        replica = Replica(chronicle, client, batch=batch, progress=_progress)
        # SIGTERM stops it as SIGINT does: under nohup or a background job SIGINT is ignored, and service
        # managers and CI runners send SIGTERM. Each batch is one transaction, so stopping anywhere is safe.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            count: int | None = replica.run(follow=follow)
        except SyncError as exc:
            raise Fail(f"sync from {source} stopped: {exc}", 1) from None
        except KeyboardInterrupt:
            count = None
        finally:
            signal.signal(signal.SIGTERM, previous)
            client.close()
        head = chronicle.head()
        done = "interrupted" if count is None else f"appended {count} events"
        err().print(f"{done}; the chronicle is at position {head.position} ({head.hash[:12]})", highlight=False)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _progress(line: str) -> None:
    err().print(line, markup=False, highlight=False)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who or what the token is for.")],
    scope: Annotated[str, typer.Option(help="write (also reads) or read.")] = "write",
) -> None:
    """Create a token and print it: it is shown only this once."""
    from chronicle.tokens import SCOPES

    with failures():
        if scope not in SCOPES:
            raise Fail(f"--scope must be one of {', '.join(SCOPES)}")
        chronicle = open_chronicle()
        print(chronicle.tokens().create(name, scope))


@token_app.command("list")
def token_list() -> None:
    """List the stored tokens (id, name, scope, created); the tokens themselves are not kept."""
    with failures():
        chronicle = open_chronicle()
        for info in chronicle.tokens().list():
            print(f"{info.id}\t{info.name}\t{info.scope}\t{info.created_at}")


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="The id shown by `chronicle token list`.")]) -> None:
    """Revoke a stored token at once."""
    with failures():
        chronicle = open_chronicle()
        if not chronicle.tokens().revoke(token_id):
            raise Fail(f"no token has the id {token_id}", 1)
        err().print(f"revoked {token_id}")


def register(app: typer.Typer) -> None:
    """Add the HTTP commands to ``app``."""
    app.command("serve")(serve)
    app.command("sync")(sync)
    app.add_typer(token_app, name="token")
