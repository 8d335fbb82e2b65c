"""Split a document's analysed sections into sentences.

Sentences end at Chinese and Western sentence punctuation and at line
breaks; an end mark inside quotes or brackets does not end the sentence,
and closing quotes right after an end mark stay with it.

Examples
--------
>>> from kgraph.model import Section, SectionKind
>>> text = '他说：“我们要干。你们也要干。”大家同意。\\n第二段'
>>> [s.norm for s in sentences_of("d", text, (Section(0, len(text), SectionKind.BODY),))]
['他说：“我们要干。你们也要干。”', '大家同意。', '第二段']
"""

from __future__ import annotations

from collections.abc import Iterator

from kgraph.ingest.normalize import normalize
from kgraph.model import Section, SectionKind, Sentence

__all__ = ["ANALYSED", "sentences_of"]

#: Section kinds whose text is split into sentences and analysed.
ANALYSED = frozenset({SectionKind.TITLE, SectionKind.BODY, SectionKind.META, SectionKind.TEASER})

_ENDS = set("。！？!?；;…")
_OPEN = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》"}
_CLOSE = set(_OPEN.values())
_MAX_QUOTED = 400  # a runaway quote (one never closed) stops protecting end marks


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``[start, end)`` of each sentence of normalized ``text``."""
    start = 0
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            yield start, i
            start, depth = i + 1, 0
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
            if depth == 0 and ch in "”’」』" and i > start and text[i - 1] in _ENDS:
                # 。” closes a quoted sentence that ends the whole sentence
                j = i + 1
                while j < n and (text[j] in _ENDS or text[j] in _CLOSE):
                    j += 1
                yield start, j
                start = i = j
                continue
        elif ch in _ENDS and (depth == 0 or i - start > _MAX_QUOTED):
            j = i + 1
            while j < n and (text[j] in _ENDS or text[j] in _CLOSE):
                j += 1
            yield start, j
            start, depth = j, 0
            i = j
            continue
        i += 1
    yield start, n


def sentences_of(doc_id: str, text: str, sections: tuple[Section, ...]) -> list[Sentence]:
    """Split the analysed sections of ``text`` into :class:`Sentence` records.

    Offsets are into ``text``; a sentence never crosses a section boundary.

    Notes
    -----
    Linear in the length of the text.
    """
    sentences: list[Sentence] = []
    for section in sections:
        if section.kind not in ANALYSED:
            continue
        norm = normalize(text[section.start : section.end], base=section.start)
        for i, j in _spans(norm.text):
            while i < j and norm.text[i].isspace():
                i += 1
            while j > i and norm.text[j - 1].isspace():
                j -= 1
            if i == j or not any(_is_word(c) for c in norm.text[i:j]):
                continue
            offsets = norm.offsets[i:j]
            sentences.append(
                Sentence(
                    doc_id=doc_id,
                    index=len(sentences),
                    start=offsets[0],
                    end=offsets[-1] + 1,
                    section=section.kind,
                    norm=norm.text[i:j],
                    offsets=offsets,
                )
            )
    return sentences


def _is_word(ch: str) -> bool:
    return ch.isalnum()
