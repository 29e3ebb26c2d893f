"""corpuskit: load, clean, segment and measure a corpus of dated texts.

The pipeline, one module per stage:

- :mod:`corpuskit.load` -- read and validate texts and metadata (:func:`load_corpus`,
  :func:`corpus_from_frame`);
- :mod:`corpuskit.clean` -- split raw sources into labelled spans and normalise,
  keeping a map back to every source character (:func:`clean_corpus`);
- :mod:`corpuskit.segment` -- paragraphs, sentences and tokens with offsets
  (:func:`paragraphs`, :func:`sentences`, :func:`tokens`);
- :mod:`corpuskit.frequency` -- term and n-gram counts, tf-idf (:func:`term_frequency`, :func:`tf_idf`);
- :mod:`corpuskit.keyness` -- target-versus-reference statistics (:func:`keyness`);
- :mod:`corpuskit.kwic` -- concordances and collocations (:func:`kwic`, :func:`collocations`);
- :mod:`corpuskit.sentiment` -- TextBlob and VADER scores, aggregation by publication period with
  bootstrap intervals (:func:`sentence_sentiment`, :func:`sentiment_by_period`);
- :mod:`corpuskit.narrated` -- the years sentences talk about (:func:`time_references`);
- :mod:`corpuskit.actors` -- actor mentions from a data-file actor list, co-occurrence networks
  (:func:`actor_mentions`, :func:`cooccurrence`, :func:`to_networkx`, :func:`export_network`);
- :mod:`corpuskit.events` -- the events sentences name, from a data-file event list, and the years
  the texts give them (:func:`load_events`, :func:`event_mentions`, :func:`event_timeline`);
- :mod:`corpuskit.plot` -- matplotlib views returning their Axes (:func:`plot_terms`, :func:`plot_keyness`);
- :mod:`corpuskit.stream` -- every measure batch by batch from a folder, on one machine or on Dask
  (:func:`open_corpus`, :class:`CorpusStream`), and :mod:`corpuskit.write` -- results as CSV or
  Parquet (:func:`write_table`); :mod:`corpuskit.cli` -- the ``corpuskit`` command.

Every function takes and returns tidy pandas DataFrames (or a :class:`Corpus`);
every bad input raises a :class:`CorpusError` that names the file, line and field.
"""

from . import network  # noqa: F401  (corpuskit.network.cooccurrence: any item column)
from .actors import (
    ActorList,
    actor_mentions,
    cooccurrence,
    export_network,
    load_actors,
    mention_scores,
    to_networkx,
    uncovered_names,
)
from .clean import LABELS, clean_corpus, load_rules
from .corpus import Corpus, OffsetMap, register_stage
from .dates import PRECISIONS, format_date, parse_date, period_end, period_labels, read_periods
from .errors import (
    ArgumentError,
    ChecksumError,
    CleaningError,
    CorpusError,
    CorpusValidationError,
    DateError,
    DuplicateIdError,
    DuplicateTextWarning,
    EmptyTextError,
    EncodingError,
    EnglishOnlyWarning,
    JoinedWordsWarning,
    LineEndingWarning,
    MarkedSpellingWarning,
    MarkupWarning,
    MetadataError,
    MissingDateError,
    MissingFileError,
    MojibakeWarning,
    OutsideCorpusError,
    PatternCaseWarning,
    PatternTimeoutError,
    QueryWarning,
    ReplacedBytesWarning,
    RulesError,
    UndatedWarning,
    UnicodeFormWarning,
    UnlistedFileError,
    UnusedRuleWarning,
    WordBoundaryWarning,
    YearRangeWarning,
)
from .events import EventList, event_mentions, event_timeline, load_events
from .frequency import term_frequency, tf_idf
from .keyness import chance_of_passing, keyness, keyness_stats
from .kwic import collocations, kwic
from .load import corpus_from_frame, load_corpus, read_metadata
from .narrated import narrated_years, read_time_gold, time_reference_scores, time_references
from .plot import plot_keyness, plot_network, plot_sentiment, plot_terms
from .segment import (
    default_stopwords,
    paragraphs,
    segment_sentences,
    sentence_boundary_scores,
    sentences,
    tokenize,
    tokens,
    with_sentence_rules,
)
from .sentiment import (
    bootstrap_mean,
    document_sentiment,
    extreme_sentences,
    sentence_sentiment,
    sentiment_agreement,
    sentiment_by_period,
    summarise_sentiment,
    textblob_scores,
    vader_scores,
)
from .stream import Batch, CorpusStream, close_client, dask_client, open_corpus
from .validation import Validation, passage_corpus, prf, read_jsonl, score_spans
from .write import table_format, write_table

