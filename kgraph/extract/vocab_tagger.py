"""A learned tagger of campaigns, slogans and concepts: a character CRF shipped in the package.

The model (``data/vocab.crfsuite``) is a linear-chain CRF over the characters
of a body or title sentence with BIO labels for ``C`` (campaign), ``S``
(slogan) and ``K`` (concept), trained by ``scripts/vocab/train.py`` with
python-crfsuite on the development sets' gold vocabulary, projected onto every
occurrence in each page; ``data/vocab.json`` records the sha256 of every
training page, the feature set, the trainer's parameters and the model's own
sha256. Its spans are more candidates of the vocabulary layer
(``vocab.learned``): :mod:`kgraph.resolve` filters, names and types them with
the rules' candidates, so it proposes names the rules' shapes miss without
deciding alone what a corpus's vocabulary is. It runs by default; it makes
extraction about 40% slower, and ``kgraph build --no-learned-vocabulary``
(``Extractor(vocab=False)``) leaves it out.

Its features are general (:func:`vocab_features`): the characters and their
n-grams (:func:`kgraph.extract.ner.char_features`), the character's place in
its jieba word and the dictionary tags of that word and the words beside it,
whether a word is a head the rules know (a policy head, a doctrine head, a
formulation noun, a verb of holding to), quotes and 《》 around it, its
distance to the punctuation on either side, and the people, places and
organizations of the extraction it lies in. Nothing here knows a name.

Examples
--------
>>> tagger = VocabTagger.packaged()
>>> text = "各地坚持以人民为中心的发展思想，深入推进放管服改革。"
>>> tokens = ["各地", "坚持", "以", "人民", "为", "中心", "的", "发展", "思想", "，",
...           "深入", "推进", "放管服", "改革", "。"]
>>> spans = tagger.spans(text, tokens, {}, [])
>>> all(0 <= s.start < s.end <= len(text) and s.type in LABEL_TYPES.values() for s in spans)
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kgraph.extract.ner import char_features, open_model, spans_from_labels
from kgraph.extract.vocabulary import (
    CAMPAIGN_HEADS,
    CONCEPT_HEADS,
    FORMULATION_NOUNS,
    HOLDING_VERBS,
)
from kgraph.model import EntityType

__all__ = [
    "FEATURE_SET",
    "LABEL_TYPES",
    "LEARNED",
    "MIN_CONFIDENCE",
    "VocabSpan",
    "VocabTagger",
    "model_path",
    "vocab_features",
]

#: Name of the feature set of :func:`vocab_features`, recorded with every model trained on it.
FEATURE_SET = "ner-char/v1+word-place-tags-w1+heads-w1+quote-book+punct-dist+ner-names/v1"

#: The extractor name of the tagger's candidates.
LEARNED = "vocab.learned"

#: The tagger's labels (after ``B-`` / ``I-``) and the entity types they stand for.
LABEL_TYPES: Mapping[str, EntityType] = {
    "C": EntityType.CAMPAIGN,
    "S": EntityType.SLOGAN,
    "K": EntityType.CONCEPT,
}

#: Spans less sure than this (their smallest marginal) are not proposed.
MIN_CONFIDENCE = 0.7

_OPEN_QUOTES = '“‘「『"'
_CLOSE_QUOTES = '”’」』"'
_PUNCT = frozenset("，,。；;：:！？!?、（）()“”‘’「」『』《》〈〉—…·.")
_LONG_HEADS_C = tuple(h for h in CAMPAIGN_HEADS if len(h) >= 2)
_LONG_HEADS_K = tuple(h for h in CONCEPT_HEADS if len(h) >= 2)


@dataclass(frozen=True, slots=True)
class VocabSpan:
    """One proposed name: ``text[start:end]``, its type and the tagger's confidence in it.

    ``confidence`` is the smallest per-character marginal probability of the
    Viterbi labels over the span's characters.
    """

    start: int
    end: int
    type: EntityType
    confidence: float


def model_path() -> Path:
    """The packaged model file."""
    return Path(str(resources.files(__package__).joinpath("data", "vocab.crfsuite")))


def _bucket(n: int) -> str:
    return str(n) if n <= 4 else "5-8" if n <= 8 else "9+"


def _head(token: str) -> str:
    """The class of head a word is: C/K a policy or doctrine head, F a formulation noun,
    H a verb of holding to, c/k a word ending in a long head; '' for none."""
    if token in CAMPAIGN_HEADS:
        return "C"
    if token in CONCEPT_HEADS:
        return "K"
    if token in FORMULATION_NOUNS:
        return "F"
    if token in HOLDING_VERBS:
        return "H"
    if token.endswith(_LONG_HEADS_C):
        return "c"
    if token.endswith(_LONG_HEADS_K):
        return "k"
    return ""


def vocab_features(
    text: str,
    tokens: Sequence[str],
    tags: Mapping[str, str],
    names: Sequence[tuple[int, int, str]],
) -> list[tuple[str, ...]]:
    """The tagger's features for every character of one normalized sentence.

    ``tokens`` are jieba's words of ``text`` (joined they are ``text``),
    ``tags`` the segmenter dictionary's tags of words, ``names`` the
    ``(start, end, type)`` of the extraction's people, places and
    organizations in the sentence (type ``PER``, ``LOC`` or ``ORG``).
    Training and tagging both call it: the feature set :data:`FEATURE_SET`.

    Examples
    --------
    >>> rows = vocab_features("推进“两学一做”", ["推进", "“", "两学一做", "”"], {"推进": "v"}, [])
    >>> "q=1" in rows[3] and "wt-1=v" not in rows[3] and "wp=B" in rows[3]
    True

    Notes
    -----
    Linear in the length of the sentence.
    """
    n = len(text)
    word_at: list[int] = []
    starts: list[int] = []
    for w, token in enumerate(tokens):
        starts.append(len(word_at))
        word_at.extend([w] * len(token))
    if len(word_at) != n:
        raise ValueError(f"the tokens do not join into the sentence ({len(word_at)} != {n})")
    last_word = len(tokens) - 1

    def tag(w: int) -> str:
        if w < 0:
            return "<s>"
        if w > last_word:
            return "</s>"
        return tags.get(tokens[w], "x" if len(tokens[w]) > 1 else "c")

    word_tags = [tag(w) for w in range(-1, len(tokens) + 1)]  # word_tags[w + 1] = tag(w)
    heads = [_head(t) for t in tokens]
    quote = [0] * n
    book = [0] * n
    depth_q = depth_b = 0
    for k, ch in enumerate(text):
        if ch in "《〈":
            depth_b += 1
        elif ch in "》〉":
            depth_b = max(0, depth_b - 1)
        elif ch in _OPEN_QUOTES and not (ch == '"' and depth_q):
            depth_q += 1
        elif ch in _CLOSE_QUOTES:
            depth_q = max(0, depth_q - 1)
        quote[k], book[k] = min(depth_q, 1), min(depth_b, 1)
    left = [0] * n
    right = [0] * n
    last = -1
    for k, ch in enumerate(text):
        left[k] = k - last
        if ch in _PUNCT:
            last = k
    last = n
    for k in range(n - 1, -1, -1):
        right[k] = last - k
        if text[k] in _PUNCT:
            last = k
    name_label = [""] * n
    for s, e, t in names:
        for k in range(max(0, s), min(n, e)):
            name_label[k] = ("B-" if k == s else "I-") + t
    out = []
    base = char_features(text)
    for k in range(n):
        w = word_at[k]
        token = tokens[w]
        if len(token) == 1:
            place = "S"
        elif k == starts[w]:
            place = "B"
        elif k == starts[w] + len(token) - 1:
            place = "E"
        else:
            place = "M"
        before, this, after = word_tags[w], word_tags[w + 1], word_tags[w + 2]
        row = [
            *base[k],
            "wp=" + place,
            "wt=" + this,
            "wt-1=" + before,
            "wt+1=" + after,
            "wt-1|0=" + before + "|" + this,
            "wt0|+1=" + this + "|" + after,
            "wl=" + _bucket(len(token)),
            "q=" + str(quote[k]),
            "bk=" + str(book[k]),
            "pl=" + _bucket(left[k]),
            "pr=" + _bucket(right[k]),
            "ner=" + name_label[k],
        ]
        if len(token) >= 2:
            row.append("w=" + token)
        if heads[w]:
            row.append("hd=" + heads[w] + place)
        if w < last_word and heads[w + 1]:
            row.append("hd+1=" + heads[w + 1])
        if w > 0 and heads[w - 1]:
            row.append("hd-1=" + heads[w - 1])
        out.append(tuple(row))
    return out


class VocabTagger:
    """Tags campaign, slogan and concept spans with a trained character CRF.

    Instances hold a C tagger: create one per process or thread (the
    extractor does, once per worker).
    """

    def __init__(self, path: str | Path) -> None:
        self.info, self._tagger = open_model(
            path, FEATURE_SET, needed_by="the vocabulary tagger", trainer="scripts/vocab/train.py"
        )

    @classmethod
    def packaged(cls) -> VocabTagger:
        """The model shipped with kgraph."""
        return cls(model_path())

    def spans(
        self,
        text: str,
        tokens: Sequence[str],
        tags: Mapping[str, str],
        names: Sequence[tuple[int, int, str]],
    ) -> list[VocabSpan]:
        """The spans of two characters or more in one normalized sentence (arguments as for
        :func:`vocab_features`)."""
        if not text.strip():
            return []
        labels = self._tagger.tag(vocab_features(text, tokens, tags, names))
        out = []
        for s, e, t in spans_from_labels(labels):
            if e - s < 2 or t not in LABEL_TYPES:
                continue
            confidence = min(self._tagger.marginal(labels[k], k) for k in range(s, e))
            if confidence >= MIN_CONFIDENCE:
                out.append(VocabSpan(s, e, LABEL_TYPES[t], float(confidence)))
        return out
