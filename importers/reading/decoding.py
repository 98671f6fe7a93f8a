"""Bytes to text: size limit, binary detection, UTF-8 with a guarded fallback.

Choices (see docs/extraction.md):

- Inputs above :data:`MAX_BYTES` (8 MiB) are refused with a clear message: a news item or a journal
  article is far below it, and refusing is kinder than minutes of work on a dump.
- Valid UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as such.
- Other bytes are handed to charset-normalizer; its answer is used only when it is confident (little
  chaos) and the decoded text looks like prose; otherwise the input is refused as undecodable.
- Bytes with NUL characters or many control characters are binary and refused.
"""

from __future__ import annotations

import codecs

MAX_BYTES = 8 * 1024 * 1024


class DocumentError(ValueError):
    """The input cannot be read as a document; the message is meant for the user as it is."""


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls / len(text)


def check_size(size: int, limit: int = MAX_BYTES) -> None:
    if size > limit:
        raise DocumentError(
            f"document is {size / 1048576:.1f} MiB; the extractor reads at most {limit // 1048576} MiB "
            "(split the document or extract its main text first)"
        )


def looks_binary(data: bytes) -> bool:
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 11, 27))
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes) -> str:
    """Decode document bytes to text, or raise :class:`DocumentError`."""
    check_size(len(data))
    if not data.strip():
        raise DocumentError("document is empty")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked(data[len(codecs.BOM_UTF8):].decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise DocumentError(f"document starts as UTF-8 but is not: {exc.reason} at byte {exc.start}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise DocumentError(f"document claims UTF-16 but is not: {exc.reason}") from None
    if looks_binary(data):
        raise DocumentError("document is binary, not text (no supported format recognized)")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return _checked(_guess(data))


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.1:
        raise DocumentError("document is not valid UTF-8 and its encoding cannot be determined confidently")
    text = str(best)
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < 0.4 * len(text.strip() or " "):
        raise DocumentError("document is not valid UTF-8 and does not decode to readable text")
    return text


def _checked(text: str) -> str:
    if not text.strip():
        raise DocumentError("document is empty")
    if "\x00" in text:
        raise DocumentError("document is binary, not text (it contains NUL characters)")
    if _control_share(text[:65536]) > 0.05:
        raise DocumentError("document is binary, not text (too many control characters)")
    return text
