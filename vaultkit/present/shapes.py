"""The documented JSON shapes of `index`, `list`, `show` and `search` (docs/commands.md):
plain data for scripts, stable across versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from vaultkit.index.queries import Hit, NoteDetail
from vaultkit.index.sync import SyncStats
from vaultkit.notes.severity import is_error, severity
from vaultkit.present.oneline import one_line


def hit_json(hit: Hit) -> dict:
    return {"name": hit.title, "kind": hit.kind, "path": hit.path,
            "snippet": hit.snippet.replace("\x02", ""), "rank": round(hit.rank, 4)}


def stats_json(stats: SyncStats) -> dict:
    return {
        "total": stats.total, "added": stats.added, "modified": stats.modified,
        "touched": stats.touched, "moved": stats.moved, "removed": stats.removed,
        "failed": stats.failed, "unchanged": stats.unchanged,
        "seconds": round(stats.seconds, 3), "paths": stats.paths, "skipped": stats.skipped,
    }


def stats_paths(stats: SyncStats) -> str:
    marks = {"added": "+", "modified": "~", "touched": "=", "moved": ">", "removed": "-",
             "failed": "!"}
    lines = [f"{marks[what]} {path}" for what in marks for path in stats.paths.get(what, [])]
    lines += [f"skipped {reason}" for reason in stats.skipped]
    return "".join(one_line(line) + "\n" for line in lines)


def detail_json(detail: NoteDetail) -> dict:
    entries = [_entry_json(e) for e in detail.entries]
    return {
        **detail.row.as_json(),
        "entries": entries,
        "open_tasks": [e for e in entries if e["task"] == "open"],
        "backlinks": [asdict(b) for b in detail.backlinks],
        "favours": detail.favours,
        "problems": [asdict(p) for p in detail.problems],
        **({"pace": detail.pace} if detail.pace is not None else {}),
    }


def _entry_json(entry) -> dict:
    data = asdict(entry)
    data["kinds"] = list(entry.kinds)
    data["links"] = list(entry.links)
    return data


def import_json(result, dry_run: bool) -> dict:
    """What `import --json` prints (imports.apply.ImportResult)."""
    return {
        "dry_run": dry_run,
        "created": result.count("create"), "updated": result.count("update"),
        "unchanged": result.count("unchanged"), "skipped": result.count("skip"),
        "records": [{"where": p.record.where, "name": p.record.name, "action": p.action,
                     "path": p.path, "added": {k: _plain(v) for k, v in p.add.items()},
                     "conflicts": p.conflicts, "entry": p.entry or None,
                     "reason": p.reason or None} for p in result.plans],
        "warnings": result.warnings,
    }


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def problems_json(problems: list[tuple[str, int, str]]) -> list[dict]:
    """`check --json`: `severity` is "error" or "notice" (notes/severity.py)."""
    return [{"path": path, "line": line, "message": message, "severity": severity(message)}
            for path, line, message in problems]


def by_severity(problems: list[tuple[str, int, str]]
                ) -> tuple[list[tuple[str, int, str]], list[tuple[str, int, str]]]:
    """The errors and the notices of `check`, each in the order given."""
    errors = [p for p in problems if is_error(p[2])]
    return errors, [p for p in problems if not is_error(p[2])]
