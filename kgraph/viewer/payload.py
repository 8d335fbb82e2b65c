"""The data a viewer page embeds: its nodes, edges and the evidence behind them.

:func:`viewer_payload` turns a graph (built by ``kgraph.graph``) and the
:class:`~kgraph.model.Corpus` it came from into one JSON-ready dict. Nodes
and edges are stored column-wise (one list per attribute) because a page
with 20,000 nodes must stay small; the browser rebuilds the graph from the
columns.

Evidence is capped twice: at most ``max_evidence`` sentences per node or
edge, and ``evidence_chars`` characters of sentence text for the whole page.
Sentences are handed out round-robin (every node's best sentence first, then
every node's second, ...), so a large graph still backs each node with a
source before any node gets its twentieth. The page says how many more
sentences there are ("+N more").

Layout of the payload (all indices are positions in these lists)::

    title, focus, hops          str, node index or -1, hop count
    types, preds, dates         legend order, predicate names, sorted ISO dates
    t2s                         Traditional->Simplified pairs "寧宁與与…" for search
    nodes: label type x y pr dc deg com d0 d1    one entry per node
           key al code doc                        {node index: value}, when not empty
    edges: rel {s t p w n}      relations: ends, predicate, confidence, evidence count
           co {s t w n d q}     co-occurrences: ends, LLR, sentences, documents, PMI
           men {s t n}          mentions: document, entity, count
                                s holds steps: the source is the sum of s up to there;
                                an edge's index counts rel, then co, then men
    docs:  [id, title, date, sources, path, authors, editors]
    sents: [doc index, text]
    pats:  names of the rules that found relations
    ent:   docs, ev [[sent, marks]], more        one entry per node (0: none)
           docsMore, facts {par roles def parts}  keyed by node index
    edge:  ev [[sent, marks, confidence, pattern]], more
                                                  one entry per rel and co edge
           role                                   keyed by edge index
    index: label type pr dc                       one entry per entity not drawn,
           key al                                 strongest first ({i: value})
    iri, prefixes                                 the namespace of entity IRIs and the
                                                  prefixes of the queries the page sends,
                                                  when some entities are not drawn

The index is what lets a page that draws only the strongest entities still
find every entity of the corpus: about 30 bytes per entity (a four-character
label), so a 20 MB page holds the index of about half a million entities
beside 20,000 drawn ones.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any, NamedTuple, Protocol

import networkx as nx

from kgraph.model import Corpus, Entity, Evidence, Mention, SectionKind, Sentence
from kgraph.rdf.vocab import DATA, PREFIXES

__all__ = [
    "KINDS",
    "TYPE_ORDER",
    "clip_sentence",
    "traditional_pairs",
    "viewer_payload",
]

#: Node types in legend order; types the graph holds beyond these follow, sorted.
TYPE_ORDER = (
    "Person",
    "Place",
    "Organization",
    "CreativeWork",
    "Campaign",
    "Slogan",
    "Concept",
    "Document",
)

#: Edge kinds, in the order of their codes in the payload.
KINDS = ("relation", "cooccurrence", "mentions")

_BLOCKS = ("rel", "co", "men")  # payload names of the edge kinds, by code

#: Longest evidence sentence kept whole; longer ones are cut around the mention.
SENTENCE_WIDTH = 200

#: Most documents listed per entity; the rest are counted.
MAX_DOCUMENTS = 500

_SECTION_RANK = {SectionKind.TITLE: 0, SectionKind.BODY: 0, SectionKind.META: 1}

# Code points searched for Traditional forms: CJK Unified Ideographs, Extension A
# and the compatibility block.
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))

Marks = list[int]  # flat [start, end, start, end, ...] offsets into a sentence


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int, str, str]:
    """The part ``[lo, hi)`` of a sentence to show, and the ellipses around it."""
    lo = len(text) - len(text.lstrip())
    hi = max(lo, len(text.rstrip()))
    first, last = lo, hi
    if hi - lo > width:
        anchor = min((a for a, _ in spans), default=lo)
        lo = max(first, min(anchor - width // 3, hi - width))
        hi = lo + width
    return lo, hi, "…" if lo > first else "", "…" if hi < last else ""


def _marks(spans: list[tuple[int, int]], lo: int, hi: int, offset: int) -> Marks:
    """Spans cut to ``[lo, hi)``, sorted, merged, moved by ``offset`` and flattened."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        a, b = max(a, lo), min(b, hi)
        if a >= b:
            continue
        if merged and a + offset <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b + offset)
        else:
            merged.append([a + offset, b + offset])
    return [x for span in merged for x in span]


