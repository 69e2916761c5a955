"""Members from Excel (.xlsx), in the layout of chibo.members.excel.

An import is all or nothing: every row is read and checked first (typed values, cell
names, card numbers, then the same rules as the member form through
`check_member_rules` and the model's own field validation), and only a file without a
single error is written, in bulk, in one transaction. The checks run on preloaded data
(the cells of the target subtree, the card numbers already taken) so the cost does not
grow with a query per row: a city's 9,400 members import in seconds.
"""

import unicodedata
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from chibo.core.vi import fold, nfc
from chibo.members.excel import (
    CELL,
    CHOICE,
    COLUMNS,
    DATE,
    DATE_FORMAT,
    GUIDE_SHEET_TITLE,
    HEADERS,
    PHONE,
    RESIDENCE,
    Column,
    cell_label,
    compare_key,
)
from chibo.members.models import Membership, PartyMember, Position
from chibo.members.services import (
    MULTILINE_FIELDS,
    check_member_rules,
    lock_cells,
    open_probations,
)
from chibo.members.services_life import check_new_member_status
from chibo.organizations.models import Organization
from chibo.organizations.selectors import names_by_path

IMPORT_REASON = "Nhập từ Excel"
# A merged province has about 94,000 members; anything far above is not a member list.
MAX_DATA_ROWS = 100_000
# What a file may unpack to: 100,000 members take about 95 MB of sheet XML. A few
# kilobytes that unpack to gigabytes (a zip bomb) are refused before anything is read.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
UNREADABLE = "Không đọc được tệp; hãy chọn một tệp Excel (.xlsx)."
# What openpyxl raises on a broken file while reading it lazily (read_only): the sheet's
# XML not well formed (a NUL byte, cut short: ElementTree's and lxml's ParseError are
# SyntaxErrors), a damaged or truncated zip member, a part missing or not what it says.
_UNREADABLE_ERRORS = (
    SyntaxError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    OSError,
)
# Four-digit years only: "05/03/75" could be 1975 or 2075.
_DATE_INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
_CARD_QUERY_CHUNK = 1000  # card numbers per IN (...) query, well under SQLite's limit

_FIELD_COLUMN = {column.field: column for column in COLUMNS}
# Errors of derived fields belong to the column they are derived from.
_FIELD_COLUMN["sort_key"] = _FIELD_COLUMN["search_text"] = _FIELD_COLUMN["full_name"]
# Foreign keys come from preloaded cells; the model's own check of them is a query per row.
_NOT_MODEL_VALIDATED = ["organization", "residence_organization", "party_group", "user"]


# ---------------------------------------------------------------------------- import


@dataclass(frozen=True)
class RowError:
    """One problem in the file; row and column are as Excel shows them (5, "C")."""

    row: int | None
    column: str | None
    header: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"Dòng {self.row}"
        if self.column:
            where += f", cột {self.column}"
            if self.header:
                where += f" ({self.header})"
        return f"{where}: {self.message}"


@dataclass
class ParseResult:
    members: list[PartyMember] = field(default_factory=list)  # unsaved, checked
    errors: list[RowError] = field(default_factory=list)
    # card number -> its row, and the card column's letter, to name rows checked again
    card_rows: dict[str, int] = field(default_factory=dict)
    card_letter: str | None = None


@dataclass
class ImportResult:
    members: list[PartyMember] = field(default_factory=list)  # saved
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def count(self) -> int:
        return len(self.members)


class _CellValueError(Exception):
    """A value that cannot be read; the message is for the user."""


def _parent_names(cells) -> dict[str, str]:
    return names_by_path(cell.parent_path for cell in cells)


class _CellIndex:
    """Cells by their compared name, plain or with the organization above them, to find
    them without a query per row."""

    def __init__(self, cells):
        cells = list(cells)
        parents = _parent_names(cells)
        self._by_name = defaultdict(list)
        for cell in cells:
            self._by_name[compare_key(cell.name)].append(cell)
            qualified = cell_label(cell, parents)
            if qualified != cell.name:
                self._by_name[compare_key(qualified)].append(cell)

    def find(self, name: str) -> list:
        return self._by_name.get(compare_key(name), [])


def _choice_lookup(column: Column) -> dict[str, str]:
    """Labels as written, and without diacritics (people often type "Nu", "Du bi")."""
    lookup = {}
    for value, label in column.choices:
        lookup[compare_key(label)] = value
        lookup[fold(label)] = value
    if column.field == "position":
        lookup[compare_key(Position.NONE.label)] = Position.NONE
        lookup[fold(Position.NONE.label)] = Position.NONE
    return lookup


