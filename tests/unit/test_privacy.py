"""Masking of ID-card and mobile numbers typed by users (bot.privacy), before Rasa, logs and handoff transcripts."""

from __future__ import annotations

import pytest

from bot.privacy import mask_personal_numbers


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # mobile numbers: plain, spaced, dashed, with +86
        ("我电话13812345678", "我电话138****5678"),
        ("电话 138 1234 5678 谢谢", "电话 138****5678 谢谢"),
        ("电话 138-1234-5678", "电话 138****5678"),
        ("+86 138 1234 5678", "+86 138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("+86-139-1234-5678", "+86-139****5678"),
        # full-width digits (Chinese input methods), separators and country code
        ("１３８１２３４５６７８", "138****5678"),
        ("手机：１３８１２３４５６７８。", "手机：138****5678。"),
        ("１３８ １２３４ ５６７８", "138****5678"),
        ("１３８－１２３４－５６７８", "138****5678"),
        ("１３８\u3000１２３４\u3000５６７８", "138****5678"),
        ("＋８６ １３８１２３４５６７８", "＋８６ 138****5678"),
        ("13８1234５678", "138****5678"),  # mixed forms
        # a bare 86 before a number may be an age: it is kept, the number is masked
        ("我妈86 13812345678", "我妈86 138****5678"),
        # 18-digit IDs, with X
        ("身份证号110105194912310021", "身份证号110*************21"),
        ("身份证11010519491231002X", "身份证110*************2X"),
        ("身份证11010519491231002x。", "身份证110*************2X。"),
        # 15-digit legacy IDs
        ("老身份证110105491231002", "老身份证110**********02"),
        ("老身份证 110105 491231 002", "老身份证 110**********02"),
        # IDs with spaces or hyphens between the 6-8-4 / 6-8-3X groups
        ("身份证 110101 19400101 1234", "身份证 110*************34"),
        ("身份证 110101 19400101 123X", "身份证 110*************3X"),
        ("身份证110101-19400101-1234", "身份证110*************34"),
        ("身份证 110101 - 19400101 - 1234", "身份证 110*************34"),
        ("身份证 110101 1940 01 01 1234", "身份证 110*************34"),
        ("身份证 110101-1940-01-01-1234", "身份证 110*************34"),
        # IDs with full-width digits and letters, plain or separated
        ("身份证１１０１０１１９４００１０１１２３４", "身份证110*************34"),
        ("身份证 １１０１０１ １９４００１０１ １２３４", "身份证 110*************34"),
        ("身份证１１０１０１－１９４００１０１－１２３Ｘ", "身份证110*************3X"),
        ("身份证１１０１０１\u3000１９４００１０１\u3000１２３ｘ", "身份证110*************3X"),
        # both in one message; other numbers untouched
        ("我妈85岁，电话１３９ １２３４ ５６７８，身份证 110101 19400101 1234，每月1450元",
         "我妈85岁，电话139****5678，身份证 110*************34，每月1450元"),
    ],
)
def test_personal_numbers_are_masked(text: str, masked: str) -> None:
    assert mask_personal_numbers(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "我妈85岁",
        "我妈８５岁",
        "每月45小时，补贴1450元",
        "补贴１４５０元",
        "2023年",
        "2023年7月1日",
        "２０２３年７月１日",
        "2023-07-01",
        "2023-07-01至2025-12-31",
        "有问题打12345",
        "有问题打１２３４５",
        "海府办函〔2023〕105号",
        "琼民发〔2021〕12号",
        # landlines are not masked (only mobile and ID numbers are personal here)
        "办公电话0898-68723686",
        "办公电话 0898 6872 3686",
        "办公电话０８９８－６８７２３６８６",
        "0577-88888888",
        # not mobile or ID shaped: 11 digits not starting 1[3-9], 12 or 19+ digit runs, 5-9-4 groups
        "12345678901",
        "138123456789",
        "1101011940010112345",
        "11010 119400101 1234",
        "单号 123456 7890",
    ],
)
def test_ordinary_numbers_are_not_masked(text: str) -> None:
    assert mask_personal_numbers(text) == text


def test_masking_is_idempotent() -> None:
    once = mask_personal_numbers("手机１３８１２３４５６７８，身份证 110101 19400101 123X")
    assert mask_personal_numbers(once) == once
