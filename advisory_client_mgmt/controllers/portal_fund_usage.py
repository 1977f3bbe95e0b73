from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal import (
    MAX_UPLOAD_FILES,
    UPLOAD_TYPES,
    portal_list_values,
    portal_upload_files,
    portal_upload_limits,
)

REPORT_MODEL = "advisory.fund.usage.report"


class AdvisoryFundUsagePortal(CustomerPortal):
    """The client's use of funds reports in the portal: the list, a report's
    planned against actual use per category, and the form where the client enters
    her actual amounts, sends the evidence and submits the report. What a portal
    user reads is decided by the record rules (her company's reports); she writes
    nothing but through the report's ``_portal_save`` / ``_portal_submit``."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "fund_usage_report_count" in counters:
            Report = request.env[REPORT_MODEL]
            values["fund_usage_report_count"] = (
                Report.search_count(self._fund_usage_domain())
                if Report.has_access("read")
                else 0
            )
        return values

    def _fund_usage_domain(self):
        return [
            ("partner_id", "=", request.env.user.partner_id.commercial_partner_id.id)
        ]

    def _fund_usage_sortings(self):
        env = request.env
        return {
            "date": {
                "label": env._("Newest Period"),
                "order": "date_from desc, id desc",
            },
            "due": {"label": env._("Due Date"), "order": "date_due, id"},
            "state": {"label": env._("Status"), "order": "state, date_from desc"},
        }

    def _fund_usage_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "todo": {
                "label": env._("To Fill In"),
                "domain": [("state", "in", ("draft", "rejected"))],
            },
            "sent": {
                "label": env._("Handed In"),
                "domain": [("state", "in", ("submitted", "verified"))],
            },
        }

    @http.route(
        ["/my/fund-usage", "/my/fund-usage/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_fund_usage(self, page=1, sortby=None, filterby=None, **kw):
        if not request.env[REPORT_MODEL].has_access("read"):
            return request.redirect("/my")
        values = portal_list_values(
            self,
            REPORT_MODEL,
            "/my/fund-usage",
            self._fund_usage_sortings(),
            page,
            sortby,
            domain=self._fund_usage_domain(),
            filters=self._fund_usage_filters(),
            filterby=filterby,
        )
        values.update(reports=values["records"], page_name="fund_usage")
        return request.render("advisory_client_mgmt.portal_my_fund_usage", values)

    @http.route(
        "/my/fund-usage/<int:report_id>", type="http", auth="public", website=True
    )
    def portal_fund_usage_report(
        self, report_id, access_token=None, message=None, **kw
    ):
        """A report: planned against actual use per category, the variance, the
        evidence; the form to fill it while it waits for the client's figures."""
        try:
            report_sudo = self._document_check_access(
                REPORT_MODEL, report_id, access_token
            )
        except (AccessError, MissingError):
            return request.not_found()
        return self._render_fund_usage_report(
            report_sudo, access_token, message=message
        )

    def _render_fund_usage_report(self, report_sudo, access_token, **extra):
        # the visitor herself (the checked document is the superuser's)
        report = report_sudo.with_user(request.env.user)
        values = self._get_page_view_values(
            report_sudo,
            access_token,
            {
                "report": report_sudo,
                "page_name": "fund_usage_report",
                # only the client's own users fill the report, logged in (not
                # from a shared link)
                "can_edit": report._portal_is_editable(),
                "evidence_names": report_sudo._portal_evidence_names(),
                "upload_limits": portal_upload_limits(request.env),
                "accept": ",".join(UPLOAD_TYPES),
                "max_files": MAX_UPLOAD_FILES,
                "amounts": {},
                "comment": None,
                "error": None,
                "message": None,
            },
            "my_fund_usage_history",
            False,
        )
        values.update(extra)
        return request.render("advisory_client_mgmt.portal_fund_usage_report", values)

    @http.route(
        "/my/fund-usage/<int:report_id>/save",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_fund_usage_save(self, report_id, **post):
        """The client's figures and evidence (multipart, with the CSRF token);
        ``submit`` in the form hands the report in after saving them."""
        Report = request.env[REPORT_MODEL]
        report = Report.browse()
        if Report.has_access("read"):
            report = Report.search([("id", "=", report_id), *self._fund_usage_domain()])
        if not report:
            return request.not_found()
        amounts, error = self._fund_usage_amounts(report, post)
        files = []
        if not error:
            files, error = portal_upload_files(required=False)
        comment = post.get("client_comment")
        if not error:
            try:
                # a refused save or submission leaves nothing behind
                with request.env.cr.savepoint():
                    report._portal_save(amounts, comment=comment, files=files)
                    if post.get("submit"):
                        report._portal_submit()
            except (UserError, ValidationError, AccessError) as exc:
                error = exc.args[0]
            else:
                message = "submitted" if post.get("submit") else "saved"
                return request.redirect(f"/my/fund-usage/{report.id}?message={message}")
        return self._render_fund_usage_report(
            report.sudo(),
            None,
            error=error,
            amounts={key: post.get(f"actual_{key}") for key in report.line_ids.ids},
            comment=comment,
        )

    def _fund_usage_amounts(self, report, post):
        """``{line id: amount}`` of the form, and the message naming an amount
        that is not a number (None when all are fine)."""
        env = request.env
        amounts = {}
        for line in report.line_ids:
            raw = (post.get(f"actual_{line.id}") or "").strip().replace(",", "")
            if raw == "":
                continue
            try:
                amount = float(raw)
            except ValueError:
                amount = None
            if (
                amount is None
                or amount != amount
                or amount
                in (
                    float("inf"),
                    float("-inf"),
                )
            ):
                return {}, env._(
                    "Enter the amount of %(category)s as a number.",
                    category=line.category_id.name,
                )
            amounts[line.id] = amount
        return amounts, None
