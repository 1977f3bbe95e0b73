from odoo import api, fields, models


class AdvisoryLoyaltyLevel(models.Model):
    """A membership level: a client whose points earned over the rolling window
    (the company's setting, 12 months by default) reach the threshold holds it;
    the highest level reached applies."""

    _name = "advisory.loyalty.level"
    _description = "Loyalty Membership Level"
    _order = "threshold, id"

    name = fields.Char(required=True, translate=True)
    threshold = fields.Integer(
        required=True,
        help="Points earned over the rolling window from which a client holds this "
        "level.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = (
        (
            "threshold_positive",
            "CHECK(threshold >= 0)",
            "A level's threshold is a number of points (0 or more).",
        ),
    )

    @api.model
    def _level_for(self, levels, points):
        """The highest level of ``levels`` (sorted by threshold) reached by
        ``points``, or an empty recordset."""
        reached = self.browse()
        for level in levels:
            if points >= level.threshold and points > 0:
                reached = level
        return reached

    @api.model_create_multi
    def create(self, vals_list):
        levels = super().create(vals_list)
        self._advisory_recompute_levels()
        return levels

    def write(self, vals):
        result = super().write(vals)
        if {"threshold", "active"} & vals.keys():
            self._advisory_recompute_levels()
        return result

    @api.model
    def _advisory_recompute_levels(self):
        """Thresholds changed: the clients' levels follow."""
        # sudo: the levels of every client follow the configuration, whoever
        # changed it (a manager may not read every client's ledger)
        Partner = self.env["res.partner"].sudo()
        partners = Partner.with_context(active_test=False).search(
            ["|", ("loyalty_entry_ids", "!=", False), ("loyalty_level_id", "!=", False)]
        )
        self.env.add_to_compute(Partner._fields["loyalty_level_id"], partners)
