"""Sentence boundaries in the drawn SOTU passages, decided by reading each passage (see sotu_sentences_gold_README.md).

Keyed by the passage's position in the sentence sample drawn by sotu_sample.py: the rough candidates
(sotu_build.CANDIDATE, numbered from 0 within the passage) that are NOT sentence ends. Every other
candidate was read and judged a sentence end; no sentence end was found that is not a candidate.
"""

NOT = {
    5: [0],  # island of St. Domingo
    13: [0],  # river St. Croix
    21: [4],  # Mr. Fox
    26: [1],  # Report No. 702
    66: [0],  # Mr. Gorbachev
    67: [0],  # St. Peters
    68: [0, 4],  # the U.S. maritime industry; expanded U.S. and Chinese shipping
    69: [2],  # extradited to the U.S. by Paraguay
    70: [0],  # Mr. Washburn's
    71: [1],  # a special U.N. environmental fund
    73: [0],  # U.S. technology
    74: [0],  # Mr. Speaker
    75: [0],  # all the G.I. Joes
    76: [1, 3],  # U.S. exports; U.S. export growth
    77: [1, 2, 6, 7, 8],  # Mr. Crampton, (Mr. Marcy), Mr. Marcy's, [Mr. Marcy's], [Mr. Marcy]
    78: [1],  # the U.S. Chamber of Commerce
    79: [2],  # the Office of the U.S. Trade Representative
    80: [7],  # "Mrs. Clinton," he wrote
    82: [0],  # U.S. Special Forces
    83: [0],  # the U.S. Senate
}
