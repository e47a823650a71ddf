"""Topics are kept in ``TaggedRecord``, whose record id has the records' own
type: a join from records to their topics uses the index, and the admin's
merge moves these rows."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from cases.models import Case
from instruments.models import Instrument
from publishing.models import TaggedRecord
from tests.publishing.test_workflow import make_user

pytestmark = pytest.mark.django_db


def test_records_join_their_topics_without_a_cast():
    sql = str(Case.objects.filter(tags__slug="socialt-utfallskontrakt").query)
    assert "taggedrecord" in sql and "::" not in sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'publishing_taggedrecord' AND column_name = 'object_id'"
        )
        assert cursor.fetchone()[0] == "bigint"  # as the records' own ids


def test_the_records_topics_are_taggedrecords():
    case = Case.objects.published().first()
    case.tags.add("ett nytt ämne")
    row = TaggedRecord.objects.get(tag__name="ett nytt ämne")
    assert row.content_object == case


def test_merging_topics_in_the_admin_moves_every_records_topic(client):
    client.force_login(make_user("publisher"))
    case = Case.objects.published().first()
    instrument = Instrument.objects.published().first()
    case.tags.add("sammanslås a", "sammanslås b")
    instrument.tags.add("sammanslås b")
    merged = Tag.objects.filter(name__startswith="sammanslås")
    changelist = reverse("admin:taggit_tag_changelist")
    response = client.post(
        changelist,
        {"action": "merge_topics", ACTION_CHECKBOX_NAME: [str(tag.pk) for tag in merged]},
    )
    assert response.status_code == 302
    response = client.post(changelist + "merge-tags/", {"new_tag_name": "sammanslaget ämne"})
    assert response.status_code == 302
    for record in (case, instrument):
        names = list(record.tags.names())
        assert names.count("sammanslaget ämne") == 1  # two became one, not two rows
        assert not [name for name in names if name.startswith("sammanslås")]
    assert not TaggedRecord.objects.filter(tag__name__startswith="sammanslås").exists()
