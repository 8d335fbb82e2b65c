"""A learned tagger of people, places and organizations: a character CRF shipped in the package.

The model (``data/ner.crfsuite``) is a linear-chain CRF over characters
with BIOES labels for ``PER``, ``LOC`` and ``ORG``, trained by
``scripts/ner/train.py`` with python-crfsuite on public corpora (MSRA NER
train, CLUENER 2020 train) and on modern text labelled by a teacher model;
``data/ner.json`` records every input's source, version and sha256, the
feature set, the trainer's parameters and the model's own sha256. Nothing
here knows a name: what the tagger knows is in the trained weights.

Training and tagging share :func:`char_features`, so a model is never used
with other features than it was trained on (the provenance names the
feature set, and loading checks it). Long inputs are cut by
:func:`chunk_text`, so the cost is linear in the length of the text.

Examples
--------
>>> tagger = CrfTagger.packaged()
>>> [(s.start, s.end, s.type) for s in tagger.spans(["邓小平同志到深圳视察。"])[0]]
[(0, 3, 'PER'), (6, 8, 'LOC')]
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kgraph.errors import KgraphError

__all__ = [
    "ENTITY_TYPES",
    "FEATURE_SET",
    "MAX_CHUNK",
    "CrfTagger",
    "Span",
    "char_class",
    "char_features",
    "chunk_text",
    "labels_from_spans",
    "model_path",
    "open_model",
    "spans_from_labels",
]

#: Entity types the tagger emits.
ENTITY_TYPES: tuple[str, ...] = ("PER", "LOC", "ORG")

#: Name of the feature set of :func:`char_features`, recorded with every model trained on it.
FEATURE_SET = "char-w2+bigram-w2+trigram-c+class-w1/v1"

#: Longest chunk (in characters) handed to the CRF in one piece.
MAX_CHUNK = 500

_SENTENCE_END = frozenset("。！？；!?;\n\r")
_SOFT_BREAK = frozenset("，、,：:\u3000 \t")
_BOS = "<s>"
_EOS = "</s>"


@dataclass(frozen=True, slots=True)
class Span:
    """One recognised name: ``text[start:end]``, its type and the tagger's confidence in it.

    ``confidence`` is the smallest per-character marginal probability
    (forward-backward) of the Viterbi labels over the span's characters.
    """

    start: int
    end: int
    type: str  # PER, LOC or ORG
    confidence: float


def model_path() -> Path:
    """The packaged model file."""
    return Path(str(resources.files(__package__).joinpath("data", "ner.crfsuite")))


def open_model(
    path: str | Path, feature_set: str, *, needed_by: str, trainer: str
) -> tuple[dict[str, Any], Any]:
    """A trained CRF's provenance (the JSON beside it) and a ``pycrfsuite.Tagger`` holding it.

    Refuses, naming ``trainer``, a model whose recorded feature set is not
    ``feature_set``: its weights would be read against other features.
    """
    try:
        import pycrfsuite
    except ImportError:
        raise KgraphError(
            f"{needed_by} needs python-crfsuite: pip install python-crfsuite"
        ) from None
    path = Path(path)
    meta = path.with_suffix(".json")
    info: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    trained_on = info.get("feature_set", feature_set)
    if trained_on != feature_set:
        raise KgraphError(
            f"{path} was trained with features {trained_on!r}, this kgraph computes "
            f"{feature_set!r}: retrain it with {trainer}"
        )
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return info, tagger


class CrfTagger:
    """Tags PER / LOC / ORG spans with a trained character CRF.

    Instances hold a C tagger: create one per process or thread (the
    extractor does, once per worker).
    """

    def __init__(self, path: str | Path) -> None:
        self.info, self._tagger = open_model(
            path, FEATURE_SET, needed_by="the NER layer", trainer="scripts/ner/train.py"
        )

    @classmethod
    def packaged(cls) -> CrfTagger:
        """The model shipped with kgraph."""
        return cls(model_path())

    def spans(self, texts: Sequence[str]) -> list[list[Span]]:
        """The spans of each text, in order, with offsets into that text."""
        return [self.spans_and_features(text)[0] for text in texts]

    def spans_and_features(self, text: str) -> tuple[list[Span], list[tuple[str, ...]] | None]:
        """The spans of one text, and ``char_features(text)`` if the text was tagged in one
        chunk (``None`` otherwise): the vocabulary tagger reads the same features.

        >>> tagger = CrfTagger.packaged()
        >>> spans, features = tagger.spans_and_features("邓小平同志到深圳视察。")
        >>> features == char_features("邓小平同志到深圳视察。")
        True
        """
        chunks = list(chunk_text(text))
        if chunks == [(0, text)]:
            features = char_features(text)
            return self._tag(features, 0), features
        spans = [span for at, chunk in chunks for span in self._tag(char_features(chunk), at)]
        return spans, None

    def _tag(self, features: list[tuple[str, ...]], offset: int) -> list[Span]:
        labels = self._tagger.tag(features)
        out = []
        for s, e, t in spans_from_labels(labels):
            if t in ENTITY_TYPES:
                confidence = min(self._tagger.marginal(labels[k], k) for k in range(s, e))
                out.append(Span(offset + s, offset + e, t, float(confidence)))
        return out


def char_class(ch: str) -> str:
    """Return a coarse class for one character.

    Parameters
    ----------
    ch : str
        A single character.

    Returns
    -------
    str
        ``"H"`` Han ideograph, ``"D"`` digit (any width), ``"L"`` Latin
        letter (any width), ``"P"`` punctuation, ``"S"`` space, ``"O"`` other.
    """
    o = ord(ch)
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
        return "H"
    if ch.isdigit():
        return "D"
    if ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("ａ" <= ch <= "ｚ") or ("Ａ" <= ch <= "Ｚ"):
        return "L"
    if ch.isspace():
        return "S"
    cat = unicodedata.category(ch)
    if cat.startswith("P"):
        return "P"
    return "O"


class _CharClasses(dict[int, str]):
    """:func:`char_class` by code point, filled as characters are met: a ``str.translate`` table."""

    def __missing__(self, code: int) -> str:
        self[code] = found = char_class(chr(code))
        return found


_CLASSES = _CharClasses()


class _Prefixed(dict[str, str]):
    """``prefix + key`` by key, filled as keys are met: a feature's string made once per
    character (or class) rather than once per occurrence."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, key: str) -> str:
        self[key] = found = self.prefix + key
        return found


