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
deciding alone what a corpus's vocabulary is. It runs only when asked for
(``kgraph build --learned-vocabulary``, ``Extractor(vocab=True)``).

Its features are general (:func:`vocab_features`): ten of the NER layer's
columns of characters, n-grams and classes
(:func:`kgraph.extract.ner.char_feature_columns`, computed once per sentence
for both taggers), the character's place in its jieba word, the dictionary
tag of that word and the pairs of tags with the words beside it,
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

import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kgraph.extract.ner import Columns, char_feature_columns, open_model, spans_from_labels
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
FEATURE_SET = "ner-char-10of15/v1+word-place-tags-pairs+heads-w1+quote-book+punct-dist+ner-names/v2"

#: The extractor name of the tagger's candidates.
LEARNED = "vocab.learned"

#: The tagger's labels (after ``B-`` / ``I-``) and the entity types they stand for.
LABEL_TYPES: Mapping[str, EntityType] = {
    "C": EntityType.CAMPAIGN,
    "S": EntityType.SLOGAN,
    "K": EntityType.CONCEPT,
}

#: Spans less sure than this (their smallest marginal) are not proposed.
MIN_CONFIDENCE = 0.9

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


@functools.lru_cache(maxsize=1 << 16)
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
    base: Columns | None = None,
) -> list[tuple[str, ...]]:
    """The tagger's features for every character of one normalized sentence.

    ``tokens`` are jieba's words of ``text`` (joined they are ``text``),
    ``tags`` the segmenter dictionary's tags of words, ``names`` the
    ``(start, end, type)`` of the extraction's people, places and
    organizations in the sentence (type ``PER``, ``LOC`` or ``ORG``), and
    ``base`` the sentence's :func:`~kgraph.extract.ner.char_feature_columns`
    when the NER layer has already computed them.
    Training and tagging both call it: the feature set :data:`FEATURE_SET`.

    Examples
    --------
    >>> rows = vocab_features("推进“两学一做”", ["推进", "“", "两学一做", "”"], {"推进": "v"}, [])
    >>> "q=1" in rows[3] and "wt-1|0=c|x" in rows[3] and "wp=B" in rows[3]
    True

    Notes
    -----
    Linear in the length of the sentence. Built column-wise, a list per
    template, as :func:`~kgraph.extract.ner.char_feature_columns` is; only
    the sparse features (the word itself, the heads) are added per character.
    """
    n = len(text)
    sizes = [len(t) for t in tokens]
    word_at = [w for w, size in enumerate(sizes) for _ in range(size)]
    if len(word_at) != n:
        raise ValueError(f"the tokens do not join into the sentence ({len(word_at)} != {n})")
    word_tags = ["<s>"]  # word_tags[w + 1] is the tag of word w
    word_tags.extend(tags.get(t, "x" if len(t) > 1 else "c") for t in tokens)
    word_tags.append("</s>")
    this, before, after = word_tags[1:-1], word_tags[:-2], word_tags[2:]
    per_word = [
        ["wt=" + t for t in this],
        ["wt-1=" + t for t in before],
        ["wt+1=" + t for t in after],
        ["wt-1|0=" + a + "|" + b for a, b in zip(before, this, strict=True)],
        ["wt0|+1=" + a + "|" + b for a, b in zip(this, after, strict=True)],
        [_LENGTH[min(size, 9)] for size in sizes],
    ]
    places = [p for size in sizes for p in (_PLACES[size] if size < 12 else _places(size))]
    word_columns = [[column[w] for w in word_at] for column in per_word]
    extra_of: list[tuple[str, ...]] = [("w=" + t,) if len(t) >= 2 else () for t in tokens]
    extras = [extra_of[w] for w in word_at]
    heads = [_head(t) for t in tokens]
    if any(heads):
        _add_heads(extras, heads, extra_of, word_at, places)
    chars = char_feature_columns(text) if base is None else base
    rows = zip(
        *(chars[k] for k in _CHAR_COLUMNS),
        places,
        *(word_columns[k] for k in _WORD_COLUMNS),
        *_marks(text),
        *_punctuation_distances(text),
        _name_labels(n, names),
        strict=True,
    )
    return [row + extra if extra else row for row, extra in zip(rows, extras, strict=True)]


