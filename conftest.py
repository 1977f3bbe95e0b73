"""pytest configuration shared by every test folder of the repository.

pytest-odoo imports ``odoo.tests`` while it parses the command line, before it turns
Odoo's test mode on (it does so per test module, so that loading the registry does not
run every installed module's own tests). Odoo logs that early import as an error; it is
expected here, so it is filtered out rather than shown on every run.
"""

import logging


class _ExpectedTestFrameworkImport(logging.Filter):
    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_ExpectedTestFrameworkImport())
