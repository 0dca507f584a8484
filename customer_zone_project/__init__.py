from . import controllers
from . import models

from odoo.addons.customer_zone.hooks import drop_summary_triggers as drop_triggers


def drop_summary_triggers(env):
    """The kept summary's triggers on this bridge's tables go with it."""
    drop_triggers(env, ("project_task", "project_project"))
