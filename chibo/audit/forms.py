"""The filters of the audit log: who acted, what kind of record, from and to which day."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from chibo.audit.history import audit_kinds
from chibo.core.forms import BootstrapMixin, ViDateField
from chibo.core.paths import ancestor_paths
from chibo.core.scope import user_scope
from chibo.core.vi import name_sort_key, text_sort_key


def _people(user) -> list:
    """Whoever may act on the subtree: holders of a scope in it or above it, and members
    of its cells with an account (all of them for the system admin)."""
    scope = user_scope(user)
    qs = get_user_model().objects.all()
    if not scope.is_admin:
        q = Q()
        for path in scope.staff_paths:
            above = ancestor_paths(path, include_self=True)
            q |= Q(scopes__organization__path__startswith=path)
            q |= Q(scopes__organization__path__in=above)
            q |= Q(party_member__organization__path__startswith=path)
        qs = qs.filter(q).distinct()
    people = list(qs.only("id", "username", "first_name", "last_name"))
    people.sort(key=lambda u: (name_sort_key(str(u)), u.username))
    return people


class AuditFilterForm(BootstrapMixin, forms.Form):
    person = forms.TypedChoiceField(label="Người thực hiện", required=False, coerce=int,
                                    empty_value=None)
    kind = forms.ChoiceField(label="Loại bản ghi", required=False)
    since = ViDateField(label="Từ ngày", required=False)
    until = ViDateField(label="Đến ngày", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user_scope(user)
        self.people = {u.pk: u for u in _people(user)}
        self.fields["person"].choices = [("", "Mọi người")] + [
            (pk, f"{u} ({u.username})" if str(u) != u.username else u.username)
            for pk, u in self.people.items()
        ]
        kinds = [k for k in audit_kinds() if scope.is_admin or k.path is not None]
        kinds.sort(key=lambda k: text_sort_key(k.label))
        self.fields["kind"].choices = [("", "Mọi loại")] + [(k.key, k.label) for k in kinds]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "Ngày kết thúc phải từ ngày bắt đầu trở đi.")
        return data

    @property
    def person_user(self):
        pk = self.cleaned_data.get("person") if self.is_valid() else None
        return self.people.get(pk) if pk else None
