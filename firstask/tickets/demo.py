"""Demo records of the tickets app."""


def load() -> None:
    """Nothing yet."""
