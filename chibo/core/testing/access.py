"""The permission matrix every app's tests run over all of its URLs.

For each URL name of a namespace the test gives a case: the users who may use it and
the outsiders who must get 404. The check also fails when the namespace has a URL that
no case covers, so a new page cannot ship without its access test.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.test import Client
from django.urls import get_resolver


@dataclass
class Case:
    path: str
    allowed: Iterable = ()
    outsiders: Iterable = ()
    method: str = "get"
    data: dict | str | None = None
    ok_status: tuple[int, ...] = (200,)
    public: bool = False  # e.g. the OpenAPI document
    headers: dict = field(default_factory=dict)
    content_type: str | None = None  # e.g. "application/json" for an API body


def url_names(namespace: str) -> set[str]:
    resolver = get_resolver()
    _, sub = resolver.namespace_dict[namespace]
    return {name for name in sub.reverse_dict if isinstance(name, str)}


def _call(client: Client, case: Case):
    send = getattr(client, case.method)
    if case.method == "get":
        return send(case.path, case.data or {}, headers=case.headers)
    extra = {"content_type": case.content_type} if case.content_type else {}
    return send(case.path, case.data or {}, headers=case.headers, **extra)


def assert_access(namespace: str, cases: dict[str, Case], *, api: bool = False) -> None:
    uncovered = url_names(namespace) - set(cases)
    assert not uncovered, f"URLs of {namespace!r} without an access case: {sorted(uncovered)}"
    for name, case in cases.items():
        anonymous = _call(Client(), case)
        if case.public:
            assert anonymous.status_code in case.ok_status, (name, anonymous.status_code)
            continue
        if api:
            assert anonymous.status_code == 401, (name, "anonymous", anonymous.status_code)
            assert "detail" in anonymous.json()
        else:
            assert anonymous.status_code == 302, (name, "anonymous", anonymous.status_code)
            assert anonymous["Location"].startswith("/login/"), (name, anonymous["Location"])
        for user in case.outsiders:
            client = Client()
            client.force_login(user)
            response = _call(client, case)
            assert response.status_code == 404, (name, user.username, response.status_code)
        for user in case.allowed:
            client = Client()
            client.force_login(user)
            response = _call(client, case)
            assert response.status_code in case.ok_status, (
                name,
                user.username,
                response.status_code,
            )
