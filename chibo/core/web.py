"""The shared web kit: what every app's views used to write for themselves.

- `submit`: the POST dance — run a service, put its refusal on the form (or in the
  messages), or say what was done in Vietnamese and redirect.
- `slug`, `ascii_filename`, `file_response`: file names and downloads.
- `paginate`: a page of a list and the query string for the pager's links.
- `picker_organizations`, `OrganizationField` (a text box with suggestions, searched by
  `search_organizations` here and at `core:organization_search`), `picked_organization`:
  the organization picker of the filter forms; `organization_choices` for small selects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify

from chibo.core.forms import apply_service_error
from chibo.core.paths import parent_path
from chibo.core.scope import visible_organizations
from chibo.core.vi import fold, nfc

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
        .only("id", "name", "code", "depth", "path", "is_cell")
        .order_by("path")
    )


def organization_choices(organizations: Iterable, *, empty: str | None = None) -> list:
    """(id, name) in tree order, indented with "— " per level below the highest one
    offered; `empty` first as the choice of no organization."""
    organizations = list(organizations)
    top = min((org.depth for org in organizations), default=1)
    choices = [("", empty)] if empty is not None else []
    return choices + [(org.id, ("— " * (org.depth - top)) + org.name) for org in organizations]


SEPARATOR = " · "  # between an organization's name and its parent's in a label
SUGGESTIONS = 20  # how many the search endpoint answers


def organization_labels(organizations: Iterable) -> dict[int, str]:
    """A label for each organization that tells it apart from its namesakes: its name and,
    below the highest ones offered, its parent's ("Chi bộ khu phố 3 · Đảng bộ phường Vũ
    Ninh"). The parents are taken from the same list (no query)."""
    organizations = list(organizations)
    names = {org.path: org.name for org in organizations}
    labels = {}
    for org in organizations:
        parent = names.get(parent_path(org.path))
        labels[org.id] = f"{org.name}{SEPARATOR}{parent}" if parent else org.name
    return labels


def search_organizations(
    organizations: Iterable, text: str, *, limit: int | None = None, among=None
):
    """The organizations of `organizations` that the typed `text` names, best first:
    its id, its label or its code exactly, else its name exactly, else every one where
    each word typed begins a word of its label or code, with or without diacritics ("vu
    ninh" finds "Vũ Ninh"); in tree order within each kind of match. Returns
    (organization, label) pairs. `among`: the list the labels are made in (the whole
    scope when only its cells are offered, so that namesake cells keep their parent)."""
    organizations = list(organizations)
    labels = organization_labels(organizations if among is None else [*among, *organizations])
    wanted = fold(text)
    if not wanted:
        return []
    if wanted.isdigit():
        exact = [org for org in organizations if org.id == int(wanted)]
        if exact:
            return [(org, labels[org.id]) for org in exact]
    for exact in (
        [org for org in organizations if fold(labels[org.id]) == wanted],
        [org for org in organizations if org.code and fold(org.code) == wanted],
        [org for org in organizations if fold(org.name) == wanted],
    ):
        if exact:
            return [(org, labels[org.id]) for org in exact[:limit]]
    words = wanted.replace(SEPARATOR.strip(), " ").split()

    def named(org) -> bool:
        # Each word typed begins a word of the label or the code: "khu pho a" finds "Khu
        # phố A1" and "Phường A", not every name with an "a" inside.
        held = fold(f"{labels[org.id]} {org.code}").replace(SEPARATOR.strip(), " ").split()
        return all(any(h.startswith(word) for h in held) for word in words)

    found = [org for org in organizations if named(org)]
    return [(org, labels[org.id]) for org in found[:limit]]


class OrganizationInput(forms.TextInput):
    """A text box that suggests organizations as one types (static/js/organizations.js
    asks `core:organization_search` and fills the <datalist> under it); without
    JavaScript it takes a name, a code or an id as typed."""

    def __init__(self, attrs=None):
        super().__init__({
            "autocomplete": "off",
            "spellcheck": "false",
            "title": "Gõ tên, ký hiệu hoặc mã số của tổ chức rồi chọn trong danh sách gợi ý",
            **(attrs or {}),
        })
        self.labels: dict[int, str] = {}
        self.search = ""

    def format_value(self, value):
        if value in (None, ""):
            return None
        try:
            return self.labels.get(int(value), str(value))
        except (TypeError, ValueError):
            return str(value)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        suggestions = f"{attrs.get('id') or 'id_' + name}-suggestions"
        url = reverse("core:organization_search")
        attrs.update({
            "list": suggestions,
            "data-organization-search": f"{url}?{self.search}" if self.search else url,
        })
        return format_html(
            '{}<datalist id="{}"></datalist>',
            super().render(name, value, attrs, renderer),
            suggestions,
        )


