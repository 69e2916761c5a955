from django import template

register = template.Library()

_HISTORY_LABELS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


@register.filter
def history_label(record) -> str:
    return _HISTORY_LABELS.get(getattr(record, "history_type", ""), "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def may_report(user) -> bool:
    """Whether the menu offers the committee dashboard: anyone with a read scope (a
    secretary sees their cell's); a plain member has none and would meet a 404."""
    from chibo.core.scope import user_scope

    scope = user_scope(user)
    return scope.read_paths is None or bool(scope.read_paths)
