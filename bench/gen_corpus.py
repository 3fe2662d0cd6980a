"""Synthetic newspaper pages for benchmarks, in the style of the real OCR'd seed pages.

A seeded, made-up world (cities, districts, streets, communities, officials with
titles, companies, reporters) is written out as city-party-newspaper pages: masthead,
headlines, bylines (`本报讯(记者 X)`, `□本报记者 X 通讯员 Y`), datelines without a year
(`6月15日`, `昨日`, `近日`), meetings chaired and attended by titled officials with
enumerations (`副市长A、B、C`), compound titles (`市委常委、常务副市长X`), inspections,
project signings with investments, page furniture (`02 | 要闻`), continuation markers
and column breaks that cut words.

All names come from general lexicons (surnames, given-name characters, place and
organization suffixes) combined at random, never from the seed pages, so a benchmark
also exercises names the extractor has never seen.

    python bench/gen_corpus.py --articles 10000 --out DIR --seed 1 [--per-page 6] [--papers 2]
                               [--jsonl FILE] [--start 2022-03-01]

Same arguments -> byte-identical output. Writes DIR/<paper>/<date>-<page>.txt (one page
per file) and DIR/manifest.json (counts).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# --- general lexicons (not from any page) -----------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲飞鹏辉建国志鑫宇浩凯健俊帆帅旭"
    "宁亮成新波林峰晨昊文博斌海东梅琳雪莉兰凤洁琴云莹倩婷颖慧巧美晶妍茜秋珊莎锦黛青倩婷宏卫"
    "庆民永生春燕利德世荣福喜彬松柏鸿雁振兴学良长根福贵忠诚正义宝善怀远江河山川书林森"
)
PLACE_CHARS = (
    "安宁平阳江河山川东西南北丰兴华泰昌新清源临永嘉合定远德和隆庆鹤峰林岭宜阜寿滨沙云汉"
    "龙凤金银石桥湖溪城关台坪屯庄集店营寨口堡塘洲潭泉井岗坡"
)
COMPANY_CHARS = "华鑫瑞恒泰宏盛达远腾嘉中天金银科创博宇德源汇通联合信诚丰润佳和裕隆昊晟启航"
INDUSTRIES = ("科技", "新材料", "智能装备", "生物医药", "物流", "新能源", "食品", "电子",
              "环保", "建材", "汽车零部件", "文化旅游", "电力设备", "农业发展", "数字科技")
COMPANY_SUFFIXES = ("有限公司", "股份有限公司", "集团有限公司", "集团")
PROJECT_KINDS = ("产业园项目", "生产基地项目", "研发中心项目", "智能制造项目", "物流园项目",
                 "综合体项目", "示范园区项目", "产业化项目")
WEEKDAYS = "一二三四五六日"

# Topics as a city paper writes them; combined into meeting and event names.
TOPICS = ("安全生产", "防汛", "疫情防控", "招商引资", "优化营商环境", "乡村振兴", "生态环境保护",
          "民生实事", "文明城市创建", "重点项目建设", "中招考试安全", "扬尘污染防治", "基层治理",
          "科技创新", "老旧小区改造", "高质量发展", "森林防火", "信访稳定", "食品安全", "人才引进",
          "农村人居环境整治", "国土绿化", "消防安全", "创建国家卫生城市", "稳经济促发展")
MEETING_FORMS = ("工作会议", "工作推进会", "视频会", "座谈会", "现场观摩会", "专题会议", "调度会")
SPEECH_VERBS = ("强调", "指出", "要求", "表示")

# Departments of a city government / party committee: generic Chinese administration.
PARTY_DEPTS = ("组织部", "宣传部", "统战部", "政法委", "办公室", "政策研究室")
GOV_DEPTS = ("发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局",
             "财政局", "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
             "交通运输局", "水利局", "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会",
             "应急管理局", "市场监督管理局", "城市管理局")

# Sentences of generic policy prose, written for this generator; {x} slots are filled.
FILLER = (
    "要提高政治站位，切实把思想和行动统一到上级决策部署上来",
    "要坚持问题导向，聚焦短板弱项，拿出务实管用的举措",
    "要压实工作责任，层层传导压力，确保各项任务落到实处",
    "要加强统筹协调，形成工作合力，推动{topic}工作取得新成效",
    "要强化督导检查，对发现的问题立行立改，做到举一反三",
    "要坚持以人民为中心，把群众满意作为检验工作成效的标准",
    "要创新工作方法，完善长效机制，不断提升{topic}工作水平",
    "要加快项目进度，倒排工期、挂图作战，确保早日建成见效",
    "要严格落实各项制度规定，坚决守住安全底线",
    "要加强宣传引导，营造全社会共同参与的良好氛围",
)
NARRATIVE = (
    "近年来，{place}坚持把{topic}作为重要抓手，持续加大投入力度，取得了明显成效",
    "据了解，今年以来，{place}共排查整改各类问题{n}个，惠及群众{m}余户",
    "“现在办事方便多了，有啥事找社区，一会儿就给解决了。”居民{resident}说",
    "下一步，{place}将继续完善工作机制，推动{topic}工作走深走实",
    "活动现场，工作人员向群众发放宣传资料{n}份，解答群众咨询{m}人次",
    "该项目建成投产后，预计年产值可达{n}亿元，新增就业岗位{m}个",
    "目前，{place}已累计完成投资{n}亿元，占年度计划的{m}%",
    "与会人员围绕{topic}工作进行了深入交流，提出了意见建议",
)


# --- the made-up world ---------------------------------------------------------------------

@dataclass
class Person:
    name: str
    title: str = ""       # the title the paper prints before the name


@dataclass
class District:
    name: str             # 宁川区 / 平安县
    streets: list[str]
    communities: dict[str, list[str]]
    secretary: Person
    head: Person          # 区长 / 县长
    deputies: list[Person]


@dataclass
class City:
    short: str            # 宁川
    paper: str            # 宁川日报
    halfwidth: bool       # OCR style: ASCII commas and brackets
    issue0: int
    roster: dict[str, list[Person]]
    districts: list[District]
    departments: list[tuple[str, Person]]   # (市住房和城乡建设局, head)
    companies: list[tuple[str, Person]]     # (name, chairman)
    reporters: list[str]
    correspondents: list[str]

    @property
    def name(self) -> str:
        return self.short + "市"


class NameMaker:
    """Distinct person and place names from general characters, deterministic per rng."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def person(self) -> str:
        while True:
            given_len = 1 if self.rng.random() < 0.25 else 2
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN_CHARS) for _ in range(given_len))
            if name not in self.used:
                self.used.add(name)
                return name

    def place(self, suffix: str, length: int = 2) -> str:
        while True:
            name = "".join(self.rng.choice(PLACE_CHARS) for _ in range(length)) + suffix
            if name not in self.used:
                self.used.add(name)
                return name

    def company(self) -> str:
        while True:
            name = ("".join(self.rng.choice(COMPANY_CHARS) for _ in range(2))
                    + self.rng.choice(INDUSTRIES) + self.rng.choice(COMPANY_SUFFIXES))
            if name not in self.used:
                self.used.add(name)
                return name


