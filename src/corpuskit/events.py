"""Stage 4g of the pipeline: the events a text narrates, and the years it gives them.

The event list is data (a YAML file kept with the corpus, see :func:`load_events`):
each event has an ``id``, a short ``label``, a reference ``year`` (optionally
``end_year`` for an event that spans years), and ``cues`` -- the literal phrases
that name it ("Apollo 11", "Berlin Wall", "Treaty of Versailles").
:func:`event_mentions` links sentences to events with these rules:

* cues are literal strings matched at word boundaries, case-sensitively unless
  given as ``{cue: ..., lower: true}``; all cues go into one alternation,
  longest first, scanned left to right (as actor aliases are), so a cue
  belongs to one event and overlapping cues never both match;
* an event may require ``context``: words of which at least one must occur in
  the same sentence (case-insensitive, at word boundaries) -- "Korea" names the
  Korean War only in a sentence that also says "war", "armistice" or "invasion";
* ``exclusions`` are regular expressions whose group ``x`` marks text that is
  not a cue even though a cue matches ("Wall" in "the Wall Street crash" is
  not the Berlin Wall);
* one row per (sentence, event), however many cues of the event it contains.

Given the narrated-year table of :func:`corpuskit.time_references`, each linked
sentence also gets the year *it gives the event*: ``narrated_year`` is the year
of the time reference nearest to the event's first cue in the sentence
(distance in characters between the two spans; ties: the earlier reference),
leaving out references that are themselves a cue of another event -- in "the
war that followed 9/11", "9/11" (a cue of its own event) does not date
the war. :func:`event_timeline` then places every event where *the
texts* place it: ``text_year`` is the narrated year its sentences give most
often (ties: the earliest), next to the reference year of the list, with the
agreement rate

    agreement = n_agree / n_dated

where ``n_dated`` counts the event's sentences that give it a year and
``n_agree`` those whose year lies within [year, end_year]. A sentence that
names the event but no year is kept and counted (``n_sentences``), never dropped.

Cue matching finds *names* of events, not reasoning about them: a cue list made
by reading the corpus is tuned to it, and a sentence that names an event only
by anaphora ("that attack") is missed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus import Corpus, check_corpus
from .errors import ArgumentError, CorpusError, RulesError, check_frame
from .matching import Phrase, PhraseMatcher, warn_if_wildcard, warn_marked_spellings
from .patterns import compile_user_pattern
from .segment import marked_spellings, sentences, warn_if_unspaced
from .yamlio import read_yaml, with_item_lines

__all__ = ["EventList", "event_mentions", "event_timeline", "load_events"]

_KEYS = {"id", "label", "year", "end_year", "cues", "context", "draw", "note"}
_TOP_KEYS = {"version", "events", "exclusions", "note"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class EventList:
    """A parsed event list: one row per event, and the compiled cue and context patterns.

    ``events`` has columns ``event`` (the id), ``label``, ``year``, ``end_year``,
    ``n_cues``, ``context`` (tuple of words, empty if none), ``draw`` (whether a
    time axis should mark the event) and ``note``, in the order of the file.

    Examples
    --------
    >>> events = ck.load_events({"version": 1, "events": [
    ...     {"id": "moon-landing", "label": "the moon landing", "year": 1969, "cues": ["Apollo 11"]}]})
    >>> events.event_of("Apollo 11"), events.events["year"].tolist()
    ('moon-landing', [1969])
    """

    events: pd.DataFrame
    cues: PhraseMatcher  # with the list's exclusions
    context: Mapping[str, PhraseMatcher]  # event -> its context words (any case, at word boundaries)

    def event_of(self, matched: str) -> str:
        """The event a cue match belongs to (case-insensitive cues by their lower-cased form)."""
        return self.cues.key_of(matched)


def _year(value: object, where: str, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999:
        raise RulesError(
            f"{where}: {field!r} must be a year from 1 to 9999 (an integer; years before Christ are not "
            f"supported), got {value!r}"
        )
    return value


@with_item_lines
def load_events(source: str | Path | Mapping) -> EventList:
    """Read and check an event list (YAML file or mapping).

    Format::

        version: 1
        events:
          - id: moon-landing
            label: the first moon landing
            year: 1969
            cues: [Apollo 11, moon landing]
          - id: korean-war
            label: the Korean War
            year: 1950
            end_year: 1953
            cues: [Korea, Korean]
            context: [war, armistice, invasion]   # one of these must be in the sentence
          - {id: new-deal, label: the New Deal, year: 1933, cues: [{cue: new deal, lower: true}], draw: true}
        exclusions: ["(?P<x>Wall) Street"]

    ``end_year`` (default: ``year``) gives the last year of an event that spans
    several; ``draw`` (default false) marks the events a time axis should label;
    ``note`` is free text.

    Raises
    ------
    RulesError
        Naming the file and the event (``events[i]`` and its id) for: a missing
        or unknown key, an id that is not lower-case letters, digits and
        hyphens or is used twice, a year that is not an integer from 1 to 9999, an
        ``end_year`` before ``year``, an event without cues, a cue given to
        two events, or an exclusion that is not a regular expression with a
        group ``x``.

    Examples
    --------
    >>> events = {"version": 1, "events": [
    ...     {"id": "meeting", "label": "the meeting", "year": 1999, "cues": ["met"]}]}
    >>> ck.load_events(events).events[["event", "label", "year", "end_year", "n_cues", "draw"]]
         event        label  year  end_year  n_cues   draw
    0  meeting  the meeting  1999      1999       1  False
    """
    where = str(source) if not isinstance(source, Mapping) else "<events>"
    if isinstance(source, Mapping):
        data = source
    elif isinstance(source, str | Path):
        data = read_yaml(source, error=RulesError, what="event list", expect=dict)
    else:
        raise ArgumentError(f"events: expected a path to a YAML file or a mapping, got {type(source).__name__}")
    if not isinstance(data, Mapping) or not isinstance(data.get("events"), list):
        raise RulesError(f"{where}: expected a mapping with an 'events:' list")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {sorted(unknown)}")
    rows: list[dict] = []
    cue_to: dict[str, str] = {}
    folded: dict[str, str] = {}
    phrases: list[Phrase] = []
    context_of: dict[str, PhraseMatcher] = {}
    for i, entry in enumerate(data["events"]):
        w = f"{where}: events[{i}]"
        if not isinstance(entry, Mapping):
            raise RulesError(f"{w}: each event must be a mapping with id, label, year and cues")
        missing = {"id", "label", "year", "cues"} - set(entry)
        if missing:
            raise RulesError(f"{w} ({entry.get('id', '?')}): missing key(s) {sorted(missing)}")
        event = str(entry["id"])
        w = f"{w} ({event})"
        bad = set(entry) - _KEYS
        if bad:
            raise RulesError(f"{w}: unknown key(s) {sorted(bad)}; expected some of {sorted(_KEYS)}")
        if not _ID.match(event):
            raise RulesError(f"{w}: id must be lower-case letters, digits and hyphens (it is used in links)")
        if any(r["event"] == event for r in rows):
            raise RulesError(f"{w}: id {event!r} is used twice")
        year = _year(entry["year"], w, "year")
        end_year = _year(entry.get("end_year", year), w, "end_year")
        if end_year < year:
            raise RulesError(f"{w}: end_year {end_year} is before year {year}")
        cues = entry["cues"] if isinstance(entry["cues"], list) else []
        if not cues:
            raise RulesError(f"{w}: 'cues' must be a non-empty list of phrases")
        for c in cues:
            if isinstance(c, Mapping):  # {cue: reset, lower: true}
                if set(c) - {"cue", "lower"} or "cue" not in c:
                    raise RulesError(
                        f"{w}: a cue mapping takes 'cue' and 'lower' (formerly 'ignore_case'), got {dict(c)}"
                    )
                text, lower = str(c["cue"]), bool(c.get("lower"))
                if lower:
                    if text.lower() in folded and folded[text.lower()] != event:
                        raise RulesError(f"{w}: cue {text!r} already belongs to {folded[text.lower()]!r}")
                    folded[text.lower()] = event
            else:
                text, lower = str(c), False
            if not text.strip():
                raise RulesError(f"{w}: empty cue")
            warn_if_wildcard(text, w, "cue")
            if text in cue_to and cue_to[text] != event:
                raise RulesError(f"{w}: cue {text!r} already belongs to {cue_to[text]!r}")
            cue_to[text] = event
            phrases.append(Phrase(text, event, lower))
        context = entry.get("context") or []
        if not isinstance(context, list) or not all(isinstance(x, str) and x.strip() for x in context):
            raise RulesError(f"{w}: 'context' must be a list of words")
        for x in context:
            warn_if_wildcard(x, w, "context word")
        if context:
            context_of[event] = PhraseMatcher([(x, event, True) for x in context], after_period=True)
        rows.append(
            {
                "event": event,
                "label": str(entry["label"]),
                "year": year,
                "end_year": end_year,
                "n_cues": len(cues),
                "context": tuple(context),
                "draw": bool(entry.get("draw", False)),
                "note": str(entry.get("note", "")),
            }
        )
    if not rows:
        raise RulesError(f"{where}: the 'events:' list is empty")
    exclusions = []
    if not isinstance(data.get("exclusions") or [], list):
        raise RulesError(f"{where}: 'exclusions' must be a list of regular expressions")
    for j, pat in enumerate(data.get("exclusions") or []):
        rx = compile_user_pattern(pat, where=f"{where}: exclusions[{j}]", error=RulesError)
        if "x" not in rx.groupindex:
            raise RulesError(
                f"{where}: exclusions[{j}]: the pattern needs a group (?P<x>...) marking the excluded text"
            )
        exclusions.append(rx)
    return EventList(events=pd.DataFrame(rows), cues=PhraseMatcher(phrases, exclusions=exclusions), context=context_of)


_COLUMNS = [
    "doc_id",
    "sentence_id",
    "event",
    "year",
    "end_year",
    "cue",
    "start",
    "end",
    "n_cues",
    "sentence_years",
    "narrated_year",
    "dated",
    "agrees",
]


def _nearest_year(cue: tuple[int, int], refs: list[tuple[int, int, int]], taken: list[tuple[int, int]]) -> int | None:
    """The year of the reference nearest to ``cue``, ignoring references that overlap ``taken`` spans."""
    best: tuple[int, int, int] | None = None
    for a, b, year in refs:
        if any(x < b and a < y for x, y in taken):
            continue
        gap = max(0, a - cue[1], cue[0] - b)
        if best is None or (gap, a) < best[:2]:
            best = (gap, a, year)
    return None if best is None else best[2]


def event_mentions(
    corpus: Corpus,
    events: EventList | str | Path | Mapping,
    *,
    references: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every (sentence, event) pair where the sentence names the event: a tidy table.

    Columns: ``doc_id``, ``sentence_id``, ``event``, ``year``, ``end_year``
    (the event's reference years), ``cue`` (the first cue found, as written),
    ``start``, ``end`` (its offsets in the document text), ``n_cues`` (cue
    matches of this event in the sentence), and, when ``references`` (the
    table of :func:`corpuskit.time_references`, with its ``start`` and ``end``
    offsets) is given: ``sentence_years`` (sorted tuple of every year the
    sentence names, empty if none), ``narrated_year`` (the year the sentence
    gives the event: see the module docstring), ``dated`` (it gives one) and
    ``agrees`` (that year lies within [year, end_year]). Only references of
    ``precision`` ``"year"`` count ("the 1990s" names no event's year). Without
    ``references`` these four are missing values.

    Rows are sorted by document order, sentence and cue position.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> events = {"version": 1, "events": [
    ...     {"id": "meeting", "label": "the meeting", "year": 1999, "cues": ["met"]}]}
    >>> links = ck.event_mentions(corpus, events, references=ck.time_references(corpus))
    >>> links[["doc_id", "sentence_id", "event", "cue", "narrated_year", "agrees"]].to_dict("records")
    [{'doc_id': 'a', 'sentence_id': 1, 'event': 'meeting', 'cue': 'met', 'narrated_year': 1999, 'agrees': True}]
    """
    check_corpus(corpus)
    warn_if_unspaced(corpus.documents["text"])  # names inside a clause are not found
    if not isinstance(events, EventList):
        events = load_events(events)
    if references is not None:
        check_frame(
            references,
            "references",
            ["doc_id", "sentence_id", "start", "end", "year"],
            what="the table of corpuskit.time_references",
        )
        if "precision" in references.columns:  # a decade or century is not the year of an event
            references = references[references["precision"] == "year"]
    sents = sentences(corpus)
    rows_of = sents.groupby("doc_id", sort=False).indices
    info = events.events.set_index("event")
    refs_of: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
    if references is not None:
        for doc_id, sid, a, b, y in zip(
            references["doc_id"], references["sentence_id"], references["start"], references["end"], references["year"]
        ):
            refs_of.setdefault((doc_id, int(sid)), []).append((int(a), int(b), int(y)))
    out = []
    for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"]):
        matches = events.cues.find(text)
        if not matches:
            continue
        s = sents.iloc[rows_of[doc_id]]
        k = np.searchsorted(s["start"].to_numpy(), [m[0] for m in matches], side="right") - 1
        by_sentence: dict[int, list[tuple[int, int, str, str]]] = {}
        for m, j in zip(matches, k):
            by_sentence.setdefault(int(j), []).append(m)
        for j, found in by_sentence.items():
            sid = int(s["sentence_id"].iat[j])
            sentence_text = s["text"].iat[j]
            firsts: dict[str, tuple[int, int, str]] = {}
            counts: Counter[str] = Counter()
            for a, b, cue, event in found:
                counts[event] += 1
                firsts.setdefault(event, (a, b, cue))
            refs = refs_of.get((doc_id, sid), [])
            for event, (a, b, cue) in firsts.items():
                ctx = events.context.get(event)
                if ctx is not None and not ctx.search(sentence_text):
                    continue
                year, end_year = int(info.at[event, "year"]), int(info.at[event, "end_year"])
                row = {
                    "doc_id": doc_id,
                    "sentence_id": sid,
                    "event": event,
                    "year": year,
                    "end_year": end_year,
                    "cue": cue,
                    "start": a,
                    "end": b,
                    "n_cues": counts[event],
                    "sentence_years": None,
                    "narrated_year": pd.NA,
                    "dated": pd.NA,
                    "agrees": pd.NA,
                }
                if references is not None:
                    others = [(x, y) for x, y, _, e in found if e != event]
                    near = _nearest_year((a, b), refs, others)
                    row.update(
                        sentence_years=tuple(sorted({r[2] for r in refs})),
                        narrated_year=pd.NA if near is None else near,
                        dated=near is not None,
                        agrees=near is not None and year <= near <= end_year,
                    )
                out.append(row)
    table = pd.DataFrame(out, columns=_COLUMNS)
    table["narrated_year"] = table["narrated_year"].astype("Int64")
    for col in ("dated", "agrees"):
        table[col] = table[col].astype("boolean")
    cues = events.cues.exact
    warn_marked_spellings(marked_spellings(corpus, cues), "event_mentions", ("cue", "cues"), cues)
    return table


