"""Recognition: the spans of one sentence — dates and their resolution, anniversaries, numbers and figures,
states and organizations (the gazetteer), triggers of event types, plans and negations (modality), year
tables — and the word lists kept as data (``importers/lexicon/*.json``).

Recognition imports :mod:`importers.reading` only, never :mod:`importers.extraction`.
"""
