"""The REST API (/api/v1/): authentication by session or personal token, errors as JSON in Spanish."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import HttpBearer, SessionAuth

from limpia.core.errors import BusinessRuleError
from limpia.core.tabular import TableError


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        from limpia.accounts.services import authenticate_token

        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Limpia API",
    version="1",
    description="API de Limpia, la plataforma nacional de Acuerdos de Producción Limpia. "
    "Autenticación por sesión del navegador o por token personal (`Authorization: Bearer …`).",
    auth=[SessionAuth(), BearerToken()],
    urls_namespace="api",
)


def _error(request, status: int, detail: str, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


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
    return _error(request, 400, exc.message, errors=[{"field": exc.field, "message": exc.message}])


@api.exception_handler(ValidationError)
def on_model_validation(request, exc):
    if hasattr(exc, "error_dict"):
        errors = [{"field": f, "message": m} for f, ms in exc.message_dict.items() for m in ms]
    else:
        errors = [{"field": None, "message": m} for m in exc.messages]
    return _error(request, 422, _("The data is not valid."), errors=errors)


@api.exception_handler(SchemaValidationError)
def on_schema_validation(request, exc):
    errors = [
        {"field": ".".join(str(p) for p in e["loc"] if p not in ("body", "payload", "query")), "message": e["msg"]}
        for e in exc.errors
    ]
    return _error(request, 422, _("The data is not valid."), errors=errors)


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
