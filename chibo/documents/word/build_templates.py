"""Builds the Word templates bien_ban.docx and nghi_quyet.docx (the minutes and the
resolution), kiem_diem.docx (the year-end grading form) and dang_ky.docx (the commitment
register); run once, both the script and its output are kept in git:

    .venv/bin/python chibo/documents/word/build_templates.py

The templates are ordinary Word documents with docxtpl (Jinja) tags, so a committee may
open one in Word, change the wording or the layout, and put it back in place of ours.
The tags use the context of chibo.documents.context.document_context (its docstring lists
every key), or for the grading forms and registers that of chibo.documents.grading_forms;
a paragraph holding only `{%p ... %}` disappears from the output, a table row holding
only `{%tr ... %}` likewise.

Layout (shared/documents.md): A4, margins 20 mm top and bottom, 30 mm left, 15 mm right;
Times New Roman 14; two-column Party header; page numbers centred at the top from page 2.
"""

from pathlib import Path

from docx.shared import Cm
from docx_kit import (
    CENTER,
    HERE,
    LEFT,
    first_paragraph,
    fixed_table,
    grid,
    heading,
    new_document,
    para,
    party_header,
    rows_table,
    signatures,
    tag,
    title,
)

# The documents --------------------------------------------------------------------------


def build_minutes(path: Path) -> None:
    document = new_document()
    party_header(document, "minutes_number")
    title(document, "BIÊN BẢN", "{{ abstract }}")
    item, item2 = Cm(0.8), Cm(1.4)

    para(document, ("Thời gian: ", {"bold": True}), "{{ time_line }}")
    tag(document, "{%p if place_line %}")
    para(document, ("Địa điểm: ", {"bold": True}), "{{ place_line }}")
    tag(document, "{%p endif %}")

    heading(document, "Thành phần:")
    tag(document, "{%p if chair_line %}")
    para(document, "- Chủ trì: {{ chair_line }}.", left=item)
    tag(document, "{%p endif %}")
    tag(document, "{%p if minute_taker_line %}")
    para(document, "- Thư ký: {{ minute_taker_line }}.", left=item)
    tag(document, "{%p endif %}")
    tag(document, "{%p if guests %}")
    para(document, "- Khách mời:", left=item)
    tag(document, "{%p for guest in guests %}")
    para(document, "+ {{ guest }}", left=item2)
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    para(document, "- {{ counts_line }}", left=item)
    para(document, "- {{ present_line }}", left=item)
    para(document, "- {{ absent_line }}", left=item)
    tag(document, "{%p for line in absentees %}")
    para(document, "+ {{ line }}", left=item2)
    tag(document, "{%p endfor %}")
    tag(document, "{%p if not_counted_line %}")
    para(document, "- {{ not_counted_line }}", left=item)
    tag(document, "{%p for line in not_counted %}")
    para(document, "+ {{ line }}", left=item2)
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if dues_line %}")
    para(document, "- {{ dues_line }}", left=item)
    tag(document, "{%p endif %}")

    tag(document, "{%p if agenda %}")
    heading(document, "Nội dung sinh hoạt:")
    tag(document, "{%p for entry in agenda %}")
    para(document, "{{ loop.index }}. {{ entry }}", left=Cm(1.4), hanging=Cm(0.6))
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")

    tag(document, "{%p if proceedings or conclusion_paragraphs or task_lines %}")
    heading(document, "Diễn biến:")
    tag(document, "{%p for section in proceedings %}")
    heading(document, "{{ section.title }}", italic=True)
    tag(document, "{%p for p in section.paragraphs %}")
    para(document, ("{{ p.lead }}", {"bold": True}), "{{ p.text }}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p for line in conclusion_paragraphs %}")
    para(
        document,
        ("{% if loop.first %}Đồng chí chủ trì kết luận: {% endif %}", {"bold": True}),
        "{{ line }}",
    )
    tag(document, "{%p endfor %}")
    tag(document, "{%p if task_lines %}")
    para(document, ("Phân công nhiệm vụ:", {"bold": True}), keep_next=True)
    tag(document, "{%p for line in task_lines %}")
    para(document, "{{ line }}", left=item)
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p endif %}")

    heading(document, "Biểu quyết:")
    tag(document, "{%p for line in resolution_paragraphs %}")
    para(
        document,
        ("{% if loop.first %}Nội dung nghị quyết: {% endif %}", {"italic": True}),
        "{{ line }}",
    )
    tag(document, "{%p endfor %}")
    tag(document, "{%p if vote_rule_line %}")
    para(document, "{{ vote_rule_line }}")
    tag(document, "{%p endif %}")
    para(document, "{{ vote_line }}")
    tag(document, "{%p if vote_outcome %}")
    para(document, ("{{ vote_outcome }}", {"bold": True}))
    tag(document, "{%p endif %}")

    tag(document, "{%p if score_rows %}")
    heading(document, "Chấm điểm chất lượng buổi sinh hoạt:")
    grid(
        document,
        ["TT", "Tiêu chí", "Điểm", "Tối đa"],
        [
            ("{{ row.number }}", CENTER),
            ("{{ row.label }}", LEFT),
            ("{{ row.points }}", CENTER),
            ("{{ row.max }}", CENTER),
        ],
        [Cm(1.3), Cm(11.2), Cm(2.0), Cm(2.0)],
        loop="row in score_rows",
    )
    para(document, "{{ score_line }}", before=4)
    tag(document, "{%p endif %}")

    tag(document, "{%p if closing %}")
    para(document, "{{ closing }}")
    tag(document, "{%p endif %}")
    para(document, "", after=6)
    signatures(document, ["THƯ KÝ"], ["CHỦ TRÌ"], "{{ minute_taker }}", "{{ chair }}")
    document.save(path)


