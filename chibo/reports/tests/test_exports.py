"""The periodic report as a PDF document (chibo.reports.exports), read back the way a
reader sees it (pdftotext), and its file name, on the fixture's small city whose third
quarter of 2026 is worked out by hand in conftest.py: the document carries the
QualityReport's numbers, the ones the dashboard and the API show."""

import datetime as dt
import subprocess

import pytest

from chibo.core.testing.factories import make_org
from chibo.documents.tests.test_renderers import HEADER, pdf_fonts, pdf_pages, squash
from chibo.reports.exports import issuer_of, report_filename, report_pdf
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report
from chibo.reports.tests.conftest import TODAY
from chibo.reports.tests.test_exports_xlsx import SHEETS, percent, workbook

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2026-Q3")


def page_text(data: bytes, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    result = subprocess.run([*args, "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def layout_row(data: bytes, name: str) -> str:
    """A row of the units table as pdftotext -layout lays it out: the line with the name,
    between the lines its two-line cells (held/due over the rate) spill onto."""
    lines = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=data,
                           capture_output=True, check=True).stdout.decode().splitlines()
    index = next(i for i, line in enumerate(lines) if name in line)
    return squash(" ".join(lines[index - 1 : index + 2]))


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_has_the_party_header_and_the_dashboard_figures(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    data = report_pdf(report)
    text = squash(page_text(data))
    first = squash(page_text(data, 1, 1))
    # The Party header: the city has no higher organization, its committee issues.
    for expected in [HEADER, "THÀNH ỦY THỬ NGHIỆM", "Số -BC/TU",
                     "Thử Nghiệm, ngày 27 tháng 11 năm 2026", "BÁO CÁO",
                     "Tình hình, chất lượng sinh hoạt chi bộ quý III năm 2026",
                     "Số liệu tính đến ngày 30/09/2026"]:
        assert expected in first, expected
    for heading in ["I. TÌNH HÌNH CHUNG", "II. THEO ĐƠN VỊ", "III. DIỄN BIẾN 12 THÁNG",
                    "IV. NHỮNG CHI BỘ CẦN CHỈ ĐẠO", "V. KIẾN NGHỊ, ĐỀ XUẤT"]:
        assert heading in text, heading
    # The headline figures, with a decimal comma, as the dashboard shows them.
    for figure in [
        "Toàn Đảng bộ có 4 chi bộ đang hoạt động",
        "Sinh hoạt thường kỳ: 9/11 lượt chi bộ đã sinh hoạt trong các tháng phải sinh hoạt, "
        "đạt 81,8%; 1 chi bộ chưa sinh hoạt đủ các tháng.",
        "2/3 lượt chi bộ đã sinh hoạt chuyên đề trong các quý phải sinh hoạt, đạt 66,7%",
        "Đảng viên dự sinh hoạt: 14/19 lượt, đạt 73,7%",
        "7 buổi đã chấm điểm, điểm bình quân 78 điểm; xếp loại Tốt 3 buổi (42,9%), Khá 2 buổi "
        "(28,6%), Trung bình 1 buổi (14,3%), Kém 1 buổi (14,3%).",
        "Cấp ủy viên cấp trên dự sinh hoạt tại 1/4 chi bộ, đạt 25%.",
        "5 buổi chưa thông qua biên bản sau 7 ngày",
        "quá hạn chưa hoàn thành: 2. Kiến nghị: nhận trong kỳ 2, đang xử lý 2, trong đó quá "
        "hạn 1.",
    ]:
        assert figure in text, figure
    assert "81.8" not in text and "73.7" not in text
    # The units table: Phường A 5/7 (71,4%), the total row.
    assert layout_row(data, "Đảng bộ phường A ") == (
        "5/7 1/2 1 Đảng bộ phường A 3 71,4% 75,7 1 1 1 0 0/3 1 0 71,4% 50%")
    assert layout_row(data, "Tổng cộng") == (
        "9/11 2/3 Tổng cộng 4 73,7% 78 3 2 1 1 1/4 2 1 81,8% 66,7%")
    # The exception lists name the cells, with their unit.
    assert ("Chi bộ chưa sinh hoạt thường kỳ (1 chi bộ): Chi bộ khu phố A2 (Đảng bộ phường "
            "A): tháng 08/2026, 09/2026.") in text
    assert "Chi bộ khu phố A2 (Đảng bộ phường A): Quý III/2026 (đã lên kế hoạch)" in text
    assert "Chi bộ khu phố A2 (Đảng bộ phường A): sinh hoạt thường kỳ ngày 03/07/2026 (đã 89 " \
           "ngày)" in text
    # The charts' captions, and their SVG text drawn in the PDF.
    assert "Biểu đồ 1. Tỷ lệ chi bộ sinh hoạt thường kỳ" in text
    assert "từ tháng 10/2025 đến tháng 9/2026" in text
    assert "Chi bộ sinh hoạt thường kỳ Đảng viên dự sinh hoạt" in text  # the legend
    # Signature and recipients.
    for expected in ["Nơi nhận:", "- Các đảng bộ, chi bộ trực thuộc,", "- Lưu Văn phòng.",
                     "T/M BAN THƯỜNG VỤ", "BÍ THƯ"]:
        assert expected in text, expected


def test_pdf_layout_a4_tinos_page_numbers_from_page_two(tree):
    data = report_pdf(quality_report(tree.root, Q3, today=TODAY))
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    assert "595.276 x 841.89 pts (A4)" in info.stdout.decode()
    pages = pdf_pages(data)
    assert pages >= 2
    assert page_text(data, 1, 1).split()[0] != "1"
    assert page_text(data, 2, 2).split()[0] == "2"
    fonts = "\n".join(pdf_fonts(data))
    assert "Tinos" in fonts and "Tinos-Bold" in fonts and "Tinos-Italic" in fonts


def test_ward_report_names_the_city_above_and_signs_for_the_committee(tree):
    report = quality_report(tree.ward_a, Q3, today=TODAY)
    text = squash(page_text(report_pdf(report)))
    for expected in ["ĐẢNG BỘ THÀNH PHỐ THỬ NGHIỆM ĐẢNG ỦY PHƯỜNG A", "Số -BC/ĐU",
                     "A, ngày 27 tháng 11 năm 2026",
                     "Đảng ủy phường A báo cáo tình hình, chất lượng sinh hoạt các chi bộ trong "
                     "Đảng bộ phường A quý III năm 2026 như sau:",
                     "Sinh hoạt thường kỳ: 5/7 lượt chi bộ", "đạt 71,4%",
                     "- Thành ủy Thử Nghiệm (để báo cáo),", "- Các chi bộ trực thuộc,",
                     "T/M ĐẢNG ỦY"]:
        assert expected in text, expected
    # A ward's units are its cells: no unit named after them in the lists.
    assert "Chi bộ khu phố A2: tháng 08/2026, 09/2026." in text


@pytest.mark.parametrize("code, words", [
    ("2026", "năm 2026"),
    ("2026-07", "tháng 7 năm 2026"),
])
def test_year_and_month_reports_build(tree, code, words):
    period = Period.parse(code)
    report = quality_report(tree.root, period, today=TODAY)
    data = report_pdf(report)
    text = squash(page_text(data))
    assert f"Tình hình, chất lượng sinh hoạt chi bộ {words}" in text
    t = report.total
    assert f"{t.months_held}/{t.months_due} lượt chi bộ" in text
    book = workbook(report)
    assert book.sheetnames == SHEETS
    values = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=8, values_only=True)}
    assert values["Lượt chi bộ đã sinh hoạt thường kỳ"] == t.months_held
    assert percent(values["Tỷ lệ chi bộ sinh hoạt thường kỳ"]) == t.held_rate
    if code == "2026":
        # The year runs on the report date: figures to 27/11, the year's own 12 months.
        assert "Số liệu tính đến ngày 27/11/2026; kỳ báo cáo chưa kết thúc" in text
        # Twelve months ending with the last month counted: 12/2025 to 11/2026.
        assert [m for m, _ in report.trend][::11] == [dt.date(2025, 12, 1), dt.date(2026, 11, 1)]
        assert "từ tháng 12/2025 đến tháng 11/2026" in text
        assert book["Diễn biến"]["A2"].value.date() == dt.date(2025, 12, 1)
    else:
        assert (t.months_held, t.months_due) == (4, 4)  # July: A1, A2, B1, C1 (A3 not yet)
        assert "4/4 lượt chi bộ" in text and "đạt 100%" in text
        assert "Số liệu tính đến ngày 31/07/2026)" in text


def test_cell_and_future_reports_build(tree):
    cell = quality_report(tree.cell_a1, Q3, today=TODAY)
    text = squash(page_text(report_pdf(cell)))
    for expected in ["ĐẢNG BỘ PHƯỜNG A CHI BỘ KHU PHỐ A1", "Số -BC/CB", "A, ngày 27 tháng 11",
                     "Chi bộ hiện có", "3/3 lượt chi bộ", "T/M CHI BỘ", "- Lưu Chi bộ."]:
        assert expected in text, expected

    future = quality_report(tree.root, Period.parse("2027-Q1"), today=TODAY)
    assert not future.started
    text = squash(page_text(report_pdf(future)))
    assert "Kỳ báo cáo chưa bắt đầu" in text
    assert "trong kỳ chưa có tháng phải sinh hoạt" in text
    assert workbook(future).sheetnames == SHEETS


def test_long_exception_lists_are_cut_in_the_pdf_not_in_excel(tree):
    # Twelve more cells in ward B that never met: with A2, thirteen without a meeting,
    # listed in unit then name order ("thôn 2" before "thôn 10").
    for number in range(1, 13):
        make_org(f"Chi bộ thôn {number}", tree.ward_b, is_cell=True)
    report = quality_report(tree.root, Q3, today=TODAY)
    assert len(report.without_regular) == 13
    text = squash(page_text(report_pdf(report)))
    assert "Chi bộ chưa sinh hoạt thường kỳ (13 chi bộ):" in text
    assert "và 3 chi bộ khác." in text
    rows = list(workbook(report)["Cần chỉ đạo"].iter_rows(values_only=True))
    assert "1. Chi bộ chưa sinh hoạt thường kỳ (13)" in [r[0] for r in rows]
    assert (13, "Đảng bộ phường B", "Chi bộ thôn 12", "07/2026, 08/2026, 09/2026", 3, None) in rows


def test_filename_is_ascii(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    assert report_filename(report, "xlsx") == "bao-cao-dang-bo-thanh-pho-thu-nghiem-2026-Q3.xlsx"
    ward = quality_report(tree.ward_a, Period.parse("2026-07"), today=TODAY)
    assert report_filename(ward, "pdf") == "bao-cao-dang-bo-phuong-a-2026-07.pdf"
    assert report_filename(ward, "pdf").isascii()


@pytest.mark.parametrize("name, is_cell, expected", [
    ("Đảng bộ phường Vũ Ninh", False, ("Đảng ủy phường Vũ Ninh", "ĐU", "T/M ĐẢNG ỦY")),
    ("Đảng bộ xã Hòa Long", False, ("Đảng ủy xã Hòa Long", "ĐU", "T/M ĐẢNG ỦY")),
    ("Đảng bộ thành phố Bắc Ninh", False, ("Thành ủy Bắc Ninh", "TU", "T/M BAN THƯỜNG VỤ")),
    ("Đảng bộ tỉnh Bắc Ninh", False, ("Tỉnh ủy Bắc Ninh", "TU", "T/M BAN THƯỜNG VỤ")),
    ("Đảng bộ huyện Yên Phong", False, ("Huyện ủy Yên Phong", "HU", "T/M BAN THƯỜNG VỤ")),
    ("Chi bộ khu phố 3", True, ("Chi bộ khu phố 3", "CB", "T/M CHI BỘ")),
])
def test_issuer(name, is_cell, expected):
    issuer = issuer_of(name, is_cell)
    assert (issuer.name, issuer.symbol, issuer.signs_for) == expected
