"""End to end on articles written for these tests: what an unseen news item should give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importers import Candidate, document_from_text, extract, read_document
from importers.extraction.candidates import ATTRIBUTE_KEYS, COMMON_KEYS, DOMAINS, quote_matches

ARTICLES = Path(__file__).parent / "articles"


def events(path: Path) -> list[Candidate]:
    return extract(read_document(path))


def summary(candidates: list[Candidate]) -> set[tuple]:
    out = set()
    for c in candidates:
        states = tuple(sorted({p[:2] if len(p) > 2 and p[2] == "-" else p for p in c.parties}))
        figure = (c.figure.metric, c.figure.value, c.figure.unit, c.figure.qualifier) if c.figure else None
        out.add((c.type, c.date, states, figure))
    return out


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.iterdir()))
def test_every_candidate_keeps_the_contract(name):
    doc = read_document(ARTICLES / name)
    candidates = extract(doc)
    assert candidates
    for c in candidates:
        line = json.loads(c.to_line())
        assert list(line)[:4] == ["type", "date", "parties", "actors"]
        assert quote_matches(doc.text, tuple(line["span"]), line["quote"])
        assert set(line["attributes"]) <= ATTRIBUTE_KEYS[c.type] | COMMON_KEYS
        assert line["attributes"]["domain"] in DOMAINS
        assert ("figure" in line) == (c.type == "figure.reported")


def test_russian_news_item_with_front_matter():
    got = summary(events(ARTICLES / "ru_news_vietnam.md"))
    expected = {
        ("meeting.held", "2023-06-13", ("BY", "VN"), None),  # "во вторник" before Thursday 15 June
        ("agreement.signed", "2023-06-13", ("BY", "VN"), None),  # memorandum, same paragraph as the session
        ("figure.reported", "2022", ("BY", "VN"), ("trade.turnover", 185.3e6, "USD", None)),  # "в прошлом году"
        ("figure.reported", "2022", ("BY", "VN"), ("trade.exports", 96.4e6, "USD", None)),  # currency of the list
        ("mission.opened", "2021", ("BY", "VN"), None),
    }
    assert expected <= got
    # "Министр отметил, что товарооборот ... составил ...": the figure is the event, the saying passes it on
    assert not [e for e in got if e[0] == "statement.made"]
    # plans, intentions and negations give nothing: the next session, the roadmap, the unsigned treaty
    assert not any(date.startswith("2024") for _, date, _, _ in got)
    assert not [c for c in events(ARTICLES / "ru_news_vietnam.md") if "дорожную карту" in c.quote or "не подписан" in c.quote]


def test_russian_item_details():
    candidates = events(ARTICLES / "ru_news_vietnam.md")
    meeting = next(c for c in candidates if c.type == "meeting.held")
    assert meeting.attrs["session_number"] == 9
    assert meeting.attrs["kind"] == "session"
    mission = next(c for c in candidates if c.type == "mission.opened")
    assert (mission.attrs["of"], mission.attrs["in"], mission.attrs["kind"]) == ("BY", "VN", "consulate")
    signed = [c for c in candidates if c.type == "agreement.signed"]
    assert {c.attrs["kind"] for c in signed} >= {"memorandum", "agreement"}


def test_english_embassy_page():
    got = summary(events(ARTICLES / "en_embassy_mongolia.md"))
    expected = {
        ("meeting.held", "2022-11-18", ("BY", "MN"), None),  # "on Friday", published Sunday 20 November
        ("agreement.signed", "2022-10", ("BY", "MN"), None),  # "signed last month"
        ("figure.reported", "2022-01/2022-09", ("BY", "MN"), ("trade.turnover", 48.6e6, "USD", None)),
        ("figure.reported", "2022-01/2022-09", ("BY", "MN"), ("trade.exports", 41e6, "USD", None)),
    }
    assert expected <= got
    assert not [c for c in got if c[1].startswith("2023")]  # the next commission meeting is a plan
    assert not [c for c in events(ARTICLES / "en_embassy_mongolia.md") if "joint venture" in c.quote or "visa-free" in c.quote]


def test_english_visit_attributes():
    visit = next(c for c in events(ARTICLES / "en_embassy_mongolia.md") if c.type == "visit")
    assert visit.attrs["visitor"] == "Deputy Foreign Minister of Belarus Yevgeny Shestakov"
    assert (visit.attrs["from"], visit.attrs["to"], visit.attrs["level"]) == ("BY", "MN", "minister")


def test_html_wire_report():
    candidates = events(ARTICLES / "en_wire_pakistan.html")
    got = summary(candidates)
    expected = {
        ("agreement.signed", "2021-10-13", ("BY", "PK"), None),  # "on Wednesday", not the dateline's Oct. 14
        ("meeting.held", "2021-10-12/2021-10-13", ("BY", "PK"), None),
        ("figure.reported", "2021-01/2021-08", ("BY", "PK"), ("trade.turnover", 53e6, "USD", "more than")),
        ("relations.established", "1994", ("BY", "PK"), None),
        ("mission.opened", "2014", ("BY", "PK"), None),
    }
    assert expected <= got
    assert not [e for e in got if e[0] == "statement.made"]  # "the minister said bilateral trade had exceeded ..."
    mission = next(c for c in candidates if c.type == "mission.opened")
    assert (mission.attrs["of"], mission.attrs["in"]) == ("BY", "PK")
    assert not [c for c in candidates if "roadmap" in c.quote]


def test_one_fact_told_twice_is_one_event():
    text = (
        "In March 2019, Belarus and Oman signed an agreement on cooperation in tourism.\n\n"
        "The sides discussed many things.\n\n"
        "Belarus and Oman signed the agreement on cooperation in tourism in March 2019, as noted above.\n"
    )
    signed = [c for c in extract(document_from_text(text)) if c.type == "agreement.signed"]
    assert len(signed) == 1
    # two different figures for one period are two events
    text = "In 2020 the trade turnover between Belarus and Iran amounted to $24.7 million, and Belarusian exports to Iran reached $20.1 million."
    figures = [c for c in extract(document_from_text(text)) if c.type == "figure.reported"]
    assert [(f.figure.metric, f.figure.value) for f in figures] == [("trade.turnover", 24.7e6), ("trade.exports", 20.1e6)]


def test_references_follow_markers_and_the_footnote_list():
    text = (
        "The first meeting of the Belarus-Oman Business Council took place in August 2015 in Minsk.\"7 .\n\n"
        "Notes\n\n"
        "7 Omani business shows interest in Belarus [Electronic resource]. - 2015. - URL: https://www. example. org/news-7\n"
    )
    meeting = next(c for c in extract(document_from_text(text)) if c.type == "meeting.held")
    assert meeting.reference is not None
    assert (meeting.reference.label, meeting.reference.url) == ("7", "https://www.example.org/news-7")
    assert meeting.reference.title == "Omani business shows interest in Belarus"
    text = "В 2018 г. в Минске прошел Белорусско-корейский бизнес-форум [8]. Другой абзац без ссылок.\n"
    forum = next(c for c in extract(document_from_text(text)) if c.type == "meeting.held")
    assert forum.reference.label == "8" and forum.reference.title is None


def test_an_event_needs_a_foreign_party_and_a_date():
    text = "The Belarusian government approved a new tax code in 2019. Belarus and Iran are good partners."
    assert extract(document_from_text(text)) == []


def test_english_wire_item_relative_dates_and_reported_speech():
    candidates = events(ARTICLES / "en_wire_china.md")
    got = summary(candidates)
    expected = {
        ("meeting.held", "2023-03-06", ("BY", "CN"), None),  # "on Monday", the dateline is not the date
        ("agreement.signed", "2023-02-27/2023-03-05", ("BY", "CN"), None),  # "last week"
        ("figure.reported", "2023-02-27/2023-03-05", ("BY", "CN"), ("other", 1.2e9, "USD", None)),
        ("meeting.held", "2023-03-07", ("BY", "CN"), None),  # "on Tuesday"
        ("figure.reported", "2022", ("BY", "CN"), ("trade.turnover", 5.6e9, "USD", None)),
        ("restriction.imposed", "2021-06", ("BY", "EU"), None),
        ("mission.opened", "2023-03-02", ("BY", "TH"), None),
    }
    assert expected <= got
    assert not [c for c in candidates if c.figure and c.figure.value == 8e9]  # a target is no figure
    visit = next(c for c in candidates if c.type == "visit")
    assert (visit.attrs["from"], visit.attrs["to"]) == ("CN", "BY")
    sanction = next(c for c in candidates if c.type == "restriction.imposed")
    assert (sanction.attrs["by"], sanction.attrs["kind"]) == ("EU", "sanctions")
    consulate = next(c for c in candidates if c.type == "mission.opened")
    assert consulate.attrs["kind"] == "honorary_consulate"


def test_russian_wire_item():
    candidates = events(ARTICLES / "ru_wire_china.md")
    got = summary(candidates)
    expected = {
        ("meeting.held", "2023-03-06", ("BY", "CN"), None),
        ("figure.reported", "2022", ("BY", "CN"), ("trade.turnover", 5.6e9, "USD", None)),
        ("agreement.signed", "2023-02-27/2023-03-05", ("BY", "CN"), None),
        ("figure.reported", "2023-02-27/2023-03-05", ("BY", "CN"), ("agreements.count", 15, "count", None)),
        ("figure.reported", "2023-02-27/2023-03-05", ("BY", "CN"), ("other", 1.2e9, "USD", "more than")),
        ("restriction.imposed", "2021-06", ("BY", "EU"), None),
        ("venture.started", "2013", ("BY", "CN"), None),
        ("meeting.held", "2023-02", ("BY", "UZ"), None),  # "в прошлом месяце"
    }
    assert expected <= got
    assert not [c for c in candidates if "следующее заседание" in c.quote]  # agreed to hold: a plan


def test_english_wire_item_vietnam():
    got = summary(events(ARTICLES / "en_wire_vietnam.md"))
    assert got == {
        ("agreement.signed", "2023-10-11", ("BY", "VN"), None),  # "on Wednesday", published on Thursday
        ("meeting.held", "2023-10-11", ("BY", "VN"), None),  # the commission's session before the signing
        ("figure.reported", "2022", ("BY", "VN"), ("trade.turnover", 180.5e6, "USD", None)),  # not the 15% growth
        ("figure.reported", "2023-01/2023-08", ("BY", "VN"), ("trade.exports", 62e6, "USD", None)),
        ("venture.started", "2019", ("BY", "VN"), None),
        ("relations.established", "1992-01-24", ("BY", "VN"), None),  # "relations between A and B were established"
    }  # the $500 million target and next year's forum are plans


def test_english_news_item_iran_relative_dates():
    got = summary(events(ARTICLES / "en_news_iran.md"))
    assert got == {
        ("agreement.signed", "2023-03-13", ("BY", "IR"), None),  # "last Monday", published on a Wednesday
        ("figure.reported", "2023-03-13", ("BY", "IR"), ("agreements.count", 8, "count", None)),
        ("visit", "2023-03-13", ("BY", "IR"), None),
        ("figure.reported", "2022", ("BY", "IR"), ("trade.turnover", 100e6, "USD", "almost")),  # "last year"
        ("figure.reported", "2021", ("BY", "IR"), ("trade.exports", 40e6, "USD", None)),
        ("meeting.held", "2023-02", ("BY", "IR"), None),  # "the joint commission ... met ... last month"
    }  # "Iran expects trade to double this year" is a forecast


def test_english_news_item_gulf_clauses_and_the_same_year():
    got = summary(events(ARTICLES / "en_news_saudi_arabia.md"))
    assert got == {
        ("meeting.held", "2024-02-20", ("BY", "SA"), None),  # "on Tuesday"
        ("figure.reported", "2023", ("BY", "SA"), ("trade.turnover", 85e3, "USD", None)),
        # a second clause has its own date and its own metric ("exported ... worth")
        ("figure.reported", "2022", ("BY", "SA"), ("trade.exports", 12.3e6, "BYN", None)),
        ("mission.opened", "2019-11", ("BY", "SA"), None),  # "the Embassy of Belarus in Riyadh started operating"
        ("agreement.signed", "2019", ("BY", "SA"), None),  # "in the same year": a year, not the month before
        ("venture.started", "2021", ("AE", "BY"), None),
    }  # "agreed to hold the first meeting" is a plan


def test_russian_plain_wire_item_counts_documents_signed_on_an_occasion():
    got = summary(events(ARTICLES / "ru_wire_china_plain.txt"))
    assert {
        ("figure.reported", "2023", ("BY", "CN"), ("trade.turnover", 8.4e9, "USD", None)),
        ("meeting.held", "2023-04", ("BY", "CN"), None),
        ("agreement.signed", "2023-04", ("BY", "CN"), None),  # "по его итогам стороны подписали 12 документов"
        ("figure.reported", "2023-04", ("BY", "CN"), ("agreements.count", 12, "count", None)),
        ("venture.started", "2012", ("BY", "CN"), None),
    } == got  # no event from "не смогли согласовать" or "планируется провести"


def test_a_month_of_the_same_year_and_a_count_signed_in_a_month():
    text = ("In March 2019 Belarus and Iran held talks. In May of the same year they signed a memorandum.\n\n"
            "In May 2023 Belarus and China signed 12 documents. By 2021 Belarus and India had signed 77 agreements.")
    got = summary(extract(document_from_text(text)))
    assert ("agreement.signed", "2019-05", ("BY", "IR"), None) in got
    assert ("agreement.signed", "2023-05", ("BY", "CN"), None) in got
    assert ("figure.reported", "2023-05", ("BY", "CN"), ("agreements.count", 12, "count", None)) in got
    assert not [e for e in got if e[0] == "agreement.signed" and e[2] == ("BY", "IN")]  # a running total


def test_english_embassy_page_dates_a_discussion_by_its_meeting():
    got = summary(events(ARTICLES / "en_embassy_mongolia_meeting.md"))
    assert got == {
        ("meeting.held", "2022-11-16", ("BY", "MN"), None),  # "On November 16", the year from the page's date
        # "the parties discussed the agreements reached during the visit ... in June": June is the visit's
        ("visit", "2022-06", ("BY", "MN"), None),
        ("figure.reported", "2022-01/2022-09", ("BY", "MN"), ("trade.turnover", 14.2e6, "USD", None)),
        ("statement.made", "2022-11-16", ("BY", "MN"), None),  # "The Minister stressed that ...": at the meeting
        ("venture.started", "2019", ("BY", "MN"), None),  # "the ... assembly plant was opened in Darkhan"
    }  # "The Ambassador noted that ... trade ... amounted to": a figure passed on, no statement


def test_russian_agency_item_without_a_year_dates_only_what_it_can():
    got = summary(events(ARTICLES / "ru_agency_emirates.txt"))
    assert got == {  # "3 марта" of a text without a publication date has no year: the talks are not dated
        ("figure.reported", "2022", ("AE", "BY"), ("trade.turnover", 240e6, "USD", "almost")),
        ("figure.reported", "2022", ("AE", "BY"), ("trade.exports", 100e6, "USD", "more than")),
        ("mission.opened", "2017", ("AE", "BY"), None),  # "с 2017 года работает торговый дом Беларуси"
    }  # "планируется открыть ... представительство" is a plan


def test_english_html_news_two_clauses_two_missions():
    candidates = events(ARTICLES / "en_news_india.html")
    got = summary(candidates)
    assert got == {
        ("agreement.signed", "2024-04-11", ("BY", "IN"), None),  # "on Thursday", published on a Friday
        ("figure.reported", "2023", ("BY", "IN"), ("trade.turnover", 560e6, "USD", None)),
        ("meeting.held", "2022", ("BY", "IN"), None),  # the commission "last met in Minsk in 2022"
        ("agreement.signed", "2022", ("BY", "IN"), None),
        ("mission.opened", "1998", ("BY", "IN"), None),
        ("mission.opened", "1992", ("BY", "IN"), None),
    }  # "agreed to convene the Commission later this year" is a plan
    missions = sorted((c.date, c.attrs["of"], c.attrs["in"], c.attrs["city"]) for c in candidates if c.type == "mission.opened")
    assert missions == [("1992", "IN", "BY", "Minsk"), ("1998", "BY", "IN", "New Delhi")]


def test_english_news_item_day_ranges_participles_and_us_sanctions():
    candidates = events(ARTICLES / "en_news_vietnam_visit.md")
    got = summary(candidates)
    assert {
        ("visit", "2024-05-12/2024-05-13", ("BY", "VN"), None),  # "on 12-13 May 2024"
        ("figure.reported", "2024-01/2024-03", ("BY", "VN"), ("trade.exports", 35.4e6, "USD", None)),
        ("figure.reported", "2024-01/2024-03", ("BY", "VN"), ("trade.imports", 21.1e6, "USD", None)),
        ("venture.started", "2018", ("BY", "VN"), None),  # "the joint venture MTZ-Vietnam, set up in 2018"
        ("restriction.imposed", "2021", ("BY", "US"), None),  # "The US Treasury", not China of the sentence before
    } <= got
    signed = [c.date for c in candidates if c.type == "agreement.signed"]
    assert len(signed) == 1 and signed[0] in ("2024-05-12/2024-05-13", "2024-05-12", "2024-05-13")  # during the visit
    assert len(candidates) == 6  # no restriction from "imposed no restrictions", no event from "will hold"


def test_russian_embassy_item_the_day_before_plans_and_a_second_clause():
    got = summary(events(ARTICLES / "ru_embassy_pakistan.md"))
    assert got == {
        ("meeting.held", "2023-09-27", ("BY", "PK"), None),  # credentials presented on 27 September (the talk
        # "В ходе беседы" is the same meeting), and the exposition
        # "Накануне" (published on the 28th) opened on the 27th: two meetings of one day, not merged
        ("figure.reported", "2023-01/2023-07", ("BY", "PK"), ("trade.turnover", 41.2e6, "USD", None)),
        ("meeting.held", "2023-05", ("BY", "PK"), None),
        ("body.established", "2015", ("BY", "PK"), None),
        ("meeting.held", "2021-03", ("BY", "PK"), None),  # ", его очередное заседание прошло ... в марте 2021 г."
    }  # "договорились подготовить визит" is a plan: neither a visit nor a statement
    assert len([c for c in events(ARTICLES / "ru_embassy_pakistan.md") if c.type == "meeting.held"]) == 4


def test_a_visit_still_to_come_is_no_visit():
    # an undated report in a news item is dated to the month of publication (no dateline marks the day)
    text = "---\npublished: 2023-09-28\n---\n\nНакануне визита президента Беларуси в Пакистан в Исламабаде прошел бизнес-форум.\n"
    assert [(c.type, c.date) for c in extract(document_from_text(text))] == [("meeting.held", "2023-09")]


def test_english_wire_item_entry_into_force_purchases_and_a_weekday_statement():
    got = summary(events(ARTICLES / "en_wire_oman.md"))
    assert got == {
        ("body.established", "2022-06-08", ("BY", "OM"), None),  # "on Wednesday", published on Thursday 9 June
        ("agreement.signed", "2019", ("BY", "OM"), None),
        ("agreement.in_force", "2022-01-01", ("BY", "OM"), None),  # "signed in 2019, entered into force on ..."
        ("statement.made", "2022-06-07", ("BY", "OM"), None),  # "said on Tuesday that Minsk regards ..."
        ("figure.reported", "2021", ("BY", "OM"), ("goods.count", 150, "count", None)),  # "Last year, Oman bought"
        ("venture.started", "2021", ("BY", "OM"), None),
        ("restriction.imposed", "2020", ("BY", "EU"), None),
    }
