"""The demo city (`load_demo`): the article's numbers, a valid tree, sound member data,
the cells founded and dissolved during the year, determinism, demo accounts that see what
their role allows, and the committee members' accounts; the province's plan (built in
memory, never loaded here: too slow for the suite). Loads the full city twice (the second
time with its year)."""

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from chibo.accounts.models import Role, Scope, User
from chibo.core.scope import visible_members
from chibo.demo.kit import window
from chibo.demo.load import load_demo
from chibo.demo.officials import USERNAME_REGEX
from chibo.demo.plan import DEMO_PASSWORD, build_plan, demo_usernames
from chibo.demo.tree import COMMUNE_LEVEL, PROVINCE_LEVEL
from chibo.demo.write_tree import names_digest_in_db
from chibo.members.models import Membership, MemberStatus, PartyMember, Position
from chibo.organizations.models import Organization, PartyGroup

SEED = 2018


def test_plan_is_deterministic():
    first = build_plan(seed=SEED, today=dt.date(2026, 3, 3))
    again = build_plan(seed=SEED, today=dt.date(2026, 3, 3))
    other_day = build_plan(seed=SEED, today=dt.date(2027, 9, 2))
    other_seed = build_plan(seed=SEED + 1, today=dt.date(2026, 3, 3))

    assert first.names_digest() == again.names_digest()
    assert [m.card_number for m in first.members] == [m.card_number for m in again.members]
    assert [m.date_of_birth for m in first.members] == [m.date_of_birth for m in again.members]
    assert first.names_digest() == other_day.names_digest()  # names never depend on the date
    assert first.names_digest() != other_seed.names_digest()


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="country"):
        build_plan(scale="country")


def test_province_plan_shape():
    """The province's tree and people, counted in memory (no database): one root, 99
    wards and communes, about 3,200 cells and 94,000 members, the 2025 levels, unique
    sibling names and usernames, the demo accounts' organizations, the lifecycle."""
    plan = build_plan(seed=SEED, scale="province", today=dt.date(2026, 11, 26))
    root = plan.root
    assert root.name == "Đảng bộ tỉnh Bắc Ninh" and root.level == PROVINCE_LEVEL
    committees = [o for o in root.children if not o.is_cell]
    assert len(committees) == 99
    assert sum(o.name.startswith("Đảng bộ phường ") for o in committees) == 33
    assert sum(o.name.startswith("Đảng bộ xã ") for o in committees) == 66
    assert {o.level for o in committees} == {COMMUNE_LEVEL}
    direct = [o for o in root.children if o.is_cell]
    assert 150 <= len(direct) <= 250
    orgs = list(root.walk())
    assert max(len(list(_ancestors(o))) for o in orgs) == 2  # no district level
    cells = plan.cells
    active = [c for c in cells if c.dissolved_on is None]
    assert len(active) == 3200 and len(cells) == 3202
    assert all(c.size >= 5 for c in cells)
    assert len(plan.members) == 94_120 == sum(c.size for c in cells)
    for org in orgs:
        names = [c.name for c in org.children]
        assert len(names) == len(set(names)), org.name
    assert all(m.cell.dissolved_on is None for m in plan.members)
    # Demo accounts and officials: the same five, demo-city on the province committee.
    accounts = {a.username: a for a in plan.accounts}
    assert set(accounts) == set(demo_usernames())
    assert accounts["demo-city"].scope is root
    assert accounts["demo-ward"].scope.name == "Đảng bộ phường Vũ Ninh"
    assert accounts["demo-secretary"].scope.name == "Chi bộ khu phố 3"
    assert accounts["demo-secretary"].member.position == Position.SECRETARY
    assert "Tỉnh ủy" in accounts["demo-city"].description
    usernames = [o.username for o in plan.officials]
    assert len(usernames) == len(set(usernames))
    assert all(re.fullmatch(USERNAME_REGEX, u) for u in usernames
               if not u.startswith("demo-"))
    assert sum(o.committee is root for o in plan.officials) == 37
    assert all(3 <= sum(o.committee is c for o in plan.officials) <= 5 for c in committees)
    assert plan.factor == 10
    # Two cells founded, two dissolved, as in the city.
    founded = [c for c in cells if c.founded_on]
    dissolved = [c for c in cells if c.dissolved_on]
    assert [c.founded_on for c in founded] == [dt.date(2026, 5, 15), dt.date(2026, 3, 10)]
    assert sorted(c.dissolved_on for c in dissolved) == [dt.date(2026, 4, 1),
                                                         dt.date(2026, 7, 1)]
    assert all(c.dissolved_reason and c.absorbed_by.dissolved_on is None for c in dissolved)


