"""档案体检 in Chromium with a file over Tornado's 10 MiB websocket limit (issue 15): it is
streamed to the server with a progress bar and checked; a file over the stated limit is
refused with a Chinese message and clears the previous report."""
from __future__ import annotations

import pytest

from .conftest import USERS, login, screenshot

pytestmark = pytest.mark.browser
WIDGETS_READY = 60_000
HEADER = "客户编号,客户类型,姓名,出生日期,证件类型,证件号码,附注说明"


def _big_list(path, rows: int = 12_000) -> None:
    """About 12 MB: C1 has an impossible birth date and a bad ID number; the rest are padded."""
    pad = "备" * 300
    lines = [HEADER, f"C1,个人,张三,1980-02-30,居民身份证,110105198002300010,{pad}"]
    lines += [f"C{i},个人,李四,1990-01-01,居民身份证,11010519900101001X,{pad}" for i in range(2, rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_file_over_ten_mib_is_uploaded_and_checked(app_server, page, tmp_path):
    big = tmp_path / "大清单.csv"
    _big_list(big)
    assert big.stat().st_size > 10 * 1024 * 1024
    login(page, app_server, "agent1", USERS["agent1"][0])
    page.goto(f"{app_server}/voila/render/checkup.ipynb")
    page.get_by_text("开始体检", exact=True).first.wait_for(timeout=WIDGETS_READY)
    assert page.locator(".ck-upload-hint").inner_text().endswith("不超过 100 MB。")
    with page.expect_file_chooser() as chooser:
        page.get_by_text("选择文件").click()
    chooser.value.set_files(str(big))
    page.get_by_text("已上传：大清单.csv").first.wait_for(timeout=WIDGETS_READY)
    assert page.locator(".ck-upload-progress").evaluate("e => e.value") == 100
    page.get_by_role("button", name="开始体检").click()
    page.get_by_text("按规则汇总").wait_for(timeout=120_000)
    body = page.inner_text("body")
    assert "文件：大清单.csv" in body and "共 11999 行" in body
    assert "C1-08" in body and "110105198002300010" not in body
    assert "请先选择" not in body
    screenshot(page, "app-checkup-12mb-1366x768")

    # a file over the stated limit: refused in the browser, the previous report is cleared
    page.evaluate("""() => {
        const input = document.querySelector('.ck-upload input[type=file]');
        const data = new DataTransfer();
        const file = new File(['x'], '超大.csv');
        Object.defineProperty(file, 'size', { value: 200 * 1024 * 1024 });
        data.items.add(file);
        input.files = data.files;
        input.dispatchEvent(new Event('change'));
    }""")
    page.get_by_text("上传失败").first.wait_for(timeout=WIDGETS_READY)
    body = page.inner_text("body")
    assert "100 MB" in body and "按规则汇总" not in body


def test_a_100_mb_client_list_uploads_with_progress_and_is_checked(app_server, page, tmp_path):
    """The stated limit is 100 MB (issue 10): a 100 MB list (20,000 clients with a long note each)
    streams with a visible progress bar and gets its report. Measured on the shared 2-core machine
under load 17: upload 1.7 s, report 162 s after choosing the file (reading, auditing 20,000
clients and building the Excel report of their findings); the print shows each run's times."""
    import time

    big = tmp_path / "十万兆清单.csv"
    pad = "备" * 1640  # ≈ 5,000 bytes a row
    with big.open("w", encoding="utf-8") as f:
        f.write(HEADER + "\n")
        f.write(f"C1,个人,张三,1980-02-30,居民身份证,110105198002300010,{pad}\n")
        row = f",个人,李四,1990-01-01,居民身份证,11010519900101001X,{pad}\n"
        for i in range(2, 20_000):
            f.write(f"C{i}{row}")
    size = big.stat().st_size
    assert 95_000_000 < size <= 100 * 1024 * 1024, size
    login(page, app_server, "agent1", USERS["agent1"][0])
    page.goto(f"{app_server}/voila/render/checkup.ipynb")
    page.get_by_text("开始体检", exact=True).first.wait_for(timeout=WIDGETS_READY)
    start = time.monotonic()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("选择文件").click()
    chooser.value.set_files(str(big))
    bar = page.locator(".ck-upload-progress")
    bar.wait_for(state="visible")
    page.get_by_text("已上传：十万兆清单.csv").first.wait_for(timeout=120_000)
    uploaded = time.monotonic() - start
    assert bar.evaluate("e => e.value") == 100
    page.get_by_role("button", name="开始体检").click()
    page.get_by_text("按规则汇总").wait_for(timeout=180_000)
    checked = time.monotonic() - start
    body = page.inner_text("body")
    assert "文件：十万兆清单.csv" in body and "共 19999 行" in body, body[:500]
    assert "C1-08" in body and "110105198002300010" not in body
    screenshot(page, "app-checkup-100mb-1366x768")
    print(f"100 MB: uploaded in {uploaded:.1f} s, report after {checked:.1f} s")
