"""What is derived from the content, kept in the shared cache until the content
changes: a case page's article, the start page's lists, the sitemap's counts,
the library's cards.

An entry is stored with the content version it was made from
(``publishing.cache``) and is good only while that version holds, so every
publish, withdrawal or edit makes all of them stale the moment it is committed;
the next request that needs one builds it again (lazily: a publish itself does
no more work). The version and the entries come back in one round trip to the
cache. While the cache does not answer, everything is built afresh.

Only what the public may see goes in: callers keep previews and logged-in
curators' pages out (``is_public``).
"""

import functools
import hashlib
import threading

from django.core.cache import cache
from django.utils.translation import get_language

from .cache import VERSION_KEY, changes_here, content_version, shared_version

DAY = 24 * 60 * 60


def _key(name, parts):
    # In the page's language. A process's own uncommitted changes (tests, a
    # curator's request) make entries of their own, so that no other process
    # reads what it cannot see yet.
    text = repr((parts, get_language(), changes_here()))
    return f"hub:v:{name}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def versioned_many(name, parts_list, build_missing, timeout=DAY):
    """{parts: value} for every ``parts`` (a hashable tuple) of ``parts_list``;
    ``build_missing(list of parts)`` gives {parts: value} for those not kept
    for the content as it is now, which are then kept."""
    keys = {parts: _key(name, parts) for parts in parts_list}
    found = cache.get_many([VERSION_KEY, *keys.values()])
    version = shared_version(found)
    values, missing = {}, []
    for parts, key in keys.items():
        entry = found.get(key)
        if version is not None and entry is not None and entry[0] == version:
            values[parts] = entry[1]
        else:
            missing.append(parts)
    if missing:
        built = build_missing(missing)
        values.update(built)
        if version is not None:
            cache.set_many({keys[p]: (version, built[p]) for p in missing}, timeout)
    return values


def versioned(name, build, *parts, timeout=DAY):
    """``build()``'s value for the content as it is now, kept under ``name``
    and ``parts`` until the content changes."""
    return versioned_many(name, [parts], lambda missing: {parts: build()}, timeout)[parts]


def kept_in_process(build):
    """``build`` as a function whose value is kept in this process while the
    content is unchanged: for what every request reads and is quicker kept
    than fetched (the search vocabulary). Built on every call while the
    version cannot be read."""
    lock = threading.Lock()
    current = [None, None]  # the content version, the value

    @functools.wraps(build)
    def get():
        version = content_version()
        with lock:
            if version is None or current[0] != version:
                current[:] = [version, build()]
            return current[1]

    return get
