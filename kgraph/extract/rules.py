"""Find entity mentions in one document's sentences.

:class:`Extractor` holds the loaded resources (gazetteer, a private jieba
tokenizer) and turns a document and its sentences into a
:class:`DocumentExtraction`: candidate mentions from every rule family, the
sentence's token boundaries, the quoted phrases and the noun phrases the
corpus-wide stages (:mod:`kgraph.resolve`) need. It is a pure function of
its input, so batches of documents can be extracted in any process.

Rule families, each named in ``Mention.extractor``:

- ``byline``: authors and editors read from metadata lines;
- ``person.title`` / ``person.position`` / ``person.speech``: a surname-led
  name next to an honorific, a position or a verb of speaking;
- ``gazetteer`` and ``place.region``: administrative divisions and
  province-abbreviation regions (闽东, 苏南);
- ``org.unit`` / ``org.national`` / ``org.media`` / ``org.suffix``: a
  place followed by organizational units (宁德市委组织部), central bodies,
  publications, institutions;
- ``work.title``: titles in 《》 that are not publications;
- ``campaign.*`` / ``slogan.*``: quoted numbered formulas and named
  initiatives, decided by shape and surrounding nouns, never by quoting alone;
- ``vocab.*``: campaigns, slogans and concepts quoted or not, by policy and
  doctrine heads, numbered formulas and enumerations
  (:mod:`kgraph.extract.vocabulary`).
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from kgraph.extract.gazetteer import PROVINCE_ABBREVIATIONS, Gazetteer
from kgraph.extract.lexicon import (
    CAMPAIGN_NOUNS,
    COMPOUND_SURNAMES,
    HONORIFICS,
    MEDIA_SUFFIXES,
    NUMERALS,
    ORG_UNITS,
    POSITIONS,
    STATE_VERBS,
    SURNAMES,
    WEAK_CAMPAIGN_NOUNS,
    alternation,
)
from kgraph.extract.ner import CrfTagger, Span
from kgraph.extract.vocab_tagger import LEARNED, VocabTagger
from kgraph.extract.vocabulary import (
    CONCEPT_HEADS,
    FORMULATION_NOUNS,
    HOLDING_VERBS,
    is_quality_name,
    vocabulary_in,
)
from kgraph.model import Document, EntityType, Mention, SectionKind, Sentence

# jieba announces its dictionary loading at DEBUG on stderr, and resets its logger's level when
# imported: a filter keeps builds quiet wherever they run (the command line, the library, workers)
logging.getLogger("jieba").addFilter(lambda record: record.levelno >= logging.WARNING)

__all__ = [
    "NER_MIN_CONFIDENCE",
    "NER_WEIGHT",
    "Candidate",
    "DocumentExtraction",
    "Extractor",
    "Quoted",
    "boundary_flags",
    "share_repeated",
]

#: Sentences :meth:`Extractor.extract` reads together, engine by engine.
_GROUP = 64
#: Organizations' names whose :meth:`Extractor.is_bare_body` answer an extractor keeps at most.
_NAMES_KEPT = 1 << 16
#: Spans of the learned tagger below this confidence are not candidates.
NER_MIN_CONFIDENCE = 0.5
#: A learned span's candidate confidence is the tagger's times this: rules that agree win ties.
NER_WEIGHT = 0.9
_LARGE_DIVISIONS = ("country", "province", "prefecture", "county")
_SESSION = re.compile(r"第?[一二三四五六七八九十百零〇0-9]+届")
_COMMON_WORD = 500  # jieba dictionary frequency of a word too common to be a name by itself
_PAIRED = re.compile(r"[“”‘’「」『』()（）《》〈〉\[\]【】]")
_NER_TYPES = {"PER": EntityType.PERSON, "LOC": EntityType.PLACE, "ORG": EntityType.ORGANIZATION}
#: The labels the vocabulary tagger reads people, places and organizations by.
_ACTOR_LABELS = {t: label for label, t in _NER_TYPES.items()}

_HAN = re.compile(r"[\u4e00-\u9fff]")
_QUOTES = (re.compile(r"“([^“”\n]{2,24})”"), re.compile(r"‘([^‘’\n]{2,24})’"))
_NAME_FOLLOW_CHARS = set("在等和与的是了将已曾还又再也正先随即就都亲到赴、，,。：:；;（(）)“”")
_NATIONAL = re.compile(
    r"中共中央|党中央|国务院|全国人大常委会|全国人大|全国政协|中央军委|中国共产党|中央纪委|国家监委"
    r"|(?:中央|国家)(?:" + "|".join(u for u in ORG_UNITS if len(u) >= 2) + r")"
)
_ORG_UNIT_AT = re.compile(alternation(tuple(ORG_UNITS)))
_TERMINAL_INSTITUTION = re.compile(
    r"[\u4e00-\u9fff]{0,4}?(?:师范大学|大学|学院|党校|医院|银行|研究院|集团|有限公司|公司)"
)
_TITLE_AFTER = re.compile(alternation(HONORIFICS + POSITIONS))
_STATE_AFTER = re.compile(alternation(STATE_VERBS))
_CAMPAIGN_AFTER = re.compile(r"(?:[“”‘’、]|等)*" + alternation(CAMPAIGN_NOUNS))
_PROPOSED_BEFORE = re.compile(r"(?:首次|最早|率先)?(?:提出|倡导|首创|提倡|部署开展|发起)了?$")
_DEFINED = re.compile(r"(?:简称|称为|简称为|概括为|即)$")
#: A verb of carrying out right before a quote makes the phrase a campaign: 深入推进“效能革命”.
_CARRIED_OUT_BEFORE = re.compile(r"(?:推进|实施|开展|落实|启动|推行|部署)$")
#: A phrase a text takes as its lever is carried out: 以“最多跑一次”为抓手.
_LEVER_BEFORE = re.compile(r"以$")
_LEVER_AFTER = re.compile(r"为(?:抓手|载体|突破口|牵引|主线|统领|引领)")
#: An idea noun right after the quote makes the phrase a concept: “人民至上”理念.
_IDEA_AFTER = re.compile(r"(?:理念|思想|理论|观念)")
#: A verb of holding to, or a noun of formulation after the quote, makes it a slogan.
_HELD_BEFORE = re.compile("(?:" + "|".join(HOLDING_VERBS) + ")$")
_FORMULATION_AFTER = re.compile("(?:" + "|".join(FORMULATION_NOUNS) + ")")
_FORMULA = re.compile(
    rf"[二三四五六七八九十两]+[^\s{NUMERALS}]{{1,6}}"
    rf"|(?:[^\s{NUMERALS}]{{0,3}}[{NUMERALS}][^\s{NUMERALS}]{{1,4}}){{2,4}}"
    r"|\d+(?:\+\d*[A-Za-z\d]+)+"
    r"|[十一二三四五六七八九]{3,4}"  # plan numbers: 十四五
    # a topic and the count of its parts: 浙风十礼, 发展六仗
    rf"|[^\s{NUMERALS}\d]{{2}}[二三四五六七八九十两]{{1,2}}[^\s{NUMERALS}\d年月日天周岁时次]{{1,2}}"
)
_PUNCT_INSIDE = re.compile(r"[，,。；;：:！？!?、]")
_REGION = re.compile("[" + "".join(PROVINCE_ABBREVIATIONS) + "][东西南北中]")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible mention, before overlaps are settled and entities resolved."""

    sentence: int
    i: int  # span in the sentence's normalized text
    j: int
    type: EntityType
    norm: str  # the name as it will be resolved
    extractor: str
    confidence: float
    role: str = ""
    place_ids: tuple[int, ...] = ()  # gazetteer candidates, for places


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted phrase and whether anything besides the quotes marks it as a name."""

    sentence: int
    i: int
    j: int
    text: str
    campaign_context: bool  # a campaign noun follows, the phrase ends with one, 推进 precedes,
    # or the text takes it as its lever (以“…”为抓手)
    definition: str  # a definition given for it in the sentence, '' if none
    slogan_context: bool = False  # 坚持/牢记 before it, or 总体布局/目标/论断 after it
    concept_context: bool = False  # an idea noun right after it: “人民至上”理念


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    """Everything extracted from one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    candidates: tuple[Candidate, ...]
    quoted: tuple[Quoted, ...]
    # per sentence, a byte per position of its norm and one past it: 1 where a token starts or ends
    boundaries: tuple[bytes, ...]
    phrases: Counter[str]  # noun phrases with a concept's head, counted in body and title sentences


