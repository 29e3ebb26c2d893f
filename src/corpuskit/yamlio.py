"""Reading YAML data files: one reader for every YAML file corpuskit parses.

Cleaning rules, actor and event lists, time-reference overrides, spelling
variants for the command line, YAML metadata and the package's own data
(``data/english.yml``, ``data/basic_rules.yml``) are all read here, so that
they obey one set of rules: strict UTF-8, safe tags only, no aliases (an alias
bomb is refused before anything is expanded), no key given twice in one mapping
(YAML would silently keep the last), and the expected kind of value at the top
(a mapping or a list). Every failure -- a file that is missing or
unreadable, a byte that is not UTF-8, a syntax error, an alias, the wrong
top-level type -- raises the :class:`~corpuskit.errors.CorpusError` subclass
the caller names, with the file, the line and what went wrong; no
``yaml.YAMLError``, ``OSError`` or ``UnicodeDecodeError`` escapes.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .charsets import readable_encodings
from .errors import CorpusError, not_a_file

__all__ = ["parse_yaml", "read_package_yaml", "read_yaml"]

#: The largest data file :func:`read_yaml` reads, in megabytes: rules, lists and corrections are small, and
#: parsing YAML takes some 20 times a file's size in memory (a 173 MB file: 3.9 GB). Metadata tables are not
#: data files and are not limited.
MAX_MB: float = 32

_NULL_TAG = "tag:yaml.org,2002:null"
_KINDS = {dict: "a mapping", list: "a list"}


class _NoDuplicateKeys:
    """A mapping that names one key twice is refused: YAML would keep the last value and lose the first
    without a word (two ``spans:`` sections, ``date`` twice in a metadata row, two ``aliases:``)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=False)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the constructor reports it
                    continue
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} is given twice, first on line {first}", key_node.start_mark
                    )
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class _NoAliasLoader(_NoDuplicateKeys, yaml.SafeLoader):
    """SafeLoader that refuses aliases (``*name``), so an alias bomb fails at once instead of expanding,
    and mappings that name a key twice."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor}) are not accepted in corpuskit data files", event.start_mark
            )
        return super().compose_node(parent, index)


class _LineLoader(_NoAliasLoader):
    """For metadata: no aliases, scalars kept as written (only ``null``/empty is resolved), line numbers kept."""


# Every scalar stays the string written (id 010 stays "010", 2001-09-11 stays a string, yes stays
# "yes"); only null and empty values are resolved, to a missing value.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["_line"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_with_line)


# The same loaders over libyaml's C parser (bundled with PyYAML's wheels), about ten times faster; the
# constructor and the resolver stay the Python ones above. Used only for text they read without a problem:
# anything they reject is read again by the Python loaders, whose messages corpuskit reports.
_C_LOADERS: dict[bool, type] = {}
if getattr(yaml, "__with_libyaml__", False):

    class _CNoAliasLoader(_NoDuplicateKeys, yaml.CSafeLoader):
        """:class:`_NoAliasLoader` over the C parser (aliases are refused after composing, see :func:`_load`)."""

    class _CLineLoader(_CNoAliasLoader):
        """:class:`_LineLoader` over the C parser."""

    _CLineLoader.yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers
    _CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_with_line)
    _C_LOADERS = {False: _CNoAliasLoader, True: _CLineLoader}


#: documents nested deeper than this are left to the Python loader (which may refuse them as too deep)
_C_MAX_DEPTH = 100


def _needs_python_loader(root: yaml.Node) -> bool:
    """Whether a composed document holds a node twice -- which only an alias (``*name``) makes -- or is
    nested deeper than :data:`_C_MAX_DEPTH`: the Python loader then reads it and reports the problem."""
    seen: set[int] = set()
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > _C_MAX_DEPTH:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((n, depth + 1) for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((n, depth + 1) for n in node.value)
    return False


_FLOW_BRACKETS = re.compile(r"[\[\]{}]")


#: a line that opens more than :data:`_C_MAX_DEPTH` compact block items ("- - - x", "? ? x")
_COMPACT_NESTING = re.compile(rf"(?m)^[ \t]*(?:[-?][ \t]+){{{_C_MAX_DEPTH + 1},}}")


def _deeper_than(text: str, loader_class: type) -> bool:
    """Whether the document in ``text`` nests collections more than :data:`_C_MAX_DEPTH` levels deep, read from
    the parser's events (a flat loop, which no depth makes recurse); a text the parser rejects is left to the
    loaders.

    Only flow collections (``[[[``) and compact sequences or keys on one line (``- - -``, ``? ? ?``) nest that deep
    in a file of ordinary size (other block nesting needs an indent per level): when the brackets, quoted or
    not, never stand more than that deep and no line opens more such items, the events are not read.
    """
    depth = deepest = 0
    for m in _FLOW_BRACKETS.finditer(text):
        depth += 1 if m.group() in "[{" else -1
        deepest = max(deepest, depth)
    if deepest <= _C_MAX_DEPTH and _COMPACT_NESTING.search(text) is None:
        return False
    parser = loader_class(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _C_MAX_DEPTH:
                    return True
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return False
    finally:
        parser.dispose()
    return False


def _load(text: str, keep_lines: bool) -> Any:
    """The document in ``text``, read with the C parser when it reads it cleanly, else with the Python one.

    Aliases are refused before anything is constructed: the C parser composes an alias as a second
    reference to its anchor's node (so an alias bomb stays small), and a document holding a node twice
    is handed to the Python loader, which names the alias in its error (so is one nested very deeply).
    """
    loader_class = _C_LOADERS.get(keep_lines)
    if loader_class is not None and _deeper_than(text, loader_class):
        loader_class = None  # libyaml's composer recurses in C: a document 30,000 levels deep crashes the process
    if loader_class is not None:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            if not _needs_python_loader(node):
                return loader.construct_document(node)
        except (yaml.YAMLError, RecursionError):
            pass
        finally:
            loader.dispose()
    return yaml.load(text, Loader=_LineLoader if keep_lines else _NoAliasLoader)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}cannot parse YAML ({getattr(exc, 'problem', None) or exc})"


def _first_content_line(text: str) -> int:
    """Line number (1-based) of the first line that is neither blank nor a comment (1 if none)."""
    for i, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped != "---":
            return i
    return 1


def parse_yaml(
    text: str,
    name: str,
    *,
    error: type[CorpusError],
    expect: type | tuple[type, ...] | None = None,
    keep_lines: bool = False,
) -> Any:
    """Parse YAML ``text`` (from the file called ``name``) with corpuskit's rules.

    Parameters
    ----------
    text
        The decoded text.
    name
        How the file is named in messages.
    error
        The :class:`~corpuskit.errors.CorpusError` subclass raised for any problem.
    expect
        ``dict``, ``list`` or a tuple of them: the kind of value the top level must be
        (an empty file is ``None`` and fails this check); ``None`` accepts anything.
    keep_lines
        Keep every scalar as the string written (only ``null``/empty become ``None``)
        and add the key ``_line`` (1-based) to every mapping -- for metadata tables.

    Examples
    --------
    >>> from corpuskit.yamlio import parse_yaml
    >>> parse_yaml("a: 1", "x.yml", error=ck.CorpusError, expect=dict)
    {'a': 1}
    >>> parse_yaml("- a", "x.yml", error=ck.CorpusError, expect=dict)
    Traceback (most recent call last):
    corpuskit.errors.CorpusError: x.yml: line 1: expected a mapping at the top of the file, got a list
    """
    try:
        data = _load(text, keep_lines)
    except yaml.YAMLError as exc:
        raise error(f"{name}: {_yaml_problem(exc)}") from exc
    except RecursionError as exc:  # a document nested thousands of levels deep
        raise error(f"{name}: cannot parse YAML (nested too deeply)") from exc
    except ValueError as exc:  # a value Python refuses to build: an integer of more than 4,300 digits
        long = re.search(r"\d{4301,}", text)
        where = f"line {text.count(chr(10), 0, long.start()) + 1}: " if long else ""
        raise error(f"{name}: {where}cannot read a value ({exc})"[:400]) from exc
    if expect is not None:
        kinds = expect if isinstance(expect, tuple) else (expect,)
        if not isinstance(data, kinds):
            wanted = " or ".join(_KINDS.get(k, k.__name__) for k in kinds)
            got = "nothing (the file is empty)" if data is None else _KINDS.get(type(data))
            got = got or f"the {type(data).__name__} {data!r}"[:80]
            line = _first_content_line(text)
            raise error(f"{name}: line {line}: expected {wanted} at the top of the file, got {got}")
    return data


def decode_utf8(data: bytes, what: str, error: type[CorpusError], tip: str = "") -> str:
    r"""``data`` decoded as UTF-8 for a file the user wrote (a table, a list, rules; a leading byte-order mark,
    which Windows editors write, is dropped), else ``error`` naming ``what``, the byte, its offset and line, and
    how to save the file as UTF-8 (``tip``: where, e.g. in Excel), from the encoding that reads its bytes as
    text (:func:`corpuskit.charsets.readable_encodings`: ``iconv -f cp1251`` for a Russian table in
    Windows-1251), else from cp1252.

    >>> from corpuskit.yamlio import decode_utf8
    >>> decode_utf8("caf\u00e9\n".encode("latin-1"), "rules file 'r.yml'", ck.RulesError)
    Traceback (most recent call last):
    corpuskit.errors.RulesError: rules file 'r.yml' is not valid UTF-8: byte 0xe9 at byte offset 3 (line 1); ...
    """
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        start = bom + exc.start  # an offset into the file, the mark included
        line = data.count(b"\n", 0, start) + 1
        # convert from the encoding that reads the bytes as text (cp1251 for a Russian table), cp1252 if none does
        readable = readable_encodings(data[bom:])
        source = readable[0][0] if readable else "cp1252"
        seen = f" (it reads as text in {source}: {readable[0][1]!r})" if readable else ""
        raise error(
            f"{what} is not valid UTF-8: byte 0x{data[start]:02x} at byte offset {start} (line {line}); "
            f"save it as UTF-8{tip}, e.g. iconv -f {source} -t utf-8{seen}"
        ) from exc


def read_yaml(
    path: str | Path,
    *,
    error: type[CorpusError],
    what: str = "data file",
    expect: type | tuple[type, ...] | None = None,
    keep_lines: bool = False,
) -> Any:
    r"""Read a corpuskit YAML data file (rules, actors, events, overrides, variants) safely.

    Strict UTF-8, safe tags only, no
    aliases, and ``expect`` checked at the top level (see :func:`parse_yaml`).
    A missing file, a folder, an unreadable file, a byte that is not UTF-8
    (reported with its line and byte offset, and how to save the file as UTF-8), a syntax error (with its line and
    column), an alias or the wrong top-level type raise ``error`` naming the file.

    Examples
    --------
    >>> from corpuskit.yamlio import read_yaml
    >>> _ = open("cues.yml", "w", encoding="utf-8").write("- {cue: trade}\n- {cue: tariff}\n")
    >>> read_yaml("cues.yml", error=ck.RulesError, what="cue list", expect=list)
    [{'cue': 'trade'}, {'cue': 'tariff'}]
    >>> read_yaml("no-such-file.yml", error=ck.CorpusError, what="actor list")
    Traceback (most recent call last):
    corpuskit.errors.CorpusError: actor list 'no-such-file.yml' does not exist or is not a file
    """
    path = Path(path)
    if not path.is_file():
        raise error(f"{what} {str(path)!r} {not_a_file(path)}")
    try:
        size = path.stat().st_size
        if size > MAX_MB * 1e6:  # parsing takes some 20 times the file's size in memory
            raise error(
                f"{what} {str(path)!r} holds {size / 1e6:.1f} MB; corpuskit reads data files of up to {MAX_MB} MB "
                "(raise corpuskit.yamlio.MAX_MB for a larger one)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"{what} {str(path)!r} cannot be read: {exc.strerror or exc}") from exc
    text = decode_utf8(data, f"{what} {str(path)!r}", error)
    return parse_yaml(text, str(path), error=error, expect=expect, keep_lines=keep_lines)


def read_package_yaml(name: str, *, error: type[CorpusError] = CorpusError, expect: type = dict) -> Any:
    """Read one of corpuskit's own data files (``data/<name>``) with the rules of :func:`read_yaml`.

    Examples
    --------
    >>> from corpuskit.yamlio import read_package_yaml
    >>> sorted(read_package_yaml("english.yml"))
    ['abbreviations', 'sentence_openers', 'stopwords']
    """
    where = f"corpuskit/data/{name}"
    try:
        text = resources.files("corpuskit").joinpath(f"data/{name}").read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # a broken installation
        raise error(f"{where} cannot be read: {exc}") from exc
    return parse_yaml(text, where, error=error, expect=expect)


#: The place a data file's checks name in their messages: ``events[2]``, ``normalize[0]``, ``groups[1].spans[0]``.
_ITEM_PATH = re.compile(r"[A-Za-z_]\w*\[\d+\](?:\.[A-Za-z_]\w*\[\d+\])*")
_ITEM_STEP = re.compile(r"([A-Za-z_]\w*)\[(\d+)\]")


def item_line(text: str, place: str) -> int | None:
    r"""The line (1-based) where the item at ``place`` (``"events[2]"``, ``"groups[0].spans[1]"``) starts in the
    YAML ``text``, or ``None`` if there is no such item.

    Examples
    --------
    >>> from corpuskit.yamlio import item_line
    >>> item_line("version: 1\nevents:\n  - id: a\n  - id: b\n", "events[1]")
    4
    >>> item_line("events: []\n", "events[3]") is None
    True
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    for key, index in _ITEM_STEP.findall(place):
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if not isinstance(node, yaml.SequenceNode) or int(index) >= len(node.value):
            return None
        node = node.value[int(index)]
    return node.start_mark.line + 1 if node is not None else None


_F = TypeVar("_F", bound=Callable[..., Any])


def with_item_lines(load: _F) -> _F:
    """Decorate a loader whose first argument may be a YAML file: an error it raises that names an item of
    that file (``"actors.yml: actors[3] (Ann): ..."``) is raised again with the item's line
    (``"actors.yml: line 14: actors[3] (Ann): ..."``), as a syntax error names its line."""

    @functools.wraps(load)
    def wrapper(source: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return load(source, *args, **kwargs)
        except CorpusError as exc:
            if not isinstance(source, str | Path) or type(exc).__init__ is not CorpusError.__init__:
                raise
            prefix = f"{source}: "
            message = str(exc)
            place = _ITEM_PATH.match(message, len(prefix)) if message.startswith(prefix) else None
            if place is None:
                raise
            try:
                text = Path(source).read_text("utf-8")
            except (OSError, UnicodeError):
                raise exc from None
            line = item_line(text, place.group())
            if line is None:
                raise
            raise type(exc)(f"{prefix}line {line}: {message[len(prefix) :]}") from exc

    return wrapper  # type: ignore[return-value]
