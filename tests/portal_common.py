"""What the portal tests build alike: a client's portal login, and the fields any
portal page's record shows besides its own (``portal.mixin``, the chatter, the
log fields)."""

from odoo.tests import new_test_user

# the fields of portal.mixin, of the portal page's chatter and the log fields:
# readable by the portal user on every document with a portal page
PORTAL_PAGE_FIELDS = frozenset(
    {
        # portal.mixin
        "access_url",
        "access_token",
        "access_warning",
        # the chatter of the portal page
        "message_ids",
        "website_message_ids",
        "message_is_follower",
        "has_message",
        "message_needaction",
        "message_needaction_counter",
        "message_has_error",
        "message_has_error_counter",
        "message_has_sms_error",
        # log fields
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    }
)


def portal_user(client, login, email, **values):
    """A portal user (password: its login) whose contact belongs to the company
    ``client``: it sees ``client``'s documents in the portal."""
    user = new_test_user(
        client.env, login=login, groups="base.group_portal", email=email, **values
    )
    user.partner_id.parent_id = client
    return user
