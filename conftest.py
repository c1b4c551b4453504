"""pytest hooks of the repository: the Odoo test tag ``slow`` (browser tours,
concurrent crons) becomes the pytest marker ``slow``, so that ``-m "not slow"``
leaves those tests out of a pytest-odoo run as ``--test-tags -slow`` does for
Odoo's own runner. The repository checks of ``tests/`` need no Odoo: run them
with ``python3 -m pytest -p no:odoo tests``.

Under pytest-odoo the session also raises Odoo's "a test is running" flag
(``odoo.modules.module.current_test``), as Odoo's own runner does around its
whole suite: pytest-odoo raises it only from Odoo 19 on. Without it, Odoo 18
connects to a real SMTP server whenever a test sends an e-mail, and the two
runners count different queries for the same test."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        tags = getattr(getattr(item, "cls", None), "test_tags", None) or ()
        if "slow" in tags:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _odoo_test_flag(request):
    if not request.config.pluginmanager.has_plugin("odoo"):
        yield
        return
    # imported here: the repository checks run without Odoo loaded
    from odoo.modules import module

    previous = module.current_test
    module.current_test = True
    yield
    module.current_test = previous
