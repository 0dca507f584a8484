from . import controllers
from . import models
from odoo.addons.customer_zone.hooks import date_existing_links