def _ancestors(org):
    while org.parent is not None:
        org = org.parent
        yield org


def test_demo_city(db):
    today = dt.date.today()
    summary = load_demo(seed=SEED, meetings=False)  # the year: test_meetings.py
    assert summary.meetings is None

    # A tree treebeard accepts: paths, depth and numchild all consistent.
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    root = Organization.objects.get(depth=1)
    assert root.name == "Đảng bộ thành phố Bắc Ninh"
    children = Organization.objects.filter(depth=2, path__startswith=root.path)
    committees = list(children.filter(is_cell=False))
    assert len(committees) == 19
    assert sum(1 for c in committees if c.name.startswith("Đảng bộ phường ")) == 16
    assert sum(1 for c in committees if c.name.startswith("Đảng bộ xã ")) == 3
    cells = Organization.objects.filter(is_cell=True, dissolved_on__isnull=True)
    assert cells.count() == 320 == summary.cells
    # Under the 19 grassroots committees: 271, one merged into its neighbour, two new.
    assert cells.filter(depth=3).count() == 271 - 1 + 2
    assert children.filter(is_cell=True, dissolved_on__isnull=True).count() == 49 - 1
    assert summary.dissolved == 2
    assert not cells.filter(kind="").exists()
    assert cells.filter(name="Chi bộ thôn Đẩu Hàn", kind="residential").exists()
    assert PartyGroup.objects.exists()

    members = PartyMember.objects.all()
    total = members.count()
    assert total >= 9400
    assert total == summary.members
    probationary = members.filter(status=MemberStatus.PROBATIONARY)
    exempt = members.filter(status=MemberStatus.EXEMPT)
    assert 0.02 <= probationary.count() / total <= 0.04
    assert 0.04 <= exempt.count() / total <= 0.06
    assert not probationary.filter(full_member_on__isnull=False).exists()
    assert not probationary.filter(admitted_on__lt=today - dt.timedelta(days=366)).exists()
    assert not members.filter(status=MemberStatus.FULL, full_member_on__isnull=True).exists()
    assert not exempt.filter(exempt_reason="").exists()
    assert members.values("card_number").distinct().count() == total
    assert all(c.isdigit() and len(c) == 8 for c in members.values_list("card_number", flat=True))
    for born, admitted in members.values_list("date_of_birth", "admitted_on"):
        assert (admitted - born).days >= 18 * 365
    assert members.filter(phone__startswith="09").count() > total / 2
    assert members.filter(residence_organization__isnull=False).exists()
    assert PartyMember.history.count() == total  # bulk inserts still wrote history

    # One secretary in every cell; a deputy wherever there are 9 or more full members.
    per_cell = cells.annotate(
        secretaries=Count("members", filter=Q(members__position=Position.SECRETARY)),
        deputies=Count("members", filter=Q(members__position=Position.DEPUTY)),
        full=Count("members", filter=Q(members__status=MemberStatus.FULL)),
    )
    for cell in per_cell:
        assert cell.secretaries == 1, cell.name
        assert cell.deputies == (1 if cell.full >= 9 else 0), cell.name
        assert cell.full >= 3, cell.name

    # Every member has one open membership, in their current cell; some moved before.
    open_rows = Membership.objects.filter(ended_on__isnull=True)
    assert open_rows.count() == total
    mismatched = [
        (m, o) for m, o in open_rows.values_list("member__organization_id", "organization_id")
        if m != o
    ]
    assert mismatched == []
    assert Membership.objects.filter(ended_on__isnull=False).exists()

    _check_lifecycle(summary)

    # The stored names are the plan's, in order.
    assert names_digest_in_db() == build_plan(seed=SEED).names_digest()

    # The committee members who follow cells: accounts with a staff scope on their
    # committee, even without the year of meetings.
    officials = User.objects.filter(username__regex=USERNAME_REGEX)
    assert officials.count() == len(summary.officials) - 2  # and demo-city, demo-ward
    assert 45 <= len(summary.officials) <= 80
    assert not officials.filter(scopes__isnull=True).exists()
    assert not officials.exclude(scopes__role=Role.COMMITTEE_STAFF).exists()
    assert officials.filter(scopes__organization=root).count() == 15
    assert set(officials.values_list("scopes__organization__depth", flat=True)) == {1, 2}
    assert not summary.supervision


