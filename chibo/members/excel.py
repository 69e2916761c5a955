"""Members in and out of Excel (.xlsx): the column layout and the export.

One column layout serves both directions, so an exported file imports again unchanged;
the import itself (all or nothing, every error named by row and column) is
chibo.members.excel_import. The header style is the one every export shares
(chibo.core.xlsx).
"""

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from chibo.core.vi import nfc
from chibo.core.xlsx import (
    add_filter,
    header_cells,
    set_widths,
    style_header,
    text_cell,
    workbook_bytes,
)
from chibo.members.models import Gender, MemberStatus, PartyMember, Position
from chibo.organizations.models import Organization

DATA_SHEET_TITLE = "Đảng viên"
GUIDE_SHEET_TITLE = "Hướng dẫn"
DATE_FORMAT = "%d/%m/%Y"
TEXT, PHONE, DATE, CHOICE, CELL, RESIDENCE = (
    "text", "phone", "date", "choice", "cell", "residence",
)


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # PartyMember field the column fills
    kind: str = TEXT
    required: bool = False
    width: int = 16
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) as in the model
    guide: str = ""
    example: str = ""


def _choices(enum) -> tuple[tuple[str, str], ...]:
    return tuple((value, label) for value, label in enum.choices if value)


COLUMNS: tuple[Column, ...] = (
    Column("Họ và tên", "full_name", required=True, width=28,
           guide="Họ, chữ đệm và tên đầy đủ, có dấu.", example="Nguyễn Văn An"),
    Column("Giới tính", "gender", CHOICE, required=True, width=10, choices=_choices(Gender),
           guide="Nam hoặc Nữ.", example="Nam"),
    Column("Ngày sinh", "date_of_birth", DATE, required=True, width=12,
           guide="Dạng dd/mm/yyyy (năm đủ 4 chữ số).", example="19/05/1975"),
    Column("Số thẻ đảng viên", "card_number", required=True, width=18,
           guide="Không trùng với đảng viên khác, trong tệp cũng như trong hệ thống.",
           example="79012345"),
    Column("Ngày vào Đảng", "admitted_on", DATE, required=True, width=14,
           guide="Dạng dd/mm/yyyy; khi đã đủ 18 tuổi.", example="02/09/2000"),
    Column("Ngày chính thức", "full_member_on", DATE, width=14,
           guide="Dạng dd/mm/yyyy; sau ngày vào Đảng. Để trống nếu còn dự bị.",
           example="02/09/2001"),
    Column("Trạng thái", "status", CHOICE, required=True, width=16,
           choices=_choices(MemberStatus),
           guide="Chính thức, Dự bị hoặc Miễn sinh hoạt.", example="Chính thức"),
    Column("Lý do miễn sinh hoạt", "exempt_reason", width=24,
           guide="Bắt buộc khi trạng thái là Miễn sinh hoạt; bỏ qua với trạng thái khác."),
    Column("Miễn từ ngày", "exempt_from", DATE, width=13,
           guide="Dạng dd/mm/yyyy; chỉ dùng khi miễn sinh hoạt."),
    Column("Miễn đến ngày", "exempt_to", DATE, width=13,
           guide="Dạng dd/mm/yyyy; sau ngày bắt đầu miễn."),
    Column("Điện thoại", "phone", PHONE, width=14, guide="Tối đa 20 ký tự.",
           example="0912345678"),
    Column("Thư điện tử", "email", width=26, guide="Địa chỉ thư điện tử hợp lệ.",
           example="an.nv@example.vn"),
    Column("Chi bộ", "organization", CELL, required=True, width=30,
           guide="Tên chi bộ sinh hoạt, đúng như trong hệ thống (không phân biệt chữ hoa, "
                 "chữ thường); phải là chi bộ đang hoạt động thuộc tổ chức được chọn khi "
                 "nhập. Khi nhiều chi bộ trùng tên, ghi kèm tổ chức cấp trên trong ngoặc, "
                 "như tệp xuất từ Chibo. Có thể để trống khi nhập vào chính một chi bộ.",
           example="Chi bộ khu phố 1 (Đảng bộ phường Vũ Ninh)"),
    Column("Chi bộ nơi cư trú", "residence_organization", RESIDENCE, width=30,
           guide="Không bắt buộc: tên chi bộ nơi cư trú (bất kỳ chi bộ đang hoạt động nào), "
                 "khi khác chi bộ sinh hoạt; trùng tên thì ghi kèm tổ chức cấp trên trong "
                 "ngoặc."),
    Column("Chức vụ", "position", CHOICE, width=14, choices=_choices(Position),
           guide="Để trống (đảng viên), Bí thư, Phó bí thư hoặc Chi ủy viên."),
    Column("Sở trường", "skills", width=24,
           guide="Sở trường, năng lực, để phân công nhiệm vụ phù hợp."),
    Column("Ghi chú", "notes", width=24, guide="Tự do."),
)
HEADERS = tuple(column.header for column in COLUMNS)

