"""URL configuration: the product's pages, the admin console, i18n and health."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from firstask.core import views as core_views
from firstask.core.forms import LoginForm
from firstask.core.http import post_only
from firstask.tickets.views_casework import status_page

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    # Logging out is a button (POST); the address opened as a link gets the friendly 405.
    path("logout/", post_only("home")(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/password/done/"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", core_views.healthz, name="healthz"),
    path("account/two-factor/", core_views.otp_setup, name="otp_setup"),
    path("account/two-factor/verify/", core_views.otp_verify, name="otp_verify"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("status/", status_page, name="status"),
    path("tickets/", include("firstask.tickets.urls")),
    path("directory/", include("firstask.directory.urls")),
    path("inspection/", include("firstask.inspection.urls")),
    path("calendar/", include("firstask.workdays.urls")),
    path("inbox/", include("firstask.notify.urls")),
    path("accountability/", include("firstask.accountability.urls")),
    path("measures/", include("firstask.reports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "firstask.core.errors.bad_request"
handler403 = "firstask.core.errors.permission_denied"
handler404 = "firstask.core.errors.page_not_found"
handler500 = "firstask.core.errors.server_error"
