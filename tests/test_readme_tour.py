"""The README's tour, pasted into a shell after ``bash bin/start``: every command of its code blocks runs and
succeeds against a real server that loaded the bundle on its first start.

The blocks are read from README.md itself, so the tour cannot drift from what works. They run in order in one
bash (variables such as ``$ID`` carry over, as in a terminal), in a scratch folder holding this checkout's
``.venv`` and ``data/``; the address ``127.0.0.1:8000`` is replaced by the test server's, and ``curl`` fails on
an HTTP error (``--fail-with-body``) so that an error page cannot pass for an answer.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.api.servers import ROOT, chronicle_env, serving

pytestmark = pytest.mark.slow

README = ROOT / "README.md"


def tour_commands() -> list[str]:
    """The commands of the ``sh`` blocks between "## A five-minute tour" and the next chapter, continued
    lines joined, comment-only lines left out."""
    text = README.read_text(encoding="utf-8")
    tour = text.split("## A five-minute tour", 1)[1].split("\n## ", 1)[0]
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", tour, re.S):
        pending = ""
        for line in block.splitlines():
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            pending += line
            if pending.endswith("\\"):
                pending = pending[:-1] + " "
                continue
            commands.append(pending)
            pending = ""
    return commands


def test_the_tour_has_the_commands_it_promises():
    commands = tour_commands()
    assert any(c.startswith("ID=$(") for c in commands), "the tour must set $ID before it uses it"
    assert any("$ID" in c and c.startswith("curl") for c in commands)
    assert any("--known-at" in c for c in commands) and any("--bom" in c for c in commands)
    assert "--port" in README.read_text(encoding="utf-8")


def test_every_tour_command_works_after_bin_start(database_url, tmp_path):
    venv = ROOT / ".venv"
    if not (venv / "bin" / "activate").is_file():
        pytest.fail(f"{venv} is missing: the tour runs after bash bin/start, which creates it")
    work = tmp_path / "checkout"
    work.mkdir()
    (work / ".venv").symlink_to(venv)
    (work / "data").symlink_to(ROOT / "data")
    commands = tour_commands()
    with serving(database_url, tmp_path, bundle=True) as url:
        address = url.removeprefix("http://")
        lines = ['curl() { command curl --fail-with-body "$@"; }']
        for number, command in enumerate(commands):
            lines.append(f"{{ {command.replace('127.0.0.1:8000', address)}\n}} >out-{number} 2>err-{number}")
            lines.append(f"echo $? >rc-{number}")
        script = work / "tour.sh"
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        subprocess.run(["bash", str(script)], cwd=work, env=chronicle_env(database_url), timeout=300, check=True)

    for number, command in enumerate(commands):
        rc = (work / f"rc-{number}").read_text().strip()
        stderr = (work / f"err-{number}").read_text()
        assert rc == "0", f"{command!r} exited {rc}: {stderr}"
        assert "error" not in stderr.lower(), f"{command!r}: {stderr}"
        output = (work / f"out-{number}").read_text()
        if command.startswith(("curl", "chronicle state", "chronicle events", "chronicle verify")) and "-OJ" not in command:
            assert output.strip(), f"{command!r} printed nothing"
        if "--known-at" in command:
            assert "nothing had been recorded" not in stderr, f"{command!r}: {stderr}"
    assert (work / "facts.csv").read_bytes().startswith("\ufeff".encode())
    assert len((work / "by-kr.csv").read_text().splitlines()) > 10
    assert list(work.glob("chronicle-BY-KR-as-of-2021.csv"))
