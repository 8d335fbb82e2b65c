"""Dates in the forms Chinese pages write them (kgraph.ingest.dates), on lines the tests write."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.ingest.dates import date_in, is_date_line
from kgraph.ingest.normalize import normalize
from kgraph.pipeline import document_from_text, read_document


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("2024.08.05", "2024-08-05"),
        ("2024年5月6日 星期一", "2024-05-06"),
        ("２０２４年５月６日", "2024-05-06"),  # full-width digits
        ("二〇二〇年五月六日", "2020-05-06"),
        ("二零二零年十二月三十一日", "2020-12-31"),
        ("二○一一年四月八日", "2011-04-08"),  # the circle a document writes for zero
        ("民國一○三年五月六日", "2014-05-06"),
        ("民國113年5月6日", "2024-05-06"),
        ("民国113年5月6日", "2024-05-06"),
        ("中華民國一百一十三年五月六日", "2024-05-06"),
        ("民國一一三年五月六日", "2024-05-06"),
        ("民國113/05/06", "2024-05-06"),
        ("113年5月6日", "2024-05-06"),
        ("25/12/2024", "2024-12-25"),
        ("12/25/2024", "2024-12-25"),
    ],
)
def test_date_forms(line: str, iso: str) -> None:
    norm = normalize(line).text
    when = date_in(norm)
    assert when is not None and when[0] == iso


@pytest.mark.parametrize("line", ["08/05/2024", "2113年5月6日", "公元2024年13月6日", "第113期"])
def test_ambiguous_or_invalid_dates_are_not_read(line: str) -> None:
    assert date_in(normalize(line).text) is None


@pytest.mark.parametrize(
    "line",
    [
        "2024年5月6日 星期一 10:00",
        "星期一 2024年5月6日",
        "（2024-05-06 周一）",
        "二〇二〇年五月六日 星期三",
        "民國113年5月6日（星期一）下午3時",
    ],
)
def test_date_lines_with_weekdays_and_times(line: str) -> None:
    assert is_date_line(normalize(line).text)
    page = f"社区食堂开张\n{line}\n社区食堂今天开张，每餐补贴五元。居民反映饭菜可口。\n"
    doc = document_from_text("a.txt", page)
    assert (doc.title, doc.sources) == ("社区食堂开张", ())
    assert doc.date in ("2024-05-06", "2020-05-06")
    start, end = next((a, b) for field, a, b in doc.meta_spans if field == "date")
    assert date_in(normalize(page[start:end]).text) is not None  # offsets into the original


def test_a_traditional_page_dated_in_the_roc_calendar() -> None:
    page = "海灣區新建碼頭今日啟用\n中華民國113年5月6日 星期一\n本報記者 黃嘉明\n海灣區新碼頭今日正式啟用，每日可停泊二十艘渡輪。區議會表示歡迎。\n"
    doc = document_from_text("b.txt", page)
    assert (doc.title, doc.date, doc.authors) == (
        "海湾区新建码头今日启用",
        "2024-05-06",
        ("黄嘉明",),
    )


def test_a_sentence_that_opens_with_a_date_is_not_a_date_line() -> None:
    assert not is_date_line("2024年5月6日，青禾县召开大会，部署今年的工作。")


@pytest.mark.parametrize(
    "line",
    [
        "2024-05-06 星期一 晴",
        "2024年5月6日 10:00 | 阅读 123",
        "2024年05月06日 10:00 | 评论(0)",
        "更新：2024-05-06",
        "首发于2024-05-06",
        "發表於 2024/05/06 10:00",
        "2024-05-06T10:00:00+08:00",
    ],
)
def test_date_lines_with_widgets_labels_and_iso_times(line: str) -> None:
    page = f"社区食堂开张\n{line}\n社区食堂今天开张，每餐补贴五元。居民反映饭菜可口。\n"
    doc = document_from_text("a.txt", page)
    assert (doc.title, doc.date) == ("社区食堂开张", "2024-05-06")


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Aug 5, 2024", "2024-08-05"),
        ("Aug. 5, 2024", "2024-08-05"),
        ("August 5th, 2024", "2024-08-05"),
        ("5 August 2024", "2024-08-05"),
        ("05-Aug-2024", "2024-08-05"),
        ("Tuesday, 6 Aug 2024 10:30", "2024-08-06"),
        ("sept 30 2023", "2023-09-30"),
    ],
)
def test_english_dates(line: str, iso: str) -> None:
    assert date_in(line) is not None and date_in(line)[0] == iso
    assert is_date_line(line)


@pytest.mark.parametrize("line", ["Mar 5", "May 2024", "the 5 marchers of 2024", "Feb 30, 2024"])
def test_english_month_words_without_a_full_date_are_not_read(line: str) -> None:
    assert date_in(line) is None


@pytest.mark.parametrize(
    ("page", "iso"),
    [
        ("青禾县新建十座口袋公园\nPublished: Aug 5, 2024\n青禾县今年新建十座口袋公园。居民步行五分钟就能到。\n",
         "2024-08-05"),
        ("海灣區新碼頭今日啟用\n5 August 2024\n海灣區新碼頭今日正式啟用。區議會表示歡迎。\n", "2024-08-05"),
    ],
)  # fmt: skip
def test_pages_dated_in_english(page: str, iso: str) -> None:
    doc = document_from_text("a.txt", page)
    assert doc.date == iso
    assert doc.title.startswith(("青禾县", "海湾区"))


@pytest.mark.parametrize(
    ("title", "when", "body"),
    [
        ("青禾县新建十座口袋公园", "Updated: 5 August 2024", "青禾县今年新建十座口袋公园。居民步行五分钟就能到。"),
        ("海灣區新碼頭今日啟用", "Aug 5, 2024", "海灣區新碼頭今日正式啟用。區議會表示歡迎。"),
    ],
)  # fmt: skip
def test_html_pages_dated_in_english(tmp_path: Path, title: str, when: str, body: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><body><h1>{title}</h1><p class='date'>{when}</p><p>{body}</p></body></html>",
        encoding="utf-8",
    )
    assert read_document(path, "page.html").date == "2024-08-05"


_NOTICE = (
    "各乡镇人民政府，县政府各部门：\n"
    "《青禾县城区口袋公园建设三年行动方案》已经县人民政府同意，现印发给你们，请结合实际认真遵照执行。\n"
    "{signer}"
    "{when}\n"
    "青禾县口袋公园建设方案\n"
    "为方便居民就近休闲，今年在城区新建十座口袋公园。各部门要按分工抓好落实。\n"
)


@pytest.mark.parametrize(
    ("signer", "when"),
    [
        ("青禾县人民政府办公室\n", "2018年10月18日"),
        ("青禾縣人民政府辦公室\n", "二○一八年十月十八日"),
        ("", "2018年10月18日"),  # the date alone under the last sentence
    ],
)
def test_a_notice_signed_under_its_text_is_not_dated_by_its_signature(
    signer: str, when: str
) -> None:
    doc = document_from_text("notice.txt", _NOTICE.format(signer=signer, when=when))
    assert doc.date == ""
    assert "2018年10月18日" in doc.text or "二○一八年十月十八日" in doc.text


def test_a_signed_notice_keeps_the_date_its_page_gives_above_the_text() -> None:
    page = "发布时间：2018-10-20 09:30\n" + _NOTICE.format(
        signer="青禾县人民政府办公室\n", when="2018年10月18日"
    )
    assert document_from_text("notice.txt", page).date == "2018-10-20"


def test_a_date_line_above_the_text_still_dates_the_page() -> None:
    page = "社区食堂开张\n2018年10月18日\n社区食堂今天开张，每餐补贴五元。居民反映饭菜可口。\n"
    assert document_from_text("a.txt", page).date == "2018-10-18"


def test_an_html_notice_signed_under_its_text(tmp_path: Path) -> None:
    path = tmp_path / "notice.html"
    path.write_text(
        "<html><body><p>各鄉鎮人民政府，縣政府各部門：</p>"
        "<p>《青禾縣城區口袋公園建設三年行動方案》已經縣人民政府同意，現印發給你們，請結合實際認真遵照執行。</p>"
        "<p>青禾縣人民政府辦公室</p><p>二○一八年十月十八日</p></body></html>",
        encoding="utf-8",
    )
    assert read_document(path, "notice.html").date == ""