def make_city(rng: random.Random, names: NameMaker, index: int) -> City:
    short = names.place("", 2)
    p = names.person
    roster = {
        "市委书记": [Person(p(), "市委书记")],
        "市长": [Person(p(), "市委副书记、市长")],
        "市委副书记": [Person(p(), "市委副书记、政法委书记")],
        "常务副市长": [Person(p(), "市委常委、常务副市长")],
        "组织部长": [Person(p(), "市委常委、组织部部长")],
        "宣传部长": [Person(p(), "市委常委、宣传部部长")],
        "常委副市长": [Person(p(), "市委常委、副市长")],
        "副市长": [Person(p(), "副市长") for _ in range(4)],
        "秘书长": [Person(p(), "市政府秘书长")],
        "人大主任": [Person(p(), "市人大常委会主任")],
        "人大副主任": [Person(p(), "市人大常委会副主任") for _ in range(3)],
        "政协主席": [Person(p(), "市政协党组书记、主席")],
        "政协副主席": [Person(p(), "市政协副主席") for _ in range(3)],
    }
    districts = []
    for _ in range(rng.randint(5, 8)):
        suffix = "区" if rng.random() < 0.6 else "县"
        dname = names.place(suffix)
        streets = [names.place(rng.choice(("街道", "街道", "镇", "乡"))) for _ in range(rng.randint(3, 6))]
        communities = {s: [names.place("社区" if s.endswith("街道") else rng.choice(("村", "社区")))
                           for _ in range(rng.randint(2, 4))] for s in streets}
        head_title = dname + ("区长" if suffix == "区" else "县长")
        districts.append(District(
            dname, streets, communities,
            secretary=Person(p(), dname[:-1] + suffix + "委书记"),
            head=Person(p(), head_title),
            deputies=[Person(p(), "副" + head_title[len(dname):]) for _ in range(2)],
        ))
    departments = []
    for dept in rng.sample(GOV_DEPTS, 12):
        title = "党组书记、" + ("主任" if dept.endswith("委员会") else "局长")
        departments.append(("市" + dept, Person(p(), title)))
    for dept in PARTY_DEPTS[:4]:
        departments.append(("市委" + dept, Person(p(), "常务副部长" if dept.endswith("部") else "副书记")))
    companies = [(names.company(), Person(p(), "董事长")) for _ in range(40)]
    return City(
        short=short, paper=short + "日报", halfwidth=index % 2 == 0, issue0=rng.randint(5000, 12000),
        roster=roster, districts=districts, departments=departments, companies=companies,
        reporters=[p() for _ in range(12)], correspondents=[p() for _ in range(30)],
    )


