"""Stage 4f of the pipeline: actors, their mentions, and who appears with whom.

The actor list is data (a YAML file kept with the corpus, see ``load_actors``):
each actor has a label, a type (person, state, organisation, group), literal
aliases, and optionally demonyms. :func:`actor_mentions` finds mentions with
these rules:

* aliases are literal strings matched at word boundaries -- case-sensitively,
  unless an alias is given as ``{alias: ..., lower: true}`` -- and
  the longest match wins: all aliases go into one alternation ordered longest
  first and the text is scanned left to right, so "Abraham Lincoln" is one
  mention and "Red Cross" never yields "Cross" (the matcher of
  :mod:`corpuskit.matching`, shared with the cues of event lists);
* a demonym ("French") counts as its state only directly before one of the
  list's ``state_nouns`` ("French officials"; a demonym listed in lower case,
  as in Russian "российские", also with a capital first letter, as at the
  start of a sentence), when joined by a hyphen to
  another mention ("U.S.-French" names both states), or when coordinated
  with a preceding mention ("the U.S. and French ...", "U.S., French and");
* ``exclusions`` are regular expressions whose group ``x`` marks text that is
  not a mention even though an alias matches ("Washington" in "Washington,
  D.C." or "the Washington Post").

:func:`cooccurrence` (deprecated; :func:`corpuskit.network.cooccurrence`
counts any item column) counts, for every pair of actors, the units in which
both occur, with PMI and Dice; :func:`~corpuskit.network.to_networkx` and
:func:`~corpuskit.network.export_network` live in :mod:`corpuskit.network`.
"""

from __future__ import annotations

import calendar
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import regex

from .corpus import Corpus, check_corpus
from .errors import (
    ArgumentError,
    EnglishOnlyWarning,
    RulesError,
    caller_level,
    check_choice,
    check_frame,
)
from .frequency import term_frequency
from .matching import Phrase, PhraseMatcher, warn_if_wildcard, warn_marked_spellings
from .network import UNITS, export_network, to_networkx  # noqa: F401  (importable from here as in 0.1)
from .network import cooccurrence as network_cooccurrence
from .patterns import compile_user_pattern
from .segment import (
    _MARKS,
    _TOKEN_RE,
    _language_sample,
    default_stopwords,
    marked_spellings,
    sentences,
    warn_if_unspaced,
)
from .validation import Validation, score_spans
from .yamlio import read_yaml, with_item_lines

__all__ = [
    "ActorList",
    "actor_mentions",
    "load_actors",
    "mention_scores",
    "uncovered_names",
]

TYPES = ("person", "state", "organisation", "group")


@dataclass(frozen=True)
class ActorList:
    """A parsed actor list: the actors, the matchers of their aliases and demonyms, and the state nouns.

    ``aliases`` holds the list's exclusions too (they block demonyms as well).

    Examples
    --------
    >>> actors = ck.load_actors({"version": 1, "actors": [
    ...     {"label": "France", "type": "state", "aliases": ["France", "Paris"], "demonyms": ["French"]}]})
    >>> actors.actor_of("Paris"), dict(actors.demonym_to_actor)
    ('France', {'French': 'France'})
    """

    actors: pd.DataFrame  # label, type
    aliases: PhraseMatcher
    demonyms: PhraseMatcher | None
    state_nouns: frozenset[str]

    @property
    def demonym_to_actor(self) -> Mapping[str, str]:
        """Demonym -> actor label."""
        return self.demonyms.exact if self.demonyms is not None else {}

    def actor_of(self, matched: str) -> str:
        """The actor an alias match belongs to (case-insensitive aliases by their lower-cased form)."""
        return self.aliases.key_of(matched)


