"""Pieces every API router shares: the organization reference and page bounds."""

from django.conf import settings
from ninja import Schema
from ninja.errors import HttpError

# Past any real list; keeps OFFSET inside a 64-bit integer (else the database errs).
MAX_PAGE = 1_000_000


class OrgRef(Schema):
    id: int
    name: str


def page_bounds(page: int, page_size: int) -> tuple[int, int]:
    """(start, stop) of the requested page, or 422 with a Vietnamese message."""
    if not 1 <= page <= MAX_PAGE:
        raise HttpError(422, f"Số trang phải từ 1 đến {MAX_PAGE}.")
    if not 1 <= page_size <= settings.API_MAX_PAGE_SIZE:
        raise HttpError(422, f"page_size phải từ 1 đến {settings.API_MAX_PAGE_SIZE}.")
    start = (page - 1) * page_size
    return start, start + page_size
