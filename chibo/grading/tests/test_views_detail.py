"""One assessment with its history and evidence; decided grades that no page can change;
the correction as a new record; the forms as documents; the overview of the cells."""

import pytest
from django.urls import reverse

from chibo.core.testing.factories import MemberFactory
from chibo.grading import services
from chibo.grading.models import Assessment, Stage
from chibo.grading.tests.test_services import FULL

YEAR = 2026
CELL_FULL = {
    "politics": 9,
    "organization": 9,
    "inspection": 9,
    "political_tasks": 45,
    "commitments": 18,
}


def decided(city, member=None, grade="HTTNV"):
    member = member or city.member
    a = services.assessment_open(actor=city.admin, year=YEAR, member=member)
    services.assessment_self(actor=city.admin, assessment=a, scores=FULL, note="Tự nhận xét")
    services.assessment_review(actor=city.secretary_user, assessment=a, grade=grade)
    [a] = services.assessments_decide(actor=city.ward_staff, decisions={a.pk: grade})
    return a


def decided_cell(city):
    own = services.assessment_open(actor=city.admin, year=YEAR, cell=city.cell_a1)
    services.assessment_self(actor=city.admin, assessment=own, scores=CELL_FULL)
    services.assessment_review(actor=city.admin, assessment=own, grade="HTTNV")
    [own] = services.assessments_decide(actor=city.ward_staff, decisions={own.pk: "HTTNV"})
    return own


def detail_url(a):
    return reverse("grading:detail", args=[a.pk])


def test_the_member_sees_the_decided_grade_with_history_and_evidence(client, city):
    a = decided(city)
    client.force_login(city.member_user)
    page = client.get(detail_url(a)).content.decode()
    assert "Cấp ủy đã quyết định:" in page and "Hoàn thành tốt nhiệm vụ" in page
    assert "Như khi cấp ủy quyết định" in page  # the evidence kept with the decision
    stages = ["Đang tự đánh giá", "Đã tự đánh giá", "Chi bộ đã đề xuất", "Cấp ủy đã quyết định"]
    assert all(stage in page for stage in stages)
    assert "Tự nhận xét" in page and 'name="s_politics"' not in page
    assert "Đính chính" not in page  # only the committee corrects
    page = client.get(reverse("grading:mine"), {"year": YEAR}).content.decode()
    assert "Cấp ủy đã quyết định:" in page


def test_the_evidence_snapshot_does_not_move_after_the_decision(client, city):
    a = decided(city)
    a.evidence["meetings"]["present"] = 11  # as it stood at the decision, say
    Assessment.objects.filter(pk=a.pk).update(evidence=a.evidence)
    client.force_login(city.ward_staff)
    page = client.get(detail_url(a)).content.decode()
    assert "Có mặt <strong>11</strong>" in page


def _snapshot(a):
    a.refresh_from_db()
    return (a.stage, a.self_scores, a.review_grade, a.decided_grade, a.self_note, a.review_note)


