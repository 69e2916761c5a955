"""Pages of party dues: the committee's summary, a cell's year, a cell's month (recorded
at the meeting's opening or in bulk), a member's category and payments.

Reads: a cell's pages are for its secretary and the committee staff above (the scope's
read paths); a member reads their own page. Writes go through chibo.dues.services with
the write scope; anyone else gets 404."""

import datetime as dt
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from chibo.core.scope import (
    gate,
    user_scope,
    visible_in_tree,
    visible_members,
    visible_organizations,
)
from chibo.core.services import ServiceError
from chibo.core.web import file_response, submit
from chibo.core.xlsx import XLSX_CONTENT_TYPE
from chibo.dues import exports, rules, selectors, services
from chibo.dues.models import DuesCategory, DuesPayment, UnpaidReason
from chibo.meetings.models import Meeting
from chibo.organizations.selectors import get_cell_for_user, names_by_path

DATE_FORMATS = ["%d/%m/%Y"]


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _check_month(year: int, month: int) -> dt.date:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404("Tháng không hợp lệ.")
    return dt.date(year, month, 1)


def _amount(text: str) -> int | None:
    """"25.000", "25000 đ" → 25000; "" → None."""
    digits = re.sub(r"[^\d]", "", text or "")
    return int(digits) if digits else None


def _xlsx(content: bytes, name: str) -> HttpResponse:
    return file_response(content, filename=name, content_type=XLSX_CONTENT_TYPE)


# --- the committee's summary ---------------------------------------------------------


def _scope_root(request):
    org_pk = request.GET.get("org")
    if not org_pk:
        return None
    return gate(visible_organizations(request.user), org_pk)


@login_required
@require_GET
def home(request):
    year = _year(request.GET.get("year"))
    root = _scope_root(request)
    summary = selectors.committee_summary(request.user, year, root)
    own = user_scope(request.user).member_id
    today = timezone.localdate()
    return render(request, "dues/home.html", {
        "year": year, "root": root, "summary": summary, "own_member_id": own,
        "years": [today.year - 1, today.year] if year in (today.year - 1, today.year)
        else [year, today.year],
        "this_month": today.month if year == today.year else 12,
    })


@login_required
@require_GET
def home_xlsx(request):
    year = _year(request.GET.get("year"))
    root = _scope_root(request)
    summary = selectors.committee_summary(request.user, year, root)
    names = names_by_path({row["cell"].parent_path for row in summary["rows"]})
    return _xlsx(exports.summary_xlsx(year, summary, names), f"dang-phi-{year}.xlsx")


# --- a cell's year --------------------------------------------------------------------


@login_required
@require_GET
def cell_year(request, org_pk, year):
    cell = get_cell_for_user(request.user, org_pk)
    grid = selectors.year_grid(cell, year)
    return render(request, "dues/cell_year.html", {
        "cell": cell, "year": year, "grid": grid, "months": range(1, 13),
        "can_write": user_scope(request.user).covers(cell.path, write=True),
    })


@login_required
@require_GET
def cell_year_xlsx(request, org_pk, year):
    cell = get_cell_for_user(request.user, org_pk)
    grid = selectors.year_grid(cell, year)
    return _xlsx(exports.cell_year_xlsx(cell, year, grid), f"dang-phi-{cell.pk}-{year}.xlsx")


# --- a cell's month: record at the meeting or in bulk ---------------------------------


def _meeting_of(request, cell, month):
    pk = request.GET.get("meeting") or request.POST.get("meeting")
    if not pk:
        return None
    try:
        return Meeting.objects.get(pk=int(pk), organization=cell, period=month)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy buổi sinh hoạt.") from None


def _paid_on(request) -> dt.date:
    text = (request.POST.get("paid_on") or "").strip()
    if not text:
        return timezone.localdate()
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise ServiceError("Ngày đóng phải có dạng dd/mm/yyyy.") from None


