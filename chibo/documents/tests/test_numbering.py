"""Document numbers: "Số 05-NQ/CB", from 01 per kind and per cell across a term, given at
adoption in the adopting transaction (HD 36-HD/VPTW, II.1.3.1)."""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from lxml import etree

from chibo.core.services import ServiceError
from chibo.core.testing.clock import travel
from chibo.core.testing.concurrency import races, run_at_once
from chibo.core.testing.factories import MemberFactory
from chibo.documents import renderers
from chibo.documents.models import DocumentKind, DocumentNumber
from chibo.documents.numbering import number_text, term_start
from chibo.meetings import services
from chibo.meetings.models import Meeting, MeetingKind, MinutesVersion
from chibo.meetings.snapshot import content_hash, current_minutes
from chibo.meetings.tests.conftest import at, record_full_meeting
from chibo.policies.models import Policy

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def regular(cell, month, *, year=2026, org=None):
    return services.meeting_create(
        actor=cell.secretary_user,
        cell=org or cell.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(year, month, 3, 8),
    )


def adopted(cell, month, **kwargs) -> MinutesVersion:
    meeting = regular(cell, month, **kwargs)
    record_full_meeting(cell, meeting)
    return services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)


def test_number_text():
    assert number_text(5, "NQ", "CB") == "05-NQ/CB"
    assert number_text(112, "BB", "CB") == "112-BB/CB"


def test_minutes_and_resolution_are_numbered_from_01_per_kind(cell):
    first, second = adopted(cell, 3), adopted(cell, 4)
    assert first.snapshot["numbers"] == {"minutes": "01-BB/CB", "resolution": "01-NQ/CB"}
    assert second.snapshot["numbers"] == {"minutes": "02-BB/CB", "resolution": "02-NQ/CB"}
    # inside the hash: the number is part of the adopted record
    assert second.content_hash == content_hash(second.snapshot)
    rows = DocumentNumber.objects.filter(meeting=second.meeting).order_by("kind")
    assert [(r.kind, r.number, r.symbol) for r in rows] == [
        ("BB", 2, "02-BB/CB"), ("NQ", 2, "02-NQ/CB")
    ]
    assert rows[0].issued_by == cell.secretary_user


def test_a_vote_that_fails_gives_minutes_but_no_resolution_number(cell):
    meeting = regular(cell, 3)
    record_full_meeting(cell, meeting)
    services.vote_record(
        actor=cell.secretary_user, meeting=meeting, votes_for=0, votes_against=2,
        votes_abstain=0,
    )
    version = services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    assert version.snapshot["numbers"] == {"minutes": "01-BB/CB"}
    assert adopted(cell, 4).snapshot["numbers"]["resolution"] == "01-NQ/CB"


def test_numbers_are_per_cell(cell):
    MemberFactory(organization=cell.cell_a2, full_name="Lê Văn Bình")
    adopted(cell, 3)
    other = regular(cell, 3, org=cell.cell_a2)
    entries = [{"member": m.pk, "presence": "present", "reason": ""}
               for m in cell.cell_a2.members.all()]
    roll = services.attendance_record(actor=cell.secretary_user, meeting=other, entries=entries)
    start = timezone.localtime(other.scheduled_at)
    chair = cell.cell_a2.members.first()
    services.content_update(
        actor=cell.secretary_user, meeting=other, started_at=start,
        ended_at=start + dt.timedelta(minutes=95), chair=chair, minute_taker=chair,
    )
    services.vote_record(actor=cell.secretary_user, meeting=other,
                         votes_for=roll.voters_present(), votes_against=0, votes_abstain=0)
    version = services.meeting_adopt(actor=cell.secretary_user, meeting=other)
    assert version.snapshot["numbers"]["minutes"] == "01-BB/CB"


def test_a_new_term_starts_again_at_01(cell):
    assert adopted(cell, 5).snapshot["numbers"]["minutes"] == "01-BB/CB"
    # the ward committee's cells held their congresses: the term starts on 20/06/2026
    Policy.objects.create(
        key="document.term_start", value="2026-06-20", legal_basis="Thử",
        effective_from=dt.date(2026, 6, 20), issuer=cell.ward_a,
    )
    assert term_start(cell.cell_a1, dt.date(2026, 7, 3)) == dt.date(2026, 6, 20)
    assert adopted(cell, 7).snapshot["numbers"]["minutes"] == "01-BB/CB"
    assert adopted(cell, 8).snapshot["numbers"]["minutes"] == "02-BB/CB"


