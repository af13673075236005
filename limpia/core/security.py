"""Security headers Django does not set itself, and the database cache table production relies on."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` (settings.PERMISSIONS_POLICY): browser features the platform never uses stay off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def create_cache_table(using="default", **kwargs) -> None:
    """After `migrate`: the database cache's table (production without REDIS_URL); nothing for other caches."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
