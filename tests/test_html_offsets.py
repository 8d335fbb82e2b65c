"""Offsets of HTML input point into the page's file: the map from its text to its markup."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace

from kgraph.ingest.decode import decode_page
from kgraph.ingest.html import html_page
from kgraph.rdf.vocab import KG

SDO = Namespace("https://schema.org/")
_TAG = re.compile(r"<[^>]*>")

# Entities inside names (&#23425; is 宁), tags inside a sentence, a script, a <title> and an
# <h1>, a date <meta>, whitespace runs across lines and a menu.
PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>福建省宁德市召开座谈会_新闻中心_某某网</title>
<meta property="article:published_time" content="2024-03-05T10:00:00+08:00">
<style>p { color: red; }</style>
<script>var s = "<p>福州市</p>";</script>
</head>
<body>
<nav><a href="/">首页</a> | <a href="/news">新闻</a></nav>
<article>
<h1>福建省宁德市召开座谈会</h1>
<p>3月5日，福建省&#23425;德市委书记李明主持召开座谈会。&nbsp;会议强调，要深入学习&ldquo;四下基层&rdquo;工作制度。</p>
<p>李明&nbsp;指出，宁德市要在&#20013;&#x56FD;式现代化建设中走在前列。福州市 &amp; 厦门市的代表参加了会议。</p>
<p>
   会议要求，
   各县区要抓好落实。<b>李明</b>强调，<i>宁德市</i>发展要靠实干。
</p>
</article>
<footer>版权所有 某某网</footer>
</body>
</html>
"""

TEXT = (
    "福建省宁德市召开座谈会\n2024-03-05 来源：宁德日报\n\n"
    "福建省宁德市委书记李明主持召开座谈会。李明指出，宁德市要在中国式现代化建设中走在前列。\n"
)


