"""The last net under bad input on screens: what the database or Python cannot hold is a 400, not a 500.

The shared readers (`core.inputs`, `core.filters`, forms) refuse bad values first; this catches what
slips past them (a number beyond 64 bits, NUL in text for PostgreSQL, a lone surrogate) so that a
person sees a page saying their request could not be read, and nothing was changed.
"""

import logging

from django.core.exceptions import BadRequest
from django.db import DataError
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadRequest):
            message = getattr(exception, "message", None) or str(exception)
        elif isinstance(exception, DataError | OverflowError | UnicodeError):
            logger.warning("Bad input on %s %s: %r", request.method, request.path, exception)
            message = _("A value of the request cannot be stored: a number out of range or characters that are "
                        "not text.")  # fmt: skip
        else:
            return None
        return render(request, "core/bad_request.html", {"message": message}, status=400)
