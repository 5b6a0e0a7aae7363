from bot.gateway.schemas import to_chat_messages
from bot.privacy import mask_personal_numbers


def test_custom_payload_with_text_becomes_a_message_with_citations() -> None:
    raw = [{"recipient_id": "x", "custom": {"text": "答案", "citations": [{"doc_id": "d", "clause_id": "d:1"}]}}]
    [message] = to_chat_messages(raw)
    assert message.text == "答案"
    assert message.citations[0].clause_id == "d:1"


def test_buttons_and_citations_without_text_attach_to_previous_message() -> None:
    raw = [
        {"recipient_id": "x", "text": "您在哪个城市？"},
        {"recipient_id": "x", "custom": {"citations": [{"doc_id": "d"}]}},
    ]
    [message] = to_chat_messages(raw)
    assert message.citations[0].doc_id == "d"


def test_masking_keeps_ordinary_numbers() -> None:
    assert mask_personal_numbers("我妈85岁，每月45小时，电话 138-1234-5678") == "我妈85岁，每月45小时，电话 138****5678"
    assert mask_personal_numbers("身份证号110105194912310021") == "身份证号110*************21"
    assert mask_personal_numbers("2023年7月1日") == "2023年7月1日"


def test_a_citation_keeps_its_words_for_people() -> None:
    cite = {"doc_id": "d", "clause_id": "d:1", "label": "《文》第一部分", "status": "draft",
            "status_note": "征求意见稿"}
    message = to_chat_messages([{"recipient_id": "x", "custom": {"text": "答案", "citations": [cite]}}])[0]
    assert message.citations[0].label == "《文》第一部分" and message.citations[0].status == "draft"