def build_resolution(path: Path) -> None:
    document = new_document()
    party_header(document, "resolution_number")
    title(document, "NGHỊ QUYẾT", "{{ resolution_abstract }}")

    para(document, "{{ opening }}")

    heading(document, "I. ĐÁNH GIÁ KẾT QUẢ LÃNH ĐẠO {{ review_month_label }}")
    tag(document, "{%p for line in review.results %}")
    para(
        document,
        ("{% if loop.first %}1. Kết quả đạt được: {% endif %}", {"bold": True}),
        "{{ line }}",
    )
    tag(document, "{%p endfor %}")
    tag(document, "{%p if task_reviews %}")
    para(document, ("Kết quả thực hiện nhiệm vụ được phân công:", {"bold": True}), keep_next=True)
    grid(
        document,
        ["TT", "Nhiệm vụ", "Người thực hiện", "Kết quả"],
        [
            ("{{ loop.index }}", CENTER),
            ("{{ row.task }}", LEFT),
            ("{{ row.assignee }}", LEFT),
            ("{{ row.result }}{% if row.comment %} ({{ row.comment }}){% endif %}", LEFT),
        ],
        [Cm(1.3), Cm(6.4), Cm(3.9), Cm(4.9)],
        loop="row in task_reviews",
    )
    para(document, "", after=0)
    tag(document, "{%p endif %}")
    tag(document, "{%p for line in review.shortcomings %}")
    para(
        document,
        ("{% if loop.first %}2. Tồn tại, hạn chế: {% endif %}", {"bold": True}),
        "{{ line }}",
    )
    tag(document, "{%p endfor %}")
    tag(document, "{%p for line in review.causes %}")
    para(document, ("{% if loop.first %}3. Nguyên nhân: {% endif %}", {"bold": True}), "{{ line }}")
    tag(document, "{%p endfor %}")

    heading(document, "II. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ plan_month_label }}")
    tag(document, "{%p for line in next_month_paragraphs %}")
    para(document, "{{ line }}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p for line in resolution_paragraphs %}")
    para(document, "{{ line }}")
    tag(document, "{%p endfor %}")

    heading(document, "III. PHÂN CÔNG NHIỆM VỤ VÀ TỔ CHỨC THỰC HIỆN")
    tag(document, "{%p if new_tasks %}")
    grid(
        document,
        ["TT", "Nhiệm vụ", "Người thực hiện", "Thời hạn"],
        [
            ("{{ loop.index }}", CENTER),
            ("{{ row.title }}", LEFT),
            ("{{ row.assignee }}", LEFT),
            ("{{ row.deadline }}", CENTER),
        ],
        [Cm(1.3), Cm(8.5), Cm(4.0), Cm(2.7)],
        loop="row in new_tasks",
    )
    para(document, "", after=0)
    tag(document, "{%p endif %}")
    para(document, "{{ implementation }}")

    heading(document, "IV. TỰ ĐÁNH GIÁ CHẤT LƯỢNG KỲ SINH HOẠT")
    para(document, "{{ score_summary }}")
    para(document, ("Biểu quyết: ", {"bold": True}), "{{ vote_line }} {{ vote_outcome }}")
    tag(document, "{%p if vote_rule_line %}")
    para(document, "{{ vote_rule_line }}")
    tag(document, "{%p endif %}")
    para(document, "", after=6)

    def recipients(cell):
        first_paragraph(cell, ("Nơi nhận", {"underline": True}), ":", align=LEFT, after=0)
        tag(cell, "{%p for line in recipients %}")
        para(cell, ("{{ line }}", {"size": 12}), align=LEFT, after=0)
        tag(cell, "{%p endfor %}")

    signatures(document, [], ["T/M CHI BỘ", "BÍ THƯ"], "", "{{ chair }}", left_runs=recipients)
    document.save(path)


