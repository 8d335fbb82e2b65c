"""Dicts for the entity graph that hold its attributes in slots instead of hash tables.

A networkx graph keeps a dict per node (its attributes, its successors, its
predecessors) and per edge (its attributes, and in a multigraph the dict of
its keys). For a graph of tens of thousands of entities, most of them
small, those hash tables are most of the graph's memory (a dict of 14
entries takes 464 bytes, of one entry 184). :class:`CompactGraph` is a
:class:`networkx.MultiDiGraph` whose factories make instead:

- :class:`NodeAttributes` and :class:`EdgeAttributes`: the values in slots
  and the keys in a tuple that every record with the same keys in the same
  order shares (152 and 80 bytes);
- :class:`SmallDict`, for the keys of an edge and a node's neighbours: one
  entry in two slots (48 bytes), more in a dict of their own.

Each is a :class:`~collections.abc.MutableMapping` that behaves as a dict
does: the same keys in the order they were first set, equal to a dict of
the same items, the same repr. Past its slots, or once a key is deleted,
a record keeps its items in a plain dict instead.

Examples
--------
>>> G = CompactGraph()
>>> G.add_node("a", kind="entity", label="甲")
>>> G.add_edge("a", "b", key="knows", kind="relation")
'knows'
>>> G.nodes["a"]
{'kind': 'entity', 'label': '甲'}
>>> G.nodes["a"] == {"kind": "entity", "label": "甲"}
True
>>> sorted(G.edges(keys=True, data="kind"))
[('a', 'b', 'knows', 'relation')]
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, Mapping, MutableMapping, ValuesView
from typing import Any, ClassVar

import networkx as nx

__all__ = ["CompactGraph", "EdgeAttributes", "NodeAttributes", "SmallDict"]


class _Slotted(MutableMapping[Any, Any]):
    """Attributes as slots ``_0``, ``_1``, …, their keys as a shared tuple, else a dict.

    ``_keys`` is the tuple of keys in the order they were set (one object
    for every record with those keys, from :attr:`_SHAPES`), or the dict of
    all items once the record no longer fits its slots.
    """

    __slots__ = ("_keys",)
    _NAMES: ClassVar[tuple[str, ...]] = ()
    _SHAPES: ClassVar[dict[tuple[Any, ...], tuple[Any, ...]]] = {}

    def __init__(self, items: Mapping[Any, Any] | Iterable[tuple[Any, Any]] = (), /, **more: Any):
        self._keys: tuple[Any, ...] | dict[Any, Any] = ()
        if items or more:
            self.update(items, **more)

    def __getitem__(self, key: Any) -> Any:
        keys = self._keys
        if isinstance(keys, dict):
            return keys[key]
        try:
            at = keys.index(key)
        except ValueError:
            raise KeyError(key) from None
        return getattr(self, self._NAMES[at])

    def get(self, key: Any, default: Any = None) -> Any:
        keys = self._keys
        if isinstance(keys, dict):
            return keys.get(key, default)
        try:
            at = keys.index(key)
        except ValueError:
            return default
        return getattr(self, self._NAMES[at])

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __setitem__(self, key: Any, value: Any) -> None:
        keys = self._keys
        if isinstance(keys, dict):
            keys[key] = value
            return
        try:
            at = keys.index(key)
        except ValueError:
            hash(key)  # a key a dict would refuse
            if len(keys) == len(self._NAMES):
                spilled = dict(self._pairs())
                spilled[key] = value
                self._spill(spilled)
                return
            grown = (*keys, key)
            self._keys = self._SHAPES.setdefault(grown, grown)
            at = len(keys)
        setattr(self, self._NAMES[at], value)

    def __delitem__(self, key: Any) -> None:
        keys = self._keys
        if not isinstance(keys, dict):
            self._spill(dict(self._pairs()))
        items = self._keys
        assert isinstance(items, dict)
        del items[key]

    def popitem(self) -> tuple[Any, Any]:
        """The last item set, removed, as :meth:`dict.popitem` does."""
        keys = self._keys
        if isinstance(keys, dict):
            return keys.popitem()
        if not keys:
            raise KeyError("popitem(): dictionary is empty")
        name = self._NAMES[len(keys) - 1]
        item = (keys[-1], getattr(self, name))
        delattr(self, name)
        self._keys = self._SHAPES.setdefault(keys[:-1], keys[:-1])
        return item

    def clear(self) -> None:
        self._spill({})
        self._keys = ()

    def _spill(self, items: dict[Any, Any]) -> None:
        for name in self._NAMES:
            if hasattr(self, name):
                delattr(self, name)
        self._keys = items

    def _pairs(self) -> Iterator[tuple[Any, Any]]:
        keys = self._keys
        if isinstance(keys, dict):
            yield from keys.items()
            return
        for key, name in zip(keys, self._NAMES, strict=False):
            yield key, getattr(self, name)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def items(self) -> ItemsView[Any, Any]:
        return _Items(self)

    def values(self) -> ValuesView[Any]:
        return _Values(self)

    def copy(self) -> _Slotted:
        return type(self)(self)

    def __repr__(self) -> str:
        return repr(dict(self._pairs()))

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (dict(self._pairs()),)


class _Items(ItemsView[Any, Any]):
    _mapping: _Slotted

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return self._mapping._pairs()


class _Values(ValuesView[Any]):
    _mapping: _Slotted

    def __iter__(self) -> Iterator[Any]:
        return (value for _, value in self._mapping._pairs())


class NodeAttributes(_Slotted):
    """A node's attributes: up to 14 in slots (an entity has 14 once its analytics are set)."""

    __slots__ = tuple(f"_{i}" for i in range(14))
    _NAMES = __slots__
    _SHAPES: ClassVar[dict[tuple[Any, ...], tuple[Any, ...]]] = {}


