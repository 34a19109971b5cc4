"""Insight: what the network's notes say over time — `stats` (counts, channels, follow-
through, the lead funnel, favours; stats.py and its small modules) and the graph.

Pure functions over rows the index gives (vaultkit/index/insight_rows.py) and the agenda's
own helpers, so that a report can draw on the same figures. May import agenda, notes and
model; never imports index, disk, present or cli."""
