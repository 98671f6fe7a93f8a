"""Reading: a file becomes a :class:`~importers.reading.documents.Document` — decoded text, metadata, the clean
text with offsets to the original, paragraphs, footnotes — and its sentences.

Besides the document itself, reading needs two pieces of language: the morphology (to tell a hyphenated word
from a compound when joining line breaks) and the calendar words (to read a date in the front matter). Both
live here so that recognition and extraction can use them without reading depending on them.

Reading imports nothing of :mod:`importers.recognition` or :mod:`importers.extraction`.
"""
