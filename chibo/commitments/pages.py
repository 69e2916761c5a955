"""What the commitments' pages share (views, views_topics, views_residence): the year
checked, the section's tabs."""

from django.http import Http404
from django.shortcuts import render

from chibo.commitments import selectors
from chibo.core.scope import user_scope


def checked_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404("Năm không hợp lệ.")
    return year


def render_page(request, template: str, context: dict):
    """Render with what the section's tabs need."""
    context.setdefault("manages", user_scope(request.user).reads_organizations)
    context.setdefault("this_year", selectors.year_of())
    return render(request, template, context)
