"""Every page type is valid HTML according to the Nu HTML Checker (vnu)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.pages import PAGE_TYPES

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


@pytest.fixture
def vnu():
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("the Nu HTML Checker needs Java and `npm ci` (node_modules/vnu-jar)")
    return VNU


def test_every_page_type_is_valid_html(client, vnu, tmp_path):
    files = {}
    for name, path in PAGE_TYPES.items():
        response = client.get(path)
        assert response.status_code in (200, 400, 404), name
        file = tmp_path / (name.replace(" ", "-") + ".html")
        file.write_bytes(response.content)
        files[str(file)] = name
    errors_page = client.post("/fall/tipsa/", {"title": "", "source_links": "nej"})
    file = tmp_path / "suggestion-errors.html"
    file.write_bytes(errors_page.content)
    files[str(file)] = "suggestion form with errors"
    result = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"{m['message']} (line {m.get('lastLine')})"
        for m in messages
    ]
    assert errors == []
