"""One document, one source: a document the chronicle knows by its metadata, or by the passages it cites from
it, is that source (its text is attached); its proposals for facts already citing it are the same citation."""

from __future__ import annotations

import pytest

from chronicle.cli import BUNDLED_DATA, jsonl_files, load_files
from chronicle.domain.events import FACT_TYPES
from importers.reading.documents import document_from_text
from importers.queueing import accept_document, queue_document, queue_paths

BODY = (
    "On 14 May 2019 the Foreign Ministers of Belarus and the Republic of Korea signed a memorandum of "
    "understanding on cooperation in education in Seoul.\n"
)
QUOTE = "the Foreign Ministers of Belarus and the Republic of Korea signed a memorandum"


def article(title="Minsk and Seoul sign a memorandum", url="https://example.org/memo", published="2019-05-20",
            body=BODY) -> str:
    front = "".join(f"{k}: {v}\n" for k, v in (("title", title), ("url", url), ("published", published)) if v)
    return f"---\n{front}language: en\n---\n\n{body}"


def cite_by_metadata(chronicle, text: str, source: dict) -> str:
    """A fact citing ``source`` (metadata only, as the bundle does) at the memorandum's passage of ``text``."""
    at = text.index(QUOTE)
    summary = chronicle.append([{
        "type": "agreement.signed", "date": "2019-05-14", "parties": ["BY", "KR"],
        "attributes": {"kind": "memorandum"},
        "citations": [{"source": source, "quote": QUOTE, "span": [at, at + len(QUOTE)]}],
    }])
    return summary.results[0].id


def sources(chronicle) -> list[dict]:
    return chronicle.records.sources()


def test_same_url_is_the_same_source_and_its_text_is_attached(chronicle):
    text = article()
    fact = cite_by_metadata(chronicle, text, {"title": "Memorandum (agency wire)", "url": "http://www.example.org/memo/"})
    (known,) = sources(chronicle)
    assert not known["has_text"]
    report = queue_document(chronicle, document_from_text(text), "memo.md", by="t")
    assert report.source == known["sha256"] and report.source_match == "same url"
    assert chronicle.records.source(known["sha256"])["text"] == text  # attached: shown in context
    (proposal,) = [p for p in chronicle.review_document(report.document)["proposals"] if p["type"] == "agreement.signed"]
    assert proposal["plan"] == {"kind": "known", "target": fact}  # the same citation, not a new fact
    head = chronicle.head()
    chronicle.accept_rest(report.document, by="t")
    assert chronicle.head() == head and len(sources(chronicle)) == 1
    provenance = chronicle.records.provenance(fact)
    assert provenance["citations"][0]["context"]["passage"] == QUOTE


def test_same_title_and_a_compatible_date_is_the_same_source(chronicle):
    text = article(url=None)
    cite_by_metadata(chronicle, text, {"title": "[Minsk and Seoul] sign a memorandum.", "published": "2019"})
    report = queue_document(chronicle, document_from_text(text), "memo.md", by="t")
    assert report.source_match == "same title and date" and report.source == sources(chronicle)[0]["sha256"]


def test_the_same_title_with_another_date_and_other_passages_is_another_source(chronicle):
    text = article(url=None)
    other = "A different text altogether, long enough to hold the memorandum passage elsewhere: " + text
    cite_by_metadata(chronicle, other, {"title": "Minsk and Seoul sign a memorandum", "published": "2018"})
    report = queue_document(chronicle, document_from_text(text), "memo.md", by="t")
    assert report.source_match is None and report.source != sources(chronicle)[0]["sha256"]


def test_same_url_whose_cited_passages_are_not_in_the_text_is_another_source(chronicle):
    text = article()
    cite_by_metadata(chronicle, "Some preamble of another version of the page. " + text,
                     {"title": "Memorandum", "url": "https://example.org/memo"})
    report = queue_document(chronicle, document_from_text(text), "memo.md", by="t")
    assert report.source_match is None


def test_a_document_whose_cited_passages_are_in_its_text_is_that_source_whatever_its_metadata(chronicle):
    text = article(title="A headline the importer read badly", url=None, published=None)
    cite_by_metadata(chronicle, text, {"title": "[Supplied title of the article]"})
    report = queue_document(chronicle, document_from_text(text), "memo.md", by="t")
    assert report.source_match == "its cited passages are in the text"


def test_a_new_document_becomes_one_new_source_once_and_a_second_import_adds_nothing(chronicle):
    document = document_from_text(article())
    first = accept_document(chronicle, document, "memo.md", by="t")
    assert first.count("added") >= 1 and len(sources(chronicle)) == 1
    head = chronicle.head()
    again = accept_document(chronicle, document, "memo.md", by="t")
    assert again.count("added") == again.count("corroborated") == 0 and again.count("skipped") == first.count("added")
    assert chronicle.head() == head and len(sources(chronicle)) == 1


def overlapping_facts(chronicle, keys) -> set[tuple[str, str]]:
    """Pairs of facts in force, of one type, citing one source at overlapping passages: the same fact twice."""
    from chronicle.review.identity import citations_of

    with chronicle.db.read() as conn:
        cited = [c for key in keys for c in citations_of(conn, chronicle.recorder.dialect, key)]
    live = {c.event_id for c in cited if chronicle.records.event(c.event_id)["status"] != "retracted"}
    cited = [c for c in cited if c.event_id in live]
    return {
        tuple(sorted((a.event_id, b.event_id)))
        for a in cited for b in cited
        if a.event_id != b.event_id and a.type == b.type and a.span[0] < b.span[1] and b.span[0] < a.span[1]
    }


@pytest.mark.slow
def test_importing_the_corpus_into_the_bundle_adds_no_source_and_no_duplicate_fact(chronicle, shared_dir):
    load_files(chronicle, jsonl_files([BUNDLED_DATA]))
    before = {s["sha256"]: s for s in sources(chronicle)}
    pairs_before = overlapping_facts(chronicle, before)
    head = chronicle.head().position
    outcomes = queue_paths(chronicle, [shared_dir / "corpus"], by="t", accept=True)
    assert all(error is None for _, _, error in outcomes), outcomes
    reports = [r for path, r, _ in outcomes if path.suffix == ".txt"]
    assert len(reports) == 5 and all(r.source in before for r in reports)  # each is a bundle source
    after = {s["sha256"]: s for s in sources(chronicle)}
    assert after.keys() == before.keys()  # no duplicate source
    assert all(after[r.source]["has_text"] for r in reports)  # each now has its text
    assert overlapping_facts(chronicle, after) == pairs_before  # no fact told twice from one passage
    proposed = sum(len(r.events) for r in reports)
    known = sum(r.count("skipped") for r in reports)
    new_facts = [e for e in chronicle.events(after=head) if e.type in FACT_TYPES]
    # The bundle was reviewed from this importer's proposals: nearly all are recognized as already recorded;
    # what a newer importer finds beyond the bundle is new (no passage of it is cited yet), not a duplicate.
    assert known >= 0.95 * proposed and len(new_facts) <= 0.05 * proposed, (known, proposed, len(new_facts))
    assert chronicle.verify().ok
