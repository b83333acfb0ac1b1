"""Lists split into pages the one way (`?halaman=N`), with links that keep the list's search.

A view passes `paginate(request, rows, per_page=25)` to its template as `page`; the template
lists `page.object_list` and shows the links with
`{% include "_pagination.html" with page=page label="Halaman arsip" %}`.
"""

from django.core.paginator import Page, Paginator

PAGE_PARAM = "halaman"


def page_query(request) -> str:
    """The request's query string without the page number, urlencoded: what page links carry
    so that the next page keeps the filters ("" when there are none)."""
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return query.urlencode()


def is_filtered(request) -> bool:
    """Whether the request sets a search or filter value (any non-empty parameter but the
    page number): the list then says "nothing matches" rather than "nothing yet"."""
    return any(value.strip() for key, values in request.GET.lists() if key != PAGE_PARAM for value in values)


def paginate(request, items, *, per_page: int) -> Page:
    """The page of `items` that `?halaman=` asks for: the last one for a number past the end,
    the first for a missing or malformed one (Paginator.get_page). `page.query` holds
    page_query(request) for templates/_pagination.html, `page.filtered` is_filtered(request)."""
    page = Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))
    page.query = page_query(request)
    page.filtered = is_filtered(request)
    return page
