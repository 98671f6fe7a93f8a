"""The review queue: imported documents wait here with their proposals until a person decides on each."""
