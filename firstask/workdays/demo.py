"""Demo records of the workdays app."""


def load() -> None:
    """Nothing yet."""