def share_repeated(candidates: Iterable[Candidate], values: dict[Any, Any]) -> None:
    """Make the candidates' repeated values the objects ``values`` holds.

    An extraction that arrives from a worker or the cache is unpickled with
    a string, tuple and float of its own for every candidate, though a
    corpus names the same things again and again. ``values`` (one dict for
    all the documents of a build) keeps the first object of each name,
    extractor, role, set of places and confidence, and every later equal
    one is replaced by it. The records read the same: only which equal
    object they hold changes.

    >>> a = Candidate(0, 0, 3, EntityType.PLACE, "".join(["福建", "省"]), "gazetteer", 0.9)
    >>> b = Candidate(1, 0, 3, EntityType.PLACE, "".join(["福", "建省"]), "gazetteer", 0.9)
    >>> a.norm is b.norm
    False
    >>> share_repeated([a, b], {})
    >>> a.norm is b.norm, a == Candidate(0, 0, 3, EntityType.PLACE, "福建省", "gazetteer", 0.9)
    (True, True)
    """
    for c in candidates:
        for name, value in (
            ("norm", c.norm),
            ("extractor", c.extractor),
            ("role", c.role),
            ("place_ids", c.place_ids),
        ):
            kept = values.setdefault(value, value)
            if kept is not value:
                object.__setattr__(c, name, kept)  # an equal value in a frozen record
        if c.confidence:  # not 0.0, which equals -0.0
            kept = values.setdefault(c.confidence, c.confidence)
            if kept is not c.confidence:
                object.__setattr__(c, "confidence", kept)