def rotate_officials(rng: random.Random, names: NameMaker, city: City) -> None:
    """Officials change over time: a new name now and then takes a post."""
    key = rng.choice(list(city.roster))
    slot = rng.randrange(len(city.roster[key]))
    city.roster[key][slot] = Person(names.person(), city.roster[key][slot].title)


# --- articles ------------------------------------------------------------------------------

@dataclass
class GenArticle:
    title: str
    subtitle: str
    paragraphs: list[str]
    byline_top: str = ""     # a line under the headline
    byline_end: str = ""     # a line after the body
    date: str = ""           # ISO date of the event (truth)
    persons: list[str] = field(default_factory=list)


class Writer:
    """Writes one article of a given kind for a city on a page date."""

    def __init__(self, rng: random.Random, names: NameMaker) -> None:
        self.rng = rng
        self.names = names

    # small helpers
    def dateline(self, page_date: dt.date) -> tuple[str, dt.date]:
        r = self.rng.random()
        day = page_date - dt.timedelta(days=1)
        if r < 0.55:
            return f"{day.month}月{day.day}日", day
        if r < 0.75:
            return "昨日", day
        if r < 0.85:
            start = page_date - dt.timedelta(days=self.rng.randint(2, 4))
            return f"{start.day}日至昨日", start
        return self.rng.choice(("近日", "日前")), page_date - dt.timedelta(days=self.rng.randint(2, 6))

    def fill(self, text: str, city: City, place: str | None = None, topic: str | None = None) -> str:
        rng = self.rng
        return text.format(
            topic=topic or rng.choice(TOPICS), place=place or rng.choice(city.districts).name,
            n=rng.randint(3, 900), m=rng.randint(10, 99), resident=self.resident())

    def resident(self) -> str:
        # a surname with a kinship word: not an identifiable person
        return self.rng.choice(SURNAMES) + self.rng.choice(("阿姨", "大爷", "师傅", "女士", "先生"))

    def prose(self, city: City, count: int, pool=FILLER, topic: str | None = None, place: str | None = None) -> str:
        parts = [self.fill(s, city, place, topic) for s in self.rng.sample(pool, count)]
        return "；".join(parts) + "。"

    def byline(self, city: City) -> tuple[str, str, str, list[str]]:
        """(lead-in for the first paragraph, line under the title, line after the body)."""
        rng = self.rng
        reporters = rng.sample(city.reporters, rng.choice((1, 1, 2)))
        corr = rng.sample(city.correspondents, rng.choice((0, 1, 1, 2)))
        sep = "" if rng.random() < 0.3 else " "
        who = " ".join(reporters)
        corr_text = (f" 通讯员{sep}{' '.join(corr)}" if corr else "")
        style = rng.random()
        if style < 0.6:
            return f"本报讯（记者{sep}{who}{corr_text}）", "", "", reporters
        if style < 0.75:
            return "", f"{rng.choice(('□', ''))}本报记者{sep}{who}{corr_text}", "", reporters
        if style < 0.88:
            return "", "", f"本报记者 {who}{corr_text}{rng.choice(('', ' 文图'))}", reporters
        return "", "", "（" + " ".join(reporters + corr) + "）", reporters

    def officials(self, city: City, k: int) -> list[Person]:
        """k city leaders other than the chair, in protocol order."""
        order = ["常务副市长", "组织部长", "宣传部长", "常委副市长", "副市长", "秘书长",
                 "人大副主任", "政协副主席"]
        flat = [person for key in order for person in city.roster[key]]
        chosen = sorted(self.rng.sample(range(len(flat)), min(k, len(flat))))
        return [flat[i] for i in chosen]

    @staticmethod
    def enumerate_titled(people: list[Person]) -> str:
        """`市委常委、常务副市长A，副市长B、C、D` : people sharing a title share one title."""
        groups: list[tuple[str, list[str]]] = []
        for person in people:
            if groups and groups[-1][0] == person.title:
                groups[-1][1].append(person.name)
            else:
                groups.append((person.title, [person.name]))
        return "，".join(title + "、".join(names) for title, names in groups)

    # kinds of article
    def meeting(self, city: City, page_date: dt.date) -> GenArticle:
        rng = self.rng
        when, day = self.dateline(page_date)
        topic = rng.choice(TOPICS)
        chair = rng.choice(city.roster["市长"] + city.roster["市委书记"] + city.roster["常务副市长"])
        if rng.random() < 0.3:
            event = "市政府常务会议"
            title = f"{chair.name}主持召开{event}"
            subtitle = f"研究{topic}等工作"
        else:
            event = f"全市{topic}{rng.choice(MEETING_FORMS)}"
            title = f"{event}召开"
            subtitle = f"{chair.name}出席并讲话"
        lead, top, end, reporters = self.byline(city)
        attendees = self.officials(city, rng.randint(2, 7))
        speaker = rng.choice(attendees)
        paras = [
            f"{lead}{when}，{chair.title}{chair.name}主持召开{event}，"
            f"{rng.choice(('研究部署', '安排部署', '听取汇报并研究'))}{topic}等工作。",
            f"{self.enumerate_titled(attendees)}出席会议。"
            + (f"各{rng.choice(('县（市、区）', '区'))}和市直有关部门负责同志参加会议。" if rng.random() < 0.5 else ""),
            f"{chair.name}{rng.choice(SPEECH_VERBS)}，{self.prose(city, rng.randint(2, 4), topic=topic)}",
            f"{speaker.name}对具体工作进行了安排。",
        ]
        if rng.random() < 0.5:
            paras.insert(3, f"{chair.name}{rng.choice(SPEECH_VERBS)}，"
                            f"{self.prose(city, rng.randint(2, 3), topic=topic)}")
        return GenArticle(title, subtitle, paras, top, end, day.isoformat(),
                          [chair.name] + [a.name for a in attendees] + reporters)

    def inspection(self, city: City, page_date: dt.date) -> GenArticle:
        rng = self.rng
        when, day = self.dateline(page_date)
        topic = rng.choice(TOPICS)
        leader = rng.choice(city.roster["市委书记"] + city.roster["市长"] + city.roster["副市长"]
                            + city.roster["常委副市长"])
        district = rng.choice(city.districts)
        streets = rng.sample(district.streets, min(len(district.streets), rng.randint(1, 3)))
        stops = [s + rng.choice(district.communities[s]) for s in streets]
        company, _ = rng.choice(city.companies)
        stops.append(company)
        rng.shuffle(stops)
        lead, top, end, reporters = self.byline(city)
        title = f"{leader.name}到{district.name}调研{topic}工作"
        escort = [district.secretary, district.head][: rng.randint(1, 2)]
        paras = [
            f"{lead}{when}，{leader.title}{leader.name}深入{district.name}" + "、".join(stops)
            + f"等地，调研{topic}工作。{'，'.join(p.title + p.name for p in escort)}陪同。",
            self.prose(city, 2, NARRATIVE, topic=topic, place=district.name),
            f"{leader.name}{rng.choice(SPEECH_VERBS)}，{self.prose(city, rng.randint(2, 4), topic=topic)}",
        ]
        return GenArticle(title, "", paras, top, end, day.isoformat(),
                          [leader.name] + [p.name for p in escort] + reporters)

    def signing(self, city: City, page_date: dt.date) -> GenArticle:
        rng = self.rng
        when, day = self.dateline(page_date)
        district = rng.choice(city.districts)
        company, chairman = rng.choice(city.companies)
        project = (company[:2] + rng.choice(INDUSTRIES) + rng.choice(PROJECT_KINDS))
        invest = f"{rng.randint(1, 80)}{rng.choice(('', '.5', '.2', '.8'))}亿元"
        witness = rng.choice(city.roster["常委副市长"] + city.roster["副市长"] + city.roster["常务副市长"])
        lead, top, end, reporters = self.byline(city)
        title = f"{district.name}与{company}签约{project}"
        paras = [
            f"{lead}{when}，{district.name}人民政府与{company}举行{project}签约仪式。"
            f"{witness.title}{witness.name}出席签约仪式。",
            f"据悉，{project}总投资{invest}，{self.fill(NARRATIVE[5], city)}。",
            f"{district.head.title}{district.head.name}与{company}董事长{chairman.name}代表双方签约。",
            self.prose(city, 1, NARRATIVE, place=district.name),
        ]
        return GenArticle(title, rng.choice(("", f"总投资{invest}")), paras, top, end, day.isoformat(),
                          [witness.name, district.head.name, chairman.name] + reporters)

    def activity(self, city: City, page_date: dt.date) -> GenArticle:
        rng = self.rng
        when, day = self.dateline(page_date)
        org, head = rng.choice(city.departments)
        district = rng.choice(city.districts)
        street = rng.choice(district.streets)
        community = rng.choice(district.communities[street])
        topic = rng.choice(TOPICS)
        worker = Person(self.names.person(), f"{community}党委书记")
        lead, top, end, reporters = self.byline(city)
        title = f"{org}开展{topic}主题党日活动"
        leaders = rng.sample(city.roster["副市长"] + city.roster["人大副主任"] + city.roster["政协副主席"], 2)
        paras = [
            f"{lead}{when}，{org}在{district.name}{street}{community}开展{topic}主题党日活动。"
            f"{org}{head.title}{head.name}参加活动。",
            self.prose(city, 2, NARRATIVE, topic=topic, place=street),
            f"{worker.title}{worker.name}介绍，{self.fill(NARRATIVE[3], city, place=community, topic=topic)}。",
        ]
        if rng.random() < 0.4:
            paras.insert(1, f"市领导{'、'.join(p.name for p in leaders)}参加活动。")
        return GenArticle(title, "", paras, top, end, day.isoformat(),
                          [head.name, worker.name] + reporters)

    def feature(self, city: City, page_date: dt.date) -> GenArticle:
        rng = self.rng
        district = rng.choice(city.districts)
        topic = rng.choice(TOPICS)
        when, day = self.dateline(page_date)
        lead, top, end, reporters = self.byline(city)
        if lead:  # features carry their byline on a line of its own
            top = "□本报记者 " + " ".join(reporters)
        street = rng.choice(district.streets)
        secretary = self.names.person()
        paras = [
            f"{when}，在{district.name}{street}，{self.prose(city, 1, NARRATIVE, topic=topic, place=street)}",
            self.prose(city, 3, NARRATIVE, topic=topic, place=district.name),
            f"{street}党工委书记{secretary}说：“{self.prose(city, 1, topic=topic)}”",
            self.prose(city, 2, NARRATIVE, topic=topic, place=street),
        ]
        return GenArticle(f"{district.name}扎实推进{topic}", f"——{street}{topic}工作纪实", paras,
                          top, end, day.isoformat(), [secretary] + reporters)

    def commentary(self, city: City, page_date: dt.date) -> GenArticle:
        author = self.names.person()
        topic = self.rng.choice(TOPICS)
        paras = [self.prose(city, 3, topic=topic) for _ in range(self.rng.randint(2, 3))]
        return GenArticle(f"以实干担当推动{topic}", "", paras, author, "", page_date.isoformat(), [author])

    KINDS = (("meeting", 0.32), ("inspection", 0.2), ("signing", 0.14), ("activity", 0.18),
             ("feature", 0.1), ("commentary", 0.06))

    def article(self, city: City, page_date: dt.date) -> GenArticle:
        r = self.rng.random()
        for kind, weight in self.KINDS:  # noqa: B007 - kind is read after the loop
            r -= weight
            if r < 0:
                break
        return getattr(self, kind)(city, page_date)


