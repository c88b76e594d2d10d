"""The editors' admin, a module per job: the read-only outline, cards, topic import, and
learners' reports.

Importing the modules registers their ModelAdmins with the default admin site.
"""

from cards.admin import card, outline, reports

__all__ = ["card", "outline", "reports"]
