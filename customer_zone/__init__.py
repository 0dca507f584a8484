from . import tools
from . import controllers
from . import models
from . import report
from . import wizard
from .hooks import date_existing_links, drop_summary_triggers
