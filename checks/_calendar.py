"""Working days in mainland China: weekdays, minus public holidays, plus the weekend days worked instead (调休).

The calendar is config (config/dictionaries/holidays.yaml), one year per 国务院办公厅 notice, so a new year is a
YAML edit. A year the calendar lacks is counted by weekends alone, and says so.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checks.base import Context

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]     # weekend days worked (调休上班)
    years: frozenset[int]            # years whose notice the calendar holds

    @classmethod
    def from_config(cls, data: dict) -> "WorkCalendar":
        holidays, workdays = set(), set()
        for year in data.get("years", {}).values():
            for first, last in year.get("holidays", {}).values():
                day = first
                while day <= last:
                    holidays.add(day)
                    day += _DAY
            workdays.update(year.get("workdays", ()))
        return cls(frozenset(holidays), frozenset(workdays), frozenset(data.get("years", {})))

    def is_working(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def working_days_after(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (a reply the next working day took 1)."""
        count, day = 0, start + _DAY
        while day <= end:
            count += self.is_working(day)
            day += _DAY
        return count

    def basis(self, start: dt.date, end: dt.date) -> str:
        """How the days were counted, in words for the evidence."""
        missing = [y for y in range(start.year, end.year + 1) if y not in self.years]
        if missing:
            return f"按周末计算（节假日安排未配置：{'、'.join(f'{y}年' for y in missing)}）"
        return "按国务院办公厅节假日安排（含调休）计算"


def work_calendar(ctx: Context) -> WorkCalendar:
    if "work_calendar" not in ctx.cache:
        ctx.cache["work_calendar"] = WorkCalendar.from_config(ctx.dictionary("holidays"))
    return ctx.cache["work_calendar"]
