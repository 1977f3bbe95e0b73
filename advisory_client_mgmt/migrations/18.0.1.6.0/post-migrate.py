"""Lifecycle history (advisory.lifecycle.event): the clients whose lifecycle state
was set before the history existed get one initial event each, dated from their last
lifecycle change. Idempotent: only clients without any event.

(Until this version the backfill ran in the model's ``init()`` at every update; a new
database needs none: every lifecycle state is logged when it is written.)

Projects: Odoo's rule "employees see the projects that are not followers-only" no
longer lets write (security/advisory_client_mgmt_security.xml does it at
installation; Odoo's rule is not updated by another addon's data afterwards):
advisors write the projects of their engagements only."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    _backfill_lifecycle_events(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("project.project_public_members_rule", raise_if_not_found=False)
    if rule:
        rule.perm_write = False


def _backfill_lifecycle_events(cr):
    cr.execute(
        SQL(
            """
            INSERT INTO advisory_lifecycle_event (
                partner_id, company_id, date, new_state,
                create_uid, write_uid, create_date, write_date)
            SELECT p.id,
                   COALESCE(p.company_id, (SELECT c.id FROM res_company c
                                            ORDER BY c.sequence, c.id LIMIT 1)),
                   COALESCE(p.lifecycle_changed_on, p.create_date::date,
                            CURRENT_DATE),
                   p.lifecycle_state, %(uid)s, %(uid)s,
                   NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
              FROM res_partner p
             WHERE p.lifecycle_state IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM advisory_lifecycle_event e
                                WHERE e.partner_id = p.id)
            """,
            uid=SUPERUSER_ID,
        )
    )
