"""Feed imports from the web. LIO staff and administrators only, every view: they look after the
directory for the whole place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kith.core.jobs import progress_json, start_job
from kith.core.models import Job, JobStatus
from kith.directory.models import Location, Service
from kith.organisations.models import Organisation
from kith.organisations.roles import roles_for

from ..models import Entity, Feed, FeedRun, ImportedRecord
from . import importer
from .forms import FeedImportForm

RUNS_SHOWN = 20
NOT_SEEN_SHOWN = 200
LOCAL_MODELS = {Entity.ORGANISATION: Organisation, Entity.SERVICE: Service, Entity.LOCATION: Location}


def _require_verifier(request) -> None:
    if not roles_for(request.user).can_verify:
        raise PermissionDenied("Only the local infrastructure organisation can import feeds.")


@login_required
def feed_list(request):
    """LIO staff and administrators: every feed with its last run."""
    _require_verifier(request)
    feeds = list(Feed.objects.all())
    last_runs = {}
    for run in FeedRun.objects.filter(feed__in=feeds).select_related("job").order_by("feed_id", "-job__created_at"):
        last_runs.setdefault(run.feed_id, run.job)
    rows = [(feed, last_runs.get(feed.pk)) for feed in feeds]
    return render(request, "interchange/feeds/feed_list.html", {"rows": rows})


@login_required
def feed_import(request):
    """LIO staff and administrators: add a feed by address or upload a JSON file, and start an import."""
    _require_verifier(request)
    form = FeedImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data["file"]
        if document is not None:
            feed = importer.feed_for(source=request.FILES["file"].name[:500], is_url=False,
                                     name=form.cleaned_data["name"], actor=request.user)
            payload = {"services": document.services, "organisations": document.organisations, "shape": document.shape}
        else:
            feed = importer.feed_for(source=form.cleaned_data["url"], is_url=True, name=form.cleaned_data["name"],
                                     actor=request.user)
            payload = {}
        return _start(request, feed, payload)
    return render(request, "interchange/feeds/feed_import.html", {"form": form})


def _start(request, feed: Feed, payload: dict):
    running = feed.runs.filter(job__status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).select_related("job").first()
    if running is not None:
        # Two imports of one feed at once would each find the other's new records half-written.
        messages.info(request, f"“{feed.name}” is being imported already: this is that import.")
        return redirect("interchange:feed_run", pk=running.job.pk)
    job = importer.new_run(feed, actor=request.user, payload=payload)
    start_job(job, importer.work_for(feed, job, actor=request.user))
    return redirect("interchange:feed_run", pk=job.pk)


@login_required
def feed_detail(request, pk):
    """LIO staff and administrators: a feed, its runs, and its records no longer in it."""
    _require_verifier(request)
    feed = get_object_or_404(Feed, pk=pk)
    runs = [run.job for run in feed.runs.select_related("job")[:RUNS_SHOWN]]
    gone = list(ImportedRecord.objects.filter(feed=feed, entity__in=LOCAL_MODELS, not_seen_since__isnull=False)
                .order_by("-not_seen_since", "entity")[:NOT_SEEN_SHOWN])
    names = {}
    for entity, model in LOCAL_MODELS.items():
        ids = [r.local_id for r in gone if r.entity == entity]
        names.update({pk: (name, entity) for pk, name in model.objects.filter(pk__in=ids).values_list("pk", "name")})
    not_seen = [(record, names.get(record.local_id, (None, None))[0]) for record in gone]
    return render(request, "interchange/feeds/feed_detail.html", {
        "feed": feed, "runs": runs, "not_seen": not_seen,
        "not_seen_total": ImportedRecord.objects.filter(feed=feed, entity__in=LOCAL_MODELS, not_seen_since__isnull=False).count(),
    })


@login_required
@require_POST
def feed_reimport(request, pk):
    """LIO staff and administrators: read a feed's address again and import what changed."""
    _require_verifier(request)
    feed = get_object_or_404(Feed, pk=pk)
    if not feed.is_url:
        # A file feed is imported again by uploading the new file under the same name.
        return redirect("interchange:feed_import")
    return _start(request, feed, {})


@login_required
def feed_run(request, pk):
    """LIO staff and administrators: a run's progress, then its report."""
    _require_verifier(request)
    job = get_object_or_404(Job.objects.filter(kind=importer.KIND, feed_run__isnull=False).select_related("feed_run__feed"), pk=pk)
    if request.GET.get("progress") == "json":
        return JsonResponse(progress_json(job))
    return render(request, "interchange/feeds/feed_run.html", {
        "job": job, "feed": job.feed_run.feed, "report": job.report if job.status == "succeeded" else None,
        "poll_url": request.path,
    })
