"""What people and scripts see, and the only user of Jinja and rich: template lookup (the
vault's own, then the built-in ones) in a sandbox, filters, the agenda as JSON and as a
template context, message drafts as text, terminal tables and the `show` page, and the
documented JSON shapes.

May import `agenda/` and `index/` for their data types, `config`, `model`, `errors`;
never `disk/` (it writes nothing) or `cli/`.
"""
