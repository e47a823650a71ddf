"""The case library's counts and pages from an index in memory, one per
process: for every facet value, and every start year, the set of published
cases that have it, as the bits of a Python int. A count is the number of
bits of an AND, so it costs the same at 1 000 cases as at 100 000, where
counting in SQL reads every link row of every case on every request; a page
is the selection's cases in the chosen order, read off the index.

Each case has a slot (a bit). The index is built from seven queries (the
database gathers each value's cases), and after that brought up to date
with every committed change (``publishing.versions.changes_between``): the
cases a change touched get their bits again from a few small queries, a
newly published case a new slot, a withdrawn one loses its slot. A change
that renames or hides a facet's value (an instrument, a topic, a län), a
change that cannot be read back, or too many empty slots make the next
request build it afresh. While the version cannot be read (Redis away) each
request builds its own, so a count is never older than the content."""

import bisect
import copy
import itertools
import math

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import ArrayAgg

from publishing.models import NEWEST, Status, TaggedRecord
from publishing.versions import KeptInProcess, changes_between

from .models import Case, Participation

PUBLISHED = Status.PUBLISHED
FACETS = ("skede", "instrument", "lan", "kommun", "omrade", "sektor", "amne")
CASE_FIELDS = ("pk", "published_at", "stage", "start_year")

# Models whose change can rename or hide a facet's value: build afresh.
RELABELLING = {
    "instruments.instrument",
    "cases.county",
    "cases.municipality",
    "cases.policyarea",
    "taggit.tag",
}


def _links(cases=None):
    """(facet, rows of (value, label, [case ids])) for every facet kept in link
    rows, of every case or of ``cases``: the database gathers each value's cases."""

    def rows(queryset, value, label, case="case_id"):
        if cases is not None:
            queryset = queryset.filter(**{f"{case}__in": cases})
        return queryset.values_list(value, label).annotate(ids=ArrayAgg(case))

    yield (
        "instrument",
        rows(
            Case.instruments.through.objects.filter(instrument__status=PUBLISHED),
            "instrument__slug",
            "instrument__name",
        ),
    )
    yield "lan", rows(Case.counties.through.objects, "county__code", "county__name")
    yield (
        "kommun",
        rows(Case.municipalities.through.objects, "municipality__code", "municipality__name"),
    )
    yield "omrade", rows(Case.policy_areas.through.objects, "policyarea__slug", "policyarea__name")
    yield (
        "sektor",
        rows(
            Participation.objects.filter(organisation__status=PUBLISHED),
            "organisation__sector",
            "organisation__sector",
        ),
    )
    yield (
        "amne",
        rows(
            TaggedRecord.objects.filter(content_type=ContentType.objects.get_for_model(Case)),
            "tag__slug",
            "tag__name",
            case="object_id",
        ),
    )


def _newest_key(published_at, pk):
    """Sorts as ``NEWEST`` does in PostgreSQL (no date first, as NULLS FIRST)."""
    return (-published_at.timestamp() if published_at else -math.inf, -pk)


