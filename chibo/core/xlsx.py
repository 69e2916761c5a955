"""The look every Excel export shares (members, grading, dues, reports): a bold header
on a tinted fill, a frozen first row, column widths, an auto-filter over the data, and
text cells that Excel shows as typed. Write-only workbooks (openpyxl), so a city's
thousands of rows stream out without keeping cell objects around."""

from io import BytesIO

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")


def style_header(cell, alignment=None):
    """Give a header cell the shared look (bold on the tinted fill)."""
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    if alignment is not None:
        cell.alignment = alignment
    return cell


def header_cells(sheet, titles, alignment=None) -> list:
    """A header row for a write-only sheet."""
    return [style_header(WriteOnlyCell(sheet, title), alignment) for title in titles]


def text_cell(sheet, value):
    """A cell that Excel shows as typed: text starting with "=" is not a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


def set_widths(sheet, widths) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def new_sheet(workbook, title: str, columns: list[tuple[str, float]]):
    """A write-only sheet with its columns (title, width): widths set, first row frozen,
    the header appended."""
    sheet = workbook.create_sheet(title)
    set_widths(sheet, [width for _, width in columns])
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, [text for text, _ in columns]))
    return sheet


def add_filter(sheet, columns: int, rows: int) -> None:
    """An auto-filter over the header and `rows` data rows of `columns` columns."""
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def workbook_bytes(workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
