"""The demo city (`load_demo`): the article's numbers, a valid tree, sound member data,
determinism, demo accounts that see what their role allows, and the committee members'
accounts. Loads the full city twice (the second time with its year: about fifteen
seconds)."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from chibo.accounts.models import Role, Scope, User
from chibo.core import demo, demo_supervision
from chibo.core.scope import visible_members
from chibo.members.models import Membership, MemberStatus, PartyMember, Position
from chibo.organizations.models import Organization, PartyGroup

SEED = 2018


def test_plan_is_deterministic():
    first = demo.build_plan(seed=SEED, today=dt.date(2026, 3, 3))
    again = demo.build_plan(seed=SEED, today=dt.date(2026, 3, 3))
    other_day = demo.build_plan(seed=SEED, today=dt.date(2027, 9, 2))
    other_seed = demo.build_plan(seed=SEED + 1, today=dt.date(2026, 3, 3))

    assert first.names_digest() == again.names_digest()
    assert [m.card_number for m in first.members] == [m.card_number for m in again.members]
    assert [m.date_of_birth for m in first.members] == [m.date_of_birth for m in again.members]
    assert first.names_digest() == other_day.names_digest()  # names never depend on the date
    assert first.names_digest() != other_seed.names_digest()


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="province"):
        demo.build_plan(scale="province")


def test_demo_city(db):
    today = dt.date.today()
    summary = demo.load_demo(seed=SEED, meetings=False)  # the year: test_demo_meetings.py
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
    assert cells.filter(depth=3).count() == 271  # under the 19 grassroots committees
    assert children.filter(is_cell=True).count() == 49
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

    # The stored names are the plan's, in order.
    assert demo.names_digest_in_db() == demo.build_plan(seed=SEED).names_digest()

    # The committee members who follow cells: accounts with a staff scope on their
    # committee, even without the year of meetings.
    officials = User.objects.filter(username__regex=demo_supervision.USERNAME_REGEX)
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
    assert set(users) == set(demo.demo_usernames())
    for user in users.values():
        assert user.check_password(demo.DEMO_PASSWORD)
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
