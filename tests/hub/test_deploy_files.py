"""deploy/jupyterhub: the hub configuration loads and says what README promises; the
Zero-to-JupyterHub values and the Dockerfile are checked as text (they cannot be built here)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"
pytest.importorskip("jupyterhub")


@pytest.fixture
def hub_config(tmp_path, monkeypatch):
    from traitlets.config import Config

    db = tmp_path / "store.db"
    monkeypatch.setenv("CLIENTKIT_DB_URL", f"sqlite:///{db}")
    monkeypatch.setenv("CLIENTKIT_HUB_STATE", str(tmp_path / "hub"))
    monkeypatch.delenv("CLIENTKIT_HOME", raising=False)
    config = Config()
    source = (DEPLOY / "jupyterhub_config.py").read_text(encoding="utf-8")
    exec(compile(source, "jupyterhub_config.py", "exec"), {"get_config": lambda: config})
    return config, db


def test_hub_config_migrates_the_store_and_sets_the_promised_options(hub_config):
    c, db = hub_config
    from clientkit.store import Store
    from clientkit.store.engine import current_revision, head_revision

    with Store.open(f"sqlite:///{db}") as store, store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()  # migrated at start-up
    assert c.JupyterHub.authenticator_class.__name__ == "StoreAuthenticator"
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    assert c.Spawner.default_url == "/voila/render/index.ipynb"
    assert c.Spawner.environment["CLIENTKIT_IDENTITY"] == "hub"
    assert c.Spawner.environment["CLIENTKIT_DB_URL"] == f"sqlite:///{db}"
    assert (Path(c.Spawner.environment["JUPYTER_CONFIG_PATH"]) / "jupyter_server_config.json").is_file()
    # the users' kernels as light as under clientkit serve: no Alembic import, no pyarrow
    assert c.Spawner.environment["CLIENTKIT_SCHEMA_HEAD"] == head_revision()
    assert c.Spawner.environment["CLIENTKIT_NO_PYARROW"] == "1"
    assert c.Spawner.mem_limit == "1G" and c.Spawner.cpu_limit == 1.0
    culler = [s for s in c.JupyterHub.services if s["name"] == "idle-culler"]
    assert culler and "--timeout=1800" in culler[0]["command"]
    assert c.StoreAuthenticator.admin_from_store is False


def test_hub_config_refuses_to_start_without_the_store(monkeypatch):
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    source = (DEPLOY / "jupyterhub_config.py").read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match="CLIENTKIT_DB_URL"):
        exec(compile(source, "jupyterhub_config.py", "exec"), {"get_config": lambda: None})


def test_values_yaml_parses_and_matches_the_local_config():
    values = yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == \
        "clientkit.hub.authenticator.StoreAuthenticator"
    single = values["singleuser"]
    assert single["defaultUrl"] == "/voila/render/index.ipynb"
    assert single["extraEnv"]["CLIENTKIT_IDENTITY"] == "hub"
    assert single["extraEnv"]["CLIENTKIT_DB_URL"]["valueFrom"]["secretKeyRef"]["name"] == "clientkit-db"
    assert single["memory"]["limit"] and single["cpu"]["limit"]
    assert single["storage"]["type"] == "none"
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert "migrate_store()" in values["hub"]["extraConfig"]["clientkit-migrate"]


def test_dockerfile_sanity():
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    stages = re.findall(r"^FROM (\S+)(?: AS (\w+))?$", text, flags=re.M)
    assert [name for _, name in stages] == ["wheel", "hub", "singleuser"]
    assert all(":" in image and not image.endswith(":latest") for image, _ in stages)  # pinned tags
    final = text.split("AS singleuser", 1)[1]
    assert re.search(r"^USER 1000$", final, flags=re.M)  # not root
    assert 'CMD ["jupyterhub-singleuser"]' in final
    assert "clientkit-*.whl" in final and "jupyter_server_config.json" in final
    for line in text.splitlines():  # every instruction is one Docker knows
        word = line.split(" ", 1)[0]
        if line and not line.startswith(("#", " ")):
            assert word in {"FROM", "WORKDIR", "COPY", "RUN", "USER", "ENV", "EXPOSE", "CMD"}, line
