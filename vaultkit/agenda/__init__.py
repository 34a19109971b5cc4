"""The networking practice as pure functions (PRODUCT.md §4): each rule in contacts,
leads and dated, what every rule sees (context), the settings, the agenda builder
(build), what the rules see across notes (network), the agenda kept between syncs for
`watch` (live), the minimum gap (gap) and the context of message drafts (drafts).

Data in, items out: nothing here reads a file or the index — the notes come from a
`RuleSource` the caller hands in. May import `notes/` (values, facts), `model`, `errors`;
never `index/`, `disk/` or `present/`.
"""

# context.py first, whichever module is asked for: context imports network, network the
# rules across notes (search.py), and search.py reads notes through context's Subject.
from vaultkit.agenda import context as _context  # noqa: E402, F401
