import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from chibo.meetings.models import Meeting
from chibo.meetings.tests.conftest import at
from chibo.rollups.models import CellMonth


def test_rebuild_rollups_whole_tree_or_one_root_and_period(city):
    for cell in (city.cell_a1, city.cell_b1):
        for month in (6, 7):
            Meeting.objects.create(organization=cell, kind="regular", status="held",
                                   period=dt.date(2026, month, 1), scheduled_at=at(2026, month, 3))
    out = io.StringIO()
    call_command("rebuild_rollups", "--root", str(city.ward_a.pk), "--period", "2026-07",
                 stdout=out)
    assert "1 dòng" in out.getvalue()
    assert list(CellMonth.objects.values_list("organization_id", "month")) == [
        (city.cell_a1.pk, dt.date(2026, 7, 1))]
    call_command("rebuild_rollups", stdout=out)
    assert CellMonth.objects.count() == 4
    with pytest.raises(CommandError, match="Kỳ báo cáo không hợp lệ"):
        call_command("rebuild_rollups", "--period", "2026-13x")
    with pytest.raises(CommandError, match="Không có tổ chức"):
        call_command("rebuild_rollups", "--root", "999999")
