"""Actors: mentions from a data-file list, co-occurrence, networks."""

import json
import math
import warnings

import pandas as pd
import pytest
from conftest import ROOT

import corpuskit as ck

ACTORS = ROOT / "book" / "data" / "actors.yml"
GOLD = ROOT / "book" / "data" / "validation" / "actors_gold.jsonl"

SMALL = {
    "version": 1,
    "actors": [
        {"label": "George W. Bush", "type": "person", "aliases": ["George W. Bush", "Bush"]},
        {"label": "Vladimir Putin", "type": "person", "aliases": ["Vladimir Putin", "Putin"]},
        {
            "label": "United States",
            "type": "state",
            "aliases": ["United States", "U.S.", "US", "Washington"],
            "demonyms": ["American"],
        },
        {"label": "Russia", "type": "state", "aliases": ["Russia", "Moscow", "Kremlin"], "demonyms": ["Russian"]},
        {"label": "Northern Alliance", "type": "group", "aliases": ["Northern Alliance"]},
    ],
    "state_nouns": ["officials", "president"],
    "exclusions": ["(?P<x>Washington) Post", "streets of (?P<x>Moscow)"],
}


def corpus_of(*texts):
    return ck.corpus_from_frame(
        pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "date": "2001", "text": list(texts)})
    )


def found(text, actors=SMALL):
    m = ck.actor_mentions(corpus_of(text), actors)
    return list(zip(m["text"], m["actor"], m["rule"]))


def test_longest_match_and_possessives():
    assert found("President George W. Bush met Putin's aides.") == [
        ("George W. Bush", "George W. Bush", "alias"),
        ("Putin", "Vladimir Putin", "alias"),
    ]
    assert found("The Northern Alliance and an Alliance.") == [("Northern Alliance", "Northern Alliance", "alias")]


def test_case_rules_metonyms_and_exclusions():
    assert found("Let us talk, said the US envoy.") == [("US", "United States", "alias")]
    assert found("Washington and the Kremlin disagreed.") == [
        ("Washington", "United States", "alias"),
        ("Kremlin", "Russia", "alias"),
    ]
    assert found("The Washington Post walked the streets of Moscow.") == []


def test_demonyms_count_only_before_state_nouns_or_in_compounds():
    assert found("Russian officials met Russian elites.") == [("Russian", "Russia", "demonym")]
    assert found("U.S.-Russian ties.") == [("U.S.", "United States", "alias"), ("Russian", "Russia", "compound")]
    assert found("An anti-American mood.") == []


def test_state_nouns_in_any_script():
    actors = {
        "version": 1,
        "actors": [
            {"label": "Россия", "type": "state", "aliases": ["Россия"], "demonyms": ["российские"]},
            {"label": "Russia", "type": "state", "aliases": ["Russia"], "demonyms": ["Russian"]},
        ],
        "state_nouns": ["власти", "élites"],
    }
    assert found("Вчера российские власти возразили.", actors) == [("российские", "Россия", "demonym")]
    assert found("Russian élites met.", actors) == [("Russian", "Russia", "demonym")]
    assert found("Russian elites met.", actors) == []
    # a lower-case demonym at the start of a sentence, with its capital
    assert found("Российские власти молчали.", actors) == [("Российские", "Россия", "demonym")]


def test_a_phrase_is_not_found_inside_a_word_that_goes_on_in_a_combining_mark():
    # Devanagari: the vowel sign ी (U+0940) is a mark, not a letter; "भारतीय" (Indian) is not "भारत" (India)
    actors = {
        "version": 1,
        "actors": [{"label": "India", "type": "state", "aliases": ["भारत"], "demonyms": ["भारतीय"]}],
        "state_nouns": ["सेना"],
    }
    assert found("भारतीय सरकार ने कहा।", actors) == []
    assert found("भारतीयों ने कहा।", actors) == []
    assert found("भारत ने कहा।", actors) == [("भारत", "India", "alias")]
    # the state noun after a demonym keeps its vowel signs: "सेना" (army) is स + े + न + ा
    assert found("भारतीय सेना आई।", actors) == [("भारतीय", "India", "demonym")]
    # a Latin name followed by a combining accent (NFD) is a longer word too
    latin = {"version": 1, "actors": [{"label": "Jose", "type": "person", "aliases": ["Jose"]}]}
    assert found("José left.", latin) == []


