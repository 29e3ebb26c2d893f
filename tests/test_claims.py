"""The claims ledger: every claim sentence of the essay's prose is in ``book/data/claims/`` with its evidence.

What counts as a *claim sentence* (the definition this test enforces):

* The prose is every markdown cell of a chapter notebook and the whole of ``book/intro.md``, less
  headings, figure directives (caption and alt text describe the figure the code drew), the table
  of contents, and admonitions of class ``method`` -- the place for method descriptions.
* It is cut into sentences at ``.``, ``!`` or ``?`` followed by a space and a capital, and at
  paragraph and list-item breaks. Questions (ending in ``?``) ask rather than claim.
* A sentence is a claim sentence when it carries any mark of a statement about the sources, a
  measurement or history: a glued value (``{glue``), a citation (``{cite``), a quotation (text in
  double quotes), a digit (a year, a count), the name of a source's author, an actor of
  ``book/data/actors.yml`` or an event of ``book/data/events.yml``, or a word that points at the
  corpus (text, article, source, retrospective, commentary, column, interview, reader, comment …).

Each claim sentence must lie inside the text of a ledger entry of its chapter (the entry's ``text``
as it appears in the prose, whitespace aside); every ledger entry must occur in its chapter's prose;
quotations must occur in the cleaned text of their source; references must exist in the bibliography.
The conditions of measured findings are evaluated when each notebook runs (``essay.check_claims``)
and, here, on the values the stored notebooks glued.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "book"))
import itertools

import essay

CHAPTERS = sorted((ROOT / "book" / "chapters").glob("*.ipynb"))
PAGES = {p.stem: p for p in CHAPTERS} | {"intro": ROOT / "book" / "intro.md"}

_SOURCE_WORDS = (
    r"texts?|articles?|sources?|documents?|retrospectives?|commentary|commentaries|columns?|columnist|essays?|interviews?|"
    r"interviewees|officials?|readers?|comments?|commenters?|authors?|writers?|paraphrased?|copy|voices?|"
    r"partnership|corpus|sentences?|words?|lexicons?"
)


def _names() -> list[str]:
    names = {"Kuzio", "Golts", "Mankoff", "Kuchins", "Stent", "Brookings", "EurasiaNet", "CNN", "Moscow Times"}
    actors = yaml.safe_load((ROOT / "book" / "data" / "actors.yml").read_text("utf-8"))
    for a in actors["actors"]:
        names.update(x for x in a.get("aliases", []) if isinstance(x, str) and len(x) > 2)
    events = yaml.safe_load((ROOT / "book" / "data" / "events.yml").read_text("utf-8"))
    for ev in events["events"]:
        names.update(c for c in ev["cues"] if isinstance(c, str) and len(c) > 2)
    return sorted(names, key=len, reverse=True)


CLAIM_MARK = re.compile(
    r"\{glue|\{cite|\"[^\"]+\"|“[^”]+”|\d|"
    + r"\b(?:"
    + "|".join(re.escape(n) for n in _names())
    + r")(?![\w-])|"
    + r"(?i:\b(?:"
    + _SOURCE_WORDS
    + r")\b)"
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def page_prose(path: Path) -> list[str]:
    """The prose blocks of a page (paragraphs and list items), method boxes and figures removed."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text("utf-8"))
        cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    else:
        cells = [path.read_text("utf-8")]
    blocks: list[str] = []
    for cell in cells:
        # drop fenced directives that are not prose: figures, the toc, method boxes
        cell = re.sub(r"```\{(?:glue:figure|tableofcontents)\}.*?```", "", cell, flags=re.S)
        cell = re.sub(r"```\{admonition\}[^\n]*\n:class: method\n.*?```", "", cell, flags=re.S)
        lines = []
        for line in cell.splitlines():
            if line.startswith("#") or line.startswith("```") or re.match(r"^:\w+:", line):
                lines.append("")  # a heading, fence or directive option ends a block
            else:
                lines.append(line)
        text = "\n".join(lines)
        for block in re.split(r"\n\s*\n|\n(?=\s*[*-] )", text):
            block = re.sub(r"^\s*[*-] ", "", block)
            if block.strip():
                blocks.append(_squash(block))
    return blocks


