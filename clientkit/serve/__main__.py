"""``python -m clientkit.serve [--host H] [--port N] [--lan] [--open]``."""
from __future__ import annotations

import argparse

from clientkit.serve import run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m clientkit.serve",
                                     description="启动客户档案管理培训网页（Voila）")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认仅本机）")
    parser.add_argument("--port", type=int, default=8866, help="端口（默认 8866）")
    parser.add_argument("--lan", action="store_true", help="允许局域网访问（监听 0.0.0.0）")
    parser.add_argument("--open", action="store_true", help="启动后打开浏览器")
    parser.add_argument("--kernels-per-user", type=int, default=None,
                        help="每个用户最多同时打开的页面数（默认 3）")
    parser.add_argument("--kernel-pool", type=int, default=None,
                        help="预先启动、等待用户的内核数（默认 2；0 表示不预启动；上课前可设为班级人数）")
    args = parser.parse_args(argv)
    run(host=args.host, port=args.port, lan=args.lan, open_browser=args.open,
        kernels_per_user=args.kernels_per_user, kernel_pool=args.kernel_pool)


if __name__ == "__main__":
    main()
