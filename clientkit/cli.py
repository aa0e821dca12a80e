"""The command line: ``clientkit serve | generate | audit | users | backup | restore | calendar | bank | verify``. It only calls the service;
errors are printed in Chinese, never as a traceback."""
from __future__ import annotations

import argparse
import sys
from datetime import date

from clientkit.i18n import t


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=s))


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clientkit", description=t("cli.description"))
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help=t("cli.serve_help"))
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8866)
    s.add_argument("--lan", action="store_true", help=t("cli.lan_help"))
    s.add_argument("--kernels-per-user", type=int, default=None, help=t("cli.kernels_help"))
    s.add_argument("--kernel-pool", type=int, default=None, help=t("cli.kernel_pool_help"))

    g = sub.add_parser("generate", help=t("cli.generate_help"))
    g.add_argument("n_clients", type=int)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--defect-rate", type=float, default=0.0)
    g.add_argument("--on", type=_date, default=None)
    g.add_argument("--out", default="generated_book")
    g.add_argument("--format", choices=("csv", "parquet"), default="csv")

    a = sub.add_parser("audit", help=t("cli.audit_help"))
    a.add_argument("source", help=t("cli.audit_source_help"))
    a.add_argument("--date", "--on", dest="on", type=_date, default=None, help=t("cli.audit_date_help"))
    a.add_argument("--out", default=None, help=t("cli.audit_out_help"))

    u = sub.add_parser("users", help=t("cli.users_help"))
    usub = u.add_subparsers(dest="users_command", required=True)
    ua = usub.add_parser("add")
    ua.add_argument("username")
    ua.add_argument("--role", required=True, choices=("agent", "trainer", "supervisor", "admin"))
    ua.add_argument("--team", default="")
    ua.add_argument("--name", default="")
    ua.add_argument("--password", default=None, help=t("cli.password_help"))
    usub.add_parser("list", help=t("cli.users_list_help"))
    ui = usub.add_parser("import", help=t("roster.cli.import_help"))
    ui.add_argument("file", help=t("roster.cli.file_help"))
    ui.add_argument("--out", default=None, help=t("roster.cli.out_help"))
    for name, key in (("reset-password", "cli.users_reset_help"), ("deactivate", "cli.users_deactivate_help"),
                      ("activate", "cli.users_activate_help")):
        usub.add_parser(name, help=t(key)).add_argument("username")

    b = sub.add_parser("backup", help=t("ch7.cli.backup_help"))
    b.add_argument("--out", default=None, help=t("ch7.cli.backup_out_help"))
    r = sub.add_parser("restore", help=t("ch7.cli.restore_help"))
    r.add_argument("file", help=t("ch7.cli.restore_file_help"))
    r.add_argument("--force", action="store_true", help=t("ch7.store.restore_force_help"))

    k = sub.add_parser("bank", help=t("bank.cli.help"))
    ksub = k.add_subparsers(dest="bank_command", required=True)
    ke = ksub.add_parser("export", help=t("bank.cli.export_help"))
    ke.add_argument("chapter", type=int, help=t("bank.cli.chapter_help"))
    ke.add_argument("file", help=t("bank.cli.file_help"))
    ki = ksub.add_parser("import", help=t("bank.cli.import_help"))
    ki.add_argument("file", help=t("bank.cli.file_help"))
    ki.add_argument("--publish", action="store_true", help=t("bank.cli.publish_help"))

    c = sub.add_parser("calendar", help=t("calendar.cli.help"))
    csub = c.add_subparsers(dest="calendar_command", required=True)
    csub.add_parser("import", help=t("calendar.cli.import_help")).add_argument("file", help=t("calendar.cli.file_help"))
    csub.add_parser("show", help=t("calendar.cli.show_help")).add_argument("year", type=int, help=t("calendar.cli.year_help"))
    sub.add_parser("verify", help=t("verify.cli_help")).add_argument("code", help=t("verify.cli_code_help"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from clientkit import service

    try:
        if args.command == "serve":
            return _serve(args, service)
        if args.command == "generate":
            book = service.generate_to(args.out, args.n_clients, args.seed, args.defect_rate, args.on, args.format)
            print(t("cli.generated", n=len(book), defects=len(book.defects), out=args.out))
            return 0
        if args.command == "audit":
            return _audit(args, service)
        if args.command == "users":
            return _users(args, service)
        if args.command == "backup":
            path, sha = service.backup_store(args.out)
            print(t("ch7.store.backup_done", out=path, sha=sha, size=path.stat().st_size))
            return 0
        if args.command == "restore":
            done = service.restore_store(args.file, force=args.force)
            print(t("ch7.store.restore_forced", source=args.file, bak=done.bak, lacking=done.comparison.text()))
            return 0
        if args.command == "calendar":
            return _calendar(args, service)
        if args.command == "bank":
            from clientkit.cli_bank import bank

            return bank(args, service)
        if args.command == "verify":  # 结业证明 (issue 14): 0 valid, 1 not
            found = service.verify_certificate(args.code)
            print(t("verify.cli_valid", **found) if found else t("verify.cli_invalid"))
            return 0 if found else 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the boundary: a Chinese message, never a traceback
        print(service.message_of(exc), file=sys.stderr)
        return 1
    return 2


def _serve(args, service) -> int:
    from clientkit.serve import run

    created = service.prepare_instance()
    if created:
        print(t("cli.demo_users_created"))
        for username, role, password in created:
            print(t("cli.demo_user_line", username=username, role=role, password=password))
        print(t("cli.demo_users_once"))
    host = "0.0.0.0" if args.lan else args.host
    print(t("cli.serving", url=f"http://{'127.0.0.1' if args.lan else host}:{args.port}/"))
    run(host=host, port=args.port, lan=args.lan, kernels_per_user=args.kernels_per_user,
        kernel_pool=args.kernel_pool)
    return 0


def _audit(args, service) -> int:
    findings, issues, unchecked, on, origin = service.audit_run(args.source, on=args.on)
    print(t(f"cli.audit_date_{origin}", on=on.isoformat()))
    for _, row in issues.iterrows():
        print(t("cli.issue_line", row=row["row"], label=row["label"], value=row["value"], reason=row["reason"]))
    if len(findings):
        counts = findings.groupby("rule_id").size().sort_index()
        for rule_id, n in counts.items():
            print(t("cli.finding_count", rule=rule_id, n=n))
    if len(unchecked):
        print(t("cli.audit_unchecked_intro", n=len(unchecked)))
        for _, row in unchecked.iterrows():
            print(t("cli.audit_unchecked_line", rule=row["rule_id"], title=row["title"] or row["statement"],
                    tables=row["missing"]))
    print(t("cli.audit_summary", findings=len(findings), issues=len(issues)))
    if args.out:
        _write_audit(args.out, findings, issues, unchecked, on)
        print(t("cli.audit_written", out=args.out))
    return 0


def _write_audit(out, findings, issues, unchecked, on) -> None:
    """The findings as 档案体检 exports them (Chinese headers, table and field names, rule text;
    masked; formula cells neutralised): ``.xlsx`` the whole workbook, anything else one CSV."""
    from pathlib import Path

    import pandas as pd

    from clientkit.reports import checkup
    from clientkit.reports.export import write_csv

    if Path(out).suffix.lower() == ".xlsx":
        report = checkup.CheckupReport(on=on, findings=findings, issues=issues, n_rows=0, kpis=pd.DataFrame(),
                                       unchecked=unchecked)
        Path(out).write_bytes(checkup.to_excel(report))
    else:
        write_csv(checkup.findings_sheet(findings), out)


def _users(args, service) -> int:
    if args.users_command == "list":
        print(t("cli.users_list_header"))
        for u in service.list_users():
            state = t("cli.user_active") if u.active else t("cli.user_inactive")
            if u.must_change_password:
                state += t("cli.user_must_change")
            last = u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "—"
            print(f"{u.id}\t{u.username}\t{u.role}\t{u.team}\t{u.display_name}\t{state}\t{last}")
        return 0
    if args.users_command == "import":
        return _users_import(args, service)
    if args.users_command == "reset-password":
        password = service.reset_password(args.username)
        print(t("cli.password_reset", username=args.username, password=password))
        return 0
    if args.users_command in ("deactivate", "activate"):
        user = service.set_user_active(args.username, args.users_command == "activate")
        print(t("cli.user_activated" if user.active else "cli.user_deactivated", username=user.username))
        return 0
    import getpass

    from clientkit.store.passwords import generate_password

    password = args.password
    shown = False
    if password is None:
        password = getpass.getpass(t("cli.password_prompt")) if sys.stdin.isatty() else generate_password()
        shown = not sys.stdin.isatty()
    user = service.add_user(args.username, password, args.role, args.team, args.name, must_change_password=shown)
    print(t("cli.user_added", username=user.username, role=user.role))
    if shown:
        print(t("cli.password_once", password=password))
    return 0


def _users_import(args, service) -> int:
    """``users import FILE``: create the good rows, list the bad ones, write the passwords once."""
    import os
    from datetime import datetime
    from pathlib import Path

    from clientkit.errors import FileFormatError

    try:
        data = Path(args.file).read_bytes()
    except OSError:
        raise FileFormatError("bank.err.no_file", path=args.file) from None
    result = service.import_roster(data, Path(args.file).name)
    for problem in result.problems:
        print(problem.text(), file=sys.stderr)
    if result.created:
        out = Path(args.out or f"初始密码-{datetime.now():%Y%m%d-%H%M%S}.xlsx")
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # passwords: this account only
        with os.fdopen(fd, "wb") as handle:
            handle.write(service.roster_passwords_file(result))
        print(t("roster.cli.passwords_written", out=out))
    print(result.summary())
    return 0 if not result.problems else 1


def _calendar(args, service) -> int:
    """``calendar import FILE`` / ``calendar show YEAR`` (issue 8 §2, the layered holiday calendar)."""
    if args.calendar_command == "import":
        path, years = service.import_calendar(args.file)
        for year, off, working in years:
            print(t("calendar.cli.imported", year=year, off=off, working=working))
        print(t("calendar.cli.installed_to", path=path))
        return 0
    info = service.calendar_year(args.year)
    weekdays = t("calendar.weekday")
    print(t("calendar.cli.show_head", year=info["year"], layer=t(f"calendar.layer.{info['layer']}")))
    if info["notice"]:
        print(t("calendar.cli.show_notice", notice=info["notice"]))
    print(t("calendar.cli.show_days_off", n=len(info["days_off"])))
    for day, name in info["days_off"]:
        print(t("calendar.cli.show_day", day=day.isoformat(), weekday=weekdays[day.weekday()], name=t(f"calendar.holiday.{name}")))
    print(t("calendar.cli.show_working", n=len(info["working_days"])))
    for day in info["working_days"]:
        print(t("calendar.cli.show_day", day=day.isoformat(), weekday=weekdays[day.weekday()], name="").rstrip())
    if not info["working_days"]:
        print(t("calendar.cli.show_none"))
    if info["provisional"]:
        print(t("calendar.provisional_note"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
