"""manage.py import_oruk SOURCE [--name NAME]: import an ORUK feed from an API address or a JSON file."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kith.core.jobs import run_job
from kith.core.models import JobStatus
from kith.interchange.feeds import importer, reading
from kith.interchange.feeds.report import report_lines


class _Bar:
    """What a job's progress offers, shown as a tqdm bar for each stage."""

    def __init__(self, quiet: bool):
        self.bar, self.quiet = None, quiet

    def set_total(self, total, stage=""):
        self.close()
        if not self.quiet:
            self.bar = tqdm(total=total, desc=stage, unit="", file=sys.stderr, leave=False)

    def advance(self, step=1):
        if self.bar is not None:
            self.bar.update(step)

    def stage(self, text):
        if self.bar is not None:
            self.bar.set_description(text)

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = ("Import an Open Referral UK feed: SOURCE is an API's base address (every page of /services, then "
            "/services/{id}) or a JSON file (a page of services, one service, a list of services, or a package). "
            "Records are matched to earlier imports of the same feed by their ids.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="the feed's address (https://…) or a JSON file")
        parser.add_argument("--name", default="", help="the feed's name in Kith (default: the address or file name)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, source, name, quiet, **options):
        is_url = source.startswith(("http://", "https://"))
        if is_url:
            problem = reading.check_url(source)
            if problem:
                raise CommandError(problem)
            payload = {}
        else:
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"There is no file {source}. Give a JSON file or an address starting with https://")
            # Read before anything is recorded, so a bad file leaves no trace but the message.
            try:
                document = reading.read_file(path)
            except reading.FeedError as error:
                raise CommandError(f"{error} {importer.UNCHANGED_DIRECTORY}") from None
            payload = {"services": document.services, "organisations": document.organisations, "shape": document.shape}
            source = path.name
        feed = importer.feed_for(source=source, is_url=is_url, name=name)
        job = importer.new_run(feed, payload=payload)
        bar = _Bar(quiet or options["verbosity"] == 0)
        work = importer.work_for(feed, job)
        try:
            job = run_job(job, lambda progress: work(_Both(progress, bar)))
        finally:
            bar.close()
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(job.message or "The import stopped.")
        lines = report_lines(job.report)
        if options["verbosity"] == 0:
            # The counts only; the reasons are on the feed's page.
            lines = [line for line in lines if not line.startswith("  ")][:5]
        for line in lines:
            self.stdout.write(line)


class _Both:
    """The job's own progress (for its page) and the bar (for the terminal)."""

    def __init__(self, progress, bar: _Bar):
        self.progress, self.bar = progress, bar

    def set_total(self, total, stage=""):
        self.progress.set_total(total, stage)
        self.bar.set_total(total, stage)

    def advance(self, step=1):
        self.progress.advance(step)
        self.bar.advance(step)

    def stage(self, text):
        self.progress.stage(text)
        self.bar.stage(text)
