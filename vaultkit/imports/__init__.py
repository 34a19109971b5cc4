"""Bringing a network in: readers that turn the files people have (LinkedIn, Google and
other spreadsheets) into records, and the merge that matches records to notes. Nothing
here writes a file: importer.py does, through the safe-write code."""
