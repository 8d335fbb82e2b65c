"""Tests for kgraph.extract.rules and kgraph.resolve: which entities each rule family finds.

Each test runs the real pipeline stages on texts written for it:
clean -> segment -> extract (per document) -> resolve (corpus-wide).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kgraph.extract.lexicon import HONORIFICS, POSITIONS
from kgraph.extract.rules import Extractor
from kgraph.graph import entity_graph
from kgraph.model import Corpus, Entity, EntityType, SectionKind
from kgraph.pipeline import analyse, document_from_text, extract_document

#: Runs the pipeline on texts (one document each) and returns the corpus.
CorpusOf = Callable[..., Corpus]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def corpus_of(extractor: Extractor) -> CorpusOf:
    def build(*texts: str) -> Corpus:
        extractions = [
            extract_document(extractor, document_from_text(f"doc{i}.txt", text))
            for i, text in enumerate(texts)
        ]
        corpus = analyse(extractions, extractor.gazetteer)
        assert_mentions_slice_their_documents(corpus)
        return corpus

    return build


def assert_mentions_slice_their_documents(corpus: Corpus) -> None:
    texts = {d.id: d.text for d in corpus.documents}
    for e in corpus.entities:
        for m in e.mentions:
            assert texts[m.doc_id][m.start : m.end] == m.surface


def by_key(corpus: Corpus) -> dict[str, Entity]:
    return {e.key: e for e in corpus.entities}


def keys_of(corpus: Corpus, type_: EntityType) -> set[str]:
    return {e.key for e in corpus.entities if e.type == type_}


# --- people ------------------------------------------------------------------------------


def test_person_before_an_honorific(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(
        "习近平总书记来到浙江省湖州市安吉县考察。\n李明同志长期在基层工作，群众都很信任他。"
    )
    people = keys_of(corpus, EntityType.PERSON)
    assert people == {"Person/习近平", "Person/李明"}
    surfaces = {
        m.surface for e in corpus.entities for m in e.mentions if e.type == EntityType.PERSON
    }
    assert surfaces == {"习近平", "李明"}  # the honorific is not part of the name


def test_person_after_a_position_keeps_the_position_as_a_role(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(
        "市委书记张伟强调，要把“千万工程”经验推广到全市。\n副县长周晓东指出，要抓好落实。"
    )
    entities = by_key(corpus)
    assert entities["Person/张伟"].roles == ("市委书记",)
    assert entities["Person/周晓东"].roles == ("副县长",)


def test_roles_and_honorifics_are_never_people(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(
        "市委书记张伟强调，要抓好落实。\n县长李强到天荒坪镇调研。\n"
        "总书记的嘱托，同志们牢记在心。\n书记和县长都来了，主任也来了。"
    )
    labels = {e.label for e in corpus.entities}
    assert not labels & (set(POSITIONS) | set(HONORIFICS))
    people = {e.label for e in corpus.entities if e.type == EntityType.PERSON}
    assert people == {"张伟", "李强"}
    assert not any(label.endswith(POSITIONS) for label in people)


def test_traditional_name_is_the_same_person(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(
        "習近平總書記在浙江考察時強調，要堅持綠色發展。", "习近平总书记来到安吉县余村。"
    )
    person = by_key(corpus)["Person/习近平"]
    assert person.label == "习近平"
    assert "習近平" in person.aliases
    assert {m.doc_id for m in person.mentions} == {"doc0", "doc1"}


def test_aliases_are_names_not_pinyin_annotated_text(corpus_of: CorpusOf) -> None:
    corpus = corpus_of("習(xí)近平總書記在浙江考察時強調，要堅持綠色發展。")
    person = by_key(corpus)["Person/习近平"]
    assert person.mentions[0].surface == "習(xí)近平"  # the span of the original text
    assert set(person.aliases) == {"習近平"}


def test_a_common_given_name_after_a_position_is_still_a_person(corpus_of: CorpusOf) -> None:
    # 建国 is an ordinary word, but 县委书记 + surname + 说 leaves no doubt.
    corpus = corpus_of("安吉县委书记王建国说，余村要走绿色发展之路。")
    assert "Person/王建国" in by_key(corpus)
    assert "县委书记" in by_key(corpus)["Person/王建国"].roles[0]


# --- places ------------------------------------------------------------------------------


def test_full_and_short_place_names_resolve_to_one_node_with_code_and_parents(
    corpus_of: CorpusOf,
) -> None:
    corpus = corpus_of(
        "浙江省湖州市安吉县是“两山”理念的发源地。\n安吉和湖州的干部来到余村，学习浙江经验。"
    )
    entities = by_key(corpus)
    anji = entities["Place/安吉县"]
    assert anji.code == "330523"
    assert anji.parents == ("Place/湖州市", "Place/浙江省")
    assert "安吉" in anji.aliases
    assert {m.surface for m in anji.mentions} == {"安吉县", "安吉"}
    assert {m.surface for m in entities["Place/湖州市"].mentions} == {"湖州市", "湖州"}
    assert {m.surface for m in entities["Place/浙江省"].mentions} == {"浙江省", "浙江"}
    assert entities["Place/浙江省"].code == "330000"
    assert not [k for k in entities if k in ("Place/安吉", "Place/湖州", "Place/浙江")]


def test_township_is_linked_to_county_prefecture_and_province(corpus_of: CorpusOf) -> None:
    corpus = corpus_of("县长李强到天荒坪镇调研，察看竹林碳汇项目。")
    entities = by_key(corpus)
    town = entities["Place/天荒坪镇"]
    assert town.parents == ("Place/安吉县", "Place/湖州市", "Place/浙江省")
    # the containing places exist as entities although the text never names them
    for parent in town.parents:
        assert entities[parent].mentions == ()
        assert entities[parent].code


def test_a_corpus_naming_only_places(corpus_of: CorpusOf) -> None:
    corpus = corpus_of("天荒坪镇的竹林碳汇项目进展顺利。")
    assert by_key(corpus)["Place/天荒坪镇"].parents[0] == "Place/安吉县"


def places_of(corpus: Corpus) -> dict[str, tuple[str, ...]]:
    """Every place of ``corpus`` with its parents."""
    return {e.key: e.parents for e in corpus.entities if e.type == EntityType.PLACE}


def contained_in(corpus: Corpus) -> set[tuple[str, str]]:
    """The containedInPlace edges of the corpus's graph."""
    G = entity_graph(corpus)
    return {(a, b) for a, b, k in G.edges(keys=True) if k == "containedInPlace"}


