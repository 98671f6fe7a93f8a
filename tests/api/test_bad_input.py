"""Hostile or malformed input: each a clear 4xx (or, for a valid but early date, an empty answer), never a
500, and nothing stored. Runs on both engines (the chronicle fixture's)."""

from __future__ import annotations

import json
from copy import deepcopy

import pytest
from tests.api.conftest import AUTH
from tests.api.servers import run_chronicle
from tests.builders import correction, fact, figure

VISIT = "The minister visited Minsk in May 2019"
TRADE = "In 2019 trade amounted to 182 million dollars"
JSON = {**AUTH, "content-type": "application/json"}


def _visit(**changes) -> dict:
    envelope = deepcopy(fact("visit", "2019-05", ["BY", "KR"], VISIT))  # its source is the builders' own dict
    envelope.update(changes)
    return envelope


def _with_surrogate(path: str) -> str:
    """A visit's JSON with a lone surrogate escape put into the string at ``path`` (dotted)."""
    envelope = _visit(actors=["A"], idempotency_key="k")
    envelope["citations"][0]["reference"] = {"label": "1", "title": "T", "url": None}
    node = envelope
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    key = int(last) if last.isdigit() else last
    node[key] = "MARK" + node[key]
    return json.dumps(envelope).replace("MARK", "\\ud800")


SURROGATE_PLACES = ["actors.0", "idempotency_key", "citations.0.quote", "citations.0.source.title",
                    "citations.0.source.text", "citations.0.source.url", "citations.0.reference.title", "type",
                    "date", "parties.1"]


def _stored(chronicle) -> dict[str, int]:
    with chronicle.db.read() as conn:
        return {t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar_one()
                for t in ("events", "sources", "citations", "transactions")}


@pytest.fixture
def seeded(chronicle):
    chronicle.append([fact("visit", "2019-05", ["BY", "KR"], VISIT), figure("2019", 182e6, TRADE, full_source=False)])
    return chronicle


@pytest.mark.parametrize("place", SURROGATE_PLACES)
def test_a_lone_surrogate_in_any_string_is_a_422(client, seeded, place):
    before = _stored(seeded)
    response = client.post("/api/events", content=_with_surrogate(place), headers=JSON)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid event"
    assert _stored(seeded) == before


def test_a_lone_surrogate_in_a_batch_refuses_the_batch(client, seeded):
    before = _stored(seeded)
    good = json.dumps(_visit(date="2020"))
    response = client.post("/api/events", content=f"[{good}, {_with_surrogate('actors.0')}]", headers=JSON)
    assert response.status_code == 422 and response.json()["detail"][0]["index"] == 1
    assert _stored(seeded) == before


def test_a_lone_surrogate_in_a_correction_is_a_422(client, seeded):
    target = seeded.recorder.read_page(0, 1)[0][0].id
    body = json.dumps(correction(target, reason="MARK", date="2019-06")).replace("MARK", "\\udc00")
    assert client.post("/api/events", content=body, headers=JSON).status_code == 422
    body = json.dumps(correction(target, attributes={"summary": "MARK"})).replace("MARK", "\\udc00")
    assert client.post("/api/events", content=body, headers=JSON).status_code == 422
    assert _stored(seeded)["events"] == 2


BAD_ENVELOPES = {
    "fullwidth year": _visit(date="１９９２"),
    "fullwidth day": _visit(date="2021-05-0１"),
    "arabic-indic digits": _visit(date="٢٠١٩"),
    "fullwidth interval": _visit(date="2019/２０２０"),
    "fullwidth published": _visit(citations=[{**_visit()["citations"][0],
                                              "source": {**_visit()["citations"][0]["source"], "published": "２０２４"}}]),
    "one party": _visit(parties=["BY"]),
    "one party twice": _visit(parties=["BY", "BY"]),
    "one party in two spellings": _visit(parties=["BY", " by "]),
    "a boolean span": _visit(citations=[{**_visit()["citations"][0], "span": [True, 40]}]),
    "a string span": _visit(citations=[{**_visit()["citations"][0], "span": ["0", "40"]}]),
    "a boolean expected version": _visit(expected_version=True),
    "a boolean session number": fact("body.session", "2019", ["BY", "KR"], VISIT, attributes={"session_number": True}),
}