def test_load_demo_command_and_accounts(db):
    from chibo.core.testing.factories import UserFactory, make_org
    from chibo.meetings.models import Meeting
    from chibo.supervision import services as supervision
    from chibo.supervision.models import Assignment, Concern, VisitReport

    # A tree with supervision rows, which protect the tree and the meetings.
    old = make_org("Đảng bộ có sẵn")
    cell = make_org("Chi bộ có sẵn", old, is_cell=True)
    someone = UserFactory(username="tuv-01")  # an earlier demo's official
    meeting = Meeting.objects.create(organization=cell, kind="regular",
                                      period=dt.date(2026, 3, 1),
                                      scheduled_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC))
    Assignment.objects.create(committee=old, official=someone, cell=cell, kind="follow",
                              starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31))
    supervision.visit_report(actor=someone, meeting=meeting, attended=True, concerns=[
        {"category": "other", "text": "Kiến nghị cũ"}])
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())

    out = io.StringIO()
    call_command("load_demo", "--force", "--seed", str(SEED), stdout=out)
    assert "demo-secretary" in out.getvalue()
    assert "lượt điểm danh" in out.getvalue()  # and a year of meetings
    assert "kiến nghị" in out.getvalue() and "độ phủ quý" in out.getvalue()  # supervision
    assert "tuv-01…tuv-15" in out.getvalue()
    assert not Organization.objects.filter(name="Đảng bộ có sẵn").exists()
    assert not Concern.objects.filter(text="Kiến nghị cũ").exists()
    assert not VisitReport.objects.filter(meeting=meeting).exists()
    assert User.objects.get(username="tuv-01").first_name != someone.first_name

    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    assert set(users) == set(demo_usernames())
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
    assert users["demo-admin"].is_superuser and users["demo-admin"].is_staff
    assert not users["demo-city"].is_staff

    ward = Organization.objects.get(name="Đảng bộ phường Vũ Ninh")
    scope = Scope.objects.get(user=users["demo-secretary"])
    cell = scope.organization
    assert scope.role == Role.SECRETARY and cell.is_cell and cell.kind == "residential"
    assert cell.path.startswith(ward.path)
    secretary = PartyMember.objects.get(user=users["demo-secretary"])
    assert secretary.organization == cell and secretary.position == Position.SECRETARY
    member = PartyMember.objects.get(user=users["demo-member"])
    assert member.organization == cell and member.position == Position.NONE
    assert users["demo-secretary"].get_full_name() == secretary.full_name
    assert users["demo-member"].get_full_name() == member.full_name

    everyone = PartyMember.objects.count()
    assert visible_members(users["demo-admin"]).count() == everyone
    assert visible_members(users["demo-city"]).count() == everyone
    in_ward = PartyMember.objects.filter(organization__path__startswith=ward.path)
    assert visible_members(users["demo-ward"]).count() == in_ward.count() < everyone
    in_cell = PartyMember.objects.filter(organization=cell)
    assert set(visible_members(users["demo-secretary"])) == set(in_cell)
    assert list(visible_members(users["demo-member"])) == [member]