CHIXI_IN_FUDING = ("Place/磻溪镇", "Place/福鼎市", "Place/宁德市", "Place/福建省")


@pytest.mark.parametrize(
    "text", ["习近平来到福鼎市赤溪村，察看村容村貌。", "習近平來到福鼎市赤溪村，察看村容村貌。"]
)
def test_a_village_is_placed_in_the_county_written_before_it(
    corpus_of: CorpusOf, text: str
) -> None:
    # the gazetteer has a 赤溪村 in 福鼎市 and others in 福安市 and 蕉城区 of the same prefecture
    corpus = corpus_of(text)
    places = places_of(corpus)
    assert places["Place/赤溪村"] == CHIXI_IN_FUDING
    assert set(places) == {"Place/赤溪村", *CHIXI_IN_FUDING}
    # the containment the text writes (福鼎市赤溪村), and the gazetteer's township under it
    written = {("Place/赤溪村", "Place/福鼎市"), ("Place/磻溪镇", "Place/福鼎市")}
    assert written <= contained_in(corpus)


@pytest.mark.parametrize(
    "text", ["习近平来到福清市赤溪村，察看村容村貌。", "習近平來到福清市赤溪村，察看村容村貌。"]
)
def test_a_village_its_written_county_does_not_hold_stays_a_place_without_parents(
    corpus_of: CorpusOf, text: str
) -> None:
    corpus = corpus_of(text)
    village = by_key(corpus)["Place/赤溪村"]
    assert village.parents == () and village.code == ""
    assert {m.extractor for m in village.mentions} == {"gazetteer"}
    # nothing but the county written and its own parents: no township of another county pulled in
    expected = {"Place/赤溪村", "Place/福清市", "Place/福州市", "Place/福建省"}
    assert set(places_of(corpus)) == expected
    assert not [edge for edge in contained_in(corpus) if edge[0] == "Place/赤溪村"]


@pytest.mark.parametrize(
    "text",
    [
        "习近平来到赤溪村，察看村容村貌。",
        "習近平來到赤溪村，察看村容村貌。",
        "习近平来到福建省赤溪村，察看村容村貌。",  # a province holds several
        "宁德市的干部来到赤溪村，察看村容村貌。",  # so does this prefecture
    ],
)
def test_a_village_no_named_county_or_prefecture_fixes_has_no_parents(
    corpus_of: CorpusOf, text: str
) -> None:
    corpus = corpus_of(text)
    places = places_of(corpus)
    assert places["Place/赤溪村"] == ()
    named = {e.key for e in corpus.entities if e.mentions}
    assert set(places) <= named | {"Place/福建省"}  # no place that no document names
    assert not [edge for edge in contained_in(corpus) if edge[0] == "Place/赤溪村"]


