"""The rules' settings: `[rules]` in `.vaultkit/config.toml`, with their defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path

from vaultkit.errors import ConfigError
from vaultkit.notes.values import parse_interval

DAY = dt.timedelta(days=1)


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


_INTERVALS = {f.name for f in fields(RuleSettings) if f.type == "dt.timedelta"}
_COUNTS = {"favour_gap", "too_many", "days"}


def rule_settings(rules: dict, config_path: Path) -> RuleSettings:
    """Settings from the `[rules]` table (less `synonyms`, which the note parser applies);
    a wrong key or type names the key and what it must be."""
    values: dict = {}
    for key, value in rules.items():
        where = f"{config_path}: 'rules.{key}'"
        if key in _INTERVALS:
            interval = parse_interval(value)
            if not isinstance(interval, dt.timedelta):
                raise ConfigError(f"{where} must be an interval such as \"2d\", \"1w\" or "
                                  f"\"1m\", not {value!r}")
            values[key] = interval
        elif key in _COUNTS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"{where} must be a whole number, not {value!r}")
            values[key] = value
        else:
            known = ", ".join(sorted(_INTERVALS | _COUNTS | {"synonyms"}))
            raise ConfigError(f"{where} is not a rule setting (known: {known})")
    return RuleSettings(**values)
