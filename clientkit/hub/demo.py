"""Demo accounts for ``./dev hub`` (a throwaway store): ``python -m clientkit.hub.demo``.

Creates two agents and a supervisor with generated passwords (printed once, in Chinese) unless
the store already has users. These passwords need not be changed (``must_change_password``
stays off, so the demo opens 首页 at once); they are for trying the set-up only.
"""
from __future__ import annotations

import sys

from clientkit.auth import ROLE_LABELS

DEMO = (
    ("demo_agent1", "agent", "示范业务员一"),
    ("demo_agent2", "agent", "示范业务员二"),
    ("demo_supervisor", "supervisor", "示范主管"),
)


def seed(store) -> list[tuple[str, str, str]]:
    """``[(username, role, password)]`` created now; [] when the store already has users."""
    from clientkit.store.passwords import generate_password

    if store.list_users():
        return []
    created = []
    for username, role, display in DEMO:
        password = generate_password()
        store.add_user(username, password, role=role, team="示范团队", display_name=display)
        created.append((username, role, password))
    return created


def main(url: str) -> int:
    from clientkit.store import Store

    store = Store.open()
    try:
        created = seed(store)
    finally:
        store.close()
    print(f"\nclientkit 多人部署（JupyterHub）正在启动，就绪后请在浏览器中打开：{url}")
    if created:
        print("示范账号（密码只显示这一次）：")
        for username, role, password in created:
            print(f"  {ROLE_LABELS[role]}　用户名 {username}　密码 {password}")
    else:
        print("数据库中已有账号，未创建示范账号。")
    print("按 Ctrl+C 停止（临时数据库随之删除）。\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/"))
