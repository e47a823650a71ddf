"""Every URL pattern of the site, one by one: its slots filled with anything,
any method, headers, cookies and body, and never a server error (5xx). The
admin's patterns for a logged-in curator. test_fuzz.py samples the patterns
with more examples in all, but at random: a pattern could go without one.
The count of what was sent is test_fuzz.py's (tests/fuzz.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import (  # noqa: F401 - _summary and _timed are fixtures
    PAGE_METHODS,
    _summary,
    _timed,
    addresses,
    bodies,
    content_types,
    examples,
    header_kinds,
    headers,
    method_kind,
    methods,
    send,
)
from tests.production import (
    ProductionClient,
    production,  # noqa: F401 - the fixture
    routes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("production")]

PER_PATTERN = 20


@pytest.mark.parametrize("route", routes(), ids=lambda route: route.name)
def test_every_url_pattern_takes_anything(route, admin_user):
    client = ProductionClient()
    if route.admin and route.name != "admin:logout":
        client.force_login(admin_user)

    @examples(PER_PATTERN)
    @given(
        built=addresses(route),
        method=st.one_of(st.sampled_from(PAGE_METHODS), methods),  # half of them GET to POST
        headers=st.one_of(st.just({}), headers),  # a Host of its own is mostly a 400
        content_type=content_types,
        body=bodies,
    )
    def check(built, method, headers, content_type, body):
        address, kinds, pattern = built
        kinds = ["URL patterns one by one", *kinds, method_kind(method), *header_kinds(headers)]
        extra = {"data": body, "content_type": content_type, **headers}
        send(client, method, address, kinds, pattern, **extra)

    check()
