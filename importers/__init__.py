"""Importers: read a document and propose candidate events (``chronicle extract``).

The Python API, for ``chronicle extract`` and a later ``chronicle import``::

    from importers import read_document, extract
    document = read_document("article.md", {"published": "2021-07-15"})
    for candidate in extract(document):
        print(candidate.to_line())

Nothing here touches a database: importers only produce candidates.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extraction.candidates import Candidate, Figure, Reference
    from .extraction.extractor import extract
    from .reading.decoding import DocumentError
    from .reading.documents import Document, document_from_bytes, document_from_text, read_document

# Each name is loaded from its module when first asked for (PEP 562), so that the ``chronicle`` command,
# which imports ``importers.cli`` to list its commands, does not load the extractor and its dictionaries.
_HOMES = {
    "Candidate": "extraction.candidates", "Figure": "extraction.candidates", "Reference": "extraction.candidates",
    "DocumentError": "reading.decoding", "Document": "reading.documents", "document_from_bytes": "reading.documents",
    "document_from_text": "reading.documents", "read_document": "reading.documents", "extract": "extraction.extractor",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
