"""Display names in a plotly figure show as text in Chromium, never as a live link (issue 15,
attack test B4): the heatmap drawn by plotly.js from clientkit.reports.figures."""
from __future__ import annotations

import pandas as pd
import pytest

from clientkit.reports import figures

pytestmark = pytest.mark.browser
EVIL = '<a href="http://evil.example:18999/">点我领取奖励</a><b>粗</b>'


def test_heatmap_axis_shows_a_display_name_with_html_as_text(browser, tmp_path):
    fig = figures.heatmap(pd.DataFrame({"业务员": [EVIL, "李四"], "第1章": [50.0, 90.0]}))
    page_file = tmp_path / "heatmap.html"
    page_file.write_text(fig.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_selector(".ytick text")
        ticks = page.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")
        assert EVIL in ticks  # the name reads as typed
        assert page.locator("svg a").count() == 0 and page.locator("svg .ytick b, svg .ytick tspan[style*=bold]").count() == 0
    finally:
        context.close()
