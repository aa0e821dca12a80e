"""Errors a library user can read (issue 8 §5): ``str()`` is the Chinese message, the key stays."""
import pickle
import re

import pytest

import clientkit

from clientkit.errors import AnswerError, CalendarError, ClientkitError, InputError

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_str_of_a_library_error_is_its_chinese_message():
    with pytest.raises(InputError) as info:
        clientkit.minor_death_cap(30)
    err = info.value
    assert str(err) == err.message()
    assert HAN.search(str(err)) and "30" in str(err)
    assert "ch4.error" not in str(err) and "{" not in str(err)
    assert err.key == "ch4.error.not_minor"  # the catalog key stays available
    assert err.context == {"value": 30}


@pytest.mark.parametrize("cls", [ClientkitError, InputError, AnswerError, CalendarError])
def test_default_keys_read_as_chinese(cls):
    err = cls()
    assert HAN.search(str(err)), str(err)
    assert err.key == cls.default_key


def test_error_survives_pickling_with_key_and_context():
    err = pickle.loads(pickle.dumps(InputError("ch2.error.unknown_value", field="x", value="y")))
    assert type(err) is InputError
    assert (err.key, err.context) == ("ch2.error.unknown_value", {"field": "x", "value": "y"})
    assert str(err) == err.message()
