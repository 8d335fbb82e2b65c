"""Tell a scraped page's article apart from its site chrome, and read its metadata.

:func:`sections_of` labels every stretch of a document's original text as
title, body, metadata (bylines, source and date lines), teaser (lists of
related articles) or chrome (navigation, footers, licences, contact lines,
paywall prompts, keyword spam). :func:`metadata_of` reads title, date,
authors, editors and sources from the title and metadata sections.

All rules are general patterns over the normalized (Simplified) text of a
line; none knows about a particular site.

Examples
--------
>>> text = "首页 新闻 本地\\n标题是这样的一篇文章\\n2021-03-04 来源：某某日报 作者：李明\\n正文第一句。\\n版权所有 未经授权不得转载"
>>> [s.kind.value for s in sections_of(text) if text[s.start:s.end].strip()]
['chrome', 'title', 'meta', 'body', 'chrome']
>>> m = metadata_of(text, sections_of(text))
>>> (m.title, m.date, m.authors, m.sources)
('标题是这样的一篇文章', '2021-03-04', ('李明',), ('某某日报',))
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from kgraph.extract.lexicon import COMPOUND_SURNAMES, ORG_UNITS, SURNAMES, alternation
from kgraph.ingest.dates import date_in, is_date_line
from kgraph.ingest.normalize import Normalized, normalize
from kgraph.model import Section, SectionKind

__all__ = [
    "PERSON_NAME",
    "SECTION_OF",
    "STRUCTURE_KIND",
    "Line",
    "LineKind",
    "LineProfile",
    "Metadata",
    "line_profile",
    "lines_of",
    "metadata_of",
    "recurring_in",
    "recurring_lines",
    "sections_of",
]

# Han characters, the extensions included: a simplified name may hold one (王暐婷 -> 王𬀩婷)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
#: A Chinese personal name as written in bylines: two to four Han characters.
PERSON_NAME = rf"[{_HAN}]{{2,4}}"

_DATE = r"(\d{4})\s*(?:[-/.]|年\s*/?)\s*(\d{1,2})\s*(?:[-/.]|月\s*/?)\s*(\d{1,2})(?:\s*日)?"
_DATE_NC = r"\d{4}\s*(?:[-/.]|年\s*/?)\s*\d{1,2}\s*(?:[-/.]|月\s*/?)\s*\d{1,2}(?:\s*日)?"
_META_KEY = r"(?:来源|稿源|作者|编辑|责编|责任编辑|审核|审校|校对|记者|通讯员|摄影|监制|出品|撰文|撰稿|采写|执笔|文|图)"
# A byline's key and a slash or bar before the names: 文/某某, 文 | 某某, 文丨某某
_SLASH_KEY = (
    r"(?<![\u4e00-\u9fff])(?:文|图文|文字|撰文|作者|记者|采写|撰稿|执笔)"
    r"(?:\s*[/／]\s*图\s*[/|丨｜:：]?|\s*[/|丨｜:：])"
)
# Where a text says which publication it was taken from: 摘自《…》, 转自：…, 本文转载自…
_TAKEN_FROM = r"^\W*(?:本文)?(?:摘自|转自|转载自|选自|出处)"

_CHROME = re.compile(
    r"版权所有|版权声明|copyright|©|\(c\)\s*\d{4}|未经.{0,24}(?:授权|许可|同意)|不得转载|请勿转载"
    r"|icp[备证]|备案号|许可证|公网安备|网安备"
    r"|(?:电\s*话|热\s*线|客\s*服|传\s*真|邮\s*箱|qq|微信)\s*[:：]?\s*[\d\-—()（） ]{5,}|联系我们|广告联系|违法和不良信息|举报"
    r"|^.{0,12}[:：]\s*[\w.+-]+@[\w-]+\.[\w.]+\s*$|刊号|\bcn\s*\d{2}\s*-\s*\d{4}|邮发代号"
    # a prompt to follow the site's account, named by its id: 关注某某微信:abc123
    r"|关注\w{0,10}?(?:微信公众号|公众号|微信|微博)\s*[:：]\s*[a-z][\w.-]{3,}"
    r"|^\W*(?:设为首页|设为主页|加入收藏|设为书签|收藏本站|收藏本页|站内搜索\s*[:：]?)"
    r"|^\W*(?:您好|你好|欢迎(?:您)?(?:访问|光临|来到))"
    r"|^地址\s*[:：]|地址[:：].{0,40}号"
    r"|阅读已结束|免费阅读|余下全文|展开全文|阅读全文|点击.{0,6}(?:阅读|下载|查看)|下载文档|下载.{0,6}阅读|扫一扫|蜘蛛池"
    r"|^(?:返回首页|返回顶部|返回列表|上一篇|下一篇|分享到|打印本页|关闭窗口|保存成功|资源描述|[×xX]|\d+\s*/\s*\d+)$",
    re.IGNORECASE,
)
# A notice to the reader about the browser: 您的浏览器不支持JavaScript，请开启…; 为了获得更好的
# 浏览体验，建议使用…浏览器; 本网站使用cookie… (a headline about browsers addresses no one)
_BROWSER_NOTICE = re.compile(
    r"^(?=.*(?:浏览器|browser|cookie))(?=.*(?:您|请|建议|推荐|为了|为获得|please|your|we\s+use))"
    r".*(?:javascript|脚本|版本|升级|分辨率|体验|cookie|不支持|不支援|禁用|启用|开启)",
    re.IGNORECASE,
)
# What a document-sharing site writes around a document: its size and format, the pages left to
# read, where it came from, prompts to get the whole of it or to open an app
_DOC_PROMPT = re.compile(
    r"^\W*(?:本文档|本文|全文|文档)共\s*\d+\s*(?:页|字)|还剩\s*\d+\s*页|[,，]\s*继续阅读\W*$|^\W*继续阅读"
    r"|试读(?:已?结束)|^\W*(?:免费)?试读|本页为预览|预览结束"
    r"|^\W*(?:文档|文件)?(?:格式|大小|页数|类型)\s*[:：]"
    r"|^\W*第\s*\d+\s*页\s*[/／,，]?\s*共\s*\d+\s*页\W*$"
    r"|内容来自(?:用户|网友)|(?:用户|网友)(?:分享|上传)的?(?:文档|内容|资料)|本文档为(?:用户|网友)?上传"
    r"|不保证.{0,12}(?:完整|准确)|(?:获取|下载|查看)完整(?:文档|版|内容)|打开\s*app|app\s*(?:内|中)?(?:阅读|打开|查看)",
    re.IGNORECASE,
)
_PAYWALL_SHORT = re.compile(r"打赏|赞赏|赏杯|赏个|下载|会员|vip|登录|注册", re.IGNORECASE)
_INLINE_CHROME = re.compile(r"(?:阅读量|下载量|浏览量|点击量|阅读数|收藏|分享)\s*[:：]\s*\d+")
_TEASER_HEADER = re.compile(
    r"^(?:相关焦点|相关新闻|相关阅读|相关文章|相关链接|相关报道|相关推荐|延伸阅读|推荐阅读|推荐文章|推荐新闻"
    r"|热点推荐|热门推荐|热门文章|热门新闻|热门阅读|热点新闻|最新文章|最新新闻|编辑推荐|精选文章|更多阅读|更多新闻"
    r"|猜你喜欢|精彩推荐|往期回顾|阅读排行|点击排行|排行榜)\s*[:：]?$"
)
_BULLET = re.compile(r"^\s*(?:[•·▪●◆■►▶※\-–—]|\d{1,2}[.、])\s*\S")
_BULLET_MARK = re.compile(r"^\s*[•·▪●◆■►▶※]\s*")
# A publishing key and its date inside a short line, after a column's name: 某某栏目 发布时间：2024-02-23
_PUBLISHED_INSIDE = re.compile(rf"(?:发布|发表|更新|发稿)(?:时间|日期)\s*[:：]\s*{_DATE}")
_META_LINE = re.compile(
    rf"^\s*[(（•·▪●■]?\s*(?:文章|新闻|信息|稿件|图片|资料|数据)?{_META_KEY}\s*[:：]|^\s*[【\[]\s*{_META_KEY}\s*[】\]]|^\s*[•·▪●■]?\s*(?:发布时间|发布日期|公开日期|发表时间|更新时间|时间|日期)\s*[:：]"
    rf"|^\s*(?:(?:https?://|www\.)\S+\s+)?{_DATE}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?:\s*\S{{1,12}})?\s*$"
    rf"|^\s*{_DATE}.{{0,20}}{_META_KEY}\s*[:：]"
    rf"|^\s*{_DATE}.{{0,20}}来源(?:\s*[:：]|\s+\S)|转载.{{0,8}}来源\s*[:：]|^\s*[(（]\s*责任编辑"
    rf"|^\s*[■□●◆▲★☆•·]?\s*{_SLASH_KEY}\s*[{_HAN}]|^(?=.{{0,40}}$){_TAKEN_FROM}"
    rf"|^\s*(?:文章|新闻|信息|稿件)?来源\s*[|｜丨/／]\s*\S"  # 来源丨某某日报
    # a date after a publishing verb (更新：…, 首发于…), or opening a short line of widgets (| 阅读 123)
    rf"|^\W*(?:发布|发表|更新|上传|录入|修改|创建|出版|刊发|首发|公开|成文|印发)(?:时间|日期|于)?\s*[:：]?\s*{_DATE}"
    rf"|^(?=.{{0,60}}$)\s*{_DATE}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?:\s*[|｜/【\[(（]|\s+)(?!.*[。！？；，,])"
    rf"|^\s*[•·▪●■]?\s*(?:首发|原载|刊于|发文机构|发布机构|信息来源)\s*[:：]"
    rf"|^(?=.{{0,120}}$)(?:.*(?:{_META_KEY}|发布时间|发布|点击|阅读|浏览|栏目)\s*[:：]){{2}}"
    # a date opening a line of widget keys, glued to the first: 2019-04-17浏览量:2130发布者:…
    rf"|^(?=.{{0,80}}$)\s*{_DATE}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*[{_HAN}]{{2,5}}\s*[:：](?!.*[。！？；])"
    rf"|^.{{0,24}}{_DATE}.{{0,12}}第\s*\d{{1,3}}\s*版"
    # an e-paper's edition label alone on its line: 第A04版：要闻, A08：要闻 (G20峰会 is no edition)
    rf"|^\W*(?:第\s*[A-Z]?\d{{1,3}}\s*版|[A-Z]?\d{{1,3}}\s*版(?=\s*[:：])|[A-Z]\d{{1,3}}(?=\s*[:：]))"
    rf"\s*[:：]?\s*[{_HAN}]{{0,8}}\s*$"
    rf"|^\s*[{_HAN}A-Za-z]{{2,16}}\s*{_DATE}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*$"
    # who posted it, when, and in which column: 某某 2024-06-13 20:27:56 某某知识
    rf"|^\s*[{_HAN}A-Za-z]{{2,16}}\s+{_DATE}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+[{_HAN}]{{2,8}}\s*$"
    # a short line ending in a full timestamp: whatever opens it, it dates the page
    rf"|^(?=.{{0,60}}$)(?!.*[。！？；，,]).*\D{_DATE}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[{_HAN}]{{2,4}}时间)?\s*$"
    # a site's name or address before a full timestamp, in a line of no sentence: 某某网 www.… 2024年5月6日 16时56分
    rf"|^(?=.{{0,120}}$)(?!.*[。！？；，,]).*(?:https?://|www\.)\S+.*{_DATE}\s*\d{{1,2}}\s*[:时]\s*\d{{2}}"
    rf"|^\s*(?:date|日期|时间)\s*[:：]?\s*\d{{4}}\s*[-/.年]\s*\d{{1,2}}\s*月?(?:\s*[【\[][^】\]]{{1,16}}[】\]])?\s*$"
)
# Metadata written inside a body line: (作者单位：…) 《人民日报》（2022年02月17日07版） (责编：…)
_INLINE_META = re.compile(
    rf"[(（]\s*{_META_KEY}(?:单位|系)?\s*[:：][^()（）\n]{{0,60}}[)）]"
    rf"|[(（][^()（）\n:：]{{0,20}}?作者(?:单位|系)[^()（）\n]{{1,60}}[)）]"  # (某 某 作者单位：…)
    # a credit closing the text with who reported it: （报道：某某）
    rf"|[(（]\s*(?:报道|报导)\s*[:：][^()（）\n]{{2,40}}[)）]"
    # a byline closing or opening a paragraph: （本报记者 某某 某某）, not a photo credit (…摄)
    rf"|[(（](?![^()（）\n]*摄\s*[)）])[^()（）\n]{{0,12}}?(?:记者|通讯员)[^()（）\n]{{2,40}}?[)）]"
    rf"|《\s*[^》\n]{{1,20}}\s*》\s*[(（]\s*\d{{4}}年\d{{1,2}}月\d{{1,2}}日[^()（）\n]{{0,20}}[)）]"
    # a posting's timestamp in brackets: 某某网：(2025-11-05 11:03:53) 来源：… (an event has no seconds)
    rf"|[(（]\s*{_DATE_NC}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*[)）]"
    # a key and its value inside a line; a photo's credit (图片来源：…) is not the page's
    rf"|(?<!图片)(?<!图)(?<!资料)(?<!数据)(?:作者|来源|责编|编辑)\s*[:：]\s*[^，。；;\s,]{{1,30}}"
    rf"(?:[，,]\s*来源\s*[:：]\s*[^，。；;\s,]{{1,30}})?"
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_FULL_STOP = re.compile(r"[。；;]")
_ORIGINAL_TITLE = re.compile(r"原标题\s*[:：]\s*(?=\S)")
# A first line labelling the headline (标题：…, as html_to_text writes the markup's headline);
# not 原标题, and not 题目, which also labels questions.
_TITLE_LABEL = re.compile(r"^\s*(?:文章|新闻)?标\s*题\s*[:：]\s*(?=\S)")


class LineKind(str, Enum):
    """What one line of a scraped page is, before lines are merged into sections."""

    HEADLINE = "headline"
    SUBTITLE = "subtitle"  # a second title line or a ——… line under the headline
    META = "meta"  # date, source, author, editor and photo-credit lines
    BODY = "body"
    CAPTION = "caption"  # a photo caption or credit (…摄)
    TEASER = "teaser"  # related-article lists
    NAVIGATION = "navigation"  # menus and breadcrumbs
    SPAM = "spam"  # keyword stuffing and injected markup
    PAYWALL = "paywall"  # download, login and reading prompts
    FOOTER = "footer"  # copyright, ICP, contact and licence lines


#: How each line kind is kept in a :class:`~kgraph.model.Document`'s sections.
SECTION_OF = {
    LineKind.HEADLINE: SectionKind.TITLE,
    LineKind.SUBTITLE: SectionKind.BODY,
    LineKind.META: SectionKind.META,
    LineKind.BODY: SectionKind.BODY,
    LineKind.CAPTION: SectionKind.BODY,
    LineKind.TEASER: SectionKind.TEASER,
    LineKind.NAVIGATION: SectionKind.CHROME,
    LineKind.SPAM: SectionKind.CHROME,
    LineKind.PAYWALL: SectionKind.CHROME,
    LineKind.FOOTER: SectionKind.CHROME,
}


@dataclass(frozen=True)
class Line:
    """A stretch ``[start, end)`` of the original text (a line or part of one) and its kind."""

    start: int
    end: int
    kind: LineKind


_BREADCRUMB = re.compile(r"\S\s*(?:>>?|»|＞|→)\s*\S|当前位置|所在的?位置|现在的?位置")
_SPAM_WORD = re.compile(
    r"一区|二区|三区|在线观看|中文字幕|高清|无码|精品|骚|午夜|自拍|偷拍|人妻|熟女|熟妇|美女|黄色|色情"
    r"|成人|av|免费视频|视频免费|国产|日韩|欧美|亚洲|包养|博彩|娱乐城|棋牌|彩票|赌场|老虎机",
    re.IGNORECASE,
)
# Words of the pornographic spam a mirror site plants, which no news line uses two of
_PORN_WORD = re.compile(
    r"毛片|黄片|三级片|乱伦|乱妇|特黄|a片|av片|黄色网站|色情片|成人片|无码|人妻|熟妇", re.IGNORECASE
)
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?>", re.IGNORECASE)
_READING = re.compile(
    r"^(?:本篇)?文章\s*\d+\s*字|读完约?\s*\d+\s*分钟|^(?:小字号|大字号|字号|听新闻|原标题)\b"
)
_FIELD_LABEL = re.compile(
    r"^\s*[【\[〔(（]?\s*(?:关键词|关键字|中图分类号|文献标识码|文章编号|doi|作者简介|基金项目|收稿日期|引用格式)"
    r"\s*[】\]〕)）:：]",
    re.IGNORECASE,
)
_ISSUE = re.compile(  # 某某杂志 2019年第5期; a year alone (2019年第5期) names no journal
    r"^\s*(?!\d{4}\s*年)(\S{2,12}?)\s*(?:\d{4}\s*年\s*(?:第\s*)?\d{1,2}\s*期|第\s*\d{1,3}\s*期)\s*$"
)
# Where a periodical printed the text: (本文刊发于《某某周刊》2018年第45期); the year dates the page
_PRINTED_IN = re.compile(
    r"^\W*(?:本文(?:为|系)|(?:本文)?(?:刊发|刊登|刊载|发表|原载|首发)(?:于|在))"
    r"\s*《\s*([^》\n]{2,20}?)\s*》\s*(\d{4})\s*年"
)
# A periodical's issue by its month, as its page header gives it: 某某双月刊 2017年1月号 NO.7
_ISSUE_MONTH = re.compile(
    r"^\s*\S{2,12}?\s*(\d{4})\s*年\s*(\d{1,2})\s*月号(?:\s*no\.?\s*\d{1,3})?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# A year and a month alone on a line: 2021.03 (a page dated to the month)
_MONTH_ALONE = re.compile(r"^\s*(\d{4})\s*[./-]\s*(\d{1,2})\s*$", re.MULTILINE)
_BARE_NAMES = re.compile(
    rf"^\s*[:：■□●◆▲★☆]?\s*{PERSON_NAME}(?:\s*[、，, ]\s*{PERSON_NAME})*\s*(?:[(（][^()（）]*[)）])?\s*$"
)
_MARKED_BYLINE = re.compile(rf"^[■□●◆▲★☆]\s*{PERSON_NAME}(?:\s+{PERSON_NAME})*$")
# An outlet before a byline's key, with its web address in brackets or a space after it:
# 某某时报(www.example.cn)记者 某某, 某某日报 记者 某某
_OUTLET_LEAD = rf"[{_HAN}]{{2,12}}(?:\s*[(（](?:https?://)?[\w-]+(?:\.[\w-]+)+/?[)）]|\s)"
_OUTLET = r"(?:通讯社|社|网|日报|报|台(?!湾)|电视台|电台|传媒)"  # 台湾 is a word, not 某某台
# An outlet alone on its line (某某日报, 某某网): a credit under the headline
_OUTLET_ALONE = re.compile(
    rf"^\s*(?!.*(?:丨|来源|稿源|作者|编辑|记者|通讯员|[转摘选]自|来自|转载|原载|出处|刊于|发布|本文))"
    rf"([{_HAN}]{{2,10}}?{_OUTLET})\s*$"
)
# What a reporter is at the outlet, between its name and 记者: 某某报全媒体记者, 某某社驻某地记者
_REPORTER_ROLE = rf"(?:全媒体|融媒体|新媒体|首席|特约|见习|实习|驻[{_HAN}]{{1,6}})"
# A name's romanized form in brackets after it: 黃德祥(Der-Hsiang Huang)
_ROMANIZED = r"[(（][A-Za-z][A-Za-z .'\-]{1,40}[)）]"
_BYLINE = re.compile(
    rf"^[■□●◆▲★☆•·]?\s*(?:{_OUTLET_LEAD}|[{_HAN}]{{2,10}}{_OUTLET}{_REPORTER_ROLE}|\S{{0,6}})"
    rf"\s*(?:记者|通讯员|作者|撰文)\s*[:：]?\s*[{_HAN}](?:(?:[{_HAN}、，, ]|{_ROMANIZED})*(?:[{_HAN}]|{_ROMANIZED}))?$"
)
# A commentator and a name, apart: 特约评论员 某某 (某某评论员：… opens a headline)
_COMMENTATOR = re.compile(rf"^\S{{0,8}}评论员\s+({PERSON_NAME}(?:\s+{PERSON_NAME})*)\s*$")
# A name that starts with a surname (李明, 欧阳明), for credits that carry no key.
_LED_NAME = rf"(?:{alternation(COMPOUND_SURNAMES)}|[{''.join(sorted(SURNAMES))}])[{_HAN}]{{1,2}}"
_CN_NUM = "〇零一二三四五六七八九十"
# Names alone in brackets after a dateline: 某某网某地1月25日电(某某)
_REPORTERS = rf"{_LED_NAME}(?:\s*[、，, ]\s*{_LED_NAME})*"
_DATELINE = re.compile(
    rf"^\s*[【\[]?\s*([{_HAN}·]{{2,16}}?)\s*(?:(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月\s*)?"
    rf"(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日\s*(?:[电讯]|消息)"
    rf"(?:\s*[(（]\s*(?:(?:记者|通讯员)\s*([^()（）\n]{{2,24}})|{_REPORTERS}\s*)[)）])?\s*[】\]]?\s*[:：]?"
)
# A dateline of a date and a place in brackets opening the text: (2025.11.01,某地)
_BRACKETED_DATELINE = re.compile(
    rf"^\s*[(（]\s*{_DATE_NC}\s*(?:[,，、]\s*[{_HAN}]{{2,8}})?\s*[)）]"
)
_LEAD_DATE = re.compile(
    rf"^\s*(?:date|日期|时间)\s*[:：]?\s*{_DATE}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
)
# An English publishing word before a date: Published: Aug 5, 2024; Updated on 5 August 2024
_EN_DATED = re.compile(r"^\W*(?:published|updated|posted|date|last\s+updated)\b", re.IGNORECASE)
_LEAD_TAG = re.compile(
    rf"^\s*[(（【]\s*([{_HAN}]{{2,12}}(?:网|社|报|台|报道|讯)(?:消息)?)\s*[)）】]"
)
_SELF_LEAD = re.compile(r"^\s*[【\[]?\s*本[报刊网台站]讯\s*[】\]]?")  # 本报讯: no outlet named
# A byline in brackets opening the text: （记者 某某）, 〔记者某某／某地报导〕, 【某报驻某地记者 某某 某报记者 某某】
_LEAD_BYLINE = re.compile(
    r"^\s*[(（【〔\[]\s*[^()（）【】〔〕\[\]\n。！？；]{0,40}?(?:记者|通讯员)[^()（）【】〔〕\[\]\n。！？；]{2,40}[)）】〕\]]"
)
_LEAD_XUN = re.compile(
    rf"^\s*([{_HAN}]{{2,10}}?(?:网|社|报))(?:/[{_HAN}]{{2,12}}|[{_HAN}]{{2,3}}(?=讯))?"
    r"(?:(?:讯|消息)(?=\s|$|[(（【:：,，])|(?:报道|报导)\s*[:：])"  # 某某社报道：opens the text too
)
# Who reported, without brackets, after a lead (本报讯  某某  记者某某报道): names, each may carry its role
_REPORTER_KEY = r"(?:记者|通讯员|实习生)"
_REPORTED_AFTER_LEAD = (
    rf"\s*((?:{_REPORTER_KEY}\s*)?{_LED_NAME}(?:\s+(?:{_REPORTER_KEY}\s*)?{_LED_NAME})*)"
    r"\s*(?:报道|报导)(?=\s|$|[:：])"
)
_LEAD_REPORTED = re.compile(rf"^{_REPORTED_AFTER_LEAD}")
_SLASH_BYLINE = re.compile(r"[／/]\s*\S{0,4}记者")
# The outlet opening a byline of who reported (below), in brackets or before a bar:
# [某某新闻云]记者 某某/某地报导, 某某newtalk |某某 综合报导
_REPORTING_OUTLET = r"(?:[【\[]\s*\w{2,16}?\s*[】\]]\s*|\w{2,16}?\s*[|｜丨]\s*)"
_REPORTED_NAME = rf"(?!综合){PERSON_NAME}"
_REPORTED_BY = re.compile(
    rf"^\s*(?:{_REPORTING_OUTLET}|[{_HAN}]{{2,6}}\s*[/／]\s*)?(?:[{_HAN}]{{0,8}}?(?:志工|特派员|特约记者|记者)\s*[/／]?\s*)?"
    rf"({_REPORTED_NAME}(?:\s*[、，, ]\s*{_REPORTED_NAME})*)\s*(?:[/／]\s*[{_HAN}]{{2,6}}?\s*)?"
    rf"(?:综合)?(?:报导|报道)(?:\s*[/／]\s*[{_HAN}]{{2,6}})?\s*$"
)
# A unit and a name under the headline: 某某党支部 某某, 某某大学 某某
_UNIT = alternation((*ORG_UNITS, "支部", "党支部", "小组"))
_AFFILIATED = re.compile(
    rf"^\s*[{_HAN}]{{2,20}}?{_UNIT}\s+({PERSON_NAME}(?:\s+{PERSON_NAME})*)\s*$"
)
# An outlet and its reporters under the headline: 某某网站 某某, 某某日报 某某 某某
_OUTLET_WORD = rf"[{_HAN}]{{2,14}}?(?:{_OUTLET}|网站)"
_SPACED_NAMES = rf"{PERSON_NAME}(?:\s+{PERSON_NAME})*"
_OUTLET_AND_NAMES = re.compile(rf"^\s*({_OUTLET_WORD})\s+{_SPACED_NAMES}\s*$")  # the outlet
_NAMES_AFTER_OUTLET = re.compile(rf"^\s*{_OUTLET_WORD}\s+({_SPACED_NAMES})\s*$")  # its reporters
# A column tag alone on its line: [某某智库], 【某某观察】
_TAG_LINE = re.compile(r"^\s*[【\[〔]\s*[^】\]〕:：]{1,12}\s*[】\]〕]\s*$")
# The anchor a page puts before its regions for keyboard and screen-reader users: ::: 主内容区
_ACCESS_KEY = re.compile(r"^\s*:::")
# Decoration trailing a headline: ******, ###, ~~~, and the empty cells of a table: | || (or one: |)
_DECORATION = re.compile(r"\s*(?:[*＊#＃~～=]{2,}|(?:\s*[|｜])+)\s*$")
# A post date glued to the headline: [2021-06-19]某某, 某某 2025-06-16
_BRACKETED_DATE = re.compile(rf"^\s*[\[【(（]\s*{_DATE_NC}\s*[\]】)）]\s*(?=\S)")
_TRAILING_DATE = re.compile(rf"\s+{_DATE_NC}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*$")
_PAGE_SUFFIX = re.compile(
    r"\s*[_\-–—(（]?\s*第\s*\d{1,3}\s*页\s*[)）]?\s*$|\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)\s*$",
    re.IGNORECASE,
)
# A line naming the title: 原标题：…, 标题：…, 名 称：… (a form's field)
_NAMING = re.compile(
    r"^.{0,12}?原标题\s*[:：]\s*|^\W*(?:文章|新闻)?(?:标\s*题|名\s*称)\s*[:：]\s*(?=\S)"
    r"|^\s*篇\s*名\s*[:：]?\s+(?=\S)"  # a paper's record in a periodicals database: 篇名 某某
)
# A field of a government page's disclosure table, its characters often spaced (索 引 号：…, 文  号),
# alone on its line or before its value; not a validity date (生效日期, 失效日期), which dates no page
_GOV_KEY = (
    r"(?:索\s*引\s*号|文\s*号|发\s*文\s*字\s*号|文件编号|发文机关|发文机构|发布机构|成文日期|发文日期|生成日期"
    r"|主\s*题\s*分\s*类|主\s*题\s*词|公开方式|公开范围|体裁分类|组配分类|信息分类|服务对象|有\s*效\s*性|内容概述"
    r"|效力级别|颁布单位|颁布日期|时效性)"
)
_GOV_FIELD = re.compile(rf"^\W*{_GOV_KEY}\s*(?:[:：]|\s|$)")
# The fields whose value, under the key, is a code, a date or an agency (not 内容概述's summary)
_GOV_VALUE_KEY = (
    r"(?:索\s*引\s*号|文\s*号|发\s*文\s*字\s*号|文件编号|发文机关|发文机构|发布机构|成文日期|发文日期|生成日期"
    r"|主\s*题\s*分\s*类|公开方式|公开范围|体裁分类|组配分类|信息分类|服务对象)"
)
_GOV_KEY_ONLY = re.compile(rf"^\W*{_GOV_VALUE_KEY}\s*[:：]?\s*$")
# Such a value has a digit or is short; a longer line under an empty field is the title
_GOV_VALUE = re.compile(r"\d|^.{1,10}$")
# A line of two or more form fields: 索引号：…  主题分类：…
_FORM_FIELDS = re.compile(
    rf"^\s*[{_HAN}](?:\s?[{_HAN}]){{1,5}}\s*[:：]\s*[^:：]+?\s+[{_HAN}](?:\s?[{_HAN}]){{1,5}}\s*[:：]"
)
_SITE_SUFFIX = re.compile(
    r"\s*(?:[_｜|]|\s[-–—]{1,2}\s?|--?)\s*[^_｜|\-–—]{2,16}?"
    r"(?:网|网站|频道|在线|新闻|资讯|日报|报|客户端|政府|门户|\.com|\.cn|\.net)"
    r"\s*(?:[(（][\w.]{2,24}\.(?:com|cn|net|org)[)）])?\s*$",
    re.IGNORECASE,
)


# A short name after an underscore closing a title is the site's or its column's, whatever its
# last word (…_风闻, …_某某论坛): a headline itself never holds an underscore
_UNDERSCORE_SUFFIX = re.compile(r"\s*_\s*[^_\s]{2,8}\s*$")


def _is_paragraph(line: str) -> bool:
    """A line of running text: the article's body starts at the first one."""
    ends = len(_SENTENCE_END.findall(line))
    # a short line asking and exclaiming (某某好?某某全攻略!) is a title's shape, not running text
    return (len(line) >= 40 and ends >= 1 and not line.endswith(("?", "？"))) or (
        ends >= 2 and (len(line) >= 40 or _FULL_STOP.search(line) is not None)
    )


