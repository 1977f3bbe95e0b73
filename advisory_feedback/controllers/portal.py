from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.advisory_client_mgmt.controllers.portal import (
    MAX_ATTACHMENT_SIZE,
    MAX_UPLOAD_FILES,
    UPLOAD_TYPES,
    check_portal_upload,
    portal_list_values,
    portal_upload_limits,
)
from odoo.addons.portal.controllers.portal import CustomerPortal

PORTAL_PRIORITIES = ("0", "1", "2")  # clients do not raise "urgent" themselves


class AdvisoryFeedbackPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "feedback_count" in counters:
            Feedback = request.env["advisory.feedback"]
            values["feedback_count"] = (
                Feedback.search_count([]) if Feedback.has_access("read") else 0
            )
        return values

    def _feedback_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date_received desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name desc"},
            "state": {"label": env._("Status"), "order": "state, id desc"},
            "priority": {"label": env._("Priority"), "order": "priority desc, id desc"},
        }

    @http.route(
        ["/my/feedback", "/my/feedback/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_feedback(self, page=1, sortby=None, **kw):
        if not request.env["advisory.feedback"].has_access("read"):
            return request.redirect("/my")
        values = portal_list_values(
            self,
            "advisory.feedback",
            "/my/feedback",
            self._feedback_sortings(),
            page,
            sortby,
        )
        values.update(tickets=values["records"], page_name="feedback")
        return request.render("advisory_feedback.portal_my_feedback", values)

    @http.route(
        "/my/feedback/<int:feedback_id>", type="http", auth="public", website=True
    )
    def portal_feedback_page(self, feedback_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access(
                "advisory.feedback", feedback_id, access_token
            )
        except (AccessError, MissingError):
            return request.not_found()
        values = self._get_page_view_values(
            ticket_sudo,
            access_token,
            {"ticket": ticket_sudo, "page_name": "feedback_ticket"},
            "my_feedback_history",
            False,
        )
        values["message"] = kw.get("message")
        return request.render("advisory_feedback.portal_feedback_page", values)

    @http.route(
        [
            "/my/feedback/<int:feedback_id>/confirm",
            "/my/feedback/<int:feedback_id>/reopen",
        ],
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_feedback_decision(self, feedback_id, access_token=None, **post):
        """The closed loop: the client confirms (closes) or reopens a resolved
        ticket, from the links of the resolution mail, without login. GET shows the
        question (mail scanners follow links), POST (with CSRF) decides."""
        try:
            ticket_sudo = self._document_check_access(
                "advisory.feedback", feedback_id, access_token
            )
        except (AccessError, MissingError):
            return request.not_found()
        decision = request.httprequest.path.rstrip("/").rsplit("/", 1)[-1]
        values = {
            "ticket": ticket_sudo,
            "decision": decision,
            "access_token": access_token,
            "page_name": "feedback_ticket",
        }
        if request.httprequest.method == "POST":
            if ticket_sudo.state != "resolved":
                values["error"] = request.env._(
                    "This ticket is no longer waiting for your answer."
                )
                return request.render(
                    "advisory_feedback.portal_feedback_decision", values
                )
            author = (
                request.env.user.partner_id
                if not request.env.user._is_public()
                else ticket_sudo.contact_id or ticket_sudo.partner_id
            )
            comment = (post.get("comment") or "").strip()
            # sudo: the access token (or the portal rule) proved the client's
            # right; the client closes or reopens through the ticket's own steps
            if decision == "confirm":
                ticket_sudo._do_close()
                body = request.env._("The client confirmed the resolution.")
            else:
                ticket_sudo._do_reopen()
                body = request.env._("The client reopened the ticket.")
            if comment:
                body = f"{body}\n{comment}"
            ticket_sudo.message_post(
                body=body,
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            values["done"] = True
        return request.render("advisory_feedback.portal_feedback_decision", values)

    def _feedback_form_values(self, post=None, error=None):
        env = request.env
        Feedback = env["advisory.feedback"]
        categories = Feedback._fields["category"]._description_selection(env)
        priorities = [
            item
            for item in Feedback._fields["priority"]._description_selection(env)
            if item[0] in PORTAL_PRIORITIES
        ]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "feedback_new",
                "categories": categories,
                "priorities": priorities,
                "post": post or {},
                "error": error or {},
                "upload_limits": portal_upload_limits(env),
                "accept": ",".join(UPLOAD_TYPES),
            }
        )
        return values

    @http.route(
        "/my/feedback/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_feedback_new(self, **post):
        if request.env.user._is_public():
            return request.redirect("/web/login?redirect=/my/feedback/new")
        if request.httprequest.method != "POST":
            return request.render(
                "advisory_feedback.portal_feedback_new", self._feedback_form_values()
            )
        error, vals = self._feedback_validate(post)
        files = [
            file
            for file in request.httprequest.files.getlist("attachments")
            if file and file.filename
        ]
        attachments = []
        if len(files) > MAX_UPLOAD_FILES:
            error["attachments"] = request.env._(
                "Send at most %(count)s files at once.", count=MAX_UPLOAD_FILES
            )
            files = []
        for file in files:
            content = file.read(MAX_ATTACHMENT_SIZE + 1)
            mimetype, refusal = check_portal_upload(request.env, file.filename, content)
            if refusal:
                error["attachments"] = refusal
                break
            attachments.append((file.filename, content, mimetype))
        if error:
            return request.render(
                "advisory_feedback.portal_feedback_new",
                self._feedback_form_values(post, error),
            )
        try:
            ticket = self._feedback_create(vals, attachments)
        except (UserError, ValidationError) as exc:
            return request.render(
                "advisory_feedback.portal_feedback_new",
                self._feedback_form_values(post, {"general": str(exc)}),
            )
        return request.redirect(f"/my/feedback/{ticket.id}?message=created")

    def _feedback_validate(self, post):
        env = request.env
        error, vals = {}, {}
        subject = (post.get("subject") or "").strip()
        description = (post.get("description") or "").strip()
        category = post.get("category")
        priority = post.get("priority") or "1"
        if not subject:
            error["subject"] = env._("Give your feedback a short title.")
        elif len(subject) > 200:
            error["subject"] = env._("The title is limited to 200 characters.")
        if not description:
            error["description"] = env._("Tell us what happened.")
        categories = dict(
            env["advisory.feedback"]._fields["category"]._description_selection(env)
        )
        if category not in categories:
            error["category"] = env._("Choose a category.")
        if priority not in PORTAL_PRIORITIES:
            error["priority"] = env._("Choose a priority.")
        vals.update(
            subject=subject,
            description=description,
            category=category,
            priority=priority,
        )
        return error, vals

    def _feedback_create(self, vals, attachments):
        user = request.env.user
        client = user.partner_id.commercial_partner_id
        company = client.company_id or user.company_id
        vals.update(
            partner_id=client.id,
            contact_id=user.partner_id.id if user.partner_id != client else False,
            channel="portal",
            company_id=company.id,
            email_from=user.partner_id.email,
            user_id=client.relationship_manager_id.id,
        )
        # sudo: portal users only read tickets (ACL); the controller creates their
        # ticket for their own client after validating the input
        ticket = request.env["advisory.feedback"].sudo().create(vals)
        if attachments:
            records = (
                request.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "raw": content,
                            "mimetype": mimetype,
                            "res_model": "advisory.feedback",
                            "res_id": ticket.id,
                        }
                        for name, content, mimetype in attachments
                    ]
                )
            )
            ticket.message_post(
                body=request.env._("Attachments sent with the feedback."),
                author_id=user.partner_id.id,
                attachment_ids=records.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return ticket
