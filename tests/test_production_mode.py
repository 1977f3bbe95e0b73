"""Odoo in production mode (prefork workers) with our addons: the gevent worker that
serves the websocket (live notifications, chatter, bus) starts and answers."""

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websocket

import odoo
from odoo.tests import BaseCase, tagged
from odoo.tools import config

START_TIMEOUT = 60


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@tagged("post_install", "-at_install")
class TestProductionMode(BaseCase):
    def test_gevent_worker_serves_the_websocket(self):
        http_port, gevent_port = free_port(), free_port()
        odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
        dbname = odoo.tests.get_db_name()
        with tempfile.NamedTemporaryFile("r", suffix=".log") as logfile:
            server = subprocess.Popen(
                [
                    sys.executable,
                    str(odoo_bin),
                    "-c",
                    config.rcfile,
                    "-d",
                    dbname,
                    f"--db-filter=^{dbname}$",
                    "--workers=2",
                    "--max-cron-threads=0",
                    f"--http-port={http_port}",
                    f"--gevent-port={gevent_port}",
                    "--http-interface=127.0.0.1",
                    f"--logfile={logfile.name}",
                    "--log-level=info",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                connection = self._connect(gevent_port, http_port)
                connection.close()
                # the worker stays up: a crashing one is respawned every second
                time.sleep(3)
                log = Path(logfile.name).read_text()
            finally:
                server.terminate()
                server.wait(timeout=30)
        self.assertEqual(
            log.count("Evented Service (longpolling) running"),
            1,
            "the gevent worker started once (not respawned)",
        )
        self.assertNotIn("Traceback", log)
        self.assertNotIn("DistributionNotFound", log)

    def _connect(self, gevent_port, http_port):
        """A websocket upgrade on the gevent port, retried until the server is up."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                return websocket.create_connection(
                    f"ws://127.0.0.1:{gevent_port}/websocket",
                    origin=f"http://127.0.0.1:{gevent_port}",
                    timeout=10,
                )
            except (ConnectionError, websocket.WebSocketException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
