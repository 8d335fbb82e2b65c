"""Tests for kgraph.ingest.normalize: pinyin removal, Simplified script, offsets back to the original."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.ingest.normalize import normalize, strip_pinyin_spans, to_simplified


def original_chars(text: str) -> str:
    """The original characters the normalized text was made from."""
    return "".join(text[o] for o in normalize(text).offsets)


# --- pinyin annotations -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("來(lái)源：新華社", "来源：新华社"),
        ("杭州(háng)市", "杭州市"),
        ("這是(shì)一个好政策", "这是一个好政策"),
        ("抗疫(yì)", "抗疫"),
        ("學(xué)習(xí)", "学习"),
        ("鄉(xiāng)村振興", "乡村振兴"),
    ],
)
def test_pinyin_annotations_are_removed(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_full_width_brackets_around_pinyin_are_removed() -> None:
    assert normalize("乡（xiāng）村").text == "乡村"


def test_garbled_annotation_with_a_question_mark_is_removed() -> None:
    # A mis-decoded page leaves '?' where a character was, then the syllable's tail.
    norm = normalize("千變?nèi)f化的形勢")
    assert norm.text == "千变化的形势"
    assert original_chars("千變?nèi)f化的形勢") == "千變化的形勢"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("開封日?qǐng)?bào)", "开封日报"),
        ("人民日?qǐng)?bào)評論員", "人民日报评论员"),
        ("青禾晚?bào)社", "青禾晚报社"),
        ("爆炸?bào)現場", "爆炸现场"),  # no paper's name before it: the character stays lost
    ],
)
def test_a_papers_lost_bao_is_restored_from_its_reading(text: str, expected: str) -> None:
    norm = normalize(text)
    assert norm.text == expected
    assert len(norm.offsets) == len(norm.text)
    assert normalize(norm.text).text == norm.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人民?qǐng)?bào)評論員：以開放促發展", "人民评论员：以开放促发展"),  # two in a row
        ("青禾縣?bào)", "青禾县"),  # at the end of the line
        ("在專家座?tán)<會上發言", "在专家座<会上发言"),  # before a lost byte
        ("為什麼?(圖)", "为什么?(图)"),  # a question and a bracket: no reading
        ("好嗎?ok)", "好吗?ok)"),  # toneless letters: not a reading
        ("是嗎?dé)abc", "是吗?dé)abc"),  # Latin letters after it: not a garble
    ],
)
def test_garbled_readings_in_a_row_or_before_a_mark_are_removed(text: str, expected: str) -> None:
    assert normalize(text).text == expected
    assert normalize(normalize(text).text).text == normalize(text).text


@pytest.mark.parametrize(
    "text",
    [
        "浙江大学(ZJU)位于杭州",  # an abbreviation, no tone mark
        "我们(women)",
        "这是真的吗?是的。",  # a real question mark
        "ABC(lái)",  # not after a Han character
        "（一）加强组织领导",
        "“最多跑一次”改革",
    ],
)
def test_text_that_only_looks_like_pinyin_is_kept(text: str) -> None:
    assert normalize(text).text == text
    assert strip_pinyin_spans(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他的(de)家乡", "他的家乡"),  # a neutral tone has no mark
        ("走了(le/liǎo)三天", "走了三天"),  # readings to choose from
        ("一(yī / yì /yí)條(tiáo)河", "一条河"),
        ("開會(huì )討論", "开会讨论"),  # a space before the bracket closes
        ("和(hé / huò)平", "和平"),
    ],
)
def test_annotations_with_several_readings_or_no_tone_mark_are_removed(
    text: str, expected: str
) -> None:
    assert normalize(text).text == expected


def test_pinyin_spans_are_reported_in_original_offsets() -> None:
    text = "來(lái)源：余(yú)村"
    assert [text[i:j] for i, j in strip_pinyin_spans(text)] == ["(lái)", "(yú)"]


# --- Traditional to Simplified, width folding --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("習近平總書記", "习近平总书记"),
        ("浙江省安吉縣餘村", "浙江省安吉县余村"),
        ("「千萬工程」", "“千万工程”"),
        ("『綠水青山』", "‘绿水青山’"),
        ("臺灣同胞", "台湾同胞"),
        ("湖州市委組織部", "湖州市委组织部"),
    ],
)
def test_traditional_becomes_simplified(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_simplified_text_is_unchanged() -> None:
    text = "杭州市委书记强调，要把“千万工程”经验推广到全省。"
    assert normalize(text).text == text
    assert normalize(text).offsets == tuple(range(len(text)))


def test_full_width_ascii_is_folded_but_chinese_punctuation_is_kept() -> None:
    assert normalize("ＡＢＣ１２３　第（１）条，好！").text == "ABC123 第（1）条，好！"


def test_to_simplified_keeps_the_length() -> None:
    # zhconv's word rules (軟體 -> 软件) must not shift offsets.
    for text in ("軟體開發", "計程車與捷運", "資訊科技", "「十四五」規劃"):
        assert len(to_simplified(text)) == len(text)


# --- offsets -------------------------------------------------------------------------


def test_offsets_point_at_the_original_characters() -> None:
    text = "習(xí)近平總書記來(lái)到余(yú)村"
    norm = normalize(text)
    assert norm.text == "习近平总书记来到余村"
    assert original_chars(text) == "習近平總書記來到余村"
    assert norm.offsets[:2] == (0, 5)


def test_base_shifts_every_offset() -> None:
    assert normalize("來(lái)源", base=100).offsets == (100, 106)


HAN_AND_FRIENDS = st.text(
    alphabet=st.sampled_from(
        list(
            "來源習近平總書記學習浙江省安吉縣餘村杭州市萬千變化这是一个乡村振兴"
            "「」『』“”‘’（）()?？！。，、：；《》…—·"
            "abcnxyzABCＡＢＣ１２３ａｂｃ　 \n\t"
        )
    ),
    max_size=60,
)
TONED = st.text(alphabet=st.sampled_from(list("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")), min_size=1, max_size=3)
WITH_PINYIN = st.lists(
    st.one_of(HAN_AND_FRIENDS, TONED.map(lambda t: f"習({t})"), TONED.map(lambda t: f"變?{t})f")),
    max_size=6,
).map("".join)
ANY_TEXT = st.one_of(HAN_AND_FRIENDS, WITH_PINYIN, st.text(max_size=60))
#: Texts without pinyin-like patterns: no tone-marked letters anywhere.
PLAIN_TEXT = st.one_of(HAN_AND_FRIENDS, st.text(max_size=60)).filter(
    lambda t: not any(c in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ" for c in t)
)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_offsets_are_one_per_character_increasing_and_inside_the_text(text: str) -> None:
    norm = normalize(text)
    assert len(norm.offsets) == len(norm.text)
    assert all(a < b for a, b in pairwise(norm.offsets))
    assert all(0 <= o < len(text) for o in norm.offsets)


@settings(max_examples=300, deadline=None)
@given(PLAIN_TEXT)
def test_without_annotations_no_character_is_dropped(text: str) -> None:
    norm = normalize(text)
    assert len(norm.text) == len(text)
    assert norm.offsets == tuple(range(len(text)))


@settings(max_examples=300, deadline=None)
@given(PLAIN_TEXT)
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once
