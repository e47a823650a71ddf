"""The content version, and what is kept per content version.

Every save or delete of content raises the *content version* once the change
is committed (``content_changed``, connected in apps.py), in the cache every
process shares. What is derived from the content is kept with the version it
was made from and is good only while that version holds:

- in the shared cache (``versioned``): a case page's article, the start
  page's lists, the sitemap's counts, the library's cards; the next request
  that needs one builds it again, so a publish itself does no more work;
- in each process (``kept_in_process``): the search vocabulary.

What each change touched is kept under its version too (``changes_between``),
so that the library's facet index is brought up to date change by change
rather than rebuilt. While the cache does not answer, everything is built
afresh. Only what the public may see is kept: callers keep previews and
curators' requests out.
"""

import functools
import hashlib
import threading
import time
from concurrent.futures import Future

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from .registry import content_app_labels

VERSION_KEY = "hub:content-version"
DAY = 24 * 60 * 60

_changes_here = 0  # content changes this process has seen, committed or not

# What each committed change touched, kept under its content version for a
# day, so that what is derived from the content can be brought up to date
# change by change (cases.facet_index) instead of being rebuilt.
CHANGE_KEY = "hub:change:{}"
MOST_CHANGES = 1000  # beyond this many changes, derive afresh


def content_changed(sender=None, instance=None, pk_set=None, model=None, created=False, **kwargs):
    """Signal receiver: content changed, so every cached page will be out of
    date once the change is committed. Raised before the commit, a visitor's
    request in between would store the old page under the new version."""
    global _changes_here  # noqa: PLW0603 - a counter of this process
    if sender is None or sender._meta.app_label in content_app_labels():
        _changes_here += 1
        change = describe(sender, instance, pk_set, model, created)
        transaction.on_commit(functools.partial(bump_content_version, change))


def describe(sender, instance, pk_set=None, model=None, created=False):
    """What a change touched: the row's model, key and foreign keys, whether it
    is new, and for a change of a many-to-many relation, the relation and the
    rows on its other side (None when all of them: a clear)."""
    if instance is None:
        return None
    change = {
        "model": instance._meta.label_lower,
        "pk": instance.pk,
        "links": {name: getattr(instance, name) for name in _link_names(type(instance))},
        "created": created,
    }
    if model is not None:  # m2m_changed: sender is the through model
        change["through"] = sender._meta.label_lower
        change["others"] = (model._meta.label_lower, None if pk_set is None else sorted(pk_set))
    return change


@functools.cache
def _link_names(model):
    """The columns that name other rows: foreign keys, and the content type and
    id of a generic relation (a topic's record)."""
    names = [field.attname for field in model._meta.concrete_fields if field.many_to_one]
    for field in model._meta.private_fields:
        if isinstance(field, GenericForeignKey):
            names.append(field.fk_field)
    return names


def changes_between(old, new):
    """The changes committed after content version ``old`` up to ``new``, in
    order, or None when one of them is not known (expired, too many, or the
    version started afresh: Redis restarted, a new release)."""
    if not 0 < new - old <= MOST_CHANGES:
        return None
    keys = [CHANGE_KEY.format(version) for version in range(old + 1, new + 1)]
    found = cache.get_many(keys)
    if any(found.get(key) is None for key in keys):
        return None
    return [found[key] for key in keys]


def shared_version(found=None):
    """The content version every process shares, from ``found`` (the answer of
    a ``get_many`` that asked for it too) or from the cache; a new one is
    started when there is none. None while the cache does not answer."""
    version = cache.get(VERSION_KEY) if found is None else found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def changes_here():
    return _changes_here


def content_version():
    """What data derived from the content is valid for: the content version
    every process shares, with this process's own count of changes (so that
    its own change shows at once, even before the commit raises the version).
    None while the version cannot be read (Redis away): derive afresh."""
    version = shared_version()
    return None if version is None else (version, _changes_here)


def bump_content_version(change=None):
    """A new content version, with what changed (``describe``) kept under it;
    without ``change`` nothing can be brought up to date: derive afresh."""
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted, or Redis is away): a new start
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
        return
    if change is not None:
        cache.set(CHANGE_KEY.format(version), change, DAY)


# -- kept per content version -------------------------------------------------------


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


class KeptInProcess:
    """A value kept in this process while the content is unchanged, for what
    every request reads and is quicker kept than fetched (the search
    vocabulary, the library's facet index). ``make(previous, since, now)``
    makes it for content version ``now``, from the value ``previous`` made for
    version ``since`` (None the first time): it may bring it up to date
    rather than start afresh.

    One thread makes it; the others that need it meanwhile wait and share its
    value, or its error: a database that does not answer is waited for once,
    not once per thread. While the version cannot be read, it is made on
    every call and not kept."""

    def __init__(self, make):
        self.make = make
        self.lock = threading.Lock()
        self.version = self.value = None
        self.making = None  # (the version, a Future of its value)

    def __call__(self):
        version = content_version()
        if version is None:
            return self.make(None, None, None)
        with self.lock:
            if self.version == version:
                return self.value
            mine = self.making is None or self.making[0] != version
            if mine:
                self.making = (version, Future())
                previous, since = self.value, self.version
            making = self.making[1]
        if not mine:
            return making.result()
        try:
            value = self.make(previous, since, version)
        except BaseException as error:
            with self.lock:
                self.making = None
            making.set_exception(error)
            raise
        with self.lock:
            self.version, self.value, self.making = version, value, None
        making.set_result(value)
        return value


def kept_in_process(build):
    """``build()``'s value, kept in this process while the content is unchanged
    (``KeptInProcess``)."""
    return functools.wraps(build)(KeptInProcess(lambda previous, since, now: build()))
