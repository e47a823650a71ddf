"""Django's JSON serializer, but keeping datetimes to the microsecond.

Django's encoder shortens times to milliseconds (the ECMA-262 format), so a
dump and load would move every ``updated_at`` and history date. Backups must
give back exactly what they took, so ``SERIALIZATION_MODULES`` puts this
module in the place of ``json`` for ``dumpdata``, ``loaddata`` and the
``export_content``/``import_content`` commands.
"""

import datetime

from django.core.serializers import json
from django.core.serializers.json import Deserializer  # noqa: F401  (part of the module API)


class Encoder(json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = Encoder
