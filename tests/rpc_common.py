import xmlrpc.client

from odoo.tests import HttpCase


def create_command(values):
    """An x2many "create" command as XML-RPC carries it (a plain tuple)."""
    return (0, 0, values)


class RpcCase(HttpCase):
    """Calls through the external API (XML-RPC) as the users made with
    ``new_test_user`` (their password is their login), and the check that a bad
    call is refused with a readable message: a ``UserError`` /
    ``ValidationError`` fault, not a server traceback."""

    def _call(self, login, model, method, *args, **kwargs):
        user = self.env["res.users"].search([("login", "=", login)])
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, login, model, method, list(args), kwargs
        )

    def _refused(self, expected, login, model, method, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._call(login, model, method, *args, **kwargs)
        fault = caught.exception.faultString
        self.assertIn(expected, fault)
        self.assertNotIn("Traceback", fault)
        return fault
