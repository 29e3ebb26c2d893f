"""Which single-byte encoding the bytes of a text file read as text in, when it is not the one given.

corpuskit guesses no encoding: a file is read in the encoding the user names, UTF-8 by default (README,
"Other people's files"). Two messages look at the bytes all the same, to say what to pass:

* a file (or a metadata table) that does not decode is an error whose suggestion depends on its bytes:
  Russian in Windows-1251 is told to pass ``'cp1251'`` (or to convert with ``iconv -f cp1251``), not
  ``'cp1252'``, which would read it as ``'Àïïåòèò ïðèõîäèò'`` (:func:`readable_encodings`);
* a file read in a single-byte encoding that gives mojibake -- Cyrillic read as cp1252 or Latin-1
  (``'Àïïåòèò'``), Windows-1251 read as KOI8-R (``'юООЕРХР'``) or the reverse (``'бРРЕФЙФ'``), UTF-8 read as
  cp1252 (``'Ð¡ÑŠÐµÑˆÑŒ'`` for ``'Съешь'``) -- is named in a :class:`~corpuskit.errors.MojibakeWarning` with the
  encoding that reads it as text (:func:`mojibake`).

Both rest on one reading of a decoded text (:func:`read_words`): its words that hold a letter outside
ASCII, and how many of them no language writes -- a word mixing Latin and Cyrillic letters (``'cafй'``:
Latin-1 read as cp1251), a Latin word of accented letters only (``'Àïïåòèò'``), a word whose capitals
follow a small letter (``'юООЕРХР'``) -- and, for Cyrillic, how many of its letters are capitals and how
many are the commonest letters of the Slavic languages written in Cyrillic (о а е и н т р с в л і: about
two thirds of the letters of Russian, Ukrainian, Belarusian, Bulgarian, Serbian and Macedonian text, about a
third after a wrong Cyrillic code page has permuted them). A reading is *text* when few of its words are
odd and its Cyrillic looks like a language's; it is *mojibake* when most are odd, or its Cyrillic is mostly
capitals made of the wrong letters. The warning needs both: the reading given is mojibake, and another
encoding reads the same bytes as text. The encodings tried are :data:`CANDIDATES`; what is judged is
:data:`SAMPLE` bytes from the line of the first byte outside ASCII (a long file's licence header in English
says nothing), so that a file of any size costs at most some milliseconds.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = [
    "CANDIDATES",
    "SAMPLE",
    "Reading",
    "is_single_byte",
    "mojibake",
    "read_words",
    "readable_encodings",
    "stray_bytes",
]

#: The encodings the bytes are tried in, in this order when several read them as text (Windows-1251 and
#: KOI8-R (Russian and the other Cyrillic languages), DOS's Cyrillic code page, Windows-1252 (Western
#: European; Latin-1 but for 0x80-0x9F)).
CANDIDATES: tuple[str, ...] = ("cp1251", "koi8-r", "cp866", "cp1252")
#: How much of a file is judged, in bytes, from the line of its first byte outside ASCII (some 1,200 words).
SAMPLE = 1 << 13

#: A word: three letters or more (shorter words are too often an abbreviation or an initial to judge).
_WORD = re.compile(r"[^\W\d_]{3,}")
#: The commonest letters of the Slavic languages written in Cyrillic (see the module's docstring).
_COMMON_CYRILLIC = "оаеинтрсвлі"
#: At least this many Cyrillic letters before their share of common letters says anything.
_MIN_CYRILLIC = 60
# Scripts, as the letters a single-byte encoding gives: Latin (ASCII, Latin-1 and the Latin extensions),
# Cyrillic and Greek; a word's other letters (signs such as '½' that Python counts in words) belong to none.
_LATIN = r"!-~\u00c0-\u024f\u1e00-\u1eff"
_CYRL = r"\u0400-\u052f"
_GREEK = r"\u0370-\u03ff\u1f00-\u1fff"
# Small and capital letters of Cyrillic and Greek (the letters their code pages hold)
_SMALL = r"\u03ac-\u03ce\u0430-\u045f\u0491"
_CAPITAL = r"\u0386-\u03ab\u0400-\u042f\u0490"
# Odd words, matched in the words outside ASCII joined by spaces (one pass in C, not a loop over letters):
# Latin mixed with Cyrillic or Greek, or Cyrillic with Greek ('cafй'); a Latin word without an ASCII letter
# ('Àïïåòèò'); a word with no Latin letter whose capitals follow a small letter ('юООЕРХР').
_ODD = re.compile(
    rf"""(?<!\S)(?:
        (?=\S*[{_LATIN}])(?=\S*[{_CYRL}{_GREEK}])
      | (?=\S*[{_CYRL}])(?=\S*[{_GREEK}])
      | (?=\S*[{_LATIN}])(?!\S*[{_CYRL}{_GREEK}!-~])
      | (?!\S*[{_LATIN}])(?=\S*[{_SMALL}]\S*[{_CAPITAL}])
    )\S+""",
    re.VERBOSE,
)
#: Latin words of four letters or more with an ASCII letter and two others: odd if the others are more than
#: half ('Ðeêoìeíäaöèè': KOI8-R read as cp1252; not 'préféré')
_ACCENTED = re.compile(rf"(?<!\S)(?=\S{{4}})(?!\S*[{_CYRL}{_GREEK}])(?=\S*[!-~])(?=\S*[^\x00-\x7f]\S*[^\x00-\x7f])\S+")
# Runs of Cyrillic letters, of Cyrillic capitals, of Latin letters, and capitals inside a word (counted by
# their length or their number: fewer objects than a match per letter)
_CYRILLIC = re.compile(r"[\u0400-\u0481\u048a-\u052f]+")
_CYRILLIC_CAPITAL = re.compile(r"[\u0400-\u042f\u0490]+")
_LATIN_RUN = re.compile(rf"[{_LATIN}]+")
_INNER_CAPITAL = re.compile(rf"(?<=\S)[{_CAPITAL}]+")
#: characters outside ASCII that are symbols or control characters (box-drawing signs, C1 controls)
_SIGNS = regex.compile(r"[[\p{S}\p{C}]--\p{ASCII}]", regex.V1)
_NOT_ASCII = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True)
class Reading:
    """What the words of a decoded text look like (:func:`read_words`)."""

    #: words (three letters or more) that hold a letter outside ASCII
    words: int = 0
    #: of them, words no language writes (mixed scripts, Latin of accented letters only, a capital after a
    #: small letter)
    odd: int = 0
    #: characters outside ASCII, and how many of them are symbols or control characters (box-drawing signs:
    #: KOI8-R read as DOS's cp866), not letters, marks, punctuation or spaces
    foreign: int = 0
    signs: int = 0
    #: Cyrillic letters in those words, how many of them are capitals, and how many common ones
    cyrillic: int = 0
    upper: int = 0
    common: int = 0

    @property
    def text(self) -> bool:
        """Whether the words read as a language's (few odd words, and Cyrillic mostly small letters, of
        which the common ones are the usual share; most characters outside ASCII are no symbols)."""
        if not self.words or self.odd * 10 > self.words or self.signs * 2 > self.foreign:
            return False
        if self.cyrillic and self.upper * 2 > self.cyrillic:
            return False
        return self.cyrillic < _MIN_CYRILLIC or self.common * 20 >= self.cyrillic * 9  # 45% or more

    @property
    def garbled(self) -> bool:
        """Whether the words read as mojibake (most of at least three are odd, or its Cyrillic is mostly
        capitals or odd words made of the wrong letters)."""
        if self.words < 3:
            return False
        if self.odd * 2 >= self.words:
            return True
        wrong_letters = self.cyrillic >= _MIN_CYRILLIC and self.common * 20 < self.cyrillic * 9  # under 45%
        return wrong_letters and (self.upper * 2 > self.cyrillic or self.odd * 10 > self.words * 3)


def read_words(text: str) -> Reading:
    """How the words of ``text`` that hold a letter outside ASCII look (of its first :data:`SAMPLE` characters).

    >>> from corpuskit.charsets import read_words
    >>> read_words("Аппетит приходит во время еды").text
    True
    >>> r = read_words("Àïïåòèò ïðèõîäèò âî âðåìÿ åäû")  # the same bytes read as cp1252
    >>> r.text, r.garbled, r.odd, r.words
    (False, True, 4, 4)
    """
    sample = text[:SAMPLE]
    foreign = len(sample) - len(sample.encode("ascii", errors="ignore"))
    if not foreign:
        return Reading()
    found = _foreign_words(sample)
    words = " ".join(found)
    cyrillic, upper, common = _cyrillic(words)
    signs = len(_SIGNS.findall(sample))
    return Reading(len(found), _odd_words(words), foreign, signs, cyrillic, upper, common)


def _foreign_words(text: str) -> list[str]:
    """The words of ``text`` (of its first :data:`SAMPLE` characters) that hold a letter outside ASCII."""
    return [w for w in _WORD.findall(text, 0, SAMPLE) if not w.isascii()]


def _cyrillic(words: str) -> tuple[int, int, int]:
    """The Cyrillic letters of ``words``: how many, how many capitals, how many common ones."""
    cyrillic = sum(map(len, _CYRILLIC.findall(words)))
    if not cyrillic:
        return 0, 0, 0
    upper = sum(map(len, _CYRILLIC_CAPITAL.findall(words)))
    return cyrillic, upper, sum(map(words.lower().count, _COMMON_CYRILLIC))


def _odd_words(words: str) -> int:
    """How many of ``words`` (joined by spaces) are odd (:data:`_ODD`, :data:`_ACCENTED`)."""
    mostly = sum(len(w.encode("ascii", errors="ignore")) * 2 < len(w) for w in _ACCENTED.findall(words))
    return len(_ODD.findall(words)) + mostly


def _plainly_not_garbled(text: str) -> bool:
    """A quick test that ``text`` is no mojibake, true of most text read in its own encoding: an upper bound of
    its odd words -- a run of capitals inside a word, or of Latin letters, in a word outside ASCII, one of
    which each odd word has -- is too small for :attr:`Reading.garbled`, and so are its Cyrillic's capitals."""
    found = _foreign_words(text)
    if len(found) < 3:
        return True
    words = " ".join(found)
    bound = len(_INNER_CAPITAL.findall(words)) + len(_LATIN_RUN.findall(words))
    cyrillic, upper, common = _cyrillic(words)
    return not Reading(len(found), min(bound, len(found)), 0, 0, cyrillic, upper, common).garbled


