"""Importers: read a document and propose candidate events (``chronicle extract``).

The Python API, for ``chronicle extract`` and a later ``chronicle import``::

    from importers import read_document, extract
    document = read_document("article.md", {"published": "2021-07-15"})
    for candidate in extract(document):
        print(candidate.to_line())

Nothing here touches a database: importers only produce candidates.
"""

from __future__ import annotations

from .candidates import Candidate, Figure, Reference
from .decoding import DocumentError
from .documents import Document, document_from_bytes, document_from_text, read_document
from .extractor import extract

__all__ = [
    "Candidate", "Document", "DocumentError", "Figure", "Reference", "document_from_bytes",
    "document_from_text", "extract", "read_document",
]