class Extractor:
    """Loaded resources and the rules that use them.

    Examples
    --------
    >>> ex = Extractor()
    >>> sorted((c.i, c.norm, c.type.value) for c in ex.candidates_in(0, "习近平总书记到福建省宁德市考察。"))
    [(0, '习近平', 'Person'), (7, '福建省', 'Place'), (10, '宁德市', 'Place')]
    """

    def __init__(
        self, gazetteer: Gazetteer | None = None, *, ner: bool = True, vocab: bool = True
    ) -> None:
        import jieba

        self.gazetteer = gazetteer or Gazetteer.load()
        self.ner = CrfTagger.packaged() if ner else None
        self.vocab = VocabTagger.packaged() if vocab else None
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        self._tags = _dictionary_tags(self.tokenizer)
        self._common = _commonest_words(self.tokenizer)
        self._bare_bodies: dict[str, bool] = {}  # is_bare_body's answers, by name
        for word in self.gazetteer.words():
            if len(word) >= 2 and word not in self.tokenizer.FREQ:
                self.tokenizer.add_word(word, 50)

    # -- per document -------------------------------------------------------
    def is_idiom(self, text: str) -> bool:
        """Whether jieba's dictionary lists ``text`` as an idiom or set phrase (十月怀胎)."""
        return self._tags.get(text, "")[:1] in ("i", "l")

    def is_bare_body(self, name: str) -> bool:
        """Whether an organization's name opens with a bare level instead of a place (市人大常委会,
        区委宣传部, 县政协, 村委会): every city, district or county has one, so the name says
        which only in its document, and one entity for all of them would link unrelated bodies.

        >>> ex = Extractor(ner=False, vocab=False)
        >>> ex.is_bare_body("市人大常委会"), ex.is_bare_body("区委宣传部"), ex.is_bare_body("宁德市委组织部")
        (True, True, False)
        >>> ex.is_bare_body("市场监管总局"), ex.is_bare_body("乡村振兴局")
        (False, False)
        """
        bare = self._bare_bodies.get(name)
        if bare is None:  # a corpus names the same bodies again and again
            first = next(iter(self.tokenizer.cut(name, HMM=False)), "")
            bare = first[:1] in _LEVELS and (len(first) == 1 or first[1:] in _BODIES_AFTER_A_LEVEL)
            if len(self._bare_bodies) >= _NAMES_KEPT:
                self._bare_bodies.clear()
            self._bare_bodies[name] = bare
        return bare

    def extract(self, document: Document, sentences: list[Sentence]) -> DocumentExtraction:
        """Extract candidates, quoted phrases and noun phrases from one document.

        Each sentence is segmented once: jieba's words serve every rule and
        the vocabulary tagger, and the character features of the learned NER
        layer serve the vocabulary tagger too. Sentences are read in groups
        of :data:`_GROUP`, engine by engine (the rules, the NER layer, the
        vocabulary tagger), which keeps each engine's tables warm and what a
        group holds bounded. The candidates are the rules', the bylines',
        the NER layer's and the vocabulary tagger's, each in sentence order.
        """
        found: list[Candidate] = []
        learned: list[Candidate] = []
        proposed: list[Candidate] = []
        quoted: list[Quoted] = []
        boundaries: list[bytes] = []
        phrases: Counter[str] = Counter()
        bylines = self._settled(_bylines(document, sentences))
        bylines_in: dict[int, list[Candidate]] = {}
        for c in bylines:
            bylines_in.setdefault(c.sentence, []).append(c)
        for start in range(0, len(sentences), _GROUP):
            group = sentences[start : start + _GROUP]
            words: list[list[str]] = []
            by_rules: list[list[Candidate]] = []
            for sentence in group:
                text = sentence.norm
                tokens = list(self.tokenizer.cut(text, HMM=True))
                bounds = _boundaries(tokens)
                boundaries.append(boundary_flags(bounds, len(text)))
                ruled = self._settled(self._candidates(sentence.index, text, tokens, bounds))
                found.extend(ruled)
                words.append(tokens)
                by_rules.append(ruled)
                if sentence.section == SectionKind.META:
                    continue
                # an idiom in quotes is a figure of speech unless held to or named a formulation
                quoted.extend(
                    q for q in _quoted_in(sentence) if q.slogan_context or not self.is_idiom(q.text)
                )
                if sentence.section in (SectionKind.BODY, SectionKind.TITLE):
                    # only phrases with a concept's head can become concepts (kgraph.resolve)
                    phrases.update(p for p in self._phrases(tokens) if p.endswith(CONCEPT_HEADS))
            by_ner: list[list[Candidate]] = [[] for _ in group]
            features: list[list[tuple[str, ...]] | None] = [None] * len(group)
            if self.ner is not None:
                for n, sentence in enumerate(group):
                    spans, features[n] = self.ner.spans_and_features(sentence.norm)
                    by_ner[n] = self._settled(self._learned(sentence, spans))
                    learned.extend(by_ner[n])
            if self.vocab is None:
                continue
            for n, sentence in enumerate(group):
                if sentence.section not in (SectionKind.BODY, SectionKind.TITLE):
                    continue
                if not sentence.norm.strip():
                    continue
                names = [
                    (c.i, c.j, _ACTOR_LABELS[c.type])
                    for c in chain(by_rules[n], bylines_in.get(sentence.index, ()), by_ner[n])
                    if c.type in _ACTOR_LABELS
                ]
                proposed.extend(self._learned_vocabulary(sentence, words[n], names, features[n]))
        return DocumentExtraction(
            document,
            tuple(sentences),
            (*found, *bylines, *learned, *proposed),
            tuple(quoted),
            tuple(boundaries),
            phrases,
        )

    def _settled(self, candidates: Iterable[Candidate]) -> list[Candidate]:
        """``candidates`` without a photo credit's 摄 and without the organizations named by
        their level alone (:meth:`is_bare_body`)."""
        return [
            _without_credit(c)
            for c in candidates
            if c.type != EntityType.ORGANIZATION or not self.is_bare_body(c.norm)
        ]

    def candidates_in(
        self, index: int, text: str, tokens: list[str] | None = None
    ) -> list[Candidate]:
        """Candidate mentions in one normalized sentence, given its tokens."""
        if tokens is None:
            tokens = list(self.tokenizer.cut(text, HMM=True))
        return self._candidates(index, text, tokens, _boundaries(tokens))

    def _candidates(
        self, index: int, text: str, tokens: list[str], bounds: frozenset[int]
    ) -> list[Candidate]:
        found: list[Candidate] = []
        places = list(self._places(index, text, bounds))
        found.extend(places)
        found.extend(self._organizations(index, text, places, bounds))
        found.extend(_institution_tokens(index, tokens))
        found.extend(
            c
            for c in _people(index, text, bounds)
            if self._could_be_name(c.norm, strict=c.extractor != "person.position")
        )
        found.extend(self._lexicon_tokens(index, tokens))
        found.extend(_titles_in_brackets(index, text))
        found.extend(
            Candidate(index, i, j, kind, name, how, 0.8)
            for i, j, kind, name, how in vocabulary_in(
                text, tokens, self._tags, self.is_idiom, self._common
            )
        )
        return found

    def _learned(self, sentence: Sentence, spans: list[Span]) -> Iterator[Candidate]:
        """People, places and organizations the learned tagger found in one sentence
        (:mod:`kgraph.extract.ner`).

        A span must be two characters or more (港, 美 abbreviate, they do not
        name) and may not cross a quote or bracket; a photo credit's 摄 is
        not part of the name. A span that the
        segmenter's dictionary knows as a common word (特区, 码头, 国会) is
        not a place or an organization. A place span that runs several divisions together
        (珠海市金湾区) is split where the gazetteer's names end.
        """
        for span in spans:
            i, j = span.start, span.end
            type_ = _NER_TYPES[span.type]
            if type_ == EntityType.PERSON and j - i >= 3 and sentence.norm[j - 1] == "摄":
                j -= 1  # 李明摄: a photo credit
            if type_ == EntityType.ORGANIZATION and (
                ordinal := _SESSION.match(sentence.norm, i, j)
            ):
                i = ordinal.end()  # 第十四届全国人民代表大会: the body, not its session
            name = sentence.norm[i:j]
            if (
                span.confidence < NER_MIN_CONFIDENCE
                or len(name) < 2
                or _PAIRED.search(name)
                or not self._names(name, type_)
            ):
                continue
            if type_ != EntityType.PLACE and self._is_division(name):
                type_ = EntityType.PLACE  # 日本 tagged as an actor is still the country
            pieces = self._divisions(name) if type_ == EntityType.PLACE else [(0, len(name))]
            for a, b in pieces:
                yield self._learned_candidate(
                    sentence.index, i + a, name[a:b], type_, span.confidence
                )

    def _learned_vocabulary(
        self,
        sentence: Sentence,
        tokens: list[str],
        names: list[tuple[int, int, str]],
        features: list[tuple[str, ...]] | None,
    ) -> Iterator[Candidate]:
        """Campaigns, slogans and concepts the learned tagger proposes in one sentence
        (:mod:`kgraph.extract.vocab_tagger`), read with the people, places and organizations
        found there (``names``) and the NER layer's ``features`` of it if any:
        ``vocab.learned`` candidates, which :mod:`kgraph.resolve` filters with the rules'.
        """
        assert self.vocab is not None
        for span in self.vocab.spans(sentence.norm, tokens, self._tags, names, features):
            name = sentence.norm[span.start : span.end]
            yield Candidate(sentence.index, span.start, span.end, span.type, name, LEARNED, 0.8)

    def _names(self, text: str, type_: EntityType) -> bool:
        """Whether ``text`` can name a place or organization: not a frequent common word (码头, 国会)."""
        tag = self._tags.get(text)
        if tag is None or type_ == EntityType.PERSON or self.gazetteer.candidates(text):
            return True  # the dictionary's tags of names are unreliable (周恩来 t, 大连 d)
        common = self.tokenizer.FREQ.get(text, 0) >= _COMMON_WORD
        return not common or tag[:2] in ("ns", "nr", "nt", "nz")

    def _is_division(self, name: str) -> bool:
        """Whether ``name`` is, as written, a country, province, prefecture or county."""
        g = self.gazetteer
        return any(g.levels[p] in _LARGE_DIVISIONS for p in g.candidates(name))

    def _divisions(self, name: str) -> list[tuple[int, int]]:
        """``name`` cut after each leading division the gazetteer knows: 珠海市金湾区 -> 珠海市, 金湾区."""
        pieces = []
        start = 0
        while start < len(name):
            leading = self.gazetteer.leading_place(name[start:])
            if (
                not leading
                or len(leading[0]) >= len(name) - start
                or len(name) - start - len(leading[0]) < 2
            ):
                break
            pieces.append((start, start + len(leading[0])))
            start += len(leading[0])
        return [*pieces, (start, len(name))]

    def _learned_candidate(
        self, index: int, i: int, name: str, type_: EntityType, confidence: float
    ) -> Candidate:
        g = self.gazetteer
        ids = tuple(g.candidates(name)) if type_ == EntityType.PLACE else ()
        norm = g.names[ids[0]] if ids else name
        return Candidate(
            index,
            i,
            i + len(name),
            type_,
            norm,
            "ner.crf",
            round(NER_WEIGHT * confidence, 3),
            "",
            ids,
        )

    def _places(self, index: int, text: str, bounds: frozenset[int]) -> Iterator[Candidate]:
        g = self.gazetteer
        for i, j, name in g.find(text):
            ids = g.candidates(name)
            if not ids:
                continue
            full = any(g.names[p] == name for p in ids)
            aligned = i in bounds and j in bounds
            if not full and self._tags.get(name, "ns")[:1] in _NOT_PLACE_TAGS:
                continue  # a county's short form that is an ordinary word: 振兴, 比如
            small = all(g.levels[p] in ("township", "village") for p in ids)
            if small and (
                len(name) < 3
                or not aligned
                or self._tags.get(name, "ns")[:2] not in ("ns", "nr", "nz")
            ):
                continue  # townships and villages: full names on word boundaries, not words (城中村)
            if not (aligned or (full and len(name) >= 3 and _ends_as_division(name))):
                continue
            top = ids[0]
            how, confidence = ("gazetteer", 0.95) if full else ("gazetteer.short", 0.85)
            yield Candidate(
                index, i, j, EntityType.PLACE, g.names[top], how, confidence, "", tuple(ids)
            )
        for m in _REGION.finditer(text):
            i, j = m.span()
            if i in bounds and j in bounds and not g.candidates(m.group()):
                province = PROVINCE_ABBREVIATIONS[m.group()[0]]
                yield Candidate(
                    index, i, j, EntityType.PLACE, m.group(), "place.region", 0.7, "",
                    tuple(g.by_name.get(province, [])[:1]),
                )  # fmt: skip

    def _organizations(
        self, index: int, text: str, places: list[Candidate], bounds: frozenset[int]
    ) -> Iterator[Candidate]:
        for place in places:
            j = place.j
            while True:
                unit = _ORG_UNIT_AT.match(text, j)
                if not unit:
                    break
                j = unit.end()
            if j > place.j and _POSITION_TAIL.match(text, place.j):
                if text.startswith(
                    "委", place.j
                ):  # 古田县委书记: the committee 古田县委, then a position
                    span = text[place.i : place.j + 1]
                    yield Candidate(
                        index, place.i, place.j + 1, EntityType.ORGANIZATION, span, "org.unit", 0.9
                    )
            elif j > place.j:
                yield Candidate(
                    index, place.i, j, EntityType.ORGANIZATION, text[place.i : j], "org.unit", 0.9
                )
            else:
                inst = _TERMINAL_INSTITUTION.match(text, place.j)
                if inst and (inst.end() in bounds or inst.end() == len(text)):
                    span = text[place.i : inst.end()]
                    yield Candidate(
                        index,
                        place.i,
                        inst.end(),
                        EntityType.ORGANIZATION,
                        span,
                        "org.suffix",
                        0.85,
                    )
        for m in _NATIONAL.finditer(text):
            j = m.end()
            while True:
                unit = _ORG_UNIT_AT.match(text, j)
                if not unit:
                    break
                j = unit.end()
            yield Candidate(
                index,
                m.start(),
                j,
                EntityType.ORGANIZATION,
                text[m.start() : j],
                "org.national",
                0.9,
            )

    def _lexicon_tokens(self, index: int, tokens: list[str]) -> Iterator[Candidate]:
        """Names jieba knows as organizations (新华社), and unknown surname-led words
        that stand where a person acts (赵乐际在北京主持会议)."""
        position = 0
        for n, token in enumerate(tokens):
            tag = self._tags.get(token, "")
            following = tokens[n + 1] if n + 1 < len(tokens) else ""
            if (
                following in ("记者", "评论员", "特约评论员")
                and len(token) >= 3
                and _HAN.fullmatch(token[0])
                and not _GENERIC_MEDIA.search(token)
            ):
                yield Candidate(
                    index,
                    position,
                    position + len(token),
                    EntityType.ORGANIZATION,
                    token,
                    "org.media",
                    0.7,
                )
            elif (
                tag == "nt"
                and len(token) >= 3
                and _HAN.match(token)
                and not _GENERIC_ORG.search(token)
            ):
                yield Candidate(
                    index,
                    position,
                    position + len(token),
                    EntityType.ORGANIZATION,
                    token,
                    "org.lexicon",
                    0.7,
                )
            elif (
                2 <= len(token) <= 3
                and _is_surname_led(token)
                and following in _PERSON_CONTEXT
                and (tag.startswith("nr") or token not in self.tokenizer.FREQ)
                and self._could_be_name(token)
            ):
                yield Candidate(
                    index,
                    position,
                    position + len(token),
                    EntityType.PERSON,
                    token,
                    "person.context",
                    0.65,
                )
            position += len(token)

    def _could_be_name(self, name: str, strict: bool = True) -> bool:
        """Whether ``name`` can be a personal name rather than ordinary words.

        Rejected: common dictionary words (权威, 强调), names that start or end
        with a common word (任务新, 全媒体), and names holding function words (高的).
        """
        if _FUNCTION_CHARS.search(name) or name[-1] in "村镇乡县市省区州路街港湾岛山河湖":
            return False
        if self.gazetteer.candidates(name):
            return False  # 安吉 is a place
        freq = self.tokenizer.FREQ
        tag = self._tags.get(name)
        if (len(name) == 2 and freq.get(name, 0) > 1000) or (
            tag is not None and not tag.startswith("nr")
        ):
            return False
        # after a position only the opening pair is checked (关于侨 no, 王建国 yes)
        for part in ((name[:2], name[1:]) if strict else (name[:2],)) if len(name) == 3 else ():
            part_tag = self._tags.get(part, "nr")
            if freq.get(part, 0) > 3000 and not part_tag.startswith("nr"):
                return False
        return True

    def _phrases(self, tokens: list[str]) -> Iterator[str]:
        """Noun phrases: dictionary nouns and two-noun compounds (乡村振兴, 基层治理)."""
        previous = ""
        for token in tokens:
            nounish = (len(token) >= 2 and self._tags.get(token, "x")[:1] == "n") or self._tags.get(
                token
            ) == "vn"
            if nounish and _HAN.match(token):
                if (len(token) >= 3 or self._tags.get(token) != "nr") and not is_quality_name(
                    token, self._tags, self._common
                ):
                    yield token
                if previous and not is_quality_name(previous + token, self._tags, self._common):
                    yield previous + token
                previous = token
            else:
                previous = ""


