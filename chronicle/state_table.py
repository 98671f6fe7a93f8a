"""The state card of a relationship as tables for the terminal (``chronicle state --format table``)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "missions": [("opened", "opened"), ("kind", "kind"), ("of", "of"), ("in", "in"), ("city", "city")],
    "agreements": [("signed", "signed"), ("in force", "in_force"), ("title", "title"), ("level", "level")],
    "bodies": [("established", "established"), ("name", "name"), ("sessions", "sessions"), ("last session", "last_session")],
    "visits": [("date", "date"), ("visitor", "visitor"), ("level", "level"), ("from", "from"), ("to", "to")],
    "meetings": [("date", "date"), ("name", "name"), ("kind", "kind")],
    "ventures": [("started", "started"), ("name", "name"), ("sector", "sector")],
    "figures": [("period", "period"), ("metric", "metric"), ("value", "value"), ("unit", "unit"), ("conflict", "conflict")],
    "restrictions": [("date", "date"), ("by", "by"), ("kind", "kind"), ("measure", "measure")],
    "statements": [("date", "date"), ("speaker", "speaker"), ("topic", "topic")],
}


def _cell(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float | int) and key == "value":
        return f"{value:,.0f}"
    text = str(value)
    return text + " ?" if key in ("date", "opened", "signed", "established", "period") and item.get("uncertain") else text


def render_state(console: Console, state: dict[str, Any]) -> None:
    names = " – ".join(state["names"])
    when = f"as of {state['as_of']}" if state["as_of"] else "all dates"
    known = f", as known at {state['known_at']}" if state["known_at"] else ""
    console.print(f"[bold]{names}[/bold] ({when}{known})")
    established = state["established"]
    console.print(f"Diplomatic relations established: {established['date'] if established else 'not recorded'}")
    for section, columns in _COLUMNS.items():
        items = state[section]
        if not items:
            continue
        total = state.get("totals", {}).get(section)
        if total is not None and total > len(items):
            title = f"{section} ({len(items)} of {total})"
        elif state["more"][section]:
            title = f"{section} (the {len(items)} newest; more in the timeline)"
        else:
            title = section
        table = Table(*(label for label, _ in columns), title=title, title_justify="left")
        for item in items:
            table.add_row(*(_cell(item, key) for _, key in columns))
        console.print(table)
    activity = Table("domain", "last 3 years", "3 years before", "last event", "trend", title="activity", title_justify="left")
    for row in state["activity"]:
        activity.add_row(row["domain"], str(row["last_3_years"]), str(row["previous_3_years"]), row["last_event"] or "", row["trend"])
    console.print(activity)
    console.print("[dim]? marks a date whose span contains the as-of date (uncertain).[/dim]")


_NAMING = ("title", "name", "visitor", "speaker", "measure", "body", "sector", "topic")


def fact_line(item: dict[str, Any]) -> str:
    """A fact in a few words: its type and date, and its title, name, visitor or speaker, or its figure."""
    attributes = item.get("attributes") or {}
    named = next((str(attributes[k]) for k in _NAMING if attributes.get(k)), "")
    figure = item.get("figure")
    if figure:
        named = f"{figure.get('metric')} {figure.get('value'):,.0f} {figure.get('unit') or ''}".strip()
    return f"{item.get('date', '')}  {item.get('type', '')}  {named}".rstrip()


def _side(as_of: str | None, known_at: str | None) -> str:
    """One side of a comparison in words: ``as of 2019 known at ...``, or empty."""
    return " ".join(x for x in (as_of and f"as of {as_of}", known_at and f"known at {known_at}") if x)


def _print_reasons(console: Console, whys: Any) -> None:
    for why in whys or ():
        console.print(f"      {why['type']}: {why['reason'] or ''}", highlight=False, markup=False)


def _print_change(console: Console, change: dict[str, Any]) -> None:
    console.print(f"  {fact_line(change['item'])}  ({', '.join(change['fields'])})", highlight=False, markup=False)
    for field in change["fields"]:
        console.print(f"      {field}: {change['before'][field]} → {change['after'][field]}",
                      highlight=False, markup=False)
    _print_reasons(console, change["why"])


def _figures_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("metric", "reporter", "unit", "before", "after", title="figures", title_justify="left")
    for row in rows:
        cells = [f"{side['value']:,.0f} ({side['period']})" if side else "" for side in (row["before"], row["after"])]
        table.add_row(row["metric"], row["reporter"] or "", row["unit"] or "", *cells)
    return table


def render_diff(console: Console, result: dict[str, Any]) -> None:
    """``chronicle diff``: what appeared, changed and vanished between the two sides."""
    names = " – ".join(result["names"])
    first = _side(result["from"], result["known_from"])
    second = _side(result["to"], result["known_to"]) or "now"
    console.print(f"[bold]{names}[/bold]: {first or 'the start'} → {second}", highlight=False)
    counts = result["counts"]
    console.print(f"{counts['before']} facts → {counts['after']}: {counts['appeared']} appeared, "
                  f"{counts['changed']} changed, {counts['vanished']} vanished", highlight=False)
    for key in ("appeared", "vanished"):
        if result[key]:
            console.print(f"\n[bold]{key}[/bold]")
            for item in result[key]:
                console.print(f"  {fact_line(item)}", highlight=False, markup=False)
                _print_reasons(console, item.get("why"))
    if result["changed"]:
        console.print("\n[bold]changed[/bold]")
        for change in result["changed"]:
            _print_change(console, change)
    if result["figures"]:
        console.print(_figures_table(result["figures"]))
