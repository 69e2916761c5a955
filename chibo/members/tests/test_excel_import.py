"""The Excel import itself: parsing, checking, writing (chibo.members.excel_import)."""

import datetime as dt
import unicodedata
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from chibo.core.testing.factories import make_org
from chibo.members.excel import GUIDE_SHEET_TITLE, HEADERS, template_xlsx
from chibo.members.excel_import import IMPORT_REASON, import_members_xlsx, parse_members_xlsx
from chibo.members.models import Membership, MemberStatus, PartyMember, Position

COLUMN = {header: chr(ord("A") + i) for i, header in enumerate(HEADERS)}


def member_row(**values) -> dict:
    """One valid row by header; keyword names are the headers with spaces as underscores."""
    row = {
        "Họ và tên": "Hoàng Văn Sơn",
        "Giới tính": "Nam",
        "Ngày sinh": "19/05/1980",
        "Số thẻ đảng viên": "X0000001",
        "Ngày vào Đảng": "02/09/2005",
        "Ngày chính thức": "02/09/2006",
        "Trạng thái": "Chính thức",
        "Chi bộ": "Chi bộ khu phố A1",
    }
    row.update({key.replace("_", " "): value for key, value in values.items()})
    return row


def make_xlsx(rows, headers=HEADERS) -> BytesIO:
    """A workbook whose first sheet holds `headers` then `rows` (dicts by header, or None
    for an empty row)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([] if row is None else [row.get(h) for h in headers])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_good_file_imports_every_row_with_membership_and_history(city):
    rows = [
        member_row(),
        member_row(Họ_và_tên="Lý Thị Xuân", Giới_tính="Nữ", Số_thẻ_đảng_viên="X0000002",
                   Chi_bộ="Chi bộ khu phố A2", Chức_vụ="Phó bí thư",
                   Chi_bộ_nơi_cư_trú="Chi bộ khu phố B1", Điện_thoại="0912 345 678",
                   Sở_trường="Tin học\nVăn nghệ"),
        member_row(Họ_và_tên="Vương Văn Tâm", Số_thẻ_đảng_viên="X0000003",
                   Trạng_thái="Dự bị", Ngày_chính_thức=None, Ngày_vào_Đảng="01/03/2025"),
    ]

    result = import_members_xlsx(make_xlsx(rows), root=city.ward_a, actor=city.ward_staff)

    assert result.ok, messages(result)
    assert result.count == 3
    xuan = PartyMember.objects.get(card_number="X0000002")
    assert xuan.organization == city.cell_a2
    assert xuan.residence_organization == city.cell_b1
    assert xuan.position == Position.DEPUTY
    assert xuan.gender == "female"
    assert xuan.skills == "Tin học\nVăn nghệ"
    assert xuan.sort_key and "xuan" in xuan.search_text
    tam = PartyMember.objects.get(card_number="X0000003")
    assert tam.status == MemberStatus.PROBATIONARY and tam.full_member_on is None
    memberships = Membership.objects.filter(member__card_number__startswith="X0000")
    assert memberships.count() == 3
    for membership in memberships:
        assert membership.organization_id == membership.member.organization_id
        assert membership.started_on == membership.member.admitted_on
        assert membership.reason == IMPORT_REASON
        assert membership.recorded_by == city.ward_staff
    history = PartyMember.history.filter(card_number__startswith="X0000")
    assert history.count() == 3
    assert {(h.history_type, h.history_user_id, h.history_change_reason) for h in history} == {
        ("+", city.ward_staff.pk, IMPORT_REASON)
    }


def test_one_bad_row_imports_nothing_and_names_row_and_column(city):
    rows = [
        member_row(),
        member_row(Số_thẻ_đảng_viên="X0000002", Ngày_sinh="31/02/1980"),
        member_row(Số_thẻ_đảng_viên="X0000003"),
    ]
    before = PartyMember.objects.count()

    result = import_members_xlsx(make_xlsx(rows), root=city.root, actor=city.city_staff)

    assert not result.ok and result.count == 0
    assert messages(result) == [
        "Dòng 3, cột C (Ngày sinh): «31/02/1980» không phải ngày hợp lệ; hãy ghi theo dạng "
        "dd/mm/yyyy (ví dụ 19/05/1975)."
    ]
    assert PartyMember.objects.count() == before
    assert not PartyMember.history.filter(card_number__startswith="X0000").exists()


def test_duplicate_card_numbers_within_the_file(city):
    rows = [member_row(), member_row(Họ_và_tên="Lê Văn Khác"), member_row(Số_thẻ_đảng_viên="Y1")]

    result = import_members_xlsx(make_xlsx(rows), root=city.root, actor=None)

    assert messages(result) == [
        "Dòng 3, cột D (Số thẻ đảng viên): Số thẻ X0000001 trùng với dòng 2."
    ]
    assert not PartyMember.objects.filter(card_number__in=["X0000001", "Y1"]).exists()


def test_card_number_already_in_the_database(city):
    taken = city.other_member.card_number  # in another ward: uniqueness is system-wide
    rows = [member_row(), member_row(Số_thẻ_đảng_viên=taken)]

    result = import_members_xlsx(make_xlsx(rows), root=city.ward_a, actor=None)

    assert messages(result) == [
        f"Dòng 3, cột D (Số thẻ đảng viên): Số thẻ {taken} đã có trong hệ thống."
    ]
    assert not PartyMember.objects.filter(card_number="X0000001").exists()


def test_unknown_cell(city):
    result = import_members_xlsx(make_xlsx([member_row(Chi_bộ="Chi bộ Không Có")]),
                                 root=city.root, actor=None)

    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column, error.header) == (2, COLUMN["Chi bộ"], "Chi bộ")
    assert "Chi bộ Không Có" in error.message


def test_cell_outside_the_subtree_is_refused(city):
    rows = [member_row(), member_row(Số_thẻ_đảng_viên="X0000002", Chi_bộ="Chi bộ khu phố B1")]

    result = import_members_xlsx(make_xlsx(rows), root=city.ward_a, actor=city.ward_staff)

    assert messages(result) == [
        "Dòng 3, cột M (Chi bộ): Không có chi bộ đang hoạt động tên «Chi bộ khu phố B1» "
        "trong «Đảng bộ phường A»."
    ]
    assert not PartyMember.objects.filter(card_number__startswith="X0000").exists()


def test_dissolved_cell_is_refused(city):
    city.cell_a2.dissolved_on = dt.date(2024, 1, 1)
    city.cell_a2.save()

    result = import_members_xlsx(make_xlsx([member_row(Chi_bộ="Chi bộ khu phố A2")]),
                                 root=city.ward_a, actor=None)

    assert [(e.row, e.column) for e in result.errors] == [(2, "M")]


def test_two_cells_with_the_same_name_are_ambiguous(city):
    make_org("CHI BỘ KHU PHỐ A1", city.ward_a, is_cell=True)

    result = import_members_xlsx(make_xlsx([member_row()]), root=city.ward_a, actor=None)

    assert len(result.errors) == 1
    assert result.errors[0].column == "M"
    assert "Có 2 chi bộ cùng tên" in result.errors[0].message


def test_nfd_text_and_headers_are_stored_as_nfc(city):
    def nfd(text):
        return unicodedata.normalize("NFD", text)

    row = member_row(Họ_và_tên=nfd("  Nguyễn   Thị Ánh  "), Giới_tính=nfd("Nữ"),
                     Trạng_thái=nfd("chính thức"), Chi_bộ=nfd("chi bộ khu phố a1"),
                     Ghi_chú=nfd("Đã chuyển về"))
    headers = [nfd(h) for h in HEADERS]
    sheet_row = {nfd(h): v for h, v in row.items()}

    result = import_members_xlsx(make_xlsx([sheet_row], headers=headers),
                                 root=city.ward_a, actor=None)

    assert result.ok, messages(result)
    member = PartyMember.objects.get(card_number="X0000001")
    assert member.full_name == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", member.full_name)
    assert member.notes == "Đã chuyển về" and unicodedata.is_normalized("NFC", member.notes)
    assert member.organization == city.cell_a1
    assert member.gender == "female"


def test_excel_date_cells_and_text_dates_give_the_same_dates(city):
    rows = [
        member_row(Ngày_sinh=dt.datetime(1980, 5, 19), Ngày_vào_Đảng=dt.date(2005, 9, 2),
                   Ngày_chính_thức=dt.datetime(2006, 9, 2, 0, 0)),
        member_row(Số_thẻ_đảng_viên="X0000002", Ngày_sinh="19/05/1980",
                   Ngày_vào_Đảng="2/9/2005", Ngày_chính_thức="2006-09-02"),
    ]

    result = import_members_xlsx(make_xlsx(rows), root=city.root, actor=None)

    assert result.ok, messages(result)
    dates = set(PartyMember.objects.filter(card_number__startswith="X0000").values_list(
        "date_of_birth", "admitted_on", "full_member_on"))
    assert dates == {(dt.date(1980, 5, 19), dt.date(2005, 9, 2), dt.date(2006, 9, 2))}


@pytest.mark.parametrize("value", ["05/03/80", "19.05.1980x", "1980", "0197-01-01", 29000])
def test_ambiguous_or_wrong_dates_are_refused(city, value):
    result = parse_members_xlsx(make_xlsx([member_row(Ngày_sinh=value)]), root=city.root)

    assert [(e.row, e.column) for e in result.errors] == [(2, "C")]


def test_wrong_header_names_the_missing_columns(city):
    headers = [h for h in HEADERS if h not in ("Ngày sinh", "Chi bộ")] + ["STT"]

    result = parse_members_xlsx(make_xlsx([member_row()], headers=headers), root=city.root)

    assert len(result.errors) == 1
    message = str(result.errors[0])
    assert message.startswith("Dòng 1: Dòng tiêu đề thiếu cột: «Ngày sinh», «Chi bộ».")


def test_columns_may_come_in_any_order_and_empty_rows_are_skipped(city):
    headers = list(reversed(HEADERS))
    rows = [member_row(), None, None,
            member_row(Số_thẻ_đảng_viên="X0000002", Giới_tính="Không rõ")]

    result = parse_members_xlsx(make_xlsx(rows, headers=headers), root=city.root)

    # Row 5 in Excel (two empty rows skipped); "Giới tính" is now column P.
    assert messages(result) == [
        "Dòng 5, cột P (Giới tính): «Không rõ» không hợp lệ; chọn một trong: Nam, Nữ."
    ]


def test_required_values_and_choices(city):
    rows = [member_row(Họ_và_tên="  ", Trạng_thái="dang hoat dong", Chức_vụ="Trưởng ban")]

    result = parse_members_xlsx(make_xlsx(rows), root=city.root)

    assert [(e.column, e.message.split(";")[0]) for e in result.errors] == [
        ("A", "Không được để trống."),
        ("G", "«dang hoat dong» không hợp lệ"),
        ("O", "«Trưởng ban» không hợp lệ"),
    ]


def test_choices_without_diacritics_are_understood(city):
    rows = [member_row(Giới_tính="nu", Trạng_thái="Du bi", Chức_vụ="chi uy vien",
                       Ngày_chính_thức=None)]

    result = parse_members_xlsx(make_xlsx(rows), root=city.root)

    assert not result.errors, messages(result)
    member = result.members[0]
    assert (member.gender, member.status, member.position) == (
        "female", MemberStatus.PROBATIONARY, Position.COMMITTEE
    )


def test_cross_field_rules_come_from_check_member_rules(city):
    rows = [
        member_row(Trạng_thái="Miễn sinh hoạt"),
        member_row(Số_thẻ_đảng_viên="X0000002", Ngày_chính_thức="01/01/2005"),
        member_row(Số_thẻ_đảng_viên="X0000003", Ngày_vào_Đảng="01/01/1990"),
        member_row(Số_thẻ_đảng_viên="X0000004", Thư_điện_tử="không phải thư"),
    ]

    result = parse_members_xlsx(make_xlsx(rows), root=city.root)

    assert messages(result) == [
        "Dòng 2, cột H (Lý do miễn sinh hoạt): Cần ghi lý do miễn sinh hoạt.",
        "Dòng 3, cột F (Ngày chính thức): Ngày chính thức phải sau ngày vào Đảng.",
        "Dòng 4, cột E (Ngày vào Đảng): Ngày vào Đảng phải khi đã đủ 18 tuổi.",
        "Dòng 5, cột L (Thư điện tử): Nhập địa chỉ email.",
    ]


def test_numbers_typed_into_number_cells(city):
    rows = [member_row(Số_thẻ_đảng_viên=79012345, Điện_thoại=912345678)]

    result = parse_members_xlsx(make_xlsx(rows), root=city.root)

    assert not result.errors, messages(result)
    assert result.members[0].card_number == "79012345"
    assert result.members[0].phone == "0912345678"  # the 0 Excel dropped


def test_cell_column_may_be_blank_when_importing_into_a_cell(city):
    result = parse_members_xlsx(make_xlsx([member_row(Chi_bộ=None)]), root=city.cell_a2)
    assert not result.errors and result.members[0].organization == city.cell_a2

    result = parse_members_xlsx(make_xlsx([member_row(Chi_bộ=None)]), root=city.ward_a)
    assert messages(result) == ["Dòng 2, cột M (Chi bộ): Không được để trống."]


def test_a_file_that_is_not_xlsx(city):
    result = import_members_xlsx(BytesIO(b"Ho ten;Gioi tinh\n"), root=city.root, actor=None)

    assert messages(result) == ["Không đọc được tệp; hãy chọn một tệp Excel (.xlsx)."]


def test_a_file_without_members(city):
    result = parse_members_xlsx(make_xlsx([None, None]), root=city.root)

    assert messages(result) == ["Tệp không có dòng đảng viên nào."]


def test_a_file_saved_on_the_guide_sheet_still_reads_the_data_sheet(city):
    workbook = load_workbook(BytesIO(template_xlsx()))
    workbook["Đảng viên"].append([member_row().get(h) for h in HEADERS])
    workbook.active = workbook.index(workbook[GUIDE_SHEET_TITLE])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    result = parse_members_xlsx(buffer, root=city.root)

    assert not result.errors, messages(result)
    assert [m.card_number for m in result.members] == ["X0000001"]
