"""The Excel summary, the distribution of grades and their download pages, on a small
ward recorded through the services: the numbers in the file are those of the evidence."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from chibo.commitments import services as commitment_services
from chibo.core.testing.access import Case, assert_access
from chibo.core.testing.factories import MemberFactory
from chibo.grading import services
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.exports import summary_xlsx
from chibo.grading.models import Discipline
from chibo.grading.selectors_report import grade_distribution
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.meetings.tests.conftest import at, record_full_meeting
from chibo.reports.access import report_root

FULL = {
    "politics": 8,
    "ethics": 8,
    "discipline": 7,
    "relations": 7,
    "assigned": 38,
    "commitments": 18,
    "party_tasks": 9,
}  # 95
CELL_SCORES = {
    "politics": 9,
    "organization": 9,
    "inspection": 8,
    "political_tasks": 40,
    "commitments": 14,
}  # 80


def graded(actor, year, member, *, proposed, decided=None, decider=None):
    a = services.assessment_open(actor=actor, year=year, member=member)
    services.assessment_self(actor=actor, assessment=a, scores=FULL)
    services.assessment_review(actor=actor, assessment=a, grade=proposed)
    if decided:
        [a] = services.assessments_decide(actor=decider, decisions={a.pk: decided})
    return a


@pytest.fixture
def ward(city):
    """Ward A in 2026: A1 held two meetings (Trần Văn Bảo skipped March without reason),
    gave him a task and approved his register (one of two items met); he has a reprimand.
    Grades: Bảo decided HTTNV, Thu proposed HTXSNV, Hoa (A2) opened only, the cell A1
    proposed HTTNV. In 2025: Bảo and Thu decided HTNV and HTTNV."""
    sec = city.secretary_user
    for month, absent in [(2, None), (3, {city.member.full_name: ("unexcused", "")})]:
        meeting = meeting_services.meeting_create(
            actor=sec, cell=city.cell_a1, kind=MeetingKind.REGULAR, scheduled_at=at(2026, month, 3)
        )
        record_full_meeting(city, meeting, absent=absent)
        if month == 2:
            meeting_services.task_assign(
                actor=sec,
                meeting=meeting,
                assignee=city.member,
                title="Rà soát hộ nghèo",
                deadline=dt.date(2026, 12, 31),
            )
        meeting_services.meeting_adopt(actor=sec, meeting=meeting)
    register = commitment_services.commitment_save(
        actor=sec,
        year=2026,
        member=city.member,
        submit=True,
        items=[
            {"text": "Vận động 10 hộ phân loại rác", "measure": "10 hộ"},
            {"text": "Đọc 4 bài viết của Bác", "measure": "4 buổi"},
        ],
    )
    commitment_services.commitment_decide(actor=sec, commitment=register, approve=True)
    first, _ = register.items.all()
    commitment_services.items_result(actor=sec, commitment=register, results={first.pk: "met"})
    Discipline.objects.create(
        member=city.member, decided_on=dt.date(2026, 6, 1), form="reprimand", reason="Chậm nộp"
    )
    graded(sec, 2026, city.member, proposed="HTTNV", decided="HTTNV", decider=city.ward_staff)
    graded(sec, 2026, city.secretary, proposed="HTXSNV")
    services.assessment_open(actor=city.ward_staff, year=2026, member=city.a2_member)
    own = services.assessment_open(actor=sec, year=2026, cell=city.cell_a1)
    services.assessment_self(actor=sec, assessment=own, scores=CELL_SCORES)
    services.assessment_review(actor=city.ward_staff, assessment=own, grade="HTTNV")
    graded(sec, 2025, city.member, proposed="HTNV", decided="HTNV", decider=city.ward_staff)
    graded(sec, 2025, city.secretary, proposed="HTTNV", decided="HTTNV", decider=city.ward_staff)
    return city


def sheet_rows(data: bytes, title: str) -> list[dict]:
    sheet = load_workbook(io.BytesIO(data))[title]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:] if any(row)]


def test_members_sheet_equals_the_evidence(ward):
    data = summary_xlsx(ward.ward_staff, ward.ward_a, 2026)
    assert load_workbook(io.BytesIO(data)).sheetnames == ["Đảng viên", "Chi bộ", "Tổng hợp"]
    rows = sheet_rows(data, "Đảng viên")
    # by cell, then by given name: Bảo, Thu (A1), Hoa (A2)
    assert [r["Họ và tên"] for r in rows] == ["Trần Văn Bảo", "Nguyễn Thị Thu", "Lê Thị Hoa"]
    members = [ward.member, ward.secretary, ward.a2_member]
    evidence = members_evidence(members, 2026)
    for row, member in zip(rows, members, strict=True):
        ev = evidence[member.pk]
        assert row["Chi bộ"] == member.organization.name
        assert row["Đảng bộ cơ sở"] == "Đảng bộ phường A"
        assert row["Dự sinh hoạt"] == ev["meetings"]["present"]
        assert row["Vắng có lý do"] == ev["meetings"]["excused"]
        assert row["Vắng không lý do"] == ev["meetings"]["unexcused"]
        assert row["Nhiệm vụ đúng hạn"] == ev["tasks"]["on_time"]
        assert row["Nhiệm vụ trễ hạn"] == ev["tasks"]["late"]
        assert row["Nhiệm vụ đang mở"] == ev["tasks"]["open"]
        assert row["Cam kết hoàn thành"] == ev["commitments"]["met"]
        assert row["Cam kết tổng"] == ev["commitments"]["items"]
    bao, thu, hoa = rows
    assert (bao["Dự sinh hoạt"], bao["Vắng không lý do"], bao["Nhiệm vụ đang mở"]) == (1, 1, 1)
    assert (bao["Cam kết hoàn thành"], bao["Cam kết tổng"]) == (1, 2)
    assert bao["Tổng điểm tự chấm"] == 95
    assert (bao["Tự xếp loại"], bao["Chi bộ đề xuất"], bao["Cấp ủy quyết định"]) == (
        "HTNV",  # the reprimand bars the two higher grades
        "HTTNV",
        "HTTNV",
    )
    assert bao["Kỷ luật"] == "Khiển trách (01/06/2026)" and bao["Cảnh báo vắng"] is None
    assert bao["Nhận xét nơi cư trú"] == "Không thuộc diện"
    assert (thu["Dự sinh hoạt"], thu["Chi bộ đề xuất"], thu["Cấp ủy quyết định"]) == (
        2,
        "HTXSNV",
        None,
    )
    assert hoa["Tổng điểm tự chấm"] is None and hoa["Tự xếp loại"] is None


def test_cells_and_summary_sheets(ward):
    data = summary_xlsx(ward.ward_staff, ward.ward_a, 2026)
    cells = sheet_rows(data, "Chi bộ")
    assert [c["Chi bộ"] for c in cells] == ["Chi bộ khu phố A1", "Chi bộ khu phố A2"]
    ev = cells_evidence([ward.cell_a1], 2026)[ward.cell_a1.pk]
    a1 = cells[0]
    assert a1["Sinh hoạt thường kỳ (tháng)"] == ev["regular_months"] == 2
    assert a1["Nhiệm vụ đã giao"] == ev["tasks"]["assigned"] == 1
    assert a1["Tổng điểm tự chấm"] == 80 and a1["Đề xuất"] == "HTTNV"
    assert sum(a1[f"Buổi xếp loại {b}"] for b in ["Tốt", "Khá", "Trung bình", "Kém", "Chưa chấm"])
    assert cells[1]["Sinh hoạt thường kỳ (tháng)"] == 0 and cells[1]["Tự xếp loại"] is None

    summary = sheet_rows(data, "Tổng hợp")
    by_key = {(r["Đơn vị"], r["Xếp loại của"]): r for r in summary if r["Xếp loại của"]}
    a1m = by_key[("Chi bộ khu phố A1", "Đảng viên")]
    assert (a1m["HTXSNV 2026"], a1m["HTTNV 2026"], a1m["Đã xếp loại 2026"]) == (1, 1, 2)
    assert a1m["Tỷ lệ HTXSNV 2026"] == 0.5
    assert (a1m["HTTNV 2025"], a1m["HTNV 2025"], a1m["Tỷ lệ HTNV 2025"]) == (1, 1, 0.5)
    a2m = by_key[("Chi bộ khu phố A2", "Đảng viên")]
    assert (a2m["Đã xếp loại 2026"], a2m["Chưa xếp loại 2026"]) == (0, 1)
    assert a2m["Tỷ lệ HTTNV 2026"] is None
    assert by_key[("Chi bộ khu phố A1", "Chi bộ")]["HTTNV 2026"] == 1
    total = by_key[("Tổng cộng", "Đảng viên")]
    assert (total["Đã xếp loại 2026"], total["Chưa xếp loại 2026"], total["HTTNV 2025"]) == (
        2,
        1,
        1,
    )


def test_distribution_per_ward_against_last_year(ward):
    d = grade_distribution(ward.city_staff, ward.root, 2026)
    names = [u.unit.name for u in d.units]
    assert names == [
        "Đảng bộ phường A",
        "Đảng bộ phường B",
        "Chi bộ Trường THPT C1",
    ]
    ward_a = d.units[0]
    assert dict(ward_a.members[2026].grades) == {"HTTNV": 1, "HTXSNV": 1}
    assert ward_a.members[2026].pending == 1
    assert dict(ward_a.members[2025].grades) == {"HTNV": 1, "HTTNV": 1}
    assert ward_a.members[2025].percent("HTNV") == 50.0
    assert dict(ward_a.cells[2026].grades) == {"HTTNV": 1}
    assert d.units[1].members[2026].graded == 0 and d.units[1].members[2026].percent("HTNV") is None
    assert d.total.members[2026].graded == 2 and d.total.members[2025].graded == 2
    # a cell as the root: the cell is its own unit
    cell = grade_distribution(ward.secretary_user, ward.cell_a1, 2026)
    assert [u.unit for u in cell.units] == [ward.cell_a1]
    assert cell.units[0].members[2026].graded == 2


def test_scope_of_the_summary(ward):
    # the cell's secretary: only the cell; a committee above them is out of reach
    with pytest.raises(Http404):
        report_root(ward.secretary_user, ward.ward_a.pk)
    with pytest.raises(Http404):
        report_root(ward.member_user, ward.cell_a1.pk)  # a plain member
    with pytest.raises(Http404):
        report_root(ward.ward_staff, ward.root.pk)
    root = report_root(ward.secretary_user, ward.cell_a1.pk)
    rows = sheet_rows(summary_xlsx(ward.secretary_user, root, 2026), "Đảng viên")
    assert {r["Họ và tên"] for r in rows} == {"Trần Văn Bảo", "Nguyễn Thị Thu"}
    everyone = sheet_rows(summary_xlsx(ward.admin, ward.root, 2026), "Đảng viên")
    assert len(everyone) == 5
    c1 = next(r for r in everyone if r["Chi bộ"] == "Chi bộ Trường THPT C1")
    assert c1["Đảng bộ cơ sở"] is None  # a cell directly under the city


def test_summary_query_count_does_not_grow_with_members(ward):
    def count():
        with CaptureQueriesContext(connection) as queries:
            summary_xlsx(ward.ward_staff, ward.ward_a, 2026)
        return len(queries)

    count()  # the user's scope is read once and kept on the user
    few = count()
    meeting = meeting_services.meeting_create(
        actor=ward.secretary_user,
        cell=ward.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 4, 3),
    )
    for member in MemberFactory.create_batch(12, organization=ward.cell_a1):
        graded(ward.secretary_user, 2026, member, proposed="HTTNV")
        meeting_services.task_assign(
            actor=ward.secretary_user,
            meeting=meeting,
            assignee=member,
            title="Tuyên truyền",
            deadline=dt.date(2026, 5, 1),
        )
    record_full_meeting(ward, meeting)
    many = count()
    # members, parent names; per batch of members: the absence policy, attendance, the
    # absence policy of their cells, tasks, registers and their items, residence comments,
    # exemptions, disciplines,
    # assessments; cells; their evidence (meetings, bands, tasks, concerns, registers;
    # their items only when a cell has one),
    # assessments, parent names; the units, the grouped assessments.
    assert few == many == 22, (few, many)


def test_every_export_url_is_scoped(ward):
    allowed = [ward.admin, ward.city_staff, ward.ward_staff]
    outsiders = [ward.outsider, ward.secretary_user, ward.member_user]
    assert_access(
        "grading_export",
        {
            "summary_xlsx": Case(
                reverse("grading_export:summary_xlsx", args=[ward.ward_a.pk, 2026]),
                allowed=allowed,
                outsiders=outsiders,
            ),
            "distribution": Case(
                reverse("grading_export:distribution", args=[ward.ward_a.pk, 2026]),
                allowed=allowed,
                outsiders=outsiders,
            ),
        },
    )


def test_download_and_page(client, ward):
    client.force_login(ward.ward_staff)
    response = client.get(reverse("grading_export:summary_xlsx", args=[ward.ward_a.pk, 2026]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="xep-loai-2026-dang-bo-phuong-a.xlsx"' in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content))["Đảng viên"].max_row == 4
    page = client.get(reverse("grading_export:distribution", args=[ward.ward_a.pk, 2026]))
    html = page.content.decode()
    assert "Kết quả xếp loại năm 2026 so với năm 2025" in html
    assert "Chi bộ khu phố A1" in html and "(50,0%)" in html
    bad_year = client.get(reverse("grading_export:distribution", args=[ward.ward_a.pk, 1800]))
    assert bad_year.status_code == 404
