"""The stage history has no log columns any more (``_log_access = False``: an
event's date and user say when and by whom, the same values): their columns go.
So does the index of ``res_model`` alone (Odoo keeps an index a field no longer
asks for): the index of a document's events leads with that column."""

from odoo.tools import sql

from odoo.addons.advisory_client_mgmt.migration_helpers import drop_log_columns


def migrate(cr, version):
    drop_log_columns(cr, "advisory_stage_event")
    sql.drop_index(cr, "advisory_stage_event__res_model_index", "advisory_stage_event")
