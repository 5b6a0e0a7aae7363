"""The figures and glossary catalogs (knowledge/figures/*.yaml, knowledge/glossary.yaml).

Checks that `python -m bot.kb validate` does not make:
* figure_id / term_id are unique (the validator only checks fields named ``id``);
* every quote is verbatim (whitespace aside) in EVERY clause a figure cites, and a glossary definition is
  verbatim in a cited clause (the validator compares after normalisation, which also hides punctuation
  and numeral differences, and does not look at ``definition``);
* every figure value appears in its own quote (45 ↔ 四十五), as a whole number, and a table figure's value is
  exactly the cell of the column it names;
* coverage: in the elder-care clauses listed below, every number (Arabic, or Chinese that ``normalize_text``
  leaves as Chinese) is inside some figure's quote, unless an exclusion below says why it is not a figure.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.kb.loader import KNOWLEDGE_ROOT, load_kb
from bot.kb.numerals import PROTECTED_WORDS, normalize_text, strip_whitespace
from bot.kb.yamlio import read_yaml

FIGURE_DIR = KNOWLEDGE_ROOT / "figures"
GLOSSARY_FILE = KNOWLEDGE_ROOT / "glossary.yaml"
REGIONS = ("haikou", "hainan", "wenzhou", "changji")

# ---------------------------------------------------------------------------------------------- coverage scope

# Documents that are about elder care from start to end: every clause is checked, except the subtrees below.
WHOLE_DOCUMENTS = ("haikou-2023-161", "haikou-2023-105", "wenzhou-2022-draft", "changji-2021-1")
# 昌吉 附件1 lists the leading group's members: personal names and place names (六工镇, 二六工镇…), no figures.
SKIPPED_SUBTREES = ("changji-2021-1:annex1",)
# 海南“十四五”民政规划 covers all of civil affairs; these are its elder-care clauses (plus everything under
# 第五章 c5 and 专栏8 box8, added below).
HAINAN_ELDER_CARE = tuple(f"hainan-2021-plan:{local}" for local in (
    "news.p4", "news.p5", "news.p6", "news.p7", "news.p8",  # the news report's elder-care paragraphs
    "c1.s1.p3",                                              # 十三五 review: 养老服务和慈善事业稳步推进
    "c1.s1.t1.r1", "c1.s1.t1.r4", "c1.s1.t1.r8", "c1.s1.t1.r13", "c1.s1.t1.n1",  # 十三五 table, elder rows
    "c1.s4.t1.r14", "c1.s4.t1.r15", "c1.s4.t1.r16",          # 十四五 target table, elder-care rows
    "c2.s1.p1",                                              # 县镇两级养老机构 (chapter 2)
    "glossary.6", "glossary.8",                              # 名词解释: 时间银行, 金民工程
))
HAINAN_ELDER_CARE_SUBTREES = ("hainan-2021-plan:c5", "hainan-2021-plan:box8")

# Table columns that hold row numbers, not figures.
ORDINAL_COLUMNS = ("序号",)

# Numbers in covered clauses that are not figures: clause_id → [(regex on the normalize_text form, why)].
# normalize_text turns 一项 into 1项, 五十万 into 500000, lower-cases 1+N, and drops whitespace.
DOC_NUMBER = (r"〔\d{4}〕\d+号", "文号 (document number)")
NOT_FIGURES: dict[str, list[tuple[str, str]]] = {
    "haikou-2023-161:header": [DOC_NUMBER],
    "haikou-2023-161:3.1": [(r"1项重要任务", "一项重要任务: wording, not a quantity")],
    "haikou-2023-161:4.4": [(r"0898-68723686", "contact telephone (contacts.yaml)"),
                            (r"452668514@qq\.com", "contact e-mail")],
    "haikou-2023-161:attachments": [(r"[12]\.(?=《)", "attachment list ordinals")],
    "haikou-2023-105:notice": [DOC_NUMBER],
    "haikou-2023-105:preamble": [DOC_NUMBER],
    "haikou-2023-105:2.2.4": [(r"“12345热线”", "hotline number (contacts.yaml)")],
    "haikou-2023-105:2.4.15": [(r"“1\+n”", "name of the “1+N”联合体 model (glossary)")],
    "wenzhou-2022-draft:3.3.11": [(r"1批", "一批: “a number of”, not a count")],
    "changji-2021-1:header": [DOC_NUMBER],
    "changji-2021-1:preamble": [DOC_NUMBER],
    "changji-2021-1:attachments": [(r"[12]\.(?=昌吉)", "attachment list ordinals")],
    "changji-2021-1:1.3.p3": [(r"1批", "一批: “a number of”")],
    "changji-2021-1:1.3.p4": [(r"1批", "一批: “a number of”")],
    "changji-2021-1:2.5": [(r"1批", "一批: “a number of”")],
    "changji-2021-1:2.11": [(r"1批", "一批: “a number of”")],
    "changji-2021-1:annex2.r10": [(r"1批", "一批: “a number of”")],
    "changji-2021-1:2.10": [(r"\(2019—2021年\)", "years in the title of a cited national programme")],
    "hainan-2021-plan:c1.s1.p3": [
        # Same paragraph as the elder-care counts, but about charity, volunteers and the welfare lottery.
        (r"111家", "志愿服务组织 count"), (r"7242个", "志愿团体 count"), (r"85家", "慈善组织 count"),
        (r"83家", "社会工作服务机构 count"), (r"1132000000元", "charity donations"),
        (r"500余项", "charity activities"), (r"1500000余人次", "charity beneficiaries"),
        (r"5849000000元", "lottery sales"), (r"1469000000元", "lottery public-welfare fund"),
        (r"497个", "lottery outlets"),
    ],
    "hainan-2021-plan:c5.s1.p1": [(r"残疾人2项补贴", "残疾人两项补贴: name of the two disability allowances")],
    "hainan-2021-plan:c5.s3.p1": [(r"“1\+n”", "name of the “1+N”联合体 model (glossary)")],
}

# Chinese numerals that normalize_text leaves as words (besides numerals.PROTECTED_WORDS) and that are not
# quantities. Everything else written in Chinese numerals must be inside a figure quote.
CHINESE_NON_QUANTITIES: tuple[tuple[str, str], ...] = (
    (r"\([一二三四五六七八九十]+\)", "list ordinals (一)…(十一) in the task table"),
    (r"第一责任", "第一责任: primary responsibility"),
    (r"第三方", "third party"),
    (r"二十大", "party congress"),
    (r"“八五”普法", "name of the 8th five-year legal-education campaign"),
    (r"[让捐掏]一点", "企业让一点、慈善捐一点、个人掏一点: slogan"),
    (r"[一二]是", "enumeration 一是/二是"),
    (r"\(亿元\)", "unit in a table heading"),
    (r"“[一二三四五六七八九十]+[^”]{1,6}”", "quoted slogans and model names (“四同步”, “三位一体”…)"),
    (r"[一二三四五六七八九十]位一体", "四位一体: name of a model"),
    (r"[三五]社联动", "三社联动/五社联动: name of a mechanism (glossary)"),
    (r"一代帮一代", "时间银行 slogan"),
)
_CHINESE_RUN = re.compile("[零〇一二三四五六七八九两十百千万亿]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

# Terms from the project brief that users ask about; each must be an entry's term or alias.
REQUIRED_TERMS = (
    "时间银行", "金民工程", "家庭养老床位", "家庭照护床位", "特殊困难老年人", "计划生育特殊家庭", "特困人员",
    "分散供养", "集中供养", "居家养老服务", "基本养老服务", "基本养老服务清单", "老年人能力综合评估", "适老化改造",
    "医养结合", "嵌入式养老", "助餐", "老年食堂", "巡访", "探访关爱", "长期护理保险", "智慧养老", "浙里康养",
    "养老服务超市", "海易办", "五保户",
)


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _figure_files() -> list[tuple[Path, dict]]:
    return [(path, read_yaml(path)) for path in sorted(FIGURE_DIR.glob("*.yaml"))]


@pytest.fixture(scope="module")
def figure_files() -> list[tuple[Path, dict]]:
    return _figure_files()


@pytest.fixture(scope="module")
def figures(figure_files) -> list[dict]:
    return [f for _, data in figure_files for f in data["figures"]]


@pytest.fixture(scope="module")
def glossary() -> list[dict]:
    return read_yaml(GLOSSARY_FILE)["glossary"]


def _pieces(kb, clause_id: str) -> list[tuple[str, str]]:
    """(column or field name, words) of a clause: the cells of a table row, else its title and text."""
    clause = kb.clauses[clause_id]
    if clause.cells:
        columns = kb.clauses[clause.parent].columns
        return [(col, cell) for col, cell in zip(columns, clause.cells) if col not in ORDINAL_COLUMNS]
    return [("title", clause.title), ("text", clause.text)]


def _verbatim_in(kb, words: str, clause_id: str) -> bool:
    clause = kb.clauses[clause_id]
    needle = strip_whitespace(words)
    return any(needle in strip_whitespace(piece) for piece in (clause.title, clause.text, *clause.cells))


def _quotes(entry: dict) -> list[str]:
    quote = entry["quote"]
    return [quote] if isinstance(quote, str) else list(quote)


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _spaced_norm(text: str) -> str:
    """normalize_text per whitespace-separated token, so table cells stay apart ('26.7 35 30')."""
    return " ".join(normalize_text(token) for token in text.split())


def _covered_clauses(kb) -> list[str]:
    skipped = {c.clause_id for root in SKIPPED_SUBTREES for c in (kb.clauses[root], *kb.descendants(root))}
    ids = [c.clause_id for doc in WHOLE_DOCUMENTS for c in kb.clauses_of(doc) if c.clause_id not in skipped]
    ids += list(HAINAN_ELDER_CARE)
    for root in HAINAN_ELDER_CARE_SUBTREES:
        ids += [root] + [c.clause_id for c in kb.descendants(root)]
    return ids


# ---------------------------------------------------------------------------------------------- figures


def test_figure_files_are_per_document(kb, figure_files):
    assert {path.stem for path, _ in figure_files} == set(kb.documents)
    for path, data in figure_files:
        doc_id = data["doc_id"]
        assert doc_id == path.stem
        for fig in data["figures"]:
            assert fig["figure_id"].startswith(f"{doc_id}."), fig["figure_id"]
            assert all(c.startswith(f"{doc_id}:") for c in fig["cites"]), fig["figure_id"]
            assert fig["region"] == kb.documents[doc_id].region, fig["figure_id"]


def test_figure_ids_are_unique(figures):
    dupes = [k for k, n in Counter(f["figure_id"] for f in figures).items() if n > 1]
    assert not dupes


def test_figure_quotes_are_verbatim_in_every_cited_clause(kb, figures):
    bad = [f"{f['figure_id']}: '{f['quote']}' not in {c}"
           for f in figures for c in f["cites"] if c not in kb.clauses or not _verbatim_in(kb, f["quote"], c)]
    assert not bad, "\n".join(bad)


def test_figure_values_appear_in_their_quotes(figures):
    bad = []
    for f in figures:
        value = f["value"]
        if isinstance(value, bool):
            bad.append(f"{f['figure_id']}: boolean value")
        elif isinstance(value, (int, float)):
            number = re.escape(normalize_text(_number_text(value)))
            if not re.search(rf"(?<![\d.]){number}(?![\d]|\.\d)", _spaced_norm(f["quote"])):
                bad.append(f"{f['figure_id']}: {value} not in '{f['quote']}'")
        elif normalize_text(value) not in normalize_text(f["quote"]):
            bad.append(f"{f['figure_id']}: '{value}' not in '{f['quote']}'")
    assert not bad, "\n".join(bad)


def test_table_figures_match_their_cell(kb, figures):
    bad = []
    for f in figures:
        if "column" not in f:
            continue
        for cid in f["cites"]:
            clause = kb.clauses[cid]
            columns = kb.clauses[clause.parent].columns if clause.parent else ()
            if f["column"] not in columns:
                bad.append(f"{f['figure_id']}: no column '{f['column']}' in the table of {cid}")
                continue
            cell = clause.cells[columns.index(f["column"])]
            if normalize_text(cell) != normalize_text(_number_text(f["value"])):
                bad.append(f"{f['figure_id']}: {cid} {f['column']} is '{cell}', value is {f['value']!r}")
    assert not bad, "\n".join(bad)


def test_figure_dates_agree_with_years(figures):
    for f in figures:
        if f.get("date") and f.get("year"):
            assert f["date"].startswith(str(f["year"])), f["figure_id"]


def test_every_number_in_elder_care_clauses_is_a_figure(kb, figures):
    covered = _covered_clauses(kb)
    missing = [c for c in covered if c not in kb.clauses]
    assert not missing, f"covered clauses that no longer exist: {missing}"
    assert not set(NOT_FIGURES) - set(covered), "exclusions for clauses outside the coverage list"
    by_clause: dict[str, list[dict]] = {}
    for f in figures:
        for cid in f["cites"]:
            by_clause.setdefault(cid, []).append(f)
    protected = sorted(PROTECTED_WORDS, key=len, reverse=True)
    problems = []
    used_exclusions: set[tuple[str, str]] = set()
    for cid in covered:
        for column, words in _pieces(kb, cid):
            text = normalize_text(words)
            if not text:
                continue
            ok = [False] * len(text)

            def mark(start: int, end: int, ok=ok) -> None:
                for k in range(start, end):
                    ok[k] = True

            for f in by_clause.get(cid, []):
                quote = normalize_text(f["quote"])
                if f.get("column") == column or (re.search(r"[\u4e00-\u9fff]", text) and text in quote):
                    mark(0, len(text))  # the figure's cell, or a row-label cell inside the quote
                for m in re.finditer(re.escape(quote), text):
                    mark(m.start(), m.end())
            for pattern, _why in NOT_FIGURES.get(cid, []):
                for m in re.finditer(pattern, text):
                    used_exclusions.add((cid, pattern))
                    mark(m.start(), m.end())
            for m in _NUMBER.finditer(text):
                if not all(ok[m.start():m.end()]):
                    problems.append(f"{cid} [{column}]: {m.group()} in …{text[max(0, m.start() - 12):m.end() + 8]}…")
            for word in protected:
                for m in re.finditer(re.escape(word), text):
                    mark(m.start(), m.end())
            for pattern, _why in CHINESE_NON_QUANTITIES:
                for m in re.finditer(pattern, text):
                    mark(m.start(), m.end())
            for m in _CHINESE_RUN.finditer(text):
                if not all(ok[m.start():m.end()]):
                    problems.append(f"{cid} [{column}]: Chinese numeral {m.group()} in "
                                    f"…{text[max(0, m.start() - 12):m.end() + 8]}…")
    assert not problems, "numbers without a figure (add a figure or a commented exclusion):\n" + "\n".join(problems)
    unused = [(cid, p) for cid, rules in NOT_FIGURES.items() for p, _ in rules if (cid, p) not in used_exclusions]
    assert not unused, f"exclusions that match nothing (remove them): {unused}"


def test_figure_counts_per_document(figure_files):
    counts = {data["doc_id"]: len(data["figures"]) for _, data in figure_files}
    assert sum(counts.values()) >= 140, counts
    assert all(n > 0 for n in counts.values()), counts


# ---------------------------------------------------------------------------------------------- glossary


def test_glossary_ids_are_unique_and_carry_the_region(glossary):
    dupes = [k for k, n in Counter(e["term_id"] for e in glossary).items() if n > 1]
    assert not dupes
    for entry in glossary:
        assert entry["term_id"].rsplit(".", 1)[1] == entry["region"], entry["term_id"]
        assert entry["region"] in REGIONS


def test_glossary_cites_documents_of_its_region(kb, glossary):
    for entry in glossary:
        for cid in entry["cites"]:
            assert cid in kb.clauses, f"{entry['term_id']}: no clause {cid}"
            assert kb.document_of(cid).region == entry["region"], f"{entry['term_id']}: {cid}"


def test_glossary_quotes_and_definitions_are_verbatim(kb, glossary):
    bad = []
    for entry in glossary:
        texts = _quotes(entry) + ([entry["definition"]] if entry["definition"] else [])
        for words in texts:
            if not any(_verbatim_in(kb, words, cid) for cid in entry["cites"]):
                bad.append(f"{entry['term_id']}: '{words}' is in none of {entry['cites']}")
        for cid in entry["cites"]:
            if not any(_verbatim_in(kb, words, cid) for words in texts):
                bad.append(f"{entry['term_id']}: cites {cid} but no quote/definition comes from it")
    assert not bad, "\n".join(bad)


def test_glossary_entries_use_their_term(glossary):
    for entry in glossary:
        term = entry["term"]
        assert term not in entry["aliases"], entry["term_id"]
        words = " ".join(_quotes(entry) + [entry["definition"] or ""])
        core = term.strip("“”")
        assert core in words or any(a in words for a in entry["aliases"]), entry["term_id"]


def test_every_hainan_glossary_annex_entry_is_defined_verbatim(kb, glossary):
    defined = {c: e["definition"] for e in glossary for c in e["cites"] if e["definition"]}
    annex = kb.children("hainan-2021-plan:glossary")
    assert len(annex) == 8
    for clause in annex:
        assert strip_whitespace(defined.get(clause.clause_id) or "") == strip_whitespace(clause.text), \
            clause.clause_id


def test_required_terms_are_in_the_glossary(glossary):
    known = {w for e in glossary for w in (e["term"].strip("“”"), *e["aliases"])}
    known |= {e["term"] for e in glossary}
    missing = [t for t in REQUIRED_TERMS if not any(t == k or t in k for k in known)]
    assert not missing, missing