def test_mentions_carry_units_and_offsets(clean):
    m = ck.actor_mentions(clean, ACTORS)
    assert {
        "doc_id",
        "paragraph_id",
        "sentence_id",
        "token_id",
        "start",
        "end",
        "source_start",
        "source_end",
        "text",
        "actor",
        "type",
        "rule",
    } <= set(m.columns)
    for r in m.itertuples():
        assert clean.text(r.doc_id)[r.start : r.end] == r.text
    assert not m["text"].eq("Alliance").any()
    # the false friends stay out
    kuchins = m[m.doc_id == "kuchins2016"]
    assert not ((kuchins["text"] == "Washington") & (kuchins["start"] > len(clean.text("kuchins2016")) - 300)).any()


def test_actor_list_errors(tmp_path):
    bad = dict(SMALL, actors=[*SMALL["actors"], {"label": "Bush Jr", "type": "person", "aliases": ["Bush"]}])
    with pytest.raises(ck.RulesError, match=r"alias 'Bush' already belongs to 'George W\. Bush'"):
        ck.load_actors(bad)
    with pytest.raises(ck.RulesError, match="type 'country' is not one of"):
        ck.load_actors(dict(SMALL, actors=[{"label": "X", "type": "country", "aliases": ["X"]}]))
    with pytest.raises(ck.RulesError, match=r"needs a group \(\?P<x>"):
        ck.load_actors(dict(SMALL, exclusions=["Washington Post"]))


def test_cooccurrence_counts_units_by_hand():
    corpus = corpus_of(
        "Putin met Bush. Putin called Bush and Putin smiled. Russia waited.",
        "Bush spoke.\n\nPutin and Russia listened.",
    )
    m = ck.actor_mentions(corpus, SMALL)
    sent = ck.cooccurrence(m, unit="sentence")
    pb = sent[(sent.source == "George W. Bush") & (sent.target == "Vladimir Putin")].iloc[0]
    # sentences: d0:1 {Putin, Bush}, d0:2 {Putin, Bush}, d0:3 {Russia}, d1:1 {Bush}, d1:2 {Putin, Russia}
    assert (pb["n"], pb["n_source"], pb["n_target"], pb["n_units"]) == (2, 3, 3, 5)
    assert pb["pmi"] == pytest.approx(math.log2(2 * 5 / (3 * 3)))
    assert pb["dice"] == pytest.approx(2 * 2 / (3 + 3))
    assert pb["documents"] == ["d0"] and pb["units"] == ["d0:1", "d0:2"]
    doc = ck.cooccurrence(m, unit="document").set_index(["source", "target"])
    assert doc.loc[("George W. Bush", "Vladimir Putin"), "n"] == 2
    assert doc.loc[("Russia", "Vladimir Putin"), "n"] == 2
    para = ck.cooccurrence(m, unit="paragraph").set_index(["source", "target"])
    assert ("George W. Bush", "Russia") in para.index and ("George W. Bush", "Russia") not in sent.set_index(
        ["source", "target"]
    ).index
    assert (sent["source"] < sent["target"]).all()  # symmetric, no self-pairs
    with_self = ck.cooccurrence(m, unit="sentence", include_self=True)
    assert ((with_self.source == "Vladimir Putin") & (with_self.target == "Vladimir Putin")).sum() == 1


def test_window_cooccurrence_counts_mention_pairs():
    m = ck.actor_mentions(corpus_of("Putin a b c Bush d e f g h i j k Russia"), SMALL)
    w = ck.cooccurrence(m, unit="window", window=4).set_index(["source", "target"])
    assert w.loc[("George W. Bush", "Vladimir Putin"), "n"] == 1  # tokens 1 and 5: 4 apart
    assert ("Russia", "Vladimir Putin") not in w.index  # 13 tokens apart


