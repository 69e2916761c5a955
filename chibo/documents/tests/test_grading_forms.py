"""The grading form and the commitment register, made through the services and read back
as a reader sees them (python-docx for Word, pdftotext for PDF)."""

import datetime as dt
import re
import unicodedata

import pytest
from django.utils import timezone

from chibo.commitments import services as commitment_services
from chibo.commitments.models import StudyTopic
from chibo.documents import grading_forms
from chibo.grading import services
from chibo.grading.models import Discipline
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.meetings.tests.conftest import at, record_full_meeting

from .test_renderers import HEADER, docx_paragraphs, docx_text, pdf_fonts, pdf_text, squash

SCORES = {
    "politics": 8,
    "ethics": 8,
    "discipline": 7,
    "relations": 6.5,
    "assigned": 38,
    "commitments": 18,
    "party_tasks": 9,
}  # 94.5
MEMBER_TITLE = "BẢN TỰ KIỂM ĐIỂM VÀ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM 2026"
CELL_TITLE = "BẢN TỰ KIỂM ĐIỂM VÀ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CHI BỘ NĂM 2026"
REGISTER_TITLE = "BẢN ĐĂNG KÝ VIỆC LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM 2026"
CRITERIA_ROWS = [
    # TT, criterion, max, self (as the table reads across)
    "I Các tiêu chí chung 30 29,5",
    "1 Tư tưởng chính trị 8 8",
    "4 Tác phong, lề lối làm việc; quan hệ với nhân dân 7 6,5",
    "II Kết quả thực hiện nhiệm vụ 70 65",
    "5 Kết quả thực hiện nhiệm vụ được giao 40 38",
    "7 Nhiệm vụ chi bộ phân công; sinh hoạt đảng 10 9",
    "Tổng cộng 100 94,5 94,5",
]
MEMBER_LINES = [
    "Họ và tên: Trần Văn Bảo",
    "Chi bộ: Chi bộ khu phố A1",
    "Tổng điểm tự chấm: 94,5/100 điểm.",
    "Tự xếp loại: Hoàn thành nhiệm vụ.",  # the reprimand bars HTXSNV and HTTNV
    "Sinh hoạt chi bộ: dự 1 buổi; vắng có lý do 0 buổi; vắng không lý do 1 buổi (trong 1 tháng).",
    "Nhiệm vụ được phân công: 1 nhiệm vụ; hoàn thành đúng hạn 0, hoàn thành trễ hạn 0, "
    "đang thực hiện 1.",
    "Việc làm theo đã đăng ký: 2 việc (đã được chi ủy duyệt); hoàn thành 1, hoàn thành một "
    "phần 1, chưa hoàn thành 0, chưa đánh giá 0.",
    "Nhận xét nơi cư trú: không thuộc diện (sinh hoạt tại nơi cư trú).",
    "Kỷ luật trong năm: Khiển trách ngày 05/05/2026 – Chậm nộp đảng phí.",
    "Chi bộ đề xuất xếp loại: Hoàn thành tốt nhiệm vụ (94,5 điểm)",
    "Cấp ủy cấp trên quyết định xếp loại: Hoàn thành nhiệm vụ",
    "Đảng ủy phường đề nghị khắc phục việc vắng sinh hoạt.",
]


def _text_ok(text: str) -> None:
    """Vietnamese letters as composed characters, none lost or replaced on the way."""
    assert unicodedata.is_normalized("NFC", text)
    assert "\ufffd" not in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text


