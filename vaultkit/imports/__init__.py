"""Bringing a network in: readers that turn the files people have (LinkedIn, Google,
vCards, any spreadsheet) into records (sources names them), the merge that matches
records to notes (a pure plan), and apply, which writes the plan through the same
safe-write code as every other command and syncs the index once.

May import `disk/` (to write), `index/` (what the vault holds), `notes/`, `config`,
`model`, `errors`; vobject only in vcard.py. Never `present/` or `cli/`.
"""
