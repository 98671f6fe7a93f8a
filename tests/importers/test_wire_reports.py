"""Patterns of news-agency items: datelines, second mentions of a signing, reporting verbs."""

from __future__ import annotations

from importers import document_from_text, extract

WIRE = (
    "---\ntitle: Roadmap signed\npublisher: A wire service\npublished: 2023-03-02\nlanguage: en\n---\n\n"
    "MINSK, 2 March (BelTA) – Belarus and China signed a roadmap on industrial cooperation in Beijing on "
    "Wednesday, the Belarusian industry minister told reporters.\n\n"
    "The document was signed during the official visit of the Belarusian President to China.\n"
)


def events(text: str) -> list[tuple[str, str]]:
    return [(c.type, c.date) for c in extract(document_from_text(text))]


def test_a_dateline_with_the_agency_dates_the_report_not_the_event():
    assert ("agreement.signed", "2023-03-01") in events(WIRE)  # "on Wednesday" before 2 March 2023


def test_a_second_mention_of_the_same_signing_is_one_event():
    assert [e for e in events(WIRE) if e[0] == "agreement.signed"] == [("agreement.signed", "2023-03-01")]


def test_a_verb_that_only_reports_another_event_is_no_statement():
    assert not [e for e in events(WIRE) if e[0] == "statement.made"]
    position = WIRE.replace(
        "The document was signed", "The minister stressed on Wednesday that Belarus and China are strategic partners. The document was signed"
    )
    assert ("statement.made", "2023-03-01") in events(position)


def test_a_russian_dateline_is_not_the_date_of_the_event():
    text = (
        "---\npublished: 2021-06-18\nlanguage: ru\n---\n\n"
        "МИНСК, 18 июня (БЕЛТА) – Беларусь и Вьетнам 17 июня подписали меморандум о сотрудничестве в области "
        "образования.\n"
    )
    assert events(text) == [("agreement.signed", "2021-06-17")]


def test_the_reporting_side_of_exports_and_imports_comes_first():
    english = (
        "---\npublished: 2019-11-05\nlanguage: en\n---\n\n"
        "Belarus's exports to Malaysia reached USD 850 thousand in January-September 2019.\n"
    )
    russian = (
        "---\npublished: 2024-02-10\nlanguage: ru\n---\n\n"
        "В прошлом году белорусский экспорт в Пакистан составил 95,3 млн долларов США, а импорт из Пакистана — "
        "около 40 млн долларов.\n"
    )
    figures = [(c.figure.metric, c.parties, c.date) for c in extract(document_from_text(english))]
    assert figures == [("trade.exports", ("BY", "MY"), "2019-01/2019-09")]
    figures = [(c.figure.metric, c.parties, c.figure.value) for c in extract(document_from_text(russian))]
    assert figures == [("trade.exports", ("BY", "PK"), 95_300_000), ("trade.imports", ("BY", "PK"), 40_000_000)]


def test_a_headline_is_not_an_event_of_its_own_and_the_visit_is_told_once():
    text = (
        "---\ntitle: Embassy news\npublished: 2019-11-05\nlanguage: en\n---\n\n"
        "Belarusian delegation visits Kuala Lumpur\n\n"
        "On November 4, 2019, a delegation of the Ministry of Industry of Belarus paid a working visit to Malaysia.\n\n"
        "During the visit, the parties signed a memorandum of understanding on industrial cooperation.\n"
    )
    assert events(text) == [("visit", "2019-11-04"), ("agreement.signed", "2019-11-04")]
