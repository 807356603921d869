import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kith.accounts.models import User
from kith.core.jobs import JobFailed
from kith.interchange.spreadsheets.checking import Check
from kith.interchange.spreadsheets.importing import import_rows
from kith.interchange.spreadsheets.reading import FileProblem, read_upload
from kith.organisations.roles import roles_for

PROBLEMS_PRINTED = 20


class _Bar:
    """JobProgress's two calls, drawn as a tqdm bar."""

    def __init__(self, bar: tqdm):
        self.bar = bar

    def set_total(self, total, stage=""):
        self.bar.reset(total=total)

    def advance(self, step=1):
        self.bar.update(step)


class Command(BaseCommand):
    help = ("Check a CSV or XLSX in the upload template's layout and, if every row is valid (or with "
            "--only-valid, its valid rows), import it as the given LIO staff member or administrator: new "
            "records await verification. --check-only writes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--as", dest="email", required=True, help="Email of the LIO staff member or administrator.")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--check-only", action="store_true")
        group.add_argument("--only-valid", action="store_true", help="Import the valid rows and leave out the others.")

    def handle(self, *args, path, email, check_only, only_valid, verbosity, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None or not roles_for(user).can_verify:
            raise CommandError(f"{email} is not LIO staff or an administrator.")
        try:
            with open(path, "rb") as file:
                upload = SimpleUploadedFile(path.rsplit("/", 1)[-1], file.read())
            _, rows = read_upload(upload)
        except OSError as error:
            raise CommandError(f"Could not read {path}: {error.strerror or error}.") from None
        except FileProblem as problem:
            raise CommandError(problem.message) from None
        started = time.perf_counter()
        check = Check(rows, by=user)
        summary = check.summary()
        self.stdout.write(f"Checked {summary['rows']:,} rows in {time.perf_counter() - started:.1f} s: "
                          f"{summary['valid_rows']:,} valid, {summary['rows_with_problems']:,} with problems.")
        for problem in check.problems[:PROBLEMS_PRINTED]:
            self.stdout.write(f"  Row {problem.row}, {problem.column or 'whole row'}: {problem.message}")
        if check_only:
            return
        if check.problems and not only_valid:
            raise CommandError("Nothing imported: correct the rows with problems, or use --only-valid.")
        started = time.perf_counter()
        with tqdm(unit=" records", disable=verbosity < 1, file=self.stderr._out) as bar:
            try:
                result = import_rows(check.valid_rows, by=user, progress=_Bar(bar))
            except JobFailed as failure:
                raise CommandError(str(failure)) from None
        made = result["summary"]
        self.stdout.write(self.style.SUCCESS(
            f"Imported in {time.perf_counter() - started:.1f} s: {made['organisations_created']:,} organisations, "
            f"{made['locations_created']:,} locations, {made['services_created']:,} services, awaiting verification."))
