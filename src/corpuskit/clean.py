"""Stage 2 of the pipeline: split raw sources into labelled spans and normalise.

Cleaning never deletes anything silently. Each raw source is partitioned into
spans -- every character belongs to exactly one -- labelled

``body``
    the text of the document proper (title, headings, paragraphs);
``boilerplate``
    site chrome, promo links, donation appeals, newsletter boxes, bylines,
    author bios, photo captions, duplicated titles (``kind`` says which);
``comment``
    the text of a reader comment, which becomes a document of its own;
``comment_meta``
    a comment's header and footer (number, reply marker, handle, timestamp);
``whitespace``
    layout between spans.

The rules come from a data file (YAML) kept beside the corpus, not from the
package: span rules are regular expressions with a label, normalisation rules
are regular expressions with a literal replacement (or a group to keep). The
kept text of each document is the concatenation of its ``body`` (or
``comment``) and ``whitespace`` spans with the normalisation rules applied;
every edit is recorded in ``corpus.edits`` and every character of the cleaned
text maps back to a range of the raw source (``corpus.offset_map``): character
offsets into the decoded file, which starts after a leading byte-order mark
(:func:`corpuskit.load.decode_text`).

Rules file format (every section optional)::

    version: 1
    basic_normalize: true      # false: drop the package's basic normalisation
    normalize:                 # every document, after its own and its groups' rules; extends the
      - {name: nbsp, pattern: "\\u00a0", replace: " ", kind: whitespace}   # basic rules (same name: replaces one)
    spans:                     # every document, after its own and its groups' span rules
      - {name: reaction, pattern: " ?\\[(?:Applause|Laughter)\\]", label: boilerplate, kind: audience}
    groups:                    # the documents whose metadata match every column of `where`
      - where: {party: [Democratic, Republican], year: 1945}
        spans: [...]
        normalize: [...]
    documents:
      <doc_id>:
        spans:                 # first matching rule wins; unmatched text is body
          - {name: byline, pattern: "(?m)^By .*$", label: boilerplate, kind: byline}
        normalize:             # applied before the group and global rules
          - {name: link-stub, pattern: "\\[(?P<t>[^\\]]+)\\]\\(#\\)", keep: t, kind: markup}
        comments: {...}        # see CommentRules

A rule of yours that matches nothing in any document it applies to is reported
(:class:`~corpuskit.errors.UnusedRuleWarning`, and ``corpus.rules``, one row per rule).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import regex

from .corpus import Corpus, OffsetMap, SourceTexts, TextColumn, _SegmentBuilder, check_corpus
from .dates import PRECISIONS
from .errors import (
    ArgumentError,
    CleaningError,
    CorpusError,
    JoinedWordsWarning,
    LineEndingWarning,
    RulesError,
    UnusedRuleWarning,
    caller_level,
    check_bool,
    raise_collected,
    shown,
)
from .patterns import Deadline, UserPattern, compile_user_pattern
from .yamlio import read_package_yaml, read_yaml, with_item_lines

__all__ = [
    "LABELS",
    "CleaningRules",
    "GroupRules",
    "MappedText",
    "basic_rules",
    "clean_corpus",
    "label_spans",
    "load_rules",
    "rule_report",
]

#: Span labels, in the order used for reports.
LABELS: tuple[str, ...] = ("body", "boilerplate", "comment", "comment_meta", "whitespace")
#: Labels whose text is kept in a document.
KEPT = frozenset({"body", "comment"})


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpanRule:
    """Label every match of ``pattern`` (or of its group ``group``)."""

    name: str
    regex: UserPattern
    label: str
    kind: str
    group: str | int = 0
    origin: str = ""  #: where the rule is defined (file, section, position, name), for reports


#: A pattern that is a string of literal characters (letters, escapes such as ``\\u00a0`` or ``\\r``): its
#: prefilter test is ``in``, not a regular expression.
_PLAIN_PATTERN = re.compile(r"(?:\\u[0-9a-fA-F]{4}|\\[rnt]|[^\\.^$*+?{}\[\]|()])+")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|([rnt]))")


@functools.lru_cache(maxsize=256)
def _prefilter_test(pattern: UserPattern) -> Callable[[str], bool]:
    """Whether a text holds a match of one of the package's prefilter patterns, as fast as it can be asked.

    A prefilter is asked once per basic rule and document (about 17 searches per document): on 20,000 short
    files the searches, each through the time-limited wrapper of a user pattern, were half of the cleaning's
    time. The package's own prefilters are literals or anchored patterns, all linear (tests/test_linear.py):
    a literal is looked for with ``in``, the others with the compiled expression, without the time limit.
    """
    source = pattern.pattern
    if _PLAIN_PATTERN.fullmatch(source) and not pattern._rx.flags & regex.IGNORECASE:
        literal = _ESCAPE.sub(
            lambda m: chr(int(m.group(1), 16)) if m.group(1) else "\r\n\t"["rnt".index(m.group(2))], source
        )
        return lambda text: literal in text
    search = pattern._rx.search
    return lambda text: search(text) is not None


@dataclass(frozen=True)
class NormRule:
    """Replace every match of ``pattern`` by ``replace``, or by its group ``keep``."""

    name: str
    regex: UserPattern
    kind: str
    replace: str | None = None
    keep: str | None = None
    origin: str = ""  #: where the rule is defined (file, section, position, name), for reports
    #: Necessary conditions, for the package's basic rules only: a text in which none of these
    #: patterns is found has no match of ``regex``, so it is not scanned (see :meth:`MappedText.apply`).
    prefilter: tuple[UserPattern, ...] = ()


@dataclass(frozen=True)
class CommentRules:
    """How to cut a reader-comment thread into comments.

    ``region`` matches the whole thread (group ``thread`` is the part made of
    comments); ``entry`` matches one comment and must define the named groups
    ``handle``, ``body`` and ``timestamp`` and may define ``indent``. Inside the
    thread, text must be either an entry or whitespace: anything else is an
    error, never skipped. Reply depth is ``(len(indent) - indent_base) // indent_step``;
    a comment replies to the nearest earlier comment one level up (top-level
    comments reply to the article).
    """

    name: str
    region: UserPattern
    entry: UserPattern
    timestamp_format: str
    timestamp_precision: str
    indent_base: int
    indent_step: int
    genre: str
    id_format: str
    inherit: tuple[str, ...]


@dataclass(frozen=True)
class DocumentRules:
    """The rules for one document: span rules, normalisation rules and the comment-thread rules, if any."""

    spans: tuple[SpanRule, ...] = ()
    normalize: tuple[NormRule, ...] = ()
    comments: CommentRules | None = None


@dataclass(frozen=True)
class GroupRules:
    """Rules for the documents whose metadata match ``where`` (column -> accepted values)."""

    where: Mapping[str, tuple[Any, ...]]
    spans: tuple[SpanRule, ...] = ()
    normalize: tuple[NormRule, ...] = ()
    origin: str = ""

    def selects(self, row: Mapping[str, Any]) -> bool:
        """Whether a document (its row of ``corpus.documents``) is in the group: every column has an accepted value.

        A value is accepted if it equals one given, or is written the same (``1945`` and ``"1945"``).
        """
        for column, accepted in self.where.items():
            value = row.get(column)
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                return False
            if not any(value == a or str(value) == str(a) for a in accepted):
                return False
        return True


@dataclass(frozen=True)
class CleaningRules:
    """Parsed cleaning rules: rules for all documents, for groups of documents, and for single documents.

    ``normalize`` is the normalisation of every document: the user's top-level rules followed by
    the package's basic rules that they do not replace (see :func:`load_rules`).
    """

    normalize: tuple[NormRule, ...]
    documents: Mapping[str, DocumentRules]
    source: str = "<rules>"
    spans: tuple[SpanRule, ...] = ()
    groups: tuple[GroupRules, ...] = ()
    #: Whether any document of the rules has a ``comments`` section: then the cleaned corpus has the
    #: columns ``part``, ``parent_id`` and ``in_reply_to`` (kept when a batch holds only some documents).
    has_comments: bool = False

    def for_document(self, doc_id: str, row: Mapping[str, Any] | None = None) -> DocumentRules:
        """Every rule that applies to one document, in the order they are applied.

        Span rules: the document's own, then those of each group it is in (in file order), then
        those for all documents; the first rule to claim a character labels it, so the more
        specific rule wins. Normalisation: the package's ``line-breaks`` (CR LF and CR to LF), then
        the document's own rules, then its groups', then ``normalize``. ``row`` is the document's
        metadata (needed for groups). Span rules read the raw file: in a CR LF file their patterns see
        ``\\r\\n`` (write ``\\r?\\n``).
        """
        own = self.documents.get(doc_id, DocumentRules())
        groups = [g for g in self.groups if row is not None and g.selects(row)]
        # the package's line-break rule runs before every rule of the file, a document's and a group's too
        first = tuple(r for r in self.normalize if r.name in FIRST_BASIC and r.origin.startswith(_BASIC_SOURCE))
        rest = tuple(r for r in self.normalize if r not in first)
        return DocumentRules(
            spans=own.spans + tuple(r for g in groups for r in g.spans) + self.spans,
            normalize=first + own.normalize + tuple(r for g in groups for r in g.normalize) + rest,
            comments=own.comments,
        )


def _compile(pattern: Any, flags: Any, where: str) -> UserPattern:
    return compile_user_pattern(pattern, flags, where=where, error=RulesError)


def _int_field(entry: Mapping, key: str, default: int, minimum: int, where: str) -> int:
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RulesError(f"{where}: {key!r} must be an integer of at least {minimum}, got {value!r}")
    return value


def _str_field(entry: Mapping, key: str, default: str | None, where: str) -> str | None:
    value = entry.get(key, default)
    if value is not None and not isinstance(value, str):
        raise RulesError(f"{where}: {key!r} must be a string, got {value!r} ({type(value).__name__})")
    return value


def _check_keys(entry: Any, allowed: set[str], required: set[str], where: str) -> dict:
    if not isinstance(entry, Mapping):
        raise RulesError(f"{where}: expected a mapping, got {type(entry).__name__}")
    unknown = set(entry) - allowed
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {sorted(unknown)}; allowed are {sorted(allowed)}")
    missing = required - set(entry)
    if missing:
        raise RulesError(f"{where}: missing key(s) {sorted(missing)}")
    return dict(entry)


#: What a user used to ``re.sub`` writes for a group in a replacement: \1, \g<name>, $1.
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\\g<\w+>|\$[1-9]")


def _unique_name(seen: dict[str, str], name: str, where: str) -> None:
    """Two rules of one list may not share a name: the rule report and ``corpus.rules`` tell rules by name."""
    if name in seen:
        raise RulesError(f"{where}: the rule name {name!r} is already used by {seen[name]}")
    seen[name] = where.rsplit(": ", 1)[-1]


def _norm_rules(entries: Any, where: str, *, package: bool = False) -> tuple[NormRule, ...]:
    """Parse a list of normalisation rules; ``package``: the package's own rules, which may have a ``prefilter``."""
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise RulesError(f"{where}: expected a list of rules")
    rules = []
    seen: dict[str, str] = {}
    allowed = {"name", "pattern", "flags", "replace", "keep", "kind", "note"} | ({"prefilter"} if package else set())
    for i, e in enumerate(entries):
        w = f"{where}[{i}]"
        e = _check_keys(e, allowed, {"name", "pattern"}, w)
        _str_field(e, "name", None, w)
        w = f"{where}[{i}] ({e['name']})"
        _str_field(e, "kind", None, w)
        if ("replace" in e) == ("keep" in e):
            raise RulesError(f"{w}: give exactly one of 'replace' (literal text) or 'keep' (a group name)")
        regex = _compile(e["pattern"], e.get("flags", ""), w)
        keep = e.get("keep")
        if keep is not None and (not isinstance(keep, str) or keep not in regex.groupindex):
            raise RulesError(f"{w}: 'keep: {keep}' is not a named group of the pattern")
        replace = e.get("replace")
        if replace is not None and not isinstance(replace, str):
            raise RulesError(f"{w}: 'replace' must be a string, got {replace!r} ({type(replace).__name__})")
        if replace is not None and (ref := _GROUP_REFERENCE.search(replace)):
            raise RulesError(
                f"{w}: 'replace: {replace}' is inserted as written, so {ref.group()} would appear in the text; "
                "to keep part of the match, name the group in the pattern, (?P<word>...), and write 'keep: word'"
            )
        _unique_name(seen, str(e["name"]), w)
        prefilter = e.get("prefilter", [])
        if not isinstance(prefilter, list):
            raise RulesError(f"{w}: 'prefilter' must be a list of patterns, got {prefilter!r}")
        pre = tuple(_compile(p, e.get("flags", ""), f"{w}: prefilter[{k}]") for k, p in enumerate(prefilter))
        rules.append(NormRule(str(e["name"]), regex, str(e.get("kind", e["name"])), replace, keep, w, pre))
    return tuple(rules)