def event_timeline(mentions: pd.DataFrame, events: EventList | str | Path | Mapping) -> pd.DataFrame:
    """One row per event of the list (also those no sentence names), in list order.

    Columns: ``event``, ``label``, ``year``, ``end_year`` (from the list),
    ``n_sentences`` (sentences that name it), ``n_docs``, ``docs`` (sorted
    tuple of document ids), ``n_dated`` (of those sentences, how many give it a
    year), ``n_agree`` (how many give a year within [year, end_year]),
    ``agreement`` = n_agree / n_dated (missing if n_dated = 0), ``text_year``
    (the narrated year its sentences give most often; ties go to the
    earliest; missing if none gives one) and ``text_year_n`` (how many
    sentences give it). ``mentions`` is the table of :func:`event_mentions`,
    made with ``references`` for the year columns to be filled.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> events = {"version": 1, "events": [
    ...     {"id": "meeting", "label": "the meeting", "year": 1999, "cues": ["met"]}]}
    >>> links = ck.event_mentions(corpus, events, references=ck.time_references(corpus))
    >>> ck.event_timeline(links, events)[["event", "year", "n_sentences", "n_dated", "agreement", "text_year"]]
         event  year  n_sentences  n_dated  agreement  text_year
    0  meeting  1999            1        1        1.0       1999
    """
    if not isinstance(events, EventList):
        events = load_events(events)
    need = {"doc_id", "event", "narrated_year", "dated", "agrees"} - set(mentions.columns)
    if need:
        raise CorpusError(f"mentions lack column(s) {sorted(need)}; pass the table of event_mentions")
    rows = []
    for ev in events.events.itertuples(index=False):
        m = mentions[mentions["event"] == ev.event]
        years = Counter(int(y) for y in m["narrated_year"].dropna())
        n_dated = int(m["dated"].fillna(False).sum())
        n_agree = int(m["agrees"].fillna(False).sum())
        top = min(years.items(), key=lambda kv: (-kv[1], kv[0])) if years else None
        rows.append(
            {
                "event": ev.event,
                "label": ev.label,
                "year": ev.year,
                "end_year": ev.end_year,
                "n_sentences": len(m),
                "n_docs": int(m["doc_id"].nunique()),
                "docs": tuple(sorted(m["doc_id"].unique())),
                "n_dated": n_dated,
                "n_agree": n_agree,
                "agreement": n_agree / n_dated if n_dated else np.nan,
                "text_year": top[0] if top else pd.NA,
                "text_year_n": top[1] if top else 0,
            }
        )
    out = pd.DataFrame(rows)
    out["text_year"] = out["text_year"].astype("Int64")
    return out
