"""Tests for kgraph.ingest.clean: telling an article from its site chrome, and reading its metadata."""

from __future__ import annotations

import itertools

from kgraph.ingest.clean import metadata_of, sections_of
from kgraph.model import SectionKind

PAGE = """首页 | 新闻 | 浙江 | 评论 | 视频 | 图片
首页 时政 经济 社会 文化 专题
“千万工程”二十年：安吉县余村的绿色答卷
2023-06-12 09:30:15 来源：浙江日报 作者：李明 王芳
杭州6月12日电  二十年前，浙江省湖州市安吉县天荒坪镇余村还是一个靠开矿为生的小山村。
如今，余村的竹林和民宿吸引了大批游客，村民收入逐年提高，生态环境明显改善。
“最多跑一次”改革让村民办事更方便，许多事项在村里就能办好。
（责任编辑：陈静）
相关新闻
• 杭州市推进数字政府建设
• 宁波市出台支持民营经济发展新举措
• 温州市乡村振兴示范带建设观察
版权所有 浙江日报报业集团 未经授权不得转载
浙ICP备12345678号 浙公网安备33010002000001号
客服电话：0571-85311111
阅读已结束，登录后可免费阅读全文
下载APP 阅读更多
杭州楼盘 | 宁波二手房 | 温州装修 | 湖州旅游 | 嘉兴美食 | 绍兴招聘 | 舟山海鲜
"""


def kinds_by_line(text: str) -> dict[str, SectionKind | frozenset[SectionKind]]:
    """Each non-empty line of ``text`` and the kind of the sections holding its characters.

    A line split between kinds maps to the set of those kinds.
    """
    sections = sections_of(text)
    out: dict[str, SectionKind | frozenset[SectionKind]] = {}
    position = 0
    for line in text.splitlines(keepends=True):
        kinds = {
            next(s.kind for s in sections if s.start <= position + i < s.end)
            for i, ch in enumerate(line)
            if not ch.isspace()
        }
        if kinds:
            out[line.strip()] = kinds.pop() if len(kinds) == 1 else frozenset(kinds)
        position += len(line)
    return out


def test_sections_cover_the_text_without_gaps() -> None:
    sections = sections_of(PAGE)
    assert sections[0].start == 0
    assert sections[-1].end == len(PAGE)
    assert all(a.end == b.start for a, b in itertools.pairwise(sections))
    assert all(a.kind != b.kind for a, b in itertools.pairwise(sections))  # merged


def test_each_part_of_a_scraped_page_gets_its_kind() -> None:
    kinds = kinds_by_line(PAGE)
    expected = {
        "首页 | 新闻 | 浙江 | 评论 | 视频 | 图片": SectionKind.CHROME,
        "首页 时政 经济 社会 文化 专题": SectionKind.CHROME,
        "“千万工程”二十年：安吉县余村的绿色答卷": SectionKind.TITLE,
        "2023-06-12 09:30:15 来源：浙江日报 作者：李明 王芳": SectionKind.META,
        "如今，余村的竹林和民宿吸引了大批游客，村民收入逐年提高，生态环境明显改善。": SectionKind.BODY,
        "“最多跑一次”改革让村民办事更方便，许多事项在村里就能办好。": SectionKind.BODY,
        "（责任编辑：陈静）": SectionKind.META,
        "相关新闻": SectionKind.CHROME,
        "• 杭州市推进数字政府建设": SectionKind.TEASER,
        "• 宁波市出台支持民营经济发展新举措": SectionKind.TEASER,
        "• 温州市乡村振兴示范带建设观察": SectionKind.TEASER,
        "版权所有 浙江日报报业集团 未经授权不得转载": SectionKind.CHROME,
        "浙ICP备12345678号 浙公网安备33010002000001号": SectionKind.CHROME,
        "客服电话：0571-85311111": SectionKind.CHROME,
        "阅读已结束，登录后可免费阅读全文": SectionKind.CHROME,
        "下载APP 阅读更多": SectionKind.CHROME,
        "杭州楼盘 | 宁波二手房 | 温州装修 | 湖州旅游 | 嘉兴美食 | 绍兴招聘 | 舟山海鲜": SectionKind.CHROME,
    }
    assert {line: kinds[line] for line in expected} == expected
    dateline = next(line for line in kinds if line.startswith("杭州6月12日电"))
    assert kinds[dateline] == {SectionKind.META, SectionKind.BODY}  # the dateline is metadata


def test_metadata_of_a_scraped_page() -> None:
    meta = metadata_of(PAGE, sections_of(PAGE))
    assert meta.title == "“千万工程”二十年：安吉县余村的绿色答卷"
    assert meta.date == "2023-06-12"
    assert meta.authors == ("李明", "王芳")
    assert meta.editors == ("陈静",)
    assert meta.sources == ("浙江日报",)


def test_metadata_spans_point_at_their_values() -> None:
    meta = metadata_of(PAGE, sections_of(PAGE))
    values = {(field, PAGE[i:j]) for field, i, j in meta.spans}
    assert values == {
        ("title", "“千万工程”二十年：安吉县余村的绿色答卷"),
        ("date", "2023-06-12"),
        ("source", "浙江日报"),
        ("author", "李明"),
        ("author", "王芳"),
        ("editor", "陈静"),
    }


def test_traditional_metadata_is_read_in_simplified() -> None:
    text = (
        "安吉縣的春天\n2023年8月2日 來源：湖州日報 作者：鄭曉東\n習近平總書記來到湖州市安吉縣。\n"
    )
    meta = metadata_of(text, sections_of(text))
    assert (meta.title, meta.date, meta.sources, meta.authors) == (
        "安吉县的春天",
        "2023-08-02",
        ("湖州日报",),
        ("郑晓东",),
    )