def form_title(document):
    """The title of a grading form or register, its optional abstract and correction line."""
    para(document, ("{{ title }}", {"bold": True, "size": 16}), align=CENTER, before=14, after=0)
    tag(document, "{%p if abstract %}")
    para(document, ("{{ abstract }}", {"bold": True}), align=CENTER, after=0)
    tag(document, "{%p endif %}")
    tag(document, "{%p if amendment %}")
    para(document, ("{{ amendment }}", {"italic": True}), align=CENTER, after=0)
    tag(document, "{%p endif %}")
    para(document, "-----", align=CENTER, after=10)


def details(document):
    tag(document, "{%p for row in details %}")
    para(document, ("{{ row.label }}: ", {"bold": True}), "{{ row.value }}")
    tag(document, "{%p endfor %}")


def lead_lines(document, key, *, left=None):
    tag(document, f"{{%p for p in {key} %}}")
    para(document, ("{{ p.lead }}", {"bold": True}), "{{ p.text }}", left=left)
    tag(document, "{%p endfor %}")


def form_signatures(document):
    """T/M CHI BỘ and the person signing (member forms), or the recipients and T/M CHI BỘ
    (cell forms), from `signatures`."""
    para(document, "", after=6)

    def left(cell):
        first_paragraph(cell, "{%p if signatures.recipients %}", align=LEFT, after=0)
        para(cell, ("Nơi nhận", {"underline": True}), ":", align=LEFT, after=0)
        tag(cell, "{%p for line in signatures.recipients %}")
        para(cell, ("{{ line }}", {"size": 12}), align=LEFT, after=0)
        tag(cell, "{%p endfor %}")
        tag(cell, "{%p else %}")
        tag(cell, "{%p for line in signatures.left_heads %}")
        para(cell, ("{{ line }}", {"bold": True}), align=CENTER, after=0)
        tag(cell, "{%p endfor %}")
        for _ in range(4):
            para(cell, "", align=CENTER, after=0)
        para(cell, ("{{ signatures.left_name }}", {"bold": True}), align=CENTER, after=0)
        tag(cell, "{%p endif %}")

    table = fixed_table(document, 1, [Cm(8.25), Cm(8.25)])
    left_cell, right = table.rows[0].cells
    left(left_cell)
    first_paragraph(right, "{%p for line in signatures.right_heads %}", align=LEFT, after=0)
    para(right, ("{{ line }}", {"bold": True}), align=CENTER, after=0)
    tag(right, "{%p endfor %}")
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, ("{{ signatures.right_name }}", {"bold": True}), align=CENTER, after=0)
    for cell in (left_cell, right):
        for paragraph in cell.paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True


