"""Document metadata: YAML front matter, metadata lines inside the content, language detection.

Front matter is a ``---`` block at the very start with any of ``title``, ``publisher`` (or ``source``),
``url`` (or ``link``), ``published`` (or ``date``) and ``language`` (or ``lang``). Content can carry
metadata too: a Markdown date line (``###### 2018-09-06``), a ``Published : Feb. 6, 2017`` line, an
``[Original source](url)`` link, a ``By Agency`` line, a first heading as the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from .calendar_words import parse_day
from .decoding import DocumentError

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_KEYS = {
    "title": "title", "headline": "title",
    "publisher": "publisher", "source": "publisher", "site": "publisher", "agency": "publisher",
    "url": "url", "link": "url", "source_url": "url",
    "published": "published", "date": "published", "published_at": "published", "pubdate": "published",
    "language": "language", "lang": "language",
}


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date: YYYY, YYYY-MM or YYYY-MM-DD
    language: str | None = None

    def merged(self, other: Metadata) -> Metadata:
        """This metadata with gaps filled from ``other``."""
        return Metadata(**{k: getattr(self, k) or getattr(other, k) for k in self.__dataclass_fields__})


def split_front_matter(text: str) -> tuple[Metadata, int]:
    """Metadata of a leading YAML block and the offset where the body starts (0 without a block)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return Metadata(), 0
    import yaml

    try:
        _check_depth(yaml, m.group(1))
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        raise DocumentError(f"front matter is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        return Metadata(), m.end()
    values: dict[str, str] = {}
    for key, value in data.items():
        field = _KEYS.get(str(key).strip().lower())
        if field and value is not None and field not in values:
            values[field] = value
    published = normalize_published(values.get("published"))
    return Metadata(
        title=_text(values.get("title")),
        publisher=_text(values.get("publisher")),
        url=_text(values.get("url")),
        published=published,
        language=normalize_language(values.get("language")),
    ), m.end()


MAX_FRONT_MATTER_DEPTH = 20  # front matter is a flat mapping; a little nesting is tolerated, not thousands


def _check_depth(yaml, block: str) -> None:
    """Refuse front matter nested deeper than :data:`MAX_FRONT_MATTER_DEPTH` before it is composed (PyYAML
    composes nodes recursively: thousands of levels end in a RecursionError). The parser's events come one by
    one without recursion."""
    depth = 0
    for event in yaml.parse(block, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                raise DocumentError(f"front matter is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _text(value) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def normalize_published(value) -> str | None:
    """An ISO date from a front-matter or option value: a date, ``2021``, ``2021-07``, ``Feb. 6, 2017``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"[0-9]{4}(?:-[0-9]{2})?", text):
        return text
    day = parse_day(text)
    return day.isoformat() if day else None


def normalize_language(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text.startswith(("ru", "рус")):
        return "ru"
    if text.startswith(("en", "англ")):
        return "en"
    return None


def detect_language(text: str) -> str:
    """``ru`` when Cyrillic letters make up a third of the letters of the first 20,000 characters, else ``en``."""
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return "en"
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    return "ru" if cyrillic / len(letters) >= 0.33 else "en"


_DATE_LINE = re.compile(r"^#{1,6}[ \t]*(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})[ \t]*$", re.M)
_PUBLISHED_LINE = re.compile(
    r"^[ \t]*(?:Published|Posted|Updated|Date|Опубликовано|Дата(?:\s+публикации)?)[ \t]*:[ \t]*(.+?)[ \t]*$", re.M | re.I
)
_SOURCE_LINK = re.compile(r"\[(?:Original\s+source|Source|Источник|Оригинал)[^\]]*\]\((https?://[^)\s]+)\)", re.I)
_SOURCE_LINE = re.compile(r"^[ \t]*(?:Source|Источник)[ \t]*:[ \t]*(https?://\S+)", re.M | re.I)
_HEADING = re.compile(r"^#{1,2}[ \t]+(.+?)[ \t#]*$", re.M)
_BY_LINE = re.compile(r"^[ \t]*By[ \t]+([A-Z][\w .&'-]{2,60}?)[ \t]*$", re.M)


def content_metadata(text: str, body_start: int = 0) -> Metadata:
    """Metadata written in the content itself (looked for in its first 3,000 characters, links anywhere)."""
    head = text[body_start:body_start + 3000]
    published = None
    m = _DATE_LINE.search(head)
    if m:
        published = normalize_published(m.group(1))
    if published is None:
        for m in _PUBLISHED_LINE.finditer(head):
            published = normalize_published(re.sub(r"\s+-\s+\d{1,2}:\d{2}.*$", "", m.group(1)))
            if published:
                break
    url = None
    m = _SOURCE_LINK.search(text, body_start) or _SOURCE_LINE.search(text, body_start)
    if m:
        url = m.group(1)
    title = None
    m = _HEADING.search(head)
    if m:
        title = m.group(1).strip()
    else:
        for line in head.splitlines():
            line = line.strip()
            if line:
                if len(line) <= 200 and not re.match(r"^(?:By|Published)\b", line):
                    title = line
                break
    publisher = None
    m = _BY_LINE.search(head)
    if m:
        publisher = m.group(1).strip()
    return Metadata(title=title, publisher=publisher, url=url, published=published)
