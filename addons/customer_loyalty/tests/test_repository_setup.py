"""Static checks of the repository's Docker set-up (no Docker daemon needed)."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from odoo.tests import BaseCase, tagged

ROOT = Path(__file__).resolve().parents[3]


@tagged("post_install", "-at_install")
class TestRepositorySetup(BaseCase):
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
        self.assertEqual(set(self.compose["volumes"]), {"db-data", "odoo-data"})
        self.assertIn("db-data:/var/lib/postgresql/data", services["db"]["volumes"])

    def test_odoo_serves_the_addon_with_demo_on_port_8069(self):
        odoo = self.compose["services"]["odoo"]
        self.assertIn("8069:8069", odoo["ports"])
        self.assertIn("./addons:/mnt/extra-addons:ro", odoo["volumes"])
        command = " ".join(odoo["command"])
        self.assertIn("--init=customer_loyalty", command)
        self.assertIn("/mnt/extra-addons", command)
        self.assertNotIn("without-demo", command)
        self.assertEqual(odoo["depends_on"]["db"]["condition"], "service_healthy")
        self.assertEqual(odoo["environment"]["HOST"], "db")

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
