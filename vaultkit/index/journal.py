"""The change journal: what each sync changed, whoever ran it (a command, another
watcher); `watch` reads it to learn of changes it did not sync itself."""

from __future__ import annotations

JOURNAL_KEEP = 10_000  # rows of the change journal kept


def record_changes(conn, paths: set[str] | None) -> None:
    """Journal what this sync changed (None: anything may have), keeping the last
    JOURNAL_KEEP rows: a reader further behind than that starts afresh."""
    rows = [(None,)] if paths is None else [(p,) for p in sorted(paths)]
    conn.executemany("INSERT INTO changes(path) VALUES (?)", rows)
    conn.execute("DELETE FROM changes WHERE seq <= (SELECT MAX(seq) FROM changes) - ?",
                 (JOURNAL_KEEP,))


def changes_since(conn, seen: int | None) -> tuple[int, set[str] | None]:
    """(the journal's newest number, the paths changed after `seen`); None for the paths
    when anything may have changed: a rebuild, a reader too far behind, a new index, or
    `seen` None (nothing seen yet)."""
    top = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0]
    if seen is None or top < seen or top - seen > JOURNAL_KEEP:
        return top, None
    paths: set[str] = set()
    for (path,) in conn.execute("SELECT path FROM changes WHERE seq > ?", (seen,)):
        if path is None:
            return top, None
        paths.add(path)
    return top, paths