_INSTITUTION_TOKEN = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:大学|学院|党校|研究院|研究所|医院|银行|集团|公司|日报|晚报|时报|新闻网|电视台|通讯社|日报社)"
)


def _institution_tokens(index: int, tokens: list[str]) -> Iterator[Candidate]:
    """Single tokens that are institutions by their ending: 北京大学, 人民日报."""
    position = 0
    for token in tokens:
        if _INSTITUTION_TOKEN.fullmatch(token):
            yield Candidate(
                index,
                position,
                position + len(token),
                EntityType.ORGANIZATION,
                token,
                "org.suffix",
                0.85,
            )
        position += len(token)


#: Part-of-speech tags of words that are not place names (verbs, adjectives, conjunctions…).
_NOT_PLACE_TAGS = frozenset("vacdpmrquyzilet")
_FOLLOW_WORD = re.compile(
    alternation(
        tuple(
            "主持 出席 会见 会晤 率队 率团 参加 调研 考察 视察 来到 深入 带领 签署 召开 讲话 致辞 一行 表示 指出 强调 说 "
            "认为 介绍 同志 要求 提出 先后 多次 亲自 主政 任职 作 到 率".split()
        )
        + HONORIFICS
    )
)
#: The levels a body's name may open with instead of its place (市人大常委会, 县政协).
_LEVELS = frozenset("省市县区镇乡村州旗")
#: What jieba writes as one word with a level before it: 市委, 县政协, 村委会, 镇政府.
_BODIES_AFTER_A_LEVEL = frozenset(("委", "党委", "委会", "政协", "政府", "人大", "纪委"))
#: Generic collective nouns jieba tags as organizations (党和政府, 党组织).
_GENERIC_ORG = re.compile(
    r"^(?:党|团|基层|各级|上级|有关|相关|地方|政府|机关|人民政府)|(?:组织|机关|部门|单位|政府)$"
)
_GENERIC_MEDIA = re.compile(
    r"^(?:本报|本台|本网|全媒体|融媒体|首席|特约|驻站|实习|文字|摄影|视频)|媒体$"
)
#: Words that follow a person acting in news text.
_PERSON_CONTEXT = frozenset(
    [
        "在",
        "主持",
        "出席",
        "会见",
        "会晤",
        "率",
        "率队",
        "参加",
        "调研",
        "考察",
        "视察",
        "来到",
        "深入",
        "带领",
        "签署",
        "召开",
        "讲话",
        "致辞",
        "等",
        "一行",
        "表示",
        "指出",
        "强调",
        "说",
        "认为",
        "介绍",
        "同志",
    ]
)
_FUNCTION_CHARS = re.compile(r"[的了是在和与也就都把被对着过之这那]")
_POSITION_TAIL = re.compile(r"(?:委)?" + alternation(POSITIONS))


