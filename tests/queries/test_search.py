"""Full-text search over the facts: Russian case forms and English plurals, facets, as_of and known_at,
corrections and retractions, on the suite's engine."""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timezone

import pytest

from chronicle.domain.events import EnvelopeError
from tests.builders import added_citation, correction, fact, retraction

RU_TEXT = (
    "В 2019 году в Минске прошло заседание совместной комиссии Беларуси и Кореи. "
    "Стороны подписали соглашения о сотрудничестве в области образования. "
    "Посол встретился с представителями Корейской торговой палаты. "
)
RU_SOURCE = {"title": "Новости посольства", "publisher": "Посольство Республики Беларусь", "url": "https://example.org/ru",
             "published": "2019", "language": "ru", "text": RU_TEXT}


def ru_citation(quote: str, *, first: bool = False) -> dict:
    start = RU_TEXT.index(quote)
    source = RU_SOURCE if first else {"sha256": hashlib.sha256(RU_TEXT.encode()).hexdigest()}
    return {"source": source, "quote": quote, "span": [start, start + len(quote)]}


SESSION = "В 2019 году в Минске прошло заседание совместной комиссии Беларуси и Кореи"
SIGNED = "Стороны подписали соглашения о сотрудничестве в области образования"
CHAMBER = "Посол встретился с представителями Корейской торговой палаты"


@pytest.fixture
def chronicle_facts(chronicle):
    ids = chronicle.append([
        {"type": "meeting.held", "date": "2019-03", "parties": ["BY", "KR"], "citations": [ru_citation(SESSION, first=True)],
         "attributes": {"body": "совместная комиссия", "kind": "session", "session_number": 5}},
        {"type": "agreement.signed", "date": "2019-03", "parties": ["BY", "KR"], "citations": [ru_citation(SIGNED)],
         "attributes": {"title": "Соглашение о сотрудничестве в области образования", "domain": "education"}},
        fact("agreement.signed", "2015", ["BY", "VN"], "The agreement on trade was signed in 2015 and entered into force in 2016",
             attributes={"title": "Agreement on Trade", "level": "intergovernmental"}),
        fact("visit", "2021-05", ["BY", "VN"], "The minister visited Minsk in May 2019",
             attributes={"visitor": "The minister", "level": "minister", "from": "VN", "to": "BY"},
             actors=["Nguyen Van An"]),
        fact("agreement.signed", "2022-09", ["BY", "CN"], "The agreement on trade was signed in 2015 and entered into force in 2016",
             attributes={"title": "Agreements on customs", "level": "intergovernmental"}),
    ]).results
    return chronicle, [r.id for r in ids]


def found(chronicle, q, **kw) -> list[str]:
    return [r["id"] for r in chronicle.search(q, **kw)["results"]]


def test_russian_case_forms_find_each_other(chronicle_facts):
    chronicle, ids = chronicle_facts
    for q in ("Корея", "Кореи", "Корее", "Корею", "КОРЕЕЙ"):
        assert set(found(chronicle, q)) >= {ids[0], ids[1]}, q
    # the source says "соглашения", the query another form; both in the quote and the title
    assert found(chronicle, "соглашение образование") == [ids[1]]
    assert found(chronicle, "палатой") == []  # a quote of no fact
    assert ids[0] in found(chronicle, "комиссиях")


def test_english_plurals_and_singulars(chronicle_facts):
    chronicle, ids = chronicle_facts
    # the type's words are indexed too: the Russian agreement is an agreement
    assert set(found(chronicle, "agreements")) == {ids[1], ids[2], ids[4]}
    assert set(found(chronicle, "agreement")) == {ids[1], ids[2], ids[4]}
    assert set(found(chronicle, "trade agreements")) == {ids[2], ids[4]}
    assert found(chronicle, "visits minister") == [ids[3]]
    assert found(chronicle, "customs agreement") == [ids[4]]


def test_actors_sources_and_partners_are_searched(chronicle_facts):
    chronicle, ids = chronicle_facts
    assert found(chronicle, "Nguyen") == [ids[3]]
    assert set(found(chronicle, "посольство")) == {ids[0], ids[1]}  # the source's publisher
    assert set(found(chronicle, "Test Press")) == {ids[2], ids[3], ids[4]}  # builders' source
    assert set(found(chronicle, "Вьетнам")) == {ids[2], ids[3]}  # a partner's Russian name
    assert set(found(chronicle, "Viet Nam")) == {ids[2], ids[3]}


def test_results_newest_first_with_their_links(chronicle_facts):
    chronicle, ids = chronicle_facts
    out = chronicle.search("agreement")
    assert [r["id"] for r in out["results"]] == [ids[4], ids[1], ids[2]]
    first = out["results"][0]
    assert first["relationships"] == [["BY", "CN"]]
    assert first["date"] == "2022-09" and first["type"] == "agreement.signed" and first["title"]
    assert first["quote"].startswith("The agreement on trade")
    assert first["sources"][0]["title"] == "A test article"


