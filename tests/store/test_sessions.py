"""Class sessions, minimal for now (clientkit/store/sessions.py)."""
from __future__ import annotations

import pytest

from clientkit.errors import InputError
from clientkit.store.sessions import CODE_ALPHABET, CODE_LENGTH


def test_create_and_find_session_by_code(store, agents):
    trainer = store.add_user("trainer", "pw-123456", role="trainer")
    made = store.create_session(name="三月新人班", trainer_id=trainer.id, chapters=[1, 3], mode="assessment",
                                item_count=12, time_limit_s=900)
    code = made["code"]
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("01OI")  # no look-alike characters
    found = store.find_session(f"  {code.lower()} ")
    assert found == made
    assert (found["name"], found["chapters"], found["mode"], found["item_count"], found["time_limit_s"]) == (
        "三月新人班", [1, 3], "assessment", 12, 900)
    assert found["closed_at"] is None and found["reveal"] is False
    assert store.find_session("0OI1") is None  # cannot be a code
    other = store.create_session(name="二班", trainer_id=trainer.id, chapters=[2])
    assert other["code"] != code and other["mode"] == "practice"


def test_session_with_unknown_mode_is_refused(store, agents):
    with pytest.raises(InputError):
        store.create_session(name="x", trainer_id=agents["sup"].id, chapters=[1], mode="exam")
