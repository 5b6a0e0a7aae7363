""""Who is the 组长?" from a document's own table of members (columns 职务 / 姓名 / 单位及职务): the rows of
the role asked about, by name and post, cited to the table. The roles are the table's own 职务 cells.
"""

from __future__ import annotations

from bot.answering.citations import citation, close_answer, source_line
from bot.answering.config import CONFIG
from bot.answering.env import Env
from bot.answering.reply import Reply, clip
from bot.answering.specialists.catalog import bare
from bot.answering.words import BODY, NAME_COLUMN, ROLE_COLUMN, WHO
from bot.kb.model import Clause


def member_cells(env: Env, clause: Clause) -> dict[str, str] | None:
    """A row of a table with a 职务 and a 姓名 column, as column → cell; None for any other clause."""
    parent = env.kb.clauses.get(clause.parent or "")
    if clause.cells and parent is not None and {ROLE_COLUMN, NAME_COLUMN} <= set(parent.columns) \
            and len(parent.columns) == len(clause.cells):
        return dict(zip(parent.columns, (c.strip() for c in clause.cells)))
    return None


def _member_rows(env: Env, doc_id: str) -> list[tuple[Clause, dict[str, str]]]:
    """The rows of the document's tables that have a 职务 and a 姓名 column, as column → cell."""
    return [(clause, cells) for clause in env.kb.clauses_of(doc_id) if (cells := member_cells(env, clause))]


def _asked_role(asked: str, roles: set[str]) -> str | None:
    """The longest role of the table the question names (常务副组长 before 副组长 before 组长)."""
    named = [r for r in roles if r and r in asked]
    return max(named, key=len) if named else None


def people_reply(env: Env, question: str, region: str | None) -> Reply | None:
    """The members of the role asked about, from the one document of the region with a members' table;
    None when the question does not ask who holds a role that such a table lists."""
    asked = bare(question)
    body = BODY.search(asked)
    if body is None or not WHO.search(asked):
        return None
    docs = env.kb.documents_for(region) if region else list(env.kb.documents.values())
    tables = [(doc, rows) for doc in docs if (rows := _member_rows(env, doc.doc_id))
              and body.group(0) in rows[0][0].heading]
    if len(tables) != 1:
        return None
    doc, rows = tables[0]
    role = _asked_role(asked, {cells[ROLE_COLUMN] for _, cells in rows})
    if role is None:
        return None
    held = [(clause, cells) for clause, cells in rows if cells[ROLE_COLUMN] == role]
    named = "；".join(_person(cells) for _, cells in held[:CONFIG.max_named])
    more = f"等{len(held)}人" if len(held) > CONFIG.max_named else ""
    first = held[0][0]
    reply = Reply(slots={"last_answer": {"question": question, "status": "answered",
                                         "clause_ids": [c.clause_id for c, _ in held[:CONFIG.max_named]]}})
    reply.say(f"【{role}】{clip(named, CONFIG.people_chars)}{more}{source_line(env.kb, first.clause_id)}",
              citations=[citation(env.kb, first.clause_id)])
    return close_answer(reply, env.kb, doc.doc_id)


def _person(cells: dict[str, str]) -> str:
    """马红军（市委副书记、市长）: the name, then the other cells (the post)."""
    others = "，".join(v for k, v in cells.items() if k not in (ROLE_COLUMN, NAME_COLUMN) and v)
    return f"{cells[NAME_COLUMN]}（{others}）" if others else cells[NAME_COLUMN]
