"""Kernels forked from the fork server (clientkit.serve.forking, issue 11): a real fork server,
real kernels started by jupyter_client's kernel manager through ForkProvisioner."""
import asyncio
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from jupyter_client.manager import AsyncKernelManager

from clientkit.serve import forking
from clientkit.serve.forking import ForkedProcess, kernel_command


def manager() -> AsyncKernelManager:
    return AsyncKernelManager(kernel_name="python3")


@pytest.fixture(autouse=True, scope="module")
def fork_provisioner():
    forking.use_fork_provisioner()
    yield
    forking.use_fork_provisioner(False)


async def run(km: AsyncKernelManager, code: str) -> str:
    """``code``'s last expression as text (execute_result), via a kernel client."""
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        reply = await client.execute_interactive(code, timeout=60, output_hook=outputs.append)
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result")
    finally:
        outputs.clear()
        client.stop_channels()


outputs: list = []


@pytest.fixture(scope="module")
def fork_server():
    env = {k: v for k, v in os.environ.items() if not k.startswith("HTTP_")}
    proc = forking.start_fork_server(env)
    assert asyncio.run(forking.wait_until_ready(120)), "the fork server did not start"
    yield proc
    forking.stop_fork_server()


def test_a_kernel_is_forked_warm_and_gets_its_own_environment(fork_server, tmp_path):
    async def scenario():
        km = manager()
        env = {**os.environ, "CLIENTKIT_TEST_MARK": "甲", "HTTP_COOKIE": "clientkit_session=x"}
        await km.start_kernel(env=env, cwd=str(tmp_path))
        try:
            pid = km.provisioner.pid
            assert isinstance(km.provisioner.process, ForkedProcess)
            assert psutil.Process(pid).ppid() == fork_server.pid          # forked, not started cold
            assert os.getpgid(pid) == pid                                   # its own process group
            # warm: the page's modules were imported before the kernel ran any code
            assert await run(km, "import sys; 'clientkit.ui.home' in sys.modules") == "True"
            assert await run(km, "import os; os.environ['CLIENTKIT_TEST_MARK'] + '|' + os.getcwd()") == \
                repr("甲|" + str(tmp_path))
            # the widget comm targets exist (ipywidgets was imported before the kernel existed)
            assert await run(km, "get_ipython().kernel.comm_manager.targets.keys() >= "
                                 "{'jupyter.widget', 'jupyter.widget.control'}") == "True"
        finally:
            await km.shutdown_kernel(now=True)
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        return pid

    asyncio.run(scenario())


def test_two_forked_kernels_are_separate_processes_with_separate_random_state(fork_server):
    async def scenario():
        kms = [manager(), manager()]
        for km in kms:
            await km.start_kernel()
        try:
            pids = {km.provisioner.pid for km in kms}
            draws = [await run(km, "import random, numpy; (random.random(), float(numpy.random.rand()))")
                     for km in kms]
            assert len(pids) == 2 and draws[0] != draws[1]
            assert all(repr(d) not in draws[0] for d in draws[1].strip("()").split(", "))
        finally:
            for km in kms:
                await km.shutdown_kernel(now=True)

    asyncio.run(scenario())


def test_an_interrupt_reaches_the_forked_kernel(fork_server):
    async def scenario():
        km = manager()
        await km.start_kernel()
        client = km.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            msg_id = client.execute("import time; time.sleep(60)")
            await asyncio.sleep(1)
            await km.interrupt_kernel()
            while True:
                reply = await client.get_shell_msg(timeout=20)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            assert reply["content"]["status"] == "error"
            assert reply["content"]["ename"] == "KeyboardInterrupt"
        finally:
            client.stop_channels()
            await km.shutdown_kernel(now=True)

    asyncio.run(scenario())


def test_without_a_fork_server_the_kernel_starts_cold():
    folder = forking._server.get("folder")
    forking.stop_fork_server()  # (the fork server of the tests above, if they ran)
    assert not forking.fork_server_ready()
    assert folder is None or not folder.exists()  # its socket's folder is removed

    async def scenario():
        km = manager()
        await km.start_kernel()
        try:
            assert not isinstance(km.provisioner.process, ForkedProcess)
            assert psutil.Process(km.provisioner.pid).ppid() == os.getpid()
            assert await run(km, "1 + 1") == "2"
        finally:
            await km.shutdown_kernel(now=True)

    asyncio.run(scenario())


def test_only_this_interpreters_ipykernel_is_forked():
    here = sys.executable
    assert kernel_command([here, "-m", "ipykernel_launcher", "-f", "c.json"]) == ["-f", "c.json"]
    assert kernel_command(["/opt/other-venv/bin/python", "-m", "ipykernel_launcher", "-f", "c.json"]) is None
    assert kernel_command([here, "-m", "other_kernel", "-f", "c.json"]) is None


def test_the_fork_server_and_its_kernels_end_when_the_server_is_killed(tmp_path):
    """A server killed with SIGKILL cannot shut its kernels down: the fork server notices its
    parent has gone and ends, and the kernels' parent poller ends them."""
    script = tmp_path / "server.py"
    script.write_text(
        "import asyncio, sys, time\n"
        "from clientkit.serve import forking\n"
        "from tests.serve.test_forking import manager\n"
        "forking.use_fork_provisioner(); forking.start_fork_server()\n"
        "assert asyncio.run(forking.wait_until_ready(120))\n"
        "async def go():\n"
        "    km = manager(); await km.start_kernel(); return km.provisioner.pid\n"
        "print(forking._server['proc'].pid, asyncio.run(go()), flush=True)\n"
        "time.sleep(600)\n")
    server = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                              cwd=os.getcwd(), env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        fork_pid, kernel_pid = map(int, server.stdout.readline().split())
        assert psutil.Process(kernel_pid).ppid() == fork_pid
        server.send_signal(signal.SIGKILL)
        server.wait()
        end = time.monotonic() + 30
        while time.monotonic() < end and any(_running(p) for p in (fork_pid, kernel_pid)):
            time.sleep(0.5)
        assert not _running(fork_pid) and not _running(kernel_pid)
    finally:
        if server.poll() is None:
            server.kill()


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_forked_process_is_watched_even_above_descriptor_1024():
    """A server with many kernels holds more than 1024 descriptors: select() cannot watch those
    (the N = 50 classroom bench failed a page with 'filedescriptor out of range in select()')."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.fail(f"the test needs a descriptor limit above 1200 (hard limit {hard})")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = []
    child = subprocess.Popen(["sleep", "30"])
    try:
        while not held or held[-1] < 1100:
            held.append(os.dup(0))
        watched = ForkedProcess(child.pid)
        assert watched._pidfd is None or watched._pidfd > 1024
        assert watched.poll() is None
        watched.kill()
        child.wait()  # we are its parent here, so we reap it (the fork server would)
        assert watched.wait(timeout=10) == 0 and watched.poll() == 0
    finally:
        for fd in held:
            os.close(fd)
        child.kill()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