def _check_lifecycle(summary):
    """Two cells founded during the year, two dissolved (merged into another cell); the
    others founded before the data starts. Members moved the way member_transfer moves
    them; the dissolved cells keep their rows, empty, with two history rows."""
    months = window(timezone.localdate())  # the dates follow the window
    founded = Organization.objects.filter(founded_on__isnull=False).order_by("founded_on")
    assert [(c.name, c.founded_on) for c in founded] == [
        ("Chi bộ Công ty Cổ phần Giấy Phong Khê", months[3].replace(day=10)),
        ("Chi bộ khu phố 14", months[5].replace(day=15)),
    ]
    assert Organization.objects.filter(founded_on__isnull=True).count() == 342 - 2
    dissolved = Organization.objects.filter(dissolved_on__isnull=False).order_by("dissolved_on")
    assert [(c.name, c.dissolved_on) for c in dissolved] == [
        ("Chi bộ Phòng Lao động – Thương binh và Xã hội", months[4]),
        ("Chi bộ khu phố 6", months[7]),
    ]
    assert summary.dissolved == 2
    assert {c.instance.pk for c in summary.lifecycle} == set(
        founded.values_list("pk", flat=True)) | set(
        dissolved.values_list("pk", flat=True))
    for cell in dissolved:
        assert cell.is_cell and cell.dissolved_reason.startswith(("Sáp nhập", "Phòng"))
        assert not PartyMember.objects.filter(organization=cell).exists()
        assert not Membership.objects.filter(organization=cell, ended_on__isnull=True).exists()
        assert not Membership.objects.filter(organization=cell,
                                             ended_on__gt=cell.dissolved_on).exists()
        assert not Membership.objects.filter(organization=cell,
                                             started_on__gte=cell.dissolved_on).exists()
        assert list(cell.history.order_by("history_date").values_list(
            "history_type", "dissolved_on")) == [("+", None), ("~", cell.dissolved_on)]
        # Its members went to the absorbing cell on the day, with a new membership there.
        moved = Membership.objects.filter(organization=cell, ended_on=cell.dissolved_on)
        assert moved.count() >= 3
        for member_id in moved.values_list("member_id", flat=True):
            after = Membership.objects.get(member_id=member_id, started_on=cell.dissolved_on)
            assert after.ended_on is None and after.reason.startswith("Chuyển sinh hoạt do sáp")
            assert after.organization.name in cell.dissolved_reason
            member = PartyMember.objects.get(pk=member_id)
            assert member.organization_id == after.organization_id
            assert member.position != Position.SECRETARY
            assert member.party_group is None or member.party_group.cell_id == \
                member.organization_id
    for cell in founded:
        assert not Membership.objects.filter(organization=cell,
                                             started_on__lt=cell.founded_on).exists()
        assert Membership.objects.filter(organization=cell, started_on=cell.founded_on,
                                         member__admitted_on__lt=cell.founded_on).count() >= 3
    # The split: everyone there on the day came from the quarter it was split from.
    split = founded.get(name="Chi bộ khu phố 14")
    came = Membership.objects.filter(organization=split, started_on=split.founded_on)
    for member_id, reason in came.values_list("member_id", "reason"):
        assert reason.startswith("Chuyển sinh hoạt khi thành lập Chi bộ khu phố 14 (tách từ")
        before = Membership.objects.get(member_id=member_id, ended_on=split.founded_on)
        assert before.organization.parent_path == split.parent_path
        assert before.organization.name in reason
