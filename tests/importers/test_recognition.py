"""Recognizers one by one: dates, parties, figures, triggers and modality."""

from __future__ import annotations

from datetime import date

import pytest

from importers.recognition.anniversaries import find_anniversary
from importers.recognition.dates import DateContext, find_dates, resolve
from importers.recognition.figures import find_figures
from importers.recognition.modality import is_unreal
from importers.recognition.parties import find_parties
from importers.recognition.triggers import find_triggers


def resolved(text: str, ctx: DateContext | None = None) -> list[str | None]:
    ctx = ctx or DateContext()
    out = []
    for mention in find_dates(text):
        value = resolve(mention, ctx)
        out.append(value)
        if value and mention.kind not in ("now", "same", "same_year") and not mention.scope:
            ctx.note(value)
    return out


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize(
    "text, expected",
    [
        ("История отношений берет начало 10 февраля 1992 г.", ["1992-02-10"]),
        ("It joined the union on Jan. 1, 2015.", ["2015-01-01"]),
        ("В июле 2021 года стороны создали совет.", ["2021-07"]),
        ("in early June 2021 the parties signed", ["2021-06"]),
        ("в 2018 г. общий товарооборот составил", ["2018"]),
        ("From January to April 2021, trade grew", ["2021-01/2021-04"]),
        ("за январь–апрель 2021 г. товарооборот", ["2021-01/2021-04"]),
        ("for eight months of 2021 the trade turnover", ["2021-01/2021-08"]),
        ("in the first half of 2017 it grew", ["2017-01/2017-06"]),
        ("в период 2014—2023 гг. были реализованы", ["2014/2023"]),
        ("the forum was held on October 12-13, 2021", ["2021-10-12/2021-10-13"]),
        ("Last year [2021] the turnover exceeded", ["2021"]),
        ("in October [2021], companies will take part", ["2021-10"]),
        ("(первая половина 1990-х гг.)", ["1990/1999"]),
    ],
)
def test_absolute_dates_at_the_precision_written(text, expected):
    assert resolved(text) == expected


def test_month_without_year_and_same_year_take_the_context():
    ctx = DateContext()
    assert resolved("политические визиты проводились в последний раз в 2018 г.", ctx) == ["2018"]
    # "того же года" alone is the year; with a month before it, the extractor reads the two as one date
    assert resolved("В мае того же года был проведен первый раунд консультаций.", ctx) == ["2018-05", "2018"]
    assert resolved("In January, they held a roundtable.", ctx) == ["2018-01"]
    assert resolved("Five years later the figure dropped.", ctx) == ["2023"]


def test_a_month_alone_belongs_to_the_last_month_named_in_its_paragraph():
    ctx = DateContext()
    resolved("In the first half of December 2021 the park registered a company.", ctx)
    resolved("This project was created in 2019 by students.", ctx)
    assert resolved("In the second half of December, it registered another.", ctx) == ["2021-12"]
    ctx.new_paragraph()  # a new paragraph: the last year mentioned, not the last month's
    resolved("The project was created in 2019.", ctx)
    assert resolved("In November, the list grew.", ctx) == ["2019-11"]


def test_relative_dates_resolve_against_the_publication_day():
    ctx = DateContext(published=date(2018, 9, 6))  # a Thursday
    assert resolved("во время визита в Сеул во вторник", ctx) == ["2018-09-04"]
    assert resolved("On Sunday the delegation arrived.", ctx) == ["2018-09-02"]
    assert resolved("The agreement signed last month", ctx) == ["2018-08"]
    assert resolved("this year the trade grew", ctx) == ["2018"]
    assert resolved("Сегодня стороны обсудили", ctx) == ["2018-09-06"]
    assert resolved("в прошлом году товарооборот составил", ctx) == ["2017"]


def test_a_vague_relative_date_resolves_to_nothing():
    assert resolved("A few months later, the partners were interested.") == [None]


def test_scope_and_comparison_dates_are_marked():
    text = "the Roadmap for the Development of Cooperation between the two states for 2018-2020, up 4% compared to 2019"
    mentions = find_dates(text)
    assert [m.scope for m in mentions] == [True, True]
    assert not [m for m in find_dates("at the World Expo 2020 in Dubai") if m.value == "2020"]


def test_anniversaries():
    assert find_anniversary("в 2022 году исполнится 30 лет с момента установления отношений")[0] == 30
    assert find_anniversary("Now marking the silver jubilee of diplomatic relations")[0] == 25
    assert find_anniversary("it will be a quarter of a century since the establishment")[0] == 25
    assert find_anniversary("April 2022 marked the 30th anniversary of relations")[0] == 30
    assert find_anniversary("The 25 companies took part") is None


# ---------------------------------------------------------------- parties

