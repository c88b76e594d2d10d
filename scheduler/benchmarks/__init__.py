"""What `make benchmark` measures: seeded decks and histories, and timed requests."""
