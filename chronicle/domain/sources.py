"""Sources (documents) and how a citation's quote is checked against one.

A source with text is keyed by the SHA-256 of its text, so the same document is stored once whoever brings
it. A source known only by its metadata is keyed by the SHA-256 of ``"meta\\n"`` and its canonical metadata.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from chronicle.domain.canonical import canonical_json, quote_key, sha256_hex

if TYPE_CHECKING:
    from chronicle.domain.envelopes import SourceIn

METADATA_FIELDS = ("title", "publisher", "url", "published", "language", "authors")


def source_key(source: SourceIn) -> str:
    if source.text is not None:
        return sha256_hex(source.text)
    return metadata_key(source_metadata(source))


def keyed_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """The metadata a key or digest covers: ``authors`` only where a source has them, so that the keys and
    digests of sources recorded before authors were known stay what they were."""
    return {name: meta.get(name) for name in METADATA_FIELDS if name != "authors" or meta.get(name)}


def metadata_key(meta: dict[str, Any]) -> str:
    """The key of a source known by its metadata alone."""
    return sha256_hex("meta\n" + canonical_json(keyed_metadata(meta)))


def source_digest(
    key: str,
    title: str | None,
    publisher: str | None,
    url: str | None,
    published: str | None,
    language: str | None,
    recorded_at: str,
    authors: str | list[str] | None = None,
) -> str:
    """The SHA-256 of a stored source's key, metadata and time of recording (``source_digests``, as
    :func:`chronicle.domain.clock.format_timestamp` writes it), which verify recomputes: with the key (the
    text's SHA-256, or the metadata's), every byte of a source a reader sees is covered. ``authors`` may be
    given as stored (:func:`authors_column`) or as a list; they count only where a source has them."""
    if isinstance(authors, str):
        authors = authors_of(authors)
    meta = {"title": title, "publisher": publisher, "url": url, "published": published, "language": language,
            "authors": authors}
    return sha256_hex("source\n" + canonical_json({"sha256": key, **keyed_metadata(meta), "recorded_at": recorded_at}))


def attachment_digest(key: str, text_sha256: str, recorded_at: str) -> str:
    """The SHA-256 of a text attached to the source ``key`` after it was recorded: the text's SHA-256 and when
    it was attached (as :func:`chronicle.domain.clock.format_timestamp` writes it). The head's digest covers
    it beside the sources' (``chronicle.store.verify.sources_digest``)."""
    return sha256_hex("attached\n" + canonical_json({"source": key, "text_sha256": text_sha256,
                                                      "recorded_at": recorded_at}))


def source_metadata(source: SourceIn) -> dict[str, Any]:
    return {name: getattr(source, name) for name in METADATA_FIELDS}


def authors_column(authors: list[str] | None) -> str | None:
    """A source's authors as the ``sources.authors`` column keeps them: a JSON array, or NULL."""
    return json.dumps(authors, ensure_ascii=False) if authors else None


def authors_of(column: str | None) -> list[str] | None:
    return json.loads(column) if column else None


def quote_mismatch(text: str, quote: str, span: tuple[int, int]) -> str | None:
    """Why ``quote`` is not the passage at ``span`` of ``text``, or None when it is.

    The passage and the quote are compared with white space and hyphens removed: a quote may collapse
    white space and join words hyphenated across lines.
    """
    start, end = span
    if end > len(text):
        return f"the span [{start}, {end}] runs past the end of the source ({len(text)} characters)"
    found = text[start:end]
    if found != quote and quote_key(found) != quote_key(quote):
        shown = found if len(found) <= 80 else found[:77] + "..."
        return f"the quote is not the source's text at span [{start}, {end}], which reads {shown!r}"
    return None
