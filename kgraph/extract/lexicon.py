"""Closed word classes of Chinese political and news writing.

These are grammar, not knowledge of any corpus: surnames, titles and
honorifics, the suffixes that make an organization's name, the nouns that
mark a campaign, the verbs of proposing, visiting and stating. Each list
covers its whole class as far as news writing uses it.
"""

from __future__ import annotations

import re

__all__ = [
    "CAMPAIGN_NOUNS",
    "COMPOUND_SURNAMES",
    "HONORIFICS",
    "MEDIA_SUFFIXES",
    "NUMERALS",
    "ORG_UNITS",
    "POSITIONS",
    "PROPOSE_VERBS",
    "STATE_VERBS",
    "SURNAMES",
    "VISIT_VERBS",
    "alternation",
]

#: Single-character surnames: the common surnames of the mainland, Hong Kong and Taiwan.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆"
    "乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平"
    "计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公"
    "哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由习逄郗禤蒯隗鄂訾缑"
)

#: Two-character surnames.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "令狐",
        "夏侯",
        "轩辕",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "钟离",
    ]
)

#: Honorifics and forms of address that follow a name and are not part of it.
HONORIFICS = ("总书记", "同志", "先生", "女士", "老师", "教授", "院士", "主席", "总理")

#: Positions that may stand before or after a name (longest first when matched).
POSITIONS = tuple(
    sorted(
        [
            "总书记",
            "书记",
            "副书记",
            "常委",
            "委员",
            "主席",
            "副主席",
            "总理",
            "副总理",
            "国务委员",
            "部长",
            "副部长",
            "省长",
            "副省长",
            "代省长",
            "市长",
            "副市长",
            "代市长",
            "县长",
            "副县长",
            "代县长",
            "区长",
            "副区长",
            "乡长",
            "镇长",
            "村长",
            "州长",
            "旗长",
            "主任",
            "副主任",
            "厅长",
            "局长",
            "处长",
            "科长",
            "司长",
            "秘书长",
            "院长",
            "校长",
            "党委书记",
            "总经理",
            "董事长",
            "社长",
            "总编辑",
            "主编",
            "记者",
            "通讯员",
            "首席记者",
            "特约评论员",
            "评论员",
            "研究员",
            "教授",
            "专家",
            "驻村第一书记",
            "第一书记",
            "组织部长",
            "宣传部长",
            "纪委书记",
            "政委",
            "司令员",
        ],
        key=len,
        reverse=True,
    )
)

#: Units that make an organization's name when they follow a place or another unit.
ORG_UNITS = tuple(
    sorted(
        [
            "省委",
            "市委",
            "县委",
            "区委",
            "地委",
            "州委",
            "盟委",
            "旗委",
            "镇委",
            "乡委",
            "党委",
            "党组",
            "工委",
            "纪委",
            "监委",
            "政法委",
            "人大常委会",
            "人大",
            "政协",
            "人民政府",
            "政府",
            "人民法院",
            "人民检察院",
            "法院",
            "检察院",
            "公安局",
            "公安厅",
            "组织部",
            "宣传部",
            "统战部",
            "政法委员会",
            "办公厅",
            "办公室",
            "发改委",
            "发展改革委",
            "教育局",
            "教育厅",
            "财政局",
            "财政厅",
            "卫健委",
            "民政局",
            "民政厅",
            "农业农村局",
            "农业农村厅",
            "商务局",
            "商务厅",
            "文旅局",
            "文化和旅游厅",
            "生态环境局",
            "生态环境厅",
            "住建局",
            "交通运输局",
            "自然资源局",
            "应急管理局",
            "市场监管局",
            "税务局",
            "委员会",
            "委",
            "理论学习中心组",
            "党校",
            "行政学院",
            "社会主义学院",
            "团委",
            "妇联",
            "总工会",
            "工会",
            "侨联",
            "科协",
            "文联",
            "作协",
            "残联",
            "红十字会",
            "党工委",
            "管委会",
            "街道办",
            "联合会",
            "协会",
            "学会",
            "研究会",
            "研究院",
            "研究所",
            "研究中心",
            "中心",
            "大学",
            "学院",
            "医院",
            "银行",
            "集团",
            "有限公司",
            "股份有限公司",
            "公司",
            "日报社",
            "报社",
            "电视台",
            "广播电台",
            "融媒体中心",
        ],
        key=len,
        reverse=True,
    )
)

#: Endings of the names of newspapers, magazines, agencies and news sites.
MEDIA_SUFFIXES = (
    "日报", "晚报", "时报", "早报", "晨报", "商报", "青年报", "报", "杂志", "周刊", "月刊", "半月刊", "画报",
    "通讯社", "新闻社", "新闻网", "网", "新闻", "电视台", "广播电台", "之声", "号",
)  # fmt: skip

#: Nouns that, next to a name, mark a named initiative, system or plan.
CAMPAIGN_NOUNS = tuple(
    sorted(
        [
            "活动",
            "工作法",
            "工作制度",
            "工作机制",
            "工作理念",
            "工作方法",
            "制度",
            "机制",
            "行动",
            "工程",
            "计划",
            "规划",
            "战略",
            "专项行动",
            "专项",
            "运动",
            "教育",
            "主题教育",
            "模式",
            "理念",
            "精神",
            "试点",
            "改革",
            "攻坚战",
            "行动计划",
            "纲要",
            "方针",
            "政策",
            "倡议",
            "品牌",
            "工作",
            "服务",
            "举措",
        ],
        key=len,
        reverse=True,
    )
)
#: Of those, the ones too generic to mark a campaign on their own after a plain phrase.
WEAK_CAMPAIGN_NOUNS = frozenset(
    {"工作", "服务", "精神", "教育", "政策", "改革", "举措", "模式", "理念"}
)

#: Chinese numerals that open a numbered formula (四个意识, 两个维护, 十四五).
NUMERALS = "一二三四五六七八九十两百千万双"

PROPOSE_VERBS = (
    "首创",
    "倡导",
    "提出",
    "提倡",
    "推动",
    "发起",
    "创立",
    "开创",
    "推行",
    "推广",
    "部署开展",
)
VISIT_VERBS = (
    "深入",
    "走访",
    "来到",
    "考察",
    "视察",
    "调研",
    "看望",
    "慰问",
    "访问",
    "前往",
    "赴",
    "到",
    "进",
)
STATE_VERBS = (
    "指出",
    "强调",
    "要求",
    "表示",
    "说",
    "讲",
    "谈到",
    "提到",
    "寄语",
    "批示",
    "号召",
    "写道",
)


def alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    """A regular-expression alternation of ``words``, longest first.

    >>> alternation(("书记", "总书记"))
    '(?:总书记|书记)'
    """
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"
