"""The scheduled job `escalate_overdue_concerns`: overdue concerns go one level up, with
what moved printed, and nothing more on a second run."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from chibo.supervision import services
from chibo.supervision.models import ActionKind, ConcernSource


def run(*args) -> str:
    out = StringIO()
    call_command("escalate_overdue_concerns", *args, stdout=out)
    return out.getvalue()


def raise_on(city, day, text="Đường ngõ 5 ngập khi mưa lớn"):
    return services.concern_raise(
        actor=city.secretary_user,
        cell=city.cell_a1,
        category="infrastructure",
        text=text,
        source=ConcernSource.SECRETARY,
        raised_on=day,
    )


@pytest.mark.clock
def test_overdue_concerns_move_up_and_are_printed(city):
    today = timezone.localdate()
    late = raise_on(city, today - dt.timedelta(days=16))  # deadline yesterday
    due_today = raise_on(city, today - dt.timedelta(days=15), text="Còn trong hạn hôm nay")
    output = run()
    assert f"#{late.pk} Chi bộ khu phố A1: chuyển lên Đảng bộ thành phố Thử Nghiệm" in output
    assert f"hạn mới {today + dt.timedelta(days=15):%d/%m/%Y}" in output
    assert "Đã chuyển 1 kiến nghị quá hạn." in output
    late.refresh_from_db()
    due_today.refresh_from_db()
    assert late.responsible == city.root and due_today.responsible == city.ward_a
    assert late.actions.last().kind == ActionKind.AUTO_ESCALATE
    assert run() == "Không có kiến nghị quá hạn nào cần chuyển.\n"


def test_as_of_another_day(city):
    concern = raise_on(city, dt.date(2026, 3, 3))  # deadline 18/03/2026
    assert "Không có" in run("--date", "18/03/2026")
    assert f"#{concern.pk}" in run("--date", "19/03/2026")
    concern.refresh_from_db()
    assert concern.deadline == dt.date(2026, 4, 3)
    # At the top committee it stays, still overdue.
    assert "Không có" in run("--date", "2026-05-01")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("--date", "31/02/2026")