def test_a_decided_grade_cannot_be_changed_through_any_page(client, city):
    a = decided(city)
    own = decided_cell(city)
    before, before_own = _snapshot(a), _snapshot(own)
    history = a.history.count()
    scores = {f"s_{k}": "1" for k in FULL} | {"note": "Sửa", "year": str(YEAR)}
    cell_url = reverse("grading:cell", args=[city.cell_a1.pk, YEAR])
    decide_url = reverse("grading:decide", args=[city.cell_a1.pk, YEAR])
    attempts = [
        (city.member_user, reverse("grading:mine"), scores),
        (city.member_user, detail_url(a), scores),
        (city.secretary_user, detail_url(a), scores),
        (city.secretary_user, cell_url, {"action": "review", f"grade_{city.member.pk}": "HTNV"}),
        (city.secretary_user, cell_url, {"action": "cell_self", **scores}),
        (city.secretary_user, cell_url, {"action": "cell_review", "grade": "KHTNV"}),
        (city.ward_staff, decide_url, {f"decision_{a.pk}": "KHTNV"}),
        (city.ward_staff, decide_url, {f"decision_{own.pk}": "KHTNV"}),
        (city.ward_staff, detail_url(own), {"action": "cell_self", **scores}),
    ]
    for user, url, data in attempts:
        client.force_login(user)
        response = client.post(url, data, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert (
            "Cấp ủy đã quyết định xếp loại; không sửa được" in page
            or "Cấp ủy đã quyết định; không đề xuất lại được." in page
            or "Có phiếu không ở bước chờ quyết định" in page
        ), (user.username, url)
    assert _snapshot(a) == before and _snapshot(own) == before_own
    assert a.history.count() == history


def test_the_committee_corrects_with_a_reason_in_a_new_record(client, city):
    a = decided(city)
    client.force_login(city.ward_staff)
    page = client.get(detail_url(a)).content.decode()
    assert reverse("grading:correct", args=[a.pk]) in page
    url = reverse("grading:correct", args=[a.pk])
    response = client.post(url, {"grade": "HTNV", "reason": ""})
    assert "Cần ghi lý do đính chính." in response.content.decode()
    response = client.post(url, {"grade": "HTNV", "reason": "Phát hiện vi phạm sau xếp loại"})
    corrected = Assessment.objects.get(supersedes=a)
    assert response.status_code == 302 and response["Location"] == detail_url(corrected)
    a.refresh_from_db()
    assert a.stage == Stage.SUPERSEDED and a.decided_grade == "HTTNV"
    assert corrected.stage == Stage.DECIDED and corrected.decided_grade == "HTNV"
    assert corrected.correction_reason == "Phát hiện vi phạm sau xếp loại"
    page = client.get(detail_url(corrected)).content.decode()
    assert "Phát hiện vi phạm sau xếp loại" in page and detail_url(a) in page
    page = client.get(detail_url(a)).content.decode()
    assert "đã được đính chính" in page and detail_url(corrected) in page
    # The superseded record is not corrected twice; the member sees the new one.
    response = client.post(url, {"grade": "KHTNV", "reason": "Lần hai"}, follow=True)
    assert "Chỉ đính chính xếp loại đã được cấp ủy quyết định." in response.content.decode()
    client.force_login(city.member_user)
    page = client.get(reverse("grading:mine"), {"year": YEAR}).content.decode()
    assert "Hoàn thành nhiệm vụ" in page


def test_a_correction_over_the_cap_is_refused_with_the_numbers(client, city):
    a = decided(city)
    client.force_login(city.ward_staff)
    response = client.post(
        reverse("grading:correct", args=[a.pk]), {"grade": "HTXSNV", "reason": "Xem lại"}
    )
    assert response.status_code == 200
    assert "(1) vượt quá 20% số Hoàn thành tốt nhiệm vụ (0 → tối đa 0)" in response.content.decode()
    a.refresh_from_db()
    assert a.stage == Stage.DECIDED and not Assessment.objects.filter(supersedes=a).exists()


def test_correcting_an_undecided_grade_is_sent_back(client, city):
    a = services.assessment_open(actor=city.admin, year=YEAR, member=city.member)
    client.force_login(city.ward_staff)
    response = client.get(reverse("grading:correct", args=[a.pk]))
    assert response.status_code == 302 and response["Location"] == detail_url(a)


def test_the_cells_own_assessment_page(client, city):
    own = decided_cell(city)
    client.force_login(city.secretary_user)
    page = client.get(detail_url(own)).content.decode()
    assert "Căn cứ đánh giá chi bộ" in page and "Lãnh đạo thực hiện nhiệm vụ chính trị" in page


@pytest.mark.parametrize("name", ["form_docx", "form_pdf"])
def test_the_form_downloads(client, city, name):
    a = decided(city)
    client.force_login(city.member_user)
    response = client.get(reverse(f"grading:{name}", args=[a.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="phieu-danh-gia-')
    assert len(response.content) > 100


# --- overview ------------------------------------------------------------------------


def test_the_overview_counts_the_path_and_grades_per_cell(client, city):
    decided(city, city.member, "HTTNV")
    a = services.assessment_open(actor=city.admin, year=YEAR, member=city.secretary)
    services.assessment_self(actor=city.admin, assessment=a, scores=FULL)
    services.assessment_review(actor=city.admin, assessment=a, grade="HTNV")
    other = services.assessment_open(actor=city.admin, year=YEAR, member=city.other_member)
    services.assessment_self(actor=city.admin, assessment=other, scores=FULL)
    client.force_login(city.ward_staff)
    response = client.get(reverse("grading:overview", args=[YEAR]))
    page = response.content.decode()
    rows = response.context["rows"]
    assert [r["cell"].name for r in rows] == ["Chi bộ khu phố A1", "Chi bộ khu phố A2"]
    a1 = rows[0]["counts"]
    assert (a1["self"], a1["reviewed"], a1["decided"]) == (2, 2, 1)
    assert a1["grades"]["HTTNV"] == 1 and a1["proposed"]["HTNV"] == 1
    assert rows[0]["cell"].member_count == 2
    assert response.context["totals"]["decided"] == 1
    assert "Chi bộ khu phố B1" not in page  # ward B is not ward A's
    assert reverse("grading:decide", args=[city.cell_a1.pk, YEAR]) in page
    assert reverse("grading_export:distribution", args=[city.ward_a.pk, YEAR]) in page


def test_the_overview_has_a_fixed_number_of_queries(client, city, django_assert_num_queries):
    """session, user, scopes, own member; count of cells; the page of cells with their
    members counted; the counts of the page's cells; the totals over the scope; the names
    of the committees above; the tops of the scope (for the reports' links)."""
    decided(city)
    client.force_login(city.city_staff)
    url = reverse("grading:overview", args=[YEAR])
    client.get(url)
    with django_assert_num_queries(10):
        client.get(url)
    for _ in range(5):
        decided(city, MemberFactory(organization=city.cell_c1), "HTNV")
    with django_assert_num_queries(10):
        client.get(url)


def test_a_member_who_moved_keeps_one_assessment(city):
    """The service finds a member's assessment of the year whatever cell it was opened in
    (it used to look in the new cell only, and the second open broke the one-per-year
    constraint)."""
    a = services.assessment_open(actor=city.admin, year=YEAR, member=city.member)
    city.member.organization = city.cell_a2
    city.member.save()
    again = services.assessment_open(actor=city.admin, year=YEAR, member=city.member)
    assert again.pk == a.pk and again.cell == city.cell_a1


def test_the_cell_page_lists_a_member_graded_there_who_moved(client, city):
    a = services.assessment_open(actor=city.admin, year=YEAR, member=city.member)
    services.assessment_self(actor=city.admin, assessment=a, scores=FULL)
    city.member.organization = city.cell_a2
    city.member.save()
    client.force_login(city.secretary_user)
    page = client.get(reverse("grading:cell", args=[city.cell_a1.pk, YEAR])).content.decode()
    assert "Trần Văn Bảo" in page and f'name="grade_{city.member.pk}"' in page


def test_a_year_without_rules_says_so(client, city):
    from chibo.policies.models import Policy

    Policy.objects.filter(key="grading.member_form").delete()
    client.force_login(city.member_user)
    page = client.get(reverse("grading:mine"), {"year": YEAR}).content.decode()
    assert "Chưa có đủ quy định về đánh giá, xếp loại có hiệu lực năm 2026" in page


def test_filling_in_for_a_member_graded_in_their_former_cell_says_where(client, city):
    services.assessment_open(actor=city.admin, year=YEAR, member=city.a2_member)
    city.a2_member.organization = city.cell_a1
    city.a2_member.save()
    client.force_login(city.secretary_user)
    url = reverse("grading:cell", args=[city.cell_a1.pk, YEAR])
    response = client.post(url, {"action": "open", "member": city.a2_member.pk}, follow=True)
    assert "đã có phiếu đánh giá năm 2026 ở Chi bộ khu phố A2" in response.content.decode()
    assert Assessment.objects.filter(member=city.a2_member).count() == 1
