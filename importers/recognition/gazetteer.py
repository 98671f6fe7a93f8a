"""Names of states, regions, capitals and organizations, in English and Russian.

State names come from pycountry: English names (official, common, and "Korea, Republic of" turned into
"Republic of Korea") and the Russian names of its ``iso3166-1`` translations, stored as sequences of
pymorphy3 lemmas so that every case form matches ("Республикой Корея", "Саудовской Аравии"). Foreign
regions come from pycountry's ISO 3166-2 names (diacritics dropped). Written by hand, as general
knowledge: a few short forms and abbreviations (South Korea, DPRK, КНР, ОАЭ), adjectives that do not
follow the regular derivation, capitals, Belarus's regions (pycountry has no English or Russian names
for them) and the organizations the chronicle knows.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry

from ..reading.morphology import case_forms, lemma


@lru_cache(maxsize=50000)
def fold(text: str) -> str:
    """Lower case, no diacritics, ё → е."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("ё", "е").replace("’", "'")


EN_ALIASES = {
    "South Korea": "KR", "Republic of Korea": "KR", "Korea": "KR", "ROK": "KR", "North Korea": "KP", "DPRK": "KP",
    "UAE": "AE", "the Emirates": "AE", "USA": "US", "US": "US", "U.S.": "US", "U.S.A.": "US", "United States": "US",
    "America": "US", "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB",
    "Russia": "RU", "PRC": "CN", "Vietnam": "VN", "Viet Nam": "VN", "Iran": "IR", "Syria": "SY", "Laos": "LA",
    "Turkey": "TR", "Türkiye": "TR", "Czech Republic": "CZ", "KSA": "SA", "Kingdom of Saudi Arabia": "SA",
    "Kyrgyzstan": "KG", "Moldova": "MD", "Burma": "MM", "Taiwan": "TW", "Palestine": "PS", "Holland": "NL",
    "Belorussia": "BY", "Byelorussia": "BY", "Republic of Belarus": "BY", "Celestial Empire": "CN", "Taliban": "AF",
}
EN_ADJECTIVES = {
    "American": "US", "British": "GB", "English": "GB", "French": "FR", "German": "DE", "Dutch": "NL",
    "Swiss": "CH", "Swedish": "SE", "Danish": "DK", "Finnish": "FI", "Polish": "PL", "Czech": "CZ",
    "Slovak": "SK", "Turkish": "TR", "Greek": "GR", "Spanish": "ES", "Portuguese": "PT", "Irish": "IE",
    "Filipino": "PH", "Philippine": "PH", "Thai": "TH", "Lao": "LA", "Burmese": "MM", "Khmer": "KH",
    "Emirati": "AE", "Sino": "CN", "Korean": "KR", "South Korean": "KR", "North Korean": "KP",
    "Sri Lankan": "LK", "Belarusian": "BY", "Belarussian": "BY", "Byelorussian": "BY", "Saudi": "SA",
    "Kyrgyz": "KG", "Lithuanian": "LT", "Kuwaiti": "KW", "Welsh": "GB", "Scottish": "GB",
}
RU_ALIASES = {
    "Южная Корея": "KR", "Корея": "KR", "РК": "KR", "Северная Корея": "KP", "КНДР": "KP", "КНР": "CN",
    "Поднебесная": "CN", "ОАЭ": "AE", "Эмираты": "AE", "США": "US", "Америка": "US", "Россия": "RU", "РФ": "RU",
    "Вьетнам": "VN", "Иран": "IR", "Сирия": "SY", "Лаос": "LA", "Беларусь": "BY", "Белоруссия": "BY",
    "РБ": "BY", "Молдова": "MD", "Чехия": "CZ", "Великобритания": "GB", "Англия": "GB", "Турция": "TR",
    "Киргизия": "KG", "Кыргызстан": "KG", "Мьянма": "MM", "Тайвань": "TW", "Палестина": "PS",
    "Королевство Саудовская Аравия": "SA", "Талибан": "AF", "Исламская Республика Пакистан": "PK", "Султанат Оман": "OM",
}
RU_ADJECTIVES = {
    "белорусский": "BY", "американский": "US", "эмиратский": "AE", "турецкий": "TR", "немецкий": "DE",
    "французский": "FR", "британский": "GB", "английский": "GB", "чешский": "CZ", "литовский": "LT",
    "тайский": "TH", "ланкийский": "LK", "шри-ланкийский": "LK", "кубинский": "CU", "южнокорейский": "KR",
    "северокорейский": "KP", "корейский": "KR", "греческий": "GR", "шведский": "SE", "датский": "DK",
    "киргизский": "KG", "кыргызский": "KG", "голландский": "NL", "швейцарский": "CH", "китайский": "CN",
}
# Words that end like adjectives of a state but name a continent, a people group or a language family.
_NOT_STATES = {
    "asian", "european", "eurasian", "african", "arab", "arabian", "persian", "caspian", "balkan", "nordic",
    "latin", "slavic", "soviet", "oriental", "western", "eastern", "pacific", "atlantic", "indochinese",
    "roman", "northern", "southern", "central", "union", "great", "province", "east", "west", "north", "south",
    "new", "national", "grand", "royal", "federal", "democratic", "islamic", "united", "arabic",
    "азиатский", "европейский", "евразийский", "африканский", "арабский", "персидский", "советский",
    "славянский", "латинский", "восточный", "западный", "тихоокеанский",
}

