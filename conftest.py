"""pytest hooks of the repository: the Odoo test tag ``slow`` (browser tours,
concurrent crons) becomes the pytest marker ``slow``, so that ``-m "not slow"``
leaves those tests out of a pytest-odoo run as ``--test-tags -slow`` does for
Odoo's own runner. The repository checks of ``tests/`` need no Odoo: run them
with ``python3 -m pytest -p no:odoo tests``."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        tags = getattr(getattr(item, "cls", None), "test_tags", None) or ()
        if "slow" in tags:
            item.add_marker(pytest.mark.slow)
