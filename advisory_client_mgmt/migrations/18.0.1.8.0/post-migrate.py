"""The stage history has no log columns any more (``_log_access = False``: an
event's date and user say when and by whom, the same values): their columns go,
and the users' saved filters on the history read the event's date and user
instead. So does the index of ``res_model`` alone (Odoo keeps an index a field
no longer asks for): the index of a document's events leads with that column."""

from odoo.tools import SQL, sql

from odoo.addons.advisory_client_mgmt.migration_helpers import drop_log_columns

# the log field of an event -> the event's own field of the same value
EVENT_FIELDS = {
    "create_date": "date",
    "write_date": "date",
    "create_uid": "user_id",
    "write_uid": "user_id",
}


def migrate(cr, version):
    drop_log_columns(cr, "advisory_stage_event")
    sql.drop_index(cr, "advisory_stage_event__res_model_index", "advisory_stage_event")
    for old, new in EVENT_FIELDS.items():
        cr.execute(
            SQL(
                """
                UPDATE ir_filters
                   SET domain = replace(domain, %(old)s, %(new)s),
                       context = replace(context, %(old)s, %(new)s),
                       sort = replace(sort, %(old)s, %(new)s)
                 WHERE model_id = 'advisory.stage.event'
                """,
                old=old,
                new=new,
            )
        )
