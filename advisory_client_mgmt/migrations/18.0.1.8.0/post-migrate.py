"""The stage history has no log columns any more (``_log_access = False``: an
event's date and user say when and by whom, the same values): their columns go."""

from odoo.addons.advisory_client_mgmt.migration_helpers import drop_log_columns


def migrate(cr, version):
    drop_log_columns(cr, "advisory_stage_event")
