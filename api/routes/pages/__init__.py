"""The web pages: server-rendered HTML over the same chronicle as the API (Jinja2, autoescaped).

- ``/`` — the relationships, with event counts, first and last event and activity per year;
- ``/relations/{a}/{b}`` — the state card as of a date (``as_of``) and as known at a moment (``known_at``),
  the timeline by year with a domain filter, and a chart of the trade figures;
- ``/events/{id}`` — the audit page of one event: the claim, every source with its quote in context, the
  cited works, when each piece was recorded, and the corrections;
- ``/sources`` and ``/sources/{sha256}`` — the documents, each with its cited passages highlighted.

The pages are outside ``/api`` and out of the OpenAPI document. Everything that comes from an article is
rendered as text by the templates (autoescape); nothing here marks such text safe. Reads follow the API's
read-token rule. Errors are HTML pages: 404 for what is not there, 400 for a bad date or moment.

The package: :mod:`.routes` (the pages and their errors), :mod:`.formatting` (templates and their filters),
:mod:`.charts` (the SVG charts).
"""

from __future__ import annotations

from api.routes.pages.routes import PageError, install, router

__all__ = ["PageError", "install", "router"]
