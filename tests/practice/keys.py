"""Helpers of the practice tests."""


def right_answer(key):
    """The answer a trainee would give for full marks on an item with ``key``."""
    if key.mode == "set":
        return sorted(key.answer) or [key.none_value]
    return key.answer