def test_a_village_is_placed_by_its_county_named_elsewhere_in_the_document(
    corpus_of: CorpusOf,
) -> None:
    corpus = corpus_of("福鼎市的干部来到赤溪村，察看村容村貌。")
    assert places_of(corpus)["Place/赤溪村"] == CHIXI_IN_FUDING
    corpus = corpus_of("习近平来到福鼎市磻溪镇赤溪村。")
    assert places_of(corpus)["Place/赤溪村"] == CHIXI_IN_FUDING


def test_a_township_and_village_written_together_fix_a_unique_chain(corpus_of: CorpusOf) -> None:
    # two townships are called 港西镇 and three villages 北双村; one 北双村 lies in a 港西镇
    corpus = corpus_of("干部来到港西镇北双村调研。")
    places = places_of(corpus)
    assert places["Place/北双村"] == ("Place/港西镇", "Place/崇明区", "Place/上海市")
    assert places["Place/港西镇"] == ("Place/崇明区", "Place/上海市")


def test_documents_that_do_not_place_a_village_do_not_change_its_parents(
    corpus_of: CorpusOf,
) -> None:
    placing = "习近平来到福鼎市赤溪村，察看村容村貌。"
    others = ["习近平来到赤溪村。", "福建省的干部来到赤溪村。", "習近平來到赤溪村。"]
    alone = places_of(corpus_of(placing))
    for texts in ([placing, *others], [*others, placing], [others[1], placing, others[0]]):
        places = places_of(corpus_of(*texts))
        assert places["Place/赤溪村"] == alone["Place/赤溪村"] == CHIXI_IN_FUDING
        assert set(places) == set(alone)  # no 政和县, 南平市 or 澄源乡 from the other namesakes
    # on their own, those documents place it nowhere
    assert places_of(corpus_of(*others)) == {"Place/赤溪村": (), "Place/福建省": ()}


def test_documents_placing_a_village_in_two_counties_give_it_no_parents(
    corpus_of: CorpusOf,
) -> None:
    texts = ["习近平来到福鼎市赤溪村。", "习近平来到福安市赤溪村。"]
    for ordered in (texts, texts[::-1]):
        places = places_of(corpus_of(*ordered))
        assert places["Place/赤溪村"] == ()
        assert "Place/磻溪镇" not in places and "Place/松罗乡" not in places
    # a third document placing it tips the balance, whatever the order
    texts.append("福鼎市的干部来到赤溪村。")
    for ordered in (texts, texts[::-1]):
        assert places_of(corpus_of(*ordered))["Place/赤溪村"] == CHIXI_IN_FUDING


def test_traditional_place_name_resolves_to_the_simplified_node(corpus_of: CorpusOf) -> None:
    corpus = corpus_of("習近平總書記來到湖州市安吉縣。")
    anji = by_key(corpus)["Place/安吉县"]
    assert "安吉縣" in anji.aliases


# --- organizations --------------------------------------------------------------------------