def _entries(request, sheet, *, everyone: bool) -> list[dict]:
    """The rows the secretary filled: paid (checkbox, amount) or a reason for not paying.
    `everyone`: "đóng đủ cả chi bộ", every member not yet recorded pays the due."""
    entries = []
    for row in sheet.rows:
        if row.payment is not None:
            continue
        member = row.member
        if everyone:
            entries.append({"member": member, "paid": True, "amount_paid": None})
            continue
        paid = request.POST.get(f"paid_{member.pk}") == "on"
        reason = request.POST.get(f"reason_{member.pk}", "")
        if not paid and not reason:
            continue
        entries.append({
            "member": member, "paid": paid,
            "amount_paid": _amount(request.POST.get(f"amount_{member.pk}", "")),
            "unpaid_reason": "" if paid else reason,
            "note": request.POST.get(f"note_{member.pk}", "")[:255],
        })
    return entries


@login_required
@require_http_methods(["GET", "POST"])
def cell_month(request, org_pk, year, month):
    """The cell's month: every member with the due; the secretary ticks who paid (or
    why not) and saves all at once, or records the whole cell as paid in full."""
    day = _check_month(year, month)
    writing = request.method == "POST"
    cell = get_cell_for_user(request.user, org_pk, write=writing)
    meeting = _meeting_of(request, cell, day)
    errors = []
    if writing:
        sheet = selectors.month_sheet(cell, day)
        try:
            entries = _entries(request, sheet, everyone=request.POST.get("action") == "all")
            saved = services.dues_record_bulk(
                actor=request.user, cell=cell, month=day, entries=entries, meeting=meeting,
                paid_on=_paid_on(request),
            )
        except ServiceError as error:
            errors = error.messages
        else:
            messages.success(request, f"Đã ghi đảng phí tháng {day:%m/%Y} của {len(saved)} "
                                      "đồng chí.")
            url = reverse("dues:cell_month", args=[cell.pk, year, month])
            return redirect(f"{url}?meeting={meeting.pk}" if meeting else url)
    sheet = selectors.month_sheet(cell, day)
    previous = (day - dt.timedelta(days=1)).replace(day=1)
    following = (day + dt.timedelta(days=32)).replace(day=1)
    return render(request, "dues/cell_month.html", {
        "cell": cell, "sheet": sheet, "month": day, "meeting": meeting, "errors": errors,
        "reasons": [c for c in UnpaidReason.choices if c[0]],
        "can_write": user_scope(request.user).covers(cell.path, write=True),
        "today": timezone.localdate(), "previous": previous, "following": following,
        "posted": request.POST if writing else {},
        "rates": [
            (label, rules.rate_label(value, sheet.rates)) for value, label in DuesCategory.choices
        ],
    }, status=400 if errors else 200)


# --- a member -------------------------------------------------------------------------


