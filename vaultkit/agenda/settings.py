"""The rules' settings: `[rules]`, `[rules.cadence]`, `[search]` and `[goals]` in
`.vaultkit/config.toml`, with their defaults. Frozen and hashable: the live agenda keys
its cache by them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path

from vaultkit.errors import ConfigError
from vaultkit.notes.values import NEVER, parse_interval

DAY = dt.timedelta(days=1)
# The circles casual networking tells first (the guidance: "your social and business
# circles").
ANNOUNCE_CIRCLES = ("friend", "family", "alumni", "colleague", "former-colleague")


@dataclass(frozen=True)
class Search:
    """`[search]`: the job search itself. `since` starts casual networking (announce items)
    and bounds who "helped during the search"; `status = "employed"` with `employed_on`
    (or a `hired` lead) ends it."""

    since: dt.date | None = None
    circles: tuple[str, ...] = ANNOUNCE_CIRCLES  # who to tell that you are looking
    looking_for: str = ""  # what you look for, for the announce draft
    status: str = "searching"  # searching or employed
    employed_on: dt.date | None = None
    employer: str = ""  # where you start, when no hired lead says so
    role: str = ""


@dataclass(frozen=True)
class Goals:
    """`[goals]`: targeted networking. Words as written (matched ignoring case) against
    tags, company, title, location and an organisation's `industry`."""

    industries: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.industries or self.companies or self.roles or self.places)


@dataclass(frozen=True)
class CadenceMap:
    """`[rules.cadence]`: cadences by tag, circle and influence, each a tuple of (key,
    days) pairs in the config's order; days is -1 for never."""

    tag: tuple[tuple[str, int], ...] = ()
    circle: tuple[tuple[str, int], ...] = ()
    influence: tuple[tuple[int, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.tag or self.circle or self.influence)


@dataclass(frozen=True)
class RuleSettings:
    """Defaults follow the networking guidance (PRODUCT.md §4)."""

    thank_within: dt.timedelta = 2 * DAY  # a thank-you within two days of meeting
    thank_window: dt.timedelta = 30 * DAY  # meetings older than this no longer ask for one
    follow_up_after: dt.timedelta = 7 * DAY  # after an inquiry or application
    report_within: dt.timedelta = 3 * DAY  # telling a contact their help led somewhere
    default_cadence: dt.timedelta = 30 * DAY  # keep in touch about once a month
    min_gap: dt.timedelta = 7 * DAY  # never suggest contact sooner than this
    favour_gap: int = 2  # offer help once they have helped you this many times more
    event_horizon: dt.timedelta = 14 * DAY  # prepare for events this far ahead
    too_many: int = 3  # this many contacts …
    too_many_window: dt.timedelta = 7 * DAY  # … within this window is too frequent
    days: int = 7  # the agenda shows what is due up to this many days ahead
    active_cadence: dt.timedelta = 7 * DAY  # while a lead with the contact is live …
    active_min_gap: dt.timedelta = 2 * DAY  # … "communication may occur more frequently" …
    active_for: dt.timedelta = 30 * DAY  # … "for a limited length of time"
    employed_cadence: dt.timedelta = 90 * DAY  # after a hire: keep them informed, quarterly
    imported_cadence: dt.timedelta | str = NEVER  # imported contacts are weak ties
    announce_per_day: int = 5  # casual networking: tell this many people a day at most
    bundle_within: dt.timedelta = 3 * DAY  # one message for items due this close together
    cadence: CadenceMap = field(default_factory=CadenceMap)  # [rules.cadence]
    search: Search = field(default_factory=Search)  # [search]
    goals: Goals = field(default_factory=Goals)  # [goals]


_INTERVALS = {f.name for f in fields(RuleSettings) if f.type == "dt.timedelta"}
_CADENCES = {"imported_cadence"}  # an interval or never
_COUNTS = {"favour_gap", "too_many", "days", "announce_per_day"}
_ZERO = {"bundle_within"}  # "0d": only items due the same day make one message


def _is_zero(value: object) -> bool:
    return (value == 0 and not isinstance(value, bool)) or (
        isinstance(value, str) and value.strip().lower() in ("0", "0d", "0w"))


def rule_settings(rules: dict, config_path: Path, search: dict | None = None,
                  goals: dict | None = None) -> RuleSettings:
    """Settings from the `[rules]` table (less `synonyms`, which the note parser applies),
    `[search]` and `[goals]`; a wrong key or type names the key and what it must be."""
    values: dict = {}
    for key, value in rules.items():
        where = f"{config_path}: 'rules.{key}'"
        if key in _ZERO and _is_zero(value):
            values[key] = dt.timedelta(0)
        elif key in _INTERVALS or key in _CADENCES:
            values[key] = _interval(value, where, never=key in _CADENCES)
        elif key in _COUNTS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"{where} must be a whole number, not {value!r}")
            values[key] = value
        elif key == "cadence":
            values[key] = _cadence_map(value, where)
        else:
            known = ", ".join(sorted(_INTERVALS | _CADENCES | _COUNTS | {"synonyms", "cadence"}))
            raise ConfigError(f"{where} is not a rule setting (known: {known})")
    values["search"] = _search(search or {}, config_path)
    values["goals"] = _goals(goals or {}, config_path)
    return RuleSettings(**values)


