"""Decode a file's bytes to text: UTF-8/16/32, GB18030/GBK, Big5 and HTML pages.

Errors raised here extend kgraph's tree (see :mod:`kgraph.errors`)::

    InputError              a source path does not exist or a folder cannot be listed
    └── UnreadableFile      a file holds no text kgraph can read (binary, empty, undecodable)

A build can record each :class:`UnreadableFile` as a skipped file and go on,
while an :class:`~kgraph.errors.InputError` about a source stops it.

Decoding is deterministic and tries, in order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. UTF-16 when NUL bytes sit on one side of the byte pairs; other NULs are
   dropped when they are rare (at most one byte in 1,000, or four), else the file is binary;
3. strict UTF-8;
4. the charset an HTML page declares in ``<meta>``;
5. GB18030, Big5 (or its CP950 and HKSCS extensions) and mark-less UTF-16,
   keeping the reading with the largest share of the ~500 most common Chinese
   characters (either script), GB18030 on a tie, if it looks like Chinese;
6. the same with a few undecodable bytes replaced by U+FFFD (a file cut
   mid-character), if it looks like Chinese;
7. charset-normalizer, limited to Japanese, Korean and Western European code pages;
8. UTF-8 with a few bytes replaced, then any strict GB18030 or Big5 reading.

The text then has every code point that no UTF-8 file or XML document can
hold replaced by U+FFFD, one for one (:func:`replace_unwritable`).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from kgraph.errors import InputError
from kgraph.ingest.html import html_page
from kgraph.model import SourceMap

__all__ = [
    "DecodedPage",
    "UnreadableFile",
    "decode_page",
    "decode_text",
    "read_page",
    "read_text",
    "replace_unwritable",
]

# Lone surrogates, C0 controls other than tab/newline/CR, U+FFFE and U+FFFF: not in XML 1.0.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# NUL bytes in a file that is not UTF-16 are dropped if at most one byte in this many is NUL
# (or, in short files, if there are only a few).
_BYTES_PER_NUL = 1000
_FEW_NULS = 4


def replace_unwritable(text: str) -> str:
    """Replace code points UTF-8 or XML 1.0 cannot hold by U+FFFD, keeping every offset.

    Those are lone surrogates (from ``surrogateescape`` or a broken UTF-16
    pair), the C0 controls other than tab, newline and carriage return, and
    the non-characters U+FFFE and U+FFFF.

    >>> replace_unwritable("习" + chr(0xD800) + "近\\x0b平\\uffff") == "习\\ufffd近\\ufffd平\\ufffd"
    True

    Notes
    -----
    O(n) in the length of ``text``; returns ``text`` itself when nothing is replaced.
    """
    return _UNWRITABLE.sub("\ufffd", text) if _UNWRITABLE.search(text) else text


class UnreadableFile(InputError):
    """A file exists but holds no text kgraph can read.

    Parameters
    ----------
    reason : str
        Why, in a few words, e.g. ``"binary file (PNG image)"``; also the
        exception's message and its ``reason`` attribute.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The ~500 most frequent characters of Simplified Chinese running text, then the
# Traditional forms of those that differ: a wrong legacy decoding yields few of them.
_COMMON_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于"
    "着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还"
    "进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情"
    "明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或"
    "新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员"
    "解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太"
    "量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基"
    "眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交"
    "规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济"
    "车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调"
    "深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越"
    "器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历"
    "首医局突专费号尽另周较注语仅考落青随选列"
)
_COMMON_TRADITIONAL = (
    "並乾亞佔來係個們備傳僅價兒內兩別則劃動務區卻員問啟單嗎國圖團報場學實寫將專對導峯"
    "師帶幹幾廣張強後從復愛應戰擊據數斷於時曆書會東條業極標樣機權歷氣決沒況準滿濟為無"
    "爭爲爾現產當發盡眾確種稱範約級組結給統經綫線總繫羅義聯聲聽臺與華萬著處號衆術裏裝"
    "裡見規視親覺觀計記設許話該認語說調談請論證識議變讓費資質車軍較輕轉辦農這連進遊運"
    "過達遠選還邊醫鍾鐘長門開間關隊際隨隻離難雲電須領頭題類顯風飛餘馬體髮麼點黨"
)
_COMMON_HANZI = frozenset(_COMMON_SIMPLIFIED + _COMMON_TRADITIONAL)