@with_item_lines
def load_actors(source: str | Path | Mapping) -> ActorList:
    """Read and check an actor list (YAML file or mapping).

    Format::

        version: 1
        actors:
          - {label: Abraham Lincoln, type: person, aliases: [Abraham Lincoln, Lincoln]}
          - {label: France, type: state, aliases: [France, Paris], demonyms: [French]}
          - {label: Red Cross, type: organisation, aliases: [{alias: red cross, lower: true}]}
        state_nouns: [officials, government, president, ...]
        exclusions: ['(?P<x>Washington) Post']

    Raises
    ------
    RulesError
        For a missing or unknown key, an unknown type, a label used twice, an
        alias or demonym given to two actors, or an exclusion pattern without
        a group ``x``.

    Examples
    --------
    >>> actors = {"version": 1, "actors": [{"label": "Ann", "type": "person", "aliases": ["Ann"]},
    ...     {"label": "Bob", "type": "person", "aliases": ["Bob"]},
    ...     {"label": "France", "type": "state", "aliases": ["Paris"]}]}
    >>> ck.load_actors(actors).actors[["label", "type"]].to_dict("records")
    [{'label': 'Ann', 'type': 'person'}, {'label': 'Bob', 'type': 'person'}, {'label': 'France', 'type': 'state'}]
    """
    where = str(source) if not isinstance(source, Mapping) else "<actors>"
    if isinstance(source, Mapping):
        data = source
    elif isinstance(source, str | Path):
        data = read_yaml(source, error=RulesError, what="actor list", expect=dict)
    else:
        raise ArgumentError(f"actors: expected a path to a YAML file or a mapping, got {type(source).__name__}")
    if not isinstance(data, Mapping) or not isinstance(data.get("actors"), list):
        raise RulesError(f"{where}: expected a mapping with an 'actors:' list")
    unknown = set(data) - {"version", "actors", "state_nouns", "exclusions", "note"}
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {sorted(unknown)}")
    rows, alias_to, demonym_to, phrases = [], {}, {}, []
    for i, entry in enumerate(data["actors"]):
        w = f"{where}: actors[{i}]"
        if not isinstance(entry, Mapping) or "label" not in entry or "type" not in entry:
            raise RulesError(f"{w}: each actor needs 'label' and 'type'")
        bad = set(entry) - {"label", "type", "aliases", "demonyms", "note"}
        if bad:
            raise RulesError(f"{w} ({entry['label']}): unknown key(s) {sorted(bad)}")
        if not isinstance(entry["label"], str) or not entry["label"].strip():
            raise RulesError(f"{w}: label must be a non-empty string, got {entry['label']!r}")
        if not isinstance(entry.get("aliases") or [], list) or not isinstance(entry.get("demonyms") or [], list):
            raise RulesError(f"{w} ({entry['label']}): 'aliases' and 'demonyms' must be lists")
        label, kind = str(entry["label"]), str(entry["type"])
        if kind not in TYPES:
            raise RulesError(f"{w} ({label}): type {kind!r} is not one of {TYPES}")
        if any(r["label"] == label for r in rows):
            raise RulesError(f"{w}: label {label!r} is used twice")
        aliases = []
        for a in entry.get("aliases") or []:
            if isinstance(a, Mapping):  # {alias: "nato", lower: true}
                if set(a) - {"alias", "lower"} or "alias" not in a:
                    raise RulesError(
                        f"{w} ({label}): an alias mapping takes 'alias' and 'lower' (formerly 'ignore_case')"
                    )
                if not str(a["alias"]).strip():
                    raise RulesError(f"{w} ({label}): empty alias {a!r}")
                aliases.append((str(a["alias"]), bool(a.get("lower"))))
            elif isinstance(a, str) and a.strip():
                aliases.append((a, False))
            else:
                raise RulesError(f"{w} ({label}): alias {a!r} is not a non-empty string (quote numbers and yes/no)")
        if not aliases:
            raise RulesError(f"{w} ({label}): no aliases")
        for a, lower in aliases:
            warn_if_wildcard(a, f"{w} ({label})")
            if a in alias_to and alias_to[a] != label:
                raise RulesError(f"{w} ({label}): alias {a!r} already belongs to {alias_to[a]!r}")
            alias_to[a] = label
            phrases.append(Phrase(a, label, lower))
        for d in entry.get("demonyms") or []:
            if not str(d).strip():
                raise RulesError(f"{w} ({label}): empty demonym {d!r}")
            warn_if_wildcard(str(d), f"{w} ({label})", "demonym")
            if str(d) in demonym_to:
                raise RulesError(f"{w} ({label}): demonym {d!r} already belongs to {demonym_to[str(d)]!r}")
            demonym_to[str(d)] = label
        rows.append({"label": label, "type": kind})
    exclusions = []
    if not isinstance(data.get("exclusions") or [], list):
        raise RulesError(f"{where}: 'exclusions' must be a list of regular expressions")
    if not isinstance(data.get("state_nouns") or [], list) or not all(
        isinstance(w, str) for w in data.get("state_nouns") or []
    ):
        raise RulesError(f"{where}: 'state_nouns' must be a list of words")
    for j, pat in enumerate(data.get("exclusions") or []):
        rx = compile_user_pattern(pat, where=f"{where}: exclusions[{j}]", error=RulesError)
        if "x" not in rx.groupindex:
            raise RulesError(
                f"{where}: exclusions[{j}]: the pattern needs a group (?P<x>...) marking the excluded text"
            )
        exclusions.append(rx)
    return ActorList(
        actors=pd.DataFrame(rows),
        aliases=PhraseMatcher(phrases, exclusions=exclusions),
        demonyms=PhraseMatcher(_with_capitals(demonym_to)) if demonym_to else None,
        state_nouns=frozenset(str(w).lower() for w in data.get("state_nouns") or []),
    )