CAPITALS = {
    # code: (English names, Russian names) — capitals and a few great cities that stand for their state
    "BY": (["Minsk"], ["Минск"]), "KR": (["Seoul"], ["Сеул"]), "KP": (["Pyongyang"], ["Пхеньян"]),
    "CN": (["Beijing", "Peking"], ["Пекин"]), "JP": (["Tokyo"], ["Токио"]), "IN": (["New Delhi"], ["Нью-Дели"]),
    "PK": (["Islamabad"], ["Исламабад"]), "IR": (["Tehran", "Teheran"], ["Тегеран"]),
    "VN": (["Hanoi"], ["Ханой"]), "MN": (["Ulaanbaatar", "Ulan Bator"], ["Улан-Батор"]),
    "AF": (["Kabul"], ["Кабул"]), "SY": (["Damascus"], ["Дамаск"]), "OM": (["Muscat"], ["Маскат"]),
    "AE": (["Abu Dhabi"], ["Абу-Даби"]), "SA": (["Riyadh"], ["Эр-Рияд"]), "QA": (["Doha"], ["Доха"]),
    "KW": (["Kuwait City"], []), "IQ": (["Baghdad"], ["Багдад"]), "TR": (["Ankara"], ["Анкара"]),
    "TJ": (["Dushanbe"], ["Душанбе"]), "UZ": (["Tashkent"], ["Ташкент"]), "KZ": (["Astana", "Nur-Sultan"], ["Астана", "Нур-Султан"]),
    "KG": (["Bishkek"], ["Бишкек"]), "TM": (["Ashgabat"], ["Ашхабад"]), "AZ": (["Baku"], ["Баку"]),
    "AM": (["Yerevan"], ["Ереван"]), "GE": (["Tbilisi"], ["Тбилиси"]), "RU": (["Moscow"], ["Москва"]),
    "UA": (["Kyiv", "Kiev"], ["Киев"]), "PL": (["Warsaw"], ["Варшава"]), "LT": (["Vilnius"], ["Вильнюс"]),
    "LV": (["Riga"], ["Рига"]), "ID": (["Jakarta"], ["Джакарта"]), "MY": (["Kuala Lumpur"], ["Куала-Лумпур"]),
    "TH": (["Bangkok"], ["Бангкок"]), "PH": (["Manila"], ["Манила"]), "SG": ([], ["Сингапур"]),
    "MM": (["Naypyidaw", "Yangon"], ["Нейпьидо"]), "KH": (["Phnom Penh"], ["Пномпень"]),
    "LA": (["Vientiane"], ["Вьентьян"]), "BD": (["Dhaka"], ["Дакка"]), "LK": (["Colombo"], ["Коломбо"]),
    "NP": (["Kathmandu"], ["Катманду"]), "YE": (["Sanaa"], []), "JO": (["Amman"], ["Амман"]),
    "LB": (["Beirut"], ["Бейрут"]), "IL": (["Jerusalem", "Tel Aviv"], []), "EG": (["Cairo"], ["Каир"]),
    "US": (["Washington"], ["Вашингтон"]), "CU": (["Havana"], ["Гавана"]), "BH": (["Manama"], ["Манама"]),
}
GREAT_CITIES = {
    "AE": (["Dubai", "Sharjah"], ["Дубай"]), "PK": (["Karachi", "Lahore"], ["Карачи", "Лахор"]),
    "VN": (["Ho Chi Minh City", "Ho Chi Minh"], ["Хошимин"]), "CN": (["Shanghai", "Shenzhen", "Guangzhou", "Harbin", "Changchun", "Chongqing"], ["Шанхай", "Шэньчжэнь", "Гуанчжоу", "Харбин", "Чанчунь", "Чунцин"]),
    "KR": (["Busan", "Incheon"], ["Пусан", "Инчхон"]), "IN": (["Mumbai", "Bangalore", "Bengaluru", "Kolkata", "Delhi"], ["Мумбаи", "Дели"]),
    "KZ": (["Almaty"], ["Алматы"]), "RU": (["St. Petersburg", "Saint Petersburg"], ["Санкт-Петербург"]),
    "SA": (["Jeddah"], ["Джидда"]), "TJ": (["Hissar", "Gissar", "Khujand"], ["Гиссар"]), "UZ": (["Samarkand"], ["Самарканд"]),
}
BY_REGIONS = {
    "BY-BR": (["Brest"], ["Брестская область", "Брест", "Брестчина"]),
    "BY-VI": (["Vitebsk", "Viciebsk"], ["Витебская область", "Витебск"]),
    "BY-HO": (["Gomel", "Homel", "Homiel"], ["Гомельская область", "Гомель", "Гомельщина"]),
    "BY-HR": (["Grodno", "Hrodna"], ["Гродненская область", "Гродно"]),
    "BY-MA": (["Mogilev", "Mahilyow", "Mahilioŭ"], ["Могилевская область", "Могилев"]),
    "BY-MI": (["Minsk Region", "Minsk region", "Minsk Oblast"], ["Минская область"]),
}
ORGANIZATIONS = {
    "EAEU": (["Eurasian Economic Union", "EAEU", "EEU", "EaEU"], ["Евразийский экономический союз", "ЕАЭС", "ЕврАзЭС"]),
    "EU": (["European Union", "EU"], ["Европейский союз", "Евросоюз", "ЕС"]),
    "CIS": (["Commonwealth of Independent States", "CIS"], ["Содружество Независимых Государств", "СНГ"]),
    "ASEAN": (["ASEAN", "Association of Southeast Asian Nations"], ["АСЕАН"]),
    "SCO": (["Shanghai Cooperation Organisation", "Shanghai Cooperation Organization", "SCO"], ["Шанхайская организация сотрудничества", "ШОС"]),
    "UN": (["United Nations", "UN"], ["Организация Объединенных Наций", "ООН"]),
    "CSTO": (["Collective Security Treaty Organization", "CSTO"], ["Организация Договора о коллективной безопасности", "ОДКБ"]),
    "BRICS": (["BRICS"], ["БРИКС"]),
    "GCC": (["Gulf Cooperation Council", "GCC"], ["Совет сотрудничества арабских государств Персидского залива", "ССАГПЗ"]),
}
# Russian forms of region names that are not states
_REGION_WORDS_EN = r"(?:province|provinces|region|regions|oblast|county|prefecture|state|governorate|emirate|district)"
_SUBDIVISION_STOP = {
    "central", "centre", "center", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "capital", "coast", "lakes", "islands", "upper", "lower", "greater", "oriental", "occidental", "plateau",
    "river", "sea", "delta", "valley", "highlands", "federal", "district", "region", "borders", "orange",
    "victoria", "georgia", "washington", "gulf", "bay", "port", "fort", "national", "city", "island", "interior", "littoral", "sud", "nord",
    "est", "ouest", "centro", "norte", "mountain", "atlantic", "pacific", "union", "grand", "kingston",
    "saint", "santa", "san", "la", "el", "al", "ash", "ad", "ar", "an", "as", "independence", "home",
    "punjab", "mexico", "jersey", "northwest", "southwest", "northeast", "southeast", "tobago", "herat",
}
_SUBDIVISION_SUFFIX = re.compile(
    r"\s+(?:Sheng|Shi|Zizhiqu|SAR|Uygur|Huizu|Zhuangzu|oblysy|viloyati|Respublikasi|voblasć|oblast'?|province)\b.*$",
    re.I,
)
_EXTRA_REGIONS = {"Inner Mongolia": "CN-NM", "Hong Kong": "CN-HK", "Macau": "CN-MO", "Xinjiang": "CN-XJ", "Tibet": "CN-XZ"}
_SHORT_COMMA_NAME = re.compile(r"^([^,]+),\s*(.+)$")


