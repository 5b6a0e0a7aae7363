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


def test_an_unavailable_database_is_logged_once_and_recovers_without_a_restart(tmp_path, caplog) -> None:
    import pytest

    url = f"sqlite:///{tmp_path}/app.db"
    store.record_feedback("web:a", "helpful", "q", url=url)
    (tmp_path / "app.db").rename(tmp_path / "aside.db")
    (tmp_path / "app.db").mkdir()  # the file replaced by a directory: every connection fails
    with caplog.at_level("WARNING", logger="bot.store"):
        for _ in range(3):
            with pytest.raises(store.StoreUnavailableError):
                store.record_handoff("web:a", "web", "asked", [], {}, url=url)
        assert store.record_feedback("web:a", "unanswered", "退休金什么时候涨", url=url) == 0  # best effort
        with pytest.raises(store.StoreUnavailableError):
            store.record_feedback("web:a", "not_helpful", "q", url=url)
        (tmp_path / "app.db").rmdir()
        (tmp_path / "aside.db").rename(tmp_path / "app.db")
        assert store.record_handoff("web:a", "web", "asked", [], {}, url=url) >= 1
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "app database unavailable" in errors[0].getMessage()
    assert any("available again" in r.getMessage() for r in caplog.records)
