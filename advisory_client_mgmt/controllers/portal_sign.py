"""The client's proposals and contracts in the portal: she reads them, downloads
the PDF, accepts (signs) or declines a presented proposal and signs an approved
contract.

A document opens to a portal user of the client's company (record rules) or to
its access token, carried by the firm's mails (``portal.mixin`` compares it in
constant time). The decisions run the model's ``_portal_*`` methods with the
checks of the staff's buttons; the portal user writes nothing herself.

Accept and sign are JSON-RPC routes, as Odoo's signature form calls them (a JSON
body cannot come from another site's form, nor the session cookie cross-site);
decline is a form POST with Odoo's CSRF token.
"""

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import is_html_empty

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal import portal_list_values

PROPOSAL_REPORT = "advisory_client_mgmt.advisory_proposal_action_report"
CONTRACT_REPORT = "advisory_client_mgmt.advisory_contract_action_report"
MAX_DECLINE_REASON = 2000


class AdvisorySignPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Home counters
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("advisory_proposal_count", "advisory.proposal"),
            ("advisory_contract_count", "advisory.contract"),
        ):
            if counter in counters:
                Model = request.env[model]
                values[counter] = (
                    Model.search_count(self._advisory_portal_domain(model))
                    if Model.has_access("read")
                    else 0
                )
        return values

    def _advisory_portal_domain(self, model):
        """The documents of the user's company that were shown to the client."""
        client = request.env.user.partner_id.commercial_partner_id
        return [
            ("partner_id", "=", client.id),
            *request.env[model]._portal_visible_domain(),
        ]

    # ------------------------------------------------------------------
    # Lists
    # ------------------------------------------------------------------

    def _advisory_proposal_sortings(self):
        env = request.env
        return {
            "date": {
                "label": env._("Newest"),
                "order": "presented_date desc, id desc",
            },
            "name": {"label": env._("Reference"), "order": "name, id"},
            "state": {"label": env._("Status"), "order": "state, id desc"},
        }

    def _advisory_contract_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date_start desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name, id"},
            "state": {"label": env._("Status"), "order": "state, id desc"},
        }

    @http.route(
        ["/my/proposals", "/my/proposals/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_advisory_proposals(self, page=1, sortby=None, **kw):
        if not request.env["advisory.proposal"].has_access("read"):
            return request.redirect("/my")
        values = portal_list_values(
            self,
            "advisory.proposal",
            "/my/proposals",
            self._advisory_proposal_sortings(),
            page,
            sortby,
            domain=self._advisory_portal_domain("advisory.proposal"),
            history_key="my_advisory_proposals_history",
        )
        values["page_name"] = "advisory_proposals"
        return request.render("advisory_client_mgmt.portal_my_proposals", values)

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_advisory_contracts(self, page=1, sortby=None, **kw):
        if not request.env["advisory.contract"].has_access("read"):
            return request.redirect("/my")
        values = portal_list_values(
            self,
            "advisory.contract",
            "/my/contracts",
            self._advisory_contract_sortings(),
            page,
            sortby,
            domain=self._advisory_portal_domain("advisory.contract"),
            history_key="my_advisory_contracts_history",
        )
        values["page_name"] = "advisory_contracts"
        return request.render("advisory_client_mgmt.portal_my_contracts", values)

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------

    def _advisory_document(self, model, record_id, access_token):
        """The document the current visitor may open, in superuser mode for the
        page (as the acting user, for the chatter and the tracking); raises
        MissingError / AccessError otherwise."""
        self._document_check_access(model, record_id, access_token=access_token)
        # sudo: _document_check_access proved the right to this one document
        # (record rules of the client, or its access token); the page shows what
        # the client may read of it, the model's _portal_* methods decide
        record = request.env[model].sudo().browse(record_id)
        if not record._portal_visible():
            # a draft or a document under review is not the client's to see, even
            # with a token
            raise MissingError(request.env._("This document does not exist."))
        return record

    def _advisory_page(self, model, record_id, access_token, report_ref, kw, values):
        try:
            record = self._advisory_document(model, record_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        report_type = kw.get("report_type")
        if report_type in ("html", "pdf"):
            return self._show_report(
                model=record,
                report_type=report_type,
                report_ref=report_ref,
                download=kw.get("download") == "true",
            )
        values.update(
            {
                "record": record,
                "is_html_empty": is_html_empty,
                "stale_reason": record._portal_stale_reason(),
                "message": kw.get("message"),
                "error": kw.get("error"),
                "res_company": record.company_id,
                "report_url": record.get_portal_url(report_type="pdf", download=True),
            }
        )
        return values, record

    @http.route(
        "/my/proposals/<int:proposal_id>", type="http", auth="public", website=True
    )
    def portal_advisory_proposal(self, proposal_id, access_token=None, **kw):
        result = self._advisory_page(
            "advisory.proposal",
            proposal_id,
            access_token,
            PROPOSAL_REPORT,
            kw,
            {"page_name": "advisory_proposal"},
        )
        if not isinstance(result, tuple):
            return result
        values, proposal = result
        return self._render_advisory_proposal(proposal, access_token, values)

    def _render_advisory_proposal(self, proposal, access_token, values, status=200):
        newer = proposal._portal_newer_version()
        values["newer_url"] = (
            newer.access_url
            if newer
            and newer._portal_visible()
            and newer.sudo(False).has_access("read")
            else False
        )
        values = self._get_page_view_values(
            proposal, access_token, values, "my_advisory_proposals_history", False
        )
        return request.render(
            "advisory_client_mgmt.portal_advisory_proposal", values, status=status
        )

    @http.route(
        "/my/contracts/<int:contract_id>", type="http", auth="public", website=True
    )
    def portal_advisory_contract(self, contract_id, access_token=None, **kw):
        result = self._advisory_page(
            "advisory.contract",
            contract_id,
            access_token,
            CONTRACT_REPORT,
            kw,
            {"page_name": "advisory_contract"},
        )
        if not isinstance(result, tuple):
            return result
        values, contract = result
        values = self._get_page_view_values(
            contract, access_token, values, "my_advisory_contracts_history", False
        )
        return request.render("advisory_client_mgmt.portal_advisory_contract", values)

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------

    def _advisory_sign(self, model, record_id, access_token, name, signature):
        """Run the signing method of the document (``_portal_accept`` or
        ``_portal_sign``) for the signature form; answers as the form expects."""
        access_token = access_token or request.httprequest.args.get("access_token")
        if not all(
            isinstance(value, str | None) for value in (access_token, name, signature)
        ):
            # a JSON caller may send anything: only text is a name, a signature
            # or a token
            return {"error": request.env._("This signature could not be read.")}
        try:
            record = self._advisory_document(model, record_id, access_token)
        except (AccessError, MissingError):
            return {"error": request.env._("This document is not available.")}
        method = "_portal_accept" if model == "advisory.proposal" else "_portal_sign"
        try:
            # a refused signature leaves nothing behind
            with request.env.cr.savepoint():
                getattr(record, method)(
                    name, signature, request.httprequest.remote_addr
                )
        except (UserError, ValidationError, AccessError) as error:
            return {"error": error.args[0]}
        return {
            "force_refresh": True,
            "redirect_url": record.get_portal_url(query_string="&message=signed"),
        }

    @http.route(
        "/my/proposals/<int:proposal_id>/accept",
        type="json",
        auth="public",
        website=True,
    )
    def portal_advisory_proposal_accept(
        self, proposal_id, access_token=None, name=None, signature=None
    ):
        return self._advisory_sign(
            "advisory.proposal", proposal_id, access_token, name, signature
        )

    @http.route(
        "/my/contracts/<int:contract_id>/sign",
        type="json",
        auth="public",
        website=True,
    )
    def portal_advisory_contract_sign(
        self, contract_id, access_token=None, name=None, signature=None
    ):
        return self._advisory_sign(
            "advisory.contract", contract_id, access_token, name, signature
        )

    @http.route(
        "/my/proposals/<int:proposal_id>/decline",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_advisory_proposal_decline(
        self, proposal_id, access_token=None, decline_reason=None, **kw
    ):
        try:
            proposal = self._advisory_document(
                "advisory.proposal", proposal_id, access_token
            )
        except (AccessError, MissingError):
            return request.not_found()
        reason = (decline_reason or "").strip()
        error = None
        if len(reason) > MAX_DECLINE_REASON:
            error = request.env._(
                "The reason is limited to %(count)s characters.",
                count=MAX_DECLINE_REASON,
            )
        else:
            try:
                with request.env.cr.savepoint():
                    proposal._portal_decline(reason)
            except (UserError, ValidationError, AccessError) as exc:
                error = exc.args[0]
        if not error:
            return request.redirect(
                proposal.get_portal_url(query_string="&message=declined")
            )
        values = {
            "page_name": "advisory_proposal",
            "record": proposal,
            "is_html_empty": is_html_empty,
            "stale_reason": proposal._portal_stale_reason(),
            "error": error,
            "res_company": proposal.company_id,
            "report_url": proposal.get_portal_url(report_type="pdf", download=True),
        }
        return self._render_advisory_proposal(
            proposal, access_token, values, status=400
        )