# The title a hacked or mirror site gives itself: 某某体育(中国)官方网站, 某某娱乐城官网-登录入口
_SPAM_TITLE = re.compile(
    r"体育\W{0,3}(?:[(（]\s*中国\s*[)）])?\W{0,3}(?:官网|官方网站|app\s*下载|登录入口|网址)"
    r"|(?:娱乐城|棋牌|博彩|赌场|老虎机|百家乐|casino|配资)[^。，,]{0,12}?(?:官网|官方网站|入口|app|下载|平台|注册|网址)"
    r"|(?:[(（]\s*中国\s*[)）]|[-—_·|｜]\s*中国)\s*(?:官方网站|官网)|唯一官方网站",
    re.IGNORECASE,
)


def _is_spam(line: str) -> bool:
    if _MARKUP.search(line):
        return True
    if len(line) < 80 and _SPAM_TITLE.search(line) and not _SENTENCE_END.search(line):
        return True
    if len(line) < 80 and len(set(_PORN_WORD.findall(line))) >= 2:
        return True
    items = [p for p in re.split(r"[,，_、|｜\s\-]+", line) if p]
    hits = len({m.group().lower() for m in _SPAM_WORD.finditer(line)})
    # a dense list may hold a stray ! or ? (…一区二区!,…), never a sentence's full stop
    stops = _FULL_STOP if hits >= 5 else _SENTENCE_END
    return len(items) >= 3 and hits >= 3 and not stops.search(line)


