from django import template

from chibo.dues.rules import money

register = template.Library()


@register.filter
def dong(amount):
    """25000 → "25.000 đ"."""
    return money(amount)
