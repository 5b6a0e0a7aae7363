"""One-off importer: seed web pages → knowledge/sources/*.txt and knowledge/clauses/*.yaml.

This script produced the initial clause files. Since then the YAML files under knowledge/ are the source of
truth and are edited by hand; do not re-run the importer over them (it refuses to overwrite existing clause
files unless --force is given, and --force discards every hand edit).

    python -m bot.kb.importer --seeds /path/to/seeds --out knowledge [--force] [--check]

``--check`` only parses and reports coverage (which characters of each source no clause contains).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from bot.kb.model import heading_segment
from bot.kb.yamlio import dump_yaml

SEED_FILES = {
    "haikou-2023-161": "000_1abbf14cef100cdd.txt",
    "haikou-2023-105": "001_f9d7a11bbf395e00.txt",
    "hainan-2021-plan": "002_6ddbd7126e41b308.txt",
    "wenzhou-2022-draft": "003_7e0ac6d23ada8b7c.txt",
    "changji-2021-1": "004_022a0e2e90386261.txt",
}

# ---------------------------------------------------------------------------------------------- cleaning

CHROME_PATTERNS = [
    r"^温度[:：]", r"^您现在的位置", r"^当前位置[:：]", r"^索\s*引\s*号", r"^发布机构[:：]", r"^名\s*称[:：]",
    r"^文\s*号[:：]", r"^日期[:：].*点击次数", r"^本文来源[:：]", r"^列表标题$", r"^扫一扫", r"^打印本页",
    r"^关闭窗口",
]
# Everything from a line matching one of these to the end of the file is page footer.
FOOTER_STARTS = [r"^相关附件[:：]\s*$"]


def clean_line(line: str) -> str:
    line = line.rstrip()
    line = re.sub(r"^\s*#+\s*", "", line)  # markdown headings
    line = line.replace("**", "")  # markdown bold
    line = re.sub(r"^\s*-\s+", "", line)  # markdown list marker
    return line.strip()


def clean_source(doc_id: str, raw: str) -> list[str]:
    """Lines of the document without page chrome and markup; blank lines collapsed to one."""
    lines = [clean_line(x) for x in raw.splitlines()]
    out: list[str] = []
    skipping_toc = False
    for line in lines:
        if any(re.search(p, line) for p in FOOTER_STARTS):
            break
        if any(re.search(p, line) for p in CHROME_PATTERNS):
            continue
        if doc_id == "hainan-2021-plan":
            # the table of contents (with page numbers) duplicates the headings: not part of the text
            if re.fullmatch(r"目\s*录", line):
                skipping_toc = True
                continue
            if skipping_toc:
                if line.startswith("附件:名词解释"):
                    skipping_toc = False
                continue
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


# ---------------------------------------------------------------------------------------------- nodes

SENTENCE_END = tuple("。；;：:！？!?”）)」』】")


@dataclass
class Node:
    local: str
    parent: Optional[str]
    label: str = ""
    title: str = ""
    parts: list[tuple[str, str]] = field(default_factory=list)  # (joiner, text)
    columns: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    title_had_stop: bool = False

    def add(self, text: str, joiner: Optional[str] = None) -> None:
        if joiner is None:
            if not self.parts:
                joiner = ""
            else:
                joiner = "\n" if self.parts[-1][1].endswith(SENTENCE_END) else ""
        self.parts.append((joiner, text))

    @property
    def text(self) -> str:
        return "".join(j + t for j, t in self.parts).strip()


class Tree:
    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        self.nodes: list[Node] = []
        self.by_local: dict[str, Node] = {}
        self.counters: dict[str, int] = {}

    def new(self, local: str, parent: Optional[str], label: str = "", title: str = "") -> Node:
        if local in self.by_local:
            raise ValueError(f"{self.doc_id}: duplicate clause id {local}")
        node = Node(local=local, parent=parent, label=label, title=title)
        self.nodes.append(node)
        self.by_local[local] = node
        return node

    def next_p(self, parent: Optional[str], prefix: str = "p") -> str:
        key = f"{parent}|{prefix}"
        self.counters[key] = self.counters.get(key, 0) + 1
        base = f"{parent}." if parent else ""
        return f"{base}{prefix}{self.counters[key]}"

    def children(self, local: str) -> list[Node]:
        return [n for n in self.nodes if n.parent == local]

    def finalize(self) -> None:
        for node in self.nodes:
            # a heading-like first sentence with nothing after it is the text of a leaf, not a title
            if not node.text and node.title and not self.children(node.local):
                node.parts = [("", node.title + ("。" if node.title_had_stop else ""))]
                node.title = ""

    def level(self, node: Node) -> int:
        depth = 1
        while node.parent:
            node = self.by_local[node.parent]
            depth += 1
        return depth

    def heading(self, node: Node) -> str:
        chain = []
        cur: Optional[Node] = node
        while cur is not None:
            chain.append(heading_segment(cur.label, cur.title, cur.local))
            cur = self.by_local[cur.parent] if cur.parent else None
        return " › ".join(reversed(chain))

    def to_yaml_entries(self) -> list[dict]:
        entries = []
        for node in self.nodes:
            entry = {
                "clause_id": f"{self.doc_id}:{node.local}",
                "parent": f"{self.doc_id}:{node.parent}" if node.parent else None,
                "level": self.level(node),
                "label": node.label,
                "title": node.title,
                "heading": self.heading(node),
                "text": node.text,
            }
            if node.columns:
                entry["columns"] = list(node.columns)
            if node.cells:
                entry["cells"] = list(node.cells)
            entries.append(entry)
        return entries


def split_title(rest: str) -> tuple[str, str, bool]:
    """Split a run-in heading ("健全老年人社会福利制度。建立…") from the body.

    Returns (title, body, had_full_stop)."""
    rest = rest.strip()
    if "。" not in rest:
        if len(rest) <= 40 and not re.search(r"[，,；;]", rest):
            return rest, "", False
        return "", rest, False
    i = rest.index("。")
    first, remainder = rest[:i], rest[i + 1:].strip()
    short = len(first) <= 30 and (not re.search(r"[，,；;：:]", first) or len(first) <= 12)
    if short:
        return first, remainder, True
    return "", rest, False


def set_title_text(node: Node, rest: str) -> None:
    title, body, stop = split_title(rest)
    node.title = title
    node.title_had_stop = stop
    if body:
        node.add(body)


# ---------------------------------------------------------------------------------------------- outline

CN_NUM = "一二三四五六七八九十"


def cn_to_int(s: str) -> int:
    s = s.strip()
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_NUM.index(s[1]) + 1
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_NUM.index(tens) + 1) * 10 + (CN_NUM.index(ones) + 1 if ones else 0)
    return CN_NUM.index(s) + 1


PATTERNS = {
    "chapter": re.compile(rf"^(第([{CN_NUM}]+)章)\s*(.*)$"),
    "section": re.compile(rf"^(第([{CN_NUM}]+)节)\s*(.*)$"),
    "cn": re.compile(rf"^(([{CN_NUM}]+)、)\s*(.*)$"),
    "paren_cn": re.compile(rf"^([（(]\s*([{CN_NUM}]+)\s*[）)])\s*(.*)$"),
    "arabic": re.compile(r"^((\d{1,2})[.．](?!\d))\s*(.*)$"),
    "paren_arabic": re.compile(r"^([（(](\d{1,2})[）)])\s*(.*)$"),
}


def detect(para: str, kinds: list[str]) -> Optional[tuple[str, int, str, str]]:
    for kind in kinds:
        m = PATTERNS[kind].match(para)
        if m:
            label, num, rest = m.group(1), m.group(2), m.group(3)
            n = int(num) if num.isdigit() else cn_to_int(num)
            return kind, n, label.replace(" ", ""), rest
    return None


def parse_outline(tree: Tree, paras: list[str], kinds: list[str], top_parent: Optional[str] = None,
                  overrides: Optional[dict[str, tuple[str, int, str, str]]] = None) -> None:
    """Numbered outline (一、 > （一） > 1. > (1)); bullets (——) become p-children of the open item."""
    stack: list[tuple[int, Node]] = []
    overrides = overrides or {}
    for para in paras:
        hit = overrides.get(para) or detect(para, kinds)
        if hit:
            kind, num, label, rest = hit
            depth = kinds.index(kind)
            while stack and stack[-1][0] >= depth:
                stack.pop()
            parent = stack[-1][1].local if stack else top_parent
            local = f"{parent}.{num}" if parent else str(num)
            node = tree.new(local, parent, label=label)
            set_title_text(node, rest)
            stack.append((depth, node))
        elif para.startswith("——"):
            if not stack:
                raise ValueError(f"{tree.doc_id}: bullet outside any item: {para[:30]}")
            parent = stack[-1][1].local
            node = tree.new(tree.next_p(parent), parent, label="——")
            set_title_text(node, para[2:])
        else:
            if not stack:
                raise ValueError(f"{tree.doc_id}: text before the first heading: {para[:30]}")
            stack[-1][1].add(para)


def paras_of(lines: list[str]) -> list[str]:
    return [x for x in lines if x]


def take_until(paras: list[str], start: int, predicate) -> tuple[list[str], int]:
    out = []
    i = start
    while i < len(paras) and not predicate(paras[i]):
        out.append(paras[i])
        i += 1
    return out, i


def nospace(s: str) -> str:
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------------------------------------- documents


def build_haikou_161(tree: Tree, paras: list[str]) -> None:
    i = 0
    header = tree.new("header", None)
    header.add(paras[0], "")  # 海口市民政局文件
    header.add(paras[1], "\n")  # 海民发〔2023〕161号
    notice = tree.new("notice", None, title=nospace(paras[2]))
    i = 3
    while not paras[i].startswith("《海口市居家养老服务条例》学习宣传贯彻"):
        notice.add(paras[i], "\n")
        i += 1
    pre = tree.new("preamble", None, title=paras[i])
    pre.add(paras[i + 1])
    i += 2
    body, i = take_until(paras, i, lambda p: p.startswith("附件"))
    parse_outline(tree, body, ["cn", "paren_cn"])
    att = tree.new("attachments", None, label="附件:")
    first = paras[i].split(":", 1)[1].strip() if ":" in paras[i] else paras[i]
    att.add(first)
    for p in paras[i + 1:]:
        att.add(p, "\n")


def build_haikou_105(tree: Tree, paras: list[str]) -> None:
    notice = tree.new("notice", None, title=paras[0])
    i = 1
    while paras[i] != "海口市推进基本养老服务体系建设的实施方案":
        notice.add(paras[i], "\n")
        i += 1
    pre = tree.new("preamble", None, title=paras[i])
    pre.add(paras[i + 1])
    i += 2
    body, i = take_until(paras, i, lambda p: p.startswith("附件"))
    parse_outline(tree, body, ["cn", "paren_cn", "arabic"])
    att = tree.new("attachments", None, label="附件:")
    att.add(paras[i].split(":", 1)[1].strip())
    if paras[i + 1:]:
        raise ValueError(f"unexpected text after the attachment line: {paras[i + 1:]}")


def build_wenzhou(tree: Tree, paras: list[str]) -> None:
    pre = tree.new("preamble", None, title=paras[0] + paras[1])  # title + （征求意见稿）
    pre.add(paras[2])
    pre.add(paras[3], "\n")
    body, i = take_until(paras, 4, lambda p: p.startswith("本意见自"))
    # the first heading has no number in the document; it is logically 一、
    overrides = {"指导思想": ("cn", 1, "", "指导思想")}
    parse_outline(tree, body, ["cn", "paren_cn", "arabic"], overrides=overrides)
    closing = tree.new("closing", None)
    closing.add(paras[i])
    if paras[i + 1:]:
        raise ValueError(f"unexpected text after the closing: {paras[i + 1:]}")


def build_changji(tree: Tree, paras: list[str]) -> None:
    header = tree.new("header", None)
    header.add(paras[0])  # 昌市政办发〔2021〕1号
    notice = tree.new("notice", None, title=paras[1])
    i = 2
    while paras[i] != "昌吉市居家和社区养老服务改革试点":
        notice.add(paras[i], "\n")
        i += 1
    pre = tree.new("preamble", None, title=nospace(paras[i] + paras[i + 1]))
    pre.add(paras[i + 2])
    i += 3
    body, i = take_until(paras, i, lambda p: p.startswith("附件："))
    parse_outline(tree, body, ["cn", "paren_cn", "arabic"])
    # list of attachments: "附件：1.…", "2.…", "分工" (a wrapped line)
    att = tree.new("attachments", None, label="附件：")
    att.add(paras[i].split("：", 1)[1].strip())
    i += 1
    while paras[i] != "附件1":
        att.add(paras[i], "\n" if re.match(r"^\d+\.", paras[i]) else "")
        i += 1
    i = build_changji_annex1(tree, paras, i)
    i = build_changji_annex2(tree, paras, i)
    closing = tree.new("closing", None)
    closing.add(paras[i])
    if paras[i + 1:]:
        raise ValueError(f"unexpected text after 抄送: {paras[i + 1:]}")


MEMBER_ROLE = re.compile(r"^(组\s*长|常务副组长|副\s*组\s*长|成\s*员)：\s*(.*)$")


def build_changji_annex1(tree: Tree, paras: list[str], i: int) -> int:
    assert paras[i] == "附件1"
    tree.new("annex1", None, label="附件1", title=paras[i + 1] + paras[i + 2])
    i += 3
    hit = detect(paras[i], ["cn"])
    assert hit and hit[1] == 1, paras[i]
    group = tree.new("annex1.1", "annex1", label=hit[2], title=hit[3])
    i += 1
    columns = ["职务", "姓名", "单位及职务"]
    group.columns = columns
    role = ""
    n = 0
    while not paras[i].startswith("领导小组负责"):
        line = paras[i]
        m = MEMBER_ROLE.match(line)
        role_text = ""
        if m:
            role = nospace(m.group(1))
            role_text = role + "："
            line = m.group(2)
        parts = re.split(r"\s{3,}", line.strip())
        if len(parts) != 2:
            raise ValueError(f"cannot split member line: {paras[i]!r}")
        name, post = nospace(parts[0]), parts[1].strip()
        n += 1
        row = tree.new(f"annex1.r{n}", "annex1.1")
        row.add(f"{role_text}{name} {post}")
        row.cells = [role, name, post]
        i += 1
    duties = tree.new(tree.next_p("annex1"), "annex1")
    duties.add(paras[i])
    return i + 1


TIME_CELL = re.compile(r"^\d{4}年(\d{1,2}月)?底?前$")
GROUP_LABEL = re.compile(rf"^（[{CN_NUM}]+）$")


def build_changji_annex2(tree: Tree, paras: list[str], i: int) -> int:
    assert paras[i] == "附件2"
    annex = tree.new("annex2", None, label="附件2", title=paras[i + 1] + paras[i + 2])
    i += 3
    header = paras[i:i + 5]
    assert header == ["工作任务", "序号", "任务分工", "责任单位", "时间进度"], header
    annex.add(" ".join(header))
    annex.columns = header
    i += 5
    group = ""
    while not paras[i].startswith("抄送"):
        row_prefix: list[str] = []
        if not paras[i].isdigit():
            # a (new) group cell: "（一）" + wrapped title lines, or a bare title such as 保障措施
            label = ""
            if GROUP_LABEL.match(paras[i]):
                label = paras[i]
                i += 1
            title_parts = []
            while not paras[i].isdigit():
                title_parts.append(paras[i])
                i += 1
            group = label + "".join(title_parts)
            row_prefix = [x for x in [label, "".join(title_parts)] if x]
        num = paras[i]
        i += 1
        cells_lines = []
        while not TIME_CELL.match(paras[i]):
            cells_lines.append(paras[i])
            i += 1
        time = paras[i]
        i += 1
        tasks, units = cells_lines[:-1], cells_lines[-1]
        row = tree.new(f"annex2.r{num}", "annex2", label=num)
        row.add(" ".join([*row_prefix, num, *tasks, units, time]))
        row.cells = [group, num, "\n".join(tasks), units, time]
    return i


# ---------------------------------------------------------------------------------------------- 002 plan

TABLE_1 = "“十三五”时期海南省民政事业发展主要指标完成情况"
TABLE_2 = "“十四五”时期海南省民政事业主要发展指标"
PLAN_TITLE = "海南省“十四五”民政事业发展规划"
BOX = re.compile(r"^专栏(\d+)[:：]\s*(.*)$")


def build_hainan(tree: Tree, paras: list[str]) -> None:
    i = 0
    news_title = paras[0]
    tree.new("news", None, title=news_title)
    i = 1
    while paras[i] != PLAN_TITLE:
        p = tree.new(tree.next_p("news"), "news")
        p.add(paras[i])
        i += 1
    pre = tree.new("preamble", None, title=paras[i])
    i += 1
    chapter: Optional[Node] = None
    section: Optional[Node] = None
    sub: Optional[Node] = None
    box: Optional[Node] = None
    glossary: Optional[Node] = None
    while i < len(paras):
        para = paras[i]
        m_ch = PATTERNS["chapter"].match(para)
        m_se = PATTERNS["section"].match(para)
        m_box = BOX.match(para)
        if m_ch:
            n = cn_to_int(m_ch.group(2))
            chapter = tree.new(f"c{n}", None, label=m_ch.group(1), title=m_ch.group(3))
            section = sub = box = None
        elif m_se:
            assert chapter is not None
            n = cn_to_int(m_se.group(2))
            section = tree.new(f"{chapter.local}.s{n}", chapter.local, label=m_se.group(1),
                               title=m_se.group(3))
            sub = box = None
        elif m_box:
            assert chapter is not None
            box = tree.new(f"box{m_box.group(1)}", chapter.local, label=f"专栏{m_box.group(1)}",
                           title=m_box.group(2))
            section = sub = None
        elif para == TABLE_1:
            assert section is not None
            i = table_13th(tree, section, paras, i)
            continue
        elif para == TABLE_2:
            assert section is not None
            i = table_14th(tree, section, paras, i)
            continue
        elif para.startswith("附件:名词解释"):
            glossary = tree.new("glossary", None, label="附件:", title="名词解释")
            chapter = section = sub = box = None
        elif glossary is not None:
            if para == "名词解释":
                pass  # repeated heading
            else:
                term, _, definition = para.partition(":")
                if not definition:
                    raise ValueError(f"glossary entry without ':' {para[:30]}")
                n = len(tree.children("glossary")) + 1
                entry = tree.new(f"glossary.{n}", "glossary", title=term)
                entry.add(definition)
        elif box is not None:
            hit = detect(para, ["arabic"])
            if not hit:
                raise ValueError(f"unnumbered text in {box.local}: {para[:30]}")
            item = tree.new(f"{box.local}.{hit[1]}", box.local, label=hit[2])
            set_title_text(item, hit[3])
        elif chapter is None:
            if pre.text:
                raise ValueError(f"second preamble paragraph: {para[:30]}")
            pre.add(para)
        elif section is None:
            chapter.add(para)  # the chapter's opening paragraph
        elif len(para) <= 8 and not re.search(r"[。，,：:；;]", para):
            # unnumbered sub-heading inside a section (面临的机遇 / 面临的挑战)
            sub = tree.new(tree.next_p(section.local), section.local, title=para)
        elif para.startswith("——") and sub is not None:
            node = tree.new(tree.next_p(sub.local), sub.local, label="——")
            set_title_text(node, para[2:])
        else:
            sub = None
            label = "——" if para.startswith("——") else ""
            node = tree.new(tree.next_p(section.local), section.local, label=label)
            set_title_text(node, para[2:] if label else para)
        i += 1


def table_13th(tree: Tree, section: Node, paras: list[str], i: int) -> int:
    table = tree.new(f"{section.local}.t1", section.local, title=paras[i])
    header = paras[i + 1:i + 9]
    expected = ["主要项目(指标名称)", "2015", "实际值", "2020", "目标值", "2020", "实际值", "完成情况"]
    assert header == expected, header
    table.add(" ".join(header))
    table.columns = ["主要项目(指标名称)", "2015实际值", "2020目标值", "2020实际值", "完成情况"]
    i += 9
    n = 0
    while not paras[i].startswith("注:"):
        cells = paras[i:i + 5]
        assert cells[4] in {"完成", "未完成", "职能转隶"}, cells
        n += 1
        row = tree.new(f"{table.local}.r{n}", table.local, title=cells[0])
        row.add(" ".join(cells))
        row.cells = cells
        i += 5
    # notes under the table: "注:1.…", "2.…"
    k = 0
    while i < len(paras) and (paras[i].startswith("注:") or re.match(r"^\d\.“", paras[i])):
        k += 1
        m = re.match(r"^((?:注:)?\d\.)(.*)$", paras[i])
        assert m, paras[i]
        note = tree.new(f"{table.local}.n{k}", table.local, label=m.group(1))
        note.add(m.group(2))
        i += 1
    return i


def table_14th(tree: Tree, section: Node, paras: list[str], i: int) -> int:
    table = tree.new(f"{section.local}.t1", section.local, title=paras[i])
    header = paras[i + 1:i + 9]
    assert header == ["序号", "主要指标", "单位", "2020", "实际值", "2025", "目标值", "指标属性"], header
    table.add(" ".join(header))
    table.columns = ["序号", "主要指标", "单位", "2020实际值", "2025目标值", "指标属性"]
    i += 9
    while i < len(paras) and paras[i].isdigit():
        j = i + 1
        while paras[j] not in {"预期性", "约束性"}:
            j += 1
        raw = paras[i:j + 1]
        if len(raw) == 6:
            cells = raw
        elif len(raw) == 5:  # no unit given for this indicator
            cells = [raw[0], raw[1], "", raw[2], raw[3], raw[4]]
        else:
            raise ValueError(f"odd indicator row {raw}")
        row = tree.new(f"{table.local}.r{raw[0]}", table.local, label=raw[0], title=raw[1])
        row.add(" ".join(raw))
        row.cells = cells
        i = j + 1
    return i


BUILDERS = {
    "haikou-2023-161": build_haikou_161,
    "haikou-2023-105": build_haikou_105,
    "hainan-2021-plan": build_hainan,
    "wenzhou-2022-draft": build_wenzhou,
    "changji-2021-1": build_changji,
}

# Source lines that no clause needs to repeat (document metadata kept in documents/*.yaml).
UNCLAIMED_OK = {
    "haikou-2023-105": ["海府办函〔2023〕105号"],
    "hainan-2021-plan": ["名词解释"],
    "wenzhou-2022-draft": [],
}


def import_document(doc_id: str, seed: Path) -> tuple[str, Tree]:
    lines = clean_source(doc_id, seed.read_text(encoding="utf-8"))
    tree = Tree(doc_id)
    BUILDERS[doc_id](tree, paras_of(lines))
    tree.finalize()
    return "\n".join(lines) + "\n", tree


def coverage_gaps(source: str, tree: Tree) -> list[str]:
    """Pieces of the source (whitespace removed) that no clause covers: the validator's own check."""
    from bot.kb.validate import uncovered_text

    items = [{"clause_id": n.local, "label": n.label, "title": n.title, "text": n.text} for n in tree.nodes]
    return [piece for piece, _ in uncovered_text(source, items)]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("knowledge"))
    parser.add_argument("--force", action="store_true", help="overwrite existing clause files")
    parser.add_argument("--check", action="store_true", help="parse and report only; write nothing")
    args = parser.parse_args(argv)
    status = 0
    for doc_id, name in SEED_FILES.items():
        source, tree = import_document(doc_id, args.seeds / name)
        gaps = coverage_gaps(source, tree)
        gaps = [g for g in gaps if g not in UNCLAIMED_OK.get(doc_id, [])]
        print(f"{doc_id}: {len(tree.nodes)} clauses, uncovered: {gaps if gaps else 'none'}")
        if args.check:
            continue
        clause_path = args.out / "clauses" / f"{doc_id}.yaml"
        if clause_path.exists() and not args.force:
            print(f"  {clause_path} exists (hand-edited source of truth); not overwritten", file=sys.stderr)
            status = 1
            continue
        (args.out / "sources").mkdir(parents=True, exist_ok=True)
        (args.out / "clauses").mkdir(parents=True, exist_ok=True)
        (args.out / "sources" / f"{doc_id}.txt").write_text(source, encoding="utf-8")
        header = (
            f"# Clauses of {doc_id}, split along the document's own structure.\n"
            "# text must stay a verbatim excerpt of knowledge/sources/"
            f"{doc_id}.txt (whitespace aside); check with: python -m bot.kb validate\n"
        )
        clause_path.write_text(header + dump_yaml({"doc_id": doc_id, "clauses": tree.to_yaml_entries()}),
                               encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
