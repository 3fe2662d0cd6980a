"""Signings and cooperation between organizations, and the projects they name.

A与B合作P项目, A与B签约的P, A和B、C签署…协议, A与B…协议(的)签约仪式, A为B提供…支持, A与B建立…机制,
其中对C提供…支持 (same funder), 成立X联盟,联合A、B等成员单位 (members), 由AB共建 (the 和 lost
in OCR), 与B签订… opening a sentence (signer of its paragraph). body_kind says whether a
party is an organization or a place (我市: the paper's city).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extraction import organizations, places, sentences
from kg.graph import schema


@dataclass
class Agreement:
    predicate: str      # SIGNED | COOPERATES_WITH
    left: str
    right: str
    project: str
    investment: str
    start: int


# A与B合作P项目 / A与B签约的P / A和B、C签署…协议 / A与B建立…机制
_AGREEMENT = re.compile(
    r"(?P<a>[^,，。;；:：、]{2,30}?)(?:与|和|同)(?P<b>[^,，。;；:：与和]{2,40}?)"
    r"(?P<verb>合作建设的|合作建设|合作|共同建设|共建|签约的|签约|签订|签署|建立)(?P<rest>[^,，。;；]*)")
# A联合B(,)对…检查 / A联合B开展…: two bodies acting together.
_JOINT = re.compile(r"(?P<a>[^,，。;；:：、]{2,30}?)联合(?P<b>[^,，。;；:：、与和]{2,30}?)"
                    r"(?=[,，]?(?:对|开展|进行|共同|组织|举办|召开))")
_FUNDS = re.compile(r"(?P<a>[^,，。;；:：、]{2,30}?)将?为(?P<b>[^,，。;；:：]{2,30}?)"
                    r"提供(?P<rest>[^,，。;；]*?(?:融资|资金)支持)")
# A为B提供…支持,其中,对C提供…支持: the funder of the first clause also funds C.
_FUNDS_MORE = re.compile(r"对(?P<b>[^,，。;；:：、]{2,30}?)提供(?P<rest>[^,，。;；]*?(?:融资|资金)支持)")
# 成立了X联盟,联合A、B等16个成员单位: each listed body is a member of the alliance.
_MEMBERS = re.compile(r"(?P<org>[^,，。;；:：、]{2,30}?)[,，]?(?:联合|吸纳|包括)(?P<list>[^,，。;；:：]+?)"
                      r"等(?:\d+|[一二三四五六七八九十百]+)?[个家]?(?:成员单位|会员单位|成员)")
# 由AB共建: two bodies with the 和 lost between them (the pair is cut at a unit boundary).
_BUILT_BY = re.compile(r"由(?P<pair>[^,，。;；:：、与和同]{4,60}?)(?:共同建设|合作建设|共建)")
# 与B签订…协议 opening a sentence: the signer is left out (see _fill_signers).
_SIGNED_BY_NOBODY = re.compile(r"^(?:与|同)(?P<b>[^,，。;；:：与和]{2,40}?)(?:签订|签署|签约)(?P<rest>[^,，。;；]*)")
# A与B(及C)…举行…签字仪式 / A与B…协议的签字仪式: the parties of a signing ceremony.
_CEREMONY = re.compile(r"(?P<a>[^,，。;；:：、与和同]{2,30}?)(?:与|和|同)(?P<b>[^,，。;；:：]{2,60})"
                       r"(?:(?:近日|日前|今天|昨天)?(?:在[^,，。;；]{1,12})?(?:举行|举办)[^,，。;；]{0,30}?"
                       r"|[^,，。;；]{0,40}?协议的?)(?:签字|签约)仪式")
_QUOTES = "“”\"'‘’《》"
# what opens a clause before a body's name; 甲代表乙与丙签约: the body is what 代表 stands for
_LEFT_CUT = re.compile(r"^.*(?:的是|是|的|在|了|将|由|其中|代表(?!大会))")
# 甲代表乙签约 / 甲代表乙与丙签约 / 甲、乙分别代表丙和丁签订…协议 / 甲代表乙、丙代表丁签约:
# the bodies the people stand for signed (with each other, else the project named);
# the people took part in the signing.
ON_BEHALF = re.compile(r"(?:分别)?代表(?!大会)(?P<bodies>[^,，。;；:：]{2,80}?)"
                        r"(?P<verb>签约|签订|签署|签字)(?P<rest>[^,，。;；]*)")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:亿|万)?元")
_PROJECT = re.compile(r"^.*(?:项目|中心|园|协议|机制)")
# 签订了总投资20亿元的某项目合作协议: what comes before the project's name
_PROJECT_LEAD = re.compile(r"^(?:了|计划|总|投资|额|约|达|超)*的")


# Every pattern above needs one of these words: a sentence holding none is read by none
# (most sentences; their lazy openings would otherwise be tried at every character).
_AGREEMENT_WORDS = re.compile(r"签约|签订|签署|签字|合作|共同建设|共建|建立|联合|提供|成员|会员|仪式")


def find_agreements(text: str, sentence_spans: list[tuple[int, int]]) -> list[Agreement]:
    out: list[Agreement] = []
    unsigned: list[Agreement] = []
    for s_start, s_end in sentence_spans:
        sentence = text[s_start:s_end]
        if not _AGREEMENT_WORDS.search(sentence):
            continue
        match = _SIGNED_BY_NOBODY.match(sentence)
        if match and organizations.names_body(match.group("b")):
            amount = _AMOUNT.search(match.group("rest"))
            named = _PROJECT.match(_AMOUNT.sub("", match.group("rest")))
            unsigned.append(Agreement(schema.SIGNED, "", match.group("b"), named.group() if named else "",
                                      amount.group() if amount else "", s_start))
        for match in _AGREEMENT.finditer(sentence):
            left = _LEFT_CUT.sub("", match.group("a")).strip()
            if not left or not organizations.names_body(left):
                continue
            verb = match.group("verb")
            predicate = schema.COOPERATES_WITH if verb.startswith(("合作", "建立", "共")) else schema.SIGNED
            rest = match.group("rest")
            amount = _AMOUNT.search(rest)
            pieces = (_project(piece) for piece in _AMOUNT.sub("", rest).split("、"))
            projects = [p for p in pieces if len(p) >= 3] or [""]
            for one in [left] + _listed_before(sentence, match.start("a")):
                for right in match.group("b").split("、"):
                    if not organizations.names_body(right):
                        continue
                    for project in projects:
                        out.append(Agreement(predicate, one, right.strip(), project.strip(),
                                             amount.group() if amount else "", s_start + match.start()))
        for match in _CEREMONY.finditer(sentence):
            left = _LEFT_CUT.sub("", match.group("a")).strip()
            if not left or not organizations.names_body(left):
                continue
            rest = match.group("b")
            for right in re.split("及|、", rest):
                right = _AMOUNT.sub("", right).strip()
                body = organizations.org_part(right) or right
                if organizations.names_body(body) and body == right[:len(body)] and len(body) >= 2:
                    out.append(Agreement(schema.SIGNED, left, body, "", "", s_start + match.start()))
        for match in _JOINT.finditer(sentence):
            left = _LEFT_CUT.sub("", match.group("a")).strip()
            if left and organizations.names_body(left) and organizations.names_body(match.group("b")):
                out.append(Agreement(schema.COOPERATES_WITH, left, match.group("b"), "", "", s_start + match.start()))
        for match in _FUNDS.finditer(sentence):
            left = _LEFT_CUT.sub("", match.group("a")).strip()
            if left and organizations.names_body(left) and organizations.names_body(match.group("b")):
                amount = _AMOUNT.search(match.group("rest"))
                out.append(Agreement(schema.COOPERATES_WITH, left, match.group("b"), "融资支持",
                                     amount.group() if amount else "", s_start + match.start()))
                for more in _FUNDS_MORE.finditer(sentence, match.end()):
                    if organizations.names_body(more.group("b")):
                        amount = _AMOUNT.search(more.group("rest"))
                        out.append(Agreement(schema.COOPERATES_WITH, left, more.group("b"), "融资支持",
                                             amount.group() if amount else "", s_start + more.start()))
        for match in _MEMBERS.finditer(sentence):
            org = _LEFT_CUT.sub("", match.group("org")).strip()
            if not org or not organizations.names_body(org.strip(_QUOTES).replace("”", "").replace("“", "")):
                continue
            for member in match.group("list").split("、"):
                if organizations.names_body(member):
                    out.append(Agreement(schema.COOPERATES_WITH, member, org, "", "", s_start + match.start()))
        for match in _BUILT_BY.finditer(sentence):
            pair = _split_pair(match.group("pair"))
            if pair:
                out.append(Agreement(schema.COOPERATES_WITH, pair[0], pair[1], "", "", s_start + match.start()))
        out += _on_behalf(sentence, s_start)
    out = list({(a.predicate, a.left, a.right, a.project): a
                for a in out + _fill_signers(text, unsigned, out)}.values())
    # one signing read by two patterns: the reading that names the agreement is kept
    with_project = {(a.predicate, a.left, a.right) for a in out if a.project}
    return [a for a in out if a.project or (a.predicate, a.left, a.right) not in with_project]


def _project(piece: str) -> str:
    """The project a clause after 签订/合作 names: its investment's words left out, and
    an agreement on a 项目 named by it (某产业园项目合作协议 -> 某产业园项目)."""
    named = _PROJECT.match(_PROJECT_LEAD.sub("", piece))
    if not named:
        return ""
    name = named.group()
    if name.endswith(("协议", "机制")) and "项目" in name:   # not 某项目设计研发中心
        return name[: name.rindex("项目") + 2]
    return name


def _parties(bodies: str) -> list[str]:
    """The bodies of `乙与丙`, `丙和丁`, `乙、丙代表丁` (a person's name between is no body)."""
    out: list[str] = []
    for piece in re.split(r"代表(?!大会)|与|和|同|及|、", bodies):
        piece = piece.strip()
        if piece and organizations.names_body(piece) and piece not in out:
            out.append(piece)
    return out


def _on_behalf(sentence: str, s_start: int) -> list[Agreement]:
    """SIGNED between the bodies people sign for (ON_BEHALF); one body alone signed the
    project the sentence names."""
    out: list[Agreement] = []
    for match in ON_BEHALF.finditer(sentence):
        parties = _parties(match.group("bodies"))
        start = s_start + match.start()
        if len(parties) >= 2:
            for i, left in enumerate(parties):
                for right in parties[i + 1:]:
                    out.append(Agreement(schema.SIGNED, left, right, "", "", start))
        elif parties:
            named = _PROJECT.match(_AMOUNT.sub("", match.group("rest")))
            if named and named.group().endswith(("项目", "中心", "园")):
                amount = _AMOUNT.search(match.group("rest"))
                out.append(Agreement(schema.SIGNED, parties[0], "", named.group(),
                                     amount.group() if amount else "", start))
    return out


def _listed_before(sentence: str, start: int) -> list[str]:
    """甲公司、乙公司与丙银行签署…: the bodies listed before the first party sign too."""
    out: list[str] = []
    pos = start
    while pos > 0 and sentence[pos - 1] == "、":
        match = re.search(r"[^,，。;；:：、]{2,30}$", sentence[:pos - 1])
        if not match:
            break
        body = _LEFT_CUT.sub("", match.group()).strip()
        if not organizations.names_body(body):
            break
        out.append(body)
        pos = match.start() + (len(match.group()) - len(body))
    return out


def _fill_signers(text: str, unsigned: list[Agreement], named: list[Agreement]) -> list[Agreement]:
    """A paragraph listing signings names its signer once: a signing that leaves it out takes
    the signer of the nearest signing in the same paragraph."""
    filled: list[Agreement] = []
    for agreement in unsigned:
        para_start, para_end = sentences.paragraph(text, agreement.start)
        near = [a for a in named if a.predicate == schema.SIGNED and para_start <= a.start < para_end]
        if near:
            signer = min(near, key=lambda a: abs(a.start - agreement.start)).left
            filled.append(Agreement(schema.SIGNED, signer, agreement.right, agreement.project,
                                    agreement.investment, agreement.start))
    return filled


def _split_pair(text: str) -> tuple[str, str] | None:
    """Two organizations written without a separator: cut after the last unit that ends an
    organization and leaves one after it (a parent comes before its own sub-units)."""
    parts = organizations.units(text)
    if sum(len(u.text) for u in parts) != len(text):
        return None
    best = None
    pos = 0
    for i, unit in enumerate(parts[:-1]):
        pos += len(unit.text)
        rest = parts[i + 1:]
        if not unit.is_place and not unit.sub and any(not u.is_place and not u.sub for u in rest):
            best = (text[:pos], text[pos:])
    return best


_SELF = ("我", "本")   # 我市, 本区: the paper's own place, known only when it is the city


def unresolved(name: str) -> bool:
    """A party named as "our district" (我区, 本县) that the paper's city does not say."""
    return name.startswith(_SELF)


def body_kind(text: str, city: str | None) -> tuple[str, str]:
    """("Organization", normalised name) or ("Place", name of the innermost place)."""
    parts = organizations.units(text)
    if parts and all(u.is_place for u in parts):
        if text.startswith(_SELF):   # 我市: the paper's city, a place
            return schema.PLACE, organizations.normalise(text, city)
        found = places.find(text, city)
        if found and found[0].start > 0 and found[-1].end == len(text):
            return schema.PLACE, text   # 杨陵农业|高新技术产业示范区: one name, read only in part
        if found:
            return schema.PLACE, found[-1].name
    return schema.ORGANIZATION, organizations.normalise(text, city)
