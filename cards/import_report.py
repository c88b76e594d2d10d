"""What an import did, or would do: the plan a dry run shows and the summary a command prints."""

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    topic: str
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    # Conflicts already flagged by an earlier import of the same fixture are listed again
    # (they are still open) but are no change.
    new_conflicts: list[str] = field(default_factory=list)
    # Domains and sections added or retitled.
    outline_changes: list[str] = field(default_factory=list)
    # Cards this import retired for a quality flag that drops them (cards.sources.quality).
    dropped: list[str] = field(default_factory=list)
    # The topic as this plan found it (see topic_fingerprint).
    topic_state: str = ""
    # A confirmation found the topic changed since its dry run: this is the new plan, and
    # nothing was written.
    stale: bool = False

    @property
    def changed_anything(self) -> bool:
        return any(
            (
                self.created,
                self.updated,
                self.retired,
                self.new_conflicts,
                self.outline_changes,
                self.dropped,
            )
        )

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        counts = ", ".join(
            f"{len(keys)} {name}"
            for name, keys in (
                ("created", self.created),
                ("updated", self.updated),
                ("unchanged", self.unchanged),
                ("retired", self.retired),
                ("conflicting", self.conflicts),
            )
        )
        lines = [f"{self.topic}: {counts}."]
        if not self.changed_anything:
            lines.append("Nothing changed: the database already matches this fixture.")
        for name, keys in (
            ("Created", self.created),
            ("Updated", self.updated),
            ("Retired", self.retired),
        ):
            if keys:
                lines.append(f"{name} ({len(keys)} {verb}): {', '.join(keys)}")
        if self.dropped:
            lines.append(
                f"Dropped ({len(self.dropped)} {verb} retired for their quality flags; an editor "
                f"can dismiss a flag in the admin): {', '.join(self.dropped)}"
            )
        for change in self.outline_changes:
            lines.append(change)
        if self.conflicts:
            lines.append(
                f"Conflicts ({len(self.conflicts)}): the fixture changed cards an editor had "
                "edited; the editor's text is kept until someone resolves them in the admin: "
                + ", ".join(self.conflicts)
            )
        return "\n".join(lines)
