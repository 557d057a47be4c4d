"""Vietnamese text: composed form, and the alphabetical order of the Vietnamese alphabet.

Code-point order puts every capital before every small letter and "Đ" after "Z"; a
Vietnamese reader expects the alphabet — a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
ư v x y —, case ignored, and the tones (none, huyền, hỏi, ngã, sắc, nặng) deciding only
between words that are otherwise the same.

>>> sorted(["Hội Cựu Thanh niên", "Hội Cựu chiến binh", "Đoàn", "Dân vận"], key=vn_sort_key)
['Dân vận', 'Đoàn', 'Hội Cựu chiến binh', 'Hội Cựu Thanh niên']
>>> sorted(["mạ", "má", "mà", "ma", "mả", "mã"], key=vn_sort_key)
['ma', 'mà', 'mả', 'mã', 'má', 'mạ']
"""

from __future__ import annotations

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # f, j, w, z: foreign names, in Latin order
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}
_MODIFIERS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn: ă â ê ô ơ ư
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # ` ? ~ ' .

Key = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


def nfc(text: str) -> str:
    """The composed form: the same Vietnamese word always has the same code points."""
    return unicodedata.normalize("NFC", text)


def vn_sort_key(text: str) -> Key:
    """A key that sorts text in Vietnamese alphabetical order (see the module's doc)."""
    primary: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for char in nfc(text):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        lower = base.lower()
        letter = unicodedata.normalize("NFC", lower + "".join(m for m in marks if m in _MODIFIERS))
        rank = _RANK.get(letter)
        if rank is None:
            # Spaces and punctuation before digits, digits before letters.
            primary.append(1000 + ord(lower) if lower.isdigit() else ord(lower))
        else:
            primary.append(100_000 + rank)
        tones.append(max((_TONES.get(m, 0) for m in marks), default=0))
        cases.append(0 if base == lower else 1)
    return tuple(primary), tuple(tones), tuple(cases)
