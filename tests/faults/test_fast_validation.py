"""The validation fast path builds exactly what the pydantic models build, and never accepts what they refuse.

``parse_envelope`` first tries ``fast_envelopes.fast_envelope``, which handles plain envelopes without pydantic and gives up
(returns None) on anything else; the models stay the definition of a valid envelope and of every error
message. For envelopes generated at random — valid ones, and ones broken in one or two places — whenever
the fast path answers, the models must accept the same input and build an equal NewEvent, down to each
model instance's fields and which fields were given.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from bench.generate import generate
from chronicle.domain import events as E
from chronicle.domain import fast_envelopes
from chronicle.domain.fact_types import FACT_TYPE
from chronicle.domain.events import EnvelopeError, parse_envelope_with_models

SHA = "5" * 64
TEXT = "Sentence one of the source. Sentence two of the source."

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.integers(2**53 - 2, 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["", " ", "  x  ", "by", " BY ", "BY-HO", "XX", "EAEU", "2019", " 2019-02 ", "2019-02-30",
                     "2019/2018", "2019-01/2020", "en", " RU ", "xx", "usd", " count ", "EUR", "about", "session",
                     "embassy", "economic", "1" * 201, SHA, SHA.upper(), "0190f2a8-aaaa-7bbb-8ccc-dddddddddddd",
                     "{0190F2A8-AAAA-7BBB-8CCC-DDDDDDDDDDDD}", "\u00a0x\u2003", "x\x00y"]),
    st.lists(st.sampled_from(["BY", "KR", " cn ", 1, None]), max_size=3),
    st.dictionaries(st.sampled_from(["label", "title", "url", "sha256", "x", "in", "in_"]),
                    st.sampled_from([None, "a", " ", 3]), max_size=2),
    st.tuples(st.integers(0, 5), st.integers(0, 9)),
)

def mostly(valid: list[Any], invalid: list[Any]) -> st.SearchStrategy[Any]:
    """Usually one of the valid values, now and then one of the invalid ones."""
    return st.integers(0, 24).flatmap(lambda n: st.sampled_from(invalid if n == 0 else valid))


texts = st.one_of(mostly(["Minsk", "  Seoul ", "A title", "x" * 10_000, "Forum 3", "\u00a0Гомель\t", "a\x00b"],
                         ["x" * 10_001, " ", "", 3, None]),
                  st.text(min_size=1, max_size=8))
parties = mostly(["BY", "KR", "by", " kr ", "CN", "BY-HO", "EAEU", "KR-11", "UN", "vn"], ["ZZ", "BY-ZZ", "X", "", 1])


@st.composite
def attributes_for(draw, event_type: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, (kind, allowed) in fast_envelopes.ATTRIBUTE_SPECS[event_type].items():
        if not draw(st.booleans()):
            continue
        if kind == "text":
            out[name] = draw(texts)
        elif kind == "literal":
            out[name] = draw(mostly(sorted(allowed), ["other ", "none", None]))
        elif kind == "party":
            out[name] = draw(parties)
        else:
            out[name] = draw(mostly([1, 2, 30], [0, -1, 2.0, "3", True]))
        if draw(st.integers(0, 9)) == 0:
            out[name] = None
    return out


@st.composite
def sources(draw) -> dict[str, Any]:
    if draw(st.booleans()):
        return {"sha256": draw(mostly([SHA], [SHA + "\n", "f" * 63, SHA.upper()]))}
    source: dict[str, Any] = {}
    for name in ("title", "publisher", "url"):
        if draw(st.booleans()):
            source[name] = draw(texts)
    if draw(st.booleans()):
        source["published"] = draw(mostly(["2020", " 2020-05 ", None], ["2020-13", 2020]))
    if draw(st.booleans()):
        source["language"] = draw(mostly(["en", " RU ", None], ["xx", "eng"]))
    if draw(st.booleans()):
        source["authors"] = draw(mostly([["Lee, Joel"], [" Tan, Tony ", "БелТА"], None],
                                        [[], ["x" * 10_001], [" "], "Lee, Joel", [3], ["a"] * 51]))
    if draw(st.booleans()):
        source["text"] = draw(mostly([TEXT, " ", None], [""]))
    return source


@st.composite
def citations(draw) -> dict[str, Any]:
    start = draw(st.integers(0, 20))
    citation: dict[str, Any] = {
        "source": draw(sources()),
        "quote": draw(mostly(["Sentence one", " spaced quote "], ["", "q" * 10_001, None])),
        "span": draw(mostly([[start, start + 12], (start, start + 3), [start, 2**40], [2**63, 2**64]],
                            [[start, start], [start], [-1, 2], [1.0, 2]])),
    }
    if draw(st.booleans()):
        citation["reference"] = draw(st.one_of(
            st.none(),
            st.fixed_dictionaries({}, optional={"label": st.sampled_from(["7", " 8 ", None, ""]),
                                                "title": st.sampled_from(["Work", None]),
                                                "url": st.sampled_from(["https://x", None])}),
        ))
    return citation


@st.composite
def facts(draw) -> dict[str, Any]:
    event_type = draw(st.sampled_from(E.FACT_TYPES))
    envelope: dict[str, Any] = {
        "type": event_type,
        "date": draw(mostly(["2019", " 2019-06 ", "2019-06-30", "2019-01/2020-02"], ["2019-13", "1", 2019])),
        "parties": draw(st.lists(parties, min_size=1, max_size=4)),
        "citations": draw(st.lists(citations(), min_size=1, max_size=2)),
    }
    if draw(st.booleans()):
        envelope["actors"] = draw(st.lists(texts, max_size=3))
    if draw(st.booleans()):
        envelope["attributes"] = draw(attributes_for(event_type))
    if event_type == "figure.reported" or draw(st.integers(0, 40)) == 0:
        figure: dict[str, Any] = {
            "metric": draw(mostly(list(E.METRICS), ["trade"])),
            "value": draw(st.one_of(mostly([0, 1, 182_000_000, 2**53, 2**60, 1.5, -0.0], [-1, 10**400, True, "1"]),
                                    st.floats(min_value=0, max_value=1e20))),
            "unit": draw(mostly(["USD", " usd ", "count", "kzt"], ["Count", "dollars"])),
        }
        if draw(st.booleans()):
            figure["qualifier"] = draw(mostly([None, "about", "more than"], ["roughly"]))
        envelope["figure"] = figure
    return envelope


@st.composite
def corrections(draw) -> dict[str, Any]:
    event_type = draw(st.sampled_from(E.CORRECTION_TYPES))
    target = draw(st.one_of(
        mostly(["0190f2a8-aaaa-7bbb-8ccc-dddddddddddd", "0190F2A8AAAA7BBB8CCCDDDDDDDDDDDD"], ["nope", 3]),
        st.fixed_dictionaries({"idempotency_key": mostly(["k-1", " k "], ["", "k" * 201, "k\x00"])}),
    ))
    envelope: dict[str, Any] = {"type": event_type, "target": target}
    if event_type == "citation.added":
        envelope["citation"] = draw(citations())
    else:
        envelope["reason"] = draw(texts)
    if event_type == "event.corrected":
        changes: dict[str, Any] = {}
        if draw(st.booleans()):
            changes["date"] = draw(mostly(["2018", " 2018-02 "], ["2018-02-30"]))
        if draw(st.booleans()):
            changes["parties"] = draw(st.lists(parties, min_size=1, max_size=3))
        if draw(st.booleans()):
            changes["figure"] = {"metric": "trade.turnover", "value": draw(mostly([1, 2.5], [-1])), "unit": "USD"}
        if draw(st.booleans()):
            changes["attributes"] = draw(st.dictionaries(st.sampled_from(["domain", "title", "x"]),
                                                         mostly(["economic", 3, 2.5, True], [None, [1], {"a": None}]),
                                                         max_size=2))
        envelope["changes"] = changes
    return envelope


@st.composite
def envelopes(draw) -> dict[str, Any]:
    envelope = draw(st.one_of(facts(), corrections()))
    if draw(st.booleans()):
        envelope["idempotency_key"] = draw(mostly(["k-1", " k ", "k" * 200, None], ["", "k" * 201, 5, "k\x00"]))
    if draw(st.booleans()):
        envelope["expected_version"] = draw(mostly([None, 0, 3, {"BY:KR": 1}], [-1, True, 2.0, {"BY:KR": -1}]))
    for _ in range(draw(mostly([0, 0, 0, 1, 2], [3]))):  # break it somewhere
        path = _paths(envelope)
        where = draw(st.sampled_from(path))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        _mutate(envelope, where, action, draw(junk), draw(st.sampled_from(["x", "in_", "from_", "sha256", "date"])))
    return envelope


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_paths(item, (*prefix, i)))
    return out


def _mutate(envelope: dict, path: tuple, action: str, value: Any, new_key: str) -> None:
    if not path:
        envelope[new_key] = value
        return
    parent = envelope
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][new_key] = value
    else:
        parent[last] = value


def _same(a: Any, b: Any) -> bool:
    """Equal, with the same types throughout, and model instances alike in every field and fields set."""
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseModel):
        return (
            a.__pydantic_fields_set__ == b.__pydantic_fields_set__
            and a.__pydantic_extra__ == b.__pydantic_extra__
            and a.__pydantic_private__ == b.__pydantic_private__
            and list(a.__dict__) == list(b.__dict__)
            and all(_same(a.__dict__[k], b.__dict__[k]) for k in a.__dict__)
        )
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


def _check(envelope: dict[str, Any]) -> bool:
    """Whether the fast path answered; fails if its answer differs from the models'."""
    before = copy.deepcopy(envelope)
    fast = fast_envelopes.fast_envelope(envelope)
    assert envelope == before, "the fast path changed its input"
    if fast is None:
        return False
    try:
        slow = parse_envelope_with_models(copy.deepcopy(envelope))
    except EnvelopeError as exc:  # pragma: no cover - this is the failure the test looks for
        raise AssertionError(f"the fast path accepted what the models refuse: {exc}\n{envelope!r}") from None
    assert fast == slow
    for name in ("type", "date", "parties", "content", "citations", "target", "target_key", "idempotency_key",
                 "expected_version"):
        assert _same(getattr(fast, name), getattr(slow, name)), (name, envelope)
    return True


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(envelope=envelopes())
def test_the_fast_path_agrees_with_the_models(envelope):
    _check(envelope)


def test_the_fast_path_takes_every_generated_envelope():
    """The benchmark's envelopes are plain: every one takes the fast path (or the benchmark would not
    measure it), and each gives what the models give."""
    taken = [_check(envelope) for envelope in generate(3000, 50, seed=3)]
    assert all(taken)


def test_the_attribute_table_covers_every_attribute_model():
    for event_type, entry in FACT_TYPE.items():
        names = {info.alias or name for name, info in entry.attributes.model_fields.items()}
        assert set(fast_envelopes.ATTRIBUTE_SPECS[event_type]) == names
