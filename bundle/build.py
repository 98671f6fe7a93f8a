"""Build the bundled chronicle in ``data/`` from the corpus, the importer, the review and the news items.

What it does, in order (data/README.md tells the story):

1. Imports every corpus document (``../shared/corpus/NNN_*.txt``) with the importer
   (``importers.importing.import_document``) into a scratch SQLite chronicle, exactly as ``chronicle import``
   does: cited facts, and ``citation.added`` where a document tells a fact already imported.
2. Reads the review (``data/review.yaml``): retractions, corrections, merges of one fact told by two
   documents, facts the import missed (added by hand with their quotes), and the imported facts kept on the
   reviewer's own judgment. Each decision names its fact by document, type and a fragment of its quote.
3. Checks the reviewed chronicle against the hand-made gold annotations (``../shared/eval/gold``) with the
   scorer's own matching (``../shared/eval/score.py``): every imported fact must match a gold event, or be
   retracted, or be kept explicitly; every gold event must be matched, or be declined explicitly. A build
   with an unreviewed difference fails, so a new importer cannot slip unreviewed facts into the bundle.
4. Adds the news items (``../shared/eval/news``, see :mod:`bundle.news`): their gold events are reviewed
   facts, each cited with its passage, the item known by its metadata.
5. Writes event JSON lines without the articles' text: the sources carry their metadata only, quotes are
   trimmed to at most a sentence or two (``MAX_QUOTE`` characters) with their spans adjusted, every event
   has a stable idempotency key (``bundle:<doc>:<n>`` for facts), and corrections name their targets by key.

The output is deterministic: the same corpus, importer, review and news give byte-identical files.
``scripts/build_bundle.py`` runs :func:`main`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bundle.corpus import Review, apply_review, gold_check, load_scorer, run_import, source_metadata
from bundle.news import news_layer
from bundle.passages import ReviewError, bundled_citation_parts
from chronicle.application import Chronicle
from chronicle.domain.events import parse_envelope

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FILES = {
    "imported": "10-imported.jsonl",
    "corrections": "20-corrections.jsonl",
    "added": "30-added.jsonl",
    "news": "40-news.jsonl",
}


def bundled_citation(citation: dict[str, Any], doc: str, text: str, source: dict[str, Any],
                     gold: dict[str, Any] | None) -> dict[str, Any]:
    quote, span = bundled_citation_parts(citation["quote"], citation["span"], text, gold, doc)
    out = {"source": source, "quote": quote, "span": span}
    if citation.get("reference"):
        out["reference"] = citation["reference"]
    return out


def build(corpus: Path, gold_dir: Path, review_path: Path, strict: bool = False,
          news_dir: Path | None = None) -> tuple[dict[str, str], dict[str, Any]]:
    """The bundle's files (name -> content) and its counts; ``news_dir`` None leaves the news layer out."""
    imported = run_import(corpus)
    review = Review(review_path, imported)
    reviewed = apply_review(review, imported)
    for line in review.stale:
        print(f"stale decision (skipped): {line}", file=sys.stderr)
    if strict and review.stale:
        raise ReviewError(f"{len(review.stale)} decisions of the review name facts the import does not have")
    counts, matched_gold = gold_check(imported, reviewed, gold_dir)
    sources = {doc: source_metadata(review, imported, doc) for doc in imported.texts}

    def cite(citation: dict[str, Any], doc: str, owner: str) -> dict[str, Any]:
        return bundled_citation(citation, doc, imported.texts[doc], sources[doc], matched_gold.get(owner))

    lines: dict[str, list[dict[str, Any]]] = {name: [] for name in FILES}
    order: list[tuple[int, dict[str, Any]]] = []
    for fact in imported.facts:
        order.append((fact.position, {**fact.envelope, "citations": [cite(fact.citation, fact.doc, fact.key)],
                                      "idempotency_key": fact.key}))
    for c in imported.cites:
        order.append((c.position, {"type": "citation.added", "target": {"idempotency_key": c.target.key},
                                              "citation": cite(c.citation, c.doc, c.key), "idempotency_key": c.key}))
    lines["imported"] = [envelope for _, envelope in sorted(order, key=lambda x: x[0])]
    for fact, reason, changes in reviewed.corrections:
        lines["corrections"].append({"type": "event.corrected", "target": {"idempotency_key": fact.key},
                                     "reason": reason, "changes": changes,
                                     "idempotency_key": f"review:{fact.key}:corrected"})
    for fact, reason in reviewed.retractions:
        lines["corrections"].append({"type": "event.retracted", "target": {"idempotency_key": fact.key},
                                     "reason": reason, "idempotency_key": f"review:{fact.key}:retracted"})
    for c, drop, reason in reviewed.merges:
        lines["corrections"].append({"type": "citation.added", "target": {"idempotency_key": c.target.key},
                                     "citation": cite(c.citation, c.doc, c.key), "idempotency_key": c.key})
        lines["corrections"].append({"type": "event.retracted", "target": {"idempotency_key": drop.key},
                                     "reason": reason, "idempotency_key": f"review:{drop.key}:retracted"})
    for item in reviewed.added:
        key = f"bundle:{item['doc']}:a{item['n']}"
        attributes = dict(item["envelope"]["attributes"])
        envelope = {**item["envelope"], "attributes": attributes,
                    "citations": [cite(item["citation"], item["doc"], key)], "idempotency_key": key}
        lines["added"].append(envelope)
    news_counts: dict[str, int] = {}
    if news_dir is not None:
        lines["news"], news_counts = news_layer(news_dir, load_scorer(gold_dir), review.data.get("sources"))
    else:
        del lines["news"]
    for envelopes in lines.values():
        for envelope in envelopes:
            parse_envelope(envelope)  # every line must be a valid envelope on its own
    trial_load(lines)
    files = {FILES[name]: "".join(json.dumps(e, ensure_ascii=False, sort_keys=False) + "\n" for e in envelopes)
             for name, envelopes in lines.items()}
    summary = {
        "documents": len(imported.texts),
        "imported_facts": len(imported.facts),
        "imported_corroborations": len(imported.cites),
        "retracted": len(reviewed.retractions),
        "merged": len(reviewed.merges),
        "corrected": len(reviewed.corrections),
        "corrections_already_right": len(reviewed.already_right),
        "stale_decisions": len(review.stale),
        "added_by_hand": len(reviewed.added),
        "kept_without_gold": counts["kept_without_gold"],
        "gold_events": counts["gold"],
        "gold_matched": counts["matched"],
        "gold_declined": counts["declined"],
        "facts_in_force": sum(not f.retracted for f in imported.facts) + len(reviewed.added),
        **news_counts,
        "events": sum(len(v) for v in lines.values()),
    }
    return files, summary


