"""Event types by trigger words (Russian and English) and the attributes the words tell.

Each :class:`Rule` is a pattern for one event type; some need a second word in the same sentence (a
signing verb needs a document, "was held" needs a meeting noun). :func:`find_triggers` returns every
trigger of a sentence with the ``kind`` and other attributes read from the words around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..reading.calendar_words import EN_MONTH_NAMES

_W = r"[\w'’«»\"“”.-]+"  # a word inside a noun phrase


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    start: int
    end: int
    attributes: dict = field(default_factory=dict)
    weak: bool = False  # a noun alone ("the inaugural session"): needs a date in its own sentence or context


@dataclass(frozen=True, slots=True)
class Rule:
    type: str
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None
    weak: bool = False
    gate: re.Pattern[str] | None = None  # a cheap test that the pattern can match at all
    counterpart: bool = False  # the words after the trigger say whom a meeting was with ("met X", "held talks with Y")


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I | re.UNICODE)


# ---------------------------------------------------------------- nouns that tell kinds

MISSION_NOUN = _r(
    r"\b(?:embass(?:y|ies)|consulates?(?:[\s-]general)?|consulate\s+general|(?:trade|representative|commercial)\s+(?:office|mission)s?|"
    r"trade\s+house|office|representation)\b|(?<![а-яё])(?:посольств\w*|генконсульств\w*|генеральн\w+\s+консульств\w*|"
    r"консульств\w*|представительств\w*|торгов\w+\s+(?:дом|отдел|представительств|миссии)\w*)"
)
DOCUMENT_NOUN = _r(
    r"\b(?:agreements?|treat(?:y|ies)|memorand(?:um|a|ums)|MoUs?|protocols?|declarations?|road\s?maps?|programmes?|programs?|"
    r"contracts?|documents?|directives?|decrees?|accords?|conventions?|charters?|communiqu[eé]s?|joint\s+statements?|plans?\s+(?:of|for)\s+(?:[\w-]+\s+){0,2}?(?:action|consultations|cooperation|events|measures))\b|"
    r"(?<![а-яё])(?:соглашени\w*|договор\w*|меморандум\w*|протокол\w*|деклараци\w*|дорожн\w+\s+карт\w*|программ\w*|коммюнике|"
    r"совместн\w+\s+заявлени\w*|план\w*\s+(?:[а-яё-]+\s+){0,2}?(?:действий|консультаций|сотрудничества|мероприятий)|"
    r"контракт\w*|документ\w*|директив\w*|указ\w*|конвенци\w*|хартии)"
)
MEETING_NOUN = _r(
    r"\b(?:meetings?|sessions?|forums?|business[\s-]forums?|round[\s-]?tables?|roundtables?|seminars?|webinars?|"
    r"seminar-meeting|conferences?|consultations?|negotiations|talks|exhibitions?|expos?|expositions?|fairs?|"
    r"ceremon(?:y|ies)|concerts?|festivals?|days\s+of\s+culture|summit|congress|symposium|workshops?|"
    r"presentations?|B2B|contest|receptions?)\b|(?<![а-яё])(?:торжественн\w+\s+при[её]м\w*|при[её]м\w*\s+(?:по\s+случаю|посвящ|в\s+честь))|(?<![а-яё])(?:заседани\w*|сесси\w*|форум\w*|бизнес-форум\w*|кругл\w+\s+стол\w*|"
    r"семинар\w*|вебинар\w*|конференци\w*|консультаци\w*|переговор\w*|выставк\w*|экспозици\w*|ярмарк\w*|"
    r"церемони\w*|концерт\w*|фестивал\w*|дн\w+\s+культуры|саммит\w*|встреч\w*|бесед[аеуы]|симпозиум\w*|презентаци\w*)"
)
VENTURE_NOUN = _r(
    r"\b(?:joint\s+ventures?|JV|LLC|OJSC|CJSC|JSC|company|companies|enterprises?|plant|factory|technopark|"
    r"technology\s+park|production|assembly|projects?|resident|batch|subsidiary|deliveries|supplies)\b|"
    r"(?<![а-яё])(?:совместн\w+(?:\s+[\w-]+)?\s+(?:предприяти|производств|бизнес|компани)\w*|предприяти\w*|завод\w*|производств\w*|"
    r"сборк\w*|проект\w*|технопарк\w*|резидент\w*|компани\w*|инициатив\w*|бизнес\w*)"
)

MEETING_KINDS = [
    ("business_forum", r"business[\s-]forum|бизнес-форум|деловой\s+форум|business\s+to\s+business|B2B"),
    ("round_table", r"round[\s-]?table|roundtable|кругл\w+\s+стол"),
    ("forum", r"forum|форум"),
    ("seminar", r"seminar|webinar|семинар|вебинар|workshop"),
    ("conference", r"conference|конференци|symposium|congress"),
    ("consultations", r"consultations|консультаци"),
    ("negotiations", r"negotiations|talks|переговор"),
    ("exhibition", r"exhibition|expo|exposition|fair|выставк|экспозици|ярмарк"),
    ("cultural_event", r"ceremon|concert|festival|days\s+of\s+culture|церемони|концерт|фестивал|дн\w+\s+культуры"),
    ("session", r"meeting|session|заседани|сесси|встреч|раунд|summit|саммит"),
]
BODY_KINDS = [
    ("business_council", r"business\s+(?:cooperation\s+)?council|деловой\s+совет|совет\w*\s+делового|business\s+council"),
    ("joint_commission", r"commission|комисси"),
    ("committee", r"committee|комитет"),
    ("working_group", r"working\s+group|рабоч\w+\s+групп"),
    ("centre", r"cent(?:re|er)|центр"),
]
DOCUMENT_KINDS = [
    ("memorandum", r"memorand|MoU|меморандум"),
    ("protocol", r"protocol|протокол"),
    ("declaration", r"declaration|деклараци"),
    ("roadmap", r"road\s?map|дорожн\w+\s+карт"),
    ("programme", r"programme|program|программ"),
    ("contract", r"contract|контракт"),
    ("treaty", r"treat|convention|договор|конвенци"),
    ("agreement", r"agreement|accord|соглашени"),
]
MISSION_KINDS = [
    ("honorary_consulate", r"honorary\s+consul|почетн\w+\s+консул"),
    ("consulate", r"consulat|консульств"),
    ("embassy", r"embass|посольств"),
    ("trade_office", r"trade\s+(?:office|mission|house)|commercial\s+office|торгов\w+\s+(?:дом|отдел|представительств|миссии)|Trade\s+and\s+Investment\s+Promotion|содействия\s+торговле"),
    ("representative_office", r"representative\s+office|representation|office|представительств"),
]


def kind_near(kinds: list[tuple[str, str]], text: str, start: int, end: int, default: str = "other") -> str:
    """The kind whose word stands closest to ``text[start:end]`` (within the sentence)."""
    best = None
    for kind, pattern in kinds:
        for m in re.finditer(pattern, text, re.I):
            distance = 0 if m.start() < end and start < m.end() else min(abs(m.start() - end), abs(start - m.end()))
            if best is None or distance < best[0]:
                best = (distance, kind)
    return best[1] if best else default


# ---------------------------------------------------------------- rules

_SIGN_VERB = (
    r"\b(?:signed|signing|sign|inked|concluded|adopted|adoption|approved|initialled|ratified)\b|"
    r"(?<![а-яё])(?:обменял\w*\s+(?:\S+\s+){0,2}?подписанн\w+|подписан\w*|подписал\w*|подписани\w+|подписыва\w+|заключен\w*|заключил\w*|заключени\w+|"
    r"принят\w*|принял\w*|приняти\w+|утвержден\w*|утвердил\w*|ратифицир\w+)"
)
_EST = r"(?:establish(?:ed|ing|ment)?|set\s+up|creat(?:ed|ing|ion)|found(?:ed|ing)|form(?:ed|ing)|launch(?:ed)?|inaugurat(?:ed|ion)|open(?:ed|ing)?)"

# a document named by its year: "the 2006 Treaty of Friendship", "Договор о дружбе ... 2006 года",
# "Соглашение ... от 12 мая 2003 года" (not a term: "программа до 2025 года"); one of a running total too
YEAR_NAMED_DOCUMENT = re.compile(
    r"\b(?:1[89]|20)\d{2}\s+(?:[A-Z][\w-]+\s+){0,3}?(?:Treaty|Agreement|Memorandum|Protocol|Declaration|Convention|Accord)\b|"
    r"(?<![а-яё])(?:[Дд]оговор|[Сс]оглашени|[Мм]еморандум|[Пп]ротокол|[Кк]онвенци)[а-яё]*\s+(?:(?!до\s|по\s|на\s|к\s)[^\s.;:]+\s+){0,8}?"
    r"(?:от\s+\d{1,2}\s+[а-яё]+\s+)?(?:1[89]|20)\d{2}\s+года(?![а-яё])"
)

RULES: list[Rule] = [
    # diplomatic relations
    Rule("relations.established", _r(
        r"\b(?:establish(?:ment|ed|ing)?\s+(?:of\s+)?(?:the\s+)?diplomatic\s+relations|diplomatic\s+relations(?:\s+[\w-]+){0,8}?\s+(?:were|was|have\s+been|had\s+been)\s+(?:officially\s+)?established|"
        r"(?:anniversary|jubilee)\s+of\s+(?:the\s+establishment\s+of\s+)?diplomatic\s+relations|exchange\s+of\s+(?:diplomatic\s+)?notes|"
        # relations kept since a date began on it: "have maintained diplomatic relations since 1992"
        r"diplomatic\s+relations\s+since(?=\s+(?:\d|[A-Z][a-z]+\s+\d|\d{1,2}\s+[A-Z]))|"
        r"diplomatic\s+relations(?:\s+[\w-]+){0,5}?\s+(?:date|dates|dating)\s+back\s+to)\b|"
        r"(?<![а-яё])(?:установлени\w+\s+(?:дипломатических\s+|дип)?отношений|установил\w*\s+дип(?:ломатические\s+)?отношения|"
        r"(?:дипломатическ\w+\s+отношени\w+|дипотношени\w+)(?=[^.]{0,120}(?:начало|летие|установлен|юбиле))|"
        r"(?:дипломатическ\w+\s+отношени\w+|дипотношени\w+)\s+(?:(?:существуют|поддерживаются)\s+)?с\s+(?=(?:\d{1,2}\s+[а-яё]+\s+)?\d{4}\s+г)|"
        r"обмен\w*\s+(?:дипломатическими\s+)?нотами)"
    )),
    # missions
    Rule("mission.opened", _r(
        rf"\b(?:opened|inaugurated|launched|set\s+up|established)(?:\s+{_W}){{0,3}}?\s+(?:embass(?:y|ies)|consulates?|consulate\s+general|(?:trade\s+|representative\s+|commercial\s+)?office|trade\s+mission|trade\s+house)\b|"
        r"\b(?:opened|inaugurated|established)\s+(?:its|their|a|an)\s+(?:diplomatic\s+|permanent\s+)?mission\b|"
        # "the trade house ... has been operating since 2017", "с 2017 года работает торговый дом"
        r"\b(?:embass(?:y|ies)|consulates?(?:[\s-]general)?|(?:trade|representative|commercial)\s+(?:office|mission|house))(?:\s+[\w-]+){0,6}?\s+"
        r"(?:has|have)\s+been\s+(?:operating|working|functioning|open)\s+since\b|"
        r"(?<![а-яё])(?:посольств|генконсульств|консульств|представительств|торгов\w+\s+дом)\w*(?:\s+\S+){0,6}?\s+(?:работает|действует|функционирует)\s+с\s+\d{4}|"
        r"(?<![а-яё])с\s+\d{4}\s+(?:г\.|года)\s+(?:\S+\s+){0,3}?(?:работает|действует|функционирует)\s+(?:\S+\s+){0,2}?(?:посольств|генконсульств|консульств|представительств|торгов\w+\s+дом)\w*|"
        rf"\b(?:embass(?:y|ies)|consulates?(?:[\s-]general)?|(?:trade|representative)\s+office|trade\s+mission)(?:\s+{_W}){{0,8}}?\s+(?:was|were|has\s+been|had\s+been)\s+(?:officially\s+)?(?:opened|inaugurated|established)\b|"
        r"(?<![а-яё])(?:открыт\w*|открыл\w*|открыти\w+|учрежден\w*)(?:\s+\S+){0,3}?\s+(?:посольств\w*|генконсульств\w*|генеральн\w+\s+консульств\w*|консульств\w*|представительств\w*|торгов\w+\s+(?:дом|отдел|представительств)\w*)|"
        r"(?<![а-яё])(?:посольств\w*|консульств\w*|представительств\w*)(?:\s+\S+){0,8}?\s+(?:был[оаи]?\s+)?(?:открыт\w*|открыл\w*)|"
        r"\b(?:embass(?:y|ies)|consulates?(?:[\s-]general)?|(?:trade|representative)\s+office)\s+(?:[\w-]+\s+){0,2}?(?:opened|started\s+(?:work|operating))\b|"
        r"\b(?:embass(?:y|ies)|consulates?(?:[\s-]general)?|(?:trade|representative)\s+office)\s+(?:[\w-]+\s+){0,6}?(?:started|began)\s+(?:its\s+)?(?:work|operating|operations)\b|"
        r"(?<![а-яё])(?:открыл\w*|начал\w*\s+работ\w*)\s+(?:\S+\s+){0,3}?(?:посольств|генконсульств|консульств|представительств)\w*"
    )),
    # agreements
    Rule("agreement.in_force", _r(
        r"\b(?:entered\s+into\s+force|entry\s+into\s+force|came\s+into\s+(?:force|effect)|took\s+effect|became\s+effective)\b|"
        r"(?<![а-яё])(?:вступил\w*\s+в\s+(?:законную\s+)?силу|вступлени\w+\s+в\s+силу|вступает\s+в\s+силу)"
    )),
    Rule("agreement.signed", _r(_SIGN_VERB), needs=DOCUMENT_NOUN),
    Rule("agreement.signed", _r(
        r"\b(?:agreement|memorandum|treaty|protocol|declaration)s?\s+(?:of|dated)\s+(?=[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})|"
        r"(?<![а-яё])(?:соглашени\w+|меморандум\w*|договор\w*|протокол\w*)\s+от\s+(?=\d{1,2}\s+[а-я]+\s+\d{4})"
    )),
    # a document named by its year: "the 2006 Treaty of Friendship", "Договор о дружбе ... 2006 года",
    # "Соглашение ... от 12 мая 2003 года" (not a term: "программа до 2025 года")
    Rule("agreement.signed", YEAR_NAMED_DOCUMENT),
    Rule("agreement.signed", _r(r"\btwin(?:ning)?\s+(?:cities|towns)\b|городами?-побратим\w*|побратимами"), weak=True),
    # bodies
    Rule("body.established", _r(
        rf"\b{_EST}(?:\s+{_W}){{0,14}}?\s+(?:(?:business\s+(?:cooperation\s+)?)?council|(?:joint\s+|intergovernmental\s+)?commission|committee|working\s+groups?|cent(?:re|er)|task\s+force)\b|"
        rf"\b(?:council|commission|committee|working\s+group|cent(?:re|er))(?:\s+{_W}){{0,8}}?\s+(?:was|were|has\s+been|had\s+been)\s+(?:established|set\s+up|created|founded|formed|opened|inaugurated)\b|"
        r"\bcreating\s+this\s+(?:committee|commission|council)|\bfounding\s+member\s+of\b|\bon\s+(?:its|their)\s+establishment\b|\b(?:has\s+been|have\s+been|was)\s+operating\s+since\b|"
        r"(?<![а-яё])(?:создал\w*|создан\w*|создани\w+|учредил\w*|учрежден\w*|учреждени\w+|основан\w*|открыти\w+|открыт\w*)(?:\s+\S+){0,4}?\s+"
        r"(?:совет\w*|комисси\w*|комитет\w*|рабоч\w+\s+групп\w*|центр\w*|Белорусско-\w+\s+(?:совет|центр|комитет|комисси)\w*)|"
        r"(?<![а-яё])(?:совет\w*|комисси\w*|комитет\w*|центр\w*)(?:\s+\S+){0,6}?\s+(?:был[оаи]?\s+)?(?:создан\w*|учрежден\w*|открыт\w*)|"
        r"(?<![а-яё])функционир\w+\s+с\s+\d{4}"
    )),
    # meetings
    Rule("meeting.held", _r(
        r"\b(?:was\s+held|were\s+held|has\s+been\s+held|took\s+place|take\s+place|was\s+organi[sz]ed|were\s+organi[sz]ed|was\s+opened|"
        r"held\s+(?:[\w-]+\s+){0,3}?(?:talks|consultations|negotiations|meetings?|sessions?|forums?|round\s?tables?|seminars?|conferences?|exhibitions?)|"
        r"held\s+(?:its|the|a|an|their|two|three|several)|held\s+(?:in|on|at)\s|hosted|convened|"
        r"participated(?:\s+\w+){0,4}?\s+in|took\s+part\s+in|were\s+able\s+to\s+discuss|discussed|held\s+talks|talks\s+were\s+held|"
        r"met\s+with|presented\s+(?:its|their)\s+products)\b|"
        r"(?<![а-яё])(?:состоял\w+|прош(?:ел|ёл|ла|ло|ли)|проведен\w*|проводил\w*|провел\w*|организован\w*|"
        r"принял\w*\s+участие|приняли\s+участие|участвовал\w*|обсудил\w*|встретил\w*|открыл\w*сь|завершил\w*сь|"
        r"начал\w*сь|продолжил\w*сь)"
    ), needs=MEETING_NOUN),
    Rule("meeting.held", _r(
        r"\bmet\s+(?:in\s+[A-Z][\w-]+\s+)?(?:with\s+)?(?:the\s+|his\s+|her\s+|their\s+)?(?:[A-Z][\w-]+\s+){0,3}(?:President|Prime\s+Minister|Minister|Ambassador|"
        r"counterparts?|Chairman|Chairwoman|Speaker|Secretary|Governor|Mayor|Emir|King|Sultan|Crown\s+Prince|head|delegation)|"
        r"(?<![а-яё])встретил\w*(?:\s+(?:в|во|на)\s+\S+(?:\s+[А-ЯЁ]\S*)?)?\s+со?\s+(?:\w+\s+){0,3}?(?:президент|премьер|министр|посл|глав|председател|делегаци)\w*|"
        r"\b(?:sides|parties)\s+(?:have\s+|has\s+|had\s+)?(?:already\s+)?discussed\b|"
        r"(?<![а-яё])сторон\w*\s+(?:уже\s+)?обсудил\w*|"
        r"\b(?:commission|council|committee|working\s+group|subcommission)\s+(?:[\w-]+\s+){0,8}?(?:met|convened)\b|"
        r"(?<![а-яё])(?:комисси|совет|комитет|рабоч\w+\s+групп)\w*\s+(?:\S+\s+){0,8}?(?:собрал\w*сь|заседал\w*)"
    )),
    Rule("meeting.held", _r(
        r"\b(?:inaugural|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+"
        r"(?:meeting|session)s?\s+of\b|\bat\s+the\s+meeting\s+of\b|"
        r"(?<![а-яё])(?:инаугурационн\w+|перв\w+|втор\w+|треть\w+|четверт\w+|пят\w+|шест\w+)\s+(?:сесси\w+|заседани\w+)"
    ), weak=True),
    # visits
    Rule("visit", _r(
        r"\b(?:visit(?:ed|s)?|paid\s+an?\s+(?:official\s+|working\s+|state\s+)?visit|came\s+to|arrived\s+in|coming\s+to|"
        r"travel(?:l)?ed\s+to)\b|(?<![а-яё])(?:визит\w*|посетил\w*|посещал\w*|посещени\w+|прибыл\w*|приезд\w*|побывал\w*)"
    )),
    # ventures
    Rule("venture.started", _r(
        r"\b(?:(?:created|established|set\s+up|registered|opened)\s+(?:a\s+|the\s+)?joint\s+ventures?|joint\s+ventures?\s+(?:was|were)\s+(?:created|established|set\s+up|registered|opened)|was\s+registered|were\s+registered|registered\s+(?:in|another|a\s+new)|registered\s+here|"
        r"became\s+a\s+resident|registered\s+another\s+resident|resident\s+in\s+[A-Z][a-z]+|"
        r"(?:was|were)\s+launched|launched\s+(?:a|an|the|its)|was\s+established\s+in|"
        r"(?:started|began|commenced)\s+(?:full-scale\s+)?(?:work|production|deliveries|supplies|assembly|operations)|"
        r"(?:was|were)\s+opened\s+in\s+the|technopark\s+was\s+opened|first\s+batch|put\s+into\s+(?:practice|operation)|"
        r"(?:plant|factory|enterprise|assembly\s+(?:line|shop))\s+(?:was|were|has\s+been)\s+(?:opened|launched|commissioned|inaugurated)|"
        r"(?:joint\s+ventures?|JV|plant|factory|enterprise|company)(?:\s+[\w\"«»“”-]+){0,4}?,\s+(?:set\s+up|established|created|founded|registered)\s+in\s+\d{4}|"
        r"(?:has\s+been|have\s+been)\s+implementing|is\s+implementing|provides\s+consulting\s+support)\b|"
        r"(?<![а-яё])(?:совместн\w+\s+предприяти\w+|СП)\s+(?:\S+\s+){0,6}?(?:был[оаи]?\s+)?(?:создан\w*|открыт\w*|зарегистрирован\w*)|"
        r"(?<![а-яё])(?:создан\w*|создал\w*|открыт\w*|открыл\w*|зарегистрирова\w*)\s+(?:\S+\s+){0,3}?совместн\w+\s+предприяти\w*|"
        r"(?<![а-яё])(?:реализует|реализуют|реализовал\w*|реализован\w*|оказывается\s+консультационная|"
        r"зарегистрирован\w*|запущен\w*|запустил\w*|зарождени\w+|(?:начал\w*|начат\w*)\s+(?:производств|выпуск|поставк)\w*|"
        r"(?:завод|предприяти|производств|сборочн\w+\s+(?:линия|цех))\w*\s+(?:\S+\s+){0,5}?(?:был[оаи]?\s+)?(?:открыт\w*|введен\w*\s+в\s+эксплуатацию)|"
        r"(?:открыт\w*|открыл\w*|введен\w*\s+в\s+эксплуатацию)\s+(?:\S+\s+){0,2}?(?:сборочн\w+\s+)?(?:завод|производств)\w*)"
    ), needs=VENTURE_NOUN),
    # restrictions
    Rule("restriction.imposed", _r(
        r"\b(?:sanctions?|export\s+controls?|embargo|restrictions?\s+(?:were\s+|was\s+)?(?:imposed|introduced)|imposed\s+restrictions?)\b|"
        r"(?<![а-яё])(?:санкци\w+|экспортн\w+\s+(?:контрол|ограничени)\w*|эмбарго|ограничительн\w+\s+мер\w*)"
    )),
    # statements
    Rule("statement.made", _r(
        r"\b(?:stressed|noted|noting|emphasi[sz]ed|underlined|stated|declared|affirmed|reaffirmed|said|told|added|"
        r"expressed|voiced|agreed|drew\s+attention|pointed\s+out|confirmed|announced|highlighted|reiterated|assured|"
        r"underscored)\b|"
        r"(?<![а-яё])(?:заявил\w*|заявлени\w+|отметил\w*|подчеркнул\w*|сказал\w*|выразил\w*|указал\w*|"
        r"договорил\w*|согласил\w*|подтвердил\w*|подтвердилось|констатировал\w*|"
        r"обратил\w*\s+внимание|акцентировал\w*|заверил\w*|напомнил\w*|охарактеризовал\w*|"
        r"сообщил(?:а|и)?|рассказал(?:а|и)?|добавил(?:а|и)?)(?![а-яё])"
    )),
]


def _lexicon_rules() -> list[Rule]:
    """The trigger rules kept as data (``lexicon/triggers.json``)."""
    from .vocabulary import counterpart_titles, lexicon

    titles = {"<COUNTERPART_RU>": counterpart_titles("ru"), "<COUNTERPART_EN>": counterpart_titles("en")}
    out = []
    for entry in lexicon("triggers")["rules"]:
        flags = re.UNICODE if entry.get("case_sensitive") else re.I | re.UNICODE
        patterns = [re.sub("|".join(titles), lambda m: titles[m.group(0)], p) for p in entry["patterns"]]
        out.append(Rule(entry["type"], re.compile("|".join(f"(?:{p})" for p in patterns), flags), weak=entry.get("weak", False),
                        counterpart=entry.get("counterpart", False)))
    return out


RULES.extend(_lexicon_rules())


# "previously adopted bilateral agreements", "ранее подписанных соглашений": a participle used as an adjective
_ATTRIBUTIVE = re.compile(r"(?:previously|earlier|already|ранее|уже|прежде)\s+$", re.I)
_OCCASION = re.compile(
    r"\bas\s+a\s+result\s+of|\b(?:during|at)\s+(?:the|this)\s+(?:forum|meeting|visit|session|exhibition)|"
    r"(?<![а-яё])(?:по\s+(?:\S+\s+)?итогам|в\s+ходе|в\s+рамках)|"
    # a signing on a named day or in a named month is an occasion, unlike a running total by a year
    r"\b(?:on|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    rf"\b(?:{EN_MONTH_NAMES})\b|"
    r"(?<![а-яё])(?:январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*|(?<![а-яё])ма[йяе](?![а-яё])",
    re.I,
)
# what makes a count of documents a running total rather than one occasion's signings ("since 2022, seven
# documents were signed", "more than 80 agreements", "за годы сотрудничества подписано 60 документов")
_RUNNING_TOTAL = re.compile(
    r"\b(?:since|by|to\s+date|so\s+far|already|currently|in\s+total|a\s+total\s+of|altogether|more\s+than|over|about|"
    r"around|some|nearly|almost|approximately|in\s+place|over\s+the\s+years|resulted\s+in|includes?|including|"
    r"(?:at|in)\s+the\s+(?:beginning|start|end|first\s+half|second\s+half)\s+of)\b|"
    r"(?<![а-яё])(?:с\s+(?:начала|момента|\d{4})|в\s+(?:начале|конце|первой\s+половине|течение)|к\s+(?:настоящему|\d{4})|уже|всего|в\s+общей\s+сложности|более|свыше|около|"
    r"порядка|почти|за\s+(?:годы|период|время|\d+\s+лет)|насчитыва\w*|включа\w*|действу\w*)",
    re.I,
)
_COUNTED_DOCUMENTS = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|dozens?|hundreds?)\s+(?:\w+\s+){0,2}?"
    r"(?:agreements|documents|memorand\w+|treaties|contracts)|"
    r"(?<![а-яё])(?:\d+|три|четыре|пять|шесть|семь|восемь|девять|десять|двадцать|тридцать|десятки|сотни)\s+(?:\w+\s+)?(?:соглашени|документ|договор)\w*",
    re.I,
)


# Cheap tests, on the lower-cased sentence, that a type's patterns (or a needed noun) can match at all.
_GATES = {
    "relations.established": ("diplomat", "notes", "нот", "дипломат", "отношени"),
    "mission.opened": ("embass", "consul", "office", "mission", "house", "посольств", "консульств", "представительств", "торгов"),
    "agreement.in_force": ("force", "effect", "силу"),
    "body.established": ("council", "commission", "committee", "group", "centre", "center", "task", "establishment",
                         "operating", "founding", "совет", "комисс", "комитет", "групп", "центр", "функционир"),
    "visit": ("бывал", "поездк", "visit", "came", "arriv", "coming", "travel", "визит", "посет", "посещ", "прибы", "приезд", "побыва", "guest", "гост"),
    "venture.started": ("venture", "regist", "resident", "launch", "establish", "start", "began", "commenc", "open",
                        "batch", "practice", "operation", "implement", "consult", "реализ", "зарегистр", "запущ",
                        "запуст", "зарожден", "начал", "начат", "консультац", "создан", "создал", "открыт",
                        "открыл", "совместн", "предприяти", "working", "present", "работа", "присутств"),
    "restriction.imposed": ("sanction", "control", "embargo", "restrict", "санкци", "контрол", "ограничени", "эмбарго"),
    "agreement.signed": ("sign", "ink", "conclu", "adopt", "approv", "ratif", "initial", "twin", "agreement", "memorand",
                         "treaty", "protocol", "подпис", "заключ", "принят", "принял", "утверд", "утвержд", "ратифиц", "побратим",
                         "exchang", "обменял",
                         "соглашени", "договор", "меморандум", "протокол"),
    "meeting.held": ("chair", "engag", "credential", "вруч", "заверш", "начал", "продолж", "вежлив", "courtesy", "встреч", "бесед", "had ", "has ", "have ", "held", "place", "organi", "open", "host", "conven", "particip", "part", "discuss", "talks", "met",
                     "presented", "meeting", "session", "состоял", "прош", "провед", "провод", "провел", "организ",
                     "участ", "обсуд", "встрет", "открыл", "сесси", "заседа", "собрал", "receiv", "приня", "принима"),
    "statement.made": ("stress", "not", "emphasi", "underlin", "stat", "declar", "affirm", "said", "told", "add",
                       "express", "voic", "agree", "drew", "point", "confirm", "announc", "highlight", "reiterat", "assur",
                       "underscor", "обратил", "акцент", "завер", "напомн", "охарактер", "сообщ", "рассказ", "добав", "заяв", "отмет",
                       "подчеркн", "сказал", "выразил", "указал", "договор", "соглас", "подтверд", "констатир",
                       "describ", "call", "term", "hail", "назвал", "словам", "мнению", "оценил", "prais", "commend", "счита",
                       "полага", "убежд", "уверен", "поддерж", "support", ":",
                       "appreciat", "призв", "urg"),
}
_NEED_GATES = {
    id(DOCUMENT_NOUN): ("agreement", "treat", "memorand", "mou", "protocol", "declaration", "road", "program", "contract",
                        "document", "directive", "decree", "accord", "convention", "charter", "соглашени", "договор",
                        "меморандум", "протокол", "деклараци", "карт", "программ", "контракт", "документ", "директив",
                        "указ", "конвенци", "хартии", "plan", "communiq", "коммюнике", "план", "statement", "заявлени"),
}


def _needed(needs: re.Pattern[str], sentence: str, low: str, _cache: dict = {}) -> bool:
    """``needs.search(sentence)``, computed once per sentence and pattern (several rules share one)."""
    gate = _NEED_GATES.get(id(needs))
    if gate is not None and not any(w in low for w in gate):
        return False
    key = (id(needs), sentence)
    if key not in _cache:
        if len(_cache) > 256:
            _cache.clear()
        _cache[key] = bool(needs.search(sentence))
    return _cache[key]


def find_triggers(sentence: str) -> list[Trigger]:
    """All triggers of one sentence, ordered by position."""
    out: list[Trigger] = []
    low = sentence.lower()
    passed = {t: any(w in low for w in words) for t, words in _GATES.items()}
    for rule in RULES:
        if not passed.get(rule.type, True):
            continue
        if rule.needs is not None and not _needed(rule.needs, sentence, low):
            continue
        for m in rule.pattern.finditer(sentence):
            if rule.type == "agreement.signed" and rule.pattern is not YEAR_NAMED_DOCUMENT and not _signing_event(sentence, m):
                continue
            found = {"_with": " ".join(sentence[m.start():m.end() + 40].split()[:8])} if rule.counterpart else {}
            out.append(Trigger(rule.type, m.start(), m.end(), found, weak=rule.weak))
    out.sort(key=lambda t: (t.start, t.type))
    # a meeting word inside a trigger that names the counterpart ("met X", "held talks with Y") is the same meeting
    named = [t for t in out if t.attributes.get("_with")]
    return [t for t in out if t.attributes.get("_with") or not any(
        n.type == t.type and n.start <= t.start < n.end + 1 and n is not t for n in named)]


def _signing_event(sentence: str, m: re.Match[str]) -> bool:
    """A signing verb that tells a signing: not an adjective ("previously adopted agreements"), not a
    cumulative count ("77 agreements signed by 2021") unless tied to an occasion ("as a result of this forum")."""
    before = sentence[max(0, m.start() - 30):m.start()]
    if _ATTRIBUTIVE.search(before) and not re.search(r"\b(?:has|have|had|was|were|been|is|are|был\w*)\s+\S+\s+$", before, re.I):
        return False
    count = _COUNTED_DOCUMENTS.search(sentence)
    return not (count and _RUNNING_TOTAL.search(sentence) and not _OCCASION.search(sentence))
