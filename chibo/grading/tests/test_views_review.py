"""The cell's page (its members' self-assessments, the proposals, the cell's own
assessment) and the committee's decision page, with the HTXSNV cap refused in numbers
and fixed query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.core.testing.factories import MemberFactory
from chibo.grading import services
from chibo.grading.models import Assessment, Discipline, Stage
from chibo.grading.tests.test_services import FULL, approved_commitment

YEAR = 2026
CELL_FULL = {"politics": 9, "organization": 9, "inspection": 9, "political_tasks": 45}
CELL_FULL.update({"commitments": 18})  # 90


def self_assessed(city, member, scores=FULL):
    a = services.assessment_open(actor=city.admin, year=YEAR, member=member)
    return services.assessment_self(actor=city.admin, assessment=a, scores=scores)


def reviewed(city, member, grade="HTTNV"):
    a = self_assessed(city, member)
    return services.assessment_review(actor=city.admin, assessment=a, grade=grade)


def cell_url(city):
    return reverse("grading:cell", args=[city.cell_a1.pk, YEAR])


def decide_url(city):
    return reverse("grading:decide", args=[city.cell_a1.pk, YEAR])


def scores_post(scores: dict, **extra) -> dict:
    return {**{f"s_{k}": str(v) for k, v in scores.items()}, "note": "", **extra}


# --- the cell's page ---------------------------------------------------------------------


def test_the_cell_page_lists_members_with_self_assessment_and_evidence(client, city):
    self_assessed(city, city.member)
    Discipline.objects.create(
        member=city.secretary, decided_on=dt.date(2026, 4, 1), form="reprimand", reason="Vi phạm"
    )
    client.force_login(city.secretary_user)
    page = client.get(cell_url(city)).content.decode()
    assert "Trần Văn Bảo" in page and "Nguyễn Thị Thu" in page
    assert "95</strong> điểm" in page  # the member's self total
    assert "0 có mặt · 0 có lý do · 0 không lý do" in page
    assert "Kỷ luật: Khiển trách" in page
    assert f'name="grade_{city.member.pk}"' in page  # reviewable
    assert f'name="grade_{city.secretary.pk}"' not in page  # has not self-assessed
    assert "Chấm thay" in page
    assert "Phiếu tự đánh giá của chi bộ" in page and "Xây dựng tổ chức, đội ngũ đảng viên" in page
    assert "/12 tháng có biên bản" in page


def test_the_secretary_proposes_grades_for_the_cell(client, city):
    a = self_assessed(city, city.member)
    client.force_login(city.secretary_user)
    response = client.post(
        cell_url(city),
        {
            "action": "review",
            f"grade_{city.member.pk}": "HTTNV",
            f"note_{city.member.pk}": "Cần tích cực hơn ở nơi cư trú",
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.stage, a.review_grade, a.review_note) == (
        Stage.REVIEWED,
        "HTTNV",
        "Cần tích cực hơn ở nơi cư trú",
    )
    assert a.reviewed_by == city.secretary_user and float(a.review_total) == 95.0
    page = client.get(cell_url(city)).content.decode()
    assert "Đã lưu đề xuất xếp loại của 1 đảng viên." in page


def test_a_bad_review_row_keeps_every_input_and_saves_nothing(client, city):
    a = self_assessed(city, city.member)
    client.force_login(city.secretary_user)
    response = client.post(
        cell_url(city),
        {
            "action": "review",
            f"grade_{city.member.pk}": "HTTNV",
            f"note_{city.member.pk}": "Nhận xét giữ lại",
            f"grade_{city.secretary.pk}": "HTXSNV",  # has not self-assessed
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Thị Thu: Chưa có bản tự đánh giá để chi bộ xem xét." in page
    assert "Nhận xét giữ lại" in page
    a.refresh_from_db()
    assert a.stage == Stage.SELF


def test_an_empty_review_says_so(client, city):
    self_assessed(city, city.member)
    client.force_login(city.secretary_user)
    response = client.post(cell_url(city), {"action": "review", f"grade_{city.member.pk}": ""})
    assert "Chưa chọn mức xếp loại đề xuất cho đảng viên nào." in response.content.decode()


def test_the_secretary_fills_in_for_a_member(client, city):
    client.force_login(city.secretary_user)
    response = client.post(cell_url(city), {"action": "open", "member": city.member.pk})
    a = Assessment.objects.get(member=city.member, year=YEAR)
    assert response.status_code == 302 and response["Location"] == reverse(
        "grading:detail", args=[a.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Đồng chí đang chấm thay đồng chí <strong>Trần Văn Bảo</strong>" in page
    response = client.post(response["Location"], scores_post(FULL, year=YEAR))
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.stage == Stage.SELF and float(a.self_total) == 95.0
    assert a.history.first().history_user == city.secretary_user


def test_opening_for_someone_outside_the_cell_is_404(client, city):
    client.force_login(city.secretary_user)
    response = client.post(cell_url(city), {"action": "open", "member": city.other_member.pk})
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_the_cell_assesses_itself_and_proposes_its_grade(client, city):
    client.force_login(city.secretary_user)
    response = client.post(cell_url(city), scores_post(CELL_FULL, action="cell_self"))
    assert response.status_code == 302
    own = Assessment.objects.get(cell=city.cell_a1, member__isnull=True)
    # 90 points, but the cell's commitments are not met: the rules lower it to HTTNV.
    assert float(own.self_total) == 90.0 and own.self_grade == "HTTNV"
    response = client.post(cell_url(city), {"action": "cell_review", "grade": "HTTNV", "note": ""})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.stage == Stage.REVIEWED and own.review_grade == "HTTNV"


def test_the_cell_form_checks_its_own_maximums(client, city):
    client.force_login(city.secretary_user)
    response = client.post(
        cell_url(city), scores_post({**CELL_FULL, "political_tasks": 55}, action="cell_self")
    )
    assert response.status_code == 200
    assert "Điểm từ 0 đến 50 (đã nhập 55)." in response.content.decode()
    assert not Assessment.objects.exists()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow_cell(city, n):
    for _ in range(n):
        m = MemberFactory(organization=city.cell_a1)
        reviewed(city, m)
        Discipline.objects.create(
            member=m, decided_on=dt.date(2026, 4, 1), form="reprimand", reason="Vi phạm"
        )


def test_the_cell_page_has_a_fixed_number_of_queries(client, city):
    """session, user, scopes, own member; the cell; the grading rules; the cell's
    assessments; its members; members' evidence: absence policy, attendance, tasks,
    commitments, their items, residence comments, exemptions, discipline; the cell's
    evidence: meetings, quality bands, tasks, concerns, commitments (their items too when
    the cell registered any)."""
    approved_commitment(city, city.member)
    reviewed(city, city.member)
    client.force_login(city.ward_staff)
    client.get(cell_url(city))
    small = _count(client, cell_url(city))
    _grow_cell(city, 8)
    assert _count(client, cell_url(city)) == small == 22  # + the cells' absence policy


# --- the committee decides ------------------------------------------------------------


def test_the_committee_decides_the_proposed_grades(client, city):
    a = reviewed(city, city.member, "HTTNV")
    b = reviewed(city, city.secretary, "HTNV")
    client.force_login(city.ward_staff)
    page = client.get(decide_url(city)).content.decode()
    assert f'name="decision_{a.pk}"' in page and "Quyết định xếp loại (2 phiếu chờ)" in page
    assert "không quá <strong>20%</strong>" in page
    response = client.post(
        decide_url(city),
        {f"decision_{a.pk}": "HTTNV", f"decision_{b.pk}": "HTNV", "note": "Nhất trí"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stage, a.decided_grade, a.decided_by) == (Stage.DECIDED, "HTTNV", city.ward_staff)
    assert b.decided_grade == "HTNV" and b.decision_note == "Nhất trí"
    assert a.evidence["meetings"]["present"] == 0  # the evidence kept with the decision


def test_a_cap_violation_is_refused_with_the_numbers_and_nothing_saved(client, city):
    members = [city.member, city.secretary] + [
        MemberFactory(organization=city.cell_a1) for _ in range(4)
    ]
    assessments = [reviewed(city, m) for m in members]
    decisions = {
        f"decision_{a.pk}": ("HTXSNV" if i < 2 else "HTTNV") for i, a in enumerate(assessments)
    }
    client.force_login(city.ward_staff)
    response = client.post(decide_url(city), {**decisions, "note": "Đề nghị"})
    assert response.status_code == 200
    page = response.content.decode()
    top = page.index('id="decide-errors"')
    assert "(2) vượt quá 20% số Hoàn thành tốt nhiệm vụ (4 → tối đa 0)" in page[top:]
    assert top < page.index("decide-form")  # at the top, above the table
    assert "Chưa lưu quyết định nào." in page
    assert not Assessment.objects.filter(stage=Stage.DECIDED).exists()
    # The choices are kept so the committee can adjust them.
    first = assessments[0].pk
    assert (
        f'name="decision_{first}" class="form-select form-select-sm grade-select decision"' in page
    )
    assert page.count('value="HTXSNV" selected') == 2
    assert "Đề nghị" in page


def test_the_cell_assessment_is_decided_with_its_members(client, city):
    a = reviewed(city, city.member)
    own = services.assessment_open(actor=city.admin, year=YEAR, cell=city.cell_a1)
    services.assessment_self(actor=city.admin, assessment=own, scores=CELL_FULL)
    services.assessment_review(actor=city.admin, assessment=own, grade="HTTNV")
    client.force_login(city.ward_staff)
    response = client.post(
        decide_url(city), {f"decision_{a.pk}": "HTTNV", f"decision_{own.pk}": "HTXSNV"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.stage == Stage.DECIDED and own.decided_grade == "HTXSNV"
    assert "regular_months" in own.evidence


def test_rows_left_for_later_stay_reviewed(client, city):
    a = reviewed(city, city.member)
    b = reviewed(city, city.secretary)
    client.force_login(city.ward_staff)
    client.post(decide_url(city), {f"decision_{a.pk}": "HTTNV", f"decision_{b.pk}": ""})
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.stage == Stage.DECIDED and b.stage == Stage.REVIEWED


def test_nothing_chosen_is_a_message(client, city):
    a = reviewed(city, city.member)
    client.force_login(city.ward_staff)
    response = client.post(decide_url(city), {f"decision_{a.pk}": ""})
    assert "Chưa chọn mức xếp loại nào để quyết định." in response.content.decode()


def test_the_decide_page_has_a_fixed_number_of_queries(client, city):
    """session, user, scopes, own member; the cell; the grading rules; the cell's
    assessments; its members; members' evidence: absence policy, attendance, tasks,
    commitments, their items, residence comments, exemptions, discipline."""
    approved_commitment(city, city.member)
    reviewed(city, city.member)
    client.force_login(city.ward_staff)
    client.get(decide_url(city))
    small = _count(client, decide_url(city))
    _grow_cell(city, 8)
    assert _count(client, decide_url(city)) == small == 17  # + the cells' absence policy


@pytest.mark.parametrize("user", ["city_staff", "admin"])
def test_staff_higher_up_decide_too(client, city, user):
    a = reviewed(city, city.member)
    client.force_login(getattr(city, user))
    client.post(decide_url(city), {f"decision_{a.pk}": "HTNV"})
    a.refresh_from_db()
    assert a.decided_grade == "HTNV"


def test_resubmitting_the_same_proposals_changes_nothing(client, city):
    a = reviewed(city, city.member, "HTTNV")
    history = a.history.count()
    client.force_login(city.secretary_user)
    response = client.post(
        cell_url(city), {"action": "review", f"grade_{city.member.pk}": "HTTNV"}, follow=True
    )
    assert "Đề xuất của chi bộ không có gì thay đổi." in response.content.decode()
    assert a.history.count() == history
