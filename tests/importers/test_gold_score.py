"""The extractor against the shared gold annotations, scored by the shared scorer."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SCORER = SHARED / "eval" / "score.py"


@pytest.mark.skipif(not SCORER.exists(), reason="../shared (corpus, gold, scorer) is not beside the project")
def test_gold_f1(tmp_path):
    figures = tmp_path / "score.json"
    command = " ".join(shlex.quote(x) for x in [sys.executable, "-c", "from chronicle.cli import main; main()"])
    result = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(SHARED / "eval" / "gold"), "--corpus", str(SHARED / "corpus"),
         "--cmd", command + " extract {path} --format jsonl", "--json", str(figures)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    score = json.loads(figures.read_text())
    assert score["errors"] == []
    assert score["f1"] >= 0.75, result.stdout
    assert score["quotes_verbatim"] >= 0.99, result.stdout
