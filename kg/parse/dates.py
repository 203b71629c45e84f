"""Dates in readouts: absolute, partial and relative, resolved against an anchor.

Written here rather than taken from dateparser: dateparser guesses the
language per call (~0.8 s), returns None on "le 25 avril 2025, heure locale",
and has no notion of "Wednesday in a readout published on Thursday means the
day before". The language modules give month and weekday names and the
patterns; this module does the arithmetic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from kg.lang.base import LanguageRules


@dataclass(frozen=True)
class DateValue:
    """A date as precise as the text makes it: year, year-month or full day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a folded sentence."""

    start: int
    end: int
    value: DateValue | None  # None when the year cannot be known (no anchor)
    kind: str  # absolute, range (its first day), partial, weekday, relative, month, year, period
    future: DateValue | None = None  # the reading for a planned event, when it differs
    last_day: int | None = None  # a range's last day ("23-25 August": 25)


@cache
def _compiled(rules: LanguageRules) -> dict[str, re.Pattern[str]]:
    # a language without such words matches nothing ("(?!)"): an empty alternation would
    # match the empty string at every word boundary
    months = "|".join(sorted(rules.months, key=len, reverse=True)) or "(?!)"
    weekdays = "|".join(sorted(rules.weekdays, key=len, reverse=True)) or "(?!)"
    rel = "|".join(sorted((re.escape(k) for k in rules.relative_days), key=len,
                          reverse=True)) or "(?!)"
    return {
        "dates": re.compile("|".join(_renumber(rules.date_patterns)) or "(?!)"),
        "weekday": re.compile(rf"\b(?P<weekday>{weekdays})\b"),
        "relative": re.compile(rf"(?<![\w'])(?P<relative>{rel})\b"),
        "month": re.compile(rf"\b(?P<month>{months})\b(?!\s+(?:19|20)\d\d)"),
        "year": re.compile(r"\b(?P<year>(?:19|20)\d\d)\b"),
    }


# How far before a month name its `month_contexts` regex looks, in characters.
_CONTEXT = 8
_DIGITS = re.compile(r"\d+")


@cache
def _month_contexts(rules: LanguageRules) -> dict[str, re.Pattern[str]]:
    return {month: re.compile(rx) for month, rx in rules.month_contexts.items()}


def _renumber(patterns: tuple[str, ...]) -> list[str]:
    """Give each alternative's groups unique names (`day0`, `month1` …) for one big regex."""
    out = []
    for i, p in enumerate(patterns):
        out.append(re.sub(r"\(\?P<(day|month|year|last_day)>", rf"(?P<\g<1>{i}>", p))
    return out


def _month_number(token: str, rules: LanguageRules) -> int | None:
    if token.isdigit():
        n = int(token)
        return n if 1 <= n <= 12 else None
    return rules.months.get(token.rstrip("."))


def _valid(y: int, m: int, d: int | None) -> bool:
    if not 1 <= m <= 12:
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, m)[1]


# Dates that publishers put in article URLs: a path /2024/09/25/ or /2024/09/, an ISO date
# 2024-09-25, or eight digits 20240925 standing alone or after one letter ("t20240925_").
# Longer digit runs are article ids, not dates.
_URL_DAY = re.compile(
    r"/(?P<y1>(?:19|20)\d\d)/(?P<m1>\d{1,2})/(?P<d1>\d{1,2})(?:/|$|[._-])"
    r"|(?<![\d])(?P<y2>(?:19|20)\d\d)-(?P<m2>\d\d)-(?P<d2>\d\d)(?!\d)"
    r"|(?:(?<=[/_=-])|(?<=[/_=-][a-z]))(?P<y3>(?:19|20)\d\d)(?P<m3>\d\d)(?P<d3>\d\d)(?!\d)")
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})(?:/|$)")


def url_date(url: str | None) -> tuple[dt.date | None, DateValue | None]:
    """(day, month) that a readout's URL carries, for readouts published without a date.

    News sites date their paths (``/2024/09/``), ministries their files
    (``t20240925_…``): either is a better anchor than nothing, so that "on Sept. 25" gets
    its year and "on Tuesday" its day. A day wins over a month; both are None when the
    URL carries no valid date."""
    if not url:
        return None, None
    path = url.split("://", 1)[-1].split("?", 1)[0].lower()
    for m in _URL_DAY.finditer(path):
        y, mo, d = _url_parts(m)
        if _valid(y, mo, d):
            return dt.date(y, mo, d), None
    for m in _URL_MONTH.finditer(path):
        y, mo = int(m.group("y")), int(m.group("m"))
        if _valid(y, mo, None):
            return None, DateValue(y, mo)
    return None, None


def _url_parts(m: re.Match[str]) -> tuple[int, int, int]:
    """Year, month, day of whichever alternative of _URL_DAY matched."""
    for i in (1, 2, 3):
        if m.group(f"y{i}"):
            return int(m.group(f"y{i}")), int(m.group(f"m{i}")), int(m.group(f"d{i}"))
    raise AssertionError(m.re.pattern)  # unreachable: every alternative has a year


def nearest_year(month: int, day: int | None, anchor: dt.date, prefer_past: bool = True) -> int:
    """The year that puts month/day closest to the anchor (readouts look back more)."""
    best = anchor.year
    best_gap = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        if not dt.MINYEAR <= y <= dt.MAXYEAR:
            continue  # an anchor in year 1 or 9999 (a sidecar can say so)
        d = day or 15
        if not _valid(y, month, d):
            d = calendar.monthrange(y, month)[1]
        gap = (dt.date(y, month, d) - anchor).days
        score = abs(gap) if (gap <= 0 or not prefer_past) else abs(gap) * 3
        if best_gap is None or score < best_gap:
            best, best_gap = y, score
    return best


