"""The graph viewer in a real browser: Debian chromium driven by Playwright, offline.

Every http(s) request the page makes is refused and fails the test, and so
does any console error. The corpus is written here, by hand: invented
articles about invented people, with one document made of markup that would
run script if the page ever parsed data as HTML.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Debian chromium at /usr/bin/chromium "
        "(apt-get install -y chromium fonts-noto-cjk)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

from kgraph.graph import corpus_graph  # noqa: E402
from kgraph.model import (  # noqa: E402
    CoOccurrence,
    Corpus,
    Document,
    Entity,
    EntityType,
    Evidence,
    Mention,
    Relation,
    Section,
    SectionKind,
    Sentence,
)
from kgraph.viewer import write_html  # noqa: E402
from kgraph.viewer.neighbourhood import neighbourhood_html  # noqa: E402

pytestmark = pytest.mark.browser


XSS_TITLE = "<script>window.__pwned=1</script>杭州快讯"
XSS_IMG = '<img src=x onerror="window.__pwned=2">'

# id, title, date, source, body sentences
ARTICLES = [
    (
        "zj-2021-0305",
        "李明在杭州市调研“最多跑一次”改革",
        "2021-03-05",
        "浙江日报",
        [
            "李明在杭州市调研“最多跑一次”改革。",
            "李明指出，杭州市要把“最多跑一次”改革推向深入，加快数字政府建设。",
            "杭州市行政服务中心推出一窗受理，浙江省各地的办事窗口正在整合。",
        ],
    ),
    (
        "hz-2022-0618",
        "王芳谈数字乡村建设",
        "2022-06-18",
        "钱江晚报",
        [
            "王芳在湖州市安吉县考察时说，数字乡村建设要让群众得实惠。",
            "安吉县位于浙江省北部，是“绿水青山就是金山银山”理念的发源地。",
            "王芳表示，“绿水青山就是金山银山”理念已深入人心。",
        ],
    ),
    (
        "nb-2023-0110",
        "寧波市推進「最多跑一次」改革",
        "2023-01-10",
        "寧波日報",
        ["李明到寧波市走訪企業。", "寧波市推進「最多跑一次」改革成效明顯。"],
    ),
    (
        "xss-2023-0501",
        XSS_TITLE,
        "2023-05-01",
        "<b>测试来源</b>",
        [
            f"杭州市发布通知{XSS_IMG}，请市民留意。",
            "</script><script>window.__pwned=3</script>杭州市数字政府上线新服务。",
        ],
    ),
    ("undated-note", "数字乡村观察", "", "", ["数字乡村需要更多人才。"]),
]

# type, label, aliases, other fields of Entity
ENTITIES: list[tuple[EntityType, str, tuple[str, ...], dict[str, Any]]] = [
    (EntityType.PERSON, "李明", (), {"roles": ("浙江省省长",)}),
    (EntityType.PERSON, "王芳", (), {"roles": ("湖州市委书记",)}),
    (EntityType.PLACE, "浙江省", (), {"code": "330000"}),
    (
        EntityType.PLACE,
        "杭州市",
        ("杭州", "<img src=x onerror=window.__pwned=4>"),
        {"code": "330100", "parents": ("Place/浙江省",)},
    ),
    (EntityType.PLACE, "湖州市", (), {"parents": ("Place/浙江省",)}),
    (EntityType.PLACE, "安吉县", (), {"parents": ("Place/湖州市", "Place/浙江省")}),
    (EntityType.PLACE, "宁波市", ("寧波市",), {"parents": ("Place/浙江省",)}),
    (EntityType.ORGANIZATION, "杭州市行政服务中心", (), {}),
    (EntityType.CAMPAIGN, "最多跑一次", (), {"definition": "群众和企业到政府办事最多跑一次"}),
    (EntityType.SLOGAN, "绿水青山就是金山银山", (), {}),
    (EntityType.CONCEPT, "数字乡村", (), {}),
    (EntityType.CONCEPT, "数字政府", (), {}),
]

# subject, predicate, object, (document, sentence index) of the evidence
RELATIONS = [
    ("Person/李明", "visited", "Place/杭州市", ("zj-2021-0305", 1)),
    ("Person/李明", "proposed", "Campaign/最多跑一次", ("zj-2021-0305", 2)),
    ("Person/王芳", "visited", "Place/安吉县", ("hz-2022-0618", 1)),
    ("Person/李明", "visited", "Place/宁波市", ("nb-2023-0110", 1)),
]


def build_corpus() -> Corpus:
    """The articles above, segmented at 。, with every name found in them marked."""
    documents, sentences = [], []
    found: dict[str, list[Mention]] = defaultdict(list)
    names = sorted(
        (
            (name, f"{kind.value}/{label}", kind)
            for kind, label, aliases, _ in ENTITIES
            for name in (label, *aliases)
        ),
        key=lambda n: -len(n[0]),
    )
    evidence: dict[tuple[str, int], Evidence] = {}
    in_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    for doc_id, title, date, source, body in ARTICLES:
        text = title + "\n" + "".join(body)
        spans = [(0, len(title), SectionKind.TITLE)]
        at = len(title) + 1
        for sentence in body:
            spans.append((at, at + len(sentence), SectionKind.BODY))
            at += len(sentence)
        for index, (start, end, section) in enumerate(spans):
            part = text[start:end]
            sentences.append(
                Sentence(doc_id, index, start, end, section, part, tuple(range(start, end)))
            )
            evidence[doc_id, index] = Evidence(
                doc_id, index, start, end, part, "test.rule", 0.9, date
            )
            taken = [False] * len(part)
            for name, key, kind in names:
                i = part.find(name)
                while i >= 0:
                    if not any(taken[i : i + len(name)]):
                        taken[i : i + len(name)] = [True] * len(name)
                        found[key].append(
                            Mention(
                                doc_id,
                                index,
                                start + i,
                                start + i + len(name),
                                name,
                                name,
                                kind,
                                "test",
                                0.9,
                            )
                        )
                        in_sentence[doc_id, index].add(key)
                    i = part.find(name, i + 1)
        sections = (
            Section(0, len(title) + 1, SectionKind.TITLE),
            Section(len(title) + 1, len(text), SectionKind.BODY),
        )
        documents.append(
            Document(
                doc_id,
                f"news/{doc_id}.txt",
                text,
                "utf-8",
                title,
                date,
                (),
                (),
                (source,) if source else (),
                sections,
            )
        )
    entities = tuple(
        Entity(
            f"{kind.value}/{label}",
            kind,
            label,
            aliases,
            tuple(sorted(found[f"{kind.value}/{label}"], key=lambda m: (m.doc_id, m.start))),
            **extra,
        )
        for kind, label, aliases, extra in ENTITIES
    )
    pairs: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for place, keys in sorted(in_sentence.items()):
        for a, b in itertools.combinations(sorted(keys), 2):
            pairs[a, b].append(evidence[place])
    cooccurrences = tuple(
        CoOccurrence(a, b, len(ev), len({e.doc_id for e in ev}), 1.0, 2.0 * len(ev), tuple(ev))
        for (a, b), ev in sorted(pairs.items())
    )
    relations = tuple(
        Relation(s, p, o, (evidence[place],), confidence=0.9) for s, p, o, place in RELATIONS
    )
    return Corpus(tuple(documents), tuple(sentences), entities, relations, cooccurrences, ())


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus()


@pytest.fixture(scope="module")
def graph(corpus: Corpus) -> nx.MultiDiGraph:
    return corpus_graph(corpus)


@pytest.fixture(scope="module")
def page_path(
    corpus: Corpus, graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("viewer") / "graph.html"
    write_html(corpus, graph, path)
    return path


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Callable[[Path], Any]]:
    """Open a page offline; at the end, fail on any network request or console error."""
    opened: list[tuple[Any, list[str], list[str]]] = []

    def open_(path: Path) -> Any:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        requests: list[str] = []
        errors: list[str] = []

        def refuse(route: Any) -> None:
            if route.request.url.startswith(("http:", "https:")):
                requests.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", refuse)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        opened.append((context, requests, errors))
        page.goto(path.as_uri())
        page.wait_for_function("() => window.kgraphViewer && window.kgraphViewer.readyAt > 0")
        return page

    yield open_
    for context, requests, errors in opened:
        context.close()
        assert not requests, f"the page tried to reach the network: {requests}"
        assert not errors, f"console errors: {errors}"


@pytest.fixture
def page(open_page: Callable[[Path], Any], page_path: Path) -> Any:
    return open_page(page_path)


def visible(page: Any) -> int:
    return int(page.evaluate("window.kgraphViewer.visibleNodeCount()"))


def is_visible(page: Any, key: str) -> bool:
    return bool(page.evaluate("(key) => window.kgraphViewer.isVisible(key)", key))


def test_page_loads_offline_with_every_node(page: Any, graph: nx.MultiDiGraph) -> None:
    assert page.title().startswith("kgraph")
    assert page.evaluate("window.kgraphViewer.nodeCount") == graph.number_of_nodes()
    assert visible(page) == graph.number_of_nodes()
    assert page.evaluate("window.kgraphViewer.visibleEdgeCount()") == graph.number_of_edges()
    legend = page.locator("#legend label").all_inner_texts()
    assert any("Place" in item and "5" in item for item in legend)
    assert page.locator("#graph canvas").count() > 0


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("宁波", "Place/宁波市"),
        ("寧波", "Place/宁波市"),  # Traditional query, Simplified label
        ("數字鄉村", "Concept/数字乡村"),  # Traditional for characters of a label, no such alias
        ("杭州", "Place/杭州市"),
    ],
)
def test_search_finds_a_node_in_either_script(page: Any, query: str, key: str) -> None:
    page.fill("#search", query)
    result = page.locator(f'#results li[data-key="{key}"]')
    result.wait_for()
    assert page.locator("#results li").first.get_attribute("data-key") == key
    page.press("#search", "Enter")
    page.locator("#panel").wait_for()
    assert page.evaluate("window.kgraphViewer.selected()") == key
    assert page.locator("#panel h2").inner_text() == key.split("/")[1]


def click_node(page: Any, key: str) -> None:
    """Centre the camera on a node, then click it where it is drawn."""
    page.evaluate("(key) => window.kgraphViewer.center(key, 0.5)", key)
    page.wait_for_timeout(300)  # a render, which also redraws the picking layer
    where = page.evaluate("(key) => window.kgraphViewer.position(key)", key)
    page.mouse.click(where["x"], where["y"])


def test_clicking_a_node_shows_its_documents_and_marked_evidence(page: Any) -> None:
    click_node(page, "Place/杭州市")
    page.locator("#panel").wait_for()
    assert page.evaluate("window.kgraphViewer.selected()") == "Place/杭州市"
    panel = page.locator("#panel")
    assert panel.locator("h2").inner_text() == "杭州市"
    text = panel.inner_text()
    assert "Place/杭州市" in text
    assert "330100" in text
    assert "浙江省" in panel.locator("dd", has_text="浙江省").inner_text()  # located in
    documents = panel.locator("ul.documents li").all_inner_texts()
    assert "李明在杭州市调研“最多跑一次”改革\n2021-03-05 · 浙江日报" in documents
    assert len(documents) == 2  # and the page with markup in it
    marks = panel.locator("blockquote mark").all_inner_texts()
    assert "杭州市" in marks
    assert set(marks) <= {"杭州市", "杭州"}


def test_typed_relation_panel_marks_both_ends(page: Any) -> None:
    page.evaluate("window.kgraphViewer.select('Person/李明')")
    panel = page.locator("#panel")
    assert "浙江省省长" in panel.inner_text()  # a role fact
    panel.locator("li", has_text="杭州市").locator("a", has_text="visited").click()
    assert "Relation" in panel.locator(".type").inner_text()
    assert "visited" in panel.locator("h2").inner_text()
    assert "0.900" in panel.inner_text()
    quote = panel.locator("blockquote").first
    assert quote.inner_text() == "李明在杭州市调研“最多跑一次”改革。"
    assert quote.locator("mark").all_inner_texts() == ["李明", "杭州市"]


def test_cooccurrence_and_mention_panels_show_their_sentences(page: Any) -> None:
    page.evaluate("window.kgraphViewer.select('Person/李明')")
    panel = page.locator("#panel")
    panel.locator("ul.cooccurrences li", has_text="杭州市").locator("a", has_text="LLR").click()
    assert "Co-occurrence" in panel.locator(".type").inner_text()
    assert "李明" in panel.locator("h2").inner_text()
    quotes = panel.locator("blockquote")
    assert quotes.count() == 3  # the title and two sentences name both
    assert "evidence (3 sentences)" in panel.inner_text().lower()
    assert quotes.first.locator("mark").all_inner_texts() == ["李明", "杭州市"]
    page.evaluate("window.kgraphViewer.select('doc:hz-2022-0618')")
    panel.locator("ul.entities li", has_text="王芳").locator("a", has_text="sentences").click()
    assert "Mention" in panel.locator(".type").inner_text()
    marks = panel.locator("blockquote mark").all_inner_texts()
    assert marks == ["王芳", "王芳", "王芳"]  # the title and two sentences


def test_a_count_of_one_sentence_is_written_in_the_singular(page: Any) -> None:
    page.evaluate("window.kgraphViewer.select('Person/李明')")
    panel = page.locator("#panel")
    links = panel.locator("ul.cooccurrences li a", has_text="LLR").all_inner_texts()
    counts = [int(text.rsplit(" · ", 1)[1].split()[0]) for text in links]
    assert 1 in counts and any(n > 1 for n in counts)
    assert all(
        text.endswith("sentence" if n == 1 else "sentences")
        for text, n in zip(links, counts, strict=True)
    )


def test_type_filter_hides_and_shows_nodes(page: Any, graph: nx.MultiDiGraph) -> None:
    places = sum(1 for _, t in graph.nodes(data="type") if t == "Place")
    total = visible(page)
    box = page.locator('#legend label[data-type="Place"] input')
    box.uncheck()
    assert visible(page) == total - places
    assert not is_visible(page, "Place/杭州市")
    assert is_visible(page, "Person/李明")
    box.check()
    assert visible(page) == total


def test_relation_kind_and_weight_filters_hide_edges(page: Any, graph: nx.MultiDiGraph) -> None:
    edges = graph.number_of_edges()
    mentions = sum(1 for _, _, k in graph.edges(data="kind") if k == "mentions")
    count = "window.kgraphViewer.visibleEdgeCount()"
    page.locator('#kinds label[data-kind="mentions"] input').uncheck()
    assert page.evaluate(count) == edges - mentions
    page.locator('#kinds label[data-kind="mentions"] input').check()
    strongest = max(w for _, _, w in graph.edges(data="weight") if w is not None)
    weaker = sum(
        1
        for _, _, d in graph.edges(data=True)
        if d["kind"] == "cooccurrence" and d["weight"] < strongest
    )
    page.eval_on_selector(
        "#weight", "(el) => { el.value = el.max; el.dispatchEvent(new Event('input')); }"
    )
    page.wait_for_function(f"() => {count} === {edges - weaker}")


def test_date_range_hides_documents_and_entities_seen_only_outside_it(page: Any) -> None:
    page.fill("#date-from", "2022-01-01")
    page.dispatch_event("#date-from", "change")
    assert not is_visible(page, "doc:zj-2021-0305")
    assert not is_visible(page, "doc:undated-note")  # undated documents leave while a range is set
    assert not is_visible(page, "Organization/杭州市行政服务中心")  # named only in 2021
    assert is_visible(page, "Person/李明")  # also named in 2023
    assert is_visible(page, "Concept/数字乡村")
    page.fill("#date-to", "2022-12-31")
    page.dispatch_event("#date-to", "change")
    assert not is_visible(page, "Place/宁波市")  # named only in 2023
    assert is_visible(page, "Place/安吉县")
    page.click("#date-clear")
    assert is_visible(page, "doc:zj-2021-0305")
    assert is_visible(page, "Place/宁波市")


@pytest.mark.parametrize("hops", [1, 2])
def test_focus_shows_only_the_neighbourhood(page: Any, graph: nx.MultiDiGraph, hops: int) -> None:
    key = "Place/安吉县"
    expected = set(nx.ego_graph(graph, key, radius=hops, undirected=True))
    page.evaluate(f"window.kgraphViewer.select('{key}')")
    page.select_option("#focus-hops", str(hops))
    page.click("#focus-button")
    assert page.locator("#focus-bar").is_visible()
    assert visible(page) == len(expected) < graph.number_of_nodes()
    for node in graph:
        assert is_visible(page, str(node)) == (node in expected), node
    page.click("#leave-focus")
    assert visible(page) == graph.number_of_nodes()
    assert not page.locator("#focus-bar").is_visible()


def test_markup_in_documents_never_runs(page: Any) -> None:
    scripts = page.evaluate("document.scripts.length")
    page.evaluate("window.kgraphViewer.select('doc:xss-2023-0501')")
    assert page.locator("#panel h2").inner_text() == XSS_TITLE
    assert "<b>测试来源</b>" in page.locator("#panel").inner_text()
    page.evaluate("window.kgraphViewer.select('Place/杭州市')")
    text = page.locator("#panel").inner_text()
    assert XSS_IMG in text
    assert "</script><script>window.__pwned=3</script>" in text
    assert "<img src=x onerror=window.__pwned=4>" in text  # an alias
    page.fill("#search", "<img")
    page.locator("#results li").first.wait_for()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.scripts.length") == scripts
    assert page.locator("#panel img, #results img, #sidebar img, #panel script").count() == 0


def test_neighbourhood_page_draws_only_the_neighbourhood(
    open_page: Callable[[Path], Any], graph: nx.MultiDiGraph, corpus: Corpus, tmp_path: Path
) -> None:
    key = "Place/安吉县"
    path = tmp_path / "neighbourhood.html"
    path.write_text(neighbourhood_html(graph, key, hops=1, corpus=corpus), encoding="utf-8")
    page = open_page(path)
    expected = set(nx.ego_graph(graph, key, radius=1, undirected=True))
    assert page.evaluate("window.kgraphViewer.nodeCount") == len(expected)
    assert visible(page) == len(expected)
    assert page.evaluate("window.kgraphViewer.selected()") == key
    assert page.locator("#focus-bar").is_visible()
    assert "安吉县" in page.locator("#panel h2").inner_text()


def test_size_by_documents_keeps_the_page_working(page: Any) -> None:
    page.select_option("#size-by", "doc_count")
    page.evaluate("window.kgraphViewer.select('Person/李明')")
    assert page.locator("#panel h2").inner_text() == "李明"


def test_documents_of_a_node_are_counted_once(corpus: Corpus) -> None:
    """The fixture itself: every mention slices its surface out of the original text."""
    texts = {d.id: d.text for d in corpus.documents}
    for entity in corpus.entities:
        for m in entity.mentions:
            assert texts[m.doc_id][m.start : m.end] == m.surface
    assert Counter(e.key for e in corpus.entities).most_common(1)[0][1] == 1
