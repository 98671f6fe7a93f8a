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
