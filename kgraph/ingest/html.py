"""HTML pages reduced to their visible text, one line per block."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_WHITESPACE = re.compile(r"\s+")
# <meta> names and properties that carry a page's headline, date and author.
_META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "article:published_time": "date",
    "og:article:published_time": "date",
    "pubdate": "date",
    "publishdate": "date",
    "author": "author",
    "article:author": "author",
}


class _VisibleText(HTMLParser):
    """Collects the title and the visible text of a page, one line per block."""

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
        self.title: list[str] = []
        self.hidden: list[str] = []  # open elements whose content is dropped
        self.in_head = False
        self.in_title = False
        self.title_done = False
        self.pre_depth = 0
        self.meta: dict[str, str] = {}  # og:title, published time and author from <meta>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            if tag in self.HIDDEN:
                self.hidden.append(tag)
            return
        if tag == "meta":
            fields = dict(attrs)
            key = (fields.get("property") or fields.get("name") or "").lower()
            field = _META_FIELDS.get(key)
            if field and fields.get("content") and field not in self.meta:
                self.meta[field] = " ".join((fields["content"] or "").split())
        if tag == "head":
            self.in_head = True
        elif tag == "title" and not self.title_done:
            self.in_title = True
        elif self.in_head and tag not in self.HEAD_ONLY:
            self.in_head = False  # a body element closes an unclosed <head>
        if tag in self.HIDDEN:
            self.hidden.append(tag)
        elif tag in self.BLOCKS:
            self.chunks.append("\n")
            if tag == "pre":
                self.pre_depth += 1
        elif tag in self.CELLS:
            self.chunks.append(" ")

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
        elif tag in self.BLOCKS:
            self.chunks.append("\n")
            if tag == "pre" and self.pre_depth:
                self.pre_depth -= 1
        elif tag in self.CELLS:
            self.chunks.append(" ")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.in_title:
            self.title.append(data)
        elif not self.in_head:
            self.chunks.append(data if self.pre_depth else _WHITESPACE.sub(" ", data))

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # HTML reads "<![...>" as a bogus comment; the standard library raises AssertionError.
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1


def html_to_text(markup: str) -> str:
    """Reduce an HTML page to its title and visible text, one line per block.

    Parameters
    ----------
    markup : str
        The decoded page.

    Returns
    -------
    str
        The headline as the first line (``og:title``, else ``<title>``, when
        there is one), then ``发布时间：…`` and ``作者：…`` lines from the
        ``article:published_time`` and ``author`` ``<meta>`` tags when the
        page has them, then the non-empty lines of visible text, whitespace
        runs collapsed to one space. The cleaning stage reads these lines
        like any other, so every offset points into this text.

    Notes
    -----
    O(n) in the length of ``markup``.

    Examples
    --------
    >>> html_to_text('''<html><head><title>福州 新闻</title><style>p{}</style></head>
    ... <body><h1>标题</h1><p>第一段&nbsp;&lt;文字&gt;<br>第二行</p>
    ... <script>var a = "<p>x</p>";</script></body></html>''')
    '福州 新闻\\n标题\\n第一段 <文字>\\n第二行'
    >>> html_to_text('<meta property="og:title" content="一条标题"><meta name="author" content="李明">'
    ...              '<meta property="article:published_time" content="2024-08-05T11:11:00+08:00">'
    ...              '<title>一条标题_某某网</title><p>正文。</p>')
    '一条标题\\n发布时间：2024-08-05T11:11:00+08:00\\n作者：李明\\n正文。'
    """
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    title = parser.meta.get("title") or " ".join("".join(parser.title).split())
    date = parser.meta.get("date", "")
    head = [
        title,
        f"发布时间：{date}" if date else "",
        f"作者：{parser.meta['author']}" if "author" in parser.meta else "",
    ]
    lines = (" ".join(line.split()) for line in "".join(parser.chunks).split("\n"))
    return "\n".join(line for line in (*head, *lines) if line)