def codes(text: str) -> list[str]:
    return [m.code for m in find_parties(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("сотрудничество с Республикой Корея", ["KR"]),
        ("южнокорейских инвесторов", ["KR"]),
        ("корейской стороной", ["KR"]),
        ("Белорусско-Корейского совета", ["BY", "KR"]),
        ("в Саудовской Аравии и Объединенных Арабских Эмиратах", ["SA", "AE"]),
        ("визит в Пекин и переговоры в КНР", ["CN", "CN"]),
        ("Minsk and Seoul seek to take steps", ["BY", "KR"]),
        ("Iranian exporters and Pakistani companies", ["IR", "PK"]),
        ("the Belarus-Pakistan Business Council", ["BY", "PK"]),
        ("the Tajik city of Hissar", ["TJ", "TJ"]),
        ("Gomel Region and Mazandaran province", ["BY-HO", "IR-02"]),
        ("Гомельская область и Брестская область", ["BY-HO", "BY-BR"]),
        ("the Eurasian Economic Union (EEU) and Iran", ["EAEU", "EAEU", "IR"]),
        ("the Great Stone park and the Roman Empire in Central Asia", []),
    ],
)
def test_party_mentions(text, expected):
    assert codes(text) == expected


def test_korea_is_the_republic_unless_the_dprk_is_near():
    assert codes("Korean companies invested") == ["KR"]
    assert codes("Pyongyang said Korea would respond") == ["KP", "KP"]
    assert codes("КНДР и Корея") == ["KP", "KP"]


def test_dollars_of_the_usa_are_not_a_party_once_figures_are_known():
    text = "товарооборот составил 173 млн дол. США"
    figure = find_figures(text)[0]
    assert [m.code for m in find_parties(text) if not figure.start <= m.start < figure.end] == []


# ---------------------------------------------------------------- figures

def figures(text: str):
    return [(f.value, f.unit, f.metric, f.qualifier) for f in find_figures(text)]


def test_money_in_every_notation():
    assert figures("товарооборот составил 173 млн дол. США") == [(173e6, "USD", "trade.turnover", None)]
    assert figures("trade amounted to $1.25 billion") == [(1.25e9, "USD", "trade.turnover", None)]
    assert figures("the export of USD 850 thousand") == [(850e3, "USD", "trade.exports", None)]
    assert figures("export credit for four and a half million euros") == [(4.5e6, "EUR", "trade.exports", None)]
    assert figures("a contract to supply machines for more than a million and a half dollars") == [(1.5e6, "USD", "other", "more than")]
    assert figures("production grew to Br222.6 million") == [(222.6e6, "BYN", None, None)]
    assert figures("trade turnover exceeded $53 million") == [(53e6, "USD", "trade.turnover", "more than")]
    assert figures("товарооборот составил почти шесть млн долларов") == [(6e6, "USD", "trade.turnover", "almost")]


def test_a_list_takes_the_currency_named_at_its_end():
    text = "в 2018 г. товарооборот составил 173 млн, в 2019 г. — 182 млн, а в 2020 г. — 159, 4 млн, из которых экспорт — 39, 1 млн, импорт — 120, 3 млн дол. США"
    assert figures(text) == [
        (173e6, "USD", "trade.turnover", None), (182e6, "USD", "trade.turnover", None),
        (159.4e6, "USD", "trade.turnover", None), (39.1e6, "USD", "trade.exports", None),
        (120.3e6, "USD", "trade.imports", None),
    ]


def test_counts_and_what_is_not_a_figure():
    assert figures("There are currently 20 agreements in place") == [(20, "count", "agreements.count", None)]
    assert figures("There are currently some 200 Belarusians working in Korea") == [(200, "count", "people.count", "about")]
    assert figures("about three hundred units of equipment were sold to Pakistan") == [(300, "count", "goods.count", "about")]
    assert figures("the trade grew by 58 percent and 3 times") == []
    assert figures("representatives of more than 60 companies took part") == []
    assert figures("two agreements were signed") == []  # a pair of documents is not a count worth reporting


# ---------------------------------------------------------------- triggers and modality

def types(text: str) -> list[str]:
    return [t.type for t in find_triggers(text) if not is_unreal(text, t.start, t.end)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("В июле 2021 года стороны создали совет делового сотрудничества.", ["body.established"]),
        ("В декабре 1997 г. было открыто Посольство Республики Беларусь.", ["mission.opened"]),
        ("The agreement entered into force in October 2019.", ["agreement.in_force"]),
        ("In April 2019 the ministries signed an agreement on cooperation.", ["agreement.signed"]),
        ("В апреле 2019 г. был организован шестой форум.", ["meeting.held"]),
        ("In August 2017 the Prime Minister paid an official visit to Belarus.", ["visit"]),
        ("The company was registered in Mogilev in August 2021.", ["venture.started"]),
        ("Корея ужесточила экспортный контроль.", ["restriction.imposed"]),
        ("Лукашенко подчеркнул важность сотрудничества.", ["statement.made"]),
    ],
)
def test_triggers(text, expected):
    assert types(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The next session will be held in Minsk in 2024.",
        "Следующее заседание планируется провести в 2024 году.",
        "The parties intend to sign a roadmap.",
        "Стороны намерены подписать дорожную карту.",
        "The agreement has not been signed yet.",
        "Договор пока не подписан.",
        "It was also agreed to sign an agreement on cooperation.",
        "The turnover should increase by 5.9% and the forum is expected to be held in May.",
    ],
)
def test_plans_and_negations_are_not_events(text):
    assert types(text) == []


def test_not_until_is_not_a_negation_and_a_discourse_should_is_no_plan():
    assert set(types("The first meeting of the council did not take place until August 2015.")) == {"meeting.held"}
    assert "agreement.signed" in types("It should be recalled that in June 2021 Belarus adopted a decree on the park.")
