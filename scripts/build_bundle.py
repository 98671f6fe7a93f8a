#!/usr/bin/env python3
"""Build the bundled chronicle in ``data/`` from the corpus, the importer and the review.

    .venv/bin/python scripts/build_bundle.py            # build data/*.jsonl and the counts in data/README.md
    .venv/bin/python scripts/build_bundle.py --check    # build in memory and fail if data/ differs

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
4. Writes event JSON lines without the articles' text: the sources carry their metadata only, quotes are
   trimmed to at most a sentence or two (``MAX_QUOTE`` characters) with their spans adjusted, every event
   has a stable idempotency key (``bundle:<doc>:<n>`` for facts), and corrections name their targets by key.

The output is deterministic: the same corpus, importer and review give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chronicle.application import Chronicle  # noqa: E402
from chronicle.domain.canonical import QUOTE_NOISE, quote_key  # noqa: E402
from chronicle.domain.events import parse_envelope  # noqa: E402
from chronicle.domain.fact_types import FACT_TYPES  # noqa: E402
from chronicle.domain.sources import quote_mismatch  # noqa: E402
from importers import read_document  # noqa: E402
from importers.importing import import_document  # noqa: E402

SHARED = ROOT.parent / "shared"
MAX_QUOTE = 250  # characters of a bundled quote
GOLD_QUOTE_MAX = 320  # a gold annotation's passage is used for a long quote when it is at most this long
FILES = {
    "imported": "10-imported.jsonl",
    "corrections": "20-corrections.jsonl",
    "added": "30-added.jsonl",
}
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.|<\.\.\.>)\s*")


class ReviewError(Exception):
    pass


class NoneFound(ReviewError):
    """A decision names a fact the import does not have (any more)."""


# --- the scratch import ----------------------------------------------------------------------------------------


@dataclass
class Fact:
    doc: str
    n: int
    position: int
    id: str
    envelope: dict[str, Any]  # type, date, parties, actors, attributes, figure (as imported)
    citation: dict[str, Any]  # quote, span, reference
    current: dict[str, Any] = field(default_factory=dict)  # the fact after the review's corrections
    retracted: bool = False

    @property
    def key(self) -> str:
        return f"bundle:{self.doc}:{self.n}"


@dataclass
class Cite:
    doc: str
    n: int
    target: Fact
    citation: dict[str, Any]
    origin: str  # "import" or "merge"
    position: int = 0  # in the scratch import

    @property
    def key(self) -> str:
        prefix = "c" if self.origin == "import" else "m"
        return f"bundle:{self.doc}:{prefix}{self.n}"


@dataclass
class Imported:
    texts: dict[str, str]  # doc -> text
    metadata: dict[str, dict[str, Any]]  # doc -> the importer's metadata
    facts: list[Fact]
    cites: list[Cite]


def doc_id(path: Path) -> str:
    return path.name.split("_", 1)[0]


def corpus_documents(corpus: Path) -> list[Path]:
    docs = sorted(p for p in corpus.iterdir() if p.is_file() and re.match(r"\d{3}_", p.name))
    if not docs:
        raise SystemExit(f"no corpus documents (NNN_*.txt) in {corpus}")
    return docs


def run_import(corpus: Path) -> Imported:
    texts: dict[str, str] = {}
    metadata: dict[str, dict[str, Any]] = {}
    doc_of_source: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="chronicle-bundle-") as scratch:
        chronicle = Chronicle.open(f"sqlite:///{scratch}/scratch.db", upgrade=True)
        try:
            for path in corpus_documents(corpus):
                doc = doc_id(path)
                document = read_document(path)
                report = import_document(chronicle, document, path.name)
                if report.count("rejected"):
                    print(f"note: {path.name}: the importer rejected {report.count('rejected')} candidates",
                          file=sys.stderr)
                texts[doc] = document.text
                metadata[doc] = {"title": document.title, "publisher": document.publisher, "url": document.url,
                                 "published": document.published, "language": document.language}
                doc_of_source[hashlib.sha256(document.text.encode()).hexdigest()] = doc
            stored = list(chronicle.recorder.iter_all())
        finally:
            chronicle.close()
    facts: list[Fact] = []
    cites: list[Cite] = []
    by_id: dict[str, Fact] = {}
    counters: Counter[str] = Counter()
    cite_counters: Counter[str] = Counter()
    for event in stored:
        body = event.to_json()
        if event.type == "citation.added":
            citation = body["citation"]
            doc = doc_of_source[_source_key(citation["source"])]
            cite_counters[doc] += 1
            cites.append(Cite(doc, cite_counters[doc], by_id[body["target"]], _citation(citation), "import",
                              event.position))
            continue
        if event.type not in FACT_TYPES:
            raise SystemExit(f"the import wrote an unexpected {event.type} at position {event.position}")
        (citation,) = body["citations"]
        doc = doc_of_source[_source_key(citation["source"])]
        counters[doc] += 1
        envelope = {k: body[k] for k in ("type", "date", "parties", "actors", "attributes") if k in body}
        if "figure" in body:
            envelope["figure"] = body["figure"]
        fact = Fact(doc, counters[doc], event.position, event.id, envelope, _citation(citation))
        fact.current = json.loads(json.dumps(envelope))
        facts.append(fact)
        by_id[event.id] = fact
    return Imported(texts, metadata, facts, cites)


def _source_key(source: Any) -> str:
    return source if isinstance(source, str) else source["sha256"]


def _citation(citation: dict[str, Any]) -> dict[str, Any]:
    reference = citation.get("reference")
    if reference is not None:
        reference = {k: reference.get(k) for k in ("label", "title", "url")}
        if not any(reference.values()):
            reference = None
    return {"quote": citation["quote"], "span": list(citation["span"]), "reference": reference}


# --- finding passages in a text ----------------------------------------------------------------------------------


class Passages:
    """A document's text with its white space and hyphens taken out, to find quotes as the store compares them."""

    def __init__(self, text: str):
        self.text = text
        keep = [i for i, ch in enumerate(text) if not QUOTE_NOISE.match(ch)]
        self.index = keep
        self.key = "".join(text[i] for i in keep)

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        needle = quote_key(quote)
        if not needle:
            return []
        out, start = [], 0
        while (at := self.key.find(needle, start)) >= 0:
            out.append((self.index[at], self.index[at + len(needle) - 1] + 1))
            start = at + 1
        return out

    def find(self, quote: str, near: int = 0) -> tuple[int, int] | None:
        found = self.find_all(quote)
        return min(found, key=lambda s: abs(s[0] - near)) if found else None


