"""Typed relations with evidence, and co-occurrence statistics.

Typed relations come from shallow patterns over each sentence's normalized
text and its settled mentions: a predicate verb between two mentions, 在 +
place + 工作, a quoted statement after a verb of speaking, a byline's
affiliation (作者系…县委书记), adjacent places that the gazetteer nests.
Each pattern has a name (``Evidence.pattern``) and a confidence. A relation
seen in several sentences is one :class:`~kgraph.model.Relation` with
several pieces of evidence.

Teaser sections (lists of other articles) never yield relations: they are
not the article's own statements.

Co-occurrence links entities named in the same body sentence, scored by
pointwise mutual information and Dunning's log-likelihood ratio over
sentences.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kgraph.extract.gazetteer import Gazetteer
from kgraph.extract.lexicon import NUMERALS, PROPOSE_VERBS, STATE_VERBS, VISIT_VERBS, alternation
from kgraph.model import (
    CoOccurrence,
    Document,
    Entity,
    EntityType,
    Evidence,
    Mention,
    Relation,
    SectionKind,
    Sentence,
)
from kgraph.resolve import Resolution, entity_key

__all__ = ["PREDICATES", "Texts", "cooccurrences", "relation_id", "relations"]

#: Predicates of typed relations (terms of the kg: vocabulary, or schema: where noted).
PREDICATES = (
    "proposed",
    "workedIn",
    "visited",
    "stated",
    "containedInPlace",  # schema:containedInPlace
    "locatedIn",
    "authorOf",
    "hasPart",
    "originatedIn",
    "namedAfter",
)

_AGENTS = (EntityType.PERSON, EntityType.ORGANIZATION)
_NAMED = (EntityType.CAMPAIGN, EntityType.SLOGAN)
_PROPOSE = re.compile(alternation(PROPOSE_VERBS))
_VISIT = re.compile(
    alternation(tuple(v for v in VISIT_VERBS if len(v) > 1))
    + "|(?:到|赴|前往)(?=.{2,12}?(?:调研|考察|视察|调查研究|看望|慰问))"
)
# a one-character verb (讲, 说) speaks only before a break, so 讲 inside 讲述 is no statement
_STATE = re.compile(
    alternation(tuple(v for v in STATE_VERBS if len(v) > 1)) + r"\s*[:：,，]?\s*"
    + "|" + alternation(tuple(v for v in STATE_VERBS if len(v) == 1))
    + r"(?:道|过|了)?\s*(?:[:：,，]\s*|(?=“))"
)  # fmt: skip
#: Prepositions whose object a name right after them is (为某某颁奖, 向某某汇报): it is not the subject.
_OBJECT_OF = frozenset("为给向对替把让")
#: Words around a name that make its bearer the reporter, not an actor of the sentence.
_REPORTER_BEFORE = re.compile(r"(?:记者|通讯员|评论员|编辑|摄影)\s*$")
_REPORTER_AFTER = re.compile(r"^\s*(?:摄|报道|撰文|整理)")
_WORK_AT = re.compile(r"^(?:工作期间|工作时|任职期间|任职时|主政期间|工作|任职|主政)")
_SERVE = re.compile(r"(?:担任|出任|任|系)$")
_CLAUSE_END = re.compile(r"[。；;！？!?]")
_STOP = re.compile(r"[。；;！？!?,，:：]")
_VISIT_AT = re.compile(
    r"(?:同志|总书记)?\s*(?:在|到|赴)([\u4e00-\u9fff]{2,16}?)(?:考察|调研|视察|走访|看望|慰问)"
)
_ORIGIN = re.compile(r"[”’]?\s*(?:最早)?(?:发源于|起源于|源于|源自|诞生于|首创于|兴起于)")
_AUTHOR_AFFILIATION = re.compile(r"作者系\s*([^)）]{2,40})")
_AUTHORED = re.compile(r"(?:在|于)\s*$")
_WRITE_VERBS = re.compile(r"^\s*(?:一书)?中(?:指出|写道|提出|强调|说)|^\s*(?:一书|一文)")
_WROTE_BEFORE = re.compile(r"(?:著|撰写|所著|著有|出版|写下|写作)\s*$")
_FORMULA_VISIT = re.compile(rf"^[{NUMERALS}]+(?:进|下|到|访)(.+)$")


@dataclass(frozen=True, slots=True)
class _Found:
    subject: str
    predicate: str
    object: str
    pattern: str
    confidence: float
    literal: bool = False
    role: str = ""


@dataclass(frozen=True, slots=True)
class _Placed:
    """A mention with its span in the sentence's normalized text."""

    mention: Mention
    key: str
    i: int
    j: int


