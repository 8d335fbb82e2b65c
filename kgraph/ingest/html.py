"""HTML pages reduced to their visible text, one line per block.

The page's own structure names its headline, date and author where it has
them (``og:title``, ``<h1>``, ``<title>``, ``article:published_time``,
``<time datetime>``, ``<meta name=author>``); :func:`html_to_text` writes
what it chooses as labelled lines (``标题：``, ``发布时间：``, ``作者：``)
above the visible text, so the cleaning stage reads them like any other
line. Every character of the text is mapped back to the markup it came
from (:class:`~kgraph.model.SourceMap`), so the exports can give offsets
into the page's file; the labelled lines have no place there.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from kgraph.model import SourceMap

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

_NON_SPACE = re.compile(r"\S+")
# A character reference as html.unescape reads it (the pattern of the standard library's html module).
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
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

    def __init__(self, markup: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.markup = markup  # the page, to map each chunk back to the characters it came from
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
        self.chunks: list[str] = []
        self.runs = _Runs()  # where the characters of the chunks come from in the markup
        self.title_runs = _Runs()  # and those of the <title>
        self.attributes: dict[str, int] = {}  # where a <meta> or <time> value stands verbatim
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
            self._attribute(value)
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
            self._add_tag("\n", len(self.get_starttag_text() or ""))
            if tag == "pre":
                self.pre_depth += 1
        elif tag in self.CELLS:
            self._add_tag(" ", len(self.get_starttag_text() or ""))

    def _offset(self) -> int:
        """Where the construct being handled starts in the markup, in characters."""
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _add(self, chunk: str) -> None:
        self.chunks.append(chunk)
        self.marks.append(self.chrome[-1] if self.chrome else "")

    def _add_tag(self, chunk: str, length: int = 0) -> None:
        """Add a line break or space a tag stands for, from the tag's characters.

        ``length`` is the tag's, or 0 for an end tag: it ends at its ``>``.
        """
        start = self._offset()
        if not length:
            close = self.markup.find(">", start)
            length = close + 1 - start if close >= 0 else 2
        self.runs.add(len(chunk), start, start + length)
        self._add(chunk)

    def _meta(self, fields: dict[str, str | None]) -> None:
        key = (fields.get("property") or fields.get("name") or fields.get("itemprop") or "").lower()
        kind = _META_FIELDS.get(key)
        value = " ".join((fields.get("content") or "").split())
        if kind and value and kind not in self.structure.meta:
            self.structure.meta[kind] = value
            self._attribute(value)

    def _attribute(self, value: str) -> None:
        """Note where the open tag holds ``value`` verbatim, if it does and no tag did before."""
        at = (self.get_starttag_text() or "").find(value)
        if at >= 0 and value not in self.attributes:
            self.attributes[value] = self._offset() + at

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
            self._add_tag("\n")
            if tag == "pre" and self.pre_depth:
                self.pre_depth -= 1
        elif tag in self.CELLS:
            self._add_tag(" ")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.in_title:
            self.title_runs.add_data(data, self.markup, self._offset())
            self.title.append(data)
        elif not self.in_head:
            # outside <pre> a line break in the text is a space (lines collapse their spaces)
            self.runs.add_data(data, self.markup, self._offset())
            self._add(data if self.pre_depth else data.replace("\n", " "))

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
    """An HTML page as text, the stretches of it that its structure marks as chrome, and its map.

    ``chrome`` holds ``(start, end, element)`` of every line of ``text``
    whose text all lies inside a ``<nav>``, ``<aside>`` or ``<footer>``.
    ``source`` maps each character of ``text`` to the markup it came from
    (see :func:`html_page`); None only for a page made by hand.
    """

    text: str
    chrome: tuple[tuple[int, int, str], ...] = ()
    source: SourceMap | None = None


class _Runs:
    """A text being built and where its characters come from, as runs (see :class:`SourceMap`).

    Runs that continue each other with characters of one width are merged,
    so a stretch of plain text is one run however many pieces it was added
    in, and so is a stretch of ``&#20013;`` references.
    """

    def __init__(self) -> None:
        self.at: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.size = 0

    def add(self, length: int, start: int, end: int) -> None:
        """Add ``length`` characters from ``[start, end)``, each from an equal share of it.

        That is one for one, or one character from the whole span; ``start
        == -1`` adds characters from nowhere.
        """
        if length <= 0:
            return
        if start < 0:
            start = end = -1
        if self.at:
            last_start, last_end = self.start[-1], self.end[-1]
            if start < 0 and last_start < 0:
                self.size += length
                return
            continues = start >= 0 and last_start >= 0 and last_end == start
            # as wide a share each: 1 in plain text, 8 in a run of &#20013; references
            alike = (last_end - last_start) * length == (end - start) * (self.size - self.at[-1])
            if continues and alike:
                self.end[-1] = end
                self.size += length
                return
        self.at.append(self.size)
        self.start.append(start)
        self.end.append(end)
        self.size += length

    def add_data(self, data: str, markup: str, start: int) -> None:
        """Add the text ``data`` that the parser read at ``start`` of ``markup``.

        A character reference maps to the whole reference. Text the
        parser changed in a way not seen here maps, character by character,
        to all of what it read.
        """
        end = markup.find("<", start + 1)  # the parser hands over text up to the next '<'
        raw = markup[start : end if end >= 0 else len(markup)]
        if "&" not in raw and raw == data:
            self.add(len(data), start, start + len(data))
            return
        if unescape(raw) != data:
            if markup.startswith(data, start):
                self.add(len(data), start, start + len(data))
            else:
                for _ in data:
                    self.add(1, start, start + len(raw))
            return
        done = 0  # characters of ``raw`` added
        for match in _CHARREF.finditer(raw):
            ref = match.group()
            replaced = unescape(ref)
            if replaced == ref:
                continue
            # a name without ';' may be replaced by its longest known prefix, the rest kept
            kept = 0
            while kept < min(len(ref), len(replaced)) - 1 and ref[-1 - kept] == replaced[-1 - kept]:
                kept += 1
            self.add(match.start() - done, start + done, start + match.start())
            for _ in range(len(replaced) - kept):
                self.add(1, start + match.start(), start + match.end() - kept)
            done = match.end() - kept
        self.add(len(raw) - done, start + done, start + len(raw))

    def char(self, i: int) -> tuple[int, int]:
        """Where character ``i`` of the text comes from."""
        k = bisect_right(self.at, i) - 1
        start, end = self.start[k], self.end[k]
        width = (end - start) // (
            (self.at[k + 1] if k + 1 < len(self.at) else self.size) - self.at[k]
        )
        start += (i - self.at[k]) * width
        return start, start + width

    def copy(self, begin: int, stop: int, into: _Runs) -> None:
        """Add to ``into`` the characters ``[begin, stop)`` of this text."""
        if begin >= stop:
            return
        k = bisect_right(self.at, begin) - 1
        while k < len(self.at) and self.at[k] < stop:
            run_end = self.at[k + 1] if k + 1 < len(self.at) else self.size
            lo, hi = max(begin, self.at[k]), min(stop, run_end)
            start, end = self.start[k], self.end[k]
            width = (end - start) // (run_end - self.at[k])
            into.add(hi - lo, start + (lo - self.at[k]) * width, start + (hi - self.at[k]) * width)
            k += 1

    def source_map(self, source_length: int) -> SourceMap:
        return SourceMap(
            array("I", self.at),
            array("i", self.start),
            array("i", self.end),
            self.size,
            source_length,
        )


def _marked_lines(chunks: list[str], marks: list[str]) -> list[tuple[str, str, int, int]]:
    """The lines of the collected text, each with the chrome element all its text lies in ('' if none).

    Each line comes with the span ``[start, end)`` of the chunks' joined
    text it was collapsed from.
    """
    lines: list[tuple[str, str, int, int]] = []
    current: list[str] = []
    seen: set[str] = set()
    begin = at = 0
    for chunk, mark in zip(chunks, marks, strict=True):
        for k, part in enumerate(chunk.split("\n")):
            if k:
                lines.append(("".join(current), seen.pop() if len(seen) == 1 else "", begin, at))
                current, seen = [], set()
                at += 1
                begin = at
            current.append(part)
            at += len(part)
            if part.strip():
                seen.add(mark)
    lines.append(("".join(current), seen.pop() if len(seen) == 1 else "", begin, at))
    return [(" ".join(text.split()), mark, start, end) for text, mark, start, end in lines]


def _collapsed(joined: str, runs: _Runs, lines: list[tuple[int, int]], into: _Runs) -> None:
    """Map lines of ``joined`` (spans of it), collapsed as :func:`_marked_lines` does, into ``into``.

    A collapsed run of whitespace maps to the whole run, the line break
    between two lines to the markup between them.
    """
    last = -1  # where the previous line's text ends in the markup
    for begin, stop in lines:
        previous = -1  # the end of the previous word in ``joined``
        for word in _NON_SPACE.finditer(joined, begin, stop):
            if previous >= 0:
                into.add(1, runs.char(previous)[0], runs.char(word.start() - 1)[1])
            elif last >= 0:  # the line break before this line
                first = runs.char(word.start())[0]
                if last < first:
                    into.add(1, last, first)
                else:
                    into.add(1, -1, -1)
            runs.copy(word.start(), word.end(), into)
            previous = word.end()
        if previous >= 0:
            last = runs.char(previous - 1)[1]


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
    parser = _VisibleText(markup)
    parser.feed(markup)
    parser.close()
    structure = parser.structure
    structure.title = " ".join("".join(parser.title).split())
    lines = _marked_lines(parser.chunks, parser.marks)
    headline, sure = choose_headline(structure, frozenset(text for text, *_ in lines))
    date = _published(structure)
    author = _author(structure)
    written = [
        ("标题：" if sure else "", headline, True),
        ("发布时间：", date, False),
        ("作者：", author, False),
    ]
    head = [(label, value, is_headline) for label, value, is_headline in written if value]
    body = [(t, mark, start, end) for t, mark, start, end in lines if t]
    kept = [(label + value, "") for label, value, _ in head] + [(t, mark) for t, mark, *_ in body]
    chrome: list[tuple[int, int, str]] = []
    at = 0
    for line, mark in kept:
        if mark:
            chrome.append((at, at + len(line), mark))
        at += len(line) + 1
    text = "\n".join(line for line, _ in kept)
    return HtmlPage(text, tuple(chrome), _source_map(parser, markup, body, head))


def _in_attribute(value: str, attributes: dict[str, int]) -> int:
    """Where the markup holds ``value`` verbatim inside an attribute's value, or -1."""
    for held, start in attributes.items():
        at = held.find(value)
        if at >= 0:
            return start + at
    return -1