def clip_sentence(
    text: str, marks: Iterable[tuple[int, int]], width: int = SENTENCE_WIDTH
) -> tuple[str, Marks]:
    """Trim a sentence, cut it to ``width`` characters around its first mark.

    Parameters
    ----------
    text : str
        The sentence's original text.
    marks : iterable of (int, int)
        Half-open spans of ``text`` to highlight.
    width : int
        Longest text returned, not counting the ellipses added at a cut.

    Returns
    -------
    text : str
        The trimmed (and perhaps cut) text.
    marks : list of int
        The spans that remain, flattened, sorted and merged, relative to the
        returned text.

    Examples
    --------
    >>> clip_sentence("  李明到杭州市调研。\\n", [(2, 4), (5, 8)])
    ('李明到杭州市调研。', [0, 2, 3, 6])
    >>> clip_sentence("甲" * 10 + "杭州" + "乙" * 10, [(10, 12)], width=6)
    ('…甲甲杭州乙乙…', [3, 5])
    """
    spans = list(marks)
    lo, hi, prefix, suffix = _window(text, spans, width)
    return prefix + text[lo:hi] + suffix, _marks(spans, lo, hi, len(prefix) - lo)


@cache
def _traditional_table() -> tuple[tuple[str, str], ...]:
    """Every (Traditional, Simplified) character pair zhconv-rs converts."""
    from zhconv_rs import zhconv

    chars = [chr(c) for low, high in _CJK_RANGES for c in range(low, high)]
    simplified = zhconv("\n".join(chars), "zh-cn").split("\n")
    if len(simplified) != len(chars):  # a conversion spanned a newline: fall back to one by one
        simplified = [zhconv(c, "zh-cn") for c in chars]
    return tuple((t, s) for t, s in zip(chars, simplified, strict=True) if t != s and len(s) == 1)


def traditional_pairs(texts: Iterable[str]) -> str:
    """The Traditional->Simplified pairs needed to search ``texts`` in either script.

    Keeps a pair when either character occurs in ``texts``, so that a query
    typed in Traditional finds a Simplified label and an alias written in
    Traditional is indexed under its Simplified form.

    Parameters
    ----------
    texts : iterable of str
        Labels and aliases of the nodes.

    Returns
    -------
    str
        Concatenated pairs, Traditional character first: ``"寧宁"``.

    Examples
    --------
    >>> traditional_pairs(["宁德市"])
    '寧宁'

    Notes
    -----
    The full table (about 3,800 pairs) is computed once per process.
    """
    seen = set("".join(texts))
    return "".join(t + s for t, s in _traditional_table() if t in seen or s in seen)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A sentence that could back a node or edge: where it is and what to mark."""

    doc_id: str
    start: int  # original offset of ``text`` in its document
    text: str
    spans: list[tuple[int, int]]  # relative to ``text``
    extra: tuple[Any, ...] = ()  # confidence and pattern, for an edge's evidence


@dataclass
class _Sentences:
    """The page's table of (possibly cut) sentence texts, each stored once."""

    doc_index: Mapping[str, int]
    rows: list[list[Any]] = field(default_factory=list)
    index: dict[tuple[str, int, int], int] = field(default_factory=dict)
    chars: int = 0

    def entry(self, candidate: _Candidate, budget: int) -> list[Any] | None:
        """The candidate as ``[sentence, marks, *extra]``; ``None`` once over budget."""
        lo, hi, prefix, suffix = _window(candidate.text, candidate.spans, SENTENCE_WIDTH)
        key = (candidate.doc_id, candidate.start + lo, candidate.start + hi)
        if key not in self.index:
            text = prefix + candidate.text[lo:hi] + suffix
            if self.chars + len(text) > budget:
                return None
            self.index[key] = len(self.rows)
            self.rows.append([self.doc_index.get(candidate.doc_id, -1), text])
            self.chars += len(text)
        marks = _marks(candidate.spans, lo, hi, len(prefix) - lo)
        return [self.index[key], marks, *candidate.extra]


#: A sentence to read from its document: its document's id, its index, and the window
#: ``[start, end)`` to show when the document has no such sentence (no segmentation).
_Wanted = tuple[str, int, int, int]

#: Fewest candidates read in one pass over the documents, when the budget is nearly spent.
_BATCH = 1024


class _Ranked(Protocol):
    """The best sentences of a node or edge, sliced from their documents only when dealt."""

    total: int  # how many sentences it has, beyond the best ones too

    def __len__(self) -> int: ...

    def wanted(self, rank: int) -> _Wanted | None:
        """The sentence to read for the candidate at ``rank``; None when it holds its text."""

    def cost(self, rank: int) -> int:
        """The most characters of the page the candidate at ``rank`` can take."""

    def candidate(self, rank: int, texts: Mapping[_Wanted, tuple[int, str]]) -> _Candidate: ...


def _deals(items: list[_Ranked], cap: int) -> Iterator[tuple[int, int]]:
    """``(item, rank)`` in the order evidence is dealt: every item's best, then every second best..."""
    active = [i for i, candidates in enumerate(items) if len(candidates)]
    for rank in range(cap):
        still = []
        for i in active:
            yield i, rank
            if len(items[i]) > rank + 1:
                still.append(i)
        active = still