_CHOICE_LOOKUPS = {column.field: _choice_lookup(column) for column in COLUMNS if column.choices}


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a card number typed into a number cell: 79012345.0
    return str(value)


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = nfc(value)
        for fmt in _DATE_INPUT_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            if 1900 <= parsed.year <= 2100:
                return parsed
    raise _CellValueError(
        f"«{_as_text(value)}» không phải ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy "
        "(ví dụ 19/05/1975)."
    )


class _RowReader:
    """Turns the rows of one sheet into checked, unsaved PartyMember objects."""

    def __init__(self, *, root: Organization, positions: list[tuple[int, Column]]):
        self.root = root
        self.positions = positions
        self.cells = _CellIndex(
            Organization.objects.filter(path__startswith=root.path, is_cell=True)
        )
        self._residences: _CellIndex | None = None
        self.card_rows: dict[str, int] = {}  # card number -> first row it appears on
        self.card_column = _FIELD_COLUMN["card_number"]
        self.card_letter = next(
            get_column_letter(i + 1) for i, c in positions if c is self.card_column
        )

    def residences(self) -> _CellIndex:
        # Loaded on first use: most files leave the residence column empty.
        if self._residences is None:
            self._residences = _CellIndex(
                Organization.objects.filter(is_cell=True, dissolved_on__isnull=True)
                .only("id", "name", "path")
            )
        return self._residences

    def read(self, row: int, values: tuple) -> tuple[PartyMember | None, list[RowError]]:
        data: dict = {}
        errors: list[RowError] = []
        for index, column in self.positions:
            raw = values[index] if index < len(values) else None
            try:
                self._convert(column, raw, data)
            except _CellValueError as error:
                errors.append(
                    RowError(row, get_column_letter(index + 1), column.header, str(error))
                )
        card = data.get("card_number")
        if card:
            first = self.card_rows.setdefault(card, row)
            if first != row:
                errors.append(RowError(row, self.card_letter, self.card_column.header,
                                       f"Số thẻ {card} trùng với dòng {first}."))
        if errors:
            # Cross-field rules need every value read; they run once the row reads cleanly.
            return None, errors
        member = PartyMember(**data)
        member.refresh_derived()
        try:
            check_member_rules(member)
            check_new_member_status(member)
            member.full_clean(exclude=_NOT_MODEL_VALIDATED, validate_unique=False,
                              validate_constraints=False)
        except ValidationError as error:
            return None, self._field_errors(row, error)
        return member, []

    def _convert(self, column: Column, raw, data: dict) -> None:
        if _is_blank(raw):
            if column.kind == CELL and self.root.is_cell:
                data["organization"] = self.root
                return
            if column.required:
                raise _CellValueError("Không được để trống.")
            if column.kind == RESIDENCE:
                data["residence_organization_id"] = None
            else:
                data[column.field] = None if column.kind == DATE else ""
            return
        if column.kind == DATE:
            data[column.field] = _parse_date(raw)
        elif column.kind == CHOICE:
            text = _as_text(raw)
            lookup = _CHOICE_LOOKUPS[column.field]
            value = lookup.get(compare_key(text), lookup.get(fold(text)))
            if value is None:
                allowed = ", ".join(label for _, label in column.choices)
                raise _CellValueError(f"«{nfc(text)}» không hợp lệ; chọn một trong: {allowed}.")
            data[column.field] = value
        elif column.kind == CELL:
            data["organization"] = self._find_cell(_as_text(raw))
        elif column.kind == RESIDENCE:
            data["residence_organization_id"] = self._find_residence(_as_text(raw))
        elif column.field in MULTILINE_FIELDS:  # line breaks kept, as the form keeps them
            data[column.field] = unicodedata.normalize("NFC", _as_text(raw)).strip()
        elif column.kind == PHONE and isinstance(raw, int | float) and not isinstance(raw, bool):
            digits = _as_text(raw)
            # Excel drops the leading 0 of a Vietnamese number typed into a number cell.
            data[column.field] = "0" + digits if len(digits) == 9 else digits
        else:
            data[column.field] = nfc(_as_text(raw))

    def _find_cell(self, name: str) -> Organization:
        active = [cell for cell in self.cells.find(name) if cell.is_active]
        if len(active) > 1:
            raise _CellValueError(
                f"Có {len(active)} chi bộ cùng tên «{nfc(name)}» trong «{self.root.name}»; "
                "hãy ghi kèm tổ chức cấp trên, ví dụ «Chi bộ khu phố 1 (Đảng bộ phường …)»."
            )
        if not active:
            # Same message whether the cell is elsewhere or nowhere: no peeking outside
            # the user's scope.
            raise _CellValueError(
                f"Không có chi bộ đang hoạt động tên «{nfc(name)}» trong «{self.root.name}»."
            )
        return active[0]

    def _find_residence(self, name: str) -> int:
        found = self.residences().find(name)
        if len(found) > 1:
            raise _CellValueError(
                f"Có {len(found)} chi bộ cùng tên «{nfc(name)}»; hãy ghi kèm tổ chức cấp "
                "trên, ví dụ «Chi bộ khu phố 1 (Đảng bộ phường …)»."
            )
        if not found:
            raise _CellValueError(f"Không có chi bộ đang hoạt động tên «{nfc(name)}».")
        return found[0].pk

    def _field_errors(self, row: int, error: ValidationError) -> list[RowError]:
        letters = {column.field: get_column_letter(i + 1) for i, column in self.positions}
        errors = []
        items = error.error_dict.items() if hasattr(error, "error_dict") else [
            (NON_FIELD_ERRORS, error.error_list)
        ]
        for name, field_errors in items:
            column = _FIELD_COLUMN.get(name)
            for message in ValidationError(field_errors).messages:
                if column is None:
                    errors.append(RowError(row, None, None, message))
                else:
                    errors.append(RowError(row, letters.get(column.field), column.header,
                                           message))
        return errors


