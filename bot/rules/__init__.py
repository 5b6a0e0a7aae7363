"""Entitlement engine: rules as data (knowledge/benefits/*.yaml), a three-valued evaluator and its verdicts.

    from bot.rules import Profile, evaluate, check
    results = evaluate({"region": "haikou", "age": 70})        # list[Result]
    report = check(Profile(region="三亚", economic="tekun"))     # Report: results + notice

See bot/rules/README.md for the data format and the verdict logic.
"""

from bot.rules.catalog import Catalog, Rule, RuleError, load_catalog
from bot.rules.engine import check, evaluate, field_label, field_question, value_label
from bot.rules.profile import PROFILE_FIELDS, Profile, parse_profile
from bot.rules.result import (
    ELIGIBLE,
    LIKELY,
    NEED_INFO,
    NOT_ELIGIBLE,
    STATUSES,
    Amount,
    Apply,
    ChecklistItem,
    Citation,
    Report,
    Result,
)

__all__ = [
    "ELIGIBLE", "LIKELY", "NEED_INFO", "NOT_ELIGIBLE", "PROFILE_FIELDS", "STATUSES", "Amount", "Apply",
    "Catalog", "ChecklistItem", "Citation", "Profile", "Report", "Result", "Rule", "RuleError", "check",
    "evaluate", "field_label", "field_question", "load_catalog", "parse_profile", "value_label",
]