def normalize_passage(text: str) -> str:
    """A passage as a quote: white space collapsed, words hyphenated across lines joined."""
    text = re.sub(r"(?<=[a-zа-яё])-[ \t]*\n\s*(?=[a-zа-яё])", "", text)
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def trim(quote: str, span: list[int], text: str, limit: int = MAX_QUOTE) -> tuple[str, list[int]]:
    """Cut a long quote at its last sentence (or clause, or word) end within ``limit`` characters, and its
    span with it; short quotes are returned as they are."""
    if len(quote) <= limit:
        return quote, span
    head = quote[:limit]
    cut = None
    for pattern in (r"[.!?»\"”](?=\s)", r"[;:](?=\s)", r",(?=\s)|\s[—–](?=\s)", r"\s"):
        ends = [m.end() if not m.group().isspace() else m.start() for m in re.finditer(pattern, head)]
        ends = [e for e in ends if e >= 60]
        if ends:
            cut = ends[-1]
            break
    short = quote[: cut or limit].rstrip(" ,;:—–")
    passages = Passages(text[span[0] : span[1]])
    found = passages.find(short, 0)
    if found is None or found[0] != 0:
        raise ReviewError(f"cannot trim the quote {quote[:60]!r}: its beginning is not at its span")
    return short, [span[0], span[0] + found[1]]


# --- the review -------------------------------------------------------------------------------------------------


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


