"""Pure HTML renderers for the apps: tables, cards, feedback, panels. No widgets here.

Every value that comes from data or users is escaped; texts come from the catalog.
"""
from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

from clientkit.i18n import t

TAG_CLASS = {"V": "tag-v", "S": "tag-s", "P": "tag-p", "H": "tag-h"}


def table(df: pd.DataFrame | None, *, empty: str | None = None, max_rows: int = 200,
          row_classes: Sequence[str] | None = None) -> str:
    """A compact, horizontally scrollable HTML table of ``df`` (already masked and labelled); on a
    phone each row becomes a card whose cells name their column.

    ``row_classes`` gives each row a CSS class (e.g. ``ck-failed`` tints a failed checklist row);
    an empty string leaves the row plain."""
    if df is None or len(df) == 0:
        return f'<p class="ck-muted">{escape(empty or t("ui.no_data"))}</p>'
    head = "".join(f"<th>{escape(str(c))}</th>" for c in df.columns)
    labels = [escape(str(c)) for c in df.columns]  # each cell names its column: a card per row on a phone
    rows = []
    classes = list(row_classes) if row_classes is not None else [""] * len(df)
    for (_, r), cls in zip(df.head(max_rows).iterrows(), classes):
        cells = "".join(f'<td data-label="{label}">{escape(_fmt(v))}</td>' for label, v in zip(labels, r.tolist()))
        rows.append(f'<tr class="{escape(cls)}">{cells}</tr>' if cls else f"<tr>{cells}</tr>")
    more = ""
    if len(df) > max_rows:
        more = f'<p class="ck-muted">{escape(t("ui.rows_truncated", shown=max_rows, total=len(df)))}</p>'
    return f'<div class="ck-scroll"><table class="ck-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>{more}'


def _fmt(v) -> str:
    if v is None or (not isinstance(v, (list, tuple, dict)) and pd.isna(v)):
        return ""
    if isinstance(v, float):
        return f"{v:.1f}" if v % 1 else f"{v:.0f}"
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d %H:%M") if (v.hour or v.minute) else v.strftime("%Y-%m-%d")
    return str(v)


def panel(kind: str, text: str, title: str | None = None) -> str:
    """A message panel: kind is ``info``, ``ok``, ``warn`` or ``error``."""
    head = f"<strong>{escape(title)}</strong><br>" if title else ""
    return f'<div class="ck-panel ck-{kind}" role="{"alert" if kind == "error" else "status"}">{head}{escape(text)}</div>'


def link_row(links: list[tuple[str, str]]) -> str:
    """Links shown as buttons in a row (where to go next)."""
    return '<div class="ck-next">' + "".join(
        f'<a class="ck-link-button" href="{escape(href)}" target="_self">{escape(label)}</a>' for label, href in links) + "</div>"


def header(title: str, user_label: str | None, links: list[tuple[str, str]]) -> str:
    nav = "".join(f'<a href="{escape(href)}" target="_self">{escape(label)}</a>' for label, href in links)
    who = f'<span class="ck-user">{escape(user_label)}</span>' if user_label else ""
    # on a phone the links fold behind 菜单 (a checkbox: no script, one per view's header)
    menu = (f'<label class="ck-menu-button"><input type="checkbox" class="ck-menu-toggle">'
            f'☰ {escape(t("ui.menu"))}</label>') if links else ""
    return (
        f'<div class="ck-header"><div class="ck-brand">{escape(t("ui.brand"))}</div>'
        f'<h1>{escape(title)}</h1>{who}{menu}<nav class="ck-nav">{nav}</nav></div>'
    )


def mark_current(header_html: str, href: str) -> str:
    """The header with the nav link to ``href`` marked as the page being shown."""
    link = f'<a href="{escape(href)}" target="_self">'
    return header_html.replace(link, f'<a href="{escape(href)}" aria-current="page" target="_self">', 1)


def rule_card(rule) -> str:
    """One rule: id, section, tag, statement and source (学习)."""
    tag = getattr(rule, "tag", "")
    return (
        f'<div class="ck-rule"><div class="ck-rule-head"><span class="ck-id">{escape(rule.id)}</span>'
        f'<span class="ck-tag {TAG_CLASS.get(tag, "")}">{escape(t(f"rules.tag.{tag}"))}</span>'
        f'<span class="ck-muted">{escape(str(getattr(rule, "section", "")))}</span></div>'
        f'<p>{escape(rule.statement)}</p>'
        f'<p class="ck-source">{escape(t("ui.source"))}{escape(rule.source)}</p></div>'
    )


