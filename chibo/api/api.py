"""The API itself: authentication, and one error format (JSON with a Vietnamese `detail`).
The apps' routers are added to it in chibo.api.routes, which the URLs serve."""

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError

from chibo.accounts.models import ApiToken
from chibo.api.auth import AUTH
from chibo.core.services import Conflict

api = NinjaAPI(
    title="Chibo API",
    version="1",
    description="API của Chibo: tổ chức đảng, đảng viên. Xác thực bằng `Authorization: Bearer …`.",
    auth=AUTH,
    urls_namespace="api",
)


def _error(request, status: int, detail, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(request, 401, "Chưa đăng nhập hoặc mã truy cập không hợp lệ.")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "Không tìm thấy hoặc bạn không có quyền xem.")


def _describe(error: dict) -> str:
    loc = list(error.get("loc", ()))
    # ("body", "payload", "entries", 0, "member"): the body's parameter name means nothing
    # to the caller; ("query", "page") keeps the name they sent.
    parts = loc[2:] if loc[:1] == ["body"] else loc[1:]
    where = ".".join(str(part) for part in parts) or "dữ liệu"
    kind = error.get("type", "")
    if kind == "missing":
        return f"Thiếu trường {where}."
    if kind.startswith("int") or kind.startswith("float"):
        return f"Trường {where} phải là số."
    if kind.startswith("date"):
        return f"Trường {where} phải là ngày hợp lệ."
    if kind == "json_invalid":
        return "Dữ liệu gửi lên không phải JSON hợp lệ."
    return f"Giá trị của trường {where} không hợp lệ."


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    messages = [_describe(e) for e in exc.errors]
    return _error(request, 422, " ".join(messages) or "Dữ liệu không hợp lệ.", errors=exc.errors)


@api.exception_handler(DjangoValidationError)
def on_domain_error(request, exc):
    # Adopted minutes are locked, or someone saved a newer text (chibo.core.services.
    # Conflict): a conflict with the resource's state, not bad input.
    status = 409 if isinstance(exc, Conflict) else 400
    return _error(request, status, " ".join(exc.messages))


# Messages django-ninja raises itself, in the language of our users.
_NINJA_MESSAGES = {
    "Cannot parse request body": "Không đọc được dữ liệu gửi lên; cần JSON hợp lệ.",
    "Forbidden": "Bạn không có quyền thực hiện thao tác này.",
}


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    message = str(exc)
    for english, vietnamese in _NINJA_MESSAGES.items():
        if message.startswith(english):
            message = vietnamese
    return _error(request, exc.status_code, message)


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class ErrorOut(Schema):
    detail: str


@api.post("/auth/token", auth=None, response={200: TokenOut, 401: ErrorOut}, tags=["auth"])
def issue_token(request, payload: TokenIn):
    """Đổi tên đăng nhập và mật khẩu lấy mã truy cập (Bearer)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        return Status(401, {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."})
    return Status(200, {"token": ApiToken.issue(user)})