def test_networks_export_and_draw(tmp_path, clean):
    import networkx as nx

    m = ck.actor_mentions(clean, ACTORS)
    edges = ck.cooccurrence(m)
    g = ck.to_networkx(edges)
    assert g.number_of_edges() == len(edges)
    assert g["Russia"]["United States"]["n"] == float(edges.iloc[0]["n"])
    for suffix in ("gexf", "graphml", "csv"):
        path = ck.export_network(edges, tmp_path / f"net.{suffix}")
        assert path.stat().st_size > 0
    back = nx.read_graphml(tmp_path / "net.graphml")
    assert back.number_of_edges() == len(edges)
    csv = pd.read_csv(tmp_path / "net.csv")
    assert list(csv.columns[:3]) == ["Source", "Target", "Weight"]
    import matplotlib

    matplotlib.use("Agg")
    ax1 = ck.plot_network(edges, min_weight=3)
    ax2 = ck.plot_network(edges, min_weight=3)
    assert ax1.network_pos.keys() == ax2.network_pos.keys()
    assert all((ax1.network_pos[k] == ax2.network_pos[k]).all() for k in ax1.network_pos)  # seeded: stable


def test_uncovered_names_show_gaps(clean):
    actors = ck.load_actors(ACTORS)
    gaps = ck.uncovered_names(clean, ck.actor_mentions(clean, actors), actors)
    names = set(gaps["name"])
    assert {"Central Asia", "Orange Revolution"} <= names
    assert not names & {"Putin", "Russia", "September", "Russian"}


def load_gold():
    with open(GOLD, encoding="utf-8") as fh:
        return pd.DataFrame([json.loads(line) for line in fh])


@pytest.mark.skipif(not GOLD.exists(), reason="actor gold not present")
def test_mention_precision_and_recall_on_the_hand_checked_seeds(clean):
    gold = load_gold()
    m = ck.actor_mentions(clean, ACTORS)
    m = m[m["doc_id"].isin(["kuchins2016", "mankoff2013"])]  # the annotated articles (not the comments)
    m = m.assign(source=[clean.source_of(d) for d in m["doc_id"]])
    scores, errors = ck.mention_scores(m, gold)
    assert scores.loc["all", "precision"] >= 0.95, errors[errors.error == "false positive"].head(10)
    assert scores.loc["all", "recall"] >= 0.95, errors[errors.error == "missed"].head(10)


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document"])
def test_fast_cooccurrence_equals_brute_force(clean, unit):
    m = ck.actor_mentions(clean, ACTORS)
    cols = {"sentence": ["doc_id", "sentence_id"], "paragraph": ["doc_id", "paragraph_id"], "document": ["doc_id"]}[
        unit
    ]
    sets = m.groupby(cols)["actor"].agg(lambda s: sorted(set(s)))
    expected: dict = {}
    for actors in sets:
        for i, a in enumerate(actors):
            for b in actors[i + 1 :]:
                expected[(a, b)] = expected.get((a, b), 0) + 1
    got = ck.cooccurrence(m, unit=unit)
    assert dict(zip(zip(got.source, got.target), got.n)) == expected
    assert set(got["n_units"]) == {len(sets)}


def test_mention_accuracy_on_the_held_out_seed(clean):
    gold = pd.read_json(ROOT / "book" / "data" / "validation" / "actors_gold_heldout.jsonl", lines=True)
    m = ck.actor_mentions(clean, ACTORS)
    m = m[m["doc_id"] == "golts2011"]
    scores, errors = ck.mention_scores(m.assign(source=[clean.source_of(d) for d in m["doc_id"]]), gold)
    assert scores.loc["all", "precision"] >= 0.95 and scores.loc["all", "recall"] >= 0.95, errors


def test_case_rules_per_alias():
    actors = {
        **SMALL,
        "actors": [
            *SMALL["actors"],
            {"label": "al-Qaida", "type": "group", "aliases": [{"alias": "al-Qaida", "lower": True}]},
        ],
    }
    assert found("AL-QAIDA and al-qaida and Al-Qaida.", actors) == [
        ("AL-QAIDA", "al-Qaida", "alias"),
        ("al-qaida", "al-Qaida", "alias"),
        ("Al-Qaida", "al-Qaida", "alias"),
    ]
    assert found("bush and BUSH stay unmatched; Bush does not.", actors) == [("Bush", "George W. Bush", "alias")]


