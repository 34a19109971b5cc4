"""Three-way merges of a note: what git's merge driver (`vaultkit merge-file`) and the
folding of a sync-conflict copy (`merge-copy`) write. The log is merged as a union of both
sides' entries, the front matter key by key, the rest of the text line by line; a real
conflict is marked as git marks it, limited to what both sides changed.

Pure functions of text, on the one anatomy of a note (notes/): no files, no index. May
import `model`, `errors`, `config`, `notes/` and merge3 (the line merge); never `index/`,
`disk/`, `agenda/` or `present/`. docs/git-sync.md says what is merged and how.
"""
