"""Vietnamese text: normalization, accent folding for search, and name ordering.

Names are ordered the way Vietnamese lists are read: by given name (the last word),
then by family and middle names, letters in the Vietnamese alphabet (a ă â b c d đ e ê …)
and tone marks as a secondary difference. The key is made only of digits so that it
sorts the same in SQLite, in PostgreSQL under any collation, and in Python.
"""

import unicodedata
from functools import lru_cache

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz0123456789"
_LETTER_CODE = {ch: f"{i + 10:02d}" for i, ch in enumerate(ALPHABET)}
# Tone marks (combining characters) in the order of Vietnamese dictionaries.
_TONES = {"\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0301": "5", "\u0323": "6"}
# Marks that make a separate letter (ă â ê ô ơ ư), not a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def nfc(text: str | None) -> str:
    """Text as it is stored: NFC, single spaces, trimmed."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def nfc_lines(text: str | None) -> str:
    """A long text (minutes, remarks) as stored: NFC, trimmed, its line breaks kept."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").strip()


def fold(text: str | None) -> str:
    """Lower case without any diacritics, for accent-insensitive search."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def _split_syllable(syllable: str) -> tuple[str, str]:
    """(letters with their letter marks, tone digit) of one lower-case word."""
    tone = "1"
    letters = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _TONES:
            tone = _TONES[ch]
        elif unicodedata.combining(ch) and ch not in _LETTER_MARKS:
            continue
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)), tone


def _encode_words(words: list[str]) -> tuple[str, str]:
    primary, tones = [], []
    for word in words:
        letters, tone = _split_syllable(word)
        primary.append("".join(_LETTER_CODE.get(ch, "99") for ch in letters))
        tones.append(tone)
    return "01".join(primary) + "00", "".join(tones) + "0"


def name_sort_key(full_name: str) -> str:
    """Digits-only key ordering people by given name, then family and middle names."""
    words = nfc(full_name).lower().split()
    if not words:
        return ""
    given_primary, given_tones = _encode_words(words[-1:])
    rest_primary, rest_tones = _encode_words(words[:-1])
    return given_primary + given_tones + rest_primary + rest_tones


def given_name(full_name: str) -> str:
    words = nfc(full_name).split()
    return words[-1] if words else ""


@lru_cache(maxsize=16384)  # lists re-sort the same names of organizations and places
def text_sort_key(text: str) -> str:
    """Digits-only key ordering names of things (organizations, places) word by word in
    the Vietnamese alphabet, with numbers in numeric order ("Khu phố 3" before "Khu phố
    10")."""
    words = [w.zfill(6) if w.isdigit() else w for w in nfc(text).lower().split()]
    primary, tones = _encode_words(words)
    return primary + tones
