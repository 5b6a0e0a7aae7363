""""Who is the 组长?" from a document's own table of members (columns 职务 / 姓名 / 单位及职务): the rows of
the role asked about, by name and post, cited to the table. The roles are the table's own 职务 cells.
"""

from __future__ import annotations

import re

from bot.dialogue.catalog import bare
from bot.dialogue.messages import Reply, citation, clip, close_answer, source_line
from bot.kb.loader import KnowledgeBase
from bot.kb.model import Clause

ROLE_COLUMN = "职务"
NAME_COLUMN = "姓名"
# 组长是谁 / 谁当组长 / 副组长都有谁 / 组长叫什么名字
WHO = re.compile(r"是谁|有谁|有哪些人|是哪位|哪几位|叫什么|叫啥|名字|姓名|谁当|谁是|谁担任|由谁|是哪个")
# The bodies such tables list the members of: the question must name one (家庭成员 is no member of a body).
BODY = re.compile(r"领导小组|工作小组|小组|工作组|委员会|指挥部|专班")
MAX_NAMED = 4
PEOPLE_CHARS = 150


def _member_rows(kb: KnowledgeBase, doc_id: str) -> list[tuple[Clause, dict[str, str]]]:
    """The rows of the document's tables that have a 职务 and a 姓名 column, as column → cell."""
    rows = []
    for clause in kb.clauses_of(doc_id):
        parent = kb.clauses.get(clause.parent or "")
        if clause.cells and parent is not None and {ROLE_COLUMN, NAME_COLUMN} <= set(parent.columns) \
                and len(parent.columns) == len(clause.cells):
            rows.append((clause, dict(zip(parent.columns, (c.strip() for c in clause.cells)))))
    return rows


def _asked_role(asked: str, roles: set[str]) -> str | None:
    """The longest role of the table the question names (常务副组长 before 副组长 before 组长)."""
    named = [r for r in roles if r and r in asked]
    return max(named, key=len) if named else None


def people_reply(kb: KnowledgeBase, question: str, region: str | None) -> Reply | None:
    """The members of the role asked about, from the one document of the region with a members' table;
    None when the question does not ask who holds a role that such a table lists."""
    asked = bare(question)
    body = BODY.search(asked)
    if body is None or not WHO.search(asked):
        return None
    docs = kb.documents_for(region) if region else list(kb.documents.values())
    tables = [(doc, rows) for doc in docs if (rows := _member_rows(kb, doc.doc_id))
              and body.group(0) in rows[0][0].heading]
    if len(tables) != 1:
        return None
    doc, rows = tables[0]
    role = _asked_role(asked, {cells[ROLE_COLUMN] for _, cells in rows})
    if role is None:
        return None
    held = [(clause, cells) for clause, cells in rows if cells[ROLE_COLUMN] == role]
    named = "；".join(_person(cells) for _, cells in held[:MAX_NAMED])
    more = f"等{len(held)}人" if len(held) > MAX_NAMED else ""
    first = held[0][0]
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered",
                                         "clause_ids": [c.clause_id for c, _ in held[:MAX_NAMED]]}})
    reply.say(f"【{role}】{clip(named, PEOPLE_CHARS)}{more}{source_line(kb, first.clause_id)}",
              citations=[citation(kb, first.clause_id)])
    return close_answer(reply, kb, doc.doc_id)


def _person(cells: dict[str, str]) -> str:
    """马红军（市委副书记、市长）: the name, then the other cells (the post)."""
    others = "，".join(v for k, v in cells.items() if k not in (ROLE_COLUMN, NAME_COLUMN) and v)
    return f"{cells[NAME_COLUMN]}（{others}）" if others else cells[NAME_COLUMN]
