"""The first steps on a store, for `init` and for the dashboard alike: the catalog in it and a first
administrator."""
from __future__ import annotations

from indicators import accounts, catalog, settings, store


def prepare(cur, reload_catalog: bool = False) -> str | None:
    """Load the shipped catalog (into a new store, or again when `reload_catalog`) and, on a store
    without accounts, create 'admin'; returns admin's password when it was just made (show it once)."""
    if reload_catalog or not store.is_loaded(cur):
        store.load_catalog(cur, catalog.read_catalog(), catalog.load_areas(), settings.get().year)
    return accounts.ensure_admin(cur)
