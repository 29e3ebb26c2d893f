"""The essay's shared set-up: the corpus, its labels and periods, readable tables, and the claims ledger.

Every chapter starts with ``import essay``. This module holds what the chapters would otherwise
repeat -- loading and cleaning the seeds, the short source labels, the periods of the story, the
thresholds -- and the two pieces of book machinery that keep the prose honest:

* :func:`glue` pastes a computed value into the prose (myst-nb ``glue``) *and* records it, so that
  the claims of the chapter can be checked against it;
* :func:`check_claims` checks every claim of the chapter in ``book/data/claims/<chapter>.yml``
  when the chapter is executed: a quotation must occur in the cleaned text of its source, a
  condition on glued values must hold, a reference must exist in ``book/references.bib``. A claim
  that fails raises :class:`ClaimError` naming it, and the book build stops.

Corpus knowledge stays in data files (``book/data/``); this module only reads it.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.metadata
import math
import os
import pickle
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import yaml
from _ext.author_year import author_year  # the references list's labels: book/_ext/bib_labels.py

import corpuskit as ck

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "book" / "data"
SEEDS = ROOT / "seeds"
CLAIMS = DATA / "claims"
#: the phrases that stand for a year in these texts (9/11): corpuskit.time_references(named_dates=...)
NAMED_DATES = DATA / "named_dates.yml"

MIN_N = 10  #: fewer sentences than this: a group is shown, flagged, and never read as a finding
N_BOOT = 2000  #: bootstrap resamples (corpuskit's default)
SEED = 20010911  #: the seed of the book's bootstrap intervals, passed explicitly (corpuskit's default is 0)
PARAPHRASED = "stent2021"  #: the machine-paraphrased source, shown with and without


def read_yaml(path: Path) -> object:
    """A data file of the book, read as ``yaml.safe_load`` reads it, by libyaml when PyYAML was built with it.

    The C parser gives the same values (tests/test_essay_cache.py checks every data file) about ten
    times faster, and every chapter kernel reads the claims ledger and the causes file.
    """
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


#: doc_id -> short label, in order of writing (``book/data/labels.yml``)
SHORT: dict[str, str] = read_yaml(DATA / "labels.yml")
ARTICLES: list[str] = list(SHORT)


# --------------------------------------------------------------------------- the shared analysis, cached on disk
# Every chapter is executed in a kernel of its own, and most of them need the same tables: the cleaned
# corpus, its sentences, time references, event links and sentiment scores. Each table is computed by
# the first kernel of a build that asks for it and stored under ``_build/.essay_cache/<key>/``; the
# other kernels load it (a few milliseconds instead of tenths of a second). The key is a hash of every
# input of those tables -- the seeds, the book's data files, this module, corpuskit's source and the
# versions of the packages that compute them -- so a changed input is never served a stale table.
# tools/build_book.py empties the folder when a build starts: a clean build computes every table.

CACHE = ROOT / "_build" / ".essay_cache"
#: the packages whose versions enter the key (they compute or hold the cached tables)
CACHE_PACKAGES = ("numpy", "pandas", "PyYAML", "regex", "textblob", "vaderSentiment")

T = TypeVar("T")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def cache_key(root: Path = ROOT, package: Path | None = None) -> str:
    """The hash (sha256, first 20 hex digits) of every input of the cached tables.

    Inputs: each file under ``root/seeds`` and ``root/book/data`` (its path relative to ``root`` and its
    bytes), ``root/book/essay.py``, each file of the corpuskit package (``package``, by default the one
    imported), the Python version and the versions of :data:`CACHE_PACKAGES`.
    """
    package = Path(ck.__file__).parent if package is None else package
    h = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        h.update(len(label).to_bytes(8, "little") + label.encode() + len(data).to_bytes(8, "little") + data)

    for path in [*_files(root / "seeds"), *_files(root / "book" / "data"), root / "book" / "essay.py"]:
        add(path.relative_to(root).as_posix(), path.read_bytes())
    for path in _files(package):
        add("corpuskit/" + path.relative_to(package).as_posix(), path.read_bytes())
    versions = [sys.version, *(f"{d}=={importlib.metadata.version(d)}" for d in CACHE_PACKAGES)]
    add("versions", "\n".join(versions).encode())
    return h.hexdigest()[:20]


@cache
def _cache_folder() -> Path:
    folder = CACHE / cache_key()
    if CACHE.is_dir() and not folder.is_dir():
        for old in CACHE.iterdir():  # the tables of earlier inputs are never read again
            if old.name != folder.name:
                shutil.rmtree(old, ignore_errors=True)
    return folder


def _shared(compute: Callable[[], T]) -> Callable[[], T]:
    """Memoise a shared table in the kernel and on disk (under :data:`CACHE`, keyed by :func:`cache_key`)."""

    @cache
    @functools.wraps(compute)
    def shared() -> T:
        path = _cache_folder() / f"{compute.__name__}.pickle"
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except FileNotFoundError:
            pass
        value = compute()
        path.parent.mkdir(parents=True, exist_ok=True)
        # written under a temporary name and renamed: a kernel running at the same time reads either
        # no file or a whole one
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return value

    return shared


@_shared
def corpus() -> ck.Corpus:
    """The five seeds, validated (files, checksums, dates) and cleaned by ``seeds/cleaning.yml``."""
    return ck.load_corpus(SEEDS, "metadata.csv").clean(SEEDS / "cleaning.yml")


@_shared
def sentences() -> pd.DataFrame:
    """One row per sentence of every document (articles and comments), with offsets."""
    return corpus().sentences()


@_shared
def references() -> pd.DataFrame:
    """The time references of every sentence, with the hand correction of ``time_overrides.yml``."""
    return ck.time_references(corpus(), overrides=DATA / "time_overrides.yml", named_dates=NAMED_DATES)


#: 9/11 named as a clock: the words just before the cue date something else from it ("after 9/11", "since
#: September 11", "prior to", "post-9/11", and the paraphrase's "publish 9/11", its word for "post")
NINE_ELEVEN_CLOCK = re.compile(r"(?i)(?:after|since|before|prior to|post-|publish)\s*(?:the\s+)?$")


@cache
def clock_only_2001() -> frozenset[tuple[str, int]]:
    """The sentences (``doc_id``, ``sentence_id``) dated to 2001 only by 9/11 named as a clock: every reference
    to 2001 they hold is the 9/11 cue, and each follows a word of :data:`NINE_ELEVEN_CLOCK`."""
    refs = references()
    texts = corpus().documents.set_index("doc_id")["text"]
    in_2001 = refs[(refs["year"] <= 2001) & (refs["year_end"] >= 2001)]
    clock = [
        kind == "event"
        and how.startswith("9/11")
        and (expr.lower().startswith("post") or bool(NINE_ELEVEN_CLOCK.search(texts[d][max(0, s - 25) : s])))
        for d, s, expr, kind, how in zip(
            in_2001["doc_id"], in_2001["start"], in_2001["expr"], in_2001["kind"], in_2001["how"]
        )
    ]
    only = in_2001.assign(clock=clock).groupby(["doc_id", "sentence_id"])["clock"].all()
    return frozenset(only.index[only.to_numpy()])


def clock_rows(table: pd.DataFrame) -> pd.Series:
    """Whether each row of a :func:`by_period` table is the 2001 row of a sentence of :func:`clock_only_2001`."""
    clock = clock_only_2001()
    keys = pd.Series([k in clock for k in zip(table["doc_id"], table["sentence_id"])], index=table.index, dtype=bool)
    return (table["period"] == "2001") & keys


@_shared
def actors() -> ck.ActorList:
    """The actor list of ``actors.yml``."""
    return ck.load_actors(DATA / "actors.yml")


@_shared
def mentions() -> pd.DataFrame:
    """Every mention of an actor of ``actors.yml`` in every document (articles and comments)."""
    return ck.actor_mentions(corpus(), actors())


@_shared
def events() -> ck.EventList:
    return ck.load_events(DATA / "events.yml")


@_shared
def event_links() -> pd.DataFrame:
    """One row per (sentence, event) that a cue of ``events.yml`` links, with the year the sentence gives."""
    return ck.event_mentions(corpus(), events(), references=references())


def round_up(p: float, digits: int = 2) -> str:
    """``p`` written with ``digits`` significant digits, rounded up: a bound never below the value.

    For "p ≤ ..." in the prose (0.002345 is "0.0024", not the "0.0023" that rounding gives).

    >>> round_up(0.002345), round_up(0.21), round_up(0.5)
    ('0.0024', '0.21', '0.50')
    """
    if not 0 < p <= 1:
        raise ValueError(f"p = {p!r}: expected a probability above 0")
    places = digits - 1 - math.floor(math.log10(p))
    bound = math.ceil(p * 10**places - 1e-9) / 10**places
    places = digits - 1 - math.floor(math.log10(bound))  # 0.099999 rounds up to 0.10, not 0.100
    return f"{bound:.{max(places, 0)}f}"


def fisher_exact_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided Fisher exact test of ``k1`` of ``n1`` against ``k2`` of ``n2`` (a 2x2 table).

    With the table's margins fixed, ``k1`` follows the hypergeometric distribution
    ``P(k) = C(n1, k) C(n2, K - k) / C(n1 + n2, K)``, ``K = k1 + k2``; the p-value is the total
    probability of the splits no more likely than the one observed (up to a relative 1e-7, as
    ``scipy.stats.fisher_exact`` counts ties; tests/test_essay_cache.py compares the two).
    """
    total, n = k1 + k2, n1 + n2

    def prob(k: int) -> float:
        return math.comb(n1, k) * math.comb(n2, total - k) / math.comb(n, total)

    observed = prob(k1) * (1 + 1e-7)
    return min(1.0, sum(p for k in range(max(0, total - n2), min(total, n1) + 1) if (p := prob(k)) <= observed))


