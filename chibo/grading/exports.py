"""The year's grading of a subtree as an Excel workbook (P7), for the committee's
summary report:

- "Đảng viên": one row per member under the root the user sees, with the points and the
  grades of each step and the evidence of the year as numbers;
- "Chi bộ": one row per cell, its own grade and its evidence;
- "Tổng hợp": per unit under the root, the grades of its members and of its cells this
  year and last year, with their shares.

The evidence comes from chibo.grading.evidence in batches of `BATCH` members (a fixed
number of queries per batch), so a ward costs the same few queries as a cell. Written
with the look every export shares (chibo.core.xlsx): bold header on a tinted fill,
frozen first row, text that Excel shows as typed."""

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from chibo.core.xlsx import add_filter, new_sheet, text_cell, workbook_bytes
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.rules import GRADES, LABELS
from chibo.grading.selectors_report import (
    RESIDENCE_WORDS,
    cell_assessments,
    cell_figures,
    grade_distribution,
    member_assessments,
    member_figures,
    report_cells,
    report_members,
)
from chibo.organizations.models import Organization
from chibo.organizations.selectors import names_by_path

__all__ = ["summary_xlsx"]

BATCH = 2000  # members (or cells) per evidence batch: ~9 queries each
MEMBERS_SHEET = "Đảng viên"
CELLS_SHEET = "Chi bộ"
SUMMARY_SHEET = "Tổng hợp"
STANDARD_BANDS = ["Tốt", "Khá", "Trung bình", "Kém", "Chưa chấm"]

MEMBER_COLUMNS = [
    ("TT", 6),
    ("Họ và tên", 26),
    ("Chi bộ", 28),
    ("Đảng bộ cơ sở", 26),
    ("Tổng điểm tự chấm", 11),
    ("Tự xếp loại", 10),
    ("Chi bộ đề xuất", 10),
    ("Cấp ủy quyết định", 10),
    ("Dự sinh hoạt", 9),
    ("Vắng có lý do", 9),
    ("Vắng không lý do", 9),
    ("Nhiệm vụ đúng hạn", 10),
    ("Nhiệm vụ trễ hạn", 10),
    ("Nhiệm vụ đang mở", 10),
    ("Cam kết hoàn thành", 10),
    ("Cam kết tổng", 9),
    ("Nhận xét nơi cư trú", 14),
    ("Cảnh báo vắng", 10),
    ("Kỷ luật", 24),
]
CELL_COLUMNS = [
    ("TT", 6),
    ("Chi bộ", 30),
    ("Đảng bộ cơ sở", 26),
    ("Tổng điểm tự chấm", 11),
    ("Tự xếp loại", 10),
    ("Đề xuất", 10),
    ("Cấp ủy quyết định", 10),
    ("Sinh hoạt thường kỳ (tháng)", 12),
    ("Chuyên đề (quý)", 10),
    ("Sinh hoạt chi ủy", 10),
    # one column per quality band follows, then:
]
CELL_TAIL_COLUMNS = [
    ("Nhiệm vụ đã giao", 10),
    ("Nhiệm vụ đã kiểm điểm", 11),
    ("Nhiệm vụ đã xong", 10),
    ("Kiến nghị đã nêu", 10),
    ("Kiến nghị đã trả lời", 11),
    ("Khắc phục hạn chế hoàn thành", 12),
    ("Khắc phục hạn chế tổng", 11),
]


def _number(value):
    return float(value) if value is not None else None


def _grassroots(cell: Organization, names: dict[str, str]) -> str:
    """The grassroots committee above a cell: its parent, unless the cell sits directly
    under the top of the tree (a chi bộ cơ sở has none)."""
    if cell.depth <= 2:
        return ""
    return names.get(cell.parent_path, "")


def _grades(assessment) -> list:
    if assessment is None:
        return [None, "", "", ""]
    return [
        _number(assessment.self_total),
        assessment.self_grade,
        assessment.review_grade,
        assessment.decided_grade,
    ]