# A reading is taken for Chinese when this share of its non-ASCII characters are among
# the common ones (running text has ~75%), or, in texts too short for that to tell,
# when nearly all are in GB2312 or Big5 level 1.
_PLAUSIBLE_COMMON = 0.25
_PLAUSIBLE_CHARSET = 0.9
_SHORT = 20
# A reading that needs at most one replacement character per this many characters
# is a damaged file (cut mid-character, a stray byte), still worth reading.
_CHARS_PER_REPLACEMENT = 200
# What else charset-normalizer may name: wider lists make it guess exotic code pages.
_OTHER_ENCODINGS = ("cp932", "euc_jp", "cp949", "cp1252")
# Characters scored per candidate: enough to decide, cheap on large files.
_SCORED_CHARS = 50_000
# Above this share of control characters a decoded file is taken for binary.
_MAX_CONTROL_SHARE = 0.05

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_WEBP = re.compile(rb"RIFF....WEBP", re.DOTALL)

# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_GB_FAMILY = ("gb18030",)
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
_LEGACY_CHINESE = _GB_FAMILY + _BIG5_FAMILY
_BIG5_LEVEL_1 = (b"\xa4\x40", b"\xc6\x7e")

# ASCII, Latin to Cyrillic, punctuation, CJK with kana, Hangul, full-width forms: binary
# read as UTF-16 spreads over the whole plane and has far fewer of these.
_SCRIPT = re.compile(
    "[\t\n\r\x20-\x7e\xa0-\u04ff\u2000-\u206f\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]"
)
_MIN_SCRIPT_SHARE = 0.8
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NEWLINE = re.compile(r"\r\n?")
_WHITESPACE = re.compile(r"\s+")
_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Browsers read the declaration from the first 1024 bytes; pages in the wild are looser.
_DECLARATION_WINDOW = 4096


def read_text(path: Path) -> tuple[str, str]:
    """Read a file as text, whatever its encoding, HTML reduced to text.

    Parameters
    ----------
    path : Path
        The file to read.

    Returns
    -------
    (str, str)
        The text every offset of the document points into, and the name of
        the encoding its bytes were decoded with (a Python codec name such as
        ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16-le"``, ``"gb18030"``, ``"big5"``).
        See :func:`decode_text`.

    Raises
    ------
    UnreadableFile
        If the file cannot be opened, is empty, binary or undecodable.

    Notes
    -----
    O(n) in the file's size.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp, "漳州.txt")
    ...     _ = path.write_bytes("漳州市\\r\\n".encode("utf-16"))
    ...     read_text(path)
    ('漳州市\\n', 'utf-16-le')
    """
    page = read_page(path)
    return page.text, page.encoding


class DecodedPage(NamedTuple):
    """A file's text, its encoding, the lines its HTML structure marks as chrome, and its map.

    For an HTML page ``source`` maps each character of ``text`` to the
    characters of the decoded file it came from (BOM dropped, line ends
    ``\\n``: the unit offsets into a text file count in); None for a text file.
    """

    text: str
    encoding: str
    #: ``(start, end, element)`` of lines inside ``<nav>``, ``<aside>``, ``<footer>``; () for text
    chrome: tuple[tuple[int, int, str], ...] = ()
    source: SourceMap | None = None


