"""Generate a synthetic corpus of Chinese news articles for benchmarks.

Articles are recombined from sentence templates in the style of local
political news: visits and inspections, meetings, statements in quotes,
campaigns and their definitions, bylines. Names come from generated pools:

- people: surname + one or two given-name characters, each with a position;
- places: counties of kgraph's gazetteer (``Gazetteer.load()``) with their
  prefecture, province and a few of their townships, written in full, short
  or nested form;
- organizations: party committees, governments and bureaus of those
  places, national bodies, newspapers;
- campaigns, slogans, works and dates.

Every file holds a title line, a date/source/author line and body
paragraphs, 2-5 KB of UTF-8; about one in seven is written in Traditional
characters. With ``--sites N``, each file also opens with the menu line and
closes with the footer of one of N sites, in turn, as pages scraped from a
few sites do (the lines the build reads again as navigation, see
``kgraph.pipeline.relabel_recurring``); the articles are the same. The
output depends only on ``--mb``, ``--sites`` and ``--seed``.

``--docs N`` writes an archive instead: N articles of about 2 KB in
subfolders of 1,000, with a pool of people that grows with N.

Usage::

    python benchmarks/make_corpus.py                      # 5 MB into benchmarks/out/corpus-5mb
    python benchmarks/make_corpus.py --mb 1 --out /tmp/c
    python benchmarks/make_corpus.py --mb 1 --sites 3     # into benchmarks/out/corpus-1mb-3sites
    python benchmarks/make_corpus.py --docs 100000        # into benchmarks/out/archive-100000
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

__all__ = ["default_folder", "make_corpus"]

OUT = Path(__file__).resolve().parent / "out"
_ZONE = re.compile(r"开发区|高新|新区|经济|直辖|管理区|试验区|园区")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方")
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宁海波云峰志林晨宇浩然子轩欣怡思雨"
    "国庆振东晓光春燕立新卫红学军永胜金凤德华家明俊杰慧琳雪梅书航佳豪雅婷嘉怡梓涵一鸣天佑鹏程"
)
POSITIONS = (
    "书记",
    "县长",
    "副县长",
    "市长",
    "副市长",
    "区长",
    "主任",
    "局长",
    "镇长",
    "乡长",
    "部长",
)
NATIONAL = (
    "国务院",
    "全国人大常委会",
    "全国政协",
    "中央纪委国家监委",
    "国家发展改革委",
    "农业农村部",
)
MEDIA = ("人民日报", "新华社", "光明日报", "经济日报", "中国青年报", "农民日报", "法治日报")
UNITS = (
    "委",
    "委组织部",
    "委宣传部",
    "人民政府",
    "纪委监委",
    "发展改革委",
    "教育局",
    "农业农村局",
    "人大常委会",
)
CAMPAIGNS = (
    "“最多跑一次”改革",
    "“千万工程”",
    "“枫桥经验”",
    "河长制",
    "林长制",
    "“两学一做”学习教育",
    "精准扶贫",
    "乡村振兴战略",
    "“放管服”改革",
    "“三服务”活动",
    "“一网通办”",
    "“接诉即办”改革",
    "“厕所革命”",
    "“美丽乡村”建设",
    "“清廉村居”建设",
    "“数字政府”建设",
    "“三改一拆”行动",
    "“五水共治”",
    "“四下基层”制度",
    "“一件事一次办”改革",
    "“网格化管理、组团式服务”",
    "“百县千镇万村”工程",
    "“山海协作”工程",
)
SLOGANS = (
    "绿水青山就是金山银山",
    "四个意识",
    "四个自信",
    "两个维护",
    "干在实处、走在前列",
    "以人民为中心",
    "人民城市人民建、人民城市为人民",
    "小事不出村、大事不出镇",
    "发展为了人民、发展依靠人民",
)
DEFINITIONS = (
    ("两学一做", "学党章党规、学系列讲话，做合格党员"),
    ("三服务", "服务企业、服务群众、服务基层"),
    ("四个全面", "全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党"),
    ("五水共治", "治污水、防洪水、排涝水、保供水、抓节水"),
    ("三改一拆", "旧住宅区、旧厂区、城中村改造和拆除违法建筑"),
)
WORKS = (
    "之江新语",
    "摆脱贫困",
    "县域治理十讲",
    "乡村振兴案例选编",
    "基层党建工作手册",
    "山海之间",
    "共同富裕读本",
)
TOPICS = (
    "乡村振兴",
    "基层治理",
    "生态环境保护",
    "营商环境优化",
    "共同富裕",
    "数字经济发展",
    "安全生产",
    "民生实事",
    "特色产业发展",
    "文化旅游融合",
    "防汛防台",
    "教育医疗",
    "农村集体经济",
    "招商引资",
)
THINGS = (
    "美丽乡村精品村",
    "未来社区",
    "共享食堂",
    "文化礼堂",
    "党群服务中心",
    "污水处理设施",
    "乡村振兴示范带",
)
FIGURES = ("“领头雁”", "“金钥匙”", "“店小二”", "“排头兵”", "“主心骨”", "“贴心人”")
QUOTES = (
    "群众的事再小也是大事，要用心用情办好",
    "要把问题解决在基层、把矛盾化解在萌芽状态",
    "发展是第一要务，人才是第一资源",
    "要坚持一张蓝图绘到底，一任接着一任干",
    "干部要多到田间地头，多听群众的意见",
    "要以钉钉子精神抓好各项任务落实",
    "生态优势就是发展优势，要守护好这片绿水青山",
    "只有深入基层，才能真正了解群众所思所盼",
)

TEMPLATES = (
    "{date}，{position}{person}来到{nested}调研{topic}工作。",
    "{person}指出：“{quote}。”",
    "{person}强调，要坚定不移推进{campaign}，推动{topic}取得新成效。",
    "近年来，{county}深入推进{campaign}，累计建成{thing}{n}个，群众满意度达到{pct}%。",
    "{org}召开会议，传达学习上级会议精神，研究部署{topic}相关工作。",
    "{person}在{county}工作期间，大力倡导{campaign}。",
    "据《{media}》报道，{nested}探索出一条{topic}的新路子。",
    "{person}在《{work}》中写道，{quote}。",
    "“{slogan}”的理念深入人心，{county}走出了一条绿色发展之路。",
    "{pref_org}负责人表示，将进一步加大{topic}工作力度，当好服务群众的{figure}。",
    "截至{year}年底，全{level}共有{n}个村完成{campaign}各项任务。",
    "{person}同志曾任{county_full}委书记、{pref}委常委。",
    "“{defined}”，即{parts}。",
    "会上，{person}代表{org}作工作报告，{other}作总结讲话。",
    "{person}一行先后走访了{township}和{township2}，详细了解{topic}情况。",
    "{national}有关负责同志赴{province}{pref}督导{topic}工作。",
    "{position}{person}表示，要以{campaign}为抓手，推动{topic}提质增效。",
    "{township}党委书记{person}说：“{quote}。”",
    "{county}把{topic}作为“一把手”工程，全年安排专项资金{n}亿元。",
    "{county}坚持啃下{topic}的“硬骨头”，搬走制约发展的“绊脚石”。",
    "在{national}的支持下，{pref}与{other_pref}签署对口协作协议。",
)
TITLES = (
    "{county}：{campaign}跑出加速度",
    "{person}在{county}调研{topic}工作",
    "{pref}召开{topic}工作推进会",
    "{county}{topic}的生动实践",
    "让{slogan}成为{county}的鲜明底色",
    "{township}：小山村走出{topic}新路子",
)


@dataclass(frozen=True)
class _County:
    name: str
    short: str
    pref: str
    province: str
    townships: tuple[str, ...]


def _places(rng: random.Random, limit: int) -> list[_County]:
    """Counties with their prefecture, province and up to eight townships."""
    from kgraph.extract.gazetteer import Gazetteer

    g = Gazetteer.load()
    townships: dict[int, list[str]] = {}
    for i, level in enumerate(g.levels):
        parent = g.parents[i]
        if level == "township" and parent >= 0 and len(townships.setdefault(parent, [])) < 8:
            townships[parent].append(g.names[i])
    counties = []
    for i, level in enumerate(g.levels):
        name = g.names[i]
        if level != "county" or not name.endswith(("县", "市", "区", "旗")) or _ZONE.search(name):
            continue  # development zones and groupings are not what news calls a county
        chain = g.ancestors(i)
        if len(chain) != 2 or not townships.get(i):
            continue
        pref, province = (g.names[a] for a in chain)
        counties.append(_County(g.names[i], g.shorts[i], pref, province, tuple(townships[i])))
    rng.shuffle(counties)
    return counties[:limit]


def _person_pool(rng: random.Random, size: int) -> list[str]:
    names: set[str] = set()
    while len(names) < size:
        surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
        names.add(surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2)))))
    return sorted(names)


class _Writer:
    """Fills templates from the pools with one random generator."""

    def __init__(self, seed: int, people: int = 1500, counties: int = 600) -> None:
        self.rng = random.Random(seed)
        self.counties = _places(self.rng, counties)
        self.people = _person_pool(self.rng, people)

    def _slots(self, county: _County) -> dict[str, str]:
        rng = self.rng
        other = rng.choice(self.counties)
        written = rng.random()
        nested = (
            county.province + county.pref + county.name
            if written < 0.3
            else county.pref + county.name
            if written < 0.6
            else county.name
        )
        township, township2 = (
            rng.sample(county.townships, 2) if len(county.townships) > 1 else county.townships * 2
        )
        defined, parts = rng.choice(DEFINITIONS)
        year = rng.randint(2015, 2024)
        return {
            "date": f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
            "year": str(year),
            "person": rng.choice(self.people),
            "other": rng.choice(self.people),
            "position": rng.choice(POSITIONS),
            "county": county.name if rng.random() < 0.8 or not county.short else county.short,
            "nested": nested,
            "county_full": county.name,
            "pref": county.pref,
            "other_pref": other.pref,
            "province": county.province,
            "township": township,
            "township2": township2,
            "org": county.name + rng.choice(UNITS),
            "pref_org": county.pref + rng.choice(UNITS),
            "national": rng.choice(NATIONAL),
            "media": rng.choice(MEDIA),
            "campaign": rng.choice(CAMPAIGNS),
            "slogan": rng.choice(SLOGANS),
            "defined": defined,
            "parts": parts,
            "work": rng.choice(WORKS),
            "topic": rng.choice(TOPICS),
            "thing": rng.choice(THINGS),
            "figure": rng.choice(FIGURES),
            "quote": rng.choice(QUOTES),
            "level": rng.choice(("县", "市", "区", "省")),
            "n": str(rng.randint(3, 480)),
            "pct": str(rng.randint(90, 99)),
        }

    def article(self, target_bytes: int) -> str:
        """One article of about ``target_bytes`` bytes of UTF-8."""
        rng = self.rng
        county = rng.choice(self.counties)
        slots = self._slots(county)
        title = rng.choice(TITLES).format(**slots)
        author, editor = rng.sample(self.people, 2)
        date = f"{slots['year']}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines = [title, f"{date} 来源：{slots['media']} 作者：{author}", ""]
        size = len("\n".join(lines).encode("utf-8"))
        while size < target_bytes:
            paragraph = "".join(
                rng.choice(TEMPLATES).format(**self._slots(county))
                for _ in range(rng.randint(3, 6))
            )
            lines.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
        lines.append(f"（责任编辑：{editor}）")
        text = "\n".join(lines) + "\n"
        if rng.random() < 1 / 7:
            from zhconv_rs import zhconv

            text = zhconv(text, "zh-tw", False)
        return text


def default_folder(mb: float, sites: int = 0) -> Path:
    """Where a corpus of ``mb`` megabytes (pages of ``sites`` sites) is written by default."""
    return OUT / (f"corpus-{mb:g}mb-{sites}sites" if sites else f"corpus-{mb:g}mb")


def make_corpus(
    folder: Path, mb: float = 5.0, seed: int = 20240501, sites: int = 0
) -> tuple[int, int]:
    """Write about ``mb`` × 10⁶ bytes of articles into ``folder`` (replacing it).

    With ``sites``, article ``k`` opens with the menu and closes with the
    footer of site ``k % sites``. Returns the number of files and of bytes
    written.
    """
    writer = _Writer(seed)
    chrome = [_site_chrome(county) for county in writer.counties[:sites]]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    total, count = 0, 0
    while total < mb * 1_000_000:
        text = writer.article(writer.rng.randint(2000, 5000))
        if chrome:
            menu, footer = chrome[count % len(chrome)]
            text = f"{menu}\n{text}{footer}\n"
        count += 1
        data = text.encode("utf-8")
        (folder / f"article-{count:05d}.txt").write_bytes(data)
        total += len(data)
    return count, total


def _site_chrome(county: _County) -> tuple[str, str]:
    """A site's menu line and footer line, named after a county."""
    site = f"{county.short}新闻网"
    return (
        f"{site}首页 | 要闻 | {county.short}新闻 | 评论 | 专题 | 视频 | 服务",
        f"版权所有：{site} 未经授权禁止转载",
    )


