"""Lines a corpus repeats across its pages are chrome in a build, on corpora the tests write."""

from __future__ import annotations

from pathlib import Path

import pytest

import kgraph
from kgraph import pipeline
from kgraph.ingest.clean import recurring_lines
from kgraph.model import Document, SectionKind
from kgraph.pipeline import build_corpus

SIMPLIFIED = {
    "menu": "青禾在线 服务群众",
    "slogan": "青禾县融媒体中心主办",
    "pages": [
        (
            "青禾县新建十座口袋公园",
            "青禾县今年在老城区新建十座口袋公园，居民步行五分钟就能到。县里说，明年还要再建十座。",
        ),
        (
            "青禾县社区食堂开张",
            "青禾县八月起在十个社区试行老年食堂，每餐补贴五元。居民反映饭菜可口，价格实惠。",
        ),
        (
            "青禾县乡村公路通车",
            "青禾县今年新修乡村公路三十公里，沿线八个村通了公交车。县交通局说，明年还将继续修路。",
        ),
        (
            "青禾县图书馆延长开放",
            "青禾县图书馆从下月起每晚开放到九点，周末不休息。馆长说，读者可以在网上预约座位。",
        ),
    ],
}
TRADITIONAL = {
    "menu": "海灣在線 服務市民",
    "slogan": "海灣區融媒體中心主辦",
    "pages": [
        ("海灣區新碼頭今日啟用", "海灣區新碼頭今日正式啟用，每日可停泊二十艘渡輪。區議會表示，碼頭將方便島上居民往來。"),
        ("海灣區圖書館延長開放", "海灣區圖書館下月起每晚開放到九點，週末不休息。館長表示，讀者可在網上預約座位。"),
        ("海灣區新建單車徑", "海灣區今年新建單車徑十公里，沿線設有休息站。區議會表示，明年將再建五公里。"),
    ],
}  # fmt: skip


