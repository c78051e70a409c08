"""Blueprint ``field`` (/villages/…, /residents/…, /visits…, /enrolments…, /people…): the
agent's checklist, resident card and forms."""

from . import forms  # noqa: F401  (its routes)
from .views import bp

__all__ = ["bp"]
