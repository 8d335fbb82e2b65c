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
class Document:
    """One input file, decoded, with the metadata found in its text.

    ``text`` is the decoded original (HTML already reduced to text); every
    offset in the model points into it.
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