def _with_capitals(demonym_to: dict[str, str]) -> list[tuple[str, str]]:
    """The demonyms, and each one written in lower case (Russian "российские") also with a capital first
    letter, as it is written at the start of a sentence ("Российские власти")."""
    out = list(demonym_to.items())
    for d, label in demonym_to.items():
        capital = d[:1].upper() + d[1:]
        if d[:1].islower() and capital not in demonym_to:
            out.append((capital, label))
    return out


# a word of letters in any script, with its combining marks: "officials", "власти", "élites", "सेना"
_NEXT_WORD = re.compile(rf"\s+((?:[^\W\d_]|[{_MARKS}])+)")
_COORDINATED = re.compile(r"(?:,\s*|\s+and\s+)\Z")  # "U.S. and French", "U.S., French"


def _mentions_in(text: str, actors: ActorList) -> list[tuple[int, int, str, str]]:
    """(start, end, actor, rule) for one text; non-overlapping, in order."""
    blocked = actors.aliases.excluded(text)
    found: list[tuple[int, int, str, str]] = []
    taken = np.zeros(len(text) + 1, dtype=bool)
    for a, b, _, actor in actors.aliases.find(text, excluded=blocked):
        found.append((a, b, actor, "alias"))
        taken[a:b] = True
    if actors.demonyms is not None:
        for a, b, _, actor in actors.demonyms.find(text, excluded=blocked):
            if taken[a:b].any():
                continue
            hyphen_joined = (a > 0 and text[a - 1] == "-" and taken[a - 2] if a >= 2 else False) or (
                b < len(text) and text[b] == "-" and taken[b + 1] if b + 1 < len(text) else False
            )
            nxt = _NEXT_WORD.match(text, b)
            before_noun = nxt is not None and nxt.group(1).lower() in actors.state_nouns
            coord = _COORDINATED.search(text, max(0, a - 6), a)
            coordinated = (
                coord is not None and taken[coord.start() - 1] if coord is not None and coord.start() else False
            )
            if hyphen_joined or before_noun or coordinated:
                rule = "compound" if hyphen_joined else ("demonym" if before_noun else "coordination")
                found.append((a, b, actor, rule))
                taken[a:b] = True
    return sorted(found)


