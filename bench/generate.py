"""A deterministic generator of realistic chronicles for benchmarks.

``python -m bench.generate N [--relationships M] [--seed S] > events.jsonl`` writes N envelopes (JSON lines):
facts of every type between Belarus-like hubs and partner states over M relationships, dated 1950–2030 at
mixed precision (years, months, days, intervals), each citing a passage of one of a few generated source
documents (the first citation of each source carries its full text, later ones name it by key), and about
5 % corrections (retractions, corrected dates and figures, added citations) of earlier facts. The same
arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import uuid
from collections.abc import Iterator
from itertools import combinations

import orjson

from chronicle.domain import fact_types
from chronicle.domain.fact_types import FACT_TYPE, REGISTRY

STATES = [
    "BY", "KR", "CN", "IN", "VN", "PK", "IR", "AE", "SA", "OM", "MN", "SY", "KZ", "UZ", "TM", "KG", "TJ", "AF", "ID",
    "MY", "TH", "JP", "LA", "KH", "MM", "NP", "LK", "BD", "QA", "KW",
]
# The workload's mix: how often a fact of each type occurs, each type named by where the state shows it (its
# section and role in chronicle.domain.fact_types), in the order the generator draws from.
MIX = {
    ("meetings", "meeting"): 24, ("visits", "visit"): 14, ("figures", "figure"): 18, ("agreements", "signed"): 12,
    ("statements", "statement"): 8, ("ventures", "started"): 6, ("bodies", "established"): 3,
    ("agreements", "in_force"): 5, ("missions", "opened"): 3, ("restrictions", "imposed"): 2,
    ("established", "established"): 1,
}
_TYPE_AT = {(entry.section, entry.role): entry.name for entry in REGISTRY}
FACT_WEIGHTS = {_TYPE_AT[place]: weight for place, weight in MIX.items()}
TITLES = ["trade and economic cooperation", "avoidance of double taxation", "visa-free travel", "culture",
          "science and technology", "education", "investment protection", "customs", "health", "tourism"]
BODIES = ["joint commission", "business council", "working group on industry", "committee on science"]
DOMAINS = ["political", "economic", "science-tech", "cultural", "education"]
SOURCES = 20
SENTENCES_PER_SOURCE = 400


def relationships(m: int) -> list[tuple[str, str]]:
    pairs = list(combinations(STATES, 2))
    if m > len(pairs):
        raise SystemExit(f"at most {len(pairs)} relationships")
    return pairs[:m]


def _date(rng: random.Random) -> str:
    year = rng.randint(1950, 2030)
    kind = rng.random()
    if kind < 0.35:
        return str(year)
    month = rng.randint(1, 12)
    if kind < 0.7:
        return f"{year}-{month:02d}"
    if kind < 0.93:
        return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    return f"{year}-{month:02d}/{min(year + rng.randint(0, 1), 2030)}-12"


class _Sources:
    """A few documents with numbered sentences; citations quote a sentence at its exact span."""

    def __init__(self, rng: random.Random):
        self.docs = []
        for n in range(SOURCES):
            sentences = [f"Sentence {i} of document {n} reports a fact number {rng.randint(1, 10**6)}."
                         for i in range(SENTENCES_PER_SOURCE)]
            text = " ".join(sentences)
            spans, at = [], 0
            for s in sentences:
                spans.append((at, at + len(s)))
                at += len(s) + 1
            sha = hashlib.sha256(text.encode()).hexdigest()
            meta = {"title": f"Generated document {n}", "publisher": "Bench Press", "url": f"https://example.org/doc/{n}",
                    "published": str(2000 + n), "language": "en", "text": text}
            self.docs.append((sha, meta, text, spans))
        self.sent: set[int] = set()

    def citation(self, rng: random.Random) -> dict:
        n = rng.randrange(SOURCES)
        sha, meta, text, spans = self.docs[n]
        start, end = spans[rng.randrange(len(spans))]
        source = {"sha256": sha} if n in self.sent else meta
        self.sent.add(n)
        return {"source": source, "quote": text[start:end], "span": [start, end],
                "reference": {"label": str(rng.randint(1, 150)), "title": None, "url": None}}


def _attributes(rng: random.Random, type_: str, a: str, b: str) -> dict:
    """Random attributes of the type's attributes model."""
    attrs: dict = {"domain": rng.choice(DOMAINS)}
    model = FACT_TYPE[type_].attributes
    if model is fact_types.AgreementAttributes:
        attrs.update(title=f"Agreement on {rng.choice(TITLES)} {rng.randint(1, 40)}", level=rng.choice(["interstate", "intergovernmental", "interagency"]))
    elif model is fact_types.BodyAttributes:
        attrs.update(name=rng.choice(BODIES), kind="joint_commission")
    elif model is fact_types.MeetingAttributes:
        if rng.random() < 0.4:
            attrs.update(body=rng.choice(BODIES), kind="session", session_number=rng.randint(1, 30))
        else:
            attrs.update(name=f"Forum {rng.randint(1, 500)}", kind=rng.choice(["forum", "conference", "exhibition", "round_table"]))
    elif model is fact_types.VisitAttributes:
        attrs.update(visitor=f"Minister {rng.randint(1, 300)}", level=rng.choice(["minister", "head_of_state", "delegation"]), **{"from": a, "to": b})
    elif model is fact_types.MissionAttributes:
        attrs.update(kind=rng.choice(["embassy", "consulate", "trade_office"]), of=a, **{"in": b})
    elif model is fact_types.VentureAttributes:
        attrs.update(name=f"Joint venture {rng.randint(1, 2000)}", sector=rng.choice(["machinery", "food", "IT"]))
    elif model is fact_types.RestrictionAttributes:
        attrs.update(by=b, kind=rng.choice(["sanctions", "export_control"]))
    elif model is fact_types.StatementAttributes:
        attrs.update(speaker=f"Spokesperson {rng.randint(1, 50)}", topic="cooperation")
    return attrs