# A caption names its photo first (图为…, 上图：…); share and print widgets (分享到微信).
_PHOTO_LEAD = re.compile(r"^\s*[(（]?\s*(?:图为|图片为|[上下左右]图\s*[:：为]|图\s*[:：])")
# An image's file name standing in for the image (• 某某时间表.jpg, 1.jpg): what the scrape kept of it
_IMAGE_FILE = re.compile(r"^\W*[^\s。，！？]{1,60}\.(?:jpe?g|png|gif|webp|bmp|svg)$", re.IGNORECASE)
_SHARE = re.compile(r"^\W*(?:分享到|分享至|一键分享|打印本页|打印此文|字号\s*[:：])")
# A site's widgets for ways of reading it: skip links, accessibility and elder modes, the
# other script's version, a phone version, print and close buttons.
_READING_WIDGET = re.compile(
    r"^\W*(?:跳至|跳到|跳过|略过)\s*(?:主要?内容|正文|内容|导航)|^\W*skip\s+to\s+(?:main\s+)?content"
    r"|^\W*(?:无障碍(?:浏览|阅读|通道|模式)?|长者模式|关怀版|适老化?版?|大字版)(?:\W|$)"
    r"|^\W*(?:切换到|切换至|进入)?(?:繁体|简体|繁体中文|简体中文)版?\W*$"
    r"|^\W*(?:扫码|扫一扫)?(?:阅读|浏览|访问)?手机版\W*$"
    r"|^\W*(?:[【\[(（]?\s*(?:打印|关闭|关闭窗口|打印本页|收藏|纠错|我要纠错)\s*[】\])）]?\s*){2,}$"
    r"|(?:ctrl|alt)\s*键?\s*\+\s*\S",  # the keys to press to print or zoom: 请按住Ctrl + P…
    re.IGNORECASE,
)
# A site's own lines around an article, by the kind each is: a search box, a visitor counter,
# the links to the previous and next articles, the column a page is in, a follow-us widget
# and the site's name (navigation); who runs the site (a footer); who posted the page (metadata).
_SITE_LINES = (
    (
        LineKind.NAVIGATION,
        re.compile(
            r"^\W*(?:请输入|输入)\s*(?:关键字|关键词|搜索|检索|查询|您要)"
            r"|^\W*(?:热门搜索|热搜词?|热门关键[词字]|站内搜索|站内检索|全文检索|搜索|检索)\s*[:：]"
            r"|^\W*(?:订阅电子报|订阅我们|加入.{0,6}好友)\W*$"
            r"|^\W*您是(?:本站)?第\s*\d+\s*位(?:访客|访问者|浏览者)"
            r"|^\W*(?:浏览|访问|点击|点阅|阅读)(?:次数|人数|人次|量|数)\s*[:：]|^\W*人气\s*[:：]\s*\d"
            r"|^\W*(?:上一篇|下一篇|上一条|下一条|上一则|下一则|前一篇|后一篇)\s*[:：]"
            r"|^\W*(?:当前栏目|所属栏目|所在栏目|栏目|频道)\s*[:：]"
            r"|^\W*(?:扫码|扫一扫|长按)?\s*(?:关注)?\s*(?:我们的?|官方)?\s*"
            r"(?:微信公众号|公众号|微信|微博|抖音号?|视频号|客户端)(?:二维码)?\W*$|^\W*关注我们\W*$"
            rf"|^\W*[{_HAN}]{{2,12}}(?:门户网站|官方网站|新闻网|政府网|融媒体中心)\W*$",
            re.IGNORECASE,
        ),
    ),
    (
        LineKind.FOOTER,
        re.compile(
            r"^\W*(?:主办单位|主办|承办单位|承办|协办单位|协办|技术支持|网站维护|维护单位|运营单位|网站标识码)"
            r"\s*[:：]"
        ),
    ),
    (LineKind.META, re.compile(r"^\W*(?:发布者|发布人|上传者|录入者?)\s*[:：]")),
)


# A forum's note on a post's last edit: 本帖最后由 某某 于 2018-5-15 09:20 编辑
_EDIT_STAMP = re.compile(r"^\W*本帖最后由\s*\S.{0,30}?于\s*\d")
# The random runs of letters and signs a forum scatters through a post against copying (its
# "jammer"): four or more tokens of one or two characters, apart, opening a line: / n' L, ~% j:
_JAMMER = re.compile(r"^\s*(?:[!-~]{1,2}\s+){4,}(?=\S)")


# A weather widget's reading: a temperature (or its range) beside the sky, the humidity or wind
_WEATHER = re.compile(
    r"(?=.*\d+(?:\.\d+)?\s*(?:[-~～至/]\s*-?\d+(?:\.\d+)?\s*)?(?:℃|°C?|度(?!假)))"
    r"(?=.*(?:湿度|风力|[东南西北]风|微风|晴|多云|阴天|[小中大阵雷]雨|雨夹雪|[小中大]雪|雾|霾|空气质量|AQI))",
    re.IGNORECASE,
)
# A headline cut by a line break where no title ends: after a conjunction, 关于, 的 or 之
_WRAPPED_TITLE = re.compile(r"(?:和|与|及|暨|并|关于|的|之)\s*$")


def _bracketed_byline(line: str) -> bool:
    """Is the whole line a byline in brackets: （本报记者 某某 某某）?"""
    byline = _LEAD_BYLINE.match(line)
    return byline is not None and byline.end() == len(line)


def _month_alone(line: str) -> bool:
    """Is ``line`` a year and a month alone (2021.03)?"""
    month = _MONTH_ALONE.match(line)
    return month is not None and 1 <= int(month.group(2)) <= 12


def _line_kind(norm: str) -> LineKind:
    """Classify one normalized line on its own, by its shape and keyword classes."""
    line = norm.strip()
    if line[:1] in ("|", "｜"):  # | | 2024-05-06 …: a table's row, its empty cells first
        line = line.lstrip("|｜ \t") or line
    if not line:
        return LineKind.FOOTER
    if (
        _FIELD_LABEL.search(line)
        or _EDIT_STAMP.match(line)
        or _ISSUE.match(line)
        or _ISSUE_MONTH.match(line)
        or (len(line) < 60 and _PRINTED_IN.match(line))
        or _month_alone(line)
        or is_date_line(line)
        or (len(line) < 100 and _ORIGINAL_TITLE.search(line))
    ):
        return LineKind.META
    if (
        _META_LINE.search(line)
        or (len(line) < 160 and _GOV_FIELD.match(line))
        or (_LEAD_DATE.match(line) and len(line) < 40)
        or (len(line) < 60 and _EN_DATED.match(line) and date_in(line) is not None)
        or (len(line) < 160 and _FORM_FIELDS.match(line) and not _CHROME.search(line))
        or (
            len(line) < 80
            and ("时间" in line or "日期" in line)
            and _PUBLISHED_INSIDE.search(line) is not None
            and not _SENTENCE_END.search(line)
        )
    ):
        return LineKind.META
    if len(line) < 60 and (
        _SLASH_BYLINE.search(line)
        or _REPORTED_BY.match(line)
        or _BYLINE.match(line)
        or _COMMENTATOR.match(line)
        or re.match(r"^\S{0,6}记者\s*$", line)
        or _bracketed_byline(line)
    ):
        return LineKind.META
    if _is_spam(line):
        return LineKind.SPAM
    prose = len(line) > 100 and len(_SENTENCE_END.findall(line)) >= 3
    if not prose and (_CHROME.search(line) or (len(line) < 160 and _BROWSER_NOTICE.match(line))):
        return LineKind.PAYWALL if _PAYWALL_SHORT.search(line) else LineKind.FOOTER
    if (
        len(line) < 40
        and (_PAYWALL_SHORT.search(line) or _READING.search(line))
        and not line.endswith("。")
    ) or (len(line) < 60 and _DOC_PROMPT.search(line) and not line.endswith("。")):
        return LineKind.PAYWALL
    if len(line) < 80 and _BREADCRUMB.search(line) and not _SENTENCE_END.search(line):
        return LineKind.NAVIGATION
    parts = [p for p in re.split(r"\s*[|｜]\s*", line) if p]
    if len(parts) >= 5 or (
        len(parts) >= 3 and all(len(p) <= 8 for p in parts) and not _SENTENCE_END.search(line)
    ):
        return LineKind.NAVIGATION
    if _MARKED_BYLINE.match(line):
        return LineKind.BODY  # ■ 李明 王芳: decided beside the headline
    if _TAG_LINE.match(line) or _ACCESS_KEY.match(line):
        return LineKind.NAVIGATION
    if _word_menu(line):
        return LineKind.NAVIGATION
    if (len(line) < 20 and _SHARE.match(line)) or (len(line) < 30 and _READING_WIDGET.search(line)):
        return LineKind.NAVIGATION
    if len(line) < 60 and _WEATHER.search(line) and not _SENTENCE_END.search(line):
        return LineKind.NAVIGATION  # a weather widget: 晴 / 21.7-26.6度 / 湿度58-84%
    if len(line) < 60:
        kind = next((kind for kind, shape in _SITE_LINES if shape.search(line)), None)
        if kind is not None:
            return kind
    if len(line) < 80 and (
        re.search(r"(?:摄|攝影|图片来源)\s*[)）]?\s*$", line)
        or _PHOTO_LEAD.match(line)
        or _IMAGE_FILE.match(line)
    ):
        return LineKind.CAPTION
    return LineKind.BODY