def _first_odd(text: str) -> int:
    """Where the first odd word of ``text`` starts, with what precedes it up to a space (0 if none): an excerpt
    from there shows its signs too ('×ÅËÎÂÅÊÀ', not 'ÅËÎÂÅÊÀ')."""
    for m in _WORD.finditer(text, 0, SAMPLE):
        if not m.group().isascii() and _odd_words(m.group()):
            return _token_start(text, m.start())
    return 0


def _token_start(text: str, at: int) -> int:
    """Where the run of characters without a space (a word, a cell of a table) that holds ``at`` starts."""
    return max(text.rfind(" ", 0, at), text.rfind("\n", 0, at), text.rfind("\t", 0, at)) + 1


@lru_cache(maxsize=64)
def is_single_byte(encoding: str) -> bool:
    """Whether ``encoding`` reads each byte as one character (cp1252, Latin-1, KOI8-R; not UTF-8 or UTF-16).

    >>> from corpuskit.charsets import is_single_byte
    >>> is_single_byte("latin-1"), is_single_byte("KOI8-R"), is_single_byte("utf-8"), is_single_byte("utf-16")
    (True, True, False, False)
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    if name.startswith(("utf", "ucs")):
        return False
    try:
        return len(bytes(range(256)).decode(encoding, errors="replace")) == 256
    except (UnicodeError, LookupError, TypeError):
        return False


def _name(encoding: str) -> str:
    """The codec's own name for ``encoding`` (``latin-1`` and ``iso8859-1`` are ``iso8859-1``)."""
    return codecs.lookup(encoding).name