def _interval(value: object, where: str, never: bool = False) -> dt.timedelta | str:
    interval = parse_interval(value)
    if isinstance(interval, dt.timedelta) or (never and interval == NEVER):
        return interval
    also = ' or "never"' if never else ""
    raise ConfigError(f"{where} must be an interval such as \"2d\", \"1w\" or \"1m\"{also}, "
                      f"not {value!r}")


def _days(value: object, where: str) -> int:
    interval = _interval(value, where, never=True)
    return -1 if interval == NEVER else interval.days


def _cadence_map(table: object, where: str) -> CadenceMap:
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table, e.g. [rules.cadence] circle.friend = "
                          f"\"60d\"")
    found: dict[str, tuple] = {}
    for by, mapping in table.items():
        if by not in ("tag", "circle", "influence") or not isinstance(mapping, dict):
            raise ConfigError(f"{where[:-1]}.{by}' is not tag, circle or influence: write e.g. "
                              f"tag.mentor = \"14d\" (a dotted key, not quoted)")
        pairs = []
        for key, value in mapping.items():
            at = f"{where[:-1]}.{by}.{key}'"
            if by == "influence":
                if key not in {"1", "2", "3", "4", "5"}:
                    raise ConfigError(f"{at}: influence is a level from 1 to 5")
                pairs.append((int(key), _days(value, at)))
            else:
                pairs.append((key.strip().lower().lstrip("#"), _days(value, at)))
        found[by] = tuple(pairs)
    return CadenceMap(**found)


def _search(table: dict, path: Path) -> Search:
    values: dict = {}
    for key, value in table.items():
        where = f"{path}: 'search.{key}'"
        if key in ("since", "employed_on"):
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                shown = value.isoformat() if isinstance(value, dt.date) else repr(value)
                raise ConfigError(f"{where} must be a date such as 2026-11-01, not {shown}")
            values[key] = value
        elif key == "circles":
            values[key] = _words(value, where)
        elif key in ("looking_for", "employer", "role"):
            if not isinstance(value, str):
                raise ConfigError(f"{where} must be text, not {value!r}")
            values[key] = value.strip()
        elif key == "status":
            if value not in ("searching", "employed"):
                raise ConfigError(f"{where} must be \"searching\" or \"employed\", "
                                  f"not {value!r}")
            values[key] = value
        else:
            known = ", ".join(f.name for f in fields(Search))
            raise ConfigError(f"{where} is not a search setting (known: {known})")
    if values.get("status") == "employed" and "employed_on" not in values:
        raise ConfigError(f"{path}: 'search.employed_on' must be set when search.status is "
                          f"\"employed\" (the date you were hired)")
    return Search(**values)


def _goals(table: dict, path: Path) -> Goals:
    values: dict = {}
    for key, value in table.items():
        where = f"{path}: 'goals.{key}'"
        if key not in {f.name for f in fields(Goals)}:
            known = ", ".join(f.name for f in fields(Goals))
            raise ConfigError(f"{where} is not a goal (known: {known})")
        values[key] = _words(value, where, lower=False)
    return Goals(**values)


def _words(value: object, where: str, lower: bool = True) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of words, e.g. [\"fintech\", \"cloud\"]")
    return tuple((v.strip().lower() if lower else v.strip()).lstrip("#")
                 for v in value if v.strip())
