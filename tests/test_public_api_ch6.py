"""Chapter 6 public API (issue text): names and exact signatures."""
import inspect

import clientkit


def test_criminal_threshold_met_signature():
    assert "criminal_threshold_met" in clientkit.__all__
    assert str(inspect.signature(clientkit.criminal_threshold_met)) == \
        "(counts: 'Mapping[str, int]', *, insider: 'bool', gains: 'float' = 0) -> 'bool'"   # issue 9: gains
    assert clientkit.criminal_threshold_met({"track_property": 30}, insider=True)
    assert clientkit.criminal_threshold_met({"other": 10}, insider=True, gains=3000)    # 两高解释第5条(七)(八)


def test_dual_recording_qc_minimum_signature():
    assert "dual_recording_qc_minimum" in clientkit.__all__
    assert str(inspect.signature(clientkit.dual_recording_qc_minimum)) == "(total: 'int', mandatory: 'int') -> 'int'"
    assert clientkit.dual_recording_qc_minimum(400, 50) == 120
