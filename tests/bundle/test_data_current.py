"""data/ is what the build gives: a change of the importer or of the review that alters the bundled chronicle
must come with the rebuilt files (``scripts/build_bundle.py``), or the bundle and its counts go stale unseen."""

from __future__ import annotations

from bundle.build import ROOT, SHARED, build, stale_files


def test_the_bundled_data_is_what_the_build_gives():
    files, summary = build(SHARED / "corpus", SHARED / "eval" / "gold", ROOT / "data" / "review.yaml",
                           news_dir=SHARED / "eval" / "news")
    assert stale_files(files, summary, ROOT / "data") == [], "run .venv/bin/python scripts/build_bundle.py"
