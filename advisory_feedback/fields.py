from odoo import fields


class NullableInteger(fields.Integer):
    """An integer that can be empty (``False`` / SQL ``NULL``), and 0 stays a real
    value: an NPS answer of 0 is the worst answer, no NPS answer is no data. The
    integer counterpart of ``advisory_client_mgmt.fields.NullableFloat``."""

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
