"""A corpus's mentions as columns of arrays, read back as :class:`~kgraph.model.Mention` records.

A build names each entity many times: about a hundred mentions an article,
each a slotted record of ten fields with its own offsets and confidence as
Python objects (about 200 bytes). A :class:`MentionTable` keeps them as
one array per field instead (offsets and indices as 4-byte ints, the
confidence as a double, every string once in a table shared by its
columns: about 41 bytes a mention), and a :class:`MentionRun` is a run of
its rows that reads as a tuple of records, each made when it is asked for.
``Entity.mentions`` and the per-document mentions of
:class:`~kgraph.resolve.Resolution` are runs of such tables, so the records
of the whole corpus never exist at once.

>>> from kgraph.model import EntityType, Mention
>>> table = MentionTable()
>>> m = Mention("d1", 0, 3, 6, "福建省", "福建省", EntityType.PLACE, "gazetteer", 0.9)
>>> table.append(m)
0
>>> run = table.run(0, 1)
>>> run[0] == m, run == (m,), list(run) == [m], len(run), run[0:1] == (m,)
(True, True, True, 1, True)
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from kgraph.model import EntityType, Mention

__all__ = ["MentionRun", "MentionTable", "Strings"]

_TYPES = tuple(EntityType)
_TYPE_INDEX = {kind: i for i, kind in enumerate(_TYPES)}


class Strings:
    """Each distinct string once, by a number: the columns of a table hold the numbers."""

    __slots__ = ("ids", "strings")

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.ids: dict[str, int] = {}

    def id(self, text: str) -> int:
        """The number of ``text``, given it the first time it is seen."""
        number = self.ids.get(text)
        if number is None:
            number = self.ids[text] = len(self.strings)
            self.strings.append(text)
        return number


class MentionTable:
    """Mentions in rows of columns; ``table[i]`` makes the record of row ``i``.

    ``strings`` is the string table its columns number into, shared with
    other tables (:meth:`gather` copies rows of one into another without
    renumbering them).
    """

    __slots__ = (
        "_confidence",
        "_doc",
        "_end",
        "_extractor",
        "_norm",
        "_role",
        "_sentence",
        "_start",
        "_surface",
        "_type",
        "strings",
    )

    def __init__(self, strings: Strings | None = None) -> None:
        self.strings = strings if strings is not None else Strings()
        self._doc = array("I")
        self._sentence = array("I")
        self._start = array("I")
        self._end = array("I")
        self._surface = array("I")
        self._norm = array("I")
        self._type = array("B")
        self._extractor = array("I")
        self._confidence = array("d")
        self._role = array("I")

    def __len__(self) -> int:
        return len(self._doc)

    def append(self, m: Mention) -> int:
        """Add the row of ``m``; return its number."""
        number = self.strings.id
        self._doc.append(number(m.doc_id))
        self._sentence.append(m.sentence)
        self._start.append(m.start)
        self._end.append(m.end)
        self._surface.append(number(m.surface))
        self._norm.append(number(m.norm))
        self._type.append(_TYPE_INDEX[m.type])
        self._extractor.append(number(m.extractor))
        self._confidence.append(m.confidence)
        self._role.append(number(m.role))
        return len(self._doc) - 1

    def extend(self, mentions: Iterable[Mention]) -> None:
        """Add a row for each of ``mentions``, in order."""
        for m in mentions:
            self.append(m)

    def gather(self, source: MentionTable, rows: Iterable[int]) -> None:
        """Add copies of the ``rows`` of ``source`` (a table sharing these strings), in order."""
        if source.strings is not self.strings:
            raise ValueError("a table gathers rows only from a table sharing its strings")
        for i in rows:
            self._doc.append(source._doc[i])
            self._sentence.append(source._sentence[i])
            self._start.append(source._start[i])
            self._end.append(source._end[i])
            self._surface.append(source._surface[i])
            self._norm.append(source._norm[i])
            self._type.append(source._type[i])
            self._extractor.append(source._extractor[i])
            self._confidence.append(source._confidence[i])
            self._role.append(source._role[i])

    def __getitem__(self, i: int) -> Mention:
        strings = self.strings.strings
        return Mention(
            doc_id=strings[self._doc[i]],
            sentence=self._sentence[i],
            start=self._start[i],
            end=self._end[i],
            surface=strings[self._surface[i]],
            norm=strings[self._norm[i]],
            type=_TYPES[self._type[i]],
            extractor=strings[self._extractor[i]],
            confidence=self._confidence[i],
            role=strings[self._role[i]],
        )

    def run(self, lo: int, hi: int) -> MentionRun:
        """Rows ``lo`` to ``hi`` (excluded), as a sequence of records."""
        return MentionRun(self, lo, hi)

    # single fields of a row, without making its record

    def doc_id(self, i: int) -> str:
        return self.strings.strings[self._doc[i]]

    def start(self, i: int) -> int:
        return self._start[i]

    def end(self, i: int) -> int:
        return self._end[i]

    def type(self, i: int) -> EntityType:
        return _TYPES[self._type[i]]

    def type_index(self, i: int) -> int:
        """The row's type as its position in :class:`~kgraph.model.EntityType`."""
        return self._type[i]

    def norm_id(self, i: int) -> int:
        return self._norm[i]

    def surface_id(self, i: int) -> int:
        return self._surface[i]

    def role_id(self, i: int) -> int:
        return self._role[i]

    def extractor(self, i: int) -> str:
        return self.strings.strings[self._extractor[i]]

    @property
    def nbytes(self) -> int:
        """The bytes its columns hold (not the strings, which tables share)."""
        columns = (getattr(self, name) for name in self.__slots__ if name != "strings")
        return sum(column.itemsize * len(column) for column in columns)


class MentionRun(Sequence[Mention]):
    """Consecutive rows of a :class:`MentionTable`, read as an immutable sequence of mentions.

    It equals (and hashes as) the tuple of its records, a slice is that
    tuple's slice, and pickling it gives the tuple: code that was given a
    tuple of mentions reads it unchanged. Each record is made when asked
    for, so holding a run costs its three fields.
    """

    __slots__ = ("hi", "lo", "table")

    def __init__(self, table: MentionTable, lo: int, hi: int) -> None:
        self.table, self.lo, self.hi = table, lo, hi

    def __len__(self) -> int:
        return self.hi - self.lo

    @overload
    def __getitem__(self, index: int) -> Mention: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Mention, ...]: ...

    def __getitem__(self, index: int | slice) -> Mention | tuple[Mention, ...]:
        if isinstance(index, slice):
            table, lo = self.table, self.lo
            return tuple(table[lo + i] for i in range(*index.indices(self.hi - lo)))
        if index < 0:
            index += self.hi - self.lo
        if not 0 <= index < self.hi - self.lo:
            raise IndexError("MentionRun index out of range")
        return self.table[self.lo + index]

    def __iter__(self) -> Iterator[Mention]:
        table = self.table
        for i in range(self.lo, self.hi):
            yield table[i]

    def rows(self) -> range:
        """The run's row numbers in its table."""
        return range(self.lo, self.hi)

    def doc_ids(self) -> Iterator[str]:
        """Each mention's document id, in order, without making the records."""
        table = self.table
        for i in range(self.lo, self.hi):
            yield table.doc_id(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MentionRun):
            if other.table is self.table and (other.lo, other.hi) == (self.lo, self.hi):
                return True
        elif not isinstance(other, tuple):
            return NotImplemented
        return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return tuple, (tuple(self),)
