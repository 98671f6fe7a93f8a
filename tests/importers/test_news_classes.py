"""The error classes of issue 15, each on short news items written for these tests.

Each test names the phenomenon of news writing it checks; none of these texts comes from the evaluation sets.
"""

from __future__ import annotations

from importers import document_from_text, extract


def events(body: str, published: str | None = "2021-06-10", **front: str) -> list[tuple]:
    head = "".join(f"{k}: {v}\n" for k, v in {"published": published, **front}.items() if v)
    document = document_from_text(f"---\n{head}---\n\n{body}\n" if head else body, markdown=True)
    out = []
    for c in extract(document):
        figure = (c.figure.metric, c.figure.value) if c.figure else None
        out.append((c.type, c.date, tuple(sorted(c.parties)), figure) if figure else (c.type, c.date, tuple(sorted(c.parties))))
    return out


# ---------------------------------------------------------------- 1. dates from the publication

def test_undated_past_report_takes_the_month_of_publication():
    found = events(
        "The foreign ministers of Belarus and Laos met in Vientiane.\n\n"
        "The two ministers signed a memorandum on consultations between the ministries.",
        published="2021-06-10",
    )
    assert ("meeting.held", "2021-06", ("BY", "LA")) in found
    assert ("agreement.signed", "2021-06", ("BY", "LA")) in found


def test_publication_month_only_is_enough():
    found = events("Belarus and Nepal signed a protocol on cooperation in tourism.", published="2021-06")
    assert found == [("agreement.signed", "2021-06", ("BY", "NP"))]


def test_no_publication_date_no_guess():
    assert events("Belarus and Nepal signed a protocol on cooperation in tourism.", published=None) == []


def test_a_plan_scoped_up_to_a_year_does_not_date_its_signing():
    found = events(
        "The visit of the Belarusian prime minister to Mongolia resulted in the signing of a roadmap for the period "
        "up to 2025.",
        published="2021-06-10",
    )
    assert ("agreement.signed", "2021-06", ("BY", "MN")) in found
    assert not [e for e in found if e[1].startswith("2025")]


# ---------------------------------------------------------------- 4. signings: each named document its own event

def test_documents_signed_by_different_bodies_in_separate_sentences_are_separate_signings():
    found = events(
        "Belarus and Oman signed several documents during the visit.\n\n"
        "Oman’s Chamber of Commerce and Belarus’ Chamber of Commerce and Industry signed a cooperation agreement.\n\n"
        "The Academy of Sciences of Belarus and the Sultan Qaboos University signed a cooperation agreement.\n\n"
        "The ministries of agriculture of the two countries signed the plan of consultations for 2022-2023.",
        published="2021-06-10",
    )
    signings = [e for e in found if e[0] == "agreement.signed"]
    assert signings == [("agreement.signed", "2021-06", ("BY", "OM"))] * 4


def test_a_signing_told_again_is_one_signing():
    found = events(
        "On 3 June, Belarus and Oman signed a memorandum on cooperation in education.\n\n"
        "The memorandum was signed by the two ministers of education.",
        published="2021-06-10",
    )
    assert [e for e in found if e[0] == "agreement.signed"] == [("agreement.signed", "2021-06-03", ("BY", "OM"))]


def test_a_dateline_gives_undated_reports_its_day():
    found = events("BISHKEK, June 8 (Kabar) - Belarus and Kyrgyzstan signed a memorandum on cooperation in education.",
                   published="2021-06-09")
    assert found == [("agreement.signed", "2021-06-08", ("BY", "KG"))]
    found = events("8 июня, Минск /Корр./. Беларусь и Киргизия подписали меморандум о сотрудничестве в области образования.",
                   published="2021-06-09")
    assert found == [("agreement.signed", "2021-06-08", ("BY", "KG"))]


def test_an_attributive_signing_takes_no_publication_date():
    assert events("Белорусская сторона предложила ускорить реализацию подписанных соглашений с Монголией.") == []


# ---------------------------------------------------------------- 5. other types: meetings, credentials, visits

def test_met_a_named_person_is_a_meeting():
    found = events("The Belarusian ambassador Ivan Petrov met with Nguyen Van An, the Deputy Foreign Minister of Vietnam, "
                   "to discuss trade.")
    assert ("meeting.held", "2021-06", ("BY", "VN")) in found


def test_presenting_credentials_is_a_meeting():
    found = events("The Ambassador of Belarus presented his credentials to the Emir of Kuwait.")
    assert found == [("meeting.held", "2021-06", ("BY", "KW"))]
    found = events("Посол Беларуси вручил верительные грамоты Эмиру Кувейта.")
    assert found == [("meeting.held", "2021-06", ("BY", "KW"))]


def test_arrived_for_an_official_visit_is_a_visit():
    found = events("The Prime Minister of Belarus arrived in Hanoi on an official visit.")
    assert ("visit", "2021-06", ("BY", "VN")) in found
    found = events("Премьер-министр Беларуси находится с официальным визитом во Вьетнаме.")
    assert ("visit", "2021-06", ("BY", "VN")) in found