# --- pages ---------------------------------------------------------------------------------

HALFWIDTH = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"})
SECTIONS = ("要闻", "要闻", "综合", "区县", "经济", "社会")


def masthead(city: City, day: dt.date, issue: int) -> str:
    lines = [city.paper, "", f"{day.year}年{day.month}月{day.day}日",
             f"星期{WEEKDAYS[day.weekday()]}", f"{city.paper}社出版", "",
             f"中共{city.name}委机关报", f"第{issue}期 今日8版"]
    return "\n".join(lines)


def column_break(text: str, rng: random.Random, caption: str | None) -> str:
    """Cut a paragraph where a column ends, possibly inside a word or a name."""
    if len(text) < 12:
        return text
    cut = rng.randint(4, len(text) - 4)
    middle = f"\n\n{caption}\n\n" if caption else "\n\n"
    return text[:cut] + middle + text[cut:]


def render_article(article: GenArticle, rng: random.Random, city: City, last_on_front: bool) -> str:
    lines = [article.title]
    if article.subtitle:
        lines += ["", article.subtitle]
    if article.byline_top:
        lines += ["", article.byline_top]
    paragraphs = list(article.paragraphs)
    if last_on_front and rng.random() < 0.5:
        paragraphs[-1] += "（下转第二版）"
    for para in paragraphs:
        if rng.random() < 0.12:
            caption = None
            if rng.random() < 0.3:
                caption = f"图为活动现场。（{rng.choice(city.reporters)} 摄）"
            para = column_break(para, rng, caption)
        lines += ["", para]
    if article.byline_end:
        lines += ["", article.byline_end]
    return "\n".join(lines)