def _batch(
    deals: Iterator[tuple[int, int]], items: list[_Ranked], room: int
) -> list[tuple[int, int]]:
    """The next deals, as many as ``room`` characters may take (and at least :data:`_BATCH`)."""
    batch: list[tuple[int, int]] = []
    cost = 0
    for i, rank in deals:
        batch.append((i, rank))
        cost += items[i].cost(rank)
        if cost >= room and len(batch) >= _BATCH:
            break
    return batch


def _share_evidence(
    items: list[_Ranked],
    table: _Sentences,
    cap: int,
    budget: int,
    read: Callable[[Iterable[_Wanted]], dict[_Wanted, tuple[int, str]]],
) -> list[list[list[Any]]]:
    """Up to ``cap`` sentences per item, dealt round-robin within ``budget`` characters.

    A sentence is sliced and marked when it is dealt: the ones the budget
    leaves out cost their place in the ranking, not their text. The
    sentences of the next deals the budget can take are read together
    (``read``, in document order), so the documents are passed over in
    order once, or a few times when sentences shared by several items leave
    room for more, instead of once per sentence in no order.
    """
    chosen: list[list[list[Any]]] = [[] for _ in items]
    deals = _deals(items, cap)
    while batch := _batch(deals, items, budget - table.chars):
        texts = read(w for i, rank in batch if (w := items[i].wanted(rank)) is not None)
        for i, rank in batch:
            entry = table.entry(items[i].candidate(rank, texts), budget)
            if entry is None:
                return chosen
            chosen[i].append(entry)
    return chosen


def _number(value: Any, digits: int = 4) -> float | int:
    """A float rounded to ``digits`` significant digits (ints stay ints), finite.

    Examples
    --------
    >>> _number(0.000123456), _number(7), _number(float("nan")), _number("7")
    (0.0001235, 7, 0, 0)
    """
    kind = type(value)
    if kind is int:  # the common case first: counts
        return int(value)
    if kind is not float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return 0
        if isinstance(value, int):
            return int(value)
        value = float(value)
    return float(f"{value:.{digits}g}") if math.isfinite(value) else 0


def _scale_positions(
    nodes: list[Hashable], positions: Mapping[Hashable, tuple[float, float]]
) -> tuple[list[int], list[int]]:
    """Positions mapped to integers in [0, 10000], aspect ratio kept."""
    points = [positions.get(node, (0.0, 0.0)) for node in nodes]
    if not points:
        return [], []
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    x0, y0 = min(xs), min(ys)
    return (
        [round((x - x0) / span * 10000) for x in xs],
        [round((y - y0) / span * 10000) for y in ys],
    )


def _sparse(values: list[Any], empty: Any) -> dict[str, Any]:
    """A column as {index: value}, leaving out the empty values."""
    return {str(i): value for i, value in enumerate(values) if value != empty}


def _names(names: Iterable[str]) -> str:
    return "、".join(names)


def _node_type(attrs: Mapping[str, Any]) -> str:
    if attrs.get("kind") == "document":
        return "Document"
    return str(attrs.get("type") or attrs.get("kind") or "Other")


def _default_key(node_type: str, label: str, doc_id: str | None) -> str:
    """The key the browser derives when the payload leaves it out."""
    return f"doc:{doc_id}" if doc_id is not None else f"{node_type}/{label}"