def _window(data: bytes) -> bytes:
    """:data:`SAMPLE` bytes of ``data`` from the line of its first byte outside ASCII."""
    m = _NOT_ASCII.search(data)
    start = 0 if m is None else data.rfind(b"\n", max(m.start() - 200, 0), m.start()) + 1
    return data[start : start + SAMPLE]


def _first_foreign_word(text: str) -> int:
    """Where the word (or the cell: a run without spaces) of the first character outside ASCII starts."""
    return _token_start(text, next((i for i, c in enumerate(text) if not c.isascii()), 0))


def _excerpt(text: str, start: int, width: int = 40) -> str:
    """The words of ``text`` from ``start`` (a word's start), cut at a line's end or after ``width`` characters."""
    piece = text[start : start + width].split("\n", 1)[0].rstrip()
    if start + width < len(text) and "\n" not in text[start : start + width] and " " in piece:
        piece = piece.rsplit(" ", 1)[0]  # not a word cut in two
    return piece


def readable_encodings(data: bytes) -> list[tuple[str, str]]:
    """The encodings of :data:`CANDIDATES` that decode all of ``data`` and read it as text, best first (fewest
    odd words), each with an excerpt of its reading from the first word outside ASCII; empty if none does, or
    if most of the characters outside ASCII are valid UTF-8 (a UTF-8 file with a stray byte, whose reading in a
    single-byte encoding would look like text too).

    >>> from corpuskit.charsets import readable_encodings
    >>> readable_encodings("Аппетит приходит во время еды.".encode("cp1251"))
    [('cp1251', 'Аппетит приходит во время еды.')]
    >>> readable_encodings("Съешь же ещё этих мягких булок.".encode("koi8-r"))[0][0]
    'koi8-r'
    """
    window = _window(data)
    if window.isascii() or _mostly_utf8(window):
        return []
    found = []
    for encoding in CANDIDATES:
        try:
            data.decode(encoding)  # every byte, or the file would not load
        except UnicodeDecodeError:
            continue
        text = window.decode(encoding)
        reading = read_words(text)
        if reading.text:
            found.append((reading.odd / reading.words, encoding, _excerpt(text, _first_foreign_word(text))))
    return [(encoding, excerpt) for _, encoding, excerpt in sorted(found, key=lambda f: f[0])]


