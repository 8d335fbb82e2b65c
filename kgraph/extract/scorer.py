"""A learned scorer of political-vocabulary candidates: logistic regression over general features.

The rules of :mod:`kgraph.extract.vocabulary` and the quoted-phrase decisions of
:mod:`kgraph.resolve` propose campaigns, slogans and concepts; this scorer
weighs each proposal of a document by features of its shape and of the
corpus (:data:`FEATURES`: which rule proposed it, quotes and cues, length,
segments, the general-language IDF of the name and its words, how many
documents use it, where it stands). A proposal whose probability is below
the model's threshold is dropped.

The model is a plain JSON file (``data/vocabulary_scorer.json``): one weight
per feature, a bias, the threshold, and its provenance (the training data's
sha256, the manifest's sha256, the script, the date). It is trained by
``scripts/train_vocab_scorer.py`` with :func:`train_logistic`, which is pure
Python and deterministic, so retraining gives the same bytes. Nothing here
knows a name: what the scorer knows is in twenty-odd weights.

Examples
--------
>>> model = LogisticModel({"quoted": 2.0}, bias=-1.0, threshold=0.5)
>>> round(model.probability({"quoted": 1.0}), 3), model.keeps({"quoted": 0.0})
(0.731, False)
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from kgraph.errors import KgraphError

__all__ = ["FEATURES", "LogisticModel", "packaged_scorer", "train_logistic"]

#: Every feature of a (document, candidate name) pair, in the order the model stores them.
FEATURES: tuple[str, ...] = (
    "type_campaign",  # the type it was given
    "type_slogan",
    "type_concept",
    "rule_head",  # a vocab.head name (枫桥经验)
    "rule_formula",  # a numbered formula (四个意识)
    "rule_enumeration",  # parallel items joined by 、
    "rule_frame",  # 以X为Y
    "rule_quoted",  # a quoted phrase the resolver accepted
    "rule_tfidf",  # a key concept by TF-IDF only
    "dictionary_only",  # found in this document only by the corpus dictionary
    "quoted_here",  # written in quotes in this document
    "cue",  # a campaign noun, a definition, a proposer or a holding verb next to its quotes
    "length",  # characters / 10
    "short",  # three characters or fewer
    "long",  # ten characters or more
    "segments",  # jieba tokens it spans / 5
    "one_segment",  # a single jieba token
    "known_word",  # the whole name is a word of the general IDF table
    "known_word_idf",  # its IDF there / the table's largest, 0 if absent
    "word_share",  # share of its tokens found in the general IDF table
    "mean_word_idf",  # mean IDF of its tokens / the table's largest
    "min_word_idf",  # IDF of its commonest token / the table's largest
    "documents",  # log(1 + documents of the corpus proposing it) / log(1 + documents)
    "recurs",  # proposed in two documents or more
    "mentions",  # log(1 + its mentions in this document)
    "in_title",  # mentioned in the document's title
    "first_position",  # index of the first sentence mentioning it / sentences of the document
    "has_list_comma",  # holds 、
    "in_list",  # stands next to 、 in the text
    "inside_longer",  # inside a longer vocabulary name of the same document
    "rule_segments",  # no rule proposed it: a recurring run of jieba words
    "held",  # a verb of holding to or carrying out stands before it (坚持, 推进, 实现 …)
    "before_de",  # 的 follows it: it qualifies a noun
    "segments_known_word",  # the same features for runs of words alone
    "segments_word_idf",
    "segments_documents",
    "segments_mentions",
    "segments_held",
)


@dataclass(frozen=True)
class LogisticModel:
    """Weights per feature, a bias and the probability a candidate needs to be kept."""

    weights: Mapping[str, float]
    bias: float
    threshold: float

    def probability(self, features: Mapping[str, float]) -> float:
        """P(the candidate is a name a reader would list), by the logistic function."""
        z = self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, features: Mapping[str, float]) -> bool:
        """Whether the candidate's probability reaches the threshold."""
        return self.probability(features) >= self.threshold

    @classmethod
    def from_json(cls, text: str) -> LogisticModel:
        """The model of a ``vocabulary_scorer.json`` text; its features must be :data:`FEATURES`."""
        data: dict[str, Any] = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise KgraphError(
                "the vocabulary scorer was trained on other features than this kgraph computes: "
                "retrain it with scripts/train_vocab_scorer.py"
            )
        weights = dict(zip(FEATURES, data["weights"], strict=True))
        return cls(weights, float(data["bias"]), float(data["threshold"]))


@lru_cache(maxsize=1)
def packaged_scorer() -> LogisticModel:
    """The scorer shipped in ``kgraph/extract/data/vocabulary_scorer.json``."""
    path = resources.files("kgraph.extract") / "data" / "vocabulary_scorer.json"
    return LogisticModel.from_json(path.read_text(encoding="utf-8"))


def train_logistic(
    rows: Sequence[tuple[Mapping[str, float], int]],
    *,
    l2: float = 0.01,
    iterations: int = 2000,
    rate: float = 0.5,
) -> tuple[list[float], float]:
    """Weights (in :data:`FEATURES` order) and bias fitting ``rows`` of (features, 0 or 1).

    Full-batch gradient descent on the mean log loss with an L2 penalty, a
    fixed number of steps from zero weights: the same rows give the same
    model on every machine.

    >>> rows = [({"quoted_here": 1.0}, 1), ({"quoted_here": 0.0}, 0)] * 5
    >>> weights, bias = train_logistic(rows, iterations=300)
    >>> weights[FEATURES.index("quoted_here")] > 0 > bias
    True

    Notes
    -----
    O(iterations * rows * features).
    """
    matrix = [[features.get(name, 0.0) for name in FEATURES] for features, _ in rows]
    labels = [label for _, label in rows]
    n, k = len(matrix), len(FEATURES)
    weights, bias = [0.0] * k, 0.0
    if not n:
        return weights, bias
    for _ in range(iterations):
        gradient, gradient_bias = [0.0] * k, 0.0
        for x, y in zip(matrix, labels, strict=True):
            z = bias + sum(w * v for w, v in zip(weights, x, strict=True))
            error = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - y
            gradient_bias += error
            for f in range(k):
                if x[f]:
                    gradient[f] += error * x[f]
        weights = [w - rate * (g / n + l2 * w) for w, g in zip(weights, gradient, strict=True)]
        bias -= rate * gradient_bias / n
    return weights, bias