def generate(n: int, m: int = 200, seed: int = 1) -> Iterator[dict]:
    rng = random.Random(seed)
    rels = relationships(m)
    sources = _Sources(rng)
    types, weights = zip(*FACT_WEIGHTS.items(), strict=True)
    ids = uuid.UUID(int=rng.getrandbits(128))  # namespace for deterministic idempotency keys
    facts: list[tuple[str, str]] = []  # (key, type) of generated facts, to correct later
    for i in range(n):
        if facts and rng.random() < 0.05:
            which = rng.randrange(len(facts))
            key, type_ = facts[which]
            correction = _correction(rng, key, type_, sources, i, ids)
            if correction["type"] == "event.retracted":  # a retracted fact takes no further corrections
                facts[which] = facts[-1]
                facts.pop()
            yield correction
            continue
        a, b = rels[min(int(rng.paretovariate(1.2)) - 1, m - 1)] if rng.random() < 0.3 else rels[rng.randrange(m)]
        type_ = rng.choices(types, weights)[0]
        key = f"{ids}-{i}"
        event = {
            "type": type_,
            "date": _date(rng),
            "parties": [a, b],
            "actors": [],
            "attributes": _attributes(rng, type_, a, b),
            "citations": [sources.citation(rng)],
            "idempotency_key": key,
        }
        if FACT_TYPE[type_].carries_figure:
            event["figure"] = {"metric": rng.choice(["trade.turnover", "trade.exports", "trade.imports", "investment"]),
                               "value": rng.randint(1, 5000) * 100_000, "unit": "USD",
                               "qualifier": rng.choice([None, None, "about", "more than"])}
            event["date"] = str(rng.randint(1992, 2025))
        facts.append((key, type_))
        yield event


def _correction(rng: random.Random, key: str, type_: str, sources: _Sources, i: int, ids: uuid.UUID) -> dict:
    """Corrections name their target by the idempotency key it was appended with."""
    kind = rng.random()
    base = {"idempotency_key": f"{ids}-{i}", "target": {"idempotency_key": key}}
    if kind < 0.25:
        return {**base, "type": "citation.added", "citation": sources.citation(rng)}
    if kind < 0.35:
        return {**base, "type": "event.retracted", "reason": "not supported by the source"}
    changes: dict = {"date": _date(rng)}
    if FACT_TYPE[type_].carries_figure and rng.random() < 0.5:
        changes = {"figure": {"metric": "trade.turnover", "value": rng.randint(1, 5000) * 100_000, "unit": "USD"}}
    return {**base, "type": "event.corrected", "reason": "misread", "changes": changes}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("--relationships", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = sys.stdout.buffer
    for event in generate(args.n, args.relationships, args.seed):
        out.write(orjson.dumps(event) + b"\n")


if __name__ == "__main__":
    main()
