"""Extraction never crashes on arbitrary text, and whatever it proposes passes the store's checks."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import DocumentError, document_from_text, extract
from importers.extraction.candidates import passes_store_checks

WORDS = [
    "Belarus", "Korea", "Беларусь", "Республикой Корея", "signed", "подписали", "agreement", "соглашение",
    "was held", "состоялся", "форум", "forum", "visit", "визит", "in", "в", "2019", "2021 г.", "June", "июле",
    "$1.5 million", "173 млн", "дол. США", "[7]", '"24 .', "133These", "-\n", "\n\n", "—", "Минск", "Seoul",
    "will", "не", "the same year", "того же года", "last year [2021]", "Респуб-\nлики", "торгово-\nэкономической",
    "                                                 \n1 Footnote [Electronic resource]. - URL: http://x. by/y\n",
    "18 \n", "«", "»", ";", ":", ".", ",", "embassy opened", "открыто посольство", "trade turnover",
]

texts = st.one_of(
    st.text(min_size=1, max_size=400),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), min_size=1, max_size=40).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "2021-07-15"]))
def test_extraction_never_crashes(text, published):
    try:
        document = document_from_text(text, overrides={"published": published})
    except DocumentError:
        return  # empty or unreadable text is refused, not crashed on
    for candidate in extract(document):
        assert passes_store_checks(candidate, document.text)
        candidate.to_line()


@settings(max_examples=200, deadline=None)
@given(
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"%PDF-1.4\n", b"<html><body><p>", b"---\ntitle: x\n---\n"]),
              st.binary(max_size=600)).map(lambda parts: parts[0] + parts[1]),
    st.sampled_from(["x.txt", "x.md", "x.html", "x.pdf", "x"]),
)
def test_reading_arbitrary_bytes_gives_a_document_or_a_clear_error(data, name):
    from importers import document_from_bytes

    try:
        document = document_from_bytes(data, name=name)
    except DocumentError as exc:
        assert str(exc)  # a message a user can read
        return
    for candidate in extract(document):
        assert passes_store_checks(candidate, document.text)
