"""Blueprint ``supervisor`` (/supervisor/…): the day's sync results per agent, issues
under review, trends."""

from .views import bp

__all__ = ["bp"]
