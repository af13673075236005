"""Pages of API lists: django-ninja's page numbers, where a page past the end is empty, never an error."""

from ninja.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """`?page=&page_size=`; the offset never passes the count (page=2**62 is an empty page, not an offset that
    SQLite or PostgreSQL refuses with a server error)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        count = self._items_count(queryset)
        size = self._get_page_size(pagination.page_size)
        offset = min((pagination.page - 1) * size, count)
        return {self.items_attribute: queryset[offset : offset + size], "count": count}