class Review:
    def __init__(self, path: Path, imported: Imported):
        self.path = path
        self.data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        self.imported = imported
        self.stale: list[str] = []

    def find(self, selector: dict[str, Any], what: str) -> Fact | None:
        """The fact a decision names, or None (reported as stale) when the import no longer has it; a selector
        naming several facts is an error."""
        try:
            return self.select(selector, what)
        except NoneFound as exc:
            self.stale.append(str(exc))
            return None

    def select(self, selector: dict[str, Any], what: str) -> Fact:
        doc, kind, fragment = str(selector["doc"]).zfill(3), selector["type"], norm(selector["quote"])
        found = [
            f for f in self.imported.facts
            if f.doc == doc and f.envelope["type"] == kind and fragment in norm(f.citation["quote"])
            and ("date" not in selector or f.envelope["date"] == str(selector["date"]))
            and ("value" not in selector or (f.envelope.get("figure") or {}).get("value") == selector["value"])
            and ("parties" not in selector or f.envelope["parties"] == selector["parties"])
            and all(f.envelope.get("attributes", {}).get(k) == v for k, v in (selector.get("attributes") or {}).items())
        ]
        if not found:
            raise NoneFound(f"{what}: {doc} {kind} {selector['quote']!r} names no imported fact")
        if len(found) != 1:
            shown = ", ".join(f"{f.key} {f.envelope['date']}" for f in found) or "none"
            raise ReviewError(
                f"{what}: {doc} {kind} {selector['quote']!r} must name exactly one imported fact; it names {shown}"
            )
        return found[0]

    def already_cited(self, selector: dict[str, Any], target: Fact) -> bool:
        """Whether the import made the passage a corroboration of ``target`` rather than a fact of its own."""
        doc, fragment = str(selector["doc"]).zfill(3), norm(selector["quote"])
        return any(c.doc == doc and c.target is target and fragment in norm(c.citation["quote"])
                   for c in self.imported.cites)

    def items(self, section: str) -> list[dict[str, Any]]:
        return list(self.data.get(section) or [])


@dataclass
class Reviewed:
    retractions: list[tuple[Fact, str]] = field(default_factory=list)
    corrections: list[tuple[Fact, str, dict[str, Any]]] = field(default_factory=list)
    merges: list[tuple[Cite, Fact, str]] = field(default_factory=list)  # (new citation, dropped fact, reason)
    added: list[dict[str, Any]] = field(default_factory=list)  # {doc, n, envelope, citation, note}
    kept: dict[str, str] = field(default_factory=dict)  # fact key -> why it is kept without a gold match
    declined: list[dict[str, Any]] = field(default_factory=list)
    loose_ok: list[str] = field(default_factory=list)  # citations whose gold match is far from their passage
    already_right: list[str] = field(default_factory=list)  # corrections the import no longer needs


