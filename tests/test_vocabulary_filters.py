"""The vocabulary layer's filters (round 8): plans, quoted phrases, generic names, ablation.

Every sentence is written for these tests; none is copied from a page, seed or
evaluation text.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from kgraph.extract.rules import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ner=False)


def vocabulary(extractor: Extractor, sentence: str) -> set[str]:
    return {
        c.norm for c in extractor.candidates_in(0, sentence) if c.extractor.startswith("vocab.")
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "各村编制村庄规划。",
        "全县落实土地利用总体规划。",
        "省里出台农业农村科技发展规划。",
        "学院参与大科学计划。",
        "两省编制南水北调工程总体规划。",
    ],
)
def test_a_plan_of_a_field_or_a_place_is_no_campaign(extractor: Extractor, sentence: str) -> None:
    assert not {name for name in vocabulary(extractor, sentence) if name.endswith(("规划", "计划"))}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("国家实施十四五规划。", "十四五规划"),
        ("政府将推进养老服务十年行动计划。", "养老服务十年行动计划"),
    ],
)
def test_a_plan_a_number_names_is_a_campaign(
    extractor: Extractor, sentence: str, name: str
) -> None:
    assert name in vocabulary(extractor, sentence)


def _build(tmp_path: Path, texts: dict[str, str]) -> set[str]:
    import kgraph

    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus = kgraph.build([tmp_path], out=None, jobs=1).corpus
    return {e.label for e in corpus.entities if e.type.value == "Slogan"}


def _page(town: str, day: int, body: str) -> str:
    return f"{town}的新事\n2024-03-0{day} 来源：{town}日报\n{body}\n"


def test_a_phrase_quoted_bare_in_one_document_is_no_slogan(tmp_path: Path) -> None:
    labels = _build(
        tmp_path,
        {
            "a.txt": _page("山城", 1, "村民说这是“青山作伴”的日子，大家都很高兴。"),
            "b.txt": _page("河谷", 2, "老人们笑称这里山好水好，孩子们也跟着说。"),
        },
    )
    assert "青山作伴" not in labels


def test_a_phrase_quoted_bare_in_two_documents_is_a_slogan(tmp_path: Path) -> None:
    labels = _build(
        tmp_path,
        {
            "a.txt": _page("山城", 1, "村民说这是“青山作伴”的日子，大家都很高兴。"),
            "b.txt": _page("河谷", 2, "老人们笑称“青山作伴”，孩子们也跟着说。"),
        },
    )
    assert "青山作伴" in labels


def test_a_generic_name_says_why() -> None:
    from kgraph.resolve import GENERIC_REASONS, generic_reason, is_generic_name

    assert generic_reason("监督制度") == "kind of system"
    assert generic_reason("全会精神") == "meeting's spirit"
    assert generic_reason("宝贵经验") == "quality's experience"
    assert generic_reason("枫桥经验") == "" and not is_generic_name("枫桥经验")
    assert generic_reason("上海精神", places={"上海"}) == ""
    assert {generic_reason(n) for n in ("监督制度", "全会精神", "宝贵经验")} <= set(GENERIC_REASONS)


def _benchmark(name: str) -> Any:
    path = Path(__file__).parent.parent / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"benchmark_{name}"] = module
    spec.loader.exec_module(module)
    return module


def test_a_filter_switched_off_for_the_ablation_comes_back() -> None:
    from kgraph import resolve
    from kgraph.extract import rules, vocabulary

    ablate = _benchmark("ablate_vocab")
    generic, quality = resolve.generic_reason, vocabulary.is_quality_name
    with ablate.variants()["generic: kind of system"]():
        assert resolve.generic_reason("监督制度") == ""
        assert resolve.generic_reason("全会精神") == "meeting's spirit"
    with ablate.variants()["_QUOTED_DOCUMENTS=1"]():
        assert resolve._QUOTED_DOCUMENTS == 1
    with ablate.extraction_variants()["extract: quality names (拼搏精神)"]():
        assert not vocabulary.is_quality_name("拼搏精神", {"拼搏": "v"})
        assert not rules.is_quality_name("拼搏精神", {"拼搏": "v"})
    assert resolve.generic_reason is generic and vocabulary.is_quality_name is quality
    assert rules.is_quality_name is quality and resolve._QUOTED_DOCUMENTS == 2


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("全省加快推进新型工业化。", "新型工业化"),
        ("各地稳步推进新型城镇化建设。", "新型城镇化"),
    ],
)
def test_a_process_of_a_new_kind_is_a_campaign(
    extractor: Extractor, sentence: str, name: str
) -> None:
    found = {
        (c.norm, c.type.value)
        for c in extractor.candidates_in(0, sentence)
        if c.extractor.startswith("vocab.")
    }
    assert (name, "Campaign") in found


def test_a_process_alone_is_no_campaign(extractor: Extractor) -> None:
    assert not {n for n in vocabulary(extractor, "各地推进工业化和城镇化。") if n.endswith("化")}


def test_a_regions_aim_and_a_high_standard_goal_are_one_strategy(extractor: Extractor) -> None:
    found = {
        (c.norm, c.type.value)
        for c in extractor.candidates_in(0, "沿线各省推进长江流域生态保护和高质量发展。")
        if c.extractor.startswith("vocab.")
    }
    assert ("长江流域生态保护和高质量发展", "Campaign") in found
    assert ("高质量发展", "Concept") in found


def test_two_goals_without_a_region_stay_two(extractor: Extractor) -> None:
    found = vocabulary(extractor, "各地推动高水平保护和高质量发展。")
    assert "高质量发展" in found
    assert not {name for name in found if "和" in name}


def test_a_name_joined_by_he_to_a_name_written_alone_keeps_its_first_part(
    tmp_path: Path,
) -> None:
    import kgraph

    texts = {
        "a.txt": _page("山城", 1, "山城坚持高质量发展，把高质量发展落到实处。"),
        "b.txt": _page("河谷", 2, "河谷围绕高质量发展谋划新项目。"),
        "c.txt": _page("湖畔", 3, "湖畔持续推进长江流域生态保护和高质量发展。"),
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus = kgraph.build([tmp_path], out=None, jobs=1).corpus
    labels = {e.label for e in corpus.entities if e.type.value in ("Campaign", "Concept")}
    assert {"长江流域生态保护和高质量发展", "高质量发展"} <= labels


def test_the_tagger_benchmark_labels_every_occurrence_of_a_gold_string(
    extractor: Extractor,
) -> None:
    from kgraph.extract.ner import spans_from_labels
    from kgraph.pipeline import document_from_text, extract_document

    bench = _benchmark("vocab_tagger")
    text = "縣裡動員部署\n\n會議要求深化“放管服”改革，把放管服改革落到實處。\n"
    extraction = extract_document(extractor, document_from_text("d.txt", text))
    sentence = next(s for s in extraction.sentences if "放管服" in s.norm)
    golds = [("放管服改革", "C"), ("放管服", "C"), ("會議", "K")]  # longest first, as written
    labels = bench.projected_labels(sentence, extraction.document.text, golds)
    found = [(sentence.norm[i:j], t) for i, j, t in spans_from_labels(labels)]
    assert found == [("会议", "K"), ("放管服", "C"), ("放管服改革", "C")]
    tokens = list(extractor.tokenizer.cut(sentence.norm, HMM=True))
    rows = bench.vocab_features(sentence.norm, tokens, {}, [])
    assert len(rows) == len(sentence.norm)
    assert "q=1" in rows[sentence.norm.index("管")] and "q=0" in rows[sentence.norm.rindex("管")]


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("各单位认真落实上级精神。", "落实上级精神"),
        ("各单位认真落实上级精神。", "上级精神"),
        ("青年肩负着伟大复兴的使命。", "肩负着伟大复兴"),
        ("干部要树立法治理念。", "法治理念"),
        ("学校坚持科学理论的指导。", "科学理论"),
        ("企业探索出一种合作新模式。", "合作新模式"),
        ("企业探索出一种合作新模式。", "新模式"),
    ],
)
def test_an_idea_of_a_field_or_a_way_of_doing_is_no_name(
    extractor: Extractor, sentence: str, absent: str
) -> None:
    assert absent not in vocabulary(extractor, sentence)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("全市干部学习邓小平理论。", "邓小平理论"),
        ("各地推广晋江模式。", "晋江模式"),
        ("青年弘扬工匠精神。", "工匠精神"),
        ("全党学习马克思主义理论。", "马克思主义理论"),
        ("为实现中华民族伟大复兴而奋斗。", "中华民族伟大复兴"),
        ("全面建设社会主义现代化国家。", "全面建设社会主义现代化国家"),
    ],
)
def test_a_named_idea_or_model_stays(extractor: Extractor, sentence: str, name: str) -> None:
    assert name in vocabulary(extractor, sentence)


@pytest.mark.parametrize(
    ("sentence", "formula"),
    [
        ("各地稳步推进双碳工作。", "双碳"),
        ("学校落实双减政策。", "双减"),
        ("街道开展六进活动。", "六进"),
        ("县里做好三农工作。", "三农"),
        ("全省守住“双碳”目标。", "双碳"),
    ],
)
def test_a_short_numbered_formula_presented_as_one_is_a_slogan(
    extractor: Extractor, sentence: str, formula: str
) -> None:
    assert formula in vocabulary(extractor, sentence)


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("五家企业入驻园区。", "五家"),
        ("两党合作由来已久。", "两党"),
        ("三楼会议室开展工作。", "三楼"),
        ("十三五规划顺利完成。", "三五"),
        ("一是加强领导，二是推进工作。", "二是"),
    ],
)
def test_a_count_or_a_part_of_a_number_is_no_short_formula(
    extractor: Extractor, sentence: str, count: str
) -> None:
    assert count not in vocabulary(extractor, sentence)


def test_a_defence_campaign_is_a_campaign_and_a_verbs_complement_opens_no_name(
    extractor: Extractor,
) -> None:
    found = vocabulary(extractor, "全县坚决打好草原保卫战，打好秋粮攻坚战。")
    assert {"草原保卫战", "秋粮攻坚战"} <= found
    assert not {name for name in found if name.startswith("好")}  # 打|好|… is 打好


def test_a_name_holds_its_head_once(extractor: Extractor) -> None:
    found = vocabulary(extractor, "打好碧水保卫战、净土保卫战两大保卫战。")
    assert {"碧水保卫战", "净土保卫战", "两大保卫战"} <= found
    assert "净土保卫战两大保卫战" not in found


def test_a_quoted_list_of_names_is_no_formula_but_a_quoted_formula_stays(
    extractor: Extractor,
) -> None:
    found = vocabulary(extractor, "各地推行“湖长制、田长制、街长制”等新制度。")
    assert {"湖长制", "田长制", "街长制"} <= found
    assert not {name for name in found if "、" in name}
    found = vocabulary(extractor, "全省实施“百村示范、千村整治”工程。")
    assert {"百村示范、千村整治", "千村整治"} <= found  # one item a name: the list stays a formula
