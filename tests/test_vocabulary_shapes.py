"""Shapes of vocabulary names found sentence by sentence (round 5).

Every sentence is written for these tests; none is copied from a page, seed or
evaluation text.
"""

from __future__ import annotations

import pytest

from kgraph.extract.rules import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ner=False)


def vocabulary(extractor: Extractor, sentence: str) -> set[tuple[str, str]]:
    return {
        (c.norm, c.type.value)
        for c in extractor.candidates_in(0, sentence)
        if c.extractor.startswith("vocab.")
    }


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("全省深入打好黄河保护修复攻坚战。", "黄河保护修复攻坚战", "Campaign"),
        ("各县推进乡村治理现代化。", "乡村治理现代化", "Concept"),
        (
            "努力实现城市治理体系和治理能力现代化。",
            "城市治理体系和治理能力现代化",
            "Concept",
        ),
    ],
)
def test_a_verb_the_name_is_about_stays_inside_it(
    extractor: Extractor, sentence: str, name: str, kind: str
) -> None:
    assert (name, kind) in vocabulary(extractor, sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("各地加快推进现代化。", set()),
        ("人类迈向现代化的道路。", set()),
        ("党员学习焦裕禄精神。", {("焦裕禄精神", "Concept")}),
        ("县政府实行县长负责制。", {("县长负责制", "Campaign")}),
    ],
)
def test_a_verb_that_governs_or_moves_toward_a_name_stays_outside(
    extractor: Extractor, sentence: str, expected: set[tuple[str, str]]
) -> None:
    assert vocabulary(extractor, sentence) == expected


def test_a_dream_named_after_a_noun_is_a_concept(extractor: Extractor) -> None:
    found = vocabulary(extractor, "为实现航天梦强军梦而奋斗，这是我的梦。")
    assert found == {("航天梦", "Concept"), ("强军梦", "Concept")}


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("三是打赢脱贫攻坚，全县面貌一新。", "脱贫攻坚", "Campaign"),
        ("全市推动制造业高质量发展。", "高质量发展", "Concept"),
        ("统筹发展和高水平安全。", "高水平安全", "Concept"),
        ("向着第二个百年奋斗目标前进。", "第二个百年奋斗目标", "Concept"),
        ("特别是“第三个结合”的提出。", "第三个结合", "Slogan"),
        ("要以中华优秀传统文化为根。", "中华优秀传统文化", "Concept"),
    ],
)
def test_goals_assaults_ordinal_formulas_and_long_culture_names(
    extractor: Extractor, sentence: str, name: str, kind: str
) -> None:
    assert (name, kind) in vocabulary(extractor, sentence)


def test_a_list_marker_does_not_open_a_name(extractor: Extractor) -> None:
    found = vocabulary(extractor, "一是中国特色社会主义进入新时代。")
    assert ("中国特色社会主义", "Concept") in found
    assert not any(name.startswith("一是") for name, _ in found)


def test_a_short_culture_and_an_ordinal_count_are_no_names(extractor: Extractor) -> None:
    assert vocabulary(extractor, "加强企业文化，完成第三个项目。") == set()


def test_a_meetings_spirit_is_generic() -> None:
    from kgraph.resolve import is_generic_name

    assert is_generic_name("全会精神") and is_generic_name("会议精神")
    assert not is_generic_name("红岩精神")


def test_a_field_named_by_an_everyday_word_makes_a_strong_country_goal() -> None:
    from kgraph.resolve import is_generic_name

    assert not is_generic_name("汽车强国") and not is_generic_name("教育强国")


def test_toneless_pinyin_of_a_spam_mirror_is_removed_before_the_vocabulary() -> None:
    from kgraph.ingest.normalize import normalize

    text = "要从汽(qi)车大国迈向汽(qi)车强(qiang)国，走电动(dong)化(hua)之路。"
    assert normalize(text).text == "要从汽车大国迈向汽车强国，走电动化之路。"
    assert normalize("打开网站(app)下载").text == "打开网站(app)下载"


