"""The Excel export and the import template (chibo.members.excel): the layout, and an
exported file imports again unchanged."""

import datetime as dt
from io import BytesIO

from openpyxl import load_workbook

from chibo.core.testing.factories import MemberFactory, make_org
from chibo.members.excel import HEADERS, export_members_xlsx, template_xlsx
from chibo.members.excel_import import import_members_xlsx
from chibo.members.models import MemberStatus, PartyMember
from chibo.members.tests.test_excel_import import make_xlsx, member_row, messages


def test_template_has_the_header_and_a_guide(city):
    workbook = load_workbook(BytesIO(template_xlsx()))

    data, guide = workbook.worksheets
    assert [cell.value for cell in data[1]] == list(HEADERS)
    assert data.max_row == 1  # no sample row that would be imported by mistake
    assert guide.title == "Hướng dẫn"
    guide_rows = {row[1]: row for row in guide.iter_rows(min_row=2, values_only=True)}
    assert "Chính thức, Dự bị hoặc Miễn sinh hoạt." in guide_rows["Trạng thái"]
    assert guide_rows["Họ và tên"][2] == "Có"


def _fields(member):
    return (
        member.full_name, member.gender, member.date_of_birth, member.card_number,
        member.admitted_on, member.full_member_on, member.status, member.exempt_reason,
        member.exempt_from, member.exempt_to, member.phone, member.email,
        member.organization_id, member.residence_organization_id, member.position,
        member.skills, member.notes,
    )


def test_export_then_import_gives_the_same_members(city):
    city.a2_member.status = MemberStatus.EXEMPT
    city.a2_member.exempt_reason = "Tuổi cao"
    city.a2_member.exempt_from = dt.date(2024, 1, 1)
    city.a2_member.exempt_to = dt.date(2026, 12, 31)
    city.a2_member.residence_organization = city.cell_b1
    city.a2_member.phone = "0912345678"
    city.a2_member.email = "hoa@example.vn"
    city.a2_member.skills = "Tuyên truyền\nVăn nghệ"
    city.a2_member.notes = "=không phải công thức"
    city.a2_member.save()
    members = PartyMember.objects.order_by("sort_key", "id")
    before = sorted(_fields(m) for m in members)
    content = export_members_xlsx(members)
    PartyMember.objects.all().delete()  # a fresh card-number space

    result = import_members_xlsx(BytesIO(content), root=city.root, actor=city.admin)

    assert result.ok, messages(result)
    after = sorted(_fields(m) for m in PartyMember.objects.all())
    assert after == before
    assert len(after) == 5


def test_export_layout(city):
    city.member.notes = "=1+1"
    city.member.save()

    content = export_members_xlsx(PartyMember.objects.filter(organization=city.cell_a1)
                                  .order_by("sort_key"))

    sheet = load_workbook(BytesIO(content)).active
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 20
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["Trần Văn Bảo", "Nguyễn Thị Thu"]  # by given name
    thu = rows[1]
    assert thu[2] == "19/05/1975" and isinstance(thu[2], str)
    assert thu[12] == "Chi bộ khu phố A1 (Đảng bộ phường A)"
    assert thu[14] == "Bí thư"
    notes_cell = sheet.cell(row=2, column=len(HEADERS))
    assert notes_cell.value == "=1+1" and notes_cell.data_type == "s"


def test_city_wide_export_reimports_when_cell_names_repeat(city):
    """Every ward has its "Chi bộ khu phố 1": the export names the ward beside the cell."""
    twin_a = make_org("Chi bộ khu phố 1", city.ward_a, is_cell=True)
    twin_b = make_org("Chi bộ khu phố 1", city.ward_b, is_cell=True)
    MemberFactory(organization=twin_a, full_name="Kiều Văn Sơn", card_number="70000001")
    MemberFactory(organization=twin_b, full_name="Lã Thị Tâm", card_number="70000002")
    data = export_members_xlsx(PartyMember.objects.filter(card_number__startswith="7000"))
    PartyMember.objects.filter(card_number__startswith="7000").delete()
    result = import_members_xlsx(BytesIO(data), root=city.root, actor=city.admin)
    assert result.ok, [str(e) for e in result.errors]
    assert PartyMember.objects.get(card_number="70000001").organization == twin_a
    assert PartyMember.objects.get(card_number="70000002").organization == twin_b
    plain = make_xlsx([member_row(Chi_bộ="Chi bộ khu phố 1")])
    refused = import_members_xlsx(plain, root=city.root, actor=city.admin)
    assert "ghi kèm tổ chức cấp trên" in messages(refused)[0]
