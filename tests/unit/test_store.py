from bot import store


def test_handoff_and_feedback_are_stored(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/app.db"
    ticket = store.record_handoff("web:a", "web", "asked", [{"role": "user", "text": "转人工"}],
                                  {"region": "wenzhou", "age": "82"}, url=url)
    [queued] = store.open_handoffs(url=url)
    assert queued["id"] == ticket and queued["channel"] == "web"
    assert queued["profile"]["region"] == "wenzhou" and queued["transcript"][0]["text"] == "转人工"
    store.record_feedback("web:a", "not_helpful", "高龄津贴多少钱", "文件里没有写…", ["x:1"], url=url)
    store.record_feedback("web:a", "unanswered", "退休金什么时候涨", url=url)
    assert [r["question"] for r in store.feedback_rows("unanswered", url=url)] == ["退休金什么时候涨"]
    assert store.feedback_rows("not_helpful", url=url)[0]["clause_ids"] == ["x:1"]
