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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
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
_ENCLOSING = re.compile("[" + re.escape("《〈》〉" + _OPEN_QUOTES + _CLOSE_QUOTES) + "]")
_PUNCT_AT = re.compile("[" + re.escape("".join(sorted(_PUNCT))) + "]")
_QUOTE_FLAGS = ("q=0", "q=1")
_BOOK_FLAGS = ("bk=0", "bk=1")


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


#: ``pl=`` + the bucket of 1, 2, 3 ... and ``pr=`` + the bucket of ..., 3, 2, 1, as long as
#: the distances' buckets differ (past 8 they are all ``9+``).
_LEFT_RUN = tuple("pl=" + _bucket(d) for d in range(1, 10))
_RIGHT_RUN = tuple("pr=" + _bucket(d) for d in range(9, 0, -1))


def _run_from(length: int) -> list[str]:
    """The ``pl=`` features of a run of ``length`` characters after a mark: distances 1 .. length."""
    if length <= len(_LEFT_RUN):
        return list(_LEFT_RUN[:length])
    return [*_LEFT_RUN, *[_LEFT_RUN[-1]] * (length - len(_LEFT_RUN))]


def _run_to(length: int) -> list[str]:
    """The ``pr=`` features of a run of ``length`` characters before a mark: distances length .. 1."""
    if length <= len(_RIGHT_RUN):
        return list(_RIGHT_RUN[len(_RIGHT_RUN) - length :])
    return [*[_RIGHT_RUN[0]] * (length - len(_RIGHT_RUN)), *_RIGHT_RUN]


@lru_cache(maxsize=1 << 16)  # a corpus's words repeat: the same few thousand make most of it
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


def _enclosure(text: str) -> tuple[list[str], list[str]]:
    """Per character, ``q=1`` inside quotes (its marks included) and ``bk=1`` inside 《》〈〉."""
    quote: list[str] = []
    book: list[str] = []
    depth_q = depth_b = 0
    done = 0
    for m in _ENCLOSING.finditer(text):
        k, ch = m.start(), m.group()
        quote.extend([_QUOTE_FLAGS[min(depth_q, 1)]] * (k - done))  # the run before the mark
        book.extend([_BOOK_FLAGS[min(depth_b, 1)]] * (k - done))
        if ch in "《〈":
            depth_b += 1
        elif ch in "》〉":
            depth_b = max(0, depth_b - 1)
        elif ch in _OPEN_QUOTES and not (ch == '"' and depth_q):
            depth_q += 1
        elif ch in _CLOSE_QUOTES:
            depth_q = max(0, depth_q - 1)
        quote.append(_QUOTE_FLAGS[min(depth_q, 1)])
        book.append(_BOOK_FLAGS[min(depth_b, 1)])
        done = k + 1
    quote.extend([_QUOTE_FLAGS[min(depth_q, 1)]] * (len(text) - done))
    book.extend([_BOOK_FLAGS[min(depth_b, 1)]] * (len(text) - done))
    return quote, book


def _punctuation_distances(text: str) -> tuple[list[str], list[str]]:
    """Per character, ``pl=`` its distance to the punctuation before it (or the start, as -1) and
    ``pr=`` to the punctuation after it (or the end), bucketed; a mark counts from the one before."""
    marks = [m.start() for m in _PUNCT_AT.finditer(text)]
    left: list[str] = []
    last = -1
    for k in [*marks, len(text) - 1]:
        left.extend(_run_from(k - last))  # the run after last, up to k
        last = k
    right: list[str] = []
    first = 0
    for k in [*marks, len(text)]:
        right.extend(_run_to(k - first))  # the run from first, up to k
        first = k
    return left, right


