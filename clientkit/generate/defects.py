"""The planted-defect catalogue of the generator: what ``book.defects`` rows mean.

``generate_book(..., defect_rate=r)`` plants at most ONE defect per client in roughly ``r`` of the
clients and records each in ``book.defects`` (string columns ``rule_id``, ``client_id``,
``field``). The chapter-1 rules (``clientkit.rules``) and ``audit(book, on=on)`` must find exactly
these rows on a generated book — nothing more, nothing less. Every other value is valid, and each
defect is "clean": it triggers no other finding of this list. A defect-free generated book
(``defect_rate=0``) gives zero findings for all of them.

Conventions the rules can rely on (all apply to ``clients`` rows unless said otherwise):

* ``on`` is the reference date passed to ``generate_book`` (default 2026-06-30); months are added
  with 民法典 第201–202条 arithmetic (same day of month, else last day of month). The generator keeps
  a margin of ≥ 20 days from every threshold, so boundary conventions (< vs ≤) do not matter.
* Missing values (NA / empty) never count as invalid, inconsistent or duplicated; only C1-03 /
  C1-13 report emptiness. Cross-checks (ID ↔ birth date ↔ gender) run only when both sides are
  present and the ID is a valid 18-character number with ``id_type == "id_card"``.
* Every individual has ``id_type == "id_card"``. "Holder" = a client that is ``holder_id`` of ≥ 1
  policy. "Related" clients = connected through any policy (holder, insured, beneficiaries of the
  same policy) or through ``guardian_id``; a "family" is a connected component of that graph.

Catalogue (rule id, field → exact meaning):

1. ``C1-08 id_number`` — an individual with ``id_type "id_card"`` whose ``id_number`` fails
   ``validators.check_id_number`` (wrong check character, impossible date such as month 13 or
   Feb 30, a lowercase ``x`` or another letter, or length 17 / 19), and is NOT a 15-digit all-digit
   number (that is C1-09). No cross-check findings follow from an invalid ID.
2. ``C1-08 birth_date`` — the ID is valid but ``birth_date`` differs from the ID's date (positions
   7–14). Planted only on adults aged 25–60, shifted by 3–60 days (same age band, plausible).
3. ``C1-08 gender`` — the ID is valid but ``gender`` differs from the 17th digit (odd = male).
4. ``C1-09 id_number`` — an old 15-digit ID (GB 11643-1989: 6-digit region + YYMMDD + 3-digit
   sequence, no check digit) of an individual born 1950–1999; its date and 15th-digit gender agree
   with ``birth_date``/``gender``. Report it as C1-09 (upgrade needed), never as C1-08.
5. ``C1-10 uscc`` — an enterprise/group ``uscc`` failing ``validators.check_uscc`` (checksum,
   a forbidden letter I/O/Z/S/V, or length 17/19).
6. ``C1-11 phone`` — a non-empty ``clients.phone`` that is neither mobile nor landline
   (``validators.phone_kind`` is None) and consists of digits starting with ``1`` (10 or 12
   digits, or second digit 0–2 such as ``12xxxxxxxxx``). ``C1-12 phone`` — any other non-empty
   ``clients.phone`` with ``phone_kind`` None (landline-like: ``0755-123``, ``755-12345678``,
   ``020-12345``).
7. ``C1-03 <field>`` — an individual HOLDER with an empty field of ``schema.ROLE_REQUIRED["holder"]``
   (name, gender, birth_date, id_type, id_number, phone, address, occupation, annual_income).
   Insured persons and beneficiaries who are not holders always have the identity fields filled.
8. ``C1-13 <field>`` — an enterprise or group client with an empty column that ``schema`` requires
   for its type, other than the key/type/name/agent/created/archive columns: uscc, industry,
   legal_rep, phone, address, province, city, and employee_count for groups.
9. ``C1-14 updated_on`` — a holder whose FIRST policy (min ``sign_date``) was signed more than
   ``UPDATE_WITHIN_MONTHS`` months before ``on`` and who has no update in the window
   (sign_date, sign_date + 6 months]: ``updated_on``, ``verified_on`` and every ``updates`` row
   (``changed_on`` and ``recorded_on``) of the client fall outside it. Every other holder of that
   age has one of them inside the window.
   ``C1-14 last_contact_on`` — a client whose latest contact, max(``last_contact_on``, every
   ``interactions.occurred_on`` of the client), is older than ``STALE_CONTACT_MONTHS`` months
   before ``on``. Every other client (all types and roles) has ``last_contact_on`` within it.
10. ``C1-20 health_notes`` / ``C1-20 bank_account`` — the field is filled but the client has no
    ``consents`` row with ``data_category`` health (resp. financial_account), ``consent_type`` in
    {separate, written_separate}, ``given_on`` ≤ on and no ``withdrawn_on`` ≤ on. Planted by
    removing that row or giving it consent_type ``general``.
11. ``C1-21 birth_date`` — an insured child under 14 on ``on`` (aged ≤ 12) without a ``consents``
    row of ``data_category`` minor_under_14 and ``consent_type`` guardian. Non-defect children have
    one, ``given_by`` their parent who holds the policy (also ``guardian_id``).
12. ``C1-06 phone`` — either the client's phone equals the phone of the client's servicing agent
    (``agents.phone`` of ``clients.agent_id``), or the same phone is on clients of ≥
    ``DUPLICATE_PHONE_CLIENTS`` different families. One row per affected client (every client
    carrying that phone). Members of one family MAY share a phone (children often carry a
    parent's); that is not a finding. Contacts' and agents' phones are never counted as clients.

The thresholds below are defaults only: ``clientkit/rules/settings.py`` (the rules helper's
company settings, DOMAIN.md ⚠P) owns the authoritative values; keep them equal.
"""
from __future__ import annotations

# C1-14 "at least one update within 6 months after purchase" (seed §1.3, 📘H).
UPDATE_WITHIN_MONTHS = 6
# C1-14 "periodic checks for clients not contacted for a long time": re-check after 12 months (⚠P).
STALE_CONTACT_MONTHS = 12
# C1-06 / DOMAIN.md 1.2 ex. 7 "the same phone on > N unrelated clients" (⚠P): flagged from 3 families.
DUPLICATE_PHONE_CLIENTS = 3

KINDS = (
    ("C1-08", "id_number"),
    ("C1-08", "birth_date"),
    ("C1-08", "gender"),
    ("C1-09", "id_number"),
    ("C1-10", "uscc"),
    ("C1-11", "phone"),
    ("C1-12", "phone"),
    ("C1-03", "*"),
    ("C1-13", "*"),
    ("C1-14", "updated_on"),
    ("C1-14", "last_contact_on"),
    ("C1-20", "health_notes"),
    ("C1-20", "bank_account"),
    ("C1-21", "birth_date"),
    ("C1-06", "phone"),
)
