"""Lifecycle history (advisory.lifecycle.event): the clients whose lifecycle state
was set before the history existed get one initial event each, dated from their last
lifecycle change. Idempotent: only clients without any event.

(Until this version the backfill ran in the model's ``init()`` at every update; a new
database needs none: every lifecycle state is logged when it is written.)

Projects: Odoo's rule "employees see the projects that are not followers-only" no
longer lets write (security/advisory_client_mgmt_security.xml does it at
installation; Odoo's rule is not updated by another addon's data afterwards):
advisors write the projects of their engagements only.

Record rules: the advisors' rules read the staff serving a client or an engagement
(``advisory_access_user_ids``, filled by pre-migrate.py): an access check no longer
scans all the clients."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.advisory_client_mgmt.migration_helpers import refresh_client_rules


def migrate(cr, version):
    if not version:
        return
    _backfill_lifecycle_events(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("project.project_public_members_rule", raise_if_not_found=False)
    if rule:
        rule.perm_write = False
    refresh_client_rules(
        env, "advisory_client_mgmt", "security/advisory_client_mgmt_security.xml"
    )


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