class FacetIndex:
    def __init__(self):
        self.position = {}  # case pk → its slot
        self.pks = []  # slot → case pk (None: an empty slot)
        self.keys = []  # slot → its place in the NEWEST order
        self.newest = []  # the slots in NEWEST order
        self.everything = 0  # the slots of every published case
        self.bits = {name: {} for name in FACETS}  # facet → {value: bits of its cases}
        self.labels = {name: {} for name in FACETS}  # facet → {value: label}
        self.years = {}  # start year → bits
        self.orders = {}  # another order_by → the slots in that order
        self.sizes = {}  # (facet, value) → how many cases have it

    @classmethod
    def build(cls):
        index = cls()
        stages, years = {}, {}
        rows = Case.objects.published().order_by(*NEWEST).values_list(*CASE_FIELDS)
        for slot, (pk, published_at, stage, year) in enumerate(rows):
            index.position[pk] = slot
            index.pks.append(pk)
            index.keys.append(_newest_key(published_at, pk))
            stages.setdefault(stage, []).append(slot)
            if year is not None:
                years.setdefault(year, []).append(slot)
        index.newest = list(range(len(index.pks)))
        index.everything = (1 << len(index.pks)) - 1
        index.bits["skede"] = {stage: index._bits(slots) for stage, slots in stages.items()}
        index.years = {year: index._bits(slots) for year, slots in years.items()}
        index._add_links(_links())
        return index

    def _add_links(self, links):
        for name, rows in links:
            for value, label, pks in rows:
                found = self.of(pks)
                if value is not None and found:
                    self.bits[name][value] = self.bits[name].get(value, 0) | found
                    self.labels[name][value] = label

    # -- bringing it up to date ----------------------------------------------------

    def updated(self, changes):
        """A copy brought up to date with ``changes`` (a list, or None when not
        known), or None when only a new build can (see ``touched``). The index
        itself is never changed: other requests may be reading it."""
        cases = None if changes is None else touched(changes)
        if cases is None:
            return None
        index = copy.copy(self)
        index.position, index.pks, index.keys = dict(self.position), list(self.pks), list(self.keys)
        index.newest, index.years, index.orders = list(self.newest), dict(self.years), {}
        index.sizes = {}
        index.bits = {name: dict(values) for name, values in self.bits.items()}
        index.labels = {name: dict(values) for name, values in self.labels.items()}
        rows = Case.objects.published().filter(pk__in=cases).values_list(*CASE_FIELDS)
        published = {row[0]: row for row in rows}
        for pk in cases:
            index._update_case(pk, published.get(pk))
        index._add_links(_links(cases=list(published)))
        if index.pks.count(None) * 4 > len(index.pks):
            return None  # too many empty slots: build afresh
        return index

    def _update_case(self, pk, row):
        """Clear a case's bits; give them back (in its slot, or a new one) if it
        is published (``row``), else leave its slot empty."""
        slot = self.position.get(pk)
        if slot is not None:
            bit = 1 << slot
            self.everything &= ~bit
            for values in [*self.bits.values(), self.years]:
                for value, bits in list(values.items()):
                    if bits & bit:
                        values[value] = bits & ~bit
                        if not values[value]:
                            del values[value]
            self.newest.remove(slot)
        if row is None:
            if slot is not None:
                self.pks[slot] = None
                del self.position[pk]
            return
        _pk, published_at, stage, year = row
        if slot is None:
            slot = len(self.pks)
            self.pks.append(pk)
            self.keys.append(None)
            self.position[pk] = slot
        self.keys[slot] = _newest_key(published_at, pk)
        bisect.insort(self.newest, slot, key=self.keys.__getitem__)
        bit = 1 << slot
        self.everything |= bit
        self.bits["skede"][stage] = self.bits["skede"].get(stage, 0) | bit
        if year is not None:
            self.years[year] = self.years.get(year, 0) | bit

    # -- reading it --------------------------------------------------------------

    def _bits(self, slots):
        """An int with these bits set, made in one step (an OR per bit would
        copy the whole int each time)."""
        flags = bytearray((len(self.pks) + 7) // 8)
        for slot in slots:
            flags[slot >> 3] |= 1 << (slot & 7)
        return int.from_bytes(flags, "little")

    def of(self, pks):
        """The bits of these cases (the ones not published have none)."""
        return self._bits(slot for pk in pks if (slot := self.position.get(pk)) is not None)

    def any_of(self, name, values):
        """The cases with any of ``values`` in facet ``name``."""
        bits = 0
        for value in values:
            bits |= self.bits[name].get(value, 0)
        return bits

    def years_between(self, first, last):
        bits = 0
        for year, cases in self.years.items():
            if (first is None or year >= first) and (last is None or year <= last):
                bits |= cases
        return bits

    def count(self, bits, name, value):
        found = self.bits[name].get(value, 0)
        if bits is not self.everything:
            return (found & bits).bit_count()
        if (name, value) not in self.sizes:  # no other filter: counted once
            self.sizes[name, value] = found.bit_count()
        return self.sizes[name, value]

    def year_counts(self, bits):
        if bits is self.everything:
            return {year: cases.bit_count() for year, cases in self.years.items()}
        counts = {year: (cases & bits).bit_count() for year, cases in self.years.items()}
        return {year: count for year, count in counts.items() if count}

    def page(self, bits, order_by, start, stop):
        """The pks of the cases in ``bits``, ``start`` to ``stop`` in the order
        ``order_by`` (a tuple for ``order_by()``): the cost grows with how far
        down the page is, not with the number of cases."""
        flags = bits.to_bytes((len(self.pks) + 7) // 8, "little")
        ordered = (slot for slot in self._order(order_by) if flags[slot >> 3] >> (slot & 7) & 1)
        return [self.pks[slot] for slot in itertools.islice(ordered, start, stop)]

    def _order(self, order_by):
        if order_by == NEWEST:
            return self.newest
        key = tuple(str(part) for part in order_by)
        if key not in self.orders:  # read on first use (the database's collation)
            pks = Case.objects.published().order_by(*order_by).values_list("pk", flat=True)
            self.orders[key] = [self.position[pk] for pk in pks if pk in self.position]
        return self.orders[key]


def touched(changes):
    """The pks of the cases whose facets or order ``changes`` (from
    ``publishing.versions.describe``) may have altered, or None when a change
    reaches further: it renames or hides a facet's value, or is unknown."""
    links = {field.remote_field.through._meta.label_lower for field in Case._meta.many_to_many}
    case_type = ContentType.objects.get_for_model(Case).pk
    cases, organisations = set(), set()
    for change in changes:
        if change is None:
            return None
        model, pk, fks = change["model"], change["pk"], change["links"]
        if change.get("through") in links and model != "cases.case":  # from the other side
            other, pks = change["others"]
            if other != "cases.case" or pks is None:
                return None
            cases.update(pks)
        elif model in RELABELLING:
            if not change["created"]:
                return None  # a new value is named by the links that use it
        elif model == "cases.case":
            cases.add(pk)
        elif model == "cases.participation":
            cases.add(fks["case_id"])
        elif model == "publishing.taggedrecord" and fks["content_type_id"] == case_type:
            cases.add(fks["object_id"])
        elif model == "cases.organisation":  # its sector or status: its cases' sectors
            organisations.add(pk)
    if organisations:
        found = Participation.objects.filter(organisation__in=organisations)
        cases.update(found.values_list("case_id", flat=True))
    return cases


def _made(previous, since, now):
    """The index for content version ``now``: ``previous`` brought up to date
    with the changes committed since, when they are known, else built."""
    if previous is not None and since[0] != now[0]:  # else: this process's own change
        updated = previous.updated(changes_between(since[0], now[0]))
        if updated is not None:
            return updated
    return FacetIndex.build()


facet_index = KeptInProcess(_made)  # the index for the content as it is now