def _figure_with(value) -> dict:
    envelope = figure("2019", 1, TRADE)
    envelope["figure"]["value"] = value
    return envelope


BAD_ENVELOPES |= {
    "value true": _figure_with(True),
    "value false": _figure_with(False),
    "value as a string": _figure_with("182"),
    "value in fullwidth digits": _figure_with("１８２"),
}


@pytest.mark.parametrize("name", list(BAD_ENVELOPES))
def test_non_canonical_numbers_dates_and_parties_are_a_422(client, seeded, name):
    before = _stored(seeded)
    response = client.post("/api/events", json=deepcopy(BAD_ENVELOPES[name]), headers=AUTH)
    assert response.status_code == 422, response.text
    assert _stored(seeded) == before


def test_a_correction_cannot_leave_a_fact_with_one_party(client, seeded):
    target = seeded.recorder.read_page(0, 1)[0][0].id
    for parties in (["BY"], ["KR", "KR"]):
        response = client.post("/api/events", json=correction(target, parties=parties), headers=AUTH)
        assert response.status_code == 422, response.text
    assert _stored(seeded)["events"] == 2


@pytest.mark.parametrize("as_of", ["0001", "0002", "0003", "0004", "0005", "0999-12-31", "0001/0002"])
def test_an_as_of_before_the_year_1000_is_a_422_that_says_the_range(client, seeded, as_of):
    for url in (f"/api/relations/BY/KR?as_of={as_of}", f"/api/relations/BY/KR/timeline?as_of={as_of}",
                f"/api/export?format=csv&as_of={as_of}", f"/api/relations/BY/KR/compare?from={as_of}&to=2019"):
        response = client.get(url)
        assert response.status_code == 422, (url, response.text)
        assert "as_of is a date from 1000 to 9999" in response.text, url
    page = client.get(f"/relations/BY/KR?as_of={as_of}")
    assert page.status_code == 400
    assert "as_of is a date from 1000 to 9999" in page.text
    assert client.get(f"/relations/BY/KR/compare?from={as_of}&to=2019").status_code == 400


@pytest.mark.parametrize("as_of", ["1000", "1000-01-01", "0001/1000", "9999"])
def test_an_as_of_from_the_year_1000_is_a_state(client, seeded, as_of):
    assert client.get(f"/api/relations/BY/KR?as_of={as_of}").status_code == 200
    assert client.get(f"/relations/BY/KR?as_of={as_of}").status_code == 200
    assert client.get(f"/api/export?format=csv&as_of={as_of}").status_code == 200


@pytest.mark.parametrize("as_of", ["２０１９", "2019-0６", "0000", "20190"])
def test_a_bad_as_of_is_a_422_on_the_api_and_the_export(client, seeded, as_of):
    assert client.get(f"/api/relations/BY/KR?as_of={as_of}").status_code == 422
    response = client.get(f"/api/export?format=csv&as_of={as_of}")
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["field"] == "query.as_of"
    assert 400 <= client.get(f"/relations/BY/KR?as_of={as_of}").status_code < 500


def test_an_export_file_name_is_plain_ascii(client, seeded):
    response = client.get("/api/export?format=csv&as_of=2019-01/2019-06&a=BY&b=KR")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="chronicle-BY-KR-as-of-2019-01_2019-06.csv"'
    )


def _nested_front_matter(depth: int) -> str:
    return ("---\ntitle: " + "[" * depth + "]" * depth + "\n---\n\n"
            "On 14 May 2019 the Foreign Ministers of Belarus and the Republic of Korea signed a memorandum.\n")


@pytest.mark.parametrize("depth", [50, 5000])
def test_deeply_nested_front_matter_is_a_422_over_http(client, chronicle, depth):
    response = client.post("/api/imports", data={"text": _nested_front_matter(depth)}, headers=AUTH)
    assert response.status_code == 422, response.text
    assert "nested" in response.json()["detail"]
    assert _stored(chronicle)["events"] == 0


def test_deeply_nested_front_matter_is_an_error_line_in_chronicle_import(database_url, tmp_path):
    path = tmp_path / "deep.md"
    path.write_text(_nested_front_matter(5000), encoding="utf-8")
    result = run_chronicle(database_url, "import", str(path))
    assert result.returncode == 1
    assert "deep.md: front matter is nested more than" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
