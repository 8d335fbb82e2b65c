"""The data model shared by every stage of the pipeline.

All records are frozen dataclasses with ``__slots__`` (a corpus holds
millions of them). Offsets (``start``/``end``) are always
character offsets into the ORIGINAL decoded text of a document
(``Document.text``), half-open like Python slices, so that
``doc.text[m.start:m.end] == m.surface`` holds for every mention.

The stages pass these records along::

    load      -> Document            (original text, metadata, sections)
    segment   -> Sentence            (original span + normalized Simplified text)
    extract   -> Mention             (span + which extractor found it)
    resolve   -> Entity              (one node per real-world thing)
    relate    -> Relation / Evidence (typed links and co-occurrence)

The whole result of a build is a :class:`Corpus`.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

__all__ = [
    "CoOccurrence",
    "Corpus",
    "Document",
    "Entity",
    "EntityType",
    "Evidence",
    "Mention",
    "Relation",
    "Section",
    "SectionKind",
    "Sentence",
    "Skipped",
    "SourceMap",
    "compact_offsets",
]


class EntityType(str, Enum):
    """The kinds of entity kgraph extracts, named after their RDF classes."""

    PERSON = "Person"
    PLACE = "Place"
    ORGANIZATION = "Organization"
    WORK = "CreativeWork"
    CAMPAIGN = "Campaign"
    SLOGAN = "Slogan"
    CONCEPT = "Concept"


class SectionKind(str, Enum):
    """What part of a scraped page a stretch of text belongs to."""

    TITLE = "title"
    BODY = "body"  # the article's own statements
    META = "meta"  # bylines, source and date lines
    TEASER = "teaser"  # lists of related articles: real text, not the article's
    CHROME = "chrome"  # navigation, footers, ads, spam: never analysed


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch ``[start, end)`` of a document's original text and its kind."""

    start: int
    end: int
    kind: SectionKind


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Where each character of a document's text stands in the file it was decoded from.

    An HTML page's text is not its file: markup is dropped, entities
    decoded, whitespace runs collapsed, and kgraph writes headline, date and
    author lines of its own above it. Each character of the text comes from
    a span of the decoded file's characters (``\\n`` line ends, as for a
    text file), or from nowhere. The map is kept as runs: the text's
    characters ``[at[k], at[k + 1])`` come from the file's ``[start[k],
    end[k])``, each from an equal share of it: one character each in plain
    text, a whole character reference each (``&#20013;&#22269;``), or, for a
    run of one character, all of it (a collapsed run of whitespace, the
    markup between two lines); ``start[k] == -1`` marks characters from
    nowhere. ``length`` is the text's length, ``source_length`` the file's.

    >>> m = SourceMap(array("I", [0, 3, 5, 6, 8]), array("i", [-1, 10, 15, 21, 23]),
    ...     array("i", [-1, 12, 21, 23, 39]), 10, 40)
    >>> m.char(0), m.char(3), m.char(4), m.char(5), m.char(7), m.char(9)
    (None, (10, 11), (11, 12), (15, 21), (22, 23), (31, 39))
    >>> m.span(3, 8), m.span(2, 5)
    ((10, 23), None)
    """

    at: array[int] = field(hash=False)  # where each run starts in the text, ascending from 0
    start: array[int] = field(hash=False)  # where it starts in the file, -1 for from nowhere
    end: array[int] = field(hash=False)  # where it ends in the file
    length: int
    source_length: int

    def char(self, i: int) -> tuple[int, int] | None:
        """The span of the file text character ``i`` comes from, None if from nowhere."""
        k = bisect_right(self.at, i) - 1
        start, end = self.start[k], self.end[k]
        if start < 0:
            return None
        run = (self.at[k + 1] if k + 1 < len(self.at) else self.length) - self.at[k]
        width = (end - start) // run
        start += (i - self.at[k]) * width
        return start, start + width

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The file's span that the text's ``[start, end)`` comes from, None if it has none.

        It has none when its first or last character comes from nowhere (a
        line kgraph wrote) or when it is empty.
        """
        if end <= start:
            return None
        first, last = self.char(start), self.char(end - 1)
        if first is None or last is None or last[1] <= first[0]:
            return None
        return first[0], last[1]


@dataclass(frozen=True, slots=True)
class Document:
    """One input file, decoded, with the metadata found in its text.

    ``text`` is the decoded original (HTML already reduced to text); every
    offset in the model points into it. ``source`` maps it to the decoded
    file for an HTML page (the exports give offsets into the file); None
    when the text is the file.
    """

    id: str  # stable identifier derived from the file's relative path
    path: str  # the file's path relative to the source it was found under
    text: str  # original decoded text
    encoding: str  # the encoding the bytes were decoded with
    title: str  # headline, '' when none was found
    date: str  # ISO date YYYY-MM-DD, '' when none was found
    authors: tuple[str, ...]  # names from bylines (作者)
    editors: tuple[str, ...]  # names from editor lines (编辑, 责编, 审核)
    sources: tuple[str, ...]  # source publications (来源, 《人民日报》 …)
    sections: tuple[Section, ...]  # covering the whole text, in order
    meta_spans: tuple[tuple[str, int, int], ...] = ()  # (field, start, end) of each metadata value
    # (start, end, element) of lines an HTML page's <nav>, <aside> or <footer> holds; () for text
    structure: tuple[tuple[int, int, str], ...] = ()
    source: SourceMap | None = None  # an HTML page's text mapped to its decoded file


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document, with its normalized form for analysis.

    ``norm`` is the sentence with pinyin annotations removed and converted
    to Simplified Chinese; ``offsets[i]`` is the original-text offset of
    ``norm[i]``, so any span of ``norm`` maps back to the original. Any
    sequence of ints may be given; it is kept as a ``range`` when the
    offsets are consecutive (most sentences: 48 bytes, not 36 per
    character), else as an ``array`` of them.

    >>> s = Sentence("d", 0, 4, 7, SectionKind.BODY, "一二三", (4, 5, 6))
    >>> s.offsets, s.original_span(1, 3)
    (range(4, 7), (5, 7))
    >>> Sentence("d", 0, 0, 9, SectionKind.BODY, "學習", (0, 8)).offsets
    array('I', [0, 8])
    """

    doc_id: str
    index: int  # position of the sentence in its document
    start: int  # original offsets of the sentence
    end: int
    section: SectionKind
    norm: str
    offsets: Sequence[int] = field(repr=False, hash=False)
    capped: bool = (
        False  # cut at the length cap (kgraph.ingest.segment.MAX_SENTENCE), not at an end mark
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "offsets", compact_offsets(self.offsets))

    def original_span(self, i: int, j: int) -> tuple[int, int]:
        """Map the half-open span ``norm[i:j]`` to original offsets."""
        return self.offsets[i], self.offsets[j - 1] + 1


def compact_offsets(offsets: Sequence[int]) -> Sequence[int]:
    """Offsets as a ``range`` when they are consecutive, else as an ``array`` of them.

    >>> compact_offsets((3, 4, 5)), compact_offsets([]), compact_offsets((1, 3))
    (range(3, 6), range(0, 0), array('I', [1, 3]))
    """
    if isinstance(offsets, range | array):
        return offsets
    if not offsets:
        return range(0)
    first = offsets[0]
    if all(offset == first + k for k, offset in enumerate(offsets)):
        return range(first, first + len(offsets))
    return array("I", offsets)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names an entity: the span is its provenance."""

    doc_id: str
    sentence: int  # index of the sentence it occurs in
    start: int  # original offsets
    end: int
    surface: str  # original characters, == document.text[start:end]
    norm: str  # normalized (Simplified, titles stripped) form used to resolve it
    type: EntityType
    extractor: str  # which rule or backend produced it, e.g. "gazetteer"
    confidence: float
    role: str = ""  # a role stated next to a person's name (县委书记), if any


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing, resolved across documents and scripts."""

    key: str  # stable identifier, unique within a corpus ("Place/福建省")
    type: EntityType
    label: str  # canonical Simplified Chinese label
    aliases: tuple[str, ...]  # every other surface or normalized form seen
    mentions: Sequence[Mention]  # a build's: a run of a table (kgraph.mentions), read as a tuple
    code: str = ""  # official administrative division code, for places
    parents: tuple[str, ...] = ()  # keys of containing places, nearest first
    roles: tuple[str, ...] = ()  # roles stated next to a person
    definition: str = ""  # text that defines a campaign or slogan
    parts: tuple[str, ...] = ()  # components named by that definition
    score: float = 0.0  # corpus statistic for concepts (TF-IDF)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sentence supporting a relation, with how it was found."""

    doc_id: str
    sentence: int
    start: int  # original offsets of the sentence
    end: int
    text: str  # the sentence's original text
    pattern: str  # the rule that fired
    confidence: float
    date: str  # the document's publication date, '' when unknown


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed relation between two entities (or an entity and a literal)."""

    subject: str  # entity key
    predicate: str  # a term of the kg: vocabulary, e.g. "proposed"
    object: str  # entity key, or the literal when ``literal`` is true
    evidence: tuple[Evidence, ...]
    literal: bool = False
    role: str = ""  # the role, for workedIn/servedAs
    confidence: float = 0.0  # the best evidence's confidence


@dataclass(frozen=True, slots=True)
class CoOccurrence:
    """Two entities named in the same sentences."""

    a: str  # entity keys, a < b
    b: str
    sentences: int
    documents: int
    pmi: float  # pointwise mutual information over sentences
    llr: float  # Dunning's log-likelihood ratio
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that could not be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """Everything a build produced, in deterministic order.

    ``documents`` and ``sentences`` are any sequences: a build keeps them on
    disk (:class:`kgraph.ondisk.DiskSequence`), read back as the writers
    pass over them; the rest are tuples.
    """

    documents: Sequence[Document]  # sorted by id
    sentences: Sequence[Sentence]  # a build's: grouped by document, in the documents' order
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    cooccurrences: tuple[CoOccurrence, ...]
    skipped: tuple[Skipped, ...]
