"""Tests for the political-vocabulary layer: campaigns, slogans, concepts and their relations.

The texts are written for these tests (invented places and formulas), not copied from any
page, seed or evaluation text.
"""

from __future__ import annotations

import pytest

from kgraph.extract.rules import Extractor
from kgraph.extract.vocabulary import enumeration_parts
from kgraph.model import Corpus, EntityType
from kgraph.pipeline import analyse, document_from_text, extract_document
from kgraph.resolve import is_generic_name

POLICY = """山城推广红岩经验
2024-02-03 来源：山城日报
会议要求，坚定三个自觉、增强三个担当，全面推行山长制。
全市深入推进“放服改”改革，持续开展“放权赋能、放心服务、放手创新”。
各地学习红岩经验，落实十六五规划，坚持人民城市理念。
推动经济改革，完善工作模式。
"""

POLICY_2 = """十六五开局之年
2024-05-06 来源：山城日报
全市落实十六五规划，坚定三个自觉。
学习弘扬红岩经验和山长制，走好中国特色社会主义道路。
"""

REPORTING = """张平到青石镇调研
2024-03-04 来源：山城日报 作者：刘文
市长张平讲述了青石镇的变迁故事。
记者刘文随张平一路三进青石，张平说：“青石镇要走出新路子。”
"""


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    extractor = Extractor()
    texts = {"a.txt": POLICY, "b.txt": POLICY_2, "c.txt": REPORTING}
    extractions = [
        extract_document(extractor, document_from_text(name, text)) for name, text in texts.items()
    ]
    return analyse(extractions, extractor.gazetteer)


def labels(corpus: Corpus, type_: EntityType) -> set[str]:
    return {e.label for e in corpus.entities if e.type == type_}


def test_unquoted_numbered_formulas_are_slogans(corpus: Corpus) -> None:
    assert {"三个自觉", "三个担当"} <= labels(corpus, EntityType.SLOGAN)


def test_names_with_a_policy_head_are_campaigns(corpus: Corpus) -> None:
    assert {"红岩经验", "山长制"} <= labels(corpus, EntityType.CAMPAIGN)


def test_a_plan_number_is_an_alias_of_the_plan(corpus: Corpus) -> None:
    plan = next(e for e in corpus.entities if e.label == "十六五规划")
    assert plan.type == EntityType.CAMPAIGN
    assert "十六五" in plan.aliases


def test_names_with_a_doctrine_head_are_concepts(corpus: Corpus) -> None:
    assert "人民城市理念" in labels(corpus, EntityType.CONCEPT)


def test_generic_headed_nouns_are_not_names(corpus: Corpus) -> None:
    every = {e.label for e in corpus.entities}
    assert not {"经济改革", "工作模式"} & every
    assert is_generic_name("发展理念") and not is_generic_name("红岩经验")
    assert is_generic_name("指导思想理论")  # an idea head on a generic idea noun
    assert is_generic_name("监督制度") and not is_generic_name("山城人民议事制度")


def test_full_forms_win_over_truncations(corpus: Corpus) -> None:
    every = {e.label for e in corpus.entities}
    assert "特色社会主义道路" not in every


def test_a_quoted_enumeration_is_a_slogan_with_its_parts(corpus: Corpus) -> None:
    label = "放权赋能、放心服务、放手创新"
    assert label in labels(corpus, EntityType.SLOGAN)
    parts = {
        r.object
        for r in corpus.relations
        if r.predicate == "hasPart" and r.subject == f"Slogan/{label}"
    }
    assert parts == set(enumeration_parts(label)) == {"放权赋能", "放心服务", "放手创新"}


def test_stated_respects_word_boundaries(corpus: Corpus) -> None:
    said = {
        r.object for r in corpus.relations if r.predicate == "stated" and r.subject == "Person/张平"
    }
    assert "青石镇要走出新路子。" in said or "青石镇要走出新路子" in said
    assert not any(s.startswith("述") for s in said), said  # 讲 inside 讲述 is no statement


def test_visited_credits_the_subject_not_the_reporter(corpus: Corpus) -> None:
    visits = {(r.subject, r.object) for r in corpus.relations if r.predicate == "visited"}
    assert not any(subject == "Person/刘文" for subject, _ in visits), visits