def write_site(folder: Path, site: dict[str, object], html: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pages = site["pages"]
    assert isinstance(pages, list)
    for i, (title, body) in enumerate(pages):
        if html:
            text = (
                f"<html><body><div>{site['menu']}</div><h1>{title}</h1><p>2024-05-0{i + 1}</p>"
                f"<p>{body}</p><div>{site['slogan']}</div></body></html>"
            )
            (folder / f"p{i}.html").write_text(text, encoding="utf-8")
        else:
            text = f"{site['menu']}\n{title}\n2024-05-0{i + 1}\n{body}\n{site['slogan']}\n"
            (folder / f"p{i}.txt").write_text(text, encoding="utf-8")
    return folder


def kind_of(doc: Document, line: str) -> SectionKind:
    at = doc.text.index(line)
    return next(s.kind for s in doc.sections if s.start <= at < s.end)


@pytest.mark.parametrize("site", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
@pytest.mark.parametrize("html", [False, True], ids=["text", "html"])
def test_a_sites_repeated_lines_are_chrome_in_a_build(
    tmp_path: Path, site: dict[str, object], html: bool
) -> None:
    corpus = build_corpus([write_site(tmp_path / "in", site, html)], jobs=1)
    assert len(corpus.documents) == len(site["pages"])  # type: ignore[arg-type]
    for doc in corpus.documents:
        assert kind_of(doc, str(site["menu"])) == SectionKind.CHROME
        assert kind_of(doc, str(site["slogan"])) == SectionKind.CHROME
        assert doc.title and doc.title in {kgraph_title(t) for t, _ in site["pages"]}  # type: ignore[attr-defined]


def kgraph_title(title: str) -> str:
    from kgraph.ingest.normalize import normalize

    return normalize(title).text


def test_two_pages_of_a_site_are_not_enough(tmp_path: Path) -> None:
    folder = write_site(tmp_path / "in", {**SIMPLIFIED, "pages": SIMPLIFIED["pages"][:2]})
    for doc in build_corpus([folder], jobs=1).documents:
        assert kind_of(doc, str(SIMPLIFIED["menu"])) != SectionKind.CHROME


def test_copies_of_one_article_do_not_make_its_headline_a_menu(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    title, body = SIMPLIFIED["pages"][0]  # type: ignore[index]
    for i, spam in enumerate(["某某娱乐 注册送礼", "某某影视 免费观看", "某某彩票 天天开奖"]):
        (folder / f"m{i}.txt").write_text(f"{spam}\n{title}\n周宁\n{body}\n", encoding="utf-8")
    docs = build_corpus([folder], jobs=1).documents
    assert {doc.title for doc in docs} == {title}
    assert all(doc.authors == ("周宁",) for doc in docs)
    pages = [(folder / f"m{i}.txt").read_text(encoding="utf-8") for i in range(3)]
    assert recurring_lines(pages) == frozenset()


def test_a_rebuild_after_a_page_makes_lines_recur_equals_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in"
    three = {**SIMPLIFIED, "pages": SIMPLIFIED["pages"][:2]}
    write_site(source, three)
    out = tmp_path / "out"
    first = kgraph.build([source], out, jobs=1, formats=["nt"])
    assert first.extracted == 2
    write_site(source, SIMPLIFIED)  # two more pages of the site: its menu now recurs
    second = kgraph.build([source], out, jobs=1, formats=["nt"])
    assert (second.extracted, second.cached) == (2, 2)
    for doc in second.corpus.documents:  # the two cached pages are read again with the menu
        assert kind_of(doc, str(SIMPLIFIED["menu"])) == SectionKind.CHROME
    clean = kgraph.build([source], tmp_path / "clean", jobs=1, formats=["nt"], cache=False)
    assert (out / "graph.nt").read_bytes() == (tmp_path / "clean" / "graph.nt").read_bytes()
    for a, b in zip(second.corpus.documents, clean.corpus.documents, strict=True):
        assert (a.id, a.sections, a.title) == (b.id, b.sections, b.title)
    calls: list[str] = []
    extract = pipeline.extract_document

    def counting(extractor: object, document: Document) -> object:
        calls.append(document.path)
        return extract(extractor, document)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "extract_document", counting)
    third = kgraph.build([source], out, jobs=1, formats=["nt"])
    assert (third.extracted, third.cached) == (0, 4)
    assert calls == []  # the pages read again with the menu come from the cache too
    assert [d.sections for d in third.corpus.documents] == [
        d.sections for d in clean.corpus.documents
    ]


@pytest.mark.parametrize(
    ("title", "copies"),
    [
        (  # a Simplified article, mirrored in Traditional script and with pinyin readings
            "青禾县新建十座口袋公园",
            [
                "青禾县今年在老城区新建十座口袋公园，居民步行五分钟就能到。县里说，明年还要再建十座。",
                "青禾縣今年在老城區新建十座口袋公園，居民步行五分鐘就能到。縣裡說，明年還要再建十座。",
                "青禾县今(jīn)年在老城区新建十座口袋公园,居民步(bù)行五分钟就能到.县里说,明年还要再建十座.",
            ],
        ),
        (  # a Traditional article, mirrored in Simplified script and with half-width punctuation
            "海灣區圖書館延長開放",
            [
                "海灣區圖書館從下月起每晚開放到九點，週末不休息。館長說，讀者可以在網上預約座位。",
                "海湾区图书馆从下月起每晚开放到九点，周末不休息。馆长说，读者可以在网上预约座位。",
                "海灣區圖(tú)書館從下月起每晚開放到九點, 週末不休息. 館長說, 讀者可以在網上預約座位.",
            ],
        ),
    ],
)
def test_garbled_mirrors_are_copies_of_one_article(title: str, copies: list[str]) -> None:
    pages = [f"某某站{i} 首页\n{title}\n周宁\n{body}\n" for i, body in enumerate(copies)]
    assert recurring_lines(pages) == frozenset()
    # three different articles of one site under the same lines do make them recur
    others = [
        f"某某站{i} 首页\n{title}\n周宁\n第{i}篇不同的文章。它有自己的正文。\n" for i in range(3)
    ]
    assert recurring_lines(others) == {title, "周宁"}


def test_pages_read_again_run_on_the_builds_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kgraph.run import executors

    source = write_site(tmp_path / "in", SIMPLIFIED)
    serial = build_corpus([source], jobs=1).documents
    monkeypatch.setattr(executors, "BATCH_BYTES", 256)  # each page is more than one batch of work
    monkeypatch.setattr(pipeline, "BATCH_BYTES", 256)
    calls: list[str] = []
    extract = pipeline.extract_document

    def counting(extractor: object, document: Document) -> object:
        calls.append(document.path)  # in this process only: a worker appends to its own copy
        return extract(extractor, document)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "extract_document", counting)
    spread = build_corpus([source], jobs=2).documents
    assert calls == []  # neither the first reading nor the second ran in the driver
    for doc in spread:
        assert kind_of(doc, str(SIMPLIFIED["menu"])) == SectionKind.CHROME
    assert [(d.id, d.sections, d.title) for d in spread] == [
        (d.id, d.sections, d.title) for d in serial
    ]
