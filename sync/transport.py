"""HTTP to central: timeouts, retries with backoff and jitter, TLS verification on.

Every request the terminal makes is idempotent (PUT by client UUID, GET, DELETE, scan
batches with nonces), so a retry after a timeout or a lost reply is always safe: central
answers a repeated PUT with the result it stored the first time.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError

from pos.errors import InvalidInput, PosError

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
SERVER_TIME_HEADER = "X-Server-Time"


class CentralUnreachable(PosError):
    """No answer: refused, reset, timed out, or a reply cut short. The terminal goes offline."""

    code = "central_unreachable"


class CentralRejected(PosError):
    """Central answered 4xx with a reason: retrying the same request will not help."""

    code = "central_rejected"

    def __init__(self, status: int, reason: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(f"central refused ({reason}): {message}", status=status, reason=reason)
        self.status = status
        self.reason = reason
        # With the reply's own details: the seats that were taken, when and where a pickup was.
        self.details = {**self.details, **(details or {})}


class CentralFailed(PosError):
    """Central answered 5xx, or an answer that is not what the protocol says."""

    code = "central_failed"


@dataclass(frozen=True, slots=True)
class Timeouts:
    connect: float = 3.05
    read: float = 10.0


_TRANSIENT_STATUS = frozenset({502, 503, 504})


class CentralClient:
    """One terminal's connection to central. Thread-safe enough for one caller at a time."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeouts: Timeouts = Timeouts(),
        retries: int = 2,
        backoff: float = 0.2,
        verify: bool | str = True,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        parsed = urlsplit(base_url)
        if parsed.scheme not in ("https", "http") or not parsed.hostname:
            raise InvalidInput(f"central's URL must look like https://central.example.com, got {base_url!r}")
        if parsed.scheme == "http" and parsed.hostname not in ("127.0.0.1", "::1", "localhost"):
            # The bearer token must never cross a network in clear text.
            raise InvalidInput("central's URL must use https:// (plain http:// only on this machine)")
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeouts = timeouts
        self.retries = retries
        self.backoff = backoff
        self.verify = verify
        self._http = session or requests.Session()
        self._sleep = sleep
        self.server_time: datetime | None = None
        self.skew_seconds: float | None = None  # server clock minus ours

    def close(self) -> None:
        self._http.close()

    # --- the verbs ---------------------------------------------------------------------

    def get(self, path: str, model: type[M], *, params: Mapping[str, Any] | None = None) -> M:
        return self._call("GET", path, model, params=params)

    def put(self, path: str, body: BaseModel, model: type[M]) -> M:
        return self._call("PUT", path, model, json=body.model_dump(mode="json"))

    def post(self, path: str, body: BaseModel, model: type[M]) -> M:
        return self._call("POST", path, model, json=body.model_dump(mode="json"))

    def delete(self, path: str, model: type[M]) -> M:
        return self._call("DELETE", path, model)

    # --- the machinery -----------------------------------------------------------------

    def _call(self, method: str, path: str, model: type[M], **kwargs: Any) -> M:
        url = f"{self.base_url}/v1{path}"
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                # Exponential backoff with full jitter, so that terminals coming back after an
                # outage do not all knock at once.
                self._sleep(random.uniform(0, self.backoff * 2 ** (attempt - 1)))
            started = time.monotonic()
            try:
                reply = self._http.request(
                    method,
                    url,
                    headers=headers,
                    timeout=(self.timeouts.connect, self.timeouts.read),
                    verify=self.verify,
                    **kwargs,
                )
                data = reply.json() if reply.content else {}
            except (requests.ConnectionError, requests.Timeout) as exc:
                last = CentralUnreachable(f"central did not answer ({type(exc).__name__})")
                log.info("%s %s: %s (attempt %d)", method, path, type(exc).__name__, attempt + 1)
                continue
            except (requests.RequestException, ValueError) as exc:
                # A reply cut short or garbled: central may have committed; retrying is safe.
                last = CentralUnreachable(f"central's reply was cut short or garbled ({type(exc).__name__})")
                log.info("%s %s: broken reply (attempt %d)", method, path, attempt + 1)
                continue
            self._note_clock(reply, time.monotonic() - started)
            if reply.status_code in _TRANSIENT_STATUS:
                last = CentralUnreachable(f"central is busy or restarting (HTTP {reply.status_code})")
                continue
            if reply.status_code >= 500:
                raise CentralFailed(f"central failed on {method} {path} (HTTP {reply.status_code})")
            if reply.status_code >= 400:
                body = data if isinstance(data, dict) else {}
                raise CentralRejected(
                    reply.status_code,
                    str(body.get("reason", f"http_{reply.status_code}")),
                    str(body.get("message", "")),
                    body.get("details") if isinstance(body.get("details"), dict) else None,
                )
            try:
                return model.model_validate(data)
            except ValidationError as exc:
                raise CentralFailed(
                    f"central's reply to {method} {path} does not match the protocol: {exc}"
                ) from exc
        assert last is not None
        raise last

    def _note_clock(self, reply: requests.Response, rtt: float) -> None:
        raw = reply.headers.get(SERVER_TIME_HEADER)
        if not raw:
            return
        try:
            server = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return
        if server.tzinfo is None:
            return
        self.server_time = server
        # The server stamped its clock somewhere in the round trip: assume the middle.
        local = datetime.now(UTC).timestamp() - rtt / 2
        self.skew_seconds = server.timestamp() - local
