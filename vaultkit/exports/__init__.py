"""Taking a network anywhere: the vault's notes and agenda as a spreadsheet, cards, a
calendar or JSON. Writers of text from plain data; exporter.py gathers the data."""