#: Original sentence texts by ``(document id, sentence index)``, each sliced once and shared.
Texts = dict[tuple[str, int], str]


def _evidence(
    document: Document, sentence: Sentence, pattern: str, confidence: float, texts: Texts
) -> Evidence:
    """Evidence that ``sentence`` of ``document`` supports something, found by ``pattern``.

    Every piece of evidence in one sentence holds the one string of its text in ``texts``.
    """
    where = (document.id, sentence.index)
    text = texts.get(where)
    if text is None:
        text = texts[where] = document.text[sentence.start : sentence.end]
    return Evidence(
        doc_id=document.id,
        sentence=sentence.index,
        start=sentence.start,
        end=sentence.end,
        text=text,
        pattern=pattern,
        confidence=confidence,
        date=document.date,
    )


def relation_id(subject: str, predicate: str, obj: str) -> str:
    """A short stable id for a relation (used in IRIs).

    >>> relation_id("Person/李明", "visited", "Place/杭州市")
    '6435854c878155ec'
    """
    return hashlib.sha1(f"{subject}|{predicate}|{obj}".encode()).hexdigest()[:16]


def _placed(sentence: Sentence, mentions: list[Mention]) -> list[_Placed]:
    out = []
    for m in mentions:
        i = bisect.bisect_left(sentence.offsets, m.start)
        j = bisect.bisect_left(sentence.offsets, m.end)
        out.append(_Placed(m, entity_key(m.type, m.norm), i, j))
    return out


class _Corpus:
    """Documents by id and sentences by place, looked up in their sequences without copying them.

    The sequences may be on disk (:class:`kgraph.ondisk.DiskSequence`): only
    positions are indexed, a document's by its id and a sentence's by
    bisection in its document's run, when the sentences are grouped by
    document in order (else by place, in a dict).
    """

    def __init__(self, documents: Sequence[Document], sentences: Sequence[Sentence]) -> None:
        self.documents, self.sentences = documents, sentences
        self.position = {d.id: i for i, d in enumerate(documents)}
        self.runs: dict[str, tuple[int, int]] = {}
        self.indices = array("I")  # each sentence's index, for bisection in its run
        self.by_place: dict[tuple[str, int], int] | None = None
        previous: tuple[str | None, int] = (None, -1)
        for at, s in enumerate(sentences):
            self.indices.append(s.index)
            if s.doc_id != previous[0]:
                if s.doc_id in self.runs:  # not grouped by document: index every sentence
                    self.by_place = {(t.doc_id, t.index): i for i, t in enumerate(sentences)}
                    break
                self.runs[s.doc_id] = (at, at + 1)
            elif s.index <= previous[1]:
                self.by_place = {(t.doc_id, t.index): i for i, t in enumerate(sentences)}
                break
            else:
                self.runs[s.doc_id] = (self.runs[s.doc_id][0], at + 1)
            previous = (s.doc_id, s.index)

    def document(self, doc_id: str) -> Document:
        return self.documents[self.position[doc_id]]

    def at(self, doc_id: str, index: int) -> int:
        """The position of sentence ``index`` of ``doc_id`` in the sentences."""
        if self.by_place is not None:
            return self.by_place[(doc_id, index)]
        lo, hi = self.runs[doc_id]
        at = bisect.bisect_left(self.indices, index, lo, hi)
        if at == hi or self.indices[at] != index:
            raise KeyError((doc_id, index))
        return at

    def sentence(self, doc_id: str, index: int) -> Sentence:
        return self.sentences[self.at(doc_id, index)]


def _by_sentence(
    corpus: _Corpus, resolution: Resolution
) -> Iterator[tuple[Document, Sentence, list[_Placed]]]:
    # the records of one document's mentions at a time: the sentences come grouped by document
    doc_id: str | None = None
    by_sentence: dict[int, list[Mention]] = {}
    for sentence in corpus.sentences:
        if sentence.doc_id != doc_id:
            doc_id, by_sentence = sentence.doc_id, defaultdict(list)
            for m in resolution.mentions.get(doc_id, ()):
                by_sentence[m.sentence].append(m)
        here = by_sentence.get(sentence.index, [])
        yield corpus.document(sentence.doc_id), sentence, _placed(sentence, here)