def _batches(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _members_sheet(workbook, user, root, year: int) -> None:
    sheet = new_sheet(workbook, MEMBERS_SHEET, MEMBER_COLUMNS)
    members = list(report_members(user, root))
    names = names_by_path({m.organization.parent_path for m in members})
    number = 0
    for batch in _batches(members):
        evidence = members_evidence(batch, year)
        assessments = member_assessments([m.pk for m in batch], year)
        for member in batch:
            number += 1
            f = member_figures(evidence[member.pk])
            cell = member.organization
            values = [
                number,
                member.full_name,
                cell.name,
                _grassroots(cell, names),
                *_grades(assessments.get(member.pk)),
                f["present"],
                f["excused"],
                f["unexcused"],
                f["tasks_on_time"],
                f["tasks_late"],
                f["tasks_open"],
                f["commitment_met"],
                f["commitment_items"],
                RESIDENCE_WORDS[f["residence"]],
                "Có" if f["absence_flag"] else "",
                f["discipline_text"],
            ]
            sheet.append([text_cell(sheet, v) for v in values])
    add_filter(sheet, len(MEMBER_COLUMNS), number)


def _cells_sheet(workbook, user, root, year: int) -> None:
    cells = list(report_cells(user, root))
    evidence = {}
    for batch in _batches(cells):
        evidence.update(cells_evidence(batch, year))
    assessments = cell_assessments([c.pk for c in cells], year)
    bands = list(STANDARD_BANDS)
    for ev in evidence.values():
        bands += [band for band in ev["bands"] if band not in bands]
    columns = CELL_COLUMNS + [(f"Buổi xếp loại {band}", 10) for band in bands] + CELL_TAIL_COLUMNS
    sheet = new_sheet(workbook, CELLS_SHEET, columns)
    names = names_by_path({c.parent_path for c in cells})
    for number, cell in enumerate(cells, 1):
        f = cell_figures(evidence[cell.pk])
        values = [
            number,
            cell.name,
            _grassroots(cell, names),
            *_grades(assessments.get(cell.pk)),
            f["regular_months"],
            f["thematic_quarters"],
            f["committee_meetings"],
            *[f["bands"].get(band, 0) for band in bands],
            f["tasks_assigned"],
            f["tasks_reviewed"],
            f["tasks_done"],
            f["concerns_raised"],
            f["concerns_answered"],
            f["commitment_met"],
            f["commitment_items"],
        ]
        sheet.append([text_cell(sheet, v) for v in values])
    add_filter(sheet, len(columns), len(cells))


def summary_columns(year: int) -> list[tuple[str, int]]:
    columns = [("Đơn vị", 32), ("Xếp loại của", 12)]
    for y in (year, year - 1):
        for grade in GRADES:
            columns += [(f"{grade} {y}", 9), (f"Tỷ lệ {grade} {y}", 10)]
        columns += [(f"Đã xếp loại {y}", 10), (f"Chưa xếp loại {y}", 10)]
    return columns


def _summary_sheet(workbook, user, root, year: int) -> None:
    columns = summary_columns(year)
    sheet = new_sheet(workbook, SUMMARY_SHEET, columns)
    distribution = grade_distribution(user, root, year)
    rows = 0
    for unit in [*distribution.units, distribution.total]:
        name = unit.unit.name if unit.unit is not None else "Tổng cộng"
        for label, tallies in (("Đảng viên", unit.members), ("Chi bộ", unit.cells)):
            values = [text_cell(sheet, name), label]
            for y in (year, year - 1):
                tally = tallies[y]
                for grade in GRADES:
                    share = tally.percent(grade)
                    cell = WriteOnlyCell(sheet, share / 100 if share is not None else None)
                    cell.number_format = "0.0%"
                    values += [tally.grades[grade], cell]
                values += [tally.graded, tally.pending]
            sheet.append(values)
            rows += 1
    sheet.append([])
    sheet.append(
        [
            "Xếp loại tính theo quyết định của cấp ủy, chưa có thì theo đề xuất của chi bộ; "
            "tỷ lệ trên số đã xếp loại. "
            + "; ".join(f"{code}: {LABELS[code]}" for code in GRADES)
            + "."
        ]
    )
    add_filter(sheet, len(columns), rows)


def summary_xlsx(user, root: Organization, year: int) -> bytes:
    """The workbook of `root`'s subtree for `year`, as the user may see it."""
    workbook = Workbook(write_only=True)
    _members_sheet(workbook, user, root, year)
    _cells_sheet(workbook, user, root, year)
    _summary_sheet(workbook, user, root, year)
    return workbook_bytes(workbook)
