import json

from odoo import api, models, tools
from odoo.tools import SQL


class AdvisoryBulkRowMixin(models.AbstractModel):
    """Rows the system inserts by the thousand and never changes afterwards: the
    history of the documents' states, the factor lines of the risk ratings.

    :meth:`_insert_rows` writes a batch with one SQL statement. That is the same
    as ``create`` only for plain rows: every column given by the caller, no stored
    computed or related field, no constraint method, no ``create`` override but
    the checks of ``advisory.protected.mixin`` (meant for the users' values, not
    the system's). ``test_bulk_rows`` checks that of every model using this mixin,
    so a computed field or an override added later fails a test instead of being
    skipped silently.

    The models set ``_log_access = False``: a row says itself when and by whom it
    was made (the event's date and user, the rating a factor line belongs to), and
    PostgreSQL then checks two foreign keys less per row (a quarter of the factor
    lines' insert).
    """

    _name = "advisory.bulk.row.mixin"
    _description = "Advisory Rows Inserted in Bulk"

    @api.model
    def _insert_rows(self, vals_list):
        """Insert the rows ``vals_list`` (dicts with the same keys: every stored
        column) with ONE SQL statement; the model's cache is invalidated. The
        rows travel as one JSON parameter (``json_to_recordset``): PostgreSQL
        parses it faster than the ``ARRAY[...]`` expressions psycopg2 makes of
        Python lists (a third of the time for 16,000 rows)."""
        if not vals_list:
            return
        fnames = list(vals_list[0])
        missing = self._bulk_row_columns() - set(fnames)
        if missing:
            # a programming error: nothing would fill them (no defaults here)
            raise ValueError(f"{self._name}: every column is given ({missing})")
        not_bool = [name for name in fnames if self._fields[name].type != "boolean"]
        rows = [
            dict(vals, **{name: None for name in not_bool if vals[name] is False})
            for vals in vals_list
        ]
        columns = SQL(", ").join(SQL.identifier(name) for name in fnames)
        self.env.cr.execute(
            SQL(
                "INSERT INTO %(table)s (%(columns)s) SELECT %(columns)s "
                "FROM json_to_recordset(%(rows)s) AS rows(%(types)s)",
                table=SQL.identifier(self._table),
                columns=columns,
                # dates and datetimes as their ISO text, which PostgreSQL reads
                rows=json.dumps(rows, default=str),
                types=SQL(", ").join(
                    SQL(
                        "%s %s",
                        SQL.identifier(name),
                        SQL(self._fields[name].column_type[1]),
                    )
                    for name in fnames
                ),
            )
        )
        self.invalidate_model()

    @api.model
    @tools.ormcache()
    def _bulk_row_columns(self):
        """The stored columns a row is inserted with (all but the id)."""
        return frozenset(
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and name != "id"
        )
