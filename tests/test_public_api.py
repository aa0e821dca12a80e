"""The curated public API is a contract checked from outside: names and signatures pinned."""
import inspect

import clientkit

PINNED = {
    "check_id_number": "(s) -> 'str | None'",
    "check_uscc": "(s) -> 'str | None'",
    "phone_kind": "(s) -> 'str | None'",
    "mask": "(value, kind: 'str')",
    "generate_book": None,
    "audit": None,
}


def test_all_is_sorted_and_importable():
    assert clientkit.__all__ == sorted(clientkit.__all__)
    for name in clientkit.__all__:
        assert getattr(clientkit, name) is not None


def test_pinned_signatures():
    for name, sig in PINNED.items():
        fn = getattr(clientkit, name)
        if sig is not None:
            assert str(inspect.signature(fn)) == sig, name


def test_generate_book_signature():
    params = inspect.signature(clientkit.generate_book).parameters
    assert list(params)[:4] == ["n_clients", "seed", "defect_rate", "on"]
    assert params["seed"].default == 0 and params["defect_rate"].default == 0.0 and params["on"].default is None


def test_audit_signature():
    params = inspect.signature(clientkit.audit).parameters
    assert list(params)[:2] == ["book", "on"]