@pytest.mark.filterwarnings("ignore::corpuskit.errors.UnicodeFormWarning")  # the Kelvin sign is not NFC
def test_a_case_insensitive_alias_matched_through_the_regex_case_folding_is_found():
    # Python's case-insensitive matching equates the long s with s, the dotless i with i and the Kelvin sign with
    # k, which str.lower() does not: such a match used to raise KeyError deep in the matcher
    actors = {
        **SMALL,
        "actors": [
            *SMALL["actors"],
            {"label": "Stalin", "type": "person", "aliases": [{"alias": "Stalin", "lower": True}]},
            {"label": "Kiev", "type": "organisation", "aliases": [{"alias": "Kiev", "lower": True}]},
            {"label": "Istanbul", "type": "organisation", "aliases": [{"alias": "Istanbul", "lower": True}]},
        ],
    }
    text = "\u017ftalin and stalin met in \u212aiev, then in \u0130stanbul and \u0131stanbul."
    assert [(m, label) for m, label, _ in found(text, actors)] == [
        ("\u017ftalin", "Stalin"),
        ("stalin", "Stalin"),
        ("\u212aiev", "Kiev"),
        ("\u0130stanbul", "Istanbul"),
        ("\u0131stanbul", "Istanbul"),
    ]


def test_document_sentiment_is_whole_text_textblob(clean):
    from textblob import TextBlob

    docs = ck.document_sentiment(clean, vader=False)
    row = docs.set_index("doc_id").loc["golts2011"]
    s = TextBlob(clean.text("golts2011")).sentiment
    assert (row["polarity"], row["subjectivity"]) == (s.polarity, s.subjectivity)
    assert len(docs) == len(clean.documents)


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"label": "X", "type": "group", "aliases": [{"alias": " "}]}, "empty alias"),
        ({"label": "X", "type": "state", "aliases": ["X"], "demonyms": [""]}, "empty demonym"),
    ],
)
def test_empty_aliases_and_demonyms_are_rules_errors(entry, message):
    with pytest.raises(ck.RulesError, match=rf"<actors>: actors\[0\] \(X\): {message}"):
        ck.load_actors({"actors": [entry]})


def test_overlapping_aliases_longest_match_case_and_exclusions_by_hand():
    actors = {
        "actors": [
            {"label": "NA", "type": "group", "aliases": ["Northern Alliance", "Alliance"]},
            {
                "label": "NATO",
                "type": "organisation",
                "aliases": ["NATO", {"alias": "the alliance", "lower": True}],
            },
            {"label": "US", "type": "state", "aliases": ["US", "Washington"]},
        ],
        "exclusions": ["(?P<x>Washington) Post"],
    }
    text = "The Alliance, the Northern Alliance and The Alliance; us, US; the Washington Post, Washington."
    m = ck.actor_mentions(corpus_of(text), actors)
    assert list(zip(m["text"], m["actor"], m["start"])) == [
        ("The Alliance", "NATO", 0),  # longest: "The Alliance" (any case) beats "Alliance"
        ("Northern Alliance", "NA", 18),
        ("The Alliance", "NATO", 40),
        ("US", "US", 58),  # "us" is not the acronym
        ("Washington", "US", 83),  # "Washington Post" is excluded
    ]


def test_uncovered_names_names_bad_arguments():
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": ["Ann saw Lagos."]}))
    with pytest.raises(ck.ArgumentError, match="mentions"):
        ck.uncovered_names(corpus, {"doc_id": ["a"]})  # before: AttributeError from dict.itertuples
    with pytest.raises(ck.RulesError, match="expected a mapping with an 'actors:' list"):
        ck.uncovered_names(corpus, pd.DataFrame(columns=["doc_id", "start", "end"]), {"version": 1})


