from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

LEDGER_LINES = 100


class AdvisoryRelationshipPortal(CustomerPortal):
    """The client's loyalty points, membership level and ledger, and the client
    events she (a contact of her company) is invited to, with a button to
    register herself to an open one. What she reads is decided by the record
    rules (her company's ledger and registrations); the events are read through
    those registrations only."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "advisory_event_count" in counters:
            values["advisory_event_count"] = len(self._advisory_invited_events())
        if "advisory_loyalty_points" in counters:
            Entry = request.env["advisory.loyalty.entry"]
            values["advisory_loyalty_points"] = (
                sum(Entry.search(self._advisory_ledger_domain()).mapped("points"))
                if Entry.has_access("read")
                else 0
            )
        return values

    def _advisory_client(self):
        return request.env.user.partner_id.commercial_partner_id

    def _advisory_ledger_domain(self):
        # the record rules decide; the same limit for any user opening the page
        return [("partner_id", "=", self._advisory_client().id)]

    def _advisory_registrations(self):
        """The registrations of the contacts of her company (record rules)."""
        Registration = request.env["event.registration"]
        if not Registration.has_access("read"):
            return Registration
        return Registration.search(
            [
                ("partner_id", "child_of", self._advisory_client().id),
                ("state", "!=", "cancel"),
            ]
        )

    def _advisory_invited_events(self):
        """The events of the registrations she may read, not over yet."""
        # sudo: a portal user reads no event (Odoo's event rights); these are the
        # events of her company's registrations, read through the record rules
        events = self._advisory_registrations().event_id.sudo()
        return events.filtered(lambda event: not event.is_finished).sorted("date_begin")

    @http.route("/my/loyalty", type="http", auth="user", website=True)
    def portal_my_loyalty(self, **kw):
        Entry = request.env["advisory.loyalty.entry"]
        if not Entry.has_access("read"):
            return request.redirect("/my")
        client = self._advisory_client()
        entries = Entry.search(self._advisory_ledger_domain())
        levels = request.env["advisory.loyalty.level"].search([])
        company = client.company_id or request.env.company
        months = company.advisory_loyalty_window_months
        today = fields.Date.context_today(Entry)
        start = today - relativedelta(months=months) if months else None
        window = sum(
            entry.points
            for entry in entries
            if entry.kind == "earn" and (not start or entry.date > start)
        )
        level = levels._level_for(levels, window)
        next_level = levels.filtered(lambda lv: lv.threshold > window)[:1]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "advisory_loyalty",
                "entries": entries[:LEDGER_LINES],
                "balance": sum(entries.mapped("points")),
                "window_points": window,
                "window_months": months,
                "level": level,
                "next_level": next_level,
                "levels": levels,
                "soon_expiring": sum(
                    entries.filtered(
                        lambda e: e.kind == "earn"
                        and e.expiry_date
                        and e.expiry_date <= today + relativedelta(months=3)
                    ).mapped("points_remaining")
                ),
            }
        )
        return request.render("advisory_relationship.portal_my_loyalty", values)

    @http.route("/my/events", type="http", auth="user", website=True)
    def portal_my_events(self, **kw):
        registrations = self._advisory_registrations()
        mine = registrations.filtered(
            lambda r: r.partner_id == request.env.user.partner_id
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "advisory_events",
                "events": self._advisory_invited_events(),
                "registered_event_ids": set(mine.event_id.ids),
                "message": kw.get("message"),
            }
        )
        return request.render("advisory_relationship.portal_my_events", values)

    @http.route(
        "/my/events/<int:event_id>/register",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_event_register(self, event_id, **kw):
        events = self._advisory_invited_events()
        event = events.filtered(lambda e: e.id == event_id)
        if not event:
            return request.not_found()
        partner = request.env.user.partner_id
        registered = self._advisory_registrations().filtered(
            lambda r: r.partner_id == partner and r.event_id == event
        )
        if registered:
            return request.redirect("/my/events?message=already")
        if not event.event_registrations_open:
            return request.redirect("/my/events?message=closed")
        self._advisory_register(event, partner)
        return request.redirect("/my/events?message=registered")

    def _advisory_register(self, event, partner):
        # sudo: portal users create no registration (Odoo's event rights); the
        # caller checked that her company is invited and that the event is open
        return (
            request.env["event.registration"]
            .sudo()
            .create(
                {
                    "event_id": event.id,
                    "partner_id": partner.id,
                    "name": partner.name,
                    "email": partner.email,
                    "phone": partner.phone,
                }
            )
        )
