"""KPI snapshot benchmark (issue 7): one quarter's snapshot over 100,000 clients,
300,000 contracts, 200,000 survey answers and 100,000 feedback tickets, against
one raw-SQL aggregate query computing the same numbers.

Run it with ``setup/bench kpi [N]`` (N clients, default 10000; the issue's figures
are for ``setup/bench kpi 100000``); it runs in ``odoo shell`` (``env`` given)::

    from tests.benchmarks import bench_kpi
    bench_kpi.prepare(env, N)      # first process: generate the data (once)
    bench_kpi.measure(env, N)      # second process: measure

Clients, engagements and signed contracts (three per client) come from the shared
generator (``tests/benchmarks/generator.py``, ORM ``create`` on lists). The rows
this benchmark adds are written with ``SQL()`` ``INSERT ... SELECT`` from the
generated clients, because the ORM is too slow for them (survey answers and tickets
carry access tokens, sequences, SLA computations and mail threads): per client two
survey answers and one ticket, a lifecycle history (active since two years, some
churned in the last quarter), a strategic-partner flag and the data processing
consent on some clients, and won / lost leads.
"""

import math
import resource
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

from . import generator

CONTRACTS_PER_CLIENT = 3
ANSWERS_PER_CLIENT = 2


def _last_quarter(today):
    month_start = today.replace(day=1)
    quarter_start = month_start - relativedelta(months=(month_start.month - 1) % 3)
    return quarter_start - relativedelta(months=3), quarter_start - timedelta(days=1)


def prepare(env, n_clients, batch_size=5000):
    clients = generator.generate(
        env,
        n_clients,
        batch_size=batch_size,
        contracts_per_client=CONTRACTS_PER_CLIENT,
    )
    if env["survey.survey"].search_count([("title", "=", "BENCH CSAT")]):
        print(f"{len(clients)} generated clients ready (KPI data already there)")
        return
    _generate_kpi_rows(env, clients.ids)
    env.cr.commit()  # pylint: disable=invalid-commit
    print(f"{len(clients)} generated clients ready with their KPI data")


