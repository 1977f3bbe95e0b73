import logging
import math

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)

# Context keys with which a caller could skip a check (tier validation) or the audit
# trail (tracking): an RPC caller chooses its own context, so they are dropped from
# every call that is not the system's own (superuser mode).
UNTRUSTED_CONTEXT_KEYS = frozenset(
    {
        "skip_validation_check",
        "skip_check_state_condition",
        "tracking_disable",
        "mail_notrack",
        "mail_create_nolog",
    }
)
MANAGER_GROUP = "advisory_client_mgmt.group_advisory_manager"
# bounds of the values a user may give (PostgreSQL's integer, sensible money and
# dates): beyond them a value is a typing error, not a fact
MAX_INTEGER = 2**31 - 1
MAX_NUMBER = 1e15
YEARS = (1900, 2999)
ADVISOR_GROUP = "advisory_client_mgmt.group_advisory_user"


class AdvisoryProtectedMixin(models.AbstractModel):
    """Fields that users never write: the system's facts and decisions.

    A field declared with ``protected=True`` records what the system derived or an
    approval decided (a status, a rating, an SLA timestamp, a flag choosing the
    approval tiers...). ``create`` and ``write`` refuse a value for it unless:

    - the call runs in superuser mode: the model's own transitions write these
      fields with ``self._as_system().write(...)`` in a private ``_do_*`` method,
      after their ``_check_can_*`` (in Odoo 18 ``sudo()`` keeps the acting user, so
      tracking and ``write_uid`` still name her);
    - the value does not change anything (the web client sends unchanged values, a
      new record may be given the field's default).

    ``protected="<group xml id>"`` lets the members of that group write the field
    too (the relationship manager of a client is chosen by managers).

    Both also drop the caller's context keys that would skip a check or the audit
    trail (:data:`UNTRUSTED_CONTEXT_KEYS`, ``default_<protected field>`` of a field
    the user may not write).

    Models whose records belong to a client set ``_advisory_client_field``: an
    advisor may create such a record, or move it, only for a client she serves
    (relationship manager or client team); managers for any client of their
    companies (record rules).
    """

    _name = "advisory.protected.mixin"
    _description = "Advisory Facts Written by the System"

    # the many2one to res.partner naming the client a record belongs to
    _advisory_client_field = None
    # the groups that work on every client of their companies (record rules)
    _advisory_all_clients_groups = (MANAGER_GROUP,)

    def _valid_field_parameter(self, field, name):
        return name == "protected" or super()._valid_field_parameter(field, name)

    @api.model
    @tools.ormcache()
    def _protected_field_groups(self):
        """``{field name: group xml id or True}`` of the protected fields."""
        return {
            name: field.protected
            for name, field in self._fields.items()
            if getattr(field, "protected", False)
        }

    @api.model
    @tools.ormcache()
    def _checked_field_names(self):
        """The fields of the advisory addons on this model: their values are
        checked at every create and write (:meth:`_check_field_values`)."""
        return frozenset(
            name
            for name, field in self._fields.items()
            if field.store
            and any(module.startswith("advisory_") for module in field._modules or ())
        )

    @api.model_create_multi
    def create(self, vals_list):
        # the cached field names read once for the batch (a scheduled job creates
        # thousands of records at once)
        checked = self._checked_field_names()
        for vals in vals_list:
            self._check_field_values(vals, checked)
        if self.env.su:
            return super().create(vals_list)
        records = self._without_untrusted_context()
        records._check_protected_create(vals_list)
        if self._advisory_client_field:
            default = self.env.context.get(f"default_{self._advisory_client_field}")
            records._check_client_served(
                {vals.get(self._advisory_client_field, default) for vals in vals_list}
            )
        return super(AdvisoryProtectedMixin, records).create(vals_list)

    def write(self, vals):
        self._check_field_values(vals)
        if self.env.su:
            return super().write(vals)
        records = self._without_untrusted_context()
        records._check_protected_write(vals)
        if self._advisory_client_field in vals:
            records._check_client_served({vals[self._advisory_client_field]})
        result = super(AdvisoryProtectedMixin, records).write(vals)
        if self._name.startswith("advisory.") and any(
            self._fields[name].type == "many2one" for name in vals
        ):
            # record rules are checked before a write: a record moved (to another
            # client, engagement, company...) must still be the user's to write
            records.check_access("write")
        return result

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------

    @api.model
    def _run_batches(self, batches, process):
        """Run ``process(records)`` for each recordset of ``batches`` in a
        scheduled job, so that one record it cannot process does not stop it.

        Each batch runs in a savepoint; a batch that fails runs again record by
        record, and a record that still fails is rolled back, logged and noted in
        its chatter, and left for the next run while the others go on. Inside a
        scheduled job the work is committed after each batch (a timeout keeps what
        is done; the jobs are idempotent); the progress is reported.

        :param batches: list of recordsets
        :return: the records that failed
        """
        total = sum(len(batch) for batch in batches)
        done, failed = 0, []
        for batch in batches:
            try:
                with self.env.cr.savepoint():
                    process(batch)
            except Exception:
                for record in batch:
                    try:
                        with self.env.cr.savepoint():
                            process(record)
                    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                        # changed by someone else since the job started: not a
                        # failure, the next run processes it with the new values
                        _logger.info(
                            "%s changed during a scheduled job: left for its next run",
                            record,
                        )
                    except Exception as error:
                        failed.append(record)
                        self._report_cron_failure(record, error)
            done += len(batch)
            if self.env.context.get("ir_cron_progress_id"):
                # in a scheduled job only (not in tests, nor when the demo data
                # runs a job at installation): keep the batches done if a later
                # one fails or the job times out
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env["ir.cron"]._notify_progress(done=done, remaining=total - done)
        return failed[0].union(*failed[1:]) if failed else self.browse()

    @api.model
    def _report_cron_failure(self, record, error):
        _logger.exception("%s could not be processed by a scheduled job", record)
        if not hasattr(record, "message_post"):
            return
        try:
            with self.env.cr.savepoint():
                # sudo: the note is the job's report, whoever may write the record
                record.sudo().message_post(
                    body=self.env._(
                        "A scheduled job could not process this record: %(error)s",
                        error=str(error),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        except Exception:
            _logger.exception("the failure of %s could not be noted", record)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _check_field_values(self, vals, checked=None):
        """Refuse a value of the wrong type or out of bounds with a
        ``ValidationError`` naming the field, before anything is written (Odoo's
        fields answer with a ValueError, which reaches an RPC caller as a server
        traceback, or store NaN and dates of the year 20261). ``checked``: the
        result of :meth:`_checked_field_names`, when the caller has it."""
        if checked is None:
            checked = self._checked_field_names()
        for name, value in vals.items():
            if name not in checked or value is False or value is None:
                continue
            if value == "" and self._fields[name].type in ("date", "datetime"):
                continue  # an empty date, as the web client sends it
            field = self._fields[name]
            problem = self._field_value_problem(field, value)
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(value)r is not a valid value for %(field)s. %(problem)s",
                        value=value,
                        field=field._description_string(self.env),
                        problem=problem,
                    )
                )

    @api.model
    def _field_value_problem(self, field, value):
        """What is wrong with ``value`` for ``field`` (a sentence), or None."""
        if field.type in ("integer", "float", "monetary"):
            if isinstance(value, bool):
                return self.env._("A number is expected.")
            try:
                number = float(value)
            except (TypeError, ValueError):
                return self.env._("A number is expected.")
            if not math.isfinite(number):
                return self.env._("A finite number is expected.")
            limit = MAX_INTEGER if field.type == "integer" else MAX_NUMBER
            if abs(number) > limit:
                return self.env._(
                    "It is out of range (at most %(limit)s).", limit=int(limit)
                )
        elif field.type in ("date", "datetime"):
            convert = (
                fields.Date.to_date
                if field.type == "date"
                else fields.Datetime.to_datetime
            )
            try:
                day = convert(value)
            except (TypeError, ValueError):
                day = None
            if day is None:
                return self.env._("A date (YYYY-MM-DD) is expected.")
            if not YEARS[0] <= day.year <= YEARS[1]:
                return self.env._(
                    "The year must be between %(first)s and %(last)s.",
                    first=YEARS[0],
                    last=YEARS[1],
                )
        elif field.type == "selection":
            # the keys only (the translated labels, for the message, cost about
            # 0.04 ms a value: the re-rating creates thousands of records a batch)
            if value not in field.get_values(self.env):
                allowed = field._description_selection(self.env)
                choices = [f"{key} ({label})" for key, label in allowed]
                return self.env._(
                    "Allowed values: %(allowed)s.", allowed=", ".join(choices)
                )
        elif field.type == "many2one":
            if isinstance(value, bool) or not isinstance(value, int | models.BaseModel):
                return self.env._("A record id is expected.")
        elif field.type in ("char", "text", "html"):
            if not isinstance(value, str):
                return self.env._("A text is expected.")
        return None

    def _as_system(self):
        """``self`` in superuser mode, for a transition that checked the user's
        right to make it: it writes the protected fields. The caller's context keys
        that would skip a check or the audit trail are dropped first."""
        # sudo: the protected fields are written by the system only (see the
        # class docstring); the caller of every _do_* ran its _check_can_*. The
        # records the system creates take no default from the caller either.
        context = self._without_untrusted_context().env.context
        return self.with_context(  # pylint: disable=context-overridden
            {
                key: value
                for key, value in context.items()
                if not key.startswith("default_")
            }
        ).sudo()

    def _without_untrusted_context(self):
        context = self.env.context
        protected = self._protected_field_groups()
        dropped = [
            key
            for key in context
            if key in UNTRUSTED_CONTEXT_KEYS
            or (
                key.startswith("default_")
                and key[8:] in protected
                and not self._may_write_protected(protected[key[8:]])
            )
        ]
        if not dropped:
            return self
        # a new context without the dropped keys (with_context(**kw) can only
        # add or change keys)
        return self.with_context(  # pylint: disable=context-overridden
            {key: value for key, value in context.items() if key not in dropped}
        )

    def _may_write_protected(self, group):
        return group is not True and self.env.user.has_group(group)

    def _refuse_protected(self, names):
        """Refuse the protected fields ``names``: a field of a group is a matter of
        rights (AccessError), a system fact is not written by anybody (UserError)."""
        protected = self._protected_field_groups()
        document = self.env["ir.model"]._get(self._name).name
        by_group = [name for name in names if protected[name] is not True]
        if by_group:
            groups = {protected[name] for name in by_group}
            raise AccessError(
                self.env._(
                    "Only %(groups)s can change %(fields)s of %(document)s.",
                    groups=", ".join(
                        sorted(self.env.ref(group).full_name for group in groups)
                    ),
                    fields=", ".join(
                        sorted(
                            self._fields[name]._description_string(self.env)
                            for name in by_group
                        )
                    ),
                    document=document,
                )
            )
        raise UserError(
            self.env._(
                "%(fields)s of %(document)s changes through its buttons, its reviews "
                "and the scheduled jobs: it cannot be edited directly.",
                fields=", ".join(
                    sorted(
                        self._fields[name]._description_string(self.env)
                        for name in names
                    )
                ),
                document=document,
            )
        )

    def _check_protected_create(self, vals_list):
        protected = self._protected_field_groups()
        names = {
            name
            for vals in vals_list
            for name in vals
            if name in protected and not self._may_write_protected(protected[name])
        }
        if not names:
            return
        defaults = self.default_get(list(names))
        refused = set()
        for vals in vals_list:
            given = names & vals.keys()
            # a computed fact is what its computation gives the new record (the web
            # client sends the editable computed fields it shows); any other field
            # may be given its default
            computed = (
                self.new(
                    {key: value for key, value in vals.items() if key not in given}
                )
                if any(self._fields[name].compute for name in given)
                else None
            )
            for name in given:
                field = self._fields[name]
                if field.type in ("one2many", "many2many"):
                    # anything but an empty list of commands changes it (False
                    # clears it)
                    if vals[name] != []:
                        refused.add(name)
                    continue
                expected = computed[name] if field.compute else defaults.get(name)
                if field.convert_to_cache(
                    vals[name], self, validate=False
                ) != field.convert_to_cache(expected, self, validate=False):
                    refused.add(name)
        if refused:
            self._refuse_protected(refused)

    def _check_protected_write(self, vals):
        protected = self._protected_field_groups()
        names = [
            name
            for name in vals
            if name in protected and not self._may_write_protected(protected[name])
        ]
        if not names:
            return
        refused = set()
        # sudo: compare with the current values, whichever fields the user may read
        for record in self.sudo():
            for name in names:
                field = self._fields[name]
                if field.type in ("one2many", "many2many"):
                    if vals[name] != []:
                        refused.add(name)
                elif field.convert_to_cache(
                    vals[name], record, validate=False
                ) != field.convert_to_cache(record[name], record, validate=False):
                    refused.add(name)
        if refused:
            self._refuse_protected(refused)

    def _check_client_served(self, partner_ids):
        """An advisor (not a manager) puts records only on the clients she serves:
        relationship manager or member of the client team."""
        partner_ids = {pid for pid in partner_ids if pid}
        if (
            not partner_ids
            or self.env.su
            or not self.env.user.has_group(ADVISOR_GROUP)
            or any(
                self.env.user.has_group(group)
                for group in self._advisory_all_clients_groups
            )
        ):
            return
        user = self.env.user
        # sudo: the team of a client is read to decide, whatever the user may read
        for partner in self.env["res.partner"].sudo().browse(partner_ids):
            if user not in partner.advisory_access_user_ids:
                raise AccessError(
                    self.env._(
                        "You do not serve %(client)s (neither its relationship manager "
                        "nor in its client team): you cannot create, move or change "
                        "its %(document)s records.",
                        client=partner.display_name,
                        document=self.env["ir.model"]._get(self._name).name,
                    )
                )