class _Evidence:
    """Lookups into a corpus for the evidence of the nodes and edges a page draws.

    No index holds the corpus's records: a sentence is found by bisection in
    its document's run of an array of sentence indices (and ranked by a byte
    per sentence), a document by its position, so both are read from
    ``corpus`` (on disk in a build) only when dealt; an entity's mentions in a
    sentence by bisection in its mentions (sorted by document and offset, as
    resolution leaves them), and relations and co-occurrences are indexed for
    the drawn edges only.
    """

    def __init__(self, corpus: Corpus, edges: Iterable[_Edge]) -> None:
        self.documents = corpus.documents  # read one at a time: a build keeps them on disk
        self.order = {d.id: i for i, d in enumerate(corpus.documents)}
        self.dates = {d.id: d.date for d in corpus.documents}
        self.entities = {e.key: e for e in corpus.entities}
        self.sentences = corpus.sentences
        self.runs = _runs(corpus.sentences)
        # per sentence, its index, its section's rank and its length: bisection, ranking and
        # the budget read no sentence
        self.indices = array("I")
        self.ranks = array("B")
        self.lengths = array("I")
        self.by_place: dict[tuple[str, int], Sentence] = {}
        if self.runs is None:  # sentences not grouped by document in order: index them all
            self.by_place = {(s.doc_id, s.index): s for s in corpus.sentences}
        else:
            for s in corpus.sentences:
                self.indices.append(s.index)
                self.ranks.append(_SECTION_RANK.get(s.section, 2))
                self.lengths.append(s.end - s.start)
        self.ordered: dict[str, Sequence[Mention]] = {}  # mentions sorted here, when they were not
        typed = [e for e in edges if e.code < 2]
        drawn = {(str(e.u), e.predicate, str(e.v)) for e in typed if e.code == 0}
        self.relations: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
        for relation in corpus.relations:
            triple = (relation.subject, relation.predicate, relation.object)
            if triple in drawn:
                self.relations[triple].extend(relation.evidence)
        pairs = {frozenset((str(e.u), str(e.v))) for e in typed if e.code == 1}
        self.cooccurrences: dict[frozenset[str], tuple[Evidence, ...]] = {}
        for c in corpus.cooccurrences:
            if (pair := frozenset((c.a, c.b))) in pairs:
                self.cooccurrences[pair] = c.evidence
        patterns = {ev.pattern for r in corpus.relations for ev in r.evidence}
        patterns |= {ev.pattern for c in corpus.cooccurrences for ev in c.evidence}
        self.patterns = sorted(patterns)
        self.pattern_index = {p: i for i, p in enumerate(self.patterns)}

    def sentence(self, doc_id: str, index: int) -> Sentence | None:
        """The sentence ``index`` of document ``doc_id``, if the corpus holds it."""
        if self.runs is None:
            return self.by_place.get((doc_id, index))
        at = self.position(doc_id, index)
        return self.sentences[at] if at >= 0 else None

    def position(self, doc_id: str, index: int) -> int:
        """Where sentence ``index`` of ``doc_id`` is in the corpus's sentences, -1 if nowhere.

        Only when :attr:`runs` is known (the sentences grouped by document, in order).
        """
        lo, hi = self.runs.get(doc_id, (0, 0)) if self.runs is not None else (0, 0)
        at = bisect_left(self.indices, index, lo, hi)
        return at if at < hi and self.indices[at] == index else -1

    def mentions(self, entity: Entity) -> Sequence[Mention]:
        """The entity's mentions, sorted by document and sentence."""
        if entity.key not in self.ordered:
            mentions = entity.mentions
            if any(_place(a) > _place(b) for a, b in pairwise(mentions)):
                mentions = tuple(sorted(mentions, key=_place))
            self.ordered[entity.key] = mentions
        return self.ordered[entity.key]

    def mentions_in(self, key: str, doc_id: str, index: int) -> Sequence[Mention]:
        """The mentions of entity ``key`` in sentence ``index`` of ``doc_id``."""
        entity = self.entities.get(key)
        if entity is None:
            return ()
        mentions = self.mentions(entity)
        lo = bisect_left(mentions, (doc_id, index), key=_place)
        return mentions[lo : bisect_right(mentions, (doc_id, index), lo, key=_place)]

    def rank(self, doc_id: str, index: int) -> tuple[int, int, int]:
        """Sort key of a sentence: body text first, then document order."""
        if self.runs is None:
            sentence = self.by_place.get((doc_id, index))
            section = _SECTION_RANK.get(sentence.section, 2) if sentence else 2
        else:
            at = self.position(doc_id, index)
            section = self.ranks[at] if at >= 0 else 2
        return (section, self.order.get(doc_id, 0), index)

    def entity_candidates(self, entity: Entity, limit: int) -> _EntitySentences:
        """The entity's ``limit`` best sentences, ranked, and how many it has.

        Only their places are kept, and a sentence is sliced from its
        document only when dealt: an entity named in thousands of sentences
        costs their sort keys, not their texts.
        """
        mentions = self.mentions(entity)
        firsts = [  # the first mention of each sentence
            i for i, m in enumerate(mentions) if not i or _place(mentions[i - 1]) != _place(m)
        ]
        ranked = sorted(  # a rank is unique to its sentence: the order is the candidates' own
            (self.rank(mentions[i].doc_id, mentions[i].sentence), i)
            for i in firsts
            if mentions[i].doc_id in self.order
        )
        return _EntitySentences(
            self, mentions, array("I", (i for _, i in ranked[:limit])), len(ranked)
        )

    def wanted(self, mentions: Sequence[Mention], first: int) -> tuple[_Wanted, int]:
        """The sentence of ``mentions[first]`` to read, and the end of its run of mentions."""
        doc_id, index = place = _place(mentions[first])
        last = first + 1
        while last < len(mentions) and _place(mentions[last]) == place:
            last += 1
        group = mentions[first:last]
        # no segmentation: the mentions in a window of the text (a slice stops at its end)
        start, end = max(0, min(m.start for m in group) - 60), max(m.end for m in group) + 60
        return (doc_id, index, start, end), last

    def width(self, wanted: _Wanted) -> int:
        """How long the wanted sentence is, at most."""
        doc_id, index, start, end = wanted
        if self.runs is None:
            sentence = self.by_place.get((doc_id, index))
            return sentence.end - sentence.start if sentence is not None else end - start
        at = self.position(doc_id, index)
        return self.lengths[at] if at >= 0 else end - start

    def read(self, wanted: Iterable[_Wanted]) -> dict[_Wanted, tuple[int, str]]:
        """Each wanted sentence's start and text, read in document order."""
        texts: dict[_Wanted, tuple[int, str]] = {}
        for want in sorted(set(wanted), key=lambda w: (self.order[w[0]], w[1], w[2])):
            doc_id, index, start, end = want
            sentence = self.sentence(doc_id, index)
            if sentence is not None:
                start, end = sentence.start, sentence.end
            texts[want] = (start, self.documents[self.order[doc_id]].text[start:end])
        return texts

    def entity_candidate(
        self,
        mentions: Sequence[Mention],
        first: int,
        texts: Mapping[_Wanted, tuple[int, str]],
    ) -> _Candidate:
        """The sentence of ``mentions[first]`` (read into ``texts``), with the mentions in it marked."""
        wanted, last = self.wanted(mentions, first)
        start, text = texts[wanted]
        spans = [(m.start - start, m.end - start) for m in mentions[first:last]]
        return _Candidate(wanted[0], start, text, spans)

    def edge_candidates(
        self, evidence: Iterable[Evidence], ends: tuple[str, ...], limit: int
    ) -> _EdgeSentences:
        """An edge's ``limit`` best evidence sentences, ranked, and how many it has."""
        best: dict[tuple[str, int, int], tuple[tuple[float, ...], Evidence]] = {}
        for ev in evidence:  # one per sentence: the first of the best rank
            rank: tuple[float, ...] = (-ev.confidence, *self.rank(ev.doc_id, ev.sentence))
            key = (ev.doc_id, ev.start, ev.end)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, ev)
        ranked = sorted(best.values(), key=lambda item: item[0])
        return _EdgeSentences(self, [ev for _, ev in ranked[:limit]], ends, len(ranked))

    def edge_candidate(self, ev: Evidence, ends: tuple[str, ...]) -> _Candidate:
        """An evidence sentence, with the mentions of the edge's ends in it marked."""
        spans = [
            (m.start - ev.start, m.end - ev.start)
            for key in ends
            for m in self.mentions_in(key, ev.doc_id, ev.sentence)
            if ev.start <= m.start < m.end <= ev.end
            and ev.text[m.start - ev.start : m.end - ev.start] == m.surface
        ]
        extra = (_number(ev.confidence, 3), self.pattern_index[ev.pattern])
        return _Candidate(ev.doc_id, ev.start, ev.text, spans, extra)

    def documents_of(self, entity: Entity) -> list[str]:
        """Ids of the documents mentioning ``entity``, oldest first, undated last."""
        ids = {m.doc_id for m in entity.mentions if m.doc_id in self.order}
        return sorted(ids, key=lambda d: (self.dates[d] or "9999", self.order[d]))


