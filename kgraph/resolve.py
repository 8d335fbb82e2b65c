"""Settle candidate mentions and resolve them into entities across documents.

Corpus-wide steps, after every document was extracted:

1. Quoted phrases become campaigns, slogans or concepts only on evidence
   beyond the quotes: a numbered-formula shape, a campaign noun next to them,
   a definition, an idea noun after them (“人民至上”理念), or being quoted in
   several documents.
2. Key concepts are the noun phrases ranked highest by TF-IDF (corpus term
   frequency against jionlp's general-language IDF, weighted by how many
   documents use the phrase).
3. Every name accepted anywhere is looked up in every sentence (a corpus
   dictionary), so an entity found by a strong rule in one document is
   found wherever it appears. A short form a text gives for a campaign,
   slogan or concept (…（以下简称“山保制”）) is an alias of the full name.
4. Overlapping candidates are settled (the longest span wins: 古田县委 over
   古田县), places are disambiguated by the other places of their document,
   a bare given name is merged into the full name of the same document.
5. Mentions are grouped into :class:`~kgraph.model.Entity` records keyed
   ``"<Type>/<label>"``; the gazetteer's containing places are added as
   entities so the hierarchy is complete.
"""

from __future__ import annotations

import math
import re
import zipfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import ahocorasick

from kgraph.extract.gazetteer import Gazetteer
from kgraph.extract.rules import Candidate, DocumentExtraction, is_formula, mention_of
from kgraph.extract.vocab_tagger import LEARNED
from kgraph.extract.vocabulary import enumeration_parts
from kgraph.ingest.normalize import strip_pinyin_spans, to_simplified
from kgraph.mentions import MentionRun, MentionTable
from kgraph.model import Entity, EntityType, SectionKind

__all__ = [
    "GENERIC_REASONS",
    "Resolution",
    "corpus_specific",
    "entity_key",
    "generic_reason",
    "is_generic_name",
    "is_padded_name",
    "release_general_idf",
    "resolve",
]

_PRIORITY = {
    EntityType.PERSON: 5,
    EntityType.ORGANIZATION: 4,
    EntityType.WORK: 4,
    EntityType.PLACE: 3,
    EntityType.CAMPAIGN: 3,
    EntityType.SLOGAN: 2,
    EntityType.CONCEPT: 1,
}


def entity_key(type_: EntityType, label: str) -> str:
    """The key of an entity: ``"<Type>/<label>"``.

    >>> entity_key(EntityType.PLACE, "宁德市")
    'Place/宁德市'
    """
    return f"{type_.value}/{label}"


@dataclass(frozen=True)
class Resolution:
    """Entities and, per document, its settled mentions in text order."""

    entities: tuple[Entity, ...]
    mentions: dict[str, MentionRun]  # document id -> its mentions (rows of one table)
    definitions: dict[str, tuple[str, int]]  # defined name -> (document id, sentence index)


@lru_cache(maxsize=1)
def _general_idf() -> dict[str, float]:
    from kgraph.resources import jionlp_file

    path = jionlp_file("idf.zip")
    with zipfile.ZipFile(path) as archive:
        lines = archive.read("idf.txt").decode("utf-8").splitlines()
    idf: dict[str, float] = {}
    shared: dict[float, float] = {}  # one float per value: 3,328 of them for 270,132 words
    for line in lines:
        word, _, value = line.partition("\t")
        try:
            number = float(value)
        except ValueError:
            continue
        idf[word] = shared.setdefault(number, number)
    return idf


def release_general_idf() -> None:
    """Free jionlp's general IDF table (about 30 MB), loaded again when next read.

    Only resolution reads it; a build frees it once its entities are
    resolved (:func:`kgraph.pipeline.analyse`). The quantiles taken from it
    are kept.
    """
    _general_idf.cache_clear()


