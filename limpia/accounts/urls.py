from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from limpia.accounts import views

app_name = "accounts"

urlpatterns = [
    path("ingresar/", views.login_view, name="login"),
    path("ingresar/codigo/", views.login_totp_view, name="login-totp"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.profile_view, name="profile"),
    path("tokens/nuevo/", views.token_create_view, name="token-create"),
    path("tokens/<int:pk>/revocar/", views.token_revoke_view, name="token-revoke"),
    path("segundo-factor/", views.totp_setup_view, name="totp-setup"),
    path(
        "clave/recuperar/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "clave/recuperar/enviado/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "clave/nueva/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_form.html",
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "clave/nueva/listo/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
]
