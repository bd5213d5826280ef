"""Dates as the plans and their users keep them: Vietnam's time zone, and dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving in Vietnam


def today_in_vietnam() -> dt.date:
    """Today's calendar date in Vietnam, whatever the machine's time zone."""
    return dt.datetime.now(VIETNAM).date()


def format_date(value: dt.date | None) -> str:
    """A date as Vietnamese documents write it, "05/03/2023"; empty when there is none."""
    return f"{value:%d/%m/%Y}" if value else ""
