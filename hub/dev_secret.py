"""The development secret key: made once, kept in ``var/dev_secret_key``.

A random key per process would log curators out at every restart and make
the one-time link ``create_curator`` prints useless to the server (another
process). Production sets ``DJANGO_SECRET_KEY`` and never reads this file.
"""

import os
from pathlib import Path

from django.core.management.utils import get_random_secret_key


def dev_secret_key(path: Path) -> str:
    """The key in ``path``, created there (readable by its owner only) the
    first time; two processes starting together agree on one key."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return _read(path)
    with os.fdopen(descriptor, "w") as file:
        file.write(get_random_secret_key() + "\n")
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text().strip()
    if not key:
        raise FileNotFoundError(path)  # being written by another process
    return key