def test_uncovered_names_in_any_cased_script():
    """Capitals of Cyrillic and accented Latin count as capitals (they were read as ASCII only)."""
    text = "Вчера Путин говорил с Меркель. Потом Путин и Обама ушли. Меркель и Обама молчали. L'Élysée a dit: Élysée."
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": [text]}))
    actors = ck.load_actors({"version": 1, "actors": [{"label": "Путин", "type": "person", "aliases": ["Путин"]}]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ck.EnglishOnlyWarning)  # the sentence splitter's English lists
        gaps = ck.uncovered_names(corpus, ck.actor_mentions(corpus, actors), actors, min_count=1)
    assert gaps.to_dict("records") == [
        {"name": "Élysée", "n": 2, "n_docs": 1},
        {"name": "Меркель", "n": 2, "n_docs": 1},
        {"name": "Обама", "n": 2, "n_docs": 1},
    ]


def test_uncovered_names_says_it_finds_none_in_a_script_without_capitals():
    text = "ذهب محمد إلى القاهرة مع أحمد. ثم عاد محمد إلى دمشق وحده."
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": [text]}))
    actors = ck.load_actors({"version": 1, "actors": [{"label": "Ann", "type": "person", "aliases": ["Ann"]}]})
    with pytest.warns(ck.EnglishOnlyWarning, match=r"uncovered_names finds names by their capital letters, but 100%"):
        assert ck.uncovered_names(corpus, ck.actor_mentions(corpus, actors), actors, min_count=1).empty


def test_actor_matching_on_unsplit_chinese_is_warned_about():
    """A name inside a clause of a script without spaces is not found; the user is told so."""
    texts = ["孔子曰：學而時習之，不亦說乎？有朋自遠方來，不亦樂乎？孔子見齊景公。" * 3]
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": texts}), date_col=None)
    actors = {"version": 1, "actors": [{"label": "Confucius", "type": "person", "aliases": ["孔子"]}]}
    with pytest.warns(ck.WordBoundaryWarning, match="actors and events find a word only where it stands alone"):
        ck.actor_mentions(corpus, actors)


def test_uncovered_names_takes_the_actor_list_as_actor_mentions_does():
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "date": ["2014"], "text": ["Ann flew to Lagos. Then Ann and Bob left Lagos."]})
    )
    spec = {"version": 1, "actors": [{"label": "Ann", "type": "person", "aliases": ["Ann"]}]}
    mentions = ck.actor_mentions(corpus, spec)
    expected = ck.uncovered_names(corpus, mentions, ck.load_actors(spec), min_count=1)
    pd.testing.assert_frame_equal(ck.uncovered_names(corpus, mentions, spec, min_count=1), expected)


def test_uncovered_names_leaves_out_words_mostly_written_in_lower_case():
    # a manual's layout puts ordinary words at the start of a line, after a word of the line before
    text = "ahosts    Если ключ задан. если нет, то нет. Если бы. если да. Так сказал Лавров. Потом ушёл и Лавров."
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2014"], "text": [text]}))
    spec = {"version": 1, "actors": [{"label": "Путин", "type": "person", "aliases": ["Путин"]}]}
    names = ck.uncovered_names(corpus, ck.actor_mentions(corpus, spec), spec, min_count=1)["name"].tolist()
    assert names == ["Лавров"]


def test_uncovered_names_leaves_out_words_that_open_turns_quotes_and_list_items():
    """User 35's quotes collection: Ничто (76), Ну (46), Любая (24), Ах, Давайте were listed as names, because a
    word after a dash of dialogue, after a colon and an opening quote, or after a list number under a heading in
    capitals was not taken for the first word of a sentence; and one such place was enough."""
    text = (
        "- Ну, это смотря какой. Ну и рожа!\n\n- Как?\n- Ну ладно.\n\n"
        'Они говорят:\n"Давайте не будем!" Потом: "Давайте забудем!"\n\n'
        "ЗАКОНЫ\n1. Любая программа устарела.\n2. Любая программа стоит дороже.\n\n"
        "Ничто не вечно. Ничто не ново. Ничто. Ничто! И так сказал Лавров. Потом ушёл и Лавров."
    )
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2014"], "text": [text]}))
    spec = {"version": 1, "actors": [{"label": "Путин", "type": "person", "aliases": ["Путин"]}]}
    names = ck.uncovered_names(corpus, ck.actor_mentions(corpus, spec), spec, min_count=1)["name"].tolist()
    assert names == ["Лавров"]


def test_a_word_nearly_always_first_in_its_sentence_is_no_name():
    """Seen inside a sentence in fewer than a tenth of its occurrences: an ordinary word a layout left there."""
    opening = " ".join(["Господи помилуй."] * 10)
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a", "b"], "date": ["2014", "2015"], "text": [opening + " О Господи.", opening]})
    )
    spec = {"version": 1, "actors": [{"label": "Путин", "type": "person", "aliases": ["Путин"]}]}
    assert ck.uncovered_names(corpus, ck.actor_mentions(corpus, spec), spec, min_count=1).empty
    inner = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2014"], "text": ["Господи. О Господи."]}))
    assert ck.uncovered_names(inner, ck.actor_mentions(inner, spec), spec, min_count=1)["name"].tolist() == ["Господи"]
