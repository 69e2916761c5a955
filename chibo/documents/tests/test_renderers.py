"""The five renderers on a real meeting recorded and adopted through the services: the
text a reader sees (python-docx for Word, pdftotext for PDF) and the fonts embedded."""

import io
import re
import subprocess
import unicodedata

from docx import Document
from docx.oxml.ns import qn

from chibo.documents import renderers
from chibo.meetings import services
from chibo.meetings.models import Meeting
from chibo.meetings.snapshot import current_minutes

HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"
VOTE_LINE = "4/6 đồng chí tán thành, đạt tỷ lệ 66,7%; 0 không tán thành; 0 không biểu quyết."
ABSENTEE_LINES = [
    "Đồng chí Kim Thị Lụa, có lý do: Đi công tác tại Hà Nội.",
    "Đồng chí Mạc Văn Nam, không có lý do.",
    "Đồng chí Tạ Văn Phúc (miễn sinh hoạt), có lý do: Ốm đau, điều trị tại bệnh viện.",
]
RESOLUTION_SECTIONS = [
    "I. ĐÁNH GIÁ KẾT QUẢ LÃNH ĐẠO THÁNG 2 NĂM 2026",
    "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 3 NĂM 2026",
    "III. PHÂN CÔNG NHIỆM VỤ VÀ TỔ CHỨC THỰC HIỆN",
    "IV. TỰ ĐÁNH GIÁ CHẤT LƯỢNG KỲ SINH HOẠT",
]


def squash(text: str) -> str:
    """One line, single spaces: lines wrapped by the page join up again."""
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def pdf_fonts(data: bytes) -> list[str]:
    result = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True)
    lines = result.stdout.decode("utf-8").splitlines()[2:]
    return [line for line in lines if line.strip()]


def pdf_pages(data: bytes) -> int:
    result = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", result.stdout.decode(), re.M).group(1))


def docx_paragraphs(data: bytes) -> list:
    """Every paragraph of the body, table cells included, in document order."""
    document = Document(io.BytesIO(data))
    paragraphs = []
    for block in document.element.body.iter(qn("w:p")):
        paragraphs.append(block)
    return document, paragraphs


def docx_text(data: bytes) -> str:
    _, paragraphs = docx_paragraphs(data)
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs)


def test_minutes_docx_holds_the_record(adopted_snapshot):
    data = renderers.minutes_docx(adopted_snapshot)
    text = docx_text(data)
    lines = text.splitlines()
    for expected in ["ĐẢNG BỘ PHƯỜNG A", "CHI BỘ KHU PHỐ A1", HEADER, "BIÊN BẢN"]:
        assert expected in lines
    assert "A, ngày 03 tháng 3 năm 2026" in lines
    assert "Sinh hoạt thường kỳ tháng 3 năm 2026" in lines
    for line in ABSENTEE_LINES:
        assert f"+ {line}" in lines
    assert "+ Đồng chí Hà Thị Tuyết, Ủy viên Ban Thường vụ Đảng ủy phường A." in lines
    assert VOTE_LINE in lines and "Nghị quyết được thông qua." in lines
    assert (
        "Đồng chí Trần Văn Bảo: Đề nghị chi bộ quan tâm hơn đến công tác vệ sinh môi trường."
        in (lines)
    )
    assert "Đồng chí chủ trì kết luận: Chi bộ thống nhất các nhiệm vụ tháng tới." in lines
    assert "Tổng cộng: 76/100 điểm; xếp loại: Khá." in lines
    # an "&" typed by a user survives (the template is rendered with XML escaping)
    assert "Đạt 80% số hộ & còn 12 hộ chưa thực hiện" in text
    assert text.count("Buổi sinh hoạt kết thúc vào hồi 09 giờ 40 phút cùng ngày.") == 1
    assert "DỰ THẢO" not in text
    assert "{{" not in text and "{%" not in text


def test_minutes_docx_is_times_new_roman_14_on_a4(adopted_snapshot):
    document, paragraphs = docx_paragraphs(renderers.minutes_docx(adopted_snapshot))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer  # no page number on page 1
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    sizes = {}
    for run in document.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if not text.strip():
            continue
        r_fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert r_fonts is None or r_fonts.get(qn("w:ascii")) == "Times New Roman", text
        size = run.find(qn("w:rPr") + "/" + qn("w:sz"))
        sizes[text] = int(size.get(qn("w:val"))) / 2 if size is not None else 14
    assert sizes[HEADER] == 15 and sizes["BIÊN BẢN"] == 16
    assert sizes["CHI BỘ KHU PHỐ A1"] == 14 and sizes[VOTE_LINE] == 14
    # the rule under ĐẢNG CỘNG SẢN VIỆT NAM is a paragraph border, not an underline
    national = next(p for p in paragraphs if "".join(t.text for t in p.iter(qn("w:t"))) == HEADER)
    assert national.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    assert national.find(f".//{qn('w:u')}") is None


