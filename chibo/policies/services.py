"""Adding a policy version: the only write to the policy table."""

import datetime as dt
import json

from django.db import transaction

from chibo.core.services import ServiceError, validate, with_actor
from chibo.core.vi import nfc
from chibo.policies.models import Policy

# Checks of a key's value that belong to the app reading it (grading: a rubric's form),
# registered in that app's AppConfig.ready(), so that policies knows nothing of the apps
# above it. check(value) -> an error message, or "" when the value is sound.
_VALUE_CHECKS: dict = {}


def register_value_check(keys, check) -> None:
    for key in keys:
        _VALUE_CHECKS[key] = check


def _check_shape(key: str, value, previous) -> None:
    if previous is not None and type(value) is not type(previous.value):
        raise ServiceError(
            {
                "value": "Giá trị phải cùng kiểu với phiên bản trước "
                f"(ví dụ: {json.dumps(previous.value, ensure_ascii=False)[:80]})."
            }
        )
    if key == "meeting.quality_rubric":
        criteria = value.get("criteria") if isinstance(value, dict) else None
        if not criteria or any("code" not in c or "points" not in c for c in criteria):
            raise ServiceError(
                {
                    "value": "Thang điểm cần danh sách tiêu chí, mỗi tiêu chí có "
                    "mã (code) và số điểm (points)."
                }
            )
        total = sum(c["points"] for c in criteria)
        if total != 100:
            raise ServiceError({"value": f"Tổng điểm các tiêu chí là {total:g}, phải bằng 100."})
    check = _VALUE_CHECKS.get(key)
    if check is not None:
        message = check(value)
        if message:
            raise ServiceError({"value": message})
    if key == "meeting.quality_bands":
        minimums = [row[1] for row in value]
        if minimums != sorted(minimums, reverse=True) or minimums[-1] != 0:
            raise ServiceError({"value": "Các mức xếp loại phải từ cao xuống thấp, mức cuối từ 0."})
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        raise ServiceError({"value": "Giá trị không được âm."})


@transaction.atomic
def policy_add(
    *,
    actor,
    key: str,
    value,
    legal_basis: str,
    effective_from: dt.date,
    issuer=None,
    note: str = "",
) -> Policy:
    """A new version of a rule from its effective date; earlier versions stay in force
    for earlier dates. The rows of the key are locked first, so that two admins adding
    the same version at once find each other's: one is written, the other refused."""
    list(Policy.objects.select_for_update().filter(key=key).order_by("pk").values_list("pk"))
    previous = (
        Policy.objects.filter(key=key, issuer=issuer).order_by("-effective_from").first()
        or Policy.objects.filter(key=key, issuer__isnull=True).order_by("-effective_from").first()
    )
    if previous is None:
        raise ServiceError({"key": "Không có quy định với mã này."})
    if not nfc(legal_basis):
        raise ServiceError({"legal_basis": "Cần ghi căn cứ (số, ký hiệu văn bản)."})
    if issuer is not None and issuer.is_cell:
        raise ServiceError({"issuer": "Chi bộ không ban hành quy định; chọn cấp ủy."})
    if Policy.objects.filter(key=key, issuer=issuer, effective_from=effective_from).exists():
        raise ServiceError(
            {"effective_from": "Đã có phiên bản có hiệu lực từ ngày này; chọn ngày khác."}
        )
    _check_shape(key, value, previous)
    row = Policy(
        key=key,
        value=value,
        legal_basis=nfc(legal_basis),
        effective_from=effective_from,
        issuer=issuer,
        note=note.strip(),
        created_by=actor,
    )
    validate(row)
    with_actor(row, actor).save()
    return row