@pytest.fixture
def member_assessment(city):
    """Trần Văn Bảo's 2026: one meeting attended, one skipped, an open task, a register of
    two items approved and judged, a reprimand; self 94.5, cell proposes HTTNV, the ward
    decides HTNV."""
    actor = city.secretary_user
    for month, absent in [(2, None), (3, {city.member.full_name: ("unexcused", "")})]:
        meeting = meeting_services.meeting_create(
            actor=actor,
            cell=city.cell_a1,
            kind=MeetingKind.REGULAR,
            scheduled_at=at(2026, month, 3),
        )
        record_full_meeting(city, meeting, absent=absent)
        if month == 2:
            meeting_services.task_assign(
                actor=actor,
                meeting=meeting,
                assignee=city.member,
                title="Rà soát hộ nghèo",
                deadline=dt.date(2026, 12, 31),
            )
        meeting_services.meeting_adopt(actor=actor, meeting=meeting)
    commitment = commitment_services.commitment_save(
        actor=city.member_user,
        year=2026,
        member=city.member,
        submit=True,
        items=[
            {"text": "Vận động 10 hộ phân loại rác tại nguồn", "measure": "10 hộ"},
            {"text": "Đọc và giới thiệu 4 bài viết của Bác", "measure": "4 buổi"},
        ],
    )
    commitment_services.commitment_decide(actor=actor, commitment=commitment, approve=True)
    first, second = commitment.items.all()
    commitment_services.items_result(
        actor=actor, commitment=commitment, results={first.pk: "met", second.pk: "partly"}
    )
    Discipline.objects.create(
        member=city.member,
        decided_on=dt.date(2026, 5, 5),
        form="reprimand",
        reason="Chậm nộp đảng phí",
    )
    a = services.assessment_open(actor=city.member_user, year=2026, member=city.member)
    services.assessment_self(
        actor=city.member_user,
        assessment=a,
        scores=SCORES,
        note="Ưu điểm: gương mẫu ở khu dân cư.\nKhuyết điểm: có buổi vắng sinh hoạt.",
    )
    services.assessment_review(
        actor=actor, assessment=a, grade="HTTNV", note="Chi bộ nhất trí đề xuất."
    )
    [a] = services.assessments_decide(
        actor=city.ward_staff,
        decisions={a.pk: "HTNV"},
        note="Đảng ủy phường đề nghị khắc phục việc vắng sinh hoạt.",
    )
    a.refresh_from_db()
    return a


def test_member_form_docx(city, member_assessment):
    data = grading_forms.assessment_docx(member_assessment)
    text = docx_text(data)
    _text_ok(text)
    lines = text.splitlines()
    for expected in ["ĐẢNG BỘ PHƯỜNG A", "CHI BỘ KHU PHỐ A1", "*", HEADER, MEMBER_TITLE]:
        assert expected in lines
    # the place is the ward's; the date the day of the self-assessment
    day = timezone.localtime(member_assessment.self_at).date()
    assert f"A, ngày {day.day:02d} tháng" in text
    flat = squash(text)
    for line in MEMBER_LINES:
        assert line in flat, line
    assert "Tự nhận xét ưu điểm, khuyết điểm: Ưu điểm: gương mẫu ở khu dân cư." in flat
    assert "NGƯỜI TỰ KIỂM ĐIỂM" in lines and "T/M CHI BỘ" in lines and "BÍ THƯ" in lines
    assert "Nguyễn Thị Thu" in lines and "Trần Văn Bảo" in lines
    assert "Nơi nhận" not in text and "{{" not in text and "{%" not in text
    # the criteria table, row by row: TT, criterion, maximum, self points, cell points
    document, _ = docx_paragraphs(data)
    criteria = document.tables[1]
    rows = [" ".join(c.text for c in row.cells if c.text).strip() for row in criteria.rows]
    assert rows[0] == "TT Tiêu chí Điểm tối đa Tự chấm Chi bộ chấm"
    for expected in CRITERIA_ROWS:
        assert expected in rows, (expected, rows)
    assert len(rows) == 1 + 2 + 7 + 1  # header, two groups, seven criteria, total
    # the layout of the minutes: A4, Times New Roman 14, the title in 16 bold
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    title = next(p for p in document.paragraphs if p.text == MEMBER_TITLE)
    assert title.runs[0].font.size.pt == 16 and title.runs[0].font.bold


