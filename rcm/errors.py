from django.core.exceptions import ValidationError


def field_error(*, field: str, message: str, code: str) -> ValidationError:
    """A validation error that names its field and keeps its code (a dict of plain strings loses the code)."""
    return ValidationError({field: ValidationError(message, code=code)})