def example_block(example: dict) -> str:
    kind = example["kind"]
    if kind == "data":
        parts = [f'<p class="ck-example-title ck-bad">✘ {escape(t("ui.example_invalid"))}</p>', table(example["invalid"])]
        if example.get("message"):
            parts.append(f'<p class="ck-muted">{escape(t("ui.finding"))}{escape(example["message"])}</p>')
        parts += [f'<p class="ck-example-title ck-good">✔ {escape(t("ui.example_valid"))}</p>', table(example["valid"])]
        return "".join(parts)
    if kind == "related":
        return f'<p class="ck-muted">{escape(t("ui.example_related"))}</p>' + table(example["valid"])
    return f'<p class="ck-muted">{escape(t("ui.example_none"))}</p>'


def feedback(result, items, show_key: bool = True) -> str:
    """Per-item feedback after scoring: right or wrong, the expected answer, rule, source, why.

    ``show_key=False`` (a 自测 form that can recur) leaves the expected answers out."""
    by_id = {i.item_id: n for n, i in enumerate(items, start=1)}
    head = t("ui.score_line", points=_num(result.points), max_points=_num(result.max_points), pct=round(result.score * 100))
    rows = [f'<div class="ck-score">{escape(head)}</div>']
    for r in result.items:
        ok = "ck-good" if r.correct else ("ck-part" if r.points > 0 else "ck-bad")
        mark = "✔" if r.correct else ("◐" if r.points > 0 else "✘")
        rules = "、".join(r.rule_ids)
        rows.append(
            f'<div class="ck-fb {ok}"><div><strong>{mark} {escape(t("ui.item_no", n=by_id.get(r.item_id, "?")))}</strong> '
            f'<span class="ck-muted">{escape(_num(r.points))}/{escape(_num(r.max_points))}</span></div>'
            f'<div>{escape(t("ui.your_answer"))}{escape(_given(r.given))}</div>'
            + (f'<div>{escape(t("ui.expected"))}{escape(str(r.expected))}</div>' if show_key else "") +
            f'<div>{escape(r.feedback or r.explanation or "")}</div>'
            f'<div class="ck-source">{escape(t("ui.rule"))}{escape(rules)} · {escape(r.source or "")}</div></div>'
        )
    return "".join(rows)


def _given(v) -> str:
    if v is None or v == "" or v == []:
        return t("ui.blank")
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v))
    return str(v)


def _num(v) -> str:
    v = float(v)
    return f"{v:.0f}" if v == int(v) else f"{v:.2f}"


def mastery_bars(chapters: pd.DataFrame) -> str:
    """Chapter mastery as labelled bars with links to the chapter apps that exist."""
    rows = []
    for _, r in chapters.iterrows():
        m = r["mastery"]
        pct = 0 if m is None or pd.isna(m) else round(float(m) * 100)
        label = t("ui.not_started") if m is None or pd.isna(m) else f"{pct}%"
        name = escape(r["title"])
        if r.get("available"):
            name = f'<a href="{escape(r["notebook"])}" target="_self">{name}</a>'
        else:
            name = f'{name} <span class="ck-muted">{escape(t("ui.coming_soon"))}</span>'
        done = " ck-done" if r.get("mastered") else ""
        rows.append(
            f'<div class="ck-mastery"><div class="ck-mastery-name">{name}</div>'
            f'<div class="ck-bar"><div class="ck-fill{done}" style="width:{pct}%"></div></div>'
            f'<div class="ck-mastery-val">{escape(label)}</div></div>'
        )
    return "".join(rows)


def bands(df: pd.DataFrame) -> str:
    """A small bar chart of counts (first column the label, second the count), pure HTML so
    that a live board can redraw it cheaply."""
    if df is None or len(df) == 0:
        return f'<p class="ck-muted">{escape(t("ui.no_data"))}</p>'
    labels, counts = df.iloc[:, 0].tolist(), [int(c) for c in df.iloc[:, 1].tolist()]
    top = max(max(counts), 1)
    rows = []
    for label, n in zip(labels, counts):
        rows.append(
            f'<div class="ck-mastery"><div class="ck-mastery-name">{escape(str(label))}</div>'
            f'<div class="ck-bar"><div class="ck-fill ck-done" style="width:{round(n / top * 100)}%"></div></div>'
            f'<div class="ck-mastery-val">{n}</div></div>'
        )
    return "".join(rows)
