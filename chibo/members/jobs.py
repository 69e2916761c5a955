"""A long member list as Excel, built by the worker (chibo.jobs): a province's list runs
to a hundred thousand rows. Shorter lists are still exported in the request
(`settings.MEMBERS_EXPORT_QUEUE_ABOVE`). Registered in `MembersConfig.ready()`."""

import datetime as dt

from chibo.core.xlsx import XLSX_CONTENT_TYPE
from chibo.jobs.registry import Built, register
from chibo.members.excel import export_members_xlsx
from chibo.members.selectors import member_list

KIND = "members_xlsx"


def export_filename(day: dt.date) -> str:
    return f"danh-sach-dang-vien-{day:%Y%m%d}.xlsx"


def params(filters: dict, day: dt.date) -> dict:
    return {"filters": filters, "day": day.isoformat()}


def title(count: int) -> str:
    return f"Danh sách đảng viên ({count:,} người)".replace(",", ".")


def build_members(job, progress) -> Built:
    progress(5, "Đang đọc danh sách đảng viên")
    # member_list reads with the user's scope as it is now, not as it was at the request.
    members = member_list(job.user, **job.params["filters"])
    progress(15, "Đang ghi bảng tính Excel")
    content = export_members_xlsx(members)
    day = dt.date.fromisoformat(job.params["day"])
    return Built(content, export_filename(day), XLSX_CONTENT_TYPE)


def register_kinds() -> None:
    register(KIND, label="Danh sách đảng viên (Excel)", build=build_members)
