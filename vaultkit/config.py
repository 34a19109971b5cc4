"""Find the vault and read `.vaultkit/config.toml` into a frozen Config."""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from vaultkit.errors import ConfigError, VaultNotFound

MARKER = ".vaultkit"
CONFIG_NAME = "config.toml"

DEFAULT_FOLDERS = {"people": "contact", "leads": "lead", "events": "event", "orgs": "org"}
DEFAULT_LOG_HEADINGS = ("Log",)


@dataclass(frozen=True)
class Config:
    """Settings that shape how notes are read. `fingerprint()` changes when any of them do."""

    root: Path
    folders: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FOLDERS))
    log_headings: tuple[str, ...] = DEFAULT_LOG_HEADINGS
    exclude: tuple[str, ...] = ()
    default_region: str | None = None
    rules: dict = field(default_factory=dict)  # [rules], checked by rules.rule_settings()
    synonyms: dict[str, str] = field(default_factory=dict)  # [rules.synonyms]: ty = "thanks"
    me: str = ""  # [me] name: signs message drafts
    search: dict = field(default_factory=dict)  # [search], checked by rule_settings()
    goals: dict = field(default_factory=dict)  # [goals], checked by rule_settings()
    render_seconds: float = 3.0  # [templates] render_seconds: one render's wall-clock budget
    tasks_plugin: bool = False  # [agenda] tasks_plugin: ` 📅 DUE` on the Markdown agenda
    max_items: int = 50  # [agenda] max_items: items a section of a page shows (--all: every)

    def fingerprint(self) -> str:
        """What the parsed index depends on; a different value means rebuild."""
        data = [self.folders, list(self.log_headings), list(self.exclude), self.synonyms]
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    def excluded(self, relpath: str) -> bool:
        return any(_glob_match(pattern, relpath) for pattern in self.exclude)


def find_vault(explicit: str | os.PathLike | None, start: Path | None = None) -> Path:
    """The vault root: `explicit` (from --vault / VAULTKIT_VAULT), else the nearest folder
    at or above `start` that holds `.vaultkit/`."""
    if explicit is not None:
        root = Path(explicit).expanduser()
        if not root.exists():
            raise VaultNotFound(f"vault folder not found: {root}")
        if not root.is_dir():
            raise VaultNotFound(f"not a folder: {root}")
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_dir():
            return folder
    raise VaultNotFound(
        f"no vault here: no '{MARKER}' folder in {here} or above; "
        "pass --vault PATH (or set VAULTKIT_VAULT), or run 'vaultkit init'"
    )


def load_config(root: Path) -> Config:
    """Read the vault's config; a vault without one uses the defaults."""
    path = root / MARKER / CONFIG_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(root=root)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}:1: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{line.group(1)}" if line else str(path)
        raise ConfigError(f"{where}: {exc}") from None
    return _config_from(root, path, data)


def _config_from(root: Path, path: Path, data: dict) -> Config:
    vault = _table(data, "vault", path)
    folders = _table(data, "folders", path)
    for folder, kind in folders.items():
        _expect(kind in KINDS, path, f"folders.{folder}", f"one of {', '.join(sorted(KINDS))}")
    rules = _table(data, "rules", path)
    synonyms = rules.get("synonyms", {})
    _expect(isinstance(synonyms, dict) and all(isinstance(v, str) for v in synonyms.values()),
            path, "rules.synonyms", 'a table of kinds, e.g. [rules.synonyms] ty = "thanks"')
    me = _table(data, "me", path).get("name", "")
    _expect(isinstance(me, str), path, "me.name", "your name as text")
    region = vault.get("default_region")
    _expect(region is None or isinstance(region, str), path, "vault.default_region",
            "a two-letter country code such as \"KR\"")
    seconds = _table(data, "templates", path).get("render_seconds", 3.0)
    _expect(isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
            and 0 < seconds <= 3600, path, "templates.render_seconds",
            "a number of seconds (more than 0, at most 3600)")
    agenda = _table(data, "agenda", path)
    tasks = agenda.get("tasks_plugin", False)
    _expect(isinstance(tasks, bool), path, "agenda.tasks_plugin", "true or false")
    return Config(
        root=root,
        folders={k.strip("/"): v for k, v in folders.items()} if folders else dict(DEFAULT_FOLDERS),
        log_headings=tuple(_strings(vault, "log_headings", path, list(DEFAULT_LOG_HEADINGS))),
        exclude=tuple(_strings(vault, "exclude", path, [])),
        default_region=region.upper() if region else None,
        rules={k: v for k, v in rules.items() if k != "synonyms"},
        synonyms={_kind(k): _kind(v) for k, v in synonyms.items()},
        me=me,
        search=_table(data, "search", path),
        goals=_table(data, "goals", path),
        render_seconds=float(seconds),
        tasks_plugin=tasks,
        max_items=_max_items(agenda.get("max_items", 50), path),
    )


def _max_items(value: object, path: Path) -> int:
    """`[agenda] max_items`: a whole number of items, at least 1; else `path:line: …`."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise ConfigError(f"{path}:{_key_line(path, 'agenda', 'max_items')}: 'agenda.max_items' "
                      f"must be a whole number of items, at least 1, not {value!r}")


def _key_line(path: Path, table: str, key: str) -> int:
    """The line of `key =` in `[table]` (or as `table.key =`) of the TOML file; 1 when not
    found (only an error message asks)."""
    current = ""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for number, line in enumerate(lines, 1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1).strip().strip('"')
            continue
        name = re.match(r"\s*([\w.\"' -]+?)\s*=", line)
        if name and ".".join(filter(None, [current, name.group(1)])).replace(" ", "") in (
                f"{table}.{key}", f'{table}."{key}"'):
            return number
    return 1


def _kind(tag: str) -> str:
    return tag.strip().lower().lstrip("#")


KINDS = {"contact", "lead", "event", "org", "note"}


def _table(data: dict, key: str, path: Path) -> dict:
    value = data.get(key, {})
    _expect(isinstance(value, dict), path, key, "a table ([" + key + "])")
    return value


def _strings(table: dict, key: str, path: Path, default: list[str]) -> list[str]:
    value = table.get(key, default)
    ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    _expect(ok, path, f"vault.{key}", "a list of strings")
    return value


def _expect(ok: bool, path: Path, key: str, what: str) -> None:
    if not ok:
        raise ConfigError(f"{path}: '{key}' must be {what}")


def _glob_match(pattern: str, relpath: str) -> bool:
    """Match a vault-relative path against a glob where `**` spans folders."""
    return re.fullmatch(_glob_regex(pattern), relpath) is not None


def _glob_regex(pattern: str) -> str:
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
        i += 1
    return "".join(out)


USER_TEMPLATES = Path(".vaultkit") / "templates"  # where a vault's own templates live


def builtin_dir() -> Path:
    """Templates shipped in the wheel (`vaultkit/_templates`), else the checkout's."""
    packaged = Path(__file__).parent / "_templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"
