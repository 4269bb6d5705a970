"""Migration 0016 (issue 24) on a database with refunds and a void already in it: each refund
is written down with the commission it gave back at the outlet's rate, a void with the order's
fees and its whole commission, so the ledger's balance is the credit used from the start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from central.migrate import alembic_config, upgrade


def test_0016_writes_down_what_old_refunds_and_voids_gave_back(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0014")
    t = "2030-05-01 10:00:00"
    with engine.begin() as c:
        c.execute(text("INSERT INTO outlets (id, name_zh, name_en, kind, commission_bps, credit_limit, credit_used, "
                       "channel_rules, offline_max_sale, offline_max_total, offline_max_hours, created_at) VALUES "
                       f"('P', 'p', 'p', 'partner', 850, 0, 0, '{{}}', 1, 1, 1, '{t}')"))
        for oid, total, commission in (("o1", 20000, 1700), ("o2", 10500, 893)):
            c.execute(text("INSERT INTO orders (id, kind, outlet_id, terminal_id, digest, reply, offline, sold_at, "
                           "accepted_at, total, fees, commission, tickets) VALUES "
                           f"('{oid}', 'outlet', 'P', 'T', 'd', '{{}}', 0, '{t}', '{t}', {total}, 0, {commission}, 1)"))
        for rid, kind, oid, amount in (("r1", "refund", "o1", 10001), ("r2", "void", "o2", 10000)):
            c.execute(text("INSERT INTO refunds (id, kind, order_id, outlet_id, terminal_id, amount, tickets, digest, "
                           f"reply, refunded_at, accepted_at) VALUES ('{rid}', '{kind}', '{oid}', 'P', 'T', {amount}, 1, "
                           f"'d', '{{}}', '{t}', '{t}')"))
    upgrade(engine)
    with engine.connect() as c:
        rows = dict(c.execute(text("SELECT id, commission || '/' || fees FROM refunds")).all())
    assert rows == {"r1": f"{(10001 * 850 + 5000) // 10000}/0", "r2": "893/500"}
    engine.dispose()
