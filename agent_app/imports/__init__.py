"""Blueprint ``imports`` (/imports/…): village lists from XLSX or CSV, previewed then
confirmed; the importer, its columns and the reading of files."""

from .views import bp

__all__ = ["bp"]