def render_page(city: City, day: dt.date, page_no: int, articles: list[GenArticle],
                rng: random.Random) -> str:
    blocks = ["", ""]
    if page_no == 1 and rng.random() < 0.8:
        blocks.append(masthead(city, day, city.issue0 + (day - dt.date(2000, 1, 1)).days))
    elif rng.random() < 0.5:
        blocks.append(f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}")
    for i, article in enumerate(articles):
        blocks.append(render_article(article, rng, city, page_no == 1 and i == len(articles) - 1))
    if page_no == 1 and len(articles) > 2 and rng.random() < 0.4:
        blocks.append("导读\n\n" + "\n\n".join(f"{a.title}" for a in rng.sample(articles, 2)))
    blocks.append(f"{page_no:02d} | {SECTIONS[(page_no - 1) % len(SECTIONS)]}")
    text = "\n\n".join(blocks) + "\n"
    return text.translate(HALFWIDTH) if city.halfwidth else text


# --- driver --------------------------------------------------------------------------------

@dataclass
class Manifest:
    articles: int
    pages: int
    papers: list[str]
    days: int
    first_date: str
    last_date: str
    distinct_persons: int
    files: list[str]

    def to_json(self) -> str:
        data = dict(self.__dict__)
        data["files"] = len(self.files)
        return json.dumps(data, ensure_ascii=False, indent=1)