def _header_positions(header: tuple) -> tuple[list[tuple[int, Column]], list[RowError]]:
    by_key = {compare_key(column.header): column for column in COLUMNS}
    positions: list[tuple[int, Column]] = []
    seen: dict[str, int] = {}
    errors: list[RowError] = []
    for index, value in enumerate(header):
        column = by_key.get(compare_key(_as_text(value)))
        if column is None:
            continue  # extra columns (a running number, remarks) are left alone
        if column.field in seen:
            errors.append(RowError(1, get_column_letter(index + 1), column.header,
                                   f"Cột «{column.header}» có hai lần "
                                   f"(cột {get_column_letter(seen[column.field] + 1)})."))
            continue
        seen[column.field] = index
        positions.append((index, column))
    missing = [column.header for column in COLUMNS if column.field not in seen]
    if missing:
        errors.insert(0, RowError(
            1, None, None,
            "Dòng tiêu đề thiếu cột: " + ", ".join(f"«{h}»" for h in missing)
            + ". Hãy dùng tệp mẫu: dòng 1 là tiêu đề, các dòng sau là đảng viên.",
        ))
    return positions, errors


def _data_sheet(workbook):
    """The first sheet that is not the guide, so a file saved on the guide tab still works."""
    for sheet in workbook.worksheets:
        if compare_key(sheet.title) != compare_key(GUIDE_SHEET_TITLE):
            return sheet
    return None


def _existing_cards(cards: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(cards), _CARD_QUERY_CHUNK):
        chunk = cards[start:start + _CARD_QUERY_CHUNK]
        taken.update(
            PartyMember.objects.filter(card_number__in=chunk)
            .values_list("card_number", flat=True)
        )
    return taken


class _Unreadable(Exception):
    """The file broke while being read; the message is for the user."""


def _sheet_rows(sheet):
    """The sheet's rows as openpyxl reads them, lazily; a broken file raises _Unreadable
    (only openpyxl's reading is guarded, not our checks of the values)."""
    rows = sheet.iter_rows(values_only=True)
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except _UNREADABLE_ERRORS as error:
            raise _Unreadable(UNREADABLE) from error
        yield values


def _check_unpacked_size(file) -> None:
    """Refuse a zip whose parts would unpack to more than MAX_UNPACKED_BYTES."""
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except _UNREADABLE_ERRORS:
        return  # not a zip: load_workbook says so below
    finally:
        file.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _Unreadable(
            f"Không đọc được tệp: nội dung giải nén quá lớn ({unpacked // (1024 * 1024)} MB, "
            f"tối đa {MAX_UNPACKED_BYTES // (1024 * 1024)} MB). Hãy chia thành nhiều tệp."
        )


