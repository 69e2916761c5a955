import pytest
from django.dispatch import Signal

from chibo.members import events


def test_ask_returns_the_one_answer_and_refuses_none_or_two():
    signal = Signal()
    with pytest.raises(RuntimeError):
        events.ask(signal, None, year=2026)  # no app answers: not "nothing found"

    def one(sender, *, year, **kwargs):
        return [f"{year}-03"]

    def two(sender, **kwargs):
        return []

    signal.connect(one, weak=False)
    assert events.ask(signal, None, year=2026) == ["2026-03"]
    signal.connect(two, weak=False)
    with pytest.raises(RuntimeError):
        events.ask(signal, None, year=2026)