def build_assessment(path: Path) -> None:
    """The year-end grading form of a member or a cell (chibo.documents.grading_forms)."""
    document = new_document()
    party_header(document)
    form_title(document)
    details(document)

    heading(document, "I. CHẤM ĐIỂM THEO CÁC TIÊU CHÍ")
    bold, plain = True, False
    rows_table(
        document,
        ["TT", "Tiêu chí", "Điểm tối đa", "Tự chấm", "Chi bộ chấm"],
        [Cm(1.2), Cm(8.7), Cm(2.2), Cm(2.2), Cm(2.2)],
        [
            "{%tr for g in groups %}",
            [
                ("{{ g.number }}", CENTER, bold),
                ("{{ g.label }}", LEFT, bold),
                ("{{ g.max }}", CENTER, bold),
                ("{{ g.self }}", CENTER, bold),
                ("{{ g.review }}", CENTER, bold),
            ],
            "{%tr for row in g.rows %}",
            [
                ("{{ row.number }}", CENTER, plain),
                ("{{ row.label }}", LEFT, plain),
                ("{{ row.max }}", CENTER, plain),
                ("{{ row.self }}", CENTER, plain),
                ("{{ row.review }}", CENTER, plain),
            ],
            "{%tr endfor %}",
            "{%tr endfor %}",
            [
                ("", CENTER, bold),
                ("Tổng cộng", LEFT, bold),
                ("{{ total.max }}", CENTER, bold),
                ("{{ total.self }}", CENTER, bold),
                ("{{ total.review }}", CENTER, bold),
            ],
        ],
    )
    para(document, "", after=0)
    lead_lines(document, "total_lines")
    tag(document, "{%p for line in self_note %}")
    para(
        document,
        ("{% if loop.first %}Tự nhận xét ưu điểm, khuyết điểm: {% endif %}", {"bold": True}),
        "{{ line }}",
    )
    tag(document, "{%p endfor %}")

    heading(document, "II. KẾT QUẢ THEO DÕI TRONG NĂM")
    tag(document, "{%p for p in evidence %}")
    para(document, "- ", ("{{ p.lead }}", {"bold": True}), "{{ p.text }}", left=Cm(0.8))
    tag(document, "{%p endfor %}")

    tag(document, "{%p if opinions %}")
    heading(document, "III. Ý KIẾN CỦA CHI BỘ VÀ CẤP ỦY")
    lead_lines(document, "opinions")
    tag(document, "{%p endif %}")
    form_signatures(document)
    document.save(path)


def build_commitment(path: Path) -> None:
    """The commitment register of a member or a cell (chibo.documents.grading_forms)."""
    document = new_document()
    party_header(document)
    form_title(document)
    details(document)
    para(document, "{{ intro }}")
    grid(
        document,
        ["TT", "Việc đăng ký", "Cách đo kết quả", "Kết quả"],
        [
            ("{{ row.number }}", CENTER),
            ("{{ row.text }}", LEFT),
            ("{{ row.measure }}", LEFT),
            ("{{ row.result }}", LEFT),
        ],
        [Cm(1.2), Cm(6.6), Cm(5.2), Cm(3.5)],
        loop="row in items",
    )
    para(document, "", after=0)
    tag(document, "{%p if progress %}")
    para(document, ("Tiến độ ghi nhận tại các kỳ sinh hoạt:", {"bold": True}), keep_next=True)
    tag(document, "{%p for line in progress %}")
    para(document, "{{ line }}", left=Cm(0.8))
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    lead_lines(document, "approval_lines")
    form_signatures(document)
    document.save(path)


if __name__ == "__main__":
    build_minutes(HERE / "bien_ban.docx")
    build_resolution(HERE / "nghi_quyet.docx")
    build_assessment(HERE / "kiem_diem.docx")
    build_commitment(HERE / "dang_ky.docx")
    print("wrote bien_ban.docx, nghi_quyet.docx, kiem_diem.docx, dang_ky.docx in", HERE)
