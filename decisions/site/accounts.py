"""Logging in and out of the public site (Django's own views, in the site's look)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse, reverse_lazy

from members.forms import LoginForm
from members.roles import party_of


class LoginView(auth_views.LoginView):
    """Where a reader lands when the login page was not asked for by another page (`?next=`): the actions of
    the party they speak for, else the dashboard."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


def landing_url(user) -> str:
    return reverse("workflow:my-actions") if party_of(user) is not None else reverse("decisions:home")


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view(next_page=reverse_lazy("decisions:home"))

# Included by rcm/urls.py under accounts/, without a namespace: `{% url 'login' %}` is Django's convention.
urlpatterns = [
    path("login/", login, name="login"),
    path("logout/", logout, name="logout"),
    # Password reset by email and password change, with Django's own views (tokens expire, links work once).
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
