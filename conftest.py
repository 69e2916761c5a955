"""The standard cast of every test, made once per test: a small city with two wards.

Thành phố (city_staff)
├── Phường A (ward_staff)
│   ├── Chi bộ A1 (secretary; member has an account)
│   └── Chi bộ A2
├── Phường B
│   └── Chi bộ B1 (other_member)
└── Chi bộ C1 (directly under the city)
"""

import datetime as dt
import os
import re
import shutil
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in tests

# CHIBO_CLOCK=YYYY-MM-DD runs the whole session as of that day: the clock starts at 10:00
# in Vietnam on that day and keeps ticking (time-machine, tick=True), from before the test
# database is made until the end. scripts/test.sh's `clock` part runs the tests marked
# `clock` this way at a fixed list of dates (docs/operations.md).
CLOCK_TIME = dt.time(10, 0)
CLOCK_ZONE = "Asia/Ho_Chi_Minh"
clock_key = pytest.StashKey[str]()


def clock_start(value: str) -> dt.datetime:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise pytest.UsageError(f"CHIBO_CLOCK must be YYYY-MM-DD, not {value!r}")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise pytest.UsageError(f"CHIBO_CLOCK={value}: {error}") from None
    return dt.datetime.combine(day, CLOCK_TIME, tzinfo=ZoneInfo(CLOCK_ZONE))


def pytest_configure(config):
    value = os.environ.get("CHIBO_CLOCK", "").strip()
    if not value:
        return
    import time_machine

    traveller = time_machine.travel(clock_start(value), tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)
    config.stash[clock_key] = value


def pytest_unconfigure(config):
    # The session's folder for files built by jobs (chibo/test_settings.py), gone with it.
    folder = os.environ.get("CHIBO_TEST_MEDIA_ROOT", "")
    if os.path.basename(folder).startswith("chibo-test-media-") and os.path.isdir(folder):
        shutil.rmtree(folder, ignore_errors=True)


def pytest_report_header(config):
    value = config.stash.get(clock_key, None)
    if value:
        return f"CHIBO_CLOCK={value}: the session runs from {value} {CLOCK_TIME:%H:%M} {CLOCK_ZONE}"


@pytest.fixture
def city(db):
    from chibo.accounts.models import Role
    from chibo.core.testing.factories import MemberFactory, UserFactory, grant, make_org
    from chibo.members.models import Position

    root = make_org("Đảng bộ thành phố Thử Nghiệm")
    ward_a = make_org("Đảng bộ phường A", root)
    ward_b = make_org("Đảng bộ phường B", root)
    cell_a1 = make_org("Chi bộ khu phố A1", ward_a, is_cell=True)
    cell_a2 = make_org("Chi bộ khu phố A2", ward_a, is_cell=True)
    cell_b1 = make_org("Chi bộ khu phố B1", ward_b, is_cell=True)
    cell_c1 = make_org("Chi bộ Trường THPT C1", root, is_cell=True, kind="school")

    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    city_staff = UserFactory(username="city")
    grant(city_staff, root)
    ward_staff = UserFactory(username="ward")
    grant(ward_staff, ward_a)
    secretary_user = UserFactory(username="secretary")
    grant(secretary_user, cell_a1, Role.SECRETARY)
    member_user = UserFactory(username="member")
    outsider = UserFactory(username="outsider")
    grant(outsider, cell_b1, Role.SECRETARY)

    secretary = MemberFactory(
        organization=cell_a1,
        full_name="Nguyễn Thị Thu",
        position=Position.SECRETARY,
        user=secretary_user,
    )
    member = MemberFactory(
        organization=cell_a1, full_name="Trần Văn Bảo", gender="male", user=member_user
    )
    a2_member = MemberFactory(organization=cell_a2, full_name="Lê Thị Hoa")
    other_member = MemberFactory(organization=cell_b1, full_name="Phạm Văn Đông")
    c1_member = MemberFactory(organization=cell_c1, full_name="Đỗ Thị Mai")
    return SimpleNamespace(
        root=root,
        ward_a=ward_a,
        ward_b=ward_b,
        cell_a1=cell_a1,
        cell_a2=cell_a2,
        cell_b1=cell_b1,
        cell_c1=cell_c1,
        admin=admin,
        city_staff=city_staff,
        ward_staff=ward_staff,
        secretary_user=secretary_user,
        member_user=member_user,
        outsider=outsider,
        secretary=secretary,
        member=member,
        a2_member=a2_member,
        other_member=other_member,
        c1_member=c1_member,
    )
