"""manage.py import_members and export_members."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from chibo.members.excel import HEADERS
from chibo.members.models import Membership, PartyMember
from chibo.members.tests.test_excel_import import make_xlsx, member_row


def write_xlsx(path, rows):
    path.write_bytes(make_xlsx(rows).getvalue())
    return str(path)


def test_import_command_imports_as_the_system(city, tmp_path):
    # B1 is in no one's write scope but the city's: the command has no scope limits.
    file = write_xlsx(tmp_path / "dv.xlsx", [
        member_row(),
        member_row(Số_thẻ_đảng_viên="X0000002", Chi_bộ="Chi bộ khu phố B1"),
    ])
    out = StringIO()

    call_command("import_members", file, "--organization", str(city.root.pk), stdout=out)

    assert "Đã nhập 2 đảng viên vào «Đảng bộ thành phố Thử Nghiệm»." in out.getvalue()
    imported = PartyMember.objects.filter(card_number__startswith="X0000")
    assert imported.count() == 2
    assert Membership.objects.filter(member__in=imported, recorded_by=None).count() == 2
    assert set(PartyMember.history.filter(card_number__startswith="X0000")
               .values_list("history_user", flat=True)) == {None}


def test_failing_import_exits_non_zero_with_the_errors(city, tmp_path):
    file = write_xlsx(tmp_path / "dv.xlsx", [
        member_row(), member_row(Số_thẻ_đảng_viên="X0000002", Giới_tính="?"),
    ])
    err = StringIO()

    with pytest.raises(CommandError, match="1 lỗi; không có đảng viên nào được ghi"):
        call_command("import_members", file, "--organization", str(city.root.pk), stderr=err)

    assert "Dòng 3, cột B (Giới tính): «?» không hợp lệ" in err.getvalue()
    assert not PartyMember.objects.filter(card_number__startswith="X0000").exists()


def test_import_command_checks_its_arguments(city, tmp_path):
    file = write_xlsx(tmp_path / "dv.xlsx", [member_row()])

    with pytest.raises(CommandError, match="Không có tổ chức id=999999"):
        call_command("import_members", file, "--organization", "999999")
    with pytest.raises(CommandError, match="Không mở được tệp"):
        call_command("import_members", str(tmp_path / "missing.xlsx"),
                     "--organization", str(city.root.pk))
    with pytest.raises(CommandError):
        call_command("import_members", file)  # --organization is required


def _names(path) -> list[str]:
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_export_command_everything_or_a_subtree(city, tmp_path):
    out = StringIO()
    everything = tmp_path / "all.xlsx"

    call_command("export_members", str(everything), stdout=out)

    assert f"Đã xuất 5 đảng viên ra {everything}." in out.getvalue()
    assert sorted(_names(everything)) == sorted(
        PartyMember.objects.values_list("full_name", flat=True))

    ward = tmp_path / "ward.xlsx"
    call_command("export_members", str(ward), "--organization", str(city.ward_a.pk),
                 stdout=StringIO())
    assert _names(ward) == ["Trần Văn Bảo", "Lê Thị Hoa", "Nguyễn Thị Thu"]

    with pytest.raises(CommandError, match="Không có tổ chức"):
        call_command("export_members", str(ward), "--organization", "999999")


def test_exported_file_imports_again_through_the_commands(city, tmp_path):
    file = tmp_path / "all.xlsx"
    call_command("export_members", str(file), stdout=StringIO())
    PartyMember.objects.all().delete()

    call_command("import_members", str(file), "--organization", str(city.root.pk),
                 stdout=StringIO())

    assert PartyMember.objects.count() == 5
