"""Load benchmark (issue 17): the data the simulated users of ``setup/bench load``
work on, on top of the KPI benchmark's (``bench_kpi.prepare``: clients,
engagements and contracts, survey answers, tickets, won and lost leads).

``setup/bench load [N] [USERS] [SECONDS]`` runs, in ``odoo shell`` (``env`` given)::

    from tests.benchmarks import bench_load
    bench_load.prepare(env, N)                  # once per database (idempotent)
    bench_load.write_plan(env, "plan.json")     # logins and search terms for Locust

then starts Odoo in prefork mode and drives it with Locust
(``tests/benchmarks/locustfile.py``); ``tests/benchmarks/load_report.py`` prints
the figures.

What this module adds, once (the users are the marker): staff users per role with
the known password ``PASSWORD`` (advisors, managers, proposal reviewers — managers
too: the proposal tier's reviewer group —, risk officers), salespeople (Odoo's
own screens: Contacts and the CRM pipeline), the generated clients spread over the
advisors as relationship manager, a registration number per client, open
opportunities spread over the salespeople like the clients over the advisors,
proposals under review (the reviewers' backlog), a KPI snapshot of the last
quarter, and portal users (a contact of some clients). The registration numbers
and the open opportunities are written with ``SQL()`` like the KPI benchmark's
rows: one value per client through the ORM is one ``write`` (and one uniqueness
search) per client, too slow at 100,000 clients; the other records go through the
ORM (users, relationship managers per advisor, proposals and their reviews, the
snapshot), but the users' password is hashed once for all (``_set_password``).
"""

import json
import os
import random
import time
from datetime import date, datetime

from odoo import Command
from odoo.tools import SQL

from . import bench_kpi, generator

# only on the benchmark database, which listens on 127.0.0.1
PASSWORD = "bench-load-1"
LOGIN_PREFIX = "bench."
# Relationship managers: 100 by default, a book of 1,000 clients (3,000
# engagements) each at 100,000 clients -- a large book for an advisory firm, above
# the 2,500 open opportunities of a salesperson's pipeline on the Odoo side.
# LOAD_ADVISORS=20 gives the heavier books of the first runs (5,000 clients each).
ADVISORS = int(os.environ.get("LOAD_ADVISORS", "100"))
ROLES = (
    # role, count, groups
    ("advisor", ADVISORS, ("advisory_client_mgmt.group_advisory_user",)),
    ("manager", 3, ("advisory_client_mgmt.group_advisory_manager",)),
    ("reviewer", 3, ("advisory_client_mgmt.group_advisory_manager",)),
    ("risk", 2, ("advisory_risk_rating.group_advisory_risk_officer",)),
    ("sales", 20, ("sales_team.group_sale_salesman",)),
)
PORTAL_USERS = 20
# the reviewers' backlog: 200 proposals under review, whatever the advisors
PROPOSALS_PER_ADVISOR = max(1, 200 // ADVISORS)
SAMPLE = 30  # search terms per advisor in the plan


def _login(role, number):
    return f"{LOGIN_PREFIX}{role}{number:03d}"


def prepare(env, n_clients):
    bench_kpi.prepare(env, n_clients)
    env = env(context=dict(env.context, **generator.BULK_CONTEXT), su=True)
    if env["res.users"].search_count([("login", "=", _login("advisor", 1))]):
        print("load data already there")
        return
    start = time.time()

    def step(label):
        print(f"  {label}: {time.time() - start:.1f} s")

    clients = generator.bench_clients(env)
    users = _create_users(env)
    step("users")
    advisors = users["advisor"]
    # relationship managers: client i to advisor i mod ADVISORS (one write per advisor)
    for index, advisor in enumerate(advisors):
        clients.filtered(lambda c, i=index: c.id % len(advisors) == i).write(
            {"relationship_manager_id": advisor.id}
        )
    env.flush_all()
    env.cr.execute(
        SQL(
            "UPDATE res_partner"
            "   SET registration_number = 'RN-' || lpad(id::text, 8, '0')"
            " WHERE id = ANY(%s) AND registration_number IS NULL",
            clients.ids,
        )
    )
    step("relationship managers, registration numbers")
    _open_leads(env, clients.ids, users["sales"].ids)
    _portal_users(env, clients[:PORTAL_USERS])
    step("open opportunities, portal users")
    _proposals_under_review(env, advisors)
    step("proposals under review")
    date_from, date_to = bench_kpi._last_quarter(date.today())
    env["advisory.kpi.snapshot"].compute_snapshot(date_from, date_to)
    step("KPI snapshot")
    env.cr.execute(SQL("ANALYZE"))
    env.cr.commit()  # pylint: disable=invalid-commit
    print(f"load data generated in {time.time() - start:.1f} s")


def _create_users(env):
    users = {}
    for role, count, groups in ROLES:
        group_ids = [env.ref("base.group_user").id] + [env.ref(g).id for g in groups]
        users[role] = env["res.users"].create(
            [
                {
                    "name": f"Bench {role} {number:03d}",
                    "login": _login(role, number),
                    "groups_id": [Command.set(group_ids)],
                    "tz": "Europe/Brussels",
                }
                for number in range(1, count + 1)
            ]
        )
    _set_password(env, env["res.users"].concat(*users.values()))
    return users


def _set_password(env, users):
    """``PASSWORD`` for ``users``, hashed once: the ORM hashes it per user (about
    0.8 s each on the development machine, a minute for the benchmark's users)."""
    env.flush_all()
    env.cr.execute(
        SQL(
            "UPDATE res_users SET password = %s WHERE id = ANY(%s)",
            env["res.users"]._crypt_context().hash(PASSWORD),
            users.ids,
        )
    )
    env.invalidate_all()


def _open_leads(env, partner_ids, sales_ids):
    """One open opportunity per two clients, in the pipeline's open stages, spread
    over the salespeople the way the clients are over the advisors."""
    stages = env["crm.stage"].search([("is_won", "=", False)]).ids
    env.cr.execute(
        SQL(
            """
            INSERT INTO crm_lead (
                name, type, partner_id, company_id, stage_id, user_id, active,
                probability, expected_revenue, priority, date_open,
                create_date, write_date, create_uid, write_uid)
            SELECT 'BENCH open lead ' || c.pid, 'opportunity', c.pid, %(company)s,
                   (%(stages)s::int[])[1 + mod(c.pid, %(n_stages)s)],
                   (%(sales)s::int[])[1 + mod(c.pid, %(n_sales)s)], TRUE,
                   10 + mod(c.pid, 80), 1000 * mod(c.pid, 97), '0',
                   %(now)s, %(now)s, %(now)s, 1, 1
              FROM unnest(%(ids)s::int[]) c(pid) WHERE mod(c.pid, 2) = 0
            """,
            company=env.company.id,
            stages=stages,
            n_stages=len(stages),
            sales=sales_ids,
            n_sales=len(sales_ids),
            now=datetime.now(),
            ids=partner_ids,
        )
    )


def _portal_users(env, clients):
    contacts = env["res.partner"].create(
        [
            {
                "name": f"Contact of {client.name}",
                "parent_id": client.id,
                "type": "contact",
                "email": f"portal{index:02d}@bench.example.com",
            }
            for index, client in enumerate(clients, start=1)
        ]
    )
    portal_users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "login": _login("portal", index),
                    "partner_id": contact.id,
                    "groups_id": [Command.set([env.ref("base.group_portal").id])],
                }
                for index, contact in enumerate(contacts, start=1)
            ]
        )
    )
    _set_password(env, portal_users)


