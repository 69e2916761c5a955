"""A member's own page: the self-assessment form with the policy's criteria, its checks,
the evidence beside it and the suggested grade; nothing changes once the cell proposed or
the committee decided."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.grading import services
from chibo.grading.models import Assessment, Discipline, Stage
from chibo.grading.tests.test_services import FULL, approved_commitment

YEAR = 2026
URL = reverse("grading:mine")


def posted(scores: dict, note: str = "", year: int = YEAR) -> dict:
    data = {f"s_{code}": str(value).replace(".", ",") for code, value in scores.items()}
    return {**data, "note": note, "year": str(year)}


@pytest.fixture
def member_client(client, city):
    client.force_login(city.member_user)
    return client


def test_the_form_has_every_criterion_of_the_policy_and_the_evidence(member_client, city):
    response = member_client.get(URL, {"year": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("Tư tưởng chính trị", "Kết quả thực hiện nhiệm vụ được giao"):
        assert label in page
    assert "Tiêu chí chung" in page and "(30 điểm)" in page and "(70 điểm)" in page
    assert "(tối đa 40)" in page
    assert "Căn cứ đánh giá" in page and "Vắng không lý do".lower() in page.lower()
    assert "Chưa đăng ký" in page  # no commitment registered
    assert 'id="outcomes-m"' in page  # the outcomes the live total picks from
    assert not Assessment.objects.exists()  # nothing is written on GET


def test_saving_the_self_assessment_records_total_and_suggested_grade(member_client, city):
    approved_commitment(city, city.member)
    scores = {**FULL, "politics": 7.5}  # 94.5
    response = member_client.post(URL, posted(scores, note="Hoàn thành tốt nhiệm vụ được giao"))
    assert response.status_code == 302 and response["Location"] == f"{URL}?year={YEAR}"
    a = Assessment.objects.get(member=city.member, year=YEAR)
    assert a.stage == Stage.SELF and float(a.self_total) == 94.5 and a.self_grade == "HTXSNV"
    assert a.self_scores["politics"] == 7.5 and a.self_note == "Hoàn thành tốt nhiệm vụ được giao"
    page = member_client.get(f"{URL}?year={YEAR}").content.decode()
    assert "Đã lưu bản tự đánh giá: 94,5 điểm, tự xếp loại Hoàn thành xuất sắc nhiệm vụ." in page
    assert 'value="7,5"' in page  # shown again with a decimal comma


def test_the_suggested_grade_names_why_it_is_lowered(member_client, city):
    Discipline.objects.create(
        member=city.member, decided_on=dt.date(2026, 5, 1), form="reprimand", reason="Vi phạm"
    )
    member_client.post(URL, posted(FULL))
    a = Assessment.objects.get(member=city.member)
    assert a.self_grade == "HTNV"
    page = member_client.get(URL, {"year": YEAR}).content.decode()
    assert "Chưa đạt HTXSNV vì chưa không bị kỷ luật trong năm" in page
    assert "Khiển trách" in page


@pytest.mark.parametrize(
    "change, message",
    [
        ({"politics": "9"}, "Điểm từ 0 đến 8 (đã nhập 9)."),
        ({"assigned": ""}, "Chưa chấm tiêu chí «Kết quả thực hiện nhiệm vụ được giao»."),
        ({"ethics": "tám"}, "Điểm phải là số, vd. 7 hoặc 7,5."),
        ({"discipline": "-1"}, "Điểm từ 0 đến 7 (đã nhập -1)."),
        ({"party_tasks": "nan"}, "Điểm phải là số, vd. 7 hoặc 7,5."),
    ],
)
def test_bad_scores_show_vietnamese_messages_and_keep_the_input(
    member_client, city, change, message
):
    data = posted(FULL, note="Ghi chú của tôi")
    data.update({f"s_{code}": value for code, value in change.items()})
    data["s_relations"] = "6,5"
    response = member_client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="6,5"' in page and "Ghi chú của tôi" in page
    code, value = next(iter(change.items()))
    if value:
        assert f'value="{value}"' in page
    assert not Assessment.objects.exists()


def test_a_plain_user_without_a_member_record_gets_a_note(client, city):
    client.force_login(city.ward_staff)
    page = client.get(URL).content.decode()
    assert "không gắn với hồ sơ đảng viên" in page
    assert reverse("grading:overview", args=[timezone.localdate().year]) in page


def test_a_secretary_sees_the_link_to_the_cell(client, city):
    client.force_login(city.secretary_user)
    page = client.get(URL, {"year": YEAR}).content.decode()
    assert reverse("grading:cell", args=[city.cell_a1.pk, YEAR]) in page


def test_after_the_cell_proposed_the_self_assessment_is_read_only(member_client, city):
    member_client.post(URL, posted(FULL))
    a = Assessment.objects.get(member=city.member)
    services.assessment_review(actor=city.secretary_user, assessment=a, grade="HTTNV")
    page = member_client.get(URL, {"year": YEAR}).content.decode()
    assert "Chi bộ đã đề xuất" in page and 'name="s_politics"' not in page
    response = member_client.post(URL, posted({**FULL, "politics": 1}), follow=True)
    assert "không sửa tự đánh giá được nữa" in response.content.decode()
    a.refresh_from_db()
    assert a.self_scores["politics"] == 8 and a.stage == Stage.REVIEWED


@pytest.mark.clock
def test_the_year_is_selectable(member_client, city):
    member_client.post(URL, posted(FULL, year=2025))
    assert Assessment.objects.get(member=city.member).year == 2025
    page = member_client.get(URL, {"year": 2025}).content.decode()
    assert "Tự đánh giá, xếp loại năm 2025" in page and "95 điểm" in page
    page = member_client.get(URL, {"year": "abc"}).content.decode()
    assert f"năm {timezone.localdate().year}" in page