@cache
def _periods(rules: LanguageRules) -> tuple[re.Pattern[str], list[tuple[str, int, bool]]]:
    """All period phrases as one alternation (group `p<i>`, number in `n<i>`)."""
    parts, meta = [], []
    for i, (pattern, unit, sign) in enumerate(rules.periods):
        parts.append(f"(?P<p{i}>{pattern.replace('(?P<n>', f'(?P<n{i}>')})")
        meta.append((unit, sign, "(?P<n>" in pattern))
    return re.compile("|".join(parts) or "(?!)"), meta


def _days_from(anchor: dt.date, days: int) -> dt.date | None:
    """`anchor` moved by `days`, or None past the ends of the calendar (years 1 and 9999)."""
    try:
        return anchor + dt.timedelta(days=days)
    except OverflowError:
        return None


def _day(d: dt.date | None) -> DateValue | None:
    return DateValue(d.year, d.month, d.day) if d is not None else None


def _shift(anchor: dt.date, unit: str, n: int) -> DateValue | None:
    """The period `n` units away from the anchor, as precise as the unit."""
    if unit == "year":
        return DateValue(anchor.year + n)
    if unit == "month":
        m = anchor.month - 1 + n
        return DateValue(anchor.year + m // 12, m % 12 + 1)
    d = _days_from(anchor, 7 * n)
    return DateValue(d.year, d.month) if d is not None else None


def find_dates(folded: str, rules: LanguageRules, anchor: dt.date | None) -> list[DateMention]:
    """All date expressions in a folded sentence, resolved against `anchor` when needed."""
    rx = _compiled(rules)
    contexts = _month_contexts(rules)
    found: list[DateMention] = []
    # characters already taken by a date; a list of spans checked one by one made a text of
    # many dates quadratic
    taken_chars = bytearray(len(folded) + 1)
    day_starts: set[int] = set()  # where absolute and partial dates begin

    def take(s: int, e: int) -> None:
        taken_chars[s:e] = b"\x01" * (e - s)

    def free(s: int, e: int) -> bool:
        return 1 not in taken_chars[s:e]

    for m in rx["dates"].finditer(folded):
        groups = {k.rstrip("0123456789"): v for k, v in m.groupdict().items() if v}
        month = _month_number(groups.get("month", ""), rules)
        if month is None:
            continue
        day_txt = groups.get("day")  # digits, maybe with an ordinal suffix ("1er")
        day = int(_DIGITS.match(day_txt).group()) if day_txt else None
        year = int(groups["year"]) if groups.get("year") else None
        if year is None:
            if anchor is None:
                found.append(DateMention(m.start(), m.end(), None, "partial"))
                take(m.start(), m.end())
                day_starts.add(m.start())
                continue
            year = nearest_year(month, day, anchor)
            fyear = nearest_year(month, day, anchor, prefer_past=False)
        else:
            fyear = year
        if not _valid(year, month, day) or not _valid(fyear, month, day):
            continue
        kind = ("range" if groups.get("last_day") else "absolute") if day else "month"
        last = int(groups["last_day"]) if kind == "range" else None
        found.append(DateMention(m.start(), m.end(), DateValue(year, month, day), kind,
                                 DateValue(fyear, month, day),
                                 last if last is not None and _valid(year, month, last) else None))
        take(m.start(), m.end())
        if kind == "absolute":
            day_starts.add(m.start())
    for m in rx["relative"].finditer(folded):
        if not free(m.start(), m.end()):
            continue
        value = None
        if anchor is not None:
            value = _day(_days_from(anchor, rules.relative_days[m.group("relative")]))
        found.append(DateMention(m.start(), m.end(), value, "relative"))
        take(m.start(), m.end())
    for m in rx["weekday"].finditer(folded):
        if not free(m.start(), m.end()):
            continue
        if any(m.end() + k in day_starts for k in range(3)):
            continue  # "lundi 24 juin": the date says it
        value = future = None
        if anchor is not None:
            wd = rules.weekdays[m.group("weekday")]
            value = _day(_days_from(anchor, -((anchor.weekday() - wd) % 7)))
            future = _day(_days_from(anchor, (wd - anchor.weekday()) % 7))
        found.append(DateMention(m.start(), m.end(), value, "weekday", future))
        take(m.start(), m.end())
    for m in rx["month"].finditer(folded):
        if not free(m.start(), m.end()):
            continue
        tok = m.group("month")
        if tok in rules.ambiguous_months:
            continue  # too ambiguous without a day
        context = contexts.get(tok)
        if context is not None and not context.search(
                folded[max(0, m.start() - _CONTEXT): m.end()]):
            continue
        month = rules.months[tok]
        value = future = None
        if anchor is not None:
            value = DateValue(nearest_year(month, None, anchor), month)
            future = DateValue(nearest_year(month, None, anchor, prefer_past=False), month)
        found.append(DateMention(m.start(), m.end(), value, "month", future))
        take(m.start(), m.end())
    periods_rx, periods = _periods(rules)
    for m in periods_rx.finditer(folded) if anchor is not None else ():
        if not free(m.start(), m.end()):
            continue
        i = int(m.lastgroup[1:])
        unit, sign, has_n = periods[i]
        n = 1
        if has_n:
            word = m.group(f"n{i}")
            n = int(word) if word.isdigit() else rules.numbers.get(word, 0)
            if not n:
                continue
        found.append(DateMention(m.start(), m.end(), _shift(anchor, unit, sign * n), "period"))
        take(m.start(), m.end())
    for m in rx["year"].finditer(folded):
        if not free(m.start(), m.end()):
            continue
        found.append(DateMention(m.start(), m.end(), DateValue(int(m.group("year"))), "year"))
    found.sort(key=lambda d: d.start)
    return found