@lru_cache(maxsize=1)
def _common_word_idf() -> float:
    """The IDF below which a word is among the commonest 0.5% of jionlp's general table."""
    values = sorted(_general_idf().values())
    return values[len(values) // 200] if values else 0.0


@lru_cache(maxsize=1)
def _everyday_idf() -> float:
    """The IDF below which a word is among the commonest 5% of jionlp's general table."""
    values = sorted(_general_idf().values())
    return values[len(values) // 20] if values else 0.0


@lru_cache(maxsize=1)
def _median_idf() -> float:
    values = sorted(_general_idf().values())
    return values[len(values) // 2] if values else 0.0


def is_generic_name(
    name: str, specific: Container[str] = frozenset(), places: Container[str] = frozenset()
) -> bool:
    """Whether a headed name is a generic noun of the genre rather than a named thing.

    A word the corpus writes as its own (``specific``, :func:`corpus_specific`) is never
    generic. Otherwise generic: the whole name is an everyday word of the general IDF table
    (below its median IDF), or what precedes the head is one of the
    commonest 0.5% of its words (发展理念, 工作模式, 经济改革), a system (制度) qualified by
    fewer than five characters (监督制度), or an idea head stacked on a generic idea noun
    (指导思想理论), or an experience (经验) after one of the commonest 5% (典型经验, 宝贵经验).
    A name after a place of ``places`` is named after it, however common the place's name
    (上海精神, 浙江经验). :func:`generic_reason` says which.

    >>> is_generic_name("上海精神"), is_generic_name("上海精神", places={"上海"})
    (True, False)
    >>> is_generic_name("宝贵经验"), is_generic_name("枫桥经验")
    (True, False)
    >>> is_generic_name("发展理念"), is_generic_name("枫桥经验"), is_generic_name("指导思想理论")
    (True, False, True)
    """
    return bool(generic_reason(name, specific, places))


#: The reasons :func:`generic_reason` gives, in the order it tries them.
GENERIC_REASONS = (
    "everyday word",
    "kind of system",
    "meeting's spirit",
    "idea of an idea",
    "quality's experience",
    "common modifier",
)


def generic_reason(
    name: str, specific: Container[str] = frozenset(), places: Container[str] = frozenset()
) -> str:
    """Why a headed name is generic (one of :data:`GENERIC_REASONS`), or ``""`` when it is not.

    >>> generic_reason("监督制度"), generic_reason("典型经验"), generic_reason("枫桥经验")
    ('kind of system', "quality's experience", '')
    """
    from kgraph.extract.vocabulary import CAMPAIGN_HEADS, CONCEPT_HEADS

    if name in specific:
        return ""  # the corpus's own word, whatever its parts (共同富裕)
    idf = _general_idf()
    if name in idf and idf[name] < _median_idf() and len(name) <= 4:
        return "everyday word"
    head = max((h for h in CAMPAIGN_HEADS + CONCEPT_HEADS if name.endswith(h)), key=len, default="")
    modifier = name[: len(name) - len(head)] if head else ""
    if head == "制度" and len(modifier) < 5:
        return "kind of system"  # 监督制度, 根本政治制度; not a named one (人民代表大会制度)
    if head == "精神" and modifier.endswith(("会", "会议")):
        return "meeting's spirit"  # 全会精神, 会议精神: a meeting's content, not a named spirit
    if head == "强国" and len(modifier) == 2:
        return ""  # a goal for a field, named by its everyday word (教育强国, 汽车强国)
    if head in _IDEA_HEADS and modifier.endswith(CONCEPT_HEADS) and len(modifier) >= 4:
        return "idea of an idea" if is_generic_name(modifier) else ""  # 指导思想理论
    if modifier in places:
        return ""
    if head == "经验" and idf.get(modifier, 99.0) < _everyday_idf():
        return "quality's experience"  # 典型经验, 宝贵经验, not a named one
    if modifier and idf.get(modifier, 99.0) < _common_word_idf():
        return "common modifier"
    return ""


#: Heads that say "an idea": stacked on a generic idea noun they name nothing new.
_IDEA_HEADS = ("理论", "思想", "理念", "精神")


#: How many times more often than in general language a corpus must write a word for it
#: to be the corpus's own (its share of documents against ``exp(-idf)``).
_SPECIFIC_LIFT = 1000.0
#: In how many documents a corpus must write an everyday word for it to be its own.
_SPECIFIC_DOCUMENTS = 2


def corpus_specific(document_frequency: Counter[str], n_docs: int) -> frozenset[str]:
    """Everyday words of the general IDF table that a corpus writes as its own: in two
    documents or more, and in a share of its documents at least a thousand times the share
    the IDF gives (``exp(-idf)``), so 共同富裕 in two of thirty party articles is a goal
    named there, where 指导思想 in one is the everyday word.

    >>> sorted(corpus_specific(Counter({"共同富裕": 2, "指导思想": 1, "社会主义": 5}), 30))
    ['共同富裕']
    """
    idf = _general_idf()
    return frozenset(
        word
        for word, df in document_frequency.items()
        if df >= _SPECIFIC_DOCUMENTS
        and word in idf
        and df / max(1, n_docs) * math.exp(idf[word]) >= _SPECIFIC_LIFT
    )


def _owned_word(name: str, specific: Container[str]) -> bool:
    """Whether a name is one of the corpus's own words after an everyday word that only
    says whose it is (人民 in 人民共同富裕): the own word is the name.

    >>> _owned_word("人民共同富裕", {"共同富裕"}), _owned_word("共同富裕", {"共同富裕"})
    (True, False)
    """
    idf, median = _general_idf(), _median_idf()
    return any(
        name[k:] in specific and idf.get(name[:k], median) < median for k in range(1, len(name) - 3)
    )


def _written_in(extractions: list[DocumentExtraction]) -> Counter[str]:
    """How many documents write each ``vocab.*`` name that is an everyday word of the
    general IDF table (共同富裕), wherever it stands (人民共同富裕 counts too).

    Notes
    -----
    One Aho-Corasick pass over the body sentences.
    """
    idf, median = _general_idf(), _median_idf()
    everyday = {
        c.norm
        for ex in extractions
        for c in ex.candidates
        if c.extractor.startswith("vocab.") and idf.get(c.norm, median) < median
    }
    automaton = _automaton(everyday)
    written: Counter[str] = Counter()
    if automaton is None:
        return written
    for ex in extractions:
        written.update(
            {
                name
                for sentence in ex.sentences
                if sentence.section != SectionKind.META
                for _, name in automaton.iter(sentence.norm)
            }
        )
    return written


def is_padded_name(name: str) -> bool:
    """Whether a headed name is a whole name after a word that only stands next to it in
    the sentence: another name (马克思主义唯物史观 is two names) or one character
    (该事采取行动 gives 事采取行动; 采取行动 is one word).

    The whole name must be a word of the general IDF table ending in a head.

    >>> is_padded_name("马克思主义唯物史观"), is_padded_name("事采取行动")
    (True, True)
    >>> is_padded_name("科学社会主义"), is_padded_name("中国特色社会主义")
    (False, False)
    """
    from kgraph.extract.vocabulary import CAMPAIGN_HEADS, CONCEPT_HEADS

    heads = CAMPAIGN_HEADS + CONCEPT_HEADS
    idf = _general_idf()
    for k in range(1, len(name) - 3):
        modifier, whole = name[:k], name[k:]
        if whole not in idf or not whole.endswith(heads):
            continue
        if k == 1 or (modifier in idf and modifier.endswith(heads) and len(modifier) >= 4):
            return True
    return False


#: In how many documents a 全面 goal must be written to be kept (it is a clause otherwise).
_GOAL_DOCUMENTS = 2


def _vocabulary(
    extractions: list[DocumentExtraction],
    generic: set[str],
    specific: Container[str],
    places: Container[str],
) -> dict[str, str]:
    """Accepted ``vocab.*`` names -> canonical label: generic names dropped, 全面 goals
    kept when two documents write them, a plan number that is also written with 规划 is
    an alias of the full name (十四五 -> 十四五规划)."""
    goals = Counter(
        name
        for ex in extractions
        for name in {c.norm for c in ex.candidates if c.extractor == "vocab.goal"}
    )
    names = {
        c.norm
        for ex in extractions
        for c in ex.candidates
        if c.extractor.startswith("vocab.")
        and not (
            c.extractor == "vocab.head"
            and (
                is_generic_name(c.norm, specific, places)
                or is_padded_name(c.norm)
                or _owned_word(c.norm, specific)
            )
        )
        and (c.extractor != "vocab.goal" or goals[c.norm] >= _GOAL_DOCUMENTS)
        and c.norm not in generic
    }
    names -= _padded_by_context(extractions, names)
    return {name: name + "规划" if name + "规划" in names else name for name in sorted(names)}


#: Conjunctions that join two names into one (国家治理体系和治理能力现代化).
_JOINING = "和与"


def _padded_by_context(extractions: list[DocumentExtraction], names: set[str]) -> set[str]:
    """Headed names written once whose end is a name the corpus writes twice or more on its
    own: what stands before it there is the sentence around the name (书写好|乡村振兴,
    充分发挥|改革, 提质|基层党建), not a part of it. A person, place or organization before
    it names it (习近平|生态文明思想), and words ending in 和 or 与 join another name to it
    (黄河流域生态保护和|高质量发展)."""
    seen: Counter[str] = Counter()
    actors: set[str] = set()
    for ex in extractions:
        for c in ex.candidates:
            if c.extractor == "vocab.head":
                seen[c.norm] += 1
            elif c.type in _NAMES:
                actors.add(c.norm)
    return {
        name
        for name, n in seen.items()
        if name in names
        and n == 1
        and any(
            name[k:] in names
            and seen[name[k:]] >= 2
            and name[:k] not in actors
            and name[k - 1] not in _JOINING  # a second name joined to it: …保护和|高质量发展
            for k in range(1, len(name) - 1)
        )
    }


#: In how many documents a quoted phrase with no context must stand to be a slogan.
_QUOTED_DOCUMENTS = 2


def _quoted_entities(
    extractions: list[DocumentExtraction],
) -> dict[str, tuple[EntityType, float, str]]:
    """Decide which quoted phrases name campaigns or slogans."""
    docs: dict[str, set[str]] = defaultdict(set)
    context: dict[str, bool] = defaultdict(bool)
    held: dict[str, bool] = defaultdict(bool)
    idea: dict[str, bool] = defaultdict(bool)
    definition: dict[str, str] = {}
    for ex in extractions:
        for q in ex.quoted:
            if ex.sentences[q.sentence].section == SectionKind.TEASER:
                continue
            docs[q.text].add(ex.document.id)
            context[q.text] |= q.campaign_context
            held[q.text] |= q.slogan_context
            idea[q.text] |= q.concept_context
            if q.definition and q.text not in definition:
                definition[q.text] = q.definition
    decided: dict[str, tuple[EntityType, float, str]] = {}
    for text in sorted(docs):
        if is_formula(text):
            campaign = context[text] and not held[text]  # “五位一体”总体布局 is stated
            kind = EntityType.CAMPAIGN if campaign else EntityType.SLOGAN
            decided[text] = (kind, 0.85, "quoted-formula")
        elif context[text] or text in definition:
            decided[text] = (EntityType.CAMPAIGN, 0.8, "quoted-named")
        elif idea[text] and len(text) >= 3:
            decided[text] = (EntityType.CONCEPT, 0.75, "quoted-idea")
        elif held[text] and len(text) >= 3:
            decided[text] = (EntityType.SLOGAN, 0.7, "quoted-held")
        elif len(docs[text]) >= _QUOTED_DOCUMENTS and len(text) >= 4:
            decided[text] = (EntityType.SLOGAN, 0.6, "quoted-recurring")
    return decided


#: An abbreviation given right after a name: 山林长效保护制度（以下简称“山保制”）, …，简称山保制。
_ABBREVIATION = re.compile(
    r"\s*[（(]?\s*[，,]?\s*(?:以下)?(?:简称为|简称)\s*[“‘]?([\u4e00-\u9fff]{2,8}?)[”’]?"
    r"\s*(?=[）)，,。；;、]|$)"
)


def _abbreviations(
    extractions: list[DocumentExtraction], strong: dict[str, EntityType]
) -> dict[str, str]:
    """Short form -> full name, where a text abbreviates a campaign, slogan or concept right
    after writing it in full; the longest full name wins.

    The short form is an alias of the full name's entity, so 山保制 and 山林长效保护制度 are
    one campaign. A short form that names a person, place or organization stays that, and
    an enumeration's short form is the name it defines.
    """
    # an enumeration abbreviated (简化审批、强化监管、优化服务，简称放审服改革) is a definition
    automaton = _automaton(
        name
        for name, kind in strong.items()
        if kind in _VOCABULARY and len(name) >= 3 and "、" not in name
    )
    if automaton is None:
        return {}
    found: dict[str, str] = {}
    for ex in extractions:
        for sentence in ex.sentences:
            text = sentence.norm
            if "简称" not in text:
                continue
            for end, name in automaton.iter(text):
                m = _ABBREVIATION.match(text, end + 1)
                if not m or len(m.group(1)) >= len(name):
                    continue
                short = m.group(1)
                if strong.get(short, EntityType.CAMPAIGN) not in _VOCABULARY:
                    continue
                if short not in found or (len(name), name) > (len(found[short]), found[short]):
                    found[short] = name
    return {short: full for short, full in found.items() if full not in found}


#: Verbs that carry out a meeting's or a speech's content, in the clause before its 精神.
_CARRY_OUT_VERB = "(?:贯彻|落实|传达|领会)"
_CARRY_OUT = re.compile(_CARRY_OUT_VERB + r"[^，。；,;！？!?]{0,12}$")
#: A speech or instruction called 重要 before 精神 or before another one: 重要讲话精神,
#: 重要讲话、重要指示精神.
_SPEECH_SPIRIT = re.compile(r"重要([\u4e00-\u9fff]{2})(?=精神|[和、与及]?重要)")


def _carried_out_spirits(extractions: list[DocumentExtraction]) -> set[str]:
    """Names in 精神 that the corpus carries out more often than not (贯彻全会精神,
    落实会议精神): the content of a meeting, speech or document, not a named spirit
    (弘扬长征精神), or names that open with such a verb (落实会议精神). Counted over every
    sentence outside the metadata, one count per occurrence. A spirit of what the corpus
    calls 重要 before 精神 is a speech's content too (重要讲话精神, 重要讲话重要指示精神
    give 讲话精神 and 指示精神): no named spirit is 重要.

    Notes
    -----
    One pass over the sentences that hold 精神, with one Aho-Corasick automaton.
    """
    names = {
        c.norm
        for ex in extractions
        for c in ex.candidates
        if c.extractor.startswith("vocab.") and c.norm.endswith("精神")
    }
    names.update(p for ex in extractions for p in ex.phrases if p.endswith("精神"))
    automaton = _automaton(n for n in names if len(n) >= 4)
    if automaton is None:
        return set()
    seen: Counter[str] = Counter()
    carried: Counter[str] = Counter()
    speeches: set[str] = set()
    for ex in extractions:
        for sentence in ex.sentences:
            if "精神" not in sentence.norm or sentence.section == SectionKind.META:
                continue
            speeches.update(_SPEECH_SPIRIT.findall(sentence.norm))
            for end, name in automaton.iter(sentence.norm):
                start = end - len(name) + 1
                seen[name] += 1
                carried[name] += bool(
                    _CARRY_OUT.search(sentence.norm, 0, start) or re.match(_CARRY_OUT_VERB, name)
                )
    return {name for name, n in seen.items() if 2 * carried[name] >= n or name[-4:-2] in speeches}


def _place_names(extractions: list[DocumentExtraction], g: Gazetteer) -> frozenset[str]:
    """The names of places below a country as the corpus writes them (上海, 延安): what a
    spirit or an experience is named after. A country before a head is its owner
    (中国现代化), not what the name is after."""
    return frozenset(
        ex.sentences[c.sentence].norm[c.i : c.j]
        for ex in extractions
        for c in ex.candidates
        if c.type == EntityType.PLACE and c.place_ids and g.levels[c.place_ids[0]] != "country"
    )


def _holds_any(words: Iterable[str]) -> Callable[[str], bool]:
    """Whether a text holds any of ``words``: one Aho-Corasick pass, however many words.

    >>> holds = _holds_any(["宁德", "福州"])
    >>> holds("宁德工作"), holds("工作")
    (True, False)
    """
    automaton = _automaton(words)
    if automaton is None:
        return lambda text: False
    return lambda text: next(automaton.iter(text), None) is not None


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton finding ``words`` (each its own value), or None for no words."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    if not len(automaton):
        return None  # an empty automaton cannot be searched
    automaton.make_automaton()
    return automaton


def _concepts(
    extractions: list[DocumentExtraction],
    taken: set[str],
    limit: int,
    gazetteer: Gazetteer,
    generic: set[str],
    specific: Container[str] = frozenset(),
    places: Container[str] = frozenset(),
) -> dict[str, float]:
    """Rank noun phrases by TF-IDF; return the top ``limit`` with normalized scores.

    Phrases holding a name found elsewhere (宁德工作, 习近平同志) or a title are not concepts.
    """
    from kgraph.extract.lexicon import HONORIFICS, POSITIONS

    titles = set(HONORIFICS) | set(POSITIONS)
    idf = _general_idf()
    default = max(idf.values()) if idf else 10.0
    tf: Counter[str] = Counter()
    df: Counter[str] = Counter()
    from kgraph.extract.vocabulary import CONCEPT_HEADS

    headed: set[str] = set()
    for ex in extractions:
        named = Counter(c.norm for c in ex.candidates if c.type == EntityType.CONCEPT)
        headed.update(named)
        phrases = Counter({p: n for p, n in ex.phrases.items() if p.endswith(CONCEPT_HEADS)})
        phrases.update(named)
        tf.update(phrases)
        df.update(set(phrases))
    n_docs = max(1, len(extractions))
    # a truncation (特色社会主义) seen mostly inside a longer name (中国特色社会主义) is not one
    truncated = _truncations(tf)
    holds_name = _holds_any(name for name in taken if len(name) >= 2)
    scores: dict[str, float] = {}
    for phrase, count in tf.items():
        if count < 2 or len(phrase) < 3 or phrase in titles or phrase in truncated:
            continue
        if is_generic_name(phrase, specific, places) or is_padded_name(phrase) or phrase in generic:
            continue
        if phrase not in headed and (
            holds_name(phrase) or any(gazetteer.candidates(n) for _, _, n in gazetteer.find(phrase))
        ):
            continue
        weight = idf.get(phrase)
        if weight is None:  # a compound: rarer than its rarest part
            parts = [idf.get(phrase[:k]) for k in range(2, len(phrase) - 1)]
            weight = max((p for p in parts if p is not None), default=default * 0.8)
        scores[phrase] = (1 + math.log(count)) * weight * math.sqrt(df[phrase] / n_docs)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    top = ranked[0][1] if ranked else 1.0
    return {phrase: round(score / top, 4) for phrase, score in ranked}


def _truncations(tf: Counter[str]) -> set[str]:
    """Phrases seen mostly (60%) inside a longer phrase of the corpus (特色社会主义).

    >>> sorted(_truncations(Counter({"中国特色社会主义": 5, "特色社会主义": 6, "社会主义": 20})))
    ['特色社会主义']

    Notes
    -----
    One Aho-Corasick pass over the phrases: linear in their total length plus the matches.
    """
    pool = [p for p, n in tf.items() if n >= 2 and len(p) >= 3]
    automaton = _automaton(pool)
    if automaton is None:
        return set()
    inside: Counter[str] = Counter()
    for longer in pool:
        for _, shorter in automaton.iter(longer):
            if shorter != longer:
                inside[shorter] += tf[longer]
    return {p for p, n in inside.items() if n >= 0.6 * tf[p]}


def resolve(extractions: list[DocumentExtraction], gazetteer: Gazetteer) -> Resolution:
    """Turn every document's candidates into mentions and entities.

    Notes
    -----
    Linear in the number of sentences plus the size of the corpus dictionary.
    """
    import ahocorasick

    quoted = _quoted_entities(extractions)
    carried_out = _carried_out_spirits(extractions)
    specific = corpus_specific(_written_in(extractions), len(extractions))
    places = _place_names(extractions, gazetteer)
    canonical = _vocabulary(extractions, carried_out, specific, places)
    extractions = [_with_vocabulary(ex, canonical) for ex in extractions]
    votes: dict[str, Counter[EntityType]] = defaultdict(Counter)
    learned: dict[str, Counter[EntityType]] = defaultdict(Counter)
    for ex in extractions:
        for c in ex.candidates:
            if c.confidence >= 0.8:
                (learned if c.extractor == LEARNED else votes)[_named(ex, c)][c.type] += 1
    strong: dict[str, EntityType] = {}
    for name in sorted(votes):  # the type most candidates of a name have, across the corpus
        kind = max(votes[name], key=lambda k: (votes[name][k], _PRIORITY[k]))
        if kind != EntityType.PLACE:
            strong[name] = kind
    for text, (kind, _, _) in quoted.items():
        strong.setdefault(text, kind)
    for name in sorted(learned):  # the rules type the names they propose, the tagger its own
        if name not in strong and name not in votes:
            strong[name] = max(learned[name], key=lambda k: (learned[name][k], _PRIORITY[k]))
    concept_limit = min(300, 15 + 3 * len(extractions))
    concepts = _concepts(
        extractions, set(strong), concept_limit, gazetteer, carried_out, specific, places
    )
    for phrase in concepts:
        strong.setdefault(phrase, EntityType.CONCEPT)

    abbreviated = _abbreviations(extractions, strong)
    for short, full in abbreviated.items():
        strong[short] = strong[full]

    automaton = ahocorasick.Automaton()
    for name in strong:
        if len(name) >= 2:
            automaton.add_word(name, name)
    automaton.make_automaton()
    has_names = len(automaton) > 0

    # every document's mentions in rows of one table, made and stored a document at a time
    table = MentionTable()
    mentions: dict[str, MentionRun] = {}
    place_of: dict[tuple[str, int, int], int] = {}
    for ex in extractions:
        candidates = _learned_typed(ex.candidates, strong)
        for sentence in ex.sentences if has_names else ():
            if sentence.section == SectionKind.META:
                continue
            bounds = ex.boundaries[sentence.index]
            for end, name in automaton.iter(sentence.norm):
                i, j = end - len(name) + 1, end + 1
                kind = strong[name]
                if len(name) <= 3 and not (bounds[i] and bounds[j]) and kind != EntityType.SLOGAN:
                    continue
                if name in quoted and (
                    kind in (EntityType.CAMPAIGN, EntityType.SLOGAN) or kind == quoted[name][0]
                ):
                    confidence, how = quoted[name][1], f"{kind.value.lower()}.{quoted[name][2]}"
                elif kind == EntityType.CONCEPT:
                    confidence, how = 0.7, "concept.tfidf"
                else:
                    confidence, how = 0.75, "dictionary"
                norm = abbreviated.get(name, name)
                candidates.append(Candidate(sentence.index, i, j, kind, norm, how, confidence))
        if abbreviated:
            candidates = [
                replace(c, norm=abbreviated[c.norm], type=strong[abbreviated[c.norm]])
                if c.type in _VOCABULARY and c.norm in abbreviated
                else c
                for c in candidates
            ]
        settled = _settle(_defer_to_rules(candidates))
        settled = _disambiguate_places(settled, gazetteer)
        settled = _refill(settled, candidates, gazetteer)
        settled = _merge_given_names(settled)
        doc_mentions = []
        for c in settled:
            m = mention_of(c, ex.sentences[c.sentence], ex.document)
            if c.type == EntityType.PLACE and c.extractor != "place.region":
                place_of[(m.doc_id, m.start, m.end)] = c.place_ids[0] if c.place_ids else -1
            doc_mentions.append(m)
        first = len(table)
        table.extend(sorted(doc_mentions, key=lambda m: (m.start, m.end)))
        mentions[ex.document.id] = table.run(first, len(table))
        del doc_mentions

    definitions: dict[str, str] = {}
    defined_at: dict[str, tuple[str, int]] = {}
    for ex in extractions:
        for q in ex.quoted:
            if q.definition and q.text not in definitions:
                definitions[q.text] = q.definition
                defined_at[q.text] = (ex.document.id, q.sentence)
    for ex in extractions:
        for c in ex.candidates:
            if not c.extractor.startswith("vocab.") or c.norm in definitions:
                continue
            definition = unquoted_definition(ex.sentences[c.sentence].norm, c.i, c.j)
            if definition:
                definitions[c.norm] = definition
                defined_at[c.norm] = (ex.document.id, c.sentence)
    entities = _entities(table, mentions.values(), place_of, gazetteer, definitions, concepts)
    return Resolution(entities, mentions, defined_at)


_NAMES = (EntityType.PERSON, EntityType.PLACE, EntityType.ORGANIZATION)
_VOCABULARY = (EntityType.CAMPAIGN, EntityType.SLOGAN, EntityType.CONCEPT)
#: A definition after an unquoted name: 山长制，即由各级书记担任山长的制度。
_DEFINED_AFTER = re.compile(
    r"\s*[,，]?\s*(?:即|是指|指的是|就是指)\s*([^。；;！？!?]{4,120}?)(?=[,，]\s*(?:是|为|被|由|在)|[。；;！？!?]|$)"
)
#: A definition before it: 深化审批、监管和服务改革，简称放审服改革。
_DEFINED_BEFORE = re.compile(
    r"(?:^|[。；;,，：:])\s*([^。；;,，：:“”]{4,80}?)\s*[,，]?\s*(?:简称为|简称|概括为|称为)\s*$"
)


def unquoted_definition(text: str, i: int, j: int) -> str:
    """The definition a sentence gives for the unquoted name at ``text[i:j]``, or ''.

    >>> text = "全面推行山长制，即由各级书记担任山长、负责山林保护的制度。"
    >>> unquoted_definition(text, 4, 7)
    '由各级书记担任山长、负责山林保护的制度'
    >>> unquoted_definition("简化审批、强化监管、优化服务，简称放审服。", 17, 20)
    '简化审批、强化监管、优化服务'
    >>> unquoted_definition("各地落实山长制。", 4, 7)
    ''
    """
    after = _DEFINED_AFTER.match(text, j)
    if after:
        return after.group(1)
    before = _DEFINED_BEFORE.search(text, 0, i)
    return before.group(1) if before else ""


def _named(ex: DocumentExtraction, c: Candidate) -> str:
    """The name a candidate votes for: the text it spans (日本, though a place's norm is 日本国),
    or, for the political vocabulary, its canonical form."""
    return c.norm if c.extractor.startswith("vocab.") else ex.sentences[c.sentence].norm[c.i : c.j]


def _learned_typed(
    candidates: Sequence[Candidate], strong: Mapping[str, EntityType]
) -> list[Candidate]:
    """The candidates, the learned tagger's with the type the corpus gives their name: on one
    span, a rule's type (a quoted phrase's, a head's) wins over the tagger's."""
    return [
        replace(c, type=strong[c.norm])
        if c.extractor == LEARNED and strong.get(c.norm, c.type) != c.type
        else c
        for c in candidates
    ]


def _with_vocabulary(ex: DocumentExtraction, canonical: dict[str, str]) -> DocumentExtraction:
    """The extraction with its ``vocab.*`` candidates accepted and named canonically."""
    kept = []
    for c in ex.candidates:
        if c.extractor.startswith("vocab."):
            if c.norm not in canonical:
                continue
            c = replace(c, norm=canonical[c.norm])
        kept.append(c)
    return replace(ex, candidates=tuple(kept))


def _settle(candidates: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: longest span first, then type priority and confidence."""
    by_sentence: dict[int, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_sentence[c.sentence].append(c)
    kept: list[Candidate] = []
    for index in sorted(by_sentence):
        chosen: list[Candidate] = []
        taken: set[int] = set()
        ordered = sorted(
            by_sentence[index],
            key=lambda c: (
                -(c.j - c.i),
                -_PRIORITY[c.type],
                c.extractor.startswith("ner."),
                -c.confidence,
                c.i,
                c.extractor,
            ),  # on one span, a rule (which knows roles and divisions) wins over the tagger
        )
        titles: list[Candidate] = []
        for c in ordered:
            span = set(range(c.i, c.j))
            if (c.type in _NAMES or c.type in _VOCABULARY) and any(
                w.i <= c.i and c.j <= w.j for w in titles
            ):
                inner = span & taken - {k for w in titles for k in range(w.i, w.j)}
                if not inner and not any(
                    o.i < c.j and c.i < o.j for o in chosen if o.type != EntityType.WORK
                ):
                    # 周恩来 in 《国统区的周恩来》, 第十五个五年规划 in 《…的建议》: mentions too
                    chosen.append(c)
                continue
            if span & taken:
                if c.type == EntityType.PLACE and _names_place(chosen, c):
                    chosen.append(c)  # 古田县 inside 古田县委 is a mention of the place too
                elif c.type in (EntityType.PLACE, EntityType.PERSON) and _opens_name(chosen, c):
                    chosen.append(c)  # 浙江 in 浙江经验, 雷锋 in 雷锋精神: what it is named after
                continue
            taken |= span
            chosen.append(c)
            if c.type == EntityType.WORK:
                titles.append(c)
        kept.extend(sorted(chosen, key=lambda c: c.i))
    return kept


def _defer_to_rules(candidates: list[Candidate]) -> list[Candidate]:
    """Without the tagger's spans that rules' names tile exactly: 福建省宁德市古田县委 is
    福建省, 宁德市 and 古田县委 to kgraph, each a node of its own."""
    rules: dict[int, list[Candidate]] = defaultdict(list)
    for c in candidates:
        if c.type in _NAMES and not c.extractor.startswith("ner."):
            rules[c.sentence].append(c)

    def tiled(c: Candidate) -> bool:
        inside = [
            r for r in rules[c.sentence] if c.i <= r.i and r.j <= c.j and (r.i, r.j) != (c.i, c.j)
        ]
        covered = {k for r in inside for k in range(r.i, r.j)}
        return len(inside) >= 2 and covered == set(range(c.i, c.j))

    return [c for c in candidates if not (c.extractor.startswith("ner.") and tiled(c))]


def _refill(kept: list[Candidate], candidates: list[Candidate], g: Gazetteer) -> list[Candidate]:
    """Learned candidates where nothing is left: a place of the rules that disambiguation dropped
    (a county's short form with no prefecture named) gives way to the tagger's place there."""
    taken = {(c.sentence, k) for c in kept for k in range(c.i, c.j)}
    learned = sorted(
        (c for c in candidates if c.extractor.startswith("ner.")),
        key=lambda c: (c.sentence, -(c.j - c.i), c.i),
    )
    out = list(kept)
    for c in learned:
        span = {(c.sentence, k) for k in range(c.i, c.j)}
        if span & taken:
            continue
        placed = _disambiguate_places([*out, c], g) if c.type == EntityType.PLACE else [c]
        if placed and placed[-1].i == c.i and placed[-1].sentence == c.sentence:
            out.append(placed[-1])
            taken |= span
    return sorted(out, key=lambda c: (c.sentence, c.i))


def _opens_name(chosen: list[Candidate], c: Candidate) -> bool:
    """Whether ``c`` opens a campaign or concept name already chosen (浙江 in 浙江经验)."""
    return any(
        o.type in (EntityType.CAMPAIGN, EntityType.CONCEPT) and o.i == c.i and o.j > c.j
        for o in chosen
    ) and not any(p.type == c.type and p.i <= c.i < p.j for p in chosen)


def _names_place(chosen: list[Candidate], place: Candidate) -> bool:
    """Whether ``place`` opens an organization's name already chosen (古田县委)."""
    return any(
        o.type == EntityType.ORGANIZATION
        and o.i == place.i
        and o.j > place.j
        and o.extractor.startswith("org.")
        for o in chosen
    ) and not any(p.type == EntityType.PLACE and p.i <= place.i < p.j for p in chosen)


_DIVISIONS = ("country", "province", "prefecture", "county")
_SMALL = ("township", "village")
#: How precisely a named place fixes a township or village: a township over a county over a prefecture.
_ANCHOR_RANK = {"township": 3, "county": 2, "prefecture": 1}


def _disambiguate_places(candidates: list[Candidate], g: Gazetteer) -> list[Candidate]:
    """Pick one division per place mention, using the document's other places.

    A county or larger division is picked by the prefectures and counties the
    document names and those containing them; a township or village only by
    the places the document names itself (:func:`_small_division`).
    """
    context: set[int] = set()  # prefectures and counties the document names, and their parents
    named: set[int] = set()  # the divisions the document names itself
    for c in candidates:
        if c.type == EntityType.PLACE and c.place_ids:
            top = c.place_ids[0]
            if len(c.place_ids) == 1 or g.levels[top] in _DIVISIONS:
                context.add(top)
                context.update(a for a in g.ancestors(top) if g.levels[a] != "province")
                named.add(top)
                # every division of that full name: 朝阳区 is one of two until a township says which
                named.update(
                    p for p in c.place_ids if g.levels[p] in _DIVISIONS and g.names[p] == c.norm
                )
    ending: dict[tuple[int, int], list[Candidate]] = defaultdict(list)  # places by where they end
    for c in candidates:
        if c.type == EntityType.PLACE and c.place_ids and c.extractor != "place.region":
            ending[(c.sentence, c.j)].append(c)
    out: list[Candidate] = []
    for c in candidates:
        if c.type != EntityType.PLACE or c.extractor == "place.region":
            out.append(c)
            continue
        ids = list(c.place_ids)
        learned = c.extractor.startswith("ner.")
        if not ids:
            if learned:  # a river, a landmark, a foreign city: a place the gazetteer does not list
                out.append(c)
            continue
        if g.levels[ids[0]] in _SMALL:
            placed = _small_division(c, ending.get((c.sentence, c.i), []), named, g)
            if placed is None and not learned:
                continue  # an ambiguous township or village with nothing to place it
            chosen = placed[0] if placed else -1
            if chosen < 0:  # the tagger's place, or one whose written county does not hold it
                out.append(replace(c, place_ids=()))
            else:
                out.append(replace(c, norm=g.names[chosen], place_ids=(chosen,)))
            continue
        in_context = [p for p in ids if p in context or set(g.ancestors(p)) & context]
        if c.extractor == "gazetteer.short" and g.levels[ids[0]] == "county":
            # a county's short form (惠民, 新兴) needs its prefecture or province named too
            others = {
                p
                for d in candidates
                if d is not c and d.type == EntityType.PLACE
                for p in d.place_ids[:1]
            }
            if not set(g.ancestors(ids[0])) & others:
                continue
        chosen = in_context[0] if in_context else ids[0]  # a division: the first, unless named
        out.append(replace(c, norm=g.names[chosen], place_ids=(chosen,)))
    return out


def _small_division(
    c: Candidate, written_before: list[Candidate], named: set[int], g: Gazetteer
) -> tuple[int, ...] | None:
    """The township or village ``c`` denotes: ``(id,)``, ``()`` to keep it unplaced, or ``None``.

    A place written right before it (``written_before``: 福鼎市赤溪村) must contain it: when none
    of its namesakes lies there, it is kept without a division (``()``).
    Otherwise the one namesake the document fixes is taken: the only one the
    gazetteer has, or the only one inside the most precise place the document
    names (a township, then a county, then a prefecture or municipality; a
    prefecture a county lies in does not count unless named itself).
    ``None`` when no single namesake is fixed.

    Notes
    -----
    Linear in the number of namesakes times the depth of the hierarchy.
    """
    ids = list(c.place_ids)
    before = [
        d
        for d in written_before
        if g.levels[d.place_ids[0]] in ("province", "prefecture", "county", "township")
        and g.levels[d.place_ids[0]] != g.levels[ids[0]]
    ]
    for d in before:
        ids = [p for p in ids if set(g.ancestors(p)) & set(d.place_ids)]
        if not ids:
            return ()
    if len(ids) == 1:
        return (ids[0],)
    ranks = {p: _ANCHOR_RANK.get(g.anchor_level(p, named), 0) for p in ids}
    best = max(ranks.values())
    fixed = [p for p in ids if ranks[p] == best]
    return (fixed[0],) if best > 0 and len(fixed) == 1 else None


def _merge_given_names(candidates: list[Candidate]) -> list[Candidate]:
    """A two-character name that ends a longer name of the same document is that person."""
    people = {c.norm for c in candidates if c.type == EntityType.PERSON}
    full = {name[1:]: name for name in people if len(name) == 3}
    full.update({name[2:]: name for name in people if len(name) == 4})
    out = []
    for c in candidates:
        if c.type == EntityType.PERSON and c.norm in full:
            c = replace(c, norm=full[c.norm], extractor=c.extractor + "+given-name")
        out.append(c)
    return out


def _entities(
    table: MentionTable,
    per_document: Iterable[MentionRun],
    place_of: dict[tuple[str, int, int], int],
    g: Gazetteer,
    definitions: dict[str, str],
    concepts: dict[str, float],
) -> tuple[Entity, ...]:
    """The entities the mentions of ``per_document`` (runs of ``table``) name, in key order.

    Each entity's mentions are rows of one new table (sharing ``table``'s
    strings), sorted by document and start; they are grouped by row number,
    so no record of a mention is made.
    """
    strings = table.strings.strings
    keys: dict[int, str] = {}  # the entity key of each (norm, type), made once
    types = len(EntityType)
    grouped: dict[str, array[int]] = defaultdict(lambda: array("I"))
    placed_by: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    place = list(EntityType).index(EntityType.PLACE)
    for run in per_document:
        for i in run.rows():
            kind = table.type_index(i)
            pair = table.norm_id(i) * types + kind
            key = keys.get(pair)
            if key is None:
                key = keys[pair] = entity_key(table.type(i), strings[table.norm_id(i)])
            grouped[key].append(i)
            if kind == place:
                doc_id = table.doc_id(i)
                pid = place_of.get((doc_id, table.start(i), table.end(i)), -1)
                if pid >= 0:
                    placed_by[key][pid].add(doc_id)
    del keys
    place_ids = {
        key: pid for key in sorted(placed_by) if (pid := _agreed_division(placed_by[key])) >= 0
    }
    # containing places exist as entities even when never mentioned
    for pid in list(place_ids.values()):
        for ancestor in g.ancestors(pid):
            akey = entity_key(EntityType.PLACE, g.names[ancestor])
            place_ids.setdefault(akey, ancestor)
            grouped.setdefault(akey, array("I"))
    for key, found in list(grouped.items()):
        if found and table.extractor(found[0]) == "place.region":
            for parent in _region_parents(key.partition("/")[2]):
                grouped.setdefault(parent, array("I"))
                place_ids.setdefault(parent, g.by_name[parent.partition("/")[2]][0])
    by_entity = MentionTable(table.strings)
    entities = []
    for key in sorted(grouped):
        rows = sorted(grouped.pop(key), key=lambda i: (table.doc_id(i), table.start(i)))
        first = len(by_entity)
        by_entity.gather(table, rows)
        mentions = by_entity.run(first, len(by_entity))
        type_name, _, label = key.partition("/")
        type_ = EntityType(type_name)
        aliases = sorted(
            {_without_pinyin(strings[s]).strip() for s in {table.surface_id(i) for i in rows}}
            | {strings[n] for n in {table.norm_id(i) for i in rows}}
            | _short_forms(key, place_ids, g),
            key=lambda a: (len(a), a),
        )
        aliases = [a for a in aliases if a and a != label]
        parents: tuple[str, ...] = ()
        code = ""
        if key in place_ids:
            pid = place_ids[key]
            code = g.codes[pid]
            parents = tuple(entity_key(EntityType.PLACE, g.names[a]) for a in g.ancestors(pid))
        elif type_ == EntityType.PLACE and rows and table.extractor(rows[0]) == "place.region":
            parents = _region_parents(label)
        roles = tuple(sorted({strings[r] for r in {table.role_id(i) for i in rows}} - {""}))
        definition = definitions.get(label, "") if type_ in _VOCABULARY else ""
        entities.append(
            Entity(
                key=key,
                type=type_,
                label=label,
                aliases=tuple(aliases),
                mentions=mentions,
                code=code,
                parents=parents,
                roles=roles,
                definition=definition,
                parts=_parts(definition)
                or (enumeration_parts(label) if type_ == EntityType.SLOGAN else ()),
                score=concepts.get(label, 0.0) if type_ == EntityType.CONCEPT else 0.0,
            )
        )
    return tuple(entities)


def _agreed_division(documents_of: Mapping[int, set[str]]) -> int:
    """The division most documents place a name in, or -1 when two divisions tie.

    The name's other documents only weigh in by placing it themselves, so
    adding a document that leaves it unplaced changes nothing.
    """
    counts = sorted((-len(docs), pid) for pid, docs in documents_of.items())
    if not counts or (len(counts) > 1 and counts[0][0] == counts[1][0]):
        return -1
    return counts[0][1]


def _without_pinyin(surface: str) -> str:
    """习(xí)近平 -> 习近平: an alias is a name, not the annotated text."""
    for start, end in reversed(strip_pinyin_spans(surface)):
        surface = surface[:start] + surface[end:]
    return surface


def _region_parents(label: str) -> tuple[str, ...]:
    from kgraph.extract.gazetteer import PROVINCE_ABBREVIATIONS

    province = PROVINCE_ABBREVIATIONS.get(label[:1], "")
    return (entity_key(EntityType.PLACE, province),) if province else ()


def _short_forms(key: str, place_ids: dict[str, int], g: Gazetteer) -> set[str]:
    pid = place_ids.get(key)
    if pid is None or not g.shorts[pid]:
        return set()
    return {g.shorts[pid]}


def _parts(definition: str) -> tuple[str, ...]:
    """Components listed by a definition: 宣传…下基层、调查研究下基层、… ."""
    if not definition:
        return ()
    items = []
    for clause in re.split(r"[,，;；]", definition):
        enumerated = [p for p in clause.split("、") if p]
        # 学党章党规、学系列讲话 lists parts; 宣传党的路线、方针、政策下基层 is one part
        items.extend(
            enumerated if len(enumerated) > 1 and all(len(p) >= 3 for p in enumerated) else [clause]
        )
    items = [p.strip("“”‘’ ") for p in items]
    items = [p for p in items if 2 <= len(p) <= 20]
    return tuple(items) if len(items) >= 2 else ()


def is_traditional(form: str) -> bool:
    """Whether ``form`` is written in Traditional characters.

    >>> is_traditional("寧德"), is_traditional("宁德")
    (True, False)
    """
    return to_simplified(form) != form
