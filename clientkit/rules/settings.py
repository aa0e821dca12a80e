"""Company settings: the ⚠P parameters of the rules, with defaults (DESIGN.md "Rules").

Every parameter is declared once, with its default, in the ``params`` of a rule in
``rules/data/chN.yaml``. Chapter 1 declares:

=============================  =======  ======================================================
name                           default  meaning
=============================  =======  ======================================================
``update_within_months``       6        C1-14 (📘H): at least one update within N months after
                                        the first purchase
``recheck_after_months``       12       C1-14 (📘H): re-check clients not contacted for N months
``identity_update_days``       30       C1-15 (✅V law, ⚠P number): 反洗钱法 第34条 says only
                                        "及时"; N days is company practice
``duplicate_phone_threshold``  3        C1-06 (⚠P): one phone on N or more unrelated clients
``mobile_regex``               …        C1-11 (⚠P) mobile pattern (Appendix A)
``landline_regex``             …        C1-12 (⚠P) landline pattern (Appendix A)
=============================  =======  ======================================================

A company overrides them in ``settings.yaml`` in the instance folder (:func:`clientkit.config.home`)
or with a dict. :meth:`Settings.version` is a short stable hash of the values in force; it is
recorded with every score so that a result can be traced to the settings it was made under.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Mapping

import yaml

from clientkit.errors import ContentError
from clientkit.i18n import t

FILE_NAME = "settings.yaml"


# Settings of the application rather than of a rule (issue 10: the 自测 retake policy, see
# clientkit.practice.retake). ``assessment_policy`` maps a chapter to its exceptions.
APP_DEFAULTS: dict[str, Any] = {
    "assessment_max_attempts": 3,
    "assessment_window_days": 30,
    "assessment_min_gap_hours": 24.0,
    "assessment_policy": {},
}


def _defaults() -> dict[str, Any]:
    from clientkit.rules.registry import default_params

    return {**default_params(), **APP_DEFAULTS}


def _validate(name: str, value: Any, default: Any) -> Any:
    def bad(reason: str) -> ContentError:
        return ContentError("error.content", detail=t("rules.settings.bad_value", name=name, value=value, reason=reason))

    if name == "assessment_policy":
        return _validate_policy(value, bad)
    if isinstance(default, bool) or not isinstance(default, (int, float, str)):
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise bad(t("rules.settings.positive_int"))
        return value
    if isinstance(default, float):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise bad(t("rules.settings.number"))
        return float(value)
    if not isinstance(value, str):
        raise bad(t("rules.settings.text"))
    if name.endswith("_regex"):
        try:
            re.compile(value)
        except re.error as exc:
            raise bad(t("rules.settings.regex", detail=str(exc))) from None
    return value


def _validate_policy(value: Any, bad) -> dict:
    """``{chapter: {max_attempts|window_days|min_gap_hours: number}}`` with chapters 1–8."""
    if not isinstance(value, dict):
        raise bad(t("rules.settings.not_mapping", path="assessment_policy"))
    out = {}
    for chapter, spec in value.items():
        if str(chapter) not in {str(n) for n in range(1, 9)} or not isinstance(spec, dict):
            raise bad(t("rules.settings.policy_chapter", chapter=chapter))
        for key, number in spec.items():
            if key not in ("max_attempts", "window_days", "min_gap_hours") or isinstance(number, bool) \
                    or not isinstance(number, (int, float)) or number < 0:
                raise bad(t("rules.settings.policy_value", chapter=chapter, name=key, value=number))
        out[int(chapter)] = dict(spec)
    return out


class Settings:
    """The settings in force: defaults of every rule parameter, updated by ``overrides``.

    Raises ContentError for an unknown name or a value of the wrong kind."""

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        values = _defaults()
        for name, value in (overrides or {}).items():
            if name not in values:
                raise ContentError("error.content", detail=t("rules.settings.unknown", name=name, known="、".join(sorted(values))))
            values[name] = _validate(name, value, values[name])
        self._values = values

    @classmethod
    def from_file(cls, path: str | Path) -> Settings:
        """Settings from a YAML mapping of ``name: value`` (a missing file gives the defaults)."""
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ContentError("error.content", detail=f"{path.name}: {exc}") from None
        if not isinstance(data, dict):
            raise ContentError("error.content", detail=t("rules.settings.not_mapping", path=path.name))
        return cls(data)

    @classmethod
    def coerce(cls, settings: Settings | Mapping[str, Any] | None) -> Settings:
        """``settings`` as a Settings: None → :func:`current_settings`, a dict → overrides."""
        if settings is None:
            return current_settings()
        if isinstance(settings, Settings):
            return settings
        return cls(settings)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("_values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and other._values == self._values

    def __repr__(self) -> str:
        return f"Settings({self._values!r})"

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def version(self) -> str:
        """A short stable hash (12 hex digits) of the values in force."""
        text = json.dumps(self._values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def current_settings() -> Settings:
    """The settings of this installation: ``settings.yaml`` in :func:`clientkit.config.home`,
    else the defaults."""
    from clientkit.config import home

    return Settings.from_file(home() / FILE_NAME)
