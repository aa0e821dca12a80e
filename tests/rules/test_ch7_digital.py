"""Chapter-7 checks on a documents table built by hand, the calculators of DOMAIN.md §7.2 and the
generator's document metadata."""
import numpy as np
import pandas as pd
import pytest

from clientkit.errors import InputError
from clientkit.generate import generate_book
from clientkit.model.book import Book
from clientkit.model.frames import coerce_frame
from clientkit.rules.audit import audit
from clientkit.rules.ch7_digital import check_backup_plan, document_problems, sample_documents, scan_settings

SHA = "ab" * 32
BASE = {"client_id": "C1", "policy_id": "P1", "doc_type": "application", "has_signature": True, "has_seal": True,
        "has_photo": False, "dpi": 300, "colour_mode": "colour", "file_format": "tiff", "pages": 2, "sha256": SHA,
        "created_by": "A0001", "created_at": "2025-03-01 10:00", "held_by": "公司档案室", "edited": False}


def _audit(rows):
    docs = pd.DataFrame([{**BASE, "document_id": f"D{i}", **r} for i, r in enumerate(rows, start=1)])
    book = Book({"documents": coerce_frame(docs, "documents")[0]})
    found = audit(book, on="2025-06-30", chapter=7)
    return sorted(zip(found["rule_id"], found["row"].astype(int), found["field"]))


@pytest.mark.parametrize("row,expected", [
    ({}, []),
    ({"dpi": 199}, [("C7-04", 0, "dpi")]),
    ({"dpi": 200, "doc_type": "clauses", "has_signature": False, "has_seal": False, "colour_mode": "binary"}, []),
    ({"file_format": "png"}, [("C7-04", 0, "file_format")]),
    ({"file_format": "pdf"}, [("C7-04", 0, "file_format")]),
    ({"colour_mode": "grey"}, [("C7-06", 0, "colour_mode")]),
    ({"doc_type": "id_copy", "has_signature": False, "has_seal": False, "has_photo": True, "colour_mode": "binary"},
     [("C7-06", 0, "colour_mode")]),
    ({"created_by": None}, [("C7-01", 0, "created_by")]),
    ({"created_at": None}, [("C7-01", 0, "created_at")]),
    ({"sha256": SHA[:63]}, [("C7-02", 0, "sha256")]),
    ({"sha256": "zz" * 32}, [("C7-02", 0, "sha256")]),
    ({"sha256": None}, [("C7-02", 0, "sha256")]),
    ({"doc_type": "dual_recording", "has_signature": False, "has_seal": False, "dpi": None, "colour_mode": None,
      "file_format": "mp4", "edited": True}, [("C7-09", 0, "edited")]),
    # a recording is not a scan: no dpi, mp4 and no colour mode are fine
    ({"doc_type": "dual_recording", "has_signature": False, "has_seal": False, "dpi": None, "colour_mode": None,
      "file_format": "mp4"}, []),
    # an edited scan is not C7-09 (only recordings must never be edited)
    ({"edited": True}, []),
])
def test_document_checks(row, expected):
    assert _audit([row]) == expected


def test_empty_documents_table_audits_clean():
    assert len(audit(Book.empty(), on="2025-06-30", chapter=7)) == 0


@pytest.mark.parametrize("flags,expected", [
    ({"has_photo": True}, ("colour", 200)),                             # 身份证复印件 with photo
    ({"has_signature": True, "has_seal": True}, ("colour", 200)),       # 投保单 with signatures and red seal
    ({}, ("binary", 200)),                                              # black-on-white 条款
    ({"poor_legibility": True}, ("grey", 300)),                         # faded carbon copy
    ({"small_text": True}, ("binary", 300)),
    ({"illustrations": True}, ("grey", 200)),
    ({"has_signature": True, "high_fidelity": True}, ("colour", 600)),
    ({"has_signature": True, "poor_legibility": True}, ("colour", 300)),
])
def test_scan_settings_domain_examples(flags, expected):
    mode, dpi, formats = scan_settings(**flags)
    assert (mode, dpi) == expected and formats == ("tiff", "jpeg", "jp2")