class EdgeAttributes(_Slotted):
    """An edge's attributes: up to 5 in slots (a relation and a co-occurrence have 5)."""

    __slots__ = tuple(f"_{i}" for i in range(5))
    _NAMES = __slots__
    _SHAPES: ClassVar[dict[tuple[Any, ...], tuple[Any, ...]]] = {}


_EMPTY = object()  # the key of a SmallDict without entries
_MANY = object()  # the key of a SmallDict whose entries are in a dict (its value)


class SmallDict(MutableMapping[Any, Any]):
    """A dict of one entry in two slots; with more, a dict of them all in the second.

    >>> d = SmallDict()
    >>> d["a"] = 1
    >>> d["b"] = 2
    >>> d, len(d)
    ({'a': 1, 'b': 2}, 2)
    >>> d.popitem(), d
    (('b', 2), {'a': 1})
    """

    __slots__ = ("_key", "_value")

    def __init__(self, items: Mapping[Any, Any] | Iterable[tuple[Any, Any]] = (), /, **more: Any):
        self._key: Any = _EMPTY
        self._value: Any = None
        if items or more:
            self.update(items, **more)

    def __getitem__(self, key: Any) -> Any:
        held = self._key
        if held is _MANY:
            return self._value[key]
        if held is not _EMPTY and (held is key or held == key):
            return self._value
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        held = self._key
        if held is _MANY:
            return self._value.get(key, default)
        if held is not _EMPTY and (held is key or held == key):
            return self._value
        return default

    def __contains__(self, key: object) -> bool:
        held = self._key
        if held is _MANY:
            return key in self._value
        return held is not _EMPTY and (held is key or held == key)

    def __setitem__(self, key: Any, value: Any) -> None:
        held = self._key
        if held is _MANY:
            self._value[key] = value
        elif held is _EMPTY:
            hash(key)  # a key a dict would refuse
            self._key, self._value = key, value
        elif held is key or held == key:
            self._value = value
        else:
            self._key, self._value = _MANY, {held: self._value, key: value}

    def __delitem__(self, key: Any) -> None:
        held = self._key
        if held is _MANY:
            del self._value[key]
        elif held is not _EMPTY and (held is key or held == key):
            self._key, self._value = _EMPTY, None
        else:
            raise KeyError(key)

    def popitem(self) -> tuple[Any, Any]:
        """The last entry set, removed, as :meth:`dict.popitem` does."""
        held = self._key
        if held is _MANY:
            item: tuple[Any, Any] = self._value.popitem()
            return item
        if held is _EMPTY:
            raise KeyError("popitem(): dictionary is empty")
        item = (held, self._value)
        self._key, self._value = _EMPTY, None
        return item

    def __iter__(self) -> Iterator[Any]:
        held = self._key
        if held is _MANY:
            return iter(self._value)
        return iter(() if held is _EMPTY else (held,))

    def __len__(self) -> int:
        held = self._key
        if held is _MANY:
            return len(self._value)
        return 0 if held is _EMPTY else 1

    def copy(self) -> SmallDict:
        return SmallDict(self)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return SmallDict, (dict(self.items()),)


class CompactGraph(nx.MultiDiGraph):  # type: ignore[misc]  # networkx is not typed
    """A :class:`networkx.MultiDiGraph` whose node and edge dicts are the compact ones above.

    It reads, writes, copies and pickles as a ``MultiDiGraph`` does; only
    its memory differs.
    """

    node_attr_dict_factory = NodeAttributes
    edge_attr_dict_factory = EdgeAttributes
    edge_key_dict_factory = SmallDict
    adjlist_inner_dict_factory = SmallDict
