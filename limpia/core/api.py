"""The REST API (/api/v1/): authentication by session or personal token, errors as JSON in Spanish."""

import json
import logging

from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import HttpBearer, SessionAuth

from limpia.core.errors import BusinessRuleError
from limpia.core.inputs import InputParser, error_field, pydantic_message
from limpia.core.tabular import TableError

logger = logging.getLogger(__name__)


class TokenRefused(AuthenticationError):
    """A known token that its owner may not use now; the message says why."""


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        from limpia.accounts.services import authenticate_token

        try:
            user = authenticate_token(token)
        except BusinessRuleError as exc:
            raise TokenRefused(message=exc.message) from exc
        if user is not None:
            request.user = user
        return user


class VerifiedSession(SessionAuth):
    """The browser session, except one still waiting for a second factor its person must use."""

    def authenticate(self, request, key):
        from limpia.accounts.queries import second_factor_pending

        return None if second_factor_pending(request) else super().authenticate(request, key)


api = NinjaAPI(
    title="Limpia API",
    version="1",
    description="API de Limpia, la plataforma nacional de Acuerdos de Producción Limpia. "
    "Autenticación por sesión del navegador o por token personal (`Authorization: Bearer …`).",
    auth=[VerifiedSession(), BearerToken()],
    urls_namespace="api",
    parser=InputParser(),
)


def _error(request, status: int, detail: str, field: str | None = None, **extra):
    """Every error of the API has one shape: `{"detail": message, "field": path or null, ...}`."""
    return api.create_response(request, {"detail": detail, "field": field, **extra}, status=status)


@api.exception_handler(TokenRefused)
def on_token_refused(request, exc):
    return _error(request, 401, exc.message)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, _("Authentication required: log in or send «Authorization: Bearer <token>»."))


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(request, 403, _("You do not have permission for this action."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, _("Not found."))


@api.exception_handler(BusinessRuleError)
def on_rule(request, exc):
    return _error(request, 400, exc.message, exc.field, errors=[{"field": exc.field, "message": exc.message}])


@api.exception_handler(ValidationError)
def on_model_validation(request, exc):
    if hasattr(exc, "error_dict"):
        errors = [{"field": f, "message": m} for f, ms in exc.message_dict.items() for m in ms]
    else:
        errors = [{"field": None, "message": m} for m in exc.messages]
    return _invalid(request, errors)


@api.exception_handler(SchemaValidationError)
def on_schema_validation(request, exc):
    errors = [{"field": error_field(e["loc"]), "message": pydantic_message(e)} for e in exc.errors]
    return _invalid(request, errors)


def _invalid(request, errors: list[dict]):
    """422 naming the first field in `detail` and `field`; every error in `errors`."""
    first = errors[0] if errors else {"field": None, "message": ""}
    detail = _("The data is not valid.")
    if first["field"] and first["field"] != "__all__":
        detail += " " + _("Field «%(field)s»: %(message)s") % first
    elif first["message"]:
        detail += " " + first["message"]
    return _error(request, 422, detail, first["field"], errors=errors)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    cause = exc.__cause__  # django-ninja's «cannot parse request body» wraps the parser's error
    if isinstance(cause, BusinessRuleError):
        return on_rule(request, cause)
    if isinstance(cause, json.JSONDecodeError):
        where = {"line": cause.lineno, "column": cause.colno}
        return _error(request, 400, _("The request body is not valid JSON (line %(line)s, column %(column)s).") % where)
    if exc.status_code == 400:
        return _error(request, 400, _("The request body is not valid JSON in UTF-8."))
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(BadRequest)
def on_bad_request(request, exc):
    return _error(request, 400, getattr(exc, "message", None) or str(exc), getattr(exc, "field", None))


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    """Input the database or Python cannot hold (a number out of range, NUL in text, a lone surrogate) is the
    sender's error; anything else is ours, logged, and still answered in JSON."""
    if isinstance(exc, DataError | OverflowError | UnicodeError):
        return _error(request, 400, _("A value of the request cannot be stored: a number out of range or "
                                      "characters that are not text."))  # fmt: skip
    logger.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, _("An unexpected error occurred; it has been recorded."))


@api.exception_handler(TableError)
def on_table(request, exc):
    errors = [{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors]
    return _error(request, 422, _("The file has errors; nothing was saved."), errors=errors)


def register_routers() -> None:
    from limpia.agreements.api import router as agreements_router
    from limpia.audits.api import router as audits_router
    from limpia.mrv.api import router as mrv_router
    from limpia.portal.api import Throttled, throttled_response
    from limpia.portal.api import router as portal_router
    from limpia.programs.api import router as programs_router
    from limpia.registry.api import router as registry_router

    api.add_router("/registry", registry_router)
    api.add_router("/", agreements_router)
    api.add_router("/", audits_router)
    api.add_router("/", mrv_router)
    api.add_router("/", programs_router)
    api.add_router("/", portal_router)
    api.add_exception_handler(Throttled, throttled_response)


register_routers()