def test_scan_settings_rejects_non_bool():
    with pytest.raises(InputError):
        scan_settings(has_photo="yes")


@pytest.mark.parametrize("plan,expected", [
    ({"copies": 3, "media": ["disk", "tape"], "offsite": True, "restore_test_months": 6}, []),
    ({"copies": 3, "media": ["disk", "tape"], "offsite": True, "restore_test_months": 7}, ["restore_test"]),
    ({"copies": 2, "media": ["disk"], "offsite": False, "offline": False, "restore_test_months": None},
     ["copies", "media", "offsite", "restore_test"]),
    ({"copies": 4, "media": ["cloud", "cloud"], "offsite": True, "restore_test_months": 1}, ["media"]),
    ({"copies": 3, "media": ["disk", "cloud"], "offsite": False, "offline": True, "restore_test_months": 3}, ["offsite"]),
])
def test_backup_plans(plan, expected):
    assert check_backup_plan(plan) == expected


@pytest.mark.parametrize("plan", [{}, {"copies": "3", "media": [], "offsite": True}, {"copies": 3, "media": "disk", "offsite": True},
                                  {"copies": 3, "media": [], "offsite": True, "restore_test_months": 0}, None])
def test_bad_backup_plans(plan):
    with pytest.raises(InputError):
        check_backup_plan(plan)


def test_document_problems_on_sample_metadata():
    docs = sample_documents(np.random.default_rng(5), 40)
    problems = document_problems(docs)
    for i, p in problems.items():
        r = docs.loc[i]
        missing = r["created_by"] is None or r["created_at"] is None
        edited_rec = r["doc_type"] == "dual_recording" and r["edited"]
        assert (p is not None) == (missing or not r["sha256_ok"] or edited_rec)
    assert problems.notna().sum() >= 5


def test_generated_documents_are_clean_and_plausible():
    book = generate_book(300, seed=5)
    docs = book.documents
    assert len(docs) >= 4 * len(book.policies)
    assert len(audit(book, chapter=7)) == 0
    rec = docs[docs["doc_type"] == "dual_recording"]
    assert set(rec["policy_id"]) == set(book.policies.loc[book.policies["dual_recorded"].fillna(False).astype(bool), "policy_id"])
    assert docs["sha256"].str.fullmatch(r"[0-9a-f]{64}").all() and docs["sha256"].is_unique
    scans = docs[docs["doc_type"] != "dual_recording"]
    assert (scans.loc[scans["has_signature"] | scans["has_seal"] | scans["has_photo"], "colour_mode"] == "colour").all()


def test_generated_defects_are_found():
    book = generate_book(400, seed=9, defect_rate=0.3)
    planted = book.defects[book.defects["rule_id"].str.startswith("C7")]
    assert len(planted) >= 3
    found = audit(book, chapter=7)
    assert sorted(zip(found["rule_id"], found["client_id"], found["field"])) == sorted(map(tuple, planted.to_numpy().tolist()))
    assert len(book.documents) >= 4 * len(book.policies)
    assert not set(planted["client_id"]) & set(book.defects.loc[~book.defects["rule_id"].str.startswith("C7"), "client_id"])


@pytest.mark.parametrize("total,sampled,defective,expected", [
    (4000, 200, 14, ["pass_rate"]),          # knowledge q17: 186 / 200 = 93 % < 95 %
    (4000, 200, 10, []),                     # exactly 5 % sampled, exactly 95 % passed: both 含本数
    (4000, 199, 0, ["sample"]),
    (4000, 150, 30, ["sample", "pass_rate"]),
    (10, 1, 0, []),
])
def test_qc_verdict(total, sampled, defective, expected):
    from clientkit.rules.ch7_digital import qc_verdict

    assert qc_verdict(total, sampled, defective) == expected


@pytest.mark.parametrize("args", [(10, 0, 0), (10, 11, 0), (10, 5, 6), (10.0, 5, 1), (10, 5, -1)])
def test_qc_verdict_bad_counts(args):
    from clientkit.rules.ch7_digital import qc_verdict

    with pytest.raises(InputError):
        qc_verdict(*args)