def test_a_failed_adoption_uses_no_number(cell):
    broken = regular(cell, 3)
    record_full_meeting(cell, broken)
    Meeting.objects.filter(pk=broken.pk).update(resolution="Dự thảo nghị quyết tháng 3")
    with pytest.raises(ServiceError, match="Dự thảo"):
        services.meeting_adopt(actor=cell.secretary_user, meeting=broken)
    assert not DocumentNumber.objects.exists()
    assert adopted(cell, 4).snapshot["numbers"]["minutes"] == "01-BB/CB"


def test_an_amendment_keeps_the_number(cell):
    version = adopted(cell, 3)
    amended = services.minutes_amend(
        actor=cell.secretary_user, meeting=version.meeting, reason="Sai chính tả",
        content={"conclusion": "Chi bộ thống nhất các nhiệm vụ tháng 4."},
    )
    assert amended.snapshot["numbers"] == version.snapshot["numbers"]
    assert DocumentNumber.objects.count() == 2


def test_minutes_adopted_before_numbers_keep_verifying(cell):
    version = adopted(cell, 3)
    old = dict(version.snapshot)
    del old["numbers"]  # as adopted before this change
    MinutesVersion.objects.filter(pk=version.pk).update(
        snapshot=old, content_hash=content_hash(old)
    )
    served = current_minutes(version.meeting)
    assert "integrity_warning" not in served
    text = _docx_text(renderers.minutes_docx(served))
    assert "-BB/CB" not in text


def test_a_chi_uy_meeting_is_not_numbered(cell):
    meeting = services.meeting_create(
        actor=cell.secretary_user, cell=cell.cell_a1, kind=MeetingKind.COMMITTEE,
        scheduled_at=at(2026, 3, 1, 8),
    )
    record_full_meeting(cell, meeting)
    version = services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    assert "numbers" not in version.snapshot
    assert adopted(cell, 3).snapshot["numbers"]["minutes"] == "01-BB/CB"


# The documents ------------------------------------------------------------------------


def _docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for c in row.cells:
                parts += [p.text for p in c.paragraphs]
    return "\n".join(parts)


def test_the_number_is_printed_under_the_star(adopted_snapshot):
    # fill_meeting adopts February first: March is the cell's second minutes and resolution
    assert adopted_snapshot["numbers"] == {"minutes": "02-BB/CB", "resolution": "02-NQ/CB"}
    from docx import Document

    header = Document(io.BytesIO(renderers.minutes_docx(adopted_snapshot))).tables[0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs]
    assert left[1:4] == ["CHI BỘ KHU PHỐ A1", "*", "Số 02-BB/CB"]
    header = Document(io.BytesIO(renderers.resolution_docx(adopted_snapshot))).tables[0]
    assert [p.text for p in header.rows[0].cells[0].paragraphs][2:4] == ["*", "Số 02-NQ/CB"]
    html = renderers.minutes_html(adopted_snapshot)
    assert '<p class="line">*</p>\n      <p class="line doc-number">Số 02-BB/CB</p>' in html
    assert "Số 02-NQ/CB" in renderers.resolution_html(adopted_snapshot)


def test_a_draft_has_no_number(draft_snapshot):
    assert "numbers" not in draft_snapshot
    assert "Số " not in renderers.minutes_html(draft_snapshot).split("</table>")[0]


def test_docx_tables_keep_their_header_with_the_rows(adopted_snapshot):
    for data in (renderers.minutes_docx(adopted_snapshot),
                 renderers.resolution_docx(adopted_snapshot)):
        root = etree.fromstring(_docx_xml(data).encode())
        grids = [t for t in root.iter(W + "tbl")
                 if t.find(f"{W}tblPr/{W}tblStyle") is not None]
        assert grids
        for table in grids:
            rows = table.findall(W + "tr")
            assert len(rows) > 1
            assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
            assert all(p.find(f"{W}pPr/{W}keepNext") is not None
                       for p in rows[0].iter(W + "p"))
            assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
            assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])


