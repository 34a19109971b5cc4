"""The report's charts as inline SVG, drawn by pygal (docs/dependencies.md says why pygal):
activity by week, channels, the lead funnel, follow-through and favours, from the stats'
JSON (insight.stats, `Stats.as_json`). The referral graph: report_graph.py.

Offline and themable: no pygal script (`js=[]`), no XML declaration and no comments or
namespace URLs (the page holds no http(s) address); colours are CSS variables of the page
(`var(--fg)`), so a chart follows its light or dark theme. Each SVG has a <title> and a
<desc> with its figures, and scales with its viewBox (width 100 %)."""

from __future__ import annotations

import re

import pygal
from markupsafe import Markup, escape
from pygal.style import Style

from vaultkit.insight.channels import label

# Series colours that read on white and on #111827 alike (mid lightness).
COLOURS = ("#3b82f6", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#14b8a6", "#ec4899",
           "#84cc16")
STYLE = Style(
    background="transparent", plot_background="transparent",
    foreground="var(--fg)", foreground_strong="var(--fg)", foreground_subtle="var(--grid)",
    opacity=".85", opacity_hover=".95", colors=COLOURS,
    value_colors=tuple("var(--fg)" for _ in COLOURS),
    font_family="system-ui, -apple-system, 'Segoe UI', sans-serif",
    label_font_size=13, major_label_font_size=13, legend_font_size=13,
    value_font_size=12, title_font_size=15, tooltip_font_size=12)
_OPTIONS = {"style": STYLE, "js": [], "disable_xml_declaration": True,
            "explicit_size": False, "width": 520, "height": 280, "legend_at_bottom": True,
            "print_values": True, "show_y_guides": True, "margin": 8,
            "truncate_legend": -1, "truncate_label": -1, "no_data_text": "Nothing yet"}


def _chart(kind, **options):
    return kind(**{**_OPTIONS, **options})


def _whole(chart, values) -> None:
    """A value axis of whole numbers (counts), not 0.2 steps, up to a few dozen."""
    top = max([v or 0 for v in values] + [0])
    if 0 < top <= 20:  # (no value at all: pygal draws "Nothing yet", and takes no labels)
        chart.y_labels = list(range(0, top + 1))


def svg(chart, title: str, desc: str) -> Markup:
    """The chart's SVG for an HTML page: comments, pygal's config script (its tooltips'
    data, unused without its JS) and the XML namespaces gone; a <title> and <desc> first;
    sized by its viewBox."""
    text = chart.render(is_unicode=True)
    text = re.sub(r"<!--.*?-->|<script\b.*?</script>", "", text, flags=re.S)
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
    text = text.replace("xlink:href", "href")
    opening = re.match(r"<svg\b[^>]*>", text)
    assert opening is not None, "pygal gave no <svg>"
    tag = (opening.group(0)[:-1].replace('class="pygal-chart"', 'class="pygal-chart chart"')
           + f' role="img" aria-label="{escape(title)}">')
    return Markup(f"{tag}<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
                  + text[opening.end():])


def activity(weeks: list[dict]) -> Markup:
    chart = _chart(pygal.Bar, x_label_rotation=0, show_minor_x_labels=False,
                   x_labels_major_every=max(1, len(weeks) // 8))
    chart.x_labels = [w["week"][5:] for w in weeks]
    _whole(chart, [w["interactions"] for w in weeks] + [w["new_contacts"] for w in weeks])
    chart.add("Interactions", [w["interactions"] or None for w in weeks])
    chart.add("New contacts", [w["new_contacts"] or None for w in weeks])
    desc = "; ".join(f"week of {w['week']}: {w['interactions']} interactions, "
                     f"{w['new_contacts']} new contacts" for w in weeks)
    return svg(chart, "Interactions and new contacts per week", desc)


def channels(totals: dict[str, int]) -> Markup:
    chart = _chart(pygal.Pie, inner_radius=0.45, print_values=True, height=320)
    for name, count in totals.items():
        chart.add(label(name), count)
    desc = "; ".join(f"{label(name)}: {count}" for name, count in totals.items()) or "none"
    return svg(chart, "Interactions by channel", desc)


def funnel(data: dict) -> Markup:
    stages = data["stages"]
    chart = _chart(pygal.HorizontalStackedBar, height=60 + 44 * len(stages))
    chart.x_labels = stages
    _whole(chart, [data["reached"].get(stage, 0) for stage in stages])
    for source, reached in data["by_source"].items():
        chart.add(source, [reached.get(stage, 0) or None for stage in stages])
    desc = "; ".join(f"{stage}: {data['reached'].get(stage, 0)}" for stage in stages)
    return svg(chart, "Leads that reached each stage, by how they came", desc)


def follow_through(rates: dict[str, dict]) -> Markup:
    names = {"thank_you": "Thank-you", "report_back": "Report back",
             "follow_up": "Follow-up"}
    chart = _chart(pygal.HorizontalStackedBar, height=220)
    chart.x_labels = [names[k] for k in rates]
    _whole(chart, [r["kept"] + r["missed"] + r["pending"] for r in rates.values()])
    for part in ("kept", "missed", "pending"):
        chart.add(part, [rates[k][part] or None for k in rates])
    desc = "; ".join(f"{names[k]}: {r['kept']} kept, {r['missed']} missed, "
                     f"{r['pending']} pending" for k, r in rates.items())
    return svg(chart, "Follow-through: kept in time, missed, pending", desc)


def favours(people: list[dict]) -> Markup:
    shown = people[:12]
    chart = _chart(pygal.HorizontalBar, height=80 + 34 * max(1, len(shown)))
    chart.x_labels = [p["name"] for p in shown]
    _whole(chart, [max(p["helped_me"] + p["leads"], p["helped_them"]) for p in shown])
    chart.add("Helped me (and leads)", [p["helped_me"] + p["leads"] or None for p in shown])
    chart.add("I helped", [p["helped_them"] or None for p in shown])
    desc = "; ".join(f"{p['name']}: helped you {p['helped_me'] + p['leads']}, you helped "
                     f"{p['helped_them']}" for p in shown) or "none"
    return svg(chart, "The favour balance", desc)
