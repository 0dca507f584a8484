# Run once by setup/run through `odoo shell` after the demo database is built:
# what the demo needs that no addon should do on its own.
# Offer the demo payment provider (test mode) so demo customers can pay online.
provider = env.ref("payment.payment_provider_demo")  # noqa: F821
provider.write({"state": "test", "is_published": True})
env.cr.commit()  # noqa: F821
# Let demo customers pay an amount on account, up to 2,000.
env.ref("base.main_company").customer_zone_on_account_max = 2000.0  # noqa: F821
env.cr.commit()  # noqa: F821