def _word_part(
    place: str, shared: tuple[str, ...], word: tuple[str, ...], head: str, beside: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A character's features from its word: those before its marks and those after them."""
    if head:
        return ("wp=" + place, *shared), (*word, "hd=" + head + place, *beside)
    return ("wp=" + place, *shared), word + beside


def vocab_features(
    text: str,
    tokens: Sequence[str],
    tags: Mapping[str, str],
    names: Sequence[tuple[int, int, str]],
    base: Sequence[tuple[str, ...]] | None = None,
) -> list[tuple[str, ...]]:
    """The tagger's features for every character of one normalized sentence.

    ``tokens`` are jieba's words of ``text`` (joined they are ``text``),
    ``tags`` the segmenter dictionary's tags of words, ``names`` the
    ``(start, end, type)`` of the extraction's people, places and
    organizations in the sentence (type ``PER``, ``LOC`` or ``ORG``).
    ``base`` is ``char_features(text)`` when the caller has it already (the
    NER layer computes it for the same sentence). Training and tagging both
    call it: the feature set :data:`FEATURE_SET`.

    Examples
    --------
    >>> rows = vocab_features("推进“两学一做”", ["推进", "“", "两学一做", "”"], {"推进": "v"}, [])
    >>> "q=1" in rows[3] and "wt-1=v" not in rows[3] and "wp=B" in rows[3]
    True

    Notes
    -----
    Linear in the length of the sentence. A row is the character's n-grams,
    then its word's features (the same for every character of the word but
    its place in it), then the character's marks; the rows are assembled
    from those parts, which are built once per word and per run.
    """
    n = len(text)
    if sum(map(len, tokens)) != n:
        raise ValueError(
            f"the tokens do not join into the sentence ({sum(map(len, tokens))} != {n})"
        )
    last_word = len(tokens) - 1
    word_tags = [
        "<s>",
        *(tags.get(t, "x" if len(t) > 1 else "c") for t in tokens),
        "</s>",
    ]  # word_tags[w + 1] is the tag of word w
    heads = [_head(t) for t in tokens]
    words: list[tuple[tuple[str, ...], tuple[str, ...]]] = []  # per character: its word's parts
    for w, token in enumerate(tokens):
        if not token:
            continue
        before, this, after = word_tags[w], word_tags[w + 1], word_tags[w + 2]
        shared = (
            "wt=" + this,
            "wt-1=" + before,
            "wt+1=" + after,
            "wt-1|0=" + before + "|" + this,
            "wt0|+1=" + this + "|" + after,
            "wl=" + _bucket(len(token)),
        )
        word = ("w=" + token,) if len(token) >= 2 else ()
        beside = (("hd+1=" + heads[w + 1],) if w < last_word and heads[w + 1] else ()) + (
            ("hd-1=" + heads[w - 1],) if w > 0 and heads[w - 1] else ()
        )
        head = heads[w]
        if len(token) == 1:
            words.append(_word_part("S", shared, word, head, beside))
            continue
        words.append(_word_part("B", shared, word, head, beside))
        if len(token) > 2:
            words.extend([_word_part("M", shared, word, head, beside)] * (len(token) - 2))
        words.append(_word_part("E", shared, word, head, beside))
    quote, book = _enclosure(text)
    left, right = _punctuation_distances(text)
    name_label = ["ner="] * n
    for s, e, t in names:
        a, b = max(0, s), min(n, e)
        if a < b:
            name_label[a:b] = ["ner=I-" + t] * (b - a)
            if a == s:
                name_label[a] = "ner=B-" + t
    if base is None:
        base = char_features(text)
    return [
        (*chars, *shared, q, bk, pl, pr, ner, *tail)
        for chars, (shared, tail), q, bk, pl, pr, ner in zip(
            base, words, quote, book, left, right, name_label, strict=True
        )
    ]


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
        base: Sequence[tuple[str, ...]] | None = None,
    ) -> list[VocabSpan]:
        """The spans of two characters or more in one normalized sentence (arguments as for
        :func:`vocab_features`), trimmed of punctuation and spaces at either end."""
        if not text.strip():
            return []
        labels = self._tagger.tag(vocab_features(text, tokens, tags, names, base))
        out = []
        for s, e, t in spans_from_labels(labels):
            while s < e and (text[s] in _PUNCT or text[s].isspace()):
                s += 1  # a name never opens or ends at punctuation: 问需于民、问计于民|，
            while e > s and (text[e - 1] in _PUNCT or text[e - 1].isspace()):
                e -= 1
            if e - s < 2 or t not in LABEL_TYPES:
                continue
            confidence = min(self._tagger.marginal(labels[k], k) for k in range(s, e))
            if confidence >= MIN_CONFIDENCE:
                out.append(VocabSpan(s, e, LABEL_TYPES[t], float(confidence)))
        return out