def test_times_are_written_in_hours_and_minutes(adopted_snapshot):
    text = _docx_text(renderers.minutes_docx(adopted_snapshot))
    assert "Bắt đầu lúc 08 giờ 00 phút ngày 03 tháng 3 năm 2026." in text
    assert "kết thúc vào hồi 09 giờ 40 phút cùng ngày" in text
    opening = _docx_text(renderers.resolution_docx(adopted_snapshot))
    assert "(từ 08 giờ 00 phút đến 09 giờ 40 phút)" in opening
    assert "định kỳ" not in opening and "sinh hoạt chi bộ thường kỳ tháng 3 năm 2026" in opening


# Adoption before the meeting took place, draft words ---------------------------------


@pytest.mark.parametrize("hour,minute", [(8, 0), (9, 0), (9, 39)])
def test_adopting_before_the_meeting_ended_is_refused(cell, hour, minute):
    meeting = regular(cell, 3)
    record_full_meeting(cell, meeting)  # 08:00 to 09:40 on 03/03/2026
    with travel(dt.date(2026, 3, 3), hour, tick=False) as clock:
        clock.move_to(at(2026, 3, 3, hour, minute))
        with pytest.raises(ServiceError, match="chưa diễn ra xong") as error:
            services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    assert "09 giờ 40 phút ngày 03/03/2026" in str(error.value)
    meeting.refresh_from_db()
    assert meeting.status != "adopted" and not DocumentNumber.objects.exists()


def test_adopting_once_the_meeting_ended_goes_through(cell):
    meeting = regular(cell, 3)
    record_full_meeting(cell, meeting)
    with travel(dt.date(2026, 3, 3), tick=False) as clock:
        clock.move_to(at(2026, 3, 3, 9, 40))
        version = services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    assert version.snapshot["numbers"]["minutes"] == "01-BB/CB"


def test_the_adopted_resolution_has_no_draft_words(cell, client):
    from django.urls import reverse

    from chibo.documents.context import without_draft_words

    assert without_draft_words("Dự thảo nghị quyết tháng 3/2026:\nMột") == (
        "Nghị quyết tháng 3/2026:\nMột"
    )
    assert without_draft_words("Chi bộ thống nhất") == "Chi bộ thống nhất"
    meeting = regular(cell, 3)
    services.content_update(
        actor=cell.secretary_user, meeting=meeting,
        draft_resolution="Dự thảo nghị quyết tháng 03/2026:\nTổ chức ra quân vệ sinh.",
    )
    client.force_login(cell.secretary_user)
    page = client.get(reverse("meetings:record", args=[meeting.pk]) + "?s=conclusion")
    body = page.content.decode()
    assert "Nghị quyết tháng 03/2026:" in body
    assert "Dự thảo nghị quyết tháng 03/2026" not in body.split('name="resolution"')[1][:300]


# Two adoptions at once ----------------------------------------------------------------


@races
def test_two_adoptions_at_once_get_consecutive_numbers(cell):
    meetings = []
    for month in (3, 4, 5, 6):
        meeting = regular(cell, month)
        record_full_meeting(cell, meeting)
        meetings.append(Meeting.objects.get(pk=meeting.pk))
    for pair in (meetings[:2], meetings[2:]):
        outcomes = run_at_once(*[
            lambda m=m: services.meeting_adopt(actor=cell.secretary_user, meeting=m)
            for m in pair
        ])
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    numbers = sorted(
        DocumentNumber.objects.filter(kind=DocumentKind.MINUTES).values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4]
    symbols = {v.snapshot["numbers"]["minutes"] for v in MinutesVersion.objects.all()}
    assert symbols == {"01-BB/CB", "02-BB/CB", "03-BB/CB", "04-BB/CB"}
    assert sorted(DocumentNumber.objects.filter(kind="NQ").values_list("number", flat=True)) == [
        1, 2, 3, 4
    ]


def test_the_meeting_page_shows_the_number(cell, client):
    from django.urls import reverse

    version = adopted(cell, 3)
    client.force_login(cell.secretary_user)
    page = client.get(reverse("meetings:detail", args=[version.meeting_id]))
    assert "<div>*</div><div>Số 01-BB/CB</div>" in page.content.decode()


def test_the_api_gives_the_numbers(cell, client):
    version = adopted(cell, 3)
    client.force_login(cell.secretary_user)
    body = client.get(f"/api/v1/meetings/{version.meeting_id}").json()
    assert body["numbers"] == {"minutes": "01-BB/CB", "resolution": "01-NQ/CB"}
    draft = regular(cell, 4)
    assert client.get(f"/api/v1/meetings/{draft.pk}").json()["numbers"] == {}
