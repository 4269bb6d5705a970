"""What the windows are handed by the wiring point: the store, the signer, the clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pos.payments.wallet import WalletName, WalletProvider
from pos.store.db import Store
from pos.terminal.identity import TerminalInfo
from pos.tickets import TicketSigner
from sync.sandbox import SandboxStarter


@dataclass(frozen=True)
class DemoHint:
    """The demo's staff numbers, PINs and payment codes, shown on the sign-in screen in the
    app's language (the words are the screen's; only the numbers come from here)."""

    clerk: tuple[str, str]  # staff number, PIN
    supervisor: tuple[str, str]
    wechat: str  # paid at once
    alipay: str
    confirming: str  # the customer confirms on the phone first
    balance_low: str  # refused


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AppContext:
    store: Store
    info: TerminalInfo
    signer: TicketSigner
    clock: Callable[[], datetime] = field(default=_utc_now)
    language: str = "zh"  # "zh" or "en": catalog names and the UI translation
    idle_lock_seconds: int = 300  # 0: never lock by itself
    demo_hint: DemoHint | None = None  # the demo's PINs and codes on the sign-in screen
    sync_interval_seconds: int = 60  # background sync, when the terminal is enrolled
    sells: bool = True  # False: a door alone, whose sync leases no offline stock (issue 17)
    # Issue 25: the app runs on the training store (``store`` is it); ``real_data_dir`` is the
    # real terminal's folder, where training is switched off.
    training: bool = False
    real_data_dir: Path | None = None
    # Serves a training folder's sandbox central in this process (``poscli.sandbox``, handed
    # in by the wiring point: ui may not import central); None: training runs without one.
    sandbox: SandboxStarter | None = None
    # Issue 19: the outlet's wallet accounts (WeChat Pay, Alipay); none: mobile pay is keyed by hand.
    wallets: Mapping[WalletName, WalletProvider] = field(default_factory=dict)
    wallet_poll_seconds: float = 2.0  # how often a payment the customer must confirm is queried

    @property
    def outlet_id(self) -> str:
        return self.info.outlet_id

    @property
    def currency(self) -> str:
        return self.info.currency