def sentences_of(block: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a block; role and code spans are never cut."""
    protected = re.sub(r"`[^`]*`", lambda m: "x" * len(m.group()), block)
    cuts = [0]
    for m in re.finditer(r"(?<=[.!?])[\"”’)*_]*\s+(?=[\"“(*_\[{]*[A-Z0-9])", protected):
        cuts.append(m.end())
    cuts.append(len(block))
    return [(a, b) for a, b in itertools.pairwise(cuts) if block[a:b].strip()]


def is_claim(sentence: str) -> bool:
    s = re.sub(r"\]\([^)]*\)", "]", sentence.strip())  # a link's target is an address, not a statement
    if s.rstrip('*_"” ').endswith("?"):
        return False
    return bool(CLAIM_MARK.search(s))


def ledger(page: str) -> list[dict]:
    return essay.load_claims(page)


@pytest.mark.parametrize("page", sorted(PAGES), ids=str)
def test_every_claim_sentence_is_in_the_ledger(page: str):
    blocks = page_prose(PAGES[page])
    claims = ledger(page)
    covered: dict[int, list[tuple[int, int]]] = {i: [] for i in range(len(blocks))}
    stale = []
    for c in claims:
        needle = _squash(c["text"])
        hits = [(i, b.find(needle)) for i, b in enumerate(blocks) if needle in b]
        if not hits:
            stale.append(c["id"])
        for i, at in hits:
            covered[i].append((at, at + len(needle)))
    assert stale == [], f"{page}: ledger entries whose text is not in the prose: {stale}"
    missing = []
    for i, block in enumerate(blocks):
        for a, b in sentences_of(block):
            sentence = block[a:b].strip()
            if not is_claim(sentence):
                continue
            a += len(block[a:b]) - len(block[a:b].lstrip())
            b = a + len(sentence)
            if not any(s <= a and b <= e for s, e in covered[i]):
                missing.append(sentence)
    assert missing == [], f"{page}: {len(missing)} claim sentence(s) missing from book/data/claims/{page}.yml:\n" + (
        "\n".join(f"  - {m}" for m in missing)
    )


@pytest.mark.parametrize("page", sorted(PAGES), ids=str)
def test_quotations_and_references_of_the_ledger_hold(page: str):
    problems = {}
    for c in ledger(page):
        quotes_and_refs = {k: v for k, v in c.items() if k != "condition"}
        if p := essay.claim_problems(quotes_and_refs, {}):
            problems[c["id"]] = p
    assert problems == {}


def _stored_glue(path: Path) -> dict[str, object]:
    """The values a stored notebook glued (its text/plain repr, evaluated for numbers and strings)."""
    nb = json.loads(path.read_text("utf-8"))
    values: dict[str, object] = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook")
            plain = [k for k in out.get("data", {}) if k.endswith("text/plain")]
            if scrap and plain:
                raw = "".join(out["data"][plain[0]])
                try:
                    values[scrap["name"]] = eval(raw, {"__builtins__": {}}, {"nan": float("nan")})
                except Exception:
                    values[scrap["name"]] = raw
    return values


#: pages without a kernel of their own, and the chapter whose values they quote (and which checks them)
CHECKED_BY = {"intro": "01_corpus"}


@pytest.mark.parametrize("page", sorted([*(p.stem for p in CHAPTERS), *CHECKED_BY]), ids=str)
def test_stored_values_satisfy_the_findings(page: str):
    values = _stored_glue(PAGES[CHECKED_BY.get(page, page)])
    problems = {}
    for c in ledger(page):
        if c.get("condition"):
            if p := essay.claim_problems({"condition": c["condition"]}, values):
                problems[c["id"]] = p
    assert problems == {}


def test_every_chapter_checks_its_claims_when_it_runs():
    for path in CHAPTERS:
        source = "".join("".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"])
        assert f'essay.check_claims("{path.stem}")' in source, path.name
    for page, chapter in CHECKED_BY.items():
        source = "".join("".join(c["source"]) for c in json.loads(PAGES[chapter].read_text("utf-8"))["cells"])
        assert f'essay.check_claims("{page}")' in source, page


def test_the_recogniser_finds_claims_and_spares_method_text():
    assert is_claim('Golts calls the partnership "a lost chance".')
    assert is_claim("Putin was the first leader to call.")
    assert is_claim("Sentences about 2001 average {glue:text}`v2001:.3f`.")
    assert is_claim("The retrospectives disagree about the break.")
    assert not is_claim("Was autumn 2001 a lost chance?")
    assert not is_claim("Open the folded code to see how each number is made.")
    block = _squash("Putin called first. The U.S. Congress acted! Was it enough?")
    assert [block[a:b].strip() for a, b in sentences_of(block)] == [
        "Putin called first.",
        "The U.S.",
        "Congress acted!",
        "Was it enough?",
    ]
    prose = page_prose_from_text(
        "Intro text names Putin.\n\n```{admonition} How\n:class: method\nThe texts are counted.\n```\n"
    )
    assert prose == ["Intro text names Putin."]


def page_prose_from_text(text: str) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "page.md"
        p.write_text(text, "utf-8")
        return page_prose(p)


def test_a_claim_whose_quotation_is_not_in_the_source_is_named():
    bad = {
        "id": "made-up",
        "kind": "source",
        "text": "x",
        "quotes": [{"doc": "golts2011", "text": "Putin persuaded nobody"}],
    }
    assert essay.claim_problems(bad, {}) == [
        "the words 'Putin persuaded nobody' are not in the cleaned text of golts2011"
    ]
    failing = {"id": "fall", "kind": "finding", "text": "x", "condition": "high < 0"}
    assert "is false (high = 0.02)" in essay.claim_problems(failing, {"high": 0.02})[0]


def test_a_quotation_over_two_sentences_is_refused():
    """The evidence list shows one sentence per quotation: a quotation that runs into the next sentence
    would be shown without its second half, so the check asks for one quotation per sentence."""
    two = "a watershed moment for Putin. After this, Putin concluded"
    at = essay.locate("golts2011", two)
    assert at is not None and at["last_sentence_id"] == at["sentence_id"] + 1
    claim = {"id": "two", "kind": "source", "text": "x", "quotes": [{"doc": "golts2011", "text": two}]}
    problems = essay.claim_problems(claim, {})
    assert len(problems) == 1
    assert f"run over sentences {at['sentence_id']}-{at['sentence_id'] + 1} of golts2011" in problems[0]
    one = {
        "id": "one",
        "kind": "source",
        "text": "x",
        "quotes": [{"doc": "golts2011", "text": "a watershed moment for Putin."}],
    }
    assert essay.claim_problems(one, {}) == []


def test_occurs_answers_as_locate_does():
    """The claim checks ask ``essay.occurs``; the chapters place quotations with ``essay.locate``."""
    quotes = [
        (q["doc"], q["text"])
        for page in PAGES
        for c in essay.load_claims(page)
        for q in c.get("quotes", [])
        if not q.get("raw")
    ]
    assert len(quotes) > 100
    variants = [(d, t.upper()) for d, t in quotes[:20]] + [(d, t + " nowhere") for d, t in quotes[:20]]
    variants += [("golts2011", "  Putin\n  "), ("golts2011", ""), ("no-such-doc", "Putin"), ("golts2011", "\u2019")]
    for doc, text in quotes + variants:
        assert essay.occurs(doc, text) == (essay.locate(doc, text) is not None), (doc, text)


@pytest.mark.notebook
def test_a_changed_seed_word_fails_the_chapter_naming_the_claim(tmp_path: Path):
    """One word of Golts's column changed (checksum updated): executing chapter 2 as the build does fails,
    and the error names the claims whose quotation no longer occurs in the source."""
    import hashlib
    import shutil
    import subprocess

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "seeds", "book", "_config.yml"], cwd=ROOT, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tmp_path / name)
    seed = tmp_path / "seeds" / "003_d75f1f55d4eada39.txt"
    old = seed.read_bytes()
    new = old.replace(b"to convince them to let the Pentagon", b"to persuade them to let the Pentagon")
    assert new != old
    seed.write_bytes(new)
    meta = tmp_path / "seeds" / "metadata.csv"
    meta.write_text(
        meta.read_text("utf-8").replace(hashlib.sha256(old).hexdigest(), hashlib.sha256(new).hexdigest()), "utf-8"
    )
    chapter = tmp_path / "book" / "chapters" / "02_argument.ipynb"
    nb = nbformat.read(chapter, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(chapter.parent)}}
    )
    with pytest.raises(CellExecutionError) as err:
        client.execute()
    message = str(err.value)
    assert "ClaimError" in message
    assert "claim 'golts-putin-rise'" in message
    assert "claim 'contra-bases-undecided'" in message
    assert "not in the cleaned text of golts2011" in message