def apply_review(review: Review, imported: Imported) -> Reviewed:
    out = Reviewed()
    touched: dict[str, str] = {}

    def once(fact: Fact, what: str) -> None:
        if fact.key in touched and "retract" in (touched[fact.key], what):
            raise ReviewError(f"{fact.key} is both {touched[fact.key]} and {what}")
        touched[fact.key] = what

    for item in review.items("corrections"):
        fact = review.find(item, "correction")
        if fact is None:
            continue
        changes = {k: v for k, v in item["changes"].items() if not _already(fact.current, k, v)}
        if "attributes" in changes:
            changes["attributes"] = {k: v for k, v in changes["attributes"].items()
                                     if fact.current.get("attributes", {}).get(k) != v}
        if not changes:
            out.already_right.append(fact.key)  # the import already says what the correction would
            continue
        once(fact, "corrected")
        for name, value in changes.items():
            if name == "attributes":
                fact.current.setdefault("attributes", {}).update(value)
            elif name in ("date", "parties", "figure"):
                fact.current[name] = value
            else:
                raise ReviewError(f"correction of {fact.key}: {name} cannot be changed")
        out.corrections.append((fact, item["reason"].strip(), changes))
    for item in review.items("retractions"):
        fact = review.find(item, "retraction")
        if fact is None:
            continue
        reason = item["reason"].strip()
        if "duplicate_of" in item:
            kept = review.find(item["duplicate_of"], "duplicate_of")
            if kept is None:  # the fact it repeated is gone: it is no longer a duplicate
                continue
            reason = f"{reason} (kept as {kept.key})"
        once(fact, "retracted")
        fact.retracted = True
        out.retractions.append((fact, reason))
    merge_counters: Counter[str] = Counter()
    for item in review.items("merges"):
        keep = review.find(item["keep"], "merge keep")
        if keep is None or review.already_cited(item["drop"], keep):
            continue  # the importer itself recognized the passage as the same fact (a corroboration)
        drop = review.find(item["drop"], "merge drop")
        if drop is None:
            continue
        once(drop, "retracted")
        drop.retracted = True
        merge_counters[drop.doc] += 1
        cite = Cite(drop.doc, merge_counters[drop.doc], keep, dict(drop.citation), "merge")
        out.merges.append((cite, drop, f"{item['reason'].strip()} (kept as {keep.key}, which now cites this passage)"))
    for item in review.items("kept"):
        fact = review.find(item, "kept")
        if fact is not None:
            out.kept[fact.key] = item["why"].strip()
    added_counters: Counter[str] = Counter()
    for item in review.items("additions"):
        doc = str(item["doc"]).zfill(3)
        text = imported.texts[doc]
        passages = Passages(text)
        found = passages.find_all(item["quote"])
        if len(found) != 1:
            raise ReviewError(f"addition {doc} {item['quote'][:60]!r}: the quote is found {len(found)} times in the text")
        span = list(found[0])
        quote = normalize_passage(item["quote"])
        if quote_mismatch(text, quote, (span[0], span[1])):
            raise ReviewError(f"addition {doc} {item['quote'][:60]!r}: {quote_mismatch(text, quote, tuple(span))}")
        envelope = {"type": item["type"], "date": str(item["date"]), "parties": item["parties"],
                    "actors": item.get("actors") or [], "attributes": item.get("attributes") or {}}
        if "figure" in item:
            envelope["figure"] = {"qualifier": None, **item["figure"]}
        added_counters[doc] += 1
        out.added.append({"doc": doc, "n": added_counters[doc], "envelope": envelope,
                          "citation": {"quote": quote, "span": span,
                                       "reference": reference_for(imported, doc, item.get("reference"))},
                          "note": (item.get("note") or "").strip()})
    out.declined = review.items("declined")
    out.loose_ok = [f.key for f in (review.find(item, "loose_ok") for item in review.items("loose_ok")) if f]
    return out


def _already(current: dict[str, Any], name: str, value: Any) -> bool:
    if name == "attributes":
        attributes = current.get("attributes", {})
        return all(attributes.get(k) == v for k, v in value.items())
    if name == "figure":
        return {"qualifier": None, **(current.get("figure") or {})} == {"qualifier": None, **value}
    return current.get(name) == value


def reference_for(imported: Imported, doc: str, label: str | None) -> dict[str, Any] | None:
    """The cited work behind a footnote label, as the importer read it for the same document."""
    if label is None:
        return None
    label = str(label)
    for citation in [f.citation for f in imported.facts if f.doc == doc] + [c.citation for c in imported.cites if c.doc == doc]:
        reference = citation.get("reference") or {}
        if reference.get("label") == label and (reference.get("title") or reference.get("url")):
            return dict(reference)
    return {"label": label, "title": None, "url": None}


# --- the gold check ---------------------------------------------------------------------------------------------


