"""Files that cannot be read (a broken sheet, a bad zip, a zip that unpacks to far more
than a member list) answer the same plain message as any other unreadable upload, from
the service and from the page, and write nothing."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chibo.core.xlsx import XLSX_CONTENT_TYPE
from chibo.members import excel_import as excel
from chibo.members.excel_import import import_members_xlsx
from chibo.members.models import Membership, PartyMember
from chibo.members.tests.test_excel_import import make_xlsx, member_row

UNREADABLE = "Không đọc được tệp; hãy chọn một tệp Excel (.xlsx)."
SHEET = "xl/worksheets/sheet1.xml"


def rewritten(edit) -> bytes:
    """A valid workbook of two members whose sheet XML is passed through `edit`."""
    source = zipfile.ZipFile(
        make_xlsx([member_row(), member_row(Số_thẻ_đảng_viên="X0000002")])
    )
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET:
                data = edit(data)
            target.writestr(info.filename, data)
    return out.getvalue()


def nul_in_a_cell(xml: bytes) -> bytes:
    assert b"X0000002" in xml
    return xml.replace(b"X0000002", b"X000\x000002")


def truncated(xml: bytes) -> bytes:
    return xml[: len(xml) // 2]


def bad_crc(content: bytes) -> bytes:
    """The sheet's compressed bytes damaged after the zip was written."""
    info = zipfile.ZipFile(BytesIO(content)).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    return content[:middle] + bytes([content[middle] ^ 0xFF]) + content[middle + 1 :]


BROKEN = {
    "nul byte in the sheet xml": lambda: rewritten(nul_in_a_cell),
    "sheet xml cut in half": lambda: rewritten(truncated),
    "damaged compressed sheet": lambda: bad_crc(rewritten(lambda xml: xml)),
    "not a zip": lambda: b"PK\x03\x04 but nothing else",
}


@pytest.mark.parametrize("kind", BROKEN)
def test_the_service_answers_unreadable_and_writes_nothing(city, kind):
    before = PartyMember.objects.count()
    result = import_members_xlsx(BytesIO(BROKEN[kind]()), root=city.cell_a1, actor=city.admin)
    assert [str(e) for e in result.errors] == [UNREADABLE]
    assert PartyMember.objects.count() == before
    assert not Membership.objects.filter(reason=excel.IMPORT_REASON).exists()


@pytest.mark.parametrize("kind", BROKEN)
def test_the_page_answers_unreadable_and_writes_nothing(client, city, kind):
    before = PartyMember.objects.count()
    client.force_login(city.secretary_user)
    upload = SimpleUploadedFile(
        "dang-vien.xlsx", BROKEN[kind](), content_type=XLSX_CONTENT_TYPE
    )
    response = client.post(
        reverse("members:import"), {"organization": city.cell_a1.pk, "file": upload}
    )
    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert PartyMember.objects.count() == before


def test_a_zip_that_unpacks_to_far_more_than_a_member_list_is_not_read(city):
    """A few kilobytes on the wire that would unpack to hundreds of megabytes."""
    out = BytesIO()
    source = zipfile.ZipFile(make_xlsx([member_row()]))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info.filename, source.read(info.filename))
        with target.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(source.read(SHEET)[:-len(b"</worksheet>")])
            chunk = b" " * (1 << 20)
            for _ in range(excel.MAX_UNPACKED_BYTES // len(chunk) + 1):
                sheet.write(chunk)
            sheet.write(b"</worksheet>")
    assert len(out.getvalue()) < excel.MAX_UNPACKED_BYTES // 100
    result = import_members_xlsx(BytesIO(out.getvalue()), root=city.cell_a1, actor=city.admin)
    [error] = [str(e) for e in result.errors]
    assert error.startswith("Không đọc được tệp") and "quá lớn" in error
    assert not PartyMember.objects.filter(card_number="X0000001").exists()