def _word_menu(line: str) -> bool:
    """Three or more short words apart, no sentence: a menu, or a headline spaced into parts."""
    words = line.split()
    return len(words) >= 3 and all(len(w) <= 6 for w in words) and not _SENTENCE_END.search(line)


_SECTION_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}(?:\.\d{1,2})*\s*[、.](?!\d)"
    # a decimal heading and a space: 1.1 某某, 2.3.1 某某 (not 1.5 亿, a figure spaced from its unit)
    r"|\d{1,2}(?:\.\d{1,2})+\s+(?![亿万千百元倍%％个年月日岁米吨])(?=\S)"
    # a statute's chapters and articles: 第一章 总则, 第一条 为… (第一条高铁 is a first railway)
    r"|第\s*[一二三四五六七八九十百零〇\d]{1,4}\s*(?:章|节|部分|编|条(?=\s))"
    r")"
)


# A chapter of a book or a report on a page of its own, its name long enough to tell what it is
# about (第三章 什么是数字中国; not 第一章 总则): opening the page, it is the page's title.
_CHAPTER_TITLE = re.compile(
    r"^\s*第\s*[一二三四五六七八九十百零〇\d]{1,4}\s*(?:章|编|部分)\s*[^\s\W]{5,}"
)


# A run of one comma or full stop (,,,,, 。。。): a line a spam site garbled, no title
_GARBLED_RUN = re.compile(r"([,，。、;；])\1{2,}")
# An ellipsis closing a title a page cut short (某某要走...): its whole line may follow
_CUT_SHORT = re.compile(r"\s*(?:\.{3,}|…+)\s*$")


def _headline_kind(line: str) -> bool:
    """Could this body-looking line be a headline? Short, not a sentence, not garbled."""
    return (
        5 <= len(line) <= 80
        and not _GARBLED_RUN.search(line)
        and not line.endswith(("。", "；", ";", "，", ",", ":", "："))
        and not _FULL_STOP.search(line[:-1])
        and len(_SENTENCE_END.findall(line[:-1])) <= 1  # one ？ or ！ inside: 为何？听专家说
    )


@dataclass(frozen=True)
class LineProfile:
    """What a page contributes to finding its corpus's recurring lines.

    ``short`` holds its lines as written (stripped) that do not read as
    running text; ``paragraphs`` the digests of those that do, which tell
    copies of one article apart from pages that only share a site.
    """

    short: frozenset[str]
    paragraphs: frozenset[bytes]


_WORDS_ONLY = re.compile(r"[\W_]+")


def line_profile(text: str) -> LineProfile:
    """The :class:`LineProfile` of one page's text.

    Notes
    -----
    Linear in the length of the text.
    """
    short: set[str] = set()
    running: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if _is_paragraph(line):
            running.append(line)
        elif len(line) <= 80:
            short.add(line)
    # A garbled mirror (pinyin in brackets, converted script, other punctuation)
    # is still a copy: paragraphs are compared by their normalized words only.
    words = (_WORDS_ONLY.sub("", line) for line in normalize("\n".join(running)).text.split("\n"))
    paragraphs = {
        hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        for line in words
        if line
    }
    return LineProfile(frozenset(short), frozenset(paragraphs))


#: A paragraph on more pages than this is a site's boilerplate, not a sign of copies.
_COPIES_AT_MOST = 20


