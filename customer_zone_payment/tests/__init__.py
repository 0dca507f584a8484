from . import test_pay_on_account
from . import test_pay_one_invoice
from . import test_pay_selected
from . import test_payment_provider
from . import test_payment_report
from . import test_payment_tour
from . import test_portal_smoke