def _ends_as_division(name: str) -> bool:
    return name[-1] in "省市县区乡镇村州盟旗" or name.endswith(("自治州", "自治县", "街道"))


def _commonest_words(tokenizer: object, share: float = 0.005) -> frozenset[str]:
    """The commonest ``share`` of jieba's dictionary words by frequency (工作, 方面, 问题)."""
    freq: dict[str, int] = getattr(tokenizer, "FREQ", {})
    ranked = sorted((n for n in freq.values() if n > 0), reverse=True)
    if not ranked:
        return frozenset()
    floor = ranked[int(len(ranked) * share)]
    return frozenset(word for word, n in freq.items() if n >= floor and len(word) >= 2)


def _dictionary_tags(tokenizer: object) -> dict[str, str]:
    """Part-of-speech tags of jieba's main dictionary (word -> tag)."""
    import os

    handle = tokenizer.get_dict_file()  # type: ignore[attr-defined]
    path = handle.name
    handle.close()
    tags: dict[str, str] = {}
    with open(os.fspath(path), encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def _without_credit(c: Candidate) -> Candidate:
    """A person's name without the photo credit's 摄 that follows it (记者李明摄 -> 李明)."""
    if c.type == EntityType.PERSON and len(c.norm) >= 3 and c.norm.endswith("摄"):
        return replace(c, j=c.j - 1, norm=c.norm[:-1])
    return c


def _boundaries(tokens: list[str]) -> frozenset[int]:
    bounds = {0}
    position = 0
    for token in tokens:
        position += len(token)
        bounds.add(position)
    return frozenset(bounds)


def boundary_flags(bounds: frozenset[int], length: int) -> bytes:
    """Token boundaries of a text of ``length`` characters as one byte per position, 1 on a boundary.

    A byte each instead of a set's hash table (about 1 KB a sentence).

    >>> boundary_flags(frozenset({0, 2, 3}), 3)
    b'\\x01\\x00\\x01\\x01'
    """
    flags = bytearray(length + 1)
    for position in bounds:
        flags[position] = 1
    return bytes(flags)


def _is_surname_led(name: str) -> bool:
    return name[:2] in COMPOUND_SURNAMES or name[0] in SURNAMES


def _name_at(text: str, i: int) -> str:
    """A surname-led name of two or three Han characters starting at ``i``, after a position.

    Three characters unless the two-character reading is followed by a word
    that follows people (马波深入, 李强主持), or the third character is not Han.
    """
    if i >= len(text) or not _is_surname_led(text[i:]):
        return ""
    base = 2 if text[i : i + 2] in COMPOUND_SURNAMES else 1
    short, long = text[i : i + base + 1], text[i : i + base + 2]
    if len(short) < base + 1 or not all(_HAN.match(c) for c in short):
        return ""
    after_short = i + base + 1
    if (
        len(long) < base + 2
        or not _HAN.match(long[-1])
        or _FOLLOW_WORD.match(text, after_short)
        or text[after_short] in _NAME_FOLLOW_CHARS
    ):
        return short
    return long


def _name_before(text: str, j: int, bounds: frozenset[int]) -> str:
    """A surname-led name ending at ``j`` that starts on a token boundary."""
    for length in (3, 2, 4):
        i = j - length
        if i < 0:
            continue
        name = text[i:j]
        if all(_HAN.match(c) for c in name) and _is_surname_led(name) and i in bounds:
            if length == 4 and name[:2] not in COMPOUND_SURNAMES:
                continue
            return name
    return ""


_ROLE_BEFORE = re.compile(
    r"(?:[\u4e00-\u9fff]{0,8}?(?:"
    + "|".join(u for u in ORG_UNITS if len(u) >= 2 or u == "委")
    + r"))?"
    + alternation(POSITIONS)
    + r"$"
)


def _people(index: int, text: str, bounds: frozenset[int]) -> Iterator[Candidate]:
    # a name followed by an honorific or a position: 习近平总书记, 李明同志
    for m in _TITLE_AFTER.finditer(text):
        name = _name_before(text, m.start(), bounds)
        if name and not _NOT_PERSON_BEFORE.search(name):
            yield Candidate(
                index,
                m.start() - len(name),
                m.start(),
                EntityType.PERSON,
                name,
                "person.title",
                0.9,
            )
    # a position followed by a name: 市委书记马波, 代省长王予波
    for m in _POSITION_AT.finditer(text):
        name = _name_at(text, m.end())
        if name:
            role_match = _ROLE_BEFORE.search(
                text,
                max(0, m.end() - 16),
                m.end(0) - (1 if m.group().endswith((" ", "\u3000")) else 0),
            )
            role = role_match.group() if role_match else m.group().strip()
            yield Candidate(
                index,
                m.end(),
                m.end() + len(name),
                EntityType.PERSON,
                name,
                "person.position",
                0.85,
                role,
            )
    # a credit: (摄影：李明), 图/文：王芳
    for m in _CREDIT.finditer(text):
        name = _name_at(text, m.end())
        if name and len(name) <= 4:
            yield Candidate(
                index, m.end(), m.end() + len(name), EntityType.PERSON, name, "person.credit", 0.85
            )
    # a name followed by a verb of speaking: 李明指出
    for m in _STATE_AFTER.finditer(text):
        name = _name_before(text, m.start(), bounds)
        if name and m.start() - len(name) in bounds and len(name) in (2, 3):
            yield Candidate(
                index,
                m.start() - len(name),
                m.start(),
                EntityType.PERSON,
                name,
                "person.speech",
                0.6,
            )


_POSITION_AT = re.compile(alternation(POSITIONS) + r"[ \u3000]?")
_NOT_PERSON_BEFORE = re.compile(r"[的了和与是在把被对将]$")
_CREDIT = re.compile(r"(?:摄影|摄像|摄|图片|图|文|撰文|绘图|制图)\s*[:：/／]\s*")


def _titles_in_brackets(index: int, text: str) -> Iterator[Candidate]:
    for m in re.finditer(r"《\s*([^《》\n]{1,40}?)\s*》", text):
        title = m.group(1)
        media = title.endswith(MEDIA_SUFFIXES) and len(title) <= 12
        if media:
            yield Candidate(
                index, m.start(1), m.end(1), EntityType.ORGANIZATION, title, "org.media", 0.85
            )
        else:
            yield Candidate(index, m.start(1), m.end(1), EntityType.WORK, title, "work.title", 0.9)


def _quoted_in(sentence: Sentence) -> Iterator[Quoted]:
    text = sentence.norm
    matches = sorted((m for q in _QUOTES for m in q.finditer(text)), key=lambda m: m.start())
    for m in matches:
        inner = m.group(1)
        if _PUNCT_INSIDE.search(inner) or not _HAN.search(inner):
            continue
        i, j = m.start() + 1, m.end() - 1
        after = _CAMPAIGN_AFTER.match(text, m.end())
        noun = after.group().lstrip("“”‘’、等") if after else ""
        adjacent = after is not None and after.group() == noun
        # a weak noun (改革, 工作) counts only right after a name of some length: “最多跑一次”改革
        strong_after = bool(noun) and (
            noun not in WEAK_CAMPAIGN_NOUNS
            or (adjacent and noun in ("改革", "教育") and (len(inner) >= 3 or is_formula(inner)))
        )
        carried_out = bool(_CARRIED_OUT_BEFORE.search(text, 0, m.start())) and len(inner) <= 8
        # proposed (首次提出“精准扶贫”) names an initiative; a proposed formula stays a slogan
        proposed = (
            len(inner) <= 10
            and not is_formula(inner)
            and bool(_PROPOSED_BEFORE.search(text, 0, m.start()))
        )
        # a bare campaign noun in quotes (各种“行动”) is a word, not a name
        ends_with_noun = any(
            inner.endswith(n) and len(inner) > len(n)
            for n in CAMPAIGN_NOUNS
            if n not in WEAK_CAMPAIGN_NOUNS
        )
        before = text[max(0, m.start() - 4) : m.start()]
        definition = ""
        # 被称为“…” gives a nickname, not a definition
        if _DEFINED.search(before) and not before.endswith("被称为"):
            named = re.search(
                r"“([^“”]{4,200})”\s*[,，]?\s*(?:简称|称为|简称为|概括为)\s*$", text[: m.start()]
            )
            definition = named.group(1) if named else text
        else:
            tail = re.match(
                r"[,，]?\s*(?:即|是指|指的是)([^。；;]{4,120}?)(?=[,，]\s*(?:是|为|被|由|在)|[。；;]|$)",
                text[m.end() :],
            )
            if tail:
                definition = tail.group(1)
        formulation = bool(_FORMULATION_AFTER.match(text, m.end()))
        carried_out = carried_out and not formulation
        lever = bool(_LEVER_BEFORE.search(text, 0, m.start()) and _LEVER_AFTER.match(text, m.end()))
        idea = bool(_IDEA_AFTER.match(text, m.end())) and not is_formula(inner)
        held = bool(_HELD_BEFORE.search(text, 0, m.start())) or formulation
        yield Quoted(
            sentence.index,
            i,
            j,
            inner,
            strong_after or ends_with_noun or proposed or carried_out or lever,
            definition,
            formulation or (held and not is_formula(inner)),  # 坚持“四下基层” stays a campaign
            idea,
        )


def is_formula(text: str) -> bool:
    """Whether ``text`` has the shape of a numbered political formula.

    >>> [is_formula(t) for t in ("四个意识", "五进五强", "十四五", "金刚钻", "1+3+N")]
    [True, True, True, False, True]
    >>> [is_formula(t) for t in ("浙风十礼", "发展六仗", "今年三月")]
    [True, True, False]
    """
    return bool(_FORMULA.fullmatch(text))


def _bylines(document: Document, sentences: list[Sentence]) -> Iterator[Candidate]:
    """Authors and editors found by :func:`kgraph.ingest.clean.metadata_of`, as mentions."""
    for field, start, end in document.meta_spans:
        if field not in ("author", "editor", "source"):
            continue
        kind = EntityType.ORGANIZATION if field == "source" else EntityType.PERSON
        for sentence in sentences:
            if sentence.start <= start and end <= sentence.end:
                try:
                    i = sentence.offsets.index(start)
                    j = sentence.offsets.index(end - 1) + 1
                except ValueError:
                    break
                name = sentence.norm[i:j]
                yield Candidate(sentence.index, i, j, kind, name, f"byline.{field}", 0.95)
                break


def mention_of(candidate: Candidate, sentence: Sentence, document: Document) -> Mention:
    """The :class:`Mention` for a settled candidate, with original offsets.

    Its strings are interned: a corpus names each entity many times, with
    few distinct surfaces, and every mention of one shares them.
    """
    start, end = sentence.original_span(candidate.i, candidate.j)
    return Mention(
        doc_id=document.id,
        sentence=sentence.index,
        start=start,
        end=end,
        surface=sys.intern(document.text[start:end]),
        norm=sys.intern(candidate.norm),
        type=candidate.type,
        extractor=sys.intern(candidate.extractor),
        confidence=candidate.confidence,
        role=candidate.role,
    )
