"""One document read from a file: its text, metadata and layout.

:func:`read_document` accepts plain text, Markdown (with or without YAML front matter), HTML and PDF.
For text and Markdown, ``Document.text`` is the file as decoded and every offset points into it; for
HTML and PDF it is the main text the importer extracted (the text a citation is checked against).
Metadata comes, in this order of precedence, from the caller's overrides, the front matter (or the
HTML/PDF metadata), and lines of the content itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .decoding import MAX_BYTES, DocumentError, check_size, decode
from .footnotes import Footnote
from .layout import Layout, analyse
from .metadata import Metadata, content_metadata, detect_language, normalize_language, normalize_published, split_front_matter
from .sources import html_text, looks_like_html, pdf_text

@dataclass(frozen=True)
class Document:
    text: str
    title: str | None
    publisher: str | None
    url: str | None
    published: str | None
    language: str
    format: str  # text, markdown, html or pdf
    body_start: int = 0
    layout: Layout = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    @property
    def footnotes(self) -> dict[str, Footnote]:
        return self.layout.footnotes


SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")


def document_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the documents under folders named (recursively, by suffix), in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def read_document(path: str | Path, overrides: dict | None = None) -> Document:
    """Read and analyse one document; ``overrides`` may set title, url, published, language, publisher."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror or exc}") from None
    if path.is_dir():
        raise DocumentError(f"{path} is a directory, not a document")
    check_size(size, MAX_BYTES)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror or exc}") from None
    return document_from_bytes(data, name=path.name, overrides=overrides)


def document_from_bytes(data: bytes, name: str = "", overrides: dict | None = None) -> Document:
    suffix = Path(name).suffix.lower()
    if data[:5] == b"%PDF-" or suffix == ".pdf":
        if data[:5] != b"%PDF-":
            raise DocumentError("file is named .pdf but is not a PDF")
        text, meta = pdf_text(data)
        return _build(text, "pdf", meta, 0, overrides)
    text = decode(data)
    if suffix in (".html", ".htm", ".xhtml") or looks_like_html(text):
        body, meta = html_text(text)
        return _build(body, "html", meta, 0, overrides)
    return document_from_text(text, markdown=suffix in (".md", ".markdown") or None, overrides=overrides)


def document_from_text(text: str, markdown: bool | None = None, overrides: dict | None = None) -> Document:
    """A document from text already decoded (plain or Markdown, with optional front matter)."""
    if not text.strip():
        raise DocumentError("document is empty")
    if "\x00" in text:
        raise DocumentError("document is binary, not text (it contains NUL characters)")
    front, body_start = split_front_matter(text)
    if markdown is None:
        markdown = bool(body_start) or _looks_like_markdown(text[body_start:])
    return _build(text, "markdown" if markdown else "text", front, body_start, overrides)


def _looks_like_markdown(text: str) -> bool:
    import re

    head = text[:5000]
    return bool(re.search(r"^#{1,6}\s|\]\(https?://", head, re.M))


def _build(text: str, fmt: str, meta: Metadata, body_start: int, overrides: dict | None) -> Document:
    wanted = _override_metadata(overrides or {})
    meta = wanted.merged(meta).merged(content_metadata(text, body_start))
    if not text[body_start:].strip():
        raise DocumentError("document has front matter but no text")
    layout = analyse(text, skip_to=body_start, markdown=fmt == "markdown", line_paragraphs=fmt == "html")
    if not layout.clean.text.strip():
        raise DocumentError("document has no readable text")
    language = meta.language or detect_language(layout.clean.text)
    return Document(
        text=text,
        title=meta.title,
        publisher=meta.publisher,
        url=meta.url,
        published=meta.published,
        language=language,
        format=fmt,
        body_start=body_start,
        layout=layout,
    )


def _override_metadata(overrides: dict) -> Metadata:
    published = overrides.get("published")
    if published is not None and normalize_published(published) is None:
        raise DocumentError(f"--published {published!r} is not a date (use YYYY-MM-DD)")
    language = overrides.get("language")
    if language is not None and normalize_language(language) is None:
        raise DocumentError(f"--language {language!r} is not supported (use ru or en)")
    return Metadata(
        title=overrides.get("title") or None,
        publisher=overrides.get("publisher") or None,
        url=overrides.get("url") or None,
        published=normalize_published(published),
        language=normalize_language(language),
    )
