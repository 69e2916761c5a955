"""Rules that were literals in code now read their policy (issue 13): for each, a new
version (general or a ward's own) changes what Chibo does."""

import datetime as dt

from django.urls import reverse

from chibo.core.testing.clock import travel
from chibo.grading.evidence import members_evidence
from chibo.grading.models import Discipline
from chibo.meetings import rules, selectors, services
from chibo.meetings.models import MeetingKind
from chibo.policies.models import Policy
from chibo.policies.selectors import policy

from .conftest import at, record_full_meeting


def _ward(city, key, value, day=dt.date(2026, 1, 1)):
    Policy.objects.create(key=key, value=value, effective_from=day, issuer=city.ward_a,
                          legal_basis="Quy chế của Đảng ủy phường A (thử)")


def _general(key, value, day=dt.date(2026, 1, 1)):
    Policy.objects.create(key=key, value=value, effective_from=day, legal_basis="Thử")


def test_the_plan_month_follows_the_cells_meeting_day(client, cell):
    client.force_login(cell.secretary_user)
    with travel(dt.date(2026, 3, 5)):
        form = client.get(reverse("meetings:plan")).context["month_form"]
        assert form.initial["month"] == 4  # past the 3rd: next month
        _ward(cell, "meeting.regular_day", 10)
        form = client.get(reverse("meetings:plan")).context["month_form"]
        assert form.initial["month"] == 3  # the ward meets on the 10th: this month
    with travel(dt.date(2026, 3, 3)):
        Policy.objects.filter(issuer=cell.ward_a).delete()
        assert client.get(reverse("meetings:plan")).context["month_form"].initial["month"] == 3


def test_the_plan_page_texts_read_the_minutes_and_the_thematic_count(client, cell):
    client.force_login(cell.secretary_user)
    with travel(dt.date(2026, 3, 5)):
        body = client.get(reverse("meetings:plan")).content.decode()
        assert "ít nhất 120 phút" in body and "Ít nhất mỗi quý một lần" in body
        _ward(cell, "meeting.min_minutes_combined", 150)
        _ward(cell, "meeting.thematic_per_quarter", 2)
        body = client.get(reverse("meetings:plan")).content.decode()
        assert "ít nhất 150 phút" in body and "Ít nhất mỗi quý 2 lần" in body


def test_thematic_coverage_counts_what_the_policy_asks(cell):
    services.meeting_create(actor=cell.secretary_user, cell=cell.cell_a1,
                            kind=MeetingKind.THEMATIC, scheduled_at=at(2026, 2, 10),
                            topic="Học tập Chỉ thị 05")

    def covered():
        rows = selectors.thematic_coverage(cell.ward_staff, year=2026, quarter=1)
        return {c.pk: ok for c, ok in rows}

    assert covered()[cell.cell_a1.pk] and not covered()[cell.cell_a2.pk]
    _ward(cell, "meeting.thematic_per_quarter", 2)
    assert not covered()[cell.cell_a1.pk]
    _ward(cell, "meeting.thematic_per_quarter", 0, day=dt.date(2025, 12, 31))
    assert not covered()[cell.cell_a1.pk]  # the later version (2 from 01/01/2026) wins
    Policy.objects.filter(issuer=cell.ward_a, value=2).delete()
    assert covered()[cell.cell_a2.pk]  # none required: nobody is missing one


def _excused_series(cell):
    """Three regular meetings running at which Đặng Văn Hải was absent with reason."""
    absent = {"Đặng Văn Hải": ("excused", "Công tác")}
    last = None
    for month in (1, 2, 3):
        last = services.meeting_create(actor=cell.secretary_user, cell=cell.cell_a1,
                                       kind=MeetingKind.REGULAR, scheduled_at=at(2026, month, 3))
        record_full_meeting(cell, last, absent=absent)
    return last


def _attendance_points(meeting):
    score = selectors.quality_score(meeting)
    return next(i["points"] for i in score["items"] if i["code"] == "attendance")


def test_the_excused_absence_limit_is_the_policys(cell):
    march = _excused_series(cell)
    assert not selectors.long_excused_absence(march, 3)
    default = _attendance_points(march)
    _ward(cell, "meeting.excused_absence_limit", 2)  # more than 2 running: 3 is too many
    assert _attendance_points(march) == default - 1  # the bonus point is withheld


def test_a_task_done_in_part_counts_the_policys_share(cell):
    assert rules.followup_share(["done", "partly"]) == (1.5, 2)
    assert rules.followup_share(["done", "partly"], 0.25) == (1.25, 2)
    february = services.meeting_create(actor=cell.secretary_user, cell=cell.cell_a1,
                                       kind=MeetingKind.REGULAR, scheduled_at=at(2026, 2, 3))
    record_full_meeting(cell, february)
    task = services.task_assign(actor=cell.secretary_user, meeting=february,
                                assignee=cell.member, title="Rà soát hộ nghèo",
                                deadline=dt.date(2026, 2, 28))
    services.meeting_adopt(actor=cell.secretary_user, meeting=february)
    march = services.meeting_create(actor=cell.secretary_user, cell=cell.cell_a1,
                                    kind=MeetingKind.REGULAR, scheduled_at=at(2026, 3, 3))
    services.task_review_record(actor=cell.secretary_user, meeting=march, task=task,
                                result="partly")

    def results_points():
        items = selectors.quality_score(march)["items"]
        return next(i["points"] for i in items if i["code"] == "results")

    half = results_points()  # 50 % done: 15 of 30 with the seeded steps
    _general("task.partly_share", [1, 1], day=dt.date(2026, 3, 1))
    assert results_points() == 30 and half == 15


def test_the_agenda_is_the_policys(cell):
    _ward(cell, "meeting.agenda_regular", ["Khai mạc", "Nội dung", "Bế mạc"])
    _ward(cell, "meeting.agenda_thematic", ["Khai mạc chuyên đề", "Kết luận"])
    regular = services.meeting_create(actor=cell.secretary_user, cell=cell.cell_a1,
                                      kind=MeetingKind.REGULAR, scheduled_at=at(2026, 3, 3))
    thematic = services.meeting_create(actor=cell.secretary_user, cell=cell.cell_a1,
                                       kind=MeetingKind.THEMATIC, scheduled_at=at(2026, 3, 20),
                                       topic="Chuyên đề thử")
    assert [a.title for a in regular.agenda.order_by("order")] == ["Khai mạc", "Nội dung",
                                                                   "Bế mạc"]
    assert [a.title for a in thematic.agenda.order_by("order")] == ["Khai mạc chuyên đề",
                                                                    "Kết luận"]
    other = services.meeting_create(actor=cell.city_staff, cell=cell.cell_b1,
                                    kind=MeetingKind.REGULAR, scheduled_at=at(2026, 3, 3))
    general = policy("meeting.agenda_regular", on=dt.date(2026, 3, 3))
    assert [a.title for a in other.agenda.order_by("order")] == general


def test_which_discipline_lowers_a_grade_is_the_policys(cell):
    Discipline.objects.create(member=cell.member, decided_on=dt.date(2026, 6, 1),
                              form="reprimand", reason="Chậm nộp báo cáo")

    def serious():
        return members_evidence([cell.member], 2026)[cell.member.pk]["facts"][
            "serious_discipline"]

    assert not serious()  # a reprimand is below the seeded "from warning up"
    _general("grading.serious_discipline", ["reprimand", "warning", "dismissal", "expulsion"])
    assert serious()
