"""The corpus layer of the bundle: the corpus documents imported by the importer, the review's decisions
applied to what it proposed (``data/review.yaml``), and the check of the result against the gold annotations
(see data/README.md)."""

from __future__ import annotations

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

from bundle.passages import ELLIPSIS, Passages, ReviewError, normalize_passage
from chronicle.application import Chronicle
from chronicle.domain.fact_types import FACT_TYPES
from chronicle.domain.sources import quote_mismatch
from importers import read_document
from importers.importing import import_document


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


class _Touched:
    """What the review has done to each fact so far: a fact is retracted once, and never also corrected."""

    def __init__(self) -> None:
        self.done: dict[str, str] = {}

    def once(self, fact: Fact, what: str) -> None:
        if fact.key in self.done and any(w.startswith("retract") for w in (self.done[fact.key], what)):
            raise ReviewError(f"{fact.key} is both {self.done[fact.key]} and {what}")
        self.done[fact.key] = what


def apply_review(review: Review, imported: Imported) -> Reviewed:
    """The review's decisions applied to what the import proposed: corrections, retractions (of duplicates
    too), merges, facts kept without a gold match, additions; the declined and the loose matches noted."""
    out = Reviewed()
    touched = _Touched()
    _correct(review, out, touched)
    _retract(review, out, touched)
    _merge(review, out, touched)
    for item in review.items("kept"):
        fact = review.find(item, "kept")
        if fact is not None:
            out.kept[fact.key] = item["why"].strip()
    _add(review, imported, out)
    out.declined = review.items("declined")
    out.loose_ok = [f.key for f in (review.find(item, "loose_ok") for item in review.items("loose_ok")) if f]
    return out


def _correct(review: Review, out: Reviewed, touched: _Touched) -> None:
    """Each correction's changes that the import does not already make, applied to its fact."""
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
        touched.once(fact, "corrected")
        for name, value in changes.items():
            if name == "attributes":
                fact.current.setdefault("attributes", {}).update(value)
            elif name in ("date", "parties", "figure"):
                fact.current[name] = value
            else:
                raise ReviewError(f"correction of {fact.key}: {name} cannot be changed")
        out.corrections.append((fact, item["reason"].strip(), changes))


def _retract(review: Review, out: Reviewed, touched: _Touched) -> None:
    """Each retraction; one of a duplicate names the fact it repeats, and lapses when that fact is gone."""
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
        touched.once(fact, "retracted")
        fact.retracted = True
        out.retractions.append((fact, reason))


def _merge(review: Review, out: Reviewed, touched: _Touched) -> None:
    """Each merge: the dropped fact retracted, its passage a new citation of the kept one."""
    counters: Counter[str] = Counter()
    for item in review.items("merges"):
        keep = review.find(item["keep"], "merge keep")
        if keep is None or review.already_cited(item["drop"], keep):
            continue  # the importer itself recognized the passage as the same fact (a corroboration)
        drop = review.find(item["drop"], "merge drop")
        if drop is None:
            continue
        touched.once(drop, "retracted")
        drop.retracted = True
        counters[drop.doc] += 1
        cite = Cite(drop.doc, counters[drop.doc], keep, dict(drop.citation), "merge")
        out.merges.append((cite, drop, f"{item['reason'].strip()} (kept as {keep.key}, which now cites this passage)"))


def _add(review: Review, imported: Imported, out: Reviewed) -> None:
    """Each addition: a fact the import missed, its quote found exactly once in its document's text."""
    counters: Counter[str] = Counter()
    for item in review.items("additions"):
        doc = str(item["doc"]).zfill(3)
        text = imported.texts[doc]
        found = Passages(text).find_all(item["quote"])
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
        counters[doc] += 1
        out.added.append({"doc": doc, "n": counters[doc], "envelope": envelope,
                          "citation": {"quote": quote, "span": span,
                                       "reference": reference_for(imported, doc, item.get("reference"))},
                          "note": (item.get("note") or "").strip()})


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


