from dataclasses import dataclass


@dataclass(frozen=True)
class CreditFigures:
    """A customer's account in one company, in the company's currency: what
    ``res.partner._customer_zone_credit_query`` reads in one statement.

    ``receivable`` is what the customer owes (open debit items), ``deposits``
    what it paid or was credited and is not allocated yet (open credit items:
    payments on account, open credit notes), ``orders`` its confirmed orders
    not invoiced yet (zero when the company leaves them out), ``limit`` its
    credit limit when one applies (``has_limit``): core's limit, used when the
    company uses credit limits and it is above zero; a prepaid customer has
    none (it orders against its deposits only).
    """

    receivable: float = 0.0
    deposits: float = 0.0
    overdue: float = 0.0
    orders: float = 0.0
    limit: float = 0.0
    has_limit: bool = False
    prepaid: bool = False

    @property
    def balance(self):
        """What the customer owes net of its deposits and credits."""
        return self.receivable - self.deposits

    @property
    def available(self):
        """The available balance: credit limit (none: zero) + unallocated
        deposits and credits - open receivable - orders not invoiced."""
        limit = self.limit if self.has_limit else 0.0
        return limit + self.deposits - self.receivable - self.orders

    @property
    def checked(self):
        """Whether orders are checked against the available balance: a
        customer with a limit, or a prepaid one (its limit is zero)."""
        return self.has_limit or self.prepaid
