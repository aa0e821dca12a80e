"""What must never reach a user's screen (issue 10): catalog keys, ``nan``/``None``, DOMAIN.md,
exception class names and tracebacks, internal item ids, and English words.

:func:`leaks` takes the visible text of a page (``document.body.innerText``) and returns what it
found. The rule for English: a run of ASCII letters (with digits, ``_ . -`` inside) is a *word*;
a word is fine when it

* contains a digit or an underscore (but not in capitals only: BAD_DATE is a code) — an identifier a user works with: rule ids (C1-08), ID
  numbers (11010519491231002X), user names (agent1), join codes, sizes (100MB);
* is one capital letter (A组, the X of an ID number, 第 X 位);
* is a file name the user chose (客户清单.csv, clients.csv) or a file type (.zip), or a 6-character class join code in
  its place (「（F74TNG）」, 「课堂代码：F74TNG」);
* is part of a web address cited as a source (http://…, netpromoter.com);
* is in :data:`ALLOWED`: names of file formats and units and the few abbreviations of the
  handbook that agents use as such.

Internal item ids (``q21``, ``p1-q10``, ``session:1``) contain digits but are still leaks.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Keep this short: each entry is a word an agent would write themself.
ALLOWED = frozenset({
    "Excel", "WPS", "Word", "App", "CSV", "PDF", "ZIP", "URL", "TIFF", "JPEG", "PNG",  # products, file formats
    "KB", "MB", "GB", "dpi",  # units
    "JR", "DA",  # standards: GB/T, JR/T 0171, DA/T 31 (T and GB are covered above)
    "KPI", "RFM", "PDCA", "Plan", "Do", "Check", "Act", "NPS",  # ch. 2, 3 and 8 terms
    "AAA", "AA", "BBB", "BB", "CCC", "CC",  # rating classes (ch. 8 scorecards)
    "CVN", "WORM",  # ch. 6 and 7 terms (card verification number, write-once storage)
    "ISO", "MOD", "Luhn", "VIP", "Recency", "Frequency", "Monetary", "max",  # check digits, RFM, a formula
    "YYYY-MM-DD", "YYYYMMDD", "YYMMDD", "MMDD",  # date formats an agent types or reads
})
URL = re.compile(r"https?://[^\s（）()，。、]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|cn|org|net|gov)\b(?:/[^\s（）()，。、]*)?")
WORD = re.compile(r"(?<![0-9])[A-Za-z][A-Za-z0-9_.\-]*")
FILE_NAME = re.compile(r"[^\s，。、；：（）()“”\"'<>]*?\.(?:csv|xlsx|xls|zip|json|pdf)\b", re.IGNORECASE)
JOIN_CODE = re.compile(r"(?:(?<=[（(])|(?<=代码：)|(?<=代码:)|(?<=代码： )|(?<=代码 ))[A-HJ-NP-Z2-9]{6}(?=[，,）)\s]|$)")
ITEM_ID = re.compile(r"(?<![A-Za-z0-9_])(?:[a-z]\d{1,3}-)*[a-z]\d{1,3}(?![A-Za-z0-9_])|session:\d+")
EXCEPTION = re.compile(r"\b(?:[A-Z][A-Za-z]*(?:Error|Exception)|Traceback)\b")
LOADING = re.compile(r"正在(?:运行|读取)第\s*\d+\s*个单元格")  # Voila's "Executing N of M", said as a notebook
NAN = re.compile(r"(?<![A-Za-z])(?:nan|NaN|None|null|undefined|NaT)(?![A-Za-z])")


@lru_cache(maxsize=1)
def _catalog_key():
    from clientkit.i18n import catalog

    prefixes = sorted({key.split(".")[0] for key in catalog()})
    return re.compile(r"(?<![A-Za-z0-9_])(?:" + "|".join(map(re.escape, prefixes)) + r")\.[a-z0-9_]+(?:\.[a-z0-9_]+)*")


@lru_cache(maxsize=1)
def _occupation_words() -> frozenset:
    """Latin words inside the synthetic clients' occupations (Faker zh_CN: 「DJ」, 「IT工程师」…):
    client data an agent reads as written, not English of ours."""
    from clientkit.generate.vocab import _Job

    return frozenset(w for job in _Job.jobs for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", job))


def leaks(text: str) -> list[str]:
    """Every leak in ``text``, each as 「kind: the text around it」."""
    found = []

    def note(kind, match):
        start, end = match.span()
        found.append(f"{kind}: …{text[max(0, start - 15):end + 15]}…".replace("\n", " "))

    for kind, pattern in (("catalog key", _catalog_key()), ("nan/None", NAN), ("exception", EXCEPTION),
                          ("item id", ITEM_ID), ("notebook jargon", LOADING)):
        for m in pattern.finditer(text):
            note(kind, m)
    if "DOMAIN.md" in text or "DOMAIN" in text:
        for m in re.finditer(r"DOMAIN", text):
            note("DOMAIN.md", m)
    plain = JOIN_CODE.sub(" ", FILE_NAME.sub(" ", URL.sub(" ", text)))
    for m in WORD.finditer(plain):
        word = m.group(0).strip(".-")
        code = "_" in word and word.upper() == word  # BAD_DATE: a reason code, not a user name
        if (not word or (not code and any(c.isdigit() or c == "_" for c in word)) or (len(word) == 1 and word.isupper())
                or word in ALLOWED or word in _occupation_words() or NAN.fullmatch(word) or EXCEPTION.fullmatch(word)):
            continue
        start = m.start()
        found.append(f"English word {word!r}: …{plain[max(0, start - 15):m.end() + 15]}…".replace("\n", " "))
    return found