class _EntitySentences:
    """An entity's best sentences, by the position of each one's first mention."""

    __slots__ = ("firsts", "lookup", "mentions", "total")

    def __init__(
        self, lookup: _Evidence, mentions: Sequence[Mention], firsts: array[int], total: int
    ) -> None:
        self.lookup, self.mentions, self.firsts, self.total = lookup, mentions, firsts, total

    def __len__(self) -> int:
        return len(self.firsts)

    def wanted(self, rank: int) -> _Wanted:
        return self.lookup.wanted(self.mentions, self.firsts[rank])[0]

    def cost(self, rank: int) -> int:
        return min(self.lookup.width(self.wanted(rank)), SENTENCE_WIDTH) + 2  # and two ellipses

    def candidate(self, rank: int, texts: Mapping[_Wanted, tuple[int, str]]) -> _Candidate:
        return self.lookup.entity_candidate(self.mentions, self.firsts[rank], texts)


class _EdgeSentences:
    """An edge's best evidence, best first."""

    __slots__ = ("ends", "evidence", "lookup", "total")

    def __init__(
        self, lookup: _Evidence, evidence: list[Evidence], ends: tuple[str, ...], total: int
    ) -> None:
        self.lookup, self.evidence, self.ends, self.total = lookup, evidence, ends, total

    def __len__(self) -> int:
        return len(self.evidence)

    def wanted(self, rank: int) -> None:
        return None  # its evidence holds its sentence's text

    def cost(self, rank: int) -> int:
        return min(len(self.evidence[rank].text), SENTENCE_WIDTH) + 2

    def candidate(self, rank: int, texts: Mapping[_Wanted, tuple[int, str]]) -> _Candidate:
        return self.lookup.edge_candidate(self.evidence[rank], self.ends)


def _place(mention: Mention) -> tuple[str, int]:
    return mention.doc_id, mention.sentence