def actor_mentions(corpus: Corpus, actors: ActorList | str | Path | Mapping) -> pd.DataFrame:
    """Every actor mention, as a tidy table (see the module docstring for the rules).

    Columns: ``doc_id``, ``paragraph_id``, ``sentence_id``, ``token_id`` (the
    first token of the mention), ``start``, ``end`` (offsets in the document
    text), ``source_start``, ``source_end`` (in the raw source), ``text`` (as
    written), ``actor``, ``type``, ``rule`` (alias, demonym or compound).

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> actors = {"version": 1, "actors": [{"label": "Ann", "type": "person", "aliases": ["Ann"]},
    ...     {"label": "Bob", "type": "person", "aliases": ["Bob"]},
    ...     {"label": "France", "type": "state", "aliases": ["Paris"]}]}
    >>> m = ck.actor_mentions(corpus, actors)
    >>> m[["doc_id", "sentence_id", "actor", "text", "start", "end"]].to_dict("records")
    [{'doc_id': 'a', 'sentence_id': 1, 'actor': 'Ann', 'text': 'Ann', 'start': 0, 'end': 3}, {'doc_id': 'a',
     'sentence_id': 1, 'actor': 'Bob', 'text': 'Bob', 'start': 8, 'end': 11}, {'doc_id': 'a', 'sentence_id': 1,
     'actor': 'France', 'text': 'Paris', 'start': 15, 'end': 20}, {'doc_id': 'a', 'sentence_id': 2, 'actor': 'Bob',
     'text': 'Bob', 'start': 30, 'end': 33}, {'doc_id': 'b', 'sentence_id': 1, 'actor': 'Ann', 'text': 'Ann',
     'start': 0, 'end': 3}]
    """
    check_corpus(corpus)
    warn_if_unspaced(corpus.documents["text"])  # names inside a clause are not found
    if not isinstance(actors, ActorList):
        actors = load_actors(actors)
    sents = sentences(corpus)
    rows_of = sents.groupby("doc_id", sort=False).indices
    types = dict(zip(actors.actors["label"], actors.actors["type"]))
    out = []
    for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"]):
        found = _mentions_in(text, actors)
        if not found:
            continue
        starts = np.array([f[0] for f in found], dtype=np.int64)
        ends = np.array([f[1] for f in found], dtype=np.int64)
        s = sents.iloc[rows_of[doc_id]]
        k = np.searchsorted(s["start"].to_numpy(), starts, side="right") - 1
        tok_starts = np.array([m.start() for m in _TOKEN_RE.finditer(text)], dtype=np.int64)
        om = corpus.offsets.get(doc_id)
        src_s, src_e = (starts, ends) if om is None else om.to_source_arrays(starts, ends)
        for j, (a, b, actor, rule) in enumerate(found):
            out.append(
                {
                    "doc_id": doc_id,
                    "paragraph_id": int(s["paragraph_id"].iat[k[j]]),
                    "sentence_id": int(s["sentence_id"].iat[k[j]]),
                    "token_id": int(np.searchsorted(tok_starts, a, side="right")),
                    "start": int(a),
                    "end": int(b),
                    "source_start": int(src_s[j]),
                    "source_end": int(src_e[j]),
                    "text": text[a:b],
                    "actor": actor,
                    "type": types[actor],
                    "rule": rule,
                }
            )
    cols = [
        "doc_id",
        "paragraph_id",
        "sentence_id",
        "token_id",
        "start",
        "end",
        "source_start",
        "source_end",
        "text",
        "actor",
        "type",
        "rule",
    ]
    aliases = actors.aliases.exact
    warn_marked_spellings(marked_spellings(corpus, aliases), "actor_mentions", ("alias", "aliases"), aliases)
    return pd.DataFrame(out, columns=cols)


# A capital then small letters, in any cased script ("Lagos", "Élysée", "Путиным"); runs joined by a space or hyphen.
_CAPITALISED = regex.compile(r"(?<![\w.])\p{Lu}\p{Ll}+(?!\p{L})(?:[- ](?:al-|bin |de |von )?\p{Lu}\p{Ll}+(?!\p{L}))*")