@dataclass
class Page:
    path: str                 # relative: <paper>/<date>-<page>.txt
    text: str
    paper: str
    date: str                 # the paper's date, ISO
    articles: list[GenArticle]


def iter_pages(articles: int, *, seed: int = 1, per_page: int = 6, papers: int = 2, pages_per_day: int = 4,
               start: dt.date = dt.date(2022, 3, 1)):
    """Yield the pages holding `articles` articles, day by day, paper by paper."""
    if articles < 1 or per_page < 1 or papers < 1 or pages_per_day < 1:
        raise ValueError("articles, per-page, papers and pages-per-day must be positive")
    rng = random.Random(seed)
    names = NameMaker(rng)
    cities = [make_city(rng, names, i) for i in range(papers)]
    writer = Writer(rng, names)
    remaining = articles
    day = start
    while remaining > 0:
        for city in cities:
            if rng.random() < 0.05:
                rotate_officials(rng, names, city)
            for page_no in range(1, pages_per_day + 1):
                n = min(per_page, remaining)
                if n <= 0:
                    break
                remaining -= n
                batch = [writer.article(city, day) for _ in range(n)]
                yield Page(f"{city.paper}/{day.isoformat()}-{page_no:02d}.txt",
                           render_page(city, day, page_no, batch, rng), city.paper, day.isoformat(), batch)
        day += dt.timedelta(days=1)


