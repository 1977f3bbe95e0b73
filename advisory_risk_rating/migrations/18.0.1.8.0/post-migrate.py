"""The factor lines of the ratings have no log columns any more (``_log_access =
False``: a line is part of its rating, which has them): their columns go."""

from odoo.addons.advisory_client_mgmt.migration_helpers import drop_log_columns


def migrate(cr, version):
    drop_log_columns(cr, "advisory_risk_assessment_line")
