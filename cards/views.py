"""The pictures cards show, served to signed-in learners and editors."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from cards.models import CardImage
from cards.sources.images import IMAGE_NAME_RE


@require_GET
@login_required
def card_image(request: HttpRequest, name: str) -> HttpResponse:
    if not IMAGE_NAME_RE.match(name):
        raise Http404("No such image.")
    image = CardImage.objects.filter(name=name).values("content", "content_type").first()
    if image is None:
        raise Http404("No such image.")
    response = HttpResponse(bytes(image["content"]), content_type=image["content_type"])
    # nosniff: a browser reads the bytes only as the image type they were checked to be.
    response["X-Content-Type-Options"] = "nosniff"
    return response
