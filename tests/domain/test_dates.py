from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronicle.domain.dates import DateError, PartialDate, as_of_date, as_of_day


@pytest.mark.parametrize(
    "text, earliest, latest, precision",
    [
        ("2021", date(2021, 1, 1), date(2021, 12, 31), "year"),
        ("2021-07", date(2021, 7, 1), date(2021, 7, 31), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2021-07-15", date(2021, 7, 15), date(2021, 7, 15), "day"),
        ("2021-01/2021-04", date(2021, 1, 1), date(2021, 4, 30), "interval"),
        ("1995/2000", date(1995, 1, 1), date(2000, 12, 31), "interval"),
        ("2014-03-01/2014-03-02", date(2014, 3, 1), date(2014, 3, 2), "interval"),
    ],
)
def test_partial_dates_keep_text_and_bounds(text, earliest, latest, precision):
    parsed = PartialDate.parse(text)
    assert (parsed.text, parsed.earliest, parsed.latest, parsed.precision) == (text, earliest, latest, precision)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2021-13", "month 13"),
        ("2021-02-30", "day 30 does not exist"),
        ("21", "is not a date"),
        ("2021-7", "is not a date"),
        ("July 2021", "is not a date"),
        ("2022/2021", "ends before it starts"),
        ("0000", "year 0000"),
        ("", "is not a date"),
    ],
)
def test_invalid_dates_say_why(text, reason):
    with pytest.raises(DateError, match=reason):
        PartialDate.parse(text)


def test_as_of_stands_for_the_last_day_of_a_partial_date():
    assert as_of_day("2019") == date(2019, 12, 31)
    assert as_of_day("2019-02") == date(2019, 2, 28)
    assert as_of_day(date(2019, 5, 1)) == date(2019, 5, 1)
    assert as_of_day(None) is None


@given(st.dates(min_value=date(1, 1, 1)), st.dates(min_value=date(1, 1, 1)))
def test_any_ordered_pair_of_days_is_an_interval_covering_both(a, b):
    low, high = sorted((a, b))
    parsed = PartialDate.parse(f"{low.isoformat()}/{high.isoformat()}")
    assert (parsed.earliest, parsed.latest) == (low, high)


@pytest.mark.parametrize("text", ["0001", "0005", "0999-12-31", "0001/0999", date(999, 12, 31)])
def test_an_as_of_before_the_year_1000_is_refused(text):
    with pytest.raises(DateError, match="as_of is a date from 1000 to 9999"):
        as_of_day(text)


def test_an_as_of_is_taken_from_the_year_1000_and_an_interval_by_its_last_day():
    assert as_of_day("1000") == date(1000, 12, 31)
    assert as_of_date("0001/1000").latest == date(1000, 12, 31)
    assert PartialDate.parse("0001").earliest == date(1, 1, 1)  # an event may still be dated so early