def read_page(path: Path) -> DecodedPage:
    """:func:`read_text` with the chrome an HTML page's structure marks (see :func:`decode_page`)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"cannot be opened ({error.strerror})") from error
    return decode_page(data, path.name)


def decode_text(data: bytes, name: str = "") -> tuple[str, str]:
    """The text and codec of :func:`decode_page`."""
    page = decode_page(data, name)
    return page.text, page.encoding


def decode_page(data: bytes, name: str = "") -> DecodedPage:
    """Decode a file's bytes to the text kgraph analyses.

    A byte-order mark is dropped and line ends become ``\\n``. HTML (by the
    extension of ``name``, or text starting with ``<!doctype html`` or
    ``<html``) is reduced to its visible text: the ``<title>`` first, then one
    line per block element, entities unescaped, runs of spaces collapsed,
    scripts, styles and the rest of ``<head>`` dropped; its ``source`` maps
    each character of that text to the characters of the markup it came from.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str, optional
        The file's name; only its extension is used.

    Returns
    -------
    DecodedPage
        The text, the codec name it was decoded with, and for HTML the
        stretches of the text inside ``<nav>``, ``<aside>`` and ``<footer>``
        and the text's :class:`~kgraph.model.SourceMap` into the decoded page.

    Raises
    ------
    UnreadableFile
        If the bytes are empty or only whitespace, binary (known magic bytes,
        NUL bytes outside UTF-16, many control characters) or not decodable.

    Notes
    -----
    O(n) in the size of ``data``. The order of the encodings tried is in the
    module docstring. GB18030 and Big5 often both decode the same bytes: the
    reading with the larger share of the ~500 most common Chinese characters
    (either script) wins, GB18030 on a tie; in texts of fewer than 20
    non-ASCII characters, the share of GB2312 or Big5 level-1 characters
    breaks ties. Very short legacy texts stay ambiguous: GBK bytes that are
    also valid UTF-8 (a lone 全) are read as UTF-8.

    Examples
    --------
    >>> decode_text("温州市政府召开常务会议。\\r\\n".encode("gb18030"))
    ('温州市政府召开常务会议。\\n', 'gb18030')
    >>> decode_text("高雄市政府發表聲明。".encode("big5"))
    ('高雄市政府發表聲明。', 'big5')
    >>> page = decode_page(b"<html><title>A &amp; B</title><p>one</p><footer>two</footer></html>", "x.html")
    >>> page.text, page.chrome, page.source.span(6, 9)
    ('A & B\\none\\ntwo', ((10, 13, 'footer'),), (33, 36))
    """
    if not data.strip():
        raise UnreadableFile("empty file")
    kind = _binary_kind(data)
    if kind:
        raise UnreadableFile(f"binary file ({kind})")
    looks_html = PurePosixPath(name).suffix.lower() in _HTML_SUFFIXES
    text, encoding = _decode(data, html_hint=looks_html or _starts_like_html(data))
    text = _NEWLINE.sub("\n", text.removeprefix("\ufeff"))
    if _mostly_control(text):
        raise UnreadableFile("binary file (mostly control characters)")
    chrome: tuple[tuple[int, int, str], ...] = ()
    source: SourceMap | None = None
    if looks_html or _HTML_START.match(text):
        page = html_page(text)
        text, chrome, source = page.text, page.chrome, page.source
        if not text.strip():
            raise UnreadableFile("HTML page without text")
    elif not text.strip():
        raise UnreadableFile("empty file")
    return DecodedPage(
        replace_unwritable(text), encoding, chrome, source
    )  # one for one: spans hold


def _binary_kind(data: bytes) -> str:
    """What binary format ``data`` starts with, or '' when it has no known magic bytes."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if _BZIP2.match(data):
        return "bzip2 archive"
    if _WEBP.match(data):
        return "WebP image"
    return ""


def _starts_like_html(data: bytes) -> bool:
    # Latin-1 maps every byte, so this reads the ASCII markup of any ASCII-based charset.
    return bool(_HTML_START.match(data[:1024].decode("latin-1")))


def _decode(data: bytes, *, html_hint: bool) -> tuple[str, str]:
    """Decode ``data`` with the first encoding that fits (see the module docstring)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            decoded = _strict(data, codec)
            if decoded is not None:
                return decoded, codec
    if b"\x00" in data:
        try:
            return _decode_utf16_without_bom(data)
        except UnreadableFile:
            if data.count(0) > max(_FEW_NULS, len(data) // _BYTES_PER_NUL):
                raise
            return _decode(data.replace(b"\x00", b""), html_hint=html_hint)
    decoded = _strict(data, "utf-8")
    if decoded is not None:
        return decoded, "utf-8"
    readings = _chinese_readings(data)
    best = max(readings, key=lambda c: (c.common, c.charset), default=None)
    declared = _declared_charset(data) if html_hint else None
    if declared is not None:
        read = _decode_declared(data, declared, best)
        if read is not None:
            return read
    if best is not None and best.looks_chinese:
        return best.text, best.codec
    damaged = _damaged_reading(data, (*_GB_FAMILY, _BIG5_FAMILY[-1]))
    if damaged is not None and damaged.looks_chinese:
        return damaged.text, damaged.codec
    # Nothing reads as Chinese: perhaps Japanese, Korean or Western European text.
    guessed = _guess_with_charset_normalizer(data)
    if guessed is not None:
        return guessed
    damaged = _damaged_reading(data, ("utf-8",))
    if damaged is not None:
        return damaged.text, damaged.codec
    # Rare characters are still Chinese; mark-less UTF-16 that reads as nothing is noise.
    legacy = [c for c in readings if c.codec in _LEGACY_CHINESE]
    if legacy:
        fallback = max(legacy, key=lambda c: (c.common, c.charset))
        return fallback.text, fallback.codec
    raise UnreadableFile("not decodable as UTF-8, UTF-16, GB18030 or Big5: re-save it as UTF-8")


def _decode_declared(data: bytes, declared: str, best: _Candidate | None) -> tuple[str, str] | None:
    """Decode with the charset an HTML page declares, unless the bytes say otherwise."""
    family = _family(declared)
    if family:
        for codec in family:
            decoded = _strict(data, codec)
            if decoded is not None:
                return decoded, codec
        return None
    # Pages labelled Latin-1 but written in GBK are common: clear Chinese beats the label.
    if best is not None and best.looks_chinese:
        return None
    decoded = _strict(data, declared)
    return None if decoded is None else (decoded, declared)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str]:
    """Read NUL-bearing bytes as UTF-16 when the NULs sit on one side of each pair."""
    if len(data) % 2 == 0:
        nuls_first = data[0::2].count(0)  # big-endian ASCII: 00 41
        nuls_second = data[1::2].count(0)  # little-endian ASCII: 41 00
        for codec, mine, theirs in sorted(
            [("utf-16-be", nuls_first, nuls_second), ("utf-16-le", nuls_second, nuls_first)],
            key=lambda order: -order[1],
        ):
            decoded = _strict(data, codec) if mine >= 2 * theirs else None
            if decoded is not None and _mostly_script(decoded):
                return decoded, codec
    raise UnreadableFile("binary file (contains NUL bytes)")


def _mostly_script(text: str) -> bool:
    """Whether ``text`` is mostly letters of common scripts, as real UTF-16 text is."""
    return len(_SCRIPT.findall(text)) >= _MIN_SCRIPT_SHARE * len(text)


def _mostly_control(text: str) -> bool:
    return len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text)


class _Candidate(NamedTuple):
    """A reading of a file's bytes and how Chinese it looks."""

    text: str
    codec: str
    common: float  # share of common Chinese characters among non-ASCII ones, less private-use
    charset: float  # share of GB2312 or Big5 level-1 characters: decides on short texts
    size: int  # non-ASCII characters scored

    @property
    def looks_chinese(self) -> bool:
        if self.size < _SHORT:
            return self.common >= _PLAUSIBLE_COMMON or self.charset >= _PLAUSIBLE_CHARSET
        # Korean (EUC-KR) and Japanese (EUC-JP) bytes also read as GB2312, as rare characters.
        return self.common >= _PLAUSIBLE_COMMON


