"""Taking a network anywhere: the vault's notes and agenda as a spreadsheet, vCards, a
calendar or JSON. Writers of text from plain data (spreadsheet, cards, calendar,
notes_json); gather collects the data from the index and picks the writer.

May import `agenda/` and `index/` (the data), `notes/` (values), `model`, `errors`;
icalendar only in calendar.py, vobject only in cards.py. Never `disk/` or `cli/`.
"""
