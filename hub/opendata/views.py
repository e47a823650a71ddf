"""The open data page (/data/) and its downloads (/data/<table>.<fmt>)."""

import re
from functools import lru_cache

from django.http import Http404, HttpResponse
from django.utils import translation
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from . import tables
from .indigo import ROLE_TO_INDIGO, STAGE_TO_INDIGO


class DownloadView(View):
    """/data/<table>.csv, /data/<table>.excel.csv and /data/<table>.json: one
    table of open data. The CSV files are downloads (attachments) that open
    in Excel: UTF-8 with a byte-order mark, and a semicolon-separated variant
    for Excel with Swedish settings."""

    FORMATS = {
        "csv": (tables.as_csv, "text/csv; charset=utf-8", "attachment"),
        "excel.csv": (tables.as_excel_csv, "text/csv; charset=utf-8", "attachment"),
        "json": (tables.as_json, "application/json; charset=utf-8", "inline"),
    }

    def get(self, request, table, fmt):
        if table not in tables.TABLES or fmt not in self.FORMATS:
            raise Http404("No such download.")
        render, content_type, disposition = self.FORMATS[fmt]
        response = HttpResponse(render(tables.TABLES[table], request), content_type=content_type)
        *variant, extension = fmt.split(".")  # excel.csv: kunskapshubben-cases-excel.csv
        filename = "-".join(["kunskapshubben", table, *variant]) + "." + extension
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response


def split_choices(description):
    """drf-spectacular appends an enum's choices to a description as a
    Markdown list ("* `value` - label"); /data/ shows them as a list."""
    text, choices = [], []
    for line in description.splitlines():
        match = CHOICE.match(line.strip())
        if match:
            choices.append(match.groups())
        elif line.strip():
            text.append(line.strip())
    return " ".join(text), choices


CHOICE = re.compile(r"^\* `([^`]*)` - (.*)$")


@lru_cache(maxsize=4)
def api_description(language):
    """The OpenAPI description, as /data/ shows it, in ``language`` (generated
    once per process and language)."""
    with translation.override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = []
            for p in operation.get("parameters", []):
                description, choices = split_choices(p.get("description", ""))
                parameters.append(
                    {
                        "name": p["name"],
                        "where": p["in"],
                        "type": p.get("schema", {}).get("type", ""),
                        "description": description,
                        "choices": choices,
                    }
                )
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": parameters,
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return {"version": schema["info"]["version"], "endpoints": endpoints}


class OpenDataView(TemplateView):
    """The open data page: licence, downloads, field descriptions, the INDIGO
    mapping and the API, rendered from its OpenAPI description."""

    template_name = "hub/open_data.html"

    def get_context_data(self, **kwargs):
        downloads = [
            {
                "name": table.name,
                "title": table.title,
                "fields": table.fields(),
                "count": table.count(),
            }
            for table in tables.TABLES.values()
        ]
        roles = [
            (role.label, code, component) for role, (code, component) in ROLE_TO_INDIGO.items()
        ]
        stages = [(stage.label, stage.value, code) for stage, code in STAGE_TO_INDIGO.items()]
        return super().get_context_data(
            tables=downloads,
            roles=roles,
            stages=stages,
            api=api_description(translation.get_language()),
            licence=tables.LICENCE,
            **kwargs,
        )
