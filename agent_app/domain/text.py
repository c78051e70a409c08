"""Vietnamese text: NFC storage, accent-free search keys, name order (domain.md §6)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Characters nobody sees: bidi controls (they reorder what is shown, as in "Trojan Source",
# CVE-2021-42574), zero-width spaces and joiners, the BOM, and control characters (which XLSX
# cannot even hold). Never part of a name, an address or a code.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean(value: object) -> str:
    """NFC-normalise and trim any input (phones and old systems send NFD), dropping invisible
    characters; forms, the list import and sync records all store text through this."""
    if value is None:
        return ""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(value)))
    return _SPACES.sub(" ", text).strip()


def search_key(value: object) -> str:
    """Accent-free, lower-case, single-spaced: "Nguyễn Văn Đức" -> "nguyen van duc".

    đ/Đ do not decompose under NFD, so they are mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", str(value or ""))
    stripped = "".join(c for c in decomposed if not 0x300 <= ord(c) <= 0x36F)
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.lower()).strip()


def name_sort_key(full_name: str) -> str:
    """Vietnamese lists sort by given name (last word), then middle names, then family name."""
    words = search_key(full_name).split(" ")
    if len(words) < 2:
        return words[0]
    return " ".join([words[-1], *words[1:-1], words[0]])


def matches_word_start(key: str, query_key: str) -> bool:
    """True when the query's words begin at a word of the key: "van a" finds "nguyen van an"."""
    if not query_key:
        return True
    return f" {key}".find(f" {query_key}") >= 0
