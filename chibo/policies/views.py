import datetime as dt
import json
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chibo.core.forms import apply_service_error
from chibo.core.scope import user_scope, visible_organizations
from chibo.policies.forms import PolicyForm
from chibo.policies.labels import is_unconfirmed, policy_label
from chibo.policies.selectors import all_versions
from chibo.policies.services import policy_add


def _issuers(user):
    return list(
        visible_organizations(user, write=True)
        .filter(is_cell=False, dissolved_on__isnull=True)
        .order_by("path")
    )


def _policy_day(request):
    """The day the page shows the rules of: ?ngay=dd/mm/yyyy, else today."""
    today = timezone.localdate()
    raw = (request.GET.get("ngay") or "").strip()
    if raw:
        try:
            return dt.datetime.strptime(raw, "%d/%m/%Y").date(), ""
        except ValueError:
            return today, f"Không đọc được ngày «{raw}»; đang hiển thị quy định hôm nay."
    return today, ""


@login_required
def policy_list(request):
    """Every rule: the version in force on the chosen day (today unless ?ngay=) with its
    basis and effective date, then every version, earlier and later. Versions whose
    figure was not checked against a text say so with a badge."""
    day, day_error = _policy_day(request)
    rows = list(all_versions())
    groups = []
    for key, versions in groupby(rows, key=lambda p: p.key):
        versions = list(versions)
        general = [v for v in versions if v.issuer_id is None]
        in_force = next((v for v in general if v.effective_from <= day), None)
        for version in versions:
            version.pretty = json.dumps(version.value, ensure_ascii=False, indent=1)
            version.unconfirmed = is_unconfirmed(version)
            if version.effective_from > day:
                version.state = "later"
            elif version == in_force or version.issuer_id is not None:
                version.state = "in_force" if version == in_force else "own"
            else:
                version.state = "earlier"
        groups.append(
            {"key": key, "label": policy_label(key), "in_force": in_force, "versions": versions}
        )
    scope = user_scope(request.user)
    return render(
        request,
        "policies/list.html",
        {
            "groups": groups,
            "today": timezone.localdate(),
            "day": day,
            "day_error": day_error,
            "can_add": scope.is_admin or bool(_issuers(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request):
    scope = user_scope(request.user)
    issuers = _issuers(request.user)
    if not scope.is_admin and not issuers:
        raise Http404
    keys = sorted({p.key for p in all_versions()})
    initial = {"key": request.GET.get("key", "")}
    form = PolicyForm(
        request.POST or None,
        initial=initial,
        keys=keys,
        issuers=issuers,
        allow_general=scope.is_admin,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        issuer_id = data.pop("issuer")
        issuer = next((o for o in issuers if o.pk == issuer_id), None)
        try:
            row = policy_add(actor=request.user, issuer=issuer, **data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                f"Đã thêm phiên bản «{row.key}» có hiệu lực từ {row.effective_from:%d/%m/%Y}.",
            )
            return redirect("policies:list")
    return render(request, "policies/form.html", {"form": form})

