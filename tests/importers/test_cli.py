"""``chronicle extract`` as a user runs it: output formats, options, and one clear error line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLES = Path(__file__).parent / "articles"
CHRONICLE = [sys.executable, "-c", "from chronicle.cli import main; main()"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CHRONICLE, "extract", *args], capture_output=True, text=True, timeout=120)


def test_jsonl_lines_and_json_array_agree():
    path = str(ARTICLES / "ru_news_vietnam.md")
    lines = run(path).stdout.splitlines()
    array = json.loads(run(path, "--format", "json").stdout)
    assert lines and [json.loads(line) for line in lines] == array


def test_published_option_changes_relative_dates(tmp_path):
    article = tmp_path / "note.txt"
    article.write_text("On Tuesday, Belarus and Oman signed a memorandum on cooperation in tourism.\n", encoding="utf-8")
    default = [json.loads(line) for line in run(str(article)).stdout.splitlines()]
    assert default == []  # no publication date, no way to date "Tuesday"
    dated = [json.loads(line) for line in run(str(article), "--published", "2019-04-12").stdout.splitlines()]
    assert [(e["type"], e["date"], e["parties"]) for e in dated] == [("agreement.signed", "2019-04-09", ["BY", "OM"])]


def _check_error(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("error:")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty"),
        ("blob.bin", bytes(range(256)) * 64, "binary"),
        ("archive.txt", b"\x1f\x8b\x08\x00" + bytes(512), "binary"),
        ("junk.html", b"<html><body><script>x()</script><nav><a href='/'>Home</a></nav></body></html>", "no main text"),
        ("garbled.txt", bytes([0x80, 0x81, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC]) * 40, "not valid UTF-8"),
    ],
)
def test_bad_inputs_give_one_error_line(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    _check_error(run(str(path)), message)


def test_oversized_input_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Belarus and Korea signed an agreement in 2019. " * 230_000)  # about 10 MB
    _check_error(run(str(path)), "at most 8 MiB")


def test_missing_file_and_bad_options(tmp_path):
    _check_error(run(str(tmp_path / "absent.txt")), "cannot read")
    article = tmp_path / "a.txt"
    article.write_text("Belarus and Oman signed an agreement in 2010.", encoding="utf-8")
    _check_error(run(str(article), "--published", "soon"), "not a date")


def test_several_paths_and_folders_in_one_process(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("In 2010, Belarus and Oman signed an agreement on air services.\n", encoding="utf-8")
    (folder / "b.md").write_text("---\npublished: 2019-04-12\n---\nOn Tuesday, Belarus and Nepal signed a memorandum.\n", encoding="utf-8")
    (folder / "skip.json").write_text("{}", encoding="utf-8")
    single = tmp_path / "c.txt"
    single.write_text("In 2015, Belarus and Laos signed a protocol on consultations.\n", encoding="utf-8")
    result = run(str(folder), str(single))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(e["document"]).name, e["date"], e["parties"]) for e in lines] == [
        ("a.txt", "2010", ["BY", "OM"]), ("b.md", "2019-04-09", ["BY", "NP"]), ("c.txt", "2015", ["BY", "LA"]),
    ]
    array = json.loads(run(str(folder), str(single), "--format", "json").stdout)
    assert array == lines


def test_one_unreadable_document_among_several(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("In 2010, Belarus and Oman signed an agreement on air services.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(str(empty), str(good))
    assert result.returncode == 1
    assert [Path(json.loads(line)["document"]).name for line in result.stdout.splitlines()] == ["good.txt"]
    assert result.stderr.strip().startswith("error:") and "empty" in result.stderr
