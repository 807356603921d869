"""What the operator's commands share: identifiers from the command line, turned into the referrals they match."""

import datetime

from django.core.management.base import CommandError

from .keys import Identifiers, normalise_name, normalise_phone, referrals_about


def add_identifier_arguments(parser) -> None:
    parser.add_argument("--email", default="", help="The person's email address.")
    parser.add_argument("--phone", default="", help="The person's phone number (any format; +44 counts as 0).")
    parser.add_argument("--name", default="", help="The person's full name (with --date-of-birth).")
    parser.add_argument("--date-of-birth", default="", help="YYYY-MM-DD (with --name).")


def identifiers_from(options: dict) -> Identifiers:
    name, born_text = options["name"], options["date_of_birth"]
    if bool(normalise_name(name)) != bool(born_text.strip()):
        raise CommandError("Give --name and --date-of-birth together.")
    try:
        born = datetime.date.fromisoformat(born_text.strip()) if born_text.strip() else None
    except ValueError:
        raise CommandError("--date-of-birth must be a date as YYYY-MM-DD, like 2019-03-27.") from None
    if options["phone"] and len(normalise_phone(options["phone"])) < 10:
        raise CommandError("--phone must be a phone number of at least 10 digits.")
    identifiers = Identifiers(email=options["email"], phone=options["phone"], name=name, date_of_birth=born)
    if not identifiers.digests():
        raise CommandError("Give --email, --phone, or --name with --date-of-birth.")
    return identifiers


def matching(options: dict):
    return referrals_about(identifiers_from(options))
