"""The shared web kit: what every app's views used to write for themselves.

- `submit`: the POST dance — run a service, put its refusal on the form (or in the
  messages), or say what was done in Vietnamese and redirect.
- `slug`, `ascii_filename`, `file_response`: file names and downloads.
- `paginate`: a page of a list and the query string for the pager's links.
- `picker_organizations`, `organization_choices`, `OrganizationField`,
  `picked_organization`: the organization picker of the filter forms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify

from chibo.core.forms import apply_service_error
from chibo.core.scope import visible_organizations
from chibo.core.vi import fold

# --- the POST dance --------------------------------------------------------------------


def submit(
    request,
    call: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    then: str | Callable[[Any], str],
    form=None,
):
    """Run `call()` (a service; the view has already validated its form).

    Refused (`ServiceError`, or any `ValidationError` a service lets through from
    `full_clean`): the messages go on `form` (per field when they name one, stale edits
    shown as such) or, without a form, into one error message; returns None and the view
    renders its page again. Done: `success` (a text, or a function of the service's
    result) becomes a success message and the answer is a redirect to `then` (a URL, a
    URL name without arguments, or a function of the result).

        if request.method == "POST" and form.is_valid():
            done = submit(request, lambda: services.meeting_cancel(...), form=form,
                          success="Đã hủy buổi sinh hoạt.", then=meeting_url)
            if done:
                return done
    """
    try:
        result = call()
    except ValidationError as error:
        if form is not None:
            apply_service_error(form, error)
        else:
            messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(then(result) if callable(then) else then)


# --- file names and downloads ----------------------------------------------------------

SLUG_FALLBACK = "chibo"


def slug(text: str | None) -> str:
    """ASCII for a file name: "Chi bộ khu phố A1" → "chi-bo-khu-pho-a1" (đ → d, tones
    dropped); "chibo" when nothing is left."""
    return slugify(fold(text or "")) or SLUG_FALLBACK


def ascii_filename(name: str) -> str:
    """`name` as it may stand in `filename="…"`: kept when already plain ASCII without
    quotes, else folded to a slug with its extension kept."""
    if name.isascii() and name.isprintable() and not any(c in name for c in '"\\/;'):
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not extension.isalnum() or not extension.isascii():
        stem, extension = name, ""
    return slug(stem) + (f".{extension.lower()}" if extension else "")


def file_response(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A download: the content type and `Content-Disposition: attachment` with an ASCII
    `filename`; when the name given carries more than ASCII (Vietnamese letters), also
    `filename*=UTF-8''…` (RFC 6266), which browsers prefer."""
    response = HttpResponse(content, content_type=content_type)
    plain = ascii_filename(filename)
    disposition = f'attachment; filename="{plain}"'
    if plain != filename:
        disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
    response["Content-Disposition"] = disposition
    return response


# --- pagination ------------------------------------------------------------------------


def paginate(request, items, *, per_page: int | None = None) -> tuple[Page, str]:
    """The page asked for in `?page=` (the last one when past it, the first when not a
    number) of `settings.PAGE_SIZE` items, and the request's other query parameters,
    encoded, for the pager's links."""
    page = Paginator(items, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# --- the organization picker -----------------------------------------------------------

EVERYWHERE = "Toàn bộ phạm vi"
OUTSIDE = -1  # an organization outside the user's scope: the filter matches nothing


def picker_organizations(user, *, write: bool = False) -> list:
    """The organizations a user may pick in a filter or a form: those of their scope
    (read or write) that are not dissolved, in tree order, with what the choices need."""
    return list(
        visible_organizations(user, write=write)
        .filter(dissolved_on__isnull=True)
        .only("id", "name", "depth", "path", "is_cell")
        .order_by("path")
    )


def organization_choices(organizations: Iterable, *, empty: str | None = None) -> list:
    """(id, name) in tree order, indented with "— " per level below the highest one
    offered; `empty` first as the choice of no organization."""
    organizations = list(organizations)
    top = min((org.depth for org in organizations), default=1)
    choices = [("", empty)] if empty is not None else []
    return choices + [(org.id, ("— " * (org.depth - top)) + org.name) for org in organizations]


class OrganizationField(forms.TypedChoiceField):
    """A choice among organizations, cleaned to an id (None when none is picked). The
    choices are set per request: `form.fields[name].offer(organizations)`."""

    def __init__(self, *, label: str = "Tổ chức", required: bool = False, **kwargs):
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("empty_value", None)
        super().__init__(label=label, required=required, **kwargs)

    def offer(self, organizations: Iterable, *, empty: str | None = EVERYWHERE) -> None:
        self.choices = organization_choices(organizations, empty=None if self.required else empty)


def picked_organization(form, name: str = "organization") -> int | None:
    """The id picked in a bound filter form: None for the whole scope, `OUTSIDE` (-1)
    for one that is not offered (a link from someone else's scope: nothing matches)."""
    if not form.is_bound:
        return None
    form.is_valid()
    if name in form.errors:
        return OUTSIDE
    return form.cleaned_data.get(name)


def picked(organizations: Iterable, pk: int | None):
    """The organization of `organizations` with this id, None when not among them."""
    return next((org for org in organizations if org.id == pk), None)
