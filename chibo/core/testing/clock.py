"""The clock of a test: a day in Vietnam to run it on, for tests whose data are written
for one date (a year's registers, a month's meetings) rather than relative to today.

    on_27_11_2026 = clock_fixture(dt.date(2026, 11, 27))

    @pytest.mark.usefixtures("on_27_11_2026")   # set up before the test's other fixtures
    def test_...(client, city): ...

The clock starts at 10:00 Asia/Ho_Chi_Minh on that day and ticks (time-machine). It
travels inside whatever CHIBO_CLOCK set for the session (conftest.py), so such a test
gives the same result on any day the suite runs."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def travel(day: dt.date, hour: int = 10, *, tick: bool = True) -> time_machine.travel:
    """A time-machine traveller to `hour`:00 on `day`, Vietnam time."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=ZONE), tick=tick)


def clock_fixture(day: dt.date, hour: int = 10, *, autouse: bool = False):
    """A function-scoped fixture running the test on `day` (with `autouse`, every test of
    the module that assigns it)."""

    @pytest.fixture(autouse=autouse)
    def _on_day():
        with travel(day, hour):
            yield day

    return _on_day