#: What may stand between a sentence's start and its first word: spaces, opening quotes and brackets, the
#: marks Spanish puts first, the dashes that open a turn of dialogue ("- Ну, это ..."), a list number ("1. ").
_OPENING_RUN = r"[\s\"'\u201c\u2018\u201e\u201a\u00ab\u2039(\[\u00bf\u00a1\u2014\u2015\u2013-]|\d{1,2}[.)](?=\s)"
_BEFORE_FIRST_WORD = regex.compile(rf"(?:{_OPENING_RUN})*")
#: The same, read backwards from a word: what may stand between it and a colon that opens quoted speech or a
#: list ('говорят:\n"Давайте', 'as follows: 1. Read'), or a line break after a heading in capitals.
_BEFORE_WORD_BACK = regex.compile(rf"(?:{_OPENING_RUN})*\Z")


def _sentence_initial(text: str, starts: np.ndarray | None, pos: int) -> bool:
    """Whether the word at ``pos`` opens a sentence, quoted speech or a list item: it follows, with nothing but
    spaces, opening marks, dashes or a list number between, a sentence's start (``starts``, sorted), a colon,
    or a heading in capitals on the line before."""
    if starts is not None and len(starts):
        i = int(np.searchsorted(starts, pos, side="right")) - 1
        if i >= 0 and _BEFORE_FIRST_WORD.match(text, int(starts[i]), pos).end() == pos:
            return True
    lead = _BEFORE_WORD_BACK.search(text, max(0, pos - 40), pos)
    k = lead.start() if lead else pos
    if k > 0 and text[k - 1] == ":":
        return True
    if "\n" in text[k:pos]:  # the line before: a heading in capitals ("ЗАКОНЫ\n1. Любая программа")
        line = text[text.rfind("\n", 0, k) + 1 : k].strip()
        cased = [c for c in line if c.isupper() or c.islower()]
        return bool(cased) and all(c.isupper() for c in cased)
    return False


