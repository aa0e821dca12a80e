"""Administrative-division codes with their years of validity, for ID numbers and addresses.

Source: the region table shipped with python-stdnum (``stdnum/cn/loc.dat``, compiled from the
Wikipedia lists 中华人民共和国行政区划代码 1–8区). Lines look like ``11 province="北京市"``
followed by ``  0103 county="[-2010]崇文区"``; ``[a-b]``, ``[-b]``, ``[a-]`` are the years the
code was in use; ``xx00`` entries are prefecture level. The generator only issues an ID whose
6-digit region code existed in the holder's birth year (GB 11643-1999 地址码, DOMAIN.md C1-08),
and puts the address in that code's (current) province and city.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np

# Placeholder prefecture entries that are not a city name.
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政单位", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_MUNICIPALITIES = {"11", "12", "31", "50"}
_EXCLUDED_PROVINCES = {"71", "81", "82", "83"}  # 台湾/香港/澳门: other ID regimes
_LINE = re.compile(r'^(?P<indent>\s*)(?P<code>\d+) (?:province|county)="(?:\[(?P<a>\d*)-(?P<b>\d*)\])?(?P<name>[^"]*)"')
NO_START, NO_END = 0, 9999


def _read_lines() -> list[str]:
    return resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8").splitlines()


@lru_cache(maxsize=1)
def region_table() -> dict[str, np.ndarray]:
    """County-level codes usable on ID cards, as parallel arrays.

    Keys: ``code`` (int, 6 digits), ``start``/``end`` (years in use, inclusive; 0 / 9999 when
    open), ``province``, ``city`` (current prefecture or municipality name), ``county`` (the name
    for an address: the county itself if still current, else a current county of the same
    city), and ``capital`` (True for the prefecture listed first in its province). Only codes
    whose prefecture still exists are kept, so the city is a real current city.
    """
    raw: dict[str, list[tuple[int, int, str]]] = {}
    provinces: dict[str, str] = {}
    prov = None
    for line in _read_lines():
        m = _LINE.match(line)
        if not m:
            continue
        if not m["indent"]:
            prov = m["code"]
            provinces[prov] = m["name"]
            continue
        start = int(m["a"]) if m["a"] else NO_START
        end = int(m["b"]) if m["b"] else NO_END
        raw.setdefault(prov + m["code"], []).append((start, end, m["name"]))
    rows = []
    current_counties: dict[str, list[str]] = {}
    for code, entries in raw.items():
        if code[2:4] == "00" or code[4:] == "00" or code[:2] in _EXCLUDED_PROVINCES:
            continue
        for start, end, name in entries:
            if end == NO_END and name not in _PLACEHOLDERS:
                current_counties.setdefault(code[:4], []).append(name)
    for code, entries in sorted(raw.items()):
        p = code[:2]
        if code[2:4] == "00" or code[4:] == "00" or p in _EXCLUDED_PROVINCES:
            continue
        if p in _MUNICIPALITIES:
            city = provinces[p]
        else:
            pref = [e for e in raw.get(code[:4] + "00", []) if e[1] == NO_END and e[2] not in _PLACEHOLDERS]
            if not pref:
                continue
            city = pref[0][2]
        siblings = current_counties.get(code[:4], [])
        for start, end, name in entries:
            if name in _PLACEHOLDERS:
                continue
            county = name if end == NO_END else (siblings[0] if siblings else "")
            rows.append((int(code), start, end, provinces[p], city, county))
    cols = list(zip(*rows))
    out = {
        "code": np.array(cols[0], dtype=np.int64),
        "start": np.array(cols[1], dtype=np.int64),
        "end": np.array(cols[2], dtype=np.int64),
        "province": np.array(cols[3], dtype=object),
        "city": np.array(cols[4], dtype=object),
        "county": np.array(cols[5], dtype=object),
    }
    out["capital"] = _capital_mask(out["code"])
    return out


def _capital_mask(codes: np.ndarray) -> np.ndarray:
    prefecture = codes // 100
    first = {}
    for pref in sorted(set(prefecture.tolist())):
        first.setdefault(pref // 100, pref)
    capitals = np.array(sorted(first.values()))
    return np.isin(prefecture, capitals)


def existed(codes: np.ndarray, years: np.ndarray) -> np.ndarray:
    """True where region ``codes`` were in use in ``years`` (inclusive bounds of loc.dat)."""
    tab = region_table()
    ok = np.zeros(len(codes), dtype=bool)
    for i in range(len(codes)):
        rows = tab["code"] == codes[i]
        ok[i] = bool(((tab["start"][rows] <= years[i]) & (years[i] <= tab["end"][rows])).any())
    return ok


def sample_regions(rng: np.random.Generator, years: np.ndarray) -> np.ndarray:
    """Row indices into :func:`region_table`, one per birth year, of a code in use that year.

    Open bounds are used strictly (a code created or abolished in year y is not issued for
    births in y), so the inclusive check of :func:`existed` always passes.
    """
    tab = region_table()
    out = np.empty(len(years), dtype=np.int64)
    for year in np.unique(years):
        where = np.flatnonzero(years == year)
        pool = np.flatnonzero((tab["start"] < year) & (year < tab["end"]))
        out[where] = pool[rng.integers(0, len(pool), len(where))]
    return out


def sample_capitals(rng: np.random.Generator, n: int) -> np.ndarray:
    """Row indices of current codes in provincial capitals (addresses of enterprise clients)."""
    tab = region_table()
    pool = np.flatnonzero(tab["capital"] & (tab["end"] == NO_END))
    return pool[rng.integers(0, len(pool), n)]
