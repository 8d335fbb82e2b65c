"""Tests for kgraph.ingest.segment: sentences, quotes, line breaks and offsets back to the original."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.ingest.normalize import normalize
from kgraph.ingest.segment import sentences_of
from kgraph.model import Section, SectionKind


def body(text: str) -> tuple[Section, ...]:
    return (Section(0, len(text), SectionKind.BODY),)


def split(text: str) -> list[str]:
    return [s.norm for s in sentences_of("d", text, body(text))]


def test_sentence_marks_end_sentences() -> None:
    assert split("余村变了。游客多了！收入高了吗？是的；大家都满意") == [
        "余村变了。",
        "游客多了！",
        "收入高了吗？",
        "是的；",
        "大家都满意",
    ]


def test_end_marks_inside_quotes_do_not_end_the_sentence() -> None:
    assert split("李明说：“我们要干。你们也要干！”") == ["李明说：“我们要干。你们也要干！”"]


def test_closing_quote_after_an_end_mark_ends_the_sentence_with_it() -> None:
    assert split("李明说：“我们要把村子建设好。”大家纷纷点头。") == [
        "李明说：“我们要把村子建设好。”",
        "大家纷纷点头。",
    ]
    assert split("王芳强调：“要把‘千万工程’一张蓝图绘到底。”随后，会议结束。") == [
        "王芳强调：“要把‘千万工程’一张蓝图绘到底。”",
        "随后，会议结束。",
    ]


def test_nested_quotes_protect_their_end_marks() -> None:
    assert split("他强调：“要记住‘绿水青山。’这句话”，然后离开。下一句。") == [
        "他强调：“要记住‘绿水青山。’这句话”，然后离开。",
        "下一句。",
    ]


def test_quote_inside_a_sentence_keeps_the_sentence_whole() -> None:
    assert split("浙江深入推进“最多跑一次”改革。群众办事更方便了。") == [
        "浙江深入推进“最多跑一次”改革。",
        "群众办事更方便了。",
    ]


def test_end_marks_inside_brackets_and_book_titles() -> None:
    assert split("他在《干在实处 走在前列。》一书中写道（见第三章。）。下一句。") == [
        "他在《干在实处 走在前列。》一书中写道（见第三章。）。",
        "下一句。",
    ]


def test_line_breaks_end_sentences_and_blank_lines_vanish() -> None:
    text = "村里变了。\n一段没有句号的文字\n\n   \n第三段。"
    sentences = sentences_of("d", text, body(text))
    assert [s.norm for s in sentences] == ["村里变了。", "一段没有句号的文字", "第三段。"]
    assert [s.index for s in sentences] == [0, 1, 2]


def test_a_quote_that_never_closes_stops_protecting_end_marks() -> None:
    text = "他说：“" + "这是一句很长的话。" * 60 + "\n下一行。"
    sentences = split(text)
    assert len(sentences) > 2
    assert sentences[-1] == "下一行。"


def test_runs_of_end_marks_stay_together() -> None:
    assert split("真的吗？！当然……好吧。") == ["真的吗？！", "当然……", "好吧。"]


def test_punctuation_only_pieces_are_not_sentences() -> None:
    assert split("。。。\n——\n“”\n有字。") == ["有字。"]


def test_sentences_never_cross_sections_and_skip_chrome() -> None:
    text = "标题在这里\n首页 | 新闻\n正文一句。正文两句。\n版权所有"
    sections = (
        Section(0, 6, SectionKind.TITLE),
        Section(6, 14, SectionKind.CHROME),
        Section(14, 25, SectionKind.BODY),
        Section(25, len(text), SectionKind.CHROME),
    )
    sentences = sentences_of("d", text, sections)
    assert [(s.norm, s.section) for s in sentences] == [
        ("标题在这里", SectionKind.TITLE),
        ("正文一句。", SectionKind.BODY),
        ("正文两句。", SectionKind.BODY),
    ]


def test_traditional_and_pinyin_sentences_are_normalized_and_map_back() -> None:
    text = "習(xí)近平總書記指出：「綠水青山就是金山銀山」。這是(shì)真理。"
    sentences = sentences_of("d", text, body(text))
    assert [s.norm for s in sentences] == [
        "习近平总书记指出：“绿水青山就是金山银山”。",
        "这是真理。",
    ]
    first, second = sentences
    assert text[first.start : first.end] == "習(xí)近平總書記指出：「綠水青山就是金山銀山」。"
    assert text[second.start : second.end] == "這是(shì)真理。"
    i, j = first.original_span(0, 3)
    assert text[i:j] == "習(xí)近平"


def assert_offsets_slice_the_original(text: str, sections: tuple[Section, ...]) -> None:
    for s in sentences_of("d", text, sections):
        assert len(s.offsets) == len(s.norm)
        assert s.offsets[0] == s.start and s.offsets[-1] == s.end - 1
        assert normalize(text[s.start : s.end]).text == s.norm
        assert s.norm == s.norm.strip()


def test_every_sentence_slices_back_to_its_normalized_form() -> None:
    text = (
        "  “千万工程”二十年：安吉縣餘村的綠色答卷  \n"
        "杭州(háng)6月12日电  二十年前，余村还是一个小山村。如今，游客多了！\n"
        "李明说：“我们要干。”王芳说：‘好。’\n"
    )
    assert_offsets_slice_the_original(text, body(text))


SENTENCE_CHARS = st.sampled_from(
    list("余村安吉縣習近平總書記乡村振興來源“”‘’「」（）《》。！？；，、：…\n 　abc123")
)
PINYIN = st.sampled_from(["(lái)", "(xí)", "（háng）", "?nèi)f"])
TEXTS = st.lists(st.one_of(SENTENCE_CHARS, PINYIN), max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(min_value=0, max_value=80))
def test_offsets_slice_the_original_for_any_text(text: str, cut: int) -> None:
    cut = min(cut, len(text))
    sections = tuple(
        s
        for s in (Section(0, cut, SectionKind.TITLE), Section(cut, len(text), SectionKind.BODY))
        if s.start < s.end
    )
    assert_offsets_slice_the_original(text, sections)
    sentences = sentences_of("d", text, sections)
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))


def test_offsets_are_a_range_unless_annotations_were_removed() -> None:
    text = "杭州6月12日电。學(xué)習(xí)很重要。"
    plain, annotated = sentences_of("d", text, body(text))
    assert isinstance(plain.offsets, range)
    assert list(plain.offsets) == list(range(plain.start, plain.end))
    assert not isinstance(annotated.offsets, range)
    assert [text[o] for o in annotated.offsets] == list("學習很重要。")
    i, j = annotated.original_span(0, 2)
    assert text[i:j] == "學(xué)習"


def test_sentences_survive_pickling_and_stay_hashable() -> None:
    import pickle

    text = "學(xué)習很重要。余村变了。"
    sentences = sentences_of("d", text, body(text))
    again = pickle.loads(pickle.dumps(sentences, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == sentences
    assert [type(s.offsets) for s in again] == [type(s.offsets) for s in sentences]
    assert len({*sentences, *again}) == len(sentences)