def _span_rules(entries: Any, where: str) -> tuple[SpanRule, ...]:
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise RulesError(f"{where}: expected a list of rules")
    rules = []
    seen: dict[str, str] = {}
    for i, e in enumerate(entries):
        w = f"{where}[{i}]"
        allowed = {"name", "pattern", "flags", "label", "kind", "group", "note"}
        e = _check_keys(e, allowed, {"name", "pattern", "label"}, w)
        _str_field(e, "name", None, w)
        w = f"{where}[{i}] ({e['name']})"
        _str_field(e, "kind", None, w)
        if not isinstance(e["label"], str) or e["label"] not in ("boilerplate", "body"):
            raise RulesError(
                f"{w}: label {e['label']!r} not allowed in span rules (use 'boilerplate' or 'body'; "
                "comments are labelled by a 'comments' section)"
            )
        regex = _compile(e["pattern"], e.get("flags", ""), w)
        _unique_name(seen, str(e["name"]), w)
        group = e.get("group", 0)
        if group != 0 and (not isinstance(group, str) or group not in regex.groupindex):
            raise RulesError(f"{w}: group {group!r} is not a named group of the pattern")
        rules.append(SpanRule(str(e["name"]), regex, e["label"], str(e.get("kind", e["name"])), group, w))
    return tuple(rules)


def _comment_rules(entry: Any, where: str) -> CommentRules | None:
    if entry is None:
        return None
    allowed = {
        "name",
        "region",
        "entry",
        "flags",
        "timestamp_format",
        "timestamp_precision",
        "indent_base",
        "indent_step",
        "genre",
        "id_format",
        "inherit",
        "note",
    }
    e = _check_keys(entry, allowed, {"region", "entry", "timestamp_format"}, where)
    for key in ("name", "timestamp_format", "timestamp_precision", "genre", "id_format"):
        _str_field(e, key, None, where)
    inherit = e.get("inherit", ())
    if not isinstance(inherit, list | tuple) or not all(isinstance(c, str) for c in inherit):
        raise RulesError(f"{where}: 'inherit' must be a list of column names, got {inherit!r}")
    if e.get("timestamp_precision", "minute") not in PRECISIONS:
        raise RulesError(
            f"{where}: timestamp_precision {e['timestamp_precision']!r} is not one of {', '.join(PRECISIONS)}"
        )
    flags = e.get("flags", "m")
    region = _compile(e["region"], flags, f"{where}.region")
    if "thread" not in region.groupindex:
        raise RulesError(f"{where}.region: the pattern needs a named group 'thread'")
    entry_re = _compile(e["entry"], flags, f"{where}.entry")
    for g in ("handle", "body", "timestamp"):
        if g not in entry_re.groupindex:
            raise RulesError(f"{where}.entry: the pattern needs a named group {g!r}")
    return CommentRules(
        name=str(e.get("name", "comments")),
        region=region,
        entry=entry_re,
        timestamp_format=str(e["timestamp_format"]),
        timestamp_precision=str(e.get("timestamp_precision", "minute")),
        indent_base=_int_field(e, "indent_base", 0, 0, where),
        indent_step=_int_field(e, "indent_step", 2, 1, where),
        genre=str(e.get("genre", "reader comment")),
        id_format=str(e.get("id_format", "{parent}-c{n:02d}")),
        inherit=tuple(inherit),
    )


