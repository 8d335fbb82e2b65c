"""China's administrative divisions, from the data bundled with jionlp.

jionlp ships ``china_location`` (provinces, prefectures, counties with their
official codes and short forms; townships and villages with their
hierarchy). Only that data file is read: importing jionlp itself is slow and
not needed. Countries come from jionlp's ``world_location``.

:class:`Gazetteer` loads the data once and finds every name in a string with
an Aho-Corasick automaton.

Examples
--------
>>> g = Gazetteer.load()
>>> place = g.place(g.by_name["宁德市"][0])
>>> (place.name, place.level, place.code)
('宁德市', 'prefecture', '350900')
>>> [g.names[p] for p in g.ancestors(g.by_name["寿宁县"][0])]
['宁德市', '福建省']
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kgraph.atomic import atomic_write
from kgraph.resources import file_digest, jionlp_file, user_cache_dir

__all__ = ["PROVINCE_ABBREVIATIONS", "Gazetteer", "Place"]

LEVELS = ("province", "prefecture", "county", "township", "village", "country", "region")
_RANK = {
    "country": 0,
    "province": 1,
    "region": 2,
    "prefecture": 3,
    "county": 4,
    "township": 5,
    "village": 6,
}

#: The one-character standard abbreviations (简称) of provincial-level divisions.
PROVINCE_ABBREVIATIONS = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省",
    "晋": "山西省", "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省",
    "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省", "鲁": "山东省",
    "豫": "河南省", "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "琼": "海南省",
    "川": "四川省", "蜀": "四川省", "贵": "贵州省", "黔": "贵州省", "滇": "云南省",
    "云": "云南省", "陕": "陕西省", "秦": "陕西省", "甘": "甘肃省", "陇": "甘肃省",
    "青": "青海省", "蒙": "内蒙古自治区", "桂": "广西壮族自治区", "藏": "西藏自治区",
    "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区", "港": "香港特别行政区",
    "澳": "澳门特别行政区", "台": "台湾省",
}  # fmt: skip

_SHORT_LEVELS = frozenset({"country", "province", "prefecture", "county"})
# Names that are also everyday words; matched only in their full form.
_GENERIC = frozenset(
    {"社区", "街道", "城区", "新区", "开发区", "市辖区", "郊区", "矿区", "林区", "新村"}
)


@dataclass(frozen=True)
class Place:
    """One division of the gazetteer."""

    id: int  # position in :attr:`Gazetteer.places`
    name: str  # official full name, e.g. 寿宁县
    short: str  # short form, e.g. 寿宁 ('' when none)
    level: str  # one of LEVELS
    code: str  # official division code ('' when the data has none)
    parent: int  # id of the containing place, -1 for the top


def _short_form(name: str, level: str) -> str:
    """The short form of a township or village: 下党乡 -> 下党."""
    if level == "village":
        return ""  # village short forms (福建村 -> 福建) collide with larger places
    for suffix in ("街道办事处", "街道", "民族乡", "乡", "镇"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


class Gazetteer:
    """Administrative divisions and an automaton over all their names.

    The divisions are kept in parallel lists (``names``, ``shorts``,
    ``levels``, ``codes``, ``parents``) indexed by place id; :meth:`place`
    returns one as a :class:`Place`.
    """

    def __init__(
        self,
        names: list[str],
        shorts: list[str],
        levels: list[str],
        codes: list[str],
        parents: list[int],
    ) -> None:
        self.names, self.shorts, self.levels, self.codes, self.parents = (
            names, shorts, levels, codes, parents,
        )  # fmt: skip
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_short: dict[str, list[int]] = defaultdict(list)
        for i, (name, short) in enumerate(zip(names, shorts, strict=True)):
            self.by_name[name].append(i)
            if short:
                self.by_short[short].append(i)
        self._automaton = self._build_automaton()

    @classmethod
    def load(cls) -> Gazetteer:
        """Load the bundled data, from a local cache after the first time.

        The parsed data and automaton are pickled under the user's cache
        folder (``$XDG_CACHE_HOME/kgraph``), keyed by the data file's size
        and modification time and kgraph's version.
        """
        return _load_cached()

    @classmethod
    def parse(cls) -> Gazetteer:
        """Parse jionlp's data files (about 4 s)."""
        with zipfile.ZipFile(jionlp_file("china_location.zip")) as archive:
            text = archive.read("china_location.txt").decode("utf-8")
        names: list[str] = []
        shorts: list[str] = []
        levels: list[str] = []
        codes: list[str] = []
        parents: list[int] = []
        stack: list[int] = [-1] * 5
        for line in text.split("\n"):
            stripped = line.strip()
            if not stripped:
                continue
            depth = len(line) - len(line.lstrip("\t"))
            fields = stripped.split("\t")
            name = fields[0]
            level = LEVELS[depth]
            parent = stack[depth - 1] if depth > 0 else -1
            if depth == 1 and names[parent] == name:
                stack[depth] = parent  # municipalities repeat themselves as a prefecture
                continue
            short = fields[2].split("/")[0] if len(fields) >= 3 else _short_form(name, level)
            stack[depth] = len(names)
            names.append(name)
            shorts.append(short if short != name else "")
            levels.append(level)
            codes.append(fields[1] if len(fields) >= 2 else "")
            parents.append(parent)
        with jionlp_file("world_location.txt").open(encoding="utf-8") as handle:
            for line in handle:
                fields = line.rstrip("\n").split("\t")
                if len(fields) >= 2 and fields[0] and not fields[0].endswith(":"):
                    names.append(fields[1])
                    shorts.append(fields[0] if fields[0] != fields[1] else "")
                    levels.append("country")
                    codes.append("")
                    parents.append(-1)
        return cls(names, shorts, levels, codes, parents)

    def place(self, place_id: int) -> Place:
        """The place with id ``place_id``."""
        return Place(
            place_id,
            self.names[place_id],
            self.shorts[place_id],
            self.levels[place_id],
            self.codes[place_id],
            self.parents[place_id],
        )

    def _build_automaton(self) -> object:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        # Short forms of townships (发展乡 -> 发展) are everyday words: only full names.
        shorts = [
            s
            for s, ids in self.by_short.items()
            if any(self.levels[i] in _SHORT_LEVELS for i in ids)
        ]
        for name in list(self.by_name) + shorts:
            if len(name) >= 2 and name not in _GENERIC and not name.endswith("社区"):
                automaton.add_word(name, name)
        automaton.make_automaton()
        return automaton

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, name)`` of every gazetteer name in ``text``."""
        for end, name in self._automaton.iter(text):  # type: ignore[attr-defined]
            yield end - len(name) + 1, end + 1, name

    def candidates(self, name: str) -> list[int]:
        """Ids of the places ``name`` (full or short form) may denote, larger divisions first.

        Short forms count only for countries, provinces, prefectures and counties.
        """
        shorts = [i for i in self.by_short.get(name, []) if self.levels[i] in _SHORT_LEVELS]
        ids = self.by_name.get(name, []) + shorts
        return sorted(ids, key=lambda i: (_RANK[self.levels[i]], i))

    def leading_place(self, text: str) -> tuple[str, int] | None:
        """The longest place name opening ``text`` and the place it denotes.

        >>> g = Gazetteer.load()
        >>> name, place = g.leading_place("宁德地委")
        >>> (name, g.names[place])
        ('宁德', '宁德市')
        """
        names = [name for i, _, name in self.find(text) if i == 0 and self.candidates(name)]
        if not names:
            return None
        name = max(names, key=len)
        return name, self.candidates(name)[0]

    def ambiguous(self, name: str) -> bool:
        """Whether two places of the largest level ``name`` may denote share it (新华: four 新华区).

        >>> g = Gazetteer.load()
        >>> g.ambiguous("新华"), g.ambiguous("宁德")
        (True, False)
        """
        ids = self.candidates(name)
        return len(ids) > 1 and self.levels[ids[0]] == self.levels[ids[1]]

    def ancestors(self, place_id: int) -> list[int]:
        """Ids of the places containing ``place_id``, nearest first."""
        chain = []
        parent = self.parents[place_id]
        while parent >= 0:
            if "直辖" not in self.names[parent]:  # 省直辖县级行政区划 is a grouping, not a place
                chain.append(parent)
            parent = self.parents[parent]
        return chain

    def anchor_level(self, place_id: int, named: Container[int]) -> str:
        """The level of the nearest place in ``named`` that fixes where ``place_id`` lies.

        A township, county or prefecture containing ``place_id`` fixes it; a
        province only as a municipality, the direct parent of a county
        (北京市 over 海淀区); the answer is ``''`` when nothing in ``named`` does.

        >>> g = Gazetteer.load()
        >>> village = next(p for p in g.by_name["赤溪村"] if g.names[g.parents[p]] == "磻溪镇")
        >>> g.anchor_level(village, set(g.by_name["福鼎市"]))
        'county'
        >>> g.anchor_level(village, set(g.by_name["福建省"]))
        ''

        Notes
        -----
        Linear in the depth of the hierarchy.
        """
        chain = self.ancestors(place_id)
        for k, a in enumerate(chain):
            if a not in named:
                continue
            level = self.levels[a]
            if level in ("township", "county", "prefecture"):
                return level
            below = chain[k - 1] if k > 0 else -1
            if level == "province" and below >= 0 and self.parents[below] == a:
                return "prefecture" if self.levels[below] == "county" else ""
            return ""
        return ""

    def words(self) -> Iterator[str]:
        """Names worth adding to a segmenter's dictionary (no villages)."""
        for i, level in enumerate(self.levels):
            if level in _SHORT_LEVELS:
                yield self.names[i]
                if self.shorts[i]:
                    yield self.shorts[i]


def pickle_path(code: Path = Path(__file__)) -> Path:
    """Where the parsed gazetteer is cached: named by a digest of ``code`` and jionlp's data files."""
    sources = (code, jionlp_file("china_location.zip"), jionlp_file("world_location.txt"))
    return user_cache_dir() / f"gazetteer-{file_digest(*sources)}.pickle"


@lru_cache(maxsize=1)
def _load_cached() -> Gazetteer:
    """The parsed gazetteer, from a pickle under :func:`~kgraph.resources.user_cache_dir`.

    The pickle is named by a digest of this module's code and of the data
    files it parses, so editing either (or upgrading jionlp) parses anew.
    """
    import pickle

    path = pickle_path()
    folder = path.parent
    try:
        with path.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, Gazetteer):
            return cached
    except (OSError, pickle.PickleError, EOFError, AttributeError):
        pass
    gazetteer = Gazetteer.parse()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(gazetteer, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home only costs the parse next time
    return gazetteer
