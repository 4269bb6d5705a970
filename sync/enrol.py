"""Enrolment: a one-time code and the terminal's public key, for a bearer token.

On a fresh data folder this makes the terminal's signing key, asks central for its
identity (terminal id and outlet), creates the store with them, and keeps the token in
the OS keyring (or, when asked, an owner-only file). A store made offline by ``pos init``
is enrolled with the key it already has, if central puts it in the same outlet.
"""

from __future__ import annotations

import base64
import logging
import re
import socket
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pos.errors import InvalidInput
from pos.journal import chain as journal
from pos.store import settings
from pos.store.db import STORE_FILENAME, Store, open_store
from pos.terminal.identity import TRAINING_STORE_MARK, TerminalInfo, init_terminal, load_signer, terminal_info
from pos.terminal.lease import ENROLMENT_SETTING
from pos.tickets import generate_private_key, sealing
from sync.credentials import FileTokenStore, TokenStore, token_store
from sync.protocol.enrolment import EnrolReply, EnrolRequest
from sync.sandbox import SANDBOX_TOKEN_FILE, SandboxAddress
from sync.sandbox import address as sandbox_address
from sync.transport import CentralClient

log = logging.getLogger(__name__)

CENTRAL_SETTING = ENROLMENT_SETTING  # also what makes offline sales lease-bound


@dataclass(frozen=True, slots=True)
class CentralLink:
    url: str
    terminal_id: str
    outlet_id: str
    central_key_id: str
    account: str  # the keyring account holding the token
    sandbox: bool = False  # a training store's sandbox central (issue 25)


@dataclass(frozen=True, slots=True)
class Enrolment:
    terminal: TerminalInfo
    link: CentralLink
    token_store: str
    skew_seconds: float | None


def _account(url: str, terminal_id: str) -> str:
    return f"{terminal_id}@{url}"


def enrol(
    data_dir: Path,
    *,
    central_url: str,
    code: str,
    terminal_name: str | None = None,
    language: str = "zh",
    timezone: str = "Asia/Shanghai",
    allow_token_file: bool = False,
    client: CentralClient | None = None,
    sandbox: SandboxAddress | None = None,
) -> Enrolment:
    """``sandbox``: enrol a training store with its own sandbox central (issue 25), the only
    central a training store may ever be enrolled with; its token goes to a file in the
    training folder, and the link is marked so that only that sandbox is ever reached."""
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{4}(-?[A-Z0-9]{4}){1,5}", code):
        raise InvalidInput("an enrolment code looks like ABCD-EFGH-JKLM")
    data_dir = Path(data_dir)
    existing = (data_dir / STORE_FILENAME).exists()
    store: Store | None = open_store(data_dir) if existing else None
    if store is not None and settings.get(store, CENTRAL_SETTING):
        raise InvalidInput(f"{data_dir} is enrolled already; use a fresh data folder to enrol again")
    training = store is not None and bool(settings.get(store, TRAINING_STORE_MARK))
    if training and sandbox is None:
        raise InvalidInput(f"{data_dir} is a training store: it never talks to central (issue 25)")
    if sandbox is not None and not training:
        raise InvalidInput("only a training store is enrolled with a training sandbox")
    if sandbox is not None and central_url.rstrip("/") != sandbox.url.rstrip("/"):
        raise InvalidInput("a training store enrols with its own sandbox only")
    if store is not None:
        signer = load_signer(store)
        public, key = signer.public_key, None
    else:
        key = generate_private_key()
        from cryptography.hazmat.primitives import serialization

        public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    # Check the token can be kept before using up the one-time code.
    if sandbox is None:
        token_store(data_dir, "probe", allow_file=allow_token_file)
    http = client or CentralClient(central_url)
    reply = http.post(
        "/enrol",
        EnrolRequest(
            code=code,
            public_key=base64.b64encode(public).decode(),
            terminal_name=(terminal_name or socket.gethostname() or "terminal")[:80],
        ),
        EnrolReply,
    )
    if store is None:
        init_terminal(
            data_dir,
            terminal_id=reply.terminal_id,
            outlet_id=reply.outlet_id,
            language=language,
            timezone=timezone,
            private_key=key,
        )
        store = open_store(data_dir)
    info = terminal_info(store)
    if info.outlet_id != reply.outlet_id:
        raise InvalidInput(
            f"central enrolled this terminal in outlet {reply.outlet_id}, but the store belongs to {info.outlet_id}"
        )
    link = CentralLink(
        url=http.base_url,
        terminal_id=reply.terminal_id,
        outlet_id=reply.outlet_id,
        central_key_id=reply.central_key_id,
        account=_account(http.base_url, reply.terminal_id),
    )
    if sandbox is not None and reply.central_key_id != sandbox.central_key_id:
        raise InvalidInput("the central that answered is not this training folder's sandbox")
    where: TokenStore = (
        FileTokenStore(data_dir, SANDBOX_TOKEN_FILE)
        if sandbox is not None
        else token_store(data_dir, link.account, allow_file=allow_token_file)
    )
    where.put(reply.token)
    with store.write() as session:
        settings.write(
            session,
            CENTRAL_SETTING,
            asdict(link) | {"enrolled_at": datetime.now(UTC).isoformat()} | ({"sandbox": True} if sandbox else {}),
        )
        if reply.holder_seal_key:
            sealing.write_seal_key(session, reply.holder_seal_key)
        journal.append(
            session,
            kind="enrol",
            terminal_id=info.terminal_id,
            staff_id=None,
            data={"central": link.url, "central_terminal_id": reply.terminal_id, "key_id": reply.key_id},
        )
    store.close()
    return Enrolment(info, link, where.description, http.skew_seconds)


def central_link(store: Store) -> CentralLink | None:
    raw = settings.get(store, CENTRAL_SETTING)
    if not raw:
        return None
    fields = {k: raw[k] for k in ("url", "terminal_id", "outlet_id", "central_key_id", "account")}
    if settings.get(store, TRAINING_STORE_MARK):
        # A training store never reaches a real central, whatever a setting says (issue 25):
        # only its sandbox, at the address the sandbox running in this process registered.
        running = sandbox_address(store.data_dir)
        if not raw.get("sandbox") or running is None or running.central_key_id != raw["central_key_id"]:
            return None
        return CentralLink(**(fields | {"url": running.url}), sandbox=True)
    return CentralLink(**fields)


def connect(store: Store, *, allow_token_file: bool = False, **client_options: object) -> CentralClient:
    """A client for this terminal's central, with its token."""
    link = central_link(store)
    if link is None and settings.get(store, TRAINING_STORE_MARK):
        raise InvalidInput(
            "this is a training store: its only central is its sandbox, which runs inside the app "
            "while training is on (here it sells offline, from its training lease)"
        )
    if link is None:
        raise InvalidInput("this terminal is not enrolled with central: run `pos enrol`")
    where = (
        FileTokenStore(store.data_dir, SANDBOX_TOKEN_FILE)
        if link.sandbox
        else token_store(store.data_dir, link.account, allow_file=allow_token_file)
    )
    token = where.get()
    if not token:
        raise InvalidInput("the terminal's central token is missing from its secret store: enrol again")
    return CentralClient(link.url, token=token, **client_options)  # type: ignore[arg-type]
