"""The Excel pages: import (members:import), template (members:import_template) and
export (members:export)."""

from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chibo.core.testing.factories import MemberFactory
from chibo.core.testing.jobs import queued_file
from chibo.core.xlsx import XLSX_CONTENT_TYPE
from chibo.members.excel import HEADERS
from chibo.members.models import PartyMember
from chibo.members.tests.test_excel_import import make_xlsx, member_row

IMPORT_URL = reverse("members:import")
TEMPLATE_URL = reverse("members:import_template")
EXPORT_URL = reverse("members:export")


def upload(rows, name="dang-vien.xlsx"):
    return SimpleUploadedFile(name, make_xlsx(rows).getvalue(), content_type=XLSX_CONTENT_TYPE)


def exported_names(response) -> list[str]:
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("url", [IMPORT_URL, TEMPLATE_URL, EXPORT_URL])
def test_anonymous_is_sent_to_login(client, city, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_post_writes_nothing(client, city):
    response = client.post(IMPORT_URL, {"organization": city.cell_a1.pk,
                                        "file": upload([member_row()])})

    assert response.status_code == 302
    assert not PartyMember.objects.filter(card_number="X0000001").exists()


def test_outsider_gets_404_for_an_organization_out_of_scope(client, city):
    client.force_login(city.outsider)  # secretary of B1

    assert client.get(IMPORT_URL, {"organization": city.cell_a1.pk}).status_code == 404
    # Typed in the form: refused under the box, the same words as for one that does not
    # exist (nothing confirms it does).
    for typed in (city.cell_a1.pk, "Chi bộ khu phố A1", 999999):
        response = client.post(IMPORT_URL, {"organization": typed,
                                            "file": upload([member_row()])})
        assert response.status_code == 200
        (error,) = response.context["form"].errors["organization"]
        assert error.startswith(f"Không tìm thấy tổ chức «{typed}» trong phạm vi của bạn.")
        assert error in response.content.decode()
    assert not PartyMember.objects.filter(card_number="X0000001").exists()


def test_read_only_scope_is_not_enough_to_import(client, city):
    # The ward staff's scope is writable; a plain member's is not.
    client.force_login(city.member_user)

    assert client.get(IMPORT_URL).status_code == 404


def test_secretary_sees_only_own_cell_as_target(client, city):
    client.force_login(city.secretary_user)

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    offered = [o.pk for o in response.context["form"].fields["organization"].organizations]
    assert offered == [city.cell_a1.pk]
    assert 'data-organization-search="' in response.content.decode()
    assert response.context["form"].initial["organization"] == city.cell_a1.pk
    assert "Nhập đảng viên từ Excel" in response.content.decode()
    assert TEMPLATE_URL in response.content.decode()


def test_secretary_imports_into_own_cell(client, city):
    client.force_login(city.secretary_user)
    rows = [member_row(), member_row(Số_thẻ_đảng_viên="X0000002", Chi_bộ=None)]

    response = client.post(IMPORT_URL, {"organization": city.cell_a1.pk, "file": upload(rows)})

    assert response.status_code == 302
    assert response.url == f"{reverse('members:list')}?organization={city.cell_a1.pk}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã nhập 2 đảng viên."]
    imported = PartyMember.objects.filter(card_number__startswith="X0000")
    assert {m.organization_id for m in imported} == {city.cell_a1.pk}
    assert {h.history_user_id for h in PartyMember.history.filter(
        card_number__startswith="X0000")} == {city.secretary_user.pk}