def _chinese_readings(data: bytes) -> list[_Candidate]:
    """The first strict decoding of ``data`` in the GB and Big5 families, then as UTF-16."""
    readings: list[_Candidate] = []
    for family in (_GB_FAMILY, _BIG5_FAMILY, ("utf-16-le",), ("utf-16-be",)):
        for codec in family:
            decoded = _strict(data, codec)
            if decoded is not None and not _mostly_control(decoded):
                readings.append(_reading(decoded, codec))
                break
    return readings


def _reading(text: str, codec: str) -> _Candidate:
    sample = [char for char in text[:_SCORED_CHARS] if char > "\x7f" and char != "\ufffd"]
    return _Candidate(text, codec, _common_share(sample), _charset_share(sample), len(sample))


def _common_share(chars: list[str]) -> float:
    """Share of ``chars`` among the most common Chinese characters, less private-use ones.

    GB18030 reads much of Big5 as private-use characters, which real text lacks.
    """
    common = sum(char in _COMMON_HANZI for char in chars)
    private = sum("\ue000" <= char <= "\uf8ff" for char in chars)
    return (common - private) / len(chars) if chars else 0.0


def _charset_share(chars: list[str]) -> float:
    """Share of ``chars`` in GB2312 or in Big5's level 1 (the frequent characters)."""
    return sum(_in_frequent_charset(char) for char in chars) / len(chars) if chars else 0.0


def _in_frequent_charset(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        return _BIG5_LEVEL_1[0] <= char.encode("big5") <= _BIG5_LEVEL_1[1]
    except UnicodeEncodeError:
        return False


def _declared_charset(data: bytes) -> str | None:
    """The codec an HTML page names in ``<meta charset>`` or its XML declaration."""
    match = _DECLARED_CHARSET.search(data[:_DECLARATION_WINDOW])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = label.removeprefix("x-")
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that declares UTF-16 or UTF-8 yet failed to decode as such: the label is wrong.
    return None if codec.startswith("utf") else codec


def _family(codec: str) -> tuple[str, ...]:
    """The codecs to try, widest last, for a declared Chinese charset; () for others."""
    if codec in {"gb2312", "gbk", "gb18030"}:
        return _GB_FAMILY  # GB18030 is a superset of both
    if codec in _BIG5_FAMILY:
        return _BIG5_FAMILY
    return ()


def _damaged_reading(data: bytes, candidates: tuple[str, ...]) -> _Candidate | None:
    """The most Chinese-looking reading with few enough replaced bytes to be damage."""
    readings = []
    for codec in candidates:
        text = data.decode(codec, errors="replace")
        few = text.count("\ufffd") <= max(1, len(text) // _CHARS_PER_REPLACEMENT)
        if few and not _mostly_control(text):
            readings.append(_reading(text, codec))
    return max(readings, key=lambda c: (c.common, c.charset), default=None)


def _guess_with_charset_normalizer(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_isolation=list(_OTHER_ENCODINGS)).best()
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.encoding).name
    except LookupError:
        return None
    decoded = _strict(data, codec)
    if decoded is None or _mostly_control(decoded):
        return None
    return decoded, codec
