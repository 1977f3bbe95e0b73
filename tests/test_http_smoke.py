"""Smoke test through the HTTP server: the login page and the Advisory app menu."""

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHttpSmoke(HttpCase):
    def _app_menus(self):
        response = self.url_open("/web/webclient/load_menus/smoke")
        self.assertEqual(response.status_code, 200)
        menus = response.json()
        return {
            menus[str(i)]["xmlid"]: menus[str(i)] for i in menus["root"]["children"]
        }

    def test_login_page(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="login"', response.text)

    def test_advisor_sees_advisory_menu(self):
        new_test_user(
            self.env,
            login="smoke_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        self.authenticate("smoke_advisor", "smoke_advisor")
        response = self.url_open("/web")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("/web/login", response.url)
        apps = self._app_menus()
        self.assertIn("advisory_client_mgmt.menu_advisory_root", apps)
        app = apps["advisory_client_mgmt.menu_advisory_root"]
        self.assertEqual(app["name"], "Advisory")
        self.assertTrue(app["webIconData"], "the Advisory app shows its icon")
        # the app opens the advisory clients
        self.assertEqual(
            app["actionID"],
            self.env.ref("advisory_client_mgmt.res_partner_action_advisory_client").id,
        )

    def test_internal_user_without_role_has_no_advisory_menu(self):
        new_test_user(self.env, login="smoke_employee", groups="base.group_user")
        self.authenticate("smoke_employee", "smoke_employee")
        self.assertNotIn("advisory_client_mgmt.menu_advisory_root", self._app_menus())
