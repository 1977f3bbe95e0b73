from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal import portal_list_values


class AdvisoryEngagementPortal(CustomerPortal):
    """The client's engagements in the portal: state, relationship manager,
    proposals, contracts and the project's progress (milestones, KPIs, published
    updates, files). What a portal user lists is decided by the record rules (her
    company's engagements); one engagement is also open to its access token (the
    link of a notification)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "engagement_count" in counters:
            Engagement = request.env["advisory.engagement"]
            values["engagement_count"] = (
                Engagement.search_count(self._engagements_domain())
                if Engagement.has_access("read")
                else 0
            )
        return values

    def _engagements_domain(self):
        # the record rules decide what a portal user reads; the same limits for
        # anyone who opens the portal
        return [
            (
                "partner_id",
                "child_of",
                request.env.user.partner_id.commercial_partner_id.id,
            ),
            ("state", "!=", "draft"),
        ]

    def _engagement_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date_start desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name"},
            "state": {"label": env._("Status"), "order": "state, date_start desc"},
        }

    @http.route(
        ["/my/engagements", "/my/engagements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_engagements(self, page=1, sortby=None, **kw):
        if not request.env["advisory.engagement"].has_access("read"):
            return request.redirect("/my")
        values = portal_list_values(
            self,
            "advisory.engagement",
            "/my/engagements",
            self._engagement_sortings(),
            page,
            sortby,
            domain=self._engagements_domain(),
            history_key="my_engagements_history",
        )
        values.update(engagements=values["records"], page_name="engagements")
        return request.render("advisory_client_mgmt.portal_my_engagements", values)

    @http.route(
        "/my/engagements/<int:engagement_id>",
        type="http",
        auth="public",
        website=True,
    )
    def portal_engagement_page(self, engagement_id, access_token=None, **kw):
        try:
            engagement = self._document_check_access(
                "advisory.engagement", engagement_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.not_found()
        if engagement.state == "draft":
            # the firm's preparation, not the client's to see, even with a token
            return request.not_found()
        # the portal chatter posts with the engagement's token
        engagement._portal_ensure_token()
        values = self._get_page_view_values(
            engagement,
            access_token,
            {
                "engagement": engagement,
                "page_name": "engagement",
                **engagement._portal_documents(),
                **engagement._portal_project_values(),
            },
            "my_engagements_history",
            False,
            pid=kw.get("pid"),
            hash=kw.get("hash"),
        )
        return request.render("advisory_client_mgmt.portal_engagement_page", values)
