from odoo import api, fields, models
from odoo.tools import SQL, create_index


class AdvisoryStageEvent(models.Model):
    """History of the states of the documents of the advisory workflow.

    One event each time a document of a model that opts in (``_advisory_stage_tracked
    = True`` on an ``advisory.state.mixin`` model: engagements, proposals, contracts,
    risk assessments) is created (``state_from`` empty) or changes state, written by
    the mixin itself whatever the path (actions, reviews, scheduled jobs): the time
    spent in each state gives the process KPIs (review, approval and signing times).

    The events are only inserted, never updated (one statement per batch,
    ``advisory.bulk.row.mixin``: a scheduled job changes the state of thousands of
    documents at once): a document left a state at its next event (window
    ``LEAD``/``LAG`` in the KPI queries, :attr:`left_date` here).
    """

    _name = "advisory.stage.event"
    _description = "Document Stage Event"
    _inherit = ("advisory.protected.mixin", "advisory.bulk.row.mixin")
    _order = "date desc, id desc"
    _rec_name = "res_model"
    _log_access = False  # the date and the user are the event's own

    # searched by the index of a document's events (res_model, res_id, date)
    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The client of the document (who may read the event follows from it).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    state_from = fields.Char(
        string="From",
        readonly=True,
        help="Technical key of the state left; empty when the document was created.",
    )
    state_to = fields.Char(
        string="To", required=True, readonly=True, help="Technical key of the state."
    )
    date = fields.Datetime(
        required=True,
        readonly=True,
        default=fields.Datetime.now,
        help="When the document entered the new state.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Changed By",
        readonly=True,
        default=lambda self: self.env.user,
    )
    left_date = fields.Datetime(
        string="Left On",
        compute="_compute_left_date",
        help="When the document left the state (its next event); empty while it is "
        "in it.",
    )
    duration_hours = fields.Float(
        string="Hours in State",
        compute="_compute_left_date",
        digits=(16, 2),
        help="Hours between entering and leaving the state (until now while the "
        "document is in it).",
    )

    def init(self):
        super().init()
        # the durations: the events of a document in order
        create_index(
            self.env.cr,
            "advisory_stage_event_document_date_idx",
            self._table,
            ["res_model", "res_id", "date", "id"],
        )

    def _compute_left_date(self):
        """One query for the batch: the date of the next event of each document."""
        ids = [event_id for event_id in self.ids if event_id]
        left = {}
        if ids:
            self.flush_model(["res_model", "res_id", "date"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT n.id, n.next_date
                      FROM (SELECT e.id,
                                   LEAD(e.date) OVER (
                                       PARTITION BY e.res_model, e.res_id
                                       ORDER BY e.date, e.id) AS next_date
                              FROM advisory_stage_event e
                             WHERE (e.res_model, e.res_id) IN (
                                   SELECT res_model, res_id
                                     FROM advisory_stage_event
                                    WHERE id = ANY(%s))) n
                     WHERE n.id = ANY(%s)
                    """,
                    ids,
                    ids,
                )
            )
            left = dict(self.env.cr.fetchall())
        now = fields.Datetime.now()
        for event in self:
            event.left_date = left.get(event.id) or False
            end = event.left_date or now
            event.duration_hours = (
                (end - event.date).total_seconds() / 3600 if event.date else 0.0
            )

    @api.model
    def _log_states(self, records, old_states=None):
        """Record one event per record of ``records`` whose state is not
        ``old_states[record.id]`` any more (all of them at their creation, when
        ``old_states`` is None), with one insert for the batch."""
        if not records:
            return
        old_states = old_states or {}
        now = fields.Datetime.now()
        client_field = records._advisory_client_field or (
            "partner_id" if "partner_id" in records._fields else None
        )
        vals_list = []
        for record in records:
            state_from = old_states.get(record.id) or False
            if (record.state or False) == state_from:
                continue
            company = record.company_id if "company_id" in record._fields else None
            vals_list.append(
                {
                    "res_model": record._name,
                    "res_id": record.id,
                    "partner_id": record[client_field].id if client_field else False,
                    "company_id": (company and company.id) or self.env.company.id,
                    "state_from": state_from,
                    "state_to": record.state,
                    "date": now,
                    "user_id": self.env.uid,
                }
            )
        # the history is written by the system for whoever changes a document;
        # nobody may create or edit events by hand (read-only ACLs)
        self._insert_rows(vals_list)

    @api.model
    def _backfill(self, model_names):
        """One event "entered its current state" for each record of the models
        ``model_names`` without any event (a database updated to the version that
        records them), dated from its creation when it is still in its first state
        and from its last change otherwise. Idempotent. One INSERT per model.

        :return: the number of events created
        """
        created = 0
        for model_name in model_names:
            Model = self.env.get(model_name)
            if Model is None or "state" not in Model._fields:
                continue
            Model.flush_model()
            initial = Model.default_get(["state"]).get("state") or "draft"
            client = Model._advisory_client_field or (
                "partner_id" if "partner_id" in Model._fields else None
            )
            partner = (
                SQL("r.%s", SQL.identifier(client)) if client else SQL("NULL::int4")
            )
            company = (
                SQL("r.company_id") if "company_id" in Model._fields else SQL("NULL")
            )
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO advisory_stage_event (
                        res_model, res_id, partner_id, company_id, state_to, date,
                        user_id)
                    SELECT %(model)s, r.id, %(partner)s,
                           COALESCE(%(company)s, (SELECT c.id FROM res_company c
                                                  ORDER BY c.sequence, c.id LIMIT 1)),
                           r.state,
                           CASE WHEN r.state = %(initial)s
                                THEN COALESCE(r.create_date, r.write_date)
                                ELSE COALESCE(r.write_date, r.create_date) END,
                           r.write_uid
                      FROM %(table)s r
                     WHERE r.state IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM advisory_stage_event e
                                        WHERE e.res_model = %(model)s
                                          AND e.res_id = r.id)
                    """,
                    model=model_name,
                    partner=partner,
                    company=company,
                    initial=initial,
                    table=SQL.identifier(Model._table),
                )
            )
            created += self.env.cr.rowcount
        self.invalidate_model()
        return created
