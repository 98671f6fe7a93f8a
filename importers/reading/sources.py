"""Text and metadata out of HTML pages (trafilatura, htmldate) and PDF files (pypdf)."""

from __future__ import annotations

import io
import re

from .decoding import DocumentError
from .metadata import Metadata, normalize_published


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(?:html|body|head)\b", head))


def html_text(html: str) -> tuple[str, Metadata]:
    """The main text of an HTML page and its metadata; an error when the page has no readable text."""
    import trafilatura
    from htmldate import find_date

    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_recall=True)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise DocumentError(f"HTML page could not be parsed: {type(exc).__name__}") from None
    if result is None:
        raise DocumentError("HTML page has no main text to extract")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    if len(re.findall(r"\w+", text)) < 5:
        raise DocumentError("HTML page has no main text to extract")
    published = None
    try:
        published = find_date(html, outputformat="%Y-%m-%d", original_date=True)
    except Exception:  # htmldate is best effort
        published = None
    meta = Metadata(
        title=data.get("title") or None,
        publisher=data.get("sitename") or data.get("author") or None,
        url=data.get("url") or None,
        published=normalize_published(published or data.get("date")),
        language=(data.get("language") or None),
    )
    return text + "\n", meta


def pdf_text(data: bytes) -> tuple[str, Metadata]:
    """The text of a PDF file, page after page, and the title and date of its information dictionary."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"PDF file could not be read: {exc}") from None
    text = "\n\n".join(p.strip("\n") for p in pages).strip()
    if not text:
        raise DocumentError("PDF file has no extractable text (scanned images need OCR first)")
    title = None
    published = None
    if info is not None:
        title = (info.title or "").strip() or None
        created = info.get("/CreationDate")
        if isinstance(created, str):
            m = re.match(r"D:(\d{4})(\d{2})(\d{2})", created)
            if m:
                published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return text + "\n", Metadata(title=title, published=normalize_published(published))