CARRIED_OUT = """山城深化“放审便”改革
2024-06-07 来源：山城日报
全市着力读懂文件、学透条例、用好规定，深入推进“效率革新”，坚持“一图绘到头”。
各区统筹推进“七化一体”总体布局，坚持以市民为中心的治理理念。
始终坚持以市民为中心。
"""


@pytest.fixture(scope="module")
def carried_out() -> Corpus:
    extractor = Extractor()
    return analyse(
        [extract_document(extractor, document_from_text("d.txt", CARRIED_OUT))],
        extractor.gazetteer,
    )


def test_an_unquoted_enumeration_of_parallel_items_is_a_slogan(carried_out: Corpus) -> None:
    slogans = {e.label: e for e in carried_out.entities if e.type == EntityType.SLOGAN}
    assert "读懂文件、学透条例、用好规定" in slogans  # 着力 before it is not part of it
    assert slogans["读懂文件、学透条例、用好规定"].parts == ("读懂文件", "学透条例", "用好规定")


def test_quotes_carried_out_are_campaigns_and_quotes_held_to_are_slogans(
    carried_out: Corpus,
) -> None:
    assert {"放审便", "效率革新"} <= labels(carried_out, EntityType.CAMPAIGN)
    assert {"一图绘到头", "七化一体"} <= labels(carried_out, EntityType.SLOGAN)


def test_a_frame_and_the_doctrine_it_qualifies_are_concepts(carried_out: Corpus) -> None:
    assert {"以市民为中心", "以市民为中心的治理理念"} <= labels(carried_out, EntityType.CONCEPT)


NAMED = """山城推广浙江经验
2024-07-08 来源：山城日报
市长张平提出山长制，即由各级书记担任山长、负责山林保护的制度。
各地学习推广浙江经验，坚持以市民为中心的治理理念。
简化审批、强化监管、优化服务，简称放审服改革。
"""


@pytest.fixture(scope="module")
def named() -> Corpus:
    extractor = Extractor()
    return analyse(
        [extract_document(extractor, document_from_text("e.txt", NAMED))], extractor.gazetteer
    )


def relation_triples(corpus: Corpus, predicate: str) -> set[tuple[str, str]]:
    return {(r.subject, r.object) for r in corpus.relations if r.predicate == predicate}


def test_a_name_opened_by_a_place_before_a_bare_head_is_named_after_it(named: Corpus) -> None:
    after = relation_triples(named, "namedAfter")
    assert any(s == "Campaign/浙江经验" and o.startswith("Place/浙江") for s, o in after)
    assert not any(s.startswith("Concept/") for s, _ in after)  # 以市民为中心 names no one
    evidence = next(r for r in named.relations if r.predicate == "namedAfter").evidence[0]
    assert evidence.pattern == "named-after.opening" and "浙江经验" in evidence.text


def test_unquoted_names_get_their_definition_and_proposer(named: Corpus) -> None:
    entities = {e.label: e for e in named.entities}
    assert entities["山长制"].definition == "由各级书记担任山长、负责山林保护的制度"
    assert entities["放审服改革"].definition == "简化审批、强化监管、优化服务"
    assert ("Person/张平", "Campaign/山长制") in relation_triples(named, "proposed")


EDGES = """山城的新阶段
2024-06-07 来源：山城日报
这次调研涉及四个方面的问题，山城约等于三个青石镇的面积。
全市实施18项青河干流生态治理行动，为“十六五”时期乡村振兴工作提供遵循。
在建设中国特色社会主义进程中，学者继承马克思主义唯物史观。
全市实现“两个一百年”奋斗目标。
青石镇被称为“山城屋脊”，近年各地开展的各种“行动”不少。
"""


@pytest.fixture(scope="module")
def edges() -> Corpus:
    extractor = Extractor()
    extraction = extract_document(extractor, document_from_text("e.txt", EDGES))
    return analyse([extraction], extractor.gazetteer)


def test_a_count_is_not_a_numbered_formula(edges: Corpus) -> None:
    slogans = labels(edges, EntityType.SLOGAN)
    assert not {"四个方面", "三个青石镇"} & slogans
    assert "两个一百年" in slogans  # it opens a noun of formulation


