from urllib.parse import unquote

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from chibo.core.services import ServiceError
from chibo.core.web import (
    OUTSIDE,
    OrganizationField,
    ascii_filename,
    file_response,
    organization_choices,
    paginate,
    picked,
    picked_organization,
    picker_organizations,
    slug,
    submit,
)


def _request(path="/", data=None, method="post"):
    request = getattr(RequestFactory(), method)(path, data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _texts(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


class NameForm(forms.Form):
    name = forms.CharField()


# --- submit -----------------------------------------------------------------------------


def test_submit_success_says_so_and_redirects():
    request = _request()
    response = submit(request, lambda: 3, success="Đã lưu.", then="/meetings/3/")
    assert response.status_code == 302 and response.url == "/meetings/3/"
    assert _texts(request) == [("success", "Đã lưu.")]


def test_submit_message_and_target_from_the_result():
    request = _request()
    response = submit(
        request,
        lambda: 7,
        success=lambda n: f"Đã lưu {n} việc.",
        then=lambda n: f"/tasks/{n}/",
    )
    assert response.url == "/tasks/7/"
    assert _texts(request) == [("success", "Đã lưu 7 việc.")]


def test_submit_refusal_goes_on_the_form_per_field():
    request = _request(data={"name": "x"})
    form = NameForm(request.POST)
    assert form.is_valid()

    def refuse():
        raise ServiceError({"name": "Tên đã có.", "other": "Không hợp lệ."})

    assert submit(request, refuse, form=form, success="-", then="/") is None
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Không hợp lệ."]
    assert _texts(request) == []


def test_submit_refusal_without_a_form_is_one_error_message():
    request = _request()

    def refuse():
        raise ValidationError(["Biên bản đã khóa.", "Hãy lập bản đính chính."])

    assert submit(request, refuse, success="-", then="/") is None
    assert _texts(request) == [("error", "Biên bản đã khóa. Hãy lập bản đính chính.")]


def test_submit_lets_other_errors_through():
    def crash():
        raise KeyError("x")

    with pytest.raises(KeyError):
        submit(_request(), crash, success="-", then="/")


# --- file names and downloads -----------------------------------------------------------


def test_slug_folds_vietnamese_with_one_fallback():
    assert slug("Chi bộ khu phố A1") == "chi-bo-khu-pho-a1"
    assert slug("Đảng bộ phường Đông Hưng Thuận") == "dang-bo-phuong-dong-hung-thuan"
    assert slug("Sinh hoạt chuyên đề") == "sinh-hoat-chuyen-de"
    assert slug("") == slug(None) == slug("«»") == "chibo"


def test_ascii_filename():
    assert ascii_filename("bien-ban-2026-03.pdf") == "bien-ban-2026-03.pdf"
    assert ascii_filename("Biên bản Chi bộ A1.PDF") == "bien-ban-chi-bo-a1.pdf"
    assert ascii_filename('a"b.docx') == "ab.docx"
    assert ascii_filename("Sổ biên bản") == "so-bien-ban"


def test_file_response_ascii_name_alone():
    response = file_response(b"%PDF", filename="bien-ban-a1.pdf", content_type="application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-a1.pdf"'
    assert response.content == b"%PDF"


def test_file_response_vietnamese_name_gets_filename_star():
    response = file_response(b"x", filename="Biên bản A1.pdf", content_type="application/pdf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bien-ban-a1.pdf"; filename*=UTF-8\'\'')
    assert disposition.isascii()
    assert unquote(disposition.split("''", 1)[1]) == "Biên bản A1.pdf"


# --- pagination -------------------------------------------------------------------------


def test_paginate_page_and_query_without_page(settings):
    settings.PAGE_SIZE = 2
    request = _request("/x/", {"page": "2", "q": "nguyễn", "status": "full"}, method="get")
    page, query = paginate(request, list(range(5)))
    assert list(page.object_list) == [2, 3] and page.number == 2
    assert "page" not in query and "status=full" in query and "q=" in query


def test_paginate_bad_page_and_per_page():
    page, query = paginate(_request("/", {"page": "abc"}, method="get"), list(range(5)), per_page=3)
    assert list(page.object_list) == [0, 1, 2] and query == ""
    page, _ = paginate(_request("/", {"page": "99"}, method="get"), list(range(5)), per_page=3)
    assert list(page.object_list) == [3, 4]


# --- the organization picker ------------------------------------------------------------


class FilterForm(forms.Form):
    organization = OrganizationField()

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].offer(organizations)


def test_picker_organizations_in_scope_and_tree_order(city, django_assert_num_queries):
    with django_assert_num_queries(3):  # scope rows, own member record, the organizations
        ward = picker_organizations(city.ward_staff)
    assert [o.name for o in ward] == ["Đảng bộ phường A", "Chi bộ khu phố A1", "Chi bộ khu phố A2"]
    assert [o.name for o in picker_organizations(city.secretary_user, write=True)] == [
        "Chi bộ khu phố A1"
    ]
    assert picker_organizations(city.member_user, write=True) == []


def test_organization_choices_indent_below_the_highest(city):
    organizations = picker_organizations(city.ward_staff)
    assert organization_choices(organizations, empty="Toàn bộ phạm vi") == [
        ("", "Toàn bộ phạm vi"),
        (city.ward_a.pk, "Đảng bộ phường A"),
        (city.cell_a1.pk, "— Chi bộ khu phố A1"),
        (city.cell_a2.pk, "— Chi bộ khu phố A2"),
    ]
    assert organization_choices([]) == []


def test_picked_organization(city):
    organizations = picker_organizations(city.ward_staff)
    assert picked_organization(FilterForm(organizations=organizations)) is None
    assert picked_organization(FilterForm({}, organizations=organizations)) is None
    form = FilterForm({"organization": str(city.cell_a2.pk)}, organizations=organizations)
    assert picked_organization(form) == city.cell_a2.pk
    assert picked(organizations, city.cell_a2.pk) == city.cell_a2
    outside = FilterForm({"organization": str(city.cell_b1.pk)}, organizations=organizations)
    assert picked_organization(outside) == OUTSIDE
    assert picked(organizations, OUTSIDE) is None


def test_required_organization_field_has_no_empty_meaning(city):
    field = OrganizationField(label="Lên lịch cho", required=True)
    field.offer(picker_organizations(city.secretary_user))
    assert field.widget.attrs["placeholder"] == "Gõ tên hoặc ký hiệu để tìm"
    assert field.clean(str(city.cell_a1.pk)) == city.cell_a1.pk
    with pytest.raises(ValidationError):
        field.clean("")


def _cleaned(organizations, text):
    form = FilterForm({"organization": text}, organizations=organizations)
    form.is_valid()
    return form.cleaned_data.get("organization"), form.errors.get("organization")


def test_the_picker_takes_a_typed_id_label_code_or_name(city):
    city.cell_a2.code = "A2-KP"
    city.cell_a2.save()
    organizations = picker_organizations(city.ward_staff)
    for typed in (
        str(city.cell_a1.pk),
        "Chi bộ khu phố A1 · Đảng bộ phường A",  # the label a suggestion fills in
        "chi bo khu pho a1",  # without diacritics
        "  Chi bộ khu phố A1 ",
        "a1",  # a unique part of the name
    ):
        assert _cleaned(organizations, typed) == (city.cell_a1.pk, None), typed
    assert _cleaned(organizations, "a2-kp") == (city.cell_a2.pk, None)
    assert _cleaned(organizations, "") == (None, None)


def test_the_picker_refuses_an_unknown_or_ambiguous_text_in_vietnamese(city):
    organizations = picker_organizations(city.ward_staff)
    _, errors = _cleaned(organizations, "Chi bộ khu phố B1")  # outside the ward's scope
    assert errors == [
        "Không tìm thấy tổ chức «Chi bộ khu phố B1» trong phạm vi của bạn. Hãy gõ tên, ký "
        "hiệu hoặc mã số rồi chọn trong danh sách gợi ý."
    ]
    _, errors = _cleaned(organizations, "khu pho")
    assert errors[0].startswith(
        "Có 2 tổ chức khớp với «khu pho»: Chi bộ khu phố A1 · Đảng bộ phường A; Chi bộ khu "
        "phố A2 · Đảng bộ phường A. Hãy chọn một trong danh sách gợi ý"
    )
    form = FilterForm({"organization": "khu pho"}, organizations=organizations)
    assert picked_organization(form) == OUTSIDE  # a filter that cannot be read matches nothing


def test_the_picker_renders_a_text_box_with_suggestions_not_every_organization(city):
    form = FilterForm(
        {"organization": str(city.cell_a2.pk)}, organizations=picker_organizations(city.ward_staff)
    )
    html = str(form["organization"])
    assert '<input type="text" name="organization"' in html
    assert 'value="Chi bộ khu phố A2 · Đảng bộ phường A"' in html
    assert 'list="id_organization-suggestions"' in html
    assert 'data-organization-search="/pickers/organizations/"' in html
    assert '<datalist id="id_organization-suggestions"></datalist>' in html
    assert "<option" not in html and 'placeholder="Toàn bộ phạm vi"' in html


def test_the_search_endpoint_suggests_within_the_scope(client, city, django_assert_num_queries):
    url = "/pickers/organizations/"
    assert client.get(url, {"q": "khu pho"}).status_code == 302  # to the login page
    client.force_login(city.ward_staff)
    client.get(url, {"q": "x"})
    # session, user, scopes, own member record, the organizations of the scope
    with django_assert_num_queries(5):
        found = client.get(url, {"q": "khu pho"}).json()["results"]
    assert found == [
        {"id": city.cell_a1.pk, "label": "Chi bộ khu phố A1 · Đảng bộ phường A"},
        {"id": city.cell_a2.pk, "label": "Chi bộ khu phố A2 · Đảng bộ phường A"},
    ]
    assert client.get(url, {"q": "B1"}).json()["results"] == []  # another ward's cell
    assert client.get(url, {"q": "k"}).json()["results"] == []  # two letters at least
    committees = client.get(url, {"q": "đảng bộ", "kind": "committee"}).json()["results"]
    assert [r["id"] for r in committees] == [city.ward_a.pk]
    client.force_login(city.secretary_user)
    assert client.get(url, {"q": "phuong", "write": "1"}).json()["results"] == []
    assert [r["id"] for r in client.get(url, {"q": "a1", "write": "1"}).json()["results"]] == [
        city.cell_a1.pk
    ]
