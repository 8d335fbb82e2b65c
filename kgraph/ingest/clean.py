"""Tell a scraped page's article apart from its site chrome, and read its metadata.

:func:`sections_of` labels every stretch of a document's original text as
title, body, metadata (bylines, source and date lines), teaser (lists of
related articles) or chrome (navigation, footers, licences, contact lines,
paywall prompts, keyword spam). :func:`metadata_of` reads title, date,
authors, editors and sources from the title and metadata sections.

All rules are general patterns over the normalized (Simplified) text of a
line; none knows about a particular site.

Examples
--------
>>> text = "首页 新闻 本地\\n标题是这样的一篇文章\\n2021-03-04 来源：某某日报 作者：李明\\n正文第一句。\\n版权所有 未经授权不得转载"
>>> [s.kind.value for s in sections_of(text) if text[s.start:s.end].strip()]
['chrome', 'title', 'meta', 'body', 'chrome']
>>> m = metadata_of(text, sections_of(text))
>>> (m.title, m.date, m.authors, m.sources)
('标题是这样的一篇文章', '2021-03-04', ('李明',), ('某某日报',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph.ingest.normalize import normalize
from kgraph.model import Section, SectionKind

__all__ = ["PERSON_NAME", "Metadata", "metadata_of", "sections_of"]

_HAN = "\u4e00-\u9fff"
#: A Chinese personal name as written in bylines: two to four Han characters.
PERSON_NAME = rf"[{_HAN}]{{2,4}}"

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?"
_META_KEY = r"(?:来源|作者|编辑|责编|责任编辑|审核|审校|校对|记者|通讯员|摄影|监制|出品|撰文|文|图)"

_CHROME = re.compile(
    r"版权所有|版权声明|copyright|©|\(c\)\s*\d{4}|未经.{0,24}(?:授权|许可|同意)|不得转载|请勿转载"
    r"|icp[备证]|备案号|许可证|公网安备|网安备"
    r"|(?:电话|热线|客服|传真|邮箱|qq|微信)\s*[:：]?\s*[\d\-—()（） ]{5,}|联系我们|广告联系|违法和不良信息|举报"
    r"|^地址\s*[:：]|地址[:：].{0,40}号"
    r"|阅读已结束|免费阅读|点击.{0,6}(?:阅读|下载|查看)|下载文档|下载.{0,6}阅读|扫一扫|蜘蛛池"
    r"|^(?:返回首页|返回顶部|返回列表|上一篇|下一篇|分享到|打印本页|关闭窗口|保存成功|资源描述|[×xX]|\d+\s*/\s*\d+)$",
    re.IGNORECASE,
)
_PAYWALL_SHORT = re.compile(r"打赏|赞赏|赏杯|赏个|下载|会员|vip|登录|注册", re.IGNORECASE)
_EXPLICIT = re.compile(
    r"毛片|无码|色情|人妻|熟妇|porn|\bav\b|a[vⅴ]|偷拍|情色|成人影|黄色网|裸聊|约炮"
)
_INLINE_CHROME = re.compile(r"(?:阅读量|下载量|浏览量|点击量|阅读数|收藏|分享)\s*[:：]\s*\d+")
_TEASER_HEADER = re.compile(
    r"^(?:相关焦点|相关新闻|相关阅读|相关文章|相关链接|延伸阅读|推荐阅读|热点推荐|热门推荐|更多阅读|猜你喜欢|精彩推荐|往期回顾)\s*[:：]?$"
)
_BULLET = re.compile(r"^\s*(?:[•·▪●◆■►▶※\-–—]|\d{1,2}[.、])\s*\S")
_META_LINE = re.compile(
    rf"^\s*[(（]?\s*{_META_KEY}\s*[:：]|^\s*{_DATE}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?:\s+\S{{1,12}})?\s*$"
    rf"|^\s*{_DATE}.{{0,20}}{_META_KEY}\s*[:：]"
    rf"|^\s*{_DATE}.{{0,20}}来源\s*[:：]|转载.{{0,8}}来源\s*[:：]|^\s*[(（]\s*责任编辑"
)
# Metadata written inside a body line: (作者单位：…) 《人民日报》（2022年02月17日07版） (责编：…)
_INLINE_META = re.compile(
    rf"[(（]\s*{_META_KEY}(?:单位|系)?\s*[:：][^()（）\n]{{0,60}}[)）]"
    rf"|[(（]\s*作者(?:单位|系)[^()（）\n]{{1,60}}[)）]"
    rf"|《\s*[^》\n]{{1,20}}\s*》\s*[(（]\s*\d{{4}}年\d{{1,2}}月\d{{1,2}}日[^()（）\n]{{0,20}}[)）]"
    rf"|(?:作者|来源|责编|编辑)\s*[:：]\s*[^，。；;\s,]{{1,30}}(?:[，,]\s*来源\s*[:：]\s*[^，。；;\s,]{{1,30}})?"
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def _line_kind(norm: str, position: int) -> SectionKind:
    """Classify one normalized line on its own; ``position`` counts non-empty lines."""
    line = norm.strip()
    if not line:
        return SectionKind.CHROME
    if _META_LINE.search(line):
        return SectionKind.META
    prose = len(line) > 100 and len(_SENTENCE_END.findall(line)) >= 3
    if not prose and _CHROME.search(line):
        return SectionKind.CHROME
    if len(line) < 40 and _PAYWALL_SHORT.search(line) and not line.endswith("。"):
        return SectionKind.CHROME
    parts = [p for p in re.split(r"\s*[|｜]\s*", line) if p]
    if len(parts) >= 5 or len(set(_EXPLICIT.findall(line))) >= 3:
        return SectionKind.CHROME  # keyword stuffing
    words = line.split()
    if len(words) >= 3 and all(len(w) <= 6 for w in words) and not _SENTENCE_END.search(line):
        return SectionKind.CHROME  # a navigation bar
    if position < 4 and 5 <= len(line) <= 60 and not _SENTENCE_END.search(line[:-1]):
        return SectionKind.TITLE
    return SectionKind.BODY


def sections_of(text: str) -> tuple[Section, ...]:
    """Label every stretch of ``text`` with its :class:`SectionKind`.

    The sections cover the text from 0 to ``len(text)`` without gaps.

    Notes
    -----
    Linear in the length of the text.
    """
    raw: list[Section] = []
    position = 0
    nonempty = 0
    title_seen = False
    in_teaser = False
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        norm = normalize(line)
        kind = _line_kind(norm.text, nonempty)
        stripped = norm.text.strip()
        if stripped:
            nonempty += 1
        if _TEASER_HEADER.match(stripped):
            in_teaser, kind = True, SectionKind.CHROME
        elif in_teaser and kind in (SectionKind.BODY, SectionKind.TITLE, SectionKind.META):
            kind = SectionKind.TEASER
        elif kind == SectionKind.CHROME and stripped:
            in_teaser = False
        if kind == SectionKind.TITLE:
            if title_seen:
                kind = SectionKind.BODY
            title_seen = True
        if kind in (SectionKind.BODY, SectionKind.TITLE) and _BULLET.match(norm.text):
            kind = SectionKind.TEASER
        if kind == SectionKind.BODY:
            raw.extend(_split_inline(line, norm.text, norm.offsets, start))
        else:
            raw.append(Section(start, end, kind))
        position = end
        start = end
    if position < len(text):
        raw.append(Section(position, len(text), SectionKind.CHROME))
    return _merge(_isolated_teasers(raw, text))


def _split_inline(line: str, norm: str, offsets: tuple[int, ...], base: int) -> list[Section]:
    """Carve metadata and trailing counters out of a body line."""
    chrome = _INLINE_CHROME.search(norm)
    limit = chrome.start() if chrome else len(norm)
    cuts = [(m.start(), m.end(), SectionKind.META) for m in _INLINE_META.finditer(norm, 0, limit)]
    if chrome:
        cuts.append((chrome.start(), len(norm), SectionKind.CHROME))
    sections: list[Section] = []
    cursor = base
    for i, j, kind in cuts:
        if i >= j:
            continue
        a, b = base + offsets[i], base + offsets[j - 1] + 1
        if kind == SectionKind.CHROME:
            b = base + len(line)
        if a > cursor:
            sections.append(Section(cursor, a, SectionKind.BODY))
        sections.append(Section(max(a, cursor), b, kind))
        cursor = b
    if cursor < base + len(line):
        sections.append(Section(cursor, base + len(line), SectionKind.BODY))
    return sections


def _isolated_teasers(sections: list[Section], text: str) -> list[Section]:
    """A single bullet line in the middle of an article is a list item, not a teaser."""
    out = list(sections)
    teaser = [i for i, s in enumerate(out) if s.kind == SectionKind.TEASER]
    for i in teaser:
        neighbours = [j for j in teaser if j != i and abs(j - i) <= 3]
        if not neighbours and not _has_teaser_header_before(out, i, text):
            out[i] = Section(out[i].start, out[i].end, SectionKind.BODY)
    return out


def _has_teaser_header_before(sections: list[Section], i: int, text: str) -> bool:
    for s in reversed(sections[:i]):
        chunk = normalize(text[s.start : s.end]).text.strip()
        if not chunk:
            continue
        return bool(_TEASER_HEADER.match(chunk)) or s.kind == SectionKind.TEASER
    return False


def _merge(sections: list[Section]) -> tuple[Section, ...]:
    merged: list[Section] = []
    for s in sections:
        if s.start >= s.end:
            continue
        if merged and merged[-1].kind == s.kind and merged[-1].end == s.start:
            merged[-1] = Section(merged[-1].start, s.end, s.kind)
        else:
            merged.append(s)
    return tuple(merged)


@dataclass(frozen=True)
class Metadata:
    """Structured fields read from a document's title and metadata sections.

    ``spans`` holds ``(field, start, end)`` of each value in the original text.
    """

    title: str
    date: str
    authors: tuple[str, ...]
    editors: tuple[str, ...]
    sources: tuple[str, ...]
    spans: tuple[tuple[str, int, int], ...]


_NAMES = rf"{PERSON_NAME}(?:\s*[、，, ]\s*(?!{_META_KEY}\s*[:：]){PERSON_NAME})*"
_FIELDS = (
    ("author", re.compile(rf"(?:作者|撰文|记者|通讯员)\s*[:：]?\s*({_NAMES})")),
    ("editor", re.compile(rf"(?:责任编辑|责编|编辑|审核|审校|校对)\s*[:：]\s*({_NAMES})")),
    (
        "source",
        re.compile(
            r"来源\s*[:：]\s*《?\s*([^\s《》()（）:：,，|]{2,30}?)\s*》?(?=\s|$|[,，|()（）]|作者|编辑)"
        ),
    ),
    ("source", re.compile(r"《\s*([^》\n]{2,20}?)\s*》\s*[(（]\s*\d{4}年")),
)
_NOT_A_NAME = re.compile(
    r"单位|系|来源|编辑|作者|记者|审核|责编|审校|校对|责任|admin", re.IGNORECASE
)


def metadata_of(text: str, sections: tuple[Section, ...]) -> Metadata:
    """Read title, date, bylines and sources from the title and metadata sections."""
    title = ""
    date = ""
    found: dict[str, list[str]] = {"author": [], "editor": [], "source": []}
    spans: list[tuple[str, int, int]] = []
    for section in sections:
        if section.kind == SectionKind.TITLE and not title:
            raw = text[section.start : section.end]
            title = normalize(raw.strip()).text
            lead = len(raw) - len(raw.lstrip())
            spans.append(("title", section.start + lead, section.start + len(raw.rstrip())))
        if section.kind != SectionKind.META:
            continue
        norm = normalize(text[section.start : section.end], base=section.start)
        when = re.search(_DATE, norm.text)
        if when and not date:
            y, m, d = (int(g) for g in when.groups())
            if 1900 < y < 2100 and 1 <= m <= 12 and 1 <= d <= 31:
                date = f"{y:04d}-{m:02d}-{d:02d}"
                spans.append(("date", norm.offsets[when.start()], norm.offsets[when.end() - 1] + 1))
        for field, pattern in _FIELDS:
            for match in pattern.finditer(norm.text):
                for name in re.finditer(r"[^\s、，,]+", match.group(1)):
                    value = name.group()
                    if field != "source" and (_NOT_A_NAME.search(value) or len(value) > 4):
                        continue
                    i, j = match.start(1) + name.start(), match.start(1) + name.end()
                    if value not in found[field]:
                        found[field].append(value)
                    spans.append((field, norm.offsets[i], norm.offsets[j - 1] + 1))
    return Metadata(
        title=title,
        date=date,
        authors=tuple(found["author"]),
        editors=tuple(e for e in found["editor"] if e not in found["author"]),
        sources=tuple(found["source"]),
        spans=tuple(sorted(set(spans), key=lambda s: (s[1], s[2], s[0]))),
    )
