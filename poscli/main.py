"""Entry point of the ``pos`` command: the group with every subcommand registered."""

from __future__ import annotations

from poscli import (
    aftersales_cmd,
    app_cmd,
    backup_cmd,
    catalog_cmd,
    customer_cmd,
    doctor_cmd,
    door_cmd,
    member_cmd,
    partner_cmd,
    payment_cmd,
    print_cmd,
    privacy_cmd,
    report_cmd,
    sell_cmd,
    setup_cmd,
    shift_cmd,
    staff_cmd,
    sync_cmd,
    training_cmd,
    verify_cmd,
    wallet_cmd,
)
from poscli.base import cli

cli.add_command(catalog_cmd.catalog)
cli.add_command(staff_cmd.staff)
cli.add_command(sell_cmd.sell)
cli.add_command(sell_cmd.quote)
cli.add_command(member_cmd.member)
cli.add_command(aftersales_cmd.refund)
cli.add_command(aftersales_cmd.exchange)
cli.add_command(aftersales_cmd.void)
cli.add_command(aftersales_cmd.pickup)
cli.add_command(sell_cmd.demo)
cli.add_command(verify_cmd.ticket)
cli.add_command(verify_cmd.journal)
cli.add_command(sync_cmd.enrol)
cli.add_command(sync_cmd.sync)
cli.add_command(print_cmd.print_group)
cli.add_command(print_cmd.printer_group)
cli.add_command(shift_cmd.shift_group)
cli.add_command(shift_cmd.drawer_group)
cli.add_command(report_cmd.report_group)
cli.add_command(door_cmd.door)
cli.add_command(backup_cmd.backup)
cli.add_command(backup_cmd.restore)
cli.add_command(doctor_cmd.doctor)
cli.add_command(privacy_cmd.privacy)
cli.add_command(setup_cmd.setup)
cli.add_command(training_cmd.training)
cli.add_command(payment_cmd.payment)
cli.add_command(customer_cmd.customer)
cli.add_command(partner_cmd.partner_group)
payment_cmd.payment.add_command(wallet_cmd.recover)  # issue 19: open intents, queued wallet refunds
app_cmd.register(cli)


def main() -> None:
    cli(prog_name="pos")


if __name__ == "__main__":
    main()
