"""Many open items, fast: invoices of one line each, created and posted as
one recordset (the ORM batches its work). No product: its onchanges cost
more than the invoice itself, and the zone does not read it."""

from datetime import timedelta

from odoo import Command, fields


def bulk_invoices(env, partner, amounts, due_days, payment_term=None, **values):
    """Posted customer invoices of ``partner``, one per amount, each due
    ``due_days[i]`` days from today (negative: overdue), dated 30 days
    before its due date (today at the latest); ``payment_term`` splits each
    into installments (one open item each) instead. ``values`` adds to every
    invoice."""
    today = fields.Date.today()
    invoices = (
        env["account.move"]
        .with_context(tracking_disable=True)
        .create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": today + timedelta(days=min(days - 30, 0)),
                    **(
                        {"invoice_payment_term_id": payment_term.id}
                        if payment_term
                        else {"invoice_date_due": today + timedelta(days=days)}
                    ),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Zone bulk service",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
                for amount, days in zip(amounts, due_days, strict=True)
            ]
        )
    )
    invoices.action_post()
    return invoices.with_env(env)


def installments_term(env, count):
    """A payment term of ``count`` equal installments, 30 days apart."""
    share = 100.0 / count
    return env["account.payment.term"].create(
        {
            "name": f"Zone test: {count} installments",
            "line_ids": [
                Command.create(
                    {
                        "value": "percent",
                        # the last takes the rounding rest
                        "value_amount": share
                        if index < count - 1
                        else 100.0 - share * (count - 1),
                        "nb_days": 30 * index,
                    }
                )
                for index in range(count)
            ],
        }
    )
