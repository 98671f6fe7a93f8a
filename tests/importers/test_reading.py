"""Reading documents: decoding, formats, front matter, metadata in the content, language."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from importers import DocumentError, document_from_bytes, document_from_text, read_document
from importers.reading.decoding import decode

ARTICLES = Path(__file__).parent / "articles"


def test_utf8_with_bom_is_read_and_offsets_refer_to_the_text_after_it():
    data = codecs.BOM_UTF8 + "Belarus and Oman signed an agreement in 2010.".encode()
    assert decode(data).startswith("Belarus")


def test_cp1251_russian_is_decoded_when_charset_normalizer_is_confident():
    text = "В 2019 году Беларусь и Республика Корея подписали соглашение о сотрудничестве в области науки."
    assert decode(text.encode("cp1251")) == text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_unreadable_inputs_raise_a_clear_error(data, message):
    with pytest.raises(DocumentError, match=message):
        decode(data)


def test_documents_over_the_size_limit_are_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Belarus and Korea signed an agreement in 2019. " * 200_000)  # about 9.4 MB
    with pytest.raises(DocumentError, match="at most 8 MiB"):
        read_document(big)


def test_front_matter_gives_metadata_and_offsets_stay_in_the_original_file():
    text = (ARTICLES / "ru_news_vietnam.md").read_text(encoding="utf-8")
    doc = document_from_text(text)
    assert doc.format == "markdown"
    assert doc.published == "2023-06-15"
    assert doc.language == "ru"
    assert doc.url == "https://example.org/news/by-vn-agro"
    assert doc.title.startswith("Беларусь и Вьетнам")
    assert doc.body_start > 0 and doc.text == text
    clean = doc.layout.clean
    assert "published:" not in clean.text and "---" not in clean.text
    # every clean character that is not white space comes from the same character of the file
    for i, ch in enumerate(clean.text):
        if not ch.isspace():
            assert text[clean.origin[i]] == ch


def test_options_override_front_matter():
    text = (ARTICLES / "en_embassy_mongolia.md").read_text(encoding="utf-8")
    doc = document_from_text(text, overrides={"published": "2022-12-01", "title": "T", "language": "en"})
    assert (doc.published, doc.title, doc.language) == ("2022-12-01", "T", "en")
    with pytest.raises(DocumentError, match="not a date"):
        document_from_text(text, overrides={"published": "yesterday"})


def test_metadata_written_in_the_content_is_found():
    md = "# Заголовок новости\n\n###### 2018-09-06\n\nТекст новости о визите в Сеул.\n\n[Original source](https://example.org/a)\n"
    doc = document_from_text(md)
    assert (doc.published, doc.url, doc.title) == ("2018-09-06", "https://example.org/a", "Заголовок новости")
    assert "Original source" not in doc.layout.clean.text and "######" not in doc.layout.clean.text
    plain = "The Daily Sample\n\nBy Sample Agency\n\nPublished : Feb. 6, 2017 - 18:07\n\nText about Belarus.\n"
    doc = document_from_text(plain)
    assert doc.published == "2017-02-06"
    assert doc.publisher == "Sample Agency"


def test_language_is_detected():
    assert document_from_text("Беларусь и Китай подписали соглашение в 2015 году.").language == "ru"
    assert document_from_text("Belarus and China signed an agreement in 2015.").language == "en"


def test_html_main_text_and_metadata():
    doc = read_document(ARTICLES / "en_wire_pakistan.html")
    assert doc.format == "html"
    assert doc.published == "2021-10-14"
    assert "sign agreements on education" in doc.title
    assert "memorandums of understanding" in doc.text
    assert "All rights reserved" not in doc.text  # boilerplate left out


def test_html_without_text_is_an_error():
    junk = b"<html><head><script>var x = 1;</script></head><body><div><a href='/'>Home</a></div></body></html>"
    with pytest.raises(DocumentError, match="no main text"):
        document_from_bytes(junk, name="page.html")


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines in Helvetica, built by hand (no PDF writer needed)."""
    def escape(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 14 TL 56 780 Td " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Title (Belarus and Oman) /CreationDate (D:20190412120000) >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_text_and_metadata(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf([
        "The third meeting of the Belarus-Oman Business Council was held",
        "in Minsk in April 2019. The sides discussed logistics and tourism.",
    ]))
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.title == "Belarus and Oman"
    assert doc.published == "2019-04-12"
    assert "Business Council was held" in doc.text


def test_a_file_named_pdf_that_is_not_one_is_refused():
    with pytest.raises(DocumentError, match="not a PDF"):
        document_from_bytes(b"hello world, this is text", name="x.pdf")


def test_nul_characters_are_refused_even_in_utf16():
    with pytest.raises(DocumentError, match="NUL"):
        decode(codecs.BOM_UTF16_LE + "Belarus\x00 and Oman signed an agreement in 2010.".encode("utf-16-le"))
    with pytest.raises(DocumentError, match="NUL"):
        document_from_text("Belarus and Oman\x00 signed an agreement in 2010.")
