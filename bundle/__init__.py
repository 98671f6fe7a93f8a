"""The build of the bundled chronicle (``data/``): :mod:`bundle.build` runs it (``scripts/build_bundle.py``),
:mod:`bundle.corpus` imports and reviews the corpus, :mod:`bundle.news` adds the news items' reviewed events,
:mod:`bundle.passages` finds and trims quotes."""
