"""Text <-> data for one note: the front matter split and its values (the only importer of
YAML), the emitter for values vaultkit writes, the log grammar (entries, tasks, links),
the surgical edits of a note's text, the checks of typed keys, identities (e-mail,
LinkedIn, phone) and the facts of a log that the agenda rules read.

Pure functions of text and data: no files, no index. May import `model`, `errors`,
`config` and YAML; never `index/`, `disk/`, `agenda/` or `present/`.
"""
