"""Tests for kgraph.ingest.decode: finding input files and decoding them to text."""

from __future__ import annotations

import codecs
import pickle
import random
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kgraph.errors import InputError, SkippedFile
from kgraph.ingest.decode import UnreadableFile, decode_text, read_text
from kgraph.ingest.files import document_id, find_files

SIMPLIFIED = "绍兴市人民政府召开常务会议，研究部署今年的农村工作。"
TRADITIONAL = "高雄市政府發表聲明，表示將加強港口建設與交通管理。"
MIXED = "2024年5月\n温州市委书记说：“要把发展放在第一位。”\n"


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- read_text: encodings ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (TRADITIONAL.encode("utf-8"), TRADITIONAL, "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig"),
        (codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16-le"),
        (codecs.BOM_UTF16_BE + TRADITIONAL.encode("utf-16-be"), TRADITIONAL, "utf-16-be"),
        (codecs.BOM_UTF32_LE + SIMPLIFIED.encode("utf-32-le"), SIMPLIFIED, "utf-32-le"),
        (MIXED.encode("utf-16-le"), MIXED, "utf-16-le"),  # no BOM: NULs after ASCII
        (MIXED.encode("utf-16-be"), MIXED, "utf-16-be"),  # no BOM: NULs before ASCII
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gb2312"), SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("gbk"), TRADITIONAL, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        ("圍碁比賽在臺北舉行。".encode("cp950"), "圍碁比賽在臺北舉行。", "cp950"),
        ("佢哋喺香港講嘢。".encode("big5hkscs"), "佢哋喺香港講嘢。", "big5hkscs"),
    ],
)
def test_reads_each_encoding(tmp_path: Path, data: bytes, text: str, encoding: str) -> None:
    assert read_text(write(tmp_path, "article.txt", data)) == (text, encoding)


def test_big5_bytes_that_gb18030_also_decodes_are_read_as_big5(tmp_path: Path) -> None:
    data = "臺中市議會今天開會，討論新的預算。".encode("big5")
    data.decode("gb18030")  # a strict decode succeeds: scoring has to choose
    assert read_text(write(tmp_path, "a.txt", data)) == (
        "臺中市議會今天開會，討論新的預算。",
        "big5",
    )


def test_gbk_bytes_that_big5_also_decodes_are_read_as_gbk(tmp_path: Path) -> None:
    for text in ("新竹縣政府", "宁波市委"):  # Traditional and Simplified
        data = text.encode("gbk")
        data.decode("big5")  # a strict decode succeeds: scoring has to choose
        assert read_text(write(tmp_path, "a.txt", data)) == (text, "gb18030")


def test_short_ambiguous_text_prefers_gb18030(tmp_path: Path) -> None:
    # Neither reading has a common character and both are in their charset's main
    # level: a tie, which GB18030 wins.
    data = "宁波".encode("gbk")
    assert data.decode("big5") != "宁波"
    assert read_text(write(tmp_path, "a.txt", data)) == ("宁波", "gb18030")


def test_file_cut_mid_character_is_read_with_a_replacement(tmp_path: Path) -> None:
    data = (SIMPLIFIED * 3).encode("gbk")[:-1]
    text, encoding = read_text(write(tmp_path, "a.txt", data))
    assert encoding == "gb18030"
    assert text == (SIMPLIFIED * 3)[:-1] + "\ufffd"


def test_other_east_asian_and_western_encodings(tmp_path: Path) -> None:
    japanese = "東京都は今日、新しい計画を発表しました。"
    french = "café au lait, crème brûlée"
    assert read_text(write(tmp_path, "ja.txt", japanese.encode("shift_jis"))) == (
        japanese,
        "cp932",
    )
    assert read_text(write(tmp_path, "fr.txt", french.encode("cp1252"))) == (french, "cp1252")


def test_bom_is_stripped(tmp_path: Path) -> None:
    for codec in ("utf-8-sig", "utf-16", "utf-32"):
        text, _ = read_text(write(tmp_path, "a.txt", "漳州\n".encode(codec)))
        assert text == "漳州\n"


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "gb18030", "big5"])
def test_newlines_are_normalised(tmp_path: Path, codec: str) -> None:
    data = "臺南市\r\n嘉義縣\r花蓮縣\n".encode(codec)
    text, _ = read_text(write(tmp_path, "a.txt", data))
    assert text == "臺南市\n嘉義縣\n花蓮縣\n"


# --- read_text: HTML --------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>  温州   新闻网 </title>
<style>body { color: red }</style><script>var x = "<p>不要</p>";</script></head>
<body><nav>首页 | 国内</nav>
<h1>温州召开会议</h1>
<div class="content"><p>市长&nbsp;说：“发展&amp;保护”  要
  并重。</p><p>第二段<br>第二行</p><p>温<b>州</b>市</p>
