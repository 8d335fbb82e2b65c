"""Candidate campaigns, slogans and concepts from general signals, quoted or not.

Each family is a class of shapes, never a list of names:

- ``vocab.head``: a name that ends in a policy head (经验, 制, 工程, 规划,
  改革 … -> Campaign) or a doctrine head (精神, 思想, 理念, 主义, 现代化 …
  -> Concept), its left edge found on jieba's token boundaries: the name
  starts at a content word (a noun, a place, an unknown word) and runs over
  content words up to the head, so 推广枫桥经验 gives 枫桥经验, not
  推广枫桥经验; a distinguishing word before a process in 化 is a campaign of
  a new kind too (新型工业化, 新型城镇化);
- ``vocab.formula``: numbered formulas written without quotes: N个X
  (四个意识) quoted whole, held to by a verb (坚定三个自觉) or opening a
  noun of formulation (两个一百年奋斗目标), never a count (涉及四个方面的问题),
  N-X-M-Y (两学一做), plan numbers (十四五, 第十五个五年规划);
- ``vocab.enumeration``: an enumeration of parallel items joined by 、, quoted
  (“简政放权、放管结合、优化服务”) or not (three or more items of one length,
  on token boundaries, none a name; two or more when a verb holds to them or
  a formulation noun names them: 坚持学思用贯通、知信行统一), or four-character
  clauses joined by commas, three or more that a verb holds to, or named by a
  formulation noun, or quoted, built in parallel and no idiom among them
  (坚持因地制宜，城乡统筹，突出重点，兼顾一般): one slogan, its items its parts;
- ``vocab.goal``: 全面 and a fused word (全面深化改革: campaigns) or a verb and a
  noun (全面建成小康社会: concepts), kept when two documents write them;
- ``vocab.frame``: a 以X为中心 or 以X为本 frame (以人民为中心, 以人为本: whom a
  policy centres on; 以问题为导向 and 以…为核心 say a method) and the doctrine it
  qualifies with 的 (以人民为中心的发展思想): concepts.

Type rule, as the docs state it: Campaign is carried out (policy heads,
plans); Slogan is a repeated formulation (numbered formulas, enumerations);
Concept is a doctrine, goal or idea (doctrine heads).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator, Mapping

from kgraph.extract.lexicon import HONORIFICS, POSITIONS
from kgraph.model import EntityType

__all__ = [
    "CAMPAIGN_HEADS",
    "CONCEPT_HEADS",
    "FORMULATION_NOUNS",
    "HOLDING_VERBS",
    "VocabularyCandidate",
    "enumeration_parts",
    "is_quality_name",
    "vocabulary_in",
]

#: Heads of names of things carried out: initiatives, systems, plans, reforms.
CAMPAIGN_HEADS = (
    "经验", "模式", "制", "制度", "工程", "行动", "计划", "规划", "战略", "示范区",
    "攻坚", "攻坚战", "振兴", "改革", "工作法", "专项斗争", "斗争", "整顿", "督察",
    "党建", "负责制", "整治", "保卫战",
)  # fmt: skip
#: Heads of names of doctrines, goals and ideas.
CONCEPT_HEADS = (
    "精神", "理论", "思想", "理念", "主义", "现代化", "复兴", "道路", "新形态",
    "共同体", "大变局", "富裕", "安全观", "政绩观", "发展观", "史观", "强国", "中国化",
    "时代化",
)  # fmt: skip

#: Verbs of holding to a formulation: 坚持“两个维护”, 坚定三个自觉.
HOLDING_VERBS = ("坚持", "坚定", "做到", "增强", "牢记", "胸怀", "践行", "秉持", "树牢", "弘扬")
#: Nouns after a formulation that say it is one: “五位一体”总体布局, 两个一百年奋斗目标.
FORMULATION_NOUNS = (
    "总体布局", "战略布局", "工作主题", "主题", "目标", "重大论断", "重要论断", "论断", "原则",
    "要求", "重要论述", "方针",
)  # fmt: skip

_NUMERAL = "一二三四五六七八九十两"
#: Tags a name may start with: nouns, places, names, distinguishing words, set phrases.
_START_TAGS = ("n", "nz", "ns", "nr", "nt", "ng", "nrt", "nrfg", "b", "l", "a")
#: Tags a name may continue with, after its first word (治理 in 诉源治理改革).
_INNER_TAGS = (*_START_TAGS, "vn", "v", "an", "m")
#: Words that never open or sit inside a name although their tag would allow it.
_NOT_IN_NAME = re.compile(
    r"^(?:这|那|该|本|其|各|每|某|全(?!面)|新的|我|你|他|她|它|有关|相关|重要|主要|时期|阶段|期间"
    r"|[一二三四五六七八九十]是"  # 一是, 二是 number the points of a list
    r"|暨"  # a conjunction whatever jieba tags it: 会议暨|理论学习
    r"|好$)"  # the complement of a verb jieba cut from it: 打|好|污染防治攻坚战
)
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
#: Words in 制 where it is not a system (机制 a mechanism, 控制 a verb): 运行机制 is no 林长制.
_NOT_A_SYSTEM = ("机制", "体制", "控制", "限制", "编制", "管制", "研制", "抵制", "复制", "压制")
_COUNTED = re.compile(
    r"(?<![第这那每各一二三四五六七八九十百千万])[两二三四五六七八九十]个[\u4e00-\u9fff]{2,4}"
)
_PAIRED = re.compile(
    rf"[{_NUMERAL}][^\W\d{_NUMERAL}百千万年月日天载次][{_NUMERAL}][^\W\d{_NUMERAL}百千万年月日天载次]"
)
_HELD_BEFORE = re.compile("(?:" + "|".join(HOLDING_VERBS) + ")$")
_FORMULATION_AFTER = re.compile(
    r"[”’]?[\u4e00-\u9fff]{0,2}?(?:" + "|".join(FORMULATION_NOUNS) + ")"
)
_ORDINAL_COUNTED = re.compile(r"第[一二三四五六七八九十]个")
_PLAN = re.compile(r"第[一二三四五六七八九十]{1,3}个五年规划|十[一二三四五六七八九]五(?:规划)?")
_ENUMERATION = re.compile(r"“([\u4e00-\u9fff]{2,8}(?:、[\u4e00-\u9fff]{2,8}){1,5})”")
_BARE_ENUMERATION = re.compile(r"[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+){2,6}")
#: Endings of items that are places, not formulations (北京市、上海市、广州市).
_PLACE_ENDING = tuple("市省县区镇村乡州国")
_FRAME = re.compile(r"以[\u4e00-\u9fff]{1,6}?为(?:中心|本)")
_FRAME_DOCTRINE = re.compile(
    r"的([\u4e00-\u9fff]{0,4}?(?:" + "|".join(sorted(CONCEPT_HEADS, key=len, reverse=True)) + "))"
)

#: A candidate: (start, end) in the sentence's normalized text, type, label, family.
VocabularyCandidate = tuple[int, int, EntityType, str, str]


def vocabulary_in(
    text: str,
    tokens: list[str],
    tags: Mapping[str, str],
    is_idiom: Callable[[str], bool],
    common: Container[str] = frozenset(),
) -> list[VocabularyCandidate]:
    """Campaign, slogan and concept candidates in one normalized sentence.

    ``common`` holds the segmenter's commonest words (工作, 方面): a name may qualify them.

    Examples
    --------
    >>> import jieba
    >>> tok = jieba.Tokenizer()
    >>> text = "各地推广红岩经验，坚定三个自觉，落实十六五规划。"
    >>> tags = {"红岩": "ns", "经验": "n", "推广": "v", "落实": "v", "规划": "n"}
    >>> found = vocabulary_in(text, ["各地", "推广", "红岩", "经验", "，", "坚定", "三个",
    ...     "自觉", "，", "落实", "十六五", "规划", "。"], tags, lambda t: False)
    >>> sorted({(label, t.value) for _, _, t, label, _ in found})
    [('三个自觉', 'Slogan'), ('十六五规划', 'Campaign'), ('红岩经验', 'Campaign')]
    """
    found = list(_headed_names(tokens, tags, is_idiom, common))
    found.extend(_formulas(text, tokens, is_idiom))
    found.extend(_short_formulas(tokens, tags))
    # a list holding a name of its own (住房改革 in 失业下岗、子女就业、住房改革) lists topics,
    # and a quoted one whose every item is a name (“湖长制、河长制、林长制”) lists systems
    named = {label for _, _, _, label, _ in found}
    found.extend(c for c in _enumerations(text) if not named.issuperset(enumeration_parts(c[3])))
    found.extend(
        c
        for c in _bare_enumerations(text, tokens, tags)
        if not named.intersection(enumeration_parts(c[3]))
    )
    found.extend(_presented_enumerations(text, tokens, tags))
    found.extend(_clause_formulas(text, tokens, tags, is_idiom))
    found.extend(_comprehensive(tokens, tags))
    found.extend(_high_standard_goals(tokens, tags))
    found.extend(_processes_of_a_kind(tokens, tags))
    found.extend(_frames(text, tokens))
    found.extend(_balanced_aims(tokens, tags))
    return sorted(set(found))


def _head_type(token: str) -> EntityType | None:
    if token in CAMPAIGN_HEADS:
        return EntityType.CAMPAIGN
    if token in CONCEPT_HEADS:
        return EntityType.CONCEPT
    return None


def _headed_names(
    tokens: list[str],
    tags: Mapping[str, str],
    is_idiom: Callable[[str], bool],
    common: Container[str],
) -> Iterator[VocabularyCandidate]:
    starts = []
    position = 0
    for token in tokens:
        starts.append(position)
        position += len(token)
    for n, token in enumerate(tokens):
        if token == "梦" and n > 0:
            dream = _dream(tokens[n - 1], tags)
            if dream:
                yield (starts[n - 1], starts[n] + 1, EntityType.CONCEPT, dream + "梦", "vocab.head")
            continue
        # a goal: the country a modernization makes (社会主义现代化国家)
        goal = token == "国家" and n > 0 and tokens[n - 1].endswith("现代化")
        # 文化 names a doctrine only after a long name (中华优秀传统文化, not 企业文化)
        culture = token == "文化"
        learning = n > 0 and (tokens[n - 1], token) in _LEARNING
        if not token.endswith(_HEADS) and not goal and not culture and not learning:
            continue
        kind = EntityType.CONCEPT if goal or culture else _head_type(token)
        if learning:
            kind = EntityType.CAMPAIGN
        if _modifies_next(tokens, tags, n, common):
            continue
        whole = kind is None  # a verb never precedes a whole-word name: not 提出山长制
        if kind is None:
            # a word that ends in a head is a name by itself (林长制, 雷锋精神, 马克思主义)
            ending = max((h for h in _HEADS if token.endswith(h)), key=len, default="")
            if not ending or len(token) < len(ending) + 2 or not _HAN.match(token):
                continue
            if ending == "制" and token.endswith(_NOT_A_SYSTEM):
                continue
            if _NOT_IN_NAME.match(token) or (token in tags and tags[token][:1] not in "nil"):
                continue
            if is_quality_name(token, tags, common):
                continue
            kind = _head_type(ending)
            assert kind is not None
            # a plan of a kind (行动计划, 总体规划) may still end a longer name that a number names
            if ending not in _PLAN_HEADS or _named_plan([token[: -len(ending)]], tags):
                yield (starts[n], starts[n] + len(token), kind, token, "vocab.head")
        if kind == EntityType.CONCEPT and n > 0 and tokens[n - 1] == "之":
            literary = _literary_name(tokens, tags, n)
            if literary:
                yield (starts[n - literary], starts[n] + len(token), kind,
                       "".join(tokens[n - literary : n + 1]), "vocab.head")  # fmt: skip
            continue
        # run left over content words; the name must start at a word that can open it
        first = n
        best = -1
        if learning:  # the two words are the head; 主题教育 is a name by itself
            first = n - 1
            best = first if tokens[first] == "主题" else -1
        while first > 0 and n - first < 6:
            word = tokens[first - 1]
            tag = tags.get(word, "?")
            # a title names a system of responsibility only right before it: 县长负责制
            title = word in _TITLES and not (first == n and token == "负责制")
            if not _HAN.match(word) or _NOT_IN_NAME.match(word) or title or word == token:
                break  # a name also holds its head once: 净土保卫战|三大保卫战
            if (word in GOVERNING_VERBS and tag not in ("v", "vn")) or _ASPECT.search(word):
                break  # a verb jieba tags otherwise (弘扬 nr, 落实 a, 肩负着 l): 落实|上级精神
            if learning and word.endswith(_HEADS):
                break  # a campaign to learn a doctrine is named without it: …思想|主题教育
            # two unknown words in a row are garbled or injected text: 马票唱长频克思主义
            if tag == "?" and first < n and tokens[first] not in tags and tokens[first] != token:
                best = -1
                break
            if word == "和" and _joins_names(tokens, tags, first - 1, n):
                first -= 1  # two named things of one head: 国家治理体系和治理能力现代化
                continue
            if tag not in _INNER_TAGS and tag != "?":
                break
            if tag == "?" and _moves_toward(word, tags):
                break  # a verb jieba does not list, with its complement: 迈上|全面建设…
            if tag == "v" and not _verb_in_name(tokens, tags, first - 1, n, kind, whole):
                break  # a verb only inside a name: 诉源治理改革, not 推动经济建设
            right = tags.get(tokens[first], "")[:2]
            if right == "ns" and (tag[:2] == "ns" or tag in ("v", "vn")):
                break  # a name opens at the last of two places, after a verb: 建设|中国特色…
            before = tokens[first - 2] if first >= 2 else ""
            if len(word) == 1 and tag in ("n", "ng") and _COUNTS_OR_POINTS.match(before):
                break  # a classifier or a pronoun's noun: 18项|汾河…, 该事|采取行动
            if (
                tag == "a"
                and len(word) == 1
                and (
                    tags.get(tokens[first], "")[:2] in ("ns", "nr", "nz")
                    or tokens[first].startswith("全面")
                )
            ):
                break  # a one-character adjective is a complement here: 走好中国…, 走好全面…
            first -= 1
            if tag in _START_TAGS or tag == "?" or (tag == "m" and _NUMERAL_WORD.match(word)):
                best = first
            elif token in _ASSAULT_HEADS and first == n - 1 and _names_a_task(word):
                best = first  # the task of an assault is a verb and its object: 脱贫攻坚
        if best < 0:
            continue
        name = "".join(tokens[best : n + 1])
        if len(name) < 3 or len(name) > 18 or is_idiom(name) or _is_fragment(name):
            continue
        if culture and len(name) < 7:
            continue
        if token == "工程" and tags.get(tokens[n - 1], "") in ("v", "vn", "b"):
            continue  # a work named by what it does or how big it is: 调水工程, 超级工程
        if best == n - 1 and (
            is_quality_name(name, tags, common) or _idea_of_a_field(tokens[best], token, tags)
        ):
            continue
        if token == "模式" and tags.get(tokens[best], "")[:2] != "ns":
            continue  # a way of doing things unless a place names it: 晋江模式, not 开发新模式
        if token.endswith(_PLAN_HEADS) and not _named_plan(tokens[best:n], tags):
            continue
        yield (starts[best], starts[n] + len(token), kind, name, "vocab.head")


#: Heads of plans and programmes: a document of a field or a place unless a number names it.
_PLAN_HEADS = ("规划", "计划")


def _named_plan(words: list[str], tags: Mapping[str, str]) -> bool:
    """Whether the words before a plan's head name one campaign.

    A number or a span of years does (十四五规划, 康复服务十年行动计划, 千人计划), and so
    does a topic and the verb done to it, as two words or one set phrase (人才引进规划,
    技术引进计划); the field, place or project it plans for does not (村庄规划,
    农业农村科技发展规划, 大科学计划, 南水北调工程总体规划).

    >>> tags = {"十四五": "m", "村庄": "n", "南水北调": "nz", "工程": "n", "十年": "m"}
    >>> _named_plan(["十四五"], tags), _named_plan(["村庄"], tags)
    (True, False)
    >>> _named_plan(["南水北调", "工程"], tags), _named_plan(["康复", "服务", "十年", "行动"], tags)
    (False, True)
    >>> tags |= {"人才": "n", "引进": "v", "科技": "n", "发展": "vn", "统一": "v"}
    >>> _named_plan(["人才", "引进"], tags), _named_plan(["科技", "发展"], tags)
    (True, False)
    >>> _named_plan(["区域", "统一"], tags)
    False
    """
    numbered = any(
        tags.get(word, "") == "m" or re.match(rf"[{_NUMERAL}百千万\d]", word) for word in words
    )
    last = tags.get(words[-1], "") if words else ""
    # a topic and its verb as two words or as one set phrase (技术引进)
    acted_on = (last == "v" and len(words) >= 2 and tags.get(words[-2]) == "n") or last == "l"
    return numbered or acted_on


#: Heads of doctrines, named even where they qualify a noun (社会主义制度, 现代化水平).
_ATTRIBUTIVE_HEADS = ("主义", "现代化")


def _modifies_next(
    tokens: list[str], tags: Mapping[str, str], n: int, common: Container[str]
) -> bool:
    """Whether the head ``tokens[n]`` qualifies the noun right after it (振兴|底色, 理论|框架,
    战略|全局, 整治|作风, 改革|试点), so no name ends there. A head after it (乡村振兴|战略)
    or a goal noun (现代化|国家) makes a longer name instead, and a name may qualify one of
    the commonest words (乡村振兴|工作, 乡村振兴|任务).

    >>> tags = {"乡村": "n", "振兴": "v", "底色": "n", "工作": "n"}
    >>> _modifies_next(["乡村", "振兴", "底色"], tags, 1, {"工作"})
    True
    >>> _modifies_next(["乡村", "振兴", "工作"], tags, 1, {"工作"})
    False
    """
    after = tokens[n + 1] if n + 1 < len(tokens) else ""
    if tokens[n].endswith(_ATTRIBUTIVE_HEADS):
        return False  # a doctrine qualifies nouns and stays named: 中国特色社会主义|事业
    if not _HAN.match(after) or after.endswith(_HEADS) or after in ("国家", "文化", "梦"):
        return False
    if after in common:
        return False
    return tags.get(after, "") in ("n", "vn")


def _literary_name(tokens: list[str], tags: Mapping[str, str], n: int) -> int:
    """How many tokens before the head ``tokens[n]`` a literary name in 之 spans
    (世界百年未有之大变局: 4), or 0: the 之 and, before it, a verb or a noun, after up to
    two nouns, numerals or places (世界, 百年); four characters at least before 之.

    >>> tags = {"世界": "n", "百年": "m", "未有": "v", "之": "u", "大变局": "n", "面对": "v"}
    >>> _literary_name(["面对", "世界", "百年", "未有", "之", "大变局"], tags, 5)
    4
    >>> _literary_name(["面对", "之", "大变局"], tags, 2)
    0
    """
    k = n - 2  # the word before 之
    if k < 0 or not _HAN.match(tokens[k]) or tags.get(tokens[k], "")[:1] not in ("v", "n"):
        return 0
    if tokens[k] in GOVERNING_VERBS:
        return 0
    first = k
    while first > 0 and k - first < 2 and _HAN.match(tokens[first - 1]):
        if tags.get(tokens[first - 1], "")[:2] not in ("n", "ns", "m", "nz"):
            break
        first -= 1
    if len("".join(tokens[first : k + 1])) < 4 or _NOT_IN_NAME.match(tokens[first]):
        return 0
    return n - first


#: A campaign of learning or practice the party runs, named by its last two words:
#: 主题教育, 党史学习教育, 先进性教育活动, 教育实践活动.
_LEARNING = frozenset({("主题", "教育"), ("学习", "教育"), ("教育", "活动"), ("实践", "活动")})


#: Heads of an assault on a task (攻坚战), which a verb-object word may name (脱贫攻坚).
_ASSAULT_HEADS = ("攻坚", "攻坚战")

#: Heads that say "an idea" or "a spirit" of something.
IDEA_HEADS = ("精神", "思想", "理念", "理论")
#: Tags of a verb or an adjective (not a verbal noun: 抗洪 in 抗洪精神 names an event).
_QUALITY_TAGS = ("v", "a", "ad", "an", "d", "vd")


def is_quality_name(
    name: str, tags: Mapping[str, str], common: Container[str] = frozenset()
) -> bool:
    """Whether an idea name is a quality, not a named thing: its head (精神, 思想, 理念,
    理论) after one dictionary word that jieba tags as a verb or an adjective (拼搏精神,
    团结精神, 鲜明理论), or as a verbal noun among the commonest words ``common`` (体育精神,
    合作精神). Named spirits are after a person, place, group or event (雷锋精神, 延安精神,
    女排精神, 抗洪精神).

    >>> tags = {"拼搏": "v", "团结": "a", "雷锋": "nr", "抗洪": "vn", "体育": "vn"}
    >>> [is_quality_name(n, tags) for n in ("拼搏精神", "团结精神", "雷锋精神", "抗洪精神")]
    [True, True, False, False]
    >>> is_quality_name("体育精神", tags, {"体育"}), is_quality_name("抗洪精神", tags, {"体育"})
    (True, False)
    """
    head = next((h for h in IDEA_HEADS if name.endswith(h)), "")
    modifier = name[: len(name) - len(head)]
    tag = tags.get(modifier, "")
    return bool(head) and (tag in _QUALITY_TAGS or (tag == "vn" and modifier in common))


#: A verb with its aspect particle, one word to jieba (肩负着, 迎来了): it governs what follows.
_ASPECT = re.compile(r"^[\u4e00-\u9fff]{1,3}[着了]$")
#: Tags a named idea's one word before its head has: a person, a place, a group, an event.
_NAMING_TAGS = ("nr", "ns", "nt", "nz", "m", "i", "l")


def _idea_of_a_field(word: str, head: str, tags: Mapping[str, str]) -> bool:
    """Whether ``word`` + ``head`` is an idea of a field or a quality, not a named one:
    a distinguishing word or an adjective before a concept head (上级精神, 伟大复兴), and one
    common word before 思想, 理念 or 理论 (法治理念, 科学理论, 助学理念). A person, a place, a
    group or an event names one (邓小平理论, 延安精神, 五四精神); a spirit may be named after a
    thing or a people (工匠精神, 女排精神), so 精神 keeps its nouns.

    >>> tags = {"上级": "b", "法治": "n", "邓小平": "nr", "宪法": "n", "伟大": "a"}
    >>> [_idea_of_a_field(w, h, tags) for w, h in (("上级", "精神"), ("法治", "理念"),
    ...     ("邓小平", "理论"), ("宪法", "精神"), ("伟大", "复兴"))]
    [True, True, False, False, True]
    """
    tag = tags.get(word, "")
    if word.endswith(_HEADS):
        return False  # a doctrine's own theory: 马克思主义理论
    if tag in ("a", "b"):
        return head in CONCEPT_HEADS or head.endswith(IDEA_HEADS)
    return head in ("思想", "理念", "理论") and not tag.startswith(_NAMING_TAGS)


def _names_a_task(verb: str) -> bool:
    """Whether a verb before an assault can be its task, a verb and its object (脱贫 in
    脱贫攻坚): not one that governs the assault (打赢) nor a verb in 于 (敢于, 勇于, 善于),
    which is a verb of attitude taking the assault as its object.

    >>> _names_a_task("脱贫"), _names_a_task("敢于"), _names_a_task("打赢")
    (True, False, False)
    """
    return verb not in GOVERNING_VERBS and not verb.endswith("于")


_COMPLEMENTS = "向入成进到上出"


def _moves_toward(word: str, tags: Mapping[str, str]) -> bool:
    """Whether a word jieba's dictionary lacks is a one-character verb and its complement
    of direction or result (迈上, 跨入, 奔向), which governs the name after it.

    >>> _moves_toward("迈上", {"迈": "v"}), _moves_toward("枫桥", {"枫": "n"})
    (True, False)
    """
    return len(word) == 2 and word[1] in _COMPLEMENTS and tags.get(word[0], "")[:1] == "v"


#: Verbs that govern a policy or a doctrine as their object (推进现代化, 学习雷锋精神):
#: never inside its name.
GOVERNING_VERBS = (
    *HOLDING_VERBS, "推进", "推动", "实施", "开展", "落实", "启动", "推行", "部署", "加快",
    "实现", "深化", "促进", "加强", "学习", "贯彻", "打好", "打赢", "建设", "完善", "实行", "召开",
)  # fmt: skip


def _verb_in_name(
    tokens: list[str],
    tags: Mapping[str, str],
    k: int,
    head: int,
    kind: EntityType,
    whole: bool,
) -> bool:
    """Whether the verb ``tokens[k]`` belongs to the name that ends at ``tokens[head]``.

    Right before a policy head it does (诉源治理改革), even with a complement of direction
    when its object stands before it (人才引进规划). Otherwise it must be a verb the name
    is about, not one that governs it: it stands after a noun of the name and before the
    head, another verb or a common noun (长江保护修复攻坚战, 社会治理现代化,
    国家治理体系), and a concept takes it only before 现代化.
    """
    word = tokens[k]
    if whole or word in GOVERNING_VERBS or len(word) != 2:
        return False
    before = tags.get(tokens[k - 1], "") if k > 0 else ""
    if kind == EntityType.CAMPAIGN and k == head - 1:
        # its object before it makes the verb the plan's topic: 人才引进规划, not 迈向规划
        return word[1] not in _COMPLEMENTS or before[:1] == "n"
    # a verb with a complement of direction or result moves or makes: 迈向现代化, 建成…
    if word[1] in _COMPLEMENTS:
        return False
    if kind == EntityType.CONCEPT and not tokens[head].endswith("现代化"):
        return False
    after = tags.get(tokens[k + 1], "")
    joined = k > 0 and tokens[k - 1] == "和"  # the second of two names: …体系和治理能力现代化
    if kind == EntityType.CAMPAIGN:  # two verbs the campaign is about: 长江保护修复攻坚战
        return before[:2] in ("n", "ns", "nz") and after == "v"
    if not (before[:2] in ("n", "ns", "nz", "vn") or joined):
        return False
    return k + 1 == head or after == "n"


def _joins_names(tokens: list[str], tags: Mapping[str, str], k: int, head: int) -> bool:
    """Whether ``tokens[k]`` (和) joins two nouns of two words each before one head."""
    if k < 2 or head - k < 3:
        return False
    left, right = tokens[k - 1], tokens[head - 1]
    if left.endswith(_HEADS):
        return False  # two names of their own side by side: 马克思主义唯物史观和…
    return tags.get(left, "")[:1] == "n" and tags.get(right, "")[:1] == "n" and len(left) >= 2


def _dream(word: str, tags: Mapping[str, str]) -> str:
    """The two-character noun or place a 梦 names (中国梦, 强军梦), or ""."""
    ok = len(word) == 2 and _HAN.match(word) and not _NOT_IN_NAME.match(word)
    return word if ok and tags.get(word, "") in ("n", "ns") and word not in _TITLES else ""


_HEADS = CAMPAIGN_HEADS + CONCEPT_HEADS
_TITLES = frozenset(HONORIFICS + POSITIONS)
#: Words before a classifier or a pronoun's noun: digits, numerals, 该, 此, 这, 那, 每.
_COUNTS_OR_POINTS = re.compile(rf"^(?:[\d{_NUMERAL}百千万]+|该|此|这|那|每|各|某)$")
_NUMERAL_WORD = re.compile(rf"^[{_NUMERAL}百千万]+$|^[{_NUMERAL}]{{3}}$")


def _formulas(
    text: str, tokens: list[str], is_idiom: Callable[[str], bool]
) -> Iterator[VocabularyCandidate]:
    bounds = {0}
    position = 0
    for token in tokens:
        position += len(token)
        bounds.add(position)
    for m in _COUNTED.finditer(text):
        # N个 + the word after it: 四个意识, 两个一百年 (on token boundaries)
        end = next((b for b in sorted(bounds) if b > m.start() + 3), -1)
        if m.start() in bounds and 0 < end <= m.start() + 7 and end in bounds:
            name = text[m.start() : end]
            # a count (涉及四个方面的问题, 首十个月) unless a verb holds to it or a noun names it
            held = bool(_HELD_BEFORE.search(text, 0, m.start()))
            stated = bool(_FORMULATION_AFTER.match(text, end))
            quoted = (
                m.start() > 0 and text[m.start() - 1] in "“‘" and text[end : end + 1] in ("”", "’")
            )
            if len(name) >= 4 and name[2] not in "多月年" and (held or stated or quoted):
                yield (m.start(), end, EntityType.SLOGAN, name, "vocab.formula")
    for m in _PAIRED.finditer(text):
        name = m.group()
        aligned = m.start() in bounds and m.end() in bounds
        if aligned and not is_idiom(name) and (name[0] != name[2] or name[1] != name[3]):
            yield (m.start(), m.end(), EntityType.SLOGAN, name, "vocab.formula")
    for m in _ORDINAL_COUNTED.finditer(text):
        # the Nth of a formula (第一个百年奋斗目标, “第二个结合”), never a count
        end = next((b for b in sorted(bounds) if b > m.end()), -1)
        if m.start() not in bounds or end < 0 or end - m.start() > 8:
            continue
        noun = _FORMULATION_AFTER.match(text, end)
        quoted = m.start() > 0 and text[m.start() - 1] in "“‘" and text[end : end + 1] in "”’"
        if noun and not noun.group().startswith(("”", "’")):
            name = text[m.start() : noun.end()]
            yield (m.start(), noun.end(), EntityType.CONCEPT, name, "vocab.formula")
        elif quoted:
            yield (m.start(), end, EntityType.SLOGAN, text[m.start() : end], "vocab.formula")
    for m in _PLAN.finditer(text):
        yield (m.start(), m.end(), EntityType.CAMPAIGN, m.group(), "vocab.formula")


#: Characters after which a numeral counts, ranks or sizes (五家, 两年, 三是, 十大): no formula.
_MEASURES = frozenset(
    "个家名位项条次年月日天人所座栋件种类批支只张份场届期轮部辆架艘层户元万亿千百十"
    "米吨斤倍成点分秒时周岁级等篇本句段遍起处间套台根把块片组队对股笔门节课章首幅道封"
    "是要则来者方边面侧头回番趟步代楼大字的零波"
)
#: Numerals that open formulas of two characters; 一 and 二 count or order (一听, 二字).
_FORMULA_NUMERALS = "两三四五六七八九十双"
#: Tags jieba gives an abbreviation or a proper noun, which a formula of two characters is.
_ABBREVIATION_TAGS = ("j", "nz")


def _short_formulas(tokens: list[str], tags: Mapping[str, str]) -> Iterator[VocabularyCandidate]:
    """Formulas of a numeral and one character (双碳, 四风, 三农, 六进) that the sentence
    presents as one: a verb holds to or carries it out (推进双碳), a noun of formulation or
    of work follows it (双碳目标, 六进活动), or quotes enclose it. The two characters are one
    word that jieba tags as an abbreviation or a proper noun or does not know (三农, 双碳),
    or a numeral and a character that jieba's dictionary does not hold as a word (六|进);
    never a measure (五家, 两年, 三是), a part of a longer number (十三五) or of a word cut
    in pieces.

    >>> tags = {"双": "n", "碳": "n", "三农": "nz", "五家": "m", "工作": "vn", "推进": "v"}
    >>> [label for _, _, _, label, _ in _short_formulas(["推进", "双", "碳", "工作"], tags)]
    ['双碳']
    >>> list(_short_formulas(["五家", "工作"], tags)), list(_short_formulas(["三农", "地区"], tags))
    ([], [])
    """
    position = 0
    for n, token in enumerate(tokens):
        start, position = position, position + len(token)
        before = tokens[n - 1] if n else ""
        if (before and before[-1] in _NUMERAL + "第百千万") or token[:1] not in _FORMULA_NUMERALS:
            continue
        width = 1
        if len(token) == 2:
            known = tags.get(token, "")
            if not _HAN.match(token) or (token in tags and known not in _ABBREVIATION_TAGS):
                continue
            pair = token
        elif len(token) == 1 and n + 1 < len(tokens):
            after = tokens[n + 1]
            pair, width = token + after, 2
            if len(after) != 1 or not _HAN.match(after) or pair in tags or tags.get(after) == "m":
                continue
            following = tokens[n + 2] if n + 2 < len(tokens) else ""
            if len(following) == 1 and _HAN.match(following):
                continue  # a word cut in pieces: 三|五|成群
        else:
            continue
        if pair[1] in _MEASURES or pair[1] in _NUMERAL:
            continue
        nxt = tokens[n + width] if n + width < len(tokens) else ""
        held = before in GOVERNING_VERBS or before in ("抓好", "做好")
        stated = nxt in FORMULATION_NOUNS or nxt in _WORK_NOUNS
        quoted = before.endswith(("“", "‘")) and nxt.startswith(("”", "’"))
        if held or stated or quoted:
            yield (start, start + 2, EntityType.SLOGAN, pair, "vocab.formula")


#: Nouns of work after a formula that name it as a programme: 双碳工作, 六进活动.
_WORK_NOUNS = ("工作", "活动", "政策", "行动", "战略", "任务", "理念", "建设")


def _enumerations(text: str) -> Iterator[VocabularyCandidate]:
    for m in _ENUMERATION.finditer(text):
        items = m.group(1).split("、")
        if len({len(item) for item in items}) == 1:  # parallel: items of one length
            yield (m.start(1), m.end(1), EntityType.SLOGAN, m.group(1), "vocab.enumeration")


def _bounds(tokens: list[str]) -> set[int]:
    bounds = {0}
    position = 0
    for token in tokens:
        position += len(token)
        bounds.add(position)
    return bounds


def _bare_enumerations(
    text: str, tokens: list[str], tags: Mapping[str, str]
) -> Iterator[VocabularyCandidate]:
    """Unquoted enumerations: the inner items fix the length of the first and the last."""
    bounds = _bounds(tokens)
    for m in _BARE_ENUMERATION.finditer(text):
        items = m.group().split("、")
        size = len(items[1])
        if size < 3 or size > 6 or any(len(item) != size for item in items[1:-1]):
            continue
        if len(items[0]) < size or len(items[-1]) < size:
            continue
        start = m.start() + len(items[0]) - size
        end = m.end() - len(items[-1]) + size
        parts = [items[0][-size:], *items[1:-1], items[-1][:size]]
        tail = items[-1][size:]
        # a last item joined by 和 or 与 is one more part: 中国之问、世界之问、人民之问和时代之问
        if tail[:1] in ("和", "与") and len(tail) >= size + 1 and end + size + 1 in bounds:
            parts.append(tail[1 : size + 1])
            end += size + 1
        if start not in bounds or end not in bounds:
            continue
        if not _formulation_items(parts, tags) or _open_list(text, start, end):
            continue
        # three-character items must show their parallel build: 拉得出、上得去、打得赢
        if size == 3 and not any(len({p[k] for p in parts}) == 1 for k in range(3)):
            continue
        yield (start, end, EntityType.SLOGAN, "、".join(parts), "vocab.enumeration")


def _open_list(text: str, start: int, end: int) -> bool:
    """Whether the unquoted items at ``text[start:end]`` are an open list of examples (…等)
    or the attributes of a noun (具有重大的政治意义、理论意义…): a list, not a formula.

    A list that defines a name before it (“五通”也就是…等) is not open.

    >>> _open_list("了解服务事项、办结时限、便民措施等情况", 2, 16)
    True
    >>> _open_list("“两通”即信息联通、设施联通等", 5, 14)
    False
    """
    if _DEFINING.search(text, 0, start):
        return False
    return text[end : end + 1] == "等" or (start > 0 and text[start - 1] == "的")


_DEFINING = re.compile(r"(?:也就是|就是|即|是指)$")


_RUN_OF_ITEMS = re.compile(r"[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+)+")


def _presented_enumerations(
    text: str, tokens: list[str], tags: Mapping[str, str]
) -> Iterator[VocabularyCandidate]:
    """Parallel clauses the text presents as one formula, two items or more: held to by a
    verb before them (坚持学思用贯通、知信行统一) or named a formulation after them
    (让数据多跑路、让群众少跑腿的改革目标). The last and inner items fix the length."""
    bounds = _bounds(tokens)
    for m in _RUN_OF_ITEMS.finditer(text):
        items = m.group().split("、")
        last, _, rest = items[-1].partition("的")
        size = len(last)
        if size < 3 or (len(items) == 2 and size < 4) or size > 8:
            continue
        if any(len(item) != size for item in items[1:-1]) or len(items[0]) < size:
            continue
        start = m.start() + len(items[0]) - size
        end = m.start() + len(m.group()) - len(items[-1]) + size
        held = bool(_HELD_BEFORE.search(text, m.start(), start))
        stated = bool(rest) and bool(_FORMULATION_AFTER.match(text, end + 1))
        if not (held or stated) or start not in bounds or end not in bounds:
            continue
        if rest == "" and end < len(text) and _HAN.match(text[end]):
            continue  # the last item runs on: its length is not the items'
        parts = [items[0][-size:], *items[1:-1], last]
        if _formulation_items(parts, tags):
            yield (start, end, EntityType.SLOGAN, "、".join(parts), "vocab.enumeration")


#: Runs of Han text joined by commas, where a run of four-character clauses may stand.
_COMMA_RUN = re.compile(r"[\u4e00-\u9fff]+(?:[，,][\u4e00-\u9fff]+)+")
_OPENING_QUOTES, _CLOSING_QUOTES = '“‘「『"', '”’」』"'


def _clause_formulas(
    text: str,
    tokens: list[str],
    tags: Mapping[str, str],
    is_idiom: Callable[[str], bool] = lambda text: False,
) -> Iterator[VocabularyCandidate]:
    """Four-character clauses joined by commas that the text presents as one formula:
    quoted whole (“社屋为主，经屋为辅”), held to by a verb before them, three or more
    (坚持因地制宜，城乡统筹，突出重点，兼顾一般), or named a formulation after them
    (实行安全第一，常备不懈，以防为主，防抗结合的原则): slogans, the clauses their parts.
    The first clause is the end of its segment; a longer clause after them is none of them.
    Quoted clauses must share a character in one place (为 in 社屋为主，经屋为辅) and none be an
    idiom: quoted verse, proverbs and figures of speech (如身使臂，如臂使指) are runs of
    four-character clauses too.

    >>> [c[3] for c in _clause_formulas("目标，实行安全第一，常备不懈的原则。", ["目标", "，",
    ...     "实行", "安全第一", "，", "常备不懈", "的", "原则", "。"], {})]
    ['安全第一，常备不懈']
    """
    bounds = _bounds(tokens)
    for m in _COMMA_RUN.finditer(text):
        segments, position = [], m.start()
        for segment in re.split("[，,]", m.group()):
            segments.append((position, segment))
            position += len(segment) + 1
        k = 0
        while k < len(segments) - 1:
            j = k + 1
            while j < len(segments) and len(segments[j][1]) == 4:
                j += 1
            first_at, first = segments[k]
            start = first_at + len(first) - 4
            clauses = [first[-4:], *(segment for _, segment in segments[k + 1 : j])]
            end = segments[j - 1][0] + 4 if j > k + 1 else first_at + len(first)
            tail_at, tail = segments[j] if j < len(segments) else (0, "")
            if tail[4:5] == "的" and _FORMULATION_AFTER.match(text, tail_at + 5):
                clauses.append(tail[:4])  # …，防抗结合的原则
                end = tail_at + 4
            k = j
            if len(first) < 4 or len(clauses) < 2:
                continue
            before, after = text[start - 1 : start], text[end : end + 1]
            quoted = before != "" and before in _OPENING_QUOTES and after in _CLOSING_QUOTES
            held = len(clauses) >= 3 and bool(_HELD_BEFORE.search(text, 0, start))
            stated = after == "的" and bool(_FORMULATION_AFTER.match(text, end + 1))
            if not (quoted or held or stated) or start not in bounds or end not in bounds:
                continue
            # quoted verse and proverbs are such runs too; a quoted slogan shows its parallel
            # build (社屋为主，经屋为辅), where 天似穹庐，笼盖四野 does not
            parallel = any(
                len({clause[n] for clause in clauses}) == 1 for n in range(4)
            ) and not any(is_idiom(clause) for clause in clauses)
            if (held or stated or parallel) and _formulation_items(clauses, tags):
                yield (start, end, EntityType.SLOGAN, text[start:end], "vocab.enumeration")


def _comprehensive(tokens: list[str], tags: Mapping[str, str]) -> Iterator[VocabularyCandidate]:
    """全面 and what it qualifies, when that is one fused word (全面深化改革: a campaign) or a
    verb and a noun of three characters or more (全面建成小康社会: a goal, a concept);
    进一步 before it renews the goal and is part of its name (进一步全面深化改革).
    The resolver keeps them only when two documents write them."""
    position = 0
    for n, token in enumerate(tokens):
        start, position = position, position + len(token)
        if token != "全面" or n + 1 >= len(tokens) or not _HAN.match(tokens[n + 1]):
            continue
        fused = tokens[n + 1]
        opening = "全面"
        if n > 0 and tokens[n - 1] == "进一步":
            start, opening = start - 3, "进一步全面"
        if len(fused) >= 4 and tags.get(fused, "?")[:1] != "v":
            yield (start, position + len(fused), EntityType.CAMPAIGN, opening + fused, "vocab.goal")
        elif n + 2 < len(tokens) and tags.get(fused, "")[:1] == "v" and len(fused) == 2:
            noun = tokens[n + 2]
            # a person's name ends no goal: 全面贯彻习近平… is cut short
            tag = tags.get(noun, "")
            if len(noun) >= 3 and _HAN.match(noun) and tag[:1] == "n" and tag[:2] != "nr":
                end = position + len(fused) + len(noun)
                yield (start, end, EntityType.CONCEPT, opening + fused + noun, "vocab.goal")


#: Goals a standard (高质量, 高水平) qualifies: 高质量发展, 高水平安全.
GOAL_NOUNS = ("发展", "安全", "开放", "增长", "保护")
_HIGH_STANDARD = re.compile(r"^高[\u4e00-\u9fff]{2}$")


def _high_standard_goals(
    tokens: list[str], tags: Mapping[str, str]
) -> Iterator[VocabularyCandidate]:
    """高 and a noun of measure before a goal noun: a goal (高质量发展, 高水平对外开放 is
    not: the goal noun must follow at once). After a place, an aim (a noun and its verb) and
    和, the goal is a region's strategy, a campaign (黄河流域生态保护和高质量发展).

    >>> tags = {"黄河流域": "ns", "生态": "n", "保护": "v", "高质量": "n"}
    >>> words = ["推动", "黄河流域", "生态", "保护", "和", "高质量", "发展"]
    >>> sorted((c[3], c[2].value) for c in _high_standard_goals(words, tags))
    [('高质量发展', 'Concept'), ('黄河流域生态保护和高质量发展', 'Campaign')]
    """
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    for n, token in enumerate(tokens[:-1]):
        if not (_HIGH_STANDARD.match(token) and tokens[n + 1] in GOAL_NOUNS):
            continue
        end = starts[n + 2]
        yield (starts[n], end, EntityType.CONCEPT, token + tokens[n + 1], "vocab.head")
        if n >= 4 and tokens[n - 1] == "和" and _regional_aim(tokens[n - 4 : n - 1], tags):
            name = "".join(tokens[n - 4 : n + 2])
            yield (starts[n - 4], end, EntityType.CAMPAIGN, name, "vocab.head")


def _regional_aim(words: list[str], tags: Mapping[str, str]) -> bool:
    """Whether three words are a place, a noun and a verb of it (黄河流域|生态|保护)."""
    place, noun, verb = words
    return (
        tags.get(place, "")[:2] == "ns"
        and tags.get(noun, "") == "n"
        and tags.get(verb, "") in ("v", "vn")
        and len(noun) == len(verb) == 2
    )


_PROCESS = re.compile(r"^[\u4e00-\u9fff]{2}化$")


def _processes_of_a_kind(
    tokens: list[str], tags: Mapping[str, str]
) -> Iterator[VocabularyCandidate]:
    """A distinguishing word (jieba's ``b``) of two characters before a process in 化 of
    three: a policy of that kind (新型工业化, 新型城镇化), which the process alone (工业化) is not.

    >>> tags = {"新型": "b", "工业化": "vn", "加快": "v"}
    >>> [c[3] for c in _processes_of_a_kind(["加快", "新型", "工业化"], tags)]
    ['新型工业化']
    """
    position = 0
    for n, token in enumerate(tokens[:-1]):
        start, position = position, position + len(token)
        process = tokens[n + 1]
        kind_word = len(token) == 2 and tags.get(token) == "b"
        if kind_word and _PROCESS.match(process) and process not in _HEADS:
            yield (start, position + 3, EntityType.CAMPAIGN, token + process, "vocab.head")


def _balanced_aims(tokens: list[str], tags: Mapping[str, str]) -> Iterator[VocabularyCandidate]:
    """统筹 and two aims joined by 和 or 与, each ending in an activity or a state (a verbal
    noun or an adjective's noun): a slogan of balance (统筹发展和安全, 统筹推进疫情防控和
    经济社会发展), where things to arrange are not (统筹调度人员和机械). The clause must end
    there: punctuation, 的 or a noun of formulation follows.

    >>> tags = {"统筹": "v", "发展": "vn", "和": "c", "安全": "an", "人员": "n", "机械": "n"}
    >>> [name for _, _, _, name, _ in _balanced_aims(["统筹", "发展", "和", "安全", "。"], tags)]
    ['统筹发展和安全']
    >>> list(_balanced_aims(["统筹", "人员", "和", "机械", "。"], tags))
    []
    """
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    for n, token in enumerate(tokens):
        if token != "统筹":
            continue
        k = n + 2 if n + 1 < len(tokens) and tokens[n + 1] == "推进" else n + 1
        joint = next(
            (m for m in range(k + 1, min(k + 3, len(tokens))) if tokens[m] in ("和", "与")), -1
        )
        if joint < 0:
            continue
        for end in range(joint + 2, min(joint + 4, len(tokens) + 1)):
            left, right = tokens[k:joint], tokens[joint + 1 : end]
            after = tokens[end] if end < len(tokens) else ""
            closed = not _HAN.match(after) or after == "的" or after in FORMULATION_NOUNS
            if closed and _aim(left, tags) and _aim(right, tags):
                name = "".join(tokens[n:end])
                yield (starts[n], starts[end], EntityType.SLOGAN, name, "vocab.enumeration")
                break


def _aim(item: list[str], tags: Mapping[str, str]) -> bool:
    """Whether words are an aim: Chinese nouns or verbal nouns, two to six characters, the
    last one an activity or a state (发展, 防控, 安全)."""
    if not item or not all(_HAN.match(w) and tags.get(w, "")[:1] in ("n", "v", "a") for w in item):
        return False
    return 2 <= len("".join(item)) <= 6 and tags.get(item[-1], "") in ("vn", "an")


def _formulation_items(parts: list[str], tags: Mapping[str, str]) -> bool:
    """Whether enumerated items can be a formulation's: none a place, a name, an ordinal or
    a 的-phrase, not all attributes in 性."""
    if any(p.endswith(_PLACE_ENDING) or tags.get(p, "")[:2] in ("ns", "nr", "nt") for p in parts):
        return False
    # lists of attributes (整体性、开放性), of ordinals (第一卷、第二卷) or of
    # modified nouns (壮阔的天地、…) are lists, not formulations
    return not (
        all(p.endswith("性") for p in parts) or any("的" in p or p.startswith("第") for p in parts)
    )


def _frames(text: str, tokens: list[str]) -> Iterator[VocabularyCandidate]:
    bounds = _bounds(tokens)
    for m in _FRAME.finditer(text):
        if m.start() not in bounds or m.end() not in bounds:
            continue
        if any(title in m.group() for title in _TITLES):
            continue  # 以…同志为核心 names a leadership, not an idea
        yield (m.start(), m.end(), EntityType.CONCEPT, m.group(), "vocab.frame")
        doctrine = _FRAME_DOCTRINE.match(text, m.end())
        if doctrine and doctrine.end() in bounds:
            name = text[m.start() : doctrine.end()]
            yield (m.start(), doctrine.end(), EntityType.CONCEPT, name, "vocab.frame")


def _is_fragment(name: str) -> bool:
    """Whether a name is a head after the tail of another word: 主义思想 (of …社会主义思想).

    >>> _is_fragment("主义思想"), _is_fragment("法治思想")
    (True, False)
    """
    return any(name.startswith(h) and len(h) >= 2 for h in _HEADS)


def enumeration_parts(label: str) -> tuple[str, ...]:
    """The items of an enumerated formula: its parts.

    >>> enumeration_parts("简政放权、放管结合、优化服务")
    ('简政放权', '放管结合', '优化服务')
    >>> enumeration_parts("统一规划，分步实施"), enumeration_parts("四个意识")
    (('统一规划', '分步实施'), ())
    """
    items = tuple(re.split("[、，,]", label))
    return items if len(items) > 1 else ()
