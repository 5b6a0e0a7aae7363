"""The replies to every question of the project's sets are those of the committed golden snapshot.

A change of behaviour on purpose: `python -m bot.eval.golden --update`, read the diff it prints, and say in
the commit which answers changed and why.
"""

from __future__ import annotations

from bot.eval.golden import SNAPSHOT, changed_questions, current_lines, diff


def test_replies_match_the_golden_snapshot() -> None:
    old = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    new = current_lines()
    changed = changed_questions(old, new)
    assert not changed, (f"{len(changed)} replies differ from the snapshot ({', '.join(changed[:10])} …); "
                         "run `python -m bot.eval.golden` for the diff, `--update` to accept it:\n"
                         + "\n".join(diff(old, new)[:40]))