def test_a_name_in_toneless_pinyin_garble_keeps_its_original_surface(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import kgraph

    page = tmp_path / "mirror.txt"
    page.write_text(
        "汽车强国之路\n2024-05-06 来源：山城日报\n我省从汽(qi)车大国迈向汽(qi)车强(qiang)国。\n",
        encoding="utf-8",
    )
    corpus = kgraph.build([tmp_path], out=None, jobs=1).corpus
    surfaces = {m.surface for e in corpus.entities if e.label == "汽车强国" for m in e.mentions}
    assert "汽(qi)车强(qiang)国" in surfaces


# -- round 6 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("队员们弘扬团结精神和拼搏精神。", set()),
        ("这篇文章具有鲜明理论品格。", set()),
        ("青年学习雷锋精神，传承女排精神。", {("雷锋精神", "Concept"), ("女排精神", "Concept")}),
    ],
)
def test_a_spirit_of_a_quality_is_no_name(
    extractor: Extractor, sentence: str, expected: set[tuple[str, str]]
) -> None:
    # a verb or an adjective before an idea head names a quality; a person or an event a spirit
    assert vocabulary(extractor, sentence) == expected


def test_a_goal_does_not_end_in_a_persons_name(extractor: Extractor) -> None:
    found = vocabulary(extractor, "全面贯彻习近平新时代中国特色社会主义思想。")
    assert not any(name.startswith("全面") for name, _ in found)
    assert ("全面建成小康社会", "Concept") in vocabulary(extractor, "如期全面建成小康社会。")


def test_a_verb_of_attitude_in_yu_opens_no_assault(extractor: Extractor) -> None:
    assert vocabulary(extractor, "干部要敢于攻坚，也要善于攻坚。") == set()
    assert ("脱贫攻坚", "Campaign") in vocabulary(extractor, "全县上下合力推进脱贫攻坚。")


def test_a_verb_after_its_object_stays_in_a_plans_name(extractor: Extractor) -> None:
    assert ("人才引进规划", "Campaign") in vocabulary(extractor, "全区编制人才引进规划。")
    assert ("技术引进计划", "Campaign") in vocabulary(extractor, "工厂实施技术引进计划。")


def test_an_unlisted_verb_of_direction_opens_no_name(extractor: Extractor) -> None:
    found = vocabulary(extractor, "我们迈上全面建设社会主义现代化国家新征程。")
    assert ("全面建设社会主义现代化国家", "Concept") in found
    assert not any(name.startswith("迈上") for name, _ in found)


def test_a_verb_of_holding_is_never_inside_a_name(extractor: Extractor) -> None:
    assert vocabulary(extractor, "各地弘扬红岩精神。") == {("红岩精神", "Concept")}


def test_a_conjunction_is_never_inside_a_name(extractor: Extractor) -> None:
    found = vocabulary(extractor, "市里召开常务会议暨理论学习中心组学习会。")
    assert not any("暨" in name for name, _ in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "他详细了解办理时限、收费标准、服务措施等情况。",
        "这次会议具有深远的历史意义、现实意义、世界意义。",
    ],
)
def test_an_open_list_or_a_list_of_attributes_is_no_slogan(
    extractor: Extractor, sentence: str
) -> None:
    assert vocabulary(extractor, sentence) == set()


def test_a_list_defining_a_formula_stays_a_slogan_before_deng(extractor: Extractor) -> None:
    found = vocabulary(extractor, "围绕“三通”也就是道路畅通、信息联通、资金融通等开展合作。")
    assert ("道路畅通、信息联通、资金融通", "Slogan") in found


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("大家共同描绘乡村振兴底色。", "乡村振兴"),
        ("课题组提出城市更新评估理论框架。", "城市更新评估理论"),
        ("坚决整治作风方面的突出问题。", "整治"),
    ],
)
def test_a_head_that_qualifies_the_noun_after_it_ends_no_name(
    extractor: Extractor, sentence: str, absent: str
) -> None:
    assert not any(name.endswith(absent) for name, _ in vocabulary(extractor, sentence))


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("推进乡村振兴战略。", "乡村振兴战略"),
        ("坚持中国特色社会主义制度，提高社会治理现代化水平。", "社会治理现代化"),
        ("全面建设社会主义现代化国家。", "全面建设社会主义现代化国家"),
    ],
)
def test_a_head_or_a_doctrine_before_a_noun_still_names(
    extractor: Extractor, sentence: str, name: str
) -> None:
    assert name in {found for found, _ in vocabulary(extractor, sentence)}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("全市扎实开展主题教育。", "主题教育"),
        ("深入学习贯彻新时代思想主题教育走深走实。", "主题教育"),
        ("机关开展党纪学习教育。", "党纪学习教育"),
        ("各支部推进先进性教育活动。", "先进性教育活动"),
    ],
)
def test_a_campaign_of_learning_is_named_by_its_last_two_words(
    extractor: Extractor, sentence: str, name: str
) -> None:
    found = vocabulary(extractor, sentence)
    assert (name, "Campaign") in found
    assert not any(other.endswith(name) and other != name for other, _ in found)