class OrganizationField(forms.Field):
    """An organization typed or picked from suggestions, cleaned to an id (None when
    left empty). What may be picked is set per request: `form.fields[name].offer(
    organizations, search=…)`; an unknown or ambiguous text is refused in Vietnamese."""

    widget = OrganizationInput
    default_error_messages = {
        "unknown": "Không tìm thấy tổ chức «%(value)s» trong phạm vi của bạn. Hãy gõ tên, "
        "ký hiệu hoặc mã số rồi chọn trong danh sách gợi ý.",
        "ambiguous": "Có %(count)s tổ chức khớp với «%(value)s»: %(names)s. Hãy chọn một "
        "trong danh sách gợi ý hoặc gõ tên đầy đủ kèm tổ chức cấp trên (%(example)s).",
    }

    def __init__(self, *, label: str = "Tổ chức", required: bool = False, **kwargs):
        super().__init__(label=label, required=required, **kwargs)
        self.organizations: list = []
        self.among: list | None = None

    def offer(
        self,
        organizations: Iterable,
        *,
        empty: str | None = EVERYWHERE,
        search: str = "",
        among: Iterable | None = None,
    ) -> None:
        """`organizations`: those that may be picked (`picker_organizations`); `search`:
        the query string that makes the search endpoint offer the same ones (`write=1`
        for the write scope, `kind=committee` for committees only); `among`: the scope
        they were taken from with `kind=` (labelled in it, as the endpoint does)."""
        self.organizations = list(organizations)
        self.among = None if among is None else list(among)
        self.widget.labels = organization_labels(
            self.organizations if self.among is None else [*self.among, *self.organizations]
        )
        self.widget.search = search
        placeholder = (None if self.required else empty) or "Gõ tên hoặc ký hiệu để tìm"
        self.widget.attrs["placeholder"] = placeholder

    def to_python(self, value):
        text = nfc(value)
        if not text:
            return None
        found = search_organizations(self.organizations, text, among=self.among)
        if not found:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        if len(found) > 1:
            names = "; ".join(label for _, label in found[:3]) + ("…" if len(found) > 3 else "")
            raise ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"value": text, "count": len(found), "names": names,
                        "example": found[0][1]},
            )
        return found[0][0].id


def picked_organization(form, name: str = "organization") -> int | None:
    """The id picked in a bound filter form: None for the whole scope, `OUTSIDE` (-1)
    for one that is not offered (a link from someone else's scope: nothing matches)."""
    if not form.is_bound:
        return None
    form.is_valid()
    if name in form.errors:
        return OUTSIDE
    return form.cleaned_data.get(name)


PICKER_KINDS = {"committee": False, "cell": True}  # kind= → is_cell


@login_required
def organization_search(request):
    """The suggestions of the organization picker: `q` typed (two letters at least),
    `write=1` for the write scope, `kind=committee|cell`; JSON `{"results": [{"id",
    "label"}]}`, at most SUGGESTIONS, of what the user may pick only."""
    text = request.GET.get("q", "")
    if len(fold(text)) < 2 and not fold(text).isdigit():
        return JsonResponse({"results": []})
    scope = picker_organizations(request.user, write=request.GET.get("write") == "1")
    wanted = PICKER_KINDS.get(request.GET.get("kind", ""))
    organizations = scope if wanted is None else [o for o in scope if o.is_cell == wanted]
    # Labelled in the whole scope: namesake cells keep their parent's name (the forms
    # offer(among=…) the same way).
    found = search_organizations(organizations, text, limit=SUGGESTIONS, among=scope)
    return JsonResponse({"results": [{"id": org.id, "label": label} for org, label in found]})


def picked(organizations: Iterable, pk: int | None):
    """The organization of `organizations` with this id, None when not among them."""
    return next((org for org in organizations if org.id == pk), None)
