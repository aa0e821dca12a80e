"""The instance folder is resolved once, where the command runs (issue 8 §1)."""
import os
import subprocess
import sys

from clientkit import config


def test_default_home_is_var_of_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("CLIENTKIT_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert config.home() == tmp_path / "var"


def test_a_new_instance_folder_is_private(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "inst"))
    assert (config.home().stat().st_mode & 0o777) == 0o700


def test_pinned_home_reaches_a_child_running_elsewhere(tmp_path, monkeypatch):
    monkeypatch.delenv("CLIENTKIT_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    pinned = config.pin_home()
    assert os.environ["CLIENTKIT_HOME"] == str(tmp_path / "var") == str(pinned)
    elsewhere = tmp_path / "notebooks"
    elsewhere.mkdir()
    child = subprocess.run([sys.executable, "-c", "from clientkit import config; print(config.home())"],
                           cwd=elsewhere, capture_output=True, text=True, check=True)
    assert child.stdout.strip() == str(tmp_path / "var")
    assert not (elsewhere / "var").exists()


def test_content_comes_from_the_repository_in_a_checkout(monkeypatch):
    monkeypatch.delenv("CLIENTKIT_EXERCISES", raising=False)
    assert config.exercises_dir() == config.REPO_ROOT / "exercises"
    assert (config.sample_data_dir() / "products.csv").is_file()
    monkeypatch.setenv("CLIENTKIT_EXERCISES", "/srv/company-exercises")
    assert str(config.exercises_dir()) == "/srv/company-exercises"