def test_names_do_not_open_at_a_classifier_a_time_noun_or_a_verb_before_a_place(
    edges: Corpus,
) -> None:
    every = {e.label for e in edges.entities}
    assert "青河干流生态治理行动" in labels(edges, EntityType.CAMPAIGN)
    assert "乡村振兴" in labels(edges, EntityType.CAMPAIGN)
    assert "中国特色社会主义" in labels(edges, EntityType.CONCEPT)
    assert not {"项青河干流生态治理行动", "时期乡村振兴", "建设中国特色社会主义"} & every


def test_two_names_side_by_side_stay_two(edges: Corpus) -> None:
    concepts = labels(edges, EntityType.CONCEPT)
    assert "马克思主义唯物史观" not in concepts
    assert "马克思主义" in concepts


def test_a_nickname_or_a_bare_campaign_noun_in_quotes_is_no_campaign(edges: Corpus) -> None:
    every = {e.label for e in edges.entities}
    assert not {"山城屋脊", "行动"} & every


TITLES = """山城的规划
2024-07-08 来源：山城日报
全会通过《关于制定山城第十六个五年规划的建议》，提出扎实推进乡村全面振兴。
全市统筹推进“三位一体”总体布局，建成科技现代化强国。
他做事从不“三心二意”。
全市迈向全面建设农业现代化国家的新征程。
居民最担心失业下岗、子女就业、住房改革和收入。
这是朝气蓬勃的咪票唱长频克思主义政党。
"""


@pytest.fixture(scope="module")
def titled() -> Corpus:
    extractor = Extractor()
    extraction = extract_document(extractor, document_from_text("t.txt", TITLES))
    return analyse([extraction], extractor.gazetteer)


def test_a_plan_inside_a_title_is_a_mention_too(titled: Corpus) -> None:
    assert "第十六个五年规划" in labels(titled, EntityType.CAMPAIGN)
    assert any(e.type == EntityType.WORK for e in titled.entities)


def test_a_name_may_run_over_quanmian(titled: Corpus) -> None:
    assert "乡村全面振兴" in labels(titled, EntityType.CAMPAIGN)


def test_an_idiom_in_quotes_counts_only_as_a_formulation(titled: Corpus) -> None:
    every = {e.label for e in titled.entities}
    assert "三位一体" in labels(titled, EntityType.SLOGAN)
    assert "三心二意" not in every


def test_a_goal_in_qiangguo_or_a_modern_country_is_a_concept(titled: Corpus) -> None:
    assert "科技现代化强国" in labels(titled, EntityType.CONCEPT)
    assert "全面建设农业现代化国家" in labels(titled, EntityType.CONCEPT)


@pytest.fixture(scope="module")
def systems() -> Corpus:
    extractor = Extractor()
    text = "山城的制度\n2024-08-09 来源：山城日报\n全市开展人居环境整治，完善运行机制，实行县长负责制。\n"
    extraction = extract_document(extractor, document_from_text("s.txt", text))
    return analyse([extraction], extractor.gazetteer)


def test_systems_in_zhi_and_campaigns_in_zhengzhi(systems: Corpus) -> None:
    campaigns = labels(systems, EntityType.CAMPAIGN)
    assert {"人居环境整治", "县长负责制"} <= campaigns
    assert "运行机制" not in {e.label for e in systems.entities}


def test_a_bare_list_holding_a_name_lists_topics(titled: Corpus) -> None:
    assert "失业下岗、子女就业、住房改革" not in labels(titled, EntityType.SLOGAN)
    assert "住房改革" in labels(titled, EntityType.CAMPAIGN)


def test_garbled_words_open_no_name(titled: Corpus) -> None:
    assert not any(e.label.endswith("克思主义") for e in titled.entities)


FORMULAS = """山城推进作风建设
2024-09-01 来源：山城日报
全市干部坚持问需于民、问计于民，全面深化改革。
新区实现了让企业少等待、让群众多满意的改革目标。
市场上有新鲜蔬菜、时令水果。
各地坚持“山水共治”理念，以“一窗受理”为抓手，全面提升服务水平。
全市推行山林长效保护制度（以下简称“山保制”）。
"""

