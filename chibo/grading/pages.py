"""What the grading pages share (chibo.grading.views, chibo.grading.views_cell): the
rules book of the year, the stale-edit display, the evidence as shown, the path of an
assessment, the section's links and messages."""

from django.shortcuts import render
from django.urls import reverse

from chibo.commitments.models import RESIDENCE_POINTS, ResidenceRating
from chibo.core.concurrency import STALE_MESSAGE, StaleEdit, renewed_base
from chibo.core.forms import apply_service_error, posted_base, shown_value
from chibo.core.scope import user_scope
from chibo.grading import forms, rules, services
from chibo.grading.models import Grade, Stage
from chibo.meetings.rules import as_fraction

LOCKED_MESSAGE = (
    "Cấp ủy đã quyết định xếp loại; không sửa được. Nếu cần, cấp ủy lập bản đính chính có "
    "ghi lý do."
)
REVIEWED_MESSAGE = "Chi bộ đã đề xuất xếp loại; không sửa tự đánh giá được nữa."
EDITABLE = (Stage.DRAFT, Stage.SELF)
LOCKED = (Stage.DECIDED, Stage.SUPERSEDED)


# --- the shared parts ------------------------------------------------------------


def posted_data(request):
    return request.POST if request.method == "POST" else None


# Which form field shows each field of the assessment a `base` covers.
FORM_FIELD = {"self_note": "note", "review_note": "note", "review_grade": "grade"}


def newer_shown(field: str, value, spec: dict | None = None) -> str:
    if field == "review_grade":
        return Grade(value).label if value else shown_value(value)
    if field == "self_scores":
        labels = [c for g in ("general", "tasks") for c in (spec or {}).get(g, [])]
        return "; ".join(
            f"{c['label']}: {forms.comma((value or {}).get(c['code'])) or '–'}" for c in labels
        )
    return shown_value(value)


def show_stale(form, error: StaleEdit, spec: dict | None = None) -> None:
    """A save refused because someone saved newer values: the person's text stays in the
    field, the newer one is shown under it, and the form's base counts the newer values
    as seen, so the next save (after merging) goes through."""
    for field, value in error.newer.items():
        name = FORM_FIELD.get(field)
        if name in form.fields:
            form.add_error(name, STALE_MESSAGE)
            form.fields[name].newer_text = newer_shown(field, value, spec)
        else:
            form.add_error(
                None, f"{STALE_MESSAGE} Điểm mới hơn đã lưu: {newer_shown(field, value, spec)}"
            )
    data = form.data.copy()
    data["base"] = renewed_base(posted_base(form), error.newer)
    form.data = data


def show_service_error(form, error, spec: dict | None = None) -> None:
    if isinstance(error, StaleEdit):
        show_stale(form, error, spec)
    else:
        apply_service_error(form, error)


def rules_book(year: int, cell):
    """The grading rules in force for the year, or None when some are missing."""
    book = services.book_for(year, cell)
    return book if all(key in book.rows for key in services.KEYS) else None


def no_rules(request, year: int, cell=None):
    return render(
        request,
        "grading/no_rules.html",
        {"year": year, "cell": cell},
    )


def conditions_of(book, is_cell: bool):
    return book["grading.cell_conditions" if is_cell else "grading.member_conditions"]


def outcomes_of(book, is_cell: bool, facts: dict) -> dict:
    """For each grade the points may reach, the grade the rules then give with these facts
    and why: the page's script picks one as the total changes, with no rule in JS."""
    thresholds = book["grading.thresholds"]
    conditions = conditions_of(book, is_cell)
    out = {}
    for grade, minimum in thresholds:
        final, reasons = rules.grade_for(minimum, thresholds, conditions, facts)
        out[grade] = {"grade": final, "label": rules.LABELS[final], "reasons": reasons}
    return out


def suggestion_of(book, is_cell: bool, facts: dict, points) -> dict | None:
    if points is None:
        return None
    grade, reasons = rules.grade_for(
        float(points), book["grading.thresholds"], conditions_of(book, is_cell), facts
    )
    return {"grade": grade, "label": rules.LABELS[grade], "reasons": reasons}


def cap_figures(book) -> dict:
    cap = as_fraction(book["grading.excellent_cap"])
    return {
        "percent": f"{float(cap) * 100:g}".replace(".", ","),
        "numerator": cap.numerator,
        "denominator": cap.denominator,
        "basis": book.basis("grading.excellent_cap"),
    }


