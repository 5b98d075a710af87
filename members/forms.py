"""The sign-in forms of the site and the admin: Django's, with the username's length checked on the server.

Django gives the username field its maximum length for the browser only; a longer one went on to authenticate()
and to django-axes, which records a failed username in a 255-character column: a 500 on PostgreSQL instead of
a form error."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class BoundedUsernameMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(BoundedUsernameMixin, AuthenticationForm):
    pass


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    pass