def generate(articles: int, out: Path | str, *, seed: int = 1, per_page: int = 6, papers: int = 2,
             pages_per_day: int = 4, start: dt.date = dt.date(2022, 3, 1),
             jsonl: Path | str | None = None) -> Manifest:
    """Write `articles` articles as pages under `out`; return what was written."""
    pages = iter_pages(articles, seed=seed, per_page=per_page, papers=papers, pages_per_day=pages_per_day,
                       start=start)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    persons: set[str] = set()
    files: list[str] = []
    papers_seen: list[str] = []
    last = start.isoformat()
    # closed in the finally below; a with block cannot hold the file that may be None
    jsonl_file = open(jsonl, "w", encoding="utf-8", newline="\n") if jsonl else None  # noqa: SIM115
    try:
        for page in pages:
            path = out / page.path
            if page.paper not in papers_seen:
                papers_seen.append(page.paper)
                path.parent.mkdir(exist_ok=True)
            path.write_text(page.text, encoding="utf-8", newline="\n")
            files.append(page.path)
            last = page.date
            for a in page.articles:
                persons.update(a.persons)
                if jsonl_file:
                    record = {"title": a.title, "date": page.date, "source": page.paper,
                              "text": "\n".join(p for p in [a.subtitle, *a.paragraphs] if p)}
                    jsonl_file.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if jsonl_file:
            jsonl_file.close()
    manifest = Manifest(articles=articles, pages=len(files), papers=papers_seen,
                        days=(dt.date.fromisoformat(last) - start).days + 1,
                        first_date=start.isoformat(), last_date=last,
                        distinct_persons=len(persons), files=files)
    (out / "manifest.json").write_text(manifest.to_json() + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-page", type=int, default=6)
    parser.add_argument("--papers", type=int, default=2)
    parser.add_argument("--pages-per-day", type=int, default=4)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2022, 3, 1))
    parser.add_argument("--jsonl", type=Path, help="also write one JSON line per article here")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    try:
        m = generate(args.articles, args.out, seed=args.seed, per_page=args.per_page, papers=args.papers,
                     pages_per_day=args.pages_per_day, start=args.start, jsonl=args.jsonl)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {m.articles} articles on {m.pages} pages ({', '.join(m.papers)}; {m.first_date}..{m.last_date}; "
          f"{m.distinct_persons} distinct persons) to {args.out} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