def _runs(sentences: Sequence[Sentence]) -> dict[str, tuple[int, int]] | None:
    """Each document's ``(first, end)`` positions in ``sentences``; None unless each is one run in order."""
    runs: dict[str, tuple[int, int]] = {}
    first, doc_id, index = 0, None, -1
    for at, s in enumerate(sentences):
        if s.doc_id != doc_id:
            if doc_id is not None:
                runs[doc_id] = (first, at)
            if s.doc_id in runs:
                return None
            first, doc_id = at, s.doc_id
        elif s.index <= index:
            return None
        index = s.index
    if doc_id is not None:
        runs[doc_id] = (first, len(sentences))
    return runs


def viewer_payload(
    graph: nx.MultiDiGraph,
    corpus: Corpus | None,
    positions: Mapping[Hashable, tuple[float, float]],
    *,
    title: str = "kgraph",
    focus: Hashable | None = None,
    hops: int = 1,
    max_evidence: int = 20,
    evidence_chars: int = 500_000,
    undrawn: Iterable[tuple[Hashable, Mapping[str, Any]]] = (),
) -> dict[str, Any]:
    """Everything the viewer page embeds, as a JSON-ready dict.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Entity and document nodes, relation, co-occurrence and mention edges.
    corpus : Corpus or None
        The corpus the graph was built from, for documents and evidence;
        ``None`` draws the graph without them.
    positions : mapping
        Node -> (x, y); any scale.
    title : str
        The page's title.
    focus : node, optional
        A node the page opens focused on.
    hops : int
        Radius of that focus, 1 to 3.
    max_evidence : int
        Most evidence sentences per node or edge.
    evidence_chars : int
        Most characters of evidence text in the whole page.
    undrawn : iterable of (node, attributes)
        Entities of the corpus that are not drawn, for the search index.

    Returns
    -------
    dict
        The payload described in this module's docstring; the same input
        gives an equal dict, in the same order.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Place/杭州市", kind="entity", type="Place", label="杭州市")
    >>> g.add_node("Place/浙江省", kind="entity", type="Place", label="浙江省")
    >>> _ = g.add_edge("Place/杭州市", "Place/浙江省", key="containedInPlace",
    ...                kind="relation", predicate="containedInPlace", confidence=1.0)
    >>> p = viewer_payload(g, None, {"Place/杭州市": (0, 0), "Place/浙江省": (1, 2)})
    >>> p["nodes"]["label"], p["nodes"]["x"], p["nodes"]["y"], p["preds"]
    (['杭州市', '浙江省'], [0, 5000], [0, 10000], ['containedInPlace'])
    >>> p["edges"]["rel"]
    {'s': [0], 't': [1], 'p': [0], 'w': [1.0], 'n': [0]}

    Notes
    -----
    Linear in the size of the graph plus the mentions and evidence of the
    corpus.
    """
    nodes = sorted(graph.nodes, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    doc_rows, doc_index, node_doc = _documents(graph, nodes, corpus)
    others = sorted(
        ((node, attrs) for node, attrs in undrawn if node not in index),
        key=lambda item: (-float(item[1].get("pagerank", 0.0)), str(item[0])),
    )
    seen = {_node_type(a) for _, a in others}
    columns, types, dates = _node_columns(graph, nodes, positions, doc_rows, node_doc, seen)
    search = _index_columns(others, {t: i for i, t in enumerate(types)})
    edges = sorted(
        (_Edge.of(index, u, v, k, attrs) for u, v, k, attrs in graph.edges(keys=True, data=True)),
        key=lambda e: e[:5],
    )
    preds = sorted({e.predicate for e in edges if e.code == 0})
    payload: dict[str, Any] = {
        "v": 1,
        "title": title,
        "focus": index.get(focus, -1) if focus is not None else -1,
        "hops": max(1, min(3, hops)),
        "types": types,
        "preds": preds,
        "dates": dates,
        "t2s": traditional_pairs(
            columns["label"]
            + list(columns["al"].values())
            + search["label"]
            + list(search["al"].values())
        ),
        "nodes": columns,
        "edges": _edge_blocks(edges, {p: i for i, p in enumerate(preds)}),
        "docs": doc_rows,
    }
    payload.update(
        _evidence(nodes, edges, columns, corpus, doc_index, max_evidence, evidence_chars)
    )
    payload["index"] = search
    if others:
        payload["iri"] = DATA
        payload["prefixes"] = {name: PREFIXES[name] for name in ("rdf", "rdfs", "kg", "schema")}
    return payload


def _index_columns(
    others: list[tuple[Hashable, Mapping[str, Any]]], type_index: Mapping[str, int]
) -> dict[str, Any]:
    """The search index of the entities not drawn, column-wise, in the given order."""
    labels = [str(a.get("label") or node) for node, a in others]
    keys = [
        "" if str(node) == _default_key(_node_type(a), label, None) else str(node)
        for (node, a), label in zip(others, labels, strict=True)
    ]
    return {
        "label": labels,
        "type": [type_index[_node_type(a)] for _, a in others],
        "pr": [_number(a.get("pagerank", 0.0), 3) for _, a in others],
        "dc": [_number(a.get("doc_count", 0)) for _, a in others],
        "key": _sparse(keys, ""),
        "al": _sparse([str(a.get("aliases") or "") for _, a in others], ""),
    }


class _Edge(NamedTuple):
    """An edge of the graph; its first five fields give the payload's order."""

    code: int  # index in KINDS
    s: int  # node indices
    t: int
    predicate: str  # for relations, else ''
    key: str
    u: Hashable  # the nodes themselves
    v: Hashable
    attrs: Mapping[str, Any]

    @classmethod
    def of(
        cls, index: Mapping[Hashable, int], u: Hashable, v: Hashable, key: Any, attrs: Any
    ) -> _Edge:
        kind = attrs.get("kind", "relation")
        code = KINDS.index(kind) if kind in KINDS else 0
        predicate = str(attrs.get("predicate") or key) if code == 0 else ""
        return cls(code, index[u], index[v], predicate, str(key), u, v, attrs)


def _documents(
    graph: nx.MultiDiGraph, nodes: list[Hashable], corpus: Corpus | None
) -> tuple[list[list[Any]], dict[str, int], list[int]]:
    """The documents table, its index by id, and each node's row in it (-1: not a document)."""
    documents = corpus.documents if corpus is not None else ()
    rows: list[list[Any]] = []
    index: dict[str, int] = {}
    for d in documents:  # one pass: a build keeps them on disk
        index[d.id] = len(rows)
        rows.append(
            [d.id, d.title, d.date, _names(d.sources), d.path, _names(d.authors), _names(d.editors)]
        )
    node_doc: list[int] = []
    for node in nodes:
        attrs = graph.nodes[node]
        if attrs.get("kind") != "document":
            node_doc.append(-1)
            continue
        doc_id = str(node).removeprefix("doc:")
        if doc_id not in index:  # a document the corpus does not hold: its node is all we know
            index[doc_id] = len(rows)
            heading, date, path = (str(attrs.get(f) or "") for f in ("label", "date", "path"))
            rows.append([doc_id, heading or doc_id, date, "", path, "", ""])
        node_doc.append(index[doc_id])
    return rows, index, node_doc


def _node_columns(
    graph: nx.MultiDiGraph,
    nodes: list[Hashable],
    positions: Mapping[Hashable, tuple[float, float]],
    doc_rows: list[list[Any]],
    node_doc: list[int],
    more_types: set[str],
) -> tuple[dict[str, Any], list[str], list[str]]:
    """The node columns, the types in legend order and the sorted dates they refer to.

    The legend also lists ``more_types``, the types of entities that are not drawn.
    """
    attrs = [graph.nodes[node] for node in nodes]
    seen = {_node_type(a) for a in attrs} | more_types
    types = [t for t in TYPE_ORDER if t in seen] + sorted(seen - set(TYPE_ORDER))
    type_index = {t: i for i, t in enumerate(types)}
    first = [str(a.get("date") or a.get("first_seen") or "") for a in attrs]
    last = [str(a.get("date") or a.get("last_seen") or "") for a in attrs]
    dates = sorted({d for d in first + last if d})
    date_index = {d: i for i, d in enumerate(dates)}
    labels = [str(a.get("label") or node) for node, a in zip(nodes, attrs, strict=True)]
    keys = []
    for node, a, label, doc in zip(nodes, attrs, labels, node_doc, strict=True):
        default = _default_key(_node_type(a), label, str(doc_rows[doc][0]) if doc >= 0 else None)
        keys.append("" if str(node) == default else str(node))
    xs, ys = _scale_positions(nodes, positions)
    degrees = [graph.degree(n) for n in nodes]
    columns = {
        "key": _sparse(keys, ""),
        "label": labels,
        "type": [type_index[_node_type(a)] for a in attrs],
        "x": xs,
        "y": ys,
        "pr": [_number(a.get("pagerank", 0.0), 3) for a in attrs],
        "dc": [_number(a.get("doc_count", 0)) for a in attrs],
        "deg": [_number(a.get("degree", d)) for a, d in zip(attrs, degrees, strict=True)],
        "com": [_number(a.get("community", -1)) for a in attrs],
        "d0": [date_index.get(d, -1) for d in first],
        "d1": [date_index.get(d, -1) for d in last],
        "al": _sparse([str(a.get("aliases") or "") for a in attrs], ""),
        "code": _sparse([str(a.get("code") or "") for a in attrs], ""),
        "doc": _sparse(node_doc, -1),
    }
    return columns, types, dates


def _edge_blocks(edges: list[_Edge], pred_index: Mapping[str, int]) -> dict[str, Any]:
    """One block of columns per kind of edge, holding only the columns that kind has."""
    blocks: dict[str, dict[str, list[Any]]] = {
        "rel": {name: [] for name in ("s", "t", "p", "w", "n")},
        "co": {name: [] for name in ("s", "t", "w", "n", "d", "q")},
        "men": {name: [] for name in ("s", "t", "n")},
    }
    for e in edges:
        a = e.attrs
        if e.code == 0:
            values = [e.s, e.t, pred_index[e.predicate], _number(a.get("confidence", 0.0), 3)]
            values.append(_number(a.get("evidence_count", 0)))
        elif e.code == 1:
            values = [e.s, e.t, _number(a.get("weight", 0.0), 4), _number(a.get("sentences", 0))]
            values += [_number(a.get("documents", 0)), _number(a.get("pmi", 0.0), 3)]
        else:
            values = [e.s, e.t, _number(a.get("count", 1))]
        for column, value in zip(blocks[_BLOCKS[e.code]].values(), values, strict=True):
            column.append(value)
    for block in blocks.values():  # sources are sorted: store the steps between them
        block["s"] = [b - a for a, b in zip([0, *block["s"]], block["s"], strict=False)]
    return blocks


def _evidence(
    nodes: list[Hashable],
    edges: list[_Edge],
    columns: Mapping[str, Any],
    corpus: Corpus | None,
    doc_index: Mapping[str, int],
    max_evidence: int,
    evidence_chars: int,
) -> dict[str, Any]:
    """The sentence table and, per node and per typed edge, the evidence drawn from it."""
    typed = [e for e in edges if e.code < 2]  # a mention shows its entity's evidence
    index = {node: i for i, node in enumerate(nodes)}
    node_docs: list[Any] = [0] * len(nodes)  # 0: nothing
    node_ev: list[Any] = [0] * len(nodes)
    node_more = [0] * len(nodes)
    edge_ev: list[Any] = [0] * len(typed)
    edge_more = [0] * len(typed)
    docs_more: dict[str, int] = {}
    facts: dict[str, dict[str, Any]] = {}
    patterns: list[str] = []
    table = _Sentences(doc_index)
    if corpus is not None:
        lookup = _Evidence(corpus, edges)
        patterns = lookup.patterns
        entities = lookup.entities
        pagerank, doc_count = columns["pr"], columns["dc"]
        known = sorted(
            (i for i, node in enumerate(nodes) if str(node) in entities),
            key=lambda i: (-float(pagerank[i]), -int(doc_count[i]), i),
        )
        for i in sorted(known):
            entity = entities[str(nodes[i])]
            ids = lookup.documents_of(entity)
            node_docs[i] = [doc_index[d] for d in ids[:MAX_DOCUMENTS]]
            if len(ids) > MAX_DOCUMENTS:
                docs_more[str(i)] = len(ids) - MAX_DOCUMENTS
            if found := _entity_facts(entity, index):
                facts[str(i)] = found
        # Evidence goes round-robin to entities by rank, then to edges.
        items: list[_Ranked] = [
            lookup.entity_candidates(entities[str(nodes[i])], max_evidence) for i in known
        ]
        for e in typed:
            ends = (str(e.u), str(e.v))
            evidence = (
                lookup.relations.get((ends[0], e.predicate, ends[1]), ())
                if e.code == 0
                else lookup.cooccurrences.get(frozenset(ends), ())
            )
            items.append(lookup.edge_candidates(evidence, tuple(dict.fromkeys(ends)), max_evidence))
        chosen = _share_evidence(items, table, max_evidence, evidence_chars, lookup.read)
        owners = [(node_ev, node_more, i) for i in known]
        owners += [(edge_ev, edge_more, j) for j in range(len(typed))]
        for (evs, more, i), item, picked in zip(owners, items, chosen, strict=True):
            evs[i] = picked or 0
            more[i] = item.total - len(picked)
        del items, lookup
    roles = {str(j): str(e.attrs["role"]) for j, e in enumerate(typed) if e.attrs.get("role")}
    return {
        "sents": table.rows,
        "pats": patterns,
        "ent": {
            "docs": node_docs,
            "ev": node_ev,
            "more": node_more,
            "docsMore": docs_more,
            "facts": facts,
        },
        "edge": {"ev": edge_ev, "more": edge_more, "role": roles},
    }


def _entity_facts(entity: Entity, index: Mapping[Hashable, int]) -> dict[str, Any]:
    """An entity's place hierarchy and stated facts, for its panel."""
    facts: dict[str, Any] = {}
    if entity.parents:
        facts["par"] = [index.get(p, p) for p in entity.parents]
    if entity.roles:
        facts["roles"] = list(entity.roles)
    if entity.definition:
        facts["def"] = entity.definition
    if entity.parts:
        facts["parts"] = [index.get(p, p) for p in entity.parts]
    return facts
