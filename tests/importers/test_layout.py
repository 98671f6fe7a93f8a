"""Normalization with offsets back to the original: hyphenation, page breaks, footnotes, markers."""

from __future__ import annotations

from importers.reading.footnotes import find_markers, parse_entry
from importers.reading.layout import analyse, hyphen_joins
from importers.reading.textmap import MappedText


def test_mapped_text_keeps_origins_through_replacements():
    import re

    mt = MappedText.identity("ab  cd-\nef")
    mt = mt.sub(re.compile(r" +"), lambda m: " ")
    mt = mt.sub(re.compile(r"-\n"), lambda m: "")
    assert mt.text == "ab cdef"
    assert [mt.origin[i] for i in range(len(mt.text))] == [0, 1, 2, 4, 5, 8, 9]
    assert mt.source_span(3, 7) == (4, 10)


def test_hyphenation_is_joined_but_real_compounds_and_numbers_keep_the_hyphen():
    assert hyphen_joins("Респуб", "лики")
    assert hyphen_joins("каждо", "го")
    assert not hyphen_joins("торгово", "экономической")
    assert not hyphen_joins("научно", "технической")
    assert not hyphen_joins("2018", "2020")
    assert not hyphen_joins("fire", "fighting")
    text = "Развитие Респуб-\nлики и торгово-\nэкономического сотрудничества в 2018-\n2020 гг. шло успешно.\n"
    clean = analyse(text).clean.text
    assert "Республики" in clean
    assert "торгово-экономического" in clean
    assert "2018-2020" in clean


PAGE = (
    "In particular, the parties have reached a strategic partnership. In the language of figures, it\n\n"
    "                                                 \n"
    "3 Political interaction between Belarus and China is strengthening [Electronic resource]. - 2021. - URL: \n"
    "https://www. belta. by/politics/view/politicheskoe-\n"
    "vzaimodoverie-446045-2021/ \n"
    "4 Zalessky, B. Belarus - Asia: Vector of Partnership / B. Zalessky. - LAP, 2018. - C. 5. \n"
    " looks as follows. Trade grew by 10 percent\"3 . A new chapter opened.\"4 \n\n\n\n18 \n\n"
    "Next page text starts here.\n"
)


def test_footnote_blocks_and_page_numbers_are_cut_and_parsed():
    layout = analyse(PAGE)
    clean = layout.clean.text
    assert "it looks as follows." in clean
    assert "Electronic resource" not in clean and "Zalessky" not in clean
    assert "18" not in clean.split()
    note = layout.footnotes["3"]
    assert note.title == "Political interaction between Belarus and China is strengthening"
    assert note.url == "https://www.belta.by/politics/view/politicheskoe-vzaimodoverie-446045-2021/"
    assert layout.footnotes["4"].title.startswith("Zalessky, B. Belarus - Asia")
    assert [m.label for m in layout.markers] == ["3", "4"]
    assert "\"3" not in clean and "\"4" not in clean
    assert layout.cuts and all(PAGE[a:b].strip() for a, b in layout.cuts)


def test_footnote_entry_with_url_broken_by_spaces():
    note = parse_entry("41", "Pakistan is interested in cooperation [Electronic resource]. - 2021. - URL: https://www. belta. by/economics/view/x-462939-2021/.")
    assert note.url == "https://www.belta.by/economics/view/x-462939-2021/"
    assert note.title == "Pakistan is interested in cooperation"


def test_bracket_references_keep_their_labels():
    text = "Сказано [7]. Далее [12—14]. Ещё [17; 18]. И [6, с. 88]. Год [2021] не ссылка."
    assert [m.label for m in find_markers(text, set())] == ["7", "12—14", "17; 18", "6"]


def test_glued_markers_but_not_numbers_of_the_text():
    text = (
        'the business council"24 . Then ,"25 , and the process.26 . Circles .27\n'
        '"28 . 29These documents. Production grew to Br222.6 million; COVID-19 spread; No.9 decree.'
    )
    labels = [m.label for m in find_markers(text, set())]
    assert labels == ["24", "25", "26", "27", "28", "29"]
    leading = [m for m in find_markers(text, set()) if m.leading]
    assert [m.label for m in leading] == ["29"]


def test_markers_are_removed_from_the_clean_text_and_positioned():
    text = 'They signed the agreement"5 . Nothing else.\n'
    layout = analyse(text)
    assert layout.clean.text.strip() == "They signed the agreement\". Nothing else."
    marker = layout.markers[0]
    assert layout.clean.text[:marker.start].endswith('agreement"')


def test_double_spaced_pdf_copies_get_paragraphs_from_short_lines():
    lines = [
        "The first paragraph of a copied page goes on for a while and the line is long enough ",
        "to look like a wrapped line of a printed page, and it keeps going on and on until ",
        "it ends here. ",
        "A second paragraph starts on this line and it is also long enough to be wrapped ",
        "across lines of the page, so that the analysis has something to measure against ",
        "and this is its last line. ",
        "A third paragraph is here, with another long line to make the layout look real ",
        "and with a second line too, which is as long as the others in this example text ",
        "and a short end. ",
    ]
    layout = analyse("\n\n".join(lines) + "\n")
    assert len(layout.paragraphs) == 3