@dataclass
class _GoldCheck:
    """What the match against the gold has found so far: the counts, each citation owner's gold event, the
    declined and kept decisions used, the loose matches and the problems."""

    reviewed: Reviewed
    declined: set[tuple[str, str]]
    counts: dict[str, int] = field(default_factory=lambda: {"gold": 0, "matched": 0, "kept_without_gold": 0,
                                                             "declined": 0})
    matched_gold: dict[str, dict] = field(default_factory=dict)
    used_declined: set[tuple[str, str]] = field(default_factory=set)
    kept_used: set[str] = field(default_factory=set)
    loose: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def matched(self, doc: str, passages: Passages, gold: list[dict], doc_preds: list[Prediction],
                matching: dict[int, int]) -> None:
        for gi, pj in matching.items():
            self.matched_gold[doc_preds[pj].owner] = gold[gi]
            distance = _distance(passages, gold[gi]["quote"], doc_preds[pj].citation["span"])
            if distance is None or distance > LOOSE:
                self.loose.append(f"{doc_preds[pj].owner} {gold[gi]['type']} {gold[gi]['date']}: matched a gold event "
                                  f"{'not found' if distance is None else f'{distance} characters away'}: gold "
                                  f"{gold[gi]['quote'][:70]!r} / bundle {doc_preds[pj].citation['quote'][:70]!r}")

    def unmatched_predictions(self, doc: str, doc_preds: list[Prediction], hit: set[int]) -> None:
        for j, pred in enumerate(doc_preds):
            if j in hit:
                continue
            if pred.fact_key in self.reviewed.kept:
                self.kept_used.add(pred.fact_key)
                continue
            self.problems.append(f"{pred.owner} ({pred.fact['type']} {pred.fact['date']} {pred.fact['parties']}) matches "
                                 f"no gold event of {doc} and the review neither retracts nor keeps it: "
                                 f"{pred.fact['quote'][:90]!r}")

    def unmatched_gold(self, doc: str, gold: list[dict], matching: dict[int, int]) -> None:
        for i, event in enumerate(gold):
            if i in matching:
                continue
            key = next((d for d in self.declined if d[0] == doc and d[1] in norm(event["quote"])), None)
            if key is not None:
                self.used_declined.add(key)
                self.counts["declined"] += 1
                continue
            self.problems.append(f"gold {doc} {event['type']} {event['date']} {event['parties']} is not in the bundle "
                                 f"and not declined by the review: {event['quote'][:90]!r}")

    def unused_decisions(self) -> None:
        self.counts["kept_without_gold"] = len(self.kept_used)
        for key in self.reviewed.kept:
            if key not in self.kept_used:
                self.problems.append(f"the review keeps {key}, but it matches a gold event (or is retracted): "
                                     "drop it from 'kept'")
        for key in self.declined - self.used_declined:
            self.problems.append(f"the review declines gold {key[0]} {key[1][:60]!r}, but no unmatched gold event "
                                 "has that quote")
        accepted = {str(x) for x in self.reviewed.loose_ok}
        for line in self.loose:
            if line.split(" ", 1)[0] not in accepted:
                self.problems.append("loose match, check it (and list it under loose_ok): " + line)


def gold_check(imported: Imported, reviewed: Reviewed, gold_dir: Path) -> tuple[dict[str, Any], dict[str, dict]]:
    """Match the reviewed chronicle against the gold, document by document; return the counts, and for each
    citation owner the gold event it matched (to take a long quote's shorter gold passage)."""
    scorer = load_scorer(gold_dir)
    preds = predictions(imported, reviewed)
    check = _GoldCheck(reviewed, {(str(d["doc"]).zfill(3), norm(d["quote"])) for d in reviewed.declined})
    for doc in sorted(imported.texts):
        path = gold_dir / next((p.name for p in gold_dir.glob(f"{doc}_*.jsonl")), f"{doc}.jsonl")
        gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        doc_preds = preds.get(doc, [])
        matching = scorer.max_matching(gold, [p.fact for p in doc_preds])
        check.counts["gold"] += len(gold)
        check.counts["matched"] += len(matching)
        check.matched(doc, Passages(imported.texts[doc]), gold, doc_preds, matching)
        check.unmatched_predictions(doc, doc_preds, set(matching.values()))
        check.unmatched_gold(doc, gold, matching)
    check.unused_decisions()
    if check.problems:
        raise ReviewError("the review does not cover the import:\n  " + "\n  ".join(check.problems))
    return check.counts, check.matched_gold


LOOSE = 400  # characters between a gold passage and the bundled one beyond which a match is checked by hand


def _distance(passages: Passages, quote: str, span: list[int]) -> int | None:
    pieces = [p for p in ELLIPSIS.split(quote) if p.strip()]
    found = passages.find(pieces[0], span[0]) if pieces else None
    if found is None:
        return None
    if found[1] >= span[0] and found[0] <= span[1]:
        return 0
    return min(abs(found[0] - span[1]), abs(span[0] - found[1]))


def source_metadata(review: Review, imported: Imported, doc: str) -> dict[str, Any]:
    given = (review.data.get("sources") or {}).get(doc) or {}
    meta = {**imported.metadata[doc], **given}
    fields = ("title", "publisher", "url", "published", "language", "authors")
    return {k: meta.get(k) for k in fields if meta.get(k) is not None}