def _mostly_utf8(window: bytes) -> bool:
    """Whether more of the characters outside ASCII in ``window`` are valid UTF-8 than not."""
    text = window.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return len(text) - len(text.encode("ascii", errors="ignore")) - bad > bad


def stray_bytes(data: bytes, limit: int = 4) -> tuple[list[int], int] | None:
    r"""For a file that is UTF-8 but for a few bytes: the byte offsets of the places that do not decode (at most
    ``limit``) and how many characters outside ASCII decode; None if there are more such places, or none, or
    no character outside ASCII decodes.

    A valid UTF-8 sequence of two bytes or more is rare in text written in a single-byte encoding (in cp1252 it
    is an accented capital followed by a symbol, ``Ã³``), so one found beside a few stray bytes says UTF-8.

    >>> from corpuskit.charsets import stray_bytes
    >>> stray_bytes("Również dobrze.".encode() + b" \xff caf\xe9")
    ([18, 23], 2)
    >>> stray_bytes("café".encode("cp1252")) is None  # no character outside ASCII decodes
    True
    """
    places: list[int] = []
    decoded = 0
    pos = 0
    while True:
        try:
            text = data[pos:].decode("utf-8")
        except UnicodeDecodeError as exc:
            text = data[pos : pos + exc.start].decode("utf-8")
            places.append(pos + exc.start)
            if len(places) > limit:
                return None
            pos += exc.end
            decoded += len(text) - len(text.encode("ascii", errors="ignore"))
            continue
        decoded += len(text) - len(text.encode("ascii", errors="ignore"))
        break
    return (places, decoded) if places and decoded else None


def mojibake(data: bytes, encoding: str) -> tuple[str, str, str] | None:
    """Whether ``data`` read in the single-byte ``encoding`` is mojibake that another encoding reads as text:
    ``(that encoding, an excerpt as read, the same excerpt in that encoding)``, else None.

    The other encodings are UTF-8 (a file that is valid UTF-8 and holds three characters outside ASCII or more
    is UTF-8: text in a single-byte encoding almost never is) and the :data:`CANDIDATES`.

    >>> from corpuskit.charsets import mojibake
    >>> data = "Аппетит приходит во время еды.".encode("cp1251")
    >>> mojibake(data, "cp1252")
    ('cp1251', 'Àïïåòèò ïðèõîäèò âî âðåìÿ åäû.', 'Аппетит приходит во время еды.')
    >>> mojibake(data, "cp1251") is None  # the right encoding
    True
    """
    if data.isascii() or not is_single_byte(encoding):
        return None
    window = _window(data)
    as_given = window.decode(encoding, errors="replace")
    try:
        as_utf8 = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        as_utf8 = None
    stray = stray_bytes(data) if as_utf8 is None else None
    if stray is not None and stray[1] >= 2:  # UTF-8 but for a few bytes, read in a single-byte encoding
        start = _first_foreign_word(as_given)
        return "utf-8", _excerpt(as_given, start), _excerpt(window.decode("utf-8", errors="replace"), start)
    if as_utf8 is not None and len(as_utf8) - len(as_utf8.encode("ascii", errors="ignore")) >= 3:
        # from the word of the first byte outside ASCII: the bytes before it are ASCII, one character each
        start = _first_foreign_word(as_given)
        return "utf-8", _excerpt(as_given, start), _excerpt(window.decode("utf-8", errors="ignore"), start)
    if _plainly_not_garbled(as_given) or not read_words(as_given).garbled:
        return None
    start = _first_odd(as_given)
    best = None
    for other in CANDIDATES:
        if _name(other) == _name(encoding):
            continue
        try:
            data.decode(other)
        except UnicodeDecodeError:
            continue
        text = window.decode(other)
        reading = read_words(text)
        if reading.text and reading.words >= 3 and (best is None or reading.odd / reading.words < best[0]):
            best = (reading.odd / reading.words, other, _excerpt(text, start))
    return None if best is None else (best[1], _excerpt(as_given, start), best[2])