def _proposals_under_review(env, advisors):
    """The reviewers' backlog: proposals submitted by their advisors."""
    for advisor in advisors:
        engagements = env["advisory.engagement"].search(
            [
                ("partner_id.relationship_manager_id", "=", advisor.id),
                ("state", "not in", ("done", "cancelled")),
            ],
            limit=PROPOSALS_PER_ADVISOR,
        )
        proposals = (
            env["advisory.proposal"]
            .with_user(advisor)
            .create(
                [
                    {
                        "engagement_id": engagement.id,
                        "summary": "<p>Bench proposal</p>",
                        "risk_disclosure": "<p>Market risk.</p>",
                        "fee_estimate": 10_000,
                    }
                    for engagement in engagements
                ]
            )
        )
        proposals.action_submit()


def write_plan(env, path, seed=17):
    """Logins, password and search terms for the locustfile, as JSON in ``path``."""
    env = env(su=True)
    rng = random.Random(seed)
    plan = {"password": PASSWORD}
    for role, count, _groups in ROLES:
        plan[role] = [_login(role, number) for number in range(1, count + 1)]
    plan["portal"] = [_login("portal", number) for number in range(1, PORTAL_USERS + 1)]
    clients = generator.bench_clients(env)
    rows = clients.read(
        ["name", "advisory_ref", "registration_number", "relationship_manager_id"]
    )
    terms, of_rm = [], {}
    for row in rows:
        term = (row["name"], row["advisory_ref"], row["registration_number"])
        terms.append(term)
        rm = row["relationship_manager_id"] and row["relationship_manager_id"][0]
        of_rm.setdefault(rm, []).append(term)
    plan["clients_of"] = {}
    for advisor in env["res.users"].search([("login", "in", plan["advisor"])]):
        own = of_rm.get(advisor.id, [])
        plan["clients_of"][advisor.login] = rng.sample(own, min(SAMPLE, len(own)))
    plan["clients"] = rng.sample(terms, min(SAMPLE * 10, len(terms)))
    with open(path, "w", encoding="utf-8") as plan_file:
        json.dump(plan, plan_file, indent=1)
    print(f"load plan written to {path}")
