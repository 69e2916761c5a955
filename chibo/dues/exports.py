"""Dues as Excel workbooks: a cell's year (member × month) and the committee's summary
(one row per cell). Written with the look every export shares (chibo.core.xlsx),
Vietnamese headers, members in the Vietnamese order, money as whole đồng numbers with a
grouping format, dates dd/mm/yyyy as text."""


from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from chibo.core.xlsx import new_sheet, text_cell, workbook_bytes

__all__ = ["cell_year_xlsx", "summary_xlsx"]

MONEY_FORMAT = "#,##0"


def _money(sheet, amount):
    cell = WriteOnlyCell(sheet, amount)
    cell.number_format = MONEY_FORMAT
    return cell


def _month_text(payment) -> str:
    if payment is None:
        return ""
    if payment.is_paid:
        return f"{payment.amount_paid:,}".replace(",", ".")
    return "Có lý do" if payment.unpaid_reason == "excused" else "Không lý do"


def cell_year_xlsx(cell, year: int, grid: dict) -> bytes:
    """Sheet "Đảng phí": TT, name, 12 months (the amount paid, or why not), due, paid,
    months unpaid without reason; a totals row. Sheet "Chi tiết": one row per payment."""
    workbook = Workbook(write_only=True)
    columns = [("TT", 5), ("Họ và tên", 26)] + [(f"Tháng {m}", 10) for m in range(1, 13)]
    columns += [("Phải đóng (đồng)", 14), ("Đã đóng (đồng)", 14),
                ("Số tháng chưa đóng không lý do", 14)]
    sheet = new_sheet(workbook, "Đảng phí", columns)
    for index, row in enumerate(grid["rows"], start=1):
        sheet.append(
            [index, text_cell(sheet, row["member"].full_name)]
            + [_month_text(p) for p in row["months"]]
            + [_money(sheet, row["due"]), _money(sheet, row["paid"]), row["unexcused"]]
        )
    sheet.append(
        ["", "Tổng cộng"] + [_money(sheet, t["paid"]) for t in grid["month_totals"]]
        + [_money(sheet, grid["due"]), _money(sheet, grid["paid"]), ""]
    )
    detail = new_sheet(workbook, "Chi tiết", [
        ("Họ và tên", 26), ("Tháng", 9), ("Đối tượng", 30), ("Căn cứ (đồng)", 14),
        ("Phải đóng (đồng)", 14), ("Đã đóng (đồng)", 14), ("Ngày đóng", 12),
        ("Chưa đóng", 14), ("Ghi chú", 30), ("Căn cứ mức đóng", 40),
    ])
    for row in grid["rows"]:
        for p in row["months"]:
            if p is None:
                continue
            detail.append([
                text_cell(detail, row["member"].full_name), f"{p.month:%m/%Y}",
                p.get_category_display(),
                _money(detail, p.base_amount) if p.base_amount is not None else "",
                _money(detail, p.amount_due), _money(detail, p.amount_paid),
                f"{p.paid_on:%d/%m/%Y}" if p.paid_on else "",
                p.get_unpaid_reason_display() if p.unpaid_reason else "",
                text_cell(detail, p.note), p.rates_basis,
            ])
    return workbook_bytes(workbook)


def summary_xlsx(year: int, summary: dict, parent_names: dict[str, str]) -> bytes:
    """One row per cell: due, paid, share, months recorded, unpaid without reason, and
    the members with unpaid months reaching the flag."""
    workbook = Workbook(write_only=True)
    sheet = new_sheet(workbook, f"Đảng phí {year}", [
        ("TT", 5), ("Chi bộ", 32), ("Đảng bộ", 28), ("Phải đóng (đồng)", 15),
        ("Đã đóng (đồng)", 15), ("Tỷ lệ đã đóng (%)", 12), ("Lượt đã ghi", 10),
        ("Lượt chưa đóng không lý do", 14),
        ("Đảng viên cần xem xét (chưa đóng đủ số tháng cảnh báo)", 16),
    ])
    for index, row in enumerate(summary["rows"], start=1):
        cell = row["cell"]
        sheet.append([
            index, text_cell(sheet, cell.name), parent_names.get(cell.parent_path, ""),
            _money(sheet, row["due"]), _money(sheet, row["paid"]), row["share"],
            row["recorded"], row["unexcused"], row["flagged"],
        ])
    sheet.append(["", "Tổng cộng", "", _money(sheet, summary["due"]),
                  _money(sheet, summary["paid"]), summary["share"], "", "",
                  summary["flagged"]])
    return workbook_bytes(workbook)
