"""Write the SOTU gold files from the drawn passages and the hand labels.

sotu_sentences_gold.jsonl (one record per sentence), sotu_sentences_passages.jsonl (the paragraphs it
covers, whole, with the speech's date) and sotu_time_gold.jsonl (one record per passage, with its
references).

Usage: python sotu_build.py /path/to/sotu/data  (run from this folder; writes to the folder above).
The draw is sotu_sample.py's; the decisions are in sotu_sentence_labels.py and sotu_time_labels.py.
Offsets are Python str offsets into the speech file decoded as UTF-8; raw[start:end] == text holds for
every passage, sentence and reference (checked here).
"""

import csv
import json
import re
import sys
from pathlib import Path

import sotu_sample
from sotu_sentence_labels import NOT
from sotu_time_labels import L

HERE = Path(__file__).resolve().parent
CANDIDATE = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s|$)")
STAGE = re.compile(r"\[(?:Laughter|Applause)\]\s*")


def sentences(raw: str, a: int, b: int, exceptions: list[int]) -> list[tuple[int, int]]:
    cuts, n = [], 0
    for m in CANDIDATE.finditer(raw, a, b):
        if m.end() == b:
            continue
        if n not in exceptions:
            cuts.append(m.end())
        n += 1
    out, start = [], a
    for end in [*cuts, b]:
        s, e = start, end
        while s < e and raw[s].isspace():
            s += 1
        while (m := STAGE.match(raw, s, e)) is not None:  # stage directions are not part of the speech
            s = m.end()
        if e > s:
            out.append((s, e))
        start = end
    return out


def main(folder: str) -> None:
    folder = Path(folder)
    dates = {f"{r['fileid']}.txt": r["date"] for r in csv.DictReader(open(folder / "metadata.csv", encoding="utf-8"))}
    drawn = []
    old_stdout = sys.stdout
    from io import StringIO

    sys.stdout = buf = StringIO()
    sotu_sample.main(str(folder))
    sys.stdout = old_stdout
    drawn = [json.loads(line) for line in buf.getvalue().splitlines()]
    raws: dict[str, str] = {}

    def raw_of(name: str) -> str:
        if name not in raws:
            raws[name] = (folder / "speeches" / name).read_text(encoding="utf-8")
        return raws[name]

    sent_rows, passage_rows = [], []
    for i, p in enumerate(r for r in drawn if r["sample"] == "sentences"):
        raw = raw_of(p["file"])
        passage_rows.append(
            {
                "file": p["file"],
                "date": dates[p["file"]],
                "start": p["start"],
                "end": p["end"],
                "stratum": p["stratum"],
                "text": raw[p["start"] : p["end"]],
            }
        )
        for s, e in sentences(raw, p["start"], p["end"], NOT.get(i, [])):
            sent_rows.append(
                {
                    "file": p["file"],
                    "start": s,
                    "end": e,
                    "text": raw[s:e],
                    "part": "body",
                    "note": f"passage {i} ({p['stratum']})",
                }
            )
    time_rows = []
    for i, p in enumerate(r for r in drawn if r["sample"] == "time"):
        raw = raw_of(p["file"])
        text = raw[p["start"] : p["end"]]
        refs = []
        for ref in L[i]:
            expr, year, kind, precision, *nth = ref
            pos = -1
            for _ in range((nth[0] if nth else 0) + 1):
                pos = text.index(expr, pos + 1)
            if not nth and text.count(expr) != 1:
                raise SystemExit(f"passage {i}: {expr!r} occurs {text.count(expr)} times; say which")
            start = p["start"] + pos
            refs.append(
                {"expr": expr, "start": start, "end": start + len(expr), "year": year, "kind": kind, "precision": precision}
            )
        time_rows.append(
            {
                "doc_id": p["file"][:-4],
                "file": p["file"],
                "date": dates[p["file"]],
                "start": p["start"],
                "end": p["end"],
                "stratum": p["stratum"],
                "text": text,
                "refs": refs,
            }
        )
    outputs = (
        (sent_rows, "sotu_sentences_gold.jsonl"),
        (passage_rows, "sotu_sentences_passages.jsonl"),
        (time_rows, "sotu_time_gold.jsonl"),
    )
    for rows, name in outputs:
        for r in rows:
            assert raw_of(r["file"])[r["start"] : r["end"]] == r["text"]
            for ref in r.get("refs", []):
                assert raw_of(r["file"])[ref["start"] : ref["end"]] == ref["expr"]
        with open(HERE.parent / name, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} records")


if __name__ == "__main__":
    main(sys.argv[1])
