"""Vietnamese text: NFC storage, cleaning of pasted text, matching keys, ASCII slugs, and the
small changes of case and punctuation a sentence in a document needs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tone marks (dấu thanh) as combining characters after NFD. The shape marks
# (circumflex U+0302, breve U+0306, horn U+031B) belong to the vowel and stay.
_TONES = {
    "\u0300": "2",  # huyền
    "\u0340": "2",
    "\u0301": "1",  # sắc
    "\u0341": "1",
    "\u0303": "4",  # ngã
    "\u0309": "3",  # hỏi
    "\u0323": "5",  # nặng
}
# "Ð" (U+00D0, Icelandic eth) looks exactly like "Đ" (U+0110) and is a common mistype.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_WORD = re.compile(r"[\w\u0300-\u036f]+")  # \w alone stops at combining marks
# Characters Word and other programs put in copied text that mean "new line".
_NEWLINES = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
# Control characters that have no place in a document (XML 1.0 forbids most of them).
# Also the invisible marks that change how text around them is shown: zero-width space and
# word joiner, the byte-order mark, and the direction marks and overrides (U+202E shows
# "hồ sơ\u202Efdp.exe" as "hồ sơexe.pdf").
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u200e\u200f\u202a-\u202e"
                       r"\u2060\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]")
_DIRECTION = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form every file and document stores."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Return user-typed or pasted text safe to store and render.

    NFC; every kind of line break (CRLF, Word's vertical tab, U+2028) becomes "\\n";
    other control characters are dropped; surrounding blank space is trimmed.
    """
    # The usual case, fast: nothing to change but the surrounding space.
    if text.isprintable() and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text.strip()
    text = _NEWLINES.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return nfc(text).strip()


def direction_marks(text: str) -> bool:
    """Whether `text` holds marks that change the direction it is shown in (U+202E…)."""
    return not text.isprintable() and _DIRECTION.search(text) is not None


def control_characters(text: str) -> list[str]:
    """Return the control characters `clean_text` would drop, as U+XXXX codes."""
    if text.isprintable():
        return []
    return sorted({f"U+{ord(c):04X}" for c in _CONTROLS.findall(text)})


def _fold_word(match: re.Match) -> str:
    word = match.group(0)
    tones = [_TONES[c] for c in word if c in _TONES]
    base = "".join(c for c in word if c not in _TONES)
    return base + "".join(tones)


@lru_cache(maxsize=4096)  # names come back again and again: people, units, sites
def fold(text: str) -> str:
    """Return a key that is equal for spellings a person would call the same name.

    Case, NFC/NFD, the look-alike "Ð", extra spaces and the placement of the tone
    mark ("Hòa"/"Hoà", "Thủy"/"Thuỷ") do not matter; the letters and tones do,
    so "Hòa" and "Hóa" stay different.
    """
    text = unicodedata.normalize("NFD", text.translate(_LOOKALIKES)).casefold()
    text = _WORD.sub(_fold_word, text)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def ascii_fold(text: str) -> str:
    """Return `text` without diacritics: "Đà Nẵng" becomes "Da Nang"."""
    text = text.translate(_LOOKALIKES).replace("\u0111", "d").replace("\u0110", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def slugify(text: str, max_length: int = 80) -> str:
    """Return an ASCII file-name-safe slug: "BHXH tỉnh Yên Bái" becomes "bhxh-tinh-yen-bai"."""
    text = ascii_fold(text).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:max_length].rstrip("-") or "x"


def has_lookalike(text: str) -> bool:
    """Whether `text` holds the look-alike "Ð"/"ð" instead of the Vietnamese "Đ"/"đ"."""
    return "\u00d0" in text or "\u00f0" in text


def lcfirst(text: str) -> str:
    """The text with its first letter in lower case, to be used inside a sentence.

    An abbreviation at the start stays as it is: "BHXH tỉnh" does not become "bHXH tỉnh".
    """
    if not text:
        return text
    first = text.split(maxsplit=1)[0]
    letters = [c for c in first if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return text
    return text[0].lower() + text[1:]


def ucfirst(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:] if text else text


def end_with(text: str, mark: str) -> str:
    """The text ending with exactly `mark` (";" or "."), whatever punctuation it ended with."""
    text = text.rstrip()
    stripped = re.sub(r"[\s;,.:]+$", "", text)
    if text.endswith("...") or text.endswith("…"):
        stripped = re.sub(r"[\s;,:]+$", "", text)  # "…" belongs to the text
    return stripped + mark if stripped else stripped


def list_items(texts, last: str = ".", other: str = ";") -> list[str]:
    """Items of a list each ending with ";" and the last with "." (legal bases, recipients)."""
    texts = [t for t in texts if t and t.strip()]
    return [end_with(t, last if i == len(texts) - 1 else other) for i, t in enumerate(texts)]


def join_vn(parts) -> str:
    """ "A, B và C"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
# nouns that start the name of an agency: the word after them names its field ("Sở Văn hóa")
_AGENCY_NOUNS = ("sở", "bộ", "ban", "cục", "vụ", "viện", "trung tâm", "phòng", "báo", "đài",
                 "tạp chí", "hội", "chi cục", "văn phòng")


def typed_in_capitals(text: str) -> bool:
    """Whether a name was typed as on a letterhead, in capitals ("SỞ VĂN HÓA, THỂ THAO …")."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    return len(words) > 1 and all(not c.isalpha() or c.isupper() for w in words for c in w) \
        and any(_VOWELS & set(w.lower()) for w in words)


def running_name(text: str) -> str:
    """A name typed in capitals as it reads inside a sentence: "SỞ VĂN HÓA, THỂ THAO VÀ DU
    LỊCH" becomes "Sở Văn hóa, Thể thao và Du lịch"; abbreviations ("BHXH", "HĐND") stay.
    Proper names inside it cannot be told apart ("THÀNH PHỐ HẢI PHÒNG"): `check` asks for a
    running-text name then. Other texts are returned as they are."""
    if not typed_in_capitals(text):
        return text
    words = text.split()
    out = []
    capital_next = True
    for i, word in enumerate(words):
        letters = word.strip(",.;:()")
        lower = word.lower()
        if letters and not (_VOWELS & set(letters.lower())):  # BHXH, HĐND, TP
            out.append(word)
        else:
            out.append(ucfirst(lower) if capital_next else lower)
        so_far = " ".join(w.lower() for w in words[:i + 1])
        capital_next = word.endswith(",") or lower == "và" or so_far in _AGENCY_NOUNS
    return " ".join(out)


_AT_GROUP = re.compile(r"\s+tại\s+(các|một số|những)\s[^.;]*$", re.IGNORECASE)


def at_place(text: str, place: str) -> str:
    """`text` "tại" `place`: "Kiểm tra … năm 2025 tại các xã, phường" for one commune reads
    "Kiểm tra … năm 2025 tại UBND xã Tân Lập", not "… tại các xã, phường tại UBND xã …"."""
    text = (text or "").rstrip()
    if not place:
        return text
    found = _AT_GROUP.search(text)
    if found:
        text = text[:found.start()]
    return f"{text} tại {place}" if text else place
