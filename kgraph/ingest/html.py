"""HTML pages reduced to their visible text, one line per block.

The page's own structure names its headline, date and author where it has
them (``og:title``, ``<h1>``, ``<title>``, ``article:published_time``,
``<time datetime>``, ``<meta name=author>``); :func:`html_to_text` writes
what it chooses as labelled lines (``标题：``, ``发布时间：``, ``作者：``)
above the visible text, so the cleaning stage reads them like any other
line and every offset still points into the one text a document keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = [
    "CHROME_ELEMENTS",
    "HtmlPage",
    "PageStructure",
    "choose_headline",
    "html_page",
    "html_to_text",
]

#: Elements whose text is site chrome by the page's own structure: menus, sidebars, footers.
CHROME_ELEMENTS = frozenset({"nav", "aside", "footer"})

_WHITESPACE = re.compile(r"\s+")
# <meta> names and properties (lower case) that carry a page's headline, date and author.
_META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "title": "title",
    "headline": "title",
    "article:published_time": "date",
    "og:article:published_time": "date",
    "og:release_date": "date",
    "pubdate": "date",
    "publishdate": "date",
    "publish_date": "date",
    "publishtime": "date",
    "datepublished": "date",
    "dc.date": "date",
    "dc.date.issued": "date",
    "dcterms.issued": "date",
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
}
# Separators between a headline and the site or column names a <title> adds around it.
# Not colons (专栏：…) nor a double dash (…——副题), which headlines use themselves.
_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜»]|(?<![\d—])[-–—](?![\d—]))\s*")
_ENDS_IN_SEPARATOR = re.compile(_TITLE_SEPARATOR.pattern + "$")
_DATE_VALUE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


@dataclass
class PageStructure:
    """What a page's markup says about its article, as read by the parser.

    Every value is whitespace-collapsed visible text or an attribute value.
    """

    title: str = ""  # the <title> element
    meta: dict[str, str] = field(default_factory=dict)  # first og:title, date, author <meta>
    headings: list[tuple[str, bool]] = field(default_factory=list)  # <h1> texts, in an <article>?
    times: list[tuple[str, bool]] = field(default_factory=list)  # <time datetime>, in an <article>?


class _VisibleText(HTMLParser):
    """Collects the visible text of a page, one line per block, and its structure."""

    BLOCKS = frozenset(
        {
            "address", "article", "aside", "blockquote", "body", "br", "caption", "center",
            "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
            "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
            "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre",
            "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
        }
    )  # fmt: skip
    CELLS = frozenset({"td", "th"})
    HIDDEN = frozenset({"script", "style", "noscript", "template", "svg"})
    HEAD_ONLY = frozenset(
        {"title", "meta", "link", "base", "style", "script", "noscript", "template"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.marks: list[str] = []  # per chunk: the innermost open chrome element, or ""
        self.chrome: list[str] = []  # open <nav>, <aside> and <footer> elements
        self.title: list[str] = []
        self.hidden: list[str] = []  # open elements whose content is dropped
        self.in_head = False
        self.in_title = False
        self.title_done = False
        self.pre_depth = 0
        self.article_depth = 0
        self.heading_at = -1  # index in chunks where the open <h1> began
        self.structure = PageStructure()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            if tag in self.HIDDEN:
                self.hidden.append(tag)
            return
        fields = dict(attrs)
        if tag == "meta":
            self._meta(fields)
        elif tag == "time" and fields.get("datetime"):
            value = " ".join((fields["datetime"] or "").split())
            self.structure.times.append((value, self.article_depth > 0))
        elif tag == "article":
            self.article_depth += 1
        elif tag in CHROME_ELEMENTS:
            self.chrome.append(tag)
        elif tag == "h1" and self.heading_at < 0:
            self.heading_at = len(self.chunks) + 1  # after the block's line break
        if tag == "head":
            self.in_head = True
        elif tag == "title" and not self.title_done:
            self.in_title = True
        elif self.in_head and tag not in self.HEAD_ONLY:
            self.in_head = False  # a body element closes an unclosed <head>
        if tag in self.HIDDEN:
            self.hidden.append(tag)
        elif tag in self.BLOCKS:
            self._add("\n")
            if tag == "pre":
                self.pre_depth += 1
        elif tag in self.CELLS:
            self._add(" ")

    def _add(self, chunk: str) -> None:
        self.chunks.append(chunk)
        self.marks.append(self.chrome[-1] if self.chrome else "")

    def _meta(self, fields: dict[str, str | None]) -> None:
        key = (fields.get("property") or fields.get("name") or fields.get("itemprop") or "").lower()
        kind = _META_FIELDS.get(key)
        value = " ".join((fields.get("content") or "").split())
        if kind and value and kind not in self.structure.meta:
            self.structure.meta[kind] = value

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.pop()
            return
        if tag == "title" and self.in_title:
            self.in_title = False
            self.title_done = True
        elif tag == "head":
            self.in_head = False
        elif tag == "article" and self.article_depth:
            self.article_depth -= 1
        elif tag in CHROME_ELEMENTS and tag in self.chrome:
            del self.chrome[len(self.chrome) - 1 - self.chrome[::-1].index(tag) :]
        elif tag == "h1" and self.heading_at >= 0:
            text = " ".join("".join(self.chunks[self.heading_at :]).split())
            if text:
                self.structure.headings.append((text, self.article_depth > 0))
            self.heading_at = -1
        if tag in self.BLOCKS:
            self._add("\n")
            if tag == "pre" and self.pre_depth:
                self.pre_depth -= 1
        elif tag in self.CELLS:
            self._add(" ")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.in_title:
            self.title.append(data)
        elif not self.in_head:
            self._add(data if self.pre_depth else _WHITESPACE.sub(" ", data))

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # HTML reads "<![...>" as a bogus comment; the standard library raises AssertionError.
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1


def _within(candidate: str, title: str) -> bool:
    """Is ``candidate`` the headline part of ``title``, the rest only site or column names?

    The rest must be joined to it by separators and each of its pieces be
    shorter than the candidate, so a logo ``<h1>`` that is the site name
    never matches the title it ends.
    """
    if len(candidate) < 4:
        return False
    at = title.find(candidate)
    if at < 0:
        return False
    before, after = title[:at], title[at + len(candidate) :]
    if before and not _ENDS_IN_SEPARATOR.search(before):
        return False
    if after and not _TITLE_SEPARATOR.match(after):
        return False
    pieces = [p for p in _TITLE_SEPARATOR.split(before + "_" + after) if p.strip()]
    return all(len(p) < len(candidate) for p in pieces)


def _strip_site(title: str, visible: frozenset[str] = frozenset()) -> str:
    """The headline part of a title that joins it to site and column names (标题_栏目_某某网).

    It is the longest of the separated pieces that the page also shows as a
    line of its text, else the longest piece when it is longer than every
    other; '' when the title has no separator or no such piece.
    """
    pieces = sorted((p.strip() for p in _TITLE_SEPARATOR.split(title) if p.strip()), key=len)
    if len(pieces) < 2:
        return ""
    shown = [p for p in pieces if p in visible and len(p) >= 4]
    if shown:
        return shown[-1]
    if len(pieces[-1]) > len(pieces[-2]):
        return pieces[-1]
    return ""


def choose_headline(
    structure: PageStructure, visible: frozenset[str] = frozenset()
) -> tuple[str, bool]:
    """The page's headline by its markup, and whether the markup is sure of it.

    In order: an ``<h1>`` (one in an ``<article>`` first) that is the
    headline part of ``<title>`` or ``og:title``; ``og:title`` (its site
    name stripped the same way); the headline part of a ``<title>`` that
    joins it to site names, when no ``<h1>`` says otherwise or the page
    shows it as a line of ``visible`` text. These are sure. Of a title's
    pieces, the one shown as a visible line is the headline part, else the
    longest. When ``<title>`` and ``<h1>`` disagree, ``<title>`` is
    returned unsure, for the cleaning stage to weigh against the visible
    lines; ``('', False)`` when the page has neither.

    Examples
    --------
    >>> page = PageStructure(title="一条新闻的标题_国内_某某网", headings=[("某某网", False), ("一条新闻的标题", True)])
    >>> choose_headline(page)
    ('一条新闻的标题', True)
    >>> choose_headline(PageStructure(title="某某网首页", headings=[("栏目名称", False)]))
    ('某某网首页', False)
    """
    headings = sorted(structure.headings, key=lambda h: not h[1])
    named = [t for t in (structure.title, structure.meta.get("title", "")) if t]
    for text, _ in headings:
        if any(_within(text, t) for t in named):
            return text, True
    og = structure.meta.get("title", "")
    pieces = [p.strip() for p in _TITLE_SEPARATOR.split(structure.title)]
    site_wide = len(pieces) > 1 and og in pieces and og != _strip_site(structure.title, visible)
    if og and not site_wide:  # a site-wide og:title is the site's name
        return _strip_site(og, visible) or og, True
    stripped = _strip_site(structure.title, visible)
    if stripped and (not headings or stripped in visible):
        return stripped, True
    if structure.title:
        return structure.title, False
    if len(headings) == 1:
        return headings[0][0], True
    return "", False


def _published(structure: PageStructure) -> str:
    """The publication date the markup gives: a <meta>, else the first <time> (an <article>'s first)."""
    times = sorted(structure.times, key=lambda t: not t[1])
    for value in (structure.meta.get("date", ""), *(t for t, _ in times)):
        if _DATE_VALUE.search(value):
            return value
    return ""


def _author(structure: PageStructure) -> str:
    """The author <meta>, unless it is a link or an address rather than a name."""
    value = structure.meta.get("author", "")
    return "" if re.search(r"https?:|www\.|@|/", value) or len(value) > 40 else value


@dataclass(frozen=True)
class HtmlPage:
    """An HTML page as text, and the stretches of it that its structure marks as chrome.

    ``chrome`` holds ``(start, end, element)`` of every line of ``text``
    whose text all lies inside a ``<nav>``, ``<aside>`` or ``<footer>``.
    """

    text: str
    chrome: tuple[tuple[int, int, str], ...] = ()


def _marked_lines(chunks: list[str], marks: list[str]) -> list[tuple[str, str]]:
    """The lines of the collected text, each with the chrome element all its text lies in ('' if none)."""
    lines: list[tuple[str, str]] = []
    current: list[str] = []
    seen: set[str] = set()
    for chunk, mark in zip(chunks, marks, strict=True):
        for k, part in enumerate(chunk.split("\n")):
            if k:
                lines.append(("".join(current), seen.pop() if len(seen) == 1 else ""))
                current, seen = [], set()
            current.append(part)
            if part.strip():
                seen.add(mark)
    lines.append(("".join(current), seen.pop() if len(seen) == 1 else ""))
    return [(" ".join(text.split()), mark) for text, mark in lines]


def html_to_text(markup: str) -> str:
    """The text of :func:`html_page`.

    >>> html_to_text("<nav>首页 | 新闻</nav><p>正文。</p>")
    '首页 | 新闻\\n正文。'
    """
    return html_page(markup).text


def html_page(markup: str) -> HtmlPage:
    """Reduce an HTML page to its headline, date, author and visible text, one line per block.

    Parameters
    ----------
    markup : str
        The decoded page.

    Returns
    -------
    HtmlPage
        Its ``text``: first the headline :func:`choose_headline` gives, as ``标题：…`` when
        the markup is sure of it and as a bare line when not; then
        ``发布时间：…`` from ``article:published_time`` (or another date
        ``<meta>``, or ``<time datetime>``) and ``作者：…`` from the author
        ``<meta>`` when the page has them; then the non-empty lines of
        visible text, whitespace runs collapsed to one space. The cleaning
        stage reads these lines like any other, so every offset points into
        this text. Its ``chrome``: the lines inside ``<nav>``, ``<aside>``
        and ``<footer>`` elements.

    Notes
    -----
    O(n) in the length of ``markup``.

    Examples
    --------
    >>> html_page('''<html><head><title>福州 新闻</title><style>p{}</style></head>
    ... <body><h1>标题</h1><p>第一段&nbsp;&lt;文字&gt;<br>第二行</p>
    ... <script>var a = "<p>x</p>";</script></body></html>''').text
    '福州 新闻\\n标题\\n第一段 <文字>\\n第二行'
    >>> html_page('<meta property="og:title" content="一条标题"><meta name="author" content="李明">'
    ...           '<meta property="article:published_time" content="2024-08-05T11:11:00+08:00">'
    ...           '<title>一条标题_某某网</title><p>正文。</p>').text
    '标题：一条标题\\n发布时间：2024-08-05T11:11:00+08:00\\n作者：李明\\n正文。'
    >>> html_page("<nav>首页</nav><p>正文。</p><footer>版权所有</footer>").chrome
    ((0, 2, 'nav'), (7, 11, 'footer'))
    """
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    structure = parser.structure
    structure.title = " ".join("".join(parser.title).split())
    lines = _marked_lines(parser.chunks, parser.marks)
    headline, sure = choose_headline(structure, frozenset(text for text, _ in lines))
    date = _published(structure)
    author = _author(structure)
    head = [
        f"标题：{headline}" if headline and sure else headline,
        f"发布时间：{date}" if date else "",
        f"作者：{author}" if author else "",
    ]
    kept = [(line, "") for line in head if line] + [(t, mark) for t, mark in lines if t]
    chrome: list[tuple[int, int, str]] = []
    at = 0
    for line, mark in kept:
        if mark:
            chrome.append((at, at + len(line), mark))
        at += len(line) + 1
    return HtmlPage("\n".join(line for line, _ in kept), tuple(chrome))
