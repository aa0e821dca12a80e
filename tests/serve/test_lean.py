"""The server's per-page and per-message savings (clientkit.serve.lean, issue 11)."""
import logging
from types import SimpleNamespace

import jinja2
from jupyter_client.session import Session
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from clientkit.serve import lean
from clientkit.serve.lean import TemplateBytecodeCache, activity_recorder


def frames(session: Session, msg_type: str, content: dict, parent_type: str | None) -> list[bytes]:
    parent = session.msg("execute_request" if parent_type is None else parent_type, {})
    msg = session.msg(msg_type, content, parent=parent if parent_type else None)
    return session.serialize(msg, ident=[b"kernel.abc.iopub"])


def watched():
    session = Session(key=b"secret")
    kernel = SimpleNamespace(session=session, execution_state="starting", last_activity=None)
    # jupyter_server's own list of message types that are not activity (comm_info_*, kernel_info_request,
    # stream, status … are not)
    manager = SimpleNamespace(track_message_type=AsyncMappingKernelManager().track_message_type,
                              last_kernel_activity=None)
    return session, kernel, manager, activity_recorder(manager, "abc", kernel)


def test_status_messages_set_the_execution_state_as_jupyter_server_does():
    session, kernel, manager, record = watched()
    record(frames(session, "status", {"execution_state": "busy"}, "kernel_info_request"))
    assert kernel.execution_state == "idle"  # after starting, an untracked parent normalises to idle
    record(frames(session, "status", {"execution_state": "busy"}, "execute_request"))
    assert kernel.execution_state == "busy" and kernel.last_activity is not None
    first = kernel.last_activity
    record(frames(session, "stream", {"name": "stdout", "text": "x"}, "execute_request"))
    assert kernel.last_activity >= first and manager.last_kernel_activity == kernel.last_activity
    record(frames(session, "status", {"execution_state": "idle"}, "execute_request"))
    assert kernel.execution_state == "idle"


def test_untracked_traffic_of_an_idle_kernel_is_not_activity():
    session, kernel, manager, record = watched()
    kernel.execution_state = "idle"
    record(frames(session, "comm_info_reply", {}, "comm_info_request"))
    record(frames(session, "status", {"execution_state": "busy"}, "kernel_info_request"))
    assert kernel.last_activity is None and kernel.execution_state == "idle"
    record(frames(session, "comm_msg", {}, "comm_msg"))  # a widget's message is activity
    assert kernel.last_activity is not None


def test_a_malformed_message_is_ignored():
    _session, kernel, _manager, record = watched()
    record([b"<IDS|MSG>", b"sig", b"not json", b"{}", b"{}", b"{}"])
    record([b"no delimiter"])
    assert kernel.execution_state == "starting" and kernel.last_activity is None


def test_a_template_is_compiled_once_for_every_environment_sharing_the_cache(monkeypatch):
    compiled = []
    original = jinja2.Environment._compile

    def spy(self, source, filename):
        compiled.append(filename)
        return original(self, source, filename)

    monkeypatch.setattr(jinja2.Environment, "_compile", spy)
    cache = TemplateBytecodeCache()
    templates = {"page.j2": "<p>{{ name }}</p>"}

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader(templates), bytecode_cache=cache)
        return env.get_template("page.j2").render(name="甲")

    assert render() == render() == "<p>甲</p>"
    assert len(compiled) == 1
    templates["page.j2"] = "<b>{{ name }}</b>"  # an edited template is compiled anew
    assert render() == "<b>甲</b>" and len(compiled) == 2


def test_every_voila_page_environment_shares_the_cache():
    from voila.exporter import VoilaExporter

    lean.share_template_cache()
    lean.share_template_cache()  # idempotent
    assert VoilaExporter()._create_environment().bytecode_cache is lean.TEMPLATE_CACHE


def test_debug_records_are_not_built_when_the_app_logs_at_info():
    log = logging.getLogger("clientkit.test.lean")
    log.setLevel(logging.DEBUG)
    lean.quiet_debug_logging(log, logging.INFO)
    assert not log.isEnabledFor(logging.DEBUG) and log.isEnabledFor(logging.INFO)