def test_education_alone_is_no_campaign(extractor: Extractor) -> None:
    assert vocabulary(extractor, "学校重视职业教育和高等教育。") == set()


def test_a_literary_name_in_zhi_is_whole(extractor: Extractor) -> None:
    found = vocabulary(extractor, "我们正面对世界百年未有之大变局。")
    assert ("世界百年未有之大变局", "Concept") in found
    assert not any(name.startswith("面对") for name, _ in found)


def test_an_everyday_word_a_corpus_writes_as_its_own_is_a_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import kgraph

    texts = {
        "a.txt": "山城推进改革\n2024-03-01 来源：山城日报\n山城扎实推动全体人民共同富裕，坚持一国两制。\n",
        "b.txt": "河谷的新路\n2024-03-02 来源：河谷日报\n河谷把共同富裕写进规划，维护一国两制。\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus = kgraph.build([tmp_path], out=None, jobs=1).corpus
    labels = {e.label for e in corpus.entities if e.type.value in ("Campaign", "Concept")}
    assert {"共同富裕", "一国两制"} <= labels
    assert "全体人民共同富裕" not in labels and "人民共同富裕" not in labels


def test_an_everyday_word_written_once_stays_generic() -> None:
    from collections import Counter

    from kgraph.resolve import corpus_specific, is_generic_name

    specific = corpus_specific(Counter({"共同富裕": 1, "指导思想": 3}), 300)
    assert specific == frozenset()
    assert is_generic_name("共同富裕", specific) and is_generic_name("指导思想", specific)


def test_a_spirit_of_an_everyday_activity_is_a_quality(extractor: Extractor) -> None:
    assert vocabulary(extractor, "运动员展现了体育精神和合作精神。") == set()


def test_a_renewed_goal_keeps_jinyibu(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import kgraph

    for name, town in (("a.txt", "山城"), ("b.txt", "河谷")):
        text = f"{town}的决定\n2024-07-01 来源：{town}日报\n{town}进一步全面深化改革，成效明显。\n"
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus = kgraph.build([tmp_path], out=None, jobs=1).corpus
    labels = {e.label for e in corpus.entities if e.type.value == "Campaign"}
    assert "进一步全面深化改革" in labels and "全面深化改革" not in labels


def test_an_experience_of_a_quality_is_generic_one_of_a_place_is_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import kgraph

    text = (
        "山城的做法\n2024-08-01 来源：山城日报\n"
        "各地总结宝贵经验和典型经验，学习浙江经验，弘扬上海精神。\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    corpus = kgraph.build([tmp_path], out=None, jobs=1).corpus
    labels = {e.label for e in corpus.entities if e.type.value in ("Campaign", "Concept")}
    assert {"浙江经验", "上海精神"} <= labels
    assert not {"宝贵经验", "典型经验"} & labels


def test_a_frame_names_whom_a_policy_centres_on_not_a_method(extractor: Extractor) -> None:
    found = vocabulary(extractor, "坚持以群众为中心，以人为本，以问题为导向，以服务为核心。")
    assert {("以群众为中心", "Concept"), ("以人为本", "Concept")} <= found
    assert not any("导向" in name or "核心" in name for name, _ in found)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("全县坚持统筹发展和安全，守住底线。", "统筹发展和安全"),
        ("各地统筹推进疫情防控和经济社会发展。", "统筹推进疫情防控和经济社会发展"),
        ("这部条例统筹发展与安全的要求。", "统筹发展与安全"),
    ],
)
def test_two_aims_balanced_by_tongchou_are_a_slogan(
    extractor: Extractor, sentence: str, name: str
) -> None:
    assert (name, "Slogan") in vocabulary(extractor, sentence)


def test_things_arranged_by_tongchou_are_no_slogan(extractor: Extractor) -> None:
    assert vocabulary(extractor, "镇里统筹调度人员和机械，清理河道。") == set()


def test_a_topic_and_the_count_of_its_parts_quoted_is_a_slogan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import kgraph

    text = "山城新风\n2024-09-01 来源：山城日报\n全市推出“山风八礼”，又定下“今年三月”的时限。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    corpus = kgraph.build([tmp_path], out=None, jobs=1).corpus
    labels = {e.label for e in corpus.entities if e.type.value in ("Campaign", "Slogan")}
    assert "山风八礼" in labels and "今年三月" not in labels
