"""The SQLite cache of the notes, and the only user of SQLite and platformdirs: where it
lives and its schema (db), bringing it in line with the files (sync, load, store), link
resolution, the change journal `watch` reads, note names for shell completion (names,
read-only), and every query the commands ask
(queries, search, rule_input: the agenda's candidate notes; selected: `check` of some notes, as
indexed or as staged).

May import `notes/` (to parse), `disk/` (to scan and read), `agenda/` for its data types,
`config`, `model` and `errors`; never `present/` or `cli/`. Never writes a note.
"""
