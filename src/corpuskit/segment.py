"""Stage 3 of the pipeline: paragraphs, sentences and word tokens with offsets.

Everything here is rule-based and ships with the package (no model or data
download): paragraphs are blocks of a document's text separated by blank lines;
sentences come from :func:`segment_sentences`, a boundary detector driven by
the abbreviation lists in ``corpuskit/data/english.yml``; tokens come from
:func:`tokenize`, a regular expression that keeps the forms a reader of news
and policy prose needs (``U.S.``, ``9/11``, ``U.S.-Russian``, ``anti-terror``,
``Russia's``).

Each table carries character offsets into the document's text (``start``,
``end``) and into the raw source (``source_start``, ``source_end``), so any
count can be traced back to the sentence, and the bytes, behind it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from .corpus import Corpus
from .errors import CorpusError

__all__ = [
    "TOKEN_PATTERN",
    "default_stopwords",
    "paragraphs",
    "segment_sentences",
    "sentence_boundary_scores",
    "sentences",
    "tokenize",
    "tokens",
]


@lru_cache(maxsize=1)
def _english() -> dict:
    text = resources.files("corpuskit").joinpath("data/english.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    abbr = data["abbreviations"]
    for key, words in [*abbr.items(), ("sentence_openers", data["sentence_openers"]), ("stopwords", data["stopwords"])]:
        bad = [w for w in words if not isinstance(w, str)]
        if bad:  # YAML reads bare no/on/off as booleans: quote them
            raise CorpusError(f"corpuskit/data/english.yml: {key} has non-string entries {bad}")
    return {
        "titles": frozenset(abbr["titles"]),
        "inner": frozenset(abbr["inner"]),
        "may_end": frozenset(abbr["may_end"]),
        "months": frozenset(abbr["months"]),
        "openers": frozenset(data["sentence_openers"]),
        "stopwords": frozenset(data["stopwords"]),
    }


def default_stopwords() -> frozenset[str]:
    """The default English stopword list (lower-case), from ``data/english.yml``."""
    return _english()["stopwords"]


def stopword_set(stopwords: bool | Iterable[str] | None) -> frozenset[str]:
    """Resolve a ``stopwords=`` argument.

    ``True`` gives :func:`default_stopwords`, ``None`` or ``False`` none, and an
    iterable of words those words, lower-cased. A single string is an error
    (it would silently become a set of letters).
    """
    if stopwords is True:
        return default_stopwords()
    if stopwords is None or stopwords is False:
        return frozenset()
    if isinstance(stopwords, str):
        raise CorpusError("stopwords must be True, None, or an iterable of words, not a single string")
    return frozenset(str(w).lower() for w in stopwords)


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------
# A candidate boundary: terminal punctuation, closing quotes/brackets, then either whitespace or
# (for run-together text such as "Putin.Relations") a capitalised word.
_CANDIDATE = re.compile(r"""(?P<term>[.!?\u2026]+)(?P<close>["'\u201d\u2019)\]]*)(?:(?P<space>\s+)|(?=[A-Z][a-z]))""")
_PREV_WORD = re.compile(r"(\S*)$")
_NEXT_WORD = re.compile(r"""["'\u201c\u2018(\[]*([A-Za-z]+)""")
_OPENING = set("\"'\u201c\u2018([")
# A blank line: a line break, then a line holding nothing but whitespace (spaces, tabs, a form feed,
# a carriage return), then another line break.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def segment_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return their ``(start, end)`` offsets.

    Rules, in order (abbreviation lists in ``data/english.yml``):

    1. A blank line always ends a sentence (headings are sentences of their own).
    2. A candidate boundary is ``.``, ``!``, ``?`` or ``…`` (possibly repeated),
       then any closing quotes or brackets (which stay with the sentence), then
       whitespace -- or no whitespace if a capitalised word follows directly
       (``Putin.Relations``), provided the word before has two or more letters.
    3. The next non-space character must be an upper-case letter, a digit or an
       opening quote/bracket; a lower-case letter or a dash means the sentence
       goes on (``after all... or``, ``(resp. the``).
    4. For a full stop, the word before it decides: a title (``Dr.``, ``Mr.``)
       or an inner abbreviation (``i.e.``, ``No.``) never ends a sentence; a
       single capital (``George W. Bush``) is an initial; a dotted abbreviation
       (``U.S.``, ``D.C.``), a month (``Sept.``, not before a number) or a
       company suffix (``Inc.``) ends a sentence only before a common sentence
       opener (``U.S. The`` vs. ``U.S. Congressman``).

    The offsets exclude surrounding whitespace; every non-space character of
    ``text`` belongs to exactly one sentence.
    """
    out: list[tuple[int, int]] = []
    for a, b in _blocks(text):
        start = a
        for m in _CANDIDATE.finditer(text, a, b):
            end = m.end("close")
            if end >= b:
                continue
            if _is_boundary(text, m, b):
                out.append((start, end))
                start = m.end()
        if start < b:
            out.append((start, b))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in out) if e > s]


def _blocks(text: str) -> Iterable[tuple[int, int]]:
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_boundary(text: str, m: re.Match, limit: int) -> bool:
    eng = _english()
    term = m.group("term")
    nxt_pos = m.end()
    if nxt_pos >= limit:
        return False
    nxt = text[nxt_pos]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENING):
        return False
    prev = _PREV_WORD.search(text, max(0, m.start() - 64), m.start()).group(1)
    prev_core = prev.lstrip("\"'\u201c\u2018([").lower()
    if m.group("space") is None:  # run-together: "Putin.Relations"
        letters = sum(ch.isalpha() for ch in prev_core)
        return term[0] in "!?" or (letters >= 2 and "." not in prev_core and prev_core not in _all_abbr())
    if term != ".":
        return True  # ! ? ... and combinations
    if m.group("close"):
        return True  # `soul."` -- a quote closed after the full stop
    if prev_core in eng["titles"] or prev_core in eng["inner"]:
        return False
    if len(prev_core) == 1 and prev_core.isalpha() and prev[-1:].isupper():
        return False  # an initial: "George W. Bush"
    nw = _NEXT_WORD.match(text, nxt_pos)
    next_word = nw.group(1).lower() if nw else ""
    if "." in prev_core and re.fullmatch(r"(?:[a-z]\.)+[a-z]", prev_core):
        return next_word in eng["openers"]  # U.S. / D.C. / U.N.
    if prev_core in eng["months"]:
        return not nxt.isdigit() and next_word in eng["openers"]
    if prev_core in eng["may_end"]:
        return next_word in eng["openers"]
    return True


@lru_cache(maxsize=1)
def _all_abbr() -> frozenset[str]:
    eng = _english()
    return eng["titles"] | eng["inner"] | eng["may_end"] | eng["months"]


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------
_UNIT = r"""(?:
      (?<![\w.])(?:[A-Za-z]\.){2,}(?![A-Za-z])      # U.S.  D.C.  i.e.
    | (?<![\w.])(?:[A-Za-z]\.)+[A-Za-z](?![\w.])     # U.S (final stop missing, as in "U.S-Russian")
    | \d+(?:[.,:/]\d+)+[^\W_]*                       # 9/11  60,000  7:35  2.5
    | [^\W_]+(?:['\u2019][^\W_]+)*                   # words, with inner apostrophes: Russia's, don't
)"""
#: The token regular expression -- units joined by hyphens (``U.S.-Russian``, ``anti-terror``, ``S-300``).
TOKEN_PATTERN = rf"{_UNIT}(?:-{_UNIT})*"
_TOKEN_RE = re.compile(TOKEN_PATTERN, re.VERBOSE)


_GAP_OK = re.compile(r"\s*\Z")


def joinable_pairs(text: str, starts: np.ndarray, ends: np.ndarray, sentence_ids: np.ndarray) -> np.ndarray:
    """For consecutive tokens i, i+1 of ``text``: may they form part of one n-gram?

    True when both are in the same sentence and only whitespace separates them
    (so n-grams never span punctuation: "Russia, the" is not a bigram).
    Returns a boolean array of length ``len(starts) - 1``.
    """
    if len(starts) < 2:
        return np.zeros(0, dtype=bool)
    same = sentence_ids[1:] == sentence_ids[:-1]
    gap = np.fromiter(
        (_GAP_OK.match(text, e, s) is not None for e, s in zip(ends[:-1].tolist(), starts[1:].tolist())),
        dtype=bool,
        count=len(starts) - 1,
    )
    return same & gap


def tokenize(text: str) -> list[tuple[int, int]]:
    """Word tokens of ``text`` as ``(start, end)`` offsets (punctuation is dropped).

    Keeps dotted abbreviations (``U.S.``, ``D.C.``), numbers with inner
    separators (``9/11``, ``60,000``), words with inner apostrophes
    (``Russia's``, ``don't``) and hyphenated compounds of any of these
    (``U.S.-Russian``, ``anti-terror``, ``post-9/11``) as one token each.
    Underscores and symbols are separators.
    """
    return [m.span() for m in _TOKEN_RE.finditer(text)]


# ---------------------------------------------------------------------------------------------
# Tidy tables
# ---------------------------------------------------------------------------------------------
# Each table is built in one pass over the documents, collecting arrays and making a single
# DataFrame at the end: time grows linearly with the corpus, not with documents x rows.
def _spans_array(spans: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    if not spans:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    arr = np.asarray(spans, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def _to_source(corpus: Corpus, doc_id: str, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    om = corpus.offsets.get(doc_id)
    if om is None or len(starts) == 0:  # raw text: offsets are already source offsets
        return starts, ends
    return om.to_source_arrays(starts, ends)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = (_strip(text, a, b) for a, b in _blocks(text))
    return [(a, b) for a, b in spans if b > a]


def _table(columns: dict[str, list]) -> pd.DataFrame:
    """One DataFrame from per-document chunks (arrays are concatenated, lists chained)."""
    data = {}
    for name, chunks in columns.items():
        if chunks and isinstance(chunks[0], np.ndarray):
            data[name] = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)
        else:
            data[name] = [x for chunk in chunks for x in chunk]
    return pd.DataFrame(data)


def paragraphs(corpus: Corpus) -> pd.DataFrame:
    """One row per paragraph: blocks of text separated by one or more blank lines.

    Columns: ``doc_id``, ``paragraph_id`` (1-based within the document),
    ``start``, ``end`` (offsets into the document text), ``source_start``,
    ``source_end`` (offsets into the raw source), ``text``, ``n_chars``.
    """
    if "paragraphs" not in corpus._cache:
        cols: dict[str, list] = {
            k: [] for k in ("doc_id", "paragraph_id", "start", "end", "source_start", "source_end", "text")
        }
        for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"]):
            spans = _paragraph_spans(text)
            starts, ends = _spans_array(spans)
            src_s, src_e = _to_source(corpus, doc_id, starts, ends)
            cols["doc_id"].append([doc_id] * len(spans))
            cols["paragraph_id"].append(np.arange(1, len(spans) + 1, dtype=np.int64))
            cols["start"].append(starts)
            cols["end"].append(ends)
            cols["source_start"].append(src_s)
            cols["source_end"].append(src_e)
            cols["text"].append([text[a:b] for a, b in spans])
        out = _table(cols)
        out["n_chars"] = out["end"] - out["start"]
        corpus._cache["paragraphs"] = out
    return corpus._cache["paragraphs"].copy()


def sentences(corpus: Corpus) -> pd.DataFrame:
    """One row per sentence (see :func:`segment_sentences` for the rules).

    Columns: ``doc_id``, ``sentence_id`` (1-based within the document),
    ``paragraph_id``, ``start``, ``end``, ``source_start``, ``source_end``,
    ``text``, ``n_tokens`` (word tokens as counted by :func:`tokenize`).
    """
    if "sentences" not in corpus._cache:
        cols: dict[str, list] = {
            k: []
            for k in (
                "doc_id",
                "sentence_id",
                "paragraph_id",
                "start",
                "end",
                "source_start",
                "source_end",
                "text",
                "n_tokens",
            )
        }
        for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"]):
            spans = segment_sentences(text)
            starts, ends = _spans_array(spans)
            para_starts, _ = _spans_array(_paragraph_spans(text))
            tok_starts, _ = _spans_array(tokenize(text))
            src_s, src_e = _to_source(corpus, doc_id, starts, ends)
            cols["doc_id"].append([doc_id] * len(spans))
            cols["sentence_id"].append(np.arange(1, len(spans) + 1, dtype=np.int64))
            cols["paragraph_id"].append(np.searchsorted(para_starts, starts, side="right").astype(np.int64))
            cols["start"].append(starts)
            cols["end"].append(ends)
            cols["source_start"].append(src_s)
            cols["source_end"].append(src_e)
            cols["text"].append([text[a:b] for a, b in spans])
            n_tok = np.searchsorted(tok_starts, ends, side="left") - np.searchsorted(tok_starts, starts, side="left")
            cols["n_tokens"].append(n_tok.astype(np.int64))
        corpus._cache["sentences"] = _table(cols)
    return corpus._cache["sentences"].copy()


def tokens(
    corpus: Corpus,
    *,
    lower: bool = True,
    stopwords: bool | Iterable[str] | None = None,
    replace: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per word token, in document order.

    Parameters
    ----------
    lower
        If True (default, as in tidytext's ``unnest_tokens``), the ``term``
        column is the lower-cased token; the surface form stays in ``token``.
    stopwords
        ``None``/``False`` (default): keep every token. ``True``: drop the
        tokens whose lower-cased form is in :func:`default_stopwords`. An
        iterable of words: drop those (compared lower-cased). Dropped tokens
        keep their ``token_id`` numbering gaps, so positions stay comparable.
    replace
        Spelling variants: a mapping from surface form to the form used in
        ``term`` (case-sensitive, applied before lower-casing), e.g.
        ``{"US": "U.S."}``. ``token`` always keeps the text as written.

    Returns
    -------
    DataFrame
        ``doc_id``, ``sentence_id``, ``token_id`` (1-based position in the
        document), ``start``, ``end``, ``source_start``, ``source_end``,
        ``token`` (surface form), ``term`` (normalised form).
    """
    stop = stopword_set(stopwords)
    sents = sentences(corpus)
    rows_of = sents.groupby("doc_id", sort=False).indices
    sent_starts = sents["start"].to_numpy()
    sent_ids = sents["sentence_id"].to_numpy()
    cols: dict[str, list] = {
        k: [] for k in ("doc_id", "sentence_id", "token_id", "start", "end", "source_start", "source_end", "token")
    }
    for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"]):
        matches = list(_TOKEN_RE.finditer(text))
        starts = np.fromiter((m.start() for m in matches), dtype=np.int64, count=len(matches))
        ends = np.fromiter((m.end() for m in matches), dtype=np.int64, count=len(matches))
        rows = rows_of.get(doc_id, np.zeros(0, dtype=np.int64))
        which = np.searchsorted(sent_starts[rows], starts, side="right") - 1
        src_s, src_e = _to_source(corpus, doc_id, starts, ends)
        cols["doc_id"].append([doc_id] * len(matches))
        cols["sentence_id"].append(sent_ids[rows][which] if len(rows) else np.zeros(len(matches), dtype=np.int64))
        cols["token_id"].append(np.arange(1, len(matches) + 1, dtype=np.int64))
        cols["start"].append(starts)
        cols["end"].append(ends)
        cols["source_start"].append(src_s)
        cols["source_end"].append(src_e)
        cols["token"].append([m.group() for m in matches])
    out = _table(cols)
    term = out["token"].replace(dict(replace)) if replace else out["token"]
    out["term"] = term.str.lower() if lower else term
    if stop:
        out = out[~out["term"].str.lower().isin(stop)].reset_index(drop=True)
    return out


# ---------------------------------------------------------------------------------------------
# Validation against a hand-checked sample
# ---------------------------------------------------------------------------------------------
def sentence_boundary_scores(corpus: Corpus, gold: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Precision and recall of sentence boundaries against hand-checked sentences.

    ``gold`` has one row per gold sentence: ``file`` (the source key), ``start``
    and ``end`` (character offsets into the raw source). A boundary is a sentence
    end, compared in raw-source offsets, so cleaning and segmentation are judged
    together. Only predicted sentences that overlap a gold sentence are scored
    (the gold need not cover boilerplate).

    precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2PR / (P + R),
    where TP counts predicted ends that are gold ends, FP predicted ends that are
    not, FN gold ends that were not predicted. Paragraph-final ends are easy
    (a blank line always ends a sentence), so the scores are also given for
    ``internal`` ends only: gold ends not followed by a blank line in the source.

    Returns
    -------
    (scores, errors)
        ``scores``: ``{"all": {...}, "internal": {...}}`` with ``tp``, ``fp``,
        ``fn``, ``precision``, ``recall``, ``f1``, ``n_gold``; ``errors``: one
        row per false positive or false negative with ``file``, ``offset``,
        ``error`` ("false boundary" / "missed boundary") and ``context``.
    """
    missing = {"file", "start", "end"} - set(gold.columns)
    if missing:
        raise CorpusError(f"gold table lacks column(s) {sorted(missing)}")
    sents = sentences(corpus)
    sents["source"] = [corpus.source_of(d) for d in sents["doc_id"]]
    counts = {"all": [0, 0, 0, 0], "internal": [0, 0, 0, 0]}
    errors = []
    for source, g in gold.groupby("file", sort=True):
        if source not in corpus.sources:
            raise CorpusError(f"gold names source {source!r}, which is not in the corpus")
        raw = corpus.sources[source]
        g = g.sort_values("start")
        starts, ends = g["start"].to_numpy(), g["end"].to_numpy()
        s = sents[sents["source"] == source]
        a, b = s["source_start"].to_numpy(), s["source_end"].to_numpy()
        # predicted sentences overlapping some gold sentence: gold start < b and gold end > a
        idx = np.searchsorted(starts, b, side="left") - 1
        overlaps = (idx >= 0) & (ends[np.clip(idx, 0, None)] > a)
        pred = {int(x) for x in b[overlaps]}
        gold_ends = {int(x) for x in ends}

        def internal(pos: int, raw: str = raw) -> bool:
            return _PARAGRAPH_BREAK.match(raw, pos) is None and raw[pos:].strip() != ""

        for kind, keep in (("all", lambda p: True), ("internal", internal)):
            gp = {p for p in gold_ends if keep(p)}
            pp = {p for p in pred if keep(p)}
            c = counts[kind]
            c[0] += len(pp & gp)
            c[1] += len(pp - gp)
            c[2] += len(gp - pp)
            c[3] += len(gp)
        for pos, label in [(p, "false boundary") for p in pred - gold_ends] + [
            (p, "missed boundary") for p in gold_ends - pred
        ]:
            context = raw[max(0, pos - 50) : pos] + " | " + raw[pos : pos + 30]
            errors.append({"file": source, "offset": pos, "error": label, "context": context.replace("\n", " ")})
    scores = {}
    for kind, (tp, fp, fn, n) in counts.items():
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f = 2 * p * r / (p + r) if p + r else float("nan")
        scores[kind] = {"tp": tp, "fp": fp, "fn": fn, "n_gold": n, "precision": p, "recall": r, "f1": f}
    errs = pd.DataFrame(errors, columns=["file", "offset", "error", "context"])
    return scores, errs.sort_values(["file", "offset"], kind="stable").reset_index(drop=True)
