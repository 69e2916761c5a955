"""Who was not counted and the majority applied, as the minutes and the resolution print
them (the meeting page, Word read with python-docx, PDF read with pdftotext), on a meeting
recorded through the services: two members away on the day, an admission voted by two
thirds. Minutes adopted before these were recorded keep their hash and print as before."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from chibo.documents import renderers
from chibo.documents.tests.conftest import fill_meeting
from chibo.documents.tests.test_renderers import docx_text, pdf_text, squash
from chibo.meetings import services
from chibo.meetings.models import MinutesVersion
from chibo.meetings.snapshot import content_hash, current_minutes
from chibo.members.models import StateKind
from chibo.members.services_states import state_add

NOT_COUNTED = "Không tính vào số phải có mặt: 2 đồng chí:"
GROUPS = [
    "1 đồng chí sinh hoạt tạm thời nơi khác: đồng chí Kim Thị Lụa (tại Chi bộ Bệnh viện tỉnh).",
    "1 đồng chí bị đình chỉ sinh hoạt: đồng chí Đặng Văn Hải.",
]
ABSENT_LINE = "Vắng: 2 đồng chí (có lý do 1, không có lý do 1):"
RULE_LINE = (
    "Biểu quyết theo quy định: ít nhất 2/3 tổng số đảng viên chính thức tán thành (đề nghị "
    "kết nạp đảng viên); tổng số đảng viên chính thức tính biểu quyết: 4 đồng chí, cần ít "
    "nhất 3 đồng chí tán thành. Căn cứ: Điều lệ Đảng, Điều 4; Quy định 294-QĐ/TW (2025) thi "
    "hành Điều lệ Đảng."
)
VOTE_LINE = "3/4 đồng chí tán thành, đạt tỷ lệ 75%; 0 không tán thành; 0 không biểu quyết."
OPENING = (
    "vắng: 2 đồng chí (có lý do: 1, không có lý do: 1); miễn sinh hoạt: 1 đồng chí; không "
    "tính vào số phải có mặt: 2 đồng chí (1 đồng chí sinh hoạt tạm thời nơi khác: đồng chí "
    "Kim Thị Lụa (tại Chi bộ Bệnh viện tỉnh); 1 đồng chí bị đình chỉ sinh hoạt: đồng chí "
    "Đặng Văn Hải)."
)


def pdf_squashed(data: bytes) -> str:
    """The PDF's text on one line; a line the page broke after a slash ("294-QĐ/" then
    "TW") joined up again."""
    return squash(pdf_text(data)).replace("/ ", "/")


@pytest.fixture
def away_snapshot(cell, meeting):
    """8 on the list (6 full, 1 probationary, 1 exempt): Lụa on temporary transfer and Hải
    suspended on the day; Nam absent without reason, Phúc (exempt) with reason. 4 full
    members count; the 3 present vote to propose an admission: 3 of 4 reach two thirds."""
    actor = cell.secretary_user
    state_add(actor=actor, member=cell.cell_a1.members.get(full_name="Kim Thị Lụa"),
              kind=StateKind.TRANSFERRED, started_on=dt.date(2026, 3, 1),
              place="Chi bộ Bệnh viện tỉnh")
    state_add(actor=actor, member=cell.cell_a1.members.get(full_name="Đặng Văn Hải"),
              kind=StateKind.SUSPENDED, started_on=dt.date(2026, 3, 1))
    fill_meeting(cell, meeting)
    result = services.vote_record(actor=actor, meeting=meeting, votes_for=3, votes_against=0,
                                  votes_abstain=0, decision_kind="admission")
    assert result.passed and result.eligible == 4
    services.meeting_adopt(actor=actor, meeting=meeting)
    return current_minutes(meeting)


def test_the_snapshot_holds_both_and_verifies(away_snapshot):
    assert "integrity_warning" not in away_snapshot
    counts = away_snapshot["counts"]
    assert (counts["total"], counts["present"], counts["excused"], counts["unexcused"],
            counts["attendance_rate"]) == (8, 4, 1, 1, 80.0)
    assert away_snapshot["not_counted"]["total"] == 2
    assert away_snapshot["vote"]["rule"]["line"] == RULE_LINE
    assert "Kim Thị Lụa" not in [a["name"] for a in away_snapshot["absentees"]]
    version = MinutesVersion.objects.get(meeting_id=away_snapshot["meeting"]["id"])
    assert version.content_hash == content_hash(version.snapshot)


def test_minutes_word_and_pdf(away_snapshot):
    lines = docx_text(renderers.minutes_docx(away_snapshot)).splitlines()
    assert f"- {ABSENT_LINE}" in lines and f"- {NOT_COUNTED}" in lines
    assert [f"+ {g}" for g in GROUPS] == lines[lines.index(f"- {NOT_COUNTED}") + 1:][:2]
    assert not any("Kim Thị Lụa, có lý do" in line for line in lines)
    assert RULE_LINE in lines and VOTE_LINE in lines
    assert lines.index(RULE_LINE) < lines.index(VOTE_LINE)
    pdf = pdf_squashed(renderers.minutes_pdf(away_snapshot))
    for text in [ABSENT_LINE, NOT_COUNTED, *GROUPS, RULE_LINE, VOTE_LINE]:
        assert text in pdf
    assert "Kim Thị Lụa, có lý do" not in pdf
    assert renderers.minutes_html(away_snapshot).count("Không tính vào số phải có mặt") == 1


def test_resolution_word_and_pdf(away_snapshot):
    docx = squash(docx_text(renderers.resolution_docx(away_snapshot)))
    pdf = pdf_squashed(renderers.resolution_pdf(away_snapshot))
    for text in (docx, pdf):
        assert OPENING in text
        assert RULE_LINE in text and VOTE_LINE in text


def test_the_meeting_page(client, cell, away_snapshot):
    client.force_login(cell.secretary_user)
    body = client.get(reverse("meetings:detail", args=[away_snapshot["meeting"]["id"]]))
    text = squash(body.content.decode())
    assert "Không tính vào số phải có mặt: 2 đồng chí:" in text
    assert f"<li>{GROUPS[1]}</li>" in text
    assert RULE_LINE in text


def test_minutes_adopted_before_keep_their_hash_and_print_as_before(cell, meeting):
    """A version stored as adoption wrote it before the vote's rule was recorded: it still
    verifies, and prints no rule line and no not-counted line."""
    fill_meeting(cell, meeting)
    services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    version = MinutesVersion.objects.get(meeting=meeting)
    assert "not_counted" not in version.snapshot  # nobody away: no key
    old = version.snapshot
    del old["vote"]["rule"]
    MinutesVersion.objects.filter(pk=version.pk).update(snapshot=old,
                                                        content_hash=content_hash(old))
    snapshot = current_minutes(meeting)
    assert "integrity_warning" not in snapshot
    call_command("verify_minutes")  # exits 1 on a mismatch
    for text in (docx_text(renderers.minutes_docx(snapshot)),
                 squash(pdf_text(renderers.resolution_pdf(snapshot)))):
        assert "Biểu quyết theo quy định" not in text
        assert "Không tính vào số phải có mặt" not in text
        assert "4/6 đồng chí tán thành" in text



def test_the_api_gives_both(client, cell, away_snapshot):
    client.force_login(cell.secretary_user)
    data = client.get(f"/api/v1/meetings/{away_snapshot['meeting']['id']}").json()
    assert data["not_counted"]["total"] == 2
    assert [g["kind"] for g in data["not_counted"]["groups"]] == ["transferred", "suspended"]
    assert data["vote"]["rule"]["fraction"] == [2, 3] and data["vote"]["rule"]["needed"] == 3
