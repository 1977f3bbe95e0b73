"""Helpers of the addons' migration scripts."""

from lxml import etree

from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tools import SQL
from odoo.tools.misc import file_path


def refresh_client_rules(env, module, filename):
    """Give the record rules that still read a client's relationship manager and
    team one by one the domain of ``filename``: they read the list of the staff
    serving the client (``advisory_access_user_ids``), the same access with an
    indexed join. Rules are loaded once (``noupdate``); a rule that an admin
    rewrote without those fields is left as it is."""
    tree = etree.parse(file_path(f"{module}/{filename}"))
    for node in tree.iterfind(".//record[@model='ir.rule']"):
        xmlid = node.get("id")
        rule = env.ref(
            xmlid if "." in xmlid else f"{module}.{xmlid}", raise_if_not_found=False
        )
        domain = (node.findtext("field[@name='domain_force']") or "").strip()
        if (
            rule
            and "advisory_access_user_ids" in domain
            and "client_team_ids" in (rule.domain_force or "")
        ):
            rule.domain_force = domain


def drop_log_columns(cr, table):
    """Drop the log columns (created/updated by and on) of ``table``, whose model
    set ``_log_access = False``: Odoo removes the fields but leaves their columns
    (and their foreign keys, checked at every insert)."""
    cr.execute(
        SQL(
            "ALTER TABLE %s %s",
            SQL.identifier(table),
            SQL(", ").join(
                SQL("DROP COLUMN IF EXISTS %s", SQL.identifier(column))
                for column in LOG_ACCESS_COLUMNS
            ),
        )
    )
