"""Split a document's analysed sections into sentences.

Sentences end at Chinese and Western sentence punctuation and at line
breaks; an end mark inside quotes or brackets does not end the sentence,
and closing quotes right after an end mark stay with it. A sentence longer
than :data:`MAX_SENTENCE` characters (a run with no end mark, a page that
is one line) is cut into pieces at soft punctuation (，、：, a space) or,
failing that, at that width, and the pieces are marked ``capped``: every
later stage (jieba's HMM, the rules, the relation patterns) then works on
pieces of bounded length, so no stage is super-linear in the length of a
line, a run or a quote.

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

__all__ = ["ANALYSED", "MAX_SENTENCE", "sentences_of"]

#: Section kinds whose text is split into sentences and analysed.
ANALYSED = frozenset({SectionKind.TITLE, SectionKind.BODY, SectionKind.META, SectionKind.TEASER})

_ENDS = set("。！？!?；;…")
_OPEN = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》"}
_CLOSE = set(_OPEN.values())
_MAX_QUOTED = 400  # a runaway quote (one never closed) stops protecting end marks
#: The longest sentence passed on, in characters; longer ones are cut (the seeds' longest is 301).
MAX_SENTENCE = 500
_SOFT = set("，,、：:—…·）)》”’」』 \u3000\t")  # a cut goes after one of these if it can


def _pieces(text: str, i: int, j: int) -> Iterator[tuple[int, int]]:
    """Cut ``text[i:j]`` into pieces of at most :data:`MAX_SENTENCE` characters.

    Each cut goes after the last soft punctuation mark in the second half of
    the window, or at the full width if there is none. Linear in ``j - i``.
    """
    while j - i > MAX_SENTENCE:
        cut = i + MAX_SENTENCE
        for k in range(i + MAX_SENTENCE - 1, i + MAX_SENTENCE // 2, -1):
            if text[k] in _SOFT:
                cut = k + 1
                break
        yield i, cut
        i = cut
    yield i, j


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
        for whole in _spans(norm.text):
            capped = whole[1] - whole[0] > MAX_SENTENCE
            for i, j in _pieces(norm.text, *whole) if capped else (whole,):
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
                        capped=capped,
                    )
                )
    return sentences


def _is_word(ch: str) -> bool:
    return ch.isalnum()
