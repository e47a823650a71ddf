"""The hub has no models of its own; this module makes Django send it
post_migrate, after which the editorial roles are created (see apps.py)."""