# The convenience methods of Corpus (Corpus.clean, .sentences ...) run these stages. corpus.py imports
# none of them, so that no module imports its own caller; the package wires them here, once.
for _method, _stage in {
    "from_folder": load_corpus,
    "from_frame": corpus_from_frame,
    "clean": clean_corpus,
    "paragraphs": paragraphs,
    "sentences": sentences,
    "tokens": tokens,
    "with_sentence_rules": with_sentence_rules,
}.items():
    register_stage(_method, _stage)
del _method, _stage

__version__ = "0.1.0"

__all__ = [
    "LABELS",
    "PRECISIONS",
    "ActorList",
    "ArgumentError",
    "Batch",
    "ChecksumError",
    "CleaningError",
    "Corpus",
    "CorpusError",
    "CorpusStream",
    "CorpusValidationError",
    "DateError",
    "DuplicateIdError",
    "DuplicateTextWarning",
    "EmptyTextError",
    "EncodingError",
    "EnglishOnlyWarning",
    "EventList",
    "JoinedWordsWarning",
    "LineEndingWarning",
    "MarkedSpellingWarning",
    "MarkupWarning",
    "MetadataError",
    "MissingDateError",
    "MissingFileError",
    "MojibakeWarning",
    "OffsetMap",
    "OutsideCorpusError",
    "PatternCaseWarning",
    "PatternTimeoutError",
    "QueryWarning",
    "ReplacedBytesWarning",
    "RulesError",
    "UndatedWarning",
    "UnicodeFormWarning",
    "UnlistedFileError",
    "UnusedRuleWarning",
    "Validation",
    "WordBoundaryWarning",
    "YearRangeWarning",
    "actor_mentions",
    "bootstrap_mean",
    "chance_of_passing",
    "clean_corpus",
    "close_client",
    "collocations",
    "cooccurrence",
    "corpus_from_frame",
    "dask_client",
    "default_stopwords",
    "document_sentiment",
    "event_mentions",
    "event_timeline",
    "export_network",
    "extreme_sentences",
    "format_date",
    "keyness",
    "keyness_stats",
    "kwic",
    "load_actors",
    "load_corpus",
    "load_events",
    "load_rules",
    "mention_scores",
    "narrated_years",
    "open_corpus",
    "paragraphs",
    "parse_date",
    "passage_corpus",
    "period_end",
    "period_labels",
    "plot_keyness",
    "plot_network",
    "plot_sentiment",
    "plot_terms",
    "prf",
    "read_jsonl",
    "read_metadata",
    "read_periods",
    "read_time_gold",
    "score_spans",
    "segment_sentences",
    "sentence_boundary_scores",
    "sentence_sentiment",
    "sentences",
    "sentiment_agreement",
    "sentiment_by_period",
    "summarise_sentiment",
    "table_format",
    "term_frequency",
    "textblob_scores",
    "tf_idf",
    "time_reference_scores",
    "time_references",
    "to_networkx",
    "tokenize",
    "tokens",
    "uncovered_names",
    "vader_scores",
    "with_sentence_rules",
    "write_table",
]
