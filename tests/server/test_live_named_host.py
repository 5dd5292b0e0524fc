"""The instructor page's live class answers on the names the server is told it is reached by."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.server.conftest import TEACHER_TOKEN, assert_refused, make_services

NAME = "class.example.edu"


def test_the_live_class_opens_on_a_name_the_server_answers_to(tmp_path: Path, roleplay: Any):
    """A school that reaches its server by name (--allowed-host, BACKCHANNEL_HOSTS: the unit of
    docs/deploy.md) had its students' pages work and the instructor's live class refused:
    /ws/live checked the Host against IP addresses and localhost alone, and closed (HTTP 403),
    so the teacher saw no line as it came."""
    services = make_services(tmp_path, roleplay)
    services.settings = Settings(data=tmp_path, hosts=[NAME])
    headers = {"host": NAME, "origin": f"https://{NAME}"}
    try:
        with TestClient(create_app(services), base_url=f"https://{NAME}") as client:
            got = client.post(
                "/api/live/ticket", headers={"Authorization": f"Bearer {TEACHER_TOKEN}"}
            )
            ticket = got.json()["ticket"]
            with client.websocket_connect("/ws", headers=headers) as student:  # as before
                student.send_json({"type": "hello", "student": "Named Nell", "class": "HIST210"})
                assert student.receive_json()["type"] == "welcome"
            with client.websocket_connect(f"/ws/live?ticket={ticket}", headers=headers) as feed:
                assert feed.receive_json()["type"] == "live.ready"
            evil = {"host": "evil.example", "origin": "https://evil.example"}
            assert_refused(client, f"/ws/live?ticket={ticket}", evil)
    finally:
        services.store.close()
