"""Running this project's Python in a child process, as a deployment would."""

import os
import subprocess
import sys

from django.conf import settings


def run_python(*args, env, without=("DJANGO_", "HUB_")):
    """Run ``python *args`` in the project folder with the caller's environment,
    less the variables whose names start with ``without``, plus ``env``."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(without)}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
