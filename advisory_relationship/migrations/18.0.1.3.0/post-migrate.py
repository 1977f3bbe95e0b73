"""The advisors' record rules read the staff serving a client or an engagement
(``advisory_access_user_ids``): an access check no longer scans all the clients."""

from odoo import SUPERUSER_ID, api

from odoo.addons.advisory_client_mgmt.migration_helpers import refresh_client_rules


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    refresh_client_rules(
        env, "advisory_relationship", "security/advisory_relationship_security.xml"
    )