def make_archive(folder: Path, docs: int, seed: int = 20240501) -> tuple[int, int]:
    """Write ``docs`` articles of 1-2.6 KB into ``folder`` (replacing it), 1,000 per subfolder.

    Unlike :func:`make_corpus`, names grow with the archive as a newspaper's
    do (Heaps' law): about ``40 * docs ** 0.7`` people and every county of the
    gazetteer, so entity counts keep rising with its size. Returns the number
    of files and of bytes written.
    """
    writer = _Writer(seed, people=max(1500, int(40 * docs**0.7)), counties=100_000)
    if folder.exists():
        shutil.rmtree(folder)
    total = 0
    for n in range(docs):
        data = writer.article(writer.rng.randint(1000, 2600)).encode("utf-8")
        path = folder / f"{n // 1000:03d}" / f"article-{n:06d}.txt"
        if n % 1000 == 0:
            path.parent.mkdir(parents=True)
        path.write_bytes(data)
        total += len(data)
    return docs, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--mb", type=float, default=5.0, help="size of the corpus in MB (default 5)"
    )
    parser.add_argument("--seed", type=int, default=20240501, help="random seed (default 20240501)")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder (default benchmarks/out/corpus-<mb>mb)"
    )
    parser.add_argument(
        "--sites", type=int, default=0,
        help="each page opens with the menu and closes with the footer of one of this many sites",
    )  # fmt: skip
    parser.add_argument(
        "--docs", type=int, default=None,
        help="write this many 2 KB articles instead, with names growing with the count",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.docs:
        folder = args.out or OUT / f"archive-{args.docs}"
        count, total = make_archive(folder, args.docs, args.seed)
    else:
        folder = args.out or default_folder(args.mb, args.sites)
        count, total = make_corpus(folder, args.mb, args.seed, args.sites)
    print(f"{count} files, {total / 1e6:.2f} MB in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
