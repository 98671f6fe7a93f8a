"""One document, one source: which stored source a document that is being imported is.

A document is the source the chronicle already has when

1. a source has its very text (the same SHA-256), or the text was attached to a source before;
2. a source known only by its metadata has the same URL (scheme, ``www.``, a trailing slash and the fragment
   ignored), or the same title (case, punctuation and supplied ``[brackets]`` ignored) and a compatible date
   (one contains the other: ``2021`` and ``2021-06-03``);
3. or — whatever its metadata — every passage the chronicle cites from that source is found, at its span, in
   the document's text (at least one, of 20 characters or more): the document is the text those citations
   were taken from.

In cases 2 and 3 the document's text is *attached* to that source (``source_texts``): the source keeps its
key and metadata, its citations can be shown in context and new citations of it are checked against the text.
Under rule 2, a source whose cited passages are not in the text at their spans is not this document (another
version of the page, say) and the document becomes a source of its own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from chronicle.domain.dates import DateError, PartialDate
from chronicle.domain.sources import quote_mismatch
from chronicle.store.attached import TABLES as ATTACHED  # the queue's own, and those copied from another's

if TYPE_CHECKING:
    from sqlalchemy import Connection

MIN_PASSAGE = 20


@dataclass(frozen=True)
class Found:
    key: str  # the source the document's facts cite
    attach: bool  # attach the text to that source now
    how: str | None  # how it was recognized; None: a new source


@dataclass(frozen=True)
class Cited:
    event_id: str
    type: str
    quote: str
    span: tuple[int, int]


def url_key(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    if not host:
        return None
    return host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def title_keys(title: str | None) -> set[str]:
    """The title's words; and, when it has supplied parts in brackets, also the words outside them."""
    if not title:
        return set()
    keys = {_words(title)}
    outside = _words(re.sub(r"\[[^\]]*\]", " ", title))
    if outside:
        keys.add(outside)
    keys.discard("")
    return keys


def dates_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    try:
        x, y = PartialDate.parse(a), PartialDate.parse(b)
    except DateError:
        return False
    inside = lambda o, i: o.earliest <= i.earliest and i.latest <= o.latest  # noqa: E731
    return inside(x, y) or inside(y, x)


CITED_SQL = (
    "SELECT sc.event_id, e.type, c.quote, c.span_start, c.span_end FROM source_citations sc"
    " JOIN citations c ON c.position = sc.position AND c.ordinal = sc.ordinal"
    " JOIN events e ON e.id = sc.event_id WHERE sc.source_sha256 = ? ORDER BY sc.position, sc.ordinal"
)


def citations_of(conn: Connection, d, key: str) -> list[Cited]:
    """Every citation of the source ``key`` (of facts in force or not), with the type of the fact it cites."""
    return [Cited(r[0], r[1], r[2], (r[3], r[4])) for r in conn.exec_driver_sql(d.sql(CITED_SQL), (key,))]


def same_citation(cited: list[Cited], fact_type: str, span: tuple[int, int]) -> str | None:
    """The fact of this type that already cites the source at a passage overlapping ``span``, if any."""
    for c in cited:
        if c.type == fact_type and c.span[0] < span[1] and span[0] < c.span[1]:
            return c.event_id
    return None


def _passages_fit(text: str, cited: list[Cited]) -> bool:
    return all(quote_mismatch(text, c.quote, c.span) is None for c in cited)


def identify(conn: Connection, d, text: str, meta: dict[str, Any]) -> Found:
    sha = hashlib.sha256(text.encode()).hexdigest()
    if conn.exec_driver_sql(d.sql("SELECT 1 FROM sources WHERE sha256 = ?"), (sha,)).first() is not None:
        return Found(sha, False, "same text")
    for table in ATTACHED:
        row = conn.exec_driver_sql(d.sql(f"SELECT source_sha256 FROM {table} WHERE text_sha256 = ?"), (sha,)).first()
        if row is not None:
            return Found(row[0], False, "same text")
    url, titles = url_key(meta.get("url")), title_keys(meta.get("title"))
    candidates = conn.exec_driver_sql(
        "SELECT sha256, title, url, published FROM sources s WHERE text IS NULL"
        + "".join(f" AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.source_sha256 = s.sha256)" for table in ATTACHED)
        + " ORDER BY recorded_at, sha256"
    ).all()
    by_passages = None
    for key, title, source_url, published in candidates:
        cited = citations_of(conn, d, key)
        if url is not None and url_key(source_url) == url:
            how = "same url"
        elif titles & title_keys(title) and dates_agree(published, meta.get("published")):
            how = "same title and date"
        else:
            how = None
        if how is not None:
            if _passages_fit(text, cited):
                return Found(key, True, how)
            continue
        if by_passages is None and cited and max(len(c.quote) for c in cited) >= MIN_PASSAGE and _passages_fit(text, cited):
            by_passages = key
    if by_passages is not None:
        return Found(by_passages, True, "its cited passages are in the text")
    return Found(sha, False, None)