_BASIC_RULES = "basic_rules.yml"  # in corpuskit/data
#: The basic rules that run before a rules file's own normalisation (the others run after it).
FIRST_BASIC = frozenset({"line-breaks"})
_BASIC_SOURCE = "corpuskit basic rules"


@functools.cache
def basic_rules() -> tuple[NormRule, ...]:
    """The package's basic normalisation: line breaks, no-break spaces, curly quotes, trailing spaces, blank lines.

    Quotes: ``‘ ’ ‛`` become ``'`` and ``“ ” „ ‟`` become ``"`` (both marks of a pair, so
    ``«Это „плохо“»`` gives ``«Это "плохо"»``). The single low-9 quote ``‚`` (U+201A) is kept: it
    doubles as a comma look-alike, and as ``'`` between two letters it would join them into one token.

    Examples
    --------
    >>> from corpuskit.clean import basic_rules
    >>> [r.name for r in basic_rules()]  # doctest: +NORMALIZE_WHITESPACE
    ['line-breaks', 'nbsp', 'curly-single-quote', 'curly-double-quote', 'trailing-space', 'leading-indent',
     'blank-lines', 'trim']
    """
    data = read_package_yaml(_BASIC_RULES, error=RulesError)
    return _norm_rules(data["normalize"], f"{_BASIC_SOURCE}: normalize", package=True)


@with_item_lines
def load_rules(rules: str | Path | Mapping | None) -> CleaningRules:
    r"""Read and check a cleaning-rules file (YAML) or an already parsed mapping.

    ``None`` gives the package's basic normalisation (CR LF line breaks, no-break
    spaces, curly quotes, trailing spaces, runs of blank lines) and no span rules.

    The file's sections, each optional (see the module docstring for an example):

    ``spans``, ``normalize``
        Rules for every document. The top-level ``normalize`` extends the basic
        normalisation: the basic rules that it does not replace -- by giving a
        rule of the same name (``nbsp``, ``curly-single-quote``,
        ``curly-double-quote``, ``trailing-space``, ``leading-indent``,
        ``blank-lines``, ``trim``) -- are applied after it, in their order;
        ``line-breaks`` (CR LF and CR become LF) before it, so that a pattern
        with ``\n`` matches files with Windows line breaks too.
        ``basic_normalize: false`` drops the basic rules. Naming a top-level
        rule like a basic rule is *the* way to change that one rule, so it is
        done without a warning (``corpus.rules`` lists the rule with scope
        ``basic, replaced``; ``seeds/cleaning.yml`` replaces them all): give a
        rule of your own another name to add it rather than replace one. A
        group's or a document's rule never replaces a basic rule, whatever its
        name.
    ``groups``
        A list of ``{where: {column: value or [values]}, spans: [...], normalize: [...]}``:
        rules for the documents whose metadata columns have one of the values
        given (every column named must match).
    ``documents``
        ``{doc_id: {spans, normalize, comments}}``: rules for one document.

    For each document the span rules are its own, then its groups', then those
    for all documents (the first rule to claim a character wins); the
    normalisation runs in the same order.

    Raises
    ------
    RulesError
        Naming the rule (by section, position and name) and what is wrong with it.

    Examples
    --------
    >>> rules = ck.load_rules({"spans": [{"name": "applause", "pattern": r" ?\[Applause\]", "label": "boilerplate"}]})
    >>> [r.name for r in rules.spans], [r.name for r in rules.normalize][:3]
    (['applause'], ['line-breaks', 'nbsp', 'curly-single-quote'])
    """
    if rules is None:
        return CleaningRules(basic_rules(), {}, _BASIC_SOURCE)
    if isinstance(rules, Mapping):
        data, source = rules, "<mapping>"
    elif isinstance(rules, str | Path):
        source = str(rules)
        data = read_yaml(rules, error=RulesError, what="rules file", expect=dict)
    else:
        raise ArgumentError(
            f"rules: expected a path to a YAML file, a mapping, CleaningRules or None, got {type(rules).__name__}"
        )
    allowed = {"version", "normalize", "spans", "groups", "documents", "basic_normalize", "note"}
    data = _check_keys(data, allowed, set(), source)
    if data.get("version", 1) != 1:
        raise RulesError(f"{source}: unsupported rules version {data.get('version')!r} (expected 1)")
    basic = data.get("basic_normalize", True)
    if not isinstance(basic, bool):
        raise RulesError(f"{source}: 'basic_normalize' must be true or false, got {basic!r}")
    docs = {}
    if not isinstance(data.get("documents") or {}, Mapping):
        raise RulesError(f"{source}: 'documents' must be a mapping from document id to its rules")
    for doc_id, entry in (data.get("documents") or {}).items():
        w = f"{source}: documents.{doc_id}"
        entry = _check_keys(entry, {"spans", "normalize", "comments", "note"}, set(), w)
        docs[str(doc_id)] = DocumentRules(
            spans=_span_rules(entry.get("spans"), f"{w}.spans"),
            normalize=_norm_rules(entry.get("normalize"), f"{w}.normalize"),
            comments=_comment_rules(entry.get("comments"), f"{w}.comments"),
        )
    groups = data.get("groups") or []
    if not isinstance(groups, list):
        raise RulesError(
            f"{source}: 'groups' must be a list of {{where: {{column: value}}, spans: [...], normalize: [...]}}"
        )
    parsed_groups = tuple(_group_rules(g, f"{source}: groups[{i}]") for i, g in enumerate(groups))
    normalize = _norm_rules(data.get("normalize"), f"{source}: normalize")
    if basic:
        named = {r.name for r in normalize}
        package = tuple(r for r in basic_rules() if r.name not in named)
        # line breaks are made LF before the file's own rules run (their "\n" must match CR LF files too)
        first = tuple(r for r in package if r.name in FIRST_BASIC)
        normalize = first + normalize + tuple(r for r in package if r.name not in FIRST_BASIC)
    spans = _span_rules(data.get("spans"), f"{source}: spans")
    has_comments = any(d.comments is not None for d in docs.values())
    return CleaningRules(normalize, docs, source, spans, parsed_groups, has_comments)


def _group_rules(entry: Any, where: str) -> GroupRules:
    e = _check_keys(entry, {"where", "spans", "normalize", "note"}, {"where"}, where)
    if not isinstance(e["where"], Mapping) or not e["where"]:
        raise RulesError(f"{where}.where: expected a mapping from a metadata column to a value or a list of values")
    accepted: dict[str, tuple[Any, ...]] = {}
    for column, values in e["where"].items():
        values = tuple(values) if isinstance(values, list) else (values,)
        if not isinstance(column, str) or not values or any(isinstance(v, Mapping | list) or v is None for v in values):
            raise RulesError(f"{where}.where.{column}: expected a value or a non-empty list of values, got {values!r}")
        accepted[column] = values
    label = ", ".join(f"{c}={'|'.join(map(str, v))}" for c, v in accepted.items())
    w = f"{where} ({label})"
    return GroupRules(
        accepted, _span_rules(e.get("spans"), f"{w}.spans"), _norm_rules(e.get("normalize"), f"{w}.normalize"), w
    )


