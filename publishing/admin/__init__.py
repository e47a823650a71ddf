"""The admin every curated model shares (``curated``), the publisher's review
queue (``review``) and the redirects of old addresses (``redirects``)."""

from . import redirects, review  # noqa: F401  (they register their admins)
from .curated import ChildAdmin, CuratedAdmin, TagListWidget, restore_rows

__all__ = ["ChildAdmin", "CuratedAdmin", "TagListWidget", "restore_rows"]
