"""Draft ledger entries for the claim sentences of a page that the ledger does not cover yet.

    python tools/claims_draft.py 02_argument > /tmp/draft.yml
    python tools/claims_draft.py --sort 02_argument      # put a ledger in the order of the prose

For each uncovered claim sentence it writes an entry with the sentence as ``text``; every double-quoted
passage is looked up in the five articles and the comments, and becomes a quote of the document it is
found in (``doc: ???`` when it is found nowhere). Glued names are listed under ``values`` with an empty
``condition`` to fill in. A draft is a starting point: read each entry against its sentence, check that
the quoted document is the one the sentence names, and write the condition by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "book"), str(ROOT / "tests")]

import essay  # noqa: E402
import test_claims as tc  # noqa: E402


def main(page: str) -> None:
    blocks = tc.page_prose(tc.PAGES[page])
    claims = essay.load_claims(page) if (essay.CLAIMS / f"{page}.yml").exists() else []
    docs = list(essay.corpus().documents["doc_id"])
    n = 0
    for block in blocks:
        spans = [(block.find(tc._squash(c["text"])), len(tc._squash(c["text"]))) for c in claims]
        covered = [(a, a + m) for a, m in spans if a >= 0]
        for a, b in tc.sentences_of(block):
            s = block[a:b].strip()
            a += len(block[a:b]) - len(block[a:b].lstrip())
            if not tc.is_claim(s) or any(x <= a and a + len(s) <= y for x, y in covered):
                continue
            n += 1
            quotes = []
            for q in re.findall(r'"([^"]+)"', s):
                q = q.rstrip(",.;:") if not q.endswith(".") or essay.locate("golts2011", q) is None else q
                found = [d for d in docs if essay.locate(d, q) is not None] or [
                    d for d in docs if essay.locate(d, q.rstrip(".,;:")) is not None
                ]
                text = q if not found or essay.locate(found[0], q) else q.rstrip(".,;:")
                quotes.append((found[0] if found else "???", text))
            glued = re.findall(r"\{glue(?::text)?\}`(?:[^`:]*::)?(\w+)", s)
            kind = "finding" if glued else ("source" if quotes else "???")
            print(f"  - id: {page.split('_', 1)[-1]}-{n}")
            print(f"    kind: {kind}")
            print("    text: >-")
            print("      " + s.replace("\n", " "))
            if glued:
                print(f"    values: [{', '.join(dict.fromkeys(glued))}]")
                print('    condition: ""')
            if quotes:
                print("    quotes:")
                for d, q in quotes:
                    print(f"      - {{doc: {d}, text: {yaml_str(q)}}}")


def yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sort_ledger(page: str) -> None:
    """Rewrite ``book/data/claims/<page>.yml`` with its entries in the order their text appears in the prose."""
    import yaml

    path = essay.CLAIMS / f"{page}.yml"
    head = path.read_text("utf-8").split("\nchapter:")[0] + "\n"
    data = yaml.safe_load(path.read_text("utf-8"))
    prose = " \n ".join(tc.page_prose(tc.PAGES[page]))
    data["claims"].sort(key=lambda c: prose.find(tc._squash(c["text"])))

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, value):
        style = ">" if len(value) > 90 and "\n" not in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    path.write_text(head + yaml.dump(data, Dumper=Dumper, allow_unicode=True, width=110, sort_keys=False), "utf-8")


if __name__ == "__main__":
    if sys.argv[1] == "--sort":
        for page in sys.argv[2:]:
            sort_ledger(page)
    else:
        main(sys.argv[1])
