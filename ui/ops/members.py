"""Members (issue 22): find one by a scanned member code, a member number or a phone number.
On the network lane: online, central answers (and the answer is kept for the sale); offline,
the member feed's copy (the code and the number; a phone needs central)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pos.store.db import Store
from ui.ops.op import Op, network

if TYPE_CHECKING:
    from pos.members.service import MemberInfo

_PHONE = re.compile(r"1[0-9]{10}")


def query_kind(text: str) -> str:
    """What the clerk typed or scanned: ``code``, ``phone`` or ``number``."""
    from pos.members.code import is_member_code

    cleaned = text.strip().replace(" ", "").replace("-", "")
    if is_member_code(text):
        return "code"
    return "phone" if _PHONE.fullmatch(cleaned) else "number"


def find(store: Store, text: str) -> Op[MemberInfo]:
    def run() -> MemberInfo:
        from sync.enrol import central_link, connect
        from sync.members import find_member

        client = connect(store, allow_token_file=True) if central_link(store) is not None else None
        try:
            return find_member(store, client, **{query_kind(text): text.strip()})
        finally:
            if client is not None:
                client.close()

    return network("member_find", run)
