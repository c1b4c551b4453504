"""Static checks of the repository's Docker set-up and README (no Docker
daemon, no Odoo needed)."""

import re
import subprocess
import sys
import unittest
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


class TestRepositorySetup(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        compose_file = ROOT / "docker-compose.yml"
        if not compose_file.exists():
            raise AssertionError(f"{compose_file} is missing: run from the repository")
        cls.compose = yaml.safe_load(compose_file.read_text())
        cls.dockerfile = (ROOT / "docker" / "Dockerfile").read_text()

    def test_compose_uses_official_images_and_named_volumes(self):
        services = self.compose["services"]
        self.assertTrue(services["db"]["image"].startswith("postgres:"))
        self.assertIn("FROM odoo:18.0", self.dockerfile)
        self.assertIn("odoo-addon-helpdesk_mgmt", self.dockerfile)
        self.assertEqual(
            set(self.compose["volumes"]),
            {
                "db-data",
                "odoo-data",
                "scale-primary-data",
                "scale-replica-data",
                "scale-odoo-data",
            },
        )
        self.assertIn("db-data:/var/lib/postgresql/data", services["db"]["volumes"])

    def test_odoo_serves_the_addon_with_demo_on_port_8069(self):
        odoo = self.compose["services"]["odoo"]
        self.assertIn("8069:8069", odoo["ports"])
        self.assertIn("./addons:/mnt/extra-addons:ro", odoo["volumes"])
        command = " ".join(odoo["command"])
        self.assertIn("customer_loyalty_demo", command)
        self.assertIn("--init=customer_loyalty", command)
        self.assertIn("/mnt/extra-addons", command)
        self.assertNotIn("without-demo", command)
        self.assertEqual(odoo["depends_on"]["db"]["condition"], "service_healthy")
        self.assertEqual(odoo["environment"]["HOST"], "db")

    def test_scale_profile_has_a_replica_web_workers_and_a_cron_process(self):
        services = self.compose["services"]
        scale = {
            name
            for name, service in services.items()
            if "scale" in service.get("profiles", [])
        }
        self.assertEqual(scale, {"db-primary", "db-replica", "odoo-web", "odoo-cron"})
        primary, replica = services["db-primary"], services["db-replica"]
        self.assertIn("wal_level=replica", primary["command"])
        self.assertTrue(replica["image"].startswith("postgres:"))
        entrypoint = replica["entrypoint"][0]
        script = next(
            volume.split(":")[0]
            for volume in replica["volumes"]
            if volume.split(":")[1] == entrypoint
        )
        script_text = (ROOT / script).read_text()
        self.assertIn("pg_basebackup", script_text)
        self.assertIn("--write-recovery-conf", script_text)
        hba = next(v.split(":")[0] for v in primary["volumes"] if "pg_hba" in v)
        self.assertRegex((ROOT / hba).read_text(), r"host\s+replication")
        web = services["odoo-web"]["command"]
        self.assertIn("--db_replica_host=db-replica", web)
        self.assertIn("--max-cron-threads=0", web)
        workers = next(arg for arg in web if arg.startswith("--workers="))
        self.assertGreater(int(workers.split("=")[1]), 0)
        cron = services["odoo-cron"]["command"]
        self.assertIn("--no-http", cron)
        cron_threads = next(a for a in cron if a.startswith("--max-cron-threads="))
        self.assertGreater(int(cron_threads.split("=")[1]), 0)
        self.assertNotIn("--db_replica_host=db-replica", cron)
        for name in scale:
            for volume in services[name].get("volumes", []):
                source = volume.split(":")[0]
                if source.startswith("./"):
                    self.assertTrue((ROOT / source).exists(), source)
                else:
                    self.assertIn(source, self.compose["volumes"])

    def test_test_service_runs_the_readme_command(self):
        test = self.compose["services"]["test"]
        self.assertEqual(test["entrypoint"], ["/repo/run-tests"])
        self.assertEqual(test["environment"]["PGHOST"], "db")
        readme = (ROOT / "README.md").read_text()
        self.assertIn("./run-tests", readme)
        self.assertIn("docker compose up", readme)
        ci = (ROOT / ".ci" / "run").read_text()
        self.assertIn("./run-tests", ci)

    def test_readme_shows_the_current_feature_fragments(self):
        result = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "build-readme"), "--check"],
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        readme = (ROOT / "README.md").read_text()
        for picture in re.findall(r"\]\((addons/[^)]+\.png)\)", readme):
            self.assertTrue((ROOT / picture).exists(), f"{picture} is missing")