def test_refused_import_lists_the_errors_and_keeps_nothing(client, city):
    client.force_login(city.secretary_user)
    rows = [member_row(), member_row(Số_thẻ_đảng_viên="X0000002", Chi_bộ="Chi bộ khu phố A2")]

    response = client.post(IMPORT_URL, {"organization": city.cell_a1.pk, "file": upload(rows)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Không nhập được: tệp có 1 lỗi." in page
    assert ("Dòng 3, cột M (Chi bộ): Không có chi bộ đang hoạt động tên "
            "«Chi bộ khu phố A2» trong «Chi bộ khu phố A1».") in page
    assert not PartyMember.objects.filter(card_number__startswith="X0000").exists()


def test_ward_staff_imports_into_several_cells(client, city):
    client.force_login(city.ward_staff)
    rows = [member_row(), member_row(Số_thẻ_đảng_viên="X0000002", Chi_bộ="Chi bộ khu phố A2")]

    response = client.post(IMPORT_URL, {"organization": city.ward_a.pk, "file": upload(rows)})

    assert response.status_code == 302
    assert set(PartyMember.objects.filter(card_number__startswith="X0000")
               .values_list("organization__name", flat=True)) == {
        "Chi bộ khu phố A1", "Chi bộ khu phố A2"}


def test_upload_must_be_xlsx(client, city):
    client.force_login(city.secretary_user)
    csv = SimpleUploadedFile("dang-vien.csv", b"Ho va ten\n", content_type="text/csv")

    response = client.post(IMPORT_URL, {"organization": city.cell_a1.pk, "file": csv})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Chỉ nhận tệp Excel .xlsx (Excel 2007 trở lên)."
    ]


def test_missing_file(client, city):
    client.force_login(city.secretary_user)

    response = client.post(IMPORT_URL, {"organization": city.cell_a1.pk})

    assert response.context["form"].errors["file"] == ["Trường này là bắt buộc."]


def test_template_download(client, city):
    client.force_login(city.member_user)

    response = client.get(TEMPLATE_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert 'filename="mau-nhap-dang-vien.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Đảng viên", "Hướng dẫn"]


def test_export_contains_only_visible_members(client, city):
    client.force_login(city.secretary_user)

    response = client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith(
        'attachment; filename="danh-sach-dang-vien-')
    assert sorted(exported_names(response)) == ["Nguyễn Thị Thu", "Trần Văn Bảo"]


def test_plain_member_exports_only_themself(client, city):
    client.force_login(city.member_user)

    assert exported_names(client.get(EXPORT_URL)) == ["Trần Văn Bảo"]


def test_export_uses_the_list_filters(client, city):
    client.force_login(city.city_staff)

    assert exported_names(client.get(EXPORT_URL, {"organization": city.ward_a.pk})) == [
        "Trần Văn Bảo", "Lê Thị Hoa", "Nguyễn Thị Thu"]  # by given name: Bảo, Hoa, Thu
    assert exported_names(client.get(EXPORT_URL, {"q": "dong"})) == ["Phạm Văn Đông"]
    assert exported_names(client.get(EXPORT_URL, {"position": "secretary"})) == [
        "Nguyễn Thị Thu"]
    assert exported_names(client.get(EXPORT_URL, {"status": "exempt"})) == []


def test_export_of_an_organization_out_of_scope_is_404(client, city):
    client.force_login(city.outsider)

    assert client.get(EXPORT_URL, {"organization": city.ward_a.pk}).status_code == 404
    assert client.get(EXPORT_URL, {"organization": "abc"}).status_code == 404


def test_export_refuses_a_bad_filter_rather_than_exporting_everything(client, city):
    client.force_login(city.city_staff)

    assert client.get(EXPORT_URL, {"status": "bogus"}).status_code == 400


def test_export_runs_a_fixed_number_of_queries(client, city, django_assert_num_queries):
    client.force_login(city.city_staff)
    # session, user, scope rows, own member, the count (at once or queued?), names of
    # non-cell organizations, the members with their cells
    with django_assert_num_queries(7):
        assert len(exported_names(client.get(EXPORT_URL))) == 5
    MemberFactory.create_batch(5, organization=city.cell_a2, residence_organization=city.cell_b1)
    # ... plus the gate on the organization and member_list's subtree root
    with django_assert_num_queries(9):
        assert len(exported_names(client.get(EXPORT_URL, {"organization": city.ward_a.pk}))) == 8


def test_a_long_list_is_exported_by_the_worker(client, city, settings):
    """Above MEMBERS_EXPORT_QUEUE_ABOVE the list is built in the background (chibo.jobs),
    with the same filters and the same rows as the file given at once."""
    client.force_login(city.city_staff)
    url = f"{EXPORT_URL}?organization={city.ward_a.pk}"
    at_once = client.get(url)
    assert at_once.status_code == 200
    settings.MEMBERS_EXPORT_QUEUE_ABOVE = 2
    offer = client.get(url)
    assert offer.status_code == 200
    assert "Danh sách đảng viên (3 người)" in offer.content.decode()
    built = queued_file(client, url)
    assert built.status_code == 200
    assert built["Content-Disposition"] == at_once["Content-Disposition"]
    assert exported_names(built) == exported_names(at_once)
    assert sorted(exported_names(built)) == ["Lê Thị Hoa", "Nguyễn Thị Thu", "Trần Văn Bảo"]
    # A short list is never queued: POST is not how it is asked for.
    settings.MEMBERS_EXPORT_QUEUE_ABOVE = 2000
    assert client.post(url).status_code == 405
