"""Chinese numerals → Arabic digits, and text normalisation for comparisons.

``normalize_numbers("每月不少于四十五小时")`` → ``"每月不少于45小时"``.

cn2an's ``transform`` converts every 一/二/三 it sees (统一 → 统1, 一体化 → 1体化, 一些 → 1些), so this module
finds the numeral runs itself and converts only those that are quantities:

* ``百分之六十`` → ``60%``;
* runs with a unit character (``四十五``, ``三千``, ``五十万``, ``一百万``) → digits;
* year-style digit runs with 〇/零 (``二〇二五``) → ``2025``;
* a single numeral (``一``, ``两``, ``十``, ``千``…) only when a measure word follows (``两个`` → ``2个``,
  ``千人`` → ``1000人``), never inside fixed words (``统一``, ``一体化``, ``四位一体``, ``一刻钟``…);
* planning-period names (``十四五``) and party-congress ordinals (``十九大``, ``十九届``) are kept;
* Arabic numbers with 万/亿 are expanded (``1.5万`` → ``15000``), so both spellings compare equal.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable

import cn2an

_DIGITS = "零〇一二三四五六七八九两"
_UNITS = "十百千万亿"
_RUN = re.compile(f"[{_DIGITS}{_UNITS}]+")

# Words that contain numeral characters but are not quantities. Longest first when protecting.
PROTECTED_WORDS: tuple[str, ...] = (
    "十一五", "十二五", "十三五", "十四五", "十五五",
    "一核两委一会", "双亮双领双评一服务", "三区一中心", "一带一路", "两学一做", "一老一小",
    "三位一体", "四位一体", "五位一体", "三社联动", "五社联动", "三沿七区",
    "两个维护", "两个确立", "四个意识", "四个自信", "四种形态", "三同步", "四同步", "三留守",
    "两委", "一肩挑", "一把手", "一站式", "一刻钟", "一盘棋", "一网通办", "一网", "一件事", "一次性",
    "一体化", "一体", "一些", "统一", "唯一", "同一", "万一", "逐一", "之一", "一方面", "进一步", "一定",
    "一致", "一直", "一流", "一切", "一律", "一并", "一样", "一系列", "一般", "一旦", "一起", "一同",
    "一道", "一贯", "一度", "一线", "一再", "一经", "一举", "一环", "一手", "一心", "一员", "一时",
    "一是", "二是", "三是", "四是", "五是",
    "百年", "千方百计", "千家万户", "万无一失", "一丝不苟", "不一",
)

# A single numeral character is a quantity only when one of these follows it.
MEASURE_WORDS: tuple[str, ...] = (
    "小时", "分钟", "周岁", "平方米", "平米", "公里", "季度", "星级", "人次", "户次",
    "个", "名", "人", "次", "年", "月", "日", "天", "周", "岁", "元", "张", "所", "处", "家", "项",
    "户", "类", "种", "批", "条", "件", "台", "辆", "套", "间", "床", "级", "倍", "米", "层", "份", "期",
    "轮", "章", "节", "款", "座", "支", "本", "成", "位", "万", "千", "百", "亿",
)

_PLACEHOLDER_BASE = 0xE000  # Unicode private use area; never appears in the documents


def _to_number(run: str) -> str | None:
    """Convert one numeral run, or None when it is not a well-formed number."""
    if run in {"两"}:
        return "2"
    if not any(ch in _UNITS for ch in run):
        # digit-only run: a year such as 二〇二五 (must contain 〇/零 or be four digits long)
        if len(run) >= 2 and ("〇" in run or "零" in run or len(run) == 4):
            table = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
            table["零"] = "0"
            table["两"] = "2"
            return "".join(table.get(c, c) for c in run)
        if len(run) == 1:
            try:
                return str(cn2an.cn2an(run, "normal"))
            except (ValueError, KeyError):
                return None
        return None
    if run[0] in _UNITS and run[0] != "十":
        run = "一" + run  # 千人 → 一千人
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = cn2an.cn2an(run, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _expand_wan(match: re.Match[str]) -> str:
    number, unit = match.group(1), match.group(2)
    factor = 10_000 if unit == "万" else 100_000_000
    value = float(number) * factor
    if value.is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def protect_words(text: str, words: Iterable[str], base: int = _PLACEHOLDER_BASE) -> tuple[str, dict[str, str]]:
    """Swap each of `words` found in text for a private-use character, longest first, so that a numeral
    rewrite leaves them alone; `restore_words` puts them back."""
    mapping: dict[str, str] = {}
    for i, word in enumerate(sorted(words, key=len, reverse=True)):
        if word in text:
            mark = chr(base + i)
            mapping[mark] = word
            text = text.replace(word, mark)
    return text, mapping


def _protect(text: str) -> tuple[str, dict[str, str]]:
    return protect_words(text, PROTECTED_WORDS)


def restore_words(text: str, mapping: dict[str, str]) -> str:
    for mark, word in mapping.items():
        text = text.replace(mark, word)
    return text


def _restore(text: str, mapping: dict[str, str]) -> str:
    return restore_words(text, mapping)


def normalize_numbers(text: str) -> str:
    """Replace Chinese numerals that denote quantities with Arabic digits; leave words alone."""
    if not text:
        return text
    text, mapping = _protect(text)

    def percent(match: re.Match[str]) -> str:
        number = _to_number(match.group(1))
        return f"{number}%" if number is not None else match.group(0)

    text = re.sub(f"百分之([{_DIGITS}{_UNITS}]+)", percent, text)

    def convert(match: re.Match[str]) -> str:
        run = match.group(0)
        after = text[match.end():]
        before = text[: match.start()]
        if after.startswith(("大", "届", "中全会")) and len(run) >= 2:
            return run  # 十九大, 十九届
        if after.startswith("、") or (before.endswith(("（", "(")) and after.startswith(("）", ")"))):
            return run  # list labels: 十一、 （十一）
        if len(run) == 1 or (len(run) == 2 and run[0] == "第"):
            if not after.startswith(MEASURE_WORDS):
                return run
            if run in "百千万亿":
                if re.search(r"[0-9.]$", before):
                    return run  # 1.5万: expanded below
                if before and not before.endswith(("每", "约", "近", "超", "逾", "上", "数")):
                    return run  # 百/千/万 after an ordinary character is part of a word (老百姓, 千家)
        number = _to_number(run)
        return number if number is not None else run

    text = _RUN.sub(convert, text)
    text = re.sub(r"(\d+(?:\.\d+)?)(万|亿)(?![一二三四五六七八九])", _expand_wan, text)
    return _restore(text, mapping)


_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Canonical form for comparing wording: NFKC (full-width → half-width, （）→()), lower case,
    no whitespace, Chinese numerals as digits."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = _WHITESPACE.sub("", text)
    text = text.replace("\u3000", "")
    return normalize_numbers(text)


def strip_whitespace(text: str) -> str:
    """Remove every whitespace character (used for the verbatim checks)."""
    return _WHITESPACE.sub("", text or "").replace("\u3000", "")
