"""The house a newcomer can read: imports point one way,
publishing ← search ← instruments ← insights ← cases ← hub, and no module
grows past what one reading holds.

A lower app may render a higher app's reverse relations (an instrument's
cases, through the ORM), but it never imports the higher app.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["publishing", "search", "instruments", "insights", "cases", "hub"]
DOMAIN = ["instruments", "insights", "cases", "hub"]
MAX_LINES = 400


def modules(app):
    return [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", LAYERS)
def test_no_app_imports_one_above_it(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(app)
        for name in imported_modules(path)
        if name.split(".")[0] in above
    ]
    assert offenders == []


@pytest.mark.parametrize("app", ["publishing", "search"])
def test_the_shared_layers_name_no_content_model(app):
    """They find content models at run time (the registry, search_result),
    never by a label such as "cases.Case"."""
    label = re.compile(rf"""["'](?:{"|".join(DOMAIN)})\.[A-Z]\w*["']""")
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in modules(app)
        for match in label.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_view_module_imports_another_apps_views():
    """Shared views are base classes in publishing.views; the rest are queryset
    methods on the models (Case.objects.for_cards(), Citation.objects.public())."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for app in DOMAIN
        for path in modules(app)
        if path.name == "views.py"
        for name in imported_modules(path)
        if name.split(".")[0] in DOMAIN and name.split(".")[0] != app and ".views" in name
    ]
    assert offenders == []


def test_no_module_is_longer_than_one_reading():
    long = {
        str(path.relative_to(ROOT)): count
        for app in LAYERS
        for path in modules(app)
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
