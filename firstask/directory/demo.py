"""Demo records of the directory app."""


def load() -> None:
    """Nothing yet."""