def test_member_form_pdf(city, member_assessment):
    data = grading_forms.assessment_pdf(member_assessment)
    raw = pdf_text(data)
    _text_ok(raw)
    text = squash(raw)
    assert raw.lstrip().startswith("ĐẢNG BỘ PHƯỜNG A")
    for expected in ["CHI BỘ KHU PHỐ A1", HEADER, MEMBER_TITLE, "I. CHẤM ĐIỂM THEO CÁC TIÊU CHÍ"]:
        assert expected in text
    for label in ["Tư tưởng chính trị", "Ý thức tổ chức kỷ luật", "Tổng cộng 100 94,5 94,5"]:
        assert label in text
    for line in MEMBER_LINES:
        assert line in text, line
    assert "NGƯỜI TỰ KIỂM ĐIỂM" in text and "T/M CHI BỘ" in text
    fonts = pdf_fonts(data)
    assert fonts and all(re.search(r"Tinos|Times", line) for line in fonts), fonts


def test_form_before_self_assessment_leaves_the_date_blank(city):
    a = services.assessment_open(actor=city.member_user, year=2026, member=city.member)
    text = squash(docx_text(grading_forms.assessment_docx(a)))
    assert "A, ngày ….. tháng ….. năm ……" in text
    assert "Chưa tự chấm điểm." in text and "Ý KIẾN CỦA CHI BỘ" not in text
    assert "Tổng cộng 100" in squash(pdf_text(grading_forms.assessment_pdf(a)))


def test_cell_form(city):
    c = commitment_services.commitment_save(
        actor=city.secretary_user,
        year=2026,
        cell=city.cell_a1,
        submit=True,
        items=[{"text": "Nâng tỷ lệ dự sinh hoạt", "measure": "≥ 90% mỗi buổi"}],
    )
    commitment_services.commitment_decide(actor=city.secretary_user, commitment=c, approve=True)
    a = services.assessment_open(actor=city.secretary_user, year=2026, cell=city.cell_a1)
    services.assessment_self(
        actor=city.secretary_user,
        assessment=a,
        scores={
            "politics": 9,
            "organization": 9,
            "inspection": 8,
            "political_tasks": 45,
            "commitments": 15,
        },
    )
    expected = [
        CELL_TITLE,
        "Tên chi bộ: Chi bộ khu phố A1",
        "Trực thuộc: Đảng bộ phường A",
        "Số đảng viên: 2 đồng chí",
        "Xây dựng tổ chức, đội ngũ đảng viên 10 9",
        "Tổng điểm tự chấm: 86/100 điểm.",
        "Sinh hoạt chi bộ: thường kỳ 0/12 tháng có biên bản được thông qua; chuyên đề 0/4 quý",
        "Nhiệm vụ khắc phục hạn chế đã đăng ký: 1 nhiệm vụ (đã được chi ủy duyệt)",
        "Nơi nhận",
        "- Đảng ủy phường A,",
        "- Lưu Chi bộ.",
    ]
    docx = squash(docx_text(grading_forms.assessment_docx(a)))
    pdf = squash(pdf_text(grading_forms.assessment_pdf(a)))
    for text in (docx, pdf):
        for line in expected:
            assert line in text, line
        assert "NGƯỜI TỰ KIỂM ĐIỂM" not in text and "T/M CHI BỘ" in text


