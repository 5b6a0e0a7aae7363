"""Chinese numerals → digits, with guards for words that only look like numbers."""

from __future__ import annotations

import pytest

from bot.kb.numerals import normalize_numbers, normalize_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每月不少于四十五小时", "每月不少于45小时"),
        ("不少于三十小时的免费居家养老服务", "不少于30小时的免费居家养老服务"),
        ("百分之六十", "60%"),
        ("百分之七十五以上", "75%以上"),
        ("二〇二五年", "2025年"),
        ("二〇三五年远景目标", "2035年远景目标"),
        ("一千", "1000"),
        ("两个", "2个"),
        ("两年", "2年"),
        ("不少于三千平方米", "不少于3000平方米"),
        ("每平方米五百元以上五千元以下罚款", "每平方米500元以上5000元以下罚款"),
        ("五万元以上五十万元以下", "50000元以上500000元以下"),
        ("一百万元", "1000000元"),
        ("六十五周岁", "65周岁"),
        ("每千名老年人口", "每1000名老年人口"),
        ("每百户", "每100户"),
        ("第十四次全国民政会议", "第14次全国民政会议"),
        ("1.5万人次", "15000人次"),
        ("8160万元", "81600000元"),
        ("二十四小时", "24小时"),
    ],
)
def test_quantities_become_digits(text, expected):
    assert normalize_numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一些老人", "统一规范", "一体化平台", "“十四五”时期", "十四五", "十三五",
        "十九大和十九届二中、三中、四中、五中全会", "四位一体", "五社联动", "一刻钟", "一站式",
        "一核两委一会", "两委", "唯一", "一般", "万一", "一是", "进一步", "百年未有之大变局", "老百姓",
        "千家万户", "一、指导思想", "（三）", "（十一）推进", "十二、", "一肩挑", "一次性补贴", "三社联动",
    ],
)
def test_words_are_left_alone(text):
    assert normalize_numbers(text) == text


def test_arabic_text_is_unchanged():
    text = "2025 年底前,65 周岁及以上老年人城乡社区规范健康管理服务率达到70%。"
    assert normalize_numbers(text) == text


def test_empty():
    assert normalize_numbers("") == ""
    assert normalize_text("") == ""
    assert normalize_text(None) == ""


def test_normalize_text_for_comparison():
    assert normalize_text("每月 不少于 四十五小时（免费）") == "每月不少于45小时(免费)"
    assert normalize_text("４５小时") == normalize_text("四十五小时")
    assert normalize_text("对 65 周岁以上老年人") == normalize_text("对六十五周岁以上老年人")
    assert normalize_text("（一）指导思想") == "(一)指导思想"
    assert normalize_text("60%") in normalize_text("达到百分之六十以上")
