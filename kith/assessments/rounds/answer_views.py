"""The questionnaire, open to anyone holding an invitation link or a round's shareable link; no account.

The journey's pages are addressed by the respondent's own token (the invitation's, or one made for the
shareable link and kept in a cookie), so a response can be resumed but never traced to a person."""
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from ..models import Invitation, Principle, Response, Round, plausible_token, token_hash
from .forms import DONT_KNOW, PrincipleForm, SectorForm
from .services import AlreadySubmitted, answers_save, response_start, response_submit, unanswered

COOKIE_PREFIX = "kith_round_"


def _cookie_name(round_: Round) -> str:
    return f"{COOKIE_PREFIX}{round_.uuid.hex}"


def _closed(request, round_: Round):
    return render(request, "assessments/rounds/answer_closed.html", {"round": round_}, status=403)


def _already(request, round_: Round):
    return render(request, "assessments/rounds/answer_already.html", {"round": round_}, status=409)


def _principles(round_: Round) -> list[tuple[Principle, list]]:
    """The round's principles in order, each with the statements the round asks under it."""
    grouped: dict[int, tuple[Principle, list]] = {}
    for statement in round_.asked_statements():
        principle = statement.element.principle
        grouped.setdefault(principle.pk, (principle, []))[1].append(statement)
    return list(grouped.values())


@never_cache
def answer_start(request, token):
    """Who: anyone holding an invitation link or the round's shareable link."""
    invitation = Invitation.objects.by_token(token).select_related("round").first()
    if invitation is not None:
        round_, own_token = invitation.round, token
    else:
        round_ = get_object_or_404(Round, share_token_hash=token_hash(token)) if plausible_token(token) else None
        if round_ is None:
            raise Http404
        own_token = request.COOKIES.get(_cookie_name(round_))
    principles = _principles(round_)
    if not round_.is_open() or not principles:
        return _closed(request, round_)
    if invitation is not None and invitation.used:
        return _already(request, round_)
    existing = Response.objects.by_resume_token(own_token).filter(round=round_).first()
    if existing is not None:
        if existing.submitted_at is not None:
            return _already(request, round_)
        return redirect("assessments:answer_resume", own_token)
    form = SectorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response, own_token = response_start(round_=round_, sector=form.cleaned_data["sector"],
                                             token=own_token if invitation is not None else None)
        first = principles[0][0]
        result = redirect("assessments:answer_principle", own_token, first.slug)
        if invitation is None:
            result.set_cookie(_cookie_name(round_), own_token, max_age=400 * 24 * 3600, httponly=True,
                              samesite="Lax", secure=request.is_secure(), path="/relationship/")
        return result
    return render(request, "assessments/rounds/answer_start.html",
                  {"round": round_, "form": form, "principles": principles})


def _response_or_page(request, token):
    """The response this token resumes, or the page to show instead (closed, already submitted)."""
    response = Response.objects.by_resume_token(token).select_related("round").first()
    if response is None:
        # A submitted response no longer answers to its invitation's token; the invitation still says it was used.
        invitation = Invitation.objects.by_token(token).filter(used=True).select_related("round").first()
        if invitation is None:
            raise Http404
        return None, _already(request, invitation.round)
    if not response.round.is_open():
        return response, _closed(request, response.round)
    if response.submitted_at is not None:
        return response, _already(request, response.round)
    return response, None


@never_cache
def answer_resume(request, token):
    """Who: the holder of the response's link. Where they got to, and a link to carry on."""
    response, page = _response_or_page(request, token)
    if page is not None:
        return page
    missing = set(unanswered(response).values_list("element__principle_id", flat=True))
    principles = [(p, p.pk not in missing) for p, _ in _principles(response.round)]
    next_principle = next((p for p, done in principles if not done), None)
    next_url = (reverse("assessments:answer_principle", args=[token, next_principle.slug]) if next_principle
                else reverse("assessments:answer_check", args=[token]))
    return render(request, "assessments/rounds/answer_resume.html",
                  {"round": response.round, "principles": principles, "next_url": next_url, "token": token})


def _initial(response: Response, statements, principle) -> dict:
    answers = dict(response.answers.filter(statement__in=statements).values_list("statement_id", "value"))
    initial = {f"s{sid}": (DONT_KNOW if value is None else str(value)) for sid, value in answers.items()}
    evidence = response.evidence.filter(principle=principle).first()
    initial["evidence"] = evidence.text if evidence else ""
    return initial


@never_cache
def answer_principle(request, token, slug):
    """Who: the holder of the response's link. One page of statements for one principle."""
    response, page = _response_or_page(request, token)
    if page is not None:
        return page
    principles = _principles(response.round)
    index = next((i for i, (p, _) in enumerate(principles) if p.slug == slug), None)
    if index is None:
        raise Http404
    principle, statements = principles[index]
    saving = "save" in request.POST
    form = PrincipleForm(request.POST or None, statements=statements, principle=principle, partial=saving,
                         initial=_initial(response, statements, principle))
    if request.method == "POST" and form.is_valid():
        answers_save(response=response, principle=principle, answers=form.answers(),
                     evidence=form.cleaned_data["evidence"])
        if saving:
            return redirect("assessments:answer_saved", token)
        if index + 1 < len(principles):
            return redirect("assessments:answer_principle", token, principles[index + 1][0].slug)
        return redirect("assessments:answer_check", token)
    back = (reverse("assessments:answer_principle", args=[token, principles[index - 1][0].slug]) if index
            else None)
    return render(request, "assessments/rounds/answer_principle.html", {
        "round": response.round, "principle": principle, "form": form, "token": token, "back": back,
        "step": index + 1, "steps": len(principles)})


@never_cache
def answer_saved(request, token):
    """Who: the holder of the response's link. Shows the link to come back with."""
    response, page = _response_or_page(request, token)
    if page is not None:
        return page
    link = request.build_absolute_uri(reverse("assessments:answer_resume", args=[token]))
    return render(request, "assessments/rounds/answer_saved.html", {"round": response.round, "link": link})


@never_cache
def answer_check(request, token):
    """Who: the holder of the response's link. Check your answers, then submit."""
    response, page = _response_or_page(request, token)
    if page is not None:
        return page
    error = None
    if request.method == "POST":
        try:
            response_submit(response=response, token=token)
        except AlreadySubmitted:
            return _already(request, response.round)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            return redirect("assessments:answer_done", response.round.uuid)
    answers = {a.statement_id: a for a in response.answers.all()}
    evidence = {e.principle_id: e.text for e in response.evidence.all()}
    sections = [{"principle": p, "evidence": evidence.get(p.pk, ""),
                 "rows": [(s, answers.get(s.pk)) for s in statements]}
                for p, statements in _principles(response.round)]
    missing = unanswered(response).first()
    return render(request, "assessments/rounds/answer_check.html", {
        "round": response.round, "sections": sections, "token": token, "error": error,
        "missing_slug": missing.element.principle.slug if missing else None,
        "sector": response.get_sector_display()})


def answer_done(request, round_uuid):
    """Who: anyone. The confirmation after submitting; it shows nothing about the response."""
    round_ = get_object_or_404(Round, uuid=round_uuid)
    return render(request, "assessments/rounds/answer_done.html", {"round": round_})
