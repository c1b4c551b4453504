"""Static checks that Odoo's own runner finds and runs every test of the
addons (no Odoo needed).

Odoo's runner imports only the test modules listed in an addon's
``tests/__init__.py``, and the test command runs it on an installed database
without updating a module, where only ``post_install`` tests run. pytest-odoo
finds every ``test_*.py`` whatever its tags, so a test missing from either
list would pass unnoticed in one of the two runs."""

import ast
import re
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORT = re.compile(r"^from \. import (\w+)", re.MULTILINE)
ADDON_TESTS = sorted(p for p in (ROOT / "addons").glob("*/tests") if p.is_dir())


class TestAddonTests(unittest.TestCase):
    def test_there_are_addon_test_folders(self):
        self.assertGreaterEqual(len(ADDON_TESTS), 4, ADDON_TESTS)

    def test_every_test_module_is_imported_by_its_package(self):
        for folder in ADDON_TESTS:
            with self.subTest(addon=folder.parent.name):
                init = (folder / "__init__.py").read_text()
                imported = set(IMPORT.findall(init))
                modules = {p.stem for p in folder.glob("test_*.py")}
                self.assertTrue(modules, f"{folder} has no test module")
                self.assertEqual(modules - imported, set(), "not in __init__.py")
                self.assertEqual(imported - modules, set(), "imported but missing")

    def test_every_test_class_runs_post_install(self):
        for folder in ADDON_TESTS:
            for path in sorted(folder.glob("test_*.py")):
                for node in ast.parse(path.read_text()).body:
                    if not isinstance(node, ast.ClassDef) or not any(
                        isinstance(item, ast.FunctionDef)
                        and item.name.startswith("test_")
                        for item in node.body
                    ):
                        continue
                    tags = {
                        arg.value
                        for decorator in node.decorator_list
                        if isinstance(decorator, ast.Call)
                        and getattr(decorator.func, "id", None) == "tagged"
                        for arg in decorator.args
                        if isinstance(arg, ast.Constant)
                    }
                    with self.subTest(test=f"{path.relative_to(ROOT)}::{node.name}"):
                        self.assertLessEqual({"post_install", "-at_install"}, tags)

    def test_inherited_test_methods_are_allowed(self):
        classes = {}  # class name -> [(own test methods, allows inherited, bases)]
        for folder in ADDON_TESTS:
            for path in sorted(folder.glob("*.py")):
                for node in ast.parse(path.read_text()).body:
                    if isinstance(node, ast.ClassDef):
                        classes.setdefault(node.name, []).append(_class_facts(node))

        def inherited(bases, seen=()):
            """Whether a base defines test methods, and whether one allows them."""
            defines = allows = False
            for base in bases:
                for own, allow, base_bases in classes.get(base, []):
                    if base in seen:
                        continue
                    more = inherited(base_bases, (*seen, base))
                    defines = defines or bool(own) or more[0]
                    allows = allows or allow or more[1]
            return defines, allows

        for folder in ADDON_TESTS:
            for path in sorted(folder.glob("test_*.py")):
                for node in ast.parse(path.read_text()).body:
                    if not isinstance(node, ast.ClassDef):
                        continue
                    __, allow, bases = _class_facts(node)
                    defines, allowed = inherited(bases)
                    with self.subTest(test=f"{path.relative_to(ROOT)}::{node.name}"):
                        self.assertFalse(defines and not (allow or allowed))


def _class_facts(node):
    own = [
        item.name
        for item in node.body
        if isinstance(item, ast.FunctionDef) and item.name.startswith("test_")
    ]
    allow = any(
        isinstance(item, ast.Assign)
        and any(
            getattr(target, "id", None) == "allow_inherited_tests_method"
            for target in item.targets
        )
        for item in node.body
    )
    bases = [
        base.id if isinstance(base, ast.Name) else ast.unparse(base)
        for base in node.bases
    ]
    return own, allow, bases