def trial_load(lines: dict[str, list[dict[str, Any]]]) -> None:
    """Append the bundle, file by file, to a fresh scratch chronicle as ``chronicle load`` will, and once more
    to see that every event comes back a duplicate: the store's own checks are the last word."""
    with tempfile.TemporaryDirectory(prefix="chronicle-bundle-check-") as scratch:
        chronicle = Chronicle.open(f"sqlite:///{scratch}/check.db", upgrade=True)
        try:
            for name, envelopes in lines.items():
                try:
                    chronicle.append(envelopes, collect=False)
                except Exception as exc:  # noqa: BLE001 - any refusal is the build's failure
                    raise ReviewError(f"{FILES[name]} does not load: {exc}") from None
            for name, envelopes in lines.items():
                again = chronicle.append(envelopes, collect=False)
                if again.appended:
                    raise ReviewError(f"{FILES[name]}: {again.appended} events are appended again on a second load")
            report = chronicle.verify()
            if not report.ok:
                raise ReviewError(f"the loaded bundle does not verify: {report.reason}")
        finally:
            chronicle.close()


COUNTS_START = "<!-- counts:start -->"
COUNTS_END = "<!-- counts:end -->"


def counts_table(summary: dict[str, Any]) -> str:
    rows = [
        ("corpus documents imported", summary["documents"]),
        ("facts proposed by the importer", summary["imported_facts"]),
        ("corroborations (`citation.added`) proposed by the importer", summary["imported_corroborations"]),
        ("facts retracted in review", summary["retracted"]),
        ("facts merged into the same fact told by another document (retracted, their quote added to it)", summary["merged"]),
        ("facts corrected in review (`event.corrected`)", summary["corrected"]),
        ("review corrections the import no longer needed (it already says so; not appended)", summary["corrections_already_right"]),
        ("review decisions naming a fact the import no longer proposes (skipped)", summary["stale_decisions"]),
        ("facts added by hand", summary["added_by_hand"]),
        ("imported facts kept on the reviewer's judgment without a gold counterpart", summary["kept_without_gold"]),
        ("gold events (all five documents)", summary["gold_events"]),
        ("gold events matched by the bundle", summary["gold_matched"]),
        ("gold events declined in review", summary["gold_declined"]),
        ("facts in force after the review", summary["facts_in_force"]),
        ("news items (`../shared/eval/news`), each a source known by its metadata", summary.get("news_items", 0)),
        ("facts of the news items (their gold events)", summary.get("news_facts", 0)),
        ("... of which with the importer's attributes (title, visitor, kind)", summary.get("news_facts_with_importer_attributes", 0)),
        ("events in the bundle (all files)", summary["events"]),
    ]
    body = "\n".join(f"| {label} | {value} |" for label, value in rows)
    return f"{COUNTS_START}\n| | count |\n|---|---:|\n{body}\n{COUNTS_END}"


def stale_files(files: dict[str, str], summary: dict, out: Path) -> list[str]:
    """The files of ``out`` that differ from what the build gives (and the README's counts, when they do)."""
    stale = [name for name, content in files.items()
             if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != content]
    readme = out / "README.md"
    if readme.is_file() and counts_table(summary) not in readme.read_text(encoding="utf-8"):
        stale.append("README.md (counts)")
    return stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold")
    parser.add_argument("--news", type=Path, default=SHARED / "eval" / "news")
    parser.add_argument("--review", type=Path, default=ROOT / "data" / "review.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    parser.add_argument("--check", action="store_true", help="build, compare with --out, write nothing")
    parser.add_argument("--strict", action="store_true", help="fail on a decision that names no imported fact")
    args = parser.parse_args()
    try:
        files, summary = build(args.corpus, args.gold, args.review, strict=args.strict, news_dir=args.news)
    except ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    readme = args.out / "README.md"
    if args.check:
        stale = stale_files(files, summary, args.out)
        print(json.dumps(summary, indent=2))
        if stale:
            print(f"error: data/ is not what the build gives: {', '.join(stale)}", file=sys.stderr)
            return 1
        print("data/ is up to date", file=sys.stderr)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (args.out / name).write_text(content, encoding="utf-8")
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        if COUNTS_START in text and COUNTS_END in text:
            before, rest = text.split(COUNTS_START, 1)
            _, after = rest.split(COUNTS_END, 1)
            readme.write_text(before + counts_table(summary) + after, encoding="utf-8")
    print(json.dumps(summary, indent=2))
    return 0
