import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from publishing.roles import CURATOR, PUBLISHER, ensure_roles

ROLES = {"redaktor": CURATOR, "utgivare": PUBLISHER}


def site_address():
    """The running site's address: HUB_DOMAIN, else the HOST and PORT that
    ``make run`` serves on (127.0.0.1:8000 unless they are set)."""
    if settings.HUB_DOMAIN:
        scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
        return f"{scheme}://{settings.HUB_DOMAIN}"
    host = os.environ.get("HOST") or "127.0.0.1"
    port = os.environ.get("PORT") or "8000"
    return f"http://{host}:{port}"


class Command(BaseCommand):
    help = (
        "Create a login for a curator (redaktör) or publisher (ansvarig utgivare) and print "
        "a one-time link where they choose their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument(
            "--base-url",
            default=site_address(),
            help="The site's address, for the link (default: HUB_DOMAIN, else "
            "http://$HOST:$PORT as make run serves it; now %(default)s).",
        )

    def handle(self, email, role, base_url, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Ogiltig e-postadress: {email}") from error
        ensure_roles()
        user, created = get_user_model().objects.get_or_create(
            username=email.lower(), defaults={"email": email, "is_staff": True}
        )
        if created:
            user.set_unusable_password()
        user.is_staff = True
        user.save()
        user.groups.set([Group.objects.get(name=ROLES[role])])
        link = base_url.rstrip("/") + reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        verb = "Skapade" if created else "Uppdaterade"
        self.stdout.write(f"{verb} {email} som {ROLES[role].lower()}.")
        self.stdout.write(f"Engångslänk för att välja lösenord: {link}")