def test_facets_count_and_narrow(chronicle_facts):
    chronicle, ids = chronicle_facts
    out = chronicle.search("Minsk")  # the two Russian facts say "Минске", the visit "Minsk": English only
    assert out["total"] == 1
    out = chronicle.search("Беларусь")
    assert out["total"] == 5
    facets = {name: {f["value"]: f["count"] for f in values} for name, values in out["facets"].items()}
    assert facets["partner"] == {"KR": 2, "VN": 2, "CN": 1}
    assert facets["type"] == {"agreement.signed": 3, "meeting.held": 1, "visit": 1}
    assert facets["year"] == {2019: 2, 2015: 1, 2021: 1, 2022: 1}
    assert facets["domain"]["education"] == 1
    narrowed = chronicle.search("Беларусь", partner="VN", type="agreement.signed")
    assert [r["id"] for r in narrowed["results"]] == [ids[2]]
    assert narrowed["chosen"] == {"partner": "VN", "type": "agreement.signed"}
    assert {f["value"] for f in narrowed["facets"]["partner"]} == {"VN"}
    assert found(chronicle, "Беларусь", year=2019, domain="education") == [ids[1]]
    assert found(chronicle, "Беларусь", partner="vn-hn") == found(chronicle, "Беларусь", partner="VN")  # a region: its state
    assert chronicle.search("Беларусь", limit=2, offset=4)["results"][0]["id"] == ids[2]


def test_as_of_is_valid_time(chronicle_facts):
    chronicle, ids = chronicle_facts
    assert set(found(chronicle, "agreement", as_of="2021")) == {ids[1], ids[2]}
    assert set(found(chronicle, "agreement", as_of="2022-08")) == {ids[1], ids[2]}
    assert set(found(chronicle, "agreement", as_of="2022-09")) == {ids[1], ids[2], ids[4]}
    assert found(chronicle, "agreement", as_of="2014") == []


def test_known_at_retraction_and_correction(chronicle_facts):
    chronicle, ids = chronicle_facts
    before = datetime.now(timezone.utc)
    time.sleep(0.01)
    chronicle.append([retraction(ids[4], "misread")])
    chronicle.append([correction(ids[2], "the year", date="2017")])
    chronicle.append([added_citation(ids[3], "Export controls were imposed in 2022")])
    assert found(chronicle, "customs") == []  # retracted
    assert found(chronicle, "customs", known_at=before) == [ids[4]]  # as known before
    assert found(chronicle, "agreement", year=2017) == [ids[2]]
    assert found(chronicle, "agreement", year=2015) == []
    assert found(chronicle, "agreement", year=2015, known_at=before) == [ids[2]]
    assert found(chronicle, "export controls") == [ids[3]]  # the added citation's quote
    assert found(chronicle, "export controls", known_at=before) == []
    early = datetime(2000, 1, 1, tzinfo=timezone.utc)
    assert chronicle.search("agreement", known_at=early)["total"] == 0


def test_rebuild_gives_the_same_search(chronicle_facts):
    chronicle, ids = chronicle_facts
    chronicle.append([retraction(ids[4], "misread")])
    asked = chronicle.search("Беларусь")
    chronicle.rebuild()
    assert chronicle.search("Беларусь") == asked
    assert chronicle.verify().ok


@pytest.mark.parametrize("asked, field", [
    ({"query": ""}, "q"), ({"query": "   "}, "q"), ({"query": "?!"}, "q"), ({"query": "x" * 501}, "q"),
    ({"query": "a", "type": "event.retracted"}, "type"), ({"query": "a", "domain": "sports"}, "domain"),
    ({"query": "a", "partner": "ZZZ"}, "partner"), ({"query": "a", "partner": "EAEU"}, "partner"),
    ({"query": "a", "partner": "BY"}, "partner"), ({"query": "___"}, "q"), ({"query": "a", "year": 0}, "year"),
    ({"query": "a", "limit": 0}, "limit"), ({"query": "a", "offset": -1}, "offset"),
])
def test_bad_parameters_are_refused_by_name(chronicle, asked, field):
    with pytest.raises(EnvelopeError) as caught:
        chronicle.search(**asked)
    assert [e.field for e in caught.value.errors] == [field]


def test_quotes_in_a_query_are_words_not_syntax(chronicle_facts):
    chronicle, ids = chronicle_facts
    assert found(chronicle, "-customs") == [ids[4]]  # not a negation
    assert found(chronicle, 'customs* "agreement"') == [ids[4]]
    assert found(chronicle, "customs: (agreement") == [ids[4]]


def test_a_broad_query_counts_its_newest_matches(chronicle_facts, monkeypatch):
    import chronicle.queries.search as search_module

    chronicle, ids = chronicle_facts
    monkeypatch.setattr(search_module, "COUNTED", 2)
    broad = chronicle.search("Беларусь")
    assert (broad["total"], broad["total_exact"]) == (3, False)  # at least 3 of the 5: the newest 3 counted
    assert {f["value"]: f["count"] for f in broad["facets"]["year"]} == {2022: 1, 2021: 1, 2019: 1}
    assert {f["value"]: f["count"] for f in broad["facets"]["partner"]} == {"CN": 1, "VN": 1, "KR": 1}
    assert len(chronicle.search("Беларусь", limit=5)["results"]) == 5  # the results are not cut
    narrowed = chronicle.search("Беларусь", partner="VN")
    assert (narrowed["total"], narrowed["total_exact"]) == (2, True)
    assert chronicle.search("Беларусь", partner="KR", type="meeting.held")["total_exact"] is True
