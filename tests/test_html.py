"""HTML pages: headline, date and author chosen from the markup, on pages the tests write."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.ingest.html import PageStructure, choose_headline, html_to_text
from kgraph.ingest.normalize import normalize
from kgraph.model import Document
from kgraph.pipeline import read_document


def read(tmp_path: Path, markup: str, name: str = "page.html") -> Document:
    path = tmp_path / name
    path.write_text(markup, encoding="utf-8")
    return read_document(path, name)


def spans(doc: Document, field: str) -> list[str]:
    return [doc.text[a:b] for f, a, b in doc.meta_spans if f == field]


def test_the_h1_in_the_article_that_the_title_contains_is_the_headline(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<html><head><title>青禾县新修乡村公路三十公里_地方新闻_某某网</title></head><body>"
        "<header><h1>某某网</h1><p>首页 | 新闻 | 财经 | 体育</p></header>"
        "<article><h1>青禾县新修乡村公路三十公里</h1>"
        "<p>青禾县今年新修乡村公路三十公里，沿线八个村通了公交车。县交通局说，明年还将继续修路。</p>"
        "</article></body></html>",
    )
    assert doc.title == "青禾县新修乡村公路三十公里"
    assert spans(doc, "title") == ["青禾县新修乡村公路三十公里"]  # offsets into the document's text
    repeated = doc.text.index("\n青禾县新修乡村公路三十公里\n") + 1
    assert [s.kind.value for s in doc.sections if s.start <= repeated < s.end] == ["chrome"]


def test_a_site_name_before_the_headline_in_the_title(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<title>某某日报 - 海灣區新建碼頭今日啟用</title>"
        "<p>海灣區新碼頭今日正式啟用，每日可停泊二十艘渡輪。區議會表示，碼頭將方便島上居民往來。</p>",
    )
    assert doc.title == "海湾区新建码头今日启用"


def test_a_site_wide_og_title_is_not_the_headline(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        '<head><meta property="og:title" content="某某网"><title>社区食堂开张_某某网</title></head>'
        "<body><h1>社区食堂开张</h1><p>社区食堂今天开张，每餐补贴五元。居民反映饭菜可口，价格实惠。</p></body>",
    )
    assert doc.title == "社区食堂开张"


def test_og_title_with_a_colon_is_kept_whole_and_its_double_dash_subtitle_dropped(
    tmp_path: Path,
) -> None:
    title = "新春走基层：渡轮上的年夜饭——记海湾区渡轮船员"
    doc = read(
        tmp_path,
        f'<meta property="og:title" content="{title}"><title>{title} | 某某网</title>'
        "<p>除夕夜，渡轮船员在船上吃年夜饭。船长说，这是他在船上过的第十个春节。</p>",
    )
    assert doc.title == "新春走基层：渡轮上的年夜饭"  # the main title (benchmarks/CONVENTIONS.md)


def test_title_and_h1_that_disagree_leave_the_choice_to_the_visible_lines(tmp_path: Path) -> None:
    assert choose_headline(PageStructure(title="某某网首页", headings=[("今日要闻", False)])) == (
        "某某网首页",
        False,
    )
    text = html_to_text("<title>某某网首页</title><h1>今日要闻</h1><p>正文。</p>")
    assert text.splitlines()[0] == "某某网首页"  # a bare line, not 标题：


@pytest.mark.parametrize(
    ("markup", "date"),
    [
        ('<meta name="pubdate" content="2024-08-05 10:00:00">', "2024-08-05"),
        ('<meta name="PublishDate" content="2023/05/06">', "2023-05-06"),
        ('<meta itemprop="datePublished" content="2021-03-09T13:48:31+08:00">', "2021-03-09"),
        ('<article><time datetime="2020-05-06T08:00">5月6日</time></article>', "2020-05-06"),
        ('<time datetime="08:00">早上</time><article><time datetime="2022-01-02">昨天</time></article>', "2022-01-02"),
    ],
)  # fmt: skip
def test_the_publication_date_from_meta_or_time(tmp_path: Path, markup: str, date: str) -> None:
    doc = read(
        tmp_path,
        f"<html><head><title>社区食堂开张_某某网</title></head><body>{markup}"
        "<p>社区食堂今天开张，每餐补贴五元。居民反映饭菜可口，价格实惠。</p></body></html>",
    )
    assert (doc.title, doc.date) == ("社区食堂开张", date)
    assert len(spans(doc, "date")) == 1


@pytest.mark.parametrize(
    ("author", "authors"),
    [
        ("周宁 钱晓岚", ("周宁", "钱晓岚")),
        ("https://example.com/zhouning", ()),
        ("黃嘉明", ("黄嘉明",)),
    ],
)
def test_the_author_meta(tmp_path: Path, author: str, authors: tuple[str, ...]) -> None:
    doc = read(
        tmp_path,
        f'<meta name="author" content="{author}"><title>社区食堂开张_某某网</title>'
        "<p>社区食堂今天开张，每餐补贴五元。居民反映饭菜可口，价格实惠。</p>",
    )
    assert doc.authors == authors


def test_a_text_page_that_opens_with_a_labelled_headline() -> None:
    from kgraph.pipeline import document_from_text

    doc = document_from_text(
        "a.txt", "标题：社区食堂开张\n社区食堂今天开张，每餐补贴五元。居民说好。\n"
    )
    assert doc.title == "社区食堂开张"
    assert spans(doc, "title") == ["社区食堂开张"]


def test_the_piece_of_the_title_the_page_shows_is_the_headline(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "<title>食堂开张_青禾县人民政府门户网站</title><body><div class=t>食堂开张</div>"
        "<p>社区食堂今天开张，每餐补贴五元。居民反映饭菜可口，价格实惠。</p></body>",
    )
    assert doc.title == "食堂开张"


STRUCTURED = """<html><head><title>{title}_某某网</title></head><body>
<nav><a href="/">{home}</a> <a href="/n">{news}</a> <a href="/x">{teaser}</a></nav>
<article><h1>{title}</h1><p>2024-05-06 {source}</p><p>{body}</p></article>
<aside><h2>{hot}</h2><p>{teaser_text}</p></aside>
<footer><p>{footer}</p></footer>
</body></html>
"""


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "青禾县新建十座口袋公园", "home": "首页", "news": "新闻",
         "teaser": "周宁当选青禾县人民政府县长", "source": "来源：某某日报",
         "body": "青禾县今年在老城区新建十座口袋公园，居民步行五分钟就能到。县里说，明年还要再建十座。",
         "hot": "热门文章", "teaser_text": "钱晓岚在海湾区人民医院说，医院明年将再建一座大楼。",
         "footer": "主办单位：青禾县融媒体中心"},
        {"title": "海灣區新碼頭今日啟用", "home": "首頁", "news": "港聞",
         "teaser": "黃嘉明出任海灣區區議會主席", "source": "來源：某某日報",
         "body": "海灣區新碼頭今日正式啟用，每日可停泊二十艘渡輪。區議會表示，碼頭將方便島上居民往來。",
         "hot": "熱門文章", "teaser_text": "周志強在青禾縣人民醫院說，醫院明年將再建一座大樓。",
         "footer": "主辦單位：海灣區融媒體中心"},
    ],
)  # fmt: skip
def test_nav_aside_and_footer_are_chrome_by_the_pages_structure(
    tmp_path: Path, fields: dict[str, str]
) -> None:
    doc = read(tmp_path, STRUCTURED.format(**fields))
    chrome = [doc.text[s.start : s.end] for s in doc.sections if s.kind.value == "chrome"]
    for part in ("teaser", "teaser_text", "footer"):  # sentences and names, not menu-shaped text
        assert any(fields[part] in c for c in chrome), part
    body = [doc.text[s.start : s.end] for s in doc.sections if s.kind.value == "body"]
    assert any(fields["body"] in b for b in body)
    assert doc.date == "2024-05-06" and doc.sources == (normalize(fields["source"][3:]).text,)


def test_the_same_lines_outside_those_elements_are_read_as_text(tmp_path: Path) -> None:
    # a neutral heading: 热门文章 would head a related-articles list in text too
    markup = STRUCTURED.replace("<aside>", "<div>").replace("</aside>", "</div>").format(
        title="青禾县新建十座口袋公园", home="首页", news="新闻", teaser="周宁当选县长的消息",
        source="来源：某某日报", body="青禾县今年新建十座口袋公园，居民步行五分钟就能到。县里说明年再建。",
        hot="社区动态", teaser_text="钱晓岚在医院说，医院明年将再建一座大楼。", footer="主办单位：某某中心",
    )  # fmt: skip
    doc = read(tmp_path, markup)
    body = [doc.text[s.start : s.end] for s in doc.sections if s.kind.value == "body"]
    assert any("钱晓岚在医院说" in b for b in body)


def test_no_mention_is_extracted_from_structural_chrome(tmp_path: Path) -> None:
    from kgraph.extract.rules import Extractor
    from kgraph.pipeline import extract_document

    doc = read(tmp_path, STRUCTURED.format(
        title="青禾县新建十座口袋公园", home="首页", news="新闻", teaser="周宁当选青禾县人民政府县长",
        source="来源：某某日报", body="青禾县今年新建十座口袋公园，居民步行五分钟就能到。县里说明年再建。",
        hot="热门文章", teaser_text="钱晓岚在海湾区人民医院说，医院明年将再建一座大楼。",
        footer="主办单位：青禾县融媒体中心",
    ))  # fmt: skip
    found = extract_document(Extractor(), doc)
    surfaces = {c.norm for c in found.candidates}
    assert "青禾县" in surfaces  # the article's own place
    assert not surfaces & {"周宁", "钱晓岚", "海湾区人民医院", "青禾县融媒体中心"}