def path_steps(assessment) -> list[dict]:
    """The three steps of the path and where this assessment stands on it."""
    stage = assessment.stage if assessment is not None and assessment.pk else Stage.DRAFT
    order = [Stage.DRAFT, Stage.SELF, Stage.REVIEWED, Stage.DECIDED]
    at = order.index(Stage.DECIDED if stage == Stage.SUPERSEDED else stage)
    steps = [
        ("Tự đánh giá", assessment.self_at if assessment else None),
        ("Chi bộ đề xuất", assessment.reviewed_at if assessment else None),
        ("Cấp ủy quyết định", assessment.decided_at if assessment else None),
    ]
    return [
        {
            "number": i + 1,
            "label": label,
            "done": at >= i + 1,
            "current": at == i,
            "at": when,
        }
        for i, (label, when) in enumerate(steps)
    ]


def residence_rows(evidence: dict) -> list[tuple[str, str]]:
    ratings = (evidence.get("residence") or {}).get("ratings") or {}
    labels = dict(ResidenceRating.choices)
    return [
        (text, labels.get(ratings[code], ratings[code]))
        for code, text in RESIDENCE_POINTS
        if code in ratings
    ]


def score_rows(spec: dict, assessment) -> list[dict]:
    """The criteria of the form with the points given, for a read-only view."""
    scores = assessment.self_scores if assessment else {}
    groups = []
    for key, title in (("general", "Tiêu chí chung"), ("tasks", "Kết quả thực hiện nhiệm vụ")):
        items = [
            {"label": c["label"], "max": c["points"], "value": scores.get(c["code"])}
            for c in spec.get(key, [])
        ]
        values = [i["value"] for i in items if i["value"] is not None]
        groups.append(
            {
                "title": title,
                "items": items,
                "max": sum(i["max"] for i in items),
                "total": round(sum(values), 1) if values else None,
            }
        )
    return groups


def evidence_summary(ev: dict) -> dict:
    """A member's evidence in a few words, for the columns of the cell and decide tables."""
    m, t, c, r = ev["meetings"], ev["tasks"], ev["commitments"], ev["residence"]
    if r["written"]:
        residence = "Đã có"
    elif r["exempt_reason"]:
        residence = "Được miễn"
    else:
        residence = "Chưa có" if r["required"] else "Không áp dụng"
    return {
        "meetings": (
            f"{m['present']} có mặt · {m['excused']} có lý do · {m['unexcused']} không lý do"
        ),
        "tasks": f"{t['on_time']} đúng hạn · {t['late']} trễ · {t['open']} đang làm",
        "commitments": (
            f"{c['met']}/{c['items']} hoàn thành" if c["registered"] else "Chưa đăng ký"
        ),
        "residence": residence,
        "residence_missing": r["required"] and not r["written"],
        "flag": ev["absence_flag"],
        "discipline": ", ".join(d["form"] for d in ev["discipline"]),
    }


def detail_url(assessment) -> str:
    return reverse("grading:detail", args=[assessment.pk])


def cell_url(cell, year) -> str:
    return reverse("grading:cell", args=[cell.pk, year])


def nav_links(user, member=None) -> dict:
    """Links of the section: the own cell for its secretary, the overview for readers."""
    scope = user_scope(user)
    own_cell = None
    if member is not None and scope.covers(member.organization.path, write=True):
        own_cell = member.organization
    return {"own_cell": own_cell, "can_overview": scope.reads_organizations}


def self_context(*, book, assessment, evidence, form, is_cell: bool) -> dict:
    spec = services.form_for(assessment, book)
    points = assessment.self_total if assessment and assessment.self_total is not None else None
    return {
        "assessment": assessment,
        "spec": spec,
        "form": form,
        "evidence": evidence,
        "residence": [] if is_cell else residence_rows(evidence),
        "suggestion": suggestion_of(book, is_cell, evidence["facts"], points),
        "outcomes": outcomes_of(book, is_cell, evidence["facts"]),
        "thresholds": book["grading.thresholds"],
        "path": path_steps(assessment),
        "scores": score_rows(spec, assessment),
    }


def saved_message(assessment, whose: str = "") -> str:
    return (
        f"Đã lưu bản tự đánh giá{whose}: {forms.comma(assessment.self_total)} điểm, tự xếp "
        f"loại {assessment.get_self_grade_display()}."
    )