def uncovered_names(
    corpus: Corpus,
    mentions: pd.DataFrame,
    actors: ActorList | str | Path | Mapping | None = None,
    *,
    min_count: int = 2,
) -> pd.DataFrame:
    """Capitalised names in the corpus that no actor mention covers, so gaps in the list are visible.

    Candidates are runs of capitalised words in any script with capitals
    (``Red Sea``, ``Lagos``, ``Élysée``, ``Меркель``)
    that do not overlap a mention and are not only a sentence-initial word (a
    word seen only at the start of sentences is probably not a name), nor a
    single word the corpus writes in lower case at least half as often as
    with its capital (an ordinary word that a layout put at the start of a
    line), nor a single word seen inside a sentence in fewer than a tenth
    of its occurrences (``Ну`` at the start of 45 sentences and once after
    a dash of dialogue). Month
    and day names are skipped, and so are the demonyms of ``actors`` (they
    are known; the list counts them only before state nouns; ``actors`` is
    what :func:`actor_mentions` takes: a list from :func:`load_actors`, or
    what it reads). Returns
    ``name``, ``n`` (occurrences), ``n_docs``, sorted by ``n`` descending then
    ``name``; only names seen at least ``min_count`` times.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...     "text": ["Ann flew to Lagos. Then Ann and Bob left Lagos."]}))
    >>> actors = ck.load_actors({"version": 1, "actors": [{"label": "Ann", "type": "person", "aliases": ["Ann"]}]})
    >>> ck.uncovered_names(corpus, ck.actor_mentions(corpus, actors), actors, min_count=1).to_dict("records")
    [{'name': 'Lagos', 'n': 2, 'n_docs': 1}, {'name': 'Bob', 'n': 1, 'n_docs': 1}]
    """
    check_corpus(corpus)
    check_frame(mentions, "mentions", ["doc_id", "start", "end"], what="the table of actor_mentions")
    if actors is not None and not isinstance(actors, ActorList):
        actors = load_actors(actors)  # a path or a mapping, as actor_mentions takes
    sample = _language_sample(corpus.documents["text"])
    letters = sum(ch.isalpha() for ch in sample)
    cased = sum(ch.isupper() or ch.islower() for ch in sample)
    if letters >= 20 and cased < letters / 2:
        warnings.warn(
            f"uncovered_names finds names by their capital letters, but {1 - cased / letters:.0%} of the corpus's "
            "letters belong to scripts without capitals (Arabic, Hebrew, Chinese, Devanagari, ...): there it finds "
            "no name, and an empty table says nothing about the list's gaps",
            EnglishOnlyWarning,
            stacklevel=caller_level(),
        )
    sents = sentences(corpus)
    starts_by_doc = {d: np.sort(g["start"].to_numpy()) for d, g in sents.groupby("doc_id")}
    covered = {
        d: np.zeros(len(t) + 1, dtype=bool) for d, t in zip(corpus.documents["doc_id"], corpus.documents["text"])
    }
    for m in mentions.itertuples(index=False):
        covered[m.doc_id][m.start : m.end] = True
    seen: dict[str, list] = {}
    stop = (
        set(default_stopwords()) | {m.lower() for m in calendar.month_name[1:]} | {d.lower() for d in calendar.day_name}
    )
    if actors is not None:
        stop |= {d.lower() for d in actors.demonym_to_actor}
    for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"]):
        for m in _CAPITALISED.finditer(text):
            a, b = m.span()
            if covered[doc_id][a:b].any():
                continue
            name = m.group()
            initial = _sentence_initial(text, starts_by_doc.get(doc_id), a)
            if initial and (" " not in name and "-" not in name):
                if name.lower() in stop:
                    continue
            seen.setdefault(name, []).append((doc_id, initial))
    # how often each one-word candidate is written in lower case: a word written so at least half as often as
    # with its capital is an ordinary word that a layout sets at the start of a line ("Если" in a manual:
    # 864 capitalised, 681 not), not a name ("Linux" 1812 and 77, "Debian" 451 and 159 in package names)
    single = {name.lower() for name in seen if " " not in name and "-" not in name}
    counts = None
    if single:
        with warnings.catch_warnings():  # what term_frequency says of the corpus is not about the names
            warnings.simplefilter("ignore")
            counts = term_frequency(corpus, by=None, lower=False, stopwords=False)
    lower_n = dict(zip(counts["term"], counts["n"])) if counts is not None else {}
    rows = []
    for name, occ in seen.items():
        if all(initial for _, initial in occ) and " " not in name:
            continue  # only ever sentence-initial: an ordinary word
        if name.lower() in stop:
            continue
        if name.lower() in single and 2 * lower_n.get(name.lower(), 0) >= len(occ):
            continue
        if " " not in name and "-" not in name and 10 * sum(not initial for _, initial in occ) < len(occ):
            continue  # nearly always sentence-initial: an ordinary word that a heading or a dash left inside
        rows.append({"name": name, "n": len(occ), "n_docs": len({d for d, _ in occ})})
    out = pd.DataFrame(rows, columns=["name", "n", "n_docs"])
    out = out[out["n"] >= min_count]
    return out.sort_values(["n", "name"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


#: Edge columns of :func:`cooccurrence` (deprecated) -> those of :func:`corpuskit.network.cooccurrence`.
FORMER_EDGE_COLUMNS = {"source": "item_a", "target": "item_b", "n_source": "n_a", "n_target": "n_b"}


def cooccurrence(
    mentions: pd.DataFrame,
    *,
    unit: str = "sentence",
    window: int = 10,
    by: str | None = None,
    include_self: bool = False,
) -> pd.DataFrame:
    """Who appears with whom -- deprecated: use :func:`corpuskit.network.cooccurrence`.

    The same edge list as ``corpuskit.network.cooccurrence(mentions, item="actor", ...)``
    (see it for units, PMI and Dice), under the column names of corpuskit 0.1:
    ``[by,] source, target, n, n_source, n_target, n_units, pmi, dice,
    documents, units`` (``corpuskit.actors.FORMER_EDGE_COLUMNS``). ``source`` and
    ``target`` are the two actors (``source < target``), not a file; the
    network module names them ``item_a`` and ``item_b``. ``by`` is a column of
    ``mentions``; the network module also takes a column of the documents table.
    Kept so that code written for 0.1 keeps working.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> actors = {"version": 1, "actors": [{"label": "Ann", "type": "person", "aliases": ["Ann"]},
    ...     {"label": "Bob", "type": "person", "aliases": ["Bob"]},
    ...     {"label": "France", "type": "state", "aliases": ["Paris"]}]}
    >>> edges = ck.cooccurrence(ck.actor_mentions(corpus, actors))
    >>> edges[["source", "target", "n", "n_source", "n_target"]].to_dict("records")
    [{'source': 'Ann', 'target': 'Bob', 'n': 1, 'n_source': 2, 'n_target': 2}, {'source': 'Ann', 'target': 'France',
     'n': 1, 'n_source': 2, 'n_target': 1}, {'source': 'Bob', 'target': 'France', 'n': 1, 'n_source': 2, 'n_target':
     1}]
    """
    check_choice(unit, "unit", list(UNITS))
    check_frame(mentions, "mentions", ["doc_id", "actor", *UNITS[unit][1:]], what="the table of actor_mentions")
    if by is not None and (not isinstance(by, str) or by == ""):
        raise ArgumentError(f"by={by!r}: expected a column name or None")
    if by is not None:
        check_frame(mentions, "mentions", [by], what="the table of actor_mentions")
    edges = network_cooccurrence(mentions, item="actor", unit=unit, window=window, by=by, include_self=include_self)
    return edges.rename(columns={v: k for k, v in FORMER_EDGE_COLUMNS.items()})


def mention_scores(mentions: pd.DataFrame, gold: pd.DataFrame) -> Validation:
    """Precision and recall of actor mentions against hand-checked ones.

    ``mentions`` needs ``source``, ``source_start``, ``source_end``, ``actor``
    (restrict it to the documents the gold covers); ``gold`` needs ``file``,
    ``start``, ``end``, ``actor``. A prediction is correct if a gold mention of
    the same actor overlaps its span in the same file; each gold mention can be
    matched once (:func:`corpuskit.validation.score_spans`).
    precision = correct / predicted, recall = matched gold / gold; the column
    ``exact`` is the share of matches whose spans are identical.

    Returns
    -------
    Validation
        ``(scores, errors)``: one scores row, ``all``; one error row per false
        positive or missed mention, ``label`` naming the actor.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> actors = {"version": 1, "actors": [{"label": "Ann", "type": "person", "aliases": ["Ann"]},
    ...     {"label": "Bob", "type": "person", "aliases": ["Bob"]},
    ...     {"label": "France", "type": "state", "aliases": ["Paris"]}]}
    >>> m = ck.actor_mentions(corpus, actors)
    >>> m = m.assign(source=m["doc_id"].map(corpus.source_of))  # the raw file of each mention
    >>> gold = pd.DataFrame({"file": corpus.source_of("a"), "start": [0, 8], "end": [3, 11], "actor": ["Ann", "Bob"]})
    >>> scores, errors = ck.mention_scores(m[m["doc_id"] == "a"], gold)
    >>> scores[["n_gold", "n_predicted", "tp", "fp", "precision", "recall"]]
            n_gold  n_predicted  tp  fp  precision  recall
    subset
    all          2            4   2   2        0.5     1.0
    """
    check_frame(mentions, "mentions", ["source", "source_start", "source_end", "actor"])
    return score_spans(mentions, gold, label="actor")
