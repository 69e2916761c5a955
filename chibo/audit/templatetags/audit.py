from django import template

from chibo.audit.history import has_audit as allowed

register = template.Library()


@register.filter
def has_audit(user) -> bool:
    """Committee staff and the system admin have the audit log (Nhật ký thay đổi)."""
    return user.is_authenticated and allowed(user)
