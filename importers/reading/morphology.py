"""pymorphy3, loaded once, with cached lookups (lemmas, dictionary membership, adjectives)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100000)
def lemma(token: str) -> str:
    """The normal form of a Russian word (lower case, ё as е); other tokens are just lowered."""
    low = token.lower().replace("ё", "е")
    if not any("а" <= ch <= "я" for ch in low):
        return low
    if "-" in low:
        return "-".join(lemma(part) for part in low.split("-"))
    return analyzer().parse(low)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=20000)
def is_known(word: str) -> bool:
    return analyzer().word_is_known(word.lower())


@lru_cache(maxsize=20000)
def is_adjective(word: str) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") for p in analyzer().parse(word.lower()) if p.is_known)


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@lru_cache(maxsize=4096)
def case_forms(word: str) -> tuple[str, ...]:
    """A proper name's forms in the six cases ("Астана" -> "астану", "астане", ...), as pymorphy inflects it."""
    parsed = analyzer().parse(word.lower())[0]
    forms = {word.lower()}
    for case in _CASES:
        inflected = parsed.inflect({case})
        if inflected is not None:
            forms.add(inflected.word)
    return tuple(sorted(forms))


@lru_cache(maxsize=20000)
def is_perfective_future(word: str) -> bool:
    """Whether every dictionary reading of ``word`` is a perfective verb in the future ("даст", "откроет").

    Verbs in -овать(ся) are left out: many are of both aspects ("организуются", "используют" are present).
    """
    parses = [p for p in analyzer().parse(word.lower()) if p.is_known]
    return bool(parses) and all(
        p.tag.POS == "VERB" and "perf" in p.tag and "futr" in p.tag and not p.normal_form.endswith(("овать", "оваться"))
        for p in parses
    )