def parse_members_xlsx(file, *, root: Organization) -> ParseResult:
    """Read and check every row of `file` for an import into `root`'s subtree; write nothing.

    Returns the unsaved members, or every error found (then `members` is empty). A file
    that cannot be read, wherever it breaks, gives one message and no rows.
    """
    try:
        return _parse(file, root=root)
    except _Unreadable as error:
        return ParseResult(errors=[RowError(None, None, None, str(error))])


def _parse(file, *, root: Organization) -> ParseResult:
    _check_unpacked_size(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # any unreadable upload is the user's mistake, never a 500
        raise _Unreadable(UNREADABLE) from None
    try:
        try:
            sheet = _data_sheet(workbook)
            if sheet is not None:
                # Some programs write wrong sheet dimensions; read the rows as they are.
                sheet.reset_dimensions()
        except _UNREADABLE_ERRORS as error:
            raise _Unreadable(UNREADABLE) from error
        if sheet is None:
            return ParseResult(errors=[RowError(None, None, None, "Tệp không có trang tính.")])
        rows = _sheet_rows(sheet)
        header = next(rows, ())
        positions, errors = _header_positions(header)
        if errors:
            return ParseResult(errors=errors)
        reader = _RowReader(root=root, positions=positions)
        members: list[PartyMember] = []
        data_rows = 0
        for row_number, values in enumerate(rows, start=2):
            if all(_is_blank(value) for value in values):
                continue
            data_rows += 1
            if data_rows > MAX_DATA_ROWS:
                return ParseResult(errors=[RowError(
                    None, None, None,
                    f"Tệp có hơn {MAX_DATA_ROWS} dòng; hãy chia thành nhiều tệp.",
                )])
            member, row_errors = reader.read(row_number, values)
            if member is not None:
                members.append(member)
            errors.extend(row_errors)
    finally:
        workbook.close()

    errors.extend(_taken_errors(_existing_cards(list(reader.card_rows)),
                                reader.card_rows, reader.card_letter))
    if not members and not errors:
        errors.append(RowError(None, None, None, "Tệp không có dòng đảng viên nào."))
    if errors:
        column_order = {header: i for i, header in enumerate(HEADERS)}
        errors.sort(key=lambda e: (e.row or 0, column_order.get(e.header, -1)))
        return ParseResult(errors=errors)
    return ParseResult(members=members, card_rows=reader.card_rows, card_letter=reader.card_letter)


def _taken_errors(taken, card_rows: dict[str, int], card_letter: str | None) -> list[RowError]:
    header = _FIELD_COLUMN["card_number"].header
    return sorted(
        (
            RowError(card_rows[card], card_letter, header, f"Số thẻ {card} đã có trong hệ thống.")
            for card in taken
        ),
        key=lambda e: e.row,
    )


def import_members_xlsx(file, *, root: Organization, actor) -> ImportResult:
    """Create every member of `file` in cells of `root`'s subtree, or none of them.

    `actor` is recorded in history and on the memberships (None for a system import).
    The caller checks that `actor` may write to `root`.
    """
    parsed = parse_members_xlsx(file, root=root)
    if parsed.errors:
        return ImportResult(errors=parsed.errors)
    try:
        with transaction.atomic():
            # The file was read and checked outside the transaction (it can take seconds);
            # the card numbers are checked again under the cells' locks.
            lock_cells(member.organization_id for member in parsed.members)
            taken = _existing_cards([member.card_number for member in parsed.members])
            if taken:
                return ImportResult(
                    errors=_taken_errors(taken, parsed.card_rows, parsed.card_letter)
                )
            members = bulk_create_with_history(
                parsed.members, PartyMember, batch_size=500, default_user=actor,
                default_change_reason=IMPORT_REASON,
            )
            bulk_create_with_history(
                [
                    Membership(member=member, organization=member.organization,
                               started_on=member.admitted_on, reason=IMPORT_REASON,
                               recorded_by=actor)
                    for member in members
                ],
                Membership, batch_size=1000, default_user=actor,
                default_change_reason=IMPORT_REASON,
            )
            # Probationary members get their probation's dates, as the member form gives.
            open_probations(members, actor)
    except IntegrityError:
        # Someone added one of these card numbers between the check and the write.
        return ImportResult(errors=[RowError(
            None, None, None,
            "Một số số thẻ đảng viên vừa được thêm vào hệ thống trong lúc nhập; "
            "không có đảng viên nào được ghi, hãy nhập lại.",
        )])
    return ImportResult(members=members)


