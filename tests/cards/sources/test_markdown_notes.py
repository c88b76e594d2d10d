"""Markdown notes as people write them: any heading levels, term lists, Q/A, arrows, tables."""

import pytest

from cards.sources import GuideError, parse_markdown


def cards_of(text: str, name: str = "notes.md") -> list[tuple[str, str, str]]:
    return [(c.kind, c.prompt, c.answer) for c in parse_markdown(text, name=name).cards()]


# --- Outline from headings ------------------------------------------------------------------


def test_the_shallowest_repeating_level_gives_domains_the_next_sections_deeper_context():
    guide = parse_markdown(
        "# My DVA notes 🚀\n\n"
        "## Compute\n\n### Lambda\n\n#### Limits\n\n- Timeout: 15 minutes\n\n"
        "## Storage\n\n### S3\n\n- Durability: eleven nines\n",
        name="notes.md",
    )

    assert guide.title == "My DVA notes 🚀"
    assert not guide.weighted
    assert [(d.number, d.title, d.weight) for d in guide.domains] == [
        (1, "Compute", 50),
        (2, "Storage", 50),
    ]
    assert [[s.title for s in d.sections] for d in guide.domains] == [["Lambda"], ["S3"]]
    assert [(c.prompt, c.context) for c in guide.cards()] == [
        ("Timeout", "Limits"),
        ("Durability", ""),
    ]


def test_unweighted_domains_share_the_exam_equally_and_add_up_to_100():
    text = "".join(f"# Part {n}\n\n- Term {n}: meaning {n}\n\n" for n in range(1, 4))

    guide = parse_markdown(text)

    assert [d.weight for d in guide.domains] == [34, 33, 33]


def test_a_file_without_headings_is_one_section_named_after_the_file():
    guide = parse_markdown("- SQS: a queue\n- SNS: a topic\n", name="aws-messaging.md")

    assert [(d.title, [s.title for s in d.sections]) for d in guide.domains] == [
        ("aws-messaging", ["aws-messaging"])
    ]
    assert len(guide.cards()) == 2


def test_text_before_the_first_heading_still_imports():
    text = "- SQS: a queue\n\n# Later\n\n## Part\n\n- SNS: a topic\n"

    guide = parse_markdown(text, name="n.md")

    assert [d.title for d in guide.domains] == ["n", "Later"]


def test_headings_whose_sections_make_no_cards_leave_no_empty_outline():
    guide = parse_markdown("# A\n\nProse only.\n\n# B\n\n- SQS: a queue\n\n# C\n\nMore prose.\n")

    assert [(d.number, d.title, d.weight) for d in guide.domains] == [(1, "B", 100)]


# --- Card shapes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bullet",
    [
        "- Visibility timeout: how long a received message stays hidden",
        "- **Visibility timeout** — how long a received message stays hidden",
        "- **Visibility timeout:** how long a received message stays hidden",
        "- Visibility timeout - how long a received message stays hidden",
        "* Visibility timeout – how long a received message stays hidden",
    ],
)
def test_term_bullets_become_term_cards(bullet):
    assert cards_of(bullet + "\n") == [
        ("term", "Visibility timeout", "how long a received message stays hidden")
    ]


def test_a_term_with_sub_items_takes_them_as_its_definition():
    assert cards_of("- Lambda limits:\n  - 15 minutes\n  - 10 GB memory\n") == [
        ("term", "Lambda limits", "- 15 minutes\n- 10 GB memory")
    ]


def test_terms_under_a_plain_parent_item_are_named_with_it():
    assert cards_of("- S3\n  - Durability: eleven nines\n  - Max object: 5 TB\n") == [
        ("term", "S3 › Durability", "eleven nines"),
        ("term", "S3 › Max object", "5 TB"),
    ]


def test_q_and_a_pairs_become_question_cards():
    text = (
        "Q: What is the largest DynamoDB item?\nA: 400 KB\n\n"
        "Q: Which service fans out?\n\nA: SNS\n\n"
        "- Q: Max SQS message size?\n  A: 256 KB\n"
    )

    assert cards_of(text) == [
        ("question", "What is the largest DynamoDB item?", "400 KB"),
        ("question", "Which service fans out?", "SNS"),
        ("question", "Max SQS message size?", "256 KB"),
    ]


def test_questions_ending_in_a_question_mark_take_the_answer_that_follows():
    text = (
        "# Lambda\n\n### What is a layer?\n\nA zip of libraries shared by functions.\n\n"
        "- How long can a function run?\n  - 15 minutes\n\n"
        "Why use SQS?\n\nTo decouple producers from consumers.\n"
    )

    assert cards_of(text) == [
        ("question", "What is a layer?", "A zip of libraries shared by functions."),
        ("question", "How long can a function run?", "- 15 minutes"),
        ("question", "Why use SQS?", "To decouple producers from consumers."),
    ]


def test_quoted_and_unquoted_arrows_become_scenario_cards():
    text = '- "Decouple producer from consumer" → SQS\n- Cold start → provisioned concurrency\n'

    assert cards_of(text) == [
        ("scenario", "Decouple producer from consumer", "SQS"),
        ("scenario", "Cold start", "provisioned concurrency"),
    ]


def test_a_colon_inside_code_belongs_to_the_term():
    assert cards_of("- `s3:GetObject` **permission**: lets a role read objects\n") == [
        ("term", "`s3:GetObject` **permission**", "lets a role read objects")
    ]


