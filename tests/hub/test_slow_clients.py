"""A client that announces a body and sends less, in the production server:
gunicorn's threads wait on a socket without a timeout, so four such requests
took every thread of a worker until the clients went away. Now each holds
one for ``REQUEST_BODY_SECONDS`` and gets a 400 (hub.middleware.body_deadline).
The proxy in front buffers bodies too (docs/deployment.md, section 3)."""

import socket
import time

import pytest

from tests.production import (
    ProductionClient,
    failure,
    production,  # noqa: F401 - the fixture
)
from tests.production_server import get, production_server

pytestmark = pytest.mark.django_db

BODY_SECONDS = 2
PART = b'--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nx'
SHORT = [  # (address, Content-Type, the part of the body that arrives)
    ("/fall/tipsa/", "application/x-www-form-urlencoded", b"title=Ett+exempel"),
    ("/en/fall/tipsa/", "application/x-www-form-urlencoded", b""),
    ("/admin/login/", "multipart/form-data; boundary=x", PART),
    ("/csp-rapport/", "application/csp-report", b'{"csp-report": {"blocked-uri": "'),
]  # fmt: skip


@pytest.mark.slow
def test_a_body_shorter_than_announced_holds_a_thread_only_until_its_deadline(tmp_path):
    env = {"GUNICORN_WORKERS": "1", "HUB_REQUEST_BODY_SECONDS": str(BODY_SECONDS)}
    with production_server(tmp_path / "static", **env) as (base, _database, _redis):
        port = int(base.rsplit(":", 1)[1])
        clients = []
        for address, kind, part in SHORT:  # every thread of the one worker
            client = socket.create_connection(("127.0.0.1", port), timeout=30)
            head = (
                f"POST {address} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {kind}\r\n"
                f"Content-Length: {len(part) + 1000}\r\n\r\n"
            )
            client.sendall(head.encode() + part)
            clients.append(client)
        started = time.monotonic()
        status, _headers, _body, seconds = get(base + "/robots.txt", timeout=30)
        assert status == 200  # a thread came free
        answers = [client.recv(300) for client in clients]
        for client in clients:
            client.close()
    assert [answer.split(b"\r\n")[0] for answer in answers] == [b"HTTP/1.1 400 Bad Request"] * 4
    print(f"\nfour short bodies: a thread free again after {seconds:.1f} s")
    assert time.monotonic() - started < 30


class Stalled:
    """A request body that stopped coming: what body_deadline's reads raise."""

    def read(self, *args):
        raise TimeoutError("The request body did not arrive in time.")

    readline = read


@pytest.mark.usefixtures("production")
@pytest.mark.parametrize(
    "address, says",
    [("/fall/tipsa/", "kom inte fram i sin helhet"), ("/en/fall/tipsa/", "did not arrive in full")],
)
def test_a_form_that_stopped_coming_is_a_400_that_says_so(address, says):
    response = ProductionClient().generic(
        "POST",
        address,
        CONTENT_TYPE="application/x-www-form-urlencoded",  # with no data, it is left out
        CONTENT_LENGTH="1000",
        **{"wsgi.input": Stalled()},
    )
    assert response.status_code == 400, failure(response)
    assert says in response.content.decode()


@pytest.mark.usefixtures("production")
def test_a_csp_report_that_stopped_coming_is_a_400():
    response = ProductionClient().generic(
        "POST",
        "/csp-rapport/",
        CONTENT_TYPE="application/csp-report",
        CONTENT_LENGTH="1000",
        **{"wsgi.input": Stalled()},
    )
    assert response.status_code == 400, failure(response)
