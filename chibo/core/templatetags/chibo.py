from django import template

register = template.Library()

@register.filter
def has_audit(user) -> bool:
    """Committee staff and the system admin have the audit log (Nhật ký thay đổi)."""
    from chibo.core.history import has_audit as allowed

    return user.is_authenticated and allowed(user)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None