# the templates whose values are single characters or classes: a few thousand keys each
_U_2, _U_1, _U0, _U1, _U2 = (_Prefixed(f"u{d}=") for d in (-2, -1, 0, 1, 2))
_K_1, _K0, _K1, _KK = (_Prefixed(p) for p in ("k-1=", "k0=", "k1=", "k="))


def char_features(text: str) -> list[tuple[str, ...]]:
    """Extract CRF features for every character of ``text``.

    This is the only feature extractor: training and tagging both call it.

    Features per position ``i`` (``c`` = character, ``<s>``/``</s>`` pad):
    unigrams ``c[i-2..i+2]``, bigrams ``c[i-2:i]`` .. ``c[i+1:i+3]``,
    the centred trigram ``c[i-1:i+2]``, and character classes of
    ``c[i-1]``, ``c[i]``, ``c[i+1]`` (single and joined): the feature set
    :data:`FEATURE_SET`.

    Parameters
    ----------
    text : str
        The chunk to featurise.

    Returns
    -------
    list of tuple of str
        One tuple of feature strings per character, in the form
        python-crfsuite accepts directly (each string has weight 1).
    """
    n = len(text)
    p = [_BOS, _BOS, *text, _EOS, _EOS]
    k = ["B", "B", *text.translate(_CLASSES), "E", "E"]
    bg = [a + b for a, b in itertools.pairwise(p)]  # bg[j] = p[j] + p[j+1]
    kk = [a + b + c for a, b, c in zip(k, k[1:], k[2:], strict=False)]
    # Built column-wise (one comprehension or map per feature template) because
    # that is about twice as fast in CPython as a per-character loop; the
    # strings of one character or class are looked up, not concatenated again.
    feats = list(
        zip(
            ["b"] * n,
            map(_U_2.__getitem__, p[:n]),
            map(_U_1.__getitem__, p[1 : n + 1]),
            map(_U0.__getitem__, text),
            map(_U1.__getitem__, p[3 : n + 3]),
            map(_U2.__getitem__, p[4 : n + 4]),
            ["b-2=" + c for c in bg[:n]],
            ["b-1=" + c for c in bg[1 : n + 1]],
            ["b0=" + c for c in bg[2 : n + 2]],
            ["b1=" + c for c in bg[3 : n + 3]],
            ["t0=" + a + c for a, c in zip(bg[1 : n + 1], p[3 : n + 3], strict=True)],
            map(_K_1.__getitem__, k[1 : n + 1]),
            map(_K0.__getitem__, k[2 : n + 2]),
            map(_K1.__getitem__, k[3 : n + 3]),
            map(_KK.__getitem__, kk[1 : n + 1]),
            strict=True,
        )
    )
    return feats


