"""Finding the phrases of a list in a text: the matcher behind actor aliases and event cues.

Actor lists (:mod:`corpuskit.actors`) and event lists (:mod:`corpuskit.events`)
name things by lists of literal phrases. Both are matched by one
:class:`PhraseMatcher`, with these rules:

* **literal, at word boundaries**: a phrase matches where it is written, not
  inside a longer word -- no word character after it, and no word character
  (nor, by default, a full stop: "U.S." must not match inside "D.U.S.") before it;
  only the space between two words of a phrase is not literal: it matches any run of
  whitespace holding at most one line break, so "Abraham Lincoln" is found in hard-wrapped
  text ("Abraham" ending one line, "Lincoln" starting the next) and after a double space, but not
  across a blank line;
* **case**: a phrase matches exactly as written unless it is marked
  ``lower``; a match is given to the phrase written exactly like it
  first, then to the case-insensitive phrase it equals in lower case;
* **longest match, left to right**: all phrases form one alternation ordered
  longest first and the text is scanned from the left, so matches never
  overlap and "Abraham Lincoln" is one match, never also "Lincoln";
* **exclusions**: regular expressions from the list whose group ``x`` marks
  text that is not a match even though a phrase matches there ("Washington" in
  "the Washington Post"). They come from users, so they run with the time
  limit of :mod:`corpuskit.patterns`; a match overlapping any excluded
  character is dropped (an empty group ``x`` excludes nothing).

The built-in part (the alternation) runs in linear time in the length of the
text for a fixed list: it is a plain alternation of escaped literals between
two look-arounds of one character, which never backtracks further than the
longest phrase.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from .errors import ArgumentError, MarkedSpellingWarning, QueryWarning, caller_level
from .patterns import UserPattern
from .segment import _MARKS

__all__ = ["Phrase", "PhraseMatch", "PhraseMatcher", "warn_if_wildcard", "warn_marked_spellings"]

#: what the space between two words of a phrase matches: a run of whitespace with at most one line break. Each
#: branch is linear (no nested repetition); a run is scanned once per phrase that reaches it, as before a letter.
_SPACE = r"(?:[^\S\n]*\n[^\S\n]*|[^\S\n]+)"


def _squash(text: str) -> str:
    """``text`` with every run of whitespace one space, and none at either end."""
    return " ".join(text.split())


def _literal(phrase: str) -> str:
    """The regular expression of a phrase (words one space apart): its words escaped, joined by :data:`_SPACE`."""
    return _SPACE.join(re.escape(w) for w in phrase.split(" "))


# a '*' at the edge of a word: "Путин*", "*stan", "Путин* В." (not inside one: "E*Trade")
_WILDCARD = re.compile(r"(?:^|\s)\*|\*(?:\s|$)")


def warn_if_wildcard(text: str, where: str, what: str = "alias") -> None:
    """Warn that a phrase of a list ends (or starts) a word with ``*``, as a wildcard would.

    Phrases are literal (see the module docstring): ``Путин*`` matches only the
    text ``Путин*``, not ``Путина`` or ``Путиным``, so such a phrase silently
    finds nothing. ``where`` names the file and the entry, ``what`` the kind of
    phrase (``alias``, ``demonym``, ``cue``, ``context word``). A ``*`` inside a
    word (``E*Trade``) is taken as meant.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     ck.matching.warn_if_wildcard("Путин*", "actors.yml: actors[0] (Путин)")
    ...     ck.matching.warn_if_wildcard("E*Trade", "actors.yml: actors[1] (E*Trade)")
    >>> [str(w.message).split(", but")[0] for w in caught]
    ["actors.yml: actors[0] (Путин): alias 'Путин*' ends or starts a word with '*'"]
    """
    if "*" in text and _WILDCARD.search(text):
        warnings.warn(
            f"{where}: {what} {text!r} ends or starts a word with '*', but aliases, demonyms and cues are literal "
            f"phrases, not patterns: it matches only text written with that '*' (most likely none). In an "
            f"inflected language list every form the texts use, each as its own {what} (for instance "
            f"Путин, Путина, Путину, Путиным, Путине rather than Путин*; README: 'Actor and event lists')",
            QueryWarning,
            stacklevel=caller_level(),
        )


def warn_marked_spellings(
    found: Mapping[str, Sequence[tuple[str, int]]],
    caller: str,
    what: tuple[str, str],
    owner: Mapping[str, str] | None = None,
) -> None:
    """A :class:`~corpuskit.errors.MarkedSpellingWarning` listing the phrases that the texts also spell with
    optional marks they lack, or without marks they have (``found``: :func:`corpuskit.segment.marked_spellings`),
    and how often; ``what`` is the phrase's name, singular and plural; ``owner`` names each phrase's actor or
    event."""
    if not found:
        return
    total = sum(n for spellings in found.values() for _, n in spellings)
    ranked = sorted(found.items(), key=lambda kv: (-sum(n for _, n in kv[1]), kv[0]))
    shown = "; ".join(
        f"{word!r}{f' ({owner[word]})' if owner and word in owner else ''} as "
        + ", ".join(f"{form!r} {n}x" for form, n in spellings[:2])
        for word, spellings in ranked[:3]
    )
    warnings.warn(
        f"{caller}: {len(found)} {what[len(found) != 1]} also {'occurs' if len(found) == 1 else 'occur'} in the "
        f"texts spelled with optional marks (vowel signs, honorifics, points) added or left out, {total} "
        f"time{'s' * (total != 1)} in all, and those are not found: {shown}{'; ...' if len(found) > 3 else ''}. "
        "Words are compared as written: strip the marks when cleaning (README: 'Vowel marks and other optional "
        "marks') or add the spellings to the list",
        MarkedSpellingWarning,
        stacklevel=caller_level(),
    )


class Phrase(NamedTuple):
    """One phrase of a list: its text, the key it names (an actor, an event) and its case rule."""

    text: str
    key: str
    lower: bool = False


class PhraseMatch(NamedTuple):
    """One match: offsets ``[start, end)`` in the text, the text as written, and the key of its phrase."""

    start: int
    end: int
    text: str
    key: str


class PhraseMatcher:
    """Literal phrases matched at word boundaries, longest first, with case rules and exclusions.

    Parameters
    ----------
    phrases
        :class:`Phrase` items (or ``(text, key[, lower])`` tuples). A phrase
        given twice keeps its last key; checking that a phrase names one key
        only is the caller's business (it knows the entry to blame).
    exclusions
        Compiled user patterns (:func:`corpuskit.patterns.compile_user_pattern`)
        with a group ``x``.
    after_period
        Whether a phrase may start right after a full stop (default ``False``:
        the alias "S." never matches in "U.S."). Context words of events allow it.

    Examples
    --------
    >>> m = ck.matching.PhraseMatcher([("Lincoln", "lincoln"), ("Abraham Lincoln", "lincoln"), ("NATO", "nato", True)])
    >>> [(x.text, x.key) for x in m.find("Abraham Lincoln met Nato, not Lincolnshire.")]
    [('Abraham Lincoln', 'lincoln'), ('Nato', 'nato')]
    """

    __slots__ = ("exact", "exclusions", "folded", "pattern")

    def __init__(
        self,
        phrases: Iterable[Phrase | tuple],
        *,
        exclusions: Sequence[UserPattern] = (),
        after_period: bool = False,
    ):
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for item in phrases:
            p = Phrase(*item)
            if not isinstance(p.text, str) or not p.text.strip():
                raise ArgumentError(f"phrases: a phrase must be a non-empty string, got {p.text!r}")
            text = _squash(p.text)  # its words, one space apart: the space matches any (see the module)
            exact[text] = p.key
            if p.lower:
                folded[text.lower()] = p.key
        #: phrase as written -> key
        self.exact: Mapping[str, str] = exact
        #: lower-cased phrase -> key, for the phrases that match in any case
        self.folded: Mapping[str, str] = folded
        self.exclusions: tuple[UserPattern, ...] = tuple(exclusions)
        ignore = frozenset(w for w in exact if w.lower() in folded)
        ordered = sorted(exact, key=lambda w: (-len(w), w))
        alts = "|".join(f"(?i:{_literal(w)})" if w in ignore else _literal(w) for w in ordered)
        # a phrase is a whole word: no letter, digit or combining mark (a Devanagari vowel sign, an accent
        # written apart) on either side, so "भारत" is not found in "भारतीय", nor "Jose" in NFD "José"
        before = rf"[\w{_MARKS}]" if after_period else rf"[\w.{_MARKS}]"
        #: the compiled alternation (built-in, linear-time; exclusions are applied by :meth:`find`)
        self.pattern: re.Pattern = re.compile(rf"(?<!{before})(?:{alts})(?![\w{_MARKS}])")

    def __len__(self) -> int:
        return len(self.exact)

    def __repr__(self) -> str:
        return f"PhraseMatcher({len(self.exact)} phrases, {len(self.exclusions)} exclusions)"

    def key_of(self, matched: str) -> str:
        """The key a matched text belongs to: its exact phrase first, else the case-insensitive one.

        The regular expression's case-insensitive matching equates characters that ``str.lower`` keeps apart
        (the long s "ſ" and "s", the dotless "ı" and "i", the Kelvin sign and "k"; "İ", whose lower case is two
        characters): a text it matched that way is given to the phrase it matches, not refused.

        >>> m = ck.matching.PhraseMatcher([("Stalin", "stalin", True), ("Istanbul", "istanbul", True)])
        >>> [(x.text, x.key) for x in m.find("ſtalin went to İstanbul.")]
        [('ſtalin', 'stalin'), ('İstanbul', 'istanbul')]
        """
        matched = _squash(matched)  # "Abraham\nLincoln" is "Abraham Lincoln"
        found = self.exact.get(matched)
        if found is None:
            found = self.folded.get(matched.lower())
        if found is None:  # matched through a case equivalence of the regular expression's own (rare)
            found = next(k for p, k in self.folded.items() if re.fullmatch(f"(?i:{_literal(p)})", matched))
        return found

    def excluded(self, text: str) -> np.ndarray | None:
        """The text the exclusions mark, as sorted disjoint ``[start, end)`` rows (``None`` if no exclusions).

        Overlapping and touching spans are merged; empty ones dropped. Its size
        follows the number of exclusion hits, not the length of the text.
        """
        if not self.exclusions:
            return None
        found = sorted((a, b) for rx in self.exclusions for a, b in (m.span("x") for m in rx.finditer(text)) if b > a)
        merged: list[list[int]] = []
        for a, b in found:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return np.array(merged, dtype=np.int64).reshape(-1, 2)

    def find(self, text: str, *, excluded: np.ndarray | bool | None = True) -> list[PhraseMatch]:
        """Every match in ``text``, left to right, non-overlapping, without the excluded ones.

        ``excluded`` is the result of :meth:`excluded` (to share one pass of the
        exclusions between several matchers), ``None`` or ``False`` for no
        exclusions, or ``True`` (default) to apply this matcher's own exclusions.
        A match ``[a, b)`` is dropped when an excluded span ``[x, y)`` overlaps
        it (``x < b`` and ``a < y``).
        """
        if excluded is True:
            excluded = self.excluded(text)
        key_of = self.key_of
        out = [PhraseMatch(m.start(), m.end(), m.group(), key_of(m.group())) for m in self.pattern.finditer(text)]
        if excluded is None or excluded is False or len(excluded) == 0 or not out:
            return out
        starts = np.fromiter((m.start for m in out), dtype=np.int64, count=len(out))
        ends = np.fromiter((m.end for m in out), dtype=np.int64, count=len(out))
        # the first excluded span ending after a match's start overlaps it iff it starts before the match ends
        i = np.searchsorted(excluded[:, 1], starts, side="right")
        hit = i < len(excluded)
        hit[hit] = excluded[i[hit], 0] < ends[hit]
        return [m for m, drop in zip(out, hit) if not drop]

    def search(self, text: str) -> bool:
        """Whether any phrase occurs in ``text`` (exclusions are not applied)."""
        return self.pattern.search(text) is not None
