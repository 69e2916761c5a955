"""A secretary runs a month's meeting end to end in the browser: plan it, prepare it,
call the roll, record the content, a vote and two tasks, score it, adopt the minutes,
download them as Word and PDF; next month's agenda lists the two tasks for review."""

import io
import re

import pytest
from docx import Document
from playwright.sync_api import expect

from chibo.browser_tests.conftest import login, open_section, screenshot
from chibo.core.testing.factories import MemberFactory

pytestmark = pytest.mark.browser


TASKS = ["Vận động các hộ phân loại rác tại nguồn", "Rà soát danh sách hộ cận nghèo"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def plan_month(page, month: int, year: int) -> None:
    page.get_by_role("link", name="Sinh hoạt", exact=True).first.click()
    page.get_by_role("link", name="Lên lịch sinh hoạt").first.click()
    page.get_by_label("Tháng").select_option(str(month))
    page.get_by_label("Năm").select_option(str(year))
    page.get_by_role("button", name="Lên lịch tháng").click()
    expect(
        page.get_by_text(f"Đã lên lịch 1 buổi sinh hoạt tháng {month:02d}/{year}")
    ).to_be_visible()


def open_record_section(page, number: int):
    """Open a section of the record page (the others close) once it has finished sliding."""
    return open_section(page, page.locator(".accordion-button").nth(number - 1))


def test_secretary_runs_a_meeting_end_to_end(page, live_server, city, media):
    MemberFactory(
        organization=city.cell_a1, full_name="Lò Văn Dự", status="probationary", full_member_on=None
    )
    MemberFactory(
        organization=city.cell_a1,
        full_name="Hà Thị Miễn",
        status="exempt",
        exempt_reason="Tuổi cao, sức yếu",
    )
    login(page, live_server, city.secretary_user.username)

    # Plan March 2026; the list shows it for the secretary's own cell.
    plan_month(page, 3, 2026)
    page.get_by_role("link", name="Sinh hoạt thường kỳ tháng 03/2026").click()
    expect(page.get_by_role("heading", name="Sinh hoạt thường kỳ tháng 03/2026")).to_be_visible()
    detail_url = page.url

    # Prepare: one more agenda item, the draft resolution, a document for the members.
    page.get_by_role("link", name="1. Chuẩn bị").click()
    page.locator("textarea[name=title]").nth(7).fill("Công tác chuẩn bị Tết trồng cây")
    page.get_by_label("Dự thảo nghị quyết").fill("Chi bộ thống nhất ba nhiệm vụ trọng tâm tháng 4.")
    page.get_by_role("button", name="Lưu chuẩn bị").click()
    expect(page.get_by_text("Đã lưu chương trình và dự thảo nghị quyết.")).to_be_visible()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "du-thao.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
    )
    page.get_by_role("button", name="Đính kèm").click()
    expect(page.get_by_text("Đã đính kèm tài liệu «du-thao.pdf».")).to_be_visible()

    # Roll call: everyone present but one member, excused with a reason.
    page.get_by_role("link", name="2. Điểm danh").click()
    page.get_by_role("button", name="Những người chưa điểm danh: có mặt").click()
    page.locator(".roll-row", has_text="Trần Văn Bảo").get_by_text("Có lý do").click()
    page.get_by_label("Lý do vắng của Trần Văn Bảo").fill("Đi công tác")
    expect(page.locator("[data-count=present]").first).to_have_text("3")
    expect(page.locator("[data-count=excused]").first).to_have_text("1")
    page.get_by_role("button", name="Lưu và ghi biên bản").click()
    expect(page.get_by_text("Đã lưu điểm danh: có mặt 3/4 đồng chí.")).to_be_visible()
    screenshot(page, "meeting-record")

    # Opening: chair (the secretary by default), minute-taker, start and end.
    section = open_record_section(page, 1)
    section.get_by_label("Thư ký", exact=True).select_option(label="Lò Văn Dự")
    section.get_by_label("Giờ bắt đầu").fill("08:00")
    section.get_by_label("Giờ kết thúc").fill("09:45")
    section.get_by_role("button", name="Lưu phần khai mạc").click()
    expect(page.get_by_text("Đã lưu phần «Khai mạc")).to_be_visible()

    section = open_record_section(page, 3)
    section.get_by_label("Thông tin thời sự trong nước").fill("Kết quả kinh tế quý I của phường.")
    section.get_by_role("button", name="Lưu phần thông tin").click()
    expect(page.get_by_text("Đã lưu phần «Thông tin thời sự")).to_be_visible()

    section = open_record_section(page, 5)
    section.get_by_label("Người phát biểu").select_option(label="Lò Văn Dự")
    section.get_by_label("Nội dung phát biểu").fill("Đề nghị tổ chức ngày chủ nhật xanh.")
    section.get_by_role("button", name="Ghi ý kiến").click()
    expect(page.get_by_text("Đã ghi ý kiến của đồng chí Lò Văn Dự.")).to_be_visible()

    for assignee, title in zip(["Nguyễn Thị Thu", "Lò Văn Dự"], TASKS, strict=True):
        section = open_record_section(page, 6)
        section.get_by_label("Người thực hiện").select_option(label=assignee)
        section.locator("textarea[name=title]").fill(title)
        section.get_by_label("Thời hạn").fill("31/03/2026")
        section.get_by_role("button", name="Giao nhiệm vụ").click()
        expect(page.get_by_text(f"Đã giao nhiệm vụ cho đồng chí {assignee}.")).to_be_visible()

    section = open_record_section(page, 7)
    section.get_by_label("Kết luận của đồng chí chủ trì").fill("Chi bộ thống nhất các nhiệm vụ.")
    section.get_by_role("button", name="Lưu kết luận").click()
    section = open_record_section(page, 7)
    # Two voters present: the secretary and Lò Văn Dự is probationary, Hà Thị Miễn exempt.
    section.get_by_role("button", name=re.compile("tán thành$")).click()
    section.get_by_role("button", name="Ghi kết quả biểu quyết").click()
    expect(page.get_by_text(re.compile("nghị quyết được thông qua")).first).to_be_visible()

    section = open_record_section(page, 8)
    for label, points in [
        ("Công tác chuẩn bị", "9"),
        ("Tiến hành sinh hoạt", "27"),
        ("Vai trò điều hành", "9"),
        ("Thực hiện nguyên tắc", "5"),
        ("Kết quả thực hiện nghị quyết", "28"),
        ("Kết thúc sinh hoạt", "5"),
    ]:
        section.get_by_label(re.compile(label)).fill(points)
    section.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text(re.compile(r"Tổng điểm \d+, xếp loại"))).to_be_visible()

    # Adopt: the minutes are read out, adopted and locked.
    page.get_by_role("link", name="Tiếp: đọc lại và thông qua biên bản").click()
    expect(page.get_by_text("Đề nghị tổ chức ngày chủ nhật xanh.")).to_be_visible()
    page.get_by_label(re.compile("Biên bản đã được đọc lại")).check()
    page.get_by_role("button", name="Thông qua và khóa biên bản").click()
    expect(page.get_by_text(re.compile("Biên bản đã được thông qua và khóa"))).to_be_visible()
    expect(page).to_have_url(detail_url)
    # No edit controls once adopted; only the amendment.
    expect(page.get_by_role("link", name="3. Ghi biên bản")).to_have_count(0)
    expect(page.get_by_role("link", name="Đính chính")).to_be_visible()
    screenshot(page, "meeting-adopted")

    with page.expect_download() as word:
        page.get_by_role("link", name="Biên bản (Word)").click()
    content = open(word.value.path(), "rb").read()
    assert word.value.suggested_filename.endswith(".docx") and content
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "BIÊN BẢN" in text.upper()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Biên bản (PDF)").click()
    content = open(pdf.value.path(), "rb").read()
    assert pdf.value.suggested_filename.endswith(".pdf") and content.startswith(b"%PDF")

    # Next month: the two tasks come back on the agenda, under last month's review.
    plan_month(page, 4, 2026)
    page.get_by_role("link", name="Sinh hoạt thường kỳ tháng 04/2026").click()
    review = page.locator(".agenda .review-tasks")
    for title in TASKS:
        expect(review.get_by_text(title)).to_be_visible()
    page.get_by_role("link", name="1. Chuẩn bị").click()
    review = page.locator(".agenda-editor .review-tasks")
    expect(review.get_by_text("Nhiệm vụ cần kiểm điểm (2):")).to_be_visible()
    for title in TASKS:
        expect(review.get_by_text(title)).to_be_visible()