@lru_cache(maxsize=1)
def _russian():
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:
        return gettext.NullTranslations()


def _en_variants(country) -> set[str]:
    names = {country.name}
    for attr in ("official_name", "common_name"):
        value = getattr(country, attr, None)
        if value:
            names.add(value)
    out = set()
    for name in names:
        m = _SHORT_COMMA_NAME.match(name)
        if m:
            out.add(f"{m.group(2)} {m.group(1)}")
            out.add(m.group(1))
        else:
            out.add(name)
    return out


def en_tokens(text: str) -> tuple[str, ...]:
    return tuple(fold(t) for t in re.findall(r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?|\.", text) if t != ".")


def ru_tokens(text: str) -> tuple[str, ...]:
    return tuple(lemma(t) for t in re.findall(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁё]+)*", text))


@lru_cache(maxsize=1)
def tables():
    """The name tables, built once: (en_names, ru_names, en_short_names, ru_short_names)."""
    en: dict[tuple[str, ...], str] = {}
    ru: dict[tuple[str, ...], str] = {}
    ambiguous_en: set[tuple[str, ...]] = set()
    tr = _russian()
    for country in pycountry.countries:
        code = country.alpha_2
        for name in _en_variants(country):
            key = en_tokens(name)
            if key in en and en[key] != code:
                ambiguous_en.add(key)
            en.setdefault(key, code)
        if code == "TG":
            continue  # "Того" is a common Russian pronoun
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                translated = tr.gettext(value)
                if translated != value or re.search(r"[А-Яа-я]", translated):
                    ru.setdefault(ru_tokens(translated), code)
    for key in ambiguous_en:
        en.pop(key, None)
    for name, code in EN_ALIASES.items():
        en[en_tokens(name)] = code
    for name, code in RU_ALIASES.items():
        ru[ru_tokens(name)] = code
    return en, ru


@lru_cache(maxsize=1)
def places():
    """Capitals, great cities, Belarus's regions and organizations: (en, ru) tables of key → code."""
    en: dict[tuple[str, ...], tuple[str, str]] = {}
    ru: dict[tuple[str, ...], tuple[str, str]] = {}
    for table, kind in ((CAPITALS, "capital"), (GREAT_CITIES, "city"), (BY_REGIONS, "region"), (ORGANIZATIONS, "organization")):
        for code, (en_names, ru_names) in table.items():
            for name in en_names:
                en[en_tokens(name)] = (code, kind)
            for name in ru_names:
                for key in ru_name_keys(name):
                    ru.setdefault(key, (code, kind))
                ru[ru_tokens(name)] = (code, kind)
    return en, ru


def ru_name_keys(name: str) -> set[tuple[str, ...]]:
    """The lemma keys a one-word (or hyphenated) Russian place name can be read as in any case: the lemmatizer does not
    always give a rare name back its own normal form ("Астану" -> "астан")."""
    if " " in name:
        return {ru_tokens(name)}
    head, _, last = name.rpartition("-")  # "Эр-Рияд": the last part declines ("в Эр-Рияде")
    return {ru_tokens(f"{head}-{form}" if head else form) for form in case_forms(last)}


@lru_cache(maxsize=1)
def subdivisions() -> dict[tuple[str, ...], str]:
    """Foreign ISO 3166-2 regions by their folded English name (ambiguous and common-word names left out)."""
    out: dict[tuple[str, ...], str] = {}
    seen: dict[tuple[str, ...], set[str]] = {}
    country_keys = set(tables()[0])
    for sub in pycountry.subdivisions:
        if sub.country_code == "BY":
            continue
        name = _SUBDIVISION_SUFFIX.sub("", sub.name).strip()
        key = en_tokens(name)
        if not key or len(" ".join(key)) < 4 or key[0] in _SUBDIVISION_STOP or key in country_keys:
            continue
        seen.setdefault(key, set()).add(sub.code)
    for key, codes in seen.items():
        if len(codes) == 1:
            out[key] = next(iter(codes))
    for name, code in _EXTRA_REGIONS.items():
        out[en_tokens(name)] = code
    return out


@lru_cache(maxsize=1)
def short_names():
    """First words of state names, for deriving adjectives: (en: folded word → codes, ru: lemma → codes)."""
    en: dict[str, set[str]] = {}
    ru: dict[str, set[str]] = {}
    en_names, ru_names = tables()
    for key, code in en_names.items():
        if key and key[0] not in _NOT_STATES and key[0] not in _GENERIC_FIRST_WORDS:
            en.setdefault(key[0], set()).add(code)
    for key, code in ru_names.items():
        if key and key[0] not in ("республика", "королевство", "государство", "объединить", "объединенный", "исламский", "демократический", "федеративный", "социалистический", "султанат", "княжество", "союз", "содружество"):
            ru.setdefault(key[0], set()).add(code)
    return en, ru


_GENERIC_FIRST_WORDS = {
    "the", "republic", "kingdom", "state", "states", "people's", "socialist", "plurinational", "commonwealth",
    "sultanate", "principality", "holy", "british", "french", "american", "virgin", "cook", "marshall",
    "solomon", "heard", "bouvet", "christmas", "cocos", "falkland", "faroe", "norfolk", "pitcairn", "saint",
    "sao", "san", "sint", "costa", "el", "equatorial", "dominican", "bosnia", "papua", "sri", "burkina",
    "cabo", "cape", "isle", "lao", "timor", "svalbard", "wallis", "turks", "antigua", "micronesia", "macao",
    "hong", "province", "korea", "congo", "guinea",
}
_EN_ENDINGS = ("ian", "an", "n", "ese", "i", "ish", "")
_RU_ENDINGS = ("ийский", "йский", "ьский", "ский", "цкий")


@lru_cache(maxsize=20000)
def en_adjective(word: str) -> str | None:
    """The state an English adjective or demonym stands for ("Iranian" → IR), by derivation from names."""
    if word in EN_ADJECTIVES:
        return EN_ADJECTIVES[word]
    folded = fold(word)
    if folded in _NOT_STATES or not word[:1].isupper():
        return None
    for plural in ("s", ""):
        base = folded[: -len(plural)] if plural and folded.endswith(plural) else folded
        for ending in _EN_ENDINGS:
            if ending and not base.endswith(ending):
                continue
            stem = base[: len(base) - len(ending)] if ending else base
            if len(stem) < 4:
                continue
            if not ending and len(stem) < 5:
                continue
            codes = {
                c for first, cs in short_names()[0].items()
                if first.startswith(stem) and len(first) - len(stem) <= 5 and (ending or first != stem) for c in cs
            }
            if len(codes) == 1:
                return next(iter(codes))
    return None


@lru_cache(maxsize=20000)
def ru_adjective(lemma_word: str) -> str | None:
    """The state a Russian adjective lemma stands for ("иранский" → IR), by derivation from names."""
    word = lemma_word.replace("ё", "е")
    if word in RU_ADJECTIVES:
        return RU_ADJECTIVES[word]
    if word in _NOT_STATES:
        return None
    for ending in _RU_ENDINGS:
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        if len(stem) < 4:
            continue
        codes = {c for first, cs in short_names()[1].items() if first.startswith(stem) and len(first) - len(stem) <= 5 for c in cs}
        if len(codes) == 1:
            return next(iter(codes))
    return None


REGION_WORDS_EN = re.compile(rf"^\s*{_REGION_WORDS_EN}\b", re.I)