# ---------------------------------------------------------------------------------------------
# Text with a map back to its source
# ---------------------------------------------------------------------------------------------
class MappedText:
    r"""A string whose every character knows the source range it came from.

    The map is an :class:`~corpuskit.corpus.OffsetMap`, whose size follows the number of kept
    ranges and edits, not of characters; ``starts`` and ``ends`` expand it per character.

    Examples
    --------
    >>> from corpuskit.clean import MappedText
    >>> kept = MappedText.from_ranges("Title\n\nBody text.", [(0, 5), (7, 11)])
    >>> kept.text, kept.starts.tolist()
    ('TitleBody', [0, 1, 2, 3, 4, 7, 8, 9, 10])
    >>> kept.map.to_source(5, 9)  # "Body" in the source
    (7, 11)
    """

    __slots__ = ("map", "text")

    def __init__(self, text: str, offset_map: OffsetMap):
        self.text, self.map = text, offset_map

    @property
    def starts(self) -> np.ndarray:
        return self.map.starts

    @property
    def ends(self) -> np.ndarray:
        return self.map.ends

    @classmethod
    def from_ranges(cls, source: str, ranges: Iterable[tuple[int, int]]) -> MappedText:
        """Concatenate ``source[s:e]`` for each range, in the order given."""
        ranges = [(s, e) for s, e in ranges if e > s]
        text = "".join(source[s:e] for s, e in ranges)
        out = _SegmentBuilder()
        pos = 0
        for s, e in ranges:
            out.add(pos, s, 1, 1)
            pos += e - s
        return cls(text, out.build(pos) if ranges else OffsetMap.identity(0))

    def apply(self, rule: NormRule, deadlines: Any = None) -> tuple[MappedText, list[dict[str, Any]]]:
        """Apply one normalisation rule; return the new text and the edits made.

        Zero-length matches are ignored (a rule may delete or replace text,
        never insert it out of nothing). A rule with a ``prefilter`` (the basic rules) is not run
        on a text in which none of its prefilter patterns is found: each is a necessary condition
        of a match, and a search for a leading literal or anchor is many times cheaper than a scan
        of every character (tests/test_clean.py checks that the results are the same without it).
        """
        if rule.prefilter and not any(_prefilter_test(p)(self.text) for p in rule.prefilter):
            return self, []
        kw = deadlines.of(rule) if deadlines is not None else {}
        found = [m for m in rule.regex.finditer(self.text, **kw) if m.end() > m.start()]
        if not found:
            return self, []
        om = self.map
        # every match's source range in one vectorised lookup, not two binary searches per match
        src_as = om.starts_at(np.fromiter((m.start() for m in found), np.int64, len(found))).tolist()
        src_bs = om.ends_at(np.fromiter((m.end() - 1 for m in found), np.int64, len(found))).tolist()
        # The new text is pieces of the old one (the text between matches, a kept group) and replacements.
        # The pieces' places are collected here, and their segments of the map are cut out of the old map in
        # one vectorised step (_moved_segments): copying the map segment by segment cost a Python call per
        # segment of the whole text for every rule that matched (a million calls on 3.6 MB of HTML).
        pieces: list[str] = []
        copied: list[tuple[int, int, int]] = []  # (old start, old end, new start) of each piece of the old text
        literal: list[tuple[int, int, int]] = []  # (new start, source start, source width) of each replacement
        length = 0  # of the new text so far
        edits: list[dict[str, Any]] = []
        pos = 0
        for m, src_a, src_b in zip(found, src_as, src_bs):
            a, b = m.span()
            pieces.append(self.text[pos:a])
            copied.append((pos, a, length))
            length += a - pos
            if rule.keep is not None:
                ga, gb = m.span(rule.keep)
                if ga < 0:
                    ga = gb = a
                new = self.text[ga:gb]
                copied.append((ga, gb, length))
            else:
                new = rule.replace or ""
                if new:
                    literal.append((length, src_a, src_b - src_a))
            length += len(new)
            pieces.append(new)
            edits.append(
                {
                    "rule": rule.name,
                    "kind": rule.kind,
                    "source_start": src_a,
                    "source_end": src_b,
                    "before": m.group(0),
                    "after": new,
                }
            )
            pos = b
        pieces.append(self.text[pos:])
        copied.append((pos, len(self.text), length))
        length += len(self.text) - pos
        if not length:
            return MappedText("", OffsetMap.identity(0)), edits
        return MappedText("".join(pieces), _moved_segments(om, copied, literal, length)), edits


def _moved_segments(
    om: OffsetMap, copied: list[tuple[int, int, int]], literal: list[tuple[int, int, int]], length: int
) -> OffsetMap:
    """The map of a text made of pieces of ``om``'s text and of replacements, built with array operations.

    ``copied`` places old text ``[a, b)`` at new position ``n``: the old segments over it, cut to it, move
    by ``n - a``. ``literal`` places a replacement at ``n`` whose every character stands for the source
    range ``[src, src + width)`` (step 0). A segment that continues the one before it (the same step and
    width, its source where the other's arithmetic leads) is merged into it, as ``_SegmentBuilder`` does.
    """
    arr = np.array(copied, dtype=np.int64).reshape(-1, 3)
    arr = arr[arr[:, 1] > arr[:, 0]]
    starts, ends, at_new = arr[:, 0], arr[:, 1], arr[:, 2]
    first = np.searchsorted(om.pos, starts, side="right") - 1  # the segment holding each piece's start
    last = np.searchsorted(om.pos, ends, side="left")  # the first segment at or after its end
    counts = last - first
    piece = np.repeat(np.arange(len(starts)), counts)
    seg = np.repeat(first, counts) + np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    old_at = np.maximum(om.pos[seg], starts[piece])  # where each cut segment begins in the old text
    pos = at_new[piece] + old_at - starts[piece]
    src = om.src[seg] + om.step[seg] * (old_at - om.pos[seg])
    step, width = om.step[seg], om.width[seg]
    if literal:
        lit = np.array(literal, dtype=np.int64)
        pos = np.concatenate([pos, lit[:, 0]])
        src = np.concatenate([src, lit[:, 1]])
        step = np.concatenate([step, np.zeros(len(lit), dtype=np.int64)])
        width = np.concatenate([width, lit[:, 2]])
        order = np.argsort(pos, kind="stable")
        pos, src, step, width = pos[order], src[order], step[order], width[order]
    # merge each segment that continues the one before (continuing is transitive: one pass keeps the first)
    cont = np.zeros(len(pos), dtype=bool)
    cont[1:] = (
        (step[1:] == step[:-1]) & (width[1:] == width[:-1]) & (src[:-1] + step[:-1] * (pos[1:] - pos[:-1]) == src[1:])
    )
    keep = ~cont
    return OffsetMap(pos[keep], src[keep], step[keep], width[keep], length)


# ---------------------------------------------------------------------------------------------
# Span labelling
# ---------------------------------------------------------------------------------------------
def _line_end_sensitive(regex: re.Pattern) -> bool:
    """Whether a pattern may match differently at a CR LF line end than at an LF one: it uses ``$`` or a line
    feed (whether it does is then measured: the file's matches with and without its CRs are counted)."""
    src = regex.pattern
    return "$" in src or "\\n" in src or "\n" in src


