"""The editors' admin, a module per job: the read-only outline, cards, and topic import.

Importing the modules registers their ModelAdmins with the default admin site.
"""

from cards.admin import card, outline

__all__ = ["card", "outline"]
