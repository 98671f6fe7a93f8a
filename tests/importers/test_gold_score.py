"""The extractor against the shared gold annotations, scored by the shared scorer.

Two sets: the corpus gold (``../shared/eval/gold``) and the news items (``../shared/eval/news``). Each folder
is read by one ``chronicle extract`` process (its lines name their documents); the lines are split into one
prediction file per document and scored with ``score.py --pred``, so a drop in quality fails CI.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SCORER = SHARED / "eval" / "score.py"
CHRONICLE = [sys.executable, "-c", "from chronicle.cli import main; main()"]

# (gold folder, document folder, least F1): the goals of issue 15 — the corpus at 0.90, the news set at 0.85 —
# which both sets now reach (measured: corpus 0.931, news 0.881 in docs/extraction.md), so that a regression
# below a goal breaks CI.
SETS = {
    "corpus": (SHARED / "eval" / "gold", SHARED / "corpus", 0.90),
    "news": (SHARED / "eval" / "news" / "gold", SHARED / "eval" / "news" / "corpus", 0.85),
}


def score(gold: Path, corpus: Path, tmp_path: Path) -> tuple[dict, str]:
    extracted = subprocess.run([*CHRONICLE, "extract", str(corpus), "--format", "jsonl"],
                               capture_output=True, text=True, timeout=600)
    assert extracted.returncode == 0, extracted.stderr
    per_document: dict[str, list[str]] = defaultdict(list)
    for line in extracted.stdout.splitlines():
        event = json.loads(line)
        per_document[Path(event.pop("document")).stem].append(json.dumps(event, ensure_ascii=False))
    predictions = tmp_path / "pred"
    predictions.mkdir()
    for gold_file in gold.glob("*.jsonl"):
        (predictions / gold_file.name).write_text("\n".join(per_document.get(gold_file.stem, [])) + "\n", encoding="utf-8")
    figures = tmp_path / "score.json"
    result = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold), "--corpus", str(corpus), "--pred", str(predictions),
         "--json", str(figures)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(figures.read_text()), result.stdout


@pytest.mark.skipif(not SCORER.exists(), reason="../shared (corpus, gold, scorer) is not beside the project")
@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_f1(tmp_path, name):
    gold, corpus, least = SETS[name]
    figures, table = score(gold, corpus, tmp_path)
    assert figures["errors"] == []
    assert figures["gold"] > 0 and figures["pred"] > 0, table
    assert figures["f1"] >= least, table
    assert figures["precision"] >= 0.85, table  # the bar on precision (measured: corpus 0.926, news 0.913)
    assert figures["quotes_verbatim"] >= 0.99, table