def label_spans(
    text: str,
    rules: DocumentRules,
    *,
    where: str = "",
    counts: dict[str, int] | None = None,
    empty: dict[str, int] | None = None,
    crlf: dict[str, list[int]] | None = None,
    deadlines: Any = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    r"""Partition ``text`` into labelled spans.

    Span rules are applied in order; a character keeps the label of the first
    rule that matched it. The comment thread (if any) is cut into comments.
    Unlabelled text is ``body``; whitespace at the edges of body and comment
    spans, and whitespace-only runs, are ``whitespace``. The result covers
    ``[0, len(text))`` exactly once, in order.

    Returns
    -------
    (spans, comments)
        ``spans``: dicts with ``start``, ``end``, ``label``, ``kind``, ``rule``
        and ``comment`` (index of the comment a span belongs to, else None);
        ``comments``: one dict per comment (``handle``, ``date``, ``depth``, ``line``).
        ``counts``, if given, gains for each span rule (by ``origin``) the number of its
        matches that labelled at least one character; ``empty``, the number of its
        matches of no character (a look-ahead alone), which label nothing.

    Examples
    --------
    >>> from corpuskit.clean import label_spans
    >>> rules = ck.load_rules({"spans": [{"name": "applause", "pattern": r" ?\[Applause\]", "label": "boilerplate"}]})
    >>> text = "We will win. [Applause] Thank you."
    >>> spans, comments = label_spans(text, rules.for_document("a"))
    >>> [(s["label"], text[s["start"] : s["end"]]) for s in spans]
    [('body', 'We will win.'), ('boilerplate', ' [Applause]'), ('whitespace', ' '), ('body', 'Thank you.')]
    """
    n = len(text)
    claims = _Claims()
    crlf_file = crlf is not None and "\r\n" in text
    as_lf: str | None = None
    comments: list[dict[str, Any]] = []
    if rules.comments is not None:
        comments = _cut_comments(text, rules.comments, claims.claim, where)
    for rule in rules.spans:
        claimed = zero = found = 0
        batch = claims.batch()
        for m in rule.regex.finditer(text, **(deadlines.of(rule) if deadlines is not None else {})):
            a, b = m.span(rule.group)
            if b <= a:
                zero += 1
                continue
            found += 1
            claimed += batch.claim(a, b, {"label": rule.label, "kind": rule.kind, "rule": rule.name})
        batch.commit()
        if counts is not None:
            counts[rule.origin] = counts.get(rule.origin, 0) + claimed
        if crlf is not None and _line_end_sensitive(rule.regex) and crlf_file:
            # a rule written for LF files: how many more matches would it find if this file's lines ended so
            if as_lf is None:
                as_lf = text.replace("\r\n", "\n")  # once per file, for every such rule
            lf = sum(
                1
                for m in rule.regex.finditer(as_lf, **(deadlines.of(rule) if deadlines is not None else {}))
                if m.end(rule.group) > m.start(rule.group)
            )
            if lf > found:
                seen = crlf.setdefault(rule.origin, [0, 0])
                seen[0] += 1
                seen[1] += lf - found
        if empty is not None and zero:
            empty[rule.origin] = empty.get(rule.origin, 0) + zero

    # The claimed pieces and the unclaimed text between them (body), in order.
    spans: list[dict[str, Any]] = []
    if n == 0:
        return spans, comments
    body = {"label": "body", "kind": "text", "rule": None}
    pos = 0
    for a, b, info in claims.pieces():
        if a > pos:
            spans.extend(_split_whitespace(text, pos, a, body))
        spans.extend(_split_whitespace(text, a, b, info))
        pos = b
    if pos < n:
        spans.extend(_split_whitespace(text, pos, n, body))
    # Merge adjacent whitespace spans (they come from different neighbours).
    merged: list[dict[str, Any]] = []
    for s in spans:
        s.setdefault("comment", None)
        prev = merged[-1] if merged else None
        if (
            prev
            and s["label"] == "whitespace"
            and prev["label"] == "whitespace"
            and (prev["rule"], prev["comment"]) == (s["rule"], s["comment"])
        ):
            prev["end"] = s["end"]
        else:
            merged.append(s)
    return merged, comments


class _Claims:
    """The claimed ranges of a text: disjoint, in order; the first claim on a character keeps it.

    Held as three lists (start, end, claim number) whose size follows the number of claimed pieces,
    not of characters (a per-character owner array cost 8 bytes a character, and as much again to
    find where the owner changes: 400 MB for one 24-million-character file).
    """

    __slots__ = ("_ends", "_infos", "_owner", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._owner: list[int] = []
        self._infos: list[dict[str, Any]] = []

    def free(self, a: int, b: int) -> list[tuple[int, int]]:
        """The parts of ``[a, b)`` no claim holds."""
        starts, ends = self._starts, self._ends
        i = bisect.bisect_right(ends, a)  # the first piece that ends after a
        parts: list[tuple[int, int]] = []
        pos = a
        while i < len(starts) and starts[i] < b:
            if starts[i] > pos:
                parts.append((pos, starts[i]))
            pos = max(pos, ends[i])
            i += 1
        if pos < b:
            parts.append((pos, b))
        return parts

    def claim(self, a: int, b: int, info: dict[str, Any]) -> bool:
        """Give the free characters of ``[a, b)`` to ``info``; return whether there were any."""
        parts = self.free(a, b) if b > a else []
        if not parts:
            return False
        self._infos.append(info)
        k = len(self._infos) - 1
        for x, y in parts:
            i = bisect.bisect_left(self._starts, x)
            self._starts.insert(i, x)
            self._ends.insert(i, y)
            self._owner.insert(i, k)
        return True

    def batch(self) -> _ClaimBatch:
        """Claims that do not overlap one another (one rule's matches), merged in at ``commit``."""
        return _ClaimBatch(self)

    def pieces(self) -> Iterable[tuple[int, int, dict[str, Any]]]:
        """``(start, end, info)`` of every claimed piece, in order."""
        infos = self._infos
        return ((a, b, infos[k]) for a, b, k in zip(self._starts, self._ends, self._owner))


class _ClaimBatch:
    """Claims checked against the claims made before the batch, added in one merge (no insertion each)."""

    __slots__ = ("_claims", "_new")

    def __init__(self, claims: _Claims) -> None:
        self._claims = claims
        self._new: list[tuple[int, int, int]] = []

    def claim(self, a: int, b: int, info: dict[str, Any]) -> bool:
        parts = self._claims.free(a, b)
        if not parts:
            return False
        c = self._claims
        c._infos.append(info)
        k = len(c._infos) - 1
        self._new.extend((x, y, k) for x, y in parts)
        return True

    def commit(self) -> None:
        if not self._new:
            return
        c = self._claims
        merged = sorted([*zip(c._starts, c._ends, c._owner), *self._new])
        c._starts = [p[0] for p in merged]
        c._ends = [p[1] for p in merged]
        c._owner = [p[2] for p in merged]
        self._new = []


_SPACES = re.compile(r"\s*")  # \s is exactly str.isspace (checked over every code point)


def _space_run_start(text: str, a: int, b: int) -> int:
    """Where the whitespace that ends ``text[a:b]`` begins (``b`` if it ends in none), without copying it."""
    end = b
    while end > a:
        lo = max(a, end - 256)
        kept = len(text[lo:end].rstrip())
        if kept:
            return lo + kept
        end = lo
    return a


def _split_whitespace(text: str, a: int, b: int, info: dict[str, Any]) -> list[dict[str, Any]]:
    """Give the leading and trailing whitespace of a kept span (or an all-blank span) its own span.

    The span is measured in place: a slice of it (and its stripped copies) would cost the span's size
    several times over, the whole file when no rule labels anything.
    """
    lead_end = _SPACES.match(text, a, b).end()
    blank = lead_end == b
    ws = {"label": "whitespace", "kind": "layout", "rule": None, "comment": info.get("comment")}
    if info["label"] not in KEPT and not blank:
        return [{"start": a, "end": b, **info}]
    if blank:
        if info["label"] in ("boilerplate", "comment_meta"):
            return [{"start": a, "end": b, **info}]
        return [{"start": a, "end": b, **ws}]
    trail_start = _space_run_start(text, lead_end, b)
    out = []
    if lead_end > a:
        out.append({"start": a, "end": lead_end, **ws})
    out.append({"start": lead_end, "end": trail_start, **info})
    if trail_start < b:
        out.append({"start": trail_start, "end": b, **ws})
    return out


_BLANK_LINES = re.compile(r"(?:[ \t]*\n)+")


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _cut_comments(text: str, rules: CommentRules, claim, where: str) -> list[dict[str, Any]]:
    m = rules.region.search(text)
    if m is None:
        raise CleaningError(f"{where}: comment rules {rules.name!r}: the thread region pattern matches nothing")
    t0, t1 = m.span("thread")
    comments: list[dict[str, Any]] = []
    pos = t0
    while pos < t1:
        # Blank lines (not the indentation that starts an entry) between comments.
        ws = _BLANK_LINES.match(text, pos, t1)
        end = ws.end() if ws else (t1 if text[pos:t1].strip() == "" else pos)
        if end > pos:
            claim(pos, end, {"label": "whitespace", "kind": "layout", "rule": rules.name})
            pos = end
            continue
        e = rules.entry.match(text, pos, t1)
        if e is None or e.end() == pos:
            line = _line_of(text, pos)
            snippet = text[pos : text.find("\n", pos, t1) if "\n" in text[pos:t1] else t1]
            raise CleaningError(
                f"{where}: line {line}: text in the comment thread is not a comment "
                f"(rule {rules.name!r}): {snippet.strip()[:80]!r}"
            )
        k = len(comments)
        ba, bb = e.span("body")
        claim(e.start(), ba, {"label": "comment_meta", "kind": "comment header", "rule": rules.name, "comment": k})
        claim(ba, bb, {"label": "comment", "kind": "comment text", "rule": rules.name, "comment": k})
        claim(bb, e.end(), {"label": "comment_meta", "kind": "comment footer", "rule": rules.name, "comment": k})
        stamp = e.group("timestamp").strip()
        try:
            when = dt.datetime.strptime(stamp, rules.timestamp_format)
        except ValueError as exc:
            raise CleaningError(
                f"{where}: line {_line_of(text, e.start('timestamp'))}: comment timestamp {stamp!r} does "
                f"not match format {rules.timestamp_format!r}"
            ) from exc
        indent = e.group("indent") if "indent" in rules.entry.groupindex and e.group("indent") else ""
        depth = max(0, (len(indent) - rules.indent_base) // rules.indent_step)
        comments.append(
            {
                "handle": e.group("handle").strip(),
                "date": pd.Timestamp(when),
                "depth": depth,
                "line": _line_of(text, e.start()),
            }
        )
        pos = e.end()
    # The region outside the thread (e.g. "soundoff (25 Responses)") is chrome unless a span rule says otherwise.
    claim(m.start(), t0, {"label": "boilerplate", "kind": "comment thread chrome", "rule": rules.name})
    claim(t1, m.end(), {"label": "boilerplate", "kind": "comment thread chrome", "rule": rules.name})
    return comments


# ---------------------------------------------------------------------------------------------
# The whole stage
# ---------------------------------------------------------------------------------------------
class _RuleDeadlines:
    """One :class:`~corpuskit.patterns.Deadline` per rule of the user's for a whole cleaning: a rule's searches
    over every document share :func:`~corpuskit.patterns.time_limit` of all the characters cleaned, so that a
    pattern that backtracks a little on each of 20,000 short files stops with a PatternTimeoutError instead of
    running for hours (each search also keeps its own limit). The built-in rules are plain expressions."""

    def __init__(self, n_chars: int) -> None:
        self.n_chars = n_chars
        self._deadlines: dict[str, Deadline] = {}

    def of(self, rule: SpanRule | NormRule) -> dict[str, Deadline]:
        """The keyword arguments of a search by ``rule``: its shared deadline, if it is a user pattern."""
        if not isinstance(rule.regex, UserPattern):
            return {}
        d = self._deadlines.get(rule.origin)
        if d is None:
            d = self._deadlines[rule.origin] = Deadline(self.n_chars)
        return {"deadline": d}


def _normalise(
    mt: MappedText,
    rules: Iterable[NormRule],
    counts: dict[str, int] | None = None,
    deadlines: _RuleDeadlines | None = None,
) -> tuple[MappedText, list[dict[str, Any]]]:
    edits: list[dict[str, Any]] = []
    for rule in rules:
        mt, e = mt.apply(rule, deadlines)
        edits.extend(e)
        if counts is not None:
            counts[rule.origin] = counts.get(rule.origin, 0) + len(e)
    return mt, edits


_EDIT_COLUMNS = ("doc_id", "rule", "kind", "source_start", "source_end", "before", "after")


def _add_edits(columns: dict[str, list[Any]], doc_id: str, edits: list[dict[str, Any]]) -> None:
    """Append one document's edits (dicts from :meth:`MappedText.apply`) to the edits' columns."""
    if not edits:
        return
    columns["doc_id"].extend([doc_id] * len(edits))
    for key in _EDIT_COLUMNS[1:]:
        columns[key].extend([e[key] for e in edits])


def _find_joined_words(
    raw: str, kept: list[tuple[int, int]], spans: list[dict[str, Any]], source: str, joined: list[tuple]
) -> None:
    """Where two kept ranges meet over text set aside and a letter or digit ends one and starts the next:
    the kept text joins two words (collected in ``joined`` as (source, offset, context, rule))."""
    rule_at = {s["start"]: s["rule"] for s in spans if s["label"] not in KEPT}
    for (_, a_end), (b_start, _) in itertools.pairwise(kept):
        if b_start > a_end and a_end > 0 and raw[a_end - 1].isalnum() and raw[b_start].isalnum():
            context = raw[max(0, a_end - 12) : a_end] + "|" + raw[b_start : b_start + 12]
            joined.append((source, a_end, " ".join(context.split()), rule_at.get(a_end)))


def _article_ranges(spans: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Body spans, and the layout whitespace between the first and the last of them."""
    body_idx = [i for i, s in enumerate(spans) if s["label"] == "body"]
    if not body_idx:
        return []
    return [
        (s["start"], s["end"])
        for s in spans[body_idx[0] : body_idx[-1] + 1]
        if s["label"] == "body" or (s["label"] == "whitespace" and s["comment"] is None and s["rule"] is None)
    ]


def clean_corpus(
    corpus: Corpus, rules: str | Path | Mapping | CleaningRules | None = None, *, warn_unused: bool = True
) -> Corpus:
    r"""Clean every document of a raw corpus according to ``rules``.

    Parameters
    ----------
    corpus
        A corpus from :func:`~corpuskit.load_corpus` or
        :func:`~corpuskit.corpus_from_frame` (not an already cleaned one).
    rules
        Path to a rules YAML file, a parsed mapping, a :class:`CleaningRules`,
        or ``None`` for the package's basic normalisation only (see
        :func:`load_rules` for the sections and the order rules apply in).
    warn_unused
        Warn (:class:`~corpuskit.errors.UnusedRuleWarning`) when a rule of
        yours matches nothing in any document it applies to, naming it and
        where it is defined. The basic rules are not warned about.

    Returns
    -------
    Corpus
        A new corpus. ``documents`` has the original documents (text = kept
        body, normalised) followed by one document per reader comment
        (``genre`` from the rules, ``author`` = handle, ``date`` = timestamp,
        ``parent_id``, ``in_reply_to``, ``depth``, ``thread``). When the rules
        have a ``comments`` section, the column ``part`` (``"article"`` or
        ``"comment"``) says which is which, and ``parent_id`` and
        ``in_reply_to`` are empty for the articles; a corpus without comment
        rules gets none of these columns. Metadata columns keep their types
        (an integer column with comments under it becomes ``Int64``).
        ``spans`` partitions every source (columns ``source``, ``doc_id``,
        ``start``, ``end``, ``label``, ``kind``, ``rule``, ``text``, ``n_chars``);
        ``edits`` lists each normalisation (``doc_id``, ``rule``, ``kind``,
        ``source_start``, ``source_end``, ``before``, ``after``).
        ``rules`` has one row per rule (see :func:`rule_report`): how many
        documents it applies to and how many matches it made.

    Raises
    ------
    RulesError
        If the rules are malformed, name documents that are not in the corpus,
        or select groups by a column the documents do not have.
    CleaningError
        If a document cannot be cleaned (e.g. unparsed text in a comment thread,
        or a document left with no text).

    Examples
    --------
    >>> raw = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...                                          "text": ["We will win. [Applause]\u00a0Thank you."]}))
    >>> rules = {"spans": [{"name": "applause", "pattern": r" ?\[Applause\]", "label": "boilerplate"}]}
    >>> clean = ck.clean_corpus(raw, rules)
    >>> clean.documents["text"].tolist()
    ['We will win. Thank you.']
    >>> clean.spans[["label", "text"]].to_dict("records")
    [{'label': 'body', 'text': 'We will win.'}, {'label': 'boilerplate', 'text': ' [Applause]'},
     {'label': 'whitespace', 'text': '\xa0'}, {'label': 'body', 'text': 'Thank you.'}]
    >>> clean.to_source("a", 13, 18)  # "Thank" in the cleaned text, in the raw text
    ('a', 24, 29)
    """
    check_corpus(corpus)
    check_bool(warn_unused, "warn_unused")
    if corpus.spans is not None:
        raise CorpusError("this corpus is already cleaned; clean the raw corpus instead")
    parsed = rules if isinstance(rules, CleaningRules) else load_rules(rules)
    unknown = sorted(set(parsed.documents) - set(corpus.doc_ids))
    if unknown:
        raise RulesError(
            f"{parsed.source}: rules name document(s) {unknown} that are not in the corpus "
            f"(ids are {corpus.doc_ids[:10]})"
        )
    for group in parsed.groups:
        missing = [c for c in group.where if c not in corpus.documents.columns]
        if missing:
            raise RulesError(
                f"{group.origin}: where names column(s) {missing}, not in the documents table "
                f"(its columns are {[c for c in corpus.documents.columns if c != 'text']})"
            )
    docs = corpus.documents
    matches: dict[str, int] = {}  # rule origin -> matches that labelled text, or edits made
    applied: dict[str, int] = {}  # rule origin -> documents it applies to
    rows: list[dict[str, Any]] = []
    comment_rows: list[dict[str, Any]] = []
    span_rows: list[dict[str, Any]] = []
    # the edits, column by column (a dict per edit held 400,000 of them at once: +100 MB on 33 MB of text)
    edit_cols: dict[str, list[Any]] = {k: [] for k in _EDIT_COLUMNS}
    offsets: dict[str, OffsetMap] = {}
    # The texts go into their columns one document at a time (no Python string of the corpus is
    # kept); a cleaned text or a span that is a stretch of its source refers to the source's bytes.
    article_text, comment_text, span_text = TextColumn(), TextColumn(), TextColumn()
    sources = corpus.sources
    empty: list[CorpusError] = []  # documents and comments left without text: all reported together
    joined: list[tuple] = []  # places where text set aside joins two words of the kept text
    empty_matches: dict[str, int] = {}  # span rules' matches of no character, by rule
    crlf_misses: dict[str, list[int]] = {}  # span rules that miss CR LF line ends: [files, matches missed]
    # each rule of the user's has one time limit for all the documents it runs over, not one per document
    deadlines = _RuleDeadlines(sum(len(sources[str(s)]) for s in dict.fromkeys(docs[corpus.source_col])))
    # the raw texts are read from corpus.sources: leave them out of the records (a copy fewer)
    for rec in docs.assign(text=None).to_dict("records"):
        doc_id = rec["doc_id"]
        source = str(rec[corpus.source_col])
        if isinstance(sources, SourceTexts):
            raw, located = sources.text(source), sources.byte_range(source)
        else:
            raw, located = sources[source], None
        drules = parsed.for_document(doc_id, rec)
        for rule in drules.spans + drules.normalize:
            applied[rule.origin] = applied.get(rule.origin, 0) + 1
        where = f"{source} (id {shown(doc_id)})"
        spans, comments = label_spans(
            raw, drules, where=where, counts=matches, empty=empty_matches, crlf=crlf_misses, deadlines=deadlines
        )
        comment_ids = []
        parents: list[str] = []
        for k, c in enumerate(comments):
            cid = drules.comments.id_format.format(parent=doc_id, n=k + 1)
            comment_ids.append(cid)
            # nearest earlier comment one level up
            reply_to = doc_id
            for j in range(k - 1, -1, -1):
                if comments[j]["depth"] == c["depth"] - 1:
                    reply_to = comment_ids[j]
                    break
            parents.append(reply_to)
        thread = 0
        for c in comments:
            if c["depth"] == 0:
                thread += 1
            c["thread"] = thread
        # spans table; whitespace and body/boilerplate belong to the article, comment parts to the comment
        for s in spans:
            owner = comment_ids[s["comment"]] if s.get("comment") is not None else doc_id
            span_rows.append(
                {
                    "source": source,
                    "doc_id": owner,
                    "start": s["start"],
                    "end": s["end"],
                    "label": s["label"],
                    "kind": s["kind"],
                    "rule": s["rule"],
                }
            )
        _add_stretches(span_text, raw, located, [(s["start"], s["end"]) for s in spans])
        # the article
        kept = _article_ranges(spans)
        _find_joined_words(raw, kept, spans, source, joined)
        mt, edits = _normalise(MappedText.from_ranges(raw, kept), drules.normalize, matches, deadlines)
        if mt.text == "" or mt.text.isspace():  # reported with every other one after the loop
            empty.append(CleaningError(f"{where}: no body text is left after cleaning; check the span rules"))
            continue
        offsets[doc_id] = mt.map
        _add_edits(edit_cols, doc_id, edits)
        _add_kept(article_text, mt, raw, located)
        rows.append({**rec, "part": "article"})
        # the comments
        for k, c in enumerate(comments):
            cid = comment_ids[k]
            ranges = [(s["start"], s["end"]) for s in spans if s.get("comment") == k and s["label"] == "comment"]
            cmt, cedits = _normalise(MappedText.from_ranges(raw, ranges), drules.normalize, matches, deadlines)
            if cmt.text == "" or cmt.text.isspace():
                empty.append(CleaningError(f"{where}: line {c['line']}: comment by {c['handle']!r} has no text"))
                continue
            offsets[cid] = cmt.map
            _add_edits(edit_cols, cid, cedits)
            _add_kept(comment_text, cmt, raw, located)
            crow = {key: None for key in rec}
            for key in drules.comments.inherit:
                if key not in rec:
                    raise RulesError(f"{parsed.source}: comments.inherit names column {key!r}, not in the metadata")
                crow[key] = rec[key]
            crow.update(
                {
                    "doc_id": cid,
                    "date": c["date"],
                    "date_precision": drules.comments.timestamp_precision,
                    corpus.source_col: source,
                    "part": "comment",
                    "genre": drules.comments.genre,
                    "author": c["handle"],
                    "parent_id": doc_id,
                    "in_reply_to": parents[k],
                    "depth": c["depth"],
                    "thread": c["thread"],
                }
            )
            comment_rows.append(crow)
    raise_collected(empty)
    if joined:
        source, offset, context, rule = joined[0]
        warnings.warn(
            f"{len(joined)} place(s) where text set aside stood between two letters or digits, so the cleaned text "
            f"joins the words on either side (e.g. {source!r} at character {offset}: {context!r}"
            + (f", rule {rule!r}" if rule else "")
            + "); keep a space or line break out of the span (end its pattern before the line break), or add a "
            "normalize rule that puts one back",
            JoinedWordsWarning,
            stacklevel=caller_level(),
        )
    has_comments = parsed.has_comments or any(d.comments is not None for d in parsed.documents.values())
    if not has_comments:
        for row in rows:
            del row["part"]
    documents = pd.DataFrame.from_records(rows + comment_rows)
    article_text.extend(comment_text)
    documents["text"] = article_text.finish()  # in the place of the raw table's text column
    if has_comments:
        text = pd.Series(["", None]).dtype  # what pandas makes of a column of text with gaps
        for col in ("parent_id", "in_reply_to"):
            if col not in documents:
                documents[col] = None
            # a batch of articles alone (corpuskit.stream) gets the type the whole corpus has
            documents[col] = documents[col].astype(text)
    _keep_types(documents, docs)
    for col in ("depth", "thread"):
        if col in documents:
            documents[col] = documents[col].astype("Int64")
    documents["date"] = pd.to_datetime(documents["date"])
    documents["n_chars"] = documents["text"].str.len().astype("int64")
    documents = documents.reset_index(drop=True)
    spans_df = pd.DataFrame.from_records(
        span_rows, columns=["source", "doc_id", "start", "end", "label", "kind", "rule"]
    )
    spans_df["text"] = span_text.finish()
    spans_df["n_chars"] = (spans_df["end"] - spans_df["start"]).astype("int64")
    spans_df["label"] = pd.Categorical(spans_df["label"], categories=list(LABELS))
    edits_df = pd.DataFrame(edit_cols, columns=list(_EDIT_COLUMNS))
    if not len(edits_df):  # the types a table of records gives when it has none
        edits_df = pd.DataFrame.from_records([], columns=list(_EDIT_COLUMNS))
    report = rule_report(parsed, applied, matches)
    unused = report[(report["n_matches"] == 0) & ~report["scope"].str.startswith("basic")]
    if warn_unused and len(unused):
        listed = "; ".join(
            f"{o}: applies to {n} document(s)"
            + (
                f", matched only empty strings ({empty_matches[o]} times: a pattern that takes in no character, such "
                "as a look-ahead alone, labels nothing; put the text to label in the match)"
                if o in empty_matches
                else ""
            )
            for o, n in zip(unused["defined"], unused["n_documents"])
        )
        warnings.warn(
            f"{len(unused)} cleaning rule(s) matched nothing: {listed} (see corpus.rules)",
            UnusedRuleWarning,
            stacklevel=caller_level(),
        )
    if crlf_misses:
        listed = "; ".join(
            f"{o}: {n_missed} more match(es) in {n_files} file(s)" for o, (n_files, n_missed) in crlf_misses.items()
        )
        warnings.warn(
            f"{len(crlf_misses)} span rule(s) miss lines of files with Windows line ends (CR LF), which they would "
            f"match if those lines ended with LF alone: {listed}. Span rules read the raw file, where `$` does not "
            "match before the CR and `\\n` does not take it in: write `\\r?$` and `\\r?\\n`",
            LineEndingWarning,
            stacklevel=caller_level(),
        )
    return Corpus(
        documents,
        # the raw corpus's sources, not a copy (SourceTexts is read-only)
        sources=sources if isinstance(sources, SourceTexts) else dict(sources),
        source_col=corpus.source_col,
        offsets=offsets,
        spans=spans_df,
        edits=edits_df,
        rules=report,
        sentence_rules=corpus.sentence_rules,
    )


def _utf8_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def _add_stretches(
    column: TextColumn, raw: str, located: tuple[Any, int, int] | None, ranges: list[tuple[int, int]]
) -> None:
    """Append ``raw[a:b]`` for each range (ascending, not overlapping) to ``column``.

    ``located`` is where the bytes of ``raw`` are held (:meth:`SourceTexts.byte_range`); then the
    values are references to those bytes, not copies.
    """
    if located is None:
        for a, b in ranges:
            column.add(raw[a:b])
        return
    buffer, byte, _ = located
    char = 0
    for a, b in ranges:  # the byte offsets of the character offsets, counted piece by piece
        byte += _utf8_len(raw[char:a]) if a > char else 0
        n = _utf8_len(raw[a:b])
        column.add_view(buffer, byte, byte + n)
        byte, char = byte + n, b


def _add_kept(column: TextColumn, mt: MappedText, raw: str, located: tuple[Any, int, int] | None) -> None:
    """Append a cleaned text: a reference to the raw bytes if it is one unchanged stretch of ``raw``."""
    om = mt.map
    if located is not None and len(om.pos) == 1 and om.step[0] == 1 and om.width[0] == 1:
        a = int(om.src[0])
        if raw.startswith(mt.text, a):
            _add_stretches(column, raw, located, [(a, a + len(mt.text))])
            return
    column.add(mt.text)


def _keep_types(documents: pd.DataFrame, raw: pd.DataFrame) -> None:
    """Give the metadata columns of the cleaned table the types they had (comments leave gaps)."""
    for col in raw.columns:
        if col in ("date", "text", "n_chars") or col not in documents:
            continue
        dtype = str(raw[col].dtype)
        gaps = bool(documents[col].isna().any())
        if dtype in ("int64", "Int64"):
            documents[col] = documents[col].astype("Int64" if gaps else "int64")
        elif dtype in ("bool", "boolean"):
            documents[col] = documents[col].astype("boolean" if gaps else "bool")
        elif dtype == "float64":
            documents[col] = documents[col].astype("float64")


def rule_report(rules: CleaningRules, applied: Mapping[str, int], matches: Mapping[str, int]) -> pd.DataFrame:
    r"""One row per cleaning rule: what it is, where it is defined, and what it did.

    Columns: ``rule`` (its name), ``type`` (``span`` or ``normalize``), ``scope``
    (``document <id>``, ``group <column>=<value>``, ``all documents``, ``basic`` or
    ``basic, replaced`` for a top-level rule named like a basic one, which replaces it),
    ``defined`` (file, section, position and name), ``n_documents`` (documents it
    applies to) and ``n_matches`` (matches that labelled text, for a span rule;
    edits made, for a normalisation rule). A rule with ``n_matches`` 0 did nothing.

    Examples
    --------
    The report a cleaned corpus carries as ``corpus.rules``:

    >>> raw = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": ["We won. [Applause]"]}))
    >>> applause = {"name": "applause", "pattern": r" ?\[Applause\]", "label": "boilerplate"}
    >>> clean = ck.clean_corpus(raw, {"spans": [applause]})
    >>> print(clean.rules[["rule", "type", "scope", "n_matches"]].head(3).to_string(index=False))
           rule      type         scope  n_matches
       applause      span all documents          1
    line-breaks normalize         basic          0
           nbsp normalize         basic          0
    """
    entries: list[tuple[str, str, Any]] = []
    for doc_id, d in rules.documents.items():
        entries += [("span", f"document {doc_id}", r) for r in d.spans]
        entries += [("normalize", f"document {doc_id}", r) for r in d.normalize]
    for g in rules.groups:
        scope = "group " + ", ".join(f"{c}={'|'.join(map(str, v))}" for c, v in g.where.items())
        entries += [("span", scope, r) for r in g.spans] + [("normalize", scope, r) for r in g.normalize]
    entries += [("span", "all documents", r) for r in rules.spans]
    basic = {r.name for r in basic_rules()}
    for r in rules.normalize:
        scope = "basic" if r.origin.startswith(_BASIC_SOURCE) else "all documents"
        entries.append(("normalize", "basic, replaced" if scope != "basic" and r.name in basic else scope, r))
    return pd.DataFrame(
        [
            {
                "rule": r.name,
                "type": kind,
                "scope": scope,
                "defined": r.origin,
                "n_documents": int(applied.get(r.origin, 0)),
                "n_matches": int(matches.get(r.origin, 0)),
            }
            for kind, scope, r in entries
        ],
        columns=["rule", "type", "scope", "defined", "n_documents", "n_matches"],
    )
