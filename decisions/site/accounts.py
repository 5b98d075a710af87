"""Logging in and out of the public site (Django's own views, in the site's look)."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import get_language

from members.forms import LoginForm
from members.middleware import SESSION_FLAG
from members.passwords import password_reset_limits, password_reset_send
from members.roles import party_of
from members.services import password_change_done
from rcm.clients import client_address


class LoginView(auth_views.LoginView):
    """Where a reader lands when the login page was not asked for by another page (`?next=`): the actions of
    the party they speak for, else the dashboard."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


def landing_url(user) -> str:
    return reverse("workflow:my-actions") if party_of(user=user) is not None else reverse("decisions:home")


login = LoginView.as_view()


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form; choosing one's own password also ends a one-time password's hold on the account."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["required"] = bool(self.request.session.get(SESSION_FLAG))
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        password_change_done(user=form.user)
        self.request.session.pop(SESSION_FLAG, None)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        password_change_done(user=form.user)
        return response


logout = auth_views.LogoutView.as_view(next_page=reverse_lazy("decisions:home"))


class PasswordResetRequestView(auth_views.PasswordResetView):
    """Django's form, but the mail leaves the request: a known and an unknown address do the same work here
    (two counters, one enqueued task), so neither the answer nor its timing tells them apart. Limited per
    address and per client, so nobody floods an inbox."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        refused = password_reset_limits(email=email, client=client_address(request=self.request))
        if refused:
            wait = max(usage.reset for usage in refused)
            response = render(self.request, "registration/password_reset_limited.html", status=429)
            response["Retry-After"] = str(wait)
            return response
        password_reset_send.enqueue(email=email, language=get_language())
        return HttpResponseRedirect(self.get_success_url())


# Included by rcm/urls.py under accounts/, without a namespace: `{% url 'login' %}` is Django's convention.
urlpatterns = [
    path("login/", login, name="login"),
    path("logout/", logout, name="logout"),
    # Password reset by email and password change, with Django's own views (tokens expire, links work once).
    path("password/reset/", PasswordResetRequestView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/change/", PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
