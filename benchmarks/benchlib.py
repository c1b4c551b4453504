"""Shared helpers of the benchmark scripts: Odoo configuration, install, an
environment on a database, and a plain psycopg2 connection for bulk SQL."""

import contextlib
import getpass
import os
import subprocess
import sys
import tempfile

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def addons_path():
    """The addons path the test runner uses: Odoo's, helpdesk_mgmt's, ours."""
    import odoo

    import odoo.addons

    paths = []
    base = os.path.dirname(odoo.__path__[0])
    if os.path.isdir(os.path.join(base, "addons", "web")):
        paths.append(os.path.join(base, "addons"))
    paths += list(odoo.addons.__path__)
    for site in sys.path:
        cand = os.path.join(site, "odoo", "addons")
        if os.path.isdir(os.path.join(cand, "helpdesk_mgmt")):
            paths.append(cand)
    paths.append(os.path.join(ROOT, "addons"))
    seen = []
    for path in map(os.path.abspath, paths):
        if path not in seen and os.path.isdir(path):
            seen.append(path)
    return ",".join(seen)


def write_config():
    """An Odoo configuration file for the benchmark (PG* environment honoured)."""
    fd, path = tempfile.mkstemp(prefix="cl_bench_", suffix=".conf")
    with os.fdopen(fd, "w") as conf:
        conf.write("[options]\n")
        conf.write(f"addons_path = {addons_path()}\n")
        conf.write(f"db_host = {os.environ.get('PGHOST', 'False')}\n")
        conf.write(f"db_port = {os.environ.get('PGPORT', 'False')}\n")
        conf.write(f"db_user = {os.environ.get('PGUSER', '') or getpass.getuser()}\n")
        conf.write(f"db_password = {os.environ.get('PGPASSWORD', 'False')}\n")
        conf.write(
            "data_dir = "
            f"{os.environ.get('ODOO_DATA_DIR', '/tmp/customer_loyalty_bench_data')}\n"
        )
        conf.write("without_demo = all\n")
        conf.write(f"http_port = {os.environ.get('HTTP_PORT', '8069')}\n")
    return path


def connect(db):
    """A psycopg2 connection to ``db`` for the bulk SQL."""
    kwargs = {"dbname": db}
    for env, key in (
        ("PGHOST", "host"),
        ("PGPORT", "port"),
        ("PGUSER", "user"),
        ("PGPASSWORD", "password"),
    ):
        if os.environ.get(env):
            kwargs[key] = os.environ[env]
    return psycopg2.connect(**kwargs)


def dropdb(db):
    conn = connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid != pg_backend_pid()",
            (db,),
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{db}"')
    conn.close()


def copydb(source, target):
    """``target`` as a copy of ``source``; this process's own Odoo
    connections to ``source`` (kept in Odoo's pool after an environment on
    it) are closed first: PostgreSQL copies only an unused database."""
    if "odoo.sql_db" in sys.modules:
        sys.modules["odoo.sql_db"].close_db(source)
    dropdb(target)
    conn = connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    conn.close()


def db_exists(db):
    conn = connect("postgres")
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
        found = bool(cr.fetchone())
    conn.close()
    return found


def odoo_cli(conf, db, *args, log=None):
    """Run ``odoo`` on ``db`` in a subprocess (install / update), raising on error."""
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        conf,
        "-d",
        db,
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
        *args,
    ]
    with open(log or os.devnull, "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
    if proc.returncode:
        raise RuntimeError(f"odoo {' '.join(args)} on {db} failed (see {log})")


@contextlib.contextmanager
def odoo_env(conf, db, uid=None, commit=True):
    """An Odoo environment on ``db``; commits on success unless ``commit`` is
    false (then everything is rolled back)."""
    import odoo
    from odoo.tools import config

    if not getattr(odoo_env, "configured", False):
        config.parse_config(["-c", conf])
        odoo_env.configured = True
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, uid or odoo.SUPERUSER_ID, {})
        yield env
        if commit:
            env.flush_all()
        else:
            cr.rollback()


def put_section(path, name, title, text):
    """Put ``text`` in the file ``path`` (RESULTS.md) between its
    ``<!-- name:begin -->`` and ``<!-- name:end -->`` markers, or at its end
    under ``## title`` when it has none (a new file when there is none):
    ``benchmarks/run`` keeps the section when it rewrites the file."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    previous = "# Benchmark results\n"
    if os.path.exists(path):
        with open(path) as results:
            previous = results.read()
    section = f"{begin}\n{text.rstrip()}\n{end}"
    if begin in previous and end in previous:
        previous = (
            previous[: previous.index(begin)]
            + section
            + previous[previous.index(end) + len(end) :]
        )
    else:
        previous = previous.rstrip() + f"\n\n## {title}\n\n{section}\n"
    with open(path, "w") as results:
        results.write(previous)
