"""The open data page (/data/) and its downloads (/data/<table>.<fmt>)."""

from functools import lru_cache

from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from . import tables
from .indigo import ROLE_TO_INDIGO, STAGE_TO_INDIGO


class DownloadView(View):
    """/data/<table>.csv and /data/<table>.json: one table of open data."""

    FORMATS = {
        "csv": (tables.as_csv, "text/csv; charset=utf-8"),
        "json": (tables.as_json, "application/json; charset=utf-8"),
    }

    def get(self, request, table, fmt):
        if table not in tables.TABLES or fmt not in self.FORMATS:
            raise Http404("No such download.")
        render, content_type = self.FORMATS[fmt]
        response = HttpResponse(render(tables.TABLES[table], request), content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="kunskapshubben-{table}.{fmt}"'
        return response


@lru_cache(maxsize=1)
def api_description():
    """The OpenAPI description, as /data/ shows it (generated once per process)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "type": p.get("schema", {}).get("type", ""),
                    "description": p.get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
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
            api=api_description(),
            licence=tables.LICENCE,
            **kwargs,
        )