def _generate_kpi_rows(env, partner_ids):
    """Answers, tickets, lifecycle history, strategic partners and leads for the
    generated clients, in a few INSERT ... SELECT statements."""
    env = env(su=True)
    start = time.time()
    company = env.company
    today = date.today()
    date_from, date_to = _last_quarter(today)
    survey = env["survey.survey"].create({"title": "BENCH CSAT"})
    env.flush_all()
    ids = SQL("SELECT unnest(%s::int[]) AS pid", partner_ids)
    # survey answers: two per client, done, spread over the last two years, sent
    # three days before they were answered
    env.cr.execute(
        SQL(
            """
            INSERT INTO survey_user_input (
                survey_id, partner_id, advisory_partner_id, advisory_company_id,
                state, access_token, end_datetime, advisory_sent_on,
                advisory_score, create_date, write_date, create_uid, write_uid)
            SELECT %(survey)s, c.pid, c.pid, %(company)s, 'done',
                   md5(c.pid::text || '-' || n::text), a.answered,
                   (a.answered - interval '3 days')::date,
                   (mod(c.pid * 13 + n * 17, 101))::float,
                   %(now)s, %(now)s, 1, 1
              FROM (%(ids)s) c, generate_series(1, %(answers)s) n,
                   LATERAL (
                       SELECT %(now)s - (mod(c.pid * 7 + n * 131, 730))
                                        * interval '1 day' AS answered
                   ) a
            """,
            survey=survey.id,
            company=company.id,
            now=datetime.now(),
            ids=ids,
            answers=ANSWERS_PER_CLIENT,
        )
    )
    # tickets: one per client, acknowledged (and most resolved) with deadlines
    env.cr.execute(
        SQL(
            """
            INSERT INTO advisory_feedback (
                name, subject, partner_id, company_id, channel, category,
                priority, state, date_received, response_deadline,
                resolution_deadline, acknowledged_on, resolved_on, response_hours,
                resolution_hours, response_breached, resolution_breached,
                escalation_level, reopen_count, create_date, write_date,
                create_uid, write_uid)
            SELECT 'BENCH-FB ' || t.pid, 'Bench feedback', t.pid, %(company)s,
                   'email', 'complaint', '1', t.state, t.received,
                   t.received + interval '8 hours', t.received + interval '40 hours',
                   t.received + t.ack_h * interval '1 hour',
                   CASE WHEN t.state = 'resolved'
                        THEN t.received + t.res_h * interval '1 hour' END,
                   t.ack_h, CASE WHEN t.state = 'resolved' THEN t.res_h ELSE 0 END,
                   t.ack_h > 8, t.state = 'resolved' AND t.res_h > 40,
                   0, 0, %(now)s, %(now)s, 1, 1
              FROM (
                SELECT c.pid,
                       %(now)s - (mod(c.pid, 700)) * interval '1 day' AS received,
                       (mod(c.pid, 23))::float AS ack_h,
                       (24 + mod(c.pid, 41))::float AS res_h,
                       CASE WHEN mod(c.pid, 5) = 0 THEN 'acknowledged'
                            ELSE 'resolved' END AS state
                  FROM (%(ids)s) c
              ) t
            """,
            company=company.id,
            now=datetime.now(),
            ids=ids,
        )
    )
    # lifecycle: active two years ago; one client in 40 churned last quarter
    env.cr.execute(
        SQL(
            """
            INSERT INTO advisory_lifecycle_event (
                partner_id, company_id, date, old_state, new_state, create_date,
                write_date, create_uid, write_uid)
            SELECT c.pid, %(company)s, %(two_years)s, 'prospect', 'active',
                   %(now)s, %(now)s, 1, 1
              FROM (%(ids)s) c
            UNION ALL
            SELECT c.pid, %(company)s, %(date_from)s + (mod(c.pid, 80)),
                   'active', 'churned', %(now)s, %(now)s, 1, 1
              FROM (%(ids)s) c WHERE mod(c.pid, 40) = 0
            """,
            company=company.id,
            two_years=today - relativedelta(years=2),
            date_from=date_from,
            now=datetime.now(),
            ids=ids,
        )
    )
    env.cr.execute(
        SQL(
            """
            UPDATE res_partner
               SET lifecycle_state = CASE WHEN mod(id, 40) = 0 THEN 'churned'
                                          ELSE 'active' END,
                   churn_reason = CASE WHEN mod(id, 40) = 0 THEN 'Bench churn' END,
                   strategic_partner = mod(id, 3) = 0,
                   strategic_partner_since = CASE WHEN mod(id, 3) = 0
                       THEN %(since)s::date - (mod(id, 900)) END,
                   data_processing_consent = mod(id, 7) <> 0,
                   data_processing_consent_date = CASE WHEN mod(id, 7) <> 0
                       THEN %(since)s::date - (mod(id, 800)) END
             WHERE id = ANY(%(ids)s)
            """,
            since=today,
            ids=partner_ids,
        )
    )
    # leads: one per client, won or lost in the last two years
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1)
    lost_stage = env["crm.stage"].search([("is_won", "=", False)], limit=1)
    env.cr.execute(
        SQL(
            """
            INSERT INTO crm_lead (
                name, type, partner_id, company_id, stage_id, active, probability,
                date_closed, create_date, write_date, create_uid, write_uid)
            SELECT 'BENCH lead ' || c.pid, 'opportunity', c.pid, %(company)s,
                   CASE WHEN mod(c.pid, 3) = 0 THEN %(won)s ELSE %(lost)s END,
                   mod(c.pid, 3) = 0, CASE WHEN mod(c.pid, 3) = 0 THEN 100 ELSE 0 END,
                   %(now)s - (mod(c.pid, 700)) * interval '1 day',
                   %(now)s, %(now)s, 1, 1
              FROM (%(ids)s) c
            """,
            company=company.id,
            won=won_stage.id,
            lost=lost_stage.id,
            now=datetime.now(),
            ids=ids,
        )
    )
    env.cr.execute(SQL("ANALYZE"))
    env.invalidate_all()
    print(f"KPI rows generated in {time.time() - start:.1f} s")


