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
    from .candidates import Candidate, Figure, Reference
    from .decoding import DocumentError
    from .documents import Document, document_from_bytes, document_from_text, read_document
    from .extractor import extract

# Each name is loaded from its module when first asked for (PEP 562), so that the ``chronicle`` command,
# which imports ``importers.cli`` to list its commands, does not load the extractor and its dictionaries.
_HOMES = {
    "Candidate": "candidates", "Figure": "candidates", "Reference": "candidates", "DocumentError": "decoding",
    "Document": "documents", "document_from_bytes": "documents", "document_from_text": "documents",
    "read_document": "documents", "extract": "extractor",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
