"""parse_timescale: the forms plans use, with the documented conventions."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from partnermap.ingest.timescale import parse_timescale

D = date


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Sept/ Oct 2018", D(2018, 9, 1), D(2018, 10, 31)),
        ("Oct-Dec 18", D(2018, 10, 1), D(2018, 12, 31)),
        ("Oct 17 – Oct 18", D(2017, 10, 1), D(2018, 10, 31)),
        ("Nov-Feb 2019", D(2018, 11, 1), D(2019, 2, 28)),
        ("Dec 2018 to Mar 2019", D(2018, 12, 1), D(2019, 3, 31)),
        ("Dec 2018 - Mar", D(2018, 12, 1), D(2019, 3, 31)),
        ("2019/20", D(2019, 4, 1), D(2020, 3, 31)),
        ("2024-25", D(2024, 4, 1), D(2025, 3, 31)),
        ("FY 2019/2020", D(2019, 4, 1), D(2020, 3, 31)),
        ("Q1 2019/20", D(2019, 4, 1), D(2019, 6, 30)),
        ("Q3 2019/20", D(2019, 10, 1), D(2019, 12, 31)),
        ("Q4 2019/20", D(2020, 1, 1), D(2020, 3, 31)),
        ("Q2 2020", D(2020, 4, 1), D(2020, 6, 30)),
        ("Summer 2020", D(2020, 6, 1), D(2020, 8, 31)),
        ("Winter 2019", D(2019, 12, 1), D(2020, 2, 29)),
        ("Spring term 2025", D(2025, 1, 1), D(2025, 3, 31)),
        ("Summer term 2024/25", D(2025, 4, 1), D(2025, 7, 31)),
        ("Autumn term 2024/25", D(2024, 9, 1), D(2024, 12, 31)),
        ("31/03/2019", D(2019, 3, 31), D(2019, 3, 31)),
        ("01/04/19", D(2019, 4, 1), D(2019, 4, 1)),
        ("2019-03-31", D(2019, 3, 31), D(2019, 3, 31)),
        ("1st April 2018", D(2018, 4, 1), D(2018, 4, 1)),
        ("Mar-25", D(2025, 3, 1), D(2025, 3, 31)),
        ("2018", D(2018, 1, 1), D(2018, 12, 31)),
        ("2017-19", D(2017, 1, 1), D(2019, 12, 31)),
        ("By March 2019", None, D(2019, 3, 31)),
        ("until end of 2020", None, D(2020, 12, 31)),
        ("From April 2018", D(2018, 4, 1), None),
        ("March 2019 onwards", D(2019, 3, 1), None),
    ],
)
def test_dates(text, start, end):
    ts = parse_timescale(text)
    assert ts.parsed and (ts.start, ts.end) == (start, end)
    assert ts.text == text


def test_list_of_dates_gives_milestones():
    ts = parse_timescale("Sept 2017 and March 2018")
    assert (ts.start, ts.end) == (D(2017, 9, 1), D(2018, 3, 31))
    assert ts.milestones == [D(2017, 9, 30), D(2018, 3, 31)]
    assert parse_timescale("Jan 2019, Apr 2019 & Jul 2019").milestones == [
        D(2019, 1, 31),
        D(2019, 4, 30),
        D(2019, 7, 31),
    ]


@pytest.mark.parametrize(
    "text, flag",
    [
        ("Ongoing", "ongoing"),
        ("on-going", "ongoing"),
        ("Achieved", "achieved"),
        ("Complete", "achieved"),
        ("Completed", "achieved"),
        ("TBC", "unscheduled"),
        ("To be confirmed", "unscheduled"),
    ],
)
def test_flags_without_dates(text, flag):
    ts = parse_timescale(text)
    assert ts.parsed and getattr(ts, flag) and ts.start is None and ts.end is None


def test_ongoing_with_dates_and_a_note():
    ts = parse_timescale("Jan-Feb 2018  Ongoing – programme of events to be agreed")
    assert ts.ongoing and not ts.unscheduled and (ts.start, ts.end) == (D(2018, 1, 1), D(2018, 2, 28))


def test_achieved_with_a_year():
    ts = parse_timescale("Achieved 2017")
    assert ts.achieved and (ts.start, ts.end) == (D(2017, 1, 1), D(2017, 12, 31))


@pytest.mark.parametrize(
    "text, cadence", [("Quarterly", "quarterly"), ("Annually", "annual"), ("Monthly from April 2019", "monthly")]
)
def test_recurring(text, cadence):
    ts = parse_timescale(text)
    assert ts.parsed and ts.recurring == cadence and ts.open_ended


def test_spreadsheet_dates_are_taken_as_they_are():
    ts = parse_timescale(datetime(2019, 3, 31, 0, 0))
    assert (ts.text, ts.start, ts.end, ts.parsed) == ("2019-03-31", D(2019, 3, 31), D(2019, 3, 31), True)


@pytest.mark.parametrize("text", ["When funding allows", "Spring", "March", "asap", "31/02/2019"])
def test_unparsed(text):
    ts = parse_timescale(text)
    assert not ts.parsed and ts.start is None and ts.end is None and not ts.open_ended


def test_each_parse_is_a_copy_callers_may_change():
    first = parse_timescale("Quarterly: June 2018, September 2018")
    first.start = None
    first.milestones.append(date(2030, 1, 1))
    again = parse_timescale("Quarterly: June 2018, September 2018")
    assert again.start == date(2018, 6, 1) and date(2030, 1, 1) not in again.milestones
    assert again == parse_timescale("Quarterly:  June 2018, September 2018") and again is not first
