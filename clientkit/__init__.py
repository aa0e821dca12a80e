"""clientkit: the 客户档案管理 handbook as code, with exercises, scoring and a score store.

The public API is curated here (pinned by ``tests/test_public_api.py``). Heavy parts are
imported lazily so that ``import clientkit`` stays light for notebook start-up.
"""
from __future__ import annotations

import os as _os
import sys as _sys
from importlib import import_module

__version__ = "0.1.0"

# Set by ``clientkit serve`` for its kernels (docs/decisions.md, "Kernels without pyarrow"):
# pandas 3 imports pyarrow whenever it can and then backs every text column with it, ≈ 45 MB
# per kernel; without it pandas keeps text in Python objects, same dtype ("string"), same values.
NO_PYARROW_ENV = "CLIENTKIT_NO_PYARROW"
if _os.environ.get(NO_PYARROW_ENV) == "1" and "pandas" not in _sys.modules:
    _sys.modules.setdefault("pyarrow", None)  # ``import pyarrow`` now raises ImportError

_LAZY = {
    "Book": "clientkit.model.book",
    "ClientkitError": "clientkit.errors",
    "audit": "clientkit.rules.audit",
    "check_backup_plan": "clientkit.rules.ch7_digital",
    "check_id_number": "clientkit.model.validators",
    "check_scorecard": "clientkit.rules.ch8_appraisal",
    "check_uscc": "clientkit.model.validators",
    "churn_scores": "clientkit.rules.ch3_churn",
    "commission_deferral": "clientkit.rules.ch8_appraisal",
    "complaint_deadline": "clientkit.rules.ch3_deadlines",
    "criminal_threshold_met": "clientkit.rules.ch6_security",
    "declaration_triggers": "clientkit.rules.ch4_suitability",
    "dual_recording_qc_minimum": "clientkit.rules.ch6_security",
    "generate_book": "clientkit.generate",
    "import_book": "clientkit.model.importing",
    "insurable_interest": "clientkit.rules.ch4_suitability",
    "kpis": "clientkit.rules.ch8_kpis",
    "lapse_dates": "clientkit.rules.ch3_deadlines",
    "mask": "clientkit.model.masking",
    "may_share": "clientkit.rules.ch5_sharing",
    "minor_death_cap": "clientkit.rules.ch4_suitability",
    "nps": "clientkit.rules.ch3_metrics",
    "persistency_13m": "clientkit.rules.ch3_metrics",
    "phone_kind": "clientkit.model.validators",
    "profile_flags": "clientkit.rules.ch2_profile",
    "retention_until": "clientkit.rules.ch5_retention",
    "rfm_segment": "clientkit.rules.ch2_classify",
    "scan_settings": "clientkit.rules.ch7_digital",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'clientkit' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
