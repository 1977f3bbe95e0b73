"""The advisors' rule on event registrations reads the registration's advisory
client (``advisory_client_id``, computed for the existing registrations when the
column is added) and the staff serving it from the staff lists' table: no scan of
every contact under the rule's OR. Rules are loaded once (``noupdate``): the
shipped domain is replaced, a rule an admin rewrote is left as it is."""

from odoo import SUPERUSER_ID, api

OLD = (
    "['|', ('partner_id', '=', False), '|', "
    "('partner_id.commercial_partner_id.is_advisory_client', '=', False), "
    "('partner_id.commercial_partner_id.advisory_access_user_ids', 'in', user.id)]"
)
NEW = (
    "['|', ('advisory_client_id', '=', False), "
    "('advisory_client_served_by_ids', 'in', user.id)]"
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("advisory_relationship.event_registration_rule_advisor", False)
    if rule and (rule.domain_force or "").strip() == OLD:
        rule.domain_force = NEW