def recurring_in(profiles: Sequence[LineProfile], min_documents: int = 3) -> frozenset[str]:
    """Short lines that recur verbatim on at least ``min_documents`` different articles.

    Pages that share at least half the paragraphs of the shorter of them
    are copies of one article (mirrors, reposts): together they count as
    one, so an article's headline and bylines, copied with it, never count
    as a site's menu. A paragraph on more than twenty pages (a disclaimer
    every page of a site carries) does not make pages copies.

    Notes
    -----
    A count over the pairs of pages that share a paragraph (at most twenty
    pages a paragraph), a union-find over the copies, then a count per
    line: linear in the number of lines for corpora without mass copies.
    """
    parent = list(range(len(profiles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pages: dict[bytes, list[int]] = {}
    for i, profile in enumerate(profiles):
        for paragraph in profile.paragraphs:
            pages.setdefault(paragraph, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    own = Counter[int]()
    for holders in pages.values():
        if len(holders) > _COPIES_AT_MOST:
            continue
        own.update(holders)
        for a in range(len(holders)):
            for b in range(a + 1, len(holders)):
                shared[holders[a], holders[b]] += 1
    for (a, b), n in shared.items():
        if 2 * n >= min(own[a], own[b]):
            parent[root(a)] = root(b)
    articles: dict[str, set[int]] = {}
    for i, profile in enumerate(profiles):
        for line in profile.short:
            articles.setdefault(line, set()).add(root(i))
    return frozenset(line for line, seen in articles.items() if len(seen) >= min_documents)


def recurring_lines(texts: Iterable[str], min_documents: int = 3) -> frozenset[str]:
    """Lines (as written, stripped) that recur verbatim on at least ``min_documents`` of ``texts``.

    In a corpus of pages from the same sites such lines are menus, footers
    and slogans; pass them to :func:`lines_of` as ``recurring``. A line
    that reads as running text (a sentence) is never counted, so a quote
    several articles share stays body text; pages that share a paragraph
    count as one (see :func:`recurring_in`), so copies of one article do
    not make its headline a menu.

    Notes
    -----
    Linear in the total length of the texts.

    Examples
    --------
    >>> pages = [f"本站首页导航\\n第{i}篇文章的标题\\n正文第{i}句。\\n本站宣传口号永远不变" for i in range(3)]
    >>> sorted(recurring_lines(pages))
    ['本站宣传口号永远不变', '本站首页导航']
    >>> copies = ["本站首页导航\\n同一篇文章的标题\\n" + "同一篇文章的正文，被三个网站原样转载。第二句。"] * 3
    >>> sorted(recurring_lines(copies))
    []
    """
    return recurring_in([line_profile(text) for text in texts], min_documents)


#: How the lines inside a page's chrome elements (:data:`kgraph.ingest.html.CHROME_ELEMENTS`) are labelled.
STRUCTURE_KIND = {
    "nav": LineKind.NAVIGATION,
    "aside": LineKind.NAVIGATION,
    "footer": LineKind.FOOTER,
}


def lines_of(
    text: str,
    recurring: frozenset[str] = frozenset(),
    chrome: tuple[tuple[int, int, str], ...] = (),
) -> tuple[Line, ...]:
    """Label every line of ``text`` (or part of a line) with its :class:`LineKind`.

    A first line that labels its value as the headline (``标题：…``, as
    :func:`kgraph.ingest.html.html_to_text` writes the headline an HTML
    page's markup gives) is the headline. Otherwise the headline is chosen
    among the headline-shaped lines before the first body paragraph (see
    :func:`_headline_line`); when the page shows none, there is none. Runs
    of three or more very short lines are menus. Short lines between the
    headline and the body that are only names (each led by a surname), a
    position and a name, or a unit and a name, are bylines; on a page
    without a headline, only a name line above an abstract (摘要) or a
    speaker's position and name is. A page without a headline line may glue
    its title before its text: after a document site's page marker, or
    before the label that opens the text (摘要：, 本报记者). Lines in ``recurring`` (:func:`recurring_lines` of the
    corpus) are navigation, and so are lines inside a ``chrome`` stretch
    ``(start, end, element)`` (an HTML page's ``<nav>`` and ``<aside>``;
    ``<footer>`` lines are footers), whatever their text.

    Notes
    -----
    Linear in the length of the text.

    Examples
    --------
    >>> text = "首页 > 新闻 > 正文\\n一条真正的新闻标题\\n李明\\n第一句正文，说了一件事。第二句。"
    >>> [(text[x.start:x.end].strip(), x.kind.value) for x in lines_of(text)]
    [('首页 > 新闻 > 正文', 'navigation'), ('一条真正的新闻标题', 'headline'), ('李明', 'meta'), ('第一句正文，说了一件事。第二句。', 'body')]
    """
    return _lines(text, recurring, chrome)[0]


def _lines(
    text: str,
    recurring: frozenset[str],
    chrome: tuple[tuple[int, int, str], ...],
) -> tuple[tuple[Line, ...], list[Normalized | None]]:
    """:func:`lines_of`, and beside each line its normalized text when it is a whole line."""
    spans: list[tuple[int, int, str]] = []
    normed: list[Normalized] = []
    repeated: set[int] = set()  # lines the corpus repeats (see recurring_lines), as written
    start = 0
    for line in text.splitlines(keepends=True):
        if recurring and line.strip() in recurring:
            repeated.add(len(spans))
        normed.append(normalize(line))
        spans.append((start, start + len(line), normed[-1].text.strip()))
        start += len(line)
    marked = _marked_by_structure(spans, chrome)
    kinds = [
        marked.get(i) or (LineKind.NAVIGATION if i in repeated else _line_kind(norm))
        for i, (_, _, norm) in enumerate(spans)
    ]
    counts = Counter(norm for _, _, norm in spans if norm)
    _menus(spans, kinds)
    _form_values(spans, kinds)
    first_body = _first_paragraph(spans, kinds, 0)
    _signatures(spans, kinds, first_body)
    opening = next((i for i, (_, _, norm) in enumerate(spans) if norm), -1)
    labelled = opening if opening >= 0 and _labelled_title(spans[opening][2]) else -1
    if labelled == first_body:
        first_body = _first_paragraph(spans, kinds, labelled + 1)
    glued: dict[int, int] = {}
    if labelled >= 0:
        label = _TITLE_LABEL.match(spans[labelled][2])
        assert label is not None
        kinds[labelled], glued[labelled] = LineKind.HEADLINE, label.end()
        headline = labelled
    else:
        headline = _headline_line(spans, kinds, first_body, glued)
    titled: dict[int, tuple[int, int]] = {}  # a title glued inside the first paragraph
    if headline < 0 and first_body < len(spans):
        inside = _glued_document_title(spans[first_body][2])
        if inside is None and first_body == opening:
            inside = _glued_opening_title(spans[first_body][2])
        if inside is None and first_body == opening:
            inside = _shared_file_title(spans[first_body][2])
        if inside is not None:
            titled[first_body] = inside
    seen = {norm for _, _, norm in spans[: max(headline, 0)]}
    value = spans[headline][2][glued.get(headline, 0) :].strip() if headline >= 0 else ""
    for i in range(headline + 1, first_body):
        norm = spans[i][2]
        if kinds[i] != LineKind.BODY or not norm:
            continue
        if headline < 0 and not (_ABSTRACT.match(_next_line(spans, i)) or _SPEAKER.match(norm)):
            continue  # without a headline, only a paper's author line or a speaker's line
        if headline >= 0 and norm in (value, spans[headline][2]):
            kinds[i] = LineKind.NAVIGATION  # the headline repeated
        elif (
            _BARE_NAMES.match(norm)
            and _names_led_by_surnames(norm)
            and not _SPAM_WORD.search(norm)
            and counts[norm] == 1
        ) or (
            _SPEAKER.match(norm)
            or _AFFILIATED.match(norm)
            or _BOARD_BYLINE.match(norm)
            or (headline >= 0 and _OUTLET_AND_NAMES.match(norm))
        ):
            kinds[i] = LineKind.META
        elif headline >= 0 and _OUTLET_ALONE.match(norm):
            kinds[i] = LineKind.META  # the outlet credited under the headline: 某某日报
        elif (
            i == headline + 1
            and _WRAPPED_TITLE.search(spans[headline][2])
            and _headline_kind(norm)
            and not _SECTION_NUMBER.match(norm)
        ):
            kinds[i] = LineKind.HEADLINE  # the headline goes on: 在某某会议和 / 某某工作会上的讲话
        elif (
            headline >= 0
            and not _SECTION_NUMBER.match(norm)  # the text's first heading: （一）某某
            and (norm.startswith(("——", "--", "—")) or (i == headline + 1 and headline != labelled))
        ):
            kinds[i] = LineKind.SUBTITLE
    for i in range(first_body + 1, len(spans)):
        norm = spans[i][2]
        if (  # names closing the text, above its source or editor line: 某某 某某 / 来源：…
            kinds[i] == LineKind.BODY
            and _BARE_NAMES.match(norm)
            and _names_led_by_surnames(norm)
            and counts[norm] == 1
            and _KEYED_CREDIT.match(_next_line(spans, i))
        ):
            kinds[i] = LineKind.META
    for i in range(max(headline, 0)):
        if kinds[i] == LineKind.BODY and spans[i][2] in seen and counts[spans[i][2]] > 1:
            kinds[i] = LineKind.NAVIGATION
    lines: list[Line] = []
    whole: list[Normalized | None] = []
    in_teaser = False
    for i, ((a, b, norm), kind) in enumerate(zip(spans, kinds, strict=True)):
        if _TEASER_HEADER.match(norm):
            in_teaser, kind = True, LineKind.NAVIGATION
        elif in_teaser and i == first_body:
            in_teaser = False  # the article's first paragraph ends a related list above it
        elif in_teaser and kind in (LineKind.BODY, LineKind.META, LineKind.SUBTITLE):
            kind = LineKind.TEASER
        elif kind not in (LineKind.BODY, LineKind.META, LineKind.SUBTITLE) and norm:
            in_teaser = False
        if kind == LineKind.BODY and _BULLET.match(norm) and not _is_paragraph(norm):
            kind = (
                LineKind.TEASER
            )  # a bulleted title; a bulleted paragraph is a list item of the text
        if i in glued:
            cut = _original_cut(text[a:b], glued[i])
            lines.extend((Line(a, a + cut, LineKind.META), Line(a + cut, b, kind)))
            whole.extend((None, None))
        elif i in titled:
            start, end = (a + _original_cut(text[a:b], cut) for cut in titled[i])
            pieces = [Line(a, start, LineKind.PAYWALL)] if start > a else []
            pieces += [Line(start, end, LineKind.HEADLINE), Line(end, b, kind)]
            lines.extend(pieces)
            whole.extend(None for _ in pieces)
        else:
            lines.append(Line(a, b, kind))
            whole.append(normed[i])
    return tuple(lines), whole


# A credit line under a text: its source, editor or reviewer
_KEYED_CREDIT = re.compile(r"^\W*(?:来源|稿源|责任编辑|责编|编辑|审核|校对)\s*[:：]")
# The label that opens a paper's abstract: 摘要：, 【摘要】, 内容提要：
_ABSTRACT = re.compile(r"^\W*(?:摘\s*要|内容提要|提\s*要|abstract)\s*[】\]:：]?", re.IGNORECASE)


def _previous_line(spans: list[tuple[int, int, str]], i: int) -> str:
    """The nearest non-empty line before ``i`` ('' at the start)."""
    return next((norm for _, _, norm in reversed(spans[:i]) if norm), "")


def _next_line(spans: list[tuple[int, int, str]], i: int) -> str:
    """The next non-empty line after ``i`` ('' at the end)."""
    return next((norm for _, _, norm in spans[i + 1 :] if norm), "")


def _marked_by_structure(
    spans: list[tuple[int, int, str]], chrome: tuple[tuple[int, int, str], ...]
) -> dict[int, LineKind]:
    """The lines whose text lies inside a chrome stretch, with the kind its element gives."""
    marked: dict[int, LineKind] = {}
    if not chrome:
        return marked
    stretches = sorted(chrome)
    k = 0
    for i, (a, b, norm) in enumerate(spans):
        while k < len(stretches) and stretches[k][1] <= a:
            k += 1
        if norm and k < len(stretches) and stretches[k][0] <= a and b - 1 <= stretches[k][1]:
            marked[i] = STRUCTURE_KIND.get(stretches[k][2], LineKind.NAVIGATION)
    return marked


# A line that only names a unit, as a notice or a letter is signed: 某某县人民政府办公室
_SIGNER = re.compile(rf"^[{_HAN}（）()]{{2,30}}?{_UNIT}$")


def _signatures(spans: list[tuple[int, int, str]], kinds: list[LineKind], first_body: int) -> None:
    """A date line that signs the text, below its running text, is the text's own (not metadata).

    The date under a notice's last sentence, or under the unit that signs
    it (``……现予印发。`` / ``某某县人民政府办公室`` / ``2018年10月18日``), is when
    the text was signed, not when the page was published: pages write the
    latter above the text or in a line of its own keys.
    """
    for i in range(first_body + 1, len(spans)):
        if kinds[i] != LineKind.META or not is_date_line(spans[i][2]):
            continue
        above = [j for j in range(i - 1, first_body - 1, -1) if spans[j][2]][:2]
        if not above:
            continue
        signer = _SIGNER.match(spans[above[0]][2]) is not None
        text = above[1] if signer and len(above) > 1 else above[0]
        if kinds[text] == LineKind.BODY and _is_paragraph(spans[text][2]):
            kinds[i] = LineKind.BODY
            if signer:
                kinds[above[0]] = LineKind.BODY


def _names_led_by_surnames(line: str) -> bool:
    """Does every name of a line of bare names start with a surname (李明 王芳, not 民生)?"""
    byline = _BYLINE_NAMES.match(line)
    names = re.findall(_NAME_ITEM, byline.group(1)) if byline else []
    return bool(names) and all(
        n[:2] in COMPOUND_SURNAMES or (n[0] in SURNAMES and len(n) <= 3)
        for n in (x.replace(" ", "") for x in names)
    )


# An editor's note above a reposted text (编者按：…, 按语：…): the text and its title come after it
_EDITORS_NOTE = re.compile(r"^\W*(?:编者按|编者的话|编按|按语)\s*[】\]:：]")


def _first_paragraph(spans: list[tuple[int, int, str]], kinds: list[LineKind], start: int) -> int:
    """The index of the first body paragraph from ``start`` on (``len(spans)`` when none)."""
    return next(
        (
            i
            for i in range(start, len(spans))
            if kinds[i] == LineKind.BODY
            and _is_paragraph(spans[i][2])
            and not _EDITORS_NOTE.match(spans[i][2])
        ),
        len(spans),
    )


def _labelled_title(norm: str) -> bool:
    """Is ``norm`` a ``标题：…`` line whose value could be a headline?"""
    label = _TITLE_LABEL.match(norm)
    if label is None:
        return False
    value = norm[label.end() :].strip()  # labelled, it may be shorter than a headline-shaped line
    return 2 <= len(value) <= 80 and not _FULL_STOP.search(value)


def _headline_line(
    spans: list[tuple[int, int, str]],
    kinds: list[LineKind],
    first_body: int,
    glued: dict[int, int],
) -> int:
    """Pick the headline among the lines before the body; -1 when the page shows none.

    Candidates are headline-shaped lines before the first body paragraph,
    not entries of the page's own numbered table of contents; each is
    scored (see :func:`_headline_score`) and the best one is the
    headline (of equals, the one sharing more of the body's words, then
    the earliest). When there is none, the title a ``原标题：`` line names
    is, else there is none.
    """
    candidates: list[int] = []
    original = -1
    body = _bigrams(" ".join(norm for _, _, norm in spans[first_body : first_body + 6])[:1500])
    shown_twice = Counter(norm for _, _, norm in spans[:first_body] if norm)
    contents = _listed_items(spans[:first_body])
    related = _teaser_items(spans, kinds, first_body)
    opening = next((i for i in range(first_body) if spans[i][2]), -1)
    for i in range(first_body):
        norm = spans[i][2]
        if kinds[i] == LineKind.META and original < 0 and _ORIGINAL_TITLE.search(norm):
            original = i
        # a spaced menu line, or a short line a run of menu lines took in but the page shows twice
        spaced = kinds[i] == LineKind.NAVIGATION and (
            _word_menu(norm) or (shown_twice[norm] > 1 and not _BREADCRUMB.search(norm))
        )
        if not norm or not (kinds[i] == LineKind.BODY or spaced):
            continue
        if _SECTION_NUMBER.match(norm) and not (i == opening and _CHAPTER_TITLE.match(norm)):
            continue  # a numbered line is one of the text's own headings
        if _SPEAKER.match(norm):
            continue  # a position and a name (某某局局长 某某): who speaks, not what about
        if _BULLET.match(norm) and (
            _BULLET.match(_previous_line(spans, i)) or _BULLET.match(_next_line(spans, i))
        ):
            continue  # an item of a bulleted list (related articles), not the page's title
        if i in related:
            continue  # a title a related-articles header (相关新闻) lists
        # a dateline, 标题： or a post date in brackets before it
        lead = _DATELINE.match(norm) or _NAMING.match(norm) or _BRACKETED_DATE.match(norm)
        if lead and lead.re is _DATELINE:
            lead = _DISPATCH_TITLE.match(norm, lead.end()) or lead
        rest = norm[lead.end() :].strip() if lead else norm
        if _headline_kind(rest) and not norm.startswith(("——", "--", "—")):
            if spaced and _overlap(rest, body) < 0.5:
                continue  # a menu, unless it tells what the text tells
            if headline_of(rest) in contents:
                continue  # an item of the page's own table of contents: a section heading
            candidates.append(i)
            if lead:
                glued[i] = lead.end()
    if not candidates:
        if original < 0:
            return -1
        cut = _ORIGINAL_TITLE.search(spans[original][2])
        assert cut is not None
        kinds[original] = LineKind.HEADLINE
        glued[original] = cut.end()
        return original
    meta = next(
        (
            i
            for i in range(first_body)
            if kinds[i] == LineKind.META and _dated_or_signed(spans[i][2])
        ),
        -1,
    )
    named = {  # titles that 原标题：, 标题： or a form's 名称： lines name, and those lines
        headline_of(label.string[label.end() :].strip()): i
        for i in range(first_body)
        for label in [_NAMING.match(spans[i][2])]
        if label
    }
    for i in range(first_body):  # a breadcrumb's last step names the page: 首页 > 栏目 > 标题
        if kinds[i] == LineKind.NAVIGATION and _BREADCRUMB.search(spans[i][2]):
            last = re.split(r"\s*(?:>>?|»|＞|→)\s*", spans[i][2])[-1].strip()
            if len(last) >= 5:
                named.setdefault(headline_of(last), i)
    values = {i: spans[i][2][glued.get(i, 0) :].strip() for i in candidates}
    # a title cut short with an ellipsis (某某要走...) above or below its whole line is that line
    stems = {i: _CUT_SHORT.sub("", v) for i, v in values.items() if _CUT_SHORT.search(v)}
    candidates = [
        i
        for i in candidates
        if i not in stems
        or len(stems[i]) < 5
        or not any(j not in stems and values[j].startswith(stems[i]) for j in candidates)
    ]
    # a line doubled in place (an image's text and its caption) is not a title shown twice
    shown = Counter(
        headline_of(values[i]) for i in candidates if _previous_line(spans, i) != spans[i][2]
    )
    above = [i for i in candidates if i < meta and meta - i <= 3]
    found = [
        HeadlineCandidate(
            line=i,
            value=values[i],
            repeated=shown[headline_of(values[i])] > 1
            or named.get(headline_of(values[i]), i) != i,  # named by another line
            above=(2 if i == above[-1] else 1) if i in above else 0,
            overlap=_overlap(values[i], body),
            first=i == candidates[0],
        )
        for i in candidates
    ]
    chosen = _pick_headline(found, spans, kinds, first_body)
    kinds[chosen] = LineKind.HEADLINE
    for i in candidates:
        if i != chosen:
            glued.pop(i, None)
    return chosen


_HAN_RUN = re.compile(rf"[{_HAN}]{{2,}}")
# The label a wire story puts before its title, after the dateline: 某某社某地6日电 题：…
_DISPATCH_TITLE = re.compile(r"\s*题\s*[:：]\s*(?=\S)")
_PAGE_NUMBER = re.compile(r"\s*(?:\.{2,}|…+|-+)?\s*\d{1,4}\s*$")
# What a document-sharing site puts before a document's text, its title glued after it: a page
# marker (第 1 页 共 6 页) or a tag between dashes (-精品范文推荐-), after a chunk's number (1、)
_DOCUMENT_MARKER = re.compile(
    rf"^\W*(?:\d{{1,3}}\s*[、.]\s*)?(?:第\s*\d+\s*页\s*[/／,，]?\s*共\s*\d+\s*页|[-—]\s*[{_HAN}]{{2,10}}\s*[-—])\s*"
)
# The kinds of document such a title ends with: …工作总结, …会议讲话, …实施方案
_DOCUMENT_GENRE = re.compile(
    r"(?:总结|讲话|讲稿|发言|致辞|报告|汇报|方案|预案|计划|规划|纲要|通知|意见|办法|规定|决定|细则|条例|制度"
    r"|心得|体会|范文|申请书|倡议书|合同|协议|简报)"
)


def _glued_document_title(norm: str) -> tuple[int, int] | None:
    """Where the title a document-sharing page glues after its marker lies in ``norm``.

    ``第 1 页 共 6 页 某某会议讲话 今天，我们…`` and ``1、-精品范文推荐- 某某工作总结一年来，…``:
    the title runs from the marker to the last document kind (讲话, 总结, 方案, …) before
    the first space or punctuation, so the body glued after it is not part of it.

    >>> norm = "第 1 页 共 6 页 青禾县垃圾分类推进会议讲话 今天，我们召开会议。"
    >>> start, end = _glued_document_title(norm)
    >>> norm[start:end]
    '青禾县垃圾分类推进会议讲话'
    """
    marker = _DOCUMENT_MARKER.match(norm)
    if marker is None:
        return None
    segment = re.match(r"[^\s\W]+", norm[marker.end() :])
    genres = list(_DOCUMENT_GENRE.finditer(segment.group())) if segment else []
    if not genres or not 5 <= genres[-1].end() <= 40:
        return None
    return marker.end(), marker.end() + genres[-1].end()


# A document-sharing site's prompt naming the file it shares: 《某某工作总结.docx》由会员分享，…
_SHARED_FILE = re.compile(
    r"^\W*《\s*([^《》\n]{5,80}?)\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)\s*》\s*由\s*(?:会员|用户|网友)?\s*(?:分享|上传)",
    re.IGNORECASE,
)


def _shared_file_title(norm: str) -> tuple[int, int] | None:
    """Where the name of the file a document-sharing prompt shares lies in ``norm``.

    >>> norm = "《青禾县创建模范机关工作总结.docx》由会员分享，可在线阅读。"
    >>> start, end = _shared_file_title(norm)
    >>> norm[start:end]
    '青禾县创建模范机关工作总结'
    """
    shared = _SHARED_FILE.match(norm)
    return (shared.start(1), shared.end(1)) if shared else None


# What opens an article's text: an abstract's label, or the paper's own byline and lead
_TEXT_OPENING = re.compile(
    r"\s*(?:[【\[]\s*摘\s*要\s*[】\]]|(?:摘\s*要|内容提要)\s*[:：]|本[报刊]记者|本[报刊网]讯)"
)


def _glued_opening_title(norm: str) -> tuple[int, int] | None:
    """Where a title glued before the text it opens lies in ``norm``, the page's first line.

    ``某某研究 摘要：…`` and ``某某的最后一课本报记者 某某 某某又是…``: the title runs to the
    label that opens the text, when what comes before it is shaped as a headline.

    >>> norm = "青禾县口袋公园建设研究 摘要：近年来，青禾县新建了十座口袋公园。"
    >>> start, end = _glued_opening_title(norm)
    >>> norm[start:end]
    '青禾县口袋公园建设研究'
    """
    label = _TEXT_OPENING.search(norm, 5)
    if label is None or label.start() > 40:  # as long as a glued document title may be
        return None
    start = len(norm) - len(norm.lstrip())
    title = norm[start : label.start()]
    if (
        not _headline_kind(title)
        or _SENTENCE_END.search(title)
        or not re.search(rf"[{_HAN}]{{5}}", title)  # date 2026-01-09 （本报讯）: a lead, no title
        or date_in(title) is not None
    ):
        return None
    return start, label.start()


def _teaser_items(spans: list[tuple[int, int, str]], kinds: list[LineKind], end: int) -> set[int]:
    """The lines before ``end`` under a related-articles header (相关新闻).

    The list ends at other chrome, or at a date or byline line: the line
    above that is the article's own headline.
    """
    items: set[int] = set()
    under, last = False, -1
    for i in range(end):
        norm = spans[i][2]
        if _TEASER_HEADER.match(norm):
            under = True
        elif under and kinds[i] == LineKind.META and _dated_or_signed(norm):
            items.discard(last)
            under = False
        elif under and kinds[i] in (LineKind.BODY, LineKind.META, LineKind.SUBTITLE):
            items.add(i)
        elif norm:
            under = False
        if norm:
            last = i
    return items


# A breadcrumb's separator alone as an entry of a numbered list (an HTML breadcrumb as a list)
_STEP_MARK = re.compile(r"[>»＞→/|｜]+")


def _listed_items(spans: list[tuple[int, int, str]]) -> set[str]:
    """The entries of numbered lists (a table of contents: 1.某某 3), without numbers and pages."""
    items: set[str] = set()
    run: list[str] = []  # the entries of consecutive numbered lines
    for _, _, norm in [*spans, (0, 0, "")]:
        number = (_SECTION_NUMBER.match(norm) or _BULLET_MARK.match(norm)) if norm else None
        if number:
            run.append(_PAGE_NUMBER.sub("", norm[number.end() :]).strip())
            continue
        breadcrumb = any(_STEP_MARK.fullmatch(entry) for entry in run)  # 1. 首页 2. » 3. 某某
        if not breadcrumb:
            items.update(headline_of(entry) for entry in run if len(entry) >= 5)
        run = []
    return items


def _bigrams(text: str) -> set[str]:
    """The pairs of adjacent Han characters in ``text``."""
    return {run[i : i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1)}


@dataclass(frozen=True)
class HeadlineCandidate:
    """A headline-shaped line before a page's body, and what the headline choice weighs of it."""

    line: int  # its index among the page's lines
    value: str  # its text (normalized), without a dateline or 标题： before it
    repeated: bool  # shown twice, or named by another line (原标题：, a breadcrumb's last step)
    above: int  # 2 right above the first date or byline line, 1 a line or two higher, else 0
    overlap: float  # the share of its Han character pairs the first body paragraphs use
    first: bool  # the first candidate of the page


def _pick_headline(
    found: list[HeadlineCandidate],
    spans: list[tuple[int, int, str]],
    kinds: list[LineKind],
    first_body: int,
) -> int:
    """The line of the best-scored candidate (of equals, more of the body's words, then earlier).

    ``spans``, ``kinds`` and ``first_body`` are the page's lines, their kinds and where its body
    starts: what a choice that weighs a candidate's neighbours sees (``benchmarks/headline_ranker.py``
    measures a learned one against this score).
    """
    scores = {c.line: _headline_score(c) for c in found}
    return max(found, key=lambda c: (scores[c.line], c.overlap, -c.line)).line


def _headline_score(candidate: HeadlineCandidate) -> float:
    """How much a candidate line reads as the page's headline.

    Shown twice, or named by another line (``原标题：``, ``标题：``,
    ``名称：``, the last step of a breadcrumb), 3; right above the first date or byline line 2, a line or
    two higher 1; the share of its character pairs the first body
    paragraphs use, up to 2 (a headline tells what the text
    tells, a slogan, a site name or a menu does not); 1 for the first
    candidate (lines below it are more often the text's own headings); 0.5
    for a length of 8 to 50 characters. A line sharing less than a fifth of
    its pairs with the body gets half the place marks: a site's title or
    slogan above the date line is placed like a headline but tells nothing.
    """
    c = candidate
    place = (c.above + 1.0 * c.first) * (1.0 if c.overlap >= 0.2 else 0.5)
    shape = 0.5 * (8 <= len(c.value) <= 50)
    return 3.0 * c.repeated + place + 2.0 * c.overlap + shape


def _overlap(value: str, body: set[str]) -> float:
    """The share of ``value``'s Han character pairs that are in ``body``."""
    pairs = _bigrams(value)
    return len(pairs & body) / len(pairs) if pairs else 0.0


def _dated_or_signed(norm: str) -> bool:
    """A metadata line with a date, a source or an author: the headline is just above it."""
    return bool(date_in(norm) or re.search(r"来源|作者|记者|发布", norm))


def _original_cut(line: str, norm_end: int) -> int:
    """The offset in ``line`` of the character after ``normalize(line)`` position ``norm_end``."""
    norm = normalize(line)
    lead = len(norm.text) - len(norm.text.lstrip())
    index = norm_end + lead
    return norm.offsets[index] if index < len(norm.offsets) else len(line)


def _form_values(spans: list[tuple[int, int, str]], kinds: list[LineKind]) -> None:
    """A short line under a metadata label alone on its line (来源：) is that label's value."""
    label = table = False
    for i, (_, _, norm) in enumerate(spans):
        if not norm:
            continue
        if (
            label
            and kinds[i] == LineKind.BODY
            and len(norm) <= 40
            and (not table or _GOV_VALUE.search(norm))
        ):
            kinds[i] = LineKind.META
        table = kinds[i] == LineKind.META and bool(_GOV_KEY_ONLY.match(norm))
        label = table or (kinds[i] == LineKind.META and bool(_KEY_ONLY.match(norm)))


def _menus(spans: list[tuple[int, int, str]], kinds: list[LineKind]) -> None:
    """Three or more consecutive very short lines without punctuation are a menu.

    A line of the run may be navigation already by its own shape (a search box's
    ``请输入搜索`` under ``选择搜索类型``): it is one of the menu's entries, if no
    entry is shown twice (a short title and its copy under a skip link are no menu).
    """
    run: list[int] = []
    for i, (_, _, norm) in enumerate([*spans, (0, 0, "。")]):
        if (
            norm
            and len(norm) <= 6
            and not re.search(r"[。！？!?，,：:；;]", norm)
            and (i < len(kinds) and kinds[i] in (LineKind.BODY, LineKind.NAVIGATION))
        ):
            run.append(i)
            continue
        if norm or i == len(spans):
            texts = [spans[j][2] for j in run]
            own = all(kinds[j] == LineKind.BODY for j in run)
            if len(run) >= 3 and (own or len(set(texts)) == len(texts)):
                for j in run:
                    kinds[j] = LineKind.NAVIGATION
            run = []


def sections_of(
    text: str,
    recurring: frozenset[str] = frozenset(),
    chrome: tuple[tuple[int, int, str], ...] = (),
) -> tuple[Section, ...]:
    """Label every stretch of ``text`` with its :class:`SectionKind`.

    The sections cover the text from 0 to ``len(text)`` without gaps; they
    are the :func:`lines_of` labels, merged (see :data:`SECTION_OF`).

    Notes
    -----
    Linear in the length of the text.
    """
    raw: list[Section] = []
    lines, whole = _lines(text, recurring, chrome)
    last = max(  # the text's last paragraph, whose closing credit may name one reporter alone
        (i for i, x in enumerate(lines) if x.kind == LineKind.BODY and whole[i] is not None),
        default=-1,
    )
    for i, (line, normed) in enumerate(zip(lines, whole, strict=True)):
        kind = SECTION_OF[line.kind]
        if kind == SectionKind.BODY:
            chunk = text[line.start : line.end]
            norm = normed or normalize(chunk)
            raw.extend(_split_inline(chunk, norm.text, norm.offsets, line.start, i == last))
        else:
            raw.append(Section(line.start, line.end, kind))
    end = raw[-1].end if raw else 0
    if end < len(text):
        raw.append(Section(end, len(text), SectionKind.CHROME))
    return _merge(_isolated_teasers(raw, text))


def _split_inline(
    line: str, norm: str, offsets: tuple[int, ...], base: int, last: bool = False
) -> list[Section]:
    """Carve metadata and trailing counters out of a body line (``last``: the text's last one)."""
    chrome = _INLINE_CHROME.search(norm)
    limit = chrome.start() if chrome else len(norm)
    jammer = _JAMMER.match(norm)  # a forum's anti-copying letters before the line's own text
    opens = jammer.end() if jammer else 0
    lead = opens + _lead_end(norm[opens:])
    cuts = [(opens, lead, SectionKind.META)] if lead > opens else []
    if jammer:
        cuts.append((0, opens, SectionKind.CHROME))
    cuts += [
        (m.start(), m.end(), SectionKind.META)
        for m in _INLINE_META.finditer(norm, lead, limit)
        if m.start() >= lead
    ]
    credit = _closing_credit(norm, lead, limit, last)
    if credit:
        cuts.append(credit)
    if chrome:
        cuts.append((chrome.start(), len(norm), SectionKind.CHROME))
    sections: list[Section] = []
    cursor = base
    for i, j, kind in sorted(cuts):
        if i >= j:
            continue
        a, b = base + offsets[i], base + offsets[j - 1] + 1
        if kind == SectionKind.CHROME and chrome and i == chrome.start():
            b = base + len(line)  # the counters and widgets closing the line, to its end
        if a > cursor:
            sections.append(Section(cursor, a, SectionKind.BODY))
        sections.append(Section(max(a, cursor), b, kind))
        cursor = b
    if cursor < base + len(line):
        sections.append(Section(cursor, base + len(line), SectionKind.BODY))
    return sections


def _closing_credit(
    norm: str, start: int, end: int, last: bool = False
) -> tuple[int, int, SectionKind] | None:
    """The bracketed credit that closes a body line or opens its source line, if any.

    Only names after an outlet (（某某网 某某）), two names or more, names
    before 报导 (（某某报导）), names right before 来源：, or a name of three
    characters closing the text's ``last`` paragraph count: one word in
    brackets after a sentence inside the text is as often a place, an exam
    or a speaker quoted (（石家庄）, （高考）), and a shorter one closing it too
    (（黄山）).
    """
    credit = _CLOSING_CREDIT.search(norm, start, end)
    if credit is None:
        return None
    before = norm[: credit.start()].rstrip()
    if before and before[-1] not in '。！？!?”」』"':
        return None
    outlet = norm[credit.start() + 1 : credit.start(1)].strip()
    several = re.search(r"[、，, ?·・]", credit.group(1).strip()) is not None
    reported = credit.group(2) is not None  # （某某报导）: the verb says who the name is
    # a full name of three (（某某某）) ending the text; two (（黄山）) are as often a place
    closing = last and not norm[credit.end() :].strip() and len(credit.group(1).strip()) == 3
    if not (
        outlet or several or reported or closing or norm.startswith(("来源", "稿源"), credit.end())
    ):
        return None
    return credit.start(), credit.end(), SectionKind.META


def _lead_end(norm: str) -> int:
    """Where the dateline, date and outlet tags that open a body line end (0 if none)."""
    end = 0
    for pattern in (
        _BRACKETED_DATELINE,
        _LEAD_DATE,
        _LEAD_TAG,
        _DATELINE,
        _LEAD_TAG,
        _LEAD_XUN,
        _SELF_LEAD,
        _LEAD_BYLINE,
    ):
        match = pattern.match(norm[end:])  # patterns are anchored at ^: match the rest
        if match and match.end():
            end += match.end()
    reported = _LEAD_REPORTED.match(norm[end:]) if end else None  # 本报讯 某某 记者某某报道
    return end + reported.end() if reported else end


def _isolated_teasers(sections: list[Section], text: str) -> list[Section]:
    """A single bullet line in the middle of an article is a list item, not a teaser."""
    out = list(sections)
    teaser = [i for i, s in enumerate(out) if s.kind == SectionKind.TEASER]
    for i in teaser:
        neighbours = [j for j in teaser if j != i and abs(j - i) <= 3]
        if not neighbours and not _has_teaser_header_before(out, i, text):
            out[i] = Section(out[i].start, out[i].end, SectionKind.BODY)
    return out


def _has_teaser_header_before(sections: list[Section], i: int, text: str) -> bool:
    for s in reversed(sections[:i]):
        chunk = normalize(text[s.start : s.end]).text.strip()
        if not chunk:
            continue
        return bool(_TEASER_HEADER.match(chunk)) or s.kind == SectionKind.TEASER
    return False


def _merge(sections: list[Section]) -> tuple[Section, ...]:
    merged: list[Section] = []
    for s in sections:
        if s.start >= s.end:
            continue
        if merged and merged[-1].kind == s.kind and merged[-1].end == s.start:
            merged[-1] = Section(merged[-1].start, s.end, s.kind)
        else:
            merged.append(s)
    return tuple(merged)


@dataclass(frozen=True)
class Metadata:
    """Structured fields read from a document's title and metadata sections.

    ``spans`` holds ``(field, start, end)`` of each value in the original text.
    """

    title: str
    date: str
    authors: tuple[str, ...]
    editors: tuple[str, ...]
    sources: tuple[str, ...]
    spans: tuple[tuple[str, int, int], ...]


# Positions a speaker's line names before the name (某某法院院长 某某).
_POSITION = (
    r"院长|部长|主任|书记|主席|总理|省长|市长|县长|区长|局长|厅长|校长|教授|研究员|委员"
    r"|理事长|董事长|总经理|所长|会长|社长|总编辑|秘书长|检察长|署长|司长|首席经济学家"
)
# A name as bylines pad it (吴 丹) or as written; the padded form comes first.
_NAME_ITEM = rf"(?<![{_HAN}])[{_HAN}] [{_HAN}](?![{_HAN}])|{PERSON_NAME}"
# A word before a colon is a key (浏览次数：), never a name.
# A note in brackets after one name of several: 某某(某某学会研究员)、某某(David Dollar)
_NAME_NOTE = r"(?:\s*[(（][^()（）\n]{1,40}[)）])"
_NAMES = (
    rf"(?![{_HAN}]{{2,6}}\s*[:：])(?:{_NAME_ITEM})"
    rf"(?:{_NAME_NOTE}?\s*[、，,;； ]\s*(?!{_META_KEY}(?:\s*[:：]|\s|$)|[{_HAN}]{{2,6}}\s*[:：])"
    rf"(?:{_NAME_ITEM}))*"
)
#: A position and a name alone on a line under the headline: the speaker of a speech or report.
_SPEAKER = re.compile(rf"^\s*[{_HAN}]{{0,20}}(?:{_POSITION})\s+({_NAME_ITEM})\s*$")
#: A line that is only names, under the headline: a byline without its key.
_BYLINE_NAMES = re.compile(rf"^\s*[:：■□●◆▲★☆]?\s*({_NAMES})\s*(?:[(（][^()（）]*[)）])?\s*$")
#: An institution or a board signing the text under the headline: 《某某》杂志编辑部, 某某课题组
_BOARD_BYLINE = re.compile(
    rf"^\s*((?:《[^》\n]{{1,12}}》)?[{_HAN}]{{0,12}}(?:编辑部|课题组|调研组|写作组))\s*$"
)
#: Names in brackets, after an outlet or alone, closing an article or opening its source
#: line: （中国某某网 某某）, (某某 某某)来源：某某报.
_CLOSING_CREDIT = re.compile(
    # names apart by 、 or a space, or by a ? where a scrape lost their middle dot (某某?某某)
    rf"[(（]\s*(?:[{_HAN}]{{2,10}}{_OUTLET}\s+|[{_HAN}]{{2,10}}\s*[/／]\s*)?"
    rf"({_LED_NAME}(?:\s*[、，, ?·・]\s*{_LED_NAME})*)"
    rf"\s*(?:[{_HAN}]{{2,4}}?(?=报导|报道))?(报导|报道)?\s*[)）]\s*(?=$|来源|稿源)"
)
# A credit of a picture or of a chart's data (图片来源：, …图资料来源：, 数据来源：) is not the page's source
_NOT_A_CREDIT = r"(?<!图片)(?<!图)(?<!资料)(?<!数据)"
_FIELDS = (
    ("author", re.compile(rf"作者简介\s*[】\]〕]?\s*[:：]?\s*({PERSON_NAME})(?=[,，。(（\s])")),
    (
        "author",
        re.compile(
            rf"(?:{_SLASH_KEY}|作者(?!简介)|撰文|撰稿|采写|执笔|记者|通讯员|(?:报道|报导)(?=\s*[:：]))"
            rf"\s*[】\]]?\s*[:：]?\s*"
            rf"({_NAMES})"
            rf"(?![{_HAN}]{{0,6}}记者|[{_HAN}]{{0,4}}\d{{1,2}}\s*日\s*[电讯])"
            rf"(?=[^{_HAN}]|$|报道|报导|摄|等|通讯员|记者|综合报)"
        ),
    ),
    (  # a reporter's name before a dateline's day, or before its place: 记者某某台北6日电
        "author",
        re.compile(
            rf"记者\s*([{_HAN}]{{2,3}}(?=\s*\d)|[{_HAN}]{{3}}(?=[{_HAN}]{{2}}\s*\d)"
            rf"|[{_HAN}]{{2}}(?=[{_HAN}]{{2,4}}\s*\d))[{_HAN}]{{0,4}}\s*\d{{1,2}}\s*日\s*[电讯]"
        ),
    ),
    (  # names alone in brackets after a dateline: 某某网某地1月25日电(某某)
        "author",
        re.compile(rf"日\s*(?:[电讯]|消息)\s*[(（]\s*({_REPORTERS})\s*[)）]"),
    ),
    ("author", re.compile(rf"[(（]\s*({_NAMES})\s*作者(?:单位|系)")),  # (某 某 作者单位：…)
    ("author", re.compile(rf"[讯电]{_REPORTED_AFTER_LEAD}")),  # 本报讯 某某 记者某某报道
    ("author", _BOARD_BYLINE),
    ("author", _BYLINE_NAMES),
    ("author", _COMMENTATOR),
    ("author", _SPEAKER),
    ("author", _REPORTED_BY),
    ("author", _AFFILIATED),
    ("author", _NAMES_AFTER_OUTLET),
    ("author", re.compile(rf"^\s*{_CLOSING_CREDIT.pattern}")),  # carved out by _closing_credit
    ("author", re.compile(rf"{_DATE_NC}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?({_NAMES})\s*$")),
    ("editor", re.compile(rf"(?:责任编辑|责编|编辑|审核|审校|校对)\s*[:：]\s*({_NAMES})")),
    # a publication in 《》 after the key, whatever follows it: 来源：《某某》杂志, 《某某》2019年第5期
    (
        "source",
        re.compile(
            rf"{_NOT_A_CREDIT}(?:来源|稿源)\s*[】\]]?\s*[:：]\s*《\s*([^》\n]{{2,30}}?)\s*》"
        ),
    ),
    (
        "source",
        re.compile(
            rf"{_NOT_A_CREDIT}(?:来源|稿源|来自(?=\s*[:：]))(?:\s*[】\]]?\s*[:：]\s*|\s*[】\]]\s*|\s*[|｜丨/／]\s*|\s+)"
            r"《?\s*([^\s《》()（）:：,，|【】\[\]]{2,30}?)\s*》?"
            r"(?=\s|$|[,，|()（）【】\[\]]|作者|编辑|责任编辑|发布时间|发布日期|(?:时间|日期)\s*[:：]"
            r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]"  # a date glued after the outlet: 来源：某某报2021-03-31
            r"|(?:浏览|阅读|点击|访问)(?:量|数|次数)?\s*[:：]|字[体号]\s*[:：]"
            r"|(?:浏览|阅读|点击|访问)(?:量|数|次数)?\s*(?:字[体号]|分享|打印|收藏|评论|\d))"
        ),
    ),
    (  # the outlet after a post's timestamp, after the reposting site's name or before widgets
        "source",
        re.compile(
            rf"{_DATE_NC}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s+(?:[{_HAN}]{{2,6}}\s+)?"
            rf"([{_HAN}]{{1,10}}{_OUTLET}(?:\s*[-—]\s*[{_HAN}]{{2,10}}{_OUTLET})?"
            rf"|[{_HAN}]{{2,16}}?{_UNIT})\s*(?:$|[|｜])"  # or the unit that published it: 某某市人民政府
        ),
    ),
    ("source", re.compile(r"《\s*([^》\n]{2,20}?)\s*》\s*[(（]\s*\d{4}年")),
    (
        "source",
        re.compile(
            rf"{_TAKEN_FROM}\s*[:：]?\s*《?\s*([^\s《》()（）:：,，|【】\[\]。]{{2,30}}?)\s*》?"
            r"(?=\s|$|[,，|()（）。】\]])"
        ),
    ),
    ("source", re.compile(r"^\s*(?:首发|原载|刊于)\s*[:：].{0,16}?《\s*([^》\n]{2,20}?)\s*》")),
    (
        "source",
        re.compile(
            r"^\s*(?:发文机构|发布机构|信息来源|颁布单位)\s*[:：]\s*([^\s:：|｜]{2,30})\s*(?:$|[|｜])"
        ),
    ),
    ("source", re.compile(rf"^\s*《?([{_HAN}]{{2,12}}(?:报|刊))》?\s*[/／]\s*\d{{4}}")),
    (
        "source",
        re.compile(
            rf"^\s*(?!星期|礼拜|周[一二三四五六日天])([{_HAN}A-Za-z]{{2,16}})\s+{_DATE}"
            r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
        ),
    ),
    (
        "source",
        re.compile(
            r"^\s*(?:date|日期|时间)\s*[:：]?\s*[\d\s/.年月-]{6,12}[【\[]\s*([^】\]]{1,16}?)\s*[】\]]\s*$"
        ),
    ),
    ("source", re.compile(rf"^\s*([{_HAN}]{{2,10}}{_OUTLET})\s*[／/]\s*\S{{0,4}}记者")),
    (  # the outlet a byline opens with: 某某时报(www.example.cn)记者 某某, 某某日报 记者 某某
        "source",
        re.compile(
            rf"^\s*[■□●◆▲★☆•·]?\s*([{_HAN}]{{1,10}}{_OUTLET})(?:\s*[(（](?:https?://)?[\w-]+(?:\.[\w-]+)+/?[)）])?"
            rf"\s*{_REPORTER_ROLE}?(?:记者|通讯员)\s*[/／]?\s*[{_HAN}]"
        ),
    ),
    (  # the outlet opening a byline of who reported: [某某新闻云]记者 某某/某地报导
        "source",
        re.compile(r"^\s*[【\[]?\s*(\w{2,16}?)\s*[】\]|｜丨](?=.{0,40}(?:报导|报道)\s*$)"),
    ),
    ("source", _ISSUE),
    ("source", _PRINTED_IN),
    ("source", _OUTLET_AND_NAMES),  # 某某网站 某某: the outlet, then who wrote for it
    (  # the outlet opening a lead in brackets, whatever its name: 【某某记者某某/某地报导】
        "source",
        re.compile(
            rf"^\s*[【\[〔(（]\s*(?!本)(?!{_REPORTER_ROLE})([{_HAN}A-Za-z]{{2,12}}?)\s*{_REPORTER_ROLE}?"
            rf"(?:记者|通讯员)\s*{_LED_NAME}"
        ),
    ),
    (  # the outlet of a closing credit: (某某新闻/某某、某某某地报导)
        "source",
        re.compile(
            rf"^\s*[(（]\s*([{_HAN}]{{2,10}}?)\s*[/／]\s*{_LED_NAME}(?:\s*[、，, ]\s*{_LED_NAME})*"
            rf"\s*[{_HAN}]{{0,4}}(?:报导|报道)\s*[)）]"
        ),
    ),
    ("source", _LEAD_TAG),
    ("source", _LEAD_XUN),
    (
        "source",
        re.compile(
            rf"^\s*[【\[]?\s*((?!本)[{_HAN}]{{1,8}}?{_OUTLET})[{_HAN}·]{{0,8}}?\s*(?:(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月\s*)?(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日\s*(?:[电讯]|消息)"
        ),
    ),
)
#: Two-character organizational units (大学, 政府): a four-character "name" ending in one is a unit.
_UNITS_OF_TWO = frozenset(unit for unit in ORG_UNITS if len(unit) == 2)
_FORM_KEY = r"(?:来源|作者|编辑|责任编辑|发文机构|发布机构|信息来源|撰稿|记者)"
_KEY_ONLY = re.compile(rf"^\W*({_FORM_KEY})\s*[:：]\s*$")
_NOT_PUBLISHED = re.compile(
    r"(?:收稿|修订|修回|录用|接收)日期\s*[:：]\s*[^;；,，\s]+"
    r"|本帖最后由.{1,30}?于.{6,30}?编辑"  # when a forum post was last edited, not published
)
# A page that dates itself to the month only: date 2017-11, 日期：2017年11月
_MONTH_DATE = re.compile(
    r"^\s*(?:date|日期|时间|发布时间)\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?![\d/.-])"
)
_NOT_A_NAME = re.compile(
    r"单位|系|来源|编辑|作者|记者|通讯员|摄影|实习|见习|特约|报道|报导|撰稿|采写|执笔|审核|责编|审校|校对"
    r"|责任|简介|摘要|关键|篇名|丨|本报|本刊|本网|本台|admin"
    r"|^第[〇零一二三四五六七八九十百]"  # an ordinal (第十一个) after a date is no name
    r"|^发自"  # nor where reporters wrote from (记者 某某 发自某地)
    r"|[报网社]讯$"  # nor an outlet's lead (某某报讯)
    r"|(?:日报|晚报|网站|传媒|电视台|通讯社)$"  # nor an outlet beside its reporter (某某日报 某某)
    r"|专栏|栏目"  # nor a column's word (某某专栏)
    rf"|(?:{_POSITION})$",  # nor a position (区委书记) before a speaker's name
    re.IGNORECASE,
)


# Values a source field holds when the page names no outlet: itself, a placeholder, or a key
# word that an account-name + date line took for a name (发布时间 2024-05-06).
_NO_SOURCE = re.compile(
    r"^(?:本[报刊网台站社]讯?|本站.*|网络|互联网|网友.*|原创|转载|综合.*|未知|不详|佚名|其他|无"
    r"|待添加|待补充|待定|暂无|空缺"
    r"|[<>＜＞{}#*&@].*"  # markup or a widget's symbol opens no outlet's name (来源:<推荐访问:…)
    r"|[a-z]{0,4}\d{6,}"  # nor is a code or a date stamp (来源: sp20241121)
    r"|(?:发布|更新|发表|修改|上传|录入|编辑|阅读|浏览|点击|时间|日期|来源|作者).*"
    r"|posted|published|updated|admin|by)$",
    re.IGNORECASE,
)
# Placeholders where a name should be.
_NO_NAME = re.compile(r"^(?:佚名|小编|管理员|匿名|未知|不详|网友|本站|综合)$")


def _clean_source(value: str) -> str:
    """A source in citable form: 人民网-人民日报 -> 人民日报, 某某新闻报道 -> 某某新闻."""
    head, dash, tail = value.partition("-")
    if dash and head.endswith("网") and len(tail) >= 2:
        # 人民网-人民日报 names the paper; 人民网-观点频道 names a part of the site
        value = head if re.search(r"(?:频道|栏目|专栏|专题|首页|版)$", tail) else tail
    elif dash and tail.endswith("网") and re.search(r"(?:报|社|台|刊)$", head):
        value = head  # 某某导报-某某网: the paper, not the website that carries it
    value = re.sub(r"\s*[【\[(（](?:原创|转载|独家|首发)[】\])）]$", "", value)
    # an outlet that compiled its report from others names itself first: 某某网综合某某、某某
    value = re.sub(rf"^([{_HAN}]{{2,10}}?{_OUTLET})综合\S+$", r"\1", value)
    value = re.sub(r"(?<=[报社网台刊])(?:专讯|快讯|讯|消息)$", "", value)  # 某报专讯, not 某某电讯
    # a 讯 that ends a word stays: 某某电讯, 某某资讯, 某某通讯
    return re.sub(r"(?:报道|报导|(?<![电资通])讯)$", "", value) if len(value) > 4 else value


# Marks that open and close a quotation or a title, and their closers
_ENCLOSING = {"“": "”", "「": "」", "『": "』", "‘": "’", "《": "》", '"': '"'}


def _unquoted(line: str) -> str:
    """``line`` without one pair of marks enclosing all of it (“…”, 《…》), inner pairs kept.

    >>> _unquoted("“天上不会掉馅饼，高利保本是陷阱”")
    '天上不会掉馅饼，高利保本是陷阱'
    >>> _unquoted("“一带一路”与“双循环”")
    '“一带一路”与“双循环”'
    """
    opener, closer = line[:1], _ENCLOSING.get(line[:1])
    if closer is None or len(line) < 3 or not line.endswith(closer):
        return line
    inner = line[1:-1]
    if opener == closer:
        return line if opener in inner else inner.strip()
    depth = 0
    for char in inner:
        depth += (char == opener) - (char == closer)
        if depth < 0:
            return line  # the first mark closes inside: two quotations, not one around all
    return inner.strip() if depth == 0 else line


# A writer's name after a bar closing the headline: 某某有必要吗? | 某某
_SIGNED_AFTER = re.compile(rf"\s*[|｜丨]\s*({_LED_NAME})\s*$")
# A subtitle on the headline's own line: 主标题——副标题 (a ——… line under it is one too)
_SAME_LINE_SUBTITLE = re.compile(r"\s*(?:——|──)\s*(?=[^—─\s]{4})")


def headline_of(line: str) -> str:
    """A headline line without the site name it carries (…_人民网, … - 光明网, … | 某某网).

    Nor the subtitle it carries after a ``——``: the headline is the main
    title, on its own line or not.

    >>> headline_of("一条新闻的标题_某某网")
    '一条新闻的标题'
    >>> headline_of("栏目名 | 一条新闻的标题")
    '栏目名 | 一条新闻的标题'
    >>> headline_of("一条新闻的标题_滚动新闻_某某网(example.com)")
    '一条新闻的标题'
    >>> headline_of("一条新闻的标题——写给某某的一封信")
    '一条新闻的标题'
    >>> headline_of("一条新闻的标题_某某论坛")
    '一条新闻的标题'
    """
    stripped = _unquoted(
        _DECORATION.sub("", _PAGE_SUFFIX.sub("", _TRAILING_DATE.sub("", line))).strip()
    )
    for _ in range(3):  # 标题_栏目_某某网: one site or column name at a time
        shorter = _SITE_SUFFIX.sub("", stripped).strip()
        if shorter == stripped:
            shorter = _UNDERSCORE_SUFFIX.sub("", stripped).strip()
        if len(shorter) < 5 or shorter == stripped:
            break
        stripped = shorter
    signed = _SIGNED_AFTER.search(stripped)
    if signed and signed.start() >= 5:
        stripped = stripped[: signed.start()]  # 某某有必要吗? | 某某: the writer, not the title
    subtitle = _SAME_LINE_SUBTITLE.search(stripped)
    if subtitle and subtitle.start() >= 5:
        stripped = _unquoted(stripped[: subtitle.start()])  # “某某”——…: the marks close before it
    return stripped if len(stripped) >= 5 else line.strip()


# A headline opening with an outlet's commentator: 某某社评论员：…, 某某日报特约评论员：…
_COMMENTARY_OF = re.compile(rf"^([{_HAN}]{{2,10}}?{_OUTLET})(?:特约|本报)?评论员\s*[:：]")
# A headline opening with a name and a colon: 某某：把…转化为… (the writer of a commentary)
_SIGNED_TITLE = re.compile(rf"^({_LED_NAME})\s*[:：.．]\s*(?=\S{{5}})")  # 某某：…, 某某.…
# Last characters of places and units, which a name before a headline's colon is not (常州：…)
_PLACE_ENDS = frozenset("市县区省州镇乡村港岛湾街路园院局委部厅社网报")


def metadata_of(text: str, sections: tuple[Section, ...]) -> Metadata:
    """Read title, date, bylines and sources from the title and metadata sections."""
    title = ""
    date = ""
    found: dict[str, list[str]] = {"author": [], "editor": [], "source": []}
    spans: list[tuple[str, int, int]] = []
    pending = ""
    month = ""
    year = ""  # a periodical's year, where the page gives no day or month
    in_text = False  # past the first stretch of body text
    shown = normalize("")  # the headline as the page shows it, normalized
    for section in sections:
        if section.kind == SectionKind.TITLE and not title:
            raw = text[section.start : section.end]
            mark = _BULLET_MARK.match(raw)  # a bullet before the headline is not part of it
            lead = mark.end() if mark else len(raw) - len(raw.lstrip())
            shown = normalize(raw[lead:].rstrip(), base=section.start + lead)
            title = headline_of(re.sub(r"\s*\n\s*", " ", shown.text))  # a headline on two lines
            spans.append(("title", section.start + lead, section.start + len(raw.rstrip())))
        if section.kind == SectionKind.BODY and text[section.start : section.end].strip():
            in_text = True
        if section.kind != SectionKind.META:
            continue
        norm = normalize(text[section.start : section.end], base=section.start)
        # a paper's received and revised dates (收稿日期：…) are no publication date
        when = date_in(_NOT_PUBLISHED.sub(lambda m: " " * len(m.group()), norm.text))
        if when and not date:
            date = when[0]
            spans.append(("date", norm.offsets[when[1]], norm.offsets[when[2] - 1] + 1))
        partial = (
            _MONTH_DATE.search(norm.text)
            or _ISSUE_MONTH.search(norm.text)
            or (None if in_text else _MONTH_ALONE.search(norm.text))  # above the text only
        )
        printed = _PRINTED_IN.search(norm.text)
        if printed and not year:
            year = printed.group(2)
            spans.append(
                ("date", norm.offsets[printed.start(2)], norm.offsets[printed.end(2) - 1] + 1)
            )
        if partial and not month and 1 <= int(partial.group(2)) <= 12:
            month = f"{partial.group(1)}-{int(partial.group(2)):02d}"
            spans.append(
                ("date", norm.offsets[partial.start(1)], norm.offsets[partial.end(2) - 1] + 1)
            )
        for line in re.finditer(r"[^\n]+", norm.text):
            outlet = _OUTLET_ALONE.match(line.group())
            if outlet:  # an outlet alone on its line credits it, and names no one
                value = _clean_source(outlet.group(1))
                if value not in found["source"]:
                    found["source"].append(value)
                at = line.start() + outlet.start(1)
                spans.append(
                    ("source", norm.offsets[at], norm.offsets[at + len(outlet.group(1)) - 1] + 1)
                )
                continue
            key_only = _KEY_ONLY.match(line.group())
            if key_only:
                pending = key_only.group(1)  # a form's label; its value is on the next line
                continue
            dated = _LEAD_DATE.match(line.group())
            skip = dated.end() if dated else 0  # a leading date, then the tags it opens
            prefix = f"{pending}：" if pending else ""
            pending = ""
            table = _GOV_FIELD.match(line.group()) is not None
            for field, pattern in _FIELDS:
                if (skip or prefix or table) and pattern is _BYLINE_NAMES:
                    continue  # a widget after a leading date, or a disclosure table's keys
                for match in pattern.finditer(prefix + line.group()[skip:]):
                    if match.start(1) < len(prefix):
                        continue
                    base = line.start() + skip + match.start(1) - len(prefix)
                    # the names, not the words of a note in brackets after one of them
                    unbracketed = re.sub(_NAME_NOTE, lambda m: " " * len(m.group()), match.group(1))
                    # the names, not their roles (本报讯 某某 记者某某报道)
                    unbracketed = re.sub(_REPORTER_KEY, lambda m: " " * len(m.group()), unbracketed)
                    board = pattern is _BOARD_BYLINE  # a board's name is kept as written
                    items = (
                        [(0, match.group(1))]
                        if field == "source" or board
                        else [(n.start(), n.group()) for n in re.finditer(_NAME_ITEM, unbracketed)]
                    )
                    for at, item in items:
                        value = item.replace(" ", "")
                        if field != "source" and len(value) > 2:
                            value = re.sub(r"综合$", "", value)  # 记者某某综合报导
                        if field == "source":
                            value = _clean_source(value)
                            if _NO_SOURCE.match(value):
                                continue  # 本报讯, 网络, 发布时间: the page names no outlet
                        elif not board and (
                            _NOT_A_NAME.search(value)
                            or len(value) > 4
                            or _NO_NAME.search(value)
                            or (len(value) == 4 and value[2:] in _UNITS_OF_TWO)  # 某某大学
                        ):
                            continue
                        if value not in found[field]:
                            found[field].append(value)
                        i, j = base + at, base + at + len(item)
                        spans.append((field, norm.offsets[i], norm.offsets[j - 1] + 1))
    commentary = _COMMENTARY_OF.match(title)
    if commentary and not found["source"]:
        # an outlet's commentary (某某社评论员：…) on a page that names no source is the outlet's
        found["source"].append(commentary.group(1))
        spans.append(
            ("source", shown.offsets[commentary.start(1)], shown.offsets[commentary.end(1) - 1] + 1)
        )
    signed = _SIGNED_TITLE.match(title)
    after = _SIGNED_AFTER.search(shown.text)
    if after and not found["author"] and title != shown.text.strip():
        # a headline signed after a bar by its writer, on a page that names no author: 某某 | 某某
        found["author"].append(after.group(1))
        spans.append(("author", shown.offsets[after.start(1)], shown.offsets[after.end(1) - 1] + 1))
    if signed and not found["author"] and signed.group(1)[-1] not in _PLACE_ENDS:
        # a commentary titled by its writer's name, on a page that names no author: 某某：…
        found["author"].append(signed.group(1))
        spans.append(
            ("author", shown.offsets[signed.start(1)], shown.offsets[signed.end(1) - 1] + 1)
        )
    return Metadata(
        title=title,
        date=date or month or year,
        authors=tuple(found["author"]),
        editors=tuple(e for e in found["editor"] if e not in found["author"]),
        sources=tuple(found["source"]),
        spans=tuple(sorted(set(spans), key=lambda s: (s[1], s[2], s[0]))),
    )
