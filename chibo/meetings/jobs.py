"""A cell's minute book of a year, built by the worker (chibo.jobs): one PDF of every
adopted minutes, long for a cell with years of meetings. Registered in
`MeetingsConfig.ready()`."""

from chibo.core.scope import require
from chibo.core.services import ServiceError
from chibo.core.web import slug
from chibo.documents import renderers
from chibo.jobs.registry import Built, register
from chibo.meetings.snapshot import adopted_minutes
from chibo.organizations.selectors import get_organization_for_user, names_by_path

KIND = "minute_book"


def params(cell, year: int) -> dict:
    return {"organization": cell.pk, "year": int(year)}


def title(cell, year: int) -> str:
    return f"Sổ biên bản năm {year} – {cell.name}"


def build_minute_book(job, progress) -> Built:
    progress(5, "Đang kiểm tra quyền xem chi bộ")
    cell = get_organization_for_user(job.user, job.params["organization"])
    require(cell.is_cell, "Sổ biên bản chỉ có ở chi bộ.")
    year = job.params["year"]
    progress(10, "Đang đọc các biên bản đã thông qua")
    snapshots = adopted_minutes(cell, year)
    if not snapshots:
        raise ServiceError(f"{cell.name} chưa có biên bản nào được thông qua năm {year}.")
    parent_name = names_by_path([cell.parent_path]).get(cell.parent_path, "")
    progress(30, f"Đang dựng sổ biên bản ({len(snapshots)} biên bản)")
    content = renderers.minute_book_pdf(snapshots, cell_name=cell.name, parent_name=parent_name,
                                        year=year)
    return Built(content, f"so-bien-ban-{year}-{slug(cell.name)}.pdf", "application/pdf")


def register_kinds() -> None:
    register(KIND, label="Sổ biên bản (PDF)", build=build_minute_book)
