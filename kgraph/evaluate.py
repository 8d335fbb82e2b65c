"""Score the pipeline against a hand-annotated gold set.

The gold set (``tests/data/gold``, described in its ``README.md``) holds
short texts with the entities and relations a careful reader finds in them.
:func:`evaluate` runs the real pipeline over every text, as one corpus, and
compares::

    load_gold(folder)       -> GoldSet            (texts, gold items)
    predict(gold)           -> Corpus             (document_from_text, extract_document, analyse)
    predicted_entities(...) -> set[EntityItem]    (document, label, type)
    predicted_relations(...)-> set[RelationItem]  (document, subject, predicate, object)
    compare(predicted, gold)-> Comparison         (precision, recall, F1 per type and micro)

Labels and literal objects are compared in :func:`canonical` form. A
``stated`` literal matches a gold statement when either text contains the
other.

Examples
--------
>>> gold = {EntityItem("d", "杭州市", "Place"), EntityItem("d", "李明", "Person")}
>>> predicted = {EntityItem("d", "杭州市", "Place"), EntityItem("d", "明说", "Person")}
>>> result = compare(predicted, gold, ENTITY_TYPES, lambda item: item.type)
>>> result.scores["Place"].f1, result.scores["Person"].f1, result.scores["micro"].f1
(1.0, 0.0, 0.5)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from kgraph.errors import InputError
from kgraph.extract.rules import Extractor
from kgraph.ingest.files import document_id
from kgraph.ingest.normalize import normalize
from kgraph.model import Corpus, EntityType
from kgraph.pipeline import analyse, document_from_text, extract_document
from kgraph.relate import PREDICATES

__all__ = [
    "ENTITY_TYPES",
    "Comparison",
    "EntityItem",
    "Evaluation",
    "GoldSet",
    "RelationItem",
    "Score",
    "canonical",
    "compare",
    "default_gold_dir",
    "evaluate",
    "load_gold",
    "predict",
    "predicted_entities",
    "predicted_relations",
    "same_statement",
]

#: Entity types the gold set annotates (concepts are corpus statistics, not names).
ENTITY_TYPES = tuple(t.value for t in EntityType if t != EntityType.CONCEPT)
_OBJECT_TYPES = (*ENTITY_TYPES, "Literal")
_QUOTE_MARKS = re.compile(r"[\s“”‘’\"'「」『』]")
_TRAILING_PUNCTUATION = "。！？!?，,；;：:…、"


class EntityItem(NamedTuple):
    """An entity named in a document."""

    doc: str  # document id
    label: str  # canonical label
    type: str  # an EntityType value


class RelationItem(NamedTuple):
    """A relation stated in a document."""

    doc: str  # document id
    subject: str  # canonical label of the subject
    predicate: str  # one of kgraph.relate.PREDICATES
    object: str  # canonical label of the object, or the literal text


_Item = TypeVar("_Item", EntityItem, RelationItem)


@dataclass(frozen=True)
class GoldSet:
    """The gold texts and what a careful reader finds in them."""

    folder: Path  # where it was read from
    entity_texts: tuple[tuple[str, str], ...]  # (document id, text) of entities.jsonl
    relation_texts: tuple[tuple[str, str], ...]  # (document id, text) of relations.jsonl
    entities: frozenset[EntityItem]
    relations: frozenset[RelationItem]


@dataclass(frozen=True)
class Score:
    """Counts of true positives, false positives and false negatives.

    Precision, recall and F1 are 0.0 when undefined (nothing predicted, no gold).

    >>> s = Score(tp=3, fp=1, fn=2)
    >>> (s.precision, s.recall, round(s.f1, 4))
    (0.75, 0.6, 0.6667)
    """

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """The share of predicted items that are in the gold set."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """The share of gold items that were predicted."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """The figures, rounded to four decimals, and the counts."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class Comparison:
    """Scores per group (entity type or predicate) and ``"micro"``, with the errors."""

    scores: dict[str, Score]  # group -> score, in display order, "micro" last
    false_positives: tuple[EntityItem | RelationItem, ...]  # sorted
    false_negatives: tuple[EntityItem | RelationItem, ...]  # sorted


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate`."""

    gold: GoldSet
    entities: Comparison
    relations: Comparison


def canonical(text: str) -> str:
    """The form labels and literals are compared in.

    kgraph's normalization (Simplified, width folded), without whitespace,
    quotation marks and trailing punctuation.

    >>> canonical("「堅持和發展『楓橋經驗』。」")
    '坚持和发展枫桥经验'
    """
    return _QUOTE_MARKS.sub("", normalize(text).text).rstrip(_TRAILING_PUNCTUATION)


def default_gold_dir() -> Path:
    """The gold set of the current directory or, failing that, of kgraph's checkout."""
    candidates = [
        Path.cwd() / "tests" / "data" / "gold",
        Path(__file__).resolve().parent.parent / "tests" / "data" / "gold",
    ]
    for folder in candidates:
        if (folder / "entities.jsonl").is_file():
            return folder
    checkout = candidates[1].parent.parent
    looked = " or ".join(
        str(folder)
        for folder in candidates
        if folder == candidates[0] or (checkout / "pyproject.toml").is_file()
    )
    raise InputError(
        f"no gold set found in {looked}: the gold texts come with kgraph's source, not its "
        "package; run from a checkout or pass --gold DIR"
    )


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise InputError(
            f"{path} not found: a gold folder holds entities.jsonl and relations.jsonl"
        )
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(
                    f"{path}:{number}: not valid JSON ({error}); write one object per line"
                ) from error
            if not isinstance(record, dict):
                raise InputError(
                    f"{path}:{number}: expected a JSON object, found {type(record).__name__}"
                )
            yield number, record


def _field(record: dict[str, Any], name: str, where: str, allowed: Sequence[str] = ()) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value:
        raise InputError(f"{where}: needs a non-empty string {name!r}")
    if allowed and value not in allowed:
        raise InputError(f"{where}: {name} {value!r} is not one of {', '.join(allowed)}")
    return value


def _text_of(record: dict[str, Any], where: str, seen: dict[str, str]) -> tuple[str, str]:
    doc = _field(record, "id", where)
    if document_id(f"{doc}.txt") != doc:
        raise InputError(f"{where}: id {doc!r} must be letters, digits, '_', '-' or '.' only")
    if doc in seen:
        raise InputError(f"{where}: id {doc!r} is already used at {seen[doc]}: ids must be unique")
    seen[doc] = where
    return doc, _field(record, "text", where)


def load_gold(folder: str | Path) -> GoldSet:
    """Read ``entities.jsonl`` and ``relations.jsonl`` from ``folder``.

    Raises :class:`~kgraph.errors.InputError` naming the file and line of a
    malformed record.
    """
    folder = Path(folder)
    seen: dict[str, str] = {}
    entity_texts: list[tuple[str, str]] = []
    entities: set[EntityItem] = set()
    path = folder / "entities.jsonl"
    for number, record in _read_jsonl(path):
        where = f"{path}:{number}"
        doc, text = _text_of(record, where, seen)
        entity_texts.append((doc, text))
        for entity in record.get("entities", []):
            label = _field(entity, "label", where)
            entities.add(
                EntityItem(doc, canonical(label), _field(entity, "type", where, ENTITY_TYPES))
            )
    relation_texts: list[tuple[str, str]] = []
    relations: set[RelationItem] = set()
    path = folder / "relations.jsonl"
    for number, record in _read_jsonl(path):
        where = f"{path}:{number}"
        doc, text = _text_of(record, where, seen)
        relation_texts.append((doc, text))
        for relation in record.get("relations", []):
            _field(relation, "subject_type", where, ENTITY_TYPES)
            _field(relation, "object_type", where, _OBJECT_TYPES)
            relations.add(
                RelationItem(
                    doc,
                    canonical(_field(relation, "subject", where)),
                    _field(relation, "predicate", where, PREDICATES),
                    canonical(_field(relation, "object", where)),
                )
            )
    return GoldSet(
        folder,
        tuple(entity_texts),
        tuple(relation_texts),
        frozenset(entities),
        frozenset(relations),
    )


def predict(gold: GoldSet, extractor: Extractor | None = None) -> Corpus:
    """Run the pipeline over every gold text, each one document, as one corpus."""
    extractor = extractor or Extractor()
    extractions = [
        extract_document(extractor, document_from_text(f"{doc}.txt", text))
        for doc, text in (*gold.entity_texts, *gold.relation_texts)
    ]
    return analyse(extractions, extractor.gazetteer)


def predicted_entities(corpus: Corpus, documents: Collection[str]) -> set[EntityItem]:
    """(document, label, type) of every non-concept entity mentioned in ``documents``."""
    return {
        EntityItem(doc, canonical(entity.label), entity.type.value)
        for entity in corpus.entities
        if entity.type != EntityType.CONCEPT
        for doc in {m.doc_id for m in entity.mentions}
        if doc in documents
    }


def predicted_relations(corpus: Corpus, documents: Collection[str]) -> set[RelationItem]:
    """(document, subject, predicate, object) of every relation evidenced in ``documents``.

    ``stated`` relations to entities (named inside a statement) follow from
    the literal statement and are left out.
    """
    items = set()
    for relation in corpus.relations:
        if relation.predicate == "stated" and not relation.literal:
            continue
        subject = canonical(relation.subject.partition("/")[2])
        obj = canonical(relation.object if relation.literal else relation.object.partition("/")[2])
        for evidence in relation.evidence:
            if evidence.doc_id in documents:
                items.add(RelationItem(evidence.doc_id, subject, relation.predicate, obj))
    return items


def same_statement(predicted: RelationItem, gold: RelationItem) -> bool:
    """Whether a predicted ``stated`` literal matches a gold one: either text contains the other.

    >>> gold = RelationItem("d", "李明", "stated", "基层减负要落到实处")
    >>> same_statement(RelationItem("d", "李明", "stated", "李明说基层减负要落到实处"), gold)
    True
    >>> same_statement(RelationItem("d", "王芳", "stated", "基层减负要落到实处"), gold)
    False
    """
    return (
        predicted.predicate == gold.predicate == "stated"
        and predicted.doc == gold.doc
        and predicted.subject == gold.subject
        and bool(predicted.object)
        and bool(gold.object)
        and (gold.object in predicted.object or predicted.object in gold.object)
    )


def compare(
    predicted: Iterable[_Item],
    gold: Iterable[_Item],
    groups: Sequence[str],
    group_of: Callable[[_Item], str],
    same: Callable[[_Item, _Item], bool] | None = None,
) -> Comparison:
    """Precision, recall and F1 of ``predicted`` against ``gold``, per group and micro-averaged.

    Items match when equal or, for those left over, when ``same(predicted,
    gold)``; each item matches at most one other. A true positive counts in
    its gold item's group, a false positive in its own.

    Notes
    -----
    Linear in the number of items, plus quadratic in the items left over
    when ``same`` is given.

    Examples
    --------
    >>> p = {RelationItem("d", "a", "visited", "x"), RelationItem("d", "a", "visited", "y")}
    >>> g = {RelationItem("d", "a", "visited", "x")}
    >>> c = compare(p, g, ("visited",), lambda item: item.predicate)
    >>> c.scores["visited"]
    Score(tp=1, fp=1, fn=0)
    >>> c.false_positives
    (RelationItem(doc='d', subject='a', predicate='visited', object='y'),)
    """
    predicted_set, gold_set = set(predicted), set(gold)
    matched = predicted_set & gold_set
    tp = [group_of(item) for item in matched]
    left_predicted: list[_Item] = sorted(predicted_set - matched)
    false_negatives: list[_Item] = []
    for item in sorted(gold_set - matched):
        partner = next((p for p in left_predicted if same(p, item)), None) if same else None
        if partner is None:
            false_negatives.append(item)
        else:
            left_predicted.remove(partner)
            tp.append(group_of(item))
    false_positives: list[_Item] = left_predicted
    seen = {group_of(i) for i in false_positives} | {group_of(i) for i in false_negatives}
    order = list(groups) + sorted(seen - set(groups))
    scores = {
        group: Score(
            tp=tp.count(group),
            fp=sum(1 for i in false_positives if group_of(i) == group),
            fn=sum(1 for i in false_negatives if group_of(i) == group),
        )
        for group in order
    }
    scores["micro"] = Score(len(tp), len(false_positives), len(false_negatives))
    return Comparison(scores, tuple(false_positives), tuple(false_negatives))


def evaluate(folder: str | Path | None = None, extractor: Extractor | None = None) -> Evaluation:
    """Run the pipeline over the gold set in ``folder`` and score it.

    ``folder`` defaults to :func:`default_gold_dir`.
    """
    gold = load_gold(folder if folder is not None else default_gold_dir())
    corpus = predict(gold, extractor)
    entity_docs = {doc for doc, _ in gold.entity_texts}
    relation_docs = {doc for doc, _ in gold.relation_texts}
    entities = compare(
        predicted_entities(corpus, entity_docs), gold.entities, ENTITY_TYPES, lambda item: item.type
    )
    relations = compare(
        predicted_relations(corpus, relation_docs),
        gold.relations,
        PREDICATES,
        lambda item: item.predicate,
        same_statement,
    )
    return Evaluation(gold, entities, relations)
