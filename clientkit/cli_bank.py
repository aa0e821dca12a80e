"""``clientkit bank export CHAPTER FILE`` and ``clientkit bank import FILE [--publish]`` (issue 14):
the question bank in Excel from the command line, in Chinese, errors by sheet, row and column."""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from clientkit.errors import FileFormatError
from clientkit.i18n import t


def bank(args, service) -> int:
    if args.bank_command == "export":
        name, data = service.export_bank(args.chapter)
        Path(args.file).write_bytes(data)
        from clientkit.practice.content import content

        chapter = content().chapters.get(args.chapter)
        print(t("bank.cli.exported", chapter=args.chapter, n=len(chapter.questions) if chapter else 0, out=args.file))
        return 0
    try:
        data = Path(args.file).read_bytes()
    except OSError:
        raise FileFormatError("bank.err.no_file", path=args.file) from None
    result = service.preview_bank(data)
    for problem in result.problems:
        print(problem.text(), file=sys.stderr)
    for warning in result.warnings:
        print(warning)
    for qid, prompt in result.added:
        print(t("bank.cli.preview_added", id=qid, prompt=_short(prompt)))
    for qid, fields in result.changed:
        print(t("bank.cli.preview_changed", id=qid, fields="、".join(fields)))
    for qid, prompt in result.removed:
        print(t("bank.cli.preview_removed", id=qid, prompt=_short(prompt)))
    print(result.summary())
    if not result.ok:
        return 1
    if not result.has_changes:
        return 0
    if not args.publish:
        print(t("bank.cli.not_published"))
        return 0
    done = service.publish_bank(data, t("bank.cli.by", user=getpass.getuser()))
    print(t("bank.published", chapter=done.chapter, version=done.version, added=len(done.added),
            changed=len(done.changed), removed=len(done.removed)))
    return 0


def _short(text: str, n: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n] + "…"