def test_organizations_named_after_places_and_central_bodies(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(
        "杭州市委组织部和安吉县委联合召开座谈会。\n党中央高度重视生态文明建设。\n"
        "浙江大学的专家来到余村。"
    )
    orgs = keys_of(corpus, EntityType.ORGANIZATION)
    assert {
        "Organization/杭州市委组织部",
        "Organization/安吉县委",
        "Organization/党中央",
        "Organization/浙江大学",
    } <= orgs
    # the place opening an organization's name is a mention of that place too
    assert "Place/杭州市" in by_key(corpus)


def test_newspaper_as_a_source_is_an_organization(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(
        "余村的新变化\n2023-06-12 来源：湖州日报\n据《浙江日报》报道，余村村民收入持续增长。"
    )
    entities = by_key(corpus)
    assert entities["Organization/浙江日报"].type == EntityType.ORGANIZATION
    assert entities["Organization/湖州日报"].mentions[0].extractor.startswith("byline")
    assert "CreativeWork/浙江日报" not in entities
    assert corpus.documents[0].sources == ("湖州日报",)


def test_books_in_title_marks_are_works(corpus_of: CorpusOf) -> None:
    corpus = corpus_of("干部们认真阅读了《之江新语》和《干在实处 走在前列》。")
    assert keys_of(corpus, EntityType.WORK) == {
        "CreativeWork/之江新语",
        "CreativeWork/干在实处 走在前列",
    }


def test_bylines_are_people(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(
        "余村的新变化\n2023-06-12 来源：浙江日报 作者：李明 王芳\n余村的竹林很美。\n（责任编辑：陈静）"
    )
    people = keys_of(corpus, EntityType.PERSON)
    assert {"Person/李明", "Person/王芳", "Person/陈静"} <= people


# --- campaigns and slogans ---------------------------------------------------------------


def test_numbered_formulas(corpus_of: CorpusOf) -> None:
    corpus = corpus_of("全省上下深入实施“八八战略”，协调推进“四个全面”，做到“两个维护”。")
    entities = by_key(corpus)
    assert entities["Campaign/八八战略"].type == EntityType.CAMPAIGN
    assert entities["Slogan/四个全面"].type == EntityType.SLOGAN
    assert entities["Slogan/两个维护"].type == EntityType.SLOGAN


def test_quoted_name_before_a_campaign_noun_is_a_campaign(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(
        "浙江持续深化“千万工程”，推动乡村全面振兴。\n安吉县推行“村民说事”制度，村里的事大家商量着办。"
    )
    assert {"Campaign/千万工程", "Campaign/村民说事"} <= keys_of(corpus, EntityType.CAMPAIGN)


def test_definition_with_jiancheng_gives_definition_and_parts(corpus_of: CorpusOf) -> None:
    corpus = corpus_of("2003年，浙江省启动“千村示范、万村整治”，简称“千万工程”。")
    campaign = by_key(corpus)["Campaign/千万工程"]
    assert campaign.definition == "千村示范、万村整治"
    assert campaign.parts == ("千村示范", "万村整治")


def test_a_phrase_quoted_in_two_documents_is_a_slogan(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(
        "干部要牢记“绿水青山就是金山银山”。", "村民常说“绿水青山就是金山银山”，群众满意。"
    )
    assert "Slogan/绿水青山就是金山银山" in by_key(corpus)


def test_a_quoted_name_followed_by_reform_is_a_campaign(corpus_of: CorpusOf) -> None:
    corpus = corpus_of("浙江推进“最多跑一次”改革。")
    assert "Campaign/最多跑一次" in by_key(corpus)


def test_figurative_quotes_are_not_entities(corpus_of: CorpusOf) -> None:
    text = "李明同志说，要发挥村党支部书记“领头雁”作用，清除发展道路上的“绊脚石”，让党组织成为“定海神针”。"
    corpus = corpus_of(text, "王芳同志说，村干部要当好“领头雁”，搬走“绊脚石”。")
    labels = {e.label for e in corpus.entities}
    assert not labels & {"领头雁", "绊脚石", "定海神针"}


# --- site chrome ----------------------------------------------------------------------------

SPAMMY_PAGE = """首页 | 杭州 | 宁波 | 温州 | 嘉兴 | 绍兴
安吉县的春天来了
2023-04-01 来源：湖州日报
安吉县的白茶开采了，茶农们忙着采茶。
嘉兴楼盘|绍兴二手房|温州装修|舟山旅游|丽水美食|衢州招聘
版权所有 金华市某某网络科技有限公司 浙ICP备12345678号
客服电话：0579-88888888 地址：义乌市稠州北路100号
阅读已结束，登录后可免费阅读全文
"""


def test_site_chrome_never_produces_entities(corpus_of: CorpusOf) -> None:
    corpus = corpus_of(SPAMMY_PAGE)
    document = corpus.documents[0]
    chrome = [(s.start, s.end) for s in document.sections if s.kind == SectionKind.CHROME]
    mentions = [m for e in corpus.entities for m in e.mentions]
    assert mentions
    assert not [m for m in mentions if any(a <= m.start < b for a, b in chrome)]
    named = {e.label for e in corpus.entities if e.mentions}
    assert named == {"安吉县", "湖州日报"}


def test_empty_and_chrome_only_documents_give_no_entities(corpus_of: CorpusOf) -> None:
    corpus = corpus_of("", "首页 | 杭州 | 宁波 | 温州 | 嘉兴 | 绍兴\n版权所有 不得转载\n")
    assert corpus.entities == ()
    assert corpus.sentences == ()


def test_the_gazetteer_pickle_is_named_by_its_code_and_data(tmp_path: Path) -> None:
    from kgraph.extract import gazetteer

    code = tmp_path / "gazetteer.py"
    code.write_bytes(Path(gazetteer.__file__).read_bytes())
    before = gazetteer.pickle_path(code)
    assert before == gazetteer.pickle_path()
    code.write_bytes(code.read_bytes() + b"\n# a changed rule\n")
    assert gazetteer.pickle_path(code) != before
