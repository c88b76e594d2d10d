"""Text repairs made at generation: glued words, "??", lower-case starts, own cue excerpts."""

import pytest

from cards.sources.tidy import (
    Vocabulary,
    glued_tokens,
    own_cue_excerpt,
    split_glued_words,
    table_prompt,
    tidy_question,
    tidy_sentence,
)

# What a guide writes elsewhere: the words a glued token may be split into, and names it
# writes more than once.
GUIDE = [
    "Use sam local invoke and sam local start-api. Deploy it first; the deploy creates a stack.",
    "Throttling errors come from DynamoDB. A message failures count. The ARN is in the role.",
    "Grant the permissions in the region. Log access. Wait seconds for a message.",
    "CloudFormation stacks. CloudFormation templates. CodeCommit repos. CodeCommit triggers.",
    "Events and logs, for example.",
]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(GUIDE)


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("SAM is CloudFormation. sam deploycreates a stack.", "sam deploy creates a stack."),
        ("ProvisionedThroughputExceededExceptionfrom DynamoDB", "Exception from DynamoDB"),
        ("after maxReceiveCountfailures.", "maxReceiveCount failures."),
        ("with GetFunctionConfigurationaccess.", "GetFunctionConfiguration access."),
        ("ECS uses taskRoleArnin the task", "taskRoleArn in the task"),
        ("waits up to WaitTimeSecondsfor a message", "WaitTimeSeconds for a message"),
        (
            "has logs:CreateLogStream, andlogs:PutLogEventspermissions.",
            "and logs:PutLogEvents permissions.",
        ),
        ("must be in us-east-1region", "us-east-1 region"),
    ],
)
def test_a_seam_after_code_is_split_when_only_one_split_makes_words(vocabulary, glued, split):
    text, unresolved = split_glued_words(glued, vocabulary)

    assert split in text
    assert unresolved == []


def test_names_the_guide_writes_more_than_once_and_camel_case_words_stay_whole(vocabulary):
    text = "CloudFormation and CodeCommit keep maxReceiveCount and LeadingKeys."

    assert split_glued_words(text, vocabulary) == (text, [])


def test_a_glued_token_with_no_single_safe_split_is_left_and_reported(vocabulary):
    # "Barskins": "Bar skins" or "Bars kins"? Splitting would be a guess.
    ambiguous = Vocabulary([*GUIDE, "skins and kins"])

    text, unresolved = split_glued_words("set FooBarskins now", ambiguous)

    assert text == "set FooBarskins now"
    assert unresolved == ["FooBarskins"]
    assert glued_tokens("set FooBarskins now", ambiguous) == ["FooBarskins"]


def test_a_double_question_mark_becomes_one():
    assert tidy_question("Strategy: Canary — Downtime??") == "Strategy: Canary — Downtime?"
    assert tidy_question("Why?") == "Why?"


def test_a_sentence_starting_with_a_lower_case_word_is_capitalised_code_is_not():
    assert tidy_sentence("microservices add complexity.") == "Microservices add complexity."
    assert tidy_sentence("maxReceiveCount decides.") == "maxReceiveCount decides."
    assert tidy_sentence("sam build packages it.") == "sam build packages it."
    assert tidy_sentence("") == ""


def test_a_scenario_quotes_only_its_own_cue_from_a_line_of_several():
    line = (
        '"AWS must NEVER see the key" → SSE-C or Client-Side encryption. '
        '"Audit every access to S3 objects" → SSE-KMS (every decrypt call). - '
        '"Simplest encryption" → SSE-S3.'
    )

    assert own_cue_excerpt(line, "Audit every access to S3 objects") == (
        '"Audit every access to S3 objects" → SSE-KMS (every decrypt call).'
    )
    assert own_cue_excerpt(line, "Simplest encryption") == '"Simplest encryption" → SSE-S3.'


def test_a_table_prompt_names_subject_row_and_column_with_one_question_mark():
    header = ("", "Eventually Consistent", "Strongly Consistent")

    assert table_prompt("DynamoDB reads", header, ("Latency", "Lower", "Higher"), 1) == (
        "DynamoDB reads — Latency: Eventually Consistent?"
    )
    assert table_prompt("Deploy", ("Strategy", "Downtime?"), ("Canary", "No"), 1) == (
        "Deploy — Canary: Downtime?"
    )
    assert table_prompt("", ("A", ""), ("", "x"), 1) == "column 2?"