def chunk_text(text: str, max_len: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """Split ``text`` into bounded chunks for tagging.

    Chunks end after sentence-final punctuation or a line break; a piece
    still longer than ``max_len`` is cut after the last soft break (comma,
    colon, space) before ``max_len``, or hard at ``max_len``.

    Parameters
    ----------
    text : str
        Any text.
    max_len : int, optional
        Maximum chunk length in characters.

    Yields
    ------
    tuple of (int, str)
        Offset of the chunk in ``text`` and the chunk itself (whitespace-only
        chunks are skipped).
    """
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        i += 1
        if ch in _SENTENCE_END or i - start >= max_len or i == n:
            if ch not in _SENTENCE_END and i - start >= max_len and i < n:
                cut = i
                for k in range(i - 1, start + max_len // 2, -1):
                    if text[k] in _SOFT_BREAK:
                        cut = k + 1
                        break
                i = cut
            piece = text[start:i]
            if piece.strip():
                yield start, piece
            start = i


def labels_from_spans(n: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """Encode entity spans as BIOES labels.

    Parameters
    ----------
    n : int
        Length of the text.
    spans : sequence of (start, end, type)
        Non-overlapping spans; overlapping ones after the first are dropped.

    Returns
    -------
    list of str
        ``O``, ``S-T``, ``B-T``, ``I-T``, ``E-T`` per character.
    """
    labels = ["O"] * n
    for s, e, t in sorted(spans):
        if s < 0 or e > n or e <= s or any(lab != "O" for lab in labels[s:e]):
            continue
        if e - s == 1:
            labels[s] = "S-" + t
        else:
            labels[s] = "B-" + t
            for k in range(s + 1, e - 1):
                labels[k] = "I-" + t
            labels[e - 1] = "E-" + t
    return labels


def spans_from_labels(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Decode BIOES (or BIO) labels into spans, tolerating ill-formed runs.

    A span opens at ``B``/``S`` (or at ``I``/``E`` of a new type) and
    closes at ``E``/``S``, at ``O``, or where the type changes.

    Parameters
    ----------
    labels : sequence of str
        Labels such as ``B-PER``; ``M-`` is accepted as ``I-``.

    Returns
    -------
    list of (start, end, type)
    """
    out: list[tuple[int, int, str]] = []
    cur_s = -1
    cur_t = ""
    for i, lab in enumerate(labels):
        if lab == "O" or "-" not in lab:
            if cur_s >= 0:
                out.append((cur_s, i, cur_t))
            cur_s = -1
            continue
        pos, t = lab.split("-", 1)
        if pos in ("B", "S") or t != cur_t or cur_s < 0:
            if cur_s >= 0:
                out.append((cur_s, i, cur_t))
            cur_s, cur_t = i, t
        if pos in ("E", "S"):
            out.append((cur_s, i + 1, cur_t))
            cur_s = -1
    if cur_s >= 0:
        out.append((cur_s, len(labels), cur_t))
    return out
