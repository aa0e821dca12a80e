"""Chapter 5 sharing decision: may a client's information be provided to this recipient?

DOMAIN.md C5-03…C5-08 (§5.2 exercise 2). A request names the recipient kind and, optionally,
the consent already obtained; :func:`may_share` returns a :class:`Decision` with whether the
provision is allowed, the consent type it needs (``clientkit.model.schema.CONSENT_TYPES``
codes), the contract it needs and whether the provision must be logged.

Recipients (``RECIPIENTS``) and the rule each applies:

* ``authority`` — 公安机关等依法调取: laws require it (R-SALES 第7条, 民法典 第1038条 exceptions);
  no consent, no contract, logged (C5-05, C5-07 records of provision ≥ 3 years);
* ``insurer`` — an agent or intermediary passing the application to the insurer, only as far as
  necessary (R-SALES 第9条, C5-04) under the agency contract's confidentiality terms
  (R-AGENT 第51条, C5-08); no separate consent (contract necessity, PIPL 第13条第一款第二项); logged;
* ``entrusted_processor`` — 外包扫描公司、呼叫中心: entrusted processing needs an entrustment
  contract, supervision and a prior PIA, not the individual's consent (PIPL 第21、55条, C5-07); logged;
* ``third_party`` — another processor for its own purpose (合作医院、其他机构): the individual's
  单独同意 after being told recipient, purpose, method and categories (PIPL 第23条, C5-06); logged;
* ``public`` — making information public: 单独同意 (PIPL 第25条, C5-06); logged;
* ``colleague`` — a colleague not servicing the client, for their own sales (转介绍): outside the
  purpose of collection and of least privilege (C5-01, PIPL 第14条): only after the client's new
  consent for that purpose (一般同意); logged;
* ``new_employer`` — a former agent's new company: never (client information belongs to the
  insurer's files, materials are returned when the agency ends, C5-05, C5-08; selling it can be a
  crime, C6-14);
* ``agent_recording`` — an individual agent keeping a copy of the 双录 recording: never (R-TRACE
  第12、14条, C5-03).

A request with ``sale=True`` (the information is sold, bought or provided for payment or another
benefit) is never allowed, whatever the recipient and whatever consent was obtained: 保险法 第131条
第(八)项 (利用业务便利为其他机构或者个人牟取不正当利益), 刑法 第253条之一 with 两高解释 第5条
("出售或者提供"), C6-14 and C6-15 (买卖客户信息). A client's consent cannot make a sale lawful.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from clientkit.errors import InputError

RECIPIENTS = ("authority", "insurer", "entrusted_processor", "third_party", "public", "colleague",
              "new_employer", "agent_recording")
CONTRACTS = ("agency", "entrustment")
# consent strength: a stronger consent satisfies a weaker requirement
_STRENGTH = {None: 0, "contract_necessary": 0, "general": 1, "guardian": 1, "separate": 2, "written_separate": 3}


@dataclass(frozen=True)
class Decision:
    """The answer of :func:`may_share`.

    Attributes:
        allowed: the provision is lawful with the consent obtained (for ``third_party``,
            ``public`` and ``colleague`` it depends on ``request["consent"]``).
        possible: the provision can ever be lawful (False for ``new_employer``,
            ``agent_recording``).
        consent: the consent type it needs (None when none is needed).
        contract: ``"agency"`` (agency contract with confidentiality terms), ``"entrustment"``
            (entrusted-processing contract) or None.
        log: the provision must be recorded (kept ≥ 3 years, C5-07).
        rule_ids: the DOMAIN.md rules applied.
        outcome: a summary code for exercises: ``never``, ``no_consent``, ``contract``,
            ``consent_general``, ``consent_separate``.
    """

    allowed: bool
    possible: bool
    consent: str | None
    contract: str | None
    log: bool
    rule_ids: tuple[str, ...]
    outcome: str


# recipient -> (possible, consent needed, contract, log, rule ids, outcome)
_TABLE: dict[str, tuple] = {
    "authority": (True, None, None, True, ("C5-05", "C5-07"), "no_consent"),
    "insurer": (True, None, "agency", True, ("C5-04", "C5-08"), "contract"),
    "entrusted_processor": (True, None, "entrustment", True, ("C5-07",), "contract"),
    "third_party": (True, "separate", None, True, ("C5-06", "C5-05"), "consent_separate"),
    "public": (True, "separate", None, True, ("C5-06",), "consent_separate"),
    "colleague": (True, "general", None, True, ("C5-01", "C5-05"), "consent_general"),
    "new_employer": (False, None, None, False, ("C5-05", "C5-08"), "never"),
    "agent_recording": (False, None, None, False, ("C5-03",), "never"),
}
OUTCOMES = ("never", "no_consent", "contract", "consent_general", "consent_separate")
SALE_RULE_IDS = ("C6-15", "C6-14", "C5-05")


def may_share(request: Mapping) -> Decision:
    """Whether a client's information may be provided as ``request`` describes (C5-03…C5-08).

    Args:
        request: a mapping with ``recipient`` (one of :data:`RECIPIENTS`) and optionally
            ``consent`` (the consent type already obtained, a ``CONSENT_TYPES`` code or None)
            and ``sale`` (True when the information is sold or provided for a price or benefit).

    Returns:
        A :class:`Decision`; e.g. ``may_share({"recipient": "third_party"})`` is not allowed and
        needs ``"separate"`` consent; with ``consent="separate"`` it is allowed. With
        ``sale=True`` the answer is ``never`` for every recipient and every consent.

    Raises:
        InputError: a request without a known recipient, with an unknown consent type or with a
        ``sale`` that is not True/False.
    """
    if not isinstance(request, Mapping) or request.get("recipient") not in _TABLE:
        got = request.get("recipient") if isinstance(request, Mapping) else request
        raise InputError("ch5.error.unknown_recipient", recipient=got, known="、".join(RECIPIENTS))
    given = request.get("consent")
    if given not in _STRENGTH:
        raise InputError("ch5.error.unknown_consent", consent=given)
    sale = request.get("sale", False)
    if not isinstance(sale, bool):
        raise InputError("ch5.error.bad_sale", value=sale)
    if sale:
        return Decision(False, False, None, None, False, SALE_RULE_IDS, "never")
    possible, consent, contract, log, rule_ids, outcome = _TABLE[request["recipient"]]
    allowed = possible and _STRENGTH[given] >= _STRENGTH[consent]
    return Decision(allowed, possible, consent, contract, log, rule_ids, outcome)