def test_minutes_pdf_text_and_fonts(adopted_snapshot):
    data = renderers.minutes_pdf(adopted_snapshot)
    raw = pdf_text(data)
    assert unicodedata.is_normalized("NFC", raw)
    text = squash(raw)
    assert HEADER in text and "BIÊN BẢN" in text
    assert "ĐẢNG BỘ PHƯỜNG A" in text and "CHI BỘ KHU PHỐ A1" in text
    assert "A, ngày 03 tháng 3 năm 2026" in text
    for line in ABSENTEE_LINES:
        assert line in text
    assert VOTE_LINE in text and "Nghị quyết được thông qua." in text
    assert "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" in text
    assert "Đồng chí Hà Thị Tuyết: Ghi nhận kết quả của chi bộ" in text
    assert "Biên bản đã được đọc lại cho chi bộ nghe và nhất trí thông qua." in text
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text and "DỰ THẢO" not in text
    fonts = pdf_fonts(data)
    assert fonts and all(re.search(r"Tinos|Times", line) for line in fonts), fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # embedded
    # page numbers from page 2 only, centred at the top: page 1 starts with the header
    first_page, second_page = raw.split("\f")[:2]
    assert first_page.lstrip().startswith("ĐẢNG BỘ PHƯỜNG A")
    assert second_page.strip().splitlines()[0].strip() == "2"


def test_resolution_docx_and_pdf_have_the_four_sections(adopted_snapshot):
    docx = docx_text(renderers.resolution_docx(adopted_snapshot))
    pdf = squash(pdf_text(renderers.resolution_pdf(adopted_snapshot)))
    for text in (docx, squash(docx)):
        assert "NGHỊ QUYẾT" in text
    for text in (squash(docx), pdf):
        assert "Sinh hoạt chi bộ thường kỳ tháng 3 năm 2026" in text
        positions = [text.index(section) for section in RESOLUTION_SECTIONS]
        assert positions == sorted(positions)
        assert "thống nhất ban hành nghị quyết như sau:" in text
        assert "vắng: 3 đồng chí (có lý do: 2, không có lý do: 1)" in text
        assert "Rà soát danh sách cử tri khu phố" in text and "31/03/2026" in text
        assert "Vận động các hộ" in text  # a table cell: wrapped in the PDF
        assert "Hoàn thành một phần" in text
        assert "Tổng cộng: 76/100 điểm; xếp loại: Khá." in text
        assert VOTE_LINE in text
        for line in [
            "Nơi nhận:",
            "- Đảng ủy phường A,",
            "- Đảng viên trong chi bộ,",
            "- Lưu Chi bộ.",
        ]:
            assert line in text
        assert "T/M CHI BỘ" in text and "BÍ THƯ" in text
        assert text.rindex("Nguyễn Thị Thu") > text.index("IV. TỰ ĐÁNH GIÁ")


def test_draft_is_marked_and_has_no_closing(draft_snapshot):
    assert draft_snapshot["adopted_at"] is None
    pdf = squash(pdf_text(renderers.minutes_pdf(draft_snapshot)))
    docx = docx_text(renderers.minutes_docx(draft_snapshot))
    for text in (pdf, docx):
        assert "DỰ THẢO" in text
        assert "Buổi sinh hoạt kết thúc" not in text
    assert "DỰ THẢO" in squash(pdf_text(renderers.resolution_pdf(draft_snapshot)))


def test_amended_minutes_show_the_correction(cell, adopted_snapshot):
    meeting = Meeting.objects.get(pk=adopted_snapshot["meeting"]["id"])
    services.minutes_amend(
        actor=cell.secretary_user,
        meeting=meeting,
        reason="Ghi sót ý kiến kết luận",
        content={"resolution": "Chi bộ thống nhất 3 chỉ tiêu tháng 3 và chỉ tiêu bầu cử."},
    )
    amended = current_minutes(meeting)
    assert amended["version"] == 2
    line = "(Bản đính chính lần 1 – lý do: Ghi sót ý kiến kết luận)"
    for text in (
        squash(pdf_text(renderers.minutes_pdf(amended))),
        docx_text(renderers.minutes_docx(amended)),
        docx_text(renderers.resolution_docx(amended)),
    ):
        assert line in text
        assert "Chi bộ thống nhất 3 chỉ tiêu tháng 3 và chỉ tiêu bầu cử." in text
    assert line not in docx_text(renderers.minutes_docx(adopted_snapshot))


def test_minute_book_holds_every_meeting(adopted_snapshot):
    meetings = Meeting.objects.filter(
        organization_id=adopted_snapshot["organization"]["id"], period__year=2026
    ).order_by("scheduled_at")
    snapshots = [current_minutes(m) for m in meetings]
    assert len(snapshots) == 2  # February and March
    data = renderers.minute_book_pdf(
        snapshots, cell_name="Chi bộ khu phố A1", parent_name="Đảng bộ phường A", year=2026
    )
    raw = pdf_text(data)
    pages = raw.split("\f")
    assert "SỔ BIÊN BẢN" in pages[0] and "NĂM 2026" in pages[0]
    assert "MỤC LỤC" in pages[1] and "03/02/2026" in pages[1] and "03/03/2026" in pages[1]
    titles = [line for line in raw.splitlines() if line.strip() == "BIÊN BẢN"]
    assert len(titles) == len(snapshots)
    # each minutes starts a page of its own, right after the contents
    starts = [
        i
        for i, page in enumerate(pages)
        if any(ln.strip() == "BIÊN BẢN" for ln in page.splitlines())
    ]
    assert starts[0] == 2 and all(pages[i].lstrip().startswith(str(i + 1)) for i in starts)
    assert "tháng 2 năm 2026" in pages[starts[0]] and "tháng 3 năm 2026" in pages[starts[1]]
    assert pdf_pages(data) == len(pages) - (1 if not pages[-1].strip() else 0)


def test_empty_minute_book_still_renders():
    data = renderers.minute_book_pdf([], cell_name="Chi bộ X", parent_name="", year=2025)
    text = squash(pdf_text(data))
    assert "SỔ BIÊN BẢN SINH HOẠT CHI BỘ" in text and "Chưa có biên bản nào trong năm." in text