def test_an_arrow_inside_code_is_not_a_scenario():
    assert cards_of("- Pipes: `a -> b` chains two steps\n") == [
        ("term", "Pipes", "`a -> b` chains two steps")
    ]


def test_common_traps_work_under_a_heading_too():
    guide = parse_markdown('## Common traps\n\n- "SQS pushes messages" — FALSE; consumers poll.\n')

    [card] = guide.cards()
    assert (card.kind, card.prompt, card.verdict, card.explanation) == (
        "trap",
        "SQS pushes messages",
        "FALSE",
        "consumers poll.",
    )


# --- Tables ---------------------------------------------------------------------------------


def test_a_numbered_first_column_is_not_the_row_label():
    text = "| # | Service | Model |\n|---|---|---|\n| 1 | SQS | Pull |\n| 2 | SNS | Push |\n"

    assert cards_of(text) == [
        ("table", "Service: SQS — Model?", "Pull"),
        ("table", "Service: SNS — Model?", "Push"),
    ]


def test_an_empty_first_cell_repeats_the_label_above_it():
    text = (
        "| Service | Limit | Value |\n|---|---|---|\n"
        "| Lambda | Timeout | 15 min |\n| | Memory | 10 GB |\n"
    )

    guide = parse_markdown(text)

    assert [c.table_row for c in guide.cards()][-1] == ("Lambda", "Memory", "10 GB")


def test_parallel_list_tables_are_skipped_with_a_warning_never_paired():
    text = (
        "| Compute | Storage | Database |\n|---|---|---|\n"
        "| EC2 | S3 | RDS |\n| Lambda | EBS | |\n| | EFS | |\n\n- SQS: a queue\n"
    )

    guide = parse_markdown(text)

    assert [c.kind for c in guide.cards()] == ["term"]
    assert guide.warnings[0].startswith("line 1: a table whose columns are separate lists")


def test_adding_a_row_keeps_the_keys_of_the_others():
    before = "| Service | Model |\n|---|---|\n| SQS | Pull |\n| SNS | Push |\n"
    after = "| Service | Model |\n|---|---|\n| Kinesis | Pull |\n| SQS | Pull |\n| SNS | Push |\n"

    keys_before = {c.prompt: c.key for c in parse_markdown(before).cards()}
    keys_after = {c.prompt: c.key for c in parse_markdown(after).cards()}

    assert keys_before.items() <= keys_after.items()


def test_inline_formatting_html_and_entities_in_cells_become_the_stored_subset():
    text = (
        "| Service | Note |\n|---|---|\n"
        "| `SQS` | **pull** &#39;based&#39;<br>up to <b>14</b> days,"
        " see [docs](https://x.example) |\n"
    )

    [card] = parse_markdown(text).cards()

    assert card.prompt == "Service: `SQS` — Note?"
    assert card.answer == "**pull** 'based'\nup to 14 days, see [docs](https://x.example)"


def test_literal_asterisks_are_escaped_so_they_stay_text():
    assert cards_of(r"- Glob: matches \*.txt and *all* of `a*b`" + "\n") == [
        ("term", "Glob", r"matches \*.txt and *all* of `a*b`")
    ]


# --- Warnings and refusals -------------------------------------------------------------------


def test_a_file_with_no_cards_is_refused_naming_the_shapes():
    with pytest.raises(GuideError, match=r"^no cards found: .*'Term: definition'"):
        parse_markdown("# Notes\n\nJust prose here.\n\n```\n- SQS: in code\n```\n")


def test_an_html_table_is_a_warning():
    guide = parse_markdown("<table><tr><td>x</td></tr></table>\n\n- SQS: a queue\n")

    assert guide.warnings == ("line 1: an HTML table gives no cards: use a pipe table",)


def test_bullets_typed_as_characters_are_items_named_by_the_short_line_above_them():
    text = "SQS\n• Retention: default 4 days\n• Message size: 256 KB\n\nEC2:\n- Max layers: 5\n"

    assert cards_of(text) == [
        ("term", "SQS › Retention", "default 4 days"),
        ("term", "SQS › Message size", "256 KB"),
        ("term", "EC2 › Max layers", "5"),
    ]


def test_a_long_line_above_a_list_does_not_name_its_items():
    text = "These are the limits I keep forgetting:\n\n- Max layers: 5\n"

    assert cards_of(text) == [("term", "Max layers", "5")]


def test_a_paragraph_led_by_a_bold_term_and_a_separator_is_a_term_card():
    text = (
        "**Delay queue** (queue-level): hides new messages for up to 15 minutes.\n\n"
        "**Per-message delay**: set `DelaySeconds` on `SendMessage`.\n\n"
        "**= a managed message queue** (point-to-point), a lead-in without a separator.\n\n"
        '**Judgment call**: "a failed message must reappear now" → `ChangeMessageVisibility(0)`\n'
    )

    assert cards_of(text) == [
        ("term", "Delay queue (queue-level)", "hides new messages for up to 15 minutes."),
        ("term", "Per-message delay", "set `DelaySeconds` on `SendMessage`."),
        ("scenario", "a failed message must reappear now", "`ChangeMessageVisibility(0)`"),
    ]


def test_an_empty_heading_names_nothing():
    guide = parse_markdown("# \n\n- SQS: a queue\n", name="n.md")

    assert [(d.title, [s.title for s in d.sections]) for d in guide.domains] == [("n", ["n"])]
