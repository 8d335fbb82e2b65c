"""Normalize original text for analysis while keeping a map back to it.

Normalization removes pinyin annotations injected after characters
(``來(lái)源`` -> ``來源``), converts Traditional to Simplified Chinese and
folds full-width ASCII to half-width. The result is a :class:`Normalized`
string with, for each of its characters, the offset of the original
character it came from.

Examples
--------
>>> n = normalize("習(xí)近平總書記")
>>> n.text
'习近平总书记'
>>> n.offsets[:3]
(0, 5, 6)
>>> normalize(n.text).text == n.text
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Normalized", "normalize", "strip_pinyin_spans", "to_simplified"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_SYLLABLE = rf"[a-z{_TONED}]{{1,7}}"
# Pinyin in brackets right after a Han character: 來(lái), readings to choose from
# (le/liǎo, yī / yì /yí), a space before the bracket closes (huì ), and the
# toneless syllables of the neutral-tone particles (de, le, me …), which carry no
# tone mark to recognise them by. Garbled forms leave a '?' where a character
# and its bracket were: 千變?nèi)f化, and, toned, two in a row or before a mark: 日?qǐng)?bào)評論員.
_PINYIN = re.compile(
    rf"(?<=[{_HAN}])[(（](?=[^)）]*[{_TONED}]){_SYLLABLE} *(?:/ *{_SYLLABLE} *){{0,3}}[)）]"
    rf"|(?<=[{_HAN}])[(（](?:de|le|me|ne|ba|ma|ya|zi|men|zhe)[)）]"
    rf"|(?<=[{_HAN}])\?{_SYLLABLE}[)）][a-z]{{0,3}}(?=[{_HAN}])"
    rf"|(?<=[{_HAN})）])\?(?=[^)）]*[{_TONED}]){_SYLLABLE}[)）](?![A-Za-z0-9])"
)


# The 报 of a paper's name (某某日报, 晚报, 时报, …) that a garble lost, keeping its reading: 日?bào)
_LOST_BAO = re.compile(r"\?b[àa]o[)）]")
_PAPER_BEFORE_BAO = frozenset("日晚时時周週商导導快画畫")

#: A toneless pinyin syllable in brackets after a Han character or another such bracket
#: (車(che), 能(neng)(neng)): spam
#: mirrors write whole pages so. Alone it could be an abbreviation, so two are needed.
_TONELESS = re.compile(
    rf"(?<=[{_HAN})）])[(（](?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?[iuv]?[aeiouv]{{1,2}}(?:ng|n|r)?[)）]"
)


@dataclass(frozen=True)
class Normalized:
    """Normalized text and, per character, its offset in the original."""

    text: str
    offsets: tuple[int, ...]


def strip_pinyin_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``[start, end)`` spans of pinyin annotations in ``text``.

    >>> strip_pinyin_spans("的(de)了(le/liǎo)會(huì )")
    [(1, 5), (6, 15), (16, 22)]
    >>> strip_pinyin_spans("學(xué)習(xí)")
    [(1, 6), (7, 11)]
    >>> strip_pinyin_spans("汽(qi)車強(qiang)國"), strip_pinyin_spans("網站(app)")
    ([(1, 5), (7, 14)], [])
    """
    spans = {m.span() for m in _PINYIN.finditer(text)}
    toneless = [m.span() for m in _TONELESS.finditer(text)]
    if len(toneless) >= 2:
        spans.update(toneless)
    return sorted(spans)


def _convert(text: str) -> str:
    try:
        from zhconv_rs import zhconv
    except ImportError as error:  # pragma: no cover - a broken install
        raise ImportError(
            "kgraph needs zhconv-rs to convert Traditional Chinese: pip install zhconv-rs"
        ) from error
    # wikitext=False: -{...}- in a document is text, not conversion markup.
    converted: str = zhconv(text, "zh-cn", False)
    return converted


def to_simplified(text: str) -> str:
    """Convert to Simplified Chinese, keeping the length of ``text``.

    Word-level rules that would change the length are undone character by
    character, so offsets stay aligned.

    >>> to_simplified("「十四五」規劃")
    '“十四五”规划'
    """
    converted = _convert(text)
    if len(converted) == len(text):
        return converted
    out = []
    for line in text.splitlines(keepends=True):
        c = _convert(line)
        out.append(c if len(c) == len(line) else "".join(_char(ch) for ch in line))
    return "".join(out)


@lru_cache(maxsize=65536)
def _char(ch: str) -> str:
    converted = _convert(ch)
    return converted if len(converted) == 1 else ch


# Full-width ASCII forms to half-width, except the brackets and the punctuation Chinese text
# writes full-width (（）， ：；！？); the ideographic space to a space. One character for one.
_HALF_WIDTH = {
    code: code - 0xFEE0
    for code in range(0xFF01, 0xFF5F)
    if not ("\uff08" <= chr(code) <= "\uff09" or chr(code) in "，：；！？")
} | {0x3000: 0x20}


def normalize(text: str, base: int = 0) -> Normalized:
    """Normalize ``text``; offsets are ``base`` plus positions in ``text``.

    Notes
    -----
    Linear in the length of the text.
    """
    kept: list[str] = []
    offsets: list[int] = []
    position = 0
    for start, end in [*strip_pinyin_spans(text), (len(text), len(text))]:
        kept.append(text[position:start])
        offsets.extend(range(base + position, base + start))
        position = end
        lost = _LOST_BAO.match(text, start)
        if lost and lost.end() <= end and offsets and text[offsets[-1] - base] in _PAPER_BEFORE_BAO:
            kept.append("报")  # 开封日?bào) -> 开封日报: the paper's name, not 开封日
            offsets.append(base + start)
    plain = "".join(kept)
    simplified = to_simplified(plain).translate(_HALF_WIDTH)
    return Normalized(simplified, tuple(offsets))
