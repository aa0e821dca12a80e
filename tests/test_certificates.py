"""结业证明 and the PDF reports (issue 14): a completed onboarding assignment issues one certificate
whose code is an HMAC of its record; the PDFs read back with ``pdftotext`` hold the name, the
scores and the code; ``clientkit verify`` accepts the real code and refuses an edited one."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from clientkit.certificates import display, normalise, verify
from clientkit.cli import main
from clientkit.errors import ClientkitError, InputError
from clientkit.service import Service
from clientkit.store import Store
from clientkit.store.tables import certificates
from tests.store.conftest import make_attempt

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) missing")

CREATED = datetime(2026, 12, 1, 2, 0)
NOW = datetime(2026, 12, 5, 2, 0)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    return tmp_path


@pytest.fixture
def store(home):
    s = Store.open()
    yield s
    s.close()


@pytest.fixture
def people(store):
    return {"agent": store.add_user("li", "pw-agent-li1", role="agent", team="一组", display_name="李晓红"),
            "sup": store.add_user("boss", "pw-boss-12", role="supervisor", team="一组", display_name="陈主管")}


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


def _onboarding(store, people, score=0.88):
    sup = Service(store, people["sup"])
    a = sup.create_assignment("新人入职培训", [1], due=date(2026, 12, 10), pass_mark=80, teams=["一组"],
                              onboarding=True, now=CREATED)
    store.record_attempt(make_attempt(people["agent"].id, exercise_id="assessment:ch01", chapter=1, mode="assessment",
                                      score=score, submitted_at=datetime(2026, 12, 3, 6, 0)))
    return a


def test_completing_an_onboarding_assignment_issues_one_certificate_with_a_verifiable_code(store, people):
    a = _onboarding(store, people)
    agent = Service(store, people["agent"])
    first = agent.my_assignments(now=NOW)[0].certificate
    again = agent.my_assignments(now=datetime(2026, 12, 6))[0].certificate
    assert first == again  # issued once
    assert (first["name"], first["title"], first["score"]) == ("李晓红", "新人入职培训", pytest.approx(0.88))
    code = first["code"]
    assert len(code) == 20 and normalise(display(code).lower()) == code
    assert verify(store, display(code))["id"] == first["id"]
    edited = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert verify(store, edited) is None
    assert verify(store, "12345") is None and verify(store, "") is None
    with store.engine.begin() as conn:  # a record changed after issue no longer matches its code
        conn.execute(certificates.update().values(score=1.0))
    assert verify(store, code) is None
    assert a["onboarding"] is True


def test_no_certificate_below_the_pass_mark_or_for_other_assignments(store, people):
    a = _onboarding(store, people, score=0.7)
    agent = Service(store, people["agent"])
    assert agent.my_assignments(now=NOW)[0].certificate is None
    with pytest.raises(InputError) as caught:
        agent.certificate_pdf(a["id"], now=NOW)
    assert "结业证明" in caught.value.message()


def test_certificate_pdf_holds_name_score_and_code(store, people, tmp_path):
    a = _onboarding(store, people)
    agent = Service(store, people["agent"])
    name, pdf = agent.certificate_pdf(a["id"], now=NOW)
    code = agent.my_assignments(now=NOW)[0].certificate["code"]
    text = text_of(pdf, tmp_path)
    assert name == "结业证明-新人入职培训.pdf"
    for expected in ("结业证明", "李晓红", "新人入职培训", "88%", display(code), "2026年12月03日"):
        assert expected in text, expected
    info = subprocess.run(["pdfinfo", str(tmp_path / "out.pdf")], capture_output=True, check=True).stdout.decode()
    assert "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(tmp_path / "out.pdf")], capture_output=True, check=True).stdout.decode()
    assert "WenQuanYi" in fonts  # the CJK font is embedded


def test_agent_report_pdf_holds_chapters_scores_and_rules(store, people, tmp_path):
    store.record_attempt(make_attempt(people["agent"].id, exercise_id="assessment:ch01", chapter=1, mode="assessment",
                                      score=0.75, submitted_at=datetime(2026, 12, 3, 6, 0)))
    name, pdf = Service(store, people["agent"]).my_report_pdf(now=NOW)
    text = text_of(pdf, tmp_path)
    assert name == "个人自测报告-20261205.pdf"
    for expected in ("个人自测报告", "李晓红", "2026-12-05", "第1章 基本信息管理", "75%", "C1-01"):
        assert expected in text, expected


def test_team_report_pdf_for_a_period(store, people, tmp_path):
    store.record_attempt(make_attempt(people["agent"].id, exercise_id="assessment:ch01", chapter=1, mode="assessment",
                                      score=0.6, submitted_at=datetime(2026, 12, 3, 6, 0)))
    _, pdf = Service(store, people["sup"]).team_report_pdf(now=NOW, since=date(2026, 12, 1), until=date(2026, 12, 4))
    text = text_of(pdf, tmp_path)
    for expected in ("团队学习报告", "团队：一组", "2026-12-01 至 2026-12-04", "掌握程度", "李晓红", "60"):
        assert expected in text, expected


def test_a_missing_chromium_is_a_clear_chinese_error(store, people, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ClientkitError) as caught:
        Service(store, people["agent"]).my_report_pdf(now=NOW)
    assert caught.value.key == "pdf.no_chromium" and "Chromium" in caught.value.message()
    assert "安装" in caught.value.message()


def test_cli_verify_accepts_the_real_code_and_refuses_an_edited_one(store, people, capsys):
    _onboarding(store, people)
    code = Service(store, people["agent"]).my_assignments(now=NOW)[0].certificate["code"]
    assert main(["verify", display(code)]) == 0
    out = capsys.readouterr().out
    assert "有效" in out and "李**" in out and "新人入职培训" in out and "88%" in out and "李晓红" not in out
    edited = ("B" if code[0] != "B" else "C") + code[1:]
    assert main(["verify", edited]) == 1
    assert "无效" in capsys.readouterr().out
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(certificates)).scalar_one() == 1


def test_class_report_pdf_names_the_class_and_its_agents(store, people, tmp_path):
    trainer = store.add_user("coach", "pw-coach-12", role="trainer", display_name="周培训师")
    session = Service(store, trainer).create_session("周五合规课", [1], "practice", 3)
    store.record_attempt(make_attempt(people["agent"].id, exercise_id=f"session:{session['id']}", session_id=session["id"],
                                      score=0.67, submitted_at=datetime(2026, 12, 3, 6, 0)))
    name, pdf = Service(store, trainer).class_report_pdf(session["id"], now=NOW)
    text = text_of(pdf, tmp_path)
    assert name == f"课堂报告-{session['code']}.pdf"
    for expected in ("课堂报告", "周五合规课", session["code"], "第1章", "李晓红"):
        assert expected in text, expected
    with pytest.raises(ClientkitError):  # not the supervisor's class
        Service(store, people["sup"]).class_report_pdf(session["id"], now=NOW)
