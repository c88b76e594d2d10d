"""After a load run: every accepted answer is logged once, every undone one marked undone,
and no learner has a log the run did not see. `python -m tests.load.check`; exits 1 if not."""

import json
import os
import sys
from collections import Counter

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from scheduler.models import ReviewLog

    with open(os.environ.get("LOAD_RESULT", "var/load-result.json")) as result:
        run = json.load(result)
    accepted, undone = run["accepted"], set(run["undone"])
    logs = ReviewLog.objects.filter(user__username__startswith="load-")
    rows = dict(logs.values_list("pk", "undone"))
    versions = Counter(
        (log.user_id, log.card_id, log.version_before)
        for log in logs.only("user_id", "card_id", "version_before")
    )
    doubled = sum(1 for n in versions.values() if n > 1)
    problems = []
    if not accepted:
        problems.append("no answer was accepted: the run proves nothing")
    if len(accepted) != len(set(accepted)):
        problems.append("the server named one answer twice")
    missing = len(set(accepted) - set(rows))
    if missing:
        problems.append(f"{missing} accepted answers without a log")
    sent = {tuple(answer) for answer in run.get("sent", [])}
    unsent = sum(
        1
        for username, card_id, version in logs.values_list(
            "user__username", "card_id", "version_before"
        )
        if (username, card_id, version or 0) not in sent
    )
    if unsent:
        problems.append(f"{unsent} logs for answers the run never sent")
    # An undo in flight at the stop may have been applied without its response arriving.
    undo_sent = set(run.get("undo_sent", [])) | undone
    wrong_undo = sum(
        1
        for pk, is_undone in rows.items()
        if (pk in undone and not is_undone) or (is_undone and pk not in undo_sent)
    )
    if wrong_undo:
        problems.append(f"{wrong_undo} logs whose undone flag disagrees with the run")
    if doubled:
        problems.append(f"{doubled} answers recorded twice for one card version")
    print(
        f"answers sent {len(sent)}, accepted {len(accepted)}, logs written {len(rows)} "
        f"(in flight at the stop: {len(rows) - len(accepted)}), undone {len(undone)}, "
        f"doubled {doubled}: " + ("; ".join(problems) if problems else "all accounted for")
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
