from odoo import fields


class _Nullable:
    """Keeps an empty value empty: ``False`` in Python, ``NULL`` in the database,
    while 0 stays a real value.

    Odoo's numeric fields turn an empty value (``False`` / ``None`` / SQL ``NULL``)
    into 0 on its way to the database, into the cache and back to the record, so
    "not computable" and "zero" cannot be told apart. Financial ratios need that
    difference (a debt ratio of 0 % is a fact, the debt ratio of a company without
    assets does not exist), and so do answers (an NPS answer of 0 is the worst one,
    no answer is no data).
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


class NullableFloat(_Nullable, fields.Float):
    """A float that can be empty (see ``_Nullable``)."""


class NullableInteger(_Nullable, fields.Integer):
    """An integer that can be empty (see ``_Nullable``)."""
