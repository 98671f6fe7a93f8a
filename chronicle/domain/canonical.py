"""Canonical JSON and the digests built on it.

An event is stored as the canonical JSON of its normalized content (keys sorted, no insignificant white
space, UTF-8; validation writes integral numbers as integers). The same content always gives the same bytes, which
is what makes idempotent replays, the hash chain and replicas comparable.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson

QUOTE_NOISE = re.compile(r"[\s\-\u00ad\u2010\u2011]+")  # what a quote may differ from its passage by
_SURROGATE = re.compile("[\ud800-\udfff]")

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """The canonical JSON text of a JSON-like value (whose integral numbers are already ints)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def has_surrogate(text: str) -> bool:
    """Whether a string holds a lone surrogate (U+D800..U+DFFF, as JSON's ``"\\ud800"`` decodes): no UTF-8
    can encode it, so no digest, payload or column can hold it."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def chain_hash(prev_hash: str, header: str, payload: str) -> str:
    """The hash of one event: SHA-256 over the previous hash, the event's header and its payload."""
    h = hashlib.sha256()
    h.update(prev_hash.encode())
    h.update(b"\n")
    h.update(header.encode())
    h.update(b"\n")
    h.update(payload.encode())
    return h.hexdigest()


def quote_key(text: str) -> str:
    """A passage with white space and hyphens removed.

    A quote may normalize white space and line-break hyphenation (``Респуб-\\nлики`` -> ``Республики``);
    it matches its span when both keys are equal.
    """
    return QUOTE_NOISE.sub("", text)
