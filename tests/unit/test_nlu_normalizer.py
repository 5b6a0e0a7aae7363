"""bot.nlu.text / bot.nlu.normalizer: what users type, normalised before tokenizing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.nlu.text import normalize_user_text, normalize_with_alignment

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # traditional → simplified
        ("我們家老爺子八十五歲了，住在溫州", "我们家老爷子85岁了，住在温州"),
        ("戶口在海口，癱瘓在床", "户口在海口，瘫痪在床"),
        ("阿嬤九十幾歲", "阿嬷90几岁"),
        # full-width letters, digits and symbols → half-width; Chinese punctuation kept
        ("１３８－１２３４　５６７８", "138-1234 5678"),
        ("Ａｂｃ，好的！", "Abc，好的！"),
        ("百分之六十", "60%"),
        ("６０％", "60%"),
        # whitespace
        ("瘫 在 床上  好几年", "瘫在床上好几年"),
        # a space between two runs of three or more is a pause between clauses, not a split word
        ("有时候认不得人 家里吃低保", "有时候认不得人，家里吃低保"),
        ("在琼海嘉积 八十四 一个人住", "在琼海嘉积，84，一个人住"),
        ("  老人 85 岁\n\t独居 ", "老人 85 岁独居"),
        ("我妈\u200b今年八十", "我妈今年80"),
        # ages and amounts
        ("八十五岁", "85岁"),
        ("九十多岁", "90多岁"),
        ("快九十了", "快90了"),
        ("我爸六十有五", "我爸65"),
        ("八十有二岁", "82岁"),
        ("八十有余", "80有余"),
        ("今年八十二了", "今年82了"),
        ("一百零二岁", "102岁"),
        ("每月三百块", "每月300块"),
        ("一级残疾", "1级残疾"),
        ("残疾证二级", "残疾证2级"),
        # Cantonese characters read as the Mandarin ones they mean, one for one
        ("佢哋喺海口", "他们在海口"),
        ("有冇得食", "有无得食"),
        ("唔困难", "不困难"),
    ],
)
def test_normalize_user_text(text, expected):
    assert normalize_user_text(text) == expected


@pytest.mark.parametrize(
    "text",
    ["七老八十了还要干活", "一个人住", "两个人过", "一家人住一起", "三无老人", "五保户", "一辈子",
     "三天两头去医院",
     "七八十岁", "十几年", "一些补贴", "统一", "六工镇", "二六工镇", "三工镇"],
)
def test_words_with_numerals_are_kept(text):
    assert normalize_user_text(text) == text


def test_intent_payloads_are_left_alone():
    payload = '/inform{"age": "八十", "region": "溫州"}'
    assert normalize_user_text(payload) == payload


def test_empty_and_none():
    assert normalize_user_text("") == ""
    assert normalize_user_text(None) == ""


def test_idempotent_on_the_dev_messages():
    data = yaml.safe_load((ROOT / "tests" / "data" / "entity_dev.yaml").read_text(encoding="utf-8"))
    for item in data["messages"]:
        once = normalize_user_text(item["text"])
        assert normalize_user_text(once) == once, item["text"]


def test_alignment_maps_offsets_both_ways():
    original = "我們家老爺子 八十五歲了"
    alignment = normalize_with_alignment(original)
    assert alignment.normalized == "我们家老爷子，85岁了"
    start = alignment.normalized.index("85岁")
    end = start + len("85岁")
    assert original[slice(*alignment.to_original(start, end))] == "八十五歲"
    o_start = original.index("八十五歲")
    assert alignment.to_normalized(o_start, o_start + 4) == (start, end)
    # an unchanged text maps onto itself
    same = normalize_with_alignment("温州")
    assert same.to_original(0, 2) == (0, 2) and same.to_normalized(0, 2) == (0, 2)


# ------------------------------------------------------------------------------------------- Rasa component


@pytest.fixture(scope="module")
def rasa_normalizer():
    pytest.importorskip("rasa")
    from bot.nlu.normalizer import TextNormalizer

    return TextNormalizer.create(TextNormalizer.get_default_config(), None, None, None)


def test_component_rewrites_text_at_inference(rasa_normalizer):
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": "俺娘今年八十二了，溫州戶口"})
    rasa_normalizer.process([message])
    assert message.get("text") == "俺娘今年82了，温州户口"


def test_component_rewrites_training_data_and_moves_entities(rasa_normalizer):
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    text = "我妈八十五歲，住在 溫州"
    start = text.index("溫州")
    annotation = {"entity": "city", "start": start, "end": start + 2, "value": "溫州"}
    example = Message(data={"text": text, "intent": "inform", "entities": [annotation]})
    command = Message(data={"text": "/greet", "intent": "greet"})
    data = rasa_normalizer.process_training_data(TrainingData([example, command]))
    first, second = data.training_examples
    assert first.get("text") == "我妈85岁，住在温州"
    [entity] = first.get("entities")
    assert first.get("text")[entity["start"]:entity["end"]] == "温州"
    assert entity["value"] == "温州"
    assert second.get("text") == "/greet"


def test_component_is_registered_as_a_tokenizer_stage_component():
    pytest.importorskip("rasa")
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    from bot.nlu.normalizer import TextNormalizer

    registered = DefaultV1Recipe._from_registry("bot.nlu.normalizer.TextNormalizer")
    assert registered.clazz is TextNormalizer
    assert DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER in registered.types
    assert not registered.is_trainable
    assert TextNormalizer.fingerprint_addon({})


def test_english_words_of_elder_care_talk_are_read_as_the_chinese_ones() -> None:
    # users17 u17-035 / d17-21: English mixed in, or a whole question in English
    text = normalize_user_text("My grandma lives in Haikou, she is 78 and lives alone. "
                               "Does the city offer any home visit service?")
    assert "奶奶" in text and "海口" in text and "独居" in text and "探访关爱服务" in text
    assert normalize_user_text(text) == text  # idempotent
    assert "能享受什么" in normalize_user_text("Hi, my grandma 90岁 lives in 海口秀英. What can she get?")
    # a word of another meaning or inside another word is kept (application, freedom)
    assert normalize_user_text("app application freedom") == "app application freedom"


@pytest.mark.parametrize("text,expected", [
    # a number said alone between spaces is a clause of its own (users20 d20-23: 72低保)
    ("我妈在海口龙华 七十二 低保", "我妈在海口龙华，72，低保"),
    ("帮我爸查查 他住鹿城 七十六", "帮我爸查查，他住鹿城，76"),
    # …but not before a unit (voice input splitting 八十 岁)
    ("八十 岁了", "80岁了"),
    ("每月 三百 块", "每月300块"),
])
def test_a_number_said_alone_is_a_clause(text: str, expected: str) -> None:
    assert normalize_user_text(text) == expected
    assert normalize_user_text(expected) == expected
