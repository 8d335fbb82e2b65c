"""Mentions as columns (kgraph.mentions): the records read back are the ones stored."""

from __future__ import annotations

import pickle

import pytest

from kgraph.mentions import MentionRun, MentionTable
from kgraph.model import Entity, EntityType, Mention

MENTIONS = (
    Mention("a", 0, 3, 6, "福建省", "福建省", EntityType.PLACE, "gazetteer", 0.9),
    Mention("a", 2, 70_000, 70_003, "習近平", "习近平", EntityType.PERSON, "ner", 0.55, "总书记"),
    Mention("b", 1, 0, 2, "两山", "绿水青山就是金山银山", EntityType.SLOGAN, "vocab.x", 1 / 3),
)


def _run(mentions: tuple[Mention, ...] = MENTIONS) -> MentionRun:
    table = MentionTable()
    table.extend(mentions)
    return table.run(0, len(table))


def test_a_run_reads_back_every_field_of_its_records() -> None:
    run = _run()
    assert tuple(run) == MENTIONS
    assert [run[i] for i in range(3)] == list(MENTIONS)
    assert run[-1] == MENTIONS[-1] and run[1].confidence == 0.55 and run[2].confidence == 1 / 3
    with pytest.raises(IndexError):
        run[3]


def test_a_run_is_read_as_the_tuple_of_its_records() -> None:
    run = _run()
    assert run == MENTIONS and MENTIONS.__eq__(run) is NotImplemented and run != MENTIONS[:2]
    assert hash(run) == hash(MENTIONS)
    assert run[1:] == MENTIONS[1:] and run[::-1] == MENTIONS[::-1]
    assert pickle.loads(pickle.dumps(run)) == MENTIONS
    assert type(pickle.loads(pickle.dumps(run))) is tuple
    assert repr(run) == repr(MENTIONS)
    assert list(run.doc_ids()) == ["a", "a", "b"]
    empty = MentionTable().run(0, 0)
    assert empty == () and not empty and len(empty) == 0


def test_an_entity_holding_a_run_equals_one_holding_the_tuple() -> None:
    def entity(mentions: tuple[Mention, ...] | MentionRun) -> Entity:
        return Entity("Place/福建省", EntityType.PLACE, "福建省", (), mentions)

    assert entity(_run()) == entity(MENTIONS)
    assert hash(entity(_run())) == hash(entity(MENTIONS))


def test_gathered_rows_share_the_strings_and_keep_their_order() -> None:
    source = MentionTable()
    source.extend(MENTIONS)
    gathered = MentionTable(source.strings)
    gathered.gather(source, [2, 0])
    assert tuple(gathered.run(0, 2)) == (MENTIONS[2], MENTIONS[0])
    with pytest.raises(ValueError):
        MentionTable().gather(source, [0])
    assert source.nbytes == 3 * (8 * 4 + 1 + 8)