FORMULAS_2 = """山城的新年
2025-01-02 来源：山城日报
山保制实施以来，青山更绿。
全面深化改革开局良好，各地决胜全面建成小康社会。
"""

FORMULAS_3 = """青石镇的变化
2025-02-03 来源：山城日报
青石镇为全面建成小康社会打下了基础。
"""


@pytest.fixture(scope="module", params=[False, True], ids=["rules", "learned-vocabulary"])
def formulas(request: pytest.FixtureRequest) -> Corpus:
    """The formulas' corpus, with the rules alone and with the learned tagger too: what the
    rules find and type, they find and type with it."""
    extractor = Extractor(vocab=request.param)
    texts = {"f.txt": FORMULAS, "g.txt": FORMULAS_2, "h.txt": FORMULAS_3}
    extractions = [
        extract_document(extractor, document_from_text(name, text)) for name, text in texts.items()
    ]
    return analyse(extractions, extractor.gazetteer)


def test_parallel_clauses_held_to_or_named_a_formulation_are_one_slogan(
    formulas: Corpus,
) -> None:
    slogans = labels(formulas, EntityType.SLOGAN)
    assert {"问需于民、问计于民", "让企业少等待、让群众多满意"} <= slogans
    parts = {e.label: e.parts for e in formulas.entities}
    assert parts["问需于民、问计于民"] == ("问需于民", "问计于民")
    assert not any("蔬菜" in s for s in slogans)  # a list nothing presents as a formula


def test_quanmian_goals_written_in_two_documents_are_names(formulas: Corpus) -> None:
    assert "全面深化改革" in labels(formulas, EntityType.CAMPAIGN)
    assert "全面建成小康社会" in labels(formulas, EntityType.CONCEPT)
    assert not any(e.label.startswith("全面提升") for e in formulas.entities)  # one document


def test_a_quoted_idea_is_a_concept_and_a_quoted_lever_a_campaign(formulas: Corpus) -> None:
    assert "山水共治" in labels(formulas, EntityType.CONCEPT)
    assert "一窗受理" in labels(formulas, EntityType.CAMPAIGN)


def test_an_abbreviation_is_an_alias_of_the_full_name(formulas: Corpus) -> None:
    entity = next(e for e in formulas.entities if e.label == "山林长效保护制度")
    assert entity.type == EntityType.CAMPAIGN and "山保制" in entity.aliases
    assert len({m.doc_id for m in entity.mentions}) == 2  # 山保制 alone in the second text
    assert "山保制" not in {e.label for e in formulas.entities}


SPIRITS = """山城学习会议
2025-03-04 来源：山城日报
各地认真贯彻青山论坛精神，全面落实青山论坛精神。
青石镇干部传承弘扬青石精神。
青石精神代代相传，大家深入贯彻绿水讲话精神，落实绿水讲话精神。
"""


def test_a_spirit_the_corpus_carries_out_is_a_meetings_content() -> None:
    extractor = Extractor()
    extraction = extract_document(extractor, document_from_text("m.txt", SPIRITS))
    corpus = analyse([extraction], extractor.gazetteer)
    every = {e.label for e in corpus.entities}
    assert "青石精神" in labels(corpus, EntityType.CONCEPT)
    assert not any("论坛精神" in label or "讲话精神" in label for label in every)


def test_a_last_item_joined_by_he_is_one_more_part_and_zhongguohua_a_doctrine_head() -> None:
    extractor = Extractor()
    text = (
        "山城的讨论\n2025-04-05 来源：山城日报\n"
        "会议回答了山水之问、城乡之问、民生之问和发展之问。\n"
        "各地推进实用主义中国化。\n"
    )
    corpus = analyse(
        [extract_document(extractor, document_from_text("q.txt", text))], extractor.gazetteer
    )
    parts = {e.label: e.parts for e in corpus.entities if e.type == EntityType.SLOGAN}
    assert parts["山水之问、城乡之问、民生之问、发展之问"] == (
        "山水之问",
        "城乡之问",
        "民生之问",
        "发展之问",
    )
    assert "实用主义中国化" in labels(corpus, EntityType.CONCEPT)