def test_commitment_register(city):
    StudyTopic.objects.create(
        year=2026,
        kind="ho_chi_minh",
        title="Học tập và làm theo tư tưởng Hồ Chí Minh về đoàn kết",
    )
    c = commitment_services.commitment_save(
        actor=city.member_user,
        year=2026,
        member=city.member,
        submit=True,
        items=[
            {"text": "Vận động 10 hộ phân loại rác tại nguồn", "measure": "10 hộ"},
            {"text": "Tham gia đủ các buổi sinh hoạt", "measure": "12/12 buổi"},
        ],
    )
    commitment_services.commitment_decide(
        actor=city.secretary_user, commitment=c, approve=True, note="Việc cụ thể, đo được."
    )
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 4, 3),
    )
    first, second = c.items.all()
    commitment_services.progress_note(
        actor=city.secretary_user, item=first, meeting=meeting, note="Đã vận động 6 hộ"
    )
    commitment_services.items_result(
        actor=city.secretary_user, commitment=c, results={first.pk: "met"}
    )
    c.refresh_from_db()
    expected = [
        REGISTER_TITLE,
        "Chuyên đề năm 2026: Học tập và làm theo tư tưởng Hồ Chí Minh về đoàn kết",
        "Họ và tên: Trần Văn Bảo",
        "Tôi đăng ký thực hiện những việc làm theo trong năm 2026 như sau:",
        "TT Việc đăng ký Cách đo kết quả Kết quả",
        "- Việc 1, tháng 04/2026: Đã vận động 6 hộ.",
        "Duyệt đăng ký: Chi ủy đã duyệt ngày",
        "Ý kiến của chi ủy: Việc cụ thể, đo được.",
        "NGƯỜI ĐĂNG KÝ",
    ]
    data = grading_forms.commitment_docx(c)
    document, _ = docx_paragraphs(data)
    table = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert table == [
        ["TT", "Việc đăng ký", "Cách đo kết quả", "Kết quả"],
        ["1", "Vận động 10 hộ phân loại rác tại nguồn", "10 hộ", "Hoàn thành"],
        ["2", "Tham gia đủ các buổi sinh hoạt", "12/12 buổi", ""],
    ]
    docx = squash(docx_text(data))
    raw = pdf_text(grading_forms.commitment_pdf(c))
    _text_ok(raw)
    pdf = squash(raw)
    for text in (docx, pdf):
        assert HEADER in text and "CHI BỘ KHU PHỐ A1" in text and "ĐẢNG BỘ PHƯỜNG A" in text
        for line in expected:
            assert line in text, line
    for words in ["Vận động 10 hộ phân loại rác", "12/12 buổi", "Hoàn thành"]:
        assert words in pdf
    approved = timezone.localtime(c.approved_at).date()
    assert f"A, ngày {approved.day:02d} tháng" in docx


def test_cell_register_and_filenames(city):
    c = commitment_services.commitment_save(
        actor=city.secretary_user,
        year=2026,
        cell=city.cell_a1,
        items=[{"text": "Khắc phục tình trạng sinh hoạt chậm giờ", "measure": "đúng giờ 12/12"}],
    )
    text = squash(docx_text(grading_forms.commitment_docx(c)))
    assert "BẢN ĐĂNG KÝ CÁC NHIỆM VỤ KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM NĂM 2026" in text
    assert "bản đăng ký đang soạn, chưa gửi duyệt." in text
    assert grading_forms.commitment_filename(c, "pdf") == "dang-ky-2026-chi-bo-khu-pho-a1.pdf"
    a = services.assessment_open(actor=city.member_user, year=2026, member=city.member)
    assert grading_forms.assessment_filename(a, "docx") == "phieu-danh-gia-2026-tran-van-bao.docx"


def test_corrected_grade_prints_the_correction(city, member_assessment):
    corrected = services.assessment_correct(
        actor=city.ward_staff,
        assessment=member_assessment,
        grade="KHTNV",
        reason="Phát hiện vi phạm sau khi xếp loại",
    )
    for text in (
        squash(docx_text(grading_forms.assessment_docx(corrected))),
        squash(pdf_text(grading_forms.assessment_pdf(corrected))),
    ):
        assert "(Bản đính chính xếp loại – lý do: Phát hiện vi phạm sau khi xếp loại)" in text
        assert "Cấp ủy cấp trên quyết định xếp loại: Không hoàn thành nhiệm vụ" in text
        # the evidence kept with the first decision
        assert "Kỷ luật trong năm: Khiển trách ngày 05/05/2026" in text