def bootstrap_integers(rng: np.random.Generator, bounds: np.ndarray) -> np.ndarray:
    """``[rng.integers(0, n) for n in bounds]`` (each bound from 2 to 2**32), drawn at once: the same numbers.

    NumPy draws an integer below ``n`` (``n - 1`` fitting in 32 bits) by Lemire's method from the bit
    generator's stream of 32-bit words (each 64-bit output gives its low half, then its high half):
    ``m = word * n``; the draw is ``m >> 32``, unless ``m mod 2**32 < (2**32 - n) mod n``, in which case
    the word is rejected and the next one tried. Here the words are taken with ``random_raw`` and the
    products computed for a block of bounds at once; after a rejection (about ``n / 2**32`` per draw)
    the following words shift by one. ``rng`` must not have drawn anything yet (no half-word pending).
    tests/test_essay_cache.py compares the draws with NumPy's, rejections included.
    """
    bounds = np.asarray(bounds, dtype=np.uint64)
    if bounds.size and (bounds.min() < 2 or bounds.max() > 1 << 32):
        raise ValueError("bounds must lie between 2 and 2**32")
    out = np.empty(bounds.size, dtype=np.int64)
    words = np.empty(0, dtype=np.uint64)
    done = used = 0
    while done < bounds.size:
        need = min(bounds.size - done, 1 << 15)  # a block at a time: its arrays stay in the CPU's cache
        if words.size - used < need:
            raw = rng.bit_generator.random_raw((need + 1) // 2 + 8)
            # the low half of each output first: its 32-bit words in memory order, on a little-endian machine
            halves = raw.astype("<u8").view("<u4").astype(np.uint64)
            words, used = np.concatenate([words[used:], halves]), 0
        n = bounds[done : done + need]
        m = words[used : used + need] * n
        low = m & np.uint64(0xFFFFFFFF)
        maybe = np.flatnonzero(low < n)  # the threshold is below n: only these can be rejected
        rejected = maybe[low[maybe] < (np.uint64(1 << 32) - n[maybe]) % n[maybe]]
        k = int(rejected[0]) if rejected.size else need
        out[done : done + k] = m[:k] >> np.uint64(32)
        done, used = done + k, used + k + (k < need)  # a rejected word is skipped: the next one is tried
    return out


def bootstrap_difference(a: np.ndarray, b: np.ndarray, seed: int = SEED, n_boot: int = N_BOOT) -> np.ndarray:
    """The bootstrap draws of mean(b) - mean(a): ``n_boot`` times, ``b`` then ``a`` resampled with replacement.

    The same numbers, in the same order, as the plain loop (the tone chapter's test)::

        rng = np.random.default_rng(seed)
        [rng.choice(b, b.size).mean() - rng.choice(a, a.size).mean() for _ in range(n_boot)]

    ``rng.choice(x, n)`` draws its indices with ``rng.integers(0, x.size, n)``; here the same
    indices, in that order, are drawn at once (:func:`bootstrap_integers`), and the means taken for
    all draws at once (the sum of one row of a 2-D array is the sum of that row alone, so every mean
    is the same float).
    Each pair of inputs is computed once per build: the draws are kept under :data:`CACHE`, keyed
    by the two arrays' bytes, the seed and ``n_boot`` (the tone and conclusions chapters test the
    same differences). tests/test_essay_cache.py checks the draws against the loop.
    """
    a, b = np.ascontiguousarray(a, dtype=float), np.ascontiguousarray(b, dtype=float)
    h = hashlib.sha256(f"{seed} {n_boot} {a.size} {b.size}".encode() + a.tobytes() + b.tobytes()).hexdigest()[:20]
    path = _cache_folder() / "bootstrap" / f"{h}.npy"
    try:
        return np.load(path)
    except (FileNotFoundError, ValueError, OSError):
        pass
    # the loop's calls, in order: integers(0, b.size, b.size), then integers(0, a.size, a.size), n_boot times
    bounds = np.tile(np.concatenate([np.full(b.size, b.size), np.full(a.size, a.size)]), n_boot)
    idx = np.zeros(bounds.size, dtype=np.int64)  # integers(0, 1) is 0 and draws nothing from the generator
    drawn = bounds > 1
    idx[drawn] = bootstrap_integers(np.random.default_rng(seed), bounds[drawn])
    idx = idx.reshape(n_boot, b.size + a.size)
    ib, ia = idx[:, : b.size], idx[:, b.size :]
    draws = b[ib].sum(axis=1) / b.size - a[ia].sum(axis=1) / a.size
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as f:  # under a temporary name, then renamed: another kernel reads a whole file or none
        np.save(f, draws)
    os.replace(tmp, path)
    return draws


@cache
def periods() -> list[dict]:
    return read_yaml(DATA / "periods.yml")


def period_of(year: int) -> str:
    """The label of the period of ``book/data/periods.yml`` that contains ``year``."""
    return next(p["label"] for p in periods() if p["first"] <= year <= p["last"])


@cache
def neutral_phrases() -> list[str]:
    """The phrases of ``neutral_phrases.yml``: names and terms of art whose words the lexicons would score."""
    return [p["phrase"] for p in read_yaml(DATA / "neutral_phrases.yml")["phrases"]]


@_shared
def scored() -> pd.DataFrame:
    """Every sentence with TextBlob polarity/subjectivity and VADER compound (corpuskit.sentence_sentiment), the
    phrases of ``neutral_phrases.yml`` kept out of the scores (``n_neutral``: how many a sentence holds)."""
    return ck.sentence_sentiment(corpus(), neutral=neutral_phrases())


@_shared
def scored_raw() -> pd.DataFrame:
    """The same scores with every word counted, names and terms of art too (the tone chapter's comparison)."""
    return ck.sentence_sentiment(corpus())


@cache
def article_sentences() -> pd.DataFrame:
    """The scored sentences of the five articles (reader comments apart)."""
    s = scored()
    return s[s["doc_id"].isin(ARTICLES)].reset_index(drop=True)


@cache
def narrated() -> pd.DataFrame:
    """One row per (article sentence, year it talks about); sentences naming no year have ``year`` NaN."""
    return ck.narrated_years(article_sentences(), references())


@_shared
def time_recall() -> float:
    """Recall of the time rules on the years a reader marks in the texts (``validation/time_gold.jsonl``), as the
    methods appendix scores it: the share of the hand-marked references to a year that the rules find."""
    gold, regions = ck.read_time_gold(DATA / "validation" / "time_gold.jsonl")
    years = ck.time_references(corpus(), named_dates=NAMED_DATES).query("precision == 'year'")
    scores, _ = ck.time_reference_scores(corpus(), gold, regions=regions, references=years)
    return float(scores.loc["all", "recall"])


@_shared
def gold_2001() -> pd.DataFrame:
    """The article sentences the hand-marked gold standard (``validation/time_gold.jsonl``) marks as referring to
    2001, with ``group`` ("kuzio" for the text written in 2001, "later" for Golts, Kuchins and Stent's text;
    Mankoff's marks none) and ``found``: whether the time rules date that sentence to 2001 (matched on the
    sentence's start in the raw file)."""
    gold = pd.read_json(DATA / "validation" / "time_gold.jsonl", lines=True)
    gold = gold[gold["refs"].map(lambda refs: any(r.get("year") == 2001 for r in refs))]
    files = corpus().documents.query("part == 'article'").set_index("doc_id")["file"]
    group = {files["kuzio2001"]: "kuzio", **{files[d]: "later" for d in ("golts2011", "kuchins2016", "stent2021")}}
    gold = gold[gold["file"].isin(group)].assign(group=lambda g: g["file"].map(group))
    dated = narrated()[narrated()["year"] == 2001]
    found = set(zip(dated["file"], dated["source_start"]))
    return gold.assign(found=[(f, s) in found for f, s in zip(gold["file"], gold["start"])]).reset_index(drop=True)


@cache
def by_period() -> pd.DataFrame:
    """One row per (article sentence, narrated period): a sentence naming 2015 and 2016 counts once in
    2014–2021, never twice. Columns of :func:`narrated` plus ``period``; ``year`` is the first year named."""
    return _by_period(narrated())


@cache
def by_period_raw() -> pd.DataFrame:
    """:func:`by_period` with every word scored (names and terms of art too): the tone chapter's comparison."""
    s = scored_raw()
    return _by_period(ck.narrated_years(s[s["doc_id"].isin(ARTICLES)].reset_index(drop=True), references()))


def _by_period(narr: pd.DataFrame) -> pd.DataFrame:
    dated = narr[narr["year"].notna()].copy()
    dated["year"] = dated["year"].astype(int)
    dated["period"] = dated["year"].map(period_of)
    dated = dated.sort_values(["doc_id", "sentence_id", "year"], kind="mergesort")
    return dated.drop_duplicates(["doc_id", "sentence_id", "period"]).reset_index(drop=True)


def period_order() -> list[str]:
    return [p["label"] for p in periods()]


@cache
def causes_data() -> dict:
    """``book/data/causes.yml``: the causes, the readings and the contradictions (see that file)."""
    return read_yaml(DATA / "causes.yml")


@cache
def causes() -> pd.DataFrame:
    """One row per cause (index ``id``): ``label``, ``event`` (an id of events.yml or NaN), ``year`` of that event."""
    table = pd.DataFrame(causes_data()["causes"]).set_index("id")
    ev = events().events
    table["year"] = table["event"].map(dict(zip(ev["event"], ev["year"])))
    return table


@_shared
def readings() -> pd.DataFrame:
    """One row per reading of causes.yml, in file order, with the sentence its quotation is found in.

    Columns: ``doc``, ``cause``, ``role``, ``side``, ``voice`` ("" when the author speaks), ``quote``,
    ``sentence_id`` (-1 if not found), ``sentence``, ``found``, ``label`` (of the cause).
    """
    rows = []
    for r in causes_data()["readings"]:
        at = locate(r["doc"], r["quote"])
        rows.append(
            {
                **r,
                "voice": r.get("voice", ""),
                "sentence_id": at["sentence_id"] if at else -1,
                "sentence": at["sentence"] if at else "",
                "found": at is not None,
            }
        )
    table = pd.DataFrame(rows)
    table["label"] = table["cause"].map(causes()["label"])
    return table


def listing(items) -> str:
    """'a', 'a and b', 'a, b and c' ('none' for no items)."""
    items = [str(i) for i in items]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def sentence_text(doc_id: str, sentence_id: int) -> str:
    table = sentences().set_index(["doc_id", "sentence_id"])
    return str(table.at[(doc_id, sentence_id), "text"])


# --------------------------------------------------------------------------- quotations
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` with curly quotes made plain and whitespace runs squeezed, and each kept char's offset."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        out.append(ch)
        where.append(i)
    return "".join(out).rstrip(), where


def _lower(text: str) -> str:
    """Lower case, one character for one (a character whose lower case is longer is kept as it is)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@cache
def _folded_doc(doc_id: str) -> tuple[str, list[int]] | None:
    """The cleaned text of ``doc_id`` folded and lower-cased for :func:`locate`, with each char's offset.

    Folding a text is a loop over its characters: done once per document, not once per quotation.
    """
    docs = _documents()
    if doc_id not in docs.index:
        return None
    folded, where = _fold(str(docs.at[doc_id, "text"]))
    return _lower(folded), where


@cache
def _folded_raw(doc_id: str) -> tuple[str, list[int]] | None:
    """The raw file of ``doc_id`` folded and lower-cased for :func:`locate_raw`, with each char's offset."""
    docs = _documents()
    if doc_id not in docs.index:
        return None
    raw, where = _fold(corpus().sources[docs.at[doc_id, "file"]])
    return _lower(raw), where


@cache
def _documents() -> pd.DataFrame:
    return corpus().documents.set_index("doc_id")


@cache
def _doc_sentences(doc_id: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The sentences of ``doc_id`` as arrays, in text order: starts, ends, sentence ids, texts."""
    s = sentences()
    s = s[s["doc_id"] == doc_id]
    return s["start"].to_numpy(), s["end"].to_numpy(), s["sentence_id"].to_numpy(), s["text"].tolist()


def _find(doc_id: str, quote: str) -> tuple[int, int] | None:
    """Offsets in the cleaned text of ``doc_id`` of the first match of ``quote`` (see :func:`locate`)."""
    doc = _folded_doc(doc_id)
    needle = _lower(_fold(quote)[0])
    if doc is None or not needle:
        return None
    folded, where = doc
    at = folded.find(needle)
    return None if at < 0 else (where[at], where[at + len(needle) - 1] + 1)


def occurs(doc_id: str, quote: str) -> bool:
    """Whether :func:`locate` finds ``quote`` in the cleaned text of ``doc_id`` (without placing it).

    The claim checks only ask this, for hundreds of quotations per build: the same folded search,
    without the sentence and raw-file offsets :func:`locate` adds.
    """
    return _find(doc_id, quote) is not None


def locate(doc_id: str, quote: str) -> dict | None:
    """Where ``quote`` occurs in the cleaned text of ``doc_id``: offsets, sentence, raw-file offsets.

    Quotes match after curly quotes are made plain, runs of whitespace squeezed and case folded (a
    title set in capitals may be quoted in sentence case); nothing else is forgiven. Returns ``None``
    when the words are not in the text.
    """
    at = _locate(doc_id, quote)
    return None if at is None else dict(at)


@cache
def _locate(doc_id: str, quote: str) -> dict | None:
    found = _find(doc_id, quote)
    if found is None:
        return None
    start, end = found
    starts, ends, ids, texts = _doc_sentences(doc_id)
    # sentences do not overlap and are in text order: the one holding a position is the last to start at or
    # before it, if it ends after it
    i = int(np.searchsorted(starts, start, side="right")) - 1
    hit = i if i >= 0 and ends[i] > start else -1
    j = int(np.searchsorted(starts, end - 1, side="right")) - 1
    last = j if j >= 0 and ends[j] >= end else -1
    sentence_id = int(ids[hit]) if hit >= 0 else -1
    _, source_start, source_end = corpus().to_source(doc_id, start, end)
    return {
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "sentence_id": sentence_id,
        "last_sentence_id": int(ids[last]) if last >= 0 else sentence_id,
        "sentence": texts[hit] if hit >= 0 else "",
        "source_start": source_start,
        "source_end": source_end,
    }


def locate_raw(doc_id: str, quote: str) -> int | None:
    """Character offset of ``quote`` in the raw file of ``doc_id`` (for text that cleaning set aside)."""
    raw = _folded_raw(doc_id)
    if raw is None:
        return None
    folded, where = raw
    at = folded.find(_lower(_fold(quote)[0]))
    return where[at] if at >= 0 else None


# --------------------------------------------------------------------------- glue and claims
VALUES: dict[str, object] = {}


#: the prefix of the mime types of a glued value that is not displayed (``myst_nb.ext.glue.GLUE_PREFIX``)
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, value: object) -> None:
    """Paste ``value`` into the prose as ``{glue:text}`name``` and record it for the claim checks.

    The output is the one ``myst_nb.glue(name, value, display=False)`` writes (tests/test_essay_cache.py
    compares them); ``myst_nb.ext.glue`` is not imported because it imports nbformat and jsonschema
    for a type hint, 0.1 s in every chapter's kernel.
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    VALUES[name] = value
    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = dict(name=name, mime_prefix=GLUE_PREFIX)
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


class ClaimError(AssertionError):
    """A claim of the ledger that its evidence does not carry; the message names the claim."""


KINDS = {"source", "finding", "context"}


def load_claims(chapter: str) -> list[dict]:
    """The claims of one chapter (``book/data/claims/<chapter>.yml``), checked for shape."""
    path = CLAIMS / f"{chapter}.yml"
    data = read_yaml(path) or {}
    claims = data.get("claims", [])
    seen: set[str] = set()
    for i, c in enumerate(claims, 1):
        where = f"{path.name}: claim {i} ({c.get('id', '?')!r})"
        if not c.get("id") or c["id"] in seen:
            raise ClaimError(f"{where}: every claim needs a unique id")
        seen.add(c["id"])
        if c.get("kind") not in KINDS:
            raise ClaimError(f"{where}: kind must be one of {sorted(KINDS)}, not {c.get('kind')!r}")
        if not isinstance(c.get("text"), str) or not c["text"].strip():
            raise ClaimError(f"{where}: the claim's text, as it appears in the prose, is missing")
        need = {"source": "quotes", "finding": "condition", "context": "cite"}[c["kind"]]
        if not c.get(need):
            raise ClaimError(f"{where}: a {c['kind']} claim needs {need!r}")
        for q in c.get("quotes", []):
            if not {"doc", "text"} <= set(q) <= {"doc", "text", "raw"}:
                raise ClaimError(f"{where}: each quote is {{doc: <doc_id>, text: <the words>[, raw: true]}}, not {q}")
    return claims


@cache
def _bib_keys() -> frozenset[str]:
    return frozenset(re.findall(r"@\w+\{([^,\s]+),", (ROOT / "book" / "references.bib").read_text("utf-8")))


def _safe_eval(expr: str, values: dict) -> object:
    names = {
        "abs": abs,
        "min": min,
        "max": max,
        "len": len,
        "all": all,
        "any": any,
        "round": round,
        "float": float,
        "isnan": math.isnan,
    }
    return eval(expr, {"__builtins__": {}}, {**names, **values})


def claim_problems(claim: dict, values: dict) -> list[str]:
    """Why ``claim`` does not hold on ``values`` and the seeds (empty list: it holds)."""
    problems = []
    for q in claim.get("quotes", []):
        if q.get("raw"):
            if locate_raw(q["doc"], q["text"]) is None:
                problems.append(f"the words {q['text']!r} are not in the raw file of {q['doc']}")
        elif not occurs(q["doc"], q["text"]):
            problems.append(f"the words {q['text']!r} are not in the cleaned text of {q['doc']}")
        else:
            at = locate(q["doc"], q["text"])
            if at["last_sentence_id"] != at["sentence_id"]:
                problems.append(
                    f"the words {q['text']!r} run over sentences {at['sentence_id']}-{at['last_sentence_id']} of "
                    f"{q['doc']}: quote each sentence separately (the evidence list shows one sentence per quotation)"
                )
    for key in claim.get("cite", []):
        if key not in _bib_keys():
            problems.append(f"reference {key!r} is not in book/references.bib")
    if claim.get("condition"):
        code = re.sub(r"'[^']*'|\"[^\"]*\"", "", claim["condition"])  # names, not the words of string literals
        names = set(re.findall(r"[A-Za-z_]\w*", code)) - {
            "abs",
            "min",
            "max",
            "len",
            "all",
            "any",
            "round",
            "float",
            "isnan",
            "and",
            "or",
            "not",
            "in",
            "True",
            "False",
            "None",
        }
        missing = sorted(n for n in names if n not in values)
        if missing:
            problems.append(f"condition {claim['condition']!r} uses values never glued: {missing}")
        else:
            try:
                ok = bool(_safe_eval(claim["condition"], values))
            except Exception as exc:  # an expression error is the ledger's fault: say so
                problems.append(f"condition {claim['condition']!r} cannot be evaluated: {exc}")
            else:
                if not ok:
                    used = ", ".join(f"{n} = {_show_value(values[n])}" for n in sorted(names))
                    problems.append(f"condition {claim['condition']!r} is false ({used})")
    return problems


def check_claims(chapter: str) -> pd.DataFrame:
    """Check every claim of ``chapter`` against the seeds and the values glued so far; raise if any fails."""
    claims = load_claims(chapter)
    failed = {c["id"]: p for c in claims if (p := claim_problems(c, VALUES))}
    if failed:
        lines = [f"  - claim {cid!r}: " + "; ".join(p) for cid, p in failed.items()]
        raise ClaimError(
            f"{len(failed)} claim(s) of {chapter} are not carried by the evidence "
            f"(book/data/claims/{chapter}.yml):\n" + "\n".join(lines)
        )
    return pd.DataFrame({"claim": [c["id"] for c in claims], "kind": [c["kind"] for c in claims], "holds": True})


def _show_value(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


_GLUE = re.compile(r"\{glue(?::text)?\}`(?:[^`:]*::)?(\w+)(?::([^`]*))?`")
_ROLE = re.compile(r"\{(cite:p|cite:t|cite|numref|ref|doc)\}`([^`]*)`")


@functools.cache
def _bib_labels() -> dict[str, str]:
    """Citation key -> "Author, year", as the book's citations read (from book/references.bib)."""
    text = (ROOT / "book" / "references.bib").read_text("utf-8")
    out = {}
    for m in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S):
        fields = dict(re.findall(r"(\w+)\s*=\s*\{(.*)\},?\s*$", m.group(2), re.M))
        names = [a.split(",")[0] for a in fields["author"].split(" and ")] if "author" in fields else []
        out[m.group(1)] = author_year(names, fields.get("year"), fields.get("title", "?"))
    return out


def render(text: str, values: dict | None = None, *, as_html: bool = False) -> str:
    """A claim's prose as a reader sees it: glued values filled in, emphasis plain, roles as the page shows
    them (a citation as "[Author, year]", a figure reference as "the figure above"); with ``as_html``,
    HTML-escaped, a figure reference a link to the figure and code spans as code."""
    values = VALUES if values is None else values

    def fill(m: re.Match) -> str:
        name, fmt = m.group(1), m.group(2) or ""
        if name not in values:
            return f"[{name}]"
        v = values[name]
        fmt = fmt if fmt and fmt != "s" else ""
        try:
            shown = format(v, fmt)
        except (TypeError, ValueError):
            return str(v)
        # a negative number with a minus sign, as the tables and the pages' pasted numbers have it
        return "\u2212" + shown[1:] if isinstance(v, int | float) and shown.startswith("-") else shown

    def role(m: re.Match) -> str:
        kind, target = m.group(1), m.group(2)
        if kind.startswith("cite"):
            return "[" + "; ".join(_bib_labels().get(k.strip(), k.strip()) for k in target.split(",")) + "]"
        if kind == "numref":
            return f"\x00{target}\x00"  # made a link below
        return re.sub(r"\s*<[^>]*>$", "", target)  # {ref}`words <label>` shows its words

    text = _GLUE.sub(fill, text)
    text = _ROLE.sub(role, text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # a link shows its words
    text = re.sub(r"\*\*?([^*]+)\*\*?", r"\1", " ".join(text.split()))
    if not as_html:
        return re.sub("\x00[^\x00]*\x00", "the figure above", text).replace("`", "")
    text = html.escape(text)
    text = re.sub("`([^`]+)`", r"<code>\1</code>", text)
    return re.sub("\x00([^\x00]*)\x00", r'<a href="#\1">the figure above</a>', text)


def evidence_html(chapter: str, ids: list[str] | None = None, title: str = "The evidence behind each claim"):
    """A folded list, one entry per claim, of the quoted sentences and the values and condition behind it."""
    from IPython.display import HTML

    e = html.escape
    items = []
    for c in load_claims(chapter):
        if ids is not None and c["id"] not in ids:
            continue
        parts = []
        for q in c.get("quotes", []):
            if q.get("raw"):
                pos = locate_raw(q["doc"], q["text"])
                parts.append(
                    f"<li>“{e(q['text'])}” <em>({e(SHORT.get(q['doc'], q['doc']))}, as in the raw file; "
                    f"raw-file character {pos})</em></li>"
                )
                continue
            at = locate(q["doc"], q["text"])
            sentence = at["sentence"] if at else ""
            shown = e(sentence)
            if at and q["text"] in sentence:
                shown = shown.replace(e(q["text"]), f"<strong>{e(q['text'])}</strong>", 1)
            where = (
                (
                    f"{e(SHORT.get(q['doc'], q['doc']))}, sentence {at['sentence_id']}, "
                    f"raw-file characters {at['source_start']}–{at['source_end']}"
                )
                if at
                else "not found"
            )
            parts.append(f"<li>“{shown}” <em>({where})</em></li>")
        if c.get("condition"):
            names = sorted(set(n for n in re.findall(r"[A-Za-z_]\w*", c["condition"]) if n in VALUES))
            vals = ", ".join(f"<code>{e(n)}</code> = {e(_show_value(VALUES[n]))}" for n in names)
            parts.append(f"<li>condition <code>{e(c['condition'])}</code> holds, with {vals}</li>")
        for key in c.get("cite", []):
            parts.append(f"<li>reference: <code>{e(key)}</code> (see the references appendix)</li>")
        items.append(
            f"<details><summary>{render(c['text'], as_html=True)} <em>[{e(c['kind'])}]</em></summary>"
            f"<ul>{''.join(parts)}</ul></details>"
        )
    return HTML(
        f'<div class="claims-evidence"><p><strong>{e(title)}</strong> '
        f"({len(items)} claims, checked when this page was built)</p>{''.join(items)}</div>"
    )


# --------------------------------------------------------------------------- tables
def table(
    frame: pd.DataFrame,
    labels: dict[str, str] | None = None,
    digits: dict[str, int] | int = 3,
    fold: int = 15,
    summary: str | None = None,
):
    """A table a reader can read: no index, columns in words, rounded numbers, a dash for missing values,
    every cell HTML-escaped, and folded behind a summary line when it is longer than ``fold`` rows."""
    from IPython.display import HTML

    shown = frame.reset_index(drop=True).copy()
    shown.columns.name = None  # the name of an unstacked level would print as a stray header row
    for col in shown.columns:
        s = shown[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            shown[col] = s.map(lambda v: "–" if pd.isna(v) else v.strftime("%Y-%m-%d"))
        elif pd.api.types.is_bool_dtype(s):
            shown[col] = s.map({True: "yes", False: "no"})
        elif pd.api.types.is_float_dtype(s):
            d = digits.get(col, 3) if isinstance(digits, dict) else digits
            shown[col] = s.map(lambda v, d=d: "–" if pd.isna(v) else f"{v:,.{d}f}".replace("-", "−"))
        elif pd.api.types.is_integer_dtype(s):
            sep = "" if "year" in str(col).lower() else ","  # a year is a name, not a quantity: no separator
            shown[col] = s.map(lambda v, sep=sep: "–" if pd.isna(v) else format(int(v), f"{sep}d"))
        else:
            shown[col] = s.map(
                lambda v: "–" if v is None or (isinstance(v, float) and math.isnan(v)) or v == "" else str(v)
            )
    if labels:
        shown = shown.rename(columns=labels)
    body = shown.to_html(index=False, escape=True, border=0, classes="table essay-table", na_rep="–")
    if len(shown) > fold:
        label = html.escape(summary or f"Show the table ({len(shown)} rows)")
        body = f"<details><summary>{label}</summary>{body}</details>"
    return HTML(body)
