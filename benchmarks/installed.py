"""The environment the benchmarks run hncc in: as a user has it after `pip install`.

pip compiles a package's bytecode when it installs it; an editable install writes it on the first
run. With PYTHONDONTWRITEBYTECODE set (some shells and CI images set it), every run of an editable
install would compile hncc again (about 60 ms on this machine) and the figures would measure the
compiler, not hncc. So the benchmarks compile hncc once and run it without that variable.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def environment(**extra: str) -> dict[str, str]:
    """os.environ without PYTHONDONTWRITEBYTECODE and HNCC_NO_CACHE, plus `extra`; hncc compiled."""
    compileall.compile_dir(REPO / "hncc", quiet=1)
    env = {**os.environ, **extra}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("HNCC_NO_CACHE", None)
    return env