def load_scorer(gold_dir: Path):
    path = gold_dir.parent / "score.py"
    spec = importlib.util.spec_from_file_location("chronicle_gold_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Prediction:
    doc: str
    fact: dict[str, Any]  # type, date, parties, figure, quote, reference
    owner: str  # the key of the fact (or of the citation) that makes it
    fact_key: str
    citation: dict[str, Any]


def predictions(imported: Imported, reviewed: Reviewed) -> dict[str, list[Prediction]]:
    out: dict[str, list[Prediction]] = defaultdict(list)

    def add(doc: str, fact: dict[str, Any], owner: str, fact_key: str, citation: dict[str, Any]) -> None:
        line = {k: fact.get(k) for k in ("type", "date", "parties", "figure")}
        line["quote"] = citation["quote"]
        line["reference"] = citation.get("reference")
        out[doc].append(Prediction(doc, line, owner, fact_key, citation))

    for fact in imported.facts:
        if not fact.retracted:
            add(fact.doc, fact.current, fact.key, fact.key, fact.citation)
    for cite in imported.cites + [c for c, _, _ in reviewed.merges]:
        if not cite.target.retracted:
            add(cite.doc, cite.target.current, cite.key, cite.target.key, cite.citation)
    for item in reviewed.added:
        key = f"bundle:{item['doc']}:a{item['n']}"
        add(item["doc"], item["envelope"], key, key, item["citation"])
    return out


def gold_check(imported: Imported, reviewed: Reviewed, gold_dir: Path) -> tuple[dict[str, Any], dict[str, dict]]:
    """Match the reviewed chronicle against the gold, document by document; return the counts, and for each
    citation owner the gold event it matched (to take a long quote's shorter gold passage)."""
    scorer = load_scorer(gold_dir)
    preds = predictions(imported, reviewed)
    problems: list[str] = []
    matched_gold: dict[str, dict] = {}
    counts = {"gold": 0, "matched": 0, "kept_without_gold": 0, "declined": 0}
    declined = {(str(d["doc"]).zfill(3), norm(d["quote"])) for d in reviewed.declined}
    used_declined: set[tuple[str, str]] = set()
    kept_used: set[str] = set()
    loose: list[str] = []
    for doc in sorted(imported.texts):
        path = gold_dir / next((p.name for p in gold_dir.glob(f"{doc}_*.jsonl")), f"{doc}.jsonl")
        gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        doc_preds = preds.get(doc, [])
        matching = scorer.max_matching(gold, [p.fact for p in doc_preds])
        counts["gold"] += len(gold)
        counts["matched"] += len(matching)
        hit = set(matching.values())
        passages = Passages(imported.texts[doc])
        for gi, pj in matching.items():
            matched_gold[doc_preds[pj].owner] = gold[gi]
            distance = _distance(passages, gold[gi]["quote"], doc_preds[pj].citation["span"])
            if distance is None or distance > LOOSE:
                loose.append(f"{doc_preds[pj].owner} {gold[gi]['type']} {gold[gi]['date']}: matched a gold event "
                             f"{'not found' if distance is None else f'{distance} characters away'}: gold "
                             f"{gold[gi]['quote'][:70]!r} / bundle {doc_preds[pj].citation['quote'][:70]!r}")
        for j, pred in enumerate(doc_preds):
            if j in hit:
                continue
            if pred.fact_key in reviewed.kept:
                kept_used.add(pred.fact_key)
                continue
            problems.append(f"{pred.owner} ({pred.fact['type']} {pred.fact['date']} {pred.fact['parties']}) matches no "
                            f"gold event of {doc} and the review neither retracts nor keeps it: {pred.fact['quote'][:90]!r}")
        for i, event in enumerate(gold):
            if i in matching:
                continue
            key = next((d for d in declined if d[0] == doc and d[1] in norm(event["quote"])), None)
            if key is not None:
                used_declined.add(key)
                counts["declined"] += 1
                continue
            problems.append(f"gold {doc} {event['type']} {event['date']} {event['parties']} is not in the bundle and "
                            f"not declined by the review: {event['quote'][:90]!r}")
    counts["kept_without_gold"] = len(kept_used)
    for key in reviewed.kept:
        if key not in kept_used:
            problems.append(f"the review keeps {key}, but it matches a gold event (or is retracted): drop it from 'kept'")
    for key in declined - used_declined:
        problems.append(f"the review declines gold {key[0]} {key[1][:60]!r}, but no unmatched gold event has that quote")
    accepted = {str(x) for x in reviewed.loose_ok}
    for line in loose:
        if line.split(" ", 1)[0] not in accepted:
            problems.append("loose match, check it (and list it under loose_ok): " + line)
    if problems:
        raise ReviewError("the review does not cover the import:\n  " + "\n  ".join(problems))
    return counts, matched_gold


LOOSE = 400  # characters between a gold passage and the bundled one beyond which a match is checked by hand


def _distance(passages: Passages, quote: str, span: list[int]) -> int | None:
    pieces = [p for p in ELLIPSIS.split(quote) if p.strip()]
    found = passages.find(pieces[0], span[0]) if pieces else None
    if found is None:
        return None
    if found[1] >= span[0] and found[0] <= span[1]:
        return 0
    return min(abs(found[0] - span[1]), abs(span[0] - found[1]))


# --- the output -------------------------------------------------------------------------------------------------


def source_metadata(review: Review, imported: Imported, doc: str) -> dict[str, Any]:
    given = (review.data.get("sources") or {}).get(doc) or {}
    meta = {**imported.metadata[doc], **given}
    return {k: meta.get(k) for k in ("title", "publisher", "url", "published", "language") if meta.get(k) is not None}


def bundled_citation(citation: dict[str, Any], doc: str, text: str, source: dict[str, Any],
                     gold: dict[str, Any] | None) -> dict[str, Any]:
    quote, span = citation["quote"], citation["span"]
    if len(quote) > MAX_QUOTE and gold is not None:
        quote, span = _gold_passage(gold, text, span) or (quote, span)
    quote, span = trim(quote, span, text)
    problem = quote_mismatch(text, quote, (span[0], span[1]))
    if problem:
        raise ReviewError(f"{doc}: {problem}")
    out = {"source": source, "quote": quote, "span": span}
    if citation.get("reference"):
        out["reference"] = citation["reference"]
    return out


def _gold_passage(gold: dict[str, Any], text: str, span: list[int]) -> tuple[str, list[int]] | None:
    """The gold annotation's passage for the same event, found near the imported span, when it is shorter."""
    pieces = [p for p in ELLIPSIS.split(gold["quote"]) if p.strip()]
    passages = Passages(text)
    located = [passages.find(p, span[0]) for p in pieces]
    if not located or any(s is None for s in located):
        return None
    start, end = located[0][0], located[-1][1]  # type: ignore[index]
    if len(pieces) > 1 and (end <= start or end - start > GOLD_QUOTE_MAX):
        end = located[0][1]  # type: ignore[index]
    if end - start > GOLD_QUOTE_MAX or not (start < span[1] + 400 and end > span[0] - 400):
        return None
    quote = normalize_passage(text[start:end]) if len(pieces) > 1 else normalize_passage(pieces[0])
    if quote_mismatch(text, quote, (start, end)):
        quote = normalize_passage(text[start:end])
    return quote, [start, end]


def build(corpus: Path, gold_dir: Path, review_path: Path, strict: bool = False) -> tuple[dict[str, str], dict[str, Any]]:
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
        ("events in the bundle (all three files)", summary["events"]),
    ]
    body = "\n".join(f"| {label} | {value} |" for label, value in rows)
    return f"{COUNTS_START}\n| | count |\n|---|---:|\n{body}\n{COUNTS_END}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold")
    parser.add_argument("--review", type=Path, default=ROOT / "data" / "review.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    parser.add_argument("--check", action="store_true", help="build, compare with --out, write nothing")
    parser.add_argument("--strict", action="store_true", help="fail on a decision that names no imported fact")
    args = parser.parse_args()
    try:
        files, summary = build(args.corpus, args.gold, args.review, strict=args.strict)
    except ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    readme = args.out / "README.md"
    if args.check:
        stale = [name for name, content in files.items()
                 if not (args.out / name).is_file() or (args.out / name).read_text(encoding="utf-8") != content]
        if readme.is_file() and counts_table(summary) not in readme.read_text(encoding="utf-8"):
            stale.append("README.md (counts)")
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


if __name__ == "__main__":
    sys.exit(main())