# The same numbers as the engine, written independently as one query (the
# baseline of the ratio). Parameters: company, date_from, date_to, dt_from, dt_to,
# prev_from, prev_to.
BASELINE = """
WITH ev_start AS (
    SELECT DISTINCT ON (partner_id) partner_id, new_state FROM advisory_lifecycle_event
     WHERE company_id = %(company)s AND date < %(date_from)s
     ORDER BY partner_id, date DESC, id DESC
), ev_end AS (
    SELECT DISTINCT ON (partner_id) partner_id, new_state FROM advisory_lifecycle_event
     WHERE company_id = %(company)s AND date <= %(date_to)s
     ORDER BY partner_id, date DESC, id DESC
), churned AS (
    SELECT DISTINCT partner_id FROM advisory_lifecycle_event
     WHERE company_id = %(company)s AND new_state = 'churned'
       AND date BETWEEN %(date_from)s AND %(date_to)s
), signed AS (
    SELECT c.partner_id, COUNT(*) AS n FROM advisory_contract c
      JOIN res_partner p ON p.id = c.partner_id AND p.is_advisory_client
     WHERE c.company_id = %(company)s AND c.signed_date <= %(date_to)s
       AND c.state IN ('signed', 'active', 'expired', 'terminated')
     GROUP BY c.partner_id
), answers AS (
    SELECT advisory_score FROM survey_user_input
     WHERE advisory_company_id = %(company)s AND state = 'done'
       AND advisory_score IS NOT NULL
       AND end_datetime >= %(dt_from)s AND end_datetime < %(dt_to)s
), leads AS (
    SELECT l.active AND s.is_won AS won FROM crm_lead l
      LEFT JOIN crm_stage s ON s.id = l.stage_id
     WHERE l.company_id = %(company)s
       AND l.date_closed >= %(dt_from)s AND l.date_closed < %(dt_to)s
       AND ((l.active AND s.is_won) OR (NOT l.active AND l.probability = 0))
), active_in AS (
    SELECT partner_id FROM ev_start WHERE new_state = 'active'
    UNION
    SELECT partner_id FROM advisory_lifecycle_event
     WHERE company_id = %(company)s AND new_state = 'active'
       AND date BETWEEN %(date_from)s AND %(date_to)s
), consent AS (
    SELECT cp.id AS client,
           COALESCE(cp.data_processing_consent
                    AND (cp.data_processing_consent_date IS NULL
                         OR cp.data_processing_consent_date <= %(date_to)s),
                    FALSE) AS ok
      FROM active_in a JOIN res_partner p ON p.id = a.partner_id
      JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
), surveyed AS (
    SELECT DISTINCT advisory_partner_id AS client FROM survey_user_input
     WHERE advisory_company_id = %(company)s AND NOT COALESCE(test_entry, FALSE)
       AND COALESCE(advisory_sent_on, create_date::date)
           BETWEEN %(date_from)s AND %(date_to)s
), ack AS (
    SELECT response_hours, response_breached FROM advisory_feedback
     WHERE company_id = %(company)s
       AND acknowledged_on >= %(dt_from)s AND acknowledged_on < %(dt_to)s
), res AS (
    SELECT resolution_hours, resolution_breached FROM advisory_feedback
     WHERE company_id = %(company)s
       AND resolved_on >= %(dt_from)s AND resolved_on < %(dt_to)s
)
SELECT
  (SELECT COUNT(*) FILTER (WHERE advisory_score >= 80) FROM answers),
  (SELECT COUNT(*) FROM answers),
  (SELECT COUNT(*) FILTER (WHERE n >= 2) FROM signed),
  (SELECT COUNT(*) FROM signed),
  (SELECT COUNT(*) FROM ev_start s JOIN churned c USING (partner_id)
    WHERE s.new_state = 'active'),
  (SELECT COUNT(*) FROM ev_start WHERE new_state = 'active'),
  (SELECT COALESCE(SUM(amount_company_currency), 0) FROM advisory_contract
    WHERE company_id = %(company)s AND signed_date BETWEEN %(date_from)s AND %(date_to)s
      AND state IN ('signed', 'active', 'expired', 'terminated')),
  (SELECT COALESCE(SUM(amount_company_currency), 0) FROM advisory_contract
    WHERE company_id = %(company)s AND signed_date BETWEEN %(prev_from)s AND %(prev_to)s
      AND state IN ('signed', 'active', 'expired', 'terminated')),
  (SELECT COUNT(*) FROM ev_end e JOIN res_partner p ON p.id = e.partner_id
    WHERE e.new_state = 'active' AND p.strategic_partner
      AND p.strategic_partner_since <= %(date_to)s),
  (SELECT COUNT(*) FROM ev_end WHERE new_state = 'active'),
  (SELECT COUNT(*) FILTER (WHERE won) FROM leads),
  (SELECT COUNT(*) FROM leads),
  (SELECT COUNT(*) FILTER (WHERE renewal_id IS NOT NULL) FROM advisory_contract
    WHERE company_id = %(company)s AND state IN ('signed', 'active', 'expired')
      AND date_end BETWEEN %(date_from)s AND %(date_to)s),
  (SELECT COUNT(*) FROM advisory_contract
    WHERE company_id = %(company)s AND state IN ('signed', 'active', 'expired')
      AND date_end BETWEEN %(date_from)s AND %(date_to)s),
  (SELECT COUNT(*) FROM consent c JOIN surveyed s USING (client) WHERE c.ok),
  (SELECT COUNT(*) FROM consent WHERE ok),
  (SELECT COUNT(*) FROM consent WHERE NOT ok),
  (SELECT COUNT(*) FROM consent),
  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY response_hours) FROM ack),
  (SELECT COUNT(*) FILTER (WHERE NOT response_breached) FROM ack),
  (SELECT COUNT(*) FROM ack),
  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_hours) FROM res),
  (SELECT COUNT(*) FILTER (WHERE NOT resolution_breached) FROM res),
  (SELECT COUNT(*) FROM res)
"""


