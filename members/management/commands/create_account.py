"""`manage.py create_account NAME --role …`: a Secretariat officer, a focal point or a delegate, in one line."""

import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.models import Party
from members.services import ROLE_BY_OPTION, account_create


class Command(BaseCommand):
    help = "Create an account with a role; prints a one-time password unless --password-file is given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_BY_OPTION))
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="full name, shown in the log of progress")
        parser.add_argument("--party", help="code of the party a focal point or delegate speaks for, e.g. MX")
        parser.add_argument("--password-file", help="read the password from this file instead of generating one")

    def handle(self, *args, username, role, email, name, party, password_file, **options) -> None:
        party_obj = None
        if party:
            party_obj = Party.objects.filter(code=party).first()
            if party_obj is None:
                raise CommandError(f"no party with code {party!r}; see the parties in the admin")
        password = self._password(password_file)
        try:
            user = account_create(
                username=username,
                email=email,
                role=ROLE_BY_OPTION[role],
                password=password,
                party=party_obj,
                full_name=name,
                one_time_password=not password_file,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        where = f" for {party_obj}" if party_obj else ""
        self.stdout.write(f"created {user.username} ({role}{where})")
        if not password_file:
            self.stdout.write(f"one-time password (shown once; a new one is asked for at first login): {password}")

    def _password(self, path: str | None) -> str:
        if not path:
            return secrets.token_urlsafe(16)
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