def test_chinese_date_and_editor_line() -> None:
    text = (
        "湖州市推进共同富裕\n2021年03月04日 来源：湖州日报\n正文一句话。\n编辑：赵强 审核：孙丽\n"
    )
    meta = metadata_of(text, sections_of(text))
    assert (meta.date, meta.editors, meta.authors) == ("2021-03-04", ("赵强", "孙丽"), ())


def test_date_line_with_an_author_and_affiliation_is_metadata() -> None:
    text = "村庄的新变化\n2022-05-06 作者：周晓东（作者系安吉县委书记）\n村庄的面貌一年一个样。\n"
    kinds = kinds_by_line(text)
    assert kinds["2022-05-06 作者：周晓东（作者系安吉县委书记）"] == SectionKind.META
    meta = metadata_of(text, sections_of(text))
    assert (meta.date, meta.authors) == ("2022-05-06", ("周晓东",))


def test_impossible_date_is_not_read() -> None:
    text = "一篇文章的标题在此\n2021-13-45 来源：某某日报\n正文。\n"
    assert metadata_of(text, sections_of(text)).date == ""


# --- bylines written inside a body line ----------------------------------------------

INLINE = (
    "余村的变化\n"
    "杭州市西湖区的干部群众认真学习会议精神，大家表示要把“千万工程”经验落到实处。"
    "(作者单位：浙江省委党校) 《浙江日报》（2021年03月04日 05 版）(责编：王芳、赵强)\n"
)


def test_inline_bylines_are_cut_out_of_a_body_line() -> None:
    sections = sections_of(INLINE)
    pieces = [
        (s.kind, INLINE[s.start : s.end].strip())
        for s in sections
        if INLINE[s.start : s.end].strip()
    ]
    assert pieces[0] == (SectionKind.TITLE, "余村的变化")
    assert pieces[1] == (
        SectionKind.BODY,
        "杭州市西湖区的干部群众认真学习会议精神，大家表示要把“千万工程”经验落到实处。",
    )
    meta = [text for kind, text in pieces if kind == SectionKind.META]
    assert "(作者单位：浙江省委党校)" in meta
    assert any("《浙江日报》（2021年03月04日 05 版）" in text for text in meta)
    assert any("(责编：王芳、赵强)" in text for text in meta)
    assert all(
        kind != SectionKind.BODY for kind, text in pieces if "责编" in text or "作者单位" in text
    )


def test_inline_bylines_give_metadata() -> None:
    meta = metadata_of(INLINE, sections_of(INLINE))
    assert meta.date == "2021-03-04"
    assert meta.sources == ("浙江日报",)
    assert meta.editors == ("王芳", "赵强")
    assert meta.authors == ()  # 作者单位 names an institution, not a person


def test_author_affiliation_in_brackets_is_metadata() -> None:
    text = "乡村治理的新路子\n正文第一段里面有很多内容。（作者系安吉县委书记）\n"
    kinds = {text[s.start : s.end].strip(): s.kind for s in sections_of(text)}
    assert kinds["（作者系安吉县委书记）"] == SectionKind.META
    assert kinds["正文第一段里面有很多内容。"] == SectionKind.BODY


# --- body text that merely contains chrome-like words ----------------------------------


def test_body_paragraphs_mentioning_chrome_words_stay_body() -> None:
    text = (
        "安吉县推进乡村振兴纪实\n"
        "2021年03月04日 来源：湖州日报\n"
        "余村党支部书记说，大家干事创业的激情越来越高，村里的面貌一年一个样。\n"
        "村民们激情满怀。\n"
        "在余村，游客可以扫码下载电子导览图，了解“两山”理念的由来和村庄发展的故事。\n"
        "村民用手机下载“浙里办”就能办事。\n"
        "党员在平台上注册后就能预约。\n"
        "村委会还为老人开通了免费体检和上门服务。\n"
    )
    kinds = kinds_by_line(text)
    assert [line for line in text.splitlines()[2:] if kinds[line] != SectionKind.BODY] == []


def test_a_single_numbered_line_inside_the_article_is_body() -> None:
    text = (
        "湖州市部署今年重点工作\n"
        "会议强调，要抓好三件事。\n"
        "1. 持续深化“千万工程”，推进乡村全面振兴。\n"
        "会议还研究了其他事项。\n"
    )
    kinds = kinds_by_line(text)
    assert kinds["1. 持续深化“千万工程”，推进乡村全面振兴。"] == SectionKind.BODY


def test_explicit_keyword_stuffing_is_chrome() -> None:
    text = "湖州市召开全市工作会议\n正文一句话。\n最新毛片 无码高清 人妻偷拍 在线观看\n"
    kinds = kinds_by_line(text)
    assert kinds["最新毛片 无码高清 人妻偷拍 在线观看"] == SectionKind.CHROME
    assert kinds["正文一句话。"] == SectionKind.BODY


def test_text_after_the_last_newline_is_covered() -> None:
    text = "标题一个在这里\n正文。\n版权所有 不得转载"
    sections = sections_of(text)
    assert sections[-1].end == len(text)
    assert sections[-1].kind == SectionKind.CHROME


def test_empty_text_has_no_sections() -> None:
    assert sections_of("") == ()
    meta = metadata_of("", ())
    assert (meta.title, meta.date, meta.authors, meta.editors, meta.sources) == ("", "", (), (), ())
