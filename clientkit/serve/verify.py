"""``/clientkit/verify/<code>``: the public check of a 结业证明 verification code (issue 14).

No sign-in: whoever holds a printed certificate (an employer, an auditor) can check it. The page
says whether the code belongs to a certificate this instance issued and, if so, shows only what
the certificate itself shows in minimal form: the holder's name masked (张** — the company
masking standard, C6-07), the assignment, the completion day and the score. An unknown, edited
or forged code answers 404 with the same text whichever way it is wrong. ``/clientkit/verify``
alone (or ``?code=``) is a small form that goes to the code's page.
"""
from __future__ import annotations

from urllib.parse import quote

from clientkit.i18n import t
from clientkit.serve.guard import STORE_SETTING
from clientkit.serve.handlers import PageHandler
from clientkit.serve.render import page

VERIFY_URL = "/clientkit/verify"


def summary(record: dict) -> dict:
    """The masked, minimal facts of a valid certificate (page and CLI)."""
    from clientkit.model.masking import mask
    from clientkit.service import local_time

    return {"name": mask(record["name"], "name"), "assignment": record["title"],
            "day": local_time(record["completed_at"], "%Y-%m-%d"), "score": f"{round(float(record['score']) * 100)}%"}


class VerifyHandler(PageHandler):
    """``GET /clientkit/verify[/<code>]``."""

    def get(self, code: str | None = None) -> None:
        from clientkit.certificates import verify

        typed = self.get_argument("code", None)
        if typed is not None and not code:
            self.redirect(f"{VERIFY_URL}/{quote(typed.strip()[:64], safe='')}")
            return
        if not code:
            self.finish(page("verify.html", checked=False, code="", action=VERIFY_URL))
            return
        code = code[:64]
        record = verify(self.settings[STORE_SETTING](), code)
        if record is None:
            self.set_status(404)
            heading, detail = t("verify.invalid_heading"), t("verify.invalid_detail")
        else:
            heading, detail = t("verify.valid_heading"), t("verify.valid_detail", **summary(record))
        self.finish(page("verify.html", checked=True, valid=record is not None, heading=heading, detail=detail,
                         code=code, action=VERIFY_URL))


def verify_handlers() -> list[tuple]:
    return [(VERIFY_URL + r"/?", VerifyHandler), (VERIFY_URL + r"/([^/]+)", VerifyHandler)]