def _add_heads(
    extras: list[tuple[str, ...]],
    heads: Sequence[str],
    extra_of: Sequence[tuple[str, ...]],
    word_at: Sequence[int],
    places: Sequence[str],
) -> None:
    """Add to ``extras`` the head features of each character: its word's head class and
    place, the head classes of the words beside it."""
    last_word = len(heads) - 1
    for k, w in enumerate(word_at):
        if heads[w] or (w < last_word and heads[w + 1]) or (w > 0 and heads[w - 1]):
            row = extra_of[w]
            if heads[w]:
                row += ("hd=" + heads[w] + places[k][3:],)
            if w < last_word and heads[w + 1]:
                row += ("hd+1=" + heads[w + 1],)
            if w > 0 and heads[w - 1]:
                row += ("hd-1=" + heads[w - 1],)
            extras[k] = row


def _marks(text: str) -> tuple[list[str], list[str]]:
    """Whether each character is inside quotes (``q``) and inside 《》 (``bk``)."""
    n = len(text)
    if not _MARK.search(text):
        return ["q=0"] * n, ["bk=0"] * n
    quote: list[str] = []
    book: list[str] = []
    depth_q = depth_b = 0
    for ch in text:
        if ch in "《〈":
            depth_b += 1
        elif ch in "》〉":
            depth_b = max(0, depth_b - 1)
        elif ch in _OPEN_QUOTES and not (ch == '"' and depth_q):
            depth_q += 1
        elif ch in _CLOSE_QUOTES:
            depth_q = max(0, depth_q - 1)
        quote.append("q=1" if depth_q else "q=0")
        book.append("bk=1" if depth_b else "bk=0")
    return quote, book


def _punctuation_distances(text: str) -> tuple[list[str], list[str]]:
    """Each character's distance to the punctuation before it (``pl``, counting itself as
    one past it) and to the punctuation after it (``pr``), bucketed."""
    marks = [m.start() for m in _PUNCT_AT.finditer(text)]
    left: list[str] = []
    for a, b in itertools.pairwise([-1, *marks, len(text) - 1]):
        left.extend(_LEFT[: b - a] if b - a < 10 else _LEFT + [_LEFT[-1]] * (b - a - 9))
    right: list[str] = []
    for a, b in itertools.pairwise([0, *marks, len(text)]):
        size = b - a
        if size:
            right.extend(_DOWN[-size:] if size < 10 else [_DOWN[0]] * (size - 9) + _DOWN)
    return left, right


def _name_labels(n: int, names: Sequence[tuple[int, int, str]]) -> list[str]:
    """The BIO label of the extraction's person, place or organization each character is in."""
    labels = ["ner="] * n
    for s, e, t in names:
        for k in range(max(0, s), min(n, e)):
            labels[k] = ("ner=B-" if k == s else "ner=I-") + t
    return labels


def _places(size: int) -> list[str]:
    """The ``wp`` feature of each character of a word of ``size`` characters."""
    if size == 1:
        return ["wp=S"]
    return ["wp=B", *["wp=M"] * (size - 2), "wp=E"]


_PLACES = [[], *(_places(size) for size in range(1, 12))]
_LENGTH = ["wl=" + _bucket(size) for size in range(10)]
_LEFT = ["pl=" + _bucket(d) for d in range(1, 10)]  # distances 1 .. 9+
_DOWN = ["pr=" + _bucket(d) for d in range(9, 0, -1)]  # distances 9+ .. 1
#: The columns of :func:`~kgraph.extract.ner.char_feature_columns` the tagger reads: the
#: bias, c[i-1], c[i], c[i+1], the four bigrams, the trigram and the joined classes.
_CHAR_COLUMNS = (0, 2, 3, 4, 6, 7, 8, 9, 10, 14)
#: The word columns it reads: the word's tag, the pairs of tags with each neighbour, its length.
_WORD_COLUMNS = (0, 3, 4, 5)
_MARK = re.compile("[《〈》〉" + re.escape(_OPEN_QUOTES + _CLOSE_QUOTES) + "]")
_PUNCT_AT = re.compile("[" + re.escape("".join(sorted(_PUNCT))) + "]")


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
        base: Columns | None = None,
    ) -> list[VocabSpan]:
        """The spans of two characters or more in one normalized sentence (arguments as for
        :func:`vocab_features`)."""
        if not text.strip():
            return []
        labels = self._tagger.tag(vocab_features(text, tokens, tags, names, base))
        out = []
        for s, e, t in spans_from_labels(labels):
            if e - s < 2 or t not in LABEL_TYPES:
                continue
            confidence = min(self._tagger.marginal(labels[k], k) for k in range(s, e))
            if confidence >= MIN_CONFIDENCE:
                out.append(VocabSpan(s, e, LABEL_TYPES[t], float(confidence)))
        return out
