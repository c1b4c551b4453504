"""The Spanish translation of customer_loyalty_demo is complete:
every term of the installed addon has a Spanish text that keeps its
placeholders and reaches the records."""

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.customer_loyalty.tests.translation_common import (
    SpanishTranslationChecks,
)


@tagged("post_install", "-at_install")
class TestSpanishTranslation(SpanishTranslationChecks, TransactionCase):
    module = "customer_loyalty_demo"
