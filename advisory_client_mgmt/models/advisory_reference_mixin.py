from odoo import api, fields, models


class AdvisoryReferenceMixin(models.AbstractModel):
    """A record named by a sequence (engagements, contracts): "New" until it is
    created, then the next reference of the sequence ``_reference_sequence``."""

    _name = "advisory.reference.mixin"
    _description = "Advisory Reference from a Sequence"
    # the code of the ir.sequence giving the references
    _reference_sequence = None

    def _valid_field_parameter(self, field, name):
        # ``protected`` is checked by advisory.protected.mixin, which the models
        # using this one inherit too (not this mixin: its check of the caller's
        # values must run before this create gives the reference)
        return name == "protected" or super()._valid_field_parameter(field, name)

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
        # the firm's reference of a document: given by the sequence, never chosen
        protected=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        new_name = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new_name) in (new_name, "New", False):
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code(self._reference_sequence)
                    or new_name
                )
        return super().create(vals_list)
