"""The periodic report as PDF and Excel, built by the worker (chibo.jobs): at a
province's size the PDF takes seconds, too long for a request. Registered in
`ReportsConfig.ready()`."""

import datetime as dt

from chibo.core.xlsx import XLSX_CONTENT_TYPE
from chibo.jobs.registry import Built, register
from chibo.reports import exports, exports_xlsx
from chibo.reports.access import report_root
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report

FORMATS = {
    "pdf": ("PDF", exports.report_pdf, "application/pdf"),
    "xlsx": ("Excel", exports_xlsx.report_xlsx, XLSX_CONTENT_TYPE),
}


def params(root, period: Period, today: dt.date) -> dict:
    """What a report job keeps: the day it was asked on too, so a job run after midnight
    still gives the report the user asked for."""
    return {"organization": root.pk, "period": period.code, "today": today.isoformat()}


def title(root, period: Period, ext: str) -> str:
    return f"Báo cáo {str(period)[:1].lower()}{str(period)[1:]} – {root.name} ({FORMATS[ext][0]})"


def build(ext: str):
    label, render, content_type = FORMATS[ext]

    def build_report(job, progress) -> Built:
        progress(5, "Đang kiểm tra quyền xem báo cáo")
        # The user's scope is checked again now: it may have changed since the request.
        root = report_root(job.user, job.params["organization"])
        period = Period.parse(job.params["period"])
        progress(15, "Đang tính số liệu của các chi bộ")
        report = quality_report(root, period, today=dt.date.fromisoformat(job.params["today"]))
        progress(60, f"Đang dựng tệp {label}")
        content = render(report)
        return Built(content, exports.report_filename(report, ext), content_type)

    return build_report


def register_kinds() -> None:
    for ext, (label, _, _) in FORMATS.items():
        register(f"report_{ext}", label=f"Báo cáo định kỳ ({label})", build=build(ext))
