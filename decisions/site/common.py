"""What every public page shares: the day shown ("as of"), paging, and answering bad input with a message."""

from collections.abc import Callable

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from decisions.selectors.pages.dates import AsOf, as_of_parse

PAGE_SIZE = 50


def today():
    return timezone.localdate()


def as_of_from(request: HttpRequest) -> AsOf:
    return as_of_parse(raw=request.GET.get("as_of"), today=today())


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE):
    """The page asked for in `?page=`. A page that does not exist is a 404 that says how many there are."""
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    raw = request.GET.get("page") or 1
    try:
        return paginator.page(raw)
    except PageNotAnInteger as exc:
        raise Http404(_("“%(page)s” is not a page number.") % {"page": raw}) from exc
    except EmptyPage as exc:
        raise Http404(
            _("There is no page %(page)s: this list has %(count)s page(s).")
            % {"page": raw, "count": paginator.num_pages}
        ) from exc


def lazy_context(compute: Callable[[], dict], *names: str) -> dict:
    """Template variables computed together, once, on first use: when a page's body comes from the cache
    (`{% cached_fragment %}`), none of them is ever computed."""
    values = SimpleLazyObject(compute)
    return {name: SimpleLazyObject(lambda name=name: values[name]) for name in names}


def status_for(*errors) -> int:
    """400 when the request carried something the page could not use (it still renders, with the message)."""
    return 400 if any(errors) else 200