def _baseline(env, date_from, date_to):
    params = {
        "company": env.company.id,
        "date_from": date_from,
        "date_to": date_to,
        "dt_from": datetime.combine(date_from, dtime.min),
        "dt_to": datetime.combine(date_to + timedelta(days=1), dtime.min),
        "prev_from": date_from - relativedelta(years=1),
        "prev_to": date_to - relativedelta(years=1),
    }
    start = time.perf_counter()
    env.cr.execute(SQL(BASELINE, **params))
    row = env.cr.fetchone()
    return time.perf_counter() - start, row


def _engine_numbers(snapshot):
    lines = {line.kpi_code: line for line in snapshot.line_ids}

    def pair(code):
        return (lines[code].numerator or 0, lines[code].denominator)

    return (
        *pair("satisfaction_rate"),
        *pair("repeat_purchase_rate"),
        *pair("churn_rate"),
        *pair("revenue_growth"),
        *pair("strategic_partner_share"),
        *pair("conversion_rate"),
        *pair("renewal_rate"),
        *pair("survey_coverage"),
        *pair("survey_consent_missing"),
        lines["feedback_response_hours"].value or None,
        *pair("feedback_response_sla"),
        lines["feedback_resolution_hours"].value or None,
        *pair("feedback_resolution_sla"),
    )


def _timed_compute(env, date_from, date_to):
    Snapshot = env["advisory.kpi.snapshot"]
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    snapshot = Snapshot.compute_snapshot(date_from, date_to)
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - queries, snapshot


def measure(env, n_clients):
    env = env(su=True)
    env.cr.execute(SQL("SAVEPOINT bench_kpi"))
    date_from, date_to = _last_quarter(date.today())
    counts = {}
    for model in ("res.partner", "advisory.contract", "advisory.feedback"):
        counts[model] = env[model].with_context(active_test=False).search_count([])
    env.cr.execute(SQL("SELECT COUNT(*) FROM survey_user_input"))
    counts["survey.user_input"] = env.cr.fetchone()[0]
    print(f"data: {counts}")
    # warm-up (registry caches, targets), then measure
    _timed_compute(env, date_from, date_to)
    seconds, queries, snapshot = _timed_compute(env, date_from, date_to)
    # the same computation on a quarter without data: the query count is the same
    empty_from = date_from - relativedelta(years=10)
    empty_to = empty_from + relativedelta(months=3, days=-1)
    _timed_compute(env, empty_from, empty_to)
    _seconds, empty_queries, _empty = _timed_compute(env, empty_from, empty_to)
    baseline_seconds, row = _baseline(env, date_from, date_to)
    engine = _engine_numbers(snapshot)
    # sums of amounts: float (engine) against numeric (baseline) rounding
    different = [
        (index, mine, raw)
        for index, (mine, raw) in enumerate(zip(engine, row, strict=True))
        if (mine is None) != (raw is None)
        or (
            mine is not None
            and not math.isclose(mine, float(raw), rel_tol=1e-9, abs_tol=1e-6)
        )
    ]
    same = not different
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"quarter {date_from} - {date_to}, {n_clients} clients")
    for line in snapshot.line_ids:
        print(
            f"  {line.kpi_code:28} {line.value_display:>10}  "
            f"{line.numerator or 0:>14,.2f} / {line.denominator:>14,.2f}  "
            f"{line.status or 'no target'}"
        )
    print(f"compute_snapshot: {seconds:.2f} s, {queries} SQL queries")
    print(f"same computation on an empty quarter: {empty_queries} SQL queries")
    print(
        f"raw-SQL aggregate baseline: {baseline_seconds:.2f} s (same numbers: {same})"
    )
    if different:
        print(f"differences (position, engine, baseline): {different}")
    print(f"ratio: {seconds / baseline_seconds:.2f}x, peak memory {peak_mb:.0f} MB")
    env.cr.execute(SQL("ROLLBACK TO SAVEPOINT bench_kpi"))
    env.cr.rollback()
    return {
        "seconds": seconds,
        "queries": queries,
        "empty_queries": empty_queries,
        "baseline_seconds": baseline_seconds,
        "same": same,
    }
