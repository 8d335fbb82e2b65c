"""Dates as Chinese web pages write them, read into ISO form.

Every function takes text already normalized
(:func:`kgraph.ingest.normalize.normalize`: Simplified script, half-width
digits), so 民國 reads as 民国 and ２０２４ as 2024. The forms read:

=============================  ===============================================
``2024-05-06`` ``2024/5/6``    year first, with ``-`` ``/`` ``.`` or 年月日
``2024年5月6日 星期一``        a weekday (星期, 周, 礼拜) beside it changes nothing
``二〇二〇年五月六日``          Chinese numerals, positional year; documents
                               often write the zero as ``○`` (二○二○年)
``民国113年5月6日``             the Republic of China calendar (year + 1911),
``民国一百一十三年五月六日``    in digits or numerals; ``113年5月6日`` too
``25/12/2024`` ``12/25/2024``  day or month first only when one is over 12;
                               ``08/05/2024`` is ambiguous and not read
``Aug 5, 2024``                English month names, full or abbreviated,
``5 August 2024``              month or day first; a weekday beside it too
=============================  ===============================================

Examples
--------
>>> date_in("发布时间：民国113年5月6日 星期一")
('2024-05-06', 5, 15)
>>> date_in("08/05/2024") is None
True
"""

from __future__ import annotations

import re
from calendar import monthrange

__all__ = ["cn_number", "date_in", "is_date_line"]

# 〇 and 零 are zero; documents and their signatures often write it as the circle ○ (二○一一年)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
_CN = "〇○零一二三四五六七八九十百"
_NUMBER = rf"\d{{1,2}}|[{_CN}]{{1,3}}"

_YEAR_FIRST = re.compile(
    r"(?<!\d)(\d{4})\s*(?:[-/.]|年\s*/?)\s*(\d{1,2})\s*(?:[-/.]|月\s*/?)\s*(\d{1,2})(?!\d)(?:\s*日)?"
)
_CN_YEAR = re.compile(
    r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_ROC = re.compile(
    rf"(?:中华)?民国\s*(\d{{1,3}}|[{_CN}]{{1,6}})\s*(?:年|[-/.])\s*({_NUMBER})\s*(?:月|[-/.])"
    rf"\s*({_NUMBER})(?!\d)(?:\s*日)?"
)
# A three-digit year with 年月日 is a ROC year on today's pages (100 = 2011).
_ROC_BARE = re.compile(r"(?<![\d.])(1\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR_LAST = re.compile(r"(?<![\d./-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d./-])")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Aug 5, 2024 / August 5th 2024 / 5 August 2024 / 5-Aug-2024
_EN_MONTH_FIRST = re.compile(
    rf"(?<![A-Za-z])({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_EN_DAY_FIRST = re.compile(
    rf"(?<![\d.])(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+({_MONTH_NAME})\.?,?[\s-]+(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"[(（]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]?"
    r"|(?<![A-Za-z])(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?(?![A-Za-z])",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?:上午|下午|晚上)?\s*T?\d{1,2}\s*[:：时点]\s*\d{0,2}\s*分?(?:\s*[:：]\s*\d{2})?"
    r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
)


def cn_number(digits: str) -> int:
    """A number in Chinese numerals, positional (二〇二〇, 一一三) or with 十 and 百.

    >>> [cn_number(n) for n in ("二〇二〇", "二○一一", "十一", "二十五", "一百一十三", "一一三")]
    [2020, 2011, 11, 25, 113, 113]
    """
    if "十" not in digits and "百" not in digits:
        return int("".join(str(_CN_DIGITS[c]) for c in digits))
    value = 0
    hundreds, mark, rest = digits.partition("百")
    if mark:
        value, digits = (_CN_DIGITS[hundreds] if hundreds else 1) * 100, rest.lstrip("零〇")
    if not digits:
        return value
    if "十" not in digits:
        return value + _CN_DIGITS[digits]
    tens, _, ones = digits.partition("十")
    return value + (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_number(text)


def _readings(norm: str) -> list[tuple[int, int, int, int, int]]:
    """(start, end, year, month, day) of every date-shaped span, of any form."""
    found: list[tuple[int, int, int, int, int]] = []
    for pattern, offset in ((_YEAR_FIRST, 0), (_CN_YEAR, 0), (_ROC, 1911), (_ROC_BARE, 1911)):
        for m in pattern.finditer(norm):
            y, mo, d = (_number(g) for g in m.groups())
            found.append((m.start(), m.end(), y + offset, mo, d))
    for m in _EN_MONTH_FIRST.finditer(norm):
        month, day, year = m.groups()
        found.append((m.start(), m.end(), int(year), _MONTHS[month.lower()], int(day)))
    for m in _EN_DAY_FIRST.finditer(norm):
        day, month, year = m.groups()
        found.append((m.start(), m.end(), int(year), _MONTHS[month.lower()], int(day)))
    for m in _YEAR_LAST.finditer(norm):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if (a > 12) != (b > 12):  # only one order makes a valid date
            day, month = (a, b) if a > 12 else (b, a)
            found.append((m.start(), m.end(), y, month, day))
    return sorted(found)


def date_in(norm: str) -> tuple[str, int, int] | None:
    """The first valid date in ``norm`` as ISO ``YYYY-MM-DD``, with its span in ``norm``.

    Notes
    -----
    Linear in the length of ``norm``.

    Examples
    --------
    >>> date_in("2024年5月6日 星期一")
    ('2024-05-06', 0, 9)
    >>> date_in("二〇二〇年五月六日")[0], date_in("25/12/2024")[0], date_in("Aug. 5, 2024")[0]
    ('2020-05-06', '2024-12-25', '2024-08-05')
    """
    if "年" not in norm and not any(c.isdigit() for c in norm):
        return None
    for start, end, y, m, d in _readings(norm):
        if 1900 < y < 2100 and 1 <= m <= 12 and 1 <= d <= monthrange(y, m)[1]:
            return f"{y:04d}-{m:02d}-{d:02d}", start, end
    return None


def is_date_line(norm: str) -> bool:
    """Is ``norm`` only a date, with at most a weekday, a time and brackets around it?

    >>> is_date_line("（2024年5月6日 星期一 10:30）"), is_date_line("周三 二〇二〇年五月六日")
    (True, True)
    >>> is_date_line("2024年5月6日，青禾县召开大会")
    False
    """
    if len(norm) > 60:  # a date with a weekday and a time is far shorter
        return False
    when = date_in(norm)
    if when is None:
        return False
    rest = norm[: when[1]] + " " + norm[when[2] :]
    rest = _TIME.sub(" ", _WEEKDAY.sub(" ", rest))
    return not re.sub(r"[\s()（）\[\]【】,，|/·•▪●■-]+", "", rest)