<noscript>请启用脚本</noscript><template><p>模板</p></template>
<ul><li>一</li><li>二</li></ul>
<table><tr><td>甲</td><td>乙</td></tr></table>
<p>&#x5b81;&#27874; &lt;b&gt;</p></div><!-- 注释 --></body></html>
"""


def test_html_is_reduced_to_visible_text(tmp_path: Path) -> None:
    text, encoding = read_text(write(tmp_path, "page.html", PAGE.encode("utf-8")))
    assert encoding == "utf-8"
    assert text.split("\n") == [
        "温州 新闻网",
        "首页 | 国内",
        "温州召开会议",
        "市长 说：“发展&保护” 要 并重。",
        "第二段",
        "第二行",
        "温州市",
        "一",
        "二",
        "甲 乙",
        "宁波 <b>",
    ]


def test_html_meta_charset_gb2312_with_gbk_only_characters(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="gb2312"><title>朱镕基视察温州</title></head>'
        "<body><p>温州市民热烈欢迎。</p></body></html>"
    )
    with pytest.raises(UnicodeEncodeError):
        page.encode("gb2312")  # 镕 is in GBK, not in GB2312: the label undersells the page
    path = write(tmp_path, "page.htm", page.encode("gbk"))
    assert read_text(path) == ("朱镕基视察温州\n温州市民热烈欢迎。", "gb18030")


def test_html_http_equiv_big5(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
        "</head><body><p>臺中市議會今天開會。</p></body></html>"
    )
    path = write(tmp_path, "page.html", page.encode("big5"))
    assert read_text(path) == ("臺中市議會今天開會。", "big5")


def test_html_declared_western_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>café crème</p></body></html>'
    assert read_text(write(tmp_path, "fr.html", page.encode("cp1252"))) == (
        "café crème",
        "cp1252",
    )


def test_html_mislabelled_latin1_but_written_in_gbk(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{SIMPLIFIED}</p></body></html>'
    assert read_text(write(tmp_path, "a.html", page.encode("gbk"))) == (SIMPLIFIED, "gb18030")


def test_html_recognised_by_content_in_a_txt_file(tmp_path: Path) -> None:
    page = "\n<!doctype html><html><body><p>福州</p><p>厦门</p></body></html>"
    assert read_text(write(tmp_path, "a.txt", page.encode("utf-8")))[0] == "福州\n厦门"


def test_html_conditional_comments_do_not_crash_the_parser(tmp_path: Path) -> None:
    page = "<html><body><![if !IE]><p>泉州</p><![endif]><![ bogus <p>莆田</p></body></html>"
    assert read_text(write(tmp_path, "a.html", page.encode("utf-8")))[0] == "泉州\n莆田"


def test_html_without_visible_text_is_unreadable(tmp_path: Path) -> None:
    page = "<html><head><script>var a = 1;</script></head><body> <br> </body></html>"
    with pytest.raises(UnreadableFile, match="HTML page without text"):
        read_text(write(tmp_path, "a.html", page.encode("utf-8")))


# --- read_text: what cannot be read ---------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive or Office document"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
    ],
)
def test_binary_formats_are_named(tmp_path: Path, header: bytes, kind: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_text(write(tmp_path, "a.txt", header + b"more bytes"))
    assert caught.value.reason == f"binary file ({kind})"


def test_random_bytes_with_nuls_are_binary(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(4096)
    assert b"\x00" in data
    with pytest.raises(UnreadableFile, match=r"binary file \(contains NUL bytes\)"):
        read_text(write(tmp_path, "a.dat", data))


def test_a_nul_inside_utf8_text_is_dropped(tmp_path: Path) -> None:
    data = "温州市政府".encode() + b"\x00" + "召开会议".encode()
    assert read_text(write(tmp_path, "a.txt", data)) == ("温州市政府召开会议", "utf-8")


def test_control_characters_are_binary(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="control characters"):
        read_text(write(tmp_path, "a.txt", b"\x01\x02\x03\x04 text \x05\x06\x1b"))


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n ", codecs.BOM_UTF8 + b"  \n"])
def test_empty_files_are_unreadable(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_text(write(tmp_path, "a.txt", data))
    assert caught.value.reason == "empty file"


def test_undecodable_bytes_are_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_text(write(tmp_path, "a.txt", bytes(range(0x80, 0x100))))
    assert caught.value.reason.startswith("not decodable as UTF-8, UTF-16, GB18030 or Big5")


def test_a_folder_cannot_be_opened_as_a_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="cannot be opened"):
        read_text(tmp_path)


def test_unreadable_file_is_an_input_error_that_survives_pickling() -> None:
    error = UnreadableFile("empty file")
    assert isinstance(error, InputError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, str(copy)) == ("empty file", "empty file")


# --- find_files ---------------------------------------------------------------------


def make_tree(root: Path) -> None:
    for name in [
        "b.txt",
        "a.txt",
        "a/z.txt",
        "a/m/n.txt",
        "新闻/福建.txt",
        ".hidden.txt",
        ".git/HEAD",
        "a/.cache/x.txt",
    ]:
        write(root, name, b"x")


def test_folders_are_walked_in_order_without_hidden_files(tmp_path: Path) -> None:
    make_tree(tmp_path)
    found = find_files([tmp_path])
    assert [name for _, name in found] == [
        "a/m/n.txt",
        "a/z.txt",
        "a.txt",
        "b.txt",
        "新闻/福建.txt",
    ]
    for path, name in found:
        assert path.is_absolute()
        assert path == tmp_path / name


def test_a_file_given_directly_is_named_by_its_file_name(tmp_path: Path) -> None:
    make_tree(tmp_path)
    found = find_files([tmp_path / "a" / "m" / "n.txt", tmp_path / ".hidden.txt"])
    assert found == [(tmp_path / "a/m/n.txt", "n.txt"), (tmp_path / ".hidden.txt", ".hidden.txt")]


def test_sources_keep_their_order_and_duplicates_are_listed_once(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    roundabout = str(tmp_path / "a" / ".." / "b.txt")
    with pytest.warns(SkippedFile) as caught:
        found = find_files([tmp_path / "新闻", roundabout, tmp_path, str(tmp_path / "a.txt")])
    assert "skipped link.txt: the same file as a.txt, read once" in {str(w.message) for w in caught}
    assert [name for _, name in found] == [
        "福建.txt",
        "b.txt",
        "a/m/n.txt",
        "a/z.txt",
        "a.txt",
    ]


def test_a_missing_source_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "没有" / "articles"
    with pytest.raises(InputError, match=re.escape(f"{missing} does not exist")):
        find_files([tmp_path, missing])


def test_an_empty_folder_gives_no_files(tmp_path: Path) -> None:
    assert find_files([tmp_path]) == []


# --- document_id --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024/福建 新闻（一）.txt", "2024/福建_新闻_一_"),
        ("臺灣/報導.v2.html", "臺灣/報導.v2"),
        ("news/a-b_c.TXT", "news/a-b_c"),
        ("no-extension", "no-extension"),
        (".hidden", ".hidden"),
        ("日本/ひらがな.txt", "日本/____"),
    ],
)
def test_document_id(name: str, expected: str) -> None:
    assert document_id(name) == expected


def test_document_ids_can_collide() -> None:
    assert document_id("a b.txt") == document_id("a_b.html") == "a_b"


# --- properties -----------------------------------------------------------------------

# Printable text: no control characters but tabs and line ends, no markup, no leading BOM.
ANY_TEXT = st.text(
    st.characters(
        exclude_categories=("Cc", "Cs"), include_characters="\t\n\r", exclude_characters="<"
    ),
    min_size=1,
).filter(lambda t: t.strip() != "" and not t.startswith("\ufeff"))

# Chinese text that GB18030 writes with the same pair boundaries Big5 reads.
HANZI = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得"
CHINESE_TEXT = st.lists(
    st.one_of(st.sampled_from(HANZI), st.sampled_from("，。、 \r\nab12")), min_size=1
).map("".join)

PROPERTY = settings(max_examples=60, deadline=None, database=None)


def normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@PROPERTY
@given(text=ANY_TEXT, codec=st.sampled_from(["utf-8", "utf-16", "utf-16-be", "utf-32"]))
def test_any_text_round_trips_through_utf(
    tmp_path_factory: pytest.TempPathFactory, text: str, codec: str
) -> None:
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path = write(tmp_path_factory.getbasetemp(), "roundtrip.txt", data)
    assert read_text(path)[0] == normalised(text)


@PROPERTY
@given(text=CHINESE_TEXT)
def test_chinese_text_round_trips_through_gb18030(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    hanzi = sum(char in HANZI for char in text)
    assume(hanzi > 0 and hanzi >= sum(char in "，。、" for char in text))
    data = text.encode("gb18030")
    try:
        data.decode("utf-8")
        assume(False)  # also valid UTF-8, which is tried first: ambiguous by nature
    except UnicodeDecodeError:
        pass
    path = write(tmp_path_factory.getbasetemp(), "roundtrip.txt", data)
    assert read_text(path) == (normalised(text), "gb18030")


@PROPERTY
@given(data=st.binary(max_size=300), name=st.sampled_from(["x.txt", "x.html"]))
def test_any_bytes_give_text_or_unreadable_file(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, name: str
) -> None:
    path = write(tmp_path_factory.getbasetemp(), name, data)
    try:
        text, encoding = read_text(path)
    except UnreadableFile as error:
        assert error.reason
    else:
        assert isinstance(text, str) and text.strip()
        assert isinstance(encoding, str) and encoding


def test_decode_text_matches_read_text(tmp_path: Path) -> None:
    data = PAGE.encode("utf-8")
    assert decode_text(data, "page.html") == read_text(write(tmp_path, "page.html", data))
