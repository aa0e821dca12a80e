"""JupyterHub configuration for clientkit (README 「多人部署（JupyterHub）」, issue 12).

One single-user server per user (Voila as a jupyter_server extension with clientkit's template;
the default URL opens 首页), sign-in against the clientkit store, the store on PostgreSQL
(``CLIENTKIT_DB_URL``, migrated once here at hub start-up), idle servers culled by
``jupyterhub-idle-culler``. Run:  ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py``.

Settings from the environment (all optional except the store):

  CLIENTKIT_DB_URL            the shared store, e.g. postgresql+psycopg://user:pw@db:5432/clientkit
  CLIENTKIT_HUB_STATE         folder for the hub's own state (its SQLite, cookie secret); ./var/hub
  CLIENTKIT_HOME              instance folder read by every server (settings.yaml, holidays.yaml)
  CLIENTKIT_HUB_IP / _PORT    where the proxy listens (127.0.0.1 / 8000)
  CLIENTKIT_HUB_SPAWNER       "local" (LocalProcessSpawner: one system account per user, the
                              default) or "simple" (SimpleLocalProcessSpawner: every server as
                              the hub's account; for a laptop and the tests only)
  CLIENTKIT_HUB_CULL_IDLE_S   stop a server idle this long (1800)
  CLIENTKIT_HUB_CULL_EVERY_S  how often the culler looks (300)
  CLIENTKIT_HUB_MEM_LIMIT     per-user memory limit ("1G")
  CLIENTKIT_HUB_CPU_LIMIT     per-user CPU limit (1.0)
  CLIENTKIT_HUB_ADMINS_FROM_STORE  "1": clientkit admins are hub admins (off by default)
  CLIENTKIT_HUB_PROXY_CMD     the configurable-http-proxy command (found on PATH otherwise)
"""
import os
import sys
from pathlib import Path

from clientkit import NO_PYARROW_ENV
from clientkit import config as ck_config
from clientkit.hub import migrate_store
from clientkit.hub.authenticator import StoreAuthenticator
from clientkit.store.engine import HEAD_ENV, head_revision

c = get_config()  # noqa: F821  (provided by JupyterHub when it reads this file)
env = os.environ

if not env.get("CLIENTKIT_DB_URL"):
    sys.exit("clientkit: 请设置 CLIENTKIT_DB_URL（共享的 PostgreSQL 数据库地址）后再启动 JupyterHub。")

# -- the store: migrated once, here, before any server starts --------------------------------
print(f"clientkit: store ready at {migrate_store()}", file=sys.stderr)

state = Path(env.get("CLIENTKIT_HUB_STATE") or "var/hub").resolve()
state.mkdir(parents=True, exist_ok=True, mode=0o700)
instance = Path(env.get("CLIENTKIT_HOME") or state / "instance").resolve()
instance.mkdir(parents=True, exist_ok=True, mode=0o700)
hub_data = Path(ck_config.__file__).with_name("hub")

# -- the hub and its proxy ---------------------------------------------------------------------
c.JupyterHub.ip = env.get("CLIENTKIT_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(env.get("CLIENTKIT_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env.get("CLIENTKIT_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env.get('CLIENTKIT_HUB_PROXY_API_PORT', '8001')}"
if env.get("CLIENTKIT_HUB_PROXY_CMD"):
    c.ConfigurableHTTPProxy.command = [env["CLIENTKIT_HUB_PROXY_CMD"]]
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.template_paths = [str(hub_data / "templates")]
c.JupyterHub.cleanup_servers = True

# -- sign-in: the clientkit store ---------------------------------------------------------------
c.JupyterHub.authenticator_class = StoreAuthenticator
c.StoreAuthenticator.admin_from_store = env.get("CLIENTKIT_HUB_ADMINS_FROM_STORE") == "1"
c.Authenticator.manage_groups = True          # the role arrives as group clientkit-<role>
c.Authenticator.auth_refresh_age = 300        # re-check the store (deactivation) every 5 min
c.Authenticator.refresh_pre_spawn = True
# LDAP/AD instead (pip install jupyterhub-ldapauthenticator), users and roles still from the store:
#   c.JupyterHub.authenticator_class = "ldapauthenticator.LDAPAuthenticator"
#   c.LDAPAuthenticator.server_address = "ldap.example.com"  ... (see the README)
#   from clientkit.hub import store_post_auth_hook
#   c.Authenticator.post_auth_hook = store_post_auth_hook
#   c.Authenticator.allow_all = True

# -- one server per user: Voila with clientkit's template, 首页 first ---------------------------
if env.get("CLIENTKIT_HUB_SPAWNER", "local") == "simple":
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "homes" / "{username}")
    if os.geteuid() == 0:  # CI and containers run as root; every server is then root too
        c.Spawner.args = ["--allow-root"]
else:
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(ck_config.notebooks_dir().resolve())
c.Spawner.default_url = "/voila/render/index.ipynb"
c.Spawner.environment = {
    "CLIENTKIT_IDENTITY": "hub",                   # trust JUPYTERHUB_USER (clientkit.hub.identity)
    "CLIENTKIT_DB_URL": env["CLIENTKIT_DB_URL"],
    "CLIENTKIT_HOME": str(instance),
    "JUPYTER_CONFIG_PATH": str(hub_data / "data"),  # jupyter_server_config.json: Voila only
    # lighter kernels, as under clientkit serve (issue 11): the schema revision the hub just
    # migrated to (kernels compare it with plain SQL instead of importing Alembic), and pandas
    # without pyarrow (same values and dtypes; "0" keeps pyarrow)
    HEAD_ENV: head_revision(),
    NO_PYARROW_ENV: env.get(NO_PYARROW_ENV, "1"),
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
# Per-user limits. KubeSpawner enforces them; Local/SimpleLocalProcessSpawner only pass them on
# as MEM_LIMIT / CPU_LIMIT and cannot enforce them (use systemdspawner or Kubernetes for that).
c.Spawner.mem_limit = env.get("CLIENTKIT_HUB_MEM_LIMIT", "1G")
c.Spawner.cpu_limit = float(env.get("CLIENTKIT_HUB_CPU_LIMIT", "1.0"))

# -- idle culling -------------------------------------------------------------------------------
cull_idle_s = int(env.get("CLIENTKIT_HUB_CULL_IDLE_S", "1800"))
cull_every_s = int(env.get("CLIENTKIT_HUB_CULL_EVERY_S", "300"))
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={cull_idle_s}", f"--cull-every={cull_every_s}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
# The single-user server reports activity this often; keep it below the idle timeout.
c.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = str(max(5, min(300, cull_idle_s // 3)))
c.JupyterHub.last_activity_interval = max(5, min(300, cull_every_s))