def _markup_text(raw: str) -> str:
    """The text a stretch of markup reads as: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub("", raw)).split())


def test_every_character_maps_to_the_markup_it_came_from() -> None:
    page = html_page(PAGE)
    source = page.source
    assert source is not None and source.length == len(page.text)
    assert source.source_length == len(PAGE)
    for i, char in enumerate(page.text):
        span = source.char(i)
        if span is None:
            continue
        raw = PAGE[span[0] : span[1]]
        if char.isspace():  # a collapsed run, or the markup between two lines
            assert _markup_text(raw) == "", (i, raw)
        else:
            assert html.unescape(raw) == char, (i, char, raw)
    ning = page.text.index("福建省宁德市委")
    assert source.char(ning + 3) == (PAGE.index("&#23425;"), PAGE.index("&#23425;") + 8)
    space = page.text.index(" 会议强调")  # &nbsp; and nothing else
    assert PAGE[slice(*source.char(space))] == "&nbsp;"
    run = page.text.index(" 各县区")  # a line break and three spaces
    assert PAGE[slice(*source.char(run))] == "\n   "


def test_the_lines_kgraph_writes_map_only_their_values() -> None:
    page = html_page(PAGE)
    assert page.text.startswith(
        "标题：福建省宁德市召开座谈会\n发布时间：2024-03-05T10:00:00+08:00\n"
    )
    source = page.source
    assert source is not None
    assert [source.char(i) for i in range(3)] == [None] * 3  # 标题：
    headline = source.span(3, 14)  # where the page shows it: its <h1>
    assert headline is not None and PAGE[slice(*headline)] == "福建省宁德市召开座谈会"
    assert PAGE[headline[0] - 4 : headline[0]] == "<h1>"
    date = page.text.index("2024-03-05T")
    at = source.span(date, date + 25)
    assert at is not None and PAGE[slice(*at)] == "2024-03-05T10:00:00+08:00"  # the <meta>
    assert source.span(0, 14) is None  # the whole line is kgraph's
    assert source.char(page.text.index("\n")) is None


def test_a_headline_only_in_og_title_maps_into_its_attribute() -> None:
    page_markup = (
        '<html><head><meta property="og:title" content="乡村振兴座谈会召开 - 某某网">'
        "</head><body><p>座谈会在县城召开。</p><p>代表们发言。</p></body></html>"
    )
    page = html_page(page_markup)
    assert page.text.startswith("标题：乡村振兴座谈会召开\n")
    source = page.source
    assert source is not None
    span = source.span(3, 3 + len("乡村振兴座谈会召开"))
    assert span is not None and page_markup[slice(*span)] == "乡村振兴座谈会召开"
    assert page_markup[span[0] - len('content="') : span[0]] == 'content="'


def test_the_map_carries_over_decoding() -> None:
    data = ("\ufeff" + PAGE.replace("\n", "\r\n")).encode("utf-8")
    page = decode_page(data, "page.html")
    assert page.source is not None and page.encoding == "utf-8-sig"
    decoded = PAGE  # the BOM dropped, line ends \n: what the offsets count in
    at = page.text.index("李明主持")
    span = page.source.span(at, at + 2)
    assert span is not None and decoded[slice(*span)] == "李明"
    assert decode_page(TEXT.encode("utf-8"), "a.txt").source is None


def _build(source: Path, out: Path) -> str:
    command = [
        sys.executable,
        "-m",
        "kgraph",
        "build",
        str(source),
        "--out",
        str(out),
        "--no-store",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    source = tmp_path_factory.mktemp("pages")
    (source / "page.html").write_text(PAGE, encoding="utf-8")
    (source / "plain.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    _build(source, out)
    return source, out


def test_exported_offsets_point_into_the_files(built: tuple[Path, Path]) -> None:
    source, out = built
    graph = Graph().parse(out / "graph.nt", format="nt")
    files = {
        doc: str(graph.value(doc, SDO.identifier)) for doc in graph.subjects(RDF.type, SDO.Article)
    }
    texts = {doc: (source / name).read_text(encoding="utf-8") for doc, name in files.items()}
    html_docs = {doc for doc in files if graph.value(doc, SDO.encodingFormat) is not None}
    assert {files[doc] for doc in html_docs} == {"page.html"}
    for doc in files:
        assert int(graph.value(doc, KG.characterCount)) == len(texts[doc])
    checked = {"page.html": 0, "plain.txt": 0}
    written = []
    for kind in (KG.Mention, KG.Evidence, KG.Sentence):
        for node in graph.subjects(RDF.type, kind):
            doc = graph.value(node, KG.inDocument)
            text = str(graph.value(node, KG.surface) or graph.value(node, KG.text))
            begin, end = graph.value(node, KG.begin), graph.value(node, KG.end)
            if begin is None:
                assert doc in html_docs, (files[doc], text)
                written.append(text)
                continue
            raw = texts[doc][int(begin) : int(end)]
            if doc in html_docs:
                assert _markup_text(raw) == text, (text, raw)
                if kind == KG.Mention:
                    assert html.unescape(raw) == text
            else:
                assert raw == text
            checked[files[doc]] += 1
    assert checked["page.html"] > 10 and checked["plain.txt"] > 5, checked
    # only what kgraph wrote above the page's text has no offsets: its labelled lines
    assert written and all(re.match("(标题|发布时间|作者)：", t) for t in written), written
    mentions = {
        str(graph.value(m, KG.surface)): str(m) for m in graph.subjects(RDF.type, KG.Mention)
    }
    assert "宁德市" in mentions


def test_a_mention_through_a_character_reference(built: tuple[Path, Path]) -> None:
    source, out = built
    graph = Graph().parse(out / "graph.nt", format="nt")
    markup = (source / "page.html").read_text(encoding="utf-8")
    raws = {
        markup[int(graph.value(m, KG.begin)) : int(graph.value(m, KG.end))]
        for m in graph.subjects(RDF.type, KG.Mention)
        if graph.value(m, KG.begin) is not None
    }
    assert any("&#23425;" in raw for raw in raws), raws  # 福建省&#23425;德市…


def test_builds_are_deterministic_and_the_cache_gives_the_same(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = built
    again = tmp_path / "again"
    _build(source, again)
    for name in ("graph.nt", "graph.jsonld", "graph.ttl"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    assert "2 from the cache" in _build(source, again)  # the maps come back with the documents
    assert (again / "graph.nt").read_bytes() == (out / "graph.nt").read_bytes()
