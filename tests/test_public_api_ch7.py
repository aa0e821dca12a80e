"""Chapter 7 public API: scan settings and the 3-2-1 backup-plan check."""
import inspect

import clientkit


def test_chapter7_names():
    assert {"scan_settings", "check_backup_plan"} <= set(clientkit.__all__)
    assert list(inspect.signature(clientkit.scan_settings).parameters)[:3] == ["has_signature", "has_seal", "has_photo"]
    assert clientkit.scan_settings(has_seal=True)[0] == "colour"
    assert clientkit.check_backup_plan({"copies": 1, "media": ["disk"], "offsite": True, "restore_test_months": 3}) == ["copies", "media"]