class BasisForm(forms.Form):
    category = forms.ChoiceField(label="Đối tượng", choices=DuesCategory.choices)
    base_amount = forms.CharField(
        label="Mức lương, lương hưu, phụ cấp làm căn cứ (đồng)", required=False,
        help_text="Chỉ cần với đối tượng đóng theo tỷ lệ phần trăm.",
    )
    effective_from = forms.DateField(label="Áp dụng từ ngày", input_formats=DATE_FORMATS)
    note = forms.CharField(label="Ghi chú", required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def clean_base_amount(self):
        return _amount(self.cleaned_data.get("base_amount", ""))


@login_required
@require_http_methods(["GET", "POST"])
def member(request, pk):
    writing = request.method == "POST"
    person = gate(visible_members(request.user, write=writing).select_related("organization"),
                  pk)
    can_write = visible_members(request.user, write=True).filter(pk=person.pk).exists()
    form = BasisForm(request.POST if writing else None,
                     initial={"effective_from": timezone.localdate().replace(day=1)})
    if writing and form.is_valid():
        done = submit(
            request,
            lambda: services.dues_basis_set(actor=request.user, member=person,
                                            **form.cleaned_data),
            form=form,
            success="Đã lưu đối tượng đóng đảng phí.",
            then=reverse("dues:member", args=[person.pk]),
        )
        if done:
            return done
    year = _year(request.GET.get("year"))
    return render(request, "dues/member.html", {
        "person": person, "form": form, "can_write": can_write, "year": year,
        "bases": person.dues_bases.select_related("recorded_by"),
        "payments": DuesPayment.objects.filter(member=person, month__year=year)
        .select_related("recorded_by", "meeting"),
        "unpaid": selectors.unpaid_months([person.pk], year).get(person.pk, []),
    }, status=400 if writing else 200)


# --- correcting a recorded month ------------------------------------------------------


class CorrectionForm(forms.Form):
    paid = forms.TypedChoiceField(
        label="Tình trạng", coerce=lambda v: v == "yes",
        choices=[("yes", "Đã đóng"), ("no", "Chưa đóng")], widget=forms.RadioSelect,
    )
    amount_paid = forms.CharField(
        label="Số tiền đã đóng (đồng)", required=False,
        help_text="Để trống nếu đóng đúng mức phải đóng.",
    )
    paid_on = forms.DateField(label="Ngày đóng", required=False, input_formats=DATE_FORMATS)
    unpaid_reason = forms.ChoiceField(
        label="Chưa đóng", required=False, choices=[("", "—")] + [
            c for c in UnpaidReason.choices if c[0]
        ],
    )
    note = forms.CharField(label="Ghi chú", required=False, max_length=255)
    reason = forms.CharField(
        label="Lý do sửa", max_length=services.REASON_MAX,
        help_text="Ghi vào lịch sử cùng người sửa và thời điểm sửa.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages["required"] = "Trường này là bắt buộc."
            if name == "paid":
                continue
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )
        self.fields["paid_on"].error_messages["invalid"] = "Ngày đóng phải có dạng dd/mm/yyyy."

    def clean_amount_paid(self):
        return _amount(self.cleaned_data.get("amount_paid", ""))


def _payment_for(user, pk, *, write: bool = False) -> DuesPayment:
    """A recorded month, if the user may read (write) its cell's dues; else 404. The
    scope is in the query (the cell's path within the read or write scope; a plain
    member's own cell does not count)."""
    return gate(
        visible_in_tree(DuesPayment.objects.select_related("member", "organization", "meeting"),
                        user, write=write),
        pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def payment(request, pk):
    """A recorded month and its history; the cell's secretary or the committee staff above
    correct it with a reason (services.dues_correct)."""
    writing = request.method == "POST"
    row = _payment_for(request.user, pk, write=writing)
    initial = {
        "paid": "yes" if row.is_paid else "no",
        "amount_paid": f"{row.amount_paid:,}".replace(",", ".") if row.is_paid else "",
        "paid_on": f"{row.paid_on:%d/%m/%Y}" if row.paid_on else "",
        "unpaid_reason": row.unpaid_reason, "note": row.note,
    }
    form = CorrectionForm(request.POST if writing else None, initial=initial)
    if writing and form.is_valid():
        done = submit(
            request,
            lambda: services.dues_correct(actor=request.user, payment=row, **form.cleaned_data),
            form=form,
            success=f"Đã sửa đảng phí tháng {row.month:%m/%Y} của đồng chí "
                    f"{row.member.full_name}.",
            then=reverse("dues:payment", args=[row.pk]),
        )
        if done:
            return done
    return render(request, "dues/payment.html", {
        "row": row, "form": form, "cell": row.organization,
        "can_write": user_scope(request.user).covers(row.organization.path, write=True),
        "adopted": row.meeting is not None and row.meeting.status == "adopted",
        "history": row.history.select_related("history_user").order_by("-history_date",
                                                                        "-history_id"),
    }, status=400 if writing else 200)
