"""The advisors' rule on feedback tickets reads "the clients I serve" from the staff
lists' table (``client_served_by_ids``), a cheaper plan under the rule's OR. Rules
are loaded once (``noupdate``): the shipped domain is replaced, a rule an admin
rewrote is left as it is."""

from odoo import SUPERUSER_ID, api

OLD = (
    "['|', ('user_id', '=', user.id), "
    "('partner_id.advisory_access_user_ids', 'in', user.id)]"
)
NEW = "['|', ('user_id', '=', user.id), ('client_served_by_ids', 'in', user.id)]"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("advisory_feedback.advisory_feedback_rule_user", False)
    if rule and (rule.domain_force or "").strip() == OLD:
        rule.domain_force = NEW