def relations(
    documents: Sequence[Document],
    sentences: Sequence[Sentence],
    resolution: Resolution,
    gazetteer: Gazetteer,
    *,
    texts: Texts | None = None,
) -> tuple[Relation, ...]:
    """Find typed relations in every body, title and metadata sentence.

    ``texts`` holds the sentence texts evidence quotes, shared with other
    callers (:func:`kgraph.pipeline.analyse` gives :func:`cooccurrences` the same).

    Notes
    -----
    Linear in the number of sentences; quadratic in mentions per sentence.
    """
    texts = {} if texts is None else texts
    corpus = _Corpus(documents, sentences)
    entities = {e.key: e for e in resolution.entities}
    evidence: dict[tuple[str, str, str, bool], list[tuple[Evidence, str]]] = defaultdict(list)
    for document, sentence, placed in _by_sentence(corpus, resolution):
        if sentence.section == SectionKind.TEASER:
            continue
        found: list[_Found] = []
        if sentence.section == SectionKind.META:
            found.extend(_affiliations(document, sentence, placed, gazetteer))
        else:
            found.extend(_sentence_relations(sentence.norm, placed, gazetteer))
        found.extend(_nested_places(sentence.norm, placed, entities))
        for f in found:
            if not f.literal and f.object not in entities:
                continue
            ev = _evidence(document, sentence, f.pattern, f.confidence, texts)
            evidence[(f.subject, f.predicate, f.object, f.literal)].append((ev, f.role))
    found_orgs = _organizations_in_places(resolution, entities, gazetteer, corpus, texts)
    for key, items in found_orgs.items():
        evidence[key].extend(items)
    for e in resolution.entities:
        if e.parts and e.label in resolution.definitions:
            doc_id, index = resolution.definitions[e.label]
            pattern = "definition"
        elif e.parts and e.mentions:  # an enumerated formula names its parts itself
            doc_id, index = e.mentions[0].doc_id, e.mentions[0].sentence
            pattern = "enumeration"
        else:
            continue
        doc, s = corpus.document(doc_id), corpus.sentence(doc_id, index)
        for part in e.parts:
            ev = _evidence(doc, s, pattern, 0.8, texts)
            evidence[(e.key, "hasPart", part, True)].append((ev, ""))
    out = []
    for (subject, predicate, obj, literal), items in sorted(evidence.items()):
        unique: dict[tuple[str, int], tuple[Evidence, str]] = {}
        for ev, role in sorted(items, key=lambda item: (-item[0].confidence, item[0].pattern)):
            unique.setdefault(
                (ev.doc_id, ev.sentence), (ev, role)
            )  # one piece of evidence per sentence
        evs = sorted(
            (ev for ev, _ in unique.values()), key=lambda e: (e.doc_id, e.sentence, e.pattern)
        )
        roles = Counter(role for _, role in unique.values() if role)
        out.append(
            Relation(
                subject=entities[subject].key if subject in entities else subject,
                predicate=predicate,
                object=entities[obj].key if not literal and obj in entities else obj,
                evidence=tuple(evs),
                literal=literal,
                role=min(roles, key=lambda r: (-roles[r], r)) if roles else "",
                confidence=max(ev.confidence for ev in evs),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class _Context:
    """One sentence's normalized text and placed mentions, grouped as the families need them."""

    text: str
    placed: list[_Placed]
    gazetteer: Gazetteer

    def of(self, *types: EntityType) -> list[_Placed]:
        return [p for p in self.placed if p.mention.type in types]


def _sentence_relations(text: str, placed: list[_Placed], gazetteer: Gazetteer) -> Iterator[_Found]:
    """Every relation family of :data:`_FAMILIES` over one sentence."""
    context = _Context(text, placed, gazetteer)
    for family in _FAMILIES:
        yield from family(context)


def _proposed(s: _Context) -> Iterator[_Found]:
    """Who proposed a campaign or slogan, and where it originated: 习近平同志在宁德工作时大力倡导“四下基层”."""
    text = s.text
    gazetteer = s.gazetteer
    agents = s.of(*_AGENTS)
    people = s.of(EntityType.PERSON)
    sites = s.of(EntityType.PLACE, EntityType.ORGANIZATION)
    named = s.of(*_NAMED, EntityType.CONCEPT)  # 首次提出以人民为中心的发展思想
    for verb in _PROPOSE.finditer(text):
        agent = _nearest_before(people, verb.start(), 40, text) or _nearest_before(
            agents, verb.start(), 20, text
        )
        if not agent:
            continue
        targets = [
            n
            for n in named
            if verb.end() <= n.i <= verb.end() + 12
            and not _CLAUSE_END.search(text[verb.end() : n.i])
        ]
        targets += [
            n
            for n in named
            if n.j <= agent.i and re.match(r"^[”’\s]*[,，]?\s*(?:是|由)", text[n.j : agent.i])
        ]
        for n in targets:
            yield _Found(agent.key, "proposed", n.key, "proposed.verb", 0.85)
            where = [
                site
                for site in sites
                if agent.j <= site.i < verb.start()
                and re.search(r"在[\u4e00-\u9fff]{0,6}$", text[agent.j : site.i])
            ]
            if (
                where and n.mention.type in _NAMED
            ):  # the most specific place named: 在福建宁德地委工作期间 -> 宁德
                place = _place_of(where[-1], gazetteer)
                if place:
                    yield _Found(n.key, "originatedIn", place, "originated.worked-there", 0.8)


def _worked_in(s: _Context) -> Iterator[_Found]:
    """Who worked where: 在宁德工作期间 / 在宁德地委工作期间 / 担任… / a title before the name."""
    text = s.text
    people = s.of(EntityType.PERSON)
    sites = s.of(EntityType.PLACE, EntityType.ORGANIZATION)
    for person in people:
        for site in sites:
            if site.i < person.j:
                continue
            gap = text[person.j : site.i]
            if _CLAUSE_END.search(gap) or len(gap) > 12:
                continue
            if gap.endswith("在") and _WORK_AT.match(text[site.j :]):
                yield _Found(person.key, "workedIn", site.key, "worked.at", 0.85)
            elif _SERVE.search(gap):
                role = re.match(
                    r"[\u4e00-\u9fff]{0,6}?(?:书记|长|主任|委员|主席|常委)", text[site.j :]
                )
                yield _Found(
                    person.key,
                    "workedIn",
                    site.key,
                    "worked.served-as",
                    0.8,
                    role=role.group() if role else "",
                )
        if person.mention.role:
            before = [
                s
                for s in sites
                if s.j <= person.i and person.i - s.j <= len(person.mention.role) + 1
            ]
            if before:
                yield _Found(
                    person.key,
                    "workedIn",
                    before[-1].key,
                    "worked.title",
                    0.8,
                    role=person.mention.role,
                )


def _visited(s: _Context) -> Iterator[_Found]:
    """Who visited which place: 深入资中县 / 到宁德调研 / 在浙江安吉考察时."""
    text = s.text
    people = s.of(EntityType.PERSON)
    places = s.of(EntityType.PLACE)
    for verb in _VISIT.finditer(text):
        person = _subject_before(people, verb.start(), text, 30)
        if not person:
            continue
        chain: list[_Placed] = []
        for place in sorted(places, key=lambda p: p.i):
            if chain and place.i == chain[-1].j:
                chain.append(place)  # 温州市永嘉县: the most specific place is the last
            elif (
                not chain
                and verb.end() <= place.i <= verb.end() + 40
                and not _STOP.search(text[verb.end() : place.i])
            ):
                chain.append(place)
        if chain:
            yield _Found(person.key, "visited", chain[-1].key, "visited.verb", 0.8)
    # 在浙江安吉考察时
    for person in people:
        at = _VISIT_AT.match(text, person.j)
        if at:
            inside = sorted(
                (p for p in places if at.start(1) <= p.i and p.j <= at.end(1)), key=lambda p: p.i
            )
            if inside:
                yield _Found(person.key, "visited", inside[-1].key, "visited.at", 0.75)


def _originated(s: _Context) -> Iterator[_Found]:
    """Where a campaign originated: “枫桥经验”发源于浙江省诸暨市枫桥镇."""
    text = s.text
    places = s.of(EntityType.PLACE)
    named = s.of(*_NAMED)
    for n in named:
        origin = _ORIGIN.match(text, n.j)
        if origin:
            after = sorted(
                (p for p in places if origin.end() <= p.i <= origin.end() + 8), key=lambda p: p.i
            )
            chain = after[:1]
            for p in after[1:]:
                if p.i == chain[-1].j:
                    chain.append(p)
            if chain:
                yield _Found(n.key, "originatedIn", chain[-1].key, "originated.verb", 0.85)


def _formula_visits(s: _Context) -> Iterator[_Found]:
    """A formula that names a visit (三进下党) credits its grammatical subject."""
    placed = s.placed
    gazetteer = s.gazetteer
    people = s.of(EntityType.PERSON)
    named = s.of(*_NAMED)
    # each (formula, subject) once: a sentence repeating a formula 8,000 times must not rescan it
    visits: dict[tuple[str, str], None] = {}
    for n in named:
        m = _FORMULA_VISIT.match(n.mention.norm)
        if not m:
            continue
        person = _subject_before(people, n.i, s.text)
        if person is not None:
            visits.setdefault((m.group(1), person.key), None)
    places = _distinct_places(placed)
    for name, person_key in visits:
        for place in _places_named(name, places, gazetteer):
            yield _Found(person_key, "visited", place, "visited.formula", 0.7)


def _stated(s: _Context) -> Iterator[_Found]:
    """What a person stated: 习近平总书记指出：“…”; quoted campaigns inside are stated too."""
    text = s.text
    # a person right after a preposition is its object, not who speaks: 萨马兰奇为|许海峰|颁奖，并说
    people = [p for p in s.of(EntityType.PERSON) if text[p.i - 1 : p.i] not in _OBJECT_OF]
    named = s.of(*_NAMED)
    for verb in _STATE.finditer(text):
        person = _nearest_before(people, verb.start(), 12, text)
        if not person:
            continue
        rest = text[verb.end() :]
        quote = re.match(r"“([^”]{4,400})”", rest)
        if quote:
            statement, q_start, q_end = quote.group(1), verb.end() + 1, verb.end() + quote.end() - 1
        else:
            statement, q_start, q_end = rest.rstrip("。！？!?"), verb.end(), len(text)
        if len(statement) < 6:
            continue
        yield _Found(
            person.key, "stated", statement, "stated.verb", 0.85 if quote else 0.7, literal=True
        )
        for n in named:
            if q_start <= n.i and n.j <= q_end:
                yield _Found(person.key, "stated", n.key, "stated.mentions", 0.75)


def _authored(s: _Context) -> Iterator[_Found]:
    """Who wrote a work: 习近平同志在《摆脱贫困》中指出 / 所著《…》."""
    text = s.text
    people = s.of(EntityType.PERSON)
    works = s.of(EntityType.WORK)
    for work in works:
        person = _nearest_before(people, work.i, 12, text)
        if not person:
            continue
        before = text[person.j : work.i].rstrip("《 ")
        after = text[work.j :].lstrip("》 ")
        if (_AUTHORED.search(before) and _WRITE_VERBS.match(after)) or _WROTE_BEFORE.search(before):
            yield _Found(person.key, "authorOf", work.key, "authored.in-work", 0.85)


def _named_after(s: _Context) -> Iterator[_Found]:
    """What a name is named after: the person (雷锋 of 雷锋精神, 李明 of 李明思想) or the
    place (枫桥 of 枫桥经验) that opens it; a place only when the rest is a bare head,
    so 中国特色社会主义 is not named after 中国."""
    from kgraph.extract.vocabulary import CAMPAIGN_HEADS, CONCEPT_HEADS

    heads = frozenset(CAMPAIGN_HEADS + CONCEPT_HEADS)
    bearers = s.of(EntityType.PERSON, EntityType.PLACE)
    for n in s.of(EntityType.CAMPAIGN, EntityType.SLOGAN, EntityType.CONCEPT):
        for b in bearers:
            if b.i != n.i or b.j >= n.j:
                continue
            rest = s.text[b.j : n.j]
            if b.mention.type == EntityType.PERSON or rest in heads:
                yield _Found(n.key, "namedAfter", b.key, "named-after.opening", 0.8)


#: The relation families, each a function of one sentence.
_FAMILIES = (
    _proposed,
    _worked_in,
    _visited,
    _originated,
    _formula_visits,
    _stated,
    _authored,
    _named_after,
)


def _place_of(site: _Placed, gazetteer: Gazetteer) -> str:
    """The place a site is, or the place an organization's name starts with (宁德地委 -> 宁德市)."""
    if site.mention.type == EntityType.PLACE:
        return site.key
    leading = gazetteer.leading_place(site.mention.norm)
    return entity_key(EntityType.PLACE, gazetteer.names[leading[1]]) if leading else ""


def _subject_before(
    people: list[_Placed], position: int, text: str, window: int = 60
) -> _Placed | None:
    """The grammatical subject of what happens at ``position``: the nearest person
    before it in the same clause who is not the reporter (记者王芳 / 王芳 摄)."""
    actors = [
        p
        for p in people
        if not _REPORTER_BEFORE.search(text, 0, p.i) and not _REPORTER_AFTER.match(text[p.j :])
    ]
    return _nearest_before(actors, position, window, text)


def _nearest_before(
    candidates: list[_Placed], position: int, window: int, text: str
) -> _Placed | None:
    best = None
    for c in candidates:
        if (
            c.j <= position
            and position - c.j <= window
            and not _CLAUSE_END.search(text[c.j : position])
        ) and (best is None or c.j > best.j):
            best = c
    return best


def _distinct_places(placed: list[_Placed]) -> list[tuple[str, str, str]]:
    """The sentence's place mentions as (norm, surface, key), each distinct one once, in order."""
    return list(
        dict.fromkeys(
            (p.mention.norm, p.mention.surface, p.key)
            for p in placed
            if p.mention.type == EntityType.PLACE
        )
    )


def _places_named(name: str, places: list[tuple[str, str, str]], gazetteer: Gazetteer) -> list[str]:
    """Keys of the sentence's places that ``name`` names (下党 -> 下党乡), else the gazetteer's one.

    One pass over the distinct places of the sentence, however often each is repeated.
    """
    keys = []
    for norm, surface, key in places:
        if norm.startswith(name) or name in surface:
            keys.append(key)
    if keys:
        return keys
    ids = gazetteer.candidates(name)
    return [entity_key(EntityType.PLACE, gazetteer.names[ids[0]])] if len(ids) == 1 else []


def _affiliations(
    document: Document, sentence: Sentence, placed: list[_Placed], gazetteer: Gazetteer
) -> Iterator[_Found]:
    """(作者系福建省宁德市古田县委书记) -> the byline's authors worked there, in that role."""
    m = _AUTHOR_AFFILIATION.search(sentence.norm)
    if not m or not document.authors:
        return
    inside = [
        p
        for p in placed
        if m.start(1) <= p.i
        and p.j <= m.end(1)
        and p.mention.type in (EntityType.PLACE, EntityType.ORGANIZATION)
    ]
    if not inside:
        return
    last = inside[-1]
    place_key = last.key
    role = sentence.norm[last.j : m.end(1)].strip()
    if last.mention.type == EntityType.PLACE and role.startswith("委"):
        role = last.mention.norm[-1] + role  # 古田县 + 委书记 -> 县委书记
    if last.mention.type == EntityType.ORGANIZATION:
        # 古田县委 + 书记: the organization's place, and the role keeps the level (县委书记)
        leading = gazetteer.leading_place(last.mention.norm)
        if leading:
            name, place = leading
            full = gazetteer.names[place]
            place_key = entity_key(EntityType.PLACE, full)
            role = last.mention.norm[len(name) - 1 :].lstrip(full[:-1]) + role
    for author in document.authors:
        yield _Found(
            entity_key(EntityType.PERSON, author),
            "workedIn",
            place_key,
            "worked.byline-affiliation",
            0.9,
            role=role,
        )


def _nested_places(
    text: str, placed: list[_Placed], entities: dict[str, Entity]
) -> Iterator[_Found]:
    """福建省宁德市古田县: each place written right after the one that contains it."""
    places = [p for p in placed if p.mention.type == EntityType.PLACE]
    for a, b in itertools.pairwise(places):
        if a.j == b.i:
            child = entities.get(b.key)
            if child is not None and a.key in child.parents:
                yield _Found(b.key, "containedInPlace", a.key, "contained.written-nested", 0.95)


def _organizations_in_places(
    resolution: Resolution,
    entities: dict[str, Entity],
    gazetteer: Gazetteer,
    corpus: _Corpus,
    texts: Texts,
) -> dict[tuple[str, str, str, bool], list[tuple[Evidence, str]]]:
    """宁德市委组织部 -> located in 宁德市, evidenced by the sentences naming the organization.

    A name opening with a place that several places of one level share (新华网: 新华区)
    places the organization nowhere.

    The sentences are read in the corpus's order (one pass when it is on
    disk), and the evidence kept in the entities' order.
    """
    wanted: list[tuple[tuple[str, str, str, bool], Mention]] = []
    for entity in resolution.entities:
        if entity.type != EntityType.ORGANIZATION or not entity.mentions:
            continue
        leading = gazetteer.leading_place(entity.label)
        if not leading or gazetteer.ambiguous(leading[0]):
            continue  # 新华网 names none of the four 新华区
        place_key = entity_key(EntityType.PLACE, gazetteer.names[leading[1]])
        if place_key not in entities or place_key == entity.key:
            continue
        for m in entity.mentions[:20]:
            wanted.append(((entity.key, "locatedIn", place_key, False), m))
    places = [corpus.at(m.doc_id, m.sentence) for _, m in wanted]
    found: list[Evidence | None] = [None] * len(wanted)
    for n in sorted(range(len(wanted)), key=places.__getitem__):
        s = corpus.sentences[places[n]]
        if s.section != SectionKind.TEASER:
            d = corpus.document(s.doc_id)
            found[n] = _evidence(d, s, "located.name-prefix", 0.9, texts)
    out: dict[tuple[str, str, str, bool], list[tuple[Evidence, str]]] = defaultdict(list)
    for (key, _), ev in zip(wanted, found, strict=True):
        if ev is not None:
            out[key].append((ev, ""))
    return out


def cooccurrences(
    documents: Sequence[Document],
    sentences: Sequence[Sentence],
    resolution: Resolution,
    evidence_per_pair: int = 5,
    *,
    texts: Texts | None = None,
) -> tuple[CoOccurrence, ...]:
    """Pairs of entities named in the same body or title sentence, with PMI and LLR.

    The pairs of one sentence share its one piece of evidence; ``texts`` as
    in :func:`relations`.

    Notes
    -----
    Linear in sentences; quadratic in distinct entities per sentence.
    """
    texts = {} if texts is None else texts
    n_sentences = 0
    single: Counter[str] = Counter()
    pair_sentences: Counter[tuple[str, str]] = Counter()
    pair_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    pair_evidence: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for document, sentence, placed in _by_sentence(_Corpus(documents, sentences), resolution):
        if sentence.section not in (SectionKind.BODY, SectionKind.TITLE):
            continue
        n_sentences += 1
        keys = sorted({p.key for p in placed})
        single.update(keys)
        shared: Evidence | None = None
        for x in range(len(keys)):
            for y in range(x + 1, len(keys)):
                pair = (keys[x], keys[y])
                pair_sentences[pair] += 1
                pair_docs[pair].add(document.id)
                if len(pair_evidence[pair]) < evidence_per_pair:
                    if shared is None:
                        shared = _evidence(document, sentence, "cooccurrence.sentence", 1.0, texts)
                    pair_evidence[pair].append(shared)
    minimum = 2 if n_sentences > 5000 else 1
    key_of = {e.key: e.key for e in resolution.entities}
    out = []
    for (a, b), n_ab in sorted(pair_sentences.items()):
        if n_ab < minimum:
            continue
        n_a, n_b = single[a], single[b]
        pmi = math.log2(n_ab * n_sentences / (n_a * n_b))
        out.append(
            CoOccurrence(
                a=key_of.get(a, a),  # the entity's own key string, not a copy per pair
                b=key_of.get(b, b),
                sentences=n_ab,
                documents=len(pair_docs[(a, b)]),
                pmi=round(pmi, 4),
                llr=round(_llr(n_ab, n_a, n_b, n_sentences), 4),
                evidence=tuple(pair_evidence[(a, b)]),
            )
        )
    return tuple(out)


def _llr(k11: int, n_a: int, n_b: int, n: int) -> float:
    """Dunning's log-likelihood ratio (G²) of a 2x2 contingency table.

    >>> round(_llr(10, 10, 10, 100), 2)
    65.02
    """
    k12, k21 = n_a - k11, n_b - k11
    k22 = n - k11 - k12 - k21

    def h(*ks: int) -> float:
        total = sum(ks)
        return sum(k * math.log(k / total) for k in ks if k > 0)

    return max(0.0, 2 * (h(k11, k12, k21, k22) - h(k11 + k12, k21 + k22) - h(k11 + k21, k12 + k22)))
