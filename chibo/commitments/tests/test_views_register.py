"""A member's register (mine), the cell's page (approve, return, results, weak tasks) and
one register (detail, downloads)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.commitments import services
from chibo.commitments.models import Commitment, CommitmentStatus, ItemResult
from chibo.core.testing.factories import MemberFactory

pytestmark = pytest.mark.clock  # dates counted from today: run at fixed dates too

ITEMS = {
    "text": ["Gương mẫu giữ gìn vệ sinh khu phố", "Vận động 5 hộ lắp camera an ninh", ""],
    "measure": ["Tổng vệ sinh 12/12 tháng", "5 hộ lắp camera", ""],
}


@pytest.fixture
def year():
    return timezone.localdate().year


def _submitted(city, year):
    return services.commitment_save(
        actor=city.member_user,
        year=year,
        items=[{"text": "Đọc sách về Bác", "measure": "4 cuốn"}],
        member=city.member,
        submit=True,
    )


def test_member_registers_saves_a_draft_then_submits(client, city, year):
    client.force_login(city.member_user)
    page = client.get(reverse("commitments:mine"))
    assert page.status_code == 200
    assert f"Đăng ký việc làm theo năm {year}" in page.content.decode()
    assert "Chưa đăng ký" in page.content.decode()

    response = client.post(reverse("commitments:mine"), {**ITEMS, "action": "save"}, follow=True)
    assert "Đã lưu bản nháp đăng ký." in response.content.decode()
    commitment = Commitment.objects.get(member=city.member, year=year)
    assert commitment.status == CommitmentStatus.DRAFT
    assert [i.text for i in commitment.items.all()] == ITEMS["text"][:2]
    assert "Vận động 5 hộ lắp camera an ninh" in response.content.decode()  # back in the editor

    response = client.post(reverse("commitments:mine"), {**ITEMS, "action": "submit"}, follow=True)
    body = response.content.decode()
    assert "Đã gửi bản đăng ký để chi ủy xem xét, duyệt." in body
    assert "Chờ duyệt" in body
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.SUBMITTED
    assert commitment.cell == city.cell_a1


def test_an_item_without_its_measure_is_refused_with_the_row_named(client, city, year):
    client.force_login(city.member_user)
    response = client.post(
        reverse("commitments:mine"),
        {"text": ["Đọc sách về Bác"], "measure": [""], "action": "submit"},
    )
    assert response.status_code == 200
    assert "Việc thứ 1: cần ghi cách đo kết quả" in response.content.decode()
    assert "Đọc sách về Bác" in response.content.decode()  # what was typed is kept
    assert not Commitment.objects.exists()


def test_staff_without_a_member_record_gets_the_way_to_their_cells(client, city, year):
    client.force_login(city.ward_staff)
    page = client.get(reverse("commitments:mine"))
    body = page.content.decode()
    assert "chưa gắn với hồ sơ đảng viên" in body
    assert {c.name for c in page.context["cells"]} == {"Chi bộ khu phố A1", "Chi bộ khu phố A2"}
    picked = client.get(reverse("commitments:mine"), {"cell": city.cell_a2.pk, "year": year})
    assert picked["Location"] == reverse("commitments:cell", args=[city.cell_a2.pk, year])
    # A cell out of scope is not a choice: the page stays.
    other = client.get(reverse("commitments:mine"), {"cell": city.cell_b1.pk, "year": year})
    assert other.status_code == 200
    assert client.post(reverse("commitments:mine"), ITEMS).status_code == 404


def test_secretary_returns_with_a_note_then_approves(client, city, year):
    commitment = _submitted(city, year)
    client.force_login(city.secretary_user)
    cell_url = reverse("commitments:cell", args=[city.cell_a1.pk, year])
    page = client.get(cell_url)
    body = page.content.decode()
    assert "Trần Văn Bảo" in body and "Chờ duyệt" in body
    assert reverse("commitments:decide", args=[commitment.pk]) in body

    # Returning needs a note.
    response = client.post(
        reverse("commitments:decide", args=[commitment.pk]),
        {"decision": "return", "note": "", "back": "cell"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == cell_url
    assert "Cần ghi ý kiến khi trả lại." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.SUBMITTED

    note = "Cần ghi rõ số buổi, thời gian hoàn thành."
    response = client.post(
        reverse("commitments:decide", args=[commitment.pk]),
        {"decision": "return", "note": note, "back": "cell"},
        follow=True,
    )
    assert "Đã trả lại bản đăng ký của Trần Văn Bảo kèm ý kiến." in response.content.decode()
    commitment.refresh_from_db()
    assert (commitment.status, commitment.note) == (CommitmentStatus.RETURNED, note)

    # The member sees the note and edits again.
    client.force_login(city.member_user)
    mine = client.get(reverse("commitments:mine")).content.decode()
    assert "Chi ủy trả lại để sửa:" in mine and note in mine
    client.post(
        reverse("commitments:mine"),
        {"text": ["Đọc sách về Bác"], "measure": ["4 cuốn, mỗi quý 1 cuốn"], "action": "submit"},
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.SUBMITTED

    client.force_login(city.secretary_user)
    response = client.post(
        reverse("commitments:decide", args=[commitment.pk]),
        {"decision": "approve", "note": "Đồng ý."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("commitments:detail", args=[commitment.pk])
    assert "Đã duyệt bản đăng ký của Trần Văn Bảo." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.APPROVED
    assert commitment.approved_by == city.secretary_user


def test_cannot_edit_after_approval(client, city, year):
    commitment = _submitted(city, year)
    services.commitment_decide(actor=city.secretary_user, commitment=commitment, approve=True)
    client.force_login(city.member_user)
    page = client.get(reverse("commitments:mine")).content.decode()
    assert 'name="text"' not in page  # no editor, the approved items instead
    assert "Đọc sách về Bác" in page and "Chi ủy đã duyệt" in page
    response = client.post(
        reverse("commitments:mine"),
        {"text": ["Việc khác"], "measure": ["1 lần"], "action": "save"},
        follow=True,
    )
    assert "Bản đăng ký đã được duyệt; không sửa được nữa." in response.content.decode()
    assert [i.text for i in commitment.items.all()] == ["Đọc sách về Bác"]
    # Nor while it waits for the chi ủy.
    other = services.commitment_save(
        actor=city.secretary_user,
        year=year,
        items=[{"text": "Giữ mối liên hệ nơi cư trú", "measure": "4 lần"}],
        member=city.secretary,
        submit=True,
    )
    client.force_login(city.secretary_user)
    response = client.post(reverse("commitments:mine"), ITEMS, follow=True)
    assert "đang chờ duyệt; không sửa được nữa." in response.content.decode()
    assert other.items.count() == 1


def test_year_end_results_from_the_cell_page(client, city, year):
    commitment = _submitted(city, year)
    services.commitment_decide(actor=city.secretary_user, commitment=commitment, approve=True)
    item = commitment.items.get()
    client.force_login(city.secretary_user)
    cell_url = reverse("commitments:cell", args=[city.cell_a1.pk, year])
    assert f'name="result_{item.pk}"' in client.get(cell_url).content.decode()
    response = client.post(
        reverse("commitments:results", args=[commitment.pk]),
        {f"result_{item.pk}": ItemResult.MET, "back": "cell"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == cell_url
    assert "Đã lưu kết quả cuối năm." in response.content.decode()
    item.refresh_from_db()
    assert item.result == ItemResult.MET


def test_the_cells_weak_tasks_are_written_by_the_cell_and_decided_above(client, city, year):
    client.force_login(city.secretary_user)
    url = reverse("commitments:cell", args=[city.cell_a1.pk, year])
    response = client.post(
        url,
        {
            "text": ["Sinh hoạt còn ít ý kiến thảo luận"],
            "measure": ["10/12 buổi xếp loại Khá trở lên"],
            "action": "submit",
        },
        follow=True,
    )
    assert "Đã gửi đăng ký khâu yếu của chi bộ để cấp ủy cấp trên duyệt." in (
        response.content.decode()
    )
    own = Commitment.objects.get(cell=city.cell_a1, member__isnull=True, year=year)
    assert own.status == CommitmentStatus.SUBMITTED
    # The cell does not approve its own weak tasks.
    response = client.post(
        reverse("commitments:decide", args=[own.pk]), {"decision": "approve"}, follow=True
    )
    assert "do cấp ủy cấp trên duyệt" in response.content.decode()
    own.refresh_from_db()
    assert own.status == CommitmentStatus.SUBMITTED
    # The ward does.
    client.force_login(city.ward_staff)
    assert reverse("commitments:decide", args=[own.pk]) in client.get(url).content.decode()
    client.post(reverse("commitments:decide", args=[own.pk]), {"decision": "approve"})
    own.refresh_from_db()
    assert own.status == CommitmentStatus.APPROVED


def test_a_plain_member_cannot_post_the_cells_register(client, city, year):
    client.force_login(city.member_user)
    url = reverse("commitments:cell", args=[city.cell_a1.pk, year])
    assert client.post(url, {**ITEMS, "action": "submit"}).status_code == 404
    assert not Commitment.objects.exists()


def test_detail_shows_the_register_and_its_downloads(client, city, year):
    commitment = _submitted(city, year)
    client.force_login(city.member_user)
    body = client.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()
    assert "Đọc sách về Bác" in body and "Cách đo: 4 cuốn" in body
    assert reverse("commitments:commitment_docx", args=[commitment.pk]) in body
    assert reverse("commitments:commitment_pdf", args=[commitment.pk]) in body
    assert reverse("commitments:decide", args=[commitment.pk]) not in body  # not the chi ủy
    docx = client.get(reverse("commitments:commitment_docx", args=[commitment.pk]))
    pdf = client.get(reverse("commitments:commitment_pdf", args=[commitment.pk]))
    if docx.status_code == 200:  # the renderers exist
        assert docx["Content-Disposition"].endswith(f'dang-ky-{year}-tran-van-bao.docx"')
        assert docx.content[:2] == b"PK"
        assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    else:  # not yet: a message on the register's page
        assert docx.status_code == pdf.status_code == 302


def test_outsiders_get_404(client, city, year):
    commitment = _submitted(city, year)
    client.force_login(city.outsider)
    for url in [
        reverse("commitments:detail", args=[commitment.pk]),
        reverse("commitments:cell", args=[city.cell_a1.pk, year]),
        reverse("commitments:commitment_docx", args=[commitment.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("commitments:decide", args=[commitment.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.SUBMITTED
    # A ward, not a cell, has no register page.
    client.force_login(city.ward_staff)
    url = reverse("commitments:cell", args=[city.ward_a.pk, year])
    assert client.get(url).status_code == 404


def test_cell_page_query_count_does_not_grow_with_members(
    client, city, year, django_assert_num_queries
):
    client.force_login(city.secretary_user)
    _submitted(city, year)
    url = reverse("commitments:cell", args=[city.cell_a1.pk, year])
    client.get(url)
    # session, user, scopes, own member record, the cell (with its level), the name of
    # the committee above it, the cell's members, the year's registers kept by the cell
    # (with their member), their items
    with django_assert_num_queries(9):
        client.get(url)
    for n in range(15):
        member = MemberFactory(organization=city.cell_a1)
        services.commitment_save(
            actor=city.secretary_user,
            year=year,
            items=[{"text": f"Việc {n}", "measure": "1 lần"}, {"text": "Việc", "measure": "2"}],
            member=member,
            submit=n % 2 == 0,
        )
    services.commitment_save(
        actor=city.secretary_user,
        year=year,
        items=[{"text": "Khâu yếu", "measure": "Đo"}],
        cell=city.cell_a1,
    )
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.context["total"] == 17
    assert response.context["counts"]["submitted"] == 9
    filtered = client.get(url, {"status": "submitted"})
    assert len(filtered.context["rows"]) == 9
