"""The case library's counts from an index in memory, one per process and
content version: for every facet value, and every start year, the set of
published cases that have it, as the bits of a Python int. A count is the
number of bits of an AND, so it costs the same at 1 000 cases as at 100 000,
where counting in SQL reads every link row of every case on every request.

The index is built from seven queries when a request first needs it after a
change (``publishing.cache.content_version``), and thrown away with the next
change; while the version cannot be read (Redis away) each request builds
its own, so a count is never older than the content."""

import itertools
import threading
from array import array

from django.contrib.contenttypes.models import ContentType

from publishing.cache import content_version
from publishing.models import Status, TaggedRecord

from .models import Case, Participation

PUBLISHED = Status.PUBLISHED


def _links():
    """(facet, rows of case id, value, label) for every facet kept in link rows."""
    through = Case.instruments.through.objects
    yield (
        "instrument",
        through.filter(instrument__status=PUBLISHED).values_list(
            "case_id", "instrument__slug", "instrument__name"
        ),
    )
    yield (
        "lan",
        Case.counties.through.objects.values_list("case_id", "county__code", "county__name"),
    )
    yield (
        "kommun",
        Case.municipalities.through.objects.values_list(
            "case_id", "municipality__code", "municipality__name"
        ),
    )
    yield (
        "omrade",
        Case.policy_areas.through.objects.values_list(
            "case_id", "policyarea__slug", "policyarea__name"
        ),
    )
    yield (
        "sektor",
        Participation.objects.filter(organisation__status=PUBLISHED).values_list(
            "case_id", "organisation__sector", "organisation__sector"
        ),
    )
    yield (
        "amne",
        TaggedRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Case)
        ).values_list("object_id", "tag__slug", "tag__name"),
    )


class FacetIndex:
    """The bits of the published cases, newest first: bit 0 is the case
    published last (the library's default order), so a page of the library is
    the selection's lowest bits."""

    NEWEST = ("-published_at", "-pk")

    def __init__(self):
        self.position = {}  # case pk → its bit
        self.pks = []  # bit → case pk
        self.bits = {}  # facet → {value: bits of the cases that have it}
        self.labels = {}  # facet → {value: label}
        self.years = {}  # start year → bits
        self.orders = {}  # an order_by → the bits in that order

    @classmethod
    def build(cls):
        index = cls()
        rows = Case.objects.published().order_by(*cls.NEWEST)
        stages, years = {}, {}
        for bit, (pk, stage, year) in enumerate(rows.values_list("pk", "stage", "start_year")):
            index.position[pk] = bit
            index.pks.append(pk)
            stages.setdefault(stage, []).append(bit)
            if year is not None:
                years.setdefault(year, []).append(bit)
        index.everything = (1 << len(index.position)) - 1
        index.bits["skede"] = {stage: index._bits(bits) for stage, bits in stages.items()}
        index.years = {year: index._bits(bits) for year, bits in years.items()}
        for name, links in _links():
            found, labels = {}, index.labels.setdefault(name, {})
            for pk, value, label in links:
                bit = index.position.get(pk)
                if bit is not None and value is not None:
                    found.setdefault(value, []).append(bit)
                    labels[value] = label
            index.bits[name] = {value: index._bits(bits) for value, bits in found.items()}
        return index

    def _bits(self, positions):
        """An int with these bits set, made in one step (an OR per bit would
        copy the whole int each time)."""
        flags = bytearray((len(self.position) + 7) // 8)
        for bit in positions:
            flags[bit >> 3] |= 1 << (bit & 7)
        return int.from_bytes(flags, "little")

    def of(self, pks):
        """The bits of these cases (the ones not published have none)."""
        return self._bits(bit for pk in pks if (bit := self.position.get(pk)) is not None)

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
        return (self.bits[name].get(value, 0) & bits).bit_count()

    def page(self, bits, order_by, start, stop):
        """The pks of the cases in ``bits``, ``start`` to ``stop`` in the order
        ``order_by`` (a tuple for ``order_by()``); cost grows with how far
        down the page is, not with the number of cases."""
        flags = bits.to_bytes((len(self.pks) + 7) // 8, "little")
        if tuple(order_by) == self.NEWEST:
            ordered = (
                byte * 8 + bit
                for byte, value in enumerate(flags)
                if value
                for bit in range(8)
                if value >> bit & 1
            )
        else:
            ordered = (bit for bit in self._order(order_by) if flags[bit >> 3] >> (bit & 7) & 1)
        return [self.pks[bit] for bit in itertools.islice(ordered, start, stop)]

    def _order(self, order_by):
        key = tuple(str(part) for part in order_by)
        if key not in self.orders:  # read once per index, on first use
            pks = Case.objects.published().order_by(*order_by).values_list("pk", flat=True)
            self.orders[key] = array("l", (self.position[pk] for pk in pks if pk in self.position))
        return self.orders[key]

    def year_counts(self, bits):
        counts = {year: (cases & bits).bit_count() for year, cases in self.years.items()}
        return {year: count for year, count in counts.items() if count}


_lock = threading.Lock()
_current = (None, None)  # (content version, index)


def facet_index():
    """The index for the content as it is now."""
    global _current  # noqa: PLW0603 - one index per process
    version = content_version()
    with _lock:
        if version is None or _current[0] != version:
            _current = (version, FacetIndex.build())
        return _current[1]
