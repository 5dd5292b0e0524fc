"""``GET /api/channel`` says whether a page at the address it was asked by may open the
sockets, by the very check the sockets make (server.guard.origin_allowed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.server.conftest import assert_refused, make_services

NAME = "walk-class.example.edu"
PROXIED = "walk-proxied.example.edu"


def test_channel_says_whether_this_address_can_connect(tmp_path: Path, roleplay: Any) -> None:
    services = make_services(tmp_path, roleplay)
    # a school that lists its page's origin (--origin) behind a proxy that ends TLS: the
    # request reads http, the page and its socket are https, and the socket lets it in
    services.settings = Settings(data=tmp_path, hosts=[NAME], origins=[f"https://{PROXIED}"])
    try:
        client = TestClient(create_app(services), base_url="http://127.0.0.1:8000")
        by = {
            host: client.get("/api/channel", headers={"host": host}).json()["connects"]
            for host in [
                "127.0.0.1:8000",
                "localhost:8000",
                f"{NAME}:8000",
                PROXIED,
                "mylaptop.local:8000",
            ]
        }
        assert by == {
            "127.0.0.1:8000": True,  # an IP address, as serve's last line gives it
            "localhost:8000": True,
            f"{NAME}:8000": True,  # --allowed-host
            PROXIED: True,  # --origin https://walk-proxied.example.edu
            "mylaptop.local:8000": False,  # loads, but /ws and /ws/live refuse it
        }
        # the sockets agree: the proxied page connects, a page at the refused name cannot
        proxied = {"host": PROXIED, "origin": f"https://{PROXIED}"}
        with client.websocket_connect("/ws", headers=proxied) as student:
            student.send_json({"type": "hello", "student": "Walk Pia", "class": None})
            assert student.receive_json()["type"] == "welcome"
        laptop = {"host": "mylaptop.local:8000", "origin": "http://mylaptop.local:8000"}
        assert_refused(client, "/ws", laptop)
    finally:
        services.store.close()