def compare_key(text) -> str:
    """How headers and cell names are compared: NFC, spaces collapsed, any case."""
    return nfc(text).casefold()


def cell_label(cell: Organization, parent_names: dict[str, str]) -> str:
    """How a cell is written in the file: "Chi bộ khu phố 4 (Đảng bộ phường Vũ Ninh)".

    Names like "Chi bộ khu phố 4" repeat in every ward, so an export of a whole city is
    re-importable only when each cell carries the organization above it."""
    parent = parent_names.get(cell.parent_path)
    return f"{cell.name} ({parent})" if parent else cell.name


# ---------------------------------------------------------------------------- export

def _member_values(member: PartyMember, parent_names: dict[str, str]) -> list:
    def day(value):
        return value.strftime(DATE_FORMAT) if value else ""

    residence = member.residence_organization
    return [
        member.full_name,
        member.get_gender_display(),
        day(member.date_of_birth),
        member.card_number,
        day(member.admitted_on),
        day(member.full_member_on),
        member.get_status_display(),
        member.exempt_reason,
        day(member.exempt_from),
        day(member.exempt_to),
        member.phone,
        member.email,
        cell_label(member.organization, parent_names),
        cell_label(residence, parent_names) if residence else "",
        member.get_position_display() if member.position else "",
        member.skills,
        member.notes,
    ]


def export_members_xlsx(queryset) -> bytes:
    """The members of `queryset`, in its order, in the import layout (dates as dd/mm/yyyy
    text, so no Excel locale can read 05/03 as 3 May)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET_TITLE)
    set_widths(sheet, [column.width for column in COLUMNS])
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, HEADERS))
    count = 0
    members = queryset.select_related("organization", "residence_organization")
    parent_names = dict(
        Organization.objects.filter(is_cell=False).values_list("path", "name")
    )
    for member in members.iterator(chunk_size=2000):
        values = _member_values(member, parent_names)
        sheet.append([text_cell(sheet, value) for value in values])
        count += 1
    add_filter(sheet, len(COLUMNS), count)
    return workbook_bytes(workbook)


def template_xlsx() -> bytes:
    """An empty import file: the header row, and a guide sheet on every column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET_TITLE
    sheet.append(HEADERS)
    last_row = 20000  # rows offered the drop-down lists
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        style_header(sheet.cell(row=1, column=index))
        if column.kind in (DATE, PHONE) or column.field == "card_number":
            # Text cells: Excel keeps leading zeros and does not turn 05/03/1975 into a
            # date read the other way round on an English-locale machine.
            sheet.column_dimensions[letter].number_format = "@"
        if column.choices:
            # «Đã xóa tên» is read (an exported file names it) but never offered: it is
            # the committee's decision, not a status to import.
            labels = ",".join(label for value, label in column.choices
                              if value != MemberStatus.REMOVED)
            validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
            validation.error = f"Chọn một trong: {labels.replace(',', ', ')}."
            validation.errorTitle = column.header
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last_row}")
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(GUIDE_SHEET_TITLE)
    guide.append(["Cột", "Tiêu đề", "Bắt buộc", "Cách ghi, giá trị cho phép", "Ví dụ"])
    for cell in guide[1]:
        style_header(cell)
    for index, column in enumerate(COLUMNS, start=1):
        guide.append([get_column_letter(index), column.header,
                      "Có" if column.required else "", column.guide, column.example])
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.append([])
    # Notes are left unwrapped so they run across the empty cells to their right.
    for note in (
        "Dòng 1 của trang «Đảng viên» là tiêu đề, giữ nguyên; mỗi dòng sau là một đảng viên.",
        "Ngày ghi dạng dd/mm/yyyy (ví dụ 19/05/1975) hoặc dùng ô kiểu ngày của Excel.",
        "Dòng trống được bỏ qua.",
        "Tệp được nhập trọn vẹn hoặc không nhập gì: nếu có một lỗi, không đảng viên nào "
        "được ghi; danh sách lỗi chỉ rõ dòng và cột để sửa.",
        "Tệp xuất từ danh sách đảng viên có cùng các cột, có thể nhập lại.",
    ):
        guide.append([note])
    for letter, width in zip("ABCDE", (6, 22, 10, 80, 22), strict=True):
        guide.column_dimensions[letter].width = width
    return workbook_bytes(workbook)
