import datetime as dt

import pytest

from chibo.dues import services
from chibo.dues.models import DuesCategory

START = dt.date(2025, 1, 1)


@pytest.fixture
def dues_cell(city):
    """Cell A1's two members with a category each: the secretary on a salary of
    8.500.000 đ (1%: 85.000 đ), the member a pensioner of 6.000.000 đ (0,5%: 30.000 đ)."""
    services.dues_basis_set(actor=city.admin, member=city.secretary,
                            category=DuesCategory.SALARIED, base_amount=8_500_000,
                            effective_from=START)
    services.dues_basis_set(actor=city.admin, member=city.member,
                            category=DuesCategory.PENSION, base_amount=6_000_000,
                            effective_from=START)
    return city
