"""The files of a vault: finding its notes by stat, reading one, replacing one atomically
(only if nobody saved it meanwhile), the changes the write commands make, new notes and
their safe file names, `init`'s skeleton, the notes that paths on a command line name,
and the notes git has staged (gitrepo: the only module that runs another program).

May import `notes/` (to parse and edit text), `present/templates` (a new note's body),
`config`, `model` and `errors`; never `index/`: what the vault holds already is handed in
by the caller (`Vault`).
"""