def _source_map(
    parser: _VisibleText,
    markup: str,
    body: list[tuple[str, str, int, int]],
    head: list[tuple[str, str, bool]],
) -> SourceMap:
    """The map of a page's text: its labelled lines, then the ``body`` lines, to ``markup``.

    The labels (``标题：``, ``发布时间：``, ``作者：``) and the line breaks after
    kgraph's lines come from nowhere. A headline maps to where the page
    shows it verbatim, in a visible line (its ``<h1>``) or else in its
    ``<title>``, or else in an attribute (``og:title``); a date or author to
    the ``<meta>`` or ``<time>`` attribute that holds it verbatim; a value
    found in none of them comes from nowhere.
    """
    lines = _Runs()
    _collapsed("".join(parser.chunks), parser.runs, [(s, e) for _, _, s, e in body], lines)
    lines_text = "\n".join(t for t, *_ in body)
    title = _Runs()
    joined_title = "".join(parser.title)
    _collapsed(joined_title, parser.title_runs, [(0, len(joined_title))], title)
    runs = _Runs()
    for n, (label, value, is_headline) in enumerate(head):
        runs.add(1 if n else 0, -1, -1)  # the line break before it
        runs.add(len(label), -1, -1)
        if is_headline:
            shown = [(lines_text.find(value), lines), (parser.structure.title.find(value), title)]
            at, place = next(((at, place) for at, place in shown if at >= 0), (-1, lines))
            if at >= 0:
                place.copy(at, at + len(value), runs)
            else:  # only in an attribute, e.g. og:title with the site's name stripped
                start = _in_attribute(value, parser.attributes)
                runs.add(len(value), start, start + len(value) if start >= 0 else -1)
        else:
            start = parser.attributes.get(value, -1)
            runs.add(len(value), start, start + len(value))
    runs.add(1 if head and body else 0, -1, -1)
    lines.copy(0, lines.size, runs)
    return runs.source_map(len(markup))
