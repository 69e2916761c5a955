"""Downloads and the distribution table of the year's grading of a subtree (P7).

`summary_xlsx`: the Excel workbook of chibo.grading.exports; `distribution`: per unit
under the organization, the grades of members and cells this year beside last year.
Both open only organizations in the user's read scope as committee staff or secretary
(chibo.reports.access.report_root, the gate of every report); anything else is 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from chibo.core.web import file_response, slug
from chibo.core.xlsx import XLSX_CONTENT_TYPE
from chibo.grading import exports
from chibo.grading.rules import GRADES, LABELS
from chibo.grading.selectors_report import check_year, grade_distribution
from chibo.reports.access import report_root


@login_required
def summary_xlsx(request, org_pk, year):
    root = report_root(request.user, org_pk)
    check_year(year)
    content = exports.summary_xlsx(request.user, root, year)
    return file_response(content, filename=f"xep-loai-{year}-{slug(root.name)}.xlsx",
                         content_type=XLSX_CONTENT_TYPE)


def _rows(tallies: dict, year: int) -> dict:
    """One table row: per grade the count and share this year and last year."""
    this, last = tallies[year], tallies[year - 1]
    return {
        "grades": [
            {
                "code": grade,
                "count": this.grades[grade],
                "percent": this.percent(grade),
                "last_count": last.grades[grade],
                "last_percent": last.percent(grade),
                "change": this.grades[grade] - last.grades[grade],
            }
            for grade in GRADES
        ],
        "graded": this.graded,
        "last_graded": last.graded,
        "pending": this.pending,
        "last_pending": last.pending,
    }


@login_required
def distribution(request, org_pk, year):
    """Queries: session, user, scopes, own member, the organization, its units, the
    assessments of both years grouped."""
    root = report_root(request.user, org_pk)
    check_year(year)
    data = grade_distribution(request.user, root, year)
    tables = [
        {
            "heading": heading,
            "rows": [{"unit": u.unit, **_rows(getattr(u, key), year)} for u in data.units],
            "total": _rows(getattr(data.total, key), year),
        }
        for heading, key in (("Xếp loại đảng viên", "members"), ("Xếp loại chi bộ", "cells"))
    ]
    return render(
        request,
        "grading_export/distribution.html",
        {
            "root": root,
            "year": year,
            "last_year": year - 1,
            "next_year": year + 1,
            "tables": tables,
            "grades": [(code, LABELS[code]) for code in GRADES],
        },
    )
