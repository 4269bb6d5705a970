"""The seats feed as a long poll (issue 20, item 8): with ``wait`` and nothing new, central
answers as soon as a seat of the performance changes, or empty when the wait is over; a
hidden performance is refused at once; the wait is bounded."""

from __future__ import annotations

import threading
from typing import Any

from tests.central.conftest import Env


def _seats(env: Env, **params: Any) -> Any:
    return env.client.get("/v1/feeds/seats", params={"performance_id": "P1", **params}, headers=env.own.h)


def test_a_waiting_poll_answers_with_the_change(env: Env) -> None:
    cursor = _seats(env).json()["next_cursor"]
    got: list[Any] = []
    poll = threading.Thread(target=lambda: got.append(_seats(env, cursor=cursor, wait=10).json()))
    poll.start()
    env.hold(env.own2, ["A-1-2"])  # another till of the outlet holds a seat meanwhile
    poll.join(timeout=20)
    assert not poll.is_alive() and got
    assert [(s["seat_id"], s["status"], s["held_by_me"]) for s in got[0]["seats"]] == [("A-1-2", "held", False)]


def test_nothing_new_answers_empty_after_the_wait(env: Env) -> None:
    cursor = _seats(env).json()["next_cursor"]
    page = _seats(env, cursor=cursor, wait=0.3).json()
    assert page["seats"] == [] and page["standing"] == [] and page["next_cursor"] == cursor


def test_bad_waits_and_hidden_performances_are_refused_at_once(env: Env) -> None:
    for bad in (-1, 26, "soon"):
        assert _seats(env, wait=bad).status_code == 422
    r = env.client.get(
        "/v1/feeds/seats", params={"performance_id": "P3", "wait": 20}, headers=env.part.h
    )
    assert r.status_code == 422 and r.json()["reason"] == "performance_unknown"
    assert env.client.get("/v1/feeds/seats", params={"performance_id": "P1", "wait": 1}).status_code == 401
