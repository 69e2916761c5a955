from django import template

from chibo.reports import access

register = template.Library()

# The menu offers the dashboard to those who have one (a plain member would meet a 404).
register.filter("has_report", access.has_report)
