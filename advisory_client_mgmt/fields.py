from odoo import fields


class NullableFloat(fields.Float):
    """A float that can be empty.

    ``fields.Float`` turns an empty value (``False`` / ``None`` / SQL ``NULL``) into
    ``0.0`` on its way to the database, into the cache and back to the record, so
    "not computable" and "zero" cannot be told apart. Financial ratios need that
    difference: a debt ratio of 0 % (no liabilities) is a fact, a debt ratio of a
    company without assets does not exist. This field keeps ``False`` in Python and
    ``NULL`` in the database, and keeps ``0.0`` as a real value.
    """

    def convert_to_column(self, value, record, values=None, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_column(value, record, values, validate)

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return False
        return super().convert_to_cache(value, record, validate)

    def convert_to_record(self, value, record):
        if value is None or value is False:
            return False
        return value

    def convert_to_export(self, value, record):
        if value is None or value is False:
            return ""
        return value
