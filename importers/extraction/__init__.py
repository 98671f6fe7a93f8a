"""Extraction: candidate events built from a read document and the spans recognised in its sentences — the
reader's state, the date and parties of each trigger, attributes, statements, listings, figures as events,
quotes and references, one candidate per fact — in the candidate format of the extraction contract.

Extraction imports :mod:`importers.reading` and :mod:`importers.recognition`; neither imports it.
"""
